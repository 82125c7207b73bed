"""Reading a built site back: its files, the links and resources in its pages, its anchors."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"


@dataclass(frozen=True)
class BuiltSite:
    """A site built from a catalogue, with the build's output and the catalogue itself."""

    dir: Path
    catalog: Catalog
    output: str
    returncode: int

    def page(self, path: str) -> str:
        """The HTML of the page at a site path such as 'processes/lead-routing/'."""
        return (self.dir / path / "index.html").read_text(encoding="utf-8")


def mkdocs_env(content: Path, cache: Path) -> dict[str, str]:
    """Environment for a build of `content` with the repository's mkdocs.yml."""
    return {
        **os.environ,
        "PLAYBOOK_CONTENT": str(content),
        "PLAYBOOK_CACHE_DIR": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
    }


def mkdocs_build(content: Path, site: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` on a catalogue, as a user would."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=ROOT,
        env=mkdocs_env(content, cache),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def build_catalogue(content: Path, base: Path) -> BuiltSite:
    """Build a catalogue's site with `mkdocs build --strict` into `base`/site."""
    result = mkdocs_build(content, base / "site", base / "cache")
    return BuiltSite(
        base / "site",
        load_catalog(content, cache=False),
        result.stdout + result.stderr,
        result.returncode,
    )


TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".xml", ".txt", ".svg", ".md"}


class PageParser(HTMLParser):
    """Collects a page's ids, its links (<a href>) and what it loads (src, stylesheets)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "src" in a:
            self.loads.append(a["src"])
        if tag == "link" and a.get("rel") not in {"canonical", "alternate"} and "href" in a:
            self.loads.append(a["href"])
        if "style" in a:
            self.styles.append(a["style"])
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> Iterator[Path]:
    """Every HTML page of the site."""
    yield from sorted(site.rglob("*.html"))


def url_of(site: Path, page: Path) -> str:
    """The site URL of a built page, e.g. 'processes/lead-routing/'."""
    rel = page.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def target_file(site: Path, url: str) -> Path:
    """The file a site URL is served from."""
    path = site / unquote(url).lstrip("/")
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def internal_links(site: Path) -> Iterator[tuple[str, str, str]]:
    """(page URL, resolved target URL, anchor) for every link that stays on the site."""
    base = "http://site.invalid/"
    for page in html_pages(site):
        here = base + url_of(site, page)
        for href in parse(page).links:
            resolved = urlsplit(urljoin(here, href))
            if resolved.scheme not in {"http", "https"} or resolved.netloc != "site.invalid":
                continue
            if resolved.path.startswith("/train"):
                continue  # the training app, served beside the site
            yield url_of(site, page), resolved.path, resolved.fragment


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def foreign_loads(site: Path) -> list[str]:
    """Resources the site's pages and stylesheets would fetch from another host."""
    found = []
    for page in html_pages(site):
        parser = parse(page)
        refs = list(parser.loads)
        for style in parser.styles:
            refs += [a or b for a, b in CSS_URL.findall(style)]
        found += [f"{url_of(site, page)}: {r}" for r in refs if _foreign(r)]
    for css in site.rglob("*.css"):
        for a, b in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if _foreign(a or b):
                found.append(f"{css.relative_to(site)}: {a or b}")
    return found


def _foreign(ref: str) -> bool:
    return ref.startswith("//") or urlsplit(ref).scheme in {"http", "https"}


def readable_files(site: Path) -> Iterator[tuple[Path, str]]:
    """Every file of the site as text, Pagefind's gzipped chunks decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif path.suffix not in TEXT_SUFFIXES and b"\x00" in data[:1024]:
            continue  # binary: images, WebAssembly
        yield path, data.decode("utf-8", errors="replace")
