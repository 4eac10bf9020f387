"""What the site pinned, served by CID: files, raw blocks and CAR exports, read back with artgen."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from artgen import unixfs
from artgen.car import read_car
from artgen.multiformats import CID
from auction.site import NotFound, Site


def _on_disk(folder: Path) -> dict:
    return {p.name: _on_disk(p) if p.is_dir() else p.read_bytes()
            for p in sorted(folder.iterdir()) if p.name != "private"}


def test_file_by_directory_and_path_equals_the_published_file(site: Site, campaign_id: str) -> None:
    view = site.artwork(campaign_id)
    folder = site.config.publish_root / campaign_id
    assert site.file(view.directory_cid, "metadata.json") == (folder / "metadata.json").read_bytes()
    assert site.file(view.directory_cid, "artwork_files/0/0_0.png") == (folder / "artwork_files/0/0_0.png").read_bytes()
    assert site.file(view.image_cid) == (folder / "artwork.png").read_bytes()
    assert site.file(view.metadata_cid) == (folder / "metadata.json").read_bytes()
    assert site.file(view.dataset_cid) == site.file(view.directory_cid, "/dataset.json/")


def test_token_uri_points_at_the_pinned_metadata(site: Site, campaign_id: str) -> None:
    view = site.artwork(campaign_id)
    assert view.token_id is not None
    uri = site.clients.art.token_uri(view.token_id)  # type: ignore[union-attr]
    assert uri == f"ipfs://{view.directory_cid}/metadata.json"
    assert unixfs.add_bytes(site.file(view.directory_cid, "metadata.json")).cid == CID.parse(view.metadata_cid)


def test_raw_block_hashes_to_its_cid(site: Site, campaign_id: str) -> None:
    cid = site.artwork(campaign_id).directory_cid
    block = site.block(cid)
    assert CID.parse(cid).verify(block)
    node = unixfs.decode_pbnode(block)
    assert {link.name for link in node.links} >= {"artwork.png", "dataset.json", "metadata.json", "artwork.dzi"}


def test_car_export_holds_the_whole_directory(site: Site, campaign_id: str) -> None:
    cid = site.artwork(campaign_id).directory_cid
    roots, blocks = read_car(io.BytesIO(site.car(cid)))
    store = dict(blocks)
    assert roots == [CID.parse(cid)]
    assert all(c.verify(b) for c, b in store.items())
    assert unixfs.read_tree(CID.parse(cid), store.__getitem__) == _on_disk(site.config.publish_root / campaign_id)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda s, d: s.file("not-a-cid"), "'not-a-cid' is not a CID"),
        (lambda s, d: s.block("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"),
         "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e is not pinned here"),
        (lambda s, d: s.car("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"),
         "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o is not pinned here"),
        (lambda s, d: s.file(d, "missing.txt"), "no 'missing.txt' in {d}"),
        (lambda s, d: s.file(d), "{d} is a directory, not a file"),
    ],
    ids=["malformed", "unknown-block", "unknown-car", "missing-path", "directory"],
)
def test_gateway_misses_are_not_found(site: Site, campaign_id: str, call, expected: str) -> None:
    directory = site.artwork(campaign_id).directory_cid
    with pytest.raises(NotFound) as missing:
        call(site, directory)
    assert str(missing.value) == expected.format(d=directory)


def test_path_below_a_file_is_not_found(site: Site, campaign_id: str) -> None:
    view = site.artwork(campaign_id)
    with pytest.raises(NotFound, match=f"^{view.metadata_cid} is a file, it has no 'x'$"):
        site.file(view.directory_cid, "metadata.json/x")
