"""A participant's private page: their piece, record and proof; unknown links are 404."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

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
    assert response.headers["Cache-Control"] == "no-store"
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
