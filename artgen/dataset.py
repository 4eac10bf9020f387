"""The public dataset: what the artwork was made from, with no one's identity in it.

Each participant appears as a salted commitment `keccak256(abi.encode(string id, bytes32 salt))`
(the salt is the program's secret, one per participant, never published), their amount,
per-activity totals, active months and district. Anyone can re-render the artwork from this file
alone; the Merkle root over `(bytes32 commitment, uint256 weight)` leaves (OpenZeppelin
StandardMerkleTree, the leaf ProceedsDistributor verifies) lets a participant prove their piece
is in it. `weight` is the amount in thousandths of the headline unit, an exact integer.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eth_abi import encode as abi_encode
from eth_utils import keccak

from .campaign import Activity, Campaign
from .errors import InputError
from .merkle import StandardMerkleTree
from .records import Contribution

FORMAT = "collective-art-dataset/1"
LEAF_ENCODING = ("bytes32", "uint256")
WEIGHT_SCALE = 1000


class DatasetError(InputError):
    """A published dataset that cannot be read back."""


def new_salt() -> str:
    return "0x" + secrets.token_bytes(32).hex()


def commitment(participant: str, salt: str) -> str:
    """The public stand-in for a participant: hiding (salted) and binding (keccak256)."""
    return "0x" + keccak(abi_encode(["string", "bytes32"],
                                    [participant, bytes.fromhex(salt[2:])])).hex()


def weight(amount: float) -> int:
    """The amount as an exact integer number of thousandths, for Merkle leaves and shares."""
    return int(round(amount * WEIGHT_SCALE))


@dataclass(frozen=True)
class PublicDataset:
    """The campaign's public settings, the art parameters and one row per participant."""

    campaign: Campaign
    art: dict[str, object]  # style, palette, seed, width, height, renderer
    pieces: tuple[Contribution, ...]  # participant = commitment, sorted by commitment

    def tree(self) -> StandardMerkleTree:
        return StandardMerkleTree.of([[c.participant, weight(c.amount)] for c in self.pieces],
                                     LEAF_ENCODING)

    def to_json(self) -> bytes:
        c = self.campaign
        body = {
            "format": FORMAT,
            "campaign": {
                "id": c.id, "name": c.name, "name_ja": c.name_ja, "description": c.description,
                "description_ja": c.description_ja, "start": c.start.isoformat(),
                "end": c.end.isoformat(), "unit": c.unit, "districts": list(c.districts),
                "activities": [{"key": a.key, "label": a.label, "label_ja": a.label_ja,
                                "unit": a.unit} for a in c.activities.values()],
                "co2e": {"factor": c.co2e_factor, "source": c.co2e_source, "url": c.co2e_url},
            },
            "art": self.art,
            "merkle": {"root": self.tree().root, "leaf_encoding": list(LEAF_ENCODING),
                       "weight_scale": WEIGHT_SCALE},
            "pieces": [{"commitment": p.participant, "amount": p.amount,
                        "activities": dict(sorted(p.activities.items())), "months": p.months,
                        "district": p.district} for p in self.pieces],
        }
        return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode()


def build_dataset(campaign: Campaign, contributions: Sequence[Contribution],
                  salts: Mapping[str, str], art: Mapping[str, object]) -> PublicDataset:
    """Replace every participant id by its commitment; drop anything not needed to re-render."""
    pieces = [Contribution(commitment(c.participant, salts[c.participant]), c.amount,
                           dict(c.activities), c.months, campaign.start, c.district)
              for c in contributions]
    return PublicDataset(campaign, dict(art), tuple(sorted(pieces, key=lambda p: p.participant)))


def load_dataset(path: str | Path) -> PublicDataset:
    """Read a published dataset.json back (for verify): a clear error names what is wrong."""
    path = Path(path)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != FORMAT:
            raise DatasetError(path, None, "format", f"expected {FORMAT!r}, "
                               f"got {body.get('format')!r}")
        c = body["campaign"]
        activities = {a["key"]: Activity(a["key"], a["label"], a["unit"], float("inf"),
                                         a.get("label_ja", "")) for a in c["activities"]}
        campaign = Campaign(
            directory=path.parent, id=c["id"], name=c["name"], description=c["description"],
            start=dt.date.fromisoformat(c["start"]), end=dt.date.fromisoformat(c["end"]),
            unit=c["unit"], records_path=path, activities=activities,
            districts=tuple(c["districts"]), co2e_factor=float(c["co2e"]["factor"]),
            co2e_source=c["co2e"]["source"], co2e_url=c["co2e"]["url"],
            style=body["art"]["style"], palette=body["art"]["palette"],
            seed=int(body["art"]["seed"]), name_ja=c.get("name_ja", ""),
            description_ja=c.get("description_ja", ""))
        pieces = tuple(Contribution(p["commitment"], float(p["amount"]),
                                    {k: float(v) for k, v in p["activities"].items()},
                                    int(p["months"]), campaign.start, p["district"])
                       for p in body["pieces"])
    except FileNotFoundError:
        raise DatasetError(path, None, None, "not found") from None
    except json.JSONDecodeError as error:
        raise DatasetError(path, error.lineno, None, f"not JSON: {error.msg}") from None
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, DatasetError):
            raise
        raise DatasetError(path, None, str(error).strip("'"), "missing or malformed") from None
    return PublicDataset(campaign, dict(body["art"]), pieces)


def published_root(path: str | Path) -> str:
    """The Merkle root the dataset file states (verify compares it with a recomputed one)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["merkle"]["root"]
