"""Campaign settings: campaign.toml parsed and checked into a `Campaign`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Activity:
    """One kind of activity a campaign records, with the unit its amounts are in."""

    key: str
    label: str
    unit: str
    max_amount: float  # a single row above this is refused as absurd
    label_ja: str = ""


@dataclass(frozen=True)
class Campaign:
    """Everything about a campaign except its records."""

    directory: Path
    id: str
    name: str
    description: str
    start: dt.date
    end: dt.date  # inclusive
    unit: str  # the headline unit: a piece's size follows the amounts in this unit
    records_path: Path
    activities: dict[str, Activity]
    districts: tuple[str, ...]
    co2e_factor: float  # kg CO2e avoided per headline unit
    co2e_source: str
    co2e_url: str
    style: str
    palette: str
    seed: int
    name_ja: str = ""
    description_ja: str = ""
    extra: dict = field(default_factory=dict)
