"""The organiser's pages: log in with the organiser password, then import, publish (regenerate),
mint, start and settle, and hand out participant links.

Every action is a POST carrying the CSRF token; without a session, pages redirect to the login
and actions answer 403. Each action flashes the Site's own message when it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from artgen.palettes import PALETTES
from artgen.styles import STYLES
from auction.site import Refused

from .web import (check_password, dev_only, get_site, organiser_required, parse_eth, parse_int, t)

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


def _back() -> Response:
    return redirect(url_for("organiser.dashboard"))


def _act(action: Callable[[], str | None]) -> Response:
    """Runs one action; refusals and bad input become a flashed message, not an error page."""
    try:
        message = action()
    except (Refused, ValueError) as error:
        flash(str(error), "error")
    else:
        flash(message or t("done"), "ok")
    return _back()


def _campaign_id() -> str:
    campaign_id = request.form.get("campaign_id", "").strip()
    if not campaign_id:
        raise ValueError("campaign id is required")
    return campaign_id


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    if request.method == "POST":
        if check_password(request.form.get("password", "")):
            session.clear()
            session["organiser"] = True
            flash(t("logged_in"), "ok")
            target = request.args.get("next", "")
            # only a path on this site: never an open redirect
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("organiser.dashboard")
            return redirect(target)
        flash(t("wrong_password"), "error")
    return render_template("organiser/login.html")


@bp.post("/logout")
def logout() -> Response:
    session.pop("organiser", None)
    flash(t("logged_out"), "ok")
    return redirect(url_for("public.home"))


@bp.get("/")
@organiser_required
def dashboard() -> str:
    site = get_site()
    rows = [(art, site.auction(art.campaign_id)) for art in site.campaigns()]
    return render_template("organiser/dashboard.html", rows=rows, styles=STYLES,
                           palettes=sorted(PALETTES))


@bp.get("/links/<campaign_id>")
@organiser_required
def links(campaign_id: str) -> str:
    site = get_site()
    art = site.artwork(campaign_id)
    return render_template("organiser/links.html", art=art,
                           links=sorted(site.participant_links(campaign_id).items()))


@bp.post("/import")
@organiser_required
def import_campaign() -> Response:
    def run() -> str:
        folder = request.form.get("folder", "").strip()
        if not folder:
            raise ValueError("folder path is required")
        campaign_id = get_site().import_campaign(Path(folder))
        return f"imported {campaign_id}"
    return _act(run)


@bp.post("/publish")
@organiser_required
def publish() -> Response:
    def run() -> str:
        seed_text = request.form.get("seed", "").strip()
        art = get_site().publish(_campaign_id(),
                                 seed=parse_int(seed_text, "seed") if seed_text else None,
                                 style=request.form.get("style", "").strip() or None,
                                 palette=request.form.get("palette", "").strip() or None)
        return f"published {art.campaign_id}: {art.directory_cid}"
    return _act(run)


@bp.post("/mint")
@organiser_required
def mint() -> Response:
    def run() -> str:
        campaign_id = _campaign_id()
        return f"minted {campaign_id}: token {get_site().mint(campaign_id)}"
    return _act(run)


@bp.post("/start")
@organiser_required
def start() -> Response:
    def run() -> None:
        get_site().start_auction(_campaign_id(), reserve_wei=parse_eth(request.form.get("reserve")),
                                 duration=parse_int(request.form.get("duration"), "duration",
                                                    minimum=60))
    return _act(run)


@bp.post("/settle")
@organiser_required
def settle() -> Response:
    def run() -> None:
        get_site().settle(_campaign_id())
    return _act(run)


@bp.post("/advance")
@organiser_required
@dev_only
def advance() -> Response:
    def run() -> None:
        get_site().advance_time(parse_int(request.form.get("seconds"), "seconds", minimum=1))
    return _act(run)
