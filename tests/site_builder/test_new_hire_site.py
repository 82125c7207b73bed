"""The new-hire catalogue (new_hire_catalogue.py) built with `mkdocs build --strict`: the
menu, links from hand-written pages at any depth, records not in force in pages and in
search, and glossary words edged by punctuation."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from new_hire_catalogue import make_new_hire_catalogue
from site_scan import ROOT, html_pages, internal_links, mkdocs_env, parse, target_file, url_of

BASE = "http://site.invalid/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("new-hire-site")
    content, pages = make_new_hire_catalogue(base)
    env = {**mkdocs_env(content, base / "cache"), "PLAYBOOK_PAGES": str(pages)}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(base / "site")]
    command += ["-f", str(ROOT / "mkdocs.yml")]
    built = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return base / "site"


CLICK = re.compile(r'^\s*click \w+ href "([^"]+)"', re.MULTILINE)


def test_every_diagram_link_opens_a_page_from_any_page(site: Path) -> None:
    clicks = {}
    for page in html_pages(site):
        here = BASE + url_of(site, page)
        for href in CLICK.findall(html.unescape(page.read_text(encoding="utf-8"))):
            clicks[url_of(site, page), href] = urlsplit(urljoin(here, href)).path
    pages = {page for page, _ in clicks}
    assert {"", "flows/", "guides/", "guides/deep/", "processes/lead-routing/"} <= pages
    broken = [
        f"{page}: {href}"
        for (page, href), target in clicks.items()
        if not target.startswith("/") or not target_file(site, target).is_file()
    ]
    assert broken == []
    assert clicks["", "processes/nurture-campaign/"] == "/processes/nurture-campaign/"


def test_every_link_of_the_hand_written_pages_opens_a_page(site: Path) -> None:
    handwritten = {"", "flows/", "guides/", "guides/deep/", "onboarding/", "editing/"}
    broken = []
    for page, target, anchor in internal_links(site):
        if page not in handwritten:
            continue
        path = target_file(site, target)
        if not path.is_file() or (anchor and anchor not in parse(path).ids):
            broken.append(f"{page}: {target}#{anchor}")
    assert broken == []


NAV_LINK = re.compile(
    r'<a href="([^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<'
)


def menu(page: str) -> dict[str, str]:
    """The menu's entries (title to site path) on a built page."""
    primary = page[page.index("md-nav--primary") : page.index("md-sidebar--secondary")]
    return {title: href for href, title in NAV_LINK.findall(primary)}


def test_the_menu_shows_each_index_page_under_its_own_title(site: Path) -> None:
    entries = menu((site / "guides" / "deep" / "index.html").read_text(encoding="utf-8"))
    for title, path in [
        ("Domains", "domains/"),
        ("Processes", "processes/"),
        ("Training", "training/"),
        ("Teams", "teams/"),
    ]:
        assert entries.get(title) == f"../../{path}", (title, entries)
    # No record page is in the menu: its size does not grow with the catalogue.
    assert len(entries) < 25


def test_records_not_in_force_keep_their_pages_and_say_so_in_search(site: Path) -> None:
    retired = (site / "processes" / "legacy-routing" / "index.html").read_text(encoding="utf-8")
    draft = (site / "processes" / "lead-scoring" / "index.html").read_text(encoding="utf-8")
    active = (site / "processes" / "lead-routing" / "index.html").read_text(encoding="utf-8")
    assert '<p class="admonition-title">Retired</p>' in retired
    assert 'data-pagefind-meta="title:Legacy lead routing (Retired)"' in retired
    assert 'data-pagefind-weight="0.01"' in retired
    assert 'data-pagefind-meta="title:Lead scoring (Draft)"' in draft
    assert 'data-pagefind-weight="0.1"' in draft
    assert "data-pagefind-weight" not in active and "data-pagefind-meta" not in active


@pytest.mark.parametrize(
    ("role", "buttons"),
    [("sdr", 2), ("sales-manager", 0), ("inbound-rep", 0), ("sales-engineer", 0)],
)
def test_get_certified_only_where_a_role_can_be_certified(site: Path, role, buttons) -> None:
    page = (site / "roles" / role / "index.html").read_text(encoding="utf-8")
    assert page.count("Get certified") == buttons  # the header's and the onboarding path's


def test_a_punctuated_glossary_word_gets_its_tooltip(site: Path) -> None:
    page = (site / "guides" / "deep" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="A programming language">C++</abbr>' in page
