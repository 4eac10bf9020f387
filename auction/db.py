"""The site's database: campaigns, participant links, the deployed suite and indexed chain events.

SQLAlchemy Core, so the same statements run on the embedded SQLite file and on PostgreSQL
(``DATABASE_URL=postgresql+psycopg://...``, with the ``postgres`` extra installed). Chain-derived
rows (``deployments``, ``chain_events``, ``indexer_cursor``) are a cache of the chain: the indexer
can rebuild them from the chain at any time; ``campaigns`` and ``participant_links`` are records.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

metadata = sa.MetaData()

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),  # the campaign's slug (campaign.toml)
    sa.Column("campaign_dir", sa.Text, nullable=False),  # where campaign.toml and the records are
    sa.Column("publish_dir", sa.Text),  # OUT of the last publication, relative to DATA_DIR (public + private/)
    sa.Column("directory_cid", sa.String(100)),
    sa.Column("image_cid", sa.String(100)),
    sa.Column("dataset_cid", sa.String(100)),
    sa.Column("metadata_cid", sa.String(100)),
    sa.Column("merkle_root", sa.String(66)),
    sa.Column("art", sa.JSON),  # style, palette, seed, width, height, renderer
    sa.Column("chain_id", sa.BigInteger),  # where it was minted
    sa.Column("art_contract", sa.String(42)),
    sa.Column("auction_contract", sa.String(42)),
    sa.Column("token_id", sa.BigInteger),  # None until minted
    sa.Column("imported_at", sa.BigInteger, nullable=False),  # unix seconds
    sa.Column("published_at", sa.BigInteger),
)

participant_links = sa.Table(
    "participant_links",
    metadata,
    sa.Column("token", sa.String(64), primary_key=True),  # secrets.token_urlsafe(24)
    sa.Column("campaign_id", sa.String(100), sa.ForeignKey("campaigns.id"), nullable=False),
    sa.Column("participant", sa.String(200), nullable=False),
    sa.UniqueConstraint("campaign_id", "participant"),
)

deployments = sa.Table(
    "deployments",
    metadata,
    sa.Column("chain_id", sa.BigInteger, primary_key=True),
    sa.Column("art", sa.String(42), nullable=False),
    sa.Column("badge", sa.String(42), nullable=False),
    sa.Column("proceeds", sa.String(42), nullable=False),
    sa.Column("auction_house", sa.String(42), nullable=False),
    sa.Column("owner", sa.String(42), nullable=False),
    sa.Column("treasury", sa.String(42), nullable=False),
    sa.Column("signer", sa.String(42), nullable=False),
    sa.Column("deployed_block", sa.BigInteger, nullable=False),
)

chain_events = sa.Table(
    "chain_events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("chain_id", sa.BigInteger, nullable=False),
    sa.Column("block_number", sa.BigInteger, nullable=False),
    sa.Column("log_index", sa.Integer, nullable=False),
    sa.Column("tx_hash", sa.String(66), nullable=False),
    sa.Column("contract", sa.String(42), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("args", sa.JSON, nullable=False),  # bytes as 0x hex
    sa.Column("block_time", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("tx_hash", "log_index"),
    sa.Index("ix_chain_events_chain_block", "chain_id", "block_number", "log_index"),
)

indexer_cursor = sa.Table(
    "indexer_cursor",
    metadata,
    sa.Column("chain_id", sa.BigInteger, primary_key=True),
    sa.Column("next_block", sa.BigInteger, nullable=False),  # the first block not yet indexed
)


def connect(url: str) -> Engine:
    """An engine for ``url`` with every table created (SQLite files get WAL for concurrent readers)."""
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def forget_chain(engine: Engine, chain_id: int) -> None:
    """Drops what the database knows of chain ``chain_id`` (it was reset): deployment, events, tokens."""
    with engine.begin() as conn:
        conn.execute(chain_events.delete().where(chain_events.c.chain_id == chain_id))
        conn.execute(indexer_cursor.delete().where(indexer_cursor.c.chain_id == chain_id))
        conn.execute(deployments.delete().where(deployments.c.chain_id == chain_id))
        conn.execute(
            campaigns.update()
            .where(campaigns.c.chain_id == chain_id)
            .values(chain_id=None, art_contract=None, auction_contract=None, token_id=None)
        )
