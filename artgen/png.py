"""PNG writing with provenance text chunks, identical bytes for identical pixels and text."""

from __future__ import annotations

import io
import zlib
from collections.abc import Mapping

import numpy as np
from PIL import Image, PngImagePlugin

COMPRESS_LEVEL = 3  # 3x faster than 6 for 7% more bytes on a 2048 px artwork


def write_png(rgba: np.ndarray, text: Mapping[str, str]) -> bytes:
    """Encode an RGBA uint8 array as PNG with one tEXt/iTXt chunk per entry, in sorted order;
    an opaque image is written as RGB, a quarter smaller and faster."""
    info = PngImagePlugin.PngInfo()
    for key in sorted(text):
        if text[key].isascii():
            info.add_text(key, text[key])
        else:
            info.add_itxt(key, text[key])
    opaque = bool(np.all(rgba[:, :, 3] == 255))
    image = Image.fromarray(np.ascontiguousarray(rgba[:, :, :3]) if opaque else rgba,
                            "RGB" if opaque else "RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, compress_level=COMPRESS_LEVEL)
    return buffer.getvalue()


def read_png_text(data: bytes) -> dict[str, str]:
    """The tEXt/iTXt chunks of a PNG, read chunk by chunk so that a file whose pixel data is
    damaged still tells what it claims to be made from."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    text: dict[str, str] = {}
    offset = 8
    while offset + 8 <= len(data):
        length = int.from_bytes(data[offset:offset + 4], "big")
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        offset += 12 + length
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            text[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _language, _, rest = rest.partition(b"\0")
            _translated, _, value = rest.partition(b"\0")
            text[key.decode("latin-1")] = (zlib.decompress(value) if compressed else value).decode()
        elif kind == b"IEND":
            break
    return text
