"""The site on a real JSON-RPC node (Ganache): no dev mode, and a wallet bid the site only prepared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account

from auction.bootstrap import bootstrap
from auction.config import Config
from auction.site import Refused, Site
from tests.chain.conftest import TEST_KEYS, ganache_url  # noqa: F401  (ganache_url is a fixture)
from tests.site.conftest import DEMO_DURATION, RESERVE_WEI, SCHOOL


def _config(data_dir: Path, url: str) -> Config:
    env = {"ART_RPC_URL": url, "ART_PRIVATE_KEY": TEST_KEYS[0],
           "ART_TREASURY": Account.from_key(TEST_KEYS[9]).address}
    return Config.from_env(env, data_dir=data_dir, demo_campaign=SCHOOL, demo_size=256, demo_duration=DEMO_DURATION,
                           demo_reserve_wei=RESERVE_WEI, secret_key="s", organiser_password="p")


@pytest.fixture
def rpc_site(tmp_path: Path, ganache_url: str) -> Iterator[Site]:  # noqa: F811
    site = bootstrap(_config(tmp_path / "data", ganache_url))
    yield site
    site.close()


def test_real_node_turns_dev_mode_off(rpc_site: Site) -> None:
    campaign = rpc_site.campaigns()[0].campaign_id
    assert rpc_site.chain.chain_id == 1337 and not rpc_site.config.dev_mode
    assert rpc_site.dev_accounts() is None
    with pytest.raises(Refused, match=r"^bidding with a test account exists only in development mode \(a real chain"):
        rpc_site.bid(campaign, Account.from_key(TEST_KEYS[1]).address, RESERVE_WEI)
    with pytest.raises(Refused, match=r"^moving time exists only in development mode"):
        rpc_site.advance_time(60)
    assert rpc_site.auction(campaign).treasury == Account.from_key(TEST_KEYS[9]).address


def test_wallet_signs_the_prepared_bid_and_the_view_follows_the_chain(
    rpc_site: Site, tmp_path: Path, ganache_url: str  # noqa: F811
) -> None:
    campaign = rpc_site.campaigns()[0].campaign_id
    wallet = Account.from_key(TEST_KEYS[2])
    params = rpc_site.prepare_bid(campaign, wallet.address, RESERVE_WEI)
    w3 = rpc_site.chain.w3
    tx = {  # what a browser wallet adds before it signs: nonce, gas and fees
        "from": params["from"], "to": params["to"], "data": params["data"], "value": int(params["value"], 16),
        "chainId": int(params["chainId"], 16), "nonce": w3.eth.get_transaction_count(wallet.address),
        "maxFeePerGas": 2 * w3.eth.gas_price, "maxPriorityFeePerGas": 1,
    }
    tx["gas"] = w3.eth.estimate_gas(tx)
    tx_hash = w3.eth.send_raw_transaction(wallet.sign_transaction(tx).raw_transaction).to_0x_hex()
    w3.eth.wait_for_transaction_receipt(tx_hash)

    view = rpc_site.auction(campaign)
    assert [(b.bidder, b.amount_wei, b.tx_hash) for b in view.bids] == [(wallet.address, RESERVE_WEI, tx_hash)]

    rpc_site.close()  # a restart finds the suite on the node and does nothing twice
    again = bootstrap(_config(tmp_path / "data", ganache_url))
    try:
        assert again.suite == rpc_site.suite
        assert again.auction(campaign).bids == view.bids
    finally:
        again.close()
