"""Shared input of bench/render.py: synthetic contributions and the garden flowers as polygons.

The contributions are deterministic and heavy-tailed like real programmes (a few households give
50x the median). The polygons trace the outer petal layer of `artgen.kernels.paint_garden`:
outline radius r * (0.52 + 0.46 * h), h = 0.5 + 0.5 * cos(n * (theta - phi)), n = 4 + months,
phi the piece's phase angle; that is the formula the kernel evaluates per pixel, sampled here at
VERTS_PER_PETAL vertices per petal so that other rasterisers can draw the same shapes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from typing import TypeVar

import numpy as np

from artgen.records import Contribution
from artgen.render import Scene

START = dt.date(2021, 6, 1)
MONTHS = 6
DISTRICTS = ("Kawasaki-ku", "Saiwai-ku", "Nakahara-ku", "Takatsu-ku", "Tama-ku", "Miyamae-ku",
             "Asao-ku")
MEDIAN_KG = 18.0
SIGMA = 1.1  # lognormal spread: the top 0.1 % give about 30x the median, the top 1e-6 about 180x
VERTS_PER_PETAL = 6  # tip and valley of each petal are vertices; chords stray <= 3.1 % of r
T = TypeVar("T")


def contributions(count: int, seed: int = 7) -> list[Contribution]:
    """`count` participants sorted by id: lognormal kg, a run of active months with gaps,
    a first date inside the first active month, one of seven districts."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        first = rng.randrange(MONTHS)
        months = 1 << first
        for m in range(first + 1, MONTHS):
            if rng.random() < 0.7:
                months |= 1 << m
        day = START.replace(month=START.month + first) + dt.timedelta(days=rng.randrange(28))
        amount = round(MEDIAN_KG * rng.lognormvariate(0.0, SIGMA), 1) + 0.1
        out.append(Contribution(f"p{i:07d}", amount, {"compost": amount}, months, day,
                                DISTRICTS[rng.randrange(len(DISTRICTS))]))
    return out


def petal_groups(scene: Scene) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(site indices, vertices (count, K, 2) in px) for each petal count n, K = n * VERTS_PER_PETAL.

    Vertex k sits at angle phi + 2 pi k / K, so vertex 0 is a petal tip whatever the phase."""
    sites = scene.pieces
    petals = 4 + scene.months[:sites]
    phi = np.arctan2(scene.phase[:sites, 1], scene.phase[:sites, 0])
    for n in np.unique(petals):
        idx = np.flatnonzero(petals == n)
        k = np.arange(n * VERTS_PER_PETAL)
        step = 2.0 * math.pi * k / k.size
        radius = scene.r[idx, None] * (0.52 + 0.46 * (0.5 + 0.5 * np.cos(n * step)))[None, :]
        theta = phi[idx, None] + step[None, :]
        pts = np.stack([scene.x[idx, None] + radius * np.cos(theta),
                        scene.y[idx, None] + radius * np.sin(theta)], axis=2)
        yield idx, pts


def in_site_order(scene: Scene, shape: Callable[[np.ndarray], T]) -> list[T]:
    """`shape(vertices (K, 2))` for every piece, listed in site order (the painter's order)."""
    out: list = [None] * scene.pieces
    for idx, pts in petal_groups(scene):
        for i, p in zip(idx.tolist(), pts):
            out[i] = shape(p)
    return out


def vertex_count(scene: Scene) -> int:
    """Total polygon vertices handed to each peer."""
    return int(np.sum(4 + scene.months[:scene.pieces])) * VERTS_PER_PETAL


def rgb8(scene: Scene) -> np.ndarray:
    """Flat fill colour of every piece as (pieces, 3) uint8: the piece's base colour."""
    return np.round(scene.colour[:scene.pieces] * 255.0).astype(np.uint8)


def ground8(scene: Scene) -> tuple[int, int, int]:
    """The palette's ground colour as 8-bit RGB (ours adds a vignette and soil noise)."""
    return tuple(int(v) for v in np.round(scene.ground_rgb * 255.0))
