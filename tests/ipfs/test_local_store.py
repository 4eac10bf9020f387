"""The embedded block store: layout, atomic writes, pins, corruption, CAR export/import."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from artgen import car, unixfs
from artgen.multiformats import CID
from artgen.unixfs import CorruptBlockError, MissingBlockError
from auction.ipfs import LocalBlockStore, backend_from_env

ENTRIES = {"art.png": bytes(range(256)) * 3000, "metadata.json": b'{"name": "Loop"}', "tiles": {"0": {"0_0.png": b"t"}}}


@pytest.fixture
def store(tmp_path: Path) -> LocalBlockStore:
    return LocalBlockStore(tmp_path / "ipfs")


@pytest.mark.parametrize("profile", ["kubo-default", "unixfs-v1-2025"])
def test_put_dag_then_cat_every_file(store: LocalBlockStore, profile: str) -> None:
    result = unixfs.add_directory(ENTRIES, profile)
    store.put_dag(result.cid, result.blocks)
    assert unixfs.read_tree(result.cid, store.get_block) == ENTRIES
    links = {link.name: link.cid for link in unixfs.decode_pbnode(store.get_block(result.cid)).links}
    assert store.cat(links["art.png"]) == ENTRIES["art.png"]


def test_blocks_are_fanned_out_by_cid_text_and_no_temp_files_remain(store: LocalBlockStore) -> None:
    result = unixfs.add_bytes(b"hello world\n")
    store.put_dag(result.cid, result.blocks)
    key = str(result.cid.to_v1())
    assert (store.blocks_dir / key[-3:-1] / key).read_bytes() == result.blocks[result.cid]
    assert [p.name for p in store.root.rglob(".tmp-*")] == []


def test_pins_persist_across_instances(store: LocalBlockStore) -> None:
    result = unixfs.add_directory(ENTRIES)
    store.put_dag(result.cid, result.blocks)
    assert not store.is_pinned(result.cid)
    store.pin(result.cid)
    again = LocalBlockStore(store.root)
    assert again.is_pinned(result.cid)
    assert json.loads((store.root / "pins.json").read_text()) == {"pins": [str(result.cid)]}


def test_incomplete_dag_is_refused_and_not_pinned(store: LocalBlockStore) -> None:
    result = unixfs.add_bytes(bytes(600_000))
    leaf = unixfs.decode_pbnode(result.blocks[result.cid]).links[0].cid
    partial = {cid: block for cid, block in result.blocks.items() if cid != leaf}
    with pytest.raises(MissingBlockError, match=f"block {leaf} is missing"):
        store.put_dag(result.cid, partial)
    store.put_block(result.cid, result.blocks[result.cid])
    with pytest.raises(MissingBlockError):
        store.pin(result.cid)
    assert not store.is_pinned(result.cid)


def test_corrupt_input_block_is_refused(store: LocalBlockStore) -> None:
    cid = unixfs.add_bytes(b"x").cid
    with pytest.raises(CorruptBlockError, match=f"block {cid} is corrupt"):
        store.put_dag(cid, {cid: b"y"})


def test_cat_names_the_block_corrupted_on_disk(store: LocalBlockStore) -> None:
    result = unixfs.add_bytes(bytes(range(256)) * 2000)
    store.put_dag(result.cid, result.blocks)
    leaf = unixfs.decode_pbnode(result.blocks[result.cid]).links[1].cid
    path = store.blocks_dir / str(leaf.to_v1())[-3:-1] / str(leaf.to_v1())
    path.write_bytes(path.read_bytes()[:-1] + b"!")
    with pytest.raises(CorruptBlockError) as err:
        store.cat(result.cid)
    assert str(err.value) == f"block {leaf} is corrupt: its bytes do not hash to its CID"


def test_car_export_equals_artgen_car_and_imports_into_a_fresh_store(store: LocalBlockStore, tmp_path: Path) -> None:
    result = unixfs.add_directory(ENTRIES, "unixfs-v1-2025")
    store.put_dag(result.cid, result.blocks)
    store.pin(result.cid)
    path = tmp_path / "art.car"
    store.export_car(result.cid, path)
    expected = io.BytesIO()
    car.export_car(expected, result.cid, result.blocks.__getitem__)
    assert path.read_bytes() == expected.getvalue()
    fresh = LocalBlockStore(tmp_path / "other")
    with path.open("rb") as stream:
        assert fresh.import_car(stream) == [result.cid]
    assert unixfs.read_tree(result.cid, fresh.get_block) == ENTRIES


def test_add_file_streams_into_the_store(store: LocalBlockStore, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 5000
    path.write_bytes(data)
    cid = store.add_file(path, "kubo-default")
    assert cid == unixfs.add_bytes(data).cid
    assert store.cat(cid) == data


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"IPFS_BACKEND": "s3"}, "IPFS_BACKEND='s3'; allowed: local, kubo, pinning"),
        ({"IPFS_PROFILE": "v2"}, "unknown IPFS profile 'v2'; allowed: kubo-default, unixfs-v1-2025"),
        ({"IPFS_BACKEND": "pinning"}, "IPFS_BACKEND=pinning needs PINNING_SERVICE_URL and PINNING_SERVICE_TOKEN"),
    ],
)
def test_bad_backend_settings_are_refused(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError) as err:
        backend_from_env(tmp_path, env)
    assert str(err.value) == message


def test_default_backend_is_the_local_store(tmp_path: Path) -> None:
    backend = backend_from_env(tmp_path, {})
    assert isinstance(backend, LocalBlockStore) and backend.root == tmp_path / "ipfs"


def test_cid_type_round_trips_through_pin_file(store: LocalBlockStore) -> None:
    result = unixfs.add_bytes(b"v1", "unixfs-v1-2025")
    store.put_dag(result.cid, result.blocks)
    store.pin(result.cid)
    assert store.pins() == {CID.parse(str(result.cid))}
