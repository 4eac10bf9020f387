"""The sample campaigns: the Kawasaki shape (exact total, heavy tail, seven wards) and reproducibility."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import math
import statistics
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from artgen.campaign import Campaign, load_campaign
from artgen.records import Contribution, aggregate, load_campaign_records

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KAWASAKI = SAMPLES / "kawasaki-2021"
NAKAHARA = SAMPLES / "nakahara-school-garden-2022"


@pytest.fixture(scope="module")
def make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def kawasaki() -> tuple[Campaign, tuple[Contribution, ...]]:
    campaign = load_campaign(KAWASAKI)
    return campaign, aggregate(load_campaign_records(campaign), campaign)


def test_kawasaki_compost_total_is_exactly_the_pilot_figure(kawasaki: tuple[Campaign, tuple[Contribution, ...]]) -> None:
    _, contributions = kawasaki
    assert math.isclose(math.fsum(c.amount for c in contributions), 27_761.8, abs_tol=1e-6)
    with open(KAWASAKI / "records.csv", encoding="utf-8", newline="") as handle:
        amounts = [Decimal(row["amount"]) for row in csv.DictReader(handle) if row["activity"] == "compost"]
    assert sum(amounts) == Decimal("27761.8")
    assert all(amount == amount.quantize(Decimal("0.1")) for amount in amounts)


def test_kawasaki_has_a_thousand_households_in_seven_wards(kawasaki: tuple[Campaign, tuple[Contribution, ...]]) -> None:
    campaign, contributions = kawasaki
    assert len(contributions) == 1_000
    assert {c.district for c in contributions} - {None} == set(campaign.districts)
    assert len(campaign.districts) == 7
    assert all(c.amount > 0 for c in contributions)


def test_kawasaki_runs_june_to_november_with_late_joiners_and_dropouts(
    kawasaki: tuple[Campaign, tuple[Contribution, ...]],
) -> None:
    _, contributions = kawasaki
    all_months = 0
    for c in contributions:
        all_months |= c.months
    assert all_months == 0b111111  # June .. November
    assert sum(c.first_date >= dt.date(2021, 8, 1) for c in contributions) >= 100  # growth over time
    assert sum(c.months.bit_length() <= 4 for c in contributions if c.first_date < dt.date(2021, 7, 1)) >= 50  # dropouts


def test_kawasaki_is_heavy_tailed(kawasaki: tuple[Campaign, tuple[Contribution, ...]]) -> None:
    _, contributions = kawasaki
    amounts = sorted(c.amount for c in contributions)
    assert amounts[-1] / statistics.median(amounts) >= 30


def test_kawasaki_has_other_activities_for_a_minority(kawasaki: tuple[Campaign, tuple[Contribution, ...]]) -> None:
    _, contributions = kawasaki
    for activity in ("garden_watering", "farm_help"):
        doing = sum(activity in c.activities for c in contributions)
        assert 10 <= doing <= 300


def test_regenerating_gives_identical_bytes(tmp_path: Path, make_samples: ModuleType) -> None:
    written = make_samples.write_samples(tmp_path)
    assert [p.relative_to(tmp_path) for p in written] == [
        Path("kawasaki-2021/records.csv"),
        Path("nakahara-school-garden-2022/records.json"),
    ]
    for path in written:
        assert path.read_bytes() == (SAMPLES / path.relative_to(tmp_path)).read_bytes()


def test_school_garden_sample_loads_from_json() -> None:
    campaign = load_campaign(NAKAHARA)
    records = load_campaign_records(campaign)
    contributions = aggregate(records, campaign)
    assert campaign.records_path.suffix == ".json"
    assert len(contributions) == 40
    assert {r.activity for r in records} == {"harvest", "weeding"}
    assert all(c.amount > 0 and c.district in campaign.districts for c in contributions)


def test_samples_carry_pseudonymous_ids_only() -> None:
    for folder in (KAWASAKI, NAKAHARA):
        campaign = load_campaign(folder)
        ids = {r.participant for r in load_campaign_records(campaign)}
        assert all(pid[:2] in ("h-", "g-") and pid[2:].isdigit() for pid in ids)
