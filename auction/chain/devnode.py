"""Controls that only development chains have: moving time and snapshots.

The embedded chain uses eth-tester's ``time_travel`` and snapshots; an RPC node must be a
development node (Ganache, Hardhat, Anvil) answering ``evm_increaseTime``, ``evm_mine``,
``evm_snapshot`` and ``evm_revert``. The organiser's demo uses them to end an auction without
waiting; a public chain refuses them.
"""

from __future__ import annotations

from typing import Any

from auction.chain.connection import Chain
from auction.chain.errors import ChainError


def _rpc(chain: Chain, method: str, params: list[Any]) -> Any:
    response = chain.w3.provider.make_request(method, params)  # type: ignore[arg-type]
    if "error" in response:
        raise ChainError(f"{method}: the node refused ({response['error'].get('message', response['error'])})")
    return response["result"]


def advance_time(chain: Chain, seconds: int) -> int:
    """Mines a block at least ``seconds`` after the latest one and returns its timestamp."""
    if seconds < 0:
        raise ValueError(f"cannot move time backwards ({seconds} seconds)")
    if chain.tester is not None:
        # eth-tester mines the travelling block one second before the target it is given.
        chain.tester.time_travel(chain.now() + seconds + 1)
    else:
        _rpc(chain, "evm_increaseTime", [seconds])
        _rpc(chain, "evm_mine", [])
    return chain.now()


def mine(chain: Chain) -> int:
    """Mines an empty block and returns its timestamp."""
    if chain.tester is not None:
        chain.tester.mine_block()
    else:
        _rpc(chain, "evm_mine", [])
    return chain.now()


def snapshot(chain: Chain) -> Any:
    """An id that ``revert_to`` returns the chain to (a node forgets it once used)."""
    if chain.tester is not None:
        return chain.tester.take_snapshot()
    return _rpc(chain, "evm_snapshot", [])


def revert_to(chain: Chain, snapshot_id: Any) -> None:
    """Returns the chain to the state of ``snapshot_id``."""
    if chain.tester is not None:
        chain.tester.revert_to_snapshot(snapshot_id)
    elif not _rpc(chain, "evm_revert", [snapshot_id]):
        raise ChainError(f"evm_revert: unknown snapshot {snapshot_id}")
