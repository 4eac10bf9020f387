"""Small helpers shared by the chain tests."""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_utils import keccak

ETH = 10**18
HOUR = 3600
DAY = 86400


def fee(receipt: Any) -> int:
    """Wei a transaction's sender paid for gas."""
    return int(receipt["gasUsed"]) * int(receipt["effectiveGasPrice"])


def fresh_address(label: str) -> str:
    """A fresh address no test sends from, so its balance moves only by what it receives."""
    return Account.from_key(keccak(text=f"payout {label}")).address
