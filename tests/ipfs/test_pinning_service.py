"""PinningServiceBackend against a fake IPFS Pinning Service API server (none can run here)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from artgen import unixfs
from auction.ipfs import (
    BackendUnavailable,
    LocalBlockStore,
    PinFailed,
    PinningServiceBackend,
    ServiceError,
    UnsupportedOperation,
    backend_from_env,
)

ROOT = unixfs.add_bytes(b"hello world\n").cid


def make(url: str, token: str = "secret-token", **kw: object) -> PinningServiceBackend:
    kw.setdefault("sleep", lambda seconds: None)
    return PinningServiceBackend(url, token, base_delay=0.0, poll_interval=0.0, **kw)


def test_fake_service_pin_polls_until_pinned(fake_pinning_service) -> None:
    fake, url = fake_pinning_service
    backend = make(url, origins=["/ip4/203.0.113.5/tcp/4001/p2p/12D3KooWfake"])
    status = backend.pin(ROOT, name="Loop #1")
    assert (status.status, status.cid, status.requestid) == ("pinned", str(ROOT), "req-1")
    method, path, body = fake.calls[0]
    assert (method, path) == ("POST", "/pins")
    assert body == {"cid": str(ROOT), "name": "Loop #1", "origins": ["/ip4/203.0.113.5/tcp/4001/p2p/12D3KooWfake"]}
    assert [c[:2] for c in fake.calls[1:]] == [("GET", "/pins/req-1")] * 3
    assert set(fake.auth_headers) == {"Bearer secret-token"}
    assert backend.is_pinned(ROOT)


def test_fake_service_failed_pin_raises_and_is_not_pinned(fake_pinning_service) -> None:
    fake, url = fake_pinning_service
    fake.outcome = "failed"
    backend = make(url)
    with pytest.raises(PinFailed) as err:
        backend.pin(ROOT)
    assert str(err.value) == f"pinning service {url}: pin of {ROOT} ended failed (request req-1)"
    assert not backend.is_pinned(ROOT)


def test_fake_service_pin_stuck_queued_times_out_unpinned(fake_pinning_service) -> None:
    fake, url = fake_pinning_service
    fake.polls_before_outcome = 10**6
    ticks = iter(range(100))
    backend = make(url, pin_timeout=5, clock=lambda: float(next(ticks)))
    with pytest.raises(PinFailed, match=f"{ROOT} still pinning after 5s .request req-1.; not recorded as pinned"):
        backend.pin(ROOT)
    assert not backend.is_pinned(ROOT)


@pytest.mark.parametrize("status", [502, 503, 429])
def test_fake_service_transient_errors_are_retried_with_backoff(fake_pinning_service, status: int) -> None:
    fake, url = fake_pinning_service
    fake.transient_failures, fake.transient_status = 2, status
    delays: list[float] = []
    backend = PinningServiceBackend(url, "secret-token", sleep=delays.append, base_delay=1.0, poll_interval=0.0)
    assert backend.pin(ROOT).status == "pinned"
    backoff = delays[:2]
    assert 0.5 <= backoff[0] <= 1.0 and 1.0 <= backoff[1] <= 2.0  # doubling, with jitter


def test_fake_service_always_503_gives_up_and_records_nothing(fake_pinning_service) -> None:
    fake, url = fake_pinning_service
    fake.transient_failures = 100
    with pytest.raises(
        BackendUnavailable, match=f"pinning service {url}: POST /pins: failed 4 times, last error: HTTP 503"
    ):
        make(url).pin(ROOT)
    assert fake.requests == {}


def test_fake_service_wrong_token_is_not_retried(fake_pinning_service) -> None:
    fake, url = fake_pinning_service
    with pytest.raises(ServiceError) as err:
        make(url, token="wrong").pin(ROOT)
    assert str(err.value) == "pinning service answered HTTP 401 UNAUTHORIZED: access token is missing or invalid"
    assert len(fake.calls) == 1


def test_service_down_is_reported(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}"
    with pytest.raises(
        BackendUnavailable, match=f"pinning service {url}: POST /pins: failed 4 times, last error: .*refused"
    ):
        make(url).pin(ROOT)


def test_fake_service_slower_than_timeout_is_reported(fake_pinning_service) -> None:
    fake, url = fake_pinning_service
    fake.delay = 1.0
    start = time.monotonic()
    with pytest.raises(BackendUnavailable, match="failed 2 times, last error: .*timed out"):
        make(url, timeout=0.2, attempts=2).pin(ROOT)
    assert time.monotonic() - start < 1.9


def test_blocks_go_through_the_provider(fake_pinning_service, tmp_path: Path) -> None:
    _, url = fake_pinning_service
    result = unixfs.add_bytes(b"hello world\n")
    backend = make(url, provider=LocalBlockStore(tmp_path))
    backend.put_dag(result.cid, result.blocks)
    assert backend.cat(result.cid) == b"hello world\n"
    with pytest.raises(UnsupportedOperation, match="a pinning service cannot serve content; configure a provider"):
        make(url).cat(result.cid)


def test_missing_token_is_refused() -> None:
    with pytest.raises(ValueError, match="a pinning service needs an access token .PINNING_SERVICE_TOKEN."):
        PinningServiceBackend("https://pins.example", "")


def test_env_builds_a_pinning_backend_over_the_local_store(tmp_path: Path) -> None:
    backend = backend_from_env(
        tmp_path,
        {
            "IPFS_BACKEND": "pinning",
            "PINNING_SERVICE_URL": "https://pins.example/",
            "PINNING_SERVICE_TOKEN": "t",
            "PINNING_SERVICE_ORIGINS": "/ip4/1.2.3.4/tcp/4001",
        },
    )
    assert isinstance(backend, PinningServiceBackend)
    assert (backend.url, backend.origins, type(backend.provider)) == (
        "https://pins.example",
        ["/ip4/1.2.3.4/tcp/4001"],
        LocalBlockStore,
    )
