"""`python -m artgen`: render, locate, publish to IPFS, verify and prove.

Side effects live here (files, the IPFS backend); the modules it calls are pure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import unixfs
from .campaign import load_campaign
from .errors import ArtgenError
from .files import write_atomically, write_tree
from .multiformats import CID
from .publish import complete_salts, prepare_publication, read_salts, write_publication
from .records import aggregate, load_campaign_records
from .render import render
from .styles import STYLES
from .verify import Check, prove_inclusion, verify_directory

DEFAULT_SIZE = 2048


def _stage(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.2f}s] {message}", file=sys.stderr, flush=True)


def cmd_render(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    campaign = load_campaign(args.campaign_dir)
    contributions = aggregate(load_campaign_records(campaign), campaign)
    _stage(f"{campaign.id}: {len(contributions)} participants loaded", started)
    seed = campaign.seed if args.seed is None else args.seed
    style = args.style or campaign.style
    art = render(contributions, width=args.size, height=args.size, seed=seed, style=style,
                 palette=args.palette, campaign=campaign)
    _stage(f"rendered {args.size}x{args.size} {style}, seed {seed}", started)
    png = art.png_bytes()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_atomically(out / "artwork.png", png)
    write_atomically(out / "pieces.json", art.pieces_json().encode())
    _stage(f"wrote {out / 'artwork.png'} ({len(png) // 1024} KiB) and pieces.json", started)
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    path = Path(args.out_dir) / "pieces.json"
    try:
        pieces = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtgenError(f"{path}: not found (run `python -m artgen render` first)") from None
    for piece in pieces:
        if piece["participant"] == args.participant:
            x0, y0, x1, y1 = piece["bbox"]
            cx, cy = piece["centroid"]
            print(f"{args.participant}: bbox {x0} {y0} {x1} {y1} centroid {cx} {cy} "
                  f"area {piece['area_px']} px amount {piece['amount']}")
            return 0
    raise ArtgenError(f"{path}: no participant {args.participant!r}")


def cmd_cid(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise ArtgenError(f"{path}: not a file")
    print(unixfs.file_cid(path, args.profile))
    return 0


def _data_dir() -> Path:
    return Path(os.environ.get("DATA_DIR", "data"))


def cmd_publish(args: argparse.Namespace) -> int:
    from auction.ipfs import IpfsError  # the IPFS client is an edge, not artgen's core

    try:
        return _publish(args)
    except IpfsError as error:
        raise ArtgenError(f"IPFS: {error}") from error


def _publish(args: argparse.Namespace) -> int:
    from auction.ipfs import backend_from_env

    started = time.perf_counter()
    campaign = load_campaign(args.campaign_dir)
    contributions = aggregate(load_campaign_records(campaign), campaign)
    backend = backend_from_env(_data_dir())
    out = Path(args.out)
    salts = read_salts(out)
    salts = complete_salts(contributions, salts)
    site = os.environ.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/")
    publication = prepare_publication(
        campaign, contributions, salts, size=args.size,
        seed=campaign.seed if args.seed is None else args.seed,
        style=args.style or campaign.style, palette=args.palette or campaign.palette,
        profile=args.profile, external_url=f"{site}/art/{campaign.id}")
    _stage(f"{campaign.id}: rendered and hashed {len(contributions)} pieces", started)
    write_publication(out, publication, campaign, salts)
    backend.put_dag(publication.directory.cid, publication.directory.blocks)
    backend.pin(publication.directory.cid)
    if args.car:
        backend.export_car(publication.directory.cid, Path(args.car))
    _stage(f"pinned on {backend.name}: image {publication.image_cid}, dataset "
           f"{publication.dataset_cid}, Merkle root {publication.merkle_root}", started)
    print(publication.cid)
    return 0


def _report(checks: list[Check]) -> int:
    for check in checks:
        print(check)
    failed = [c for c in checks if not c.ok]
    print(f"{len(checks) - len(failed)} of {len(checks)} checks passed")
    return 1 if failed else 0


def cmd_verify(args: argparse.Namespace) -> int:
    target = Path(args.target)
    if target.is_dir():
        return _report(verify_directory(target, args.cid))
    from auction.ipfs import IpfsError, backend_from_env

    try:
        tree = unixfs.read_tree(CID.parse(args.target), backend_from_env(_data_dir()).get_block)
    except IpfsError as error:
        raise ArtgenError(f"IPFS: {error}") from error
    if not isinstance(tree, dict):
        raise ArtgenError(f"{args.target} is a file, not a published directory")
    with tempfile.TemporaryDirectory() as folder:
        write_tree(Path(folder), tree)
        return _report(verify_directory(folder, args.target))


def cmd_prove(args: argparse.Namespace) -> int:
    proof = None
    if args.proof:
        body = json.loads(Path(args.proof).read_text(encoding="utf-8"))
        proof = body["proof"] if isinstance(body, dict) else body
    return _report(prove_inclusion(args.dir, args.commitment, proof))


def _size(text: str) -> int:
    value = int(text)
    if not 64 <= value <= 16384:
        raise argparse.ArgumentTypeError(f"size must be 64 to 16384 px, not {value}")
    return value


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed must be >= 0, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m artgen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("render", help="render a campaign's collective artwork")
    p.add_argument("campaign_dir")
    p.add_argument("--out", required=True, help="folder for artwork.png and pieces.json")
    p.add_argument("--size", type=_size, default=DEFAULT_SIZE, help="side in px (default 2048)")
    p.add_argument("--seed", type=_seed, help="default: the campaign's seed")
    p.add_argument("--style", choices=STYLES, help="default: the campaign's style")
    p.add_argument("--palette", help="default: the campaign's palette")
    p.set_defaults(run=cmd_render)
    p = sub.add_parser("locate", help="print where a participant's piece is")
    p.add_argument("out_dir")
    p.add_argument("participant")
    p.set_defaults(run=cmd_locate)
    p = sub.add_parser("cid", help="print a file's IPFS CID, as Kubo computes it")
    p.add_argument("file")
    p.add_argument("--profile", choices=tuple(unixfs.PROFILES), default=unixfs.DEFAULT_PROFILE)
    p.set_defaults(run=cmd_cid)
    p = sub.add_parser("publish", help="render, commit and pin a campaign's publishable folder")
    p.add_argument("campaign_dir")
    p.add_argument("--out", required=True, help="published files; private proofs go to OUT/private")
    p.add_argument("--size", type=_size, default=DEFAULT_SIZE)
    p.add_argument("--seed", type=_seed)
    p.add_argument("--style", choices=STYLES)
    p.add_argument("--palette")
    p.add_argument("--profile", choices=tuple(unixfs.PROFILES),
                   default=os.environ.get("IPFS_PROFILE", unixfs.DEFAULT_PROFILE))
    p.add_argument("--car", help="also export the directory's DAG as a CAR v1 file")
    p.set_defaults(run=cmd_publish)
    p = sub.add_parser("verify", help="re-render and check a published folder (or a CID)")
    p.add_argument("target", help="the published folder, or its CID on the configured backend")
    p.add_argument("--cid", help="the directory CID it should have")
    p.set_defaults(run=cmd_verify)
    p = sub.add_parser("prove", help="check one participant's inclusion proof")
    p.add_argument("dir")
    p.add_argument("--commitment", required=True)
    p.add_argument("--proof", help="JSON file: a list of hex siblings or {\"proof\": [...]}")
    p.set_defaults(run=cmd_prove)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except (ArtgenError, ValueError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) else str(error)
        print(f"error: {message}", file=sys.stderr)
        return 2
