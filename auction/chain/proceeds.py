"""Client of the ProceedsDistributor: configure a campaign's pool, authorise and make share claims,
sweep what is left, withdraw deferred payments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.logs import DISCARD
from web3.types import TxReceipt

from auction.chain.artifacts import load_artifact
from auction.chain.connection import Chain
from auction.chain.events import ChainEvent, contract_events
from auction.chain.signing import sign_typed_data
from auction.chain.transactions import call, transact

SHARE_CLAIM_FIELDS = [("tokenId", "uint256"), ("commitment", "bytes32"), ("recipient", "address")]


@dataclass(frozen=True)
class PoolState:
    """A campaign's participants' pool as the contract holds it."""

    merkle_root: bytes
    total_weight: int
    unit_wei: int
    funded: int
    claimed: int
    claim_deadline: int
    claim_period: int
    participants_bps: int
    swept: bool


class ProceedsClient:
    """Reads and writes one deployed ProceedsDistributor."""

    def __init__(self, chain: Chain, address: str) -> None:
        self.chain = chain
        self.contract = chain.w3.eth.contract(
            address=Web3.to_checksum_address(address), abi=load_artifact("ProceedsDistributor").abi
        )

    def configure_pool(
        self,
        token_id: int,
        *,
        participants_bps: int,
        merkle_root: bytes,
        total_weight: int,
        claim_period: int,
        sender: LocalAccount | None = None,
    ) -> TxReceipt:
        """Sets the campaign's split and claim tree (final once proceeds arrive)."""
        fn = self.contract.functions.configurePool(token_id, participants_bps, merkle_root, total_weight, claim_period)
        return transact(self.chain, fn, sender=sender)

    def sign_share_claim(self, token_id: int, commitment: bytes, recipient: str, signer: LocalAccount) -> bytes:
        """The program signer's EIP-712 authorisation that ``commitment``'s share goes to ``recipient``."""
        return sign_typed_data(
            signer,
            domain_name="ProceedsDistributor",
            chain_id=self.chain.chain_id,
            verifying_contract=self.contract.address,
            primary_type="ShareClaim",
            fields=SHARE_CLAIM_FIELDS,
            message={
                "tokenId": token_id,
                "commitment": commitment,
                "recipient": Web3.to_checksum_address(recipient),
            },
        )

    def claim_share(
        self,
        token_id: int,
        commitment: bytes,
        weight: int,
        proof: Sequence[bytes],
        recipient: str,
        signature: bytes,
        *,
        sender: LocalAccount | None = None,
    ) -> int:
        """Pays the share of ``commitment`` to ``recipient`` and returns the wei paid."""
        fn = self.contract.functions.claimShare(
            token_id, commitment, weight, list(proof), Web3.to_checksum_address(recipient), signature
        )
        receipt = transact(self.chain, fn, sender=sender)
        (event,) = self.contract.events.ShareClaimed().process_receipt(receipt, errors=DISCARD)
        return int(event["args"]["amount"])

    def sweep(self, token_id: int, *, sender: LocalAccount | None = None) -> TxReceipt:
        """Sends the unclaimed rest of the pool to the treasury after the deadline."""
        return transact(self.chain, self.contract.functions.sweep(token_id), sender=sender)

    def withdraw(self, account: LocalAccount, to: str | None = None) -> TxReceipt:
        """Sends ``account``'s deferred balance to ``to`` (default: the account itself)."""
        target = Web3.to_checksum_address(to or account.address)
        return transact(self.chain, self.contract.functions.withdraw(target), sender=account)

    def pool(self, token_id: int) -> PoolState:
        """The campaign pool of ``token_id``."""
        return PoolState(*call(self.contract.functions.pool(token_id)))

    def share_of(self, token_id: int, weight: int) -> int:
        """The wei a leaf of ``weight`` receives (0 until funded)."""
        return int(call(self.contract.functions.shareOf(token_id, weight)))

    def is_claimed(self, token_id: int, commitment: bytes) -> bool:
        """Whether ``commitment``'s share was claimed."""
        return bool(call(self.contract.functions.isClaimed(token_id, commitment)))

    def owed(self, account: str) -> int:
        """Deferred balance of ``account``."""
        return int(call(self.contract.functions.owed(Web3.to_checksum_address(account))))

    def treasury(self) -> str:
        """The program's treasury address."""
        return str(call(self.contract.functions.treasury()))

    def events(self, from_block: int = 0) -> list[ChainEvent]:
        """Every event of the distributor since ``from_block``, oldest first."""
        return contract_events(self.chain, self.contract, from_block)
