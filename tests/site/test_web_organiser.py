"""The organiser's pages: login, every action behind it and behind CSRF, refusals as messages,
and escaping of what an organiser or participant typed (campaign names, districts)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from auction.site import Site

from .conftest import Auth, csrf_token

SCRIPT = "<script>alert(1)</script>"

ACTIONS = ["/organiser/import", "/organiser/publish", "/organiser/mint", "/organiser/start",
           "/organiser/settle", "/organiser/advance"]


def _campaign_folder(root: Path) -> Path:
    """A three-person campaign whose name and district carry markup."""
    folder = root / "xss-campaign"
    folder.mkdir()
    (folder / "campaign.toml").write_text(f"""
[campaign]
id = "xss-campaign"
name = "Garden {SCRIPT}"
name_ja = "菜園 {SCRIPT}"
description = "A test <b>campaign</b>"
description_ja = "テスト"
start = 2022-04-01
end = 2022-06-30
unit = "kg"
records = "records.json"

[co2e]
factor = 0.0
source = "No claim"

[art]
style = "garden"
palette = "okabe-ito"
seed = 7

[activities.harvest]
label = "Harvest {SCRIPT}"
label_ja = "収穫"
unit = "kg"
max_amount = 10

[districts]
names = ["{SCRIPT}", "Bed B"]
""", encoding="utf-8")
    records = [{"participant": f"p-{i}", "date": "2022-05-0%d" % (i + 1), "activity": "harvest",
                "amount": i + 1, "district": SCRIPT if i == 0 else "Bed B"} for i in range(3)]
    (folder / "records.json").write_text(json.dumps({"records": records}), encoding="utf-8")
    return folder


def _post(client: FlaskClient, url: str, **form: str) -> str:
    response = client.post(url, data=form | {"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_dashboard_without_login_redirects_to_the_login_page(client: FlaskClient) -> None:
    response = client.get("/organiser/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/organiser/login?next=/organiser/"


def test_links_page_without_login_redirects(client: FlaskClient, web_site: Site) -> None:
    response = client.get(f"/organiser/links/{web_site.campaigns()[0].campaign_id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/organiser/login")


@pytest.mark.parametrize("url", ACTIONS)
def test_actions_without_login_are_403(client: FlaskClient, url: str) -> None:
    response = client.post(url, data={"csrf_token": csrf_token(client), "campaign_id": "x"})
    assert response.status_code == 403
    assert "Please log in as the organiser." in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ACTIONS + ["/organiser/login", "/organiser/logout"])
def test_actions_without_csrf_token_are_400(client: FlaskClient, auth: Auth, url: str) -> None:
    auth.login()
    response = client.post(url, data={"campaign_id": "x", "password": "test-password"})
    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)


def test_wrong_password_is_refused(client: FlaskClient, auth: Auth) -> None:
    page = auth.login("guess").get_data(as_text=True)
    assert "Wrong password." in page
    assert client.get("/organiser/").status_code == 302


def test_login_then_logout(client: FlaskClient, auth: Auth, web_site: Site) -> None:
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/organiser/"
    page = client.get("/organiser/").get_data(as_text=True)
    assert web_site.campaigns()[0].directory_cid in page
    auth.logout()
    assert client.get("/organiser/").status_code == 302


def test_login_never_redirects_off_site(client: FlaskClient) -> None:
    response = client.post("/organiser/login?next=//evil.example/",
                           data={"password": "test-password", "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/organiser/"


def test_links_page_lists_every_participant_link(client: FlaskClient, auth: Auth, web_site: Site) -> None:
    auth.login()
    campaign_id = web_site.campaigns()[0].campaign_id
    page = client.get(f"/organiser/links/{campaign_id}").get_data(as_text=True)
    links = web_site.participant_links(campaign_id)
    assert len(links) == web_site.campaigns()[0].participants
    assert all(f'href="/p/{token}"' in page for token in links.values())


@pytest.mark.parametrize(("url", "form", "message"), [
    ("/organiser/import", {"folder": ""}, "folder path is required"),
    ("/organiser/publish", {"campaign_id": ""}, "campaign id is required"),
    ("/organiser/publish", {"campaign_id": "x", "seed": "-3"}, "seed must be at least 0, not -3"),
    ("/organiser/start", {"campaign_id": "x", "reserve": "free", "duration": "3600"},
     "amount must be a number of ETH such as 0.25, not 'free'"),
    ("/organiser/start", {"campaign_id": "x", "reserve": "1", "duration": "10"},
     "duration must be at least 60, not 10"),
    ("/organiser/advance", {"seconds": "later"}, "seconds must be a whole number, not 'later'"),
])
def test_bad_action_input_is_flashed_with_the_reason(client: FlaskClient, auth: Auth, url: str,
                                                     form: dict[str, str], message: str) -> None:
    auth.login()
    assert f'flash-error" role="status">{message}</p>' in _post(client, url, **form)


def test_refused_actions_flash_the_sites_message(client: FlaskClient, auth: Auth, web_site: Site) -> None:
    auth.login()
    campaign_id = web_site.campaigns()[0].campaign_id
    page = _post(client, "/organiser/settle", campaign_id=campaign_id)
    assert 'flash-error" role="status">the auction ends in ' in page
    page = _post(client, "/organiser/import", folder="/no/such/folder")
    assert 'flash-error" role="status">' in page and "/no/such/folder" in page


def test_import_and_publish_a_campaign_whose_texts_carry_markup_escapes_them(
        client: FlaskClient, auth: Auth, web_site: Site, tmp_path: Path) -> None:
    auth.login()
    folder = _campaign_folder(tmp_path)
    assert "imported xss-campaign" in _post(client, "/organiser/import", folder=str(folder))
    assert "published xss-campaign: " in _post(client, "/organiser/publish", campaign_id="xss-campaign")
    for url in ("/", "/art/xss-campaign", "/art/xss-campaign?lang=ja", "/organiser/"):
        raw = client.get(url).get_data(as_text=True)
        assert SCRIPT not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    token = web_site.participant_links("xss-campaign")["p-0"]
    raw = client.get(f"/p/{token}?lang=en").get_data(as_text=True)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert SCRIPT not in raw
    assert f"<dd>{escaped}</dd>" in raw  # the district
    assert f'<th scope="row">Harvest {escaped}</th>' in raw  # the activity label


def test_regenerate_with_another_seed_changes_the_published_folder(client: FlaskClient, auth: Auth,
                                                                  web_site: Site, tmp_path: Path) -> None:
    auth.login()
    _post(client, "/organiser/import", folder=str(_campaign_folder(tmp_path)))
    _post(client, "/organiser/publish", campaign_id="xss-campaign")
    before = web_site.artwork("xss-campaign")
    page = _post(client, "/organiser/publish", campaign_id="xss-campaign", seed=str(before.seed + 1),
                 style="mosaic", palette="")
    after = web_site.artwork("xss-campaign")
    assert f"published xss-campaign: {after.directory_cid}" in page
    assert (after.seed, after.style) == (before.seed + 1, "mosaic") and after.directory_cid != before.directory_cid


def test_regenerating_a_minted_artwork_is_refused(client: FlaskClient, auth: Auth, web_site: Site) -> None:
    auth.login()
    art = web_site.campaigns()[0]
    page = _post(client, "/organiser/publish", campaign_id=art.campaign_id, seed="1")
    assert f'flash-error" role="status">the artwork of {art.campaign_id} is minted' in page
    assert web_site.artwork(art.campaign_id).directory_cid == art.directory_cid
