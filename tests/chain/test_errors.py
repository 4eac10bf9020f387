"""Decoding revert data into messages a person understands (no chain needed)."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import keccak
from web3.exceptions import ContractCustomError, ContractLogicError

from auction.chain.artifacts import revert_decoder
from auction.chain.errors import format_duration, format_eth, revert_data


def _data(signature: str, types: list[str], values: list[object]) -> bytes:
    return keccak(text=signature)[:4] + encode(types, values)


ADDRESS = "0x" + "ab" * 20
CHECKSUMMED = "0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _data("BidIncrementTooLow(uint256,uint256)", ["uint256"] * 2, [10**18, 105 * 10**16]),
            "bid must be at least 1.05 ETH",
        ),
        (
            _data("BidBelowReserve(uint256,uint256)", ["uint256"] * 2, [1, 2 * 10**18]),
            "bid must be at least 2 ETH (the reserve price)",
        ),
        (
            _data("AuctionExpired(uint256)", ["uint256"], [0]),
            "the auction ended at 1970-01-01 00:00:00 UTC; bids are closed",
        ),
        (_data("NothingToWithdraw(address)", ["address"], [ADDRESS]), f"{CHECKSUMMED} has nothing to withdraw"),
        (
            _data("RoyaltyTooHigh(uint96,uint96)", ["uint96"] * 2, [1_250, 1_000]),
            "a royalty of 12.5% is above the cap of 10%",
        ),
        (_data("ERC721NonexistentToken(uint256)", ["uint256"], [7]), "token 7 does not exist"),
        (_data("Error(string)", ["string"], ["plain reason"]), "plain reason"),
        (_data("Panic(uint256)", ["uint256"], [0x11]), "contract panic 0x11: arithmetic overflow or underflow"),
        (bytes.fromhex("deadbeef"), "the contract reverted with unknown error 0xdeadbeef"),
        (b"", "the transaction reverted without a reason"),
        (
            _data("BidIncrementTooLow(uint256,uint256)", [], []),
            "the contract reverted with unknown error 0x"
            + keccak(text="BidIncrementTooLow(uint256,uint256)")[:4].hex(),
        ),
    ],
)
def test_revert_data_decodes_to_a_sentence(data: bytes, message: str) -> None:
    assert str(revert_decoder().decode(data)) == message


def test_decoded_error_keeps_name_and_named_arguments() -> None:
    failure = revert_decoder().decode(_data("NotCurrentAuction(uint256,uint256)", ["uint256"] * 2, [2, 1]))
    assert (failure.error_name, failure.error_args) == ("NotCurrentAuction", {"tokenId": 2, "currentTokenId": 1})


def test_every_custom_error_of_the_suite_has_a_sentence() -> None:
    from auction.chain.artifacts import PRODUCTION_CONTRACTS, load_artifact
    from auction.chain.errors import MESSAGES

    names = {i["name"] for c in PRODUCTION_CONTRACTS for i in load_artifact(c).abi if i["type"] == "error"}
    names -= {"InvalidShortString", "StringTooLong"}  # EIP-712 constructor errors, raised only at deploy
    assert sorted(names - MESSAGES.keys()) == []


@pytest.mark.parametrize(
    ("exc", "data"),
    [
        (ContractCustomError("0x12345678", data="0x12345678"), bytes.fromhex("12345678")),
        (ContractLogicError("execution reverted", data={"result": "0xabcdef01"}), bytes.fromhex("abcdef01")),
        (ContractLogicError("execution reverted"), None),
    ],
)
def test_revert_data_is_found_where_providers_put_it(exc: Exception, data: bytes | None) -> None:
    assert revert_data(exc) == data


@pytest.mark.parametrize(
    ("wei", "text"), [(0, "0 ETH"), (1, "0.000000000000000001 ETH"), (10**19, "10 ETH"), (1234 * 10**15, "1.234 ETH")]
)
def test_format_eth(wei: int, text: str) -> None:
    assert format_eth(wei) == text


@pytest.mark.parametrize(("seconds", "text"), [(900, "15 minutes"), (86400, "1 day"), (90, "90 seconds")])
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text
