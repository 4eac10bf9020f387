"""Collectors' pages: the auctions, an artwork with its provenance and its auction panel.

The panel works without JavaScript (forms below post here and redirect back); with it,
`auction.js` polls the JSON API and bids through it instead.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from auction.site import Refused

from .web import dev_only, get_site, parse_eth, t

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    """Current auctions (live or awaiting settlement) first, then past and not yet started."""
    site = get_site()
    current, past = [], []
    for artwork in site.campaigns():
        auction = site.auction(artwork.campaign_id)
        (current if auction.status in ("live", "ended") else past).append((artwork, auction))
    return render_template("public/home.html", current=current, past=past)


@bp.get("/art/<campaign_id>")
def artwork(campaign_id: str) -> str:
    site = get_site()
    art = site.artwork(campaign_id)
    return render_template("public/artwork.html", art=art, auction=site.auction(campaign_id),
                           accounts=site.dev_accounts() or [])


@bp.post("/art/<campaign_id>/bid")
@dev_only
def bid(campaign_id: str) -> Response:
    """The no-JavaScript bid form (dev mode: a test account signs)."""
    site = get_site()
    site.artwork(campaign_id)  # 404 before reading the form
    try:
        amount = parse_eth(request.form.get("amount"))
        site.bid(campaign_id, request.form.get("bidder", ""), amount)
    except (ValueError, Refused) as error:
        flash(str(error), "error")
    else:
        flash(t("bid_placed"), "ok")
    return redirect(url_for("public.artwork", campaign_id=campaign_id))


@bp.post("/art/<campaign_id>/settle")
def settle(campaign_id: str) -> Response:
    """Anyone may settle an ended auction, as in Nouns."""
    site = get_site()
    site.artwork(campaign_id)
    try:
        site.settle(campaign_id)
    except Refused as error:
        flash(str(error), "error")
    else:
        flash(t("settled_ok"), "ok")
    return redirect(url_for("public.artwork", campaign_id=campaign_id))
