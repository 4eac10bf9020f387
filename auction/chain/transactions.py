"""Sending transactions and calls, with every revert turned into a decoded ``TransactionFailed``.

Transactions are signed locally (keys never go to the node), gas is estimated first (which is where
a node reports a revert with its data) and given a 20 % margin, and a mined transaction that still
failed is replayed as a call to recover its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_tester.exceptions import TransactionFailed as TesterTransactionFailed
from eth_tester.exceptions import ValidationError as TesterValidationError
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import ContractLogicError, Web3RPCError
from web3.types import TxReceipt

from auction.chain.artifacts import revert_decoder
from auction.chain.connection import Chain
from auction.chain.errors import ChainError, TransactionFailed, revert_data

GAS_MARGIN = 0.2
RECEIPT_TIMEOUT_S = 120.0


@contextmanager
def decoded_reverts() -> Iterator[None]:
    """Re-raises a provider's revert as ``TransactionFailed`` with the custom error decoded."""
    try:
        yield
    except (ContractLogicError, TesterTransactionFailed) as exc:
        raise _decode(exc) from exc
    except TesterValidationError as exc:
        raise ChainError(f"the in-process chain refused the transaction: {exc}") from exc
    except Web3RPCError as exc:
        raise ChainError(f"the node refused the request: {exc.message or exc}") from exc


def _decode(exc: BaseException) -> TransactionFailed:
    data = revert_data(exc)
    if isinstance(data, bytes):
        return revert_decoder().decode(data)
    if data:
        return TransactionFailed(data, error_name="Error", error_args={"reason": data})
    return TransactionFailed("the transaction reverted without a reason")


def call(fn: ContractFunction, *, sender: str | None = None, block: Any = "latest") -> Any:
    """The result of a read-only call; a revert raises ``TransactionFailed``."""
    params = {"from": sender} if sender else {}
    with decoded_reverts():
        return fn.call(params, block_identifier=block)  # type: ignore[arg-type]


def transact(
    chain: Chain,
    fn: ContractFunction | ContractConstructor,
    *,
    sender: LocalAccount | None = None,
    value: int = 0,
    gas: int | None = None,
) -> TxReceipt:
    """Signs, sends and waits for ``fn`` from ``sender`` (default: the chain's default account)."""
    account = sender or chain.default_account
    w3 = chain.w3
    params: dict[str, Any] = {
        "from": account.address,
        "value": value,
        "chainId": chain.chain_id,
        "nonce": w3.eth.get_transaction_count(account.address, "pending"),
    }
    with decoded_reverts():
        if gas is None:
            estimate = fn.estimate_gas(params)  # type: ignore[arg-type]
            gas = estimate + int(estimate * GAS_MARGIN)
        params["gas"] = gas
        tx = fn.build_transaction(params)  # type: ignore[arg-type]
        tx_hash = w3.eth.send_raw_transaction(account.sign_transaction(tx).raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=RECEIPT_TIMEOUT_S)
    if receipt["status"] != 1:
        raise _replay_failure(chain, tx, receipt)
    return receipt


def _replay_failure(chain: Chain, tx: dict[str, Any], receipt: TxReceipt) -> TransactionFailed:
    """Why a mined transaction failed: the same call on the state before its block."""
    replay = {k: tx[k] for k in ("from", "to", "value", "data", "gas") if k in tx}
    try:
        with decoded_reverts():
            chain.w3.eth.call(replay, block_identifier=receipt["blockNumber"] - 1)  # type: ignore[arg-type]
    except TransactionFailed as failure:
        return failure
    used = receipt["gasUsed"]
    return TransactionFailed(f"the transaction failed on chain (used {used} of {tx['gas']} gas)")
