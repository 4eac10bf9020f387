"""Reading a contract's events as plain records the site can show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_utils import event_abi_to_log_topic
from web3.contract import Contract

from auction.chain.connection import Chain


@dataclass(frozen=True)
class ChainEvent:
    """One decoded log: which event, its arguments, and where it sits on the chain."""

    name: str
    args: dict[str, Any]
    block_number: int
    log_index: int
    tx_hash: str


def contract_events(
    chain: Chain, contract: Contract, from_block: int = 0, to_block: int | str = "latest"
) -> list[ChainEvent]:
    """Every event ``contract`` emitted in the block range, oldest first."""
    by_topic = {
        event_abi_to_log_topic(item): item["name"]  # type: ignore[arg-type]
        for item in contract.abi
        if item["type"] == "event"
    }
    logs = chain.w3.eth.get_logs({"address": contract.address, "fromBlock": from_block, "toBlock": to_block})
    found = []
    for log in logs:
        name = by_topic.get(bytes(log["topics"][0])) if log["topics"] else None
        if name is None:
            continue
        decoded = contract.events[name]().process_log(log)
        found.append(
            ChainEvent(
                name=name,
                args=dict(decoded["args"]),
                block_number=int(log["blockNumber"]),
                log_index=int(log["logIndex"]),
                tx_hash=log["transactionHash"].to_0x_hex(),
            )
        )
    return sorted(found, key=lambda e: (e.block_number, e.log_index))
