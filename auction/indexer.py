"""The chain indexer: the suite's events, copied into the database block range by block range.

The site shows what the chain says happened, never what it believes it sent: every view of an
auction is computed from these rows. ``Indexer.sync`` reads from the cursor (the first block not
yet indexed) to the latest block and stores the events and the new cursor in one database
transaction, so it is idempotent and a restart continues where it stopped. The chains the site
talks to here do not reorganise (the embedded EVM, dev nodes); on a public chain run it a few
blocks behind the head (``confirmations``) so that a reorganisation cannot leave stale rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from hexbytes import HexBytes
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from web3.contract import Contract

from auction import db
from auction.chain import Chain, Suite, load_artifact
from auction.chain.events import contract_events

CONTRACTS = (("art", "CollectiveArt"), ("badge", "ContributionBadge"), ("proceeds", "ProceedsDistributor"),
             ("auction_house", "AuctionHouse"))
MAX_RANGE = 5_000  # blocks per get_logs call: public nodes cap the range


@dataclass(frozen=True)
class IndexedEvent:
    """One stored event: the chain's record of something that happened."""

    block_number: int
    log_index: int
    tx_hash: str
    contract: str
    event: str
    args: dict[str, Any]
    block_time: int


def _plain(value: Any) -> Any:
    """Event arguments as JSON: bytes as 0x hex, tuples as lists."""
    if isinstance(value, (bytes, bytearray, HexBytes)):
        return "0x" + bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Indexer:
    """Copies the events of one deployed suite into ``chain_events``."""

    def __init__(self, engine: Engine, chain: Chain, suite: Suite, *, confirmations: int = 0) -> None:
        self.engine = engine
        self.chain = chain
        self.suite = suite
        self.confirmations = confirmations
        self.contracts: list[Contract] = [
            chain.w3.eth.contract(address=getattr(suite, field), abi=load_artifact(name).abi)
            for field, name in CONTRACTS
        ]

    def cursor(self) -> int:
        """The first block not yet indexed."""
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(db.indexer_cursor.c.next_block).where(db.indexer_cursor.c.chain_id == self.chain.chain_id)
            ).scalar()
        return int(found) if found is not None else self.suite.deployed_block

    def sync(self) -> int:
        """Indexes every new block up to the head (less ``confirmations``); returns the events stored."""
        stored = 0
        head = self.chain.w3.eth.block_number - self.confirmations
        start = self.cursor()
        while start <= head:
            end = min(head, start + MAX_RANGE - 1)
            stored += self._index_range(start, end)
            start = end + 1
        return stored

    def _index_range(self, start: int, end: int) -> int:
        found = [(c, e) for c in self.contracts for e in contract_events(self.chain, c, start, end)]
        times = {n: int(self.chain.w3.eth.get_block(n)["timestamp"]) for n in {e.block_number for _, e in found}}
        rows = [
            {
                "chain_id": self.chain.chain_id,
                "block_number": e.block_number,
                "log_index": e.log_index,
                "tx_hash": e.tx_hash,
                "contract": contract.address,
                "event": e.name,
                "args": _plain(e.args),
                "block_time": times[e.block_number],
            }
            for contract, e in found
        ]
        try:
            with self.engine.begin() as conn:
                if rows:
                    conn.execute(db.chain_events.insert(), rows)
                updated = conn.execute(
                    db.indexer_cursor.update()
                    .where(db.indexer_cursor.c.chain_id == self.chain.chain_id)
                    .values(next_block=end + 1)
                ).rowcount
                if not updated:
                    conn.execute(db.indexer_cursor.insert().values(chain_id=self.chain.chain_id, next_block=end + 1))
        except IntegrityError:
            return 0  # another worker indexed this range first
        return len(rows)

    def events(self, *, event: str | None = None, contract: str | None = None) -> list[IndexedEvent]:
        """Stored events of this chain, oldest first, optionally of one name or contract."""
        table = db.chain_events
        query = sa.select(table).where(table.c.chain_id == self.chain.chain_id)
        if event is not None:
            query = query.where(table.c.event == event)
        if contract is not None:
            query = query.where(table.c.contract == contract)
        query = query.order_by(table.c.block_number, table.c.log_index)
        with self.engine.connect() as conn:
            return [
                IndexedEvent(r.block_number, r.log_index, r.tx_hash, r.contract, r.event, dict(r.args), r.block_time)
                for r in conn.execute(query)
            ]
