"""Client of the CollectiveArt ERC-721: mint a campaign's artwork, update or freeze its metadata."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from web3 import Web3
from web3.logs import DISCARD
from web3.types import TxReceipt

from auction.chain.artifacts import load_artifact
from auction.chain.connection import Chain
from auction.chain.transactions import call, transact

ERC721_INTERFACE = bytes.fromhex("80ac58cd")
ERC2981_INTERFACE = bytes.fromhex("2a55205a")
ERC4906_INTERFACE = bytes.fromhex("49064906")


def campaign_id(slug: str) -> bytes:
    """The on-chain id of a campaign: keccak256 of its slug, so no registry is needed to agree on it."""
    return keccak(text=slug)


class ArtClient:
    """Reads and writes one deployed CollectiveArt contract."""

    def __init__(self, chain: Chain, address: str) -> None:
        self.chain = chain
        self.contract = chain.w3.eth.contract(
            address=Web3.to_checksum_address(address), abi=load_artifact("CollectiveArt").abi
        )

    def mint(self, campaign: bytes, cid: str, *, to: str | None = None, sender: LocalAccount | None = None) -> int:
        """Mints the campaign's artwork with metadata at ``ipfs://cid`` and returns its token id."""
        owner = sender or self.chain.default_account
        receipt = transact(self.chain, self.contract.functions.mint(to or owner.address, campaign, cid), sender=owner)
        (event,) = self.contract.events.ArtworkMinted().process_receipt(receipt, errors=DISCARD)
        return int(event["args"]["tokenId"])

    def set_cid(self, token_id: int, cid: str, *, sender: LocalAccount | None = None) -> TxReceipt:
        """Points the token at regenerated metadata (emits ERC-4906 ``MetadataUpdate``)."""
        return transact(self.chain, self.contract.functions.setTokenCid(token_id, cid), sender=sender)

    def freeze(self, token_id: int, *, sender: LocalAccount | None = None) -> TxReceipt:
        """Freezes the token's metadata for good."""
        return transact(self.chain, self.contract.functions.freezeMetadata(token_id), sender=sender)

    def approve(self, spender: str, token_id: int, *, sender: LocalAccount | None = None) -> TxReceipt:
        """Lets ``spender`` (the auction house) move the token."""
        return transact(self.chain, self.contract.functions.approve(spender, token_id), sender=sender)

    def token_uri(self, token_id: int) -> str:
        """``ipfs://`` plus the metadata CID."""
        return str(call(self.contract.functions.tokenURI(token_id)))

    def owner_of(self, token_id: int) -> str:
        """The current holder of the token."""
        return str(call(self.contract.functions.ownerOf(token_id)))

    def metadata_frozen(self, token_id: int) -> bool:
        """Whether the metadata can no longer change."""
        return bool(call(self.contract.functions.metadataFrozen(token_id)))

    def token_of_campaign(self, campaign: bytes) -> int | None:
        """The campaign's artwork token, or None if not minted."""
        token = int(call(self.contract.functions.tokenOfCampaign(campaign)))
        return token or None

    def royalty_info(self, token_id: int, sale_price: int) -> tuple[str, int]:
        """EIP-2981: who receives what royalty on a resale at ``sale_price`` wei."""
        receiver, amount = call(self.contract.functions.royaltyInfo(token_id, sale_price))
        return str(receiver), int(amount)

    def supports_interface(self, interface_id: bytes) -> bool:
        """ERC-165."""
        return bool(call(self.contract.functions.supportsInterface(interface_id)))
