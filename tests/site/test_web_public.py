"""The collectors' pages over the real Site: home, artwork and its provenance, the no-JS bid and
settle forms, languages, escaping and security headers."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient

from auction.site import Site

from .conftest import RESERVE_WEI, csrf_token


def test_home_lists_the_live_auction_with_a_link_to_its_artwork(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    page = client.get("/").get_data(as_text=True)
    assert art.name in page
    assert f'href="/art/{art.campaign_id}"' in page
    assert "Live" in page and "0.1 ETH" in page  # the reserve, as no one has bid yet


def test_artwork_page_shows_provenance_and_the_verify_command(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    page = client.get(f"/art/{art.campaign_id}").get_data(as_text=True)
    for cid in (art.directory_cid, art.image_cid, art.dataset_cid, art.metadata_cid):
        assert f'href="/ipfs/{cid}"' in page
    assert f"python -m artgen verify {art.directory_cid}" in page
    assert art.merkle_root in page and art.art_contract in page and f"#{art.token_id}" in page
    assert art.co2e_source.replace("'", "&#39;") in page  # every CO2e figure carries its source
    assert f'data-dzi="/ipfs/{art.directory_cid}/artwork.dzi"' in page


def test_artwork_page_in_dev_mode_has_the_banner_and_every_test_account(client: FlaskClient, web_site: Site) -> None:
    page = client.get(f"/art/{web_site.campaigns()[0].campaign_id}").get_data(as_text=True)
    assert 'class="dev-banner"' in page
    options = re.findall(r'<option value="(0x[0-9a-fA-F]{40})">', page)
    assert options == [address for address, _ in web_site.dev_accounts() or []]


def test_unknown_campaign_is_404(client: FlaskClient) -> None:
    response = client.get("/art/no-such-campaign")
    assert response.status_code == 404
    assert "no-such-campaign" in response.get_data(as_text=True)


def _bid(client: FlaskClient, campaign_id: str, bidder: str, amount: str) -> str:
    response = client.post(f"/art/{campaign_id}/bid", follow_redirects=True,
                           data={"bidder": bidder, "amount": amount, "csrf_token": csrf_token(client)})
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_bid_form_places_a_bid_that_the_page_then_shows(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    bidder = (web_site.dev_accounts() or [])[0][0]
    page = _bid(client, campaign_id, bidder, "0.25")
    assert "Bid placed." in page
    assert web_site.auction(campaign_id).leader == bidder
    assert re.search(r"<strong>0\.25 ETH</strong> <code>" + bidder, page)


@pytest.mark.parametrize(("amount", "message"), [
    ("0.05", "bid must be at least 0.1 ETH (the reserve price)"),
    ("abc", "amount must be a number of ETH such as 0.25, not 'abc'"),
    ("-1", "amount must be more than 0 ETH, not '-1'"),
    ("0.0000000000000000001", "amount has more than 18 decimals: '0.0000000000000000001'"),
])
def test_bid_form_refuses_bad_amounts_with_the_reason(client: FlaskClient, web_site: Site, amount: str,
                                                      message: str) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    bidder = (web_site.dev_accounts() or [])[0][0]
    page = _bid(client, campaign_id, bidder, amount)
    assert f'<p class="flash flash-error" role="status">{message}</p>' in page
    assert web_site.auction(campaign_id).bids == ()


def test_bid_form_without_csrf_token_is_400_and_changes_nothing(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    bidder = (web_site.dev_accounts() or [])[0][0]
    response = client.post(f"/art/{campaign_id}/bid", data={"bidder": bidder, "amount": "1"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    assert web_site.auction(campaign_id).bids == ()


def test_settle_form_while_live_is_refused_with_the_time_left(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    response = client.post(f"/art/{campaign_id}/settle", data={"csrf_token": csrf_token(client)},
                           follow_redirects=True)
    assert re.search(r'flash-error" role="status">the auction ends in \d+ min', response.get_data(as_text=True))
    assert web_site.auction(campaign_id).status == "live"


def test_settle_form_after_the_end_shows_winner_and_proceeds(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    bidder = (web_site.dev_accounts() or [])[1][0]
    web_site.bid(campaign_id, bidder, 2 * RESERVE_WEI)
    web_site.advance_time(2 * 3600)
    page = client.post(f"/art/{campaign_id}/settle", data={"csrf_token": csrf_token(client)},
                       follow_redirects=True).get_data(as_text=True)
    assert "Auction settled." in page
    auction = web_site.auction(campaign_id)
    assert auction.status == "settled" and auction.owner == bidder
    assert f'<code data-field="owner">{bidder}</code>' in page
    assert auction.proceeds_treasury_wei + auction.proceeds_pool_wei == 2 * RESERVE_WEI


def test_japanese_is_chosen_by_query_then_remembered_in_the_session(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    page = client.get(f"/art/{art.campaign_id}?lang=ja").get_data(as_text=True)
    assert '<html lang="ja">' in page and art.name_ja in page and "来歴" in page
    again = client.get("/").get_data(as_text=True)
    assert '<html lang="ja">' in again and art.name_ja in again


def test_accept_language_picks_japanese_without_a_query(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "ja,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ja">' in page and "開催中のオークション" in page


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_every_page_has_a_phone_viewport(client: FlaskClient, web_site: Site) -> None:
    for url in ("/", f"/art/{web_site.campaigns()[0].campaign_id}", "/organiser/login"):
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in client.get(url).get_data(as_text=True)


def test_every_page_links_an_icon_the_site_serves(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    for path in ("/", f"/art/{art.campaign_id}"):
        icon = re.search(r'<link rel="icon" href="([^"]+)"', client.get(path).get_data(as_text=True))
        assert icon, path
        with client.get(icon.group(1)) as served:  # a static file: close what it opened
            assert served.status_code == 200 and served.mimetype == "image/svg+xml"
            assert b"<svg" in served.data
