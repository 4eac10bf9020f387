"""A participant's private page: their piece highlighted and zoomed to, their record, their proof.

The link's token is the only key (unguessable, `secrets.token_urlsafe`); everything under /p/ is
`private, no-store` and sent with `Referrer-Policy: no-referrer` so the token does not leak to
other sites or shared caches.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template

from .web import get_site, mask_png

bp = Blueprint("participant", __name__, url_prefix="/p")


@bp.get("/<token>")
def page(token: str) -> str:
    site = get_site()
    person = site.participant(token)
    art = site.artwork(person.campaign_id)
    proof_json = json.dumps({"commitment": person.commitment, "proof": list(person.proof),
                             "merkle_root": person.merkle_root}, indent=1)
    return render_template("participant/page.html", person=person, art=art,
                           proof_json=proof_json, token=token)


@bp.get("/<token>/mask.png")
def mask(token: str) -> Response:
    """The piece's exact shape, cropped to its bbox."""
    return mask_png(get_site().piece_mask(token)[1])
