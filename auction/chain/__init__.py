"""The chain layer: connect, deploy the contract suite, and run auctions, badges and proceeds.

Typical use::

    chain = Chain.embedded()                      # or Chain.from_env() / Chain.from_rpc(url, [key])
    suite = deploy_suite(chain, treasury=..., signer=...)
    c = connect_suite(chain, suite)
    token = c.art.mint(campaign_id("kawasaki-compost"), cid)
    c.auction_house.start(token, reserve_price=10**18, duration=24 * 3600)

Every revert raises ``TransactionFailed`` whose ``str`` is a sentence ("bid must be at least
1.05 ETH") and whose ``error_name``/``error_args`` are the contract's custom error.
"""

from auction.chain.art import ArtClient, campaign_id
from auction.chain.artifacts import Artifact, load_artifact
from auction.chain.auction_house import AuctionHouseClient, AuctionSettings, AuctionState
from auction.chain.badges import BadgeClient, BadgeVoucher
from auction.chain.connection import Chain
from auction.chain.deploy import Suite, SuiteClients, connect_suite, deploy_contract, deploy_suite
from auction.chain.devnode import advance_time, mine, revert_to, snapshot
from auction.chain.errors import ChainError, ConfigurationError, TransactionFailed, format_eth
from auction.chain.events import ChainEvent
from auction.chain.proceeds import PoolState, ProceedsClient
from auction.chain.transactions import call, transact

__all__ = [
    "ArtClient",
    "Artifact",
    "AuctionHouseClient",
    "AuctionSettings",
    "AuctionState",
    "BadgeClient",
    "BadgeVoucher",
    "Chain",
    "ChainError",
    "ChainEvent",
    "ConfigurationError",
    "PoolState",
    "ProceedsClient",
    "Suite",
    "SuiteClients",
    "TransactionFailed",
    "advance_time",
    "call",
    "campaign_id",
    "connect_suite",
    "deploy_contract",
    "deploy_suite",
    "format_eth",
    "load_artifact",
    "mine",
    "revert_to",
    "snapshot",
    "transact",
]
