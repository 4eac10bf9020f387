"""Chain fixtures: every chain test runs twice, on the in-process EVM (py-evm) and on a real Ganache
JSON-RPC node process started from `contracts/node_modules` (installed by `make test`).

`chain` is session-scoped and parametrised over the two backends; each test module deploys its
contracts once per backend, and `fresh` snapshots the chain before a test and reverts after it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from auction.chain import Chain, Suite, SuiteClients, connect_suite, deploy_suite, revert_to, snapshot
from auction.chain.auction_house import AuctionSettings
from tests.chain.helpers import ETH, HOUR

ROOT = Path(__file__).resolve().parents[2]
GANACHE = ROOT / "contracts" / "node_modules" / ".bin" / "ganache"
# Deterministic test keys (not Ganache's published mnemonic): 10 accounts of 1,000,000 ETH each.
TEST_KEYS = [keccak(text=f"collective-art test account {i}").hex() for i in range(10)]
TEST_BALANCE = 10**24
GANACHE_START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return "result" in json.loads(response.read())
    except OSError:
        return False


@pytest.fixture(scope="session")
def ganache_url() -> Iterator[str]:
    """A Ganache node on a free loopback port for the whole session; stopped at the end."""
    if not GANACHE.exists():
        pytest.fail(f"{GANACHE} is missing: run `make test` (it runs `npm ci --prefix contracts`)")
    port = _free_port()
    command = [
        str(GANACHE),
        "--server.host=127.0.0.1",
        f"--server.port={port}",
        "--chain.chainId=1337",
        "--chain.hardfork=shanghai",
        "--logging.quiet",
        *[f"--wallet.accounts=0x{key},{TEST_BALANCE}" for key in TEST_KEYS],
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + GANACHE_START_TIMEOUT_S
    try:
        while not _answers(url):
            if process.poll() is not None:
                pytest.fail(f"ganache exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"ganache did not answer on {url} within {GANACHE_START_TIMEOUT_S} s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


@pytest.fixture(scope="session", params=["embedded", "ganache"])
def chain(request: pytest.FixtureRequest) -> Chain:
    """The in-process chain, or a Chain over JSON-RPC to the Ganache process."""
    if request.param == "embedded":
        return Chain.embedded()
    return Chain.from_rpc(request.getfixturevalue("ganache_url"), TEST_KEYS)


@dataclass
class Market:
    """A deployed suite with named roles; `accounts[1:6]` bid, the treasury never sends."""

    chain: Chain
    suite: Suite
    c: SuiteClients

    @property
    def owner(self) -> LocalAccount:
        return self.chain.accounts[0]

    @property
    def bidders(self) -> tuple[LocalAccount, ...]:
        return self.chain.accounts[1:6]

    @property
    def outsider(self) -> LocalAccount:
        return self.chain.accounts[7]

    @property
    def signer(self) -> LocalAccount:
        return self.chain.accounts[8]

    @property
    def treasury(self) -> str:
        return self.chain.accounts[9].address

    def open_auction(self, reserve: int = ETH, duration: int = HOUR, slug: str = "kawasaki-compost") -> int:
        """Mints a campaign's artwork and opens its auction; returns the token id."""
        token = self.c.art.mint(keccak(text=slug), f"bafy-{slug}")
        self.c.auction_house.start(token, reserve, duration)
        return token


@pytest.fixture(scope="module")
def market(chain: Chain) -> Market:
    """The suite deployed once per test module and backend (15-minute buffer, 1-day cap, 5 %)."""
    treasury = chain.accounts[9].address
    suite = deploy_suite(chain, treasury=treasury, signer=chain.accounts[8].address, settings=AuctionSettings())
    return Market(chain, suite, connect_suite(chain, suite))


@pytest.fixture
def fresh(market: Market) -> Iterator[Market]:
    """`market`, with every change made by the test undone afterwards."""
    snapshot_id = snapshot(market.chain)
    yield market
    revert_to(market.chain, snapshot_id)
