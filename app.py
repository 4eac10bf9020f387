"""Demo entry point: `python app.py` renders the sample campaign into DATA_DIR.

The auction site (Flask app factory, chain, IPFS) extends this entry point as it lands; for now
the demo stops after rendering.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from artgen.cli import main as artgen_main

SAMPLE = Path(__file__).resolve().parent / "samples" / "kawasaki-2021"


def main() -> int:
    data_dir = Path(os.environ.get("DATA_DIR", "data")).resolve()
    out = data_dir / "kawasaki-2021"
    status = artgen_main(["render", str(SAMPLE), "--out", str(out)])
    if status == 0:
        print(f"artwork: {out / 'artwork.png'}\npieces:  {out / 'pieces.json'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
