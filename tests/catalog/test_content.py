"""The bundled organisation: it validates, and it is as large and rich as promised."""

from __future__ import annotations

import pytest

from catalog import Catalog, load
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def content() -> Catalog:
    return load(ROOT / "content")


def test_bundled_content_has_no_errors(content: Catalog) -> None:
    assert [str(p) for p in content.errors] == []


def test_bundled_content_is_a_realistic_organisation(content: Catalog) -> None:
    counts = content.counts()
    assert counts["domain"] == 9
    assert counts["team"] >= 10
    assert counts["role"] >= 30
    assert counts["person"] >= 40
    assert counts["process"] >= 40
    assert counts["tool"] >= 20
    assert counts["data"] >= 15
    assert counts["kpi"] >= 20
    assert counts["training"] >= 15
    assert all(len(p.steps) >= 4 for p in content.processes.values())
    assert all(len(m.questions) >= 5 for m in content.training.values())
    assert set(content.graph.processes_in_domain("revops")) >= set(
        content.graph.processes_in_domain("salesops")
    )
    assert all(content.graph.processes_in_domain(d) for d in content.domains)


def test_every_bundled_record_points_editors_at_its_schema() -> None:
    missing = []
    for path in sorted((ROOT / "content").glob("*/*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if not first.startswith("# yaml-language-server: $schema=../../catalog/schemas/"):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []
