"""`/ipfs/<cid>[/<path>]`: what the site pinned, served per the IPFS Trustless Gateway spec.

- `?format=raw` or `Accept: application/vnd.ipld.raw`: the one block, verifiable by its hash;
- `?format=car` or `Accept: application/vnd.ipld.car`: the whole DAG as a CAR v1 stream;
- otherwise the file itself (a deserialised response) with a content type from its name or bytes,
  or for a directory's CID a page listing its entries.
Content under a CID never changes, so responses carry the CID as a strong `Etag` and an
immutable one-year `Cache-Control` (https://specs.ipfs.tech/http-gateways/trustless-gateway/).
"""

from __future__ import annotations

import mimetypes

from flask import Blueprint, Response, render_template, request

from artgen.multiformats import CID
from artgen.unixfs import DagError, decode_pbnode, decode_unixfs

from .web import error_response, get_site

bp = Blueprint("gateway", __name__, url_prefix="/ipfs")

DAG_PB = 0x70
UNIXFS_DIRECTORY = 1
RAW = "application/vnd.ipld.raw"
CAR = "application/vnd.ipld.car"
IMMUTABLE = "public, max-age=29030400, immutable"
MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"<?xml", "application/xml"),
         (b"{", "application/json"), (b"[", "application/json"))


def _format() -> str | None:
    """The response format asked for: `?format=` wins over `Accept` (as the spec says)."""
    asked = request.args.get("format")
    if asked is not None:
        return asked
    for value, quality in request.accept_mimetypes:
        base = value.split(";")[0].strip()
        if quality > 0 and base in (RAW, CAR):
            return "raw" if base == RAW else "car"
    return None


def _content_type(path: str, data: bytes) -> str:
    guessed, _ = mimetypes.guess_type(path) if path else (None, None)
    if guessed:
        return guessed
    for magic, mime in MAGIC:
        if data.startswith(magic):
            return mime
    return "application/octet-stream"


def _directory_links(cid: CID, block: bytes) -> list[tuple[str, int]] | None:
    """(name, size) of each entry when the block is a UnixFS directory, else None."""
    if cid.codec != DAG_PB:
        return None
    try:
        node = decode_pbnode(block)
        if decode_unixfs(node.data).type != UNIXFS_DIRECTORY:
            return None
    except DagError:
        return None
    return [(link.name, link.tsize) for link in node.links]


def _immutable(data: bytes, content_type: str, etag: str, cid: str, path: str) -> Response:
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(data, content_type=content_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Ipfs-Path"] = f"/ipfs/{cid}" + (f"/{path}" if path else "")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/<cid>")
@bp.get("/<cid>/<path:path>")
def content(cid: str, path: str = "") -> Response:
    try:
        parsed = CID.parse(cid)
    except ValueError as error:
        return error_response(400, f"invalid CID: {error}")
    wanted = _format()
    site = get_site()
    if wanted == "raw":
        if path:
            return error_response(400, "format=raw takes a block's own CID, without a path")
        response = _immutable(site.block(cid), RAW, f"{cid}.raw", cid, path)
        response.headers["Content-Disposition"] = f'attachment; filename="{cid}.bin"'
        return response
    if wanted == "car":
        if path:
            return error_response(400, "format=car takes the DAG's root CID, without a path")
        response = _immutable(site.car(cid), f"{CAR}; version=1", f"{cid}.car", cid, path)
        response.headers["Content-Disposition"] = f'attachment; filename="{cid}.car"'
        return response
    if wanted is not None:
        return error_response(400, f"unsupported format {wanted!r}: use raw or car")
    if not path:
        entries = _directory_links(parsed, site.block(cid))
        if entries is not None:  # a listing, as gateways show for a directory
            page = render_template("gateway/listing.html", cid=cid, entries=entries)
            return _immutable(page.encode(), "text/html; charset=utf-8", f"{cid}.dir", cid, path)
    data = site.file(cid, path)
    return _immutable(data, _content_type(path, data), f"{cid}/{path}" if path else cid, cid, path)
