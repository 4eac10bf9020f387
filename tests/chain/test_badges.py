"""The soulbound ContributionBadge: claims with EIP-712 vouchers, ERC-5192 locking, refused transfers."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from auction.chain import BadgeVoucher, TransactionFailed, transact
from auction.chain.badges import ERC5192_INTERFACE
from tests.chain.conftest import Market

CAMPAIGN = keccak(text="kawasaki-compost")
PARTICIPANT = keccak(text="salted commitment of household 17")


def _voucher(market: Market, recipient: str | None = None) -> BadgeVoucher:
    return BadgeVoucher(CAMPAIGN, PARTICIPANT, recipient or market.bidders[0].address, "bafy-badge-17")


def test_claim_mints_a_locked_badge_to_the_chosen_wallet(fresh: Market) -> None:
    voucher = _voucher(fresh)
    token = fresh.c.badges.claim(voucher, fresh.c.badges.sign_voucher(voucher, fresh.signer))
    assert fresh.c.badges.owner_of(token) == voucher.recipient
    assert fresh.c.badges.locked(token) is True
    assert fresh.c.badges.token_uri(token) == "ipfs://bafy-badge-17"
    assert fresh.c.badges.badge_of(CAMPAIGN, PARTICIPANT) == token
    assert bool(fresh.c.badges.contract.functions.supportsInterface(ERC5192_INTERFACE).call())


def test_anyone_may_relay_a_claim_but_the_badge_goes_to_the_recipient(fresh: Market) -> None:
    voucher = _voucher(fresh)
    token = fresh.c.badges.claim(voucher, fresh.c.badges.sign_voucher(voucher, fresh.signer), sender=fresh.outsider)
    assert fresh.c.badges.owner_of(token) == voucher.recipient


@pytest.mark.parametrize("method", ["transferFrom", "safeTransferFrom"])
def test_badge_transfer_reverts(fresh: Market, method: str) -> None:
    holder = fresh.bidders[0]
    voucher = _voucher(fresh, holder.address)
    token = fresh.c.badges.claim(voucher, fresh.c.badges.sign_voucher(voucher, fresh.signer))
    function = getattr(fresh.c.badges.contract.functions, method)(holder.address, fresh.outsider.address, token)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function, sender=holder)
    assert str(failure.value) == f"badge {token} is soulbound and can never be transferred"
    assert failure.value.error_name == "BadgeIsSoulbound"
    assert fresh.c.badges.owner_of(token) == holder.address


def test_voucher_used_twice_is_refused(fresh: Market) -> None:
    voucher = _voucher(fresh)
    signature = fresh.c.badges.sign_voucher(voucher, fresh.signer)
    token = fresh.c.badges.claim(voucher, signature)
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.badges.claim(voucher, signature)
    assert str(failure.value) == f"this participant already claimed the campaign's badge (token {token})"


def test_second_voucher_for_the_same_participant_is_refused(fresh: Market) -> None:
    first = _voucher(fresh)
    fresh.c.badges.claim(first, fresh.c.badges.sign_voucher(first, fresh.signer))
    other = _voucher(fresh, fresh.bidders[1].address)
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.badges.claim(other, fresh.c.badges.sign_voucher(other, fresh.signer))
    assert failure.value.error_name == "BadgeAlreadyClaimed"


def test_voucher_for_another_address_is_refused(fresh: Market) -> None:
    voucher = _voucher(fresh)
    signature = fresh.c.badges.sign_voucher(voucher, fresh.signer)
    stolen = BadgeVoucher(voucher.campaign_id, voucher.participant, fresh.outsider.address, voucher.cid)
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.badges.claim(stolen, signature, sender=fresh.outsider)
    assert failure.value.error_name == "InvalidVoucherSigner"
    assert failure.value.error_args["recovered"] != fresh.signer.address
    assert fresh.c.badges.badge_of(CAMPAIGN, PARTICIPANT) is None


def test_voucher_from_a_forged_signer_is_refused(fresh: Market) -> None:
    voucher = _voucher(fresh)
    forger = fresh.outsider
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.badges.claim(voucher, fresh.c.badges.sign_voucher(voucher, forger))
    assert str(failure.value) == (
        f"the voucher was not signed by the program's signer (it was signed by {forger.address})"
    )


def test_malformed_signature_is_refused(fresh: Market) -> None:
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.badges.claim(_voucher(fresh), b"\x00" * 64)
    assert failure.value.error_args == {"recovered": "0x" + "00" * 20}


def test_locked_of_a_missing_badge_reverts(fresh: Market) -> None:
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.badges.locked(99)
    assert str(failure.value) == "token 99 does not exist"


def test_only_owner_changes_the_signer(fresh: Market) -> None:
    function = fresh.c.badges.contract.functions.setSigner(fresh.outsider.address)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function, sender=fresh.outsider)
    assert failure.value.error_name == "OwnableUnauthorizedAccount"
    transact(fresh.chain, function)
    assert fresh.c.badges.signer() == fresh.outsider.address
