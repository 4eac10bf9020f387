"""End to end in headless Chromium (Playwright driving Debian's `chromium`) against the real app:
bids from two test accounts, a late bid that extends the countdown, settlement and the new owner;
a participant link whose highlight outlines the exact piece `pieces.json` names and dims the rest; a restart mid-auction
that loses no bid. Screenshots of the main pages go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from PIL import Image
from playwright.sync_api import BrowserContext, Page, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from app import close_site, create_app
from auction.config import Config
from auction.site import ArtworkView, Site

from .conftest import REPO, web_config

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:  # a missing browser fails the run, it is not a reason to skip
    raise RuntimeError("Debian's chromium is not installed: `make test` installs it (make system)")

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 15_000  # the panel polls every 2 s; two cores shared with other work


class LiveServer:
    """The real app served by werkzeug on a free loopback port, in a thread; stop() closes it."""

    def __init__(self, data_dir: Path) -> None:
        self.app: Flask = create_app(web_config(data_dir))
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def site(self) -> Site:
        return self.app.extensions["site"]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
        close_site(self.app)


@pytest.fixture
def server(site_config: Config) -> Iterator[LiveServer]:
    live = LiveServer(site_config.data_dir)
    yield live
    if live.thread.is_alive():
        live.stop()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=ARGS,
            headless=True, viewport={"width": 1280, "height": 900}, locale="en-GB")
        yield context
        context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    opened = browser_context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    opened.close()
    assert errors == [], f"JavaScript errors: {errors}"


def shot(page: Page, name: str, *, full_page: bool = True) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def largest_piece(server: LiveServer, site_config: Config) -> tuple[ArtworkView, dict, str]:
    """The served campaign, its largest piece as private/pieces.json lists it, and that
    participant's link token."""
    art = server.site.campaigns()[0]
    pieces = json.loads((site_config.publish_root / art.campaign_id / "private" / "pieces.json").read_text())
    piece = max(pieces, key=lambda p: p["area_px"])
    return art, piece, server.site.participant_links(art.campaign_id)[piece["participant"]]


def viewer_geometry(page: Page) -> dict[str, float]:
    """Where the viewer is on the page (CSS px), its scale and where it puts image (0, 0)."""
    return page.eval_on_selector("#viewer", """el => { const r = el.getBoundingClientRect();
        return {left: r.left, top: r.top, width: r.width, height: r.height, scale: Number(el.dataset.scale),
                x: Number(el.dataset.originX), y: Number(el.dataset.originY)}; }""")


def panel(page: Page, key: str) -> str:
    return page.eval_on_selector("#auction", f"el => el.dataset.{key}")


def bid(page: Page, account: str, amount: str) -> None:
    page.select_option("#bidder", account)
    page.fill("#amount", amount)
    page.click("#bid-form button[type=submit]")
    page.wait_for_function(
        "([who, eth]) => [...document.querySelectorAll('#history li')].some("
        "li => li.textContent.includes(who) && li.textContent.startsWith(eth))",
        arg=[account, f"{amount} ETH"], timeout=WAIT_MS)


def advance(page: Page, seconds: int) -> None:
    page.fill("#advance-seconds", str(seconds))
    page.click("#advance-form button")


def steady_pixel_near(image: Image.Image, bbox: list[int], centre: list[float],
                      wanted: Callable[[int, int], bool]) -> tuple[int, int]:
    """The `wanted` pixel inside `bbox` whose 3x3 neighbourhood varies least (one colour where
    there is such a patch, so rounding the sample point cannot land on another colour), the
    nearest `centre` of those."""
    x0, y0, x1, y1 = bbox
    rgb = np.asarray(image, dtype=int)

    def spread(x: int, y: int) -> int:
        patch = rgb[y - 1:y + 2, x - 1:x + 2].reshape(9, 3)
        return int((patch.max(axis=0) - patch.min(axis=0)).max())

    return min((p for p in ((x, y) for x in range(x0 + 1, x1 - 1) for y in range(y0 + 1, y1 - 1))
                if wanted(*p)),
               key=lambda p: (spread(*p), (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2))


def test_two_bidders_a_late_bid_extends_the_end_then_settle_shows_the_new_owner(
        server: LiveServer, page: Page) -> None:
    site = server.site
    art = site.campaigns()[0]
    first, second = [address for address, _ in site.dev_accounts()[:2]]
    page.goto(server.url + "/")
    page.wait_for_selector(".campaign-card img")
    shot(page, "01-home")

    page.goto(f"{server.url}/art/{art.campaign_id}")
    page.wait_for_selector("#viewer[data-ready='1']")
    assert page.is_visible(".dev-banner")
    shot(page, "02-artwork")

    bid(page, first, "0.1")
    bid(page, second, "0.2")
    assert page.text_content("[data-field=leader]") == second
    assert page.text_content("[data-field=highest_eth]") == "0.2 ETH"
    shot(page, "03-auction-after-bids")

    auction = site.auction(art.campaign_id)
    end_before = auction.end_time
    advance(page, end_before - auction.now - 60)  # one minute left: inside the time buffer
    page.wait_for_function(
        "() => Number(document.getElementById('countdown').dataset.secondsLeft) <= 62", timeout=WAIT_MS)
    bid(page, first, "0.3")
    page.wait_for_function(
        f"() => Number(document.getElementById('auction').dataset.end) > {end_before}", timeout=WAIT_MS)
    end_after = int(panel(page, "end"))
    left = int(page.eval_on_selector("#countdown", "el => el.dataset.secondsLeft"))
    assert end_after > end_before
    assert auction.time_buffer - 15 <= left <= auction.time_buffer  # the end moved to buffer after the bid
    assert "extended the end" in page.text_content("#history li")

    advance(page, auction.time_buffer + 10)
    page.wait_for_selector("#settle-form:not([hidden]) button", timeout=WAIT_MS)
    page.click("#settle-form button")
    page.wait_for_selector("#settled:not([hidden])", timeout=WAIT_MS)
    assert page.text_content("[data-field=owner]") == first
    assert page.text_content("[data-field=winner]") == first
    assert panel(page, "status") == "settled"
    shot(page, "04-settled")
    assert site.auction(art.campaign_id).owner == first


def test_participant_link_highlights_the_piece_pieces_json_names(
        server: LiveServer, page: Page, site_config: Config) -> None:
    site = server.site
    art, piece, token = largest_piece(server, site_config)

    page.goto(f"{server.url}/p/{token}")
    page.wait_for_selector("#viewer[data-ready='1'][data-highlighted='shape']")
    page.wait_for_timeout(500)  # the tiles' images decode and draw
    viewer = viewer_geometry(page)
    x0, y0, x1, y1 = piece["bbox"]
    s = viewer["scale"]
    assert s > viewer["width"] / art.width  # zoomed in past "fit"
    # zoomed to: the piece's box is centred in the viewer
    assert viewer["x"] + (x0 + x1) / 2 * s == pytest.approx(viewer["width"] / 2, abs=2)
    assert viewer["y"] + (y0 + y1) / 2 * s == pytest.approx(viewer["height"] / 2, abs=2)
    assert page.query_selector(".piece-outline.highlight") is None  # the shape, not its box

    # what the page drew, sampled at image pixels chosen with the server's mask of the piece
    original = Image.open(site_config.publish_root / art.campaign_id / "artwork.png").convert("RGB")
    commitment = site.participant(token).commitment
    _bbox, mask = site.piece_mask(token)
    near = np.pad(mask, 1)  # near[y + 1 - y0, x + 1 - x0]: mask with a one-pixel frame of False
    path = shot(page, "05-participant", full_page=False)
    drawn = Image.open(path).convert("RGB")

    def at(sx: float, sy: float) -> tuple[int, int, int]:
        """The screenshot's pixel at viewer point (sx, sy) in CSS px."""
        return drawn.getpixel((round(viewer["left"] + viewer["x"] + sx), round(viewer["top"] + viewer["y"] + sy)))

    # inside the piece: the tiles as they are
    px, py = steady_pixel_near(original, piece["bbox"], piece["centroid"],
                             lambda x, y: bool(near[y - y0:y - y0 + 3, x - x0:x - x0 + 3].all()))
    inside, expected = at((px + 0.5) * s, (py + 0.5) * s), original.getpixel((px, py))
    assert max(abs(a - b) for a, b in zip(inside, expected, strict=True)) <= 8, (inside, expected)
    # inside the box but off the piece (farther than the edge reaches): dimmed to about half
    reach = max(1, int(np.ceil(7 / s - 0.5)))  # (reach + 0.5) * s CSS px: past the 5 px edge and halo
    far = np.pad(mask, reach)
    ox, oy = steady_pixel_near(original, piece["bbox"], piece["centroid"], lambda x, y: (
        sum(original.getpixel((x, y))) >= 45  # light enough that half of it tells
        and not far[y - y0:y - y0 + 2 * reach + 1, x - x0:x - x0 + 2 * reach + 1].any()))
    outside, bright = at((ox + 0.5) * s, (oy + 0.5) * s), original.getpixel((ox, oy))
    assert 0.35 * sum(bright) - 6 <= sum(outside) <= 0.65 * sum(bright), (outside, bright)
    # just past the piece's right edge, where nothing of it is above or below: the bright edge
    ys, xs = np.nonzero(mask[:, :-1] & ~near[:-2, 2:-1] & ~near[1:-1, 2:-1] & ~near[2:, 2:-1])
    k = int(np.argmin((ys + y0 - piece["centroid"][1]) ** 2 + (xs + x0 - piece["centroid"][0]) ** 2))
    edge = at((x0 + xs[k] + 1) * s + 1.5, (y0 + ys[k] + 0.5) * s)
    assert edge[0] >= 200 and edge[1] >= 160 and edge[2] <= 120, edge  # the outline's yellow
    assert page.text_content("#commitment") == commitment

    page.goto(f"{server.url}/art/{art.campaign_id}?lang=ja")
    page.wait_for_selector("#viewer[data-ready='1']")
    assert art.name_ja in page.text_content("h1")
    shot(page, "06-artwork-ja")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server.url}/art/{art.campaign_id}?lang=en")
    page.wait_for_selector("#viewer[data-ready='1']")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone's screen
    shot(page, "07-artwork-phone")
    page.goto(f"{server.url}/p/{token}")
    page.wait_for_selector("#viewer[data-ready='1']")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "08-participant-phone")


def test_clicking_a_piece_on_the_public_page_shows_it_in_its_own_shape(
        server: LiveServer, page: Page, site_config: Config) -> None:
    site = server.site
    art, piece, token = largest_piece(server, site_config)
    commitment = site.participant(token).commitment
    bare = next((x, y) for y in range(art.height) for x in range(art.width)
                if site.piece_at(art.campaign_id, x, y) is None)

    page.goto(f"{server.url}/art/{art.campaign_id}")
    page.wait_for_selector("#viewer[data-ready='1']")
    viewer = viewer_geometry(page)

    def click(ix: float, iy: float) -> None:
        page.mouse.click(viewer["left"] + viewer["x"] + ix * viewer["scale"],
                         viewer["top"] + viewer["y"] + iy * viewer["scale"])

    click(*piece["centroid"])
    page.wait_for_selector("#viewer[data-highlighted='shape']")
    assert page.text_content("#piece-info [data-field=commitment]") == commitment
    assert page.query_selector(".piece-outline") is None  # its shape, not a box
    shot(page, "12-artwork-clicked")
    click(bare[0] + 0.5, bare[1] + 0.5)
    page.wait_for_selector("#piece-info [data-field=none]:not([hidden])")
    assert page.eval_on_selector("#viewer", "el => el.dataset.highlighted") is None


def test_restart_mid_auction_keeps_every_bid(server: LiveServer, page: Page, site_config: Config) -> None:
    site = server.site
    art = site.campaigns()[0]
    accounts = [address for address, _ in site.dev_accounts()[:2]]
    page.goto(f"{server.url}/art/{art.campaign_id}")
    token = page.get_attribute('meta[name="csrf-token"]', "content")
    for account, amount in zip(accounts, ("0.1", "0.15"), strict=True):
        response = page.request.post(
            f"{server.url}/api/campaigns/{art.campaign_id}/bids", headers={"X-CSRFToken": token},
            data={"bidder": account, "amount": amount})
        assert response.ok, response.text()
    before = page.request.get(f"{server.url}/api/campaigns/{art.campaign_id}/auction").json()
    assert len(before["bids"]) == 2

    server.stop()
    again = LiveServer(site_config.data_dir)
    try:
        after = page.request.get(f"{again.url}/api/campaigns/{art.campaign_id}/auction").json()
        assert after["bids"] == before["bids"]
        assert (after["leader"], after["highest_wei"], after["end_time"]) == (
            before["leader"], before["highest_wei"], before["end_time"])
        page.goto(f"{again.url}/organiser/login")
        page.fill("input[name=password]", "test-password")
        page.click("form button[type=submit]")
        page.wait_for_selector(".organiser-campaign")
        shot(page, "09-organiser")
    finally:
        again.stop()
