"""CollectiveArt: one token per campaign, ipfs:// URIs, ERC-4906 updates, the freeze, EIP-2981."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from web3.logs import DISCARD

from auction.chain import TransactionFailed, transact
from auction.chain.art import ERC721_INTERFACE, ERC2981_INTERFACE, ERC4906_INTERFACE, campaign_id
from tests.chain.conftest import Market
from tests.chain.helpers import ETH, HOUR

CAMPAIGN = campaign_id("kawasaki-compost")


def test_mint_gives_the_campaign_one_token_with_an_ipfs_uri(fresh: Market) -> None:
    token = fresh.c.art.mint(CAMPAIGN, "bafyartwork")
    assert fresh.c.art.token_uri(token) == "ipfs://bafyartwork"
    assert fresh.c.art.owner_of(token) == fresh.owner.address
    assert fresh.c.art.token_of_campaign(CAMPAIGN) == token
    assert fresh.c.art.metadata_frozen(token) is False


def test_second_mint_for_a_campaign_is_refused(fresh: Market) -> None:
    token = fresh.c.art.mint(CAMPAIGN, "bafyartwork")
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.art.mint(CAMPAIGN, "bafyother")
    assert str(failure.value) == f"campaign 0x{CAMPAIGN.hex()} already has its artwork (token {token})"


@pytest.mark.parametrize(
    ("campaign", "cid", "message"),
    [
        (b"\x00" * 32, "bafy", "the campaign id must not be zero"),
        (keccak(text="x"), "", "the IPFS CID must not be empty"),
    ],
)
def test_invalid_mints_are_refused(fresh: Market, campaign: bytes, cid: str, message: str) -> None:
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.art.mint(campaign, cid)
    assert str(failure.value) == message


def test_only_the_owner_mints(fresh: Market) -> None:
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.art.mint(CAMPAIGN, "bafy", sender=fresh.outsider)
    assert failure.value.error_name == "OwnableUnauthorizedAccount"


def test_regenerated_art_emits_metadata_update(fresh: Market) -> None:
    token = fresh.c.art.mint(CAMPAIGN, "bafyv1")
    receipt = fresh.c.art.set_cid(token, "bafyv2")
    (update,) = fresh.c.art.contract.events.MetadataUpdate().process_receipt(receipt, errors=DISCARD)
    assert update["args"]["_tokenId"] == token
    assert fresh.c.art.token_uri(token) == "ipfs://bafyv2"


def test_putting_the_token_up_for_auction_freezes_its_metadata(fresh: Market) -> None:
    token = fresh.c.art.mint(CAMPAIGN, "bafyv1")
    receipt = fresh.c.auction_house.start(token, ETH, HOUR)
    (frozen,) = fresh.c.art.contract.events.PermanentURI().process_receipt(receipt, errors=DISCARD)
    assert (frozen["args"]["value"], frozen["args"]["id"]) == ("ipfs://bafyv1", token)
    assert fresh.c.art.metadata_frozen(token)
    with pytest.raises(TransactionFailed) as failure:
        fresh.c.art.set_cid(token, "bafyv2")
    assert str(failure.value) == f"the metadata of token {token} is frozen and can no longer change"


def test_owner_can_freeze_metadata_before_auction(fresh: Market) -> None:
    token = fresh.c.art.mint(CAMPAIGN, "bafyv1")
    fresh.c.art.freeze(token)
    with pytest.raises(TransactionFailed, match="is frozen"):
        fresh.c.art.freeze(token)


def test_royalties_go_to_the_treasury(fresh: Market) -> None:
    token = fresh.c.art.mint(CAMPAIGN, "bafyv1")
    assert fresh.c.art.royalty_info(token, 10 * ETH) == (fresh.treasury, ETH // 2)


def test_royalty_above_the_cap_is_refused(fresh: Market) -> None:
    function = fresh.c.art.contract.functions.setRoyalty(fresh.treasury, 1_001)
    with pytest.raises(TransactionFailed) as failure:
        transact(fresh.chain, function)
    assert str(failure.value) == "a royalty of 10.01% is above the cap of 10%"


@pytest.mark.parametrize("interface", [ERC721_INTERFACE, ERC2981_INTERFACE, ERC4906_INTERFACE])
def test_supported_interfaces(market: Market, interface: bytes) -> None:
    assert market.c.art.supports_interface(interface)


def test_token_uri_of_a_missing_token_reverts(market: Market) -> None:
    with pytest.raises(TransactionFailed) as failure:
        market.c.art.token_uri(999)
    assert str(failure.value) == "token 999 does not exist"
