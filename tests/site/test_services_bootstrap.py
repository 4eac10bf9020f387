"""The demo's set-up and the organiser's actions: idempotent, resumable, and refused clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from artgen.multiformats import CID
from auction import db
from auction.bootstrap import bootstrap
from auction.config import Config
from auction.site import NotFound, Refused, Site
from tests.site.conftest import DEMO_DURATION, RESERVE_WEI, SCHOOL, make_config


def _records(site: Site) -> tuple:
    """The files of record: the journal, and every database row but the indexer's."""
    with site.engine.connect() as conn:
        rows = tuple(tuple(conn.execute(sa.select(t)).all()) for t in (db.campaigns, db.participant_links, db.deployments))
    return site.config.journal_path.read_bytes(), rows


def test_bootstrap_publishes_mints_and_opens_the_auction(site: Site, campaign_id: str) -> None:
    view = site.artwork(campaign_id)
    assert campaign_id == "nakahara-school-garden-2022" and [c.campaign_id for c in site.campaigns()] == [campaign_id]
    assert (view.participants, view.width, view.height, view.style) == (40, 256, 256, "garden")
    assert view.token_id == 1 and view.art_contract == site.suite.art  # type: ignore[union-attr]
    assert site.ipfs.is_pinned(CID.parse(view.directory_cid))
    auction = site.auction(campaign_id)
    assert (auction.status, auction.reserve_wei, auction.end_time - auction.start_time) == (
        "live", RESERVE_WEI, DEMO_DURATION)


def test_bootstrap_again_does_nothing(site: Site) -> None:
    before = _records(site)
    assert bootstrap(site) is site
    assert _records(site) == before


def test_bootstrap_after_a_restart_does_nothing(site_config: Config) -> None:
    first = Site(site_config)
    before = _records(first)
    first.close()
    again = bootstrap(site_config)
    try:
        assert _records(again) == before
    finally:
        again.close()


def test_bootstrap_resumes_an_interrupted_set_up(tmp_path: Path) -> None:
    site = Site(make_config(tmp_path / "data"))
    try:
        site.publish(site.import_campaign(SCHOOL))  # stopped before minting
        assert bootstrap(site).auction("nakahara-school-garden-2022").status == "live"
    finally:
        site.close()


def test_republishing_keeps_commitments_and_links(tmp_path: Path) -> None:
    site = Site(make_config(tmp_path / "data"))
    try:
        campaign = site.import_campaign(SCHOOL)
        first = site.publish(campaign)
        links = site.participant_links(campaign)
        commitment = site.participant(links["g-01"]).commitment
        second = site.publish(campaign, seed=7, style="mosaic")
        assert (second.seed, second.style) == (7, "mosaic") and second.directory_cid != first.directory_cid
        assert site.participant_links(campaign) == links
        assert site.participant(links["g-01"]).commitment == commitment
        assert second.merkle_root == first.merkle_root  # same salts, same amounts: same tree
    finally:
        site.close()


def _broken_json(folder: Path) -> Path:
    shutil.copy(SCHOOL / "campaign.toml", folder / "campaign.toml")
    (folder / "records.json").write_text('{"records": [\n  ,\n]}\n')
    return folder


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "none", "{d}/none/campaign.toml: file: not found"),
        (lambda d: shutil.copy(SCHOOL / "campaign.toml", d / "campaign.toml") and d, "{d}/records.json: file: not found"),
        (_broken_json, "{d}/records.json:2: json: Expecting value (column 3)"),
    ],
    ids=["no-folder", "no-records", "bad-json"],
)
def test_bad_campaign_import_is_refused_with_file_and_line(site: Site, tmp_path: Path, make, expected: str) -> None:
    folder = tmp_path / "campaign"
    folder.mkdir()
    with pytest.raises(Refused) as refused:
        site.import_campaign(make(folder))
    assert str(refused.value) == expected.format(d=folder)
    assert [c.campaign_id for c in site.campaigns()] == ["nakahara-school-garden-2022"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"style": "cubist"}, "unknown style 'cubist'; allowed: mosaic, garden"),
        ({"palette": "neon"}, "unknown palette 'neon'; allowed: "),
        ({"seed": -1}, "seed must be 0 to 2^64 - 1, not -1"),
        ({}, "the artwork of nakahara-school-garden-2022 is minted with frozen metadata; it cannot change"),
    ],
    ids=["style", "palette", "seed", "frozen"],
)
def test_bad_publish_is_refused(site: Site, campaign_id: str, options: dict, expected: str) -> None:
    before = site.artwork(campaign_id)
    with pytest.raises(Refused) as refused:
        site.publish(campaign_id, **options)
    assert str(refused.value).startswith(expected)
    assert site.artwork(campaign_id) == before


def test_organiser_steps_out_of_order_are_refused(tmp_path: Path) -> None:
    site = Site(make_config(tmp_path / "data"))
    try:
        campaign = site.import_campaign(SCHOOL)
        with pytest.raises(NotFound, match="^campaign 'nakahara-school-garden-2022' is not published yet$"):
            site.artwork(campaign)
        with pytest.raises(Refused, match="^publish nakahara-school-garden-2022 before minting it$"):
            site.mint(campaign)
        with pytest.raises(Refused, match="^mint nakahara-school-garden-2022 before opening its auction$"):
            site.start_auction(campaign, reserve_wei=RESERVE_WEI, duration=DEMO_DURATION)
        site.publish(campaign)
        assert site.mint(campaign) == site.mint(campaign) == 1  # minting twice finds the same token
        regenerated = site.publish(campaign, seed=11)  # before the auction the art may still change
        assert site.clients.art.token_uri(1) == f"ipfs://{regenerated.directory_cid}/metadata.json"  # type: ignore[union-attr]
        with pytest.raises(Refused, match="^the duration must be between 15 minutes and 30 days, not 1 minute$"):
            site.start_auction(campaign, reserve_wei=RESERVE_WEI, duration=60)
        site.start_auction(campaign, reserve_wei=RESERVE_WEI, duration=DEMO_DURATION)
        with pytest.raises(Refused, match="^the auction of nakahara-school-garden-2022 has already started$"):
            site.start_auction(campaign, reserve_wei=RESERVE_WEI, duration=DEMO_DURATION)
    finally:
        site.close()
