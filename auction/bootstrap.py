"""The demo's set-up: the sample campaign published, pinned, minted and on auction — once.

Each step first asks the files of record whether it is done (the database for import and
publication, the chain for the token and the auction), so a restart does nothing twice and a
set-up interrupted half-way resumes where it stopped.
"""

from __future__ import annotations

import sys

from auction.config import Config
from auction.site import Site


def bootstrap(site_or_config: Site | Config) -> Site:
    """Makes sure the demo campaign is imported, published, minted and its auction opened.

    Given a ``Config`` it opens the ``Site`` first; either way it returns the site.
    """
    site = site_or_config if isinstance(site_or_config, Site) else Site(site_or_config)
    config = site.config
    campaign_id = site.import_campaign(config.demo_campaign)
    known = {view.campaign_id for view in site.campaigns()}
    if campaign_id not in known:
        _say(f"publishing {campaign_id} at {config.demo_size} px")
        view = site.publish(campaign_id)
        _say(f"pinned ipfs://{view.directory_cid}")
    token = site.mint(campaign_id)  # returns the existing token when already minted
    if site.auction(campaign_id).status == "none":
        site.start_auction(campaign_id, reserve_wei=config.demo_reserve_wei, duration=config.demo_duration)
        _say(f"auction of token {token} open for {config.demo_duration} s")
    return site


def _say(message: str) -> None:
    print(f"bootstrap: {message}", file=sys.stderr, flush=True)
