"""CAR v1 writing and reading, checked against a published CAR and by round trips."""

from __future__ import annotations

import io

import pytest

from artgen.car import CarError, decode_header, encode_header, export_car, read_car, write_car
from artgen.multiformats import CID
from artgen.unixfs import CorruptBlockError, add_bytes, add_directory, decode_pbnode

# A one-block CAR of "hello world\n" (CIDv0 QmT78zSu...), as published in the test suite of an
# nginx IPFS module (found through the code search); it is what `ipfs dag export` writes.
HELLO_CAR = bytes.fromhex(
    "38a265726f6f747381d82a582300122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba4576"
    "8b4c0e6776657273696f6e0136122046d44814b9c5af141c3aaab7c05dc5e844ead5f91f12858b021eba45768b"
    "4c0e0a120802120c68656c6c6f20776f726c640a180c"
)


def test_hello_world_car_is_byte_identical_to_published_one() -> None:
    result = add_bytes(b"hello world\n", "kubo-default")
    out = io.BytesIO()
    written = export_car(out, result.cid, result.blocks.__getitem__)
    assert out.getvalue() == HELLO_CAR
    assert written == len(HELLO_CAR)


def test_header_matches_published_go_car_header() -> None:
    # decode_carv1_header_basic in a Rust CAR crate: roots [QmUU2HcU...], version 1.
    expected = bytes.fromhex(
        "a265726f6f747381d82a58230012205b0995ced69229d26009c53c185a62ea805a339383521edbed1028c4966154486776657273696f6e01"
    )
    root = CID.parse("QmUU2HcUBVSXkfWPUc3WUSeCMrWWeEJTuAgR9uyWBhh9Nf")
    assert encode_header([root]) == expected
    assert decode_header(expected) == [root]


def test_v1_root_header_round_trips() -> None:
    root = add_bytes(b"x" * 3_000_000, "unixfs-v1-2025").cid
    assert decode_header(encode_header([root])) == [root]


def test_export_is_root_first_depth_first_without_repeats() -> None:
    same = b"same bytes"
    result = add_directory({"a": same, "b": {"c": same, "d": b"other"}}, "kubo-default")
    out = io.BytesIO()
    export_car(out, result.cid, result.blocks.__getitem__)
    out.seek(0)
    roots, blocks = read_car(out)
    order = [cid for cid, _ in blocks]
    assert roots == [result.cid]
    root_links = decode_pbnode(result.blocks[result.cid]).links
    sub_links = decode_pbnode(result.blocks[root_links[1].cid]).links
    # root, a (same), b, b/c is the same block as a (skipped), b/d
    assert order == [result.cid, root_links[0].cid, root_links[1].cid, sub_links[1].cid]
    assert set(order) == set(result.blocks)


def test_car_round_trips_a_multi_level_file() -> None:
    result = add_bytes(bytes(range(256)) * 200_000, "kubo-default")
    out = io.BytesIO()
    write_car(out, [result.cid], result.blocks.items())
    out.seek(0)
    roots, blocks = read_car(out)
    assert roots == [result.cid]
    assert dict(blocks) == result.blocks


def test_reading_a_tampered_block_names_its_cid() -> None:
    tampered = HELLO_CAR[:-3] + b"X" + HELLO_CAR[-2:]
    _, blocks = read_car(io.BytesIO(tampered))
    with pytest.raises(CorruptBlockError) as err:
        list(blocks)
    assert str(err.value) == (
        "block QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o is corrupt: its bytes do not hash to its CID"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "CAR file has no valid header"),
        (b"\x05\xa1", "CAR file ends inside the header: wanted 5 bytes, got 1"),
        (bytes([11]) + bytes.fromhex("a16776657273696f6e02") + b"\0", "CAR header is not a single dag-cbor map"),
        (bytes([10]) + bytes.fromhex("a16776657273696f6e02"), "unsupported CAR version 2 (only 1)"),
        (HELLO_CAR[:-5], "CAR file ends inside a block: wanted 54 bytes, got 49"),
    ],
)
def test_malformed_car_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(CarError) as err:
        _, blocks = read_car(io.BytesIO(data))
        list(blocks)
    assert str(err.value) == message
