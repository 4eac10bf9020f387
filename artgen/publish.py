"""Publication: the campaign's artwork, dataset and metadata as one UnixFS directory.

`prepare_publication` is pure: it returns bytes, blocks and the private participant file;
`write_publication` writes them to a folder (the CLI and the site share it) and the caller hands
the blocks to an IPFS backend. The artwork is rendered from the public dataset itself, exactly as
`verify` will re-render it, so what is pinned is what anyone can reproduce.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import unixfs
from .campaign import Campaign
from .dataset import PublicDataset, build_dataset, commitment, new_salt, weight
from .files import write_atomically, write_tree
from .metadata import build_metadata, metadata_json
from .records import Contribution
from .render import RENDERER_VERSION, records_hash, render
from .tiles import deep_zoom

PUBLISHED_FILES = ("artwork.png", "dataset.json", "metadata.json")
TILES = ("artwork.dzi", "artwork_files")  # deep-zoom descriptor and tile folder


@dataclass(frozen=True)
class Publication:
    files: dict[str, bytes | dict]  # what is published: file name -> bytes, or a folder
    directory: unixfs.ImportResult  # the UnixFS directory of `files`, every block included
    image_cid: str
    dataset_cid: str
    merkle_root: str
    private: dict[str, dict]  # participant id -> salt, commitment, weight, proof: never published
    pieces: list[dict]  # render's pieces.json rows, with participant ids: private too
    owner: np.ndarray  # owner map: index into dataset pieces (sorted by commitment), -1 for none

    @property
    def cid(self) -> str:
        return str(self.directory.cid)


def complete_salts(contributions: Sequence[Contribution],
                   salts: Mapping[str, str]) -> dict[str, str]:
    """Keep every existing salt (so commitments stay stable) and draw one for newcomers."""
    out = dict(salts)
    for c in contributions:
        out.setdefault(c.participant, new_salt())
    return out


def art_parameters(*, style: str, palette: str, seed: int, size: int) -> dict[str, object]:
    return {"style": style, "palette": palette, "seed": seed, "width": size, "height": size,
            "renderer": RENDERER_VERSION}


def render_dataset(dataset: PublicDataset):
    """Render the artwork from nothing but the public dataset (what publish and verify share)."""
    art = dataset.art
    return render(dataset.pieces, width=int(art["width"]), height=int(art["height"]),
                  seed=int(art["seed"]), style=str(art["style"]), palette=str(art["palette"]),
                  campaign=dataset.campaign)


def prepare_publication(campaign: Campaign, contributions: Sequence[Contribution],
                        salts: Mapping[str, str], *, size: int, seed: int, style: str,
                        palette: str, profile: str, external_url: str) -> Publication:
    """Everything to publish for a campaign, and each participant's private proof."""
    dataset = build_dataset(campaign, contributions, salts,
                            art_parameters(style=style, palette=palette, seed=seed, size=size))
    artwork = render_dataset(dataset)
    png = artwork.png_bytes()
    dataset_bytes = dataset.to_json()
    image_cid = str(unixfs.add_bytes(png, profile).cid)
    dataset_cid = str(unixfs.add_bytes(dataset_bytes, profile).cid)
    metadata = build_metadata(dataset, image_cid=image_cid, dataset_cid=dataset_cid,
                              records_sha256=records_hash(dataset.pieces),
                              external_url=external_url)
    files = {"artwork.png": png, "dataset.json": dataset_bytes,
             "metadata.json": metadata_json(metadata), **deep_zoom(artwork.rgba)}
    tree = dataset.tree()
    by_commitment = {p.participant: i for i, p in enumerate(dataset.pieces)}
    private, pieces = {}, []
    for c in contributions:
        salt = salts[c.participant]
        commit = commitment(c.participant, salt)
        private[c.participant] = {"salt": salt, "commitment": commit,
                                  "weight": weight(c.amount), "amount": c.amount,
                                  "proof": tree.proof(by_commitment[commit])}
        pieces.append(artwork.locate(commit).as_json() | {"participant": c.participant})
    return Publication(files, unixfs.add_directory(files, profile), image_cid, dataset_cid,
                       tree.root, private, pieces, artwork.owner)


def private_json(publication: Publication, campaign: Campaign) -> bytes:
    body = {"campaign": campaign.id, "directory": publication.cid,
            "merkle_root": publication.merkle_root, "participants": publication.private}
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode()


def read_salts(out: Path) -> dict[str, str]:
    """The salts of an earlier publication in `out` (none yet: empty), so commitments stay stable."""
    path = out / "private" / "salts.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_publication(out: Path, publication: Publication, campaign: Campaign,
                      salts: Mapping[str, str]) -> None:
    """Write the published files to `out` and the private ones (mode 0600) to `out/private`:
    salts.json, participants.json (proofs), pieces.json (ids and places) and owner.npz."""
    private = out / "private"
    private.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(private / "salts.json",
                     (json.dumps(dict(salts), indent=1, sort_keys=True) + "\n").encode(), mode=0o600)
    write_atomically(private / "participants.json", private_json(publication, campaign), mode=0o600)
    write_atomically(private / "pieces.json",
                     (json.dumps(publication.pieces, ensure_ascii=False, indent=1) + "\n").encode(),
                     mode=0o600)
    owner = io.BytesIO()
    np.savez_compressed(owner, owner=publication.owner)
    write_atomically(private / "owner.npz", owner.getvalue(), mode=0o600)
    write_tree(out, publication.files)
