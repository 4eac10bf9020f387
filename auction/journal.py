"""The embedded chain's persistence: a journal of every mined block, replayed on start.

The in-process EVM (py-evm through eth-tester) lives in memory. So that stopping the demo loses no
bid, ``JournaledTester`` appends one JSON line per mined block to ``DATA_DIR/chain.journal`` and
fsyncs it before the call that mined the block returns::

    {"format": "chain-journal/1", "genesis_timestamp": 1796390000}                 (first line)
    {"block": 7, "timestamp": 1796390123, "txs": ["0x02f8..."], "state_root": "0x..."}

Replaying is exact because everything a block's state depends on is recorded: the genesis
timestamp (eth-tester would otherwise take the wall clock), each block's timestamp (eth-tester
stamps a pending block when its parent is mined; the replay sets it back with py-evm's
``set_header_timestamp`` before applying the block's raw signed transactions), and the transactions
themselves (signed locally, so their bytes and hashes are fixed). Each replayed block's state root
and transaction hashes are checked against the journal. Block hashes are not compared: eth-tester
draws a random ``mix_hash`` (prevrandao) per block, which the contracts never read.

The embedded chain's clock follows the wall clock: a transaction is stamped with the later of the
pending block's time and now, so an auction's countdown runs in real time; ``time_travel`` jumps
ahead (the demo's "skip to the end") and the jump is journaled like any block.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.exceptions import ValidationError
from web3 import EthereumTesterProvider, Web3

from auction.chain import Chain
from auction.chain.keys import account_from_hex

FORMAT = "chain-journal/1"


class JournalError(Exception):
    """The journal cannot be read or does not replay to the chain it recorded."""


class Journal:
    """An append-only file of JSON lines, each fsynced before ``append`` returns."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """The header and the block entries; a torn last line (a crash mid-write) is cut off."""
        if not self.path.exists():
            return None, []
        lines = self.path.read_bytes().split(b"\n")
        entries: list[dict[str, Any]] = []
        good = 0  # bytes of complete, parsable lines
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                if number < len(lines) - 1 or line.endswith(b"}"):
                    raise JournalError(f"{self.path}:{number}: not a journal entry") from None
                with open(self.path, "r+b") as f:  # the unacknowledged tail of a crash
                    f.truncate(good)
                break
            good += len(line) + 1
        if not entries:
            return None, []
        header, blocks = entries[0], entries[1:]
        if header.get("format") != FORMAT:
            raise JournalError(f"{self.path}:1: not a {FORMAT} file")
        return header, blocks

    def append(self, entry: dict[str, Any]) -> None:
        """Writes one line and waits until it is on disk."""
        data = (json.dumps(entry, separators=(",", ":")) + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def _hex(value: Any) -> str:
    return value if isinstance(value, str) else "0x" + bytes(value).hex()


class JournaledTester(EthereumTester):
    """An ``EthereumTester`` that journals every block it mines, and replays a journal on start."""

    def __init__(self, journal: Journal, *, clock: Callable[[], float] = time.time) -> None:
        self.journal = journal
        self.clock = clock
        header, blocks = journal.read()
        genesis_timestamp = int(header["genesis_timestamp"]) if header else int(clock())
        params = PyEVMBackend.generate_genesis_params(overrides={"timestamp": genesis_timestamp})
        super().__init__(PyEVMBackend(genesis_parameters=params))
        self._raw: dict[str, str] = {}  # tx hash -> raw bytes, until its block is journaled
        self._recorded = 0  # the last journaled block number
        if header is None:
            journal.append({"format": FORMAT, "genesis_timestamp": genesis_timestamp})
        else:
            self._replay(blocks)

    @property
    def recorded_blocks(self) -> int:
        """How many blocks the journal holds."""
        return self._recorded

    def _replay(self, blocks: list[dict[str, Any]]) -> None:
        for entry in blocks:
            number = int(entry["block"])
            if number != self._recorded + 1:
                raise JournalError(f"{self.journal.path}: block {number} follows block {self._recorded}")
            self.backend.chain.set_header_timestamp(int(entry["timestamp"]))
            for raw in entry["txs"]:
                self.backend.send_raw_transaction(bytes.fromhex(raw[2:]))
            super().mine_blocks(1)
            block = self.get_block_by_number("latest")
            got = [_hex(h) for h in block["transactions"]]
            expected = [_hex(Web3.keccak(hexstr=raw)) for raw in entry["txs"]]
            if got != expected or _hex(block["state_root"]) != entry["state_root"]:
                raise JournalError(
                    f"{self.journal.path}: block {number} does not replay (state root "
                    f"{_hex(block['state_root'])}, journal says {entry['state_root']})"
                )
            self._recorded = number

    def _follow_clock(self) -> None:
        """Stamps the pending block with now, unless it is later already or holds transactions
        (they ran at its current time)."""
        header = self.backend.chain.header
        if self.backend.chain.get_block().transactions:
            return
        now = int(self.clock())
        if now > header.timestamp:
            self.backend.chain.set_header_timestamp(now)

    def _record(self) -> None:
        """Journals every block mined since the last record."""
        latest = int(self.get_block_by_number("latest")["number"])
        for number in range(self._recorded + 1, latest + 1):
            block = self.get_block_by_number(number)
            txs = [self._raw.pop(_hex(h)) for h in block["transactions"]]
            self.journal.append(
                {"block": number, "timestamp": int(block["timestamp"]), "txs": txs,
                 "state_root": _hex(block["state_root"])}
            )
            self._recorded = number

    def send_raw_transaction(self, raw_transaction_hex: str) -> str:
        """Applies (and auto-mines) a signed transaction stamped no earlier than now; journals it."""
        self._follow_clock()
        raw = _hex(raw_transaction_hex)
        self._raw[_hex(Web3.keccak(hexstr=raw))] = raw
        try:
            return str(super().send_raw_transaction(raw_transaction_hex))
        finally:
            self._record()

    def mine_blocks(self, num_blocks: int = 1, coinbase: str = "0x" + "00" * 20) -> list[str]:
        """Mines blocks (stamped no earlier than now) and journals them."""
        self._follow_clock()
        try:
            return list(super().mine_blocks(num_blocks, coinbase))
        finally:
            self._record()

    def time_travel(self, to_timestamp: int) -> None:
        """Mines an empty block at exactly ``to_timestamp`` (eth-tester's own lands a second early)
        and journals it."""
        pending = int(self.get_block_by_number("pending")["timestamp"])
        if to_timestamp < pending:
            raise ValidationError(f"cannot move the clock back from {pending} to {to_timestamp}")
        self.backend.chain.set_header_timestamp(to_timestamp)
        try:
            super().mine_blocks(1)
        finally:
            self._record()

    def revert_to_snapshot(self, snapshot_id: Any) -> None:
        """Refused: a journaled chain only moves forward (the journal cannot forget blocks)."""
        raise JournalError("the journaled chain cannot revert to a snapshot")


def journaled_chain(path: Path, *, clock: Callable[[], float] = time.time) -> Chain:
    """The embedded chain kept in the journal at ``path`` (created, or replayed if it exists)."""
    tester = JournaledTester(Journal(path), clock=clock)
    accounts = tuple(account_from_hex(k.to_hex(), "tester key") for k in tester.backend.account_keys)
    return Chain(Web3(EthereumTesterProvider(tester)), accounts, tester)
