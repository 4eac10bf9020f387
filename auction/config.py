"""The site's settings: environment variables over embedded defaults, so the demo needs none.

Every part has an embedded default and a variable that switches it to a real deployment::

    DATA_DIR=./data                      everything the demo keeps: database, block store, journal, secrets
    DATABASE_URL=sqlite:///DATA_DIR/site.db   or postgresql+psycopg://user:pass@host/db
    IPFS_BACKEND, IPFS_STORE, IPFS_PROFILE, KUBO_API, PINNING_SERVICE_*   (see auction.ipfs)
    ART_RPC_URL=http://...               a real EVM node (keys: ART_PRIVATE_KEY / ART_KEY_FILE); dev mode off
    SECRET_KEY                           Flask's session key (else DATA_DIR/secret_key, made once, mode 0600)
    ORGANISER_PASSWORD                   (else DATA_DIR/organiser_password, made once, mode 0600)
    PORT=5000   SITE_URL=http://127.0.0.1:PORT
    DEMO_CAMPAIGN=samples/kawasaki-2021  DEMO_SIZE=2048  DEMO_RESERVE_WEI=10**17 (0.1 ETH)
    DEMO_AUCTION_SECONDS=86400  DEMO_PARTICIPANTS_BPS=2000 (share of the proceeds for participants)
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CAMPAIGN = REPO / "samples" / "kawasaki-2021"
DEFAULT_RESERVE_WEI = 10**17  # 0.1 ETH
DEFAULT_DURATION = 24 * 3600  # Nouns' 24 h
DEFAULT_PARTICIPANTS_BPS = 2000  # a fifth of the proceeds back to participants, as the pilot planned
DEFAULT_SIZE = 2048


@dataclass(frozen=True)
class Config:
    """Everything the site reads from its environment, resolved once at start."""

    data_dir: Path
    database_url: str
    secret_key: str
    organiser_password: str
    port: int = 5000
    site_url: str = "http://127.0.0.1:5000"
    rpc_url: str | None = None  # set: a real node, no dev mode
    demo_campaign: Path = DEFAULT_CAMPAIGN
    demo_size: int = DEFAULT_SIZE
    demo_reserve_wei: int = DEFAULT_RESERVE_WEI
    demo_duration: int = DEFAULT_DURATION
    demo_participants_bps: int = DEFAULT_PARTICIPANTS_BPS
    env: Mapping[str, str] = field(default_factory=dict, repr=False)  # for the IPFS and chain factories

    @property
    def dev_mode(self) -> bool:
        """Test accounts, time travel and the journal exist only on the embedded chain."""
        return not self.rpc_url

    @property
    def journal_path(self) -> Path:
        """Where the embedded chain's transactions are journaled."""
        return self.data_dir / "chain.journal"

    @property
    def publish_root(self) -> Path:
        """Where each campaign's published folder (and its private/ part) is written."""
        return self.data_dir / "campaigns"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, **overrides: Any) -> Config:
        """Reads ``env``; ``overrides`` (field names) win over it. Creates DATA_DIR and its secrets."""
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown Config fields: {', '.join(sorted(unknown))}")
        data_dir = Path(overrides.pop("data_dir", None) or env.get("DATA_DIR") or "data").resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        port = _integer(env, "PORT", 5000)
        values: dict[str, Any] = {
            "data_dir": data_dir,
            "database_url": env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'site.db'}",
            "port": port,
            "site_url": (env.get("SITE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
            "rpc_url": env.get("ART_RPC_URL") or None,
            "demo_campaign": Path(env.get("DEMO_CAMPAIGN") or DEFAULT_CAMPAIGN),
            "demo_size": _integer(env, "DEMO_SIZE", DEFAULT_SIZE),
            "demo_reserve_wei": _integer(env, "DEMO_RESERVE_WEI", DEFAULT_RESERVE_WEI),
            "demo_duration": _integer(env, "DEMO_AUCTION_SECONDS", DEFAULT_DURATION),
            "demo_participants_bps": _integer(env, "DEMO_PARTICIPANTS_BPS", DEFAULT_PARTICIPANTS_BPS),
            "env": dict(env),
        }
        values.update(overrides)
        if "secret_key" not in values:
            values["secret_key"] = env.get("SECRET_KEY") or _secret_file(data_dir / "secret_key", announce=False)
        if "organiser_password" not in values:
            values["organiser_password"] = env.get("ORGANISER_PASSWORD") or _secret_file(
                data_dir / "organiser_password", announce=True
            )
        return cls(**values)


def _integer(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name}={text!r}: expected a whole number") from None
    if value < 0:
        raise ValueError(f"{name}={text!r}: must not be negative")
    return value


def _secret_file(path: Path, *, announce: bool) -> str:
    """The secret kept in ``path``, created once (mode 0600) so restarts keep sessions and logins."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(32 if not announce else 12)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(value + "\n")
    if announce:
        print(f"organiser password created: {path}", file=sys.stderr)
    return value
