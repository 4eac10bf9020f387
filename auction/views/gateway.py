"""`/ipfs/<cid>[/<path>]`: what the site pinned, served per the IPFS Trustless Gateway spec.

- `?format=raw` or `Accept: application/vnd.ipld.raw`: the one block, verifiable by its hash;
- `?format=car` or `Accept: application/vnd.ipld.car`: the whole DAG as a CAR v1 stream;
- otherwise the file itself (a deserialised response) with a content type from its name or bytes.
Content under a CID never changes, so responses carry the CID as a strong `Etag` and an
immutable one-year `Cache-Control` (https://specs.ipfs.tech/http-gateways/trustless-gateway/).
"""

from __future__ import annotations

import mimetypes

from flask import Blueprint, Response, request

from artgen.multiformats import CID

from .web import error_response, get_site

bp = Blueprint("gateway", __name__, url_prefix="/ipfs")

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
        CID.parse(cid)
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
    data = site.file(cid, path)
    return _immutable(data, _content_type(path, data), f"{cid}/{path}" if path else cid, cid, path)
