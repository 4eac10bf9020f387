"""Records: load CSV or JSON activity rows, validate them all-or-nothing, aggregate per participant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    """One validated row: a participant did an activity on a date."""

    participant: str
    date: dt.date
    activity: str
    amount: float
    district: str | None
    line: int  # where it came from, for later error messages


@dataclass(frozen=True)
class Contribution:
    """A participant's public totals: what the renderer and the published dataset see."""

    participant: str  # pseudonymous id (later a salted commitment); never a name
    amount: float  # total in the campaign's headline unit; sizes the piece
    activities: dict[str, float]  # activity key -> total amount in that activity's unit
    months: int  # bit k set = active in the k-th month from the campaign's start month
    first_date: dt.date
    district: str | None
