"""Deep-zoom tiles: DZI levels, tile geometry with overlap, exact integer downsampling."""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pytest
from PIL import Image

from artgen.tiles import OVERLAP, TILE, _halve, deep_zoom


def decode(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA"))


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, size=(300, 700, 4), dtype=np.uint8)
    rgba[:, :, 3] = 255
    return rgba


def test_levels_run_from_one_pixel_to_full_size(image):
    tiles = deep_zoom(image)
    levels = tiles["artwork_files"]
    top = math.ceil(math.log2(700))
    assert sorted(map(int, levels)) == list(range(top + 1))
    assert decode(levels["0"]["0_0.png"]).shape[:2] == (1, 1)
    for level, folder in levels.items():
        scale = 2 ** (top - int(level))
        w, h = math.ceil(700 / scale), math.ceil(300 / scale)
        assert len(folder) == math.ceil(w / TILE) * math.ceil(h / TILE)


def test_full_level_tiles_overlap_and_stitch_back_to_the_image(image):
    top = deep_zoom(image)["artwork_files"][str(math.ceil(math.log2(700)))]
    for name, png in top.items():
        col, row = map(int, re.match(r"(\d+)_(\d+)\.png", name).groups())
        x0, y0 = max(col * TILE - OVERLAP, 0), max(row * TILE - OVERLAP, 0)
        tile = decode(png)
        assert np.array_equal(tile, image[y0:y0 + tile.shape[0], x0:x0 + tile.shape[1]])
    assert decode(top["2_1.png"]).shape[:2] == (300 - 255, 700 - 511)


def test_descriptor_states_size_tile_and_overlap(image):
    xml = deep_zoom(image)["artwork.dzi"].decode()
    assert f'TileSize="{TILE}"' in xml and f'Overlap="{OVERLAP}"' in xml
    assert '<Size Width="700" Height="300"/>' in xml


def test_halving_is_a_rounded_box_average_with_edge_padding():
    rgba = np.array([[[0, 10, 255, 255], [1, 20, 255, 255], [9, 9, 9, 255]],
                     [[2, 30, 255, 255], [3, 41, 255, 255], [9, 9, 9, 255]]], dtype=np.uint8)
    half = _halve(rgba)
    assert half.shape == (1, 2, 4)
    assert half[0, 0].tolist() == [2, 25, 255, 255]  # (0+1+2+3)/4 = 1.5 -> 2; 101/4 -> 25
    assert half[0, 1].tolist() == [9, 9, 9, 255]
