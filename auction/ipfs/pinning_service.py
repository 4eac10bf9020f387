"""Remote pinning through the IPFS Pinning Service API (https://ipfs.github.io/pinning-services-api-spec/).

A pinning service does not accept uploads: it fetches the DAG from the IPFS network, usually
from the node named in ``origins``. So this backend pins remotely and leaves blocks to a
``provider`` backend (the Kubo daemon that announces them, or the local store for reads).

Calls: ``POST /pins`` ``{cid, name, origins}`` -> a PinStatus with ``requestid``; ``GET
/pins/{requestid}`` polled until ``status`` leaves ``queued``/``pinning``; ``GET
/pins?cid=...&status=pinned`` for ``is_pinned``. Bearer-token auth. Only ``pinned`` counts:
``failed``, a timeout or an error leaves the CID unpinned here and raises ``PinFailed``.
Standard library HTTP (urllib) so nothing else has to be installed.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from artgen.multiformats import CID

from .backend import IpfsError, PinFailed, PinningBackend, UnsupportedOperation, retry

WAITING = ("queued", "pinning")


@dataclass(frozen=True)
class PinStatus:
    """What the service says about one pin request."""

    requestid: str
    status: str
    cid: str


class ServiceError(IpfsError):
    """The service answered with an error that retrying will not fix (4xx other than 429)."""

    def __init__(self, status: int, reason: str, details: str):
        self.status = status
        self.reason = reason
        super().__init__(f"pinning service answered HTTP {status} {reason}: {details}")


class _Transient(Exception):
    """A 5xx or 429 answer, worth retrying."""


def _transient(error: Exception) -> bool:
    return isinstance(error, (_Transient, urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError))


def _error_of(status: int, body: bytes) -> ServiceError:
    try:
        error = json.loads(body)["error"]
        return ServiceError(status, str(error.get("reason", "")), str(error.get("details", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ServiceError(status, "", body[:200].decode("utf-8", "replace"))


class PinningServiceBackend:
    """Pins at a remote service; reads and CAR export go to ``provider``."""

    name = "pinning"

    def __init__(
        self,
        url: str,
        token: str,
        provider: PinningBackend | None = None,
        *,
        origins: Sequence[str] = (),
        timeout: float = 30.0,
        attempts: int = 4,
        base_delay: float = 0.5,
        poll_interval: float = 2.0,
        pin_timeout: float = 600.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        if not token:
            raise ValueError("a pinning service needs an access token (PINNING_SERVICE_TOKEN)")
        self.url = url.rstrip("/")
        self.token = token
        self.provider = provider
        self.origins = list(origins)
        self.timeout = timeout
        self.attempts = attempts
        self.base_delay = base_delay
        self.poll_interval = poll_interval
        self.pin_timeout = pin_timeout
        self.sleep = sleep
        self.clock = clock

    # --- HTTP ---

    def _request(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if data else {}),
            },
        )

        def once() -> dict[str, Any]:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as error:
                payload = error.read()
                error.close()
                if error.code >= 500 or error.code == 429:
                    raise _Transient(f"HTTP {error.code}") from error
                raise _error_of(error.code, payload) from None

        return retry(
            once,
            what=f"pinning service {self.url}: {method} {path}",
            should_retry=_transient,
            attempts=self.attempts,
            base_delay=self.base_delay,
            sleep=self.sleep,
        )

    @staticmethod
    def _status(data: Mapping[str, Any]) -> PinStatus:
        try:
            return PinStatus(str(data["requestid"]), str(data["status"]), str(data["pin"]["cid"]))
        except (KeyError, TypeError) as error:
            raise IpfsError(f"pinning service sent a malformed PinStatus: {data!r}") from error

    # --- pins ---

    def pin(self, root: CID, name: str | None = None) -> PinStatus:
        """Ask the service to pin ``root`` and wait until it is ``pinned``; raise otherwise."""
        body: dict[str, Any] = {"cid": str(root), "name": name or str(root)}
        if self.origins:
            body["origins"] = self.origins
        status = self._status(self._request("POST", "/pins", body))
        deadline = self.clock() + self.pin_timeout
        while status.status in WAITING:
            if self.clock() >= deadline:
                raise PinFailed(
                    f"pinning service {self.url}: {root} still {status.status} after {self.pin_timeout:.0f}s "
                    f"(request {status.requestid}); not recorded as pinned"
                )
            self.sleep(self.poll_interval)
            status = self._status(self._request("GET", f"/pins/{urllib.parse.quote(status.requestid)}"))
        if status.status != "pinned":
            raise PinFailed(
                f"pinning service {self.url}: pin of {root} ended {status.status} (request {status.requestid})"
            )
        if status.cid != str(root):
            raise PinFailed(f"pinning service {self.url}: request {status.requestid} pinned {status.cid}, not {root}")
        return status

    def is_pinned(self, root: CID) -> bool:
        """Whether the service lists ``root`` with status ``pinned``."""
        query = urllib.parse.urlencode({"cid": str(root), "status": "pinned"})
        results = self._request("GET", f"/pins?{query}").get("results", [])
        return any(self._status(item).cid == str(root) and self._status(item).status == "pinned" for item in results)

    # --- blocks, through the provider ---

    def _need_provider(self, what: str) -> PinningBackend:
        if self.provider is None:
            raise UnsupportedOperation(f"a pinning service cannot {what}; configure a provider (local store or Kubo)")
        return self.provider

    def put_dag(self, root: CID, blocks: Mapping[CID, bytes]) -> None:
        self._need_provider("receive blocks").put_dag(root, blocks)

    def cat(self, cid: CID) -> bytes:
        return self._need_provider("serve content").cat(cid)

    def get_block(self, cid: CID) -> bytes:
        return self._need_provider("serve blocks").get_block(cid)

    def export_car(self, root: CID, path: Path) -> None:
        self._need_provider("export CAR files").export_car(root, path)
