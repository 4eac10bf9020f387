"""The committed artifacts are what the pinned compiler makes of the sources today."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from auction.chain.artifacts import ARTIFACTS_DIR, PRODUCTION_CONTRACTS

CONTRACTS = ARTIFACTS_DIR.parent


def test_committed_artifacts_match_a_fresh_compile() -> None:
    result = subprocess.run(
        ["node", str(CONTRACTS / "compile.mjs"), "--check"], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("artifacts up to date (7 contracts, solc 0.8.28+commit.7893614a")


def test_production_artifacts_hold_only_production_contracts() -> None:
    assert sorted(p.stem for p in ARTIFACTS_DIR.glob("*.json")) == sorted(PRODUCTION_CONTRACTS)
    assert sorted(p.stem for p in (ARTIFACTS_DIR / "test").glob("*.json")) == [
        "GasBurningBidder",
        "ReentrantBidder",
        "RevertingBidder",
    ]


def test_artifacts_record_compiler_settings_and_source_hashes() -> None:
    for name in PRODUCTION_CONTRACTS:
        artifact = json.loads((ARTIFACTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert artifact["compiler"]["version"].startswith("0.8.28+")
        assert artifact["settings"] == {
            "evmVersion": "shanghai",
            "optimizer": {"enabled": True, "runs": 200},
            "metadata": {"bytecodeHash": "ipfs"},
        }
        own = CONTRACTS / artifact["sourceName"]
        digest = hashlib.sha256(own.read_bytes()).hexdigest()
        assert artifact["sources"][artifact["sourceName"]] == {"sha256": digest}
        for source, entry in artifact["sources"].items():
            root = CONTRACTS / "node_modules" if source.startswith("@") else CONTRACTS
            assert hashlib.sha256(Path(root, source).read_bytes()).hexdigest() == entry["sha256"], source
