"""Site fixtures: a bootstrapped demo on a temporary DATA_DIR with the small school sample.

The school garden sample (40 pupils) at 256 px bootstraps in about two seconds; it is done once
per session (``_demo_data``) and each test gets its own copy of that DATA_DIR, so tests share no
state. ``restart`` closes a site and opens a new one on the same DATA_DIR, as a process restart
would: the chain is rebuilt from its journal, the views from the database.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from auction.bootstrap import bootstrap
from auction.config import Config
from auction.site import Site

REPO = Path(__file__).resolve().parents[2]
SCHOOL = REPO / "samples" / "nakahara-school-garden-2022"
DEMO_DURATION = 3600  # one hour: long enough for the tests, and time jumps are cheap
RESERVE_WEI = 10**17  # 0.1 ETH


def make_config(data_dir: Path, **overrides: object) -> Config:
    """The test configuration: no environment, the school sample at 256 px, a one-hour auction."""
    settings: dict[str, object] = {
        "data_dir": data_dir, "demo_campaign": SCHOOL, "demo_size": 256, "demo_duration": DEMO_DURATION,
        "demo_reserve_wei": RESERVE_WEI, "secret_key": "test-secret", "organiser_password": "test-password",
    }
    settings.update(overrides)
    return Config.from_env({}, **settings)


@pytest.fixture(scope="session")
def _demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    bootstrap(make_config(data_dir)).close()
    return data_dir


@pytest.fixture
def site_config(tmp_path: Path, _demo_data: Path) -> Config:
    """A private copy of the bootstrapped DATA_DIR."""
    data_dir = tmp_path / "data"
    shutil.copytree(_demo_data, data_dir)
    return make_config(data_dir)


@pytest.fixture
def site(site_config: Config) -> Iterator[Site]:
    """The demo site: school sample published, minted, its auction live (no bids yet)."""
    opened = Site(site_config)
    yield opened
    opened.close()


@pytest.fixture
def campaign_id(site: Site) -> str:
    return site.campaigns()[0].campaign_id


@pytest.fixture
def restart() -> Iterator[Callable[[Site], Site]]:
    """``restart(site)`` closes ``site`` and returns a new Site on the same DATA_DIR."""
    opened: list[Site] = []

    def reopen(old: Site) -> Site:
        old.close()
        new = Site(old.config)
        opened.append(new)
        return new

    yield reopen
    for s in opened:
        s.close()
