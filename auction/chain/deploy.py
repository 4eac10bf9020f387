"""Deploying the contract suite: art, badges, proceeds distributor and auction house, wired together."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract import Contract

from auction.chain.art import ArtClient
from auction.chain.artifacts import load_artifact
from auction.chain.auction_house import AuctionHouseClient, AuctionSettings
from auction.chain.badges import BadgeClient
from auction.chain.connection import Chain
from auction.chain.proceeds import ProceedsClient
from auction.chain.transactions import transact

DEFAULT_SETTINGS = AuctionSettings()


@dataclass(frozen=True)
class Suite:
    """Where a deployed suite lives; store it (``as_dict``) to reconnect later (``Suite(**d)``)."""

    art: str
    badge: str
    proceeds: str
    auction_house: str
    owner: str
    treasury: str
    signer: str
    deployed_block: int

    def as_dict(self) -> dict[str, Any]:
        """The suite as JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class SuiteClients:
    """One client per contract of a suite."""

    art: ArtClient
    badges: BadgeClient
    proceeds: ProceedsClient
    auction_house: AuctionHouseClient


def deploy_contract(
    chain: Chain, name: str, *args: Any, sender: LocalAccount | None = None, test: bool = False
) -> Contract:
    """Deploys artifact ``name`` with constructor ``args`` and returns the bound contract."""
    artifact = load_artifact(name, test=test)
    factory = chain.w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    receipt = transact(chain, factory.constructor(*args), sender=sender)
    return chain.w3.eth.contract(address=receipt["contractAddress"], abi=artifact.abi)


def deploy_suite(
    chain: Chain,
    *,
    treasury: str,
    signer: str,
    owner: LocalAccount | None = None,
    royalty_bps: int = 500,
    settings: AuctionSettings = DEFAULT_SETTINGS,
    art_name: str = "Collective Art",
    art_symbol: str = "CART",
    badge_name: str = "Contribution Badge",
    badge_symbol: str = "CBADGE",
) -> Suite:
    """Deploys the four contracts owned by ``owner`` (default: the chain's default account).

    ``treasury`` receives royalties, the program's part of the proceeds and swept pools;
    ``signer`` is the address whose EIP-712 signatures authorise badge and share claims.
    """
    account = owner or chain.default_account
    treasury = Web3.to_checksum_address(treasury)
    signer = Web3.to_checksum_address(signer)
    start_block = chain.w3.eth.block_number + 1
    art = deploy_contract(
        chain, "CollectiveArt", account.address, art_name, art_symbol, treasury, royalty_bps, sender=account
    )
    badge = deploy_contract(
        chain, "ContributionBadge", account.address, signer, badge_name, badge_symbol, sender=account
    )
    proceeds = deploy_contract(chain, "ProceedsDistributor", account.address, treasury, signer, sender=account)
    house = deploy_contract(
        chain, "AuctionHouse", account.address, art.address, proceeds.address, settings.as_tuple(), sender=account
    )
    transact(chain, proceeds.functions.setAuctionHouse(house.address), sender=account)
    return Suite(
        art=art.address,
        badge=badge.address,
        proceeds=proceeds.address,
        auction_house=house.address,
        owner=account.address,
        treasury=treasury,
        signer=signer,
        deployed_block=start_block,
    )


def connect_suite(chain: Chain, suite: Suite) -> SuiteClients:
    """Clients for every contract of ``suite``."""
    return SuiteClients(
        art=ArtClient(chain, suite.art),
        badges=BadgeClient(chain, suite.badge),
        proceeds=ProceedsClient(chain, suite.proceeds),
        auction_house=AuctionHouseClient(chain, suite.auction_house),
    )
