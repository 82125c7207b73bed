"""The record cache and the parallel path give exactly what a fresh serial load gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import files, load
from catalog.files import default_cache_path


def _summary(content: Path, **kwargs) -> tuple:
    catalog = load(content, **kwargs)
    records = {(r.KIND, r.id): r.model_dump() for r in catalog.all()}
    return records, [str(p) for p in catalog.problems]


def test_cached_load_equals_fresh_load(mini_content: Path) -> None:
    fresh = _summary(mini_content, cache=False)
    assert _summary(mini_content) == fresh  # writes the cache
    assert default_cache_path(mini_content).is_file()
    assert _summary(mini_content) == fresh  # reads it


def test_edited_file_is_not_served_from_cache(mini_content: Path) -> None:
    load(mini_content)
    path = mini_content / "kpis" / "win-rate.yml"
    path.write_text(path.read_text().replace("target: 25", "target: 31"))
    assert load(mini_content).kpis["win-rate"].target == 31
    path.write_text(path.read_text().replace("target: 31", "target: [31"))
    catalog = load(mini_content)
    assert [p.code for p in catalog.errors] == ["yaml-syntax"]


def test_corrupt_cache_is_ignored(mini_content: Path) -> None:
    load(mini_content)
    default_cache_path(mini_content).write_bytes(b"not a pickle")
    assert load(mini_content).ok


def test_identical_files_become_distinct_records(mini_content: Path) -> None:
    text = (mini_content / "kpis" / "win-rate.yml").read_text()
    (mini_content / "kpis" / "win-rate-copy.yml").write_text(text)
    load(mini_content)
    catalog = load(mini_content)
    assert catalog.kpis["win-rate"].id == "win-rate"
    assert catalog.kpis["win-rate-copy"].id == "win-rate-copy"


def test_parallel_build_equals_serial(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _summary(mini_content, cache=False)
    monkeypatch.setattr(files, "PARALLEL_THRESHOLD", 1)
    assert _summary(mini_content, cache=False) == serial
