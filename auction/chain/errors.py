"""Chain errors, and the decoding of reverts into messages a person understands.

Hierarchy::

    ChainError                 anything that went wrong talking to the chain
    ├── ConfigurationError     no key, an unreadable key file, a missing artifact, a bad URL
    └── TransactionFailed      a call or transaction reverted; carries the decoded custom error

Contracts revert with custom errors (``BidIncrementTooLow(amount, minimumBid)``), which
``catch Error(string)`` and most wallets miss (a Nouns Builder audit finding); ``RevertDecoder``
turns their ABI-encoded data back into a name, named arguments and a sentence such as
"bid must be at least 1.05 ETH".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from eth_utils import keccak, to_checksum_address

ERROR_STRING_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
PANIC_SELECTOR = bytes.fromhex("4e487b71")  # Panic(uint256)

# Solidity's panic codes (docs: "Panic via assert and Error via require").
PANIC_REASONS = {
    0x01: "an assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division by zero",
    0x21: "invalid enum value",
    0x31: "pop from an empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory",
    0x51: "call to an uninitialised function",
}


class ChainError(Exception):
    """Base of every error raised by ``auction.chain``."""


class ConfigurationError(ChainError):
    """The chain layer cannot start: a key, key file, artifact or URL is missing or wrong."""


class TransactionFailed(ChainError):
    """A call or transaction reverted.

    ``message`` is for people; ``error_name`` and ``error_args`` (the custom error's ABI name and
    named arguments, e.g. ``"BidIncrementTooLow"``, ``{"amount": ..., "minimumBid": ...}``) are
    for code; ``data`` is the raw revert data.
    """

    def __init__(
        self,
        message: str,
        *,
        error_name: str | None = None,
        error_args: Mapping[str, Any] | None = None,
        data: bytes = b"",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_name = error_name
        self.error_args = dict(error_args or {})
        self.data = data


def format_eth(wei: int) -> str:
    """Wei as a short decimal ETH amount: 1050000000000000000 -> "1.05 ETH"."""
    if wei == 0:
        return "0 ETH"
    return f"{Decimal(wei).scaleb(-18).normalize():f} ETH"


def format_time(timestamp: int) -> str:
    """A block timestamp as UTC wall time."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def format_duration(seconds: int) -> str:
    """Seconds as the largest whole unit that divides them ("15 minutes", "30 days")."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def _percent(bps: int) -> str:
    return f"{Decimal(bps).scaleb(-2).normalize():f}%"


Template = Callable[[Mapping[str, Any]], str]

# One sentence per custom error of the suite and of the OpenZeppelin bases it inherits.
MESSAGES: dict[str, Template] = {
    # AuctionHouse
    "NoAuction": lambda a: "no auction has been created yet",
    "NotCurrentAuction": lambda a: (
        f"token {a['tokenId']} is not on sale; the current auction is for token {a['currentTokenId']}"
    ),
    "AuctionExpired": lambda a: f"the auction ended at {format_time(a['endTime'])}; bids are closed",
    "AuctionNotEnded": lambda a: f"the auction runs until {format_time(a['endTime'])}; settle it after that",
    "AuctionAlreadySettled": lambda a: f"the auction of token {a['tokenId']} is already settled",
    "AuctionLive": lambda a: (
        f"the auction of token {a['tokenId']} is live; settings are fixed and no new auction can start "
        "until it is settled"
    ),
    "BidBelowReserve": lambda a: f"bid must be at least {format_eth(a['reservePrice'])} (the reserve price)",
    "BidIncrementTooLow": lambda a: f"bid must be at least {format_eth(a['minimumBid'])}",
    "InvalidReservePrice": lambda a: "the reserve price must be at least 1 wei",
    "InvalidDuration": lambda a: (
        f"the duration must be between {format_duration(a['minDuration'])} and "
        f"{format_duration(a['maxDuration'])}, not {format_duration(a['duration'])}"
    ),
    "InvalidMinBidIncrement": lambda a: (
        f"the minimum bid increment must be 1 to 100 percent, not {a['minBidIncrementPercentage']}"
    ),
    "InvalidTimeBuffer": lambda a: (
        f"the time buffer must be at most {format_duration(a['maxTimeBuffer'])}, not {format_duration(a['timeBuffer'])}"
    ),
    "InvalidMaxExtension": lambda a: (
        f"the extension cap must be between {format_duration(a['minAllowed'])} and "
        f"{format_duration(a['maxAllowed'])}, not {format_duration(a['maxExtension'])}"
    ),
    "ProceedsNotAuthorised": lambda a: (
        f"the proceeds distributor {a['distributor']} does not accept deposits from this auction house"
    ),
    "NothingToWithdraw": lambda a: f"{a['account']} has nothing to withdraw",
    "WithdrawFailed": lambda a: (
        f"sending {format_eth(a['amount'])} to {a['to']} failed; the balance is kept, withdraw to another address"
    ),
    "InsufficientGasForPayment": lambda a: (
        f"too little gas to pay the recipient in full ({a['gasLeft']} left, {a['required']} needed); "
        "send the transaction with more gas"
    ),
    # CollectiveArt
    "CampaignAlreadyMinted": lambda a: (
        f"campaign 0x{a['campaignId'].hex()} already has its artwork (token {a['tokenId']})"
    ),
    "ZeroCampaignId": lambda a: "the campaign id must not be zero",
    "EmptyCid": lambda a: "the IPFS CID must not be empty",
    "MetadataIsFrozen": lambda a: f"the metadata of token {a['tokenId']} is frozen and can no longer change",
    "RoyaltyTooHigh": lambda a: f"a royalty of {_percent(a['feeBps'])} is above the cap of {_percent(a['maxBps'])}",
    # ContributionBadge
    "BadgeAlreadyClaimed": lambda a: f"this participant already claimed the campaign's badge (token {a['tokenId']})",
    "InvalidVoucherSigner": lambda a: (
        f"the voucher was not signed by the program's signer (it was signed by {a['recovered']})"
    ),
    "BadgeIsSoulbound": lambda a: f"badge {a['tokenId']} is soulbound and can never be transferred",
    "ZeroAddress": lambda a: "the zero address is not allowed here",
    # ProceedsDistributor
    "NotAuctionHouse": lambda a: f"{a['caller']} is not the auction house; only it deposits proceeds",
    "AuctionHouseAlreadySet": lambda a: f"the auction house is already set to {a['auctionHouse']}",
    "PoolAlreadyFunded": lambda a: (
        f"proceeds for token {a['tokenId']} have arrived; the participants' pool can no longer change"
    ),
    "InvalidShareBps": lambda a: f"the participants' share must be at most 100%, not {_percent(a['participantsBps'])}",
    "InvalidPoolTree": lambda a: "a participants' pool needs a Merkle root and a positive total weight",
    "InvalidClaimPeriod": lambda a: (
        f"the claim period must be between {format_duration(a['minPeriod'])} and "
        f"{format_duration(a['maxPeriod'])}, not {format_duration(a['claimPeriod'])}"
    ),
    "PoolNotFunded": lambda a: f"the participants' pool of token {a['tokenId']} holds no funds",
    "ClaimWindowClosed": lambda a: f"claims for token {a['tokenId']} closed at {format_time(a['claimDeadline'])}",
    "ClaimWindowOpen": lambda a: (
        f"claims for token {a['tokenId']} are open until {format_time(a['claimDeadline'])}; sweep after that"
    ),
    "ShareAlreadyClaimed": lambda a: "this participant's share was already claimed",
    "InvalidProof": lambda a: "the Merkle proof does not match the pool's public dataset",
    "InvalidClaimSigner": lambda a: (
        f"the claim was not authorised by the program's signer (it was signed by {a['recovered']})"
    ),
    "PoolExhausted": lambda a: (
        f"the pool has {format_eth(a['remaining'])} left, less than this share of {format_eth(a['requested'])}"
    ),
    "PoolAlreadySwept": lambda a: f"the participants' pool of token {a['tokenId']} was already swept",
    # OpenZeppelin 5
    "OwnableUnauthorizedAccount": lambda a: f"{a['account']} is not the owner of this contract",
    "OwnableInvalidOwner": lambda a: f"{a['owner']} cannot be the owner",
    "ReentrancyGuardReentrantCall": lambda a: "re-entrant call refused",
    "ERC721NonexistentToken": lambda a: f"token {a['tokenId']} does not exist",
    "ERC721InsufficientApproval": lambda a: f"{a['operator']} is not approved to move token {a['tokenId']}",
    "ERC721IncorrectOwner": lambda a: f"{a['sender']} does not own token {a['tokenId']}",
    "ERC721InvalidReceiver": lambda a: f"{a['receiver']} cannot receive ERC-721 tokens",
    "ERC721InvalidOwner": lambda a: f"{a['owner']} cannot own tokens",
    "ERC721InvalidSender": lambda a: f"{a['sender']} cannot send tokens",
    "ERC721InvalidApprover": lambda a: f"{a['approver']} cannot approve this token",
    "ERC721InvalidOperator": lambda a: f"{a['operator']} cannot be an operator",
    "ERC2981InvalidDefaultRoyaltyReceiver": lambda a: f"{a['receiver']} cannot receive royalties",
    "ERC2981InvalidDefaultRoyalty": lambda a: (
        f"a royalty of {a['numerator']}/{a['denominator']} is more than the whole sale price"
    ),
    "ERC2981InvalidTokenRoyaltyReceiver": lambda a: f"{a['receiver']} cannot receive royalties on token {a['tokenId']}",
    "ERC2981InvalidTokenRoyalty": lambda a: (
        f"a royalty of {a['numerator']}/{a['denominator']} on token {a['tokenId']} is more than the sale price"
    ),
}


@dataclass(frozen=True)
class _ErrorSpec:
    name: str
    arg_names: tuple[str, ...]
    arg_types: tuple[str, ...]


def _canonical_type(param: Mapping[str, Any]) -> str:
    kind = str(param["type"])
    if kind.startswith("tuple"):
        inner = ",".join(_canonical_type(c) for c in param["components"])
        return f"({inner}){kind[5:]}"
    return kind


def _normalise(value: Any, kind: str) -> Any:
    return to_checksum_address(value) if kind == "address" else value


class RevertDecoder:
    """Maps 4-byte selectors of the errors in a set of ABIs to names, arguments and messages."""

    def __init__(self, abis: Iterable[Iterable[Mapping[str, Any]]]) -> None:
        self._specs: dict[bytes, _ErrorSpec] = {}
        for abi in abis:
            for item in abi:
                if item.get("type") != "error":
                    continue
                types = tuple(_canonical_type(p) for p in item["inputs"])
                selector = keccak(text=f"{item['name']}({','.join(types)})")[:4]
                names = tuple(p["name"] or f"arg{i}" for i, p in enumerate(item["inputs"]))
                self._specs[selector] = _ErrorSpec(item["name"], names, types)

    def decode(self, data: bytes) -> TransactionFailed:
        """The ``TransactionFailed`` that ``data`` (raw revert data) stands for."""
        selector, body = data[:4], data[4:]
        if not data:
            return TransactionFailed("the transaction reverted without a reason", data=data)
        if selector == ERROR_STRING_SELECTOR:
            reason = _try_decode(("string",), body)
            if reason is not None:
                return TransactionFailed(reason[0], error_name="Error", error_args={"reason": reason[0]}, data=data)
        if selector == PANIC_SELECTOR:
            code = _try_decode(("uint256",), body)
            if code is not None:
                text = PANIC_REASONS.get(code[0], "an unknown panic")
                return TransactionFailed(
                    f"contract panic 0x{code[0]:02x}: {text}",
                    error_name="Panic",
                    error_args={"code": code[0]},
                    data=data,
                )
        spec = self._specs.get(selector)
        values = _try_decode(spec.arg_types, body) if spec else None
        if spec is None or values is None:
            return TransactionFailed(f"the contract reverted with unknown error 0x{data[:4].hex()}", data=data)
        args = {n: _normalise(v, t) for n, v, t in zip(spec.arg_names, values, spec.arg_types, strict=True)}
        template = MESSAGES.get(spec.name)
        if template is None:
            shown = ", ".join(f"{n}={v!r}" for n, v in args.items())
            message = f"{spec.name}({shown})"
        else:
            message = template(args)
        return TransactionFailed(message, error_name=spec.name, error_args=args, data=data)


def _try_decode(types: tuple[str, ...], body: bytes) -> tuple[Any, ...] | None:
    try:
        return tuple(abi_decode(list(types), body))
    except (DecodingError, OverflowError, ValueError):
        return None


def revert_data(exc: BaseException) -> bytes | None:
    """The raw revert data an RPC provider attached to web3's ``exc``, or None.

    web3 puts it on ``ContractCustomError``/``ContractLogicError`` as hex; Ganache answers
    ``eth_estimateGas`` with ``{"result": "0x..."}`` instead.
    """
    data = getattr(exc, "data", None)
    if isinstance(data, Mapping):
        data = data.get("result") or data.get("data")
    if isinstance(data, str) and data.startswith("0x"):
        return bytes.fromhex(data[2:])
    return data if isinstance(data, bytes) else None
