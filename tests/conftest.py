"""Fixtures shared by every test package: the small catalogue and a real browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    """A private copy of the small catalogue, safe to edit."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep the parse cache out of the user's home during tests."""
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
