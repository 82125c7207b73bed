"""`playbook serve` when the site does not build: it says why and serves what it has."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz_server.serve import ensure_site

ROOT = Path(__file__).resolve().parents[2]


def test_a_page_template_error_is_reported_and_the_old_site_served(
    mini_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # where `playbook serve` finds mkdocs.yml
    for name in ("PLAYBOOK_CONTENT", "PLAYBOOK_PAGES"):
        monkeypatch.setenv(name, "")  # whatever the build sets is undone after the test
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    shutil.copytree(ROOT / "content" / "pages", mini_content / "pages")
    page = mini_content / "pages" / "index.md"
    page.write_text("# Tiny Co\n\n{{ no_such_macro() }}\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>The previous site</h1>")
    said: list[str] = []
    assert ensure_site(site, mini_content, said.append) == site
    assert said[1:] == [
        f"The site did not build:\n{page}:3: template error: 'no_such_macro' is undefined"
    ]
    assert (site / "index.html").read_text() == "<h1>The previous site</h1>"
