"""Numba kernels: the only code here that loops over pieces or pixels.

Kernels take arrays and scalars, write into preallocated outputs and never validate (the Python
wrappers in layout.py and render.py do). Determinism rules, so that the same inputs give the same
bytes on any machine and thread count:
- no fastmath: no reassociation, no fused multiply-add contraction;
- only +, -, *, /, sqrt and integer ops in anything that reaches a pixel or a position (IEEE
  makes these exact everywhere; libm's sin/pow/exp are not), so angles use `sincos` below;
- parallel loops write disjoint outputs and never reduce floats across threads.
"""

from __future__ import annotations

import numba as nb
import numpy as np

ngjit = nb.njit(nogil=True, cache=True)
ngjit_inline = nb.njit(nogil=True, cache=True, inline="always")
ngjit_parallel = nb.njit(nogil=True, cache=True, parallel=True)
NoiseScratch = tuple  # (lattice rows, cells and fractions in x and y, hashes): see noise_scratch
F32 = np.float32
NEAR_FIELDS = 10  # paint_garden's per-pixel rows: 8 from gather_flowers, then ground and vein
PETAL_BITS = 6
MAX_PETALS = (1 << PETAL_BITS) - 1  # 4 + active months, capped: 59 months would be a disc anyway

HALF_PI_HI = 1.5707963267341256  # pi/2 split in two parts (Cody-Waite range reduction)
HALF_PI_LO = 6.077100506506192e-11


@ngjit
def sincos(theta: float) -> tuple[float, float]:
    """sin and cos from a fixed polynomial, so every machine gets the same bits."""
    k = np.floor(theta / (HALF_PI_HI + HALF_PI_LO) + 0.5)
    r = (theta - k * HALF_PI_HI) - k * HALF_PI_LO
    r2 = r * r
    s = r * (1.0 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (
        1.0 / 362880 + r2 * (-1.0 / 39916800 + r2 * (1.0 / 6227020800 + r2 * (
            -1.0 / 1307674368000 + r2 * (1.0 / 355687428096000)))))))))
    c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (
        -1.0 / 3628800 + r2 * (1.0 / 479001600 + r2 * (-1.0 / 87178291200 + r2 * (
            1.0 / 20922789888000 + r2 * (-1.0 / 6402373705728000)))))))))
    quadrant = int(k) & 3
    if quadrant == 0:
        return s, c
    if quadrant == 1:
        return c, -s
    if quadrant == 2:
        return -s, -c
    return -c, s


@ngjit
def hash_unit(a: int, b: int, c: int) -> float:
    """A float in [0, 1) from three integers (splitmix64 finaliser): texture and jitter noise."""
    z = np.uint64(a) * np.uint64(0x9E3779B97F4A7C15)
    z ^= np.uint64(b) * np.uint64(0xC2B2AE3D27D4EB4F)
    z ^= np.uint64(c) * np.uint64(0x165667B19E3779F9)
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@ngjit
def hash_units(seed: int, salt: int, out: np.ndarray) -> None:
    """out[i] = hash_unit(seed, salt, i): per-index jitter without a Python loop."""
    for i in range(out.shape[0]):
        out[i] = hash_unit(seed, salt, i)


@ngjit
def fade(f: float) -> float:
    """Cubic fade 3f^2 - 2f^3 between lattice points."""
    return f * f * (3.0 - 2.0 * f)


@ngjit_inline
def noise_axis(lo: int, count: int, scale: float, cell: np.ndarray, frac: np.ndarray) -> int:
    """Lattice cell (relative to the first) and faded fraction of pixels lo .. lo + count along
    one axis, sampled at (px + 0.5) / scale; returns the first pixel's lattice cell."""
    first = int(np.floor((lo + 0.5) / scale))
    for k in range(count):
        u = ((lo + k) + 0.5) / scale
        cell_u = np.floor(u)
        frac[k] = fade(u - cell_u)
        cell[k] = int(cell_u) - first
    return first


@ngjit_inline
def tile_noise(x0: int, y0: int, w: int, h: int, scale: float, seed: int, scratch: NoiseScratch,
               out: np.ndarray) -> None:
    """Smooth value noise in [0, 1) at the centres of the w x h pixels at (x0, y0): lattice
    hashes blended with a cubic fade, separably (each lattice point hashed once, each lattice
    row blended along x once, then each pixel one blend along y: a loop the compiler turns into
    SIMD)."""
    rows, cell_x, frac_x, cell_y, frac_y, lattice = scratch
    i0 = noise_axis(x0, w, scale, cell_x, frac_x)
    j0 = noise_axis(y0, h, scale, cell_y, frac_y)
    for j in range(cell_y[h - 1] + 2):
        for i in range(cell_x[w - 1] + 2):
            lattice[i] = hash_unit(i0 + i, j0 + j, seed)
        for lx in range(w):
            a = lattice[cell_x[lx]]
            b = lattice[cell_x[lx] + 1]
            rows[j, lx] = a + (b - a) * frac_x[lx]
    for ly in range(h):
        above = rows[cell_y[ly]]
        below = rows[cell_y[ly] + 1]
        f = frac_y[ly]
        row = out[ly]
        for lx in range(w):
            row[lx] = above[lx] + (below[lx] - above[lx]) * f


@ngjit_inline
def noise_scratch(tile: int) -> NoiseScratch:
    """Work arrays for tile_noise on tiles up to `tile` px, allocated once per thread (noise
    scales of at least 1 px, so a tile spans at most tile + 2 lattice points per axis)."""
    return (np.empty((tile + 2, tile)), np.empty(tile, np.int64), np.empty(tile),
            np.empty(tile, np.int64), np.empty(tile), np.empty(tile + 2))


@ngjit
def spiral_positions(cum_area: np.ndarray, total: float, radius: float, angle0: float,
                     cx: float, cy: float, out_x: np.ndarray, out_y: np.ndarray) -> None:
    """Vogel's sunflower spiral with area-proportional radii: piece k sits on the ring that
    encloses the area of every piece before it, at k golden angles."""
    golden = 2.399963229728653
    for k in range(cum_area.shape[0]):
        s, c = sincos(angle0 + k * golden)
        rho = radius * np.sqrt(cum_area[k] / total)
        out_x[k] = cx + rho * c
        out_y[k] = cy + rho * s


@ngjit
def build_grid(x: np.ndarray, y: np.ndarray, cell: float, nx: int, ny: int,
               start: np.ndarray, members: np.ndarray) -> None:
    """Counting-sort points into square cells: cell c holds members[start[c]:start[c + 1]]."""
    n = x.shape[0]
    start[:] = 0
    cells = np.empty(n, np.int64)
    for i in range(n):
        gx = min(max(int(x[i] / cell), 0), nx - 1)
        gy = min(max(int(y[i] / cell), 0), ny - 1)
        cells[i] = gy * nx + gx
        start[cells[i] + 1] += 1
    for c in range(nx * ny):
        start[c + 1] += start[c]
    fill = start[:-1].copy()
    for i in range(n):
        members[fill[cells[i]]] = i
        fill[cells[i]] += 1


@ngjit_parallel
def relax_step(x: np.ndarray, y: np.ndarray, r: np.ndarray, gap: float, cell: float, nx: int,
               ny: int, start: np.ndarray, members: np.ndarray, out_x: np.ndarray,
               out_y: np.ndarray) -> None:
    """One Jacobi step of overlap removal: each disc moves away from the discs it overlaps,
    the smaller one of a pair moving more."""
    for i in nb.prange(x.shape[0]):
        gx = min(max(int(x[i] / cell), 0), nx - 1)
        gy = min(max(int(y[i] / cell), 0), ny - 1)
        dx_sum = 0.0
        dy_sum = 0.0
        for yy in range(max(gy - 1, 0), min(gy + 2, ny)):
            for xx in range(max(gx - 1, 0), min(gx + 2, nx)):
                c = yy * nx + xx
                for m in range(start[c], start[c + 1]):
                    j = members[m]
                    if j == i:
                        continue
                    dx = x[i] - x[j]
                    dy = y[i] - y[j]
                    d = np.sqrt(dx * dx + dy * dy)
                    overlap = r[i] + r[j] + gap - d
                    if overlap <= 0.0:
                        continue
                    if d < 1e-9:
                        dx = 1.0 if i > j else -1.0
                        dy = 0.0
                        d = 1.0
                    share = overlap * r[j] * r[j] / (r[i] * r[i] + r[j] * r[j])
                    dx_sum += dx / d * share
                    dy_sum += dy / d * share
        out_x[i] = x[i] + 0.5 * dx_sum
        out_y[i] = y[i] + 0.5 * dy_sum


@ngjit_inline
def disc_tiles(x: float, y: float, reach: float, tile: int, tx: int,
               ty: int) -> tuple[int, int, int, int]:
    """The tiles (columns x0..x1, rows y0..y1, inclusive) that a reach disc's bbox touches."""
    return (max(int((x - reach) / tile), 0), min(int((x + reach) / tile), tx - 1),
            max(int((y - reach) / tile), 0), min(int((y + reach) / tile), ty - 1))


@ngjit
def bin_discs(x: np.ndarray, y: np.ndarray, reach: np.ndarray, tile: int, tx: int, ty: int,
              start: np.ndarray, members: np.ndarray) -> None:
    """For every tile of `tile` px, list the sites whose reach disc touches it (CSR arrays,
    sites in index order so that ties break the same way everywhere)."""
    start[:] = 0
    n = x.shape[0]
    for i in range(n):
        x0, x1, y0, y1 = disc_tiles(x[i], y[i], reach[i], tile, tx, ty)
        for b in range(y0, y1 + 1):
            for a in range(x0, x1 + 1):
                start[b * tx + a + 1] += 1
    for t in range(tx * ty):
        start[t + 1] += start[t]
    fill = start[:-1].copy()
    for i in range(n):
        x0, x1, y0, y1 = disc_tiles(x[i], y[i], reach[i], tile, tx, ty)
        for b in range(y0, y1 + 1):
            for a in range(x0, x1 + 1):
                members[fill[b * tx + a]] = i
                fill[b * tx + a] += 1


@ngjit
def count_disc_tiles(x: np.ndarray, y: np.ndarray, reach: np.ndarray, tile: int, tx: int,
                     ty: int) -> int:
    """How many (tile, site) pairs bin_discs will write, to size its output."""
    total = 0
    for i in range(x.shape[0]):
        x0, x1, y0, y1 = disc_tiles(x[i], y[i], reach[i], tile, tx, ty)
        if x1 >= x0 and y1 >= y0:
            total += (x1 - x0 + 1) * (y1 - y0 + 1)
    return total


@ngjit
def home_row_starts(y: np.ndarray, tile: int, ty: int, row_start: np.ndarray) -> bool:
    """row_start[b] .. row_start[b + 1]: the sites whose centre is in tile row b (rows clamped
    to the canvas). False, and row_start unusable, when the sites are not sorted by that row."""
    row_start[:] = 0
    last = 0
    for i in range(y.shape[0]):
        row = min(max(int(np.floor(y[i] / tile)), 0), ty - 1)
        if row < last:
            return False
        last = row
        row_start[row + 1] += 1
    for b in range(ty):
        row_start[b + 1] += row_start[b]
    return True


@ngjit_parallel
def site_tiles(x: np.ndarray, y: np.ndarray, reach: np.ndarray, tile: int, tx: int, ty: int,
               tiles: np.ndarray) -> None:
    """disc_tiles of every site, as rows of `tiles` (x0, x1, y0, y1), in parallel."""
    for i in nb.prange(x.shape[0]):
        tiles[i, 0], tiles[i, 1], tiles[i, 2], tiles[i, 3] = disc_tiles(x[i], y[i], reach[i],
                                                                        tile, tx, ty)


@ngjit_parallel
def count_row_bins(tiles: np.ndarray, tx: int, ty: int, rows_away: int, row_start: np.ndarray,
                   counts: np.ndarray) -> None:
    """bin_discs' tile counts, one row of tiles per thread: a row's sites can only come from
    the rows of centres within `rows_away` of it, a contiguous run of sorted sites."""
    for b in nb.prange(ty):
        counts[b * tx:(b + 1) * tx] = 0
        for i in range(row_start[max(b - rows_away, 0)], row_start[min(b + rows_away + 1, ty)]):
            if tiles[i, 2] <= b <= tiles[i, 3]:
                for a in range(tiles[i, 0], tiles[i, 1] + 1):
                    counts[b * tx + a] += 1


@ngjit_parallel
def fill_row_bins(tiles: np.ndarray, tx: int, ty: int, rows_away: int, row_start: np.ndarray,
                  start: np.ndarray, members: np.ndarray) -> None:
    """bin_discs' members from count_row_bins' layout: the same lists, in the same order."""
    for b in nb.prange(ty):
        fill = start[b * tx:(b + 1) * tx].copy()
        for i in range(row_start[max(b - rows_away, 0)], row_start[min(b + rows_away + 1, ty)]):
            if tiles[i, 2] <= b <= tiles[i, 3]:
                for a in range(tiles[i, 0], tiles[i, 1] + 1):
                    members[fill[a]] = i
                    fill[a] += 1


@ngjit
def clamp01(v: float) -> float:
    return min(max(v, 0.0), 1.0)


@ngjit_inline
def pack_rgb(c0: float, c1: float, c2: float) -> np.uint32:
    """An opaque pixel as one uint32 whose bytes in memory order are R, G, B, 255 on a
    little-endian machine (paint_scene swaps them elsewhere), so a pixel is one store."""
    r8 = np.uint32(clamp01(c0) * 255.0 + 0.5)
    g8 = np.uint32(clamp01(c1) * 255.0 + 0.5)
    b8 = np.uint32(clamp01(c2) * 255.0 + 0.5)
    return r8 | (g8 << np.uint32(8)) | (b8 << np.uint32(16)) | np.uint32(0xFF000000)


@ngjit
def smoothstep(e0: float, e1: float, v: float) -> float:
    t = clamp01((v - e0) / (e1 - e0))
    return t * t * (3.0 - 2.0 * t)


@ngjit
def stripe_cover(u: float, period: float, width: float) -> float:
    """Anti-aliased coverage of parallel stripes `width` px wide every `period` px."""
    f = u / period
    dist = abs(f - np.floor(f) - 0.5) * period  # px from the stripe's centre line
    return clamp01(width * 0.5 + 0.5 - dist)


@ngjit
def power_owner(fx: float, fy: float, candidates: np.ndarray, x: np.ndarray, y: np.ndarray,
                r: np.ndarray, reach2: np.ndarray) -> tuple[int, float]:
    """The candidate site whose power |p - c|^2 - r^2 at (fx, fy) is lowest, and that power;
    sites farther than their reach don't count. (-1, 1e300) when none reaches."""
    best = -1
    best_p = 1e300
    for i in candidates:
        dx = fx - x[i]
        dy = fy - y[i]
        d2 = dx * dx + dy * dy
        if d2 > reach2[i]:
            continue
        p = d2 - r[i] * r[i]
        if p < best_p:
            best_p = p
            best = i
    return best, best_p


@ngjit
def power_areas(width: int, height: int, step: int, tile: int, tx: int, start: np.ndarray,
                members: np.ndarray, x: np.ndarray, y: np.ndarray, r: np.ndarray,
                reach2: np.ndarray, counts: np.ndarray, sums: np.ndarray) -> None:
    """Count, on a grid of samples every `step` px, how many fall in each site's power cell,
    and sum their x, y (for the cells' centroids)."""
    counts[:] = 0
    sums[:] = 0.0
    for py in range(step // 2, height, step):
        fy = py + 0.5
        b = py // tile
        for px in range(step // 2, width, step):
            fx = px + 0.5
            t = b * tx + px // tile
            best, _ = power_owner(fx, fy, members[start[t]:start[t + 1]], x, y, r, reach2)
            if best >= 0:
                counts[best] += 1
                sums[best, 0] += fx
                sums[best, 1] += fy


@ngjit_inline
def disc_span(c: float, reach2: float, lo: int, size: int) -> tuple[int, int]:
    """Pixels [a, b) of the run lo .. lo + size whose centres lie within sqrt(reach2) of c
    along one axis. The 1e-6 px of slack dwarfs the rounding of d2 and of this arithmetic
    (~1e-12 px), so no pixel that passes the caller's exact d2 <= reach2 test is left out."""
    reach = np.sqrt(reach2) + 1e-6
    a = max(int(np.ceil(c - reach - 0.5)) - lo, 0)
    b = min(int(np.floor(c + reach - 0.5)) - lo + 1, size)
    return a, b


@ngjit_inline
def tile_owners(x0: int, y0: int, w: int, h: int, candidates: np.ndarray, x: np.ndarray,
                y: np.ndarray, r: np.ndarray, reach2: np.ndarray, best: np.ndarray,
                best_p: np.ndarray) -> None:
    """power_owner for every pixel of the w x h tile at (x0, y0), as a z-buffer: each candidate
    visits only the rows near it, and there the whole row, since a fixed run of selects compiles
    to SIMD and beats a short scalar span (pixels out of reach fail the d2 test and keep their
    owner). Candidates in order and a strict < keep power_owner's ties; the update is a select,
    not a branch, because which site wins a pixel is unpredictable."""
    best[:h, :w] = -1
    best_p[:h, :w] = 1e300
    for i in candidates:
        ya, yb = disc_span(y[i], reach2[i], y0, h)
        xi = x[i]
        yi = y[i]
        ri2 = r[i] * r[i]
        rr = reach2[i]
        for ly in range(ya, yb):
            dy = (y0 + ly) + 0.5 - yi
            dy2 = dy * dy
            row_p = best_p[ly]
            row = best[ly]
            for lx in range(w):
                dx = (x0 + lx) + 0.5 - xi
                d2 = dx * dx + dy2
                p = d2 - ri2
                take = (d2 <= rr) & (p < row_p[lx])
                row_p[lx] = p if take else row_p[lx]
                row[lx] = i if take else row[lx]


@ngjit_inline
def tile_edges(x0: int, y0: int, w: int, h: int, candidates: np.ndarray, x: np.ndarray,
               y: np.ndarray, r: np.ndarray, reach2: np.ndarray, best: np.ndarray,
               best_p: np.ndarray, edge: np.ndarray) -> None:
    """Per pixel, the distance to the nearest edge of its power cell: the lowest
    (p_j - p_best) / (2 |c_j - c_best|) over the other sites in reach (a min: order-free)."""
    edge[:h, :w] = 1e300
    for j in candidates:
        ya, yb = disc_span(y[j], reach2[j], y0, h)
        xa, xb = disc_span(x[j], reach2[j], x0, w)
        for ly in range(ya, yb):
            dy = (y0 + ly) + 0.5 - y[j]
            for lx in range(xa, xb):
                i = best[ly, lx]
                if i < 0 or i == j:
                    continue
                dx = (x0 + lx) + 0.5 - x[j]
                d2 = dx * dx + dy * dy
                if d2 > reach2[j]:
                    continue
                ex = x[j] - x[i]
                ey = y[j] - y[i]
                ed = np.sqrt(ex * ex + ey * ey)
                if ed > 1e-9:
                    cut = (d2 - r[j] * r[j] - best_p[ly, lx]) / (2.0 * ed)
                    edge[ly, lx] = min(edge[ly, lx], cut)


@ngjit_inline
def shade_pane(fx: float, fy: float, i: int, edge: float, x: np.ndarray, y: np.ndarray,
               r: np.ndarray, colour: np.ndarray, months: np.ndarray, texture: np.ndarray,
               phase: np.ndarray, line_rgb: np.ndarray, line_width: float, grain: float,
               noise: float) -> np.uint32:
    """One mosaic pixel of site i, `edge` px inside its cell: glass lit from the centre, rings,
    textures, grain (from `noise`), bevel and lead line, packed by `pack_rgb`."""
    dx = fx - x[i]
    dy = fy - y[i]
    q = np.sqrt(dx * dx + dy * dy) / r[i]
    light = 1.12 - 0.30 * min(q * q, 1.6)
    n_rings = months[i]
    if n_rings > 1:
        band = q * n_rings
        ring_dist = abs(band - np.floor(band + 0.5)) * r[i] / n_rings
        light -= 0.10 * clamp01(1.2 - ring_dist)
    u = dx * phase[i, 0] + dy * phase[i, 1]
    v = dy * phase[i, 0] - dx * phase[i, 1]
    period = max(r[i] * 0.22, 3.0)
    tex = texture[i]
    if tex & 1:
        light += 0.09 * stripe_cover(u, period, period * 0.35)
    if tex & 2:
        light -= 0.09 * stripe_cover(v, period, period * 0.35) * stripe_cover(
            u, period, period * 0.35)
    n = noise - 0.5
    light += grain * n
    bevel = smoothstep(0.0, line_width * 2.5, edge - line_width * 0.5)
    light *= 0.72 + 0.28 * bevel
    lead = clamp01(line_width * 0.5 + 0.5 - edge)
    g0 = clamp01(colour[i, 0] * light)
    g1 = clamp01(colour[i, 1] * light)
    g2 = clamp01(colour[i, 2] * light)
    return pack_rgb(g0 + (line_rgb[0] - g0) * lead, g1 + (line_rgb[1] - g1) * lead,
                    g2 + (line_rgb[2] - g2) * lead)


@ngjit_parallel
def paint_mosaic(width: int, height: int, tile: int, tx: int, start: np.ndarray,
                 members: np.ndarray, x: np.ndarray, y: np.ndarray, r: np.ndarray,
                 reach2: np.ndarray, colour: np.ndarray, months: np.ndarray,
                 texture: np.ndarray, phase: np.ndarray, owner_of_site: np.ndarray,
                 line_rgb: np.ndarray, ground_rgb: np.ndarray, line_width: float,
                 grain: float, seed: int, rgba: np.ndarray, owner: np.ndarray) -> None:
    """Stained glass: a power diagram of the packed discs, each cell a pane lit from its centre,
    with rings for active months, a texture per extra activity and anti-aliased lead lines at
    the exact distance to the cell's edge. Per tile: owners and edges by z-buffer, then each
    pixel shaded once."""
    ty = (height + tile - 1) // tile
    for b in nb.prange(ty):  # scratch per row of tiles, each tile overwrites it whole
        best = np.empty((tile, tile), np.int64)
        best_p = np.empty((tile, tile))
        edge = np.empty((tile, tile))
        noise = np.empty((tile, tile))
        scratch = noise_scratch(tile)
        lead = pack_rgb(line_rgb[0], line_rgb[1], line_rgb[2])
        y0 = b * tile
        h = min(tile, height - y0)
        for a in range(tx):
            x0 = a * tile
            w = min(tile, width - x0)
            candidates = members[start[b * tx + a]:start[b * tx + a + 1]]
            tile_owners(x0, y0, w, h, candidates, x, y, r, reach2, best, best_p)
            tile_edges(x0, y0, w, h, candidates, x, y, r, reach2, best, best_p, edge)
            tile_noise(x0, y0, w, h, 9.0, seed, scratch, noise)
            for ly in range(h):
                py = y0 + ly
                for lx in range(w):
                    px = x0 + lx
                    i = best[ly, lx]
                    if i < 0:
                        rgba[py, px] = lead
                        owner[py, px] = -1
                        continue
                    rgba[py, px] = shade_pane(px + 0.5, py + 0.5, i, edge[ly, lx], x, y, r,
                                              colour, months, texture, phase, line_rgb,
                                              line_width, grain, noise[ly, lx])
                    owner[py, px] = owner_of_site[i]


@ngjit_inline
def clamp01_f32(v: np.float32) -> np.float32:
    return min(max(v, F32(0.0)), F32(1.0))


@ngjit_inline
def stripe_cover_f32(u: np.float32, period: np.float32, width: np.float32) -> np.float32:
    """stripe_cover in single precision, for paint_garden's SIMD loop."""
    f = u / period
    dist = abs(f - np.floor(f) - F32(0.5)) * period
    return clamp01_f32(width * F32(0.5) + F32(0.5) - dist)


@ngjit_inline
def over_layer(out0: np.float32, out1: np.float32, out2: np.float32, c0: np.float32,
               c1: np.float32, c2: np.float32, sd: np.float32, vein: np.float32,
               line0: np.float32, line1: np.float32, line2: np.float32,
               line_width: np.float32) -> tuple[np.float32, np.float32, np.float32]:
    """Composite one flower layer of colour c, whose edge is `sd` px away (negative inside),
    over `out`: veined, with a rim line inside the edge, anti-aliased over one pixel. A pixel
    outside the layer gets cover 0 and keeps `out` exactly, so no branch is needed."""
    cover = clamp01_f32(F32(0.5) - sd)
    rim = clamp01_f32(F32(1.0) - abs(sd + line_width) / line_width) * F32(0.55)
    v0 = clamp01_f32(c0 * vein)
    v1 = clamp01_f32(c1 * vein)
    v2 = clamp01_f32(c2 * vein)
    return (out0 + ((v0 + (line0 - v0) * rim) - out0) * cover,
            out1 + ((v1 + (line1 - v1) * rim) - out1) * cover,
            out2 + ((v2 + (line2 - v2) * rim) - out2) * cover)


@ngjit_inline
def chebyshev(n: np.int32, c: np.float32) -> np.float32:
    """T_n(c), that is cos(n * theta) for c = cos(theta), for 0 <= n <= MAX_PETALS: no libm
    trig, and a ladder over the bits of n (pairs T_k, T_k+1 -> T_2k, T_2k+1 or T_2k+1, T_2k+2)
    with a fixed trip count and selects, so that the loop calling it stays SIMD."""
    lo = F32(1.0)
    hi = c
    for bit in range(PETAL_BITS - 1, -1, -1):
        mid = F32(2.0) * lo * hi - c
        set_bit = (n >> bit) & 1
        lo, hi = ((mid, F32(2.0) * hi * hi - F32(1.0)) if set_bit
                  else (F32(2.0) * lo * lo - F32(1.0), mid))
    return lo


@ngjit_parallel
def flower_table(r: np.ndarray, colour: np.ndarray, months: np.ndarray, texture: np.ndarray,
                 r2: np.ndarray, table: np.ndarray) -> None:
    """Per site, what gather_flowers copies to every pixel, converted once instead of per pixel:
    r2 = r * r in float64 (the owner test) and, in float32, the radius, the colour and the code
    petals + 64 * texture that paint_garden's shading unpacks."""
    for i in nb.prange(r.shape[0]):
        r2[i] = r[i] * r[i]
        table[i, 0] = r[i]
        table[i, 1] = colour[i, 0]
        table[i, 2] = colour[i, 1]
        table[i, 3] = colour[i, 2]
        table[i, 4] = min(4 + months[i], MAX_PETALS) + (MAX_PETALS + 1) * texture[i]


@ngjit_inline
def gather_flowers(x0: int, fy: float, w: int, best_row: np.ndarray, x: np.ndarray,
                   y: np.ndarray, r2: np.ndarray, table: np.ndarray, phase: np.ndarray,
                   owner_of_site: np.ndarray, owner_row: np.ndarray, inside_row: np.ndarray,
                   near: np.ndarray) -> None:
    """Copy what shading needs of each pixel's site into rows 0 to 7 of `near` (dx, dy, radius
    or -1 for none, dx dy along the phase, colour, code from flower_table), so that the shading
    loop reads only contiguous rows and compiles to SIMD. The owner row gets the site's owner
    unmasked and `inside_row` whether the pixel's centre is in the disc; the shading loop masks
    one with the other in SIMD. Here, `owner_of_site[k] if inside else -1` (a conditional move
    from memory) becomes a branch in LLVM's x86 back end, and which pixels are inside is too
    irregular to predict: that branch made paint_garden 10% slower."""
    for lx in range(w):
        i = best_row[lx]
        has_site = i >= 0
        k = max(i, 0)
        dx = ((x0 + lx) + 0.5) - x[k]
        dy = fy - y[k]
        radius = table[k, 0]
        owner_row[x0 + lx] = owner_of_site[k]
        inside_row[lx] = has_site & (dx * dx + dy * dy <= r2[k])
        near[0, lx] = dx
        near[1, lx] = dy
        near[2, lx] = radius if has_site else F32(-1.0)
        near[3, lx] = dx * phase[k, 0] + dy * phase[k, 1]
        near[4, lx] = table[k, 1]
        near[5, lx] = table[k, 2]
        near[6, lx] = table[k, 3]
        near[7, lx] = table[k, 4]


@ngjit_parallel
def paint_garden(width: int, height: int, tile: int, tx: int, start: np.ndarray,
                 members: np.ndarray, x: np.ndarray, y: np.ndarray, r: np.ndarray,
                 reach2: np.ndarray, colour: np.ndarray, months: np.ndarray,
                 texture: np.ndarray, phase: np.ndarray, owner_of_site: np.ndarray,
                 line_rgb: np.ndarray, ground_rgb: np.ndarray, line_width: float,
                 grain: float, seed: int, rgba: np.ndarray, owner: np.ndarray) -> None:
    """A garden of flowers on dark ground: each piece a two-layer flower whose petal count is its
    active months, with a seed head textured by its extra activities. Per tile: owners by
    z-buffer, then per row the owners' data gathered and every pixel shaded branch-free in
    single precision (SIMD), ground where no flower reaches. A tile row that no flower reaches
    gets its ground alone, bit for bit what the shading gives a pixel with no site: at 1M pieces
    29% of the tiles, the corners and the widest gaps, have no flower at all."""
    ty = (height + tile - 1) // tile
    cxc = width * 0.5
    cyc = height * 0.5
    diag = np.sqrt(cxc * cxc + cyc * cyc)
    line0, line1, line2 = F32(line_rgb[0]), F32(line_rgb[1]), F32(line_rgb[2])
    soil0, soil1, soil2 = F32(ground_rgb[0]), F32(ground_rgb[1]), F32(ground_rgb[2])
    lw = F32(line_width)
    r2 = np.empty(x.shape[0])
    table = np.empty((x.shape[0], 5), np.float32)
    flower_table(r, colour, months, texture, r2, table)
    for b in nb.prange(ty):  # scratch per row of tiles, each tile overwrites what it reads
        best = np.empty((tile, tile), np.int64)
        best_p = np.empty((tile, tile))
        soil = np.empty((tile, tile))
        vein = np.empty((tile, tile))
        scratch = noise_scratch(tile)
        near = np.empty((NEAR_FIELDS, tile), np.float32)
        inside_row = np.empty(tile, np.bool_)
        y0 = b * tile
        h = min(tile, height - y0)
        for a in range(tx):
            x0 = a * tile
            w = min(tile, width - x0)
            candidates = members[start[b * tx + a]:start[b * tx + a + 1]]
            tile_owners(x0, y0, w, h, candidates, x, y, r, reach2, best, best_p)
            tile_noise(x0, y0, w, h, 3.0, seed, scratch, soil)
            if candidates.shape[0]:
                tile_noise(x0, y0, w, h, 2.0, seed + 1, scratch, vein)
            for ly in range(h):
                py = y0 + ly
                fy = py + 0.5
                gy = (fy - cyc) / diag
                gy2 = gy * gy
                soil_row = soil[ly]
                owner_row = owner[py]
                out_row = rgba[py]
                for lx in range(w):
                    gx = (((x0 + lx) + 0.5) - cxc) / diag
                    vignette = 1.0 - 0.55 * min(gx * gx + gy2, 1.0) * 2.0
                    near[8, lx] = vignette + 0.35 * (soil_row[lx] - 0.5)
                reached = False  # does any flower reach this row of the tile?
                for lx in range(w):
                    reached |= best[ly, lx] >= 0
                if not reached:  # bare ground: what the shading below gives a pixel with no site
                    for lx in range(w):
                        ground = near[8, lx]
                        owner_row[x0 + lx] = -1
                        out_row[x0 + lx] = pack_rgb(soil0 * ground, soil1 * ground,
                                                    soil2 * ground)
                    continue
                for lx in range(w):
                    near[9, lx] = 1.0 - grain * (vein[ly, lx] - 0.5)
                gather_flowers(x0, fy, w, best[ly], x, y, r2, table, phase, owner_of_site,
                               owner_row, inside_row, near)
                for lx in range(w):
                    ground = near[8, lx]
                    g0 = soil0 * ground
                    g1 = soil1 * ground
                    g2 = soil2 * ground
                    dx = near[0, lx]
                    dy = near[1, lx]
                    has_site = near[2, lx] > F32(0.0)
                    ri = near[2, lx] if has_site else F32(1.0)
                    rho = np.sqrt(dx * dx + dy * dy)
                    q = rho / ri
                    off_centre = rho > F32(1e-6)
                    c = near[3, lx] / (rho if off_centre else F32(1.0))
                    c = min(max(c, F32(-1.0)), F32(1.0)) if off_centre else F32(1.0)
                    code = near[7, lx]
                    tex = np.floor(code * F32(1.0 / (MAX_PETALS + 1)))
                    petals = np.int32(code - F32(MAX_PETALS + 1) * tex)
                    h_petal = F32(0.5) + F32(0.5) * chebyshev(petals, c)
                    vn = near[9, lx]
                    k0 = near[4, lx]
                    k1 = near[5, lx]
                    k2 = near[6, lx]
                    s = F32(0.55) + F32(0.55) * q
                    o0, o1, o2 = over_layer(g0, g1, g2, k0 * s, k1 * s, k2 * s,
                                            rho - ri * (F32(0.52) + F32(0.46) * h_petal), vn,
                                            line0, line1, line2, lw)
                    s = F32(0.95) + F32(0.45) * q
                    o0, o1, o2 = over_layer(o0, o1, o2, k0 * s + F32(0.275) * (F32(1.0) - k0),
                                            k1 * s + F32(0.275) * (F32(1.0) - k1),
                                            k2 * s + F32(0.275) * (F32(1.0) - k2),
                                            rho - ri * (F32(0.34) + F32(0.22) * (F32(1.0)
                                                                                 - h_petal)),
                                            vn, line0, line1, line2, lw)
                    tex_hi = np.floor(tex * F32(0.5))
                    tex_lo = tex - F32(2.0) * tex_hi
                    dots = (F32(1.0)
                            - F32(0.45) * stripe_cover_f32(dx + dy, F32(2.4), F32(1.0)) * tex_lo
                            - F32(0.45) * stripe_cover_f32(dx - dy, F32(2.4), F32(1.0)) * tex_hi)
                    o0, o1, o2 = over_layer(o0, o1, o2, F32(0.93) * dots, F32(0.80) * dots,
                                            F32(0.42) * dots, rho - ri * F32(0.17), vn, line0,
                                            line1, line2, lw)
                    owner_row[x0 + lx] = owner_row[x0 + lx] if inside_row[lx] else -1
                    out_row[x0 + lx] = pack_rgb(o0 if has_site else g0, o1 if has_site else g1,
                                                o2 if has_site else g2)


@ngjit
def piece_stats(owner: np.ndarray, n: int, area: np.ndarray, bbox: np.ndarray,
                sums: np.ndarray) -> None:
    """Pixel area, bounding box [x0, y0, x1, y1) and coordinate sums of every owner id."""
    area[:] = 0
    sums[:] = 0
    bbox[:, 0] = owner.shape[1]
    bbox[:, 1] = owner.shape[0]
    bbox[:, 2] = 0
    bbox[:, 3] = 0
    for py in range(owner.shape[0]):
        for px in range(owner.shape[1]):
            o = owner[py, px]
            if o < 0 or o >= n:
                continue
            area[o] += 1
            sums[o, 0] += px
            sums[o, 1] += py
            bbox[o, 0] = min(bbox[o, 0], px)
            bbox[o, 1] = min(bbox[o, 1], py)
            bbox[o, 2] = max(bbox[o, 2], px + 1)
            bbox[o, 3] = max(bbox[o, 3], py + 1)


@ngjit_parallel
def png_filter_up(pixels: np.ndarray, out: np.ndarray) -> None:
    """PNG's "Up" filter on every row: out[y] = 2 (the filter type), then each byte minus the
    byte above it, mod 256 (the first row keeps its bytes)."""
    for row in nb.prange(pixels.shape[0]):
        out[row, 0] = 2
        if row == 0:
            out[row, 1:] = pixels[row]
            continue
        above = pixels[row - 1]
        here = pixels[row]
        line = out[row]
        for i in range(pixels.shape[1]):
            line[i + 1] = here[i] - above[i]  # uint8 arithmetic wraps mod 256
