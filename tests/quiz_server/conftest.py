"""Fixtures for the training service: a fresh app on the small catalogue, its client,
a clock the test moves, and helpers to sign in as any person."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from quiz_helpers import PASSWORD, ManualClock, post, set_password

from quiz_server import create_app
from quiz_server.db import connect


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings(mini_content: Path, tmp_path: Path, clock: ManualClock) -> dict[str, Any]:
    return {
        "CONTENT_DIR": mini_content,
        "DATA_DIR": tmp_path / "data",
        "SECRET_KEY": "test-secret",
        "CLOCK": clock,
        "PASSWORD_METHOD": "pbkdf2:sha256:1000",
        "RANDOM": random.Random(4),
        "CATALOG_CHECK_SECONDS": 0.0,
    }


@pytest.fixture
def app(settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Flask:
    for name in ("PLAYBOOK_ENV", "PLAYBOOK_SECRET_KEY", "PLAYBOOK_SSO_HEADER", "PLAYBOOK_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return create_app(settings)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask):
    conn = connect(app.config["DATABASE"])
    yield conn
    conn.close()


@pytest.fixture
def login(app: Flask, client: FlaskClient) -> Callable[..., FlaskClient]:
    """Sign a client in as a catalogue person (or an admin with admin=True)."""

    def sign_in(who: str, admin: bool = False, as_client: FlaskClient | None = None):
        target = as_client or client
        email = app.extensions["playbook"].catalog.people[who].email
        set_password(app, who)
        if admin:
            conn = connect(app.config["DATABASE"])
            conn.execute("update accounts set is_admin = 1 where email = ?", [email])
            conn.close()
        response = post(target, "/auth/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 303, response.text
        return target

    return sign_in
