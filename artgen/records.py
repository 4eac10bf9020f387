"""Records: load CSV or JSON activity rows, validate them all-or-nothing, aggregate per participant.

A load either returns every row of the file, checked, or raises the first problem in file order
as `RecordError(path, line, field, message)`; it never returns part of a file. The schema and the
rules are described in docs/records.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from artgen.campaign import Campaign
from artgen.errors import RecordError


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


FIELDS = ("participant", "date", "activity", "amount", "district")
REQUIRED = FIELDS[:4]
PARTICIPANT_MAX = 64
TOTAL_DECIMALS = 6  # totals are fsum'd then rounded, so 0.1 + 0.2 reads as 0.3
_PARTICIPANT = re.compile(r"[A-Za-z0-9_-]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)
_JSON_SPACE = re.compile(r"[ \t\n\r]*")

Raw = dict[str, object]  # one row before checking: column/key -> value as read


def load_records(path: str | Path, campaign: Campaign | None = None) -> tuple[Record, ...]:
    """Read and check every row of a .csv or .json records file.

    Without a campaign only the file's own consistency is checked; with one, activities, dates,
    limits and districts are checked against it too.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise RecordError(path, None, "file", f"unknown format {suffix or path.name!r} (use .csv or .json)")
    text = _read_text(path)
    rows = _csv_rows(path, text) if suffix == ".csv" else _json_rows(path, text)
    checker = _RowChecker(path, campaign)
    records = tuple(checker.record(line, raw) for line, raw in rows)
    if not records:
        raise RecordError(path, None, "file", "no records")
    return records


def load_campaign_records(campaign: Campaign) -> tuple[Record, ...]:
    """The campaign's own records file, checked against the campaign."""
    return load_records(campaign.records_path, campaign)


def aggregate(records: Iterable[Record], campaign: Campaign) -> tuple[Contribution, ...]:
    """Per-participant totals, sorted by participant id.

    Only activities in the campaign's headline unit add to `amount`; a participant with none of
    them still appears, with amount 0.
    """
    by_participant: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        activity = campaign.activities.get(record.activity)
        if activity is None or not campaign.start <= record.date <= campaign.end:
            raise ValueError(
                f"record from line {record.line} ({record.activity} on {record.date}) does not belong to"
                f" campaign {campaign.id!r}: load it with the campaign"
            )
        by_participant[record.participant].append(record)
    return tuple(_contribution(pid, rows, campaign) for pid, rows in sorted(by_participant.items()))


def _contribution(participant: str, rows: list[Record], campaign: Campaign) -> Contribution:
    per_activity: dict[str, list[float]] = defaultdict(list)
    months = 0
    for row in rows:
        per_activity[row.activity].append(row.amount)
        months |= 1 << ((row.date.year - campaign.start.year) * 12 + row.date.month - campaign.start.month)
    headline = [
        amount
        for key, amounts in per_activity.items()
        if campaign.activities[key].unit == campaign.unit
        for amount in amounts
    ]
    return Contribution(
        participant=participant,
        amount=round(math.fsum(headline), TOTAL_DECIMALS),
        activities={key: round(math.fsum(per_activity[key]), TOTAL_DECIMALS) for key in sorted(per_activity)},
        months=months,
        first_date=min(row.date for row in rows),
        district=next((row.district for row in rows if row.district is not None), None),
    )


def _read_text(path: Path) -> str:
    """The file as text: UTF-8, with or without a byte-order mark."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RecordError(path, None, "file", "not found") from None
    except OSError as exc:
        raise RecordError(path, None, "file", f"cannot be read ({exc.strerror})") from None
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        message = f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        raise RecordError(path, None, "file", message) from None


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, Raw]]:
    """(first physical line, row) for each non-blank data row; the header is checked first."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: list[str] | None = None
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise RecordError(path, line, "csv", str(exc)) from None
        if not any(value.strip() for value in values):
            continue
        if columns is None:
            columns = _header(path, line, values)
            continue
        if len(values) != len(columns):
            raise RecordError(path, line, "row", f"{len(values)} values, but the header has {len(columns)} columns")
        yield line, dict(zip(columns, values))


def _header(path: Path, line: int, values: list[str]) -> list[str]:
    columns = [value.strip().lower() for value in values]
    for index, column in enumerate(columns):
        if column not in FIELDS:
            message = f"unknown column {values[index].strip()!r} (columns: {', '.join(FIELDS)})"
            raise RecordError(path, line, "header", message)
        if column in columns[:index]:
            raise RecordError(path, line, "header", f"column {column!r} appears twice")
    for column in REQUIRED:
        if column not in columns:
            raise RecordError(path, line, "header", f"missing column {column!r}")
    return columns


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, Raw]]:
    """(line where the object starts, object) for each item of the records array.

    The whole file must parse as JSON before any row is checked; then the array is walked with
    `raw_decode` to learn where each item starts.
    """
    if not text.strip():
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(path, exc.lineno, "json", f"{exc.msg} (column {exc.colno})") from None
    position = _JSON_SPACE.match(text).end()
    if isinstance(document, dict) and set(document) == {"records"} and isinstance(document["records"], list):
        position = _records_value(text, position)
    elif not isinstance(document, list):
        raise RecordError(
            path, _line_at(text, position), "file", 'expected a list of records or {"records": [...]}'
        )
    decoder = json.JSONDecoder()
    lines = _LineCounter(text)
    position = _JSON_SPACE.match(text, position + 1).end()  # past '['
    while text[position] != "]":
        item, end = decoder.raw_decode(text, position)
        line = lines.at(position)
        if not isinstance(item, dict):
            raise RecordError(path, line, "row", f"expected an object, got {_json_kind(item)}")
        yield line, item
        position = _JSON_SPACE.match(text, end).end()
        if text[position] == ",":
            position = _JSON_SPACE.match(text, position + 1).end()


def _records_value(text: str, position: int) -> int:
    """Where the array of a valid `{"records": [...]}` document starts (the last such key wins, as in json)."""
    decoder = json.JSONDecoder()
    found = position
    position = _JSON_SPACE.match(text, position + 1).end()  # past '{'
    while text[position] != "}":
        key, end = decoder.raw_decode(text, position)
        position = _JSON_SPACE.match(text, end).end() + 1  # past ':'
        position = _JSON_SPACE.match(text, position).end()
        if key == "records":
            found = position
        _, end = decoder.raw_decode(text, position)
        position = _JSON_SPACE.match(text, end).end()
        if text[position] == ",":
            position = _JSON_SPACE.match(text, position + 1).end()
    return found


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


class _LineCounter:
    """Line numbers of increasing positions, counting each newline once (linear, not quadratic)."""

    def __init__(self, text: str):
        self.text = text
        self.position = 0
        self.line = 1

    def at(self, position: int) -> int:
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _number(value: float) -> str:
    """40.0 -> '40', 12.5 -> '12.5': limits as people write them."""
    return str(int(value)) if value.is_integer() else repr(value)


class _RowChecker:
    """Checks rows one by one, remembering what it needs for cross-row rules."""

    def __init__(self, path: Path, campaign: Campaign | None):
        self.path = path
        self.campaign = campaign
        self.seen: dict[tuple[str, dt.date, str, float, str | None], int] = {}
        self.districts: dict[str, tuple[str, int]] = {}

    def fail(self, line: int, field: str, message: str) -> RecordError:
        return RecordError(self.path, line, field, message)

    def record(self, line: int, raw: Raw) -> Record:
        for key in raw:
            if key not in FIELDS:
                raise self.fail(line, key, f"unknown key (keys: {', '.join(FIELDS)})")
        participant = self.participant(line, raw.get("participant"))
        date = self.date(line, raw.get("date"))
        activity = self.activity(line, raw.get("activity"))
        amount = self.amount(line, raw.get("amount"), activity)
        district = self.district(line, raw.get("district"), participant)
        key = (participant, date, activity, amount, district)
        if key in self.seen:
            raise self.fail(line, "row", f"duplicate of line {self.seen[key]}")
        self.seen[key] = line
        return Record(participant, date, activity, amount, district, line)

    def text(self, line: int, field: str, value: object) -> str:
        """A stripped text value; empty means absent."""
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(line, field, f"expected text, got {_json_kind(value)} {json.dumps(value)}")
        return value.strip()

    def participant(self, line: int, value: object) -> str:
        participant = self.text(line, "participant", value)
        if not participant:
            raise self.fail(line, "participant", "missing")
        if len(participant) > PARTICIPANT_MAX:
            raise self.fail(line, "participant", f"{len(participant)} characters long, at most {PARTICIPANT_MAX}")
        if not _PARTICIPANT.fullmatch(participant):
            raise self.fail(
                line, "participant", f"{participant!r} is not a pseudonymous id (only A-Z, a-z, 0-9, '_' and '-')"
            )
        return participant

    def date(self, line: int, value: object) -> dt.date:
        text = self.text(line, "date", value)
        if not text:
            raise self.fail(line, "date", "missing")
        try:
            if not _DATE.fullmatch(text):
                raise ValueError(text)
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise self.fail(line, "date", f"{text!r} is not a date (YYYY-MM-DD)") from None
        campaign = self.campaign
        if campaign is not None and not campaign.start <= date <= campaign.end:
            raise self.fail(line, "date", f"{date} is outside the campaign ({campaign.start} to {campaign.end})")
        return date

    def activity(self, line: int, value: object) -> str:
        activity = self.text(line, "activity", value)
        if not activity:
            raise self.fail(line, "activity", "missing")
        if self.campaign is not None and activity not in self.campaign.activities:
            known = ", ".join(sorted(self.campaign.activities))
            raise self.fail(line, "activity", f"unknown activity {activity!r} (known: {known})")
        return activity

    def amount(self, line: int, value: object, activity: str) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text, amount = json.dumps(value), float(value)
        else:
            text = self.text(line, "amount", value)
            if not text:
                raise self.fail(line, "amount", "missing")
            if _NON_FINITE.fullmatch(text):
                raise self.fail(line, "amount", f"{text!r} is not a finite number")
            if not _DECIMAL.fullmatch(text):
                raise self.fail(line, "amount", f"{text!r} is not a number")
            amount = float(text)
        if not math.isfinite(amount):
            raise self.fail(line, "amount", f"{text!r} is not a finite number")
        if amount < 0:
            raise self.fail(line, "amount", f"{text} is negative")
        if self.campaign is not None:
            kind = self.campaign.activities[activity]
            if amount > kind.max_amount:
                raise self.fail(
                    line,
                    "amount",
                    f"{text} {kind.unit} is above the {_number(kind.max_amount)} {kind.unit} limit for {activity!r}",
                )
        return amount

    def district(self, line: int, value: object, participant: str) -> str | None:
        district = self.text(line, "district", value)
        if not district:
            return None
        campaign = self.campaign
        if campaign is not None and district not in campaign.districts:
            known = f"known: {', '.join(campaign.districts)}" if campaign.districts else "the campaign lists none"
            raise self.fail(line, "district", f"unknown district {district!r} ({known})")
        first = self.districts.setdefault(participant, (district, line))
        if first[0] != district:
            message = f"participant {participant!r} is in {district!r} here but in {first[0]!r} on line {first[1]}"
            raise self.fail(line, "district", message)
        return district
