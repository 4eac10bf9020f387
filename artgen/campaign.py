"""Campaign settings: campaign.toml parsed and checked into a `Campaign`.

Every problem raises `CampaignError(path, line, "section.key", message)` so an organiser can fix
the file without reading code; the format is described in docs/records.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from artgen.errors import CampaignError
from artgen.palettes import PALETTES
from artgen.styles import STYLES


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


FILENAME = "campaign.toml"
_ID = re.compile(r"[a-z0-9-]+")
_ACTIVITY_KEY = re.compile(r"[a-z][a-z0-9_]*")
_SEED_LIMIT = 2**64  # seeds feed uint64 PRNG state in the render kernels
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")
_KNOWN_KEYS = {
    "campaign": ("id", "name", "name_ja", "description", "description_ja", "start", "end", "unit", "records"),
    "co2e": ("factor", "source", "url"),
    "art": ("style", "palette", "seed"),
    "activity": ("label", "label_ja", "unit", "max_amount"),
    "districts": ("names",),
}


def load_campaign(campaign_dir: str | Path) -> Campaign:
    """Read `campaign_dir/campaign.toml` (or a .toml file given directly); records are not loaded."""
    given = Path(campaign_dir)
    path = given if given.suffix == ".toml" else given / FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CampaignError(path, None, "file", "not found") from None
    except OSError as exc:
        raise CampaignError(path, None, "file", f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CampaignError(
            path, None, "file", f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, str(exc)) from None
    return _Reader(path, text, data).campaign()


def _syntax_error(path: Path, message: str) -> CampaignError:
    """Turn tomllib's "msg (at line L, column C)" into an error located on line L."""
    found = _TOML_POSITION.search(message)
    if found is None:
        return CampaignError(path, None, "syntax", message)
    text = message[: found.start()]
    if found.group(1) is None:
        return CampaignError(path, None, "syntax", f"{text} (at end of file)")
    return CampaignError(path, int(found.group(1)), "syntax", f"{text} (column {found.group(2)})")


def _key_lines(text: str) -> dict[tuple[str, str | None], int]:
    """Where each `[table]` header and each plain `key =` line is, for locating errors.

    Best effort: dotted or quoted keys and inline tables are not indexed (their errors get no
    line); lines inside multi-line strings are skipped.
    """
    found: dict[tuple[str, str | None], int] = {}
    table = ""
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        quotes = line.count('"""') + line.count("'''")
        if in_string:
            in_string = quotes % 2 == 0
            continue
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*\](\s*#.*)?", stripped)
        if header:
            table = re.sub(r"\s+", "", header.group(1))
            found.setdefault((table, None), number)
            continue
        key = re.match(r"([A-Za-z0-9_\-]+)\s*=", stripped)
        if key:
            found.setdefault((table, key.group(1)), number)
        in_string = quotes % 2 == 1
    return found


def _kind(value: object) -> str:
    """A TOML reader's name for a value's type, for "expected X, got Y" messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    return "a table"


def _show(value: object) -> str:
    """A value as it would be written in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return repr(value)


def _number(value: float) -> str:
    """40.0 -> '40', 0.22 -> '0.22': how people write the numbers they typed."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class _Reader:
    """Typed access to the parsed document; each check raises with section.key and line."""

    def __init__(self, path: Path, text: str, data: dict[str, Any]):
        self.path = path
        self.data = data
        self.lines = _key_lines(text)

    def error(self, section: str, key: str | None, message: str) -> CampaignError:
        line = self.lines.get((section, key)) or self.lines.get((section, None))
        return CampaignError(self.path, line, f"{section}.{key}" if key else section, message)

    def table(self, section: str, value: object, known: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(section, None, f"expected a table, got {_kind(value)}")
        for key in value:
            if key not in known:
                raise self.error(section, key, f"unknown key (known: {', '.join(known)})")
        return value

    def section(self, name: str) -> dict[str, Any]:
        if name not in self.data:
            raise self.error(name, None, f"missing section [{name}]")
        return self.table(name, self.data[name], _KNOWN_KEYS[name])

    def value(self, section: str, table: dict[str, Any], key: str, kind: type, want: str) -> Any:
        if key not in table:
            raise self.error(section, key, "missing")
        value = table[key]
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise self.error(section, key, f"expected {want}, got {_kind(value)} {_show(value)}")
        return value

    def text(self, section: str, table: dict[str, Any], key: str, *, optional: bool = False) -> str:
        if optional and key not in table:
            return ""
        value = self.value(section, table, key, str, "a string").strip()
        if not value and not optional:
            raise self.error(section, key, "is empty")
        return value

    def campaign(self) -> Campaign:
        top = self.data
        for name, value in top.items():
            if name not in _KNOWN_KEYS and name != "activities" and not isinstance(value, dict):
                line = self.lines.get(("", name))
                raise CampaignError(self.path, line, name, "unknown key (settings go in a [section])")
        info = self.section("campaign")
        campaign_id = self.text("campaign", info, "id")
        if not _ID.fullmatch(campaign_id):
            raise self.error("campaign", "id", f"{campaign_id!r} may only contain a-z, 0-9 and '-'")
        name = self.text("campaign", info, "name")
        name_ja = self.text("campaign", info, "name_ja", optional=True)
        description = self.text("campaign", info, "description")
        description_ja = self.text("campaign", info, "description_ja", optional=True)
        start = self.value("campaign", info, "start", dt.date, "a date like 2021-06-01")
        end = self.value("campaign", info, "end", dt.date, "a date like 2021-11-30")
        if end < start:
            raise self.error("campaign", "end", f"{end} is before the start {start}")
        unit = self.text("campaign", info, "unit")
        records = self.records(info)
        co2e = self.co2e()
        art = self.art()
        activities = self.activities()
        if not any(activity.unit == unit for activity in activities.values()):
            units = ", ".join(sorted({activity.unit for activity in activities.values()}))
            raise self.error("campaign", "unit", f"no activity is in the headline unit {unit!r} (units: {units})")
        directory = self.path.parent.resolve()
        return Campaign(
            directory=directory,
            id=campaign_id,
            name=name,
            description=description,
            start=start,
            end=end,
            unit=unit,
            records_path=directory / records,
            activities=activities,
            districts=self.districts(),
            **co2e,
            **art,
            name_ja=name_ja,
            description_ja=description_ja,
            extra={key: value for key, value in top.items() if key not in _KNOWN_KEYS and key != "activities"},
        )

    def records(self, info: dict[str, Any]) -> str:
        name = self.text("campaign", info, "records")
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise self.error("campaign", "records", f"{name!r} must be a path inside the campaign folder")
        if relative.suffix.lower() not in (".csv", ".json"):
            raise self.error("campaign", "records", f"{name!r} must end in .csv or .json")
        return name

    def co2e(self) -> dict[str, Any]:
        info = self.section("co2e")
        factor = float(self.value("co2e", info, "factor", float, "a number"))
        if not math.isfinite(factor):
            raise self.error("co2e", "factor", f"{factor} is not a finite number")
        if factor < 0:
            raise self.error("co2e", "factor", f"{_number(factor)} is negative (give kg CO2e avoided, >= 0)")
        url = self.text("co2e", info, "url", optional=True)
        if url and not url.startswith(("https://", "http://")):
            raise self.error("co2e", "url", f"{url!r} is not an http(s) URL")
        return {"co2e_factor": factor, "co2e_source": self.text("co2e", info, "source"), "co2e_url": url}

    def art(self) -> dict[str, Any]:
        info = self.section("art")
        style = self.text("art", info, "style")
        if style not in STYLES:
            raise self.error("art", "style", f"unknown style {style!r} (known: {', '.join(sorted(STYLES))})")
        palette = self.text("art", info, "palette")
        if palette not in PALETTES:
            raise self.error("art", "palette", f"unknown palette {palette!r} (known: {', '.join(sorted(PALETTES))})")
        seed = self.value("art", info, "seed", int, "an integer")
        if not 0 <= seed < _SEED_LIMIT:
            raise self.error("art", "seed", f"{seed} is outside 0 to 2**64 - 1")
        return {"style": style, "palette": palette, "seed": seed}

    def activities(self) -> dict[str, Activity]:
        if "activities" not in self.data:
            raise self.error("activities", None, "missing: define at least one [activities.KEY] table")
        tables = self.data["activities"]
        if not isinstance(tables, dict) or not tables:
            raise self.error("activities", None, "define at least one [activities.KEY] table")
        activities = {}
        for key, value in tables.items():
            section = f"activities.{key}"
            if not _ACTIVITY_KEY.fullmatch(key):
                raise self.error(
                    section, None, f"activity key {key!r} may only contain a-z, 0-9 and '_' (starting with a letter)"
                )
            info = self.table(section, value, _KNOWN_KEYS["activity"])
            limit = float(self.value(section, info, "max_amount", float, "a number"))
            if not (math.isfinite(limit) and limit > 0):
                raise self.error(section, "max_amount", f"{_number(limit)} must be a number above 0")
            activities[key] = Activity(
                key=key,
                label=self.text(section, info, "label"),
                unit=self.text(section, info, "unit"),
                max_amount=limit,
                label_ja=self.text(section, info, "label_ja", optional=True),
            )
        return activities

    def districts(self) -> tuple[str, ...]:
        if "districts" not in self.data:
            return ()
        info = self.section("districts")
        names = self.value("districts", info, "names", list, "an array of strings")
        seen: set[str] = set()
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise self.error("districts", "names", f"expected non-empty strings, got {_kind(name)} {_show(name)}")
            if name.strip() in seen:
                raise self.error("districts", "names", f"{name.strip()!r} is listed twice")
            seen.add(name.strip())
        return tuple(name.strip() for name in names)
