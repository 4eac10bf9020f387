"""PNG writing with provenance text chunks: identical bytes for identical pixels and text, on
any thread count, encoded in parallel.

The encoder is ours rather than Pillow's so that it can deflate in parallel: every row is
"Up"-filtered (within 1 % of Pillow's adaptive filters on our artworks, at a fraction of the
cost), and the filtered bytes are cut into fixed slices of rows that separate threads compress,
each primed with the 32 KiB before it, as pigz does. The slices depend on the image alone, so
the bytes do not depend on how many threads ran; they do depend on the zlib that Python links.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from . import kernels

COMPRESS_LEVEL = 3  # 3x faster than 6 for 7% more bytes on a 2048 px artwork
SLICE_BYTES = 1 << 20  # filtered bytes per independently deflated slice (whole rows)
WINDOW = 32 * 1024  # deflate's window: how much of the previous slice primes the next
IDAT_BYTES = 1 << 20  # compressed bytes per IDAT chunk
SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER = b"\x78\x5e"  # deflate, 32 KiB window, "fast" level (levels 2 to 5), no dictionary


def write_png(rgba: np.ndarray, text: Mapping[str, str]) -> bytes:
    """Encode an RGBA uint8 array as PNG with one tEXt/iTXt chunk per entry, in sorted order;
    an opaque image is written as RGB, a quarter smaller and faster."""
    height, width = rgba.shape[:2]
    opaque = bool(np.all(rgba[:, :, 3] == 255))
    channels = 3 if opaque else 4
    pixels = np.ascontiguousarray(rgba[:, :, :channels]).reshape(height, width * channels)
    filtered = np.empty((height, width * channels + 1), dtype=np.uint8)
    kernels.png_filter_up(pixels, filtered)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    out = [SIGNATURE, _chunk(b"IHDR", header)]
    out += [_text_chunk(key, text[key]) for key in sorted(text)]
    stream = _zlib_stream(filtered)
    out += [_chunk(b"IDAT", stream[i:i + IDAT_BYTES]) for i in range(0, len(stream), IDAT_BYTES)]
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)


def _zlib_stream(filtered: np.ndarray) -> bytes:
    """One zlib stream of the filtered rows, deflated a slice at a time on all threads."""
    data = memoryview(filtered.reshape(-1))
    rows = max(1, SLICE_BYTES // filtered.shape[1])
    bounds = [(a * filtered.shape[1], min(a + rows, filtered.shape[0]) * filtered.shape[1])
              for a in range(0, filtered.shape[0], rows)]

    def deflate(k: int) -> bytes:
        start, end = bounds[k]
        primer = bytes(data[max(0, start - WINDOW):start])
        compressor = (zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15, zdict=primer)
                      if primer else zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15))
        last = k == len(bounds) - 1
        return compressor.compress(data[start:end]) + compressor.flush(
            zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)  # a sync flush ends on a byte

    if len(bounds) == 1:
        parts = [deflate(0)]
    else:
        with ThreadPoolExecutor(max_workers=numba.get_num_threads()) as pool:
            parts = list(pool.map(deflate, range(len(bounds))))
    return ZLIB_HEADER + b"".join(parts) + struct.pack(">I", zlib.adler32(data))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(body, zlib.crc32(kind)))


def _text_chunk(key: str, value: str) -> bytes:
    """tEXt for Latin-1 text, iTXt (uncompressed UTF-8) for anything else."""
    if value.isascii():
        return _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    return _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode())


def read_png_text(data: bytes) -> dict[str, str]:
    """The tEXt/iTXt chunks of a PNG, read chunk by chunk so that a file whose pixel data is
    damaged still tells what it claims to be made from."""
    if data[:8] != SIGNATURE:
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
