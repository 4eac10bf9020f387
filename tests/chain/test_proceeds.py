"""ProceedsDistributor: the split at settlement, Merkle + signer-authorised share claims, the sweep."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_utils import keccak

from auction.chain import TransactionFailed, advance_time, deploy_contract, transact
from tests.chain.conftest import Market
from tests.chain.helpers import DAY, ETH, HOUR, fresh_address
from tests.chain.merkle import ShareTree

WEIGHTS = [3, 5, 11, 1, 7]  # e.g. kilograms diverted; total 27
COMMITMENTS = [keccak(text=f"salted commitment {i}") for i in range(len(WEIGHTS))]
PARTICIPANTS_BPS = 3_000
PRICE = 10 * ETH + 12_345  # not a multiple of anything, so rounding happens
CLAIM_PERIOD = 30 * DAY


@dataclass
class Sold:
    market: Market
    token: int
    tree: ShareTree
    treasury_received: int


@pytest.fixture
def sold(fresh: Market) -> Sold:
    """An artwork whose pool is configured, auctioned and settled at PRICE."""
    token = fresh.c.art.mint(keccak(text="pool campaign"), "bafy-pool")
    tree = ShareTree(list(zip(COMMITMENTS, WEIGHTS, strict=True)))
    fresh.c.proceeds.configure_pool(
        token,
        participants_bps=PARTICIPANTS_BPS,
        merkle_root=tree.root,
        total_weight=sum(WEIGHTS),
        claim_period=CLAIM_PERIOD,
    )
    fresh.c.auction_house.start(token, ETH, HOUR)
    fresh.c.auction_house.bid(token, PRICE, bidder=fresh.bidders[0])
    before = fresh.chain.balance(fresh.treasury)
    advance_time(fresh.chain, HOUR)
    fresh.c.auction_house.settle()
    return Sold(fresh, token, tree, fresh.chain.balance(fresh.treasury) - before)


def _claim(sold: Sold, i: int, recipient: str | None = None) -> int:
    m = sold.market
    to = recipient or fresh_address(str(i))
    signature = m.c.proceeds.sign_share_claim(sold.token, COMMITMENTS[i], to, m.signer)
    return m.c.proceeds.claim_share(sold.token, COMMITMENTS[i], WEIGHTS[i], sold.tree.proof(i), to, signature)


def test_settlement_splits_proceeds_and_rounding_goes_to_treasury(sold: Sold) -> None:
    unit = PRICE * PARTICIPANTS_BPS // 10_000 // sum(WEIGHTS)
    pool = sold.market.c.proceeds.pool(sold.token)
    assert (pool.unit_wei, pool.funded) == (unit, unit * sum(WEIGHTS))
    assert sold.treasury_received == PRICE - unit * sum(WEIGHTS)
    assert sold.market.chain.balance(sold.market.c.proceeds.contract.address) == pool.funded


def test_shares_sum_exactly_to_the_pool(sold: Sold) -> None:
    paid = [_claim(sold, i) for i in range(len(WEIGHTS))]
    pool = sold.market.c.proceeds.pool(sold.token)
    assert sum(paid) == pool.funded == pool.claimed
    assert [sold.market.chain.balance(fresh_address(str(i))) for i in range(len(WEIGHTS))] == paid
    assert paid == [pool.unit_wei * w for w in WEIGHTS]
    assert sold.market.chain.balance(sold.market.c.proceeds.contract.address) == 0


def test_double_claim_is_refused(sold: Sold) -> None:
    _claim(sold, 2)
    with pytest.raises(TransactionFailed) as failure:
        _claim(sold, 2, fresh_address("elsewhere"))
    assert str(failure.value) == "this participant's share was already claimed"
    assert failure.value.error_args == {"tokenId": sold.token, "commitment": COMMITMENTS[2]}


def test_claim_after_the_deadline_is_refused(sold: Sold) -> None:
    advance_time(sold.market.chain, CLAIM_PERIOD + 1)
    with pytest.raises(TransactionFailed) as failure:
        _claim(sold, 0)
    assert failure.value.error_name == "ClaimWindowClosed"
    assert failure.value.error_args["claimDeadline"] == sold.market.c.proceeds.pool(sold.token).claim_deadline


def test_sweep_before_the_deadline_is_refused(sold: Sold) -> None:
    with pytest.raises(TransactionFailed) as failure:
        sold.market.c.proceeds.sweep(sold.token)
    assert failure.value.error_name == "ClaimWindowOpen"


def test_sweep_sends_unclaimed_shares_to_treasury(sold: Sold) -> None:
    m = sold.market
    claimed = _claim(sold, 1) + _claim(sold, 3)
    funded = m.c.proceeds.pool(sold.token).funded
    before = m.chain.balance(m.treasury)
    advance_time(m.chain, CLAIM_PERIOD + 1)
    m.c.proceeds.sweep(sold.token, sender=m.outsider)
    assert m.chain.balance(m.treasury) == before + funded - claimed
    assert m.chain.balance(m.c.proceeds.contract.address) == 0
    with pytest.raises(TransactionFailed, match="was already swept"):
        m.c.proceeds.sweep(sold.token)


def test_claim_to_a_recipient_the_signer_did_not_authorise_is_refused(sold: Sold) -> None:
    m = sold.market
    honest = fresh_address("honest")
    signature = m.c.proceeds.sign_share_claim(sold.token, COMMITMENTS[0], honest, m.signer)
    thief = m.outsider.address
    with pytest.raises(TransactionFailed) as failure:
        m.c.proceeds.claim_share(sold.token, COMMITMENTS[0], WEIGHTS[0], sold.tree.proof(0), thief, signature)
    assert failure.value.error_name == "InvalidClaimSigner"


def test_front_runner_copying_a_claim_only_pays_the_chosen_wallet(sold: Sold) -> None:
    m = sold.market
    wallet = fresh_address("chosen")
    signature = m.c.proceeds.sign_share_claim(sold.token, COMMITMENTS[4], wallet, m.signer)
    amount = m.c.proceeds.claim_share(
        sold.token, COMMITMENTS[4], WEIGHTS[4], sold.tree.proof(4), wallet, signature, sender=m.outsider
    )
    assert m.chain.balance(wallet) == amount == m.c.proceeds.share_of(sold.token, WEIGHTS[4])


def test_claim_with_a_wrong_weight_is_refused(sold: Sold) -> None:
    m = sold.market
    to = fresh_address("greedy")
    signature = m.c.proceeds.sign_share_claim(sold.token, COMMITMENTS[0], to, m.signer)
    with pytest.raises(TransactionFailed) as failure:
        m.c.proceeds.claim_share(sold.token, COMMITMENTS[0], 100, sold.tree.proof(0), to, signature)
    assert str(failure.value) == "the Merkle proof does not match the pool's public dataset"


def test_pool_cannot_change_after_proceeds_arrive(sold: Sold) -> None:
    with pytest.raises(TransactionFailed) as failure:
        sold.market.c.proceeds.configure_pool(
            sold.token, participants_bps=0, merkle_root=b"\x00" * 32, total_weight=0, claim_period=0
        )
    assert str(failure.value) == (
        f"proceeds for token {sold.token} have arrived; the participants' pool can no longer change"
    )


def test_failed_share_payment_becomes_withdrawable(sold: Sold) -> None:
    m = sold.market
    # A wallet contract whose receive reverts; its withdrawTo calls withdraw(address) on the distributor.
    wallet = deploy_contract(m.chain, "RevertingBidder", m.c.proceeds.contract.address, test=True)
    amount = _claim(sold, 2, wallet.address)
    assert m.c.proceeds.owed(wallet.address) == amount
    rescue = fresh_address("rescue")
    transact(m.chain, wallet.functions.withdrawTo(rescue), sender=m.bidders[3])
    assert m.chain.balance(rescue) == amount
    assert m.c.proceeds.owed(wallet.address) == 0


@pytest.mark.parametrize(
    ("bps", "root", "weight", "period", "message"),
    [
        (10_001, b"\x01" * 32, 1, 30 * DAY, "the participants' share must be at most 100%, not 100.01%"),
        (1_000, b"\x00" * 32, 1, 30 * DAY, "a participants' pool needs a Merkle root and a positive total weight"),
        (1_000, b"\x01" * 32, 0, 30 * DAY, "a participants' pool needs a Merkle root and a positive total weight"),
        (1_000, b"\x01" * 32, 1, HOUR, "the claim period must be between 1 day and 730 days, not 1 hour"),
    ],
)
def test_invalid_pool_configurations_are_refused(
    fresh: Market, bps: int, root: bytes, weight: int, period: int, message: str
) -> None:
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.proceeds.configure_pool(
            1, participants_bps=bps, merkle_root=root, total_weight=weight, claim_period=period
        )
    assert str(failure.value) == message


def test_only_the_auction_house_deposits(fresh: Market) -> None:
    function = fresh.c.proceeds.contract.functions.deposit(1)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function, sender=fresh.outsider, value=ETH)
    assert str(failure.value) == f"{fresh.outsider.address} is not the auction house; only it deposits proceeds"


def test_auction_house_is_set_only_once(fresh: Market) -> None:
    function = fresh.c.proceeds.contract.functions.setAuctionHouse(fresh.outsider.address)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function)
    assert failure.value.error_args == {"auctionHouse": fresh.c.auction_house.address}
