"""render(): contributions -> layout -> pixels, owner map and per-participant pieces."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import kernels
from .campaign import Campaign
from .layout import balance_cells, compute_layout, mosaic_reach, seeded_units, sorted_tile_bins
from .palettes import PALETTES, hex_to_rgb
from .png import write_png
from .records import Contribution, Record, aggregate
from .styles import STYLES

RENDERER_VERSION = "artgen-render/2"  # bumped whenever the same scene paints other bytes
TILE = 16
PAINT_TILE = 32  # paint z-buffers a tile at a time; 32 px measured fastest at 1M pieces
DEFAULT_PALETTE = "compost"
GARDEN_GAP = 0.08  # ground between flowers, as a share of the median piece radius
GARDEN_FRINGE = 0.5  # px past a flower's disc that its anti-aliased edge may still touch
MAX_SIDE = 16384


@dataclass(frozen=True)
class Piece:
    """Where one participant's piece is in the artwork (pixels; bbox is [x0, y0, x1, y1))."""

    participant: str
    bbox: tuple[int, int, int, int]
    centroid: tuple[float, float]
    area_px: int
    amount: float

    def as_json(self) -> dict:
        return {"participant": self.participant, "bbox": list(self.bbox),
                "centroid": list(self.centroid), "area_px": self.area_px,
                "amount": self.amount}


class Artwork:
    """A rendered work: pixels, who owns each pixel, and every participant's piece."""

    def __init__(self, rgba: np.ndarray, owner: np.ndarray, contributions: Sequence[Contribution],
                 info: dict[str, str]):
        self.rgba = rgba
        self.owner = owner
        self.info = info
        self.participants = tuple(c.participant for c in contributions)
        self._index = {p: i for i, p in enumerate(self.participants)}
        n = len(self.participants)
        area = np.zeros(n, dtype=np.int64)
        bbox = np.zeros((n, 4), dtype=np.int64)
        sums = np.zeros((n, 2), dtype=np.int64)
        kernels.piece_stats(owner, n, area, bbox, sums)
        self.pieces = tuple(
            Piece(c.participant, tuple(int(v) for v in bbox[i]),
                  (round(float(sums[i, 0]) / int(area[i]) + 0.5, 2),
                   round(float(sums[i, 1]) / int(area[i]) + 0.5, 2)) if area[i] else (0.0, 0.0),
                  int(area[i]), c.amount)
            for i, c in enumerate(contributions))

    @property
    def width(self) -> int:
        return self.rgba.shape[1]

    @property
    def height(self) -> int:
        return self.rgba.shape[0]

    def owner_at(self, x: float, y: float) -> str | None:
        """The participant whose piece covers pixel (x, y), or None for ground and lead."""
        ix, iy = int(np.floor(x)), int(np.floor(y))
        if not (0 <= ix < self.width and 0 <= iy < self.height):
            raise ValueError(f"({x}, {y}) is outside the {self.width}x{self.height} artwork")
        o = int(self.owner[iy, ix])
        return self.participants[o] if o >= 0 else None

    def locate(self, participant: str) -> Piece:
        """The piece of `participant`; KeyError names an unknown one."""
        try:
            return self.pieces[self._index[participant]]
        except KeyError:
            raise KeyError(f"no participant {participant!r} in this artwork") from None

    def mask(self, participant: str) -> np.ndarray:
        """Boolean mask of the participant's piece, cropped to its bbox (badges cut it out)."""
        piece = self.locate(participant)
        x0, y0, x1, y1 = piece.bbox
        return self.owner[y0:y1, x0:x1] == self._index[participant]

    def pieces_json(self) -> str:
        return json.dumps([p.as_json() for p in self.pieces], ensure_ascii=False, indent=1) + "\n"

    def png_bytes(self) -> bytes:
        return write_png(self.rgba, self.info)

    def save_png(self, path: str | Path) -> None:
        Path(path).write_bytes(self.png_bytes())


def canonical_order(contributions: Sequence[Contribution]) -> np.ndarray:
    """Indices sorted by public attributes only (first month, amount, months, district,
    activities), never by the participant's id, so that a render from ids and one from salted
    commitments give the same pixels; exact twins keep their given order."""
    activities = [repr(sorted(c.activities.items())) for c in contributions]
    districts = [c.district or "" for c in contributions]
    _, activity_rank = np.unique(np.array(activities, dtype=object), return_inverse=True)
    _, district_rank = np.unique(np.array(districts, dtype=object), return_inverse=True)
    months = np.array([c.months for c in contributions], dtype=np.int64)
    first = np.array([first_month(c.months) for c in contributions], dtype=np.int64)
    amounts = np.array([c.amount for c in contributions], dtype=np.float64)
    return np.lexsort((activity_rank, district_rank, months, -amounts, first))


def first_month(months: int) -> int:
    """Index of the first month a participant was active (lowest set bit)."""
    return (months & -months).bit_length() - 1 if months else 0


def records_hash(contributions: Sequence[Contribution]) -> str:
    """SHA-256 of the renderer's whole input (public attributes in canonical order, as JSON),
    which anyone can rebuild from the published dataset."""
    rows = sorted(json.dumps([repr(float(c.amount)), sorted(c.activities.items()), c.months,
                              c.district], ensure_ascii=False, separators=(",", ":"))
                  for c in contributions)
    blob = "[" + ",".join(rows) + "]"
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class Scene:
    """Everything the paint kernel draws: one site per piece or filler disc, in paint order
    (row-major by the PAINT_TILE tile of the site's centre, so that the sites a tile needs are
    neighbours in memory); `owner_of_site` says whose piece each site is.

    Exposed so benchmarks can hand exactly the same shapes to other rasterisers."""

    width: int
    height: int
    style: str
    pieces: int
    x: np.ndarray
    y: np.ndarray
    r: np.ndarray  # disc radius (garden) or power radius (mosaic), px
    reach: np.ndarray  # px beyond which a site cannot own a pixel
    colour: np.ndarray  # (sites, 3) RGB in [0, 1]
    months: np.ndarray  # active months: rings (mosaic), petals - 4 (garden)
    texture: np.ndarray  # bit k: did the k-th activity outside the headline unit
    phase: np.ndarray  # (sites, 2) unit vector: texture and petal orientation
    owner_of_site: np.ndarray  # participant index, -1 for fillers
    line_rgb: np.ndarray
    ground_rgb: np.ndarray
    line_width: float
    grain: float
    seed: int


def render(records: Sequence[Record] | Sequence[Contribution], *, width: int, height: int,
           seed: int, style: str, palette: str | None = None,
           campaign: Campaign | None = None) -> Artwork:
    """Render the collective artwork.

    `records` are a campaign's records (then `campaign` is required, to aggregate them) or
    participants' public contributions. `campaign`, when given, also fixes the district order
    (hue families) and which activities are shown as textures.
    """
    contributions = _contributions(records, campaign)
    scene = build_scene(contributions, width=width, height=height, seed=seed, style=style,
                        palette=palette, campaign=campaign)
    rgba, owner = paint_scene(scene)
    info = {"campaign": campaign.id if campaign else "", "seed": str(seed), "style": style,
            "palette": palette or (campaign.palette if campaign else DEFAULT_PALETTE),
            "renderer": RENDERER_VERSION, "records-sha256": records_hash(contributions),
            "participants": str(len(contributions))}
    return Artwork(rgba, owner, contributions, info)


def build_scene(contributions: Sequence[Contribution], *, width: int, height: int, seed: int,
                style: str, palette: str | None = None,
                campaign: Campaign | None = None) -> Scene:
    """Lay out and colour every piece; `contributions` sorted by participant."""
    _check_args(contributions, width, height, seed, style)
    palette_name = palette or (campaign.palette if campaign else DEFAULT_PALETTE)
    if palette_name not in PALETTES:
        raise ValueError(f"unknown palette {palette_name!r} (known: {', '.join(PALETTES)})")
    pal = PALETTES[palette_name]

    n = len(contributions)
    units = np.empty((n, 4))
    units[canonical_order(contributions)] = seeded_units(seed, n, 4)
    amounts = np.array([c.amount for c in contributions], dtype=np.float64)
    first = np.array([first_month(c.months) for c in contributions], dtype=np.int64)
    join_order = np.lexsort((units[:, 0], first))
    mosaic = style == "mosaic"
    layout = compute_layout(amounts, join_order, width, height, seed,
                            gap_ratio=0.0 if mosaic else GARDEN_GAP,
                            fillers=mosaic)

    nf = layout.filler_x.shape[0]
    x = np.concatenate([layout.x, layout.filler_x])
    y = np.concatenate([layout.y, layout.filler_y])
    r = np.concatenate([layout.r, layout.filler_r])
    r_med = float(np.median(layout.r))
    if mosaic:
        x, y, r = balance_cells(x, y, r, n, width, height, TILE)
        reach = mosaic_reach(r, r_med)
    else:
        reach = r + GARDEN_FRINGE
    angle = np.concatenate([units[:, 2], np.zeros(nf)]) * 2.0 - 1.0
    spin = np.concatenate([units[:, 3], np.full(nf, 0.5)]) * 2.0 - 1.0
    norm = np.sqrt(angle * angle + spin * spin) + 1e-12
    order = paint_order(x, y, width)
    return Scene(
        width=width, height=height, style=style, pieces=n, x=x[order], y=y[order], r=r[order],
        reach=reach[order],
        colour=np.concatenate([_piece_colours(contributions, campaign, pal.hues, units),
                               _soil_colours(pal.ground, nf, seed)])[order],
        months=np.concatenate([[bin(c.months).count("1") for c in contributions],
                               np.zeros(nf)]).astype(np.int64)[order],
        texture=np.concatenate([_textures(contributions, campaign),
                                np.zeros(nf)]).astype(np.int64)[order],
        phase=np.stack([angle / norm, spin / norm], axis=1)[order],
        owner_of_site=np.concatenate([np.arange(n), np.full(nf, -1)]).astype(np.int32)[order],
        line_rgb=np.array(hex_to_rgb(pal.line)), ground_rgb=np.array(hex_to_rgb(pal.ground)),
        line_width=max(1.5, 0.09 * r_med) if mosaic else max(0.8, 0.05 * r_med),
        grain=0.07 if mosaic else 0.10, seed=seed & 0x7FFFFFFF)


def paint_order(x: np.ndarray, y: np.ndarray, width: int) -> np.ndarray:
    """Site indices sorted row-major by the PAINT_TILE tile their centre is in (stable, so ties
    keep layout order): the sites one tile paints are then close in memory."""
    across = (width + PAINT_TILE - 1) // PAINT_TILE
    column = np.clip(np.floor(x / PAINT_TILE), -1, across).astype(np.int64)
    row = np.floor(y / PAINT_TILE).astype(np.int64)
    return np.lexsort((column, row))


def paint_scene(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """Rasterise a scene: (RGBA uint8 pixels, owner map of participant indices, -1 for none).
    A scene with no sites paints its ground alone."""
    s = scene if scene.x.shape[0] else _one_unseen_site(scene)
    tx, start, members = sorted_tile_bins(s.x, s.y, s.reach, s.width, s.height, PAINT_TILE)
    pixels = np.empty((s.height, s.width), dtype=np.uint32)  # one RGBA8 pixel per store
    owner = np.empty((s.height, s.width), dtype=np.int32)
    paint = kernels.paint_mosaic if s.style == "mosaic" else kernels.paint_garden
    paint(s.width, s.height, PAINT_TILE, tx, start, members, s.x, s.y, s.r, s.reach * s.reach,
          s.colour, s.months, s.texture, s.phase, s.owner_of_site, s.line_rgb, s.ground_rgb,
          s.line_width, s.grain, s.seed, pixels, owner)
    if sys.byteorder == "big":  # the kernels pack R into the low byte
        pixels.byteswap(inplace=True)
    return pixels.view(np.uint8).reshape(s.height, s.width, 4), owner


def _one_unseen_site(scene: Scene) -> Scene:
    """The scene with one site far off the canvas that reaches nothing: the kernels read their
    pixels' nearest site unconditionally (a select, not a branch), so they need one to read."""
    return replace(scene, x=np.array([-1e9]), y=np.array([-1e9]), r=np.ones(1),
                   reach=np.ones(1), colour=np.zeros((1, 3)), months=np.ones(1, np.int64),
                   texture=np.zeros(1, np.int64), phase=np.array([[1.0, 0.0]]),
                   owner_of_site=np.full(1, -1, np.int32))


def _contributions(records: Sequence[Record] | Sequence[Contribution],
                   campaign: Campaign | None) -> tuple[Contribution, ...]:
    if not records:
        raise ValueError("nothing to render: no records")
    if all(isinstance(r, Contribution) for r in records):
        return tuple(sorted(records, key=lambda c: c.participant))
    if all(isinstance(r, Record) for r in records):
        if campaign is None:
            raise ValueError("rendering records needs their campaign (to know the unit)")
        return tuple(aggregate(records, campaign))
    raise TypeError("records must all be Record or all be Contribution")


def _check_args(contributions: Sequence[Contribution], width: int, height: int, seed: int,
                style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r} (known: {', '.join(STYLES)})")
    for name, side in (("width", width), ("height", height)):
        if not isinstance(side, int) or not 64 <= side <= MAX_SIDE:
            raise ValueError(f"{name} must be an integer from 64 to {MAX_SIDE} px, not {side!r}")
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    if width * height < 16 * len(contributions):
        raise ValueError(f"a {width}x{height} canvas is too small for {len(contributions)} "
                         "pieces: allow at least 16 px per participant")


def _piece_colours(contributions: Sequence[Contribution], campaign: Campaign | None,
                   hues: tuple[str, ...], units: np.ndarray) -> np.ndarray:
    """District hue family, lightness varied per piece so neighbours of a district differ."""
    districts = list(campaign.districts) if campaign else sorted(
        {c.district for c in contributions if c.district})
    index = {d: i for i, d in enumerate(districts)}
    base = np.array([hex_to_rgb(h) for h in hues])
    rows = []
    for c, u in zip(contributions, units):
        h = index[c.district] if c.district in index else int(u[1] * len(hues))
        rows.append(base[h % len(hues)] * (0.80 + 0.34 * u[1]))
    return np.clip(np.array(rows), 0.0, 1.0)


def _soil_colours(ground: str, count: int, seed: int) -> np.ndarray:
    """Earth tones around the ground colour for the filler stones."""
    jitter = np.empty(count)
    kernels.hash_units(seed, 2, jitter)
    return np.clip(np.array(hex_to_rgb(ground))[None, :] * (1.1 + 0.9 * jitter[:, None]), 0, 1)


def _textures(contributions: Sequence[Contribution], campaign: Campaign | None) -> np.ndarray:
    """Bit k set when the participant did the k-th activity outside the headline unit."""
    if campaign is None:
        return np.zeros(len(contributions), dtype=np.int64)
    extra = [k for k, a in campaign.activities.items() if a.unit != campaign.unit][:2]
    return np.array([sum(1 << k for k, key in enumerate(extra) if c.activities.get(key))
                     for c in contributions], dtype=np.int64)
