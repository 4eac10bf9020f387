"""The embedded chain's journal: exact replay, torn tails, tampering, the clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_tester.exceptions import ValidationError

from auction.chain import Chain
from auction.journal import FORMAT, Journal, JournalError, JournaledTester, journaled_chain


class Clock:
    """A wall clock the test sets by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _send(chain: Chain, to_index: int, value: int) -> str:
    sender = chain.accounts[0]
    tx = {
        "to": chain.accounts[to_index].address, "value": value, "gas": 21_000, "maxFeePerGas": 10**10,
        "maxPriorityFeePerGas": 1, "chainId": chain.chain_id,
        "nonce": chain.w3.eth.get_transaction_count(sender.address),
    }
    return chain.w3.eth.send_raw_transaction(sender.sign_transaction(tx).raw_transaction).to_0x_hex()


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_replay_reproduces_blocks_timestamps_and_balances(tmp_path: Path) -> None:
    clock = Clock(4_000_000_000)
    path = tmp_path / "chain.journal"
    chain = journaled_chain(path, clock=clock)
    _send(chain, 1, 5)
    clock.now += 3600  # an hour of wall time passes between transactions
    _send(chain, 2, 7)
    assert chain.tester is not None
    chain.tester.time_travel(4_000_100_000)
    _send(chain, 3, 11)
    blocks = [chain.w3.eth.get_block(n) for n in range(chain.w3.eth.block_number + 1)]
    balances = [chain.balance(a.address) for a in chain.accounts]

    replayed = journaled_chain(path, clock=Clock(4_100_000_000))

    assert [(b["number"], b["timestamp"], b["stateRoot"], b["transactions"]) for b in blocks] == [
        (b["number"], b["timestamp"], b["stateRoot"], b["transactions"])
        for b in (replayed.w3.eth.get_block(n) for n in range(replayed.w3.eth.block_number + 1))]
    assert [blocks[n]["timestamp"] for n in (1, 2, 3)] == [4_000_000_001, 4_000_003_600, 4_000_100_000]
    assert [replayed.balance(a.address) for a in replayed.accounts] == balances


def test_journal_is_one_line_per_block_after_a_header(tmp_path: Path) -> None:
    path = tmp_path / "chain.journal"
    chain = journaled_chain(path, clock=Clock(4_000_000_000))
    tx = _send(chain, 1, 5)
    header, block = _lines(path)
    assert header == {"format": FORMAT, "genesis_timestamp": 4_000_000_000}
    assert block["block"] == 1 and len(block["txs"]) == 1
    assert chain.w3.keccak(hexstr=block["txs"][0]).to_0x_hex() == tx


def test_torn_last_line_is_dropped_and_the_chain_continues(tmp_path: Path) -> None:
    path = tmp_path / "chain.journal"
    chain = journaled_chain(path, clock=Clock(4_000_000_000))
    _send(chain, 1, 5)
    _send(chain, 1, 6)
    text = path.read_text()
    path.write_text(text[: len(text) - 40])  # a crash in the middle of the last append
    replayed = journaled_chain(path, clock=Clock(4_000_000_100))
    assert replayed.w3.eth.block_number == 1
    _send(replayed, 2, 9)
    assert journaled_chain(path, clock=Clock(4_000_000_200)).w3.eth.block_number == 2


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda lines: lines[1].update(state_root="0x" + "00" * 32), "block 1 does not replay"),
        (lambda lines: lines[1].update(block=5), "block 5 follows block 0"),
        (lambda lines: lines[0].update(format="other/1"), "chain.journal:1: not a chain-journal/1 file"),
    ],
    ids=["state-root", "gap", "format"],
)
def test_tampered_journal_is_refused(tmp_path: Path, tamper, expected: str) -> None:
    path = tmp_path / "chain.journal"
    chain = journaled_chain(path, clock=Clock(4_000_000_000))
    _send(chain, 1, 5)
    lines = _lines(path)
    tamper(lines)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with pytest.raises(JournalError, match=expected):
        journaled_chain(path)


def test_corrupt_line_before_the_end_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "chain.journal"
    chain = journaled_chain(path, clock=Clock(4_000_000_000))
    _send(chain, 1, 5)
    _send(chain, 1, 6)
    lines = path.read_text().splitlines()
    lines[1] = lines[1][:20]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(JournalError, match=r"chain.journal:2: not a journal entry$"):
        Journal(path).read()


def test_transactions_follow_the_wall_clock(tmp_path: Path) -> None:
    clock = Clock(4_000_000_000)
    chain = journaled_chain(tmp_path / "chain.journal", clock=clock)
    clock.now = 4_000_000_500
    _send(chain, 1, 5)
    assert chain.now() == 4_000_000_500


def test_time_travel_is_exact_and_never_backwards(tmp_path: Path) -> None:
    chain = journaled_chain(tmp_path / "chain.journal", clock=Clock(4_000_000_000))
    tester = chain.tester
    assert isinstance(tester, JournaledTester)
    tester.time_travel(4_000_050_000)
    assert chain.now() == 4_000_050_000
    with pytest.raises(ValidationError, match="cannot move the clock back"):
        tester.time_travel(4_000_000_000)


def test_snapshots_cannot_be_reverted(tmp_path: Path) -> None:
    chain = journaled_chain(tmp_path / "chain.journal", clock=Clock(4_000_000_000))
    assert chain.tester is not None
    snapshot = chain.tester.take_snapshot()
    with pytest.raises(JournalError, match="cannot revert"):
        chain.tester.revert_to_snapshot(snapshot)
