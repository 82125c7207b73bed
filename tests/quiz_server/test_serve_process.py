"""`playbook serve` as a user runs it: a real process on a free port, a real HTTP request,
the first-admin link and a later `playbook quiz invite` naming the port it serves."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_prints_links_for_its_port_and_the_cli_follows(tmp_path, mini_content):
    port = _free_port()
    env = {
        **os.environ,
        "PLAYBOOK_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("PLAYBOOK_BASE_URL", "PLAYBOOK_ENV", "PLAYBOOK_SECRET_KEY"):
        env.pop(name, None)
    cli = [sys.executable, "-m", "catalog.cli"]
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--no-build", "--content", str(mini_content)],
        cwd=tmp_path,  # no site/ here: the training app only
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while not any(line.startswith("Press Ctrl+C") for line in lines):
            assert time.monotonic() < deadline, lines
            line = server.stdout.readline()
            assert line, f"serve stopped: {lines}"
            lines.append(line)
        out = "".join(lines)
        base = f"http://127.0.0.1:{port}"
        assert f"Training: {base}/train/" in out
        assert re.search(rf"^  {re.escape(base)}/train/auth/link/\S+$", out, re.M), out
        with urllib.request.urlopen(f"{base}/train/api/health", timeout=10) as response:
            assert response.status == 200
        invited = subprocess.run(
            [*cli, "quiz", "--content", str(mini_content), "invite", "bob"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert f"{base}/train/auth/invite/" in invited.stdout
        elsewhere = subprocess.run(
            [*cli, "quiz", "--content", str(mini_content), "invite", "bob"],
            cwd=tmp_path,
            env={**env, "PLAYBOOK_BASE_URL": "https://playbook.example.com"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert "https://playbook.example.com/train/auth/invite/" in elsewhere.stdout
    finally:
        server.send_signal(signal.SIGINT)
        rest, _ = server.communicate(timeout=30)
    assert server.returncode == 0 and "Stopped." in rest
