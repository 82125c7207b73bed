"""Edit-to-visible time of `mkdocs serve`: how long after saving a record its change shows.

    python bench/bench_serve.py                 # plain `mkdocs serve` on content/
    python bench/bench_serve.py --dirty         # `mkdocs serve --dirty`
    python bench/bench_serve.py --edits 3 --record processes/lead-routing.yml

It starts a real `mkdocs serve` of the repository's mkdocs.yml on a free port, waits for
the first build, then edits one record several times: its title (`--edit title`, shown on
every page that names or lists it) or the text of its first step's instructions (`--edit
step`, shown on its own page only). After each save it polls, like a browser that reloads,
the record's own page and, for a title, the index of its kind, until they show the edit,
and prints the seconds each took. The record file is restored afterwards, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """The page at `url`, or '' while the server is missing or rebuilding it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def seconds_until(urls: list[str], text: str, started: float, timeout: float) -> list[float]:
    """For each URL, the seconds from `started` until its page contains `text`."""
    found: dict[str, float] = {}
    while len(found) < len(urls):
        for url in urls:
            if url not in found and text in fetch(url):
                found[url] = time.monotonic() - started
        if time.monotonic() - started > timeout:
            missing = ", ".join(u for u in urls if u not in found)
            raise TimeoutError(f"{missing} did not show {text!r} within {timeout} s")
        time.sleep(0.02)
    return [found[url] for url in urls]


def start_server(port: int, dirty: bool, log: Path) -> subprocess.Popen[bytes]:
    """`mkdocs serve` of the repository, as an editor would start it."""
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server as ^C does, so mkdocs and the plugin remove their temporary folders."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dirty", action="store_true", help="serve with --dirty")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument(
        "--record", default="processes/lead-routing.yml", help="a record under content/"
    )
    parser.add_argument("--edit", choices=["title", "step"], default="title")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds between edits")
    args = parser.parse_args()

    record = ROOT / "content" / args.record
    folder, stem = record.parent.name, record.stem
    source = record.read_text(encoding="utf-8")
    where = {"title": r"^title: (?=.)", "step": r"^ +instructions: \|\n +(?=\S)"}[args.edit]
    found = re.search(where, source, re.MULTILINE)
    if found is None:
        parser.error(f"{record} has no {args.edit} to edit")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = [f"{base}{folder}/{stem}/"]
    if args.edit == "title":
        urls.append(f"{base}{folder}/")
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-serve-{port}.log"
    server = start_server(port, args.dirty, log)
    latencies: list[list[float]] = []
    try:
        started = time.monotonic()
        first = seconds_until(urls[:1], "</html>", started, timeout=300)[0]
        print(f"first build served after {first:.1f} s", flush=True)
        for attempt in range(args.edits):
            time.sleep(args.settle)  # the previous rebuild and its search index are done
            marker = f"Edited{attempt}x{port}"
            edited = f"{source[: found.end()]}{marker} {source[found.end() :]}"
            record.write_text(edited, encoding="utf-8")
            latencies.append(seconds_until(urls, marker, time.monotonic(), timeout=120))
            shown = ", ".join(
                f"{url.removeprefix(base) or '/'} {seconds:.2f} s"
                for url, seconds in zip(urls, latencies[-1], strict=True)
            )
            print(f"edit {attempt + 1}: {shown}", flush=True)
    finally:
        record.write_text(source, encoding="utf-8")
        time.sleep(args.settle)  # let the server rebuild from the restored file before ^C
        stop_server(server)
    if latencies:
        mode = "mkdocs serve --dirty" if args.dirty else "mkdocs serve"
        every = [max(edit) for edit in latencies]
        print(
            f"{mode}, {args.edit} edits: saved to shown, median {statistics.median(every):.2f} s, "
            f"min {min(every):.2f} s, max {max(every):.2f} s over {len(every)} edits"
        )


if __name__ == "__main__":
    main()
