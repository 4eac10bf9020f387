"""The committed contract artifacts (ABI and bytecode) that `contracts/compile.mjs` writes.

Running the product reads these JSON files and needs no Node; `node contracts/compile.mjs --check`
proves they match the sources.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from auction.chain.errors import ConfigurationError, RevertDecoder

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "contracts" / "artifacts"
PRODUCTION_CONTRACTS = ("AuctionHouse", "CollectiveArt", "ContributionBadge", "ProceedsDistributor")


@dataclass(frozen=True)
class Artifact:
    """One compiled contract: what web3 needs to deploy it and talk to it."""

    name: str
    abi: tuple[dict[str, Any], ...]
    bytecode: str
    deployed_bytecode: str
    compiler_version: str


def _artifact_path(name: str, test: bool) -> Path:
    return ARTIFACTS_DIR / ("test" if test else "") / f"{name}.json"


@cache
def load_artifact(name: str, *, test: bool = False) -> Artifact:
    """The artifact of contract ``name``; ``test=True`` reads the test-only adversaries."""
    path = _artifact_path(name, test)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"{path}: no artifact for contract {name!r}; run `make contracts`") from None
    return Artifact(
        name=raw["contractName"],
        abi=tuple(raw["abi"]),
        bytecode=raw["bytecode"],
        deployed_bytecode=raw["deployedBytecode"],
        compiler_version=raw["compiler"]["version"],
    )


@cache
def revert_decoder() -> RevertDecoder:
    """A decoder that knows every custom error of every committed artifact, test ones included."""
    paths = sorted(ARTIFACTS_DIR.glob("*.json")) + sorted(ARTIFACTS_DIR.glob("test/*.json"))
    return RevertDecoder(json.loads(p.read_text(encoding="utf-8"))["abi"] for p in paths)
