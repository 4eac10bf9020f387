"""Stopping and restarting loses nothing: the chain replays from its journal, the indexer catches up."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from auction import db
from auction.site import Site
from tests.site.conftest import RESERVE_WEI


def _balances(site: Site) -> list[int]:
    return [site.chain.balance(a.address) for a in site.chain.accounts]


def test_restart_mid_auction_keeps_every_bid_balance_and_end_time(
    site: Site, campaign_id: str, restart: Callable[[Site], Site]
) -> None:
    bidders = [address for address, _ in site.dev_accounts() or []]
    site.bid(campaign_id, bidders[0], RESERVE_WEI)
    site.bid(campaign_id, bidders[1], 2 * RESERVE_WEI)
    view = site.auction(campaign_id)
    site.advance_time(view.end_time - view.now - 60)
    site.bid(campaign_id, bidders[2], 3 * RESERVE_WEI)  # inside the buffer: moves the end
    before = site.auction(campaign_id)
    balances, head = _balances(site), site.chain.w3.eth.get_block("latest")
    contract_state = site.clients.auction_house.state()  # type: ignore[union-attr]

    again = restart(site)

    after = again.auction(campaign_id)
    assert after.bids == before.bids and len(after.bids) == 3
    assert (after.end_time, after.leader, after.highest_wei, after.status) == (
        before.end_time, bidders[2], 3 * RESERVE_WEI, "live")
    assert after.bids[0].extended_to == after.end_time
    assert _balances(again) == balances
    replayed = again.chain.w3.eth.get_block("latest")
    assert (replayed["number"], replayed["timestamp"], replayed["stateRoot"]) == (
        head["number"], head["timestamp"], head["stateRoot"])
    assert again.clients.auction_house.state() == contract_state  # type: ignore[union-attr]


def test_settlement_survives_a_restart(site: Site, campaign_id: str, restart: Callable[[Site], Site]) -> None:
    bidder = (site.dev_accounts() or [])[0][0]
    site.bid(campaign_id, bidder, RESERVE_WEI)
    site.advance_time(site.auction(campaign_id).end_time - site.auction(campaign_id).now)
    site.settle(campaign_id)
    again = restart(site)
    view = again.auction(campaign_id)
    assert (view.status, view.winner, view.owner) == ("settled", bidder, bidder)
    assert again.clients.art.owner_of(view.token_id) == bidder  # type: ignore[union-attr]


def test_indexer_catches_up_on_events_it_missed(
    site: Site, campaign_id: str, restart: Callable[[Site], Site]
) -> None:
    """Bids mined while the site did not index (another process, a crash before sync) appear after restart."""
    token = site.auction(campaign_id).token_id
    account = site.chain.accounts[4]
    site.clients.auction_house.bid(token, RESERVE_WEI, bidder=account)  # type: ignore[union-attr]  # not indexed
    with site.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.chain_events)
                            .where(db.chain_events.c.event == "AuctionBid")).scalar() == 0
    again = restart(site)
    assert [(b.bidder, b.amount_wei) for b in again.auction(campaign_id).bids] == [(account.address, RESERVE_WEI)]


def test_sync_is_idempotent(site: Site, campaign_id: str) -> None:
    site.bid(campaign_id, (site.dev_accounts() or [])[0][0], RESERVE_WEI)
    assert site.indexer is not None
    stored = site.indexer.events()
    site.sync()
    site.sync()
    assert site.indexer.events() == stored
    assert site.indexer.cursor() == site.chain.w3.eth.block_number + 1


def test_rebuilding_the_index_from_scratch_gives_the_same_events(
    site: Site, campaign_id: str, restart: Callable[[Site], Site]
) -> None:
    site.bid(campaign_id, (site.dev_accounts() or [])[0][0], RESERVE_WEI)
    assert site.indexer is not None
    stored = site.indexer.events()
    with site.engine.begin() as conn:
        conn.execute(db.chain_events.delete())
        conn.execute(db.indexer_cursor.delete())
    again = restart(site)
    assert again.indexer is not None and again.indexer.events() == stored


def test_a_deleted_journal_starts_a_new_chain_and_forgets_the_old_one(
    site: Site, campaign_id: str, restart: Callable[[Site], Site]
) -> None:
    site.bid(campaign_id, (site.dev_accounts() or [])[0][0], RESERVE_WEI)
    site.config.journal_path.unlink()
    again = restart(site)
    assert again.suite is None and again.artwork(campaign_id).token_id is None
    assert again.auction(campaign_id).status == "none"
