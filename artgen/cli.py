"""`python -m artgen`: render a campaign, and find a participant's piece in a render."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .campaign import load_campaign
from .errors import ArtgenError
from .records import aggregate, load_campaign_records
from .render import render
from .styles import STYLES

DEFAULT_SIZE = 2048


def _stage(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:6.2f}s] {message}", file=sys.stderr, flush=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that a crash leaves either the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


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
