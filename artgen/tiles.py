"""Deep-zoom tiles (DZI) of the artwork, so viewers pan and zoom without loading every pixel.

Layout of Microsoft's Deep Zoom format as OpenSeadragon reads it: `artwork.dzi` (XML) and
`artwork_files/{level}/{col}_{row}.png`, level 0 is 1x1 px and level L is the full image when
2**L >= its longer side; each level halves the one above it (rounding up). Tiles are TILE px with
OVERLAP px shared with each neighbour. Downsampling is a 2x2 box average in integers, so tiles are
the same bytes everywhere.
"""

from __future__ import annotations

import math

import numpy as np

from .png import write_png

TILE = 256
OVERLAP = 1


def _halve(rgba: np.ndarray) -> np.ndarray:
    """Next level down: each output pixel the rounded mean of up to 2x2 input pixels."""
    h, w = rgba.shape[:2]
    padded = np.pad(rgba.astype(np.uint32), ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")
    total = (padded[0::2, 0::2] + padded[1::2, 0::2] + padded[0::2, 1::2] + padded[1::2, 1::2])
    return ((total + 2) // 4).astype(np.uint8)


def dzi_xml(width: int, height: int) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="png" '
            f'Overlap="{OVERLAP}" TileSize="{TILE}">\n'
            f'  <Size Width="{width}" Height="{height}"/>\n</Image>\n').encode()


def deep_zoom(rgba: np.ndarray) -> dict[str, bytes | dict]:
    """The DZI descriptor and tile tree, as nested {name: bytes | folder} for UnixFS."""
    height, width = rgba.shape[:2]
    top = math.ceil(math.log2(max(width, height)))
    levels: dict[str, bytes | dict] = {}
    image = rgba
    for level in range(top, -1, -1):
        h, w = image.shape[:2]
        tiles: dict[str, bytes | dict] = {}
        for col in range(math.ceil(w / TILE)):
            for row in range(math.ceil(h / TILE)):
                x0, y0 = max(col * TILE - OVERLAP, 0), max(row * TILE - OVERLAP, 0)
                x1, y1 = min((col + 1) * TILE + OVERLAP, w), min((row + 1) * TILE + OVERLAP, h)
                tiles[f"{col}_{row}.png"] = write_png(np.ascontiguousarray(image[y0:y1, x0:x1]), {})
        levels[str(level)] = tiles
        if level:
            image = _halve(image)
    return {"artwork.dzi": dzi_xml(width, height), "artwork_files": levels}
