"""Fixtures for the site tests: the small catalogue built once with a real `mkdocs build`."""

from __future__ import annotations

import pytest
from site_scan import MINI, ROOT, BuiltSite, mkdocs_build

from catalog import load_catalog


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small catalogue's site, built once per test session."""
    base = tmp_path_factory.mktemp("mini-site")
    result = mkdocs_build(MINI, base / "site", base / "cache")
    return BuiltSite(
        base / "site",
        load_catalog(MINI, cache=False),
        result.stdout + result.stderr,
        result.returncode,
    )


@pytest.fixture(scope="session")
def content_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The bundled catalogue's site (content/), built once per test session."""
    base = tmp_path_factory.mktemp("content-site")
    content = ROOT / "content"
    result = mkdocs_build(content, base / "site", base / "cache")
    return BuiltSite(
        base / "site",
        load_catalog(content, cache=False),
        result.stdout + result.stderr,
        result.returncode,
    )


@pytest.fixture(params=["mini", "content"])
def built_site(request: pytest.FixtureRequest) -> BuiltSite:
    """Each built site in turn: the small catalogue, then the bundled one."""
    return request.getfixturevalue(f"{request.param}_site")
