"""Auction rules on both backends: reserve, increment, time buffer and its cap, settlement, settings."""

from __future__ import annotations

import pytest

from auction.chain import AuctionSettings, TransactionFailed, advance_time, transact
from tests.chain.conftest import Market
from tests.chain.helpers import ETH, HOUR, fee

BUFFER = 15 * 60


def test_first_bid_below_reserve_is_refused(fresh: Market) -> None:
    token = fresh.open_auction(reserve=ETH)
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.bid(token, ETH - 1, bidder=fresh.bidders[0])
    assert str(failure.value) == "bid must be at least 1 ETH (the reserve price)"
    assert failure.value.error_name == "BidBelowReserve"
    assert failure.value.error_args == {"amount": ETH - 1, "reservePrice": ETH}


def test_bid_at_reserve_becomes_highest(fresh: Market) -> None:
    token = fresh.open_auction(reserve=ETH)
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    state = fresh.c.auction_house.state()
    assert (state.amount, state.bidder) == (ETH, fresh.bidders[0].address)
    assert fresh.c.auction_house.minimum_bid() == ETH * 105 // 100


def test_bid_below_minimum_increment_is_refused(fresh: Market) -> None:
    token = fresh.open_auction(reserve=ETH)
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.bid(token, ETH * 105 // 100 - 1, bidder=fresh.bidders[1])
    assert str(failure.value) == "bid must be at least 1.05 ETH"
    assert failure.value.error_args == {"amount": ETH * 105 // 100 - 1, "minimumBid": ETH * 105 // 100}
    fresh.c.auction_house.bid(token, ETH * 105 // 100, bidder=fresh.bidders[1])
    assert fresh.c.auction_house.state().bidder == fresh.bidders[1].address


def test_increment_on_a_tiny_bid_rounds_up_to_one_wei(fresh: Market) -> None:
    token = fresh.open_auction(reserve=1)
    fresh.c.auction_house.bid(token, 1, bidder=fresh.bidders[0])
    with pytest.raises(TransactionFailed, match="bid must be at least 0.000000000000000002 ETH"):
        fresh.c.auction_house.bid(token, 1, bidder=fresh.bidders[1])


def test_outbid_bidder_is_refunded_in_full(fresh: Market) -> None:
    token = fresh.open_auction()
    first = fresh.bidders[0]
    before = fresh.chain.balance(first.address)
    receipt = fresh.c.auction_house.bid(token, ETH, bidder=first)
    fresh.c.auction_house.bid(token, 2 * ETH, bidder=fresh.bidders[1])
    assert fresh.chain.balance(first.address) == before - fee(receipt)
    assert fresh.chain.balance(fresh.c.auction_house.address) == 2 * ETH
    names = [e.name for e in fresh.c.auction_house.events(receipt["blockNumber"])]
    assert names == ["AuctionBid", "AuctionBid", "BidRefunded"]


def test_bid_inside_time_buffer_extends_end_to_now_plus_buffer(fresh: Market) -> None:
    token = fresh.open_auction(duration=HOUR)
    end = fresh.c.auction_house.state().end_time
    advance_time(fresh.chain, end - fresh.chain.now() - BUFFER + 60)
    receipt = fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    bid_time = fresh.chain.w3.eth.get_block(receipt["blockNumber"])["timestamp"]
    assert fresh.c.auction_house.state().end_time == bid_time + BUFFER
    extended = [e for e in fresh.c.auction_house.events(receipt["blockNumber"]) if e.name == "AuctionExtended"]
    assert [e.args["endTime"] for e in extended] == [bid_time + BUFFER]


def test_bid_before_time_buffer_does_not_extend(fresh: Market) -> None:
    token = fresh.open_auction(duration=HOUR)
    end = fresh.c.auction_house.state().end_time
    advance_time(fresh.chain, end - fresh.chain.now() - BUFFER - 60)
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    assert fresh.c.auction_house.state().end_time == end


def test_extensions_stop_at_the_cap(fresh: Market) -> None:
    house = fresh.c.auction_house
    house.set_settings(AuctionSettings(min_bid_increment_percentage=5, time_buffer=BUFFER, max_extension=45 * 60))
    token = fresh.open_auction(duration=HOUR)
    cap = house.state().max_end_time
    assert cap == house.state().end_time + 45 * 60
    amount = ETH
    while house.state().end_time < cap:
        advance_time(fresh.chain, house.state().end_time - fresh.chain.now() - 30)
        house.bid(token, amount, bidder=fresh.bidders[amount % 2])
        amount = amount * 106 // 100
        assert house.state().end_time <= cap
    advance_time(fresh.chain, cap - fresh.chain.now() + 1)
    with pytest.raises(TransactionFailed) as failure:
        house.bid(token, amount, bidder=fresh.bidders[2])
    assert failure.value.error_name == "AuctionExpired"
    assert failure.value.error_args == {"endTime": cap}


def test_bid_after_end_is_refused(fresh: Market) -> None:
    token = fresh.open_auction(duration=HOUR)
    advance_time(fresh.chain, HOUR + 1)
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    assert str(failure.value).endswith("; bids are closed")
    assert failure.value.error_name == "AuctionExpired"


def test_bid_on_another_token_is_refused(fresh: Market) -> None:
    token = fresh.open_auction()
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.bid(token + 1, ETH, bidder=fresh.bidders[0])
    assert str(failure.value) == f"token {token + 1} is not on sale; the current auction is for token {token}"


def test_settle_before_end_is_refused(fresh: Market) -> None:
    fresh.open_auction()
    end = fresh.c.auction_house.state().end_time
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.settle(sender=fresh.outsider)
    assert failure.value.error_name == "AuctionNotEnded"
    assert failure.value.error_args == {"endTime": end}
    assert str(failure.value).startswith("the auction runs until ")


def test_anyone_settles_after_end_winner_gets_token_treasury_gets_proceeds(fresh: Market) -> None:
    token = fresh.open_auction()
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    fresh.c.auction_house.bid(token, 3 * ETH, bidder=fresh.bidders[1])
    treasury_before = fresh.chain.balance(fresh.treasury)
    advance_time(fresh.chain, HOUR)
    fresh.c.auction_house.settle(sender=fresh.outsider)
    assert fresh.c.art.owner_of(token) == fresh.bidders[1].address
    assert fresh.chain.balance(fresh.treasury) == treasury_before + 3 * ETH
    assert fresh.chain.balance(fresh.c.auction_house.address) == 0
    assert fresh.c.auction_house.state().settled


def test_settle_twice_is_refused(fresh: Market) -> None:
    token = fresh.open_auction()
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    advance_time(fresh.chain, HOUR)
    fresh.c.auction_house.settle()
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.settle()
    assert str(failure.value) == f"the auction of token {token} is already settled"


def test_settle_with_no_bids_returns_token_to_program(fresh: Market) -> None:
    token = fresh.open_auction()
    treasury_before = fresh.chain.balance(fresh.treasury)
    advance_time(fresh.chain, HOUR)
    receipt = fresh.c.auction_house.settle(sender=fresh.outsider)
    assert fresh.c.art.owner_of(token) == fresh.owner.address
    assert fresh.chain.balance(fresh.treasury) == treasury_before
    (settled,) = [e for e in fresh.c.auction_house.events(receipt["blockNumber"]) if e.name == "AuctionSettled"]
    assert settled.args == {"tokenId": token, "winner": "0x" + "00" * 20, "amount": 0}


def test_token_returned_unsold_can_be_auctioned_again(fresh: Market) -> None:
    token = fresh.open_auction()
    advance_time(fresh.chain, HOUR)
    fresh.c.auction_house.settle()
    fresh.c.auction_house.start(token, ETH // 2, HOUR)
    fresh.c.auction_house.bid(token, ETH // 2, bidder=fresh.bidders[0])
    assert fresh.c.auction_house.state().amount == ETH // 2


@pytest.mark.parametrize(
    ("setter", "value"),
    [("setMinBidIncrementPercentage", 10), ("setTimeBuffer", 300), ("setMaxExtension", 3600)],
)
def test_settings_cannot_change_during_live_auction(fresh: Market, setter: str, value: int) -> None:
    token = fresh.open_auction()
    function = getattr(fresh.c.auction_house.contract.functions, setter)(value)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function)
    assert str(failure.value) == (
        f"the auction of token {token} is live; settings are fixed and no new auction can start until it is settled"
    )
    advance_time(fresh.chain, HOUR)
    fresh.c.auction_house.settle()
    transact(fresh.chain, function)


def test_new_auction_cannot_start_while_one_is_live(fresh: Market) -> None:
    first = fresh.open_auction(slug="first")
    second = fresh.c.art.mint(b"\x02" * 32, "bafy-second")
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.start(second, ETH, HOUR)
    assert failure.value.error_args == {"tokenId": first}


def test_settings_change_between_auctions(fresh: Market) -> None:
    wanted = AuctionSettings(min_bid_increment_percentage=10, time_buffer=5 * 60, max_extension=2 * HOUR)
    fresh.c.auction_house.set_settings(wanted)
    assert fresh.c.auction_house.settings() == wanted


@pytest.mark.parametrize(
    ("reserve", "duration", "message"),
    [
        (0, HOUR, "the reserve price must be at least 1 wei"),
        (ETH, 60, "the duration must be between 15 minutes and 30 days, not 1 minute"),
        (ETH, 31 * 86400, "the duration must be between 15 minutes and 30 days, not 31 days"),
    ],
)
def test_invalid_auction_parameters_are_refused(fresh: Market, reserve: int, duration: int, message: str) -> None:
    token = fresh.c.art.mint(b"\x03" * 32, "bafy-bad")
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.start(token, reserve, duration)
    assert str(failure.value) == message


@pytest.mark.parametrize(
    ("setter", "value", "message"),
    [
        ("setMinBidIncrementPercentage", 0, "the minimum bid increment must be 1 to 100 percent, not 0"),
        ("setMinBidIncrementPercentage", 101, "the minimum bid increment must be 1 to 100 percent, not 101"),
        ("setTimeBuffer", 2 * 86400, "the time buffer must be at most 1 day, not 2 days"),
        ("setMaxExtension", 60, "the extension cap must be between 15 minutes and 7 days, not 1 minute"),
        ("setMaxExtension", 8 * 86400, "the extension cap must be between 15 minutes and 7 days, not 8 days"),
    ],
)
def test_invalid_settings_are_refused(fresh: Market, setter: str, value: int, message: str) -> None:
    function = getattr(fresh.c.auction_house.contract.functions, setter)(value)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function)
    assert str(failure.value) == message


def test_only_owner_opens_auctions(fresh: Market) -> None:
    token = fresh.c.art.mint(b"\x04" * 32, "bafy-x")
    function = fresh.c.auction_house.contract.functions.createAuction(token, ETH, HOUR)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function, sender=fresh.outsider)
    assert str(failure.value) == f"{fresh.outsider.address} is not the owner of this contract"


def test_bid_sent_with_too_little_gas_for_the_refund_is_refused(fresh: Market) -> None:
    token = fresh.open_auction()
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    function = fresh.c.auction_house.contract.functions.createBid(token)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function, sender=fresh.bidders[1], value=2 * ETH, gas=60_000)
    assert failure.value.error_name == "InsufficientGasForPayment"
    assert fresh.c.auction_house.state().bidder == fresh.bidders[0].address
