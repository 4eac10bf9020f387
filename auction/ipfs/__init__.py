"""IPFS backends: where the artwork's DAG is stored and pinned (see docs/ipfs.md).

Chosen by environment, so the same code runs embedded or against real infrastructure::

    IPFS_BACKEND=local|kubo|pinning   (default local)
    IPFS_STORE=PATH                   local block store folder (default DATA_DIR/ipfs)
    IPFS_PROFILE=kubo-default|unixfs-v1-2025
    KUBO_API=/ip4/127.0.0.1/tcp/5001
    PINNING_SERVICE_URL=https://...   PINNING_SERVICE_TOKEN=...   PINNING_SERVICE_ORIGINS=multiaddr,...

With ``pinning``, blocks are served by the Kubo daemon at KUBO_API if set, else by the local store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from artgen.unixfs import DEFAULT_PROFILE, get_profile

from .backend import (
    BackendUnavailable,
    CidMismatch,
    IpfsError,
    PinFailed,
    PinningBackend,
    UnsupportedOperation,
    retry,
)
from .kubo import DEFAULT_API, KuboBackend
from .local import LocalBlockStore
from .pinning_service import PinningServiceBackend, PinStatus, ServiceError

BACKENDS = ("local", "kubo", "pinning")

__all__ = [
    "BACKENDS",
    "BackendUnavailable",
    "CidMismatch",
    "IpfsError",
    "KuboBackend",
    "LocalBlockStore",
    "PinFailed",
    "PinStatus",
    "PinningBackend",
    "PinningServiceBackend",
    "ServiceError",
    "UnsupportedOperation",
    "backend_from_env",
    "retry",
]


def backend_from_env(data_dir: str | Path, env: Mapping[str, str] = os.environ) -> PinningBackend:
    """Build the backend the environment asks for; unknown names and missing settings are ValueErrors."""
    kind = env.get("IPFS_BACKEND", "local")
    if kind not in BACKENDS:
        raise ValueError(f"IPFS_BACKEND={kind!r}; allowed: {', '.join(BACKENDS)}")
    profile = get_profile(env.get("IPFS_PROFILE", DEFAULT_PROFILE)).name
    store = LocalBlockStore(env.get("IPFS_STORE") or Path(data_dir) / "ipfs")
    if kind == "local":
        return store
    if kind == "kubo":
        return KuboBackend(store, env.get("KUBO_API", DEFAULT_API), profile)
    url, token = env.get("PINNING_SERVICE_URL"), env.get("PINNING_SERVICE_TOKEN")
    if not url or not token:
        raise ValueError("IPFS_BACKEND=pinning needs PINNING_SERVICE_URL and PINNING_SERVICE_TOKEN")
    origins = [o for o in env.get("PINNING_SERVICE_ORIGINS", "").split(",") if o]
    # The service fetches blocks from the network: a Kubo daemon, when configured, provides them.
    provider: PinningBackend = KuboBackend(store, env["KUBO_API"], profile) if env.get("KUBO_API") else store
    return PinningServiceBackend(url, token, provider, origins=origins)
