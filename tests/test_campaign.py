"""campaign.toml: the two samples load, and each kind of mistake is refused with its line and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from artgen.campaign import Activity, load_campaign
from artgen.errors import CampaignError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

GOOD = """\
[campaign]
id = "test-1"
name = "Test"
description = "A test campaign"
start = 2021-06-01
end = 2021-11-30
unit = "kg"
records = "records.csv"

[co2e]
factor = 0.22
source = "EPA WARM"
url = "https://www.epa.gov/warm"

[art]
style = "mosaic"
palette = "compost"
seed = 7

[activities.compost]
label = "Compost"
unit = "kg"
max_amount = 40

[activities.weeding]
label = "Weeding"
unit = "sessions"
max_amount = 3

[districts]
names = ["North", "South"]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "campaign.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_kawasaki_sample_loads_with_its_settings() -> None:
    campaign = load_campaign(SAMPLES / "kawasaki-2021")
    assert campaign.id == "kawasaki-2021"
    assert (campaign.start, campaign.end) == (dt.date(2021, 6, 1), dt.date(2021, 11, 30))
    assert (campaign.style, campaign.palette, campaign.seed, campaign.unit) == ("mosaic", "compost", 2021, "kg")
    assert campaign.co2e_factor == 0.22
    assert "WARM" in campaign.co2e_source and campaign.co2e_url == "https://www.epa.gov/warm"
    assert campaign.records_path == (SAMPLES / "kawasaki-2021" / "records.csv").resolve()
    assert campaign.activities["compost"] == Activity("compost", "Compost drop-off", "kg", 40.0, "生ごみ堆肥の持ち込み")
    assert sorted(campaign.activities) == ["compost", "farm_help", "garden_watering"]
    assert len(campaign.districts) == 7 and campaign.districts[0] == "Kawasaki-ku"
    assert campaign.name_ja.startswith("かわさき")


def test_school_garden_sample_loads_with_its_settings() -> None:
    campaign = load_campaign(SAMPLES / "nakahara-school-garden-2022")
    assert (campaign.style, campaign.palette) == ("garden", "okabe-ito")
    assert campaign.records_path.name == "records.json"
    assert sorted(campaign.activities) == ["harvest", "weeding"]
    assert campaign.co2e_factor == 0.0 and campaign.co2e_url == ""
    assert campaign.districts == ("Bed A", "Bed B", "Bed C", "Bed D")


def test_toml_file_path_is_accepted_as_well_as_its_folder(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    assert load_campaign(tmp_path / "campaign.toml") == load_campaign(tmp_path)


def test_optional_parts_default_and_unknown_tables_are_kept_as_extra(tmp_path: Path) -> None:
    text = GOOD.replace('url = "https://www.epa.gov/warm"\n', "").split("[districts]")[0]
    campaign = load_campaign(write(tmp_path, text + '[auction]\nreserve_eth = 0.1\n'))
    assert campaign.districts == ()
    assert campaign.co2e_url == "" and campaign.name_ja == "" and campaign.description_ja == ""
    assert campaign.extra == {"auction": {"reserve_eth": 0.1}}


def test_missing_campaign_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CampaignError) as caught:
        load_campaign(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'campaign.toml'}: file: not found"


def test_campaign_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "campaign.toml").write_bytes(b'[campaign]\nname = "\x93x"\n')
    with pytest.raises(CampaignError) as caught:
        load_campaign(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'campaign.toml'}: file: not UTF-8 text (byte 0x93 at offset 19)"


def edit(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


BAD = [
    ("syntax error", edit('name = "Test"', "name = Test"), ":3: syntax: Invalid value (column 8)"),
    ("unclosed string", edit('name = "Test"', 'name = "Test'), ":3: syntax: Illegal character '\\n' (column 13)"),
    ("missing section", GOOD.split("[art]")[0] + "[activities" + GOOD.split("[activities", 1)[1], ": art: missing section [art]"),
    ("missing key", edit('name = "Test"\n', ""), ":1: campaign.name: missing"),
    ("empty name", edit('name = "Test"', 'name = "  "'), ":3: campaign.name: is empty"),
    ("unknown key", edit('unit = "kg"', 'unit = "kg"\ncolour = "red"'), ":8: campaign.colour: unknown key (known: id, name, name_ja, description, description_ja, start, end, unit, records)"),
    ("unknown top-level key", "title = 'x'\n" + GOOD, ":1: title: unknown key (settings go in a [section])"),
    ("bad id", edit('id = "test-1"', 'id = "Test 1"'), ":2: campaign.id: 'Test 1' may only contain a-z, 0-9 and '-'"),
    ("date as string", edit("start = 2021-06-01", 'start = "2021-06-01"'), ":5: campaign.start: expected a date like 2021-06-01, got a string '2021-06-01'"),
    ("date-time", edit("end = 2021-11-30", "end = 2021-11-30T12:00:00"), ":6: campaign.end: expected a date like 2021-11-30, got a date-time 2021-11-30T12:00:00"),
    ("end before start", edit("end = 2021-11-30", "end = 2021-05-31"), ":6: campaign.end: 2021-05-31 is before the start 2021-06-01"),
    ("records elsewhere", edit('records = "records.csv"', 'records = "../x.csv"'), ":8: campaign.records: '../x.csv' must be a path inside the campaign folder"),
    ("records format", edit('records = "records.csv"', 'records = "records.xlsx"'), ":8: campaign.records: 'records.xlsx' must end in .csv or .json"),
    ("factor as string", edit("factor = 0.22", 'factor = "0.22"'), ":11: co2e.factor: expected a number, got a string '0.22'"),
    ("negative factor", edit("factor = 0.22", "factor = -0.22"), ":11: co2e.factor: -0.22 is negative (give kg CO2e avoided, >= 0)"),
    ("infinite factor", edit("factor = 0.22", "factor = inf"), ":11: co2e.factor: inf is not a finite number"),
    ("missing source", edit('source = "EPA WARM"\n', ""), ":10: co2e.source: missing"),
    ("bad url", edit('url = "https://www.epa.gov/warm"', 'url = "www.epa.gov"'), ":13: co2e.url: 'www.epa.gov' is not an http(s) URL"),
    ("unknown style", edit('style = "mosaic"', 'style = "cubist"'), ":16: art.style: unknown style 'cubist' (known: garden, mosaic)"),
    ("unknown palette", edit('palette = "compost"', 'palette = "neon"'), ":17: art.palette: unknown palette 'neon' (known: compost, okabe-ito)"),
    ("negative seed", edit("seed = 7", "seed = -1"), ":18: art.seed: -1 is outside 0 to 2**64 - 1"),
    ("float seed", edit("seed = 7", "seed = 7.5"), ":18: art.seed: expected an integer, got a float 7.5"),
    ("boolean seed", edit("seed = 7", "seed = true"), ":18: art.seed: expected an integer, got a boolean true"),
    ("no activities", GOOD.split("[activities")[0] + "[districts]" + GOOD.split("[districts]")[1], ": activities: missing: define at least one [activities.KEY] table"),
    ("bad activity key", edit("[activities.weeding]", "[activities.Weeding]"), ":25: activities.Weeding: activity key 'Weeding' may only contain a-z, 0-9 and '_' (starting with a letter)"),
    ("activity without unit", edit('unit = "sessions"\n', ""), ":25: activities.weeding.unit: missing"),
    ("zero max amount", edit("max_amount = 40", "max_amount = 0"), ":23: activities.compost.max_amount: 0 must be a number above 0"),
    ("unknown activity key", edit("max_amount = 3", "max_amount = 3\nlimit = 2"), ":29: activities.weeding.limit: unknown key (known: label, label_ja, unit, max_amount)"),
    ("no activity in headline unit", edit('unit = "kg"\nmax_amount = 40', 'unit = "litres"\nmax_amount = 40'), ":7: campaign.unit: no activity is in the headline unit 'kg' (units: litres, sessions)"),
    ("districts not a list", edit('names = ["North", "South"]', 'names = "North"'), ":31: districts.names: expected an array of strings, got a string 'North'"),
    ("district twice", edit('names = ["North", "South"]', 'names = ["North", "North "]'), ":31: districts.names: 'North' is listed twice"),
    ("empty district", edit('names = ["North", "South"]', 'names = ["North", ""]'), ":31: districts.names: expected non-empty strings, got a string ''"),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_campaign_toml_is_refused_with_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path, text)
    with pytest.raises(CampaignError) as caught:
        load_campaign(tmp_path)
    path = tmp_path / "campaign.toml"
    assert str(caught.value) == f"{path}{expected}"
