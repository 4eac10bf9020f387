"""UnixFS importer and reader whose CIDs equal Kubo's ``ipfs add``, in pure Python.

Why by hand: the project publishes artwork CIDs that collectors re-derive, and no daemon runs
in the embedded default. Two profiles (IPIP-499, https://specs.ipfs.tech/ipips/ipip-0499/):

* ``kubo-default`` (IPIP-499's ``unixfs-v0-2015``): CIDv0, dag-pb leaves, 256 KiB chunks,
  174 links per node.
* ``unixfs-v1-2025``: CIDv1, raw leaves, 1 MiB chunks, 1,024 links per node.

Both use boxo's ``balanced`` layout: the first leaf is the root until a second chunk arrives;
then each full tree of depth d becomes the first child of a new root of depth d+1, and the
rest is filled left to right, so every leaf sits at the same depth and a trailing internal
node may have a single child. That is the same as packing each level into groups of
``max_links`` while keeping every leaf at one depth, which is what the streaming builder below does.

Wire format (https://ipld.io/specs/codecs/dag-pb/spec/): PBNode Links (field 2) are written
before Data (field 1); PBLink is Hash=1, Name=2, Tsize=3, and Kubo writes Name even when it is
empty (file chunks). UnixFS Data is Type=1, Data=2, filesize=3, blocksizes=4 (unpacked).
A link's Tsize is the cumulative serialized size of the child's whole sub-DAG.

Directories are basic (not HAMT-sharded): links sorted by name bytes. A directory over the
profile's HAMT threshold (256 KiB, ``links-bytes`` for v0, ``block-bytes`` for v1) is refused
rather than given a CID Kubo would not produce.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Union

from artgen.errors import ArtgenError
from artgen.multiformats import (
    DAG_PB,
    RAW,
    SHA2_256,
    SHA2_256_LENGTH,
    CID,
    decode_varint,
    encode_varint,
)

# UnixFS Data.Type values.
DIRECTORY = 1
FILE = 2
HAMT_SHARD = 5

HAMT_THRESHOLD = 262_144


class DagError(ArtgenError, ValueError):
    """A DAG cannot be built or read: bad entry, missing or corrupt block, unsupported node."""


class CorruptBlockError(DagError):
    """A block's bytes do not hash to the CID it was fetched by."""

    def __init__(self, cid: CID):
        self.cid = cid
        super().__init__(f"block {cid} is corrupt: its bytes do not hash to its CID")


class MissingBlockError(DagError):
    """A block the DAG links to is not available."""

    def __init__(self, cid: CID):
        self.cid = cid
        super().__init__(f"block {cid} is missing")


@dataclass(frozen=True)
class Profile:
    """The import parameters that decide a CID (IPIP-499's table)."""

    name: str
    cid_version: int
    chunk_size: int
    max_links: int
    raw_leaves: bool
    hamt_estimate: str  # "links-bytes" or "block-bytes"


PROFILES: dict[str, Profile] = {
    "kubo-default": Profile("kubo-default", 0, 262_144, 174, False, "links-bytes"),
    "unixfs-v1-2025": Profile("unixfs-v1-2025", 1, 1_048_576, 1024, True, "block-bytes"),
}
DEFAULT_PROFILE = "kubo-default"


def get_profile(name: str | Profile) -> Profile:
    """Look a profile up by name; a wrong name is a ValueError listing the allowed ones."""
    if isinstance(name, Profile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        allowed = ", ".join(PROFILES)
        raise ValueError(f"unknown IPFS profile {name!r}; allowed: {allowed}") from None


@dataclass(frozen=True)
class Link:
    """A dag-pb link: target, name (empty for file chunks) and cumulative size."""

    cid: CID
    name: str
    tsize: int


@dataclass(frozen=True)
class PBNode:
    """A decoded dag-pb node."""

    links: tuple[Link, ...]
    data: bytes | None


@dataclass(frozen=True)
class UnixFSData:
    """The decoded UnixFS message inside a dag-pb node's Data."""

    type: int
    data: bytes = b""
    filesize: int | None = None
    blocksizes: tuple[int, ...] = ()


@dataclass
class ImportResult:
    """Root CID, every block of the DAG (leaves first, root last), content and DAG sizes."""

    cid: CID
    blocks: dict[CID, bytes]
    size: int
    dag_size: int


Sink = Callable[[CID, bytes], None]
Entries = Mapping[str, Union[bytes, "Entries"]]


# --- protobuf encoding -------------------------------------------------------------------


def _key(field_number: int, wire_type: int) -> bytes:
    return encode_varint(field_number << 3 | wire_type)


def _varint_field(field_number: int, value: int) -> bytes:
    return _key(field_number, 0) + encode_varint(value)


def _bytes_field(field_number: int, value: bytes) -> bytes:
    return _key(field_number, 2) + encode_varint(len(value)) + value


def encode_unixfs(
    type_: int, data: bytes | None = None, filesize: int | None = None, blocksizes: Iterable[int] = ()
) -> bytes:
    """Serialize a UnixFS Data message (fields in number order, as Go's protobuf does)."""
    out = [_varint_field(1, type_)]
    if data is not None:
        out.append(_bytes_field(2, data))
    if filesize is not None:
        out.append(_varint_field(3, filesize))
    out.extend(_varint_field(4, size) for size in blocksizes)
    return b"".join(out)


def encode_pbnode(links: Iterable[Link], data: bytes | None) -> bytes:
    """Serialize a dag-pb node: Links first, then Data (the dag-pb canonical order)."""
    out = []
    for link in links:
        body = (
            _bytes_field(1, bytes(link.cid)) + _bytes_field(2, link.name.encode("utf-8")) + _varint_field(3, link.tsize)
        )
        out.append(_bytes_field(2, body))
    if data is not None:
        out.append(_bytes_field(1, data))
    return b"".join(out)


def _fields(buf: bytes | memoryview) -> Iterator[tuple[int, int | memoryview]]:
    """Yield ``(field number, value)``; varints as int, length-delimited as memoryview."""
    view = memoryview(buf)
    pos = 0
    while pos < len(view):
        key, pos = decode_varint(view, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = decode_varint(view, pos)
            yield number, value
        elif wire == 2:
            length, pos = decode_varint(view, pos)
            if pos + length > len(view):
                raise DagError(f"truncated protobuf field {number}")
            yield number, view[pos : pos + length]
            pos += length
        else:
            raise DagError(f"unsupported protobuf wire type {wire} in field {number}")


def decode_pbnode(block: bytes | memoryview) -> PBNode:
    """Parse a dag-pb block."""
    links = []
    data = None
    for number, value in _fields(block):
        if number == 2 and isinstance(value, memoryview):
            cid, name, tsize = None, "", 0
            for sub, subvalue in _fields(value):
                if sub == 1 and isinstance(subvalue, memoryview):
                    cid = CID.from_bytes(subvalue)
                elif sub == 2 and isinstance(subvalue, memoryview):
                    name = bytes(subvalue).decode("utf-8")
                elif sub == 3 and isinstance(subvalue, int):
                    tsize = subvalue
            if cid is None:
                raise DagError("dag-pb link without a Hash")
            links.append(Link(cid, name, tsize))
        elif number == 1 and isinstance(value, memoryview):
            data = bytes(value)
        else:
            raise DagError(f"unexpected dag-pb field {number}")
    return PBNode(tuple(links), data)


def decode_unixfs(data: bytes | None) -> UnixFSData:
    """Parse the UnixFS message of a dag-pb node."""
    if not data:
        raise DagError("dag-pb node has no UnixFS data")
    values: dict[int, object] = {}
    blocksizes: list[int] = []
    for number, value in _fields(data):
        if number == 4 and isinstance(value, int):
            blocksizes.append(value)
        else:
            values[number] = value
    type_ = values.get(1)
    if not isinstance(type_, int):
        raise DagError("UnixFS data has no Type")
    raw = values.get(2)
    filesize = values.get(3)
    return UnixFSData(
        type_,
        bytes(raw) if isinstance(raw, memoryview) else b"",
        filesize if isinstance(filesize, int) else None,
        tuple(blocksizes),
    )


# --- file import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Child:
    cid: CID
    tsize: int
    filesize: int


def _put(version: int, codec: int, parts: tuple[bytes | memoryview, ...], sink: Sink | None) -> tuple[CID, int]:
    """Hash a block given as parts; hand it to ``sink`` only if one wants the bytes."""
    if sink is None:
        hasher = hashlib.sha256()
        for part in parts:
            hasher.update(part)
        size = sum(len(part) for part in parts)
    else:
        block = b"".join(parts)
        hasher = hashlib.sha256(block)
        size = len(block)
    cid = CID(version, codec, bytes((SHA2_256, SHA2_256_LENGTH)) + hasher.digest())
    if sink is not None:
        sink(cid, block)
    return cid, size


@dataclass
class _FileBuilder:
    """Streaming balanced-layout builder; holds at most ``max_links`` links per level."""

    profile: Profile
    sink: Sink | None
    levels: list[list[_Child]] = field(default_factory=lambda: [[]])

    def add_chunk(self, chunk: bytes | memoryview) -> None:
        self._push(0, self._leaf(chunk))

    def finish(self) -> _Child:
        if not self.levels[0] and len(self.levels) == 1:
            self.levels[0].append(self._leaf(b""))
        depth = 0
        while True:
            top = depth == len(self.levels) - 1
            if top and len(self.levels[depth]) == 1:
                return self.levels[depth][0]
            self._push(depth + 1, self._internal(self.levels[depth]))
            self.levels[depth] = []
            depth += 1

    def _push(self, depth: int, child: _Child) -> None:
        if depth == len(self.levels):
            self.levels.append([])
        level = self.levels[depth]
        if len(level) == self.profile.max_links:
            self._push(depth + 1, self._internal(level))
            level = self.levels[depth] = []
        level.append(child)

    def _leaf(self, chunk: bytes | memoryview) -> _Child:
        size = len(chunk)
        if self.profile.raw_leaves:
            cid, _ = _put(1, RAW, (chunk,), self.sink)
            return _Child(cid, size, size)
        if size:
            unixfs_head = b"\x08\x02" + _key(2, 2) + encode_varint(size)
            unixfs_tail = _varint_field(3, size)
        else:  # Kubo leaves Data out of an empty file's node but keeps filesize=0
            unixfs_head, unixfs_tail = b"\x08\x02", _varint_field(3, 0)
        unixfs_len = len(unixfs_head) + size + len(unixfs_tail)
        head = _key(1, 2) + encode_varint(unixfs_len) + unixfs_head
        cid, block_size = _put(self.profile.cid_version, DAG_PB, (head, chunk, unixfs_tail), self.sink)
        return _Child(cid, block_size, size)

    def _internal(self, children: list[_Child]) -> _Child:
        filesize = sum(c.filesize for c in children)
        data = encode_unixfs(FILE, filesize=filesize, blocksizes=[c.filesize for c in children])
        block = encode_pbnode((Link(c.cid, "", c.tsize) for c in children), data)
        cid, size = _put(self.profile.cid_version, DAG_PB, (block,), self.sink)
        return _Child(cid, size + sum(c.tsize for c in children), filesize)


def _rechunk(pieces: Iterable[bytes | bytearray | memoryview], size: int) -> Iterator[memoryview]:
    """Cut a stream of byte pieces of any length into ``size``-byte chunks (last may be short).

    Whole chunks are views into the pieces (no copy); only bytes that straddle two pieces are
    buffered.
    """
    buffer = bytearray()
    for piece in pieces:
        view = memoryview(piece).cast("B")
        if buffer:
            taken = size - len(buffer)
            buffer += view[:taken]
            view = view[taken:]
            if len(buffer) < size:
                continue
            yield memoryview(bytes(buffer))
            buffer.clear()
        whole = len(view) - len(view) % size
        for start in range(0, whole, size):
            yield view[start : start + size]
        buffer += view[whole:]
    if buffer:
        yield memoryview(bytes(buffer))


def _import_chunks(chunks: Iterable[bytes | memoryview], profile: Profile, sink: Sink | None) -> _Child:
    builder = _FileBuilder(profile, sink)
    for chunk in chunks:
        builder.add_chunk(chunk)
    return builder.finish()


def _slices(data: bytes | bytearray | memoryview, size: int) -> Iterator[memoryview]:
    """Fixed-size chunks of in-memory data, as views (no copies)."""
    view = memoryview(data).cast("B")
    return (view[i : i + size] for i in range(0, len(view), size))


def add_bytes(data: bytes | bytearray | memoryview, profile: str | Profile = DEFAULT_PROFILE) -> ImportResult:
    """Import one file's bytes; the result holds every block of its DAG."""
    prof = get_profile(profile)
    blocks: dict[CID, bytes] = {}
    root = _import_chunks(_slices(data, prof.chunk_size), prof, blocks.__setitem__)
    return ImportResult(root.cid, blocks, memoryview(data).nbytes, root.tsize)


def add_stream(
    pieces: Iterable[bytes | bytearray | memoryview],
    profile: str | Profile = DEFAULT_PROFILE,
    sink: Sink | None = None,
) -> tuple[CID, int]:
    """Import a file from byte pieces of any size without holding it in memory.

    Blocks go to ``sink`` as they are made (leaves before their parents); with no sink only
    the CID is computed. Returns the root CID and the DAG's cumulative size.
    """
    prof = get_profile(profile)
    root = _import_chunks(_rechunk(pieces, prof.chunk_size), prof, sink)
    return root.cid, root.tsize


def _read_pieces(stream: BinaryIO, size: int) -> Iterator[bytes]:
    while piece := stream.read(size):
        yield piece


def file_cid(path: str | Path, profile: str | Profile = DEFAULT_PROFILE) -> str:
    """The CID ``ipfs add`` would print for a file, streamed (for ``python -m artgen cid``)."""
    prof = get_profile(profile)
    with open(path, "rb") as stream:
        cid, _ = add_stream(_read_pieces(stream, prof.chunk_size), prof)
    return str(cid)


# --- directories -------------------------------------------------------------------------


def _check_name(name: str, where: str) -> None:
    if not isinstance(name, str) or name in ("", ".", "..") or "/" in name or "\0" in name:
        raise DagError(f"{where}: invalid entry name {name!r}")


def _hamt_estimate(profile: Profile, links: list[Link], block: bytes) -> int:
    if profile.hamt_estimate == "links-bytes":
        return sum(len(link.name.encode("utf-8")) + len(bytes(link.cid)) for link in links)
    return len(block)


def _import_directory(entries: Entries, profile: Profile, sink: Sink, where: str) -> tuple[_Child, int]:
    links = []
    content = 0
    for name, value in entries.items():
        _check_name(name, where or "/")
        path = f"{where}/{name}"
        if isinstance(value, Mapping):
            child, size = _import_directory(value, profile, sink, path)
        elif isinstance(value, (bytes, bytearray, memoryview)):
            child, size = _import_chunks(_slices(value, profile.chunk_size), profile, sink), memoryview(value).nbytes
        else:
            raise DagError(f"{path}: entry must be bytes or a mapping, got {type(value).__name__}")
        links.append(Link(child.cid, name, child.tsize))
        content += size
    links.sort(key=lambda link: link.name.encode("utf-8"))
    block = encode_pbnode(links, encode_unixfs(DIRECTORY))
    estimate = _hamt_estimate(profile, links, block)
    if estimate > HAMT_THRESHOLD:
        raise DagError(
            f"{where or '/'}: directory of {len(links)} entries is {estimate} bytes ({profile.hamt_estimate}), "
            f"over the {HAMT_THRESHOLD}-byte HAMT threshold; Kubo would shard it and sharding is not supported"
        )
    cid, size = _put(profile.cid_version, DAG_PB, (block,), sink)
    return _Child(cid, size + sum(link.tsize for link in links), 0), content


def add_directory(entries: Entries, profile: str | Profile = DEFAULT_PROFILE) -> ImportResult:
    """Import a tree given as ``{name: bytes | {name: ...}}``, like ``ipfs add -r --hidden``."""
    prof = get_profile(profile)
    blocks: dict[CID, bytes] = {}
    root, content = _import_directory(entries, prof, blocks.__setitem__, "")
    return ImportResult(root.cid, blocks, content, root.tsize)


# --- reading -----------------------------------------------------------------------------

GetBlock = Callable[[CID], bytes]


def checked_block(cid: CID, get_block: GetBlock) -> bytes:
    """Fetch a block and check that it hashes to its CID."""
    block = get_block(cid)
    if not cid.verify(block):
        raise CorruptBlockError(cid)
    return block


def iter_file(cid: CID, get_block: GetBlock) -> Iterator[bytes]:
    """Yield a UnixFS file's content in order, checking every block's hash."""
    block = checked_block(cid, get_block)
    if cid.codec == RAW:
        yield block
        return
    node = decode_pbnode(block)
    meta = decode_unixfs(node.data)
    if meta.type != FILE:
        raise DagError(f"{cid} is not a UnixFS file (type {meta.type})")
    if node.links and len(node.links) != len(meta.blocksizes):
        raise DagError(f"{cid}: {len(node.links)} links but {len(meta.blocksizes)} blocksizes")
    if meta.data:
        yield meta.data
    for link in node.links:
        yield from iter_file(link.cid, get_block)


def read_tree(cid: CID, get_block: GetBlock) -> bytes | dict[str, object]:
    """Rebuild what was imported: a file's bytes, or a directory as nested ``{name: ...}``."""
    if cid.codec == RAW:
        return checked_block(cid, get_block)
    node = decode_pbnode(checked_block(cid, get_block))
    meta = decode_unixfs(node.data)
    if meta.type == DIRECTORY:
        return {link.name: read_tree(link.cid, get_block) for link in node.links}
    if meta.type == FILE:
        return b"".join(iter_file(cid, get_block))
    raise DagError(f"{cid}: UnixFS type {meta.type} is not supported (only files and basic directories)")


def iter_dag(root: CID, get_block: GetBlock) -> Iterator[tuple[CID, bytes]]:
    """Every block reachable from ``root``, root first, depth-first, each once (``ipfs dag export`` order)."""
    seen: set[CID] = set()
    stack = [root]
    while stack:
        cid = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        block = checked_block(cid, get_block)
        yield cid, block
        if cid.codec == DAG_PB:
            stack.extend(link.cid for link in reversed(decode_pbnode(block).links))
        elif cid.codec != RAW:
            raise DagError(f"{cid}: codec 0x{cid.codec:x} is not dag-pb or raw")
