"""artgen.png: our parallel PNG encoder decodes, in Pillow, to exactly the pixels and text given,
and its bytes depend on the image alone, not on the thread count."""

from __future__ import annotations

import io
import zlib

import numba
import numpy as np
import pytest
from PIL import Image

from artgen.png import SLICE_BYTES, read_png_text, write_png


def noise_image(height: int, width: int, opaque: bool) -> np.ndarray:
    rgba = np.random.default_rng(height * 7 + width).integers(0, 256, (height, width, 4),
                                                              dtype=np.uint8)
    rgba[:, width // 3:, :3] //= 16  # some runs deflate can find
    if opaque:
        rgba[:, :, 3] = 255
    return rgba


@pytest.mark.parametrize("height, width", [(1, 1), (3, 5), (97, 64), (700, 900)])
@pytest.mark.parametrize("opaque", [True, False])
def test_pillow_decodes_exactly_the_pixels(height, width, opaque):
    rgba = noise_image(height, width, opaque)
    with Image.open(io.BytesIO(write_png(rgba, {}))) as image:
        image.load()
        assert image.mode == ("RGB" if opaque else "RGBA")
        assert np.array_equal(np.asarray(image.convert("RGBA")), rgba)


def test_a_large_image_is_deflated_in_several_slices_and_still_one_valid_stream():
    rgba = noise_image(1000, 900, True)
    assert 1000 * (900 * 3 + 1) > 2 * SLICE_BYTES
    png = write_png(rgba, {})
    offset, stream = 8, b""
    while offset < len(png):
        length = int.from_bytes(png[offset:offset + 4], "big")
        kind, body = png[offset + 4:offset + 8], png[offset + 8:offset + 8 + length]
        assert int.from_bytes(png[offset + 8 + length:offset + 12 + length], "big") == \
            zlib.crc32(kind + body)
        if kind == b"IDAT":
            stream += body
        offset += 12 + length
    raw = zlib.decompress(stream)  # checks the adler32 of the whole
    assert len(raw) == 1000 * (900 * 3 + 1)
    stride = 900 * 3 + 1
    assert {raw[row * stride] for row in range(1000)} == {2}  # "Up" on every row
    assert raw[1:stride] == rgba[0, :, :3].tobytes()  # the first row has zeros above it


def test_text_chunks_round_trip_in_pillow_and_in_our_reader():
    text = {"campaign": "kawasaki-2021", "name": "川崎市 生ごみ", "seed": "2021"}
    png = write_png(noise_image(8, 8, True), text)
    assert read_png_text(png) == text
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.text == text


def test_bytes_do_not_depend_on_the_thread_count():
    rgba = noise_image(1000, 900, True)
    before = numba.get_num_threads()
    try:
        digests = set()
        for threads in sorted({1, numba.config.NUMBA_NUM_THREADS}):
            numba.set_num_threads(threads)
            digests.add(write_png(rgba, {"seed": "1"}))
    finally:
        numba.set_num_threads(before)
    assert len(digests) == 1


def test_reader_refuses_what_is_not_a_png():
    with pytest.raises(ValueError, match="not a PNG file"):
        read_png_text(b"GIF89a")
