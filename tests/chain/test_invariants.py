"""Property: under random bid / withdraw / time / settle sequences, with a bidder whose receive reverts
among the honest ones, the auction house holds exactly the highest bid plus all deferred refunds, and
after settlement the treasury, the participants' pool and what bidders got back add up to every wei
they ever sent."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web3.contract import Contract

from auction.chain import TransactionFailed, advance_time, deploy_contract, revert_to, snapshot, transact
from tests.chain.conftest import Market
from tests.chain.helpers import ETH, HOUR, fee

HONEST = 3  # bidders[0:3] bid directly; bidders[3] controls the reverting contract
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("bid"), st.integers(0, HONEST), st.integers(0, ETH // 2)),
        st.tuples(st.just("lowbid"), st.integers(0, HONEST), st.just(0)),
        st.tuples(st.just("withdraw"), st.integers(0, HONEST), st.just(0)),
        st.tuples(st.just("wait"), st.integers(0, 3), st.integers(60, 20 * 60)),
    ),
    max_size=10,
)


@pytest.fixture(scope="module")
def arena(market: Market) -> tuple[Market, Contract]:
    """The market with a participants' pool for the next token and the reverting bidder deployed."""
    token = market.c.art.mint(keccak(text="invariant campaign"), "bafy-invariant")
    market.c.proceeds.configure_pool(
        token, participants_bps=2_500, merkle_root=b"\x01" * 32, total_weight=7, claim_period=86_400
    )
    reverting = deploy_contract(market.chain, "RevertingBidder", market.c.auction_house.address, test=True)
    return market, reverting


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_balances_always_add_up(arena: tuple[Market, Contract], actions: list[tuple[str, int, int]]) -> None:
    market, reverting = arena
    chain, house = market.chain, market.c.auction_house
    snapshot_id = snapshot(chain)
    try:
        token = market.c.art.token_of_campaign(keccak(text="invariant campaign"))
        house.start(token, ETH, HOUR)
        actors = list(market.bidders[:HONEST]) + [market.bidders[3]]
        # Where money can sit: the honest bidders themselves and the reverting contract.
        holders = [a.address for a in actors[:HONEST]] + [reverting.address]
        start = {a.address: chain.balance(a.address) for a in actors}
        spent_on_gas = dict.fromkeys(start, 0)
        sent = 0
        treasury_before = chain.balance(market.treasury)
        pool_before = chain.balance(market.c.proceeds.contract.address)

        def send(index: int, amount: int) -> None:
            nonlocal sent
            actor = actors[index]
            if index < HONEST:
                receipt = house.bid(token, amount, bidder=actor)
            else:
                receipt = transact(chain, reverting.functions.bid(token), sender=actor, value=amount)
            spent_on_gas[actor.address] += fee(receipt)
            sent += amount

        def withdraw(index: int) -> None:
            actor = actors[index]
            if index < HONEST:
                receipt = house.withdraw(actor)
            else:
                receipt = transact(chain, reverting.functions.withdrawTo(actor.address), sender=actor)
            spent_on_gas[actor.address] += fee(receipt)

        def check_escrow() -> None:
            state = house.state()
            held = 0 if state.settled else state.amount
            assert chain.balance(house.address) == held + sum(map(house.pending_returns, holders))

        for kind, who, extra in actions:
            if kind == "wait":
                advance_time(chain, extra)
                continue
            if not house.state().is_open(chain.now()):
                break
            if kind == "bid":
                send(who, house.minimum_bid() + extra)
            elif kind == "lowbid":
                with pytest.raises(TransactionFailed, match="bid must be at least"):
                    send(who, house.minimum_bid() - 1)
            elif house.pending_returns(holders[who]):
                withdraw(who)
            check_escrow()

        advance_time(chain, max(0, house.state().end_time - chain.now()))
        house.settle()
        check_escrow()
        for index, holder in enumerate(holders):
            if house.pending_returns(holder):
                withdraw(index)
        assert chain.balance(house.address) == 0

        treasury = chain.balance(market.treasury) - treasury_before
        pool = chain.balance(market.c.proceeds.contract.address) - pool_before
        returned = sum(chain.balance(a) - start[a] + spent_on_gas[a] for a in start) + sent
        assert treasury + pool == house.state().amount
        assert treasury + pool + returned == sent
    finally:
        revert_to(chain, snapshot_id)
