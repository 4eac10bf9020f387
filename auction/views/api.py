"""The JSON API: the same data as the pages, for the panel's polling, wallets and other clients.

Errors are `{"error": message}` with 400 (bad input, refused action) or 404 (unknown campaign,
token). POSTs need the session's CSRF token in the `X-CSRFToken` header, as the pages send it.
Wei amounts are decimal strings (JavaScript numbers lose precision past 2**53), each with an
`_eth` twin for display.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from flask import Blueprint, jsonify, request, url_for
from werkzeug.wrappers import Response

from auction.chain.errors import format_eth

from .web import dev_only, error_response, get_site, mask_png, parse_eth, parse_int

bp = Blueprint("api", __name__, url_prefix="/api")


def as_json(view: Any) -> Any:
    """A Site view (dataclass, tuple, dict, scalar) as JSON-ready data."""
    if dataclasses.is_dataclass(view) and not isinstance(view, type):
        out = {}
        for field in dataclasses.fields(view):
            value = getattr(view, field.name)
            if field.name.endswith("_wei"):
                out[field.name] = str(value)
                out[field.name[:-4] + "_eth"] = format_eth(value)
            else:
                out[field.name] = as_json(value)
        return out
    if isinstance(view, (list, tuple)):
        return [as_json(v) for v in view]
    if isinstance(view, dict):
        return {str(k): as_json(v) for k, v in view.items()}
    if isinstance(view, datetime.date):
        return view.isoformat()
    return view


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object body")
    return body


def _bid_args(body: dict[str, Any]) -> tuple[str, int]:
    bidder = body.get("bidder")
    if not isinstance(bidder, str) or not bidder:
        raise ValueError("bidder: expected an account address")
    return bidder, parse_eth(body.get("amount"))


@bp.errorhandler(ValueError)
def _bad_input(error: ValueError) -> Any:
    return error_response(400, str(error))


@bp.get("/campaigns")
def campaigns() -> Response:
    return jsonify(campaigns=as_json(get_site().campaigns()))


@bp.get("/campaigns/<campaign_id>")
def artwork(campaign_id: str) -> Response:
    return jsonify(as_json(get_site().artwork(campaign_id)))


@bp.get("/campaigns/<campaign_id>/auction")
def auction(campaign_id: str) -> Response:
    return jsonify(as_json(get_site().auction(campaign_id)))


@bp.get("/campaigns/<campaign_id>/piece")
def piece_at(campaign_id: str) -> Response:
    """Whose piece is at pixel (x, y) of the full-size image: a commitment, never a name."""
    site = get_site()
    art = site.artwork(campaign_id)
    x = parse_int(request.args.get("x"), "x")
    y = parse_int(request.args.get("y"), "y")
    if x >= art.width or y >= art.height:
        raise ValueError(f"({x}, {y}) is outside the {art.width}x{art.height} image")
    piece = site.piece_at(campaign_id, x, y)
    mask = url_for("api.piece_mask", campaign_id=campaign_id,
                   commitment=piece.commitment) if piece else None
    return jsonify(piece=as_json(piece), mask=mask)


@bp.get("/campaigns/<campaign_id>/pieces/<commitment>/mask.png")
def piece_mask(campaign_id: str, commitment: str) -> Response:
    """A piece's exact shape by its public commitment, cropped to its bbox."""
    return mask_png(get_site().piece_shape(campaign_id, commitment)[1])


@bp.get("/participants/<token>")
def participant(token: str) -> Response:
    return jsonify(as_json(get_site().participant(token)))


@bp.post("/campaigns/<campaign_id>/bids/prepare")
def prepare_bid(campaign_id: str) -> Response:
    """EIP-1193 transaction parameters for a browser wallet to sign and send itself."""
    site = get_site()
    site.artwork(campaign_id)
    bidder, amount = _bid_args(_body())
    return jsonify(transaction=site.prepare_bid(campaign_id, bidder, amount))


@bp.post("/campaigns/<campaign_id>/bids")
@dev_only
def dev_bid(campaign_id: str) -> Response:
    """Development mode: the named test account signs the bid."""
    site = get_site()
    site.artwork(campaign_id)
    bidder, amount = _bid_args(_body())
    tx_hash = site.bid(campaign_id, bidder, amount)
    site.sync()
    return jsonify(tx_hash=tx_hash, auction=as_json(site.auction(campaign_id)))


@bp.post("/campaigns/<campaign_id>/settle")
def settle(campaign_id: str) -> Response:
    site = get_site()
    site.artwork(campaign_id)
    sender = (request.get_json(silent=True) or {}).get("sender") or None
    tx_hash = site.settle(campaign_id, sender)
    site.sync()
    return jsonify(tx_hash=tx_hash, auction=as_json(site.auction(campaign_id)))


@bp.get("/dev/accounts")
@dev_only
def dev_accounts() -> Response:
    accounts = get_site().dev_accounts() or []
    return jsonify(accounts=[{"address": a, "balance_wei": str(b), "balance_eth": format_eth(b)}
                             for a, b in accounts])


@bp.post("/dev/advance")
@dev_only
def advance() -> Response:
    """Development mode: move the embedded chain's clock forward (tests, the demo's "skip")."""
    seconds = parse_int(_body().get("seconds"), "seconds", minimum=1)
    site = get_site()
    now = site.advance_time(seconds)
    site.sync()
    return jsonify(now=now)
