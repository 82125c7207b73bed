"""A new hire in a real browser: invite, password, fail, cool-down, pass, certified; then
their manager sees it on the team matrix."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from quiz_server import accounts, create_app
from quiz_server.db import connect
from quiz_server.serve import combined_app

PASSWORD = "a long new password"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def screenshot(page, name: str) -> None:
    """A named screenshot in test-artifacts/ (as the browser conftest's helper does)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


class ManualClock:
    """The server's clock; the test moves it to wait out the cool-down."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def server(mini_content: Path, tmp_path: Path) -> Iterator[tuple[str, object, ManualClock]]:
    clock = ManualClock()
    app = create_app(
        {
            "CONTENT_DIR": mini_content,
            "DATA_DIR": tmp_path / "data",
            "SECRET_KEY": "browser-test",
            "CLOCK": clock,
            "RANDOM": random.Random(7),
            "PASSWORD_METHOD": "pbkdf2:sha256:1000",
        }
    )
    httpd = make_server("127.0.0.1", 0, combined_app(app, None), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app, clock
    httpd.shutdown()
    thread.join()
    httpd.server_close()


def invite_link(base: str, app, who: str, clock: ManualClock) -> str:
    db = connect(app.config["DATABASE"])
    try:
        token = accounts.invite(db, app.extensions["playbook"].catalog, who, clock(), "test")
    finally:
        db.close()
    return f"{base}/train/auth/invite/{token}"


def answer_key(app, attempt_id: str) -> list[dict]:
    db = connect(app.config["DATABASE"])
    try:
        row = next(db.query("select snapshot from attempts where id = ?", [attempt_id]))
    finally:
        db.close()
    return json.loads(row["snapshot"])["questions"]


def set_password(page, link: str) -> None:
    page.goto(link)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("text=Set password and sign in")


def test_new_hire_fails_waits_passes_and_is_certified(page, server):
    base, app, clock = server
    set_password(page, invite_link(base, app, "bob", clock))
    assert page.locator("h1").inner_text() == "Your training"
    assert "Sales Development Representative" in page.inner_text("main")

    page.click("text=Lead routing basics")
    page.click("text=Start the quiz")
    assert page.locator("fieldset.question").count() == 8
    screenshot(page, "quiz-attempt")
    # Positions are required: fill the ordering questions backwards, leave the rest blank.
    for q in answer_key(app, page.url.rsplit("/", 1)[-1]):
        if q["type"] == "ordering":
            selects = page.locator(f"#q-{q['id']} select")
            for position, token in enumerate(reversed(q["order"])):
                selects.nth(position).select_option(token)
    page.click("text=Submit answers")
    assert "Not passed" in page.inner_text(".outcome")
    assert "Right answer:" not in page.inner_text("main")

    page.click("text=Back to the module")
    assert "Cool-down: you can try again from 2026-11-27 09:00 UTC." in page.inner_text("main")
    clock.now += dt.timedelta(hours=24, minutes=1)
    page.reload()
    page.click("text=Start the quiz")
    attempt_id = page.url.rsplit("/", 1)[-1]
    for q in answer_key(app, attempt_id):
        fieldset = page.locator(f"#q-{q['id']}")
        if q["type"] == "ordering":
            selects = fieldset.locator("select")
            for position, token in enumerate(q["order"]):
                selects.nth(position).select_option(token)
        else:
            for option in q["options"]:
                if option["correct"]:
                    fieldset.locator(f"input[value='{option['token']}']").check()
    page.click("text=Submit answers")
    assert "Passed" in page.inner_text(".outcome")
    assert "100%" in page.locator("h1").inner_text()
    screenshot(page, "quiz-result")

    page.click("text=Your training")
    certs = page.inner_text("section:has(h2:text('Certifications'))")
    assert "Sales Development Representative" in certs and "valid until 2027-11-27" in certs
    screenshot(page, "learner-home-certified")

    page.click("text=Sign out")
    set_password(page, invite_link(base, app, "ada", clock))
    page.click("text=My team")
    row = page.locator("tr:has-text('Bob Stone')")
    assert row.locator("td.cell").first.inner_text() == "Passed"
    assert "s-passed" in (row.locator("td.cell").first.get_attribute("class") or "")
    screenshot(page, "manager-matrix")
