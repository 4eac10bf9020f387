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
def tile_noise(x0: int, y0: int, w: int, h: int, scale: float, seed: int,
               out: np.ndarray) -> None:
    """Smooth value noise in [0, 1) at the centres of the w x h pixels at (x0, y0), sampled at
    (px + 0.5) / scale: lattice hashes blended with a cubic fade. Each lattice corner is
    hashed once per tile, not four times per pixel."""
    i0 = int(np.floor((x0 + 0.5) / scale))
    j0 = int(np.floor((y0 + 0.5) / scale))
    ni = int(np.floor(((x0 + w - 1) + 0.5) / scale)) - i0 + 2
    nj = int(np.floor(((y0 + h - 1) + 0.5) / scale)) - j0 + 2
    corner = np.empty((nj, ni))
    for j in range(nj):
        for i in range(ni):
            corner[j, i] = hash_unit(i0 + i, j0 + j, seed)
    for ly in range(h):
        v = ((y0 + ly) + 0.5) / scale
        iy = np.floor(v)
        uy = fade(v - iy)
        j = int(iy) - j0
        for lx in range(w):
            u = ((x0 + lx) + 0.5) / scale
            ix = np.floor(u)
            ux = fade(u - ix)
            i = int(ix) - i0
            a = corner[j, i]
            b = corner[j, i + 1]
            c = corner[j + 1, i]
            d = corner[j + 1, i + 1]
            out[ly, lx] = (a + (b - a) * ux) + ((c + (d - c) * ux) - (a + (b - a) * ux)) * uy


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


@ngjit
def bin_discs(x: np.ndarray, y: np.ndarray, reach: np.ndarray, tile: int, tx: int, ty: int,
              start: np.ndarray, members: np.ndarray) -> None:
    """For every tile of `tile` px, list the sites whose reach disc touches it (CSR arrays,
    sites in index order so that ties break the same way everywhere)."""
    start[:] = 0
    n = x.shape[0]
    for i in range(n):
        x0 = max(int((x[i] - reach[i]) / tile), 0)
        x1 = min(int((x[i] + reach[i]) / tile), tx - 1)
        y0 = max(int((y[i] - reach[i]) / tile), 0)
        y1 = min(int((y[i] + reach[i]) / tile), ty - 1)
        for b in range(y0, y1 + 1):
            for a in range(x0, x1 + 1):
                start[b * tx + a + 1] += 1
    for t in range(tx * ty):
        start[t + 1] += start[t]
    fill = start[:-1].copy()
    for i in range(n):
        x0 = max(int((x[i] - reach[i]) / tile), 0)
        x1 = min(int((x[i] + reach[i]) / tile), tx - 1)
        y0 = max(int((y[i] - reach[i]) / tile), 0)
        y1 = min(int((y[i] + reach[i]) / tile), ty - 1)
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
        x0 = max(int((x[i] - reach[i]) / tile), 0)
        x1 = min(int((x[i] + reach[i]) / tile), tx - 1)
        y0 = max(int((y[i] - reach[i]) / tile), 0)
        y1 = min(int((y[i] + reach[i]) / tile), ty - 1)
        if x1 >= x0 and y1 >= y0:
            total += (x1 - x0 + 1) * (y1 - y0 + 1)
    return total


@ngjit
def clamp01(v: float) -> float:
    return min(max(v, 0.0), 1.0)


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
    visits only the pixels near it. Candidates in order and a strict < keep power_owner's ties."""
    best[:h, :w] = -1
    best_p[:h, :w] = 1e300
    for i in candidates:
        ya, yb = disc_span(y[i], reach2[i], y0, h)
        xa, xb = disc_span(x[i], reach2[i], x0, w)
        for ly in range(ya, yb):
            dy = (y0 + ly) + 0.5 - y[i]
            for lx in range(xa, xb):
                dx = (x0 + lx) + 0.5 - x[i]
                d2 = dx * dx + dy * dy
                if d2 > reach2[i]:
                    continue
                p = d2 - r[i] * r[i]
                if p < best_p[ly, lx]:
                    best_p[ly, lx] = p
                    best[ly, lx] = i


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
               noise: float, out: np.ndarray) -> None:
    """One mosaic pixel of site i, `edge` px inside its cell: glass lit from the centre, rings,
    textures, grain (from `noise`), bevel and lead line, as RGBA in `out`."""
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
    for c in range(3):
        glass = clamp01(colour[i, c] * light)
        v_out = glass + (line_rgb[c] - glass) * lead
        out[c] = np.uint8(clamp01(v_out) * 255.0 + 0.5)
    out[3] = 255


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
        y0 = b * tile
        h = min(tile, height - y0)
        for a in range(tx):
            x0 = a * tile
            w = min(tile, width - x0)
            candidates = members[start[b * tx + a]:start[b * tx + a + 1]]
            tile_owners(x0, y0, w, h, candidates, x, y, r, reach2, best, best_p)
            tile_edges(x0, y0, w, h, candidates, x, y, r, reach2, best, best_p, edge)
            tile_noise(x0, y0, w, h, 9.0, seed, noise)
            for ly in range(h):
                py = y0 + ly
                for lx in range(w):
                    px = x0 + lx
                    i = best[ly, lx]
                    if i < 0:
                        for c in range(3):
                            rgba[py, px, c] = np.uint8(line_rgb[c] * 255.0 + 0.5)
                        rgba[py, px, 3] = 255
                        owner[py, px] = -1
                        continue
                    shade_pane(px + 0.5, py + 0.5, i, edge[ly, lx], x, y, r, colour, months,
                               texture, phase, line_rgb, line_width, grain, noise[ly, lx],
                               rgba[py, px])
                    owner[py, px] = owner_of_site[i]


@ngjit_inline
def shade_flower(fx: float, fy: float, i: int, x: np.ndarray, y: np.ndarray, r: np.ndarray,
                 colour: np.ndarray, months: np.ndarray, texture: np.ndarray, phase: np.ndarray,
                 line_rgb: np.ndarray, line_width: float, grain: float, noise: float,
                 out0: float, out1: float, out2: float) -> tuple[float, float, float]:
    """Site i's flower over the ground colour (out0, out1, out2) at one pixel: two petal layers
    and a seed head, each anti-aliased with a rim line."""
    dx = fx - x[i]
    dy = fy - y[i]
    rho = np.sqrt(dx * dx + dy * dy)
    q = rho / r[i]
    n_petals = 4 + months[i]
    # cos(n * theta) from the n-th power of the unit direction: no libm trig.
    if rho > 1e-9:
        ux = (dx * phase[i, 0] + dy * phase[i, 1]) / rho
        uy = (dy * phase[i, 0] - dx * phase[i, 1]) / rho
    else:
        ux = 1.0
        uy = 0.0
    zr = 1.0
    zi = 0.0
    for _ in range(n_petals):
        zr, zi = zr * ux - zi * uy, zr * uy + zi * ux
    h = 0.5 + 0.5 * zr
    outer = r[i] * (0.52 + 0.46 * h)
    inner = r[i] * (0.34 + 0.22 * (1.0 - h))
    vein = 1.0 - grain * (noise - 0.5)
    layers = (
        (outer, 0.55 + 0.55 * q, 0.0),
        (inner, 0.95 + 0.45 * q, 0.55),
        (r[i] * 0.17, 0.55, 0.0),
    )
    for k in range(3):
        edge_r, shade, lift = layers[k]
        sd = rho - edge_r
        cover = clamp01(0.5 - sd)
        if cover <= 0.0:
            continue
        rim = clamp01(1.0 - abs(sd + line_width) / line_width) * 0.55
        if k < 2:
            c0 = colour[i, 0] * shade + lift * (1.0 - colour[i, 0]) * 0.5
            c1 = colour[i, 1] * shade + lift * (1.0 - colour[i, 1]) * 0.5
            c2 = colour[i, 2] * shade + lift * (1.0 - colour[i, 2]) * 0.5
        else:
            dots = 1.0
            if texture[i] & 1:
                dots -= 0.45 * stripe_cover(dx + dy, 2.4, 1.0)
            if texture[i] & 2:
                dots -= 0.45 * stripe_cover(dx - dy, 2.4, 1.0)
            c0 = 0.93 * dots
            c1 = 0.80 * dots
            c2 = 0.42 * dots
        c0 = clamp01(c0 * vein) + (line_rgb[0] - clamp01(c0 * vein)) * rim
        c1 = clamp01(c1 * vein) + (line_rgb[1] - clamp01(c1 * vein)) * rim
        c2 = clamp01(c2 * vein) + (line_rgb[2] - clamp01(c2 * vein)) * rim
        out0 += (c0 - out0) * cover
        out1 += (c1 - out1) * cover
        out2 += (c2 - out2) * cover
    return out0, out1, out2


@ngjit_parallel
def paint_garden(width: int, height: int, tile: int, tx: int, start: np.ndarray,
                 members: np.ndarray, x: np.ndarray, y: np.ndarray, r: np.ndarray,
                 reach2: np.ndarray, colour: np.ndarray, months: np.ndarray,
                 texture: np.ndarray, phase: np.ndarray, owner_of_site: np.ndarray,
                 line_rgb: np.ndarray, ground_rgb: np.ndarray, line_width: float,
                 grain: float, seed: int, rgba: np.ndarray, owner: np.ndarray) -> None:
    """A garden of flowers on dark ground: each piece a two-layer flower whose petal count is its
    active months, with a seed head textured by its extra activities. Per tile: owners by
    z-buffer, then each pixel shaded once."""
    ty = (height + tile - 1) // tile
    cxc = width * 0.5
    cyc = height * 0.5
    diag = np.sqrt(cxc * cxc + cyc * cyc)
    for b in nb.prange(ty):  # scratch per row of tiles, each tile overwrites it whole
        best = np.empty((tile, tile), np.int64)
        best_p = np.empty((tile, tile))
        soil = np.empty((tile, tile))
        vein = np.empty((tile, tile))
        y0 = b * tile
        h = min(tile, height - y0)
        for a in range(tx):
            x0 = a * tile
            w = min(tile, width - x0)
            tile_owners(x0, y0, w, h, members[start[b * tx + a]:start[b * tx + a + 1]], x, y, r,
                        reach2, best, best_p)
            tile_noise(x0, y0, w, h, 3.0, seed, soil)
            tile_noise(x0, y0, w, h, 2.0, seed + 1, vein)
            for ly in range(h):
                py = y0 + ly
                fy = py + 0.5
                for lx in range(w):
                    px = x0 + lx
                    fx = px + 0.5
                    gx = (fx - cxc) / diag
                    gy = (fy - cyc) / diag
                    vignette = 1.0 - 0.55 * min(gx * gx + gy * gy, 1.0) * 2.0
                    ground = vignette + 0.35 * (soil[ly, lx] - 0.5)
                    out0 = ground_rgb[0] * ground
                    out1 = ground_rgb[1] * ground
                    out2 = ground_rgb[2] * ground
                    i = best[ly, lx]
                    owner[py, px] = -1
                    if i >= 0:
                        dx = fx - x[i]
                        dy = fy - y[i]
                        if np.sqrt(dx * dx + dy * dy) <= r[i]:
                            owner[py, px] = owner_of_site[i]
                        out0, out1, out2 = shade_flower(fx, fy, i, x, y, r, colour, months,
                                                        texture, phase, line_rgb, line_width,
                                                        grain, vein[ly, lx], out0, out1, out2)
                    rgba[py, px, 0] = np.uint8(clamp01(out0) * 255.0 + 0.5)
                    rgba[py, px, 1] = np.uint8(clamp01(out1) * 255.0 + 0.5)
                    rgba[py, px, 2] = np.uint8(clamp01(out2) * 255.0 + 0.5)
                    rgba[py, px, 3] = 255


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
