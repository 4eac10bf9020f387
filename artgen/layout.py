"""Layout: where each participant's piece sits and how big it is.

Pieces are discs packed along a sunflower spiral in the order people joined, so the work grows
outward over time like the compost loop it shows. A piece's area follows

    area ∝ FLOOR + sqrt(amount / median amount)

The square root keeps the order of contributions (a strictly increasing curve) while a household
that gave 50x the median gets about 7x its area instead of 50x, and the floor keeps the lightest
contributor at least FLOOR / (FLOOR + 1) of a median piece: visible and clickable. Only sqrt and
arithmetic are used, so positions are the same bits on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import kernels

FLOOR = 0.3
FILL = 0.66  # share of the spiral's disc that pieces cover before relaxation
RELAX_STEPS = 90
SETTLED = 0.01  # a step that moves no disc more than this share of the median radius ends it
COMPOSITION = 0.47  # radius of the spiral as a share of the canvas's shorter side


@dataclass(frozen=True)
class Layout:
    """Disc of every piece (index = participant order given), plus unowned filler discs."""

    width: int
    height: int
    x: np.ndarray
    y: np.ndarray
    r: np.ndarray
    filler_x: np.ndarray
    filler_y: np.ndarray
    filler_r: np.ndarray


def piece_areas(amounts: np.ndarray) -> np.ndarray:
    """Relative areas from amounts: FLOOR + sqrt(amount / median of positive amounts)."""
    positive = amounts[amounts > 0]
    median = float(np.median(positive)) if positive.size else 1.0
    return FLOOR + np.sqrt(np.maximum(amounts, 0.0) / median)


def seeded_units(seed: int, count: int, per_item: int) -> np.ndarray:
    """(count, per_item) stable uniform numbers in [0, 1) from the seed and the item's index."""
    out = np.empty((per_item, count), dtype=np.float64)
    for k in range(per_item):
        kernels.hash_units(seed, 16 + k, out[k])
    return out.T.copy()


def compute_layout(amounts: np.ndarray, join_order: np.ndarray, width: int, height: int,
                   seed: int, gap_ratio: float, fillers: bool) -> Layout:
    """Pack one disc per participant; `join_order` gives the spiral order (earliest first).

    With `fillers`, the spiral goes on past the last piece with unowned discs of a median
    piece's size up to the canvas corners, packed together with the pieces so the mosaic's
    density is the same everywhere."""
    n = amounts.shape[0]
    cx, cy = width / 2.0, height / 2.0
    radius = COMPOSITION * min(width, height)
    rel = piece_areas(amounts)[join_order]
    total = float(np.sum(rel))
    if fillers:
        filler_rel = float(np.median(rel))
        reach = (float(np.hypot(cx, cy)) + 0.1 * radius) / radius
        count = max(0, int(np.ceil((total * reach * reach - total) / filler_rel)))
        rel = np.concatenate([rel, np.full(count, filler_rel)])
    scale = FILL * np.pi * radius * radius / total
    r_all = np.sqrt(rel * scale / np.pi)
    cum = np.cumsum(rel) - rel / 2.0
    xs = np.empty(rel.shape[0])
    ys = np.empty(rel.shape[0])
    angle0 = (seed % 3600) * (2.0 * np.pi / 3600.0)
    kernels.spiral_positions(cum, total, radius, angle0, cx, cy, xs, ys)
    xs, ys = _relax(xs, ys, r_all, gap_ratio * float(np.median(r_all[:n])))

    weight = r_all[:n] ** 2
    ox = xs - float(np.sum(xs[:n] * weight) / np.sum(weight))  # centre the pieces' mass
    oy = ys - float(np.sum(ys[:n] * weight) / np.sum(weight))
    extent = float(np.max(np.sqrt(ox[:n] ** 2 + oy[:n] ** 2) + r_all[:n]))
    fit = min(1.0, 0.49 * min(width, height) / extent)
    xs, ys, r_all = cx + ox * fit, cy + oy * fit, r_all * fit

    x = np.empty(n)
    y = np.empty(n)
    r = np.empty(n)
    x[join_order], y[join_order], r[join_order] = xs[:n], ys[:n], r_all[:n]
    return Layout(width, height, x, y, r, xs[n:], ys[n:], r_all[n:])


def _relax(x: np.ndarray, y: np.ndarray, r: np.ndarray,
           gap: float) -> tuple[np.ndarray, np.ndarray]:
    """Push overlapping discs apart (Jacobi steps on a cell grid) until no disc moves more
    than SETTLED of the median radius in a step, or RELAX_STEPS."""
    cell = 2.0 * float(np.max(r)) + gap
    x0, y0 = float(np.min(x)) - 2 * cell, float(np.min(y)) - 2 * cell
    x, y = x - x0, y - y0
    nx = max(1, int(np.ceil((np.max(x) + 4 * cell) / cell)))
    ny = max(1, int(np.ceil((np.max(y) + 4 * cell) / cell)))
    start = np.zeros(nx * ny + 1, dtype=np.int64)
    members = np.empty(x.shape[0], dtype=np.int64)
    out_x, out_y = np.empty_like(x), np.empty_like(y)
    settled = SETTLED * float(np.median(r))
    for _ in range(RELAX_STEPS):
        kernels.build_grid(x, y, cell, nx, ny, start, members)
        kernels.relax_step(x, y, r, gap, cell, nx, ny, start, members, out_x, out_y)
        moved = float(np.max(np.abs(out_x - x) + np.abs(out_y - y)))
        x, out_x = out_x, x
        y, out_y = out_y, y
        if moved < settled:
            break
    return x + x0, y + y0


def tile_bins(x: np.ndarray, y: np.ndarray, reach: np.ndarray, width: int, height: int,
              tile: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Per tile of `tile` px, the sites whose reach touches it: (tiles across, start, members)."""
    tx, ty = (width + tile - 1) // tile, (height + tile - 1) // tile
    start = np.zeros(tx * ty + 1, dtype=np.int64)
    members = np.empty(kernels.count_disc_tiles(x, y, reach, tile, tx, ty), dtype=np.int64)
    kernels.bin_discs(x, y, reach, tile, tx, ty, start, members)
    return tx, start, members


def sorted_tile_bins(x: np.ndarray, y: np.ndarray, reach: np.ndarray, width: int, height: int,
                     tile: int) -> tuple[int, np.ndarray, np.ndarray]:
    """tile_bins for sites sorted by the row of tiles their centre is in (a Scene's paint
    order), built one row of tiles per thread; the same lists as tile_bins."""
    tx, ty = (width + tile - 1) // tile, (height + tile - 1) // tile
    row_start = np.zeros(ty + 1, dtype=np.int64)
    if x.shape[0] == 0 or not kernels.home_row_starts(y, tile, ty, row_start):
        return tile_bins(x, y, reach, width, height, tile)
    rows_away = int(np.ceil(float(np.max(reach)) / tile))
    tiles = np.empty((x.shape[0], 4), dtype=np.int32)
    kernels.site_tiles(x, y, reach, tile, tx, ty, tiles)
    counts = np.empty(tx * ty, dtype=np.int64)
    kernels.count_row_bins(tiles, tx, ty, rows_away, row_start, counts)
    start = np.zeros(tx * ty + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    members = np.empty(int(start[-1]), dtype=np.int64)
    kernels.fill_row_bins(tiles, tx, ty, rows_away, row_start, start, members)
    return tx, start, members


def mosaic_reach(r: np.ndarray, r_median: float) -> np.ndarray:
    """How far a mosaic cell may extend from its site: past it, a pixel is lead, not glass."""
    return r * 1.5 + r_median


def balance_cells(x: np.ndarray, y: np.ndarray, r: np.ndarray, pieces: int, width: int,
                  height: int, tile: int, iterations: int = 16
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Make the sites' power cells take areas in proportion to their discs (a capacity-
    constrained power diagram, after Balzer et al. 2009): Lloyd steps move each site to its
    cell's centroid, and each power radius grows or shrinks with its cell's shortfall. Cells
    cut by the canvas edge only move. `pieces` sites come first; they set the sampling step.
    Returns new x, y and power radii."""
    x, y, r = x.copy(), y.copy(), r.copy()
    r0 = r.copy()
    target = r0 ** 2
    r_median = float(np.median(r0[:pieces]))
    step = max(1, int(np.sqrt(np.pi * r_median * r_median / 150.0)))
    counts = np.zeros(r.shape[0], dtype=np.int64)
    sums = np.zeros((r.shape[0], 2), dtype=np.float64)
    for _ in range(iterations):
        reach = mosaic_reach(r, r_median)
        tx, start, members = tile_bins(x, y, reach, width, height, tile)
        kernels.power_areas(width, height, step, tile, tx, start, members, x, y, r,
                            reach * reach, counts, sums)
        seen = counts > 0
        area = np.maximum(counts.astype(np.float64), 1.0)
        x[seen] = sums[seen, 0] / area[seen]
        y[seen] = sums[seen, 1] / area[seen]
        inside = seen & (x - r0 > 0) & (x + r0 < width) & (y - r0 > 0) & (y + r0 < height)
        want = target * (float(np.sum(area[inside])) / float(np.sum(target[inside])))
        grow = np.where(inside, np.clip(np.sqrt(np.sqrt(want / area)), 0.9, 1.12), 1.0)
        r = np.clip(r * grow, 0.6 * r0, 1.8 * r0)
    return x, y, r
