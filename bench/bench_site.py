"""Site build benchmark: our plugin against a plain MkDocs build of the same pages.

    python bench/bench_site.py                      # N = 100, 500, 2000 processes
    python bench/bench_site.py --sizes 100 --no-browser

For each N it generates a synthetic catalogue (bench/synth.py), builds it once with the
playbook plugin exporting every page's final Markdown, then times, from a cold parse
cache, (a) our build and (b) a plain `mkdocs build` of the exported Markdown with the
same mkdocs.yml minus the playbook plugin. It prints seconds, seconds and bytes per page,
the ratio, and the bytes the browser loads for a first search query (Pagefind).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import generate  # noqa: E402

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")


@dataclass
class Run:
    """One timed build: how long, how many pages, how many bytes of HTML."""

    seconds: float
    pages: int
    html_bytes: int

    @property
    def per_page(self) -> float:
        return self.seconds / self.pages

    @property
    def bytes_per_page(self) -> float:
        return self.html_bytes / self.pages


def _plugins(playbook: dict[str, Any] | None) -> list[Any]:
    """The plugins of the repository's mkdocs.yml, with the playbook plugin's options
    replaced (or the plugin left out when `playbook` is None)."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        raw = yaml_load(f)
    plugins = []
    for entry in raw["plugins"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == "playbook":
            if playbook is not None:
                plugins.append({"playbook": playbook})
        else:
            plugins.append(entry)
    return plugins


BUILD_CHILD = """
import json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
config, overrides = json.loads(sys.argv[1])
started = time.perf_counter()
build(load_config(config, **overrides))
print(time.perf_counter() - started)
"""


def build(site_dir: Path, plugins: list[Any], docs_dir: Path | None = None) -> Run:
    """Time one `mkdocs build` of the repository's configuration with these plugins, in a
    fresh Python process (nothing compiled or cached by an earlier build), from loading the
    configuration (and so the plugins) to the end of the build."""
    overrides: dict[str, Any] = {"site_dir": str(site_dir), "plugins": plugins}
    if docs_dir is not None:
        overrides["docs_dir"] = str(docs_dir)
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": tempfile.mkdtemp(prefix="playbook-cache-")}
    done = subprocess.run(
        [sys.executable, "-c", BUILD_CHILD, json.dumps([str(ROOT / "mkdocs.yml"), overrides])],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"mkdocs build failed:\n{done.stderr[-3000:]}")
    seconds = float(done.stdout.strip().splitlines()[-1])
    html = [
        p
        for p in site_dir.rglob("*.html")
        if p.relative_to(site_dir).parts[0] not in {"assets", "pagefind"}
    ]
    return Run(seconds, len(html), sum(p.stat().st_size for p in html))


def first_query_bytes(site_dir: Path, query: str) -> int | None:
    """Bytes the browser fetches from the search bundle to answer a first query."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loaded: dict[str, int] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()

            def record(response: Any) -> None:
                if "/pagefind/" in response.url:
                    loaded[response.url] = len(response.body())

            page.on("response", record)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/?q={query}")
            page.wait_for_selector(".pagefind-ui__result", timeout=30_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return sum(loaded.values())


def bench(n: int, out: Path, browser: bool) -> None:
    """Generate, build both ways and print one line of figures for N processes."""
    base = out / str(n)
    content, markdown = base / "content", base / "markdown"
    if not content.is_dir():
        generate(content, n)
    shutil.rmtree(markdown, ignore_errors=True)
    options = {"content": str(content)}
    build(base / "site-export", _plugins({**options, "export_markdown": str(markdown)}))
    plain = build(base / "site-plain", _plugins(None), docs_dir=markdown)
    ours = build(base / "site", _plugins(options))
    search = first_query_bytes(base / "site", "Escalate") if browser else None
    search_text = f"{search / 1e6:.2f} MB" if search is not None else "n/a"
    print(
        f"{n:>6} {ours.pages:>6} {ours.seconds:>8.1f} {plain.seconds:>8.1f} "
        f"{ours.seconds / plain.seconds:>6.2f} {ours.per_page * 1000:>8.1f} "
        f"{plain.per_page * 1000:>8.1f} {ours.bytes_per_page / 1000:>8.1f} "
        f"{plain.bytes_per_page / 1000:>8.1f} {search_text:>10}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measure")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(
        f"{'N':>6} {'pages':>6} {'ours s':>8} {'plain s':>8} {'ratio':>6} {'ms/page':>8} "
        f"{'plain':>8} {'KB/page':>8} {'plain':>8} {'1st query':>10}"
    )
    for n in args.sizes:
        bench(n, args.out, browser=not args.no_browser)


if __name__ == "__main__":
    main()
