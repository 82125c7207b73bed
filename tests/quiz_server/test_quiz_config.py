"""Settings from PLAYBOOK_* variables; production refuses to start without a secret key."""

from __future__ import annotations

import pytest

from quiz_server.config import ENV_VARS, config_from_env
from quiz_server.errors import StartupError


def test_local_defaults_keep_a_secret_in_the_data_folder(tmp_path):
    env = {"PLAYBOOK_DATA_DIR": str(tmp_path / "d")}
    first = config_from_env(env)
    assert first["ENV"] == "development" and first["AUTO_MIGRATE"] is True
    assert first["DATABASE"] == tmp_path / "d" / "training.db"
    assert first["SECRET_KEY"] == config_from_env(env)["SECRET_KEY"]
    assert (tmp_path / "d" / "secret_key").stat().st_mode & 0o077 == 0
    assert first["SSO_HEADER"] is None and first["SESSION_COOKIE_SECURE"] is False


def test_production_needs_a_secret_key(tmp_path):
    with pytest.raises(StartupError) as info:
        config_from_env({"PLAYBOOK_ENV": "production", "PLAYBOOK_DATA_DIR": str(tmp_path)})
    assert str(info.value).startswith(
        "PLAYBOOK_SECRET_KEY is not set; production mode refuses to start without it\nHint: "
    )
    settings = config_from_env(
        {
            "PLAYBOOK_ENV": "production",
            "PLAYBOOK_SECRET_KEY": "k" * 32,
            "PLAYBOOK_BASE_URL": "https://pb.example/",
        }
    )
    assert settings["AUTO_MIGRATE"] is False and settings["SESSION_COOKIE_SECURE"] is True
    assert settings["BASE_URL"] == "https://pb.example"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PLAYBOOK_ENV": "staging"}, "PLAYBOOK_ENV is 'staging'"),
        ({"PLAYBOOK_BASE_URL": "ftp://x"}, "PLAYBOOK_BASE_URL 'ftp://x' is not an http(s) URL"),
        ({"PLAYBOOK_MAX_BODY": "big"}, "PLAYBOOK_MAX_BODY is not a number"),
        ({"PLAYBOOK_SYNCHRONOUS": "OFF"}, "PLAYBOOK_SYNCHRONOUS is 'OFF'"),
    ],
)
def test_bad_settings(env, message):
    with pytest.raises(StartupError) as info:
        config_from_env({"PLAYBOOK_SECRET_KEY": "k", **env})
    assert info.value.message == message


def test_every_setting_is_documented():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "quiz_server" / "README.md").read_text()
    for name in ENV_VARS:
        assert f"`{name}`" in readme, name
