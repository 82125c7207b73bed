"""A new hire's first visit to the playbook, in a real browser, with nothing from outside.

The site is the small catalogue with records not in force and hand-written pages at
several depths (tests/site_builder/new_hire_catalogue.py).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import screenshot

from tests.site_builder.new_hire_catalogue import make_new_hire_catalogue

ROOT = Path(__file__).resolve().parents[2]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The new-hire catalogue's site, built with mkdocs and served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("browser-site")
    content, pages = make_new_hire_catalogue(base)
    env = {
        **os.environ,
        "PLAYBOOK_CONTENT": str(content),
        "PLAYBOOK_PAGES": str(pages),
        "PLAYBOOK_CACHE_DIR": str(base / "cache"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(base / "site")],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    handler = functools.partial(_QuietHandler, directory=str(base / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def search(page, query: str):
    """Open the search dialog from the header, type a query, return the results (one per
    page; each holds a link to the page, then links to its matching sections)."""
    page.click(".pb-search-button")
    page.locator(".pagefind-ui__search-input").fill(query)
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=15_000)
    return results


OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, {...init, mode: "open"});
};
"""
"""Material draws each diagram into a closed shadow root; opened here so the test can see it."""


def test_new_hire_finds_a_step_then_learns_their_role(page, site_url: str) -> None:
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.goto(site_url)
    assert page.title().startswith("Playbook")

    # A word that only one step's instructions hold leads to that process.
    results = search(page, "zebracorn")
    assert results.count() == 1
    screenshot(page, "site-search-zebracorn")
    results.first.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url("**/processes/lead-routing/**")
    assert page.locator("h1").inner_text().startswith("Lead routing")
    assert "zebracorn" in page.locator("#step-qualify ~ p").first.inner_text()

    # The RACI table and the flow, rendered by the site's own Mermaid into an SVG.
    raci = page.locator("h2#raci + div table")
    assert raci.locator("th").first.inner_text() == "Step"
    assert "AI" in raci.inner_text()
    diagram = page.locator("div.mermaid svg").first
    diagram.wait_for(timeout=15_000)
    assert "Qualify the lead" in diagram.inner_html()
    assert diagram.bounding_box()["height"] > 100
    screenshot(page, "site-process")

    # From the process to the SDR's role page, and its onboarding path.
    page.locator("article a", has_text="Sales Development Representative").first.click()
    page.wait_for_url("**/roles/sdr/")
    certify = page.locator(".pb-header a", has_text="Get certified")
    assert certify.get_attribute("href") == "/train/roles/sdr"
    page.locator(".md-nav__link", has_text="Onboarding path").first.click()
    page.wait_for_url("**/roles/sdr/#onboarding-path")
    path = page.locator("#onboarding-path + p + ol")
    assert path.locator("li").first.inner_text().startswith("Lead routing")
    screenshot(page, "site-role-onboarding")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lead routing", "/processes/lead-routing/"),
        ("Sales Development Representative", "/roles/sdr/"),
        ("HubSpot", "/tools/crm/"),
    ],
)
def test_search_finds_processes_roles_and_tools(page, site_url: str, query: str, expected: str):
    page.goto(site_url + "glossary/")
    results = search(page, query)
    found = [
        results.nth(i).locator(".pagefind-ui__result-link").first.get_attribute("href")
        for i in range(min(3, results.count()))
    ]
    assert any(href.endswith(expected) for href in found), found


@pytest.mark.parametrize("path", ["", "guides/", "guides/deep/"])
def test_a_sub_process_box_opens_its_process_from_a_hand_written_page(page, site_url, path):
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.goto(site_url + path)
    box = page.locator("div.mermaid svg a", has_text="Nurture campaign").first
    box.wait_for(timeout=15_000)
    box.click()
    page.wait_for_url(site_url + "processes/nurture-campaign/")
    assert page.locator("h1").inner_text().startswith("Nurture campaign")


def test_the_menu_leads_to_every_process(page, site_url: str) -> None:
    page.goto(site_url + "guides/deep/")
    menu = page.locator("nav.md-nav--primary")
    for title in ("Domains", "Processes", "Training"):
        assert menu.locator("a.md-nav__link", has_text=title).first.is_visible(), title
    menu.locator("a.md-nav__link", has_text="Processes").first.click()
    page.wait_for_url(site_url + "processes/")
    assert page.locator("h1").inner_text().startswith("Processes by domain")


def test_search_puts_records_in_force_first_and_names_the_status_of_others(page, site_url):
    page.goto(site_url + "glossary/")
    results = search(page, "quokka")
    page.wait_for_function(
        "document.querySelectorAll('.pagefind-ui__result').length >= 2", timeout=15_000
    )
    titles = [
        results.nth(i).locator(".pagefind-ui__result-link").first.inner_text()
        for i in range(results.count())
    ]
    # The retired process says "quokka" ten times, lead routing once: it still comes second.
    assert titles == ["Lead routing", "Legacy lead routing (Retired)"]
    screenshot(page, "site-search-retired")
