"""Hostile bidders, each a small Solidity contract (contracts/test/): one whose receive reverts, one that
burns all forwarded gas, and three that re-enter bid, settle or withdraw. None can block the next bid or
the settlement, and each gets its money back by withdrawing to another address."""

from __future__ import annotations

import pytest
from web3.contract import Contract

from auction.chain import TransactionFailed, advance_time, deploy_contract, transact
from tests.chain.conftest import Market
from tests.chain.helpers import ETH, HOUR, fee

ADVERSARIES = [
    pytest.param(("RevertingBidder",), id="reverting-receive"),
    pytest.param(("GasBurningBidder",), id="gas-burner"),
    pytest.param(("ReentrantBidder", 0), id="reenters-bid"),
    pytest.param(("ReentrantBidder", 1), id="reenters-settle"),
    pytest.param(("ReentrantBidder", 2), id="reenters-withdraw"),
]


@pytest.fixture(params=ADVERSARIES)
def adversary(request: pytest.FixtureRequest, fresh: Market) -> Contract:
    name, *extra = request.param
    return deploy_contract(fresh.chain, name, fresh.c.auction_house.address, *extra, test=True)


def _adversary_bid(market: Market, adversary: Contract, token: int, amount: int) -> None:
    transact(market.chain, adversary.functions.bid(token), sender=market.bidders[4], value=amount)


def test_adversary_cannot_block_the_next_bid(fresh: Market, adversary: Contract) -> None:
    token = fresh.open_auction()
    _adversary_bid(fresh, adversary, token, ETH)
    receipt = fresh.c.auction_house.bid(token, 2 * ETH, bidder=fresh.bidders[0])
    house = fresh.c.auction_house
    assert house.state().bidder == fresh.bidders[0].address
    assert house.pending_returns(adversary.address) == ETH
    deferred = [e.args for e in house.events(receipt["blockNumber"]) if e.name == "RefundDeferred"]
    assert deferred == [{"bidder": adversary.address, "amount": ETH}]
    assert fresh.chain.balance(house.address) == 2 * ETH + ETH


def test_adversary_cannot_block_settlement(fresh: Market, adversary: Contract) -> None:
    token = fresh.open_auction()
    fresh.c.auction_house.bid(token, ETH, bidder=fresh.bidders[0])
    _adversary_bid(fresh, adversary, token, 2 * ETH)
    treasury_before = fresh.chain.balance(fresh.treasury)
    advance_time(fresh.chain, HOUR)
    fresh.c.auction_house.settle(sender=fresh.outsider)
    assert fresh.c.art.owner_of(token) == adversary.address
    assert fresh.chain.balance(fresh.treasury) == treasury_before + 2 * ETH
    assert fresh.chain.balance(fresh.c.auction_house.address) == 0


def test_adversary_gets_its_money_back_by_withdrawing(fresh: Market, adversary: Contract) -> None:
    token = fresh.open_auction()
    _adversary_bid(fresh, adversary, token, ETH)
    fresh.c.auction_house.bid(token, 2 * ETH, bidder=fresh.bidders[0])
    controller = fresh.bidders[4]
    before = fresh.chain.balance(controller.address)
    receipt = transact(fresh.chain, adversary.functions.withdrawTo(controller.address), sender=controller)
    assert fresh.chain.balance(controller.address) == before + ETH - fee(receipt)
    assert fresh.c.auction_house.pending_returns(adversary.address) == 0
    assert fresh.chain.balance(fresh.c.auction_house.address) == 2 * ETH


@pytest.mark.parametrize("name", ["RevertingBidder", "ReentrantBidder"])
def test_withdraw_to_an_address_that_refuses_keeps_the_balance(fresh: Market, name: str) -> None:
    extra = (2,) if name == "ReentrantBidder" else ()
    adversary = deploy_contract(fresh.chain, name, fresh.c.auction_house.address, *extra, test=True)
    token = fresh.open_auction()
    _adversary_bid(fresh, adversary, token, ETH)
    fresh.c.auction_house.bid(token, 2 * ETH, bidder=fresh.bidders[0])
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, adversary.functions.withdrawTo(adversary.address), sender=fresh.bidders[4])
    assert str(failure.value) == (
        f"sending 1 ETH to {adversary.address} failed; the balance is kept, withdraw to another address"
    )
    assert fresh.c.auction_house.pending_returns(adversary.address) == ETH


def test_withdraw_with_nothing_owed_is_refused(fresh: Market) -> None:
    account = fresh.bidders[0]
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.auction_house.withdraw(account)
    assert str(failure.value) == f"{account.address} has nothing to withdraw"
