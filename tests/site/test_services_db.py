"""The same database code on SQLite (the embedded default) and PostgreSQL (``DATABASE_URL``).

PostgreSQL runs when Debian's server binaries are installed (``apt-get install postgresql``): the
fixture makes a throw-away cluster in a temporary folder, owned by the ``postgres`` user because
``initdb`` refuses to run as root, listening on a Unix socket only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from auction import db
from auction.bootstrap import bootstrap
from auction.site import Site
from tests.site.conftest import RESERVE_WEI, make_config

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None) if Path("/usr/lib/postgresql").is_dir() else None


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    # Missing pieces fail the run: `make test` installs both (make system, the postgres extra).
    assert PG_BIN is not None and shutil.which("runuser"), "PostgreSQL server binaries are missing"
    import psycopg  # noqa: F401  (the postgres extra)
    folder = Path(tempfile.mkdtemp(prefix="site-pg-"))  # not under pytest's root-only folder
    cluster = folder / "cluster"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(cluster), "-U", "postgres", "-A", "trust"),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(cluster), "-w", "-l", str(cluster / "log"),
                                "-o", f"-k {folder} -c listen_addresses=''", "start"), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}"
    finally:
        subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(cluster), "-m", "immediate", "stop"),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'site.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = sa.create_engine(url)
    db.metadata.drop_all(engine)  # each test starts from an empty database
    engine.dispose()


def test_demo_runs_and_restarts_on_either_database(
    tmp_path: Path, database_url: str, restart: Callable[[Site], Site]
) -> None:
    site = bootstrap(make_config(tmp_path / "data", database_url=database_url))
    campaign = site.campaigns()[0].campaign_id
    bidder = (site.dev_accounts() or [])[0][0]
    site.bid(campaign, bidder, RESERVE_WEI)
    links = site.participant_links(campaign)
    again = restart(site)
    assert [(b.bidder, b.amount_wei) for b in again.auction(campaign).bids] == [(bidder, RESERVE_WEI)]
    assert again.participant_links(campaign) == links
    assert again.engine.dialect.name == database_url.split(":")[0].split("+")[0]


def test_duplicate_event_rows_are_refused(database_url: str) -> None:
    engine = db.connect(database_url)
    row = {"chain_id": 1, "block_number": 5, "log_index": 0, "tx_hash": "0x" + "ab" * 32, "contract": "0x" + "00" * 20,
           "event": "AuctionBid", "args": {"amount": 2**255}, "block_time": 1}
    with engine.begin() as conn:
        conn.execute(db.chain_events.insert(), [row])
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(db.chain_events.insert(), [row])
    with engine.connect() as conn:
        (args,) = conn.execute(sa.select(db.chain_events.c.args)).scalars().all()
    assert args == {"amount": 2**255}  # a uint256 survives the JSON column
    engine.dispose()
