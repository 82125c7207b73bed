"""Fixtures for the site tests: the small catalogue built once with a real `mkdocs build`."""

from __future__ import annotations

import pytest
from site_scan import MINI, BuiltSite, mkdocs_build

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
