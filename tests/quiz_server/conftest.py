"""Fixtures for the training service: a fresh app on the small catalogue, its client,
a clock the test moves, and helpers to sign in as any person."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quiz_server import accounts, create_app
from quiz_server.db import connect

START = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


class ManualClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


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


def csrf(client: FlaskClient) -> str:
    """The CSRF token of the client's session (made if missing)."""
    with client.session_transaction() as session:
        session.setdefault("csrf_token", "test-csrf-token")
        return session["csrf_token"]


def post(client: FlaskClient, url: str, data: dict | None = None, **kwargs: Any):
    """A form POST carrying the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf(client), **(data or {})}, **kwargs)


def post_json(client: FlaskClient, url: str, body: Any, **kwargs: Any):
    """A JSON POST with the CSRF header."""
    return client.post(url, json=body, headers={"X-CSRF-Token": csrf(client)}, **kwargs)


def set_password(app: Flask, who: str, password: str = PASSWORD) -> None:
    """Give a catalogue person an account with a password, as an invite would."""
    conn = connect(app.config["DATABASE"])
    try:
        token = accounts.invite(
            conn, app.extensions["playbook"].catalog, who, app.config["CLOCK"](), "test"
        )
        accounts.use_token(
            conn, token, "invite", app.config["CLOCK"](), password, app.config["PASSWORD_METHOD"]
        )
    finally:
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


def tokens_by_text(html: str) -> dict[str, str]:
    """Option text -> token from a rendered quiz form (radio, checkbox and select options)."""
    found = {}
    for token, text in re.findall(
        r'value="([^"]+)"[^>]*>\s*<span>(.*?)</span>', html, flags=re.S
    ):
        found[re.sub(r"<[^>]+>", "", text).strip()] = token
    for token, text in re.findall(r'<option value="([^"]+)">(.*?)</option>', html):
        found[text] = token
    return found
