"""The index fed page by page during the build is the one Pagefind's CLI makes of the site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from site_scan import BuiltSite

from site_builder.search import (
    BUNDLE,
    SearchIndexer,
    SearchIndexError,
    build_search_index,
    indexed_part,
)


def entry(bundle: Path) -> dict:
    """Pagefind's summary of an index: version, languages and their page counts."""
    found = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in found["languages"].values():
        del language["hash"]  # depends on the order the pages came in
    return found


def fragments(bundle: Path) -> set[str]:
    """The stored pages of an index (file names are hashes of their contents)."""
    return {path.name for path in (bundle / "fragment").iterdir()}


def test_streamed_index_equals_the_cli_index(mini_site: BuiltSite, tmp_path: Path) -> None:
    again = tmp_path / "site"
    shutil.copytree(mini_site.dir, again, ignore=shutil.ignore_patterns(BUNDLE))
    build_search_index(again)
    streamed, cli = mini_site.dir / BUNDLE, again / BUNDLE
    assert entry(streamed) == entry(cli)
    assert fragments(streamed) == fragments(cli)
    assert len(fragments(streamed)) > 10


def test_pages_added_one_by_one_make_an_index(tmp_path: Path) -> None:
    indexer = SearchIndexer()
    body = "<h1>Lead routing</h1><p>Every lead finds its owner.</p>"
    indexer.add(
        "routing/index.html", f"<html lang=en><body data-pagefind-body>{body}</body></html>"
    )
    indexer.add("elsewhere/index.html", "<html lang=en><body><p>Not indexed</p></body></html>")
    indexer.write(tmp_path)
    assert entry(tmp_path / BUNDLE)["languages"]["en"]["page_count"] == 1
    assert indexer._process.poll() is not None  # the service has stopped


def test_an_index_that_cannot_be_written_fails(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "site"
    not_a_folder.write_text("a file where the site should be")
    with pytest.raises(SearchIndexError, match=r"^Pagefind stopped \(101\): .*Not a directory"):
        SearchIndexer().write(not_a_folder)


def test_pagefind_is_sent_the_head_and_body_of_a_page() -> None:
    page = (
        '<html lang="en"><head><title>T</title></head><body><nav><div>menu</div></nav>'
        "<div data-pagefind-body><h1>T</h1><div><p>text</p></div></div>"
        "<footer>f</footer></body></html>"
    )
    assert indexed_part(page) == (
        '<html lang="en"><head><title>T</title></head><body>'
        "<div data-pagefind-body><h1>T</h1><div><p>text</p></div></div></body></html>"
    )
    unclosed = page.replace("</div></div><footer>", "<footer>")
    assert indexed_part(unclosed) == unclosed
    no_body = page.replace(" data-pagefind-body", "")
    assert indexed_part(no_body) == no_body
