"""A real browser: Debian's chromium driven by Playwright, recording every request."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class RequestLog:
    """Every URL the page asked for; `foreign()` lists those that left this machine."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def foreign(self) -> list[str]:
        return [
            u
            for u in self.urls
            if urlsplit(u).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def page(browser, request) -> Iterator:
    """A fresh browser page; fails the test if it requested anything from another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = RequestLog()
    page.on("request", lambda req: log.urls.append(req.url))
    page.request_log = log
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    # a failed screenshot must not hide the test's own result
    with contextlib.suppress(Exception):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not log.foreign(), f"requests to other hosts: {log.foreign()}"


def screenshot(page, name: str) -> Path:
    """Save a named screenshot as a test artefact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
