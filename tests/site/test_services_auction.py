"""The auction through the Site facade: views from chain events, bids, refusals, settlement, proceeds."""

from __future__ import annotations

import threading

import pytest
from eth_abi import decode as abi_decode
from web3 import Web3

from auction.chain import format_eth
from auction.site import Refused, Site, duration_text, minimum_raise
from tests.site.conftest import DEMO_DURATION, RESERVE_WEI

ETH = 10**18


def _bidders(site: Site) -> list[str]:
    accounts = site.dev_accounts()
    assert accounts is not None
    return [address for address, _ in accounts]


def _chain_snapshot(site: Site) -> tuple:
    """Everything a refused action must leave alone: balances, blocks, journal, indexed events."""
    chain = site.chain
    assert site.indexer is not None
    return (
        tuple(chain.balance(a.address) for a in chain.accounts),
        chain.w3.eth.block_number,
        site.config.journal_path.read_bytes(),
        len(site.indexer.events()),
        site.clients.auction_house.state(),  # type: ignore[union-attr]
    )


def test_new_auction_view_matches_the_contract(site: Site, campaign_id: str) -> None:
    view = site.auction(campaign_id)
    state = site.clients.auction_house.state()  # type: ignore[union-attr]
    assert view.status == "live"
    assert (view.token_id, view.reserve_wei, view.start_time, view.end_time) == (
        state.token_id, state.reserve_price, state.start_time, state.end_time)
    assert view.end_time - view.start_time == DEMO_DURATION
    assert view.reserve_wei == RESERVE_WEI == view.min_next_bid_wei
    assert view.bids == () and view.leader is None and view.winner is None
    assert view.owner == site.suite.auction_house  # type: ignore[union-attr]  # the house holds the token
    assert view.treasury == site.chain.accounts[-1].address
    assert view.start_time <= view.now < view.end_time


def test_bids_are_shown_newest_first_with_the_next_minimum(site: Site, campaign_id: str) -> None:
    alice, bob = _bidders(site)[:2]
    first = site.bid(campaign_id, alice, RESERVE_WEI)
    second = site.bid(campaign_id, bob, 2 * RESERVE_WEI)
    view = site.auction(campaign_id)
    assert [(b.bidder, b.amount_wei, b.tx_hash) for b in view.bids] == [
        (bob, 2 * RESERVE_WEI, second), (alice, RESERVE_WEI, first)]
    assert view.leader == bob and view.highest_wei == 2 * RESERVE_WEI
    # 5 % above 0.2 ETH, as the contract itself reports
    assert view.min_next_bid_wei == 210_000_000_000_000_000 == site.clients.auction_house.minimum_bid()  # type: ignore[union-attr]
    receipt = site.chain.w3.eth.get_transaction_receipt(second)
    assert view.bids[0].block == receipt["blockNumber"]
    assert view.bids[0].time == site.chain.w3.eth.get_block(receipt["blockNumber"])["timestamp"]


def test_outbid_bidder_is_refunded(site: Site, campaign_id: str) -> None:
    alice, bob = _bidders(site)[:2]
    before = site.chain.balance(alice)
    tx = site.bid(campaign_id, alice, RESERVE_WEI)
    receipt = site.chain.w3.eth.get_transaction_receipt(tx)
    gas = receipt["gasUsed"] * receipt["effectiveGasPrice"]
    site.bid(campaign_id, bob, 2 * RESERVE_WEI)
    assert site.chain.balance(alice) == before - gas


def test_view_follows_bids_sent_around_the_site(site: Site, campaign_id: str) -> None:
    """The view comes from chain events: a bid the site never sent still shows."""
    account = site.chain.accounts[3]
    token = site.auction(campaign_id).token_id
    site.clients.auction_house.bid(token, 3 * RESERVE_WEI, bidder=account)  # type: ignore[union-attr]
    view = site.auction(campaign_id)
    assert [(b.bidder, b.amount_wei) for b in view.bids] == [(account.address, 3 * RESERVE_WEI)]


def test_late_bid_extends_the_end(site: Site, campaign_id: str) -> None:
    alice = _bidders(site)[0]
    end = site.auction(campaign_id).end_time
    site.advance_time(end - site.auction(campaign_id).now - 60)  # a minute before the end
    site.bid(campaign_id, alice, RESERVE_WEI)
    view = site.auction(campaign_id)
    bid = view.bids[0]
    assert bid.extended_to == bid.time + view.time_buffer == view.end_time
    assert view.end_time > end


@pytest.mark.parametrize(
    ("bidder_index", "amount", "expected"),
    [
        (None, RESERVE_WEI, "0x000000000000000000000000000000000000dEaD is not one of this chain's test accounts"),
        (0, RESERVE_WEI - 1, "bid must be at least 0.1 ETH (the reserve price)"),
        (0, 0, "a bid must be a positive amount of wei"),
        (0, 10**25, "holds only 1000000 ETH"),
    ],
    ids=["unknown-account", "below-reserve", "zero", "more-than-balance"],
)
def test_bad_bid_is_refused_and_changes_nothing(
    site: Site, campaign_id: str, bidder_index: int | None, amount: int, expected: str
) -> None:
    bidder = "0x000000000000000000000000000000000000dEaD" if bidder_index is None else _bidders(site)[bidder_index]
    before = _chain_snapshot(site)
    with pytest.raises(Refused) as refused:
        site.bid(campaign_id, bidder, amount)
    assert str(refused.value).endswith(expected)
    assert _chain_snapshot(site) == before


def test_bid_below_the_increment_is_refused_with_the_minimum(site: Site, campaign_id: str) -> None:
    alice, bob = _bidders(site)[:2]
    site.bid(campaign_id, alice, ETH)
    before = _chain_snapshot(site)
    with pytest.raises(Refused, match=r"^bid must be at least 1.05 ETH$"):
        site.bid(campaign_id, bob, ETH + 1)
    assert _chain_snapshot(site) == before


def test_bid_after_the_end_is_refused(site: Site, campaign_id: str) -> None:
    view = site.auction(campaign_id)
    site.advance_time(view.end_time - view.now + 120)
    before = _chain_snapshot(site)
    with pytest.raises(Refused, match=r"^the auction of nakahara-school-garden-2022 ended 2 min ago; bids are closed$"):
        site.bid(campaign_id, _bidders(site)[0], RESERVE_WEI)
    assert _chain_snapshot(site) == before
    assert site.auction(campaign_id).status == "ended"


def test_settle_while_live_is_refused_with_the_time_left(site: Site, campaign_id: str) -> None:
    view = site.auction(campaign_id)
    site.advance_time(view.end_time - view.now - 270)  # 4.5 min left (the next block comes a second later)
    before = _chain_snapshot(site)
    with pytest.raises(Refused, match=r"^the auction ends in 4 min$"):
        site.settle(campaign_id)
    assert _chain_snapshot(site) == before


def test_settle_hands_the_token_to_the_winner_and_splits_the_proceeds(site: Site, campaign_id: str) -> None:
    alice, bob = _bidders(site)[:2]
    treasury = site.chain.accounts[-1].address
    site.bid(campaign_id, alice, ETH)
    site.bid(campaign_id, bob, 2 * ETH)
    treasury_before = site.chain.balance(treasury)
    site.advance_time(DEMO_DURATION)
    site.settle(campaign_id, alice)  # anyone may settle
    view = site.auction(campaign_id)
    assert (view.status, view.winner, view.owner) == ("settled", bob, bob)
    assert site.clients.art.owner_of(view.token_id) == bob  # type: ignore[union-attr]
    # The pool takes 20 % (DEMO_PARTICIPANTS_BPS), rounded down to a whole wei per unit of weight.
    total_weight = site.clients.proceeds.pool(view.token_id).total_weight  # type: ignore[union-attr]
    pool = (2 * ETH * 2000 // 10_000 // total_weight) * total_weight
    assert (view.proceeds_pool_wei, view.proceeds_treasury_wei) == (pool, 2 * ETH - pool)
    assert site.chain.balance(treasury) - treasury_before == 2 * ETH - pool
    with pytest.raises(Refused, match=r"^the auction of nakahara-school-garden-2022 is already settled$"):
        site.settle(campaign_id)


def test_settle_without_bids_returns_the_token_to_the_program(site: Site, campaign_id: str) -> None:
    site.advance_time(DEMO_DURATION)
    site.settle(campaign_id)
    view = site.auction(campaign_id)
    assert (view.status, view.winner, view.owner) == ("settled", None, site.program.address)
    assert view.proceeds_treasury_wei == view.proceeds_pool_wei == 0


def test_prepare_bid_gives_wallet_parameters_for_create_bid(site: Site, campaign_id: str) -> None:
    bidder = "0x000000000000000000000000000000000000dead"
    params = site.prepare_bid(campaign_id, bidder, RESERVE_WEI)
    view = site.auction(campaign_id)
    house = site.clients.auction_house.contract  # type: ignore[union-attr]
    selector = Web3.keccak(text="createBid(uint256)")[:4]
    data = bytes.fromhex(params["data"][2:])
    assert data[:4] == selector and abi_decode(["uint256"], data[4:]) == (view.token_id,)
    assert params["to"] == house.address
    assert params["from"] == Web3.to_checksum_address(bidder)
    assert int(params["value"], 16) == RESERVE_WEI
    assert int(params["chainId"], 16) == site.chain.chain_id


@pytest.mark.parametrize(
    ("bidder", "amount", "expected"),
    [
        ("not-an-address", RESERVE_WEI, "'not-an-address' is not an Ethereum address"),
        ("0x000000000000000000000000000000000000dEaD", RESERVE_WEI - 1, "bid must be at least 0.1 ETH"),
        ("0x000000000000000000000000000000000000dEaD", -5, "a bid must be a positive amount of wei"),
    ],
)
def test_prepare_bad_bid_is_refused(site: Site, campaign_id: str, bidder: str, amount: int, expected: str) -> None:
    with pytest.raises(Refused) as refused:
        site.prepare_bid(campaign_id, bidder, amount)
    assert str(refused.value) == expected


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (59, "59 s"), (60, "1 min"), (239, "3 min"), (3600, "1 h"), (3900, "1 h 5 min"),
     (86400, "1 d"), (93600, "1 d 2 h")],
)
def test_duration_text_uses_whole_units(seconds: int, text: str) -> None:
    assert duration_text(seconds) == text


def test_minimum_raise_rounds_up_like_the_contract() -> None:
    assert minimum_raise(ETH, 5) == ETH + ETH // 20
    assert minimum_raise(1, 5) == 2  # always at least one wei more
    assert format_eth(minimum_raise(2 * RESERVE_WEI, 5)) == "0.21 ETH"


def test_advance_time_moves_the_chain_clock(site: Site) -> None:
    now = site.auction(site.campaigns()[0].campaign_id).now
    assert site.advance_time(600) >= now + 600
    with pytest.raises(Refused, match="^time moves forward by a positive number of seconds$"):
        site.advance_time(0)


def test_concurrent_bids_from_threads_are_serialised(site: Site, campaign_id: str) -> None:
    """A threaded web server calls the site at once: every bid either lands or is refused, and the
    view agrees with the contract."""
    bidders = _bidders(site)
    outcomes: list[str] = []

    def place(index: int) -> None:
        try:
            site.bid(campaign_id, bidders[index], (index + 1) * RESERVE_WEI)
            outcomes.append("bid")
        except Refused as refused:
            outcomes.append(str(refused))

    threads = [threading.Thread(target=place, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    view = site.auction(campaign_id)
    state = site.clients.auction_house.state()  # type: ignore[union-attr]
    assert outcomes.count("bid") == len(view.bids) >= 1
    assert all(o == "bid" or o.startswith("bid must be at least") for o in outcomes)
    assert (view.leader, view.highest_wei) == (state.bidder, state.amount)
