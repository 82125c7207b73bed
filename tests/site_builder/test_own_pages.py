"""A catalogue folder given with --content brings its own hand-written pages, if it has any."""

from __future__ import annotations

from pathlib import Path

from site_scan import ROOT

from catalog.cli import main as playbook

CONFIG = str(ROOT / "mkdocs.yml")


def test_a_catalogue_with_pages_gets_its_own_home_page(building: Path) -> None:
    (building / "pages").mkdir()
    (building / "pages" / "index.md").write_text("# Tiny Co\n\nOur own zebracorn handbook.\n")
    assert playbook(["build", "--content", str(building), "-f", CONFIG, "-d", "site"]) == 0
    home = (building.parent / "site" / "index.html").read_text()
    assert "Our own zebracorn handbook." in home
    assert (building.parent / "site" / "processes" / "lead-routing" / "index.html").is_file()


def test_without_pages_the_bundled_ones_are_used(building: Path) -> None:
    assert playbook(["build", "--content", str(building), "-f", CONFIG, "-d", "site"]) == 0
    bundled = (ROOT / "content" / "pages" / "onboarding.md").is_file()
    assert bundled and (building.parent / "site" / "onboarding" / "index.html").is_file()
