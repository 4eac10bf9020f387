"""`/ipfs/<cid>` per the Trustless Gateway spec: raw blocks, CAR streams, files, cache headers,
and 400/404 for bad or unknown CIDs."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask.testing import FlaskClient

from artgen.car import read_car
from artgen.multiformats import CID
from artgen.unixfs import add_bytes
from auction.site import Site


def test_raw_block_hashes_to_its_cid(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].directory_cid
    response = client.get(f"/ipfs/{cid}?format=raw")
    assert response.status_code == 200 and response.content_type == "application/vnd.ipld.raw"
    assert hashlib.sha256(response.data).digest() == CID.parse(cid).digest


def test_accept_header_asks_for_a_raw_block(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].directory_cid
    response = client.get(f"/ipfs/{cid}", headers={"Accept": "application/vnd.ipld.raw"})
    assert response.content_type == "application/vnd.ipld.raw"
    assert hashlib.sha256(response.data).digest() == CID.parse(cid).digest


@pytest.mark.parametrize("how", ["query", "accept"])
def test_car_holds_every_block_of_the_dag_each_matching_its_cid(client: FlaskClient, web_site: Site,
                                                                how: str) -> None:
    art = web_site.campaigns()[0]
    response = (client.get(f"/ipfs/{art.directory_cid}?format=car") if how == "query" else
                client.get(f"/ipfs/{art.directory_cid}", headers={"Accept": "application/vnd.ipld.car"}))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.ipld.car; version=1"
    roots, blocks = read_car(io.BytesIO(response.data))
    assert [str(r) for r in roots] == [art.directory_cid]
    seen = {str(cid): data for cid, data in blocks}
    assert all(hashlib.sha256(data).digest() == CID.parse(cid).digest for cid, data in seen.items())
    assert art.image_cid in seen  # the image's root block is part of the directory's DAG


def test_file_by_path_has_its_content_type_and_immutable_cache_headers(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].directory_cid
    response = client.get(f"/ipfs/{cid}/artwork.png")
    assert response.status_code == 200 and response.content_type == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert response.headers["Cache-Control"] == "public, max-age=29030400, immutable"
    assert response.headers["Etag"] == f'"{cid}/artwork.png"'
    assert response.headers["X-Ipfs-Path"] == f"/ipfs/{cid}/artwork.png"


def test_file_by_its_own_cid_is_the_same_bytes_that_hash_to_it(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    by_path = client.get(f"/ipfs/{art.directory_cid}/metadata.json")
    by_cid = client.get(f"/ipfs/{art.metadata_cid}")
    assert by_cid.data == by_path.data and by_cid.content_type == "application/json"
    assert str(add_bytes(by_cid.data).cid) == art.metadata_cid  # Kubo's default import of the bytes


def test_etag_match_answers_304_not_modified(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].image_cid
    etag = client.get(f"/ipfs/{cid}").headers["Etag"]
    response = client.get(f"/ipfs/{cid}", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""


def test_directory_cid_lists_its_entries(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].directory_cid
    page = client.get(f"/ipfs/{cid}").get_data(as_text=True)
    for name in ("artwork.png", "artwork.dzi", "dataset.json", "metadata.json", "artwork_files"):
        assert f'href="/ipfs/{cid}/{name}"' in page


def test_tile_of_the_deep_zoom_pyramid_is_served(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].directory_cid
    response = client.get(f"/ipfs/{cid}/artwork_files/0/0_0.png")
    assert response.status_code == 200 and response.content_type == "image/png"


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/ipfs/not-a-cid", 400, "invalid CID: not a CID (expected Qm... or a b/z multibase CIDv1): 'not-a-cid'"),
    ("/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o?format=zip", 400,
     "unsupported format 'zip': use raw or car"),
])
def test_bad_cid_or_format_is_400(client: FlaskClient, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert (response.status_code, response.get_data(as_text=True)) == (status, message + "\n")


@pytest.mark.parametrize("suffix", ["", "?format=raw", "?format=car"])
def test_unknown_cid_is_404(client: FlaskClient, suffix: str) -> None:
    # `hello world\n` under Kubo's defaults: a valid CID this site never pinned
    response = client.get(f"/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o{suffix}")
    assert response.status_code == 404


def test_unknown_path_inside_a_directory_is_404(client: FlaskClient, web_site: Site) -> None:
    cid = web_site.campaigns()[0].directory_cid
    assert client.get(f"/ipfs/{cid}/no-such-file.txt").status_code == 404
