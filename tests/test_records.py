"""Records: CSV and JSON load, every refusal with its exact message, all-or-nothing, aggregation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from artgen.campaign import Campaign, load_campaign
from artgen.errors import RecordError
from artgen.records import Contribution, Record, aggregate, load_campaign_records, load_records

CAMPAIGN_TOML = """\
[campaign]
id = "records-test"
name = "Records test"
description = "For tests"
start = 2021-06-01
end = 2021-11-30
unit = "kg"
records = "records.csv"

[co2e]
factor = 0.22
source = "EPA WARM"

[art]
style = "mosaic"
palette = "compost"
seed = 1

[activities.compost]
label = "Compost"
unit = "kg"
max_amount = 40

[activities.garden_watering]
label = "Watering"
unit = "sessions"
max_amount = 5

[activities.farm_help]
label = "Farm help"
unit = "hours"
max_amount = 12

[districts]
names = ["North", "South", "East"]
"""

HEADER = "participant,date,activity,amount,district\n"


@pytest.fixture
def campaign(tmp_path: Path) -> Campaign:
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "campaign.toml").write_text(CAMPAIGN_TOML, encoding="utf-8")
    return load_campaign(folder)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_csv_rows_load_with_their_lines(tmp_path: Path, campaign: Campaign) -> None:
    path = write(tmp_path, "r.csv", HEADER + "h-1,2021-06-01,compost,1.5,North\n\nh-2,2021-06-02,farm_help,2,\n")
    assert load_records(path, campaign) == (
        Record("h-1", dt.date(2021, 6, 1), "compost", 1.5, "North", 2),
        Record("h-2", dt.date(2021, 6, 2), "farm_help", 2.0, None, 4),
    )


def test_csv_with_bom_crlf_spaces_many_decimals_and_no_district_column_loads(tmp_path: Path) -> None:
    content = "\ufeffParticipant, date ,activity,amount\r\n h-1 ,2021-06-01,compost, 0.25\r\nh-2,2021-06-01,compost,0.123456789\r\n"
    assert load_records(write(tmp_path, "r.csv", content)) == (
        Record("h-1", dt.date(2021, 6, 1), "compost", 0.25, None, 2),
        Record("h-2", dt.date(2021, 6, 1), "compost", 0.123456789, None, 3),
    )


def test_csv_quoted_field_spanning_lines_counts_physical_lines(tmp_path: Path) -> None:
    content = HEADER + 'h-1,2021-06-01,compost,"1\n",North\nh-2,2021-06-01,compost,x,\n'
    with pytest.raises(RecordError) as caught:
        load_records(write(tmp_path, "r.csv", content))
    assert str(caught.value) == f"{tmp_path / 'r.csv'}:4: amount: 'x' is not a number"


def test_json_list_and_records_object_load_with_object_start_lines(tmp_path: Path, campaign: Campaign) -> None:
    items = (
        '  {"participant": "h-1", "date": "2021-06-01", "activity": "compost", "amount": 1.5, "district": "North"},\n'
        '  {\n    "participant": "h-2",\n    "date": "2021-06-02",\n    "activity": "garden_watering",\n'
        '    "amount": "2",\n    "district": null\n  }\n'
    )
    expected = (
        Record("h-1", dt.date(2021, 6, 1), "compost", 1.5, "North", 2),
        Record("h-2", dt.date(2021, 6, 2), "garden_watering", 2.0, None, 3),
    )
    assert load_records(write(tmp_path, "list.json", "[\n" + items + "]\n"), campaign) == expected
    wrapped = '{"records":\n[\n' + items + "]}"
    assert load_records(write(tmp_path, "wrapped.json", wrapped), campaign) == tuple(
        dataclasses.replace(record, line=record.line + 1) for record in expected
    )


def test_campaign_records_are_loaded_from_the_campaign_folder(campaign: Campaign) -> None:
    (campaign.directory / "records.csv").write_text(HEADER + "h-1,2021-06-01,compost,3,East\n", encoding="utf-8")
    assert load_campaign_records(campaign) == (Record("h-1", dt.date(2021, 6, 1), "compost", 3.0, "East", 2),)


def test_campaign_checks_are_skipped_without_a_campaign(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", HEADER + "h-1,1999-01-01,swimming,9000,Atlantis\n")
    assert load_records(path) == (Record("h-1", dt.date(1999, 1, 1), "swimming", 9000.0, "Atlantis", 2),)


ROW = "h-1,2021-06-01,compost,1.5,North\n"
OBJ = '{"participant": "h-1", "date": "2021-06-01", "activity": "compost", "amount": 1.5}'
LONG_ID = "h" * 65

# (case, file name, content, with campaign, expected message after the path)
BAD = [
    ("missing column", "r.csv", "participant,activity,amount\nh-1,compost,1\n", False, ":1: header: missing column 'date'"),
    ("unknown column", "r.csv", "participant,date,activity,amount,name\n", False, ":1: header: unknown column 'name' (columns: participant, date, activity, amount, district)"),
    ("column twice", "r.csv", "participant,date,activity,amount,Date\n", False, ":1: header: column 'date' appears twice"),
    ("too many values", "r.csv", HEADER + "h-1,2021-06-01,compost,1,North,extra\n", False, ":2: row: 6 values, but the header has 5 columns"),
    ("unclosed quote", "r.csv", HEADER + ROW + 'h-2,2021-06-01,compost,"1.5\n', False, ":3: csv: unexpected end of data"),
    ("bad number", "r.csv", HEADER + "h-1,2021-06-01,compost,abc,\n", False, ":2: amount: 'abc' is not a number"),
    ("comma decimal", "r.csv", HEADER + 'h-1,2021-06-01,compost,"1,5",\n', False, ":2: amount: '1,5' is not a number"),
    ("missing amount", "r.csv", HEADER + "h-1,2021-06-01,compost,,\n", False, ":2: amount: missing"),
    ("negative", "r.csv", HEADER + "h-1,2021-06-01,compost,-3,\n", False, ":2: amount: -3 is negative"),
    ("nan", "r.csv", HEADER + "h-1,2021-06-01,compost,NaN,\n", False, ":2: amount: 'NaN' is not a finite number"),
    ("inf", "r.csv", HEADER + "h-1,2021-06-01,compost,-inf,\n", False, ":2: amount: '-inf' is not a finite number"),
    ("overflow", "r.csv", HEADER + "h-1,2021-06-01,compost,1e999,\n", False, ":2: amount: '1e999' is not a finite number"),
    ("absurd amount", "r.csv", HEADER + ROW + "h-2,2021-06-02,compost,500,\n", True, ":3: amount: 500 kg is above the 40 kg limit for 'compost'"),
    ("absurd hours", "r.csv", HEADER + "h-2,2021-06-02,farm_help,12.5,\n", True, ":2: amount: 12.5 hours is above the 12 hours limit for 'farm_help'"),
    ("bad month", "r.csv", HEADER + "h-1,2021-13-01,compost,1,\n", False, ":2: date: '2021-13-01' is not a date (YYYY-MM-DD)"),
    ("day-first date", "r.csv", HEADER + "h-1,01/06/2021,compost,1,\n", False, ":2: date: '01/06/2021' is not a date (YYYY-MM-DD)"),
    ("missing date", "r.csv", HEADER + "h-1,,compost,1,\n", False, ":2: date: missing"),
    ("outside campaign", "r.csv", HEADER + ROW + "h-1,2021-12-02,compost,1,\n", True, ":3: date: 2021-12-02 is outside the campaign (2021-06-01 to 2021-11-30)"),
    ("before campaign", "r.csv", HEADER + "h-1,2021-05-31,compost,1,\n", True, ":2: date: 2021-05-31 is outside the campaign (2021-06-01 to 2021-11-30)"),
    ("unknown activity", "r.csv", HEADER + "h-1,2021-06-01,swimming,1,\n", True, ":2: activity: unknown activity 'swimming' (known: compost, farm_help, garden_watering)"),
    ("missing activity", "r.csv", HEADER + "h-1,2021-06-01,,1,\n", False, ":2: activity: missing"),
    ("missing participant", "r.csv", HEADER + ",2021-06-01,compost,1,\n", False, ":2: participant: missing"),
    ("participant with a name", "r.csv", HEADER + "Taro Yamada,2021-06-01,compost,1,\n", False, ":2: participant: 'Taro Yamada' is not a pseudonymous id (only A-Z, a-z, 0-9, '_' and '-')"),
    ("participant too long", "r.csv", HEADER + LONG_ID + ",2021-06-01,compost,1,\n", False, ":2: participant: 65 characters long, at most 64"),
    ("duplicate row", "r.csv", HEADER + ROW + "h-2,2021-06-01,compost,1,\n" + ROW, False, ":4: row: duplicate of line 2"),
    ("duplicate with other spelling", "r.csv", HEADER + ROW + "h-1,2021-06-01,compost,1.50,North\n", False, ":3: row: duplicate of line 2"),
    ("unknown district", "r.csv", HEADER + "h-1,2021-06-01,compost,1,West\n", True, ":2: district: unknown district 'West' (known: North, South, East)"),
    ("two districts", "r.csv", HEADER + ROW + "h-2,2021-06-01,compost,1,\nh-1,2021-06-08,compost,1,South\n", False, ":4: district: participant 'h-1' is in 'South' here but in 'North' on line 2"),
    ("first error in file order", "r.csv", HEADER + "h-1,2021-06-01,compost,abc,\nh-1,2021-06-01,swimming,1,\n", True, ":2: amount: 'abc' is not a number"),
    ("empty file", "r.csv", "", False, ": file: no records"),
    ("blank lines only", "r.csv", "\n\n", False, ": file: no records"),
    ("header only", "r.csv", HEADER, False, ": file: no records"),
    ("wrong encoding", "r.csv", (HEADER + "h-1,2021-06-01,compost,1,\u201cNorth\u201d\n").encode("cp1252"), False, f": file: not UTF-8 text (byte 0x93 at offset {len(HEADER) + 25})"),
    ("wrong encoding after bom", "r.csv", b"\xef\xbb\xbf" + "participant,\u201c\n".encode("cp1252"), False, ": file: not UTF-8 text (byte 0x93 at offset 15)"),
    ("unknown format", "r.xlsx", "x", False, ": file: unknown format '.xlsx' (use .csv or .json)"),
    ("bad json", "r.json", "[\n" + OBJ + ",\n" + OBJ[:-1] + ' "x": 1}\n]', False, ":3: json: Expecting ',' delimiter (column 83)"),
    ("json single quotes", "r.json", "[\n" + OBJ + ",\n  {'participant': 'h-1'}]", False, ":3: json: Expecting property name enclosed in double quotes (column 4)"),
    ("json item not an object", "r.json", "[\n" + OBJ + ",\n  42\n]", False, ":3: row: expected an object, got a number"),
    ("json top not a list", "r.json", '\n{"rows": []}', False, ':2: file: expected a list of records or {"records": [...]}'),
    ("json records not a list", "r.json", '{"records": {}}', False, ':1: file: expected a list of records or {"records": [...]}'),
    ("json empty list", "r.json", '{"records": []}', False, ": file: no records"),
    ("json empty file", "r.json", "\n", False, ": file: no records"),
    ("json unknown key", "r.json", '[\n{"name": "Taro", ' + OBJ[1:] + "]", False, ":2: name: unknown key (keys: participant, date, activity, amount, district)"),
    ("json missing key", "r.json", '[{"participant": "h-1", "activity": "compost", "amount": 1}]', False, ":1: date: missing"),
    ("json number id", "r.json", '[{"participant": 17, "date": "2021-06-01", "activity": "compost", "amount": 1}]', False, ":1: participant: expected text, got a number 17"),
    ("json boolean amount", "r.json", '[{"participant": "h-1", "date": "2021-06-01", "activity": "compost", "amount": true}]', False, ":1: amount: expected text, got a boolean true"),
    ("json nan", "r.json", '[{"participant": "h-1", "date": "2021-06-01", "activity": "compost", "amount": NaN}]', False, ":1: amount: 'NaN' is not a finite number"),
    ("json absurd", "r.json", '[\n\n{"participant": "h-1", "date": "2021-06-01", "activity": "compost", "amount": 40.5}]', True, ":3: amount: 40.5 kg is above the 40 kg limit for 'compost'"),
    ("json two districts", "r.json", '{"records": [\n' + OBJ[:-1] + ', "district": "East"},\n' + OBJ[:-1].replace("06-01", "06-02") + ', "district": "North"}\n]}', True, ":3: district: participant 'h-1' is in 'North' here but in 'East' on line 2"),
]


@pytest.mark.parametrize(
    ("name", "content", "with_campaign", "expected"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_records_are_refused_with_exact_message(
    tmp_path: Path, campaign: Campaign, name: str, content: str | bytes, with_campaign: bool, expected: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(RecordError) as caught:
        load_records(path, campaign if with_campaign else None)
    assert str(caught.value) == f"{path}{expected}"


def test_district_is_refused_when_the_campaign_lists_none(tmp_path: Path, campaign: Campaign) -> None:
    path = write(tmp_path, "r.csv", HEADER + ROW)
    with pytest.raises(RecordError) as caught:
        load_records(path, dataclasses.replace(campaign, districts=()))
    assert str(caught.value) == f"{path}:2: district: unknown district 'North' (the campaign lists none)"


def test_missing_records_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RecordError) as caught:
        load_records(tmp_path / "none.csv")
    assert str(caught.value) == f"{tmp_path / 'none.csv'}: file: not found"


def test_bad_row_late_in_file_raises_and_returns_nothing(tmp_path: Path, campaign: Campaign) -> None:
    good = "".join(f"h-{n},2021-06-01,compost,1,\n" for n in range(2000))
    path = write(tmp_path, "r.csv", HEADER + good + "h-x,2021-06-01,compost,41,\n")
    loaded = None
    with pytest.raises(RecordError) as caught:
        loaded = load_records(path, campaign)
    assert loaded is None
    assert caught.value.line == 2002 and caught.value.field == "amount"


AGGREGATE_CSV = HEADER + (
    "b-2,2021-07-15,compost,0.1,North\n"
    "a-1,2021-06-03,compost,1.2,\n"
    "a-1,2021-06-10,compost,0.2,South\n"
    "a-1,2021-08-01,garden_watering,2,\n"
    "b-2,2021-07-20,compost,0.2,North\n"
    "a-1,2021-08-02,garden_watering,1,\n"
    "c-3,2021-11-30,farm_help,1.5,\n"
)


def test_aggregate_sums_headline_unit_per_participant(tmp_path: Path, campaign: Campaign) -> None:
    records = load_records(write(tmp_path, "r.csv", AGGREGATE_CSV), campaign)
    assert aggregate(records, campaign) == (
        # June (bit 0) and August (bit 2); watering is in sessions so it does not add to the kg
        Contribution("a-1", 1.4, {"compost": 1.4, "garden_watering": 3.0}, 0b101, dt.date(2021, 6, 3), "South"),
        # 0.1 + 0.2 kg reads as 0.3, not 0.30000000000000004; July is bit 1
        Contribution("b-2", 0.3, {"compost": 0.3}, 0b10, dt.date(2021, 7, 15), "North"),
        # only hours: amount 0, still a participant; November is bit 5
        Contribution("c-3", 0.0, {"farm_help": 1.5}, 0b100000, dt.date(2021, 11, 30), None),
    )


def test_aggregate_counts_months_across_a_new_year(tmp_path: Path, campaign: Campaign) -> None:
    winter = dataclasses.replace(campaign, start=dt.date(2021, 11, 15), end=dt.date(2022, 2, 10))
    path = write(tmp_path, "r.csv", HEADER + "h-1,2021-11-20,compost,1,\nh-1,2022-02-01,compost,2,\n")
    (contribution,) = aggregate(load_records(path, winter), winter)
    assert contribution.months == 0b1001  # November 2021 is month 0, February 2022 month 3


def test_aggregate_refuses_records_not_checked_against_the_campaign(tmp_path: Path, campaign: Campaign) -> None:
    records = load_records(write(tmp_path, "r.csv", HEADER + "h-1,2021-06-01,compost,1,\nh-1,2021-06-02,swimming,1,\n"))
    with pytest.raises(ValueError, match="line 3 \\(swimming on 2021-06-02\\) does not belong to campaign 'records-test'"):
        aggregate(records, campaign)
