"""ERC-721 metadata for the collective artwork, with the OpenSea fields marketplaces read.

ERC-721's metadata JSON schema gives `name`, `description`, `image`; OpenSea adds
`external_url`, `background_color` (six hex digits, no '#') and `attributes` of
`{trait_type, value, display_type}` (display types `number` and `date`, dates as Unix seconds).
Everything a collector needs to verify the work sits in the attributes and in `properties`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json

from .dataset import PublicDataset
from .palettes import PALETTES


def _unix(day: dt.date) -> int:
    return calendar.timegm(day.timetuple())


def build_metadata(dataset: PublicDataset, *, image_cid: str, dataset_cid: str,
                   records_sha256: str, external_url: str) -> dict:
    """The token's metadata JSON object (kept as a dict so the site can show it too)."""
    c = dataset.campaign
    total = round(sum(p.amount for p in dataset.pieces), 6)
    co2e = round(total * c.co2e_factor, 1)
    art = dataset.art
    root = dataset.tree().root
    attributes = [
        {"trait_type": "Participants", "value": len(dataset.pieces), "display_type": "number"},
        {"trait_type": f"Total ({c.unit})", "value": total, "display_type": "number"},
        {"trait_type": "Unit", "value": c.unit},
        {"trait_type": "CO2e avoided (kg)", "value": co2e, "display_type": "number"},
        {"trait_type": "CO2e factor", "value": f"{c.co2e_factor} kg CO2e per {c.unit}"},
        {"trait_type": "CO2e source", "value": c.co2e_source},
        {"trait_type": "Campaign start", "value": _unix(c.start), "display_type": "date"},
        {"trait_type": "Campaign end", "value": _unix(c.end), "display_type": "date"},
        {"trait_type": "Style", "value": str(art["style"])},
        {"trait_type": "Palette", "value": str(art["palette"])},
        {"trait_type": "Seed", "value": int(art["seed"]), "display_type": "number"},
        {"trait_type": "Renderer", "value": str(art["renderer"])},
        {"trait_type": "Merkle root", "value": root},
        {"trait_type": "Dataset", "value": f"ipfs://{dataset_cid}"},
    ]
    return {
        "name": f"{c.name}: collective artwork",
        "description": (f"{c.description}\n\nOne piece for each of the {len(dataset.pieces)} "
                        f"participants, sized by what they contributed ({total} {c.unit} in "
                        f"all). Re-render it from the dataset with `python -m artgen verify`."),
        "image": f"ipfs://{image_cid}",
        "external_url": external_url,
        "background_color": PALETTES[str(art["palette"])].ground.lstrip("#").upper(),
        "attributes": attributes,
        "properties": {
            "campaign": c.id, "dataset": f"ipfs://{dataset_cid}", "merkle_root": root,
            "records_sha256": records_sha256, "width": int(art["width"]),
            "height": int(art["height"]), "co2e_source_url": c.co2e_url,
        },
    }


def metadata_json(metadata: dict) -> bytes:
    return (json.dumps(metadata, ensure_ascii=False, indent=1) + "\n").encode()
