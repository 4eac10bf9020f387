"""Client of the AuctionHouse: open an auction, bid, settle, withdraw, and read state and events."""

from __future__ import annotations

from dataclasses import dataclass

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.types import TxReceipt

from auction.chain.artifacts import load_artifact
from auction.chain.connection import Chain
from auction.chain.events import ChainEvent, contract_events
from auction.chain.transactions import call, transact

ZERO_ADDRESS = "0x" + "00" * 20


@dataclass(frozen=True)
class AuctionSettings:
    """Rules fixed while an auction is live (defaults: Zora/Foundation's 15-minute buffer, a 5 %
    increment between their 10 % and Nouns' 2 %, and at most a day of extensions)."""

    min_bid_increment_percentage: int = 5
    time_buffer: int = 15 * 60
    max_extension: int = 24 * 3600

    def as_tuple(self) -> tuple[int, int, int]:
        """The Solidity ``Settings`` struct."""
        return (self.min_bid_increment_percentage, self.time_buffer, self.max_extension)


@dataclass(frozen=True)
class AuctionState:
    """The current (or last) auction as the contract holds it."""

    token_id: int
    amount: int
    reserve_price: int
    bidder: str | None
    start_time: int
    end_time: int
    max_end_time: int
    settled: bool

    @property
    def exists(self) -> bool:
        """Whether any auction was ever created."""
        return self.start_time != 0

    def is_open(self, now: int) -> bool:
        """Whether bids are accepted at chain time ``now``."""
        return self.exists and not self.settled and now < self.end_time

    def can_settle(self, now: int) -> bool:
        """Whether anyone may settle at chain time ``now``."""
        return self.exists and not self.settled and now >= self.end_time


class AuctionHouseClient:
    """Reads and writes one deployed AuctionHouse."""

    def __init__(self, chain: Chain, address: str) -> None:
        self.chain = chain
        self.contract = chain.w3.eth.contract(
            address=Web3.to_checksum_address(address), abi=load_artifact("AuctionHouse").abi
        )
        self._art = chain.w3.eth.contract(
            address=call(self.contract.functions.art()), abi=load_artifact("CollectiveArt").abi
        )

    @property
    def address(self) -> str:
        """The contract's checksummed address."""
        return str(self.contract.address)

    def start(
        self, token_id: int, reserve_price: int, duration: int, *, sender: LocalAccount | None = None
    ) -> TxReceipt:
        """Approves the house to take the token (if needed) and opens its auction; freezes its metadata."""
        owner = sender or self.chain.default_account
        if call(self._art.functions.getApproved(token_id)) != self.address:
            transact(self.chain, self._art.functions.approve(self.address, token_id), sender=owner)
        return transact(
            self.chain, self.contract.functions.createAuction(token_id, reserve_price, duration), sender=owner
        )

    def bid(self, token_id: int, amount: int, *, bidder: LocalAccount | None = None) -> TxReceipt:
        """Bids ``amount`` wei; a bid below the minimum raises ``TransactionFailed``
        ("bid must be at least 1.05 ETH")."""
        return transact(self.chain, self.contract.functions.createBid(token_id), sender=bidder, value=amount)

    def settle(self, *, sender: LocalAccount | None = None) -> TxReceipt:
        """Hands out the token and the proceeds after the end; anyone may call it."""
        return transact(self.chain, self.contract.functions.settleAuction(), sender=sender)

    def withdraw(self, account: LocalAccount, to: str | None = None) -> TxReceipt:
        """Sends ``account``'s deferred refunds to ``to`` (default: the account itself)."""
        return transact(self.chain, self.contract.functions.withdraw(to or account.address), sender=account)

    def set_settings(self, settings: AuctionSettings, *, sender: LocalAccount | None = None) -> None:
        """Changes the rules that differ from the current ones (only while no auction is live)."""
        current = self.settings()
        functions = self.contract.functions
        # Order matters: the buffer may not exceed the cap, so widen the cap first and narrow it last.
        if settings.max_extension > current.max_extension:
            transact(self.chain, functions.setMaxExtension(settings.max_extension), sender=sender)
        if settings.time_buffer != current.time_buffer:
            transact(self.chain, functions.setTimeBuffer(settings.time_buffer), sender=sender)
        if settings.max_extension < current.max_extension:
            transact(self.chain, functions.setMaxExtension(settings.max_extension), sender=sender)
        if settings.min_bid_increment_percentage != current.min_bid_increment_percentage:
            transact(
                self.chain,
                functions.setMinBidIncrementPercentage(settings.min_bid_increment_percentage),
                sender=sender,
            )

    def state(self) -> AuctionState:
        """The current (or last) auction."""
        token_id, amount, reserve, bidder, start, end, max_end, settled = call(self.contract.functions.auction())
        return AuctionState(
            token_id=int(token_id),
            amount=int(amount),
            reserve_price=int(reserve),
            bidder=None if bidder == ZERO_ADDRESS else str(bidder),
            start_time=int(start),
            end_time=int(end),
            max_end_time=int(max_end),
            settled=bool(settled),
        )

    def settings(self) -> AuctionSettings:
        """The current rules."""
        increment, buffer, cap = call(self.contract.functions.settings())
        return AuctionSettings(int(increment), int(buffer), int(cap))

    def minimum_bid(self) -> int:
        """The smallest bid accepted now, in wei."""
        return int(call(self.contract.functions.minimumBid()))

    def pending_returns(self, account: str) -> int:
        """Deferred refunds ``account`` can withdraw, in wei."""
        return int(call(self.contract.functions.pendingReturns(Web3.to_checksum_address(account))))

    def events(self, from_block: int = 0) -> list[ChainEvent]:
        """Every event of the house since ``from_block``, oldest first (bids, extensions, refunds...)."""
        return contract_events(self.chain, self.contract, from_block)
