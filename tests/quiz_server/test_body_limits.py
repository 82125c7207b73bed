"""The request size limit holds for chunked bodies too, over a real HTTP server: a body
past PLAYBOOK_MAX_BODY is refused with 413, never cut short and read as if whole."""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator

import pytest
from quiz_helpers import PASSWORD, set_password
from werkzeug.serving import make_server


@pytest.fixture
def server(app) -> Iterator[int]:
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()


class Browser:
    """A cookie and a CSRF token over plain http.client."""

    def __init__(self, port: int) -> None:
        self.port = port
        page = self.request("GET", "/auth/login")
        self.cookie = page.getheader("Set-Cookie").split(";", 1)[0]
        self.token = re.search(rb'name="csrf_token" value="([^"]+)"', page.read()).group(1)

    def request(self, method: str, path: str, body=None, headers=None, chunked=False):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        if chunked:
            whole = body
            body = (whole[i : i + 8192] for i in range(0, len(whole), 8192))
        sent = {"Accept": "application/json", **(headers or {})}
        if getattr(self, "cookie", None):
            sent |= {"Cookie": self.cookie, "X-CSRF-Token": self.token.decode()}
        conn.request(method, path, body=body, headers=sent, encode_chunked=chunked)
        response = conn.getresponse()
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        return response

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        response = self.request("POST", path, body, {"Content-Type": content_type}, True)
        return response.status, response.read()


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def test_an_oversize_chunked_body_is_refused(server, app, db):
    limit = app.config["MAX_CONTENT_LENGTH"]
    browser = Browser(server)
    form = b"email=a%40b.example&password=" + b"x" * (limit + 10_000)
    status, data = browser.post("/auth/login", form, FORM)
    assert status == 413
    assert f"the request body is larger than {limit} bytes".encode() in data
    assert b"xxxxxxxx" not in data  # nothing of it echoed back

    set_password(app, "bob")
    signed_in = b"email=bob%40tiny.example&password=" + PASSWORD.replace(" ", "+").encode()
    assert browser.post("/auth/login", signed_in, FORM)[0] == 303
    browser.token = json.loads(browser.request("GET", "/api/me").read())["csrf_token"].encode()
    padded = b"{}" + b" " * (limit + 10)  # still valid JSON if cut short at the limit
    status, _ = browser.post("/api/modules/lead-routing-basics/attempts", padded, JSON)
    assert status == 413
    assert list(db.query("select id from attempts")) == []
    status, _ = browser.post("/api/modules/lead-routing-basics/attempts", b"{}", JSON)
    assert status == 201  # the same request within the limit


def test_a_small_chunked_body_is_read_whole(server):
    form = b"email=nobody%40tiny.example&password=wrong-password"
    status, data = Browser(server).post("/auth/login", form, FORM)
    assert status == 401 and b"wrong e-mail or password" in data
