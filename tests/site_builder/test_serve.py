"""`mkdocs serve` rebuilds when a record changes, and shows the edit quickly."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_scan import ROOT, mkdocs_env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `text` (fails after `timeout`)."""
    started = time.monotonic()
    while text not in _get(url):
        if time.monotonic() - started > timeout:
            pytest.fail(f"{url} did not show {text!r} within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def served_content(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the bundled catalogue under `mkdocs serve --dirty`: (content, base URL)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=mkdocs_env(content, tmp_path / "cache"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield content, f"http://127.0.0.1:{port}/"
    finally:
        server.send_signal(signal.SIGINT)  # as ^C: mkdocs and the plugin clean up after them
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_editing_a_record_shows_within_two_seconds(served_content: tuple[Path, str]) -> None:
    """Changing a process's outcome re-renders its page (and no other) in about a second."""
    content, base = served_content
    record = next(
        path
        for path in sorted((content / "processes").glob("*.yml"))
        if re.search(r"\noutcome: (?![>|])", path.read_text(encoding="utf-8"))
    )
    url = f"{base}processes/{record.stem}/"
    wait_for(url, "</html>", timeout=180)
    source = record.read_text(encoding="utf-8")
    latencies = []
    for attempt in range(3):
        marker = f"Playbook-edit-{attempt}"
        time.sleep(1.0)  # let the previous rebuild and its search index settle
        edited = source.replace("\noutcome: ", f"\noutcome: {marker} ", 1)
        record.write_text(edited, encoding="utf-8")
        latencies.append(wait_for(url, marker, timeout=60))
    assert sorted(latencies)[1] < 2.0, latencies
