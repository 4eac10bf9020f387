"""Keys from the environment or a key file (never the repo), connecting, and dev-node controls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_account import Account

from auction.chain import Chain, ConfigurationError, advance_time, revert_to, snapshot
from auction.chain.keys import accounts_from_env
from tests.chain.conftest import TEST_KEYS

KEY = TEST_KEYS[0]
ADDRESS = Account.from_key(bytes.fromhex(KEY)).address


def test_private_key_from_env() -> None:
    (account,) = accounts_from_env({"ART_PRIVATE_KEY": "0x" + KEY})
    assert account.address == ADDRESS


def test_key_file_with_comments_and_several_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text(f"# organiser\n0x{KEY}\n\n{TEST_KEYS[1]}  # bidder\n", encoding="utf-8")
    accounts = accounts_from_env({"ART_KEY_FILE": str(path)})
    assert [a.address for a in accounts] == [ADDRESS, Account.from_key(bytes.fromhex(TEST_KEYS[1])).address]


def test_encrypted_keystore_with_password(tmp_path: Path) -> None:
    path = tmp_path / "keystore.json"
    path.write_text(json.dumps(Account.encrypt(bytes.fromhex(KEY), "pw", kdf="pbkdf2", iterations=2)), encoding="utf-8")
    (account,) = accounts_from_env({"ART_KEY_FILE": str(path), "ART_KEY_PASSWORD": "pw"})
    assert account.address == ADDRESS


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        (None, {}, "no signing key: set ART_PRIVATE_KEY or ART_KEY_FILE"),
        (None, {"ART_PRIVATE_KEY": "0x1234"}, "ART_PRIVATE_KEY: not a 32-byte hex private key"),
        (None, {"ART_PRIVATE_KEY": "zz" * 32}, "ART_PRIVATE_KEY: not a 32-byte hex private key"),
        (None, {"ART_KEY_FILE": "{dir}/absent.txt"}, "{dir}/absent.txt: key file not found"),
        ("# nothing\n", {"ART_KEY_FILE": "{file}"}, "{file}: key file holds no key"),
        (f"{KEY}\nnot-a-key\n", {"ART_KEY_FILE": "{file}"}, "{file}:2: not a 32-byte hex private key"),
        ('{"crypto": {}}', {"ART_KEY_FILE": "{file}"}, "{file}: an encrypted keystore needs ART_KEY_PASSWORD"),
    ],
)
def test_bad_key_configuration_is_refused(tmp_path: Path, content: str | None, env: dict, message: str) -> None:
    file = tmp_path / "keys.txt"
    if content is not None:
        file.write_text(content, encoding="utf-8")
    values = {k: v.format(dir=tmp_path, file=file) for k, v in env.items()}
    with pytest.raises(ConfigurationError) as failure:
        accounts_from_env(values)
    assert str(failure.value) == message.format(dir=tmp_path, file=file)
    assert KEY not in str(failure.value)


def test_wrong_keystore_password_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keystore.json"
    path.write_text(json.dumps(Account.encrypt(bytes.fromhex(KEY), "pw", kdf="pbkdf2", iterations=2)), encoding="utf-8")
    with pytest.raises(ConfigurationError) as failure:
        accounts_from_env({"ART_KEY_FILE": str(path), "ART_KEY_PASSWORD": "wrong"})
    assert str(failure.value) == f"{path}: wrong ART_KEY_PASSWORD for this keystore"


def test_no_rpc_url_means_the_embedded_chain() -> None:
    assert Chain.from_env({}).is_embedded


def test_rpc_url_must_be_http() -> None:
    with pytest.raises(ConfigurationError) as failure:
        Chain.from_rpc("ftp://example", [KEY])
    assert str(failure.value) == "'ftp://example': the RPC URL must start with http:// or https://"


def test_rpc_url_and_key_from_env_reach_the_node(ganache_url: str) -> None:
    chain = Chain.from_env({"ART_RPC_URL": ganache_url, "ART_PRIVATE_KEY": KEY})
    assert (chain.chain_id, chain.default_account.address) == (1337, ADDRESS)
    assert chain.balance(ADDRESS) > 0


def test_advance_time_moves_the_chain_clock(chain: Chain) -> None:
    before = chain.now()
    assert advance_time(chain, 3600) >= before + 3600


def test_revert_to_snapshot_undoes_changes(chain: Chain) -> None:
    sender, receiver = chain.accounts[6], chain.accounts[7].address
    before = chain.balance(receiver)
    snapshot_id = snapshot(chain)
    chain.w3.eth.wait_for_transaction_receipt(
        chain.w3.eth.send_raw_transaction(
            sender.sign_transaction(
                {
                    "to": receiver,
                    "value": 12345,
                    "gas": 21_000,
                    "chainId": chain.chain_id,
                    "nonce": chain.w3.eth.get_transaction_count(sender.address, "pending"),
                    "maxFeePerGas": 10**10,
                    "maxPriorityFeePerGas": 10**9,
                }
            ).raw_transaction
        )
    )
    assert chain.balance(receiver) == before + 12345
    revert_to(chain, snapshot_id)
    assert chain.balance(receiver) == before
