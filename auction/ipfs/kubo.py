"""The Kubo daemon backend, over its RPC API through ``ipfshttpclient`` 0.8.0a2.

Why this shape: ipfshttpclient is unmaintained and some of its calls hit endpoints Kubo has
removed, so only ``add``, ``pin``, ``cat`` and ``version`` are used. Blocks cannot be pushed
one by one that way, so ``put_dag`` rebuilds the content from our blocks and ``add``s it with
the parameters of our profile, then insists the daemon's CID equals ours: a differently
configured daemon (``Import.*`` settings) fails loudly instead of publishing a CID that does
not match the provenance record. Blocks and CAR export come from a local store kept alongside.

Kubo parameters per profile (``ipfs add --help``): ``cid-version``, ``raw-leaves``,
``chunker=size-N``; ``max-file-links`` (experimental) is sent only when it differs from Kubo's
default of 174, i.e. for ``unixfs-v1-2025``.
"""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipfshttpclient
from ipfshttpclient import exceptions as ipfs_errors

from artgen import unixfs
from artgen.multiformats import CID

from .backend import CidMismatch, IpfsError, PinFailed, UnsupportedOperation, retry
from .local import LocalBlockStore

DEFAULT_API = "/ip4/127.0.0.1/tcp/5001"
MIN_VERSION = (0, 5, 0)  # cid-version, raw-leaves and size chunkers all predate it
KUBO_DEFAULT_MAX_LINKS = 174


def _transient(error: Exception) -> bool:
    """Connection refused, timeouts, and HTTP errors without a Kubo message (proxies, 5xx)."""
    if isinstance(error, (ipfs_errors.ConnectionError, ipfs_errors.TimeoutError)):
        return True
    return isinstance(error, ipfs_errors.StatusError) and not isinstance(error, ipfs_errors.ErrorResponse)


def add_options(profile: unixfs.Profile) -> dict[str, str]:
    """The ``/api/v0/add`` query options that make Kubo build ``profile``'s DAG."""
    opts = {
        "cid-version": str(profile.cid_version),
        "raw-leaves": "true" if profile.raw_leaves else "false",
        "chunker": f"size-{profile.chunk_size}",
        "pin": "false",
    }
    if profile.max_links != KUBO_DEFAULT_MAX_LINKS:
        opts["max-file-links"] = str(profile.max_links)
    return opts


def _parse_version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("-", 1)[0].split("."))
    except ValueError:
        raise IpfsError(f"Kubo reported an unreadable version {text!r}") from None


def _write_tree(base: Path, tree: Mapping[str, Any]) -> None:
    for name, value in tree.items():
        if isinstance(value, Mapping):
            (base / name).mkdir()
            _write_tree(base / name, value)
        else:
            (base / name).write_bytes(value)


class KuboBackend:
    """Publishes DAGs to a Kubo daemon and checks that it agrees on every CID."""

    name = "kubo"

    def __init__(
        self,
        store: LocalBlockStore,
        api: str = DEFAULT_API,
        profile: str = unixfs.DEFAULT_PROFILE,
        *,
        timeout: float = 60.0,
        attempts: int = 3,
        base_delay: float = 0.5,
    ):
        self.store = store
        self.api = api
        self.profile = unixfs.get_profile(profile)
        self.attempts = attempts
        self.base_delay = base_delay
        self.client = ipfshttpclient.Client(api, timeout=timeout)
        self.version = self._check_version()

    def _call(self, what: str, call: Any) -> Any:
        def quiet() -> Any:
            with warnings.catch_warnings():
                # urllib3 2.x warns about a 'strict' argument ipfshttpclient still passes.
                warnings.filterwarnings("ignore", message="The 'strict' parameter", category=FutureWarning)
                return call()

        return retry(
            quiet,
            what=f"Kubo at {self.api}: {what}",
            should_retry=_transient,
            attempts=self.attempts,
            base_delay=self.base_delay,
        )

    def _check_version(self) -> str:
        """Ask the daemon its version at connect; fail now rather than at the first pin."""
        # ipfshttpclient.connect() would warn that any Kubo >= 0.9 is "unsupported"; we call
        # version ourselves and use only the endpoints that still exist.
        info = self._call("version", self.client.version)
        version = str(info.get("Version", ""))
        if _parse_version(version) < MIN_VERSION:
            raise IpfsError(f"Kubo at {self.api} is version {version}; need at least {'.'.join(map(str, MIN_VERSION))}")
        return version

    def _add(self, content: bytes | Mapping[str, Any]) -> str:
        opts = add_options(self.profile)
        if not isinstance(content, Mapping):
            return str(self._call("add", lambda: self.client.add_bytes(content, opts=opts)))
        # client.add() overwrites pin/raw-leaves in opts with its own keyword defaults, so the
        # profile goes through its keywords; only max-file-links has no keyword.
        extra = {key: opts[key] for key in ("max-file-links",) if key in opts}
        with tempfile.TemporaryDirectory() as temp:
            top = Path(temp) / "root"
            top.mkdir()
            _write_tree(top, content)
            entries = self._call(
                "add",
                lambda: self.client.add(
                    str(top),
                    recursive=True,
                    pin=False,
                    cid_version=self.profile.cid_version,
                    raw_leaves=self.profile.raw_leaves,
                    chunker=opts["chunker"],
                    opts=extra,
                ),
            )
        for entry in entries:
            if entry["Name"] == "root":
                return str(entry["Hash"])
        raise IpfsError(f"Kubo at {self.api}: add of a directory returned no entry for its root")

    def put_dag(self, root: CID, blocks: Mapping[CID, bytes]) -> None:
        """Store locally, then add the same content to Kubo and require the same root CID."""
        if root.version != self.profile.cid_version:
            raise IpfsError(
                f"{root} is CIDv{root.version} but profile {self.profile.name} makes CIDv{self.profile.cid_version}"
            )
        self.store.put_dag(root, blocks)
        got = self._add(unixfs.read_tree(root, self.store.get_block))
        if got != str(root):
            raise CidMismatch(f"Kubo at {self.api} ({self.profile.name})", root, got)

    def pin(self, root: CID) -> None:
        """Pin recursively on the daemon (and locally, so CAR export has the DAG)."""
        try:
            result = self._call("pin/add", lambda: self.client.pin.add(str(root)))
        except ipfs_errors.ErrorResponse as error:
            raise PinFailed(f"Kubo at {self.api} refused to pin {root}: {error}") from error
        if str(root) not in result.get("Pins", []):
            raise PinFailed(f"Kubo at {self.api} did not report {root} as pinned: {result}")
        self.store.pin(root)

    def is_pinned(self, root: CID) -> bool:
        """Whether the daemon holds a recursive pin on ``root``."""
        try:
            result = self._call("pin/ls", lambda: self.client.pin.ls(str(root), type="recursive"))
        except ipfs_errors.ErrorResponse as error:
            if "not pinned" in str(error):
                return False
            raise IpfsError(f"Kubo at {self.api}: pin/ls {root}: {error}") from error
        return str(root) in result.get("Keys", {})

    def cat(self, cid: CID) -> bytes:
        """A file's bytes from the daemon, re-imported locally to check they hash to ``cid``."""
        data = self._call("cat", lambda: self.client.cat(str(cid)))
        got = unixfs.add_bytes(data, self.profile).cid
        if got != cid:
            raise CidMismatch(f"Kubo at {self.api}: content returned by cat", cid, str(got))
        return data

    def get_block(self, cid: CID) -> bytes:
        if not self.store.has(cid):
            raise UnsupportedOperation(f"block {cid} is not in the local store; raw block reads from Kubo are not used")
        return self.store.get_block(cid)

    def export_car(self, root: CID, path: Path) -> None:
        self.store.export_car(root, path)
