"""The JSON API over the real Site: every route, its errors as `{"error": message}`, CSRF."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from flask.testing import FlaskClient
from PIL import Image

from auction.site import Site

from .conftest import RESERVE_WEI, csrf_token


def _post(client: FlaskClient, url: str, body: object, *, token: bool = True) -> tuple[int, dict]:
    headers = {"X-CSRFToken": csrf_token(client)} if token else {}
    response = client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)
    return response.status_code, response.get_json()


def test_campaigns_lists_the_published_campaign(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    body = client.get("/api/campaigns").get_json()
    assert [c["campaign_id"] for c in body["campaigns"]] == [art.campaign_id]
    assert body["campaigns"][0]["directory_cid"] == art.directory_cid
    assert body["campaigns"][0]["start"] == art.start.isoformat()


def test_artwork_route_matches_the_site_view(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    body = client.get(f"/api/campaigns/{art.campaign_id}").get_json()
    assert (body["merkle_root"], body["token_id"], body["width"]) == (art.merkle_root, art.token_id, art.width)


def test_auction_route_gives_wei_as_strings_with_eth_twins(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    body = client.get(f"/api/campaigns/{campaign_id}/auction").get_json()
    assert body["status"] == "live"
    assert body["reserve_wei"] == str(RESERVE_WEI) and body["reserve_eth"] == "0.1 ETH"
    assert body["end_time"] > body["now"] and body["bids"] == []


def test_piece_at_a_participants_centroid_names_their_commitment_only(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    name, token = sorted(web_site.participant_links(campaign_id).items())[0]
    person = web_site.participant(token)
    x0, y0, x1, y1 = person.bbox
    found = [client.get(f"/api/campaigns/{campaign_id}/piece?x={x}&y={y}").get_json()["piece"]
             for x in range(x0, x1) for y in range(y0, y1)]
    mine = [p for p in found if p and p["commitment"] == person.commitment]
    assert mine and mine[0]["amount"] == person.amount and mine[0]["rank"] == person.rank
    assert name not in json.dumps(mine[0])


def test_a_clicked_piece_comes_with_its_exact_shape_by_public_commitment(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    person = web_site.participant(sorted(web_site.participant_links(campaign_id).values())[0])
    x, y = (int(v) for v in person.centroid)
    body = client.get(f"/api/campaigns/{campaign_id}/piece?x={x}&y={y}").get_json()
    assert body["piece"]["commitment"] == person.commitment
    assert body["mask"] == f"/api/campaigns/{campaign_id}/pieces/{person.commitment}/mask.png"
    shape = client.get(body["mask"])
    assert shape.status_code == 200 and shape.mimetype == "image/png"
    with Image.open(io.BytesIO(shape.data)) as image:
        public = np.asarray(image)[:, :, 3] == 255
    _bbox, private = web_site.piece_mask(sorted(web_site.participant_links(campaign_id).values())[0])
    assert public.shape == (person.bbox[3] - person.bbox[1], person.bbox[2] - person.bbox[0])
    assert np.array_equal(public, private) and public.sum() == person.area_px
    assert client.get(f"/api/campaigns/{campaign_id}/piece?x=0&y=0").get_json() == {"piece": None,
                                                                                  "mask": None}


def test_the_shape_of_an_unknown_commitment_is_404(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    reply = client.get(f"/api/campaigns/{campaign_id}/pieces/0x{'ab' * 32}/mask.png")
    assert reply.status_code == 404 and "no piece with commitment" in reply.get_json()["error"]


@pytest.mark.parametrize(("query", "message"), [
    ("x=1", "y must be a whole number, not ''"),
    ("x=a&y=1", "x must be a whole number, not 'a'"),
    ("x=-1&y=1", "x must be at least 0, not -1"),
    ("x=256&y=1", "(256, 1) is outside the 256x256 image"),
])
def test_piece_at_bad_coordinates_is_400(client: FlaskClient, web_site: Site, query: str, message: str) -> None:
    response = client.get(f"/api/campaigns/{web_site.campaigns()[0].campaign_id}/piece?{query}")
    assert (response.status_code, response.get_json()) == (400, {"error": message})


@pytest.mark.parametrize("url", [
    "/api/campaigns/nope", "/api/campaigns/nope/auction", "/api/campaigns/nope/piece?x=1&y=1",
    "/api/participants/not-a-real-token",
])
def test_unknown_campaign_or_token_is_404_json(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and set(response.get_json()) == {"error"}


def test_participant_route_gives_the_private_record(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    name, token = sorted(web_site.participant_links(campaign_id).items())[0]
    body = client.get(f"/api/participants/{token}").get_json()
    assert body["participant"] == name
    assert body["proof"] == list(web_site.participant(token).proof)


def test_dev_bid_places_a_bid_and_returns_the_new_state(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    bidder = (web_site.dev_accounts() or [])[2][0]
    status, body = _post(client, f"/api/campaigns/{campaign_id}/bids", {"bidder": bidder, "amount": "0.3"})
    assert status == 200 and body["tx_hash"].startswith("0x")
    assert body["auction"]["leader"] == bidder and body["auction"]["highest_wei"] == str(3 * 10**17)
    assert [b.bidder for b in web_site.auction(campaign_id).bids] == [bidder]


@pytest.mark.parametrize(("body", "message"), [
    ({"bidder": "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", "amount": "0.01"},
     "bid must be at least 0.1 ETH (the reserve price)"),
    ({"bidder": "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", "amount": "lots"},
     "amount must be a number of ETH such as 0.25, not 'lots'"),
    ({"bidder": "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", "amount": "0"}, "amount must be more than 0 ETH, not '0'"),
    ({"bidder": "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF"}, "amount must be a number of ETH such as 0.25, not ''"),
    ({"amount": "1"}, "bidder: expected an account address"),
    ({"bidder": "0x000000000000000000000000000000000000dEaD", "amount": "1"},
     "0x000000000000000000000000000000000000dEaD is not one of this chain's test accounts"),
    (["not", "an", "object"], "expected a JSON object body"),
])
def test_dev_bid_bad_input_is_400_with_the_message(client: FlaskClient, web_site: Site, body: object,
                                                   message: str) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    assert _post(client, f"/api/campaigns/{campaign_id}/bids", body) == (400, {"error": message})
    assert web_site.auction(campaign_id).bids == ()


def test_json_post_without_csrf_header_is_400(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    bidder = (web_site.dev_accounts() or [])[0][0]
    status, body = _post(client, f"/api/campaigns/{campaign_id}/bids", {"bidder": bidder, "amount": "1"}, token=False)
    assert (status, body) == (400, {"error": "The CSRF token is missing."})
    assert web_site.auction(campaign_id).bids == ()


def test_prepare_bid_gives_wallet_transaction_params(client: FlaskClient, web_site: Site) -> None:
    art = web_site.campaigns()[0]
    bidder = (web_site.dev_accounts() or [])[0][0]
    status, body = _post(client, f"/api/campaigns/{art.campaign_id}/bids/prepare", {"bidder": bidder, "amount": "0.5"})
    assert status == 200
    tx = body["transaction"]
    assert tx["to"].lower() == art.auction_contract.lower() and int(tx["value"], 16) == 5 * 10**17
    assert web_site.auction(art.campaign_id).bids == ()  # preparing sends nothing


def test_settle_before_the_end_is_400_and_after_it_names_the_owner(client: FlaskClient, web_site: Site) -> None:
    campaign_id = web_site.campaigns()[0].campaign_id
    status, body = _post(client, f"/api/campaigns/{campaign_id}/settle", {})
    assert status == 400 and body["error"].startswith("the auction ends in ")
    bidder = (web_site.dev_accounts() or [])[0][0]
    web_site.bid(campaign_id, bidder, RESERVE_WEI)
    status, body = _post(client, "/api/dev/advance", {"seconds": 7200})
    assert status == 200 and body["now"] > web_site.auction(campaign_id).end_time
    status, body = _post(client, f"/api/campaigns/{campaign_id}/settle", {})
    assert status == 200 and body["auction"]["status"] == "settled" and body["auction"]["owner"] == bidder


@pytest.mark.parametrize(("body", "message"), [
    ({"seconds": 0}, "seconds must be at least 1, not 0"),
    ({"seconds": "soon"}, "seconds must be a whole number, not 'soon'"),
    ({}, "seconds must be a whole number, not ''"),
])
def test_dev_advance_bad_seconds_is_400(client: FlaskClient, body: object, message: str) -> None:
    assert _post(client, "/api/dev/advance", body) == (400, {"error": message})


def test_dev_accounts_lists_the_test_accounts(client: FlaskClient, web_site: Site) -> None:
    body = client.get("/api/dev/accounts").get_json()
    assert [a["address"] for a in body["accounts"]] == [a for a, _ in web_site.dev_accounts() or []]


def test_unknown_api_route_is_404_json(client: FlaskClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and "error" in response.get_json()
