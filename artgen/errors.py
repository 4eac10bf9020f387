"""Errors raised by artgen.

Every error about user input says where the problem is, so an organiser can fix the file::

    ArtgenError
    └── InputError (also a ValueError): a file, line and field that is wrong
        ├── CampaignError: campaign.toml
        └── RecordError: a records CSV or JSON file
"""

from __future__ import annotations

from pathlib import Path


class ArtgenError(Exception):
    """Base of every error artgen raises on purpose."""


class InputError(ArtgenError, ValueError):
    """Bad input, located by file, line (1-based, or None for the whole file) and field."""

    def __init__(self, path: str | Path, line: int | None, field: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class CampaignError(InputError):
    """campaign.toml is missing, malformed or inconsistent."""


class RecordError(InputError):
    """A records file has a row that cannot be accepted."""
