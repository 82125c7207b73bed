"""An empty catalogue's index pages say there is nothing yet, under their headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import load
from site_builder.render import RenderContext
from site_builder.render.indexes import index_pages
from site_builder.render.views import start_here


@pytest.fixture
def empty(tmp_path: Path) -> RenderContext:
    # A catalogue with no records at all is an error, so no site is built from it; but any
    # one kind may be empty, and each index page must cope with that.
    return RenderContext(load(tmp_path, cache=False))


def test_every_index_says_nothing_is_there_yet(empty: RenderContext) -> None:
    for page in index_pages(empty):
        body = page.body.strip()
        assert body.endswith(("_Nothing here yet._", "_No hand-offs between teams._")), page.src
        assert "| --- |" not in body, page.src  # no table of headers alone


def test_start_here_says_there_are_no_roles(empty: RenderContext) -> None:
    assert start_here(empty) == "_No roles yet._"
