"""A connection to a chain: the in-process EVM by default, or any EVM JSON-RPC node.

``Chain.embedded()`` runs py-evm inside this process (web3's ``EthereumTesterProvider``) with the
tester's funded accounts; ``Chain.from_rpc(url, keys)`` talks to a node and signs locally with the
given keys; ``Chain.from_env()`` picks one from ``ART_RPC_URL`` and the key variables of
``auction.chain.keys``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlparse

from eth_account.signers.local import LocalAccount
from eth_tester import EthereumTester, PyEVMBackend
from web3 import EthereumTesterProvider, Web3

from auction.chain.errors import ConfigurationError
from auction.chain.keys import account_from_hex, accounts_from_env

RPC_URL_ENV = "ART_RPC_URL"


@dataclass
class Chain:
    """A web3 connection plus the local accounts that sign its transactions.

    ``accounts[0]`` is the default sender. ``tester`` is the in-process chain when there is one;
    ``auction.chain.devnode`` uses it to move time and take snapshots.
    """

    w3: Web3
    accounts: tuple[LocalAccount, ...]
    tester: EthereumTester | None = None
    chain_id: int = field(init=False)

    def __post_init__(self) -> None:
        if not self.accounts:
            raise ConfigurationError("a chain needs at least one signing account")
        self.chain_id = self.w3.eth.chain_id

    @classmethod
    def embedded(cls) -> Chain:
        """A fresh in-process chain whose ten accounts each hold 1,000,000 ETH."""
        tester = EthereumTester(PyEVMBackend())
        accounts = tuple(account_from_hex(k.to_hex(), "tester key") for k in tester.backend.account_keys)
        return cls(Web3(EthereumTesterProvider(tester)), accounts, tester)

    @classmethod
    def from_rpc(cls, url: str, private_keys: Sequence[str | LocalAccount], *, timeout: float = 30.0) -> Chain:
        """A node at an ``http(s)://`` URL, signing with ``private_keys`` (hex strings or accounts)."""
        if urlparse(url).scheme not in ("http", "https"):
            raise ConfigurationError(f"{url!r}: the RPC URL must start with http:// or https://")
        accounts = tuple(
            k if isinstance(k, LocalAccount) else account_from_hex(k, f"key {i}") for i, k in enumerate(private_keys)
        )
        w3 = Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": timeout}))
        if not w3.is_connected():
            raise ConfigurationError(f"{url}: no JSON-RPC node answers there")
        return cls(w3, accounts)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Chain:
        """``ART_RPC_URL`` with keys from ``ART_PRIVATE_KEY``/``ART_KEY_FILE``, else the embedded chain."""
        env = os.environ if environ is None else environ
        url = env.get(RPC_URL_ENV)
        if not url:
            return cls.embedded()
        return cls.from_rpc(url, accounts_from_env(env))

    @property
    def default_account(self) -> LocalAccount:
        """The account that sends when a call names no sender."""
        return self.accounts[0]

    @property
    def is_embedded(self) -> bool:
        """Whether this is the in-process chain."""
        return self.tester is not None

    def now(self) -> int:
        """The timestamp of the latest block: the chain's clock, which tests and dev nodes can move."""
        return int(self.w3.eth.get_block("latest")["timestamp"])

    def balance(self, address: str) -> int:
        """The balance of ``address`` in wei."""
        return int(self.w3.eth.get_balance(Web3.to_checksum_address(address)))
