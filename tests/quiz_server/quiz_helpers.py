"""Helpers for the training service's tests: a clock the test moves, CSRF-carrying posts,
accounts with passwords."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quiz_server import accounts
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


def tokens_by_text(html: str) -> dict[str, str]:
    """Option text -> token from a rendered quiz form (radio, checkbox and select options)."""
    found = {}
    for token, text in re.findall(r'value="([^"]+)"[^>]*>\s*<span>(.*?)</span>', html, flags=re.S):
        found[re.sub(r"<[^>]+>", "", text).strip()] = token
    for token, text in re.findall(r'<option value="([^"]+)">(.*?)</option>', html):
        found[text] = token
    return found


def right_answers(snap: dict) -> dict[str, list[str]]:
    """The answer key of a snapshot, as a submission."""
    answers = {}
    for q in snap["questions"]:
        if q["type"] == "ordering":
            answers[q["id"]] = q["order"]
        else:
            answers[q["id"]] = [o["token"] for o in q["options"] if o["correct"]]
    return answers


def take(client: FlaskClient, db: Any, module: str, right: bool = True) -> dict:
    """Start and submit an attempt through the API; the submitted attempt's JSON."""
    import json

    started = post_json(client, f"/api/modules/{module}/attempts", {})
    assert started.status_code in {200, 201}, started.json
    attempt_id = started.json["id"]
    row = next(db.query("select snapshot from attempts where id = ?", [attempt_id]))
    answers = right_answers(json.loads(row["snapshot"])) if right else {}
    done = post_json(client, f"/api/attempts/{attempt_id}/submit", {"answers": answers})
    assert done.status_code == 200, done.json
    return done.json


def pass_module(login: Any, app: Flask, db: Any, who: str, module: str = "lead-routing-basics"):
    """Sign `who` in on a fresh client, pass a module; their newest certification row."""
    client = login(who, as_client=app.test_client())
    take(client, db, module)
    return next(
        db.query(
            "select * from certifications where person_id = ? order by certified_at desc", [who]
        ),
        None,
    )
