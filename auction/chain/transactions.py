"""Sending transactions and calls, with every revert turned into a decoded ``TransactionFailed``.

Transactions are signed locally (keys never go to the node), gas is estimated first (which is where
a node reports a revert with its data) and given a 20 % margin, and a mined transaction that still
failed is replayed as a call to recover its reason.

Where the revert data comes from: an RPC node attaches it to web3's ``ContractLogicError``. web3's
``EthereumTesterProvider`` turns it into text (and can crash with ``OverflowError`` while guessing
whether it is a string), so on the embedded chain the same call is replayed on eth-tester directly.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any, TypeVar

from eth_abi import encode as abi_encode
from eth_account.signers.local import LocalAccount
from eth_tester import EthereumTester
from eth_tester.exceptions import TransactionFailed as TesterTransactionFailed
from eth_tester.exceptions import ValidationError as TesterValidationError
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import ContractLogicError, Web3RPCError
from web3.types import TxReceipt

from auction.chain.artifacts import revert_decoder
from auction.chain.connection import Chain
from auction.chain.errors import ERROR_STRING_SELECTOR, ChainError, TransactionFailed, revert_data

GAS_MARGIN = 0.2
RECEIPT_TIMEOUT_S = 120.0
REPLAY_GAS = 30_000_000
T = TypeVar("T")


def _tester(w3: Web3) -> EthereumTester | None:
    tester = getattr(w3.provider, "ethereum_tester", None)
    return tester if isinstance(tester, EthereumTester) else None


def _calldata(fn: ContractFunction | ContractConstructor) -> str:
    if isinstance(fn, ContractConstructor):
        return str(fn.data_in_transaction)
    contract = fn.w3.eth.contract(address=fn.address, abi=fn.contract_abi)
    return str(contract.encode_abi(fn.abi_element_identifier, args=fn.args, kwargs=fn.kwargs))


def _tester_revert_data(tester: EthereumTester, replay: dict[str, Any], *, honour_gas: bool = False) -> bytes | None:
    """The raw revert data of ``replay`` run on eth-tester, or None if it succeeds.

    ``estimate_gas`` hands back the raw bytes but searches its own gas limit; ``call`` keeps the
    replay's gas limit but reports custom-error data as the ``repr`` of the bytes, an ``Error(string)``
    as the decoded string, and can itself crash with ``OverflowError`` on some data.
    """
    replay = {**replay, "from": replay.get("from") or tester.get_accounts()[0]}
    try:
        if honour_gas:
            tester.call(replay)
        else:
            tester.estimate_gas(replay)
    except TesterTransactionFailed as exc:
        inner = exc.args[0] if exc.args else b""
        if isinstance(inner, Exception):
            inner = inner.args[0] if inner.args else b""
        if isinstance(inner, str) and inner[:2] in ("b'", 'b"'):
            inner = ast.literal_eval(inner)
        if isinstance(inner, str):
            return ERROR_STRING_SELECTOR + abi_encode(["string"], [inner])
        return bytes(inner)
    except OverflowError:
        return None
    return None


def _explain(w3: Web3, exc: BaseException, replay: dict[str, Any]) -> ChainError | None:
    tester = _tester(w3)
    data = _tester_revert_data(tester, replay) if tester is not None else revert_data(exc)
    if data is not None:
        return revert_decoder().decode(data)
    if isinstance(exc, OverflowError):
        return None
    return TransactionFailed(f"the transaction reverted: {exc}")


def _guarded(w3: Web3, replay: Callable[[], dict[str, Any]], action: Callable[[], T]) -> T:
    """Runs ``action``, re-raising a revert as ``TransactionFailed`` and a refusal as ``ChainError``."""
    try:
        return action()
    except (ContractLogicError, TesterTransactionFailed, OverflowError) as exc:
        failure = _explain(w3, exc, replay())
        if failure is None:
            raise
        raise failure from exc
    except TesterValidationError as exc:
        raise ChainError(f"the in-process chain refused the transaction: {exc}") from exc
    except Web3RPCError as exc:
        error = (exc.rpc_response or {}).get("error") or {}
        reason = error.get("message") if isinstance(error, dict) else None
        raise ChainError(f"the node refused the request: {reason or exc.message or exc}") from exc


def call(fn: ContractFunction, *, sender: str | None = None, block: Any = "latest") -> Any:
    """The result of a read-only call; a revert raises ``TransactionFailed``."""
    params: dict[str, Any] = {"from": sender} if sender else {}

    def replay() -> dict[str, Any]:
        return {"from": sender, "to": fn.address, "data": _calldata(fn), "gas": REPLAY_GAS}

    return _guarded(fn.w3, replay, lambda: fn.call(params, block_identifier=block))  # type: ignore[arg-type]


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

    def replay() -> dict[str, Any]:
        to = {} if isinstance(fn, ContractConstructor) else {"to": fn.address}
        return {"from": account.address, "value": value, **to, "data": _calldata(fn), "gas": gas or REPLAY_GAS}

    def send() -> Any:
        limit = gas
        if limit is None:
            estimate = fn.estimate_gas(params)  # type: ignore[arg-type]
            # Some nodes (Ganache) estimate a call with a gas cap inside it near the block limit.
            block_limit = int(w3.eth.get_block("latest")["gasLimit"])
            limit = min(estimate + int(estimate * GAS_MARGIN), block_limit)
        tx = fn.build_transaction({**params, "gas": limit})  # type: ignore[arg-type]
        return w3.eth.send_raw_transaction(account.sign_transaction(tx).raw_transaction)

    tx_hash = _guarded(w3, replay, send)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=RECEIPT_TIMEOUT_S)
    if receipt["status"] != 1:
        raise _replay_failure(chain, replay(), receipt)
    return receipt


def _replay_failure(chain: Chain, replay: dict[str, Any], receipt: TxReceipt) -> TransactionFailed:
    """Why a mined transaction failed: the same call on the state before its block."""
    tester = _tester(chain.w3)
    if tester is not None:
        data = _tester_revert_data(tester, replay) or _tester_revert_data(tester, replay, honour_gas=True)
        if data is not None:
            return revert_decoder().decode(data)
    else:
        try:
            _guarded(chain.w3, lambda: replay, lambda: chain.w3.eth.call(replay, receipt["blockNumber"] - 1))  # type: ignore[arg-type]
        except TransactionFailed as failure:
            return failure
    return TransactionFailed(f"the transaction failed on chain (used {receipt['gasUsed']} of {replay['gas']} gas)")
