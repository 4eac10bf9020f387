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
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

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


# --- web fixtures (site-web) -------------------------------------------------------------------

CSRF_META = 'name="csrf-token" content="'


def web_config(data_dir: Path) -> dict[str, object]:
    """`create_app` settings for a copy of the bootstrapped DATA_DIR (same settings as `site`)."""
    return {"TESTING": True, "DATA_DIR": str(data_dir), "SECRET_KEY": "test-secret",
            "ORGANISER_PASSWORD": "test-password",
            "SITE_CONFIG": {"demo_campaign": SCHOOL, "demo_size": 256, "demo_duration": DEMO_DURATION,
                            "demo_reserve_wei": RESERVE_WEI}}


@pytest.fixture
def app(site_config: Config) -> Iterator[Flask]:
    """The real app over a private copy of the bootstrapped demo (CSRF on, as in production)."""
    from app import close_site, create_app

    application = create_app(web_config(site_config.data_dir))
    yield application
    close_site(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def web_site(app: Flask) -> Site:
    """The app's own Site (to set up state the test then reads over HTTP)."""
    return app.extensions["site"]


def csrf_token(client: FlaskClient) -> str:
    """The session's CSRF token, read from a page as a browser would."""
    page = client.get("/").get_data(as_text=True)
    start = page.index(CSRF_META) + len(CSRF_META)
    return page[start:page.index('"', start)]


class Auth:
    """Logs the test client in and out as the organiser."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, password: str = "test-password") -> TestResponse:
        return self.client.post("/organiser/login",
                                data={"password": password, "csrf_token": csrf_token(self.client)})

    def logout(self) -> TestResponse:
        return self.client.post("/organiser/logout", data={"csrf_token": csrf_token(self.client)})


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
