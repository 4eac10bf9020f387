"""Verification of a published directory, by anyone holding only the published files.

Each check says what it compared and, when it fails, what differs. Nothing here needs the
program's private data: the art is re-rendered from dataset.json, CIDs are recomputed from the
bytes, the Merkle root from the dataset's rows.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from . import unixfs
from .dataset import LEAF_ENCODING, DatasetError, load_dataset, published_root, weight
from .merkle import MerkleError, StandardMerkleTree
from .png import read_png_text
from .publish import PUBLISHED_FILES, TILES, render_dataset
from .render import RENDERER_VERSION, records_hash
from .tiles import deep_zoom


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def profile_of(cid: str) -> str:
    """The import profile a CID was made with: CIDv0 is Kubo's default, CIDv1 IPIP-499's."""
    return "kubo-default" if cid.startswith("Qm") else "unixfs-v1-2025"


def _ipfs(uri: str) -> str:
    return uri.removeprefix("ipfs://")


def _attribute(metadata: dict, trait: str) -> object:
    for a in metadata.get("attributes", []):
        if a.get("trait_type") == trait:
            return a.get("value")
    return None


def _first_difference(a: bytes, b: bytes) -> str:
    if len(a) != len(b):
        return f"{len(a)} bytes published, {len(b)} re-rendered"
    diff = np.flatnonzero(np.frombuffer(a, np.uint8) != np.frombuffer(b, np.uint8))
    return f"{diff.size} byte(s) differ, first at offset {int(diff[0])}"


def _compare_images(published: bytes, rendered: bytes) -> str:
    """Say how a published PNG differs from the re-render: encoding, bytes or pixels."""
    try:
        with Image.open(io.BytesIO(published)) as image:
            pixels = np.asarray(image.convert("RGBA"))
    except (OSError, SyntaxError, ValueError) as error:
        return f"artwork.png is not a readable PNG ({error}); {_first_difference(published, rendered)}"
    with Image.open(io.BytesIO(rendered)) as image:
        expected = np.asarray(image.convert("RGBA"))
    if pixels.shape != expected.shape:
        return f"artwork.png is {pixels.shape[1]}x{pixels.shape[0]}, the re-render " \
               f"{expected.shape[1]}x{expected.shape[0]}"
    bad = np.argwhere(np.any(pixels != expected, axis=2))
    if bad.size == 0:
        return f"same pixels, different file bytes: {_first_difference(published, rendered)}"
    y, x = (int(v) for v in bad[0])
    return f"{len(bad)} pixel(s) differ from the re-render, first at ({x}, {y})"


def read_folder(path: Path) -> bytes | dict:
    """A file's bytes, or a folder as nested {name: bytes | folder}."""
    if path.is_dir():
        return {child.name: read_folder(child) for child in sorted(path.iterdir())}
    return path.read_bytes()


def verify_directory(path: str | Path, expected_cid: str | None = None) -> list[Check]:
    """Every check of a published directory; the caller fails if any is not ok."""
    path = Path(path)
    checks: list[Check] = []
    missing = [name for name in PUBLISHED_FILES if not (path / name).is_file()]
    if missing:
        return [Check("files", False, f"{path}: missing {', '.join(missing)}")]
    files = {name: (path / name).read_bytes() for name in PUBLISHED_FILES}
    try:
        metadata = json.loads(files["metadata.json"])
        dataset = load_dataset(path / "dataset.json")
    except (json.JSONDecodeError, DatasetError) as error:
        return [Check("files", False, str(error))]
    image_cid = _ipfs(str(metadata.get("image", "")))
    profile = profile_of(image_cid)

    got = str(unixfs.add_bytes(files["artwork.png"], profile).cid)
    checks.append(Check("image CID", got == image_cid,
                        f"artwork.png is {got}" + ("" if got == image_cid else
                                                   f", but metadata.json says ipfs://{image_cid}")))
    stated = _ipfs(str(metadata.get("properties", {}).get("dataset", "")))
    got = str(unixfs.add_bytes(files["dataset.json"], profile).cid)
    checks.append(Check("dataset CID", got == stated,
                        f"dataset.json is {got}" + ("" if got == stated else
                                                    f", but metadata.json says ipfs://{stated}")))

    root = dataset.tree().root
    in_dataset = published_root(path / "dataset.json")
    in_metadata = _attribute(metadata, "Merkle root")
    ok = root == in_dataset == in_metadata
    checks.append(Check("Merkle root", ok, f"recomputed from {len(dataset.pieces)} pieces: {root}"
                        + ("" if ok else f"; dataset.json states {in_dataset}, metadata.json "
                                         f"states {in_metadata}")))

    try:
        text = read_png_text(files["artwork.png"])  # text chunks precede the pixel data
    except (OSError, SyntaxError, ValueError):
        text = {}
    want = records_hash(dataset.pieces)
    checks.append(Check("records hash", text.get("records-sha256") == want,
                        f"dataset.json hashes to {want}" + (
                            "" if text.get("records-sha256") == want else
                            f", artwork.png says {text.get('records-sha256')}")))

    renderer = str(dataset.art.get("renderer", ""))
    tiles = {name: read_folder(path / name) for name in TILES if (path / name).exists()}
    if renderer != RENDERER_VERSION:  # another renderer's pixels are not ours to reproduce
        checks.append(Check("re-render", False, f"dataset.json was made by renderer "
                            f"{renderer or '(none named)'}, this is {RENDERER_VERSION}: verify "
                            "with the artgen release that made it"))
    else:
        artwork = render_dataset(dataset)
        rendered = artwork.png_bytes()
        same = rendered == files["artwork.png"]
        checks.append(Check("re-render", same,
                            f"artwork.png is byte-identical to a re-render of dataset.json "
                            f"({dataset.art['style']}, seed {dataset.art['seed']})" if same else
                            _compare_images(files["artwork.png"], rendered)))
        if tiles:
            got = str(unixfs.add_directory(tiles, profile).cid)
            want = str(unixfs.add_directory(deep_zoom(artwork.rgba), profile).cid)
            checks.append(Check("deep-zoom tiles", got == want, f"tiles are {got}" + (
                "" if got == want else f", but tiles of the re-render are {want}")))
    if expected_cid is not None:
        got = str(unixfs.add_directory(files | tiles, profile_of(expected_cid)).cid)
        checks.append(Check("directory CID", got == expected_cid, f"the directory is {got}" + (
            "" if got == expected_cid else f", expected {expected_cid}")))
    return checks


def prove_inclusion(path: str | Path, commitment: str,
                    proof: Sequence[str] | None = None) -> list[Check]:
    """Check one participant's inclusion: their row is in dataset.json, and `proof` (or the
    proof rebuilt from the public dataset) leads from their leaf to the published root."""
    path = Path(path)
    dataset = load_dataset(path / "dataset.json")
    root = published_root(path / "dataset.json")
    rows = {p.participant: p for p in dataset.pieces}
    piece = rows.get(commitment.lower())
    if piece is None:
        return [Check("row", False, f"no piece with commitment {commitment} in dataset.json")]
    checks = [Check("row", True, f"{commitment}: {piece.amount} {dataset.campaign.unit}")]
    tree = dataset.tree()
    leaf = [piece.participant, weight(piece.amount)]
    index = tree.index_of(leaf)
    given = list(proof) if proof is not None else tree.proof(index)
    ok = StandardMerkleTree.verify(root, LEAF_ENCODING, leaf, given)
    detail = f"{len(given)}-step proof leads to the published root {root}"
    if not ok:
        try:
            tree.check_proof(index, given)
            detail = f"the proof is this dataset's, but the published root is {root}"
        except MerkleError as error:
            detail = str(error)
    checks.append(Check("inclusion proof", ok, detail))
    return checks
