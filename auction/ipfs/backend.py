"""The one interface every IPFS backend offers, its errors, and the retry helper they share.

Errors (all ``IpfsError``)::

    IpfsError
    ├── BackendUnavailable   the daemon or service cannot be reached (after retries)
    ├── CidMismatch          a remote node computed another CID than ours
    ├── PinFailed            the pin was refused, failed, or did not finish in time
    └── UnsupportedOperation the backend cannot do this (e.g. blocks from a bare pinning service)

Reading a corrupt or missing block raises artgen's ``CorruptBlockError`` / ``MissingBlockError``
(both name the CID), whichever backend it came from.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

from artgen.multiformats import CID

log = logging.getLogger(__name__)

T = TypeVar("T")


class IpfsError(Exception):
    """Base of the errors IPFS backends raise on purpose."""


class BackendUnavailable(IpfsError):
    """The daemon or service did not answer usefully, even after retrying."""


class CidMismatch(IpfsError):
    """A remote node's CID for some content differs from the one computed locally."""

    def __init__(self, what: str, expected: CID | str, got: str):
        self.expected = str(expected)
        self.got = got
        super().__init__(f"{what}: CID mismatch: expected {self.expected} (computed locally), got {got}")


class PinFailed(IpfsError):
    """A pin did not reach the ``pinned`` state."""


class UnsupportedOperation(IpfsError):
    """This backend cannot perform the operation."""


class PinningBackend(Protocol):
    """Where the artwork's DAG lives and is kept (pinned).

    ``put_dag`` stores the blocks the importer produced; ``pin`` makes the node keep them;
    ``cat`` returns a file's bytes with every block re-checked; ``export_car`` writes the DAG
    as CAR v1 for ``ipfs dag import`` elsewhere.
    """

    name: str

    def put_dag(self, root: CID, blocks: Mapping[CID, bytes]) -> None: ...

    def pin(self, root: CID) -> object: ...

    def is_pinned(self, root: CID) -> bool: ...

    def cat(self, cid: CID) -> bytes: ...

    def get_block(self, cid: CID) -> bytes: ...

    def export_car(self, root: CID, path: Path) -> None: ...


def retry(
    call: Callable[[], T],
    *,
    what: str,
    should_retry: Callable[[Exception], bool],
    attempts: int = 4,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``call``, retrying transient failures with exponential backoff and jitter.

    Retries only exceptions for which ``should_retry`` is true (connection refused, timeouts,
    5xx, 429); the last one is re-raised as :class:`BackendUnavailable` naming ``what``.
    Other exceptions pass through at once: a wrong token does not get better with time.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    attempt = 1
    while True:
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - filtered by should_retry
            if not should_retry(error):
                raise
            if attempt >= attempts:
                raise BackendUnavailable(f"{what}: failed {attempts} times, last error: {error}") from error
            delay = min(max_delay, base_delay * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
            log.warning("%s failed (%s); retry %d/%d in %.2fs", what, error, attempt, attempts - 1, delay)
            sleep(delay)
            attempt += 1
