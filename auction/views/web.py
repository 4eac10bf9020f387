"""What every blueprint shares: the app's Site, language, CSRF, security headers, errors, login.

Imports run one way: views -> `auction.site` (services) -> storage; no view opens a database,
chain or block store itself.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import numpy as np
from flask import (Flask, Response, current_app, flash, g, jsonify, redirect, render_template,
                   request, session, url_for)
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from artgen.png import write_png
from auction.chain.errors import format_eth, format_time
from auction.i18n import DEFAULT, LANGUAGES, choose_language, localized, translate
from auction.site import NotFound, Site, SiteError

csrf = CSRFProtect()
View = TypeVar("View", bound=Callable[..., Any])
WEI_PER_ETH = 10**18

# Scripts, styles and images only from this site: no inline script can run even if some text
# slipped past escaping. Frames are refused (clickjacking on the bid button).
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def mask_png(shape: np.ndarray) -> Response:
    """A piece's shape as a PNG over its bbox: white where it is theirs, transparent elsewhere
    (the viewer outlines this shape and dims the rest)."""
    rgba = np.zeros((*shape.shape, 4), dtype=np.uint8)
    rgba[shape] = 255
    return Response(write_png(rgba, {}), mimetype="image/png")


def get_site() -> Site:
    """The app's one Site, brought up to date with the chain once per request."""
    site: Site = current_app.extensions["site"]
    if not g.get("synced"):
        site.sync()
        g.synced = True
    return site


def parse_eth(text: object) -> int:
    """A decimal ETH amount typed by a person, in wei; ValueError says what is wrong with it."""
    value = str(text if text is not None else "").strip()
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"amount must be a number of ETH such as 0.25, not {value!r}") from None
    if not amount.is_finite() or amount <= 0:
        raise ValueError(f"amount must be more than 0 ETH, not {value!r}")
    wei = amount * WEI_PER_ETH
    if wei != wei.to_integral_value():
        raise ValueError(f"amount has more than 18 decimals: {value!r}")
    return int(wei)


def eth_number(wei: int) -> str:
    """Wei as a plain decimal ETH number for an input field: 1050000000000000000 -> "1.05"."""
    return f"{Decimal(wei).scaleb(-18).normalize():f}"


def parse_int(text: object, name: str, *, minimum: int = 0) -> int:
    """A whole number from a form or JSON field; ValueError names the field."""
    value = str(text if text is not None else "").strip()
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {number}")
    return number


def language() -> str:
    """This request's language (English before it is chosen, e.g. for a malformed request)."""
    return g.get("lang", DEFAULT)


def t(key: str, **values: Any) -> str:
    """The site's message `key` in this request's language."""
    return translate(key, language(), **values)


def is_organiser() -> bool:
    return bool(session.get("organiser"))


def check_password(typed: str) -> bool:
    """Constant-time comparison against the configured organiser password."""
    expected = current_app.extensions["site_config"].organiser_password
    return hmac.compare_digest(typed.encode(), expected.encode())


def organiser_required(view: View) -> View:
    """Organiser pages: a login redirect for pages, 403 for actions (POST) without a session."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if is_organiser():
            return view(*args, **kwargs)
        if request.method != "GET":
            return error_page(403, t("login_needed"))
        flash(t("login_needed"), "error")
        return redirect(url_for("organiser.login", next=request.path))

    return wrapped  # type: ignore[return-value]


def dev_only(view: View) -> View:
    """Routes that exist only on the embedded chain (test accounts, time travel): 404 otherwise."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_app.config["DEV_MODE"]:
            return error_response(404, "development mode is off (a real RPC node is configured)")
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_page(status: int, message: str) -> tuple[str, int]:
    title = {400: "bad_request", 403: "forbidden", 404: "not_found"}.get(status, "bad_request")
    return render_template("error.html", title=t(title), message=message, status=status), status


def error_response(status: int, message: str) -> Any:
    """JSON `{"error": message}` under /api/, plain text from the gateway, an HTML page elsewhere."""
    if wants_json():
        return jsonify(error=message), status
    if request.path.startswith("/ipfs/"):
        return Response(message + "\n", status, mimetype="text/plain")
    return error_page(status, message)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"  # participant links carry their token
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.path.startswith("/p/"):
        response.headers["Cache-Control"] = "private, no-store"
    return response


def lang_url(language: str) -> str:
    """This page in another language (the choice is then remembered in the session)."""
    if request.endpoint is None or request.endpoint == "static":
        return url_for("public.home", lang=language)
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return url_for(request.endpoint, **(request.view_args or {}), **args, lang=language)


def thumbnail_level(width: int, height: int, side: int = 256) -> int:
    """The deep-zoom level whose image fits in one `side`-px tile (level L is 2**L px at most)."""
    top = (max(width, height) - 1).bit_length()  # ceil(log2(side)): the full-size level
    return min(top, side.bit_length() - 1)


def _template_globals() -> dict[str, Any]:
    return {"t": t, "lang": language(), "languages": LANGUAGES, "is_organiser": is_organiser(),
            "dev_mode": current_app.config["DEV_MODE"], "lang_url": lang_url,
            "poll_ms": current_app.config["POLL_MS"], "thumbnail_level": thumbnail_level,
            "local": lambda obj, field: localized(obj, field, language())}


def init_app(app: Flask) -> None:
    """CSRF, language, headers, error handlers and template helpers for every blueprint."""
    app.before_request(lambda: setattr(g, "lang", choose_language()))  # before CSRF's check
    csrf.init_app(app)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)
    app.add_template_filter(format_eth, "eth")
    app.add_template_filter(format_time, "chain_time")
    app.add_template_filter(eth_number, "eth_number")

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return error_response(400, error.description)

    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> Any:
        return error_response(404, str(error))

    @app.errorhandler(SiteError)
    def _refused(error: SiteError) -> Any:
        return error_response(400, str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        return error_response(error.code or 500, error.description or error.name)
