"""EIP-712 signatures made off chain by the program's signer (badge vouchers, share claims)."""

from __future__ import annotations

from typing import Any

from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount


def sign_typed_data(
    signer: LocalAccount,
    *,
    domain_name: str,
    chain_id: int,
    verifying_contract: str,
    primary_type: str,
    fields: list[tuple[str, str]],
    message: dict[str, Any],
) -> bytes:
    """``signer``'s 65-byte signature of ``message`` under the contract's EIP-712 domain (version "1").

    ``fields`` lists (name, solidity type) in the order of the contract's type hash.
    """
    typed = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            primary_type: [{"name": n, "type": t} for n, t in fields],
        },
        "primaryType": primary_type,
        "domain": {
            "name": domain_name,
            "version": "1",
            "chainId": chain_id,
            "verifyingContract": verifying_contract,
        },
        "message": message,
    }
    return bytes(signer.sign_message(encode_typed_data(full_message=typed)).signature)
