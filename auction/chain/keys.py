"""Signing keys for a real chain, from the environment or a key file, never from the repository.

``ART_PRIVATE_KEY`` holds one hex key; ``ART_KEY_FILE`` names a file with one hex key per line
(``#`` starts a comment) or an encrypted Ethereum keystore (JSON, V3) unlocked with
``ART_KEY_PASSWORD``. The first key is the default sender. Messages never echo a key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount

from auction.chain.errors import ConfigurationError

KEY_ENV = "ART_PRIVATE_KEY"
KEY_FILE_ENV = "ART_KEY_FILE"
PASSWORD_ENV = "ART_KEY_PASSWORD"


def account_from_hex(text: str, where: str) -> LocalAccount:
    """An account from a 32-byte hex key (with or without 0x); ``where`` names the source in errors."""
    digits = text.strip().removeprefix("0x").removeprefix("0X")
    if len(digits) != 64:
        raise ConfigurationError(f"{where}: not a 32-byte hex private key")
    try:
        return Account.from_key(bytes.fromhex(digits))
    except ValueError:
        raise ConfigurationError(f"{where}: not a 32-byte hex private key") from None


def accounts_from_file(path: Path, password: str | None) -> list[LocalAccount]:
    """The accounts in a key file: hex keys one per line, or an encrypted JSON keystore."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(f"{path}: key file not found") from None
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read key file ({exc.strerror})") from None
    if text.lstrip().startswith("{"):
        return [_account_from_keystore(path, text, password)]
    accounts = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if content:
            accounts.append(account_from_hex(content, f"{path}:{number}"))
    if not accounts:
        raise ConfigurationError(f"{path}: key file holds no key")
    return accounts


def _account_from_keystore(path: Path, text: str, password: str | None) -> LocalAccount:
    if password is None:
        raise ConfigurationError(f"{path}: an encrypted keystore needs {PASSWORD_ENV}")
    try:
        keystore = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"{path}:{exc.lineno}: not valid keystore JSON ({exc.msg})") from None
    try:
        return Account.from_key(Account.decrypt(keystore, password))
    except ValueError:
        raise ConfigurationError(f"{path}: wrong {PASSWORD_ENV} for this keystore") from None


def accounts_from_env(environ: Mapping[str, str] | None = None) -> list[LocalAccount]:
    """The accounts ``ART_PRIVATE_KEY`` or ``ART_KEY_FILE`` name; an error if neither is set."""
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return [account_from_hex(env[KEY_ENV], KEY_ENV)]
    if env.get(KEY_FILE_ENV):
        return accounts_from_file(Path(env[KEY_FILE_ENV]), env.get(PASSWORD_ENV))
    raise ConfigurationError(f"no signing key: set {KEY_ENV} or {KEY_FILE_ENV}")
