"""How fast the pure-Python UnixFS importer hashes, against plain hashlib.sha256 over the same bytes.

Run: ``.venv/bin/python bench/cid.py [MiB]`` (default 64). The target is a ratio of at most 2:
the importer's framing (chunking, protobuf, tree nodes) may cost no more than the hashing itself.
``add_stream`` computes the CID only; ``add_bytes`` also copies every byte into new block objects,
whose first-touch page faults dominate its extra time (compare a run with
``MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824``, which reuses freed pages).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable

from artgen.unixfs import PROFILES, add_bytes, add_stream


def best_of(runs: int, func: Callable[[], object]) -> float:
    """Fastest wall time of ``runs`` calls (the least disturbed by other work on the machine)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main(mebibytes: int = 64, runs: int = 3) -> None:
    data = hashlib.shake_256(b"bench").digest(mebibytes * 1_048_576)
    base = best_of(runs, lambda: hashlib.sha256(data).digest())
    print(f"{mebibytes} MiB, best of {runs}")
    print(f"{'hashlib.sha256':<40} {base:8.3f} s  {mebibytes / base:8.0f} MiB/s  ratio 1.00")
    for name in PROFILES:
        cases = {
            f"add_bytes {name} (keeps blocks)": lambda name=name: add_bytes(data, name),
            f"add_stream {name} (CID only)": lambda name=name: add_stream([data], name),
        }
        for label, func in cases.items():
            took = best_of(runs, func)
            print(f"{label:<40} {took:8.3f} s  {mebibytes / took:8.0f} MiB/s  ratio {took / base:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 64)
