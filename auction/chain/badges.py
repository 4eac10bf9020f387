"""Client of the soulbound ContributionBadge: sign vouchers (the program) and claim them (anyone)."""

from __future__ import annotations

from dataclasses import dataclass

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.logs import DISCARD

from auction.chain.artifacts import load_artifact
from auction.chain.connection import Chain
from auction.chain.signing import sign_typed_data
from auction.chain.transactions import call, transact

VOUCHER_FIELDS = [("campaignId", "bytes32"), ("participant", "bytes32"), ("recipient", "address"), ("cid", "string")]
ERC5192_INTERFACE = bytes.fromhex("b45a3c0e")


@dataclass(frozen=True)
class BadgeVoucher:
    """One badge for one participant (their pseudonymous commitment) of one campaign, to one wallet."""

    campaign_id: bytes
    participant: bytes
    recipient: str
    cid: str

    def as_tuple(self) -> tuple[bytes, bytes, str, str]:
        """The Solidity ``Voucher`` struct."""
        return (self.campaign_id, self.participant, Web3.to_checksum_address(self.recipient), self.cid)


class BadgeClient:
    """Reads and writes one deployed ContributionBadge."""

    def __init__(self, chain: Chain, address: str) -> None:
        self.chain = chain
        self.contract = chain.w3.eth.contract(
            address=Web3.to_checksum_address(address), abi=load_artifact("ContributionBadge").abi
        )

    def sign_voucher(self, voucher: BadgeVoucher, signer: LocalAccount) -> bytes:
        """The program signer's EIP-712 signature that lets anyone mint this badge to its recipient."""
        campaign, participant, recipient, cid = voucher.as_tuple()
        return sign_typed_data(
            signer,
            domain_name="ContributionBadge",
            chain_id=self.chain.chain_id,
            verifying_contract=self.contract.address,
            primary_type="Voucher",
            fields=VOUCHER_FIELDS,
            message={"campaignId": campaign, "participant": participant, "recipient": recipient, "cid": cid},
        )

    def claim(self, voucher: BadgeVoucher, signature: bytes, *, sender: LocalAccount | None = None) -> int:
        """Mints the voucher's badge to its recipient and returns the badge's token id."""
        receipt = transact(self.chain, self.contract.functions.claim(voucher.as_tuple(), signature), sender=sender)
        (event,) = self.contract.events.BadgeClaimed().process_receipt(receipt, errors=DISCARD)
        return int(event["args"]["tokenId"])

    def badge_of(self, campaign_id: bytes, participant: bytes) -> int | None:
        """The participant's badge in the campaign, or None if unclaimed."""
        token = int(call(self.contract.functions.badgeOf(campaign_id, participant)))
        return token or None

    def locked(self, token_id: int) -> bool:
        """ERC-5192: always true for an existing badge."""
        return bool(call(self.contract.functions.locked(token_id)))

    def owner_of(self, token_id: int) -> str:
        """The wallet that holds the badge."""
        return str(call(self.contract.functions.ownerOf(token_id)))

    def token_uri(self, token_id: int) -> str:
        """``ipfs://`` plus the badge metadata CID."""
        return str(call(self.contract.functions.tokenURI(token_id)))

    def signer(self) -> str:
        """The address whose vouchers the contract accepts."""
        return str(call(self.contract.functions.signer()))
