"""A participant's private page: their piece, record and proof; unknown links are 404."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from flask.testing import FlaskClient
from PIL import Image

from auction.site import Site


def _link(web_site: Site) -> tuple[str, str]:
    return sorted(web_site.participant_links(web_site.campaigns()[0].campaign_id).items())[0]


def test_page_highlights_the_piece_and_shows_record_and_proof(client: FlaskClient, web_site: Site) -> None:
    _name, token = _link(web_site)
    person = web_site.participant(token)
    response = client.get(f"/p/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'data-highlight="{",".join(map(str, person.bbox))}"' in page
    assert f'data-highlight-mask="/p/{token}/mask.png"' in page
    assert f"{person.rank} of {person.of}" in page
    assert f"{person.amount:,.2f} {person.unit}" in page
    for key, label in person.activity_labels.items():
        assert label in page and key in person.activities
    proof = page[page.index('<textarea id="proof"'):page.index("</textarea>")].split(">", 1)[1]
    assert json.loads(proof.replace("&#34;", '"')) == {
        "commitment": person.commitment, "proof": list(person.proof), "merkle_root": person.merkle_root}
    assert f"python -m artgen prove artwork --commitment {person.commitment} --proof proof.json" in page


def test_page_is_private_not_cached_and_not_indexed(client: FlaskClient, web_site: Site) -> None:
    _name, token = _link(web_site)
    response = client.get(f"/p/{token}")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.get_data(as_text=True)


def test_page_in_japanese_uses_the_campaigns_japanese_labels(client: FlaskClient, web_site: Site) -> None:
    _name, token = _link(web_site)
    person = web_site.participant(token)
    page = client.get(f"/p/{token}?lang=ja").get_data(as_text=True)
    assert web_site.campaigns()[0].name_ja in page
    for key in person.activities:
        assert person.activity_labels_ja[key] in page


def test_unknown_or_malformed_token_is_404(client: FlaskClient) -> None:
    for token in ("x" * 32, "short", "%3Cscript%3E"):
        response = client.get(f"/p/{token}")
        assert response.status_code == 404
        assert "<script>" not in response.get_data(as_text=True)


def test_mask_is_each_pieces_exact_shape_over_its_bbox(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    pieces = json.loads((web_site.config.publish_root / campaign_id / "private" / "pieces.json").read_text())
    links = web_site.participant_links(campaign_id)
    covered = np.zeros((web_site.artwork(campaign_id).height, web_site.artwork(campaign_id).width), dtype=int)
    for piece in pieces:
        response = client.get(f"/p/{links[piece['participant']]}/mask.png")
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        rgba = np.asarray(Image.open(io.BytesIO(response.data)).convert("RGBA"))
        x0, y0, x1, y1 = piece["bbox"]
        assert rgba.shape == (y1 - y0, x1 - x0, 4)
        alpha = rgba[:, :, 3]
        assert set(np.unique(alpha)) <= {0, 255}
        opaque = alpha == 255
        assert int(opaque.sum()) == piece["area_px"]
        assert (rgba[opaque][:, :3] == 255).all()  # white where it is theirs
        ys, xs = np.nonzero(opaque)  # pieces.json's centroid is the mean pixel centre
        assert (x0 + xs.mean() + 0.5, y0 + ys.mean() + 0.5) == pytest.approx(piece["centroid"], abs=0.01)
        covered[y0:y1, x0:x1] += opaque
    assert covered.max() == 1  # no two masks claim the same pixel


def test_mask_is_private_like_the_page(client: FlaskClient, web_site: Site) -> None:
    _name, token = _link(web_site)
    response = client.get(f"/p/{token}/mask.png")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("token", ["x" * 32, "short", "%3Cscript%3E"])
def test_mask_of_unknown_or_malformed_token_is_404(client: FlaskClient, token: str) -> None:
    response = client.get(f"/p/{token}/mask.png")
    assert response.status_code == 404
    assert response.mimetype != "image/png"
