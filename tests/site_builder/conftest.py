"""Fixtures for the site tests: each catalogue built once with a real `mkdocs build`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_scan import MINI, ROOT, BuiltSite, build_catalogue


def build_once(factory: pytest.TempPathFactory, name: str, content: Path) -> BuiltSite:
    """Build a catalogue's site into a fresh temporary folder."""
    return build_catalogue(content, factory.mktemp(name))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small catalogue's site, built once per test session."""
    return build_once(tmp_path_factory, "mini-site", MINI)


@pytest.fixture(scope="session")
def content_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The bundled catalogue's site (content/), built once per test session."""
    return build_once(tmp_path_factory, "content-site", ROOT / "content")


@pytest.fixture(params=["mini", "content"])
def built_site(request: pytest.FixtureRequest) -> BuiltSite:
    """Each built site in turn: the small catalogue, then the bundled one."""
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture
def building(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small catalogue, built (by `playbook build --content`) from the folder that
    holds it; whatever the build sets in the environment is undone after the test."""
    monkeypatch.chdir(mini_content.parent)
    for name in ("PLAYBOOK_CONTENT", "PLAYBOOK_PAGES"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return mini_content


@pytest.fixture
def building_with_pages(building: Path) -> Path:
    """`building`, with a copy of the bundled hand-written pages in its pages/ folder."""
    shutil.copytree(ROOT / "content" / "pages", building / "pages")
    return building
