"""Configuration: embedded defaults, environment overrides, secrets made once."""

from __future__ import annotations

from pathlib import Path

import pytest

from auction.config import DEFAULT_CAMPAIGN, Config


def test_defaults_need_no_environment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = Config.from_env({}, data_dir=tmp_path)
    assert config.database_url == f"sqlite:///{tmp_path / 'site.db'}"
    assert (config.port, config.site_url, config.rpc_url, config.dev_mode) == (5000, "http://127.0.0.1:5000", None, True)
    assert (config.demo_campaign, config.demo_reserve_wei, config.demo_duration) == (DEFAULT_CAMPAIGN, 10**17, 86400)
    assert config.journal_path == tmp_path / "chain.journal"
    assert capsys.readouterr().err == f"organiser password created: {tmp_path / 'organiser_password'}\n"


def test_environment_switches_each_part(tmp_path: Path) -> None:
    env = {
        "DATA_DIR": str(tmp_path), "DATABASE_URL": "postgresql+psycopg://site@db/site", "PORT": "8080",
        "ART_RPC_URL": "http://127.0.0.1:8545", "SECRET_KEY": "k", "ORGANISER_PASSWORD": "p",
        "DEMO_AUCTION_SECONDS": "900", "DEMO_SIZE": "512", "SITE_URL": "https://art.example/",
    }
    config = Config.from_env(env)
    assert (config.data_dir, config.database_url, config.port) == (tmp_path, env["DATABASE_URL"], 8080)
    assert (config.rpc_url, config.dev_mode) == ("http://127.0.0.1:8545", False)
    assert (config.secret_key, config.organiser_password) == ("k", "p")
    assert (config.demo_duration, config.demo_size, config.site_url) == (900, 512, "https://art.example")
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "organiser_password").exists()


def test_secrets_are_made_once_and_private(tmp_path: Path) -> None:
    first = Config.from_env({}, data_dir=tmp_path)
    second = Config.from_env({}, data_dir=tmp_path)
    assert (first.secret_key, first.organiser_password) == (second.secret_key, second.organiser_password)
    assert first.secret_key != first.organiser_password
    for name in ("secret_key", "organiser_password"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


def test_overrides_win_over_the_environment(tmp_path: Path) -> None:
    config = Config.from_env({"PORT": "7000", "DATA_DIR": "/nowhere"}, data_dir=tmp_path, port=7100,
                             secret_key="s", organiser_password="o")
    assert (config.data_dir, config.port) == (tmp_path, 7100)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "http"}, "PORT='http': expected a whole number"),
        ({"DEMO_AUCTION_SECONDS": "-5"}, "DEMO_AUCTION_SECONDS='-5': must not be negative"),
        ({"DEMO_RESERVE_WEI": "0.1"}, "DEMO_RESERVE_WEI='0.1': expected a whole number"),
    ],
)
def test_bad_setting_is_refused_by_name(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    with pytest.raises(ValueError) as error:
        Config.from_env(env, data_dir=tmp_path, secret_key="s", organiser_password="o")
    assert str(error.value) == expected


def test_unknown_override_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="^unknown Config fields: colour$"):
        Config.from_env({}, data_dir=tmp_path, colour="red")
