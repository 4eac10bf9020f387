"""Shared fixtures: the sample campaigns, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from artgen import Campaign, Contribution, aggregate, load_campaign, load_campaign_records

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def kawasaki() -> Campaign:
    return load_campaign(SAMPLES / "kawasaki-2021")


@pytest.fixture(scope="session")
def kawasaki_contributions(kawasaki: Campaign) -> tuple[Contribution, ...]:
    return aggregate(load_campaign_records(kawasaki), kawasaki)


@pytest.fixture(scope="session")
def school() -> Campaign:
    return load_campaign(SAMPLES / "nakahara-school-garden-2022")
