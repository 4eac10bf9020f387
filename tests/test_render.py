"""The renderer: determinism, every piece visible and sized by its contribution, findable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from scipy.stats import spearmanr

from artgen import Contribution, render
from artgen.kernels import sincos
from artgen.layout import FLOOR, piece_areas, sorted_tile_bins, tile_bins
from artgen.png import read_png_text
from artgen.render import PAINT_TILE, build_scene, paint_scene, records_hash

from .conftest import REPO, SAMPLES

SIZE = 2048


@pytest.fixture(scope="module", params=["mosaic", "garden"])
def sample_art(request, kawasaki, kawasaki_contributions):
    return render(kawasaki_contributions, width=SIZE, height=SIZE, seed=kawasaki.seed,
                  style=request.param, campaign=kawasaki)


def _contribution(pid: str, amount: float, months: int = 1) -> Contribution:
    return Contribution(pid, amount, {"compost": amount}, months, dt.date(2021, 6, 1), None)


def test_rgba_is_an_opaque_uint8_canvas(sample_art):
    assert sample_art.rgba.shape == (SIZE, SIZE, 4)
    assert sample_art.rgba.dtype == np.uint8
    assert np.all(sample_art.rgba[:, :, 3] == 255)


def test_every_participant_owns_a_visible_piece(sample_art, kawasaki_contributions):
    areas = np.array([p.area_px for p in sample_art.pieces])
    assert len(areas) == len(kawasaki_contributions) == 1000
    # The floor of the area curve keeps the lightest piece at a share of a median one.
    assert areas.min() >= 0.5 * FLOOR / (FLOOR + 1) * np.median(areas)
    assert areas.min() >= 200  # about 16 px across at 2048 px: visible and clickable


def test_areas_follow_contributions(sample_art, kawasaki_contributions):
    areas = [p.area_px for p in sample_art.pieces]
    amounts = [c.amount for c in kawasaki_contributions]
    assert spearmanr(areas, amounts).statistic >= 0.95
    biggest = max(kawasaki_contributions, key=lambda c: c.amount)
    smallest = min(kawasaki_contributions, key=lambda c: c.amount)
    assert sample_art.locate(biggest.participant).area_px > 4 * sample_art.locate(
        smallest.participant).area_px


def test_owner_at_and_locate_agree_with_the_owner_map(sample_art):
    for piece in sample_art.pieces:
        x0, y0, x1, y1 = piece.bbox
        assert sample_art.owner_at(*piece.centroid) == piece.participant
        mask = sample_art.mask(piece.participant)
        assert mask.shape == (y1 - y0, x1 - x0)
        assert int(mask.sum()) == piece.area_px
        # The bbox is tight: every edge row and column holds a pixel of the piece.
        assert mask[0].any() and mask[-1].any() and mask[:, 0].any() and mask[:, -1].any()
        ys, xs = np.nonzero(mask)
        assert math.isclose(xs.mean() + x0 + 0.5, piece.centroid[0], abs_tol=0.01)
        assert math.isclose(ys.mean() + y0 + 0.5, piece.centroid[1], abs_tol=0.01)


def test_owner_at_refuses_points_outside_the_canvas(sample_art):
    with pytest.raises(ValueError, match=r"\(2048, 5\) is outside the 2048x2048 artwork"):
        sample_art.owner_at(2048, 5)


def test_locate_unknown_participant_is_a_key_error(sample_art):
    with pytest.raises(KeyError, match="no participant 'nobody' in this artwork"):
        sample_art.locate("nobody")


def test_same_inputs_give_the_same_bytes_and_another_seed_another_work(kawasaki,
                                                                       kawasaki_contributions):
    def png(seed: int, style: str) -> bytes:
        return render(kawasaki_contributions, width=512, height=512, seed=seed, style=style,
                      campaign=kawasaki).png_bytes()

    first = png(1, "mosaic")
    assert png(1, "mosaic") == first
    assert png(2, "mosaic") != first
    assert png(1, "garden") != first


def test_png_text_chunks_record_provenance(sample_art, kawasaki, kawasaki_contributions):
    text = read_png_text(sample_art.png_bytes())
    assert text["campaign"] == "kawasaki-2021"
    assert text["seed"] == str(kawasaki.seed)
    assert text["style"] in ("mosaic", "garden")
    assert text["renderer"].startswith("artgen-render/")
    assert text["records-sha256"] == records_hash(kawasaki_contributions)


def test_records_hash_changes_with_any_amount(kawasaki_contributions):
    changed = list(kawasaki_contributions)
    c = changed[500]
    changed[500] = Contribution(c.participant, c.amount + 0.1, c.activities, c.months,
                                c.first_date, c.district)
    assert records_hash(changed) != records_hash(kawasaki_contributions)


@pytest.mark.parametrize("style", ["mosaic", "garden"])
def test_png_bytes_do_not_depend_on_thread_count(tmp_path, style):
    digests = set()
    for threads in ("1", "2"):
        out = tmp_path / threads
        env = dict(os.environ, NUMBA_NUM_THREADS=threads)
        subprocess.run([sys.executable, "-m", "artgen", "render", str(SAMPLES / "kawasaki-2021"),
                        "--out", str(out), "--size", "768", "--style", style], check=True,
                       env=env, cwd=REPO, capture_output=True)
        digests.add(hashlib.sha256((out / "artwork.png").read_bytes()).hexdigest())
    assert len(digests) == 1


def test_single_piece_is_a_disc_at_the_centre():
    art = render([_contribution("only", 5.0)], width=64, height=64, seed=0, style="garden")
    ys, xs = np.nonzero(art.owner == 0)
    radius = math.sqrt(len(xs) / math.pi)
    distances = np.hypot(xs + 0.5 - 32, ys + 0.5 - 32)
    assert distances.max() <= radius + 1.0
    assert art.owner_at(32, 32) == "only"
    assert art.owner_at(0, 0) is None


@pytest.mark.parametrize("style", ["mosaic", "garden"])
def test_scene_sites_are_in_tile_order_and_each_piece_appears_once(kawasaki_contributions, style):
    scene = build_scene(kawasaki_contributions, width=512, height=512, seed=4, style=style)
    pieces = scene.owner_of_site[scene.owner_of_site >= 0]
    assert sorted(pieces.tolist()) == list(range(len(kawasaki_contributions)))
    key = np.lexsort((np.clip(np.floor(scene.x / PAINT_TILE), -1, 512 // PAINT_TILE),
                      np.floor(scene.y / PAINT_TILE)))
    assert np.array_equal(key, np.arange(scene.x.shape[0]))  # already sorted


@pytest.mark.parametrize("style", ["mosaic", "garden"])
def test_bins_built_row_by_row_are_the_serial_bins(kawasaki_contributions, style):
    scene = build_scene(kawasaki_contributions, width=640, height=480, seed=4, style=style)
    args = (scene.width, scene.height, PAINT_TILE)
    want = tile_bins(scene.x, scene.y, scene.reach, *args)
    got = sorted_tile_bins(scene.x, scene.y, scene.reach, *args)
    assert got[0] == want[0] and all(np.array_equal(a, b) for a, b in zip(got[1:], want[1:]))
    shuffled = np.random.default_rng(0).permutation(scene.x.shape[0])  # not in paint order
    x, y, reach = scene.x[shuffled], scene.y[shuffled], scene.reach[shuffled]
    fallback, serial = sorted_tile_bins(x, y, reach, *args), tile_bins(x, y, reach, *args)
    assert all(np.array_equal(a, b) for a, b in zip(fallback[1:], serial[1:]))


def test_a_scene_with_no_sites_paints_the_same_ground_alone(kawasaki_contributions):
    scene = build_scene(kawasaki_contributions, width=512, height=512, seed=4, style="garden")
    rgba, owner = paint_scene(scene)
    empty = dataclasses.replace(scene, pieces=0, **{
        f: getattr(scene, f)[:0] for f in ("x", "y", "r", "reach", "colour", "months",
                                           "texture", "phase", "owner_of_site")})
    ground, nobody = paint_scene(empty)
    assert (nobody == -1).all()
    far = np.ones(owner.shape, dtype=bool)  # pixels no flower's reach touches
    for x, y, reach in zip(scene.x, scene.y, scene.reach):
        x0, x1 = max(int(x - reach) - 1, 0), int(x + reach) + 2
        y0, y1 = max(int(y - reach) - 1, 0), int(y + reach) + 2
        far[y0:y1, x0:x1] = False
    assert far.mean() > 0.2  # the corners and the gaps between flowers
    assert np.array_equal(ground[far], rgba[far])
    assert not np.array_equal(ground[~far], rgba[~far])


def test_garden_owner_map_is_the_nearest_power_site_when_inside_its_disc(kawasaki_contributions):
    """Brute force over every site for every pixel: the z-buffer's winner is the lowest d2 - r2
    among sites within reach, and the pixel is its participant's only if the centre lies in that
    flower's disc."""
    scene = build_scene(kawasaki_contributions[:300], width=200, height=160, seed=4,
                        style="garden")
    _, owner = paint_scene(scene)
    fx = np.arange(scene.width) + 0.5
    fy = np.arange(scene.height) + 0.5
    dx = fx[None, None, :] - scene.x[:, None, None]
    dy = fy[None, :, None] - scene.y[:, None, None]
    d2 = dx * dx + dy * dy
    r2 = (scene.r * scene.r)[:, None, None]
    power = np.where(d2 <= (scene.reach * scene.reach)[:, None, None], d2 - r2, np.inf)
    site = np.argmin(power, axis=0)  # the first of equal minima, as the kernel's strict <
    reached = np.isfinite(power.min(axis=0))
    inside = reached & (np.take_along_axis(d2, site[None], 0)[0] <= scene.r[site] * scene.r[site])
    want = np.where(inside, scene.owner_of_site[site], -1)
    assert inside.mean() > 0.3 and (~reached).mean() > 0.05  # flowers and bare ground both
    assert np.array_equal(owner, want)


@pytest.mark.parametrize("months, petals", [(0b1, 5), (0b101101, 8), ((1 << 12) - 1, 16),
                                            ((1 << 40) - 1, 44)])
def test_a_garden_flower_has_four_petals_plus_one_per_active_month(months, petals):
    art = render([_contribution("only", 5.0, months)], width=256, height=256, seed=0,
                 style="garden")
    ys, xs = np.nonzero(art.owner == 0)
    radius = math.sqrt(len(xs) / math.pi)
    cx, cy = xs.mean() + 0.5, ys.mean() + 0.5
    ground = art.rgba[2, 128, :3].astype(int)
    angles = np.linspace(0.0, 2.0 * math.pi, 4096, endpoint=False)
    ring = 0.8 * radius  # between a petal's valley (0.52 r) and tip (0.98 r)
    px = (cx + ring * np.cos(angles)).astype(int)
    py = (cy + ring * np.sin(angles)).astype(int)
    on_petal = np.abs(art.rgba[py, px, :3].astype(int) - ground).max(axis=1) > 40
    window = 9  # a majority over neighbouring samples ignores anti-aliasing specks at the rims
    padded = np.concatenate([on_petal[-window:], on_petal, on_petal[:window]]).astype(int)
    votes = np.convolve(padded, np.ones(window, dtype=int), "same")[window:-window]
    petal = votes > window // 2
    assert np.count_nonzero(petal & ~np.roll(petal, 1)) == petals


def test_mosaic_leaves_no_empty_canvas():
    pieces = [_contribution(f"p{i}", 1.0 + i) for i in range(30)]
    art = render(pieces, width=256, height=256, seed=3, style="mosaic")
    lead = np.array([0x1A, 0x12, 0x0C], dtype=np.uint8)  # the compost palette's line colour
    # Pixels no pane reaches are painted as lead: only the thin lead lines may be lead.
    assert np.all(art.rgba[:, :, :3] == lead, axis=2).mean() < 0.08
    assert (art.owner >= 0).mean() > 0.4


def test_area_curve_is_increasing_with_a_floor():
    amounts = np.array([0.0, 0.1, 1.0, 10.0, 100.0])
    areas = piece_areas(amounts)
    assert np.all(np.diff(areas) > 0)
    assert areas[0] == pytest.approx(FLOOR)
    assert areas[3] == pytest.approx(FLOOR + math.sqrt(10.0 / 5.5))  # median of positives


@pytest.mark.parametrize("theta", np.linspace(-40.0, 40.0, 161))
def test_sincos_matches_libm(theta):
    s, c = sincos(float(theta))
    assert s == pytest.approx(math.sin(theta), abs=1e-14)
    assert c == pytest.approx(math.cos(theta), abs=1e-14)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"style": "cubist"}, "unknown style 'cubist' (known: mosaic, garden)"),
    ({"width": 32}, "width must be an integer from 64 to 16384 px, not 32"),
    ({"height": 100.5}, "height must be an integer from 64 to 16384 px, not 100.5"),
    ({"seed": -1}, "seed must be a non-negative integer, not -1"),
    ({"palette": "neon"}, "unknown palette 'neon' (known: compost, okabe-ito)"),
])
def test_bad_render_arguments_are_refused(kwargs, message):
    args = {"width": 64, "height": 64, "seed": 0, "style": "mosaic"} | kwargs
    with pytest.raises(ValueError) as error:
        render([_contribution("a", 1.0)], **args)
    assert str(error.value) == message


def test_too_many_pieces_for_the_canvas_is_refused():
    pieces = [_contribution(f"p{i}", 1.0) for i in range(300)]
    with pytest.raises(ValueError, match="a 64x64 canvas is too small for 300 pieces"):
        render(pieces, width=64, height=64, seed=0, style="garden")


def test_records_need_their_campaign(kawasaki):
    from artgen import load_campaign_records

    with pytest.raises(ValueError, match="needs their campaign"):
        render(load_campaign_records(kawasaki)[:5], width=64, height=64, seed=0, style="mosaic")


def test_pixels_depend_on_public_attributes_not_on_ids(kawasaki, kawasaki_contributions):
    renamed = [Contribution(hashlib.sha256(c.participant.encode()).hexdigest(), c.amount,
                            c.activities, c.months, c.first_date, c.district)
               for c in kawasaki_contributions]
    kwargs = {"width": 512, "height": 512, "seed": 4, "style": "mosaic", "campaign": kawasaki}
    original = render(kawasaki_contributions, **kwargs)
    pseudonymous = render(renamed, **kwargs)
    assert pseudonymous.png_bytes() == original.png_bytes()
    piece = original.pieces[10]
    twin = pseudonymous.locate(renamed[10].participant)
    assert (twin.bbox, twin.area_px) == (piece.bbox, piece.area_px)
