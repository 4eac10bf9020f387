"""Crash-safe file writes: readers see the old file or all of the new one, never a part."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_open(path: Path, mode: int = 0o644) -> Iterator[BinaryIO]:
    """A binary file whose content appears at `path` only if the block exits without error;
    file and rename are fsynced, so it survives a crash too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    with atomic_open(path, mode) as out:
        out.write(data)


def write_tree(folder: Path, entries: dict) -> None:
    """Write nested {name: bytes | folder} under `folder`, each file atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in entries.items():
        if isinstance(value, dict):
            write_tree(folder / name, value)
        else:
            write_atomically(folder / name, value)
