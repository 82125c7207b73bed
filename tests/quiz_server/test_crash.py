"""Kill the server mid-burst: every submission answered 2xx is stored, and none twice."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from catalog import load_catalog
from quiz_server import accounts
from quiz_server.db import connect, migrate

PASSWORD = "correct horse battery"
PEOPLE = ["ada", "bob", "cy", "dee"]
MODULE = "lead-routing-basics"


class Session:
    """A keep-alive HTTP client with a cookie jar of one cookie and the CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookie = ""
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, kind: str = "json"):
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
        if body is not None:
            headers["Content-Type"] = (
                "application/json" if kind == "json" else "application/x-www-form-urlencoded"
            )
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            raise
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, data

    def close(self) -> None:
        self.conn.close()

    def sign_in(self, email: str) -> None:
        _, page = self.request("GET", "/auth/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = f"csrf_token={token}&email={email}&password={PASSWORD.replace(' ', '+')}"
        status, _ = self.request("POST", "/auth/login", form.encode(), kind="form")
        assert status == 303
        self.csrf = json.loads(self.request("GET", "/api/me")[1])["csrf_token"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "quiz_server:create_app()"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            probe.request("GET", "/api/health")
            if probe.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
        finally:
            probe.close()
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("the server did not start")


def test_sigkill_mid_burst_loses_and_duplicates_nothing(mini_content, tmp_path):
    path = mini_content / "training" / f"{MODULE}.yml"
    text = path.read_text().replace("max_attempts: 3", "max_attempts: null")
    path.write_text(text.replace("cooldown_hours: 24", "cooldown_hours: 0"))
    data = tmp_path / "data"
    env = {
        **os.environ,
        "PLAYBOOK_DATA_DIR": str(data),
        "PLAYBOOK_CONTENT": str(mini_content),
        "PLAYBOOK_SECRET_KEY": "crash-test",
        "PLAYBOOK_ENV": "development",
    }
    migrate(data / "training.db")
    catalog = load_catalog(mini_content)
    db = connect(data / "training.db")
    for who in PEOPLE:
        now = dt.datetime.now(dt.UTC)
        token = accounts.invite(db, catalog, who, now, "test")
        accounts.use_token(db, token, "invite", now, PASSWORD, "pbkdf2:sha256:1000")
    db.close()

    port = free_port()
    server = start_server(env, port)
    acknowledged: list[str] = []
    in_flight: dict[str, str] = {}
    stop = threading.Event()

    def burst(who: str) -> None:
        session = Session(port)
        session.sign_in(catalog.people[who].email)
        try:
            send(session, who)
        finally:
            session.close()

    def send(session: Session, who: str) -> None:
        while not stop.is_set():
            try:
                status, body = session.request("POST", f"/api/modules/{MODULE}/attempts", b"{}")
                if status not in {200, 201}:
                    continue
                attempt_id = json.loads(body)["id"]
                in_flight[who] = attempt_id
                status, _ = session.request(
                    "POST", f"/api/attempts/{attempt_id}/submit", b'{"answers": {}}'
                )
                if status == 200:
                    acknowledged.append(attempt_id)
            except (OSError, http.client.HTTPException, ValueError):
                return

    threads = [threading.Thread(target=burst, args=(who,)) for who in PEOPLE]
    for t in threads:
        t.start()
    time.sleep(2.0)
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) > 20

    server = start_server(env, port)
    try:
        db = connect(data / "training.db")
        stored = {r["id"]: r["status"] for r in db.query("select id, status from attempts")}
        audited: dict[str, int] = {}
        for r in db.query("select subject from audit_log where action = 'attempt.submitted'"):
            audited[r["subject"]] = audited.get(r["subject"], 0) + 1
        db.close()
        for attempt_id in acknowledged:
            assert stored.get(attempt_id) == "submitted", attempt_id
        assert set(acknowledged) <= set(audited)
        assert all(n == 1 for n in audited.values())
        assert len(set(acknowledged)) == len(acknowledged)
        # Replaying the submissions cut off by the kill is safe: each is recorded once.
        for who, attempt_id in in_flight.items():
            session = Session(port)
            session.sign_in(catalog.people[who].email)
            status, _ = session.request(
                "POST", f"/api/attempts/{attempt_id}/submit", b'{"answers": {}}'
            )
            session.close()
            assert status == 200
        db = connect(data / "training.db")
        counts = list(
            db.query(
                "select subject, count(*) as n from audit_log where action = 'attempt.submitted'"
                " group by subject having n > 1"
            )
        )
        db.close()
        assert counts == []
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
