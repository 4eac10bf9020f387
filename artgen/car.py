"""CAR v1 archives (https://ipld.io/specs/transport/car/carv1/): a DAG in one file.

Why: a CAR lets anyone import the artwork's exact blocks into any IPFS node
(``ipfs dag import art.car``) and check every block against its CID offline.

Layout: ``varint(len(header)) header`` then, per block, ``varint(len(cid)+len(block)) cid block``.
The header is dag-cbor ``{"roots": [cid, ...], "version": 1}``, encoded here by hand: keys in
dag-cbor's length-first order, each CID as tag 42 over a byte string ``0x00 + cid bytes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from artgen.multiformats import CID, decode_varint, encode_varint
from artgen.unixfs import CorruptBlockError, DagError, GetBlock, iter_dag

_CID_TAG = 42
_MAX_HEADER = 1 << 20
_MAX_SECTION = 1 << 26  # 64 MiB; real blocks are at most a few MiB


class CarError(DagError):
    """A CAR file is malformed."""


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes((major << 5 | value,))
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes((major << 5 | extra,)) + value.to_bytes(size, "big")
    raise ValueError(f"CBOR argument too large: {value}")


def _cbor_text(text: str) -> bytes:
    raw = text.encode("utf-8")
    return _cbor_head(3, len(raw)) + raw


def encode_header(roots: Iterable[CID]) -> bytes:
    """The dag-cbor CAR v1 header for ``roots``."""
    roots = list(roots)
    out = [_cbor_head(5, 2), _cbor_text("roots"), _cbor_head(4, len(roots))]
    for root in roots:
        raw = b"\0" + bytes(root)
        out += [_cbor_head(6, _CID_TAG), _cbor_head(2, len(raw)), raw]
    out += [_cbor_text("version"), _cbor_head(0, 1)]
    return b"".join(out)


@dataclass
class _Cbor:
    """Just enough of a dag-cbor decoder for a CAR header (maps, arrays, text, bytes, uints, tag 42)."""

    data: bytes
    pos: int = 0

    def _arg(self, info: int) -> int:
        if info < 24:
            return info
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None or self.pos + size > len(self.data):
            raise CarError("CAR header: unsupported or truncated CBOR item")
        value = int.from_bytes(self.data[self.pos : self.pos + size], "big")
        self.pos += size
        return value

    def item(self) -> object:
        if self.pos >= len(self.data):
            raise CarError("CAR header: truncated CBOR")
        first = self.data[self.pos]
        self.pos += 1
        major, value = first >> 5, self._arg(first & 31)
        if major == 0:
            return value
        if major in (2, 3):
            raw = self.data[self.pos : self.pos + value]
            if len(raw) != value:
                raise CarError("CAR header: truncated CBOR string")
            self.pos += value
            return raw if major == 2 else raw.decode("utf-8")
        if major == 4:
            return [self.item() for _ in range(value)]
        if major == 5:
            return {self.item(): self.item() for _ in range(value)}
        if major == 6 and value == _CID_TAG:
            tagged = self.item()
            if not isinstance(tagged, bytes) or tagged[:1] != b"\0":
                raise CarError("CAR header: CID tag without a 0x00-prefixed byte string")
            return CID.from_bytes(tagged[1:])
        raise CarError(f"CAR header: unsupported CBOR major type {major}")


def decode_header(data: bytes) -> list[CID]:
    """Parse a CAR v1 header; return its roots."""
    decoder = _Cbor(data)
    header = decoder.item()
    if decoder.pos != len(data) or not isinstance(header, dict):
        raise CarError("CAR header is not a single dag-cbor map")
    if header.get("version") != 1:
        raise CarError(f"unsupported CAR version {header.get('version')!r} (only 1)")
    roots = header.get("roots")
    if not isinstance(roots, list) or not all(isinstance(r, CID) for r in roots):
        raise CarError("CAR header roots must be a list of CIDs")
    return roots


def write_car(out: BinaryIO, roots: Iterable[CID], blocks: Iterable[tuple[CID, bytes]]) -> int:
    """Write a CAR v1 stream; return the number of bytes written."""
    header = encode_header(roots)
    written = out.write(encode_varint(len(header)) + header)
    for cid, block in blocks:
        raw = bytes(cid)
        written += out.write(encode_varint(len(raw) + len(block)) + raw)
        written += out.write(block)
    return written


def export_car(out: BinaryIO, root: CID, get_block: GetBlock) -> int:
    """Write the DAG under ``root`` as ``ipfs dag export`` does: root first, depth-first, no repeats."""
    return write_car(out, [root], iter_dag(root, get_block))


def _read_varint(stream: BinaryIO) -> int | None:
    raw = bytearray()
    while True:
        byte = stream.read(1)
        if not byte:
            if raw:
                raise CarError("CAR file ends inside a section length")
            return None
        raw += byte
        if not byte[0] & 0x80:
            return decode_varint(raw)[0]
        if len(raw) > 9:
            raise CarError("CAR section length is too long a varint")


def _read_exact(stream: BinaryIO, size: int, what: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise CarError(f"CAR file ends inside {what}: wanted {size} bytes, got {len(data)}")
    return data


def read_car(stream: BinaryIO) -> tuple[list[CID], Iterator[tuple[CID, bytes]]]:
    """Read a CAR v1 stream: its roots, and an iterator of blocks, each checked against its CID."""
    length = _read_varint(stream)
    if length is None or not 0 < length <= _MAX_HEADER:
        raise CarError("CAR file has no valid header")
    roots = decode_header(_read_exact(stream, length, "the header"))

    def blocks() -> Iterator[tuple[CID, bytes]]:
        while (size := _read_varint(stream)) is not None:
            if size > _MAX_SECTION:
                raise CarError(f"CAR section of {size} bytes is too large")
            section = _read_exact(stream, size, "a block")
            cid, start = CID.read(section, 0)
            block = section[start:]
            if not cid.verify(block):
                raise CorruptBlockError(cid)
            yield cid, block

    return roots, blocks()
