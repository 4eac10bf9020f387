"""The embedded IPFS backend: a content-addressed block store in a folder, with a pin set.

Why on disk and not in a database: blocks are immutable files named by CID, so a crash can
at worst leave a temporary file, never a half-written block. Layout (like Kubo's flatfs
``next-to-last/2`` sharding, so no folder grows huge)::

    ROOT/blocks/<2 chars before the last>/<cid>   one file per block, CIDv1 text as name
    ROOT/pins.json                                {"pins": [cid, ...]}

Every write is a temp file in the same folder, fsynced, then ``os.replace``d into place.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from artgen import car, unixfs
from artgen.files import atomic_open
from artgen.multiformats import CID
from artgen.unixfs import CorruptBlockError, MissingBlockError


class LocalBlockStore:
    """Blocks and pins under one folder; the default backend (nothing to install)."""

    name = "local"

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.blocks_dir = self.root / "blocks"
        self.pins_path = self.root / "pins.json"
        self.blocks_dir.mkdir(parents=True, exist_ok=True)

    # --- blocks ---

    def _path(self, cid: CID) -> Path:
        key = str(cid.to_v1())
        return self.blocks_dir / key[-3:-1] / key

    def has(self, cid: CID) -> bool:
        return self._path(cid).is_file()

    def put_block(self, cid: CID, block: bytes) -> None:
        """Store one block after checking it hashes to ``cid``."""
        if not cid.verify(block):
            raise CorruptBlockError(cid)
        path = self._path(cid)
        if not path.is_file():
            with atomic_open(path) as out:
                out.write(block)

    def get_block(self, cid: CID) -> bytes:
        """One block, re-checked against its CID (disks and copies do rot)."""
        try:
            block = self._path(cid).read_bytes()
        except FileNotFoundError:
            raise MissingBlockError(cid) from None
        if not cid.verify(block):
            raise CorruptBlockError(cid)
        return block

    def put_dag(self, root: CID, blocks: Mapping[CID, bytes]) -> None:
        """Store a DAG; refuses one whose blocks are corrupt or that misses a block under ``root``."""
        for cid, block in blocks.items():
            if not cid.verify(block):
                raise CorruptBlockError(cid)

        def lookup(cid: CID) -> bytes:
            return blocks[cid] if cid in blocks else self.get_block(cid)

        for _ in unixfs.iter_dag(root, lookup):
            pass
        for cid, block in blocks.items():
            self.put_block(cid, block)

    def add_file(self, path: str | Path, profile: str = unixfs.DEFAULT_PROFILE) -> CID:
        """Import a file straight into the store, streaming (for files too big for memory)."""
        prof = unixfs.get_profile(profile)
        with open(path, "rb") as stream:
            pieces = iter(lambda: stream.read(prof.chunk_size), b"")
            cid, _ = unixfs.add_stream(pieces, prof, self.put_block)
        return cid

    # --- pins ---

    def pins(self) -> set[CID]:
        """The pinned roots."""
        try:
            data = json.loads(self.pins_path.read_text())
        except FileNotFoundError:
            return set()
        return {CID.parse(text) for text in data["pins"]}

    def pin(self, root: CID) -> None:
        """Pin ``root`` once its whole DAG is present and every block checks out."""
        for _ in unixfs.iter_dag(root, self.get_block):
            pass
        pins = self.pins() | {root}
        body = json.dumps({"pins": sorted(str(p) for p in pins)}, indent=1) + "\n"
        with atomic_open(self.pins_path) as out:
            out.write(body.encode())

    def is_pinned(self, root: CID) -> bool:
        return root in self.pins()

    # --- content ---

    def cat(self, cid: CID) -> bytes:
        """A file's bytes; every block is re-hashed, a corrupt one raises naming its CID."""
        return b"".join(unixfs.iter_file(cid, self.get_block))

    def export_car(self, root: CID, path: Path) -> None:
        """Write the DAG under ``root`` as CAR v1 (``ipfs dag export`` order), atomically."""
        with atomic_open(Path(path)) as out:
            car.export_car(out, root, self.get_block)

    def import_car(self, stream: BinaryIO) -> list[CID]:
        """Store every block of a CAR (each checked); return its roots. Pins nothing."""
        roots, blocks = car.read_car(stream)
        for cid, block in blocks:
            self.put_block(cid, block)
        return roots
