"""A catalogue folder given with --content brings its own hand-written pages, if it has any."""

from __future__ import annotations

from pathlib import Path

import yaml
from site_scan import ROOT

from catalog.cli import main as playbook
from site_builder.nav import present_nav

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


def test_own_pages_without_the_bundled_ones_pass_strict(building: Path) -> None:
    (building / "pages").mkdir()
    (building / "pages" / "index.md").write_text("# Tiny Co\n\nOur own handbook.\n")
    args = ["build", "--content", str(building), "-f", CONFIG, "-d", "site", "--strict"]
    assert playbook(args) == 0
    home = (building.parent / "site" / "index.html").read_text()
    assert "Our own handbook." in home
    assert "Start here" not in home and "Editing the playbook" not in home
    assert "Org chart" in home  # generated pages stay in the menu


def test_the_bundled_pages_fill_every_entry_of_the_menu() -> None:
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_IgnoreTags)["nav"]
    pages = ROOT / "content" / "pages"
    generated = {"org-chart.md", "handoffs.md", "raci.md", "tags.md"}

    def exists(src: str) -> bool:
        return (pages / src).is_file() or src.endswith("/index.md") or src in generated

    assert present_nav(nav, exists)[1] == []


def test_the_menu_loses_missing_pages_and_sections_left_empty() -> None:
    nav = [
        {"Home": "index.md"},
        "gone.md",
        {"Learn": [{"Gone": "gone/more.md"}]},
        {"Elsewhere": "https://example.com/"},
    ]
    present, missing = present_nav(nav, lambda src: src == "index.md")
    assert present == [{"Home": "index.md"}, {"Elsewhere": "https://example.com/"}]
    assert missing == ["gone.md", "gone/more.md"]


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml's !ENV and !!python tags read as plain values: only the nav matters here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
