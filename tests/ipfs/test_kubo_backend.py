"""KuboBackend against a fake Kubo RPC server (no Kubo binary can run here).

The fake computes CIDs with artgen.unixfs from the options it is sent, so these tests check the
wire format and the backend's behaviour (options per profile, CID comparison, pins, retries);
that the CIDs equal Kubo's own is checked by tests/test_unixfs.py against Kubo-made vectors.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from artgen import unixfs
from auction.ipfs import BackendUnavailable, CidMismatch, IpfsError, KuboBackend, LocalBlockStore, PinFailed
from auction.ipfs.kubo import add_options

ENTRIES = {"art.png": bytes(range(256)) * 2000, ".well-known": {"x": b"1"}, "empty": {}, "a b.json": b"{}"}


def make(store_dir: Path, api: str, profile: str = "kubo-default", **kw: object) -> KuboBackend:
    return KuboBackend(LocalBlockStore(store_dir), api, profile, base_delay=0.01, **kw)


def test_add_options_per_profile_are_kubos_flags() -> None:
    assert add_options(unixfs.get_profile("kubo-default")) == {
        "cid-version": "0",
        "raw-leaves": "false",
        "chunker": "size-262144",
        "pin": "false",
    }
    assert add_options(unixfs.get_profile("unixfs-v1-2025")) == {
        "cid-version": "1",
        "raw-leaves": "true",
        "chunker": "size-1048576",
        "pin": "false",
        "max-file-links": "1024",
    }


@pytest.mark.parametrize("profile", ["kubo-default", "unixfs-v1-2025"])
def test_fake_kubo_file_put_pin_cat(fake_kubo, tmp_path: Path, profile: str) -> None:
    fake, api = fake_kubo
    backend = make(tmp_path, api, profile)
    data = bytes(range(256)) * 9000
    result = unixfs.add_bytes(data, profile)
    backend.put_dag(result.cid, result.blocks)
    ((path, query),) = [c for c in fake.calls if c[0] == "/api/v0/add"]
    assert {k: v[0] for k, v in query.items() if k != "stream-channels"} == add_options(unixfs.get_profile(profile))
    assert not backend.is_pinned(result.cid)
    backend.pin(result.cid)
    assert backend.is_pinned(result.cid) and backend.store.is_pinned(result.cid)
    assert backend.cat(result.cid) == data


@pytest.mark.parametrize("profile", ["kubo-default", "unixfs-v1-2025"])
def test_fake_kubo_directory_with_hidden_and_empty_entries(fake_kubo, tmp_path: Path, profile: str) -> None:
    fake, api = fake_kubo
    backend = make(tmp_path / "store", api, profile)
    result = unixfs.add_directory(ENTRIES, profile)
    backend.put_dag(result.cid, result.blocks)
    backend.pin(result.cid)
    assert str(result.cid) in fake.pins
    ((_, query),) = [c for c in fake.calls if c[0] == "/api/v0/add"]
    assert query["pin"] == ["False"] and query["cid-version"] == [str(unixfs.get_profile(profile).cid_version)]


def test_fake_kubo_cid_mismatch_is_loud_and_nothing_is_pinned(fake_kubo, tmp_path: Path) -> None:
    fake, api = fake_kubo
    fake.lie_about_cids = True
    backend = make(tmp_path, api)
    result = unixfs.add_bytes(b"hello world\n")
    with pytest.raises(CidMismatch) as err:
        backend.put_dag(result.cid, result.blocks)
    assert f"expected {result.cid} (computed locally), got Qm" in str(err.value)
    assert fake.pins == set() and not backend.store.is_pinned(result.cid)


def test_fake_kubo_pin_of_unknown_root_fails_and_records_nothing(fake_kubo, tmp_path: Path) -> None:
    _, api = fake_kubo
    backend = make(tmp_path, api)
    cid = unixfs.add_bytes(b"never added").cid
    with pytest.raises(PinFailed, match="refused to pin"):
        backend.pin(cid)
    assert not backend.is_pinned(cid) and not backend.store.is_pinned(cid)


def test_fake_kubo_version_is_checked_at_connect(fake_kubo, tmp_path: Path) -> None:
    fake, api = fake_kubo
    assert make(tmp_path, api).version == "0.39.0"
    fake.version = "0.4.23"
    with pytest.raises(IpfsError, match=r"is version 0\.4\.23; need at least 0\.5\.0"):
        make(tmp_path, api)


def test_fake_kubo_503_then_success_is_retried(fake_kubo, tmp_path: Path) -> None:
    fake, api = fake_kubo
    fake.transient_failures = 2
    backend = make(tmp_path, api, attempts=3)
    assert backend.version == "0.39.0"
    assert [c[0] for c in fake.calls] == ["/api/v0/version"] * 3


def test_fake_kubo_always_503_gives_up_naming_the_daemon(fake_kubo, tmp_path: Path) -> None:
    fake, api = fake_kubo
    fake.transient_failures = 10
    with pytest.raises(BackendUnavailable, match=f"Kubo at {api}: version: failed 2 times"):
        make(tmp_path, api, attempts=2)


def test_kubo_down_is_reported_after_retries(tmp_path: Path, closed_port: int) -> None:
    api = f"/ip4/127.0.0.1/tcp/{closed_port}"
    with pytest.raises(BackendUnavailable, match=f"Kubo at {api}: version: failed 3 times"):
        make(tmp_path, api)


def test_fake_kubo_slower_than_timeout_is_reported(fake_kubo, tmp_path: Path) -> None:
    fake, api = fake_kubo
    fake.delay = 1.0
    start = time.monotonic()
    with pytest.raises(BackendUnavailable, match="failed 2 times"):
        make(tmp_path, api, timeout=0.2, attempts=2)
    assert time.monotonic() - start < 1.9  # gave up on time, did not wait for the answers


def test_fake_kubo_wrong_content_from_cat_is_caught(fake_kubo, tmp_path: Path) -> None:
    fake, api = fake_kubo
    backend = make(tmp_path, api)
    result = unixfs.add_bytes(b"hello world\n")
    backend.put_dag(result.cid, result.blocks)
    fake.cat_override = b"hello wor1d\n"
    with pytest.raises(CidMismatch) as err:
        backend.cat(result.cid)
    wrong = unixfs.add_bytes(b"hello wor1d\n").cid
    assert str(err.value) == (
        f"Kubo at {api}: content returned by cat: CID mismatch: expected {result.cid} (computed locally), got {wrong}"
    )
