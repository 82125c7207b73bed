"""The site's search: a Pagefind index, split into small chunks loaded as a query needs them.

Material's built-in search ships one JSON index that every page fetches whole (15 MB at
2,000 processes); Pagefind's first query loads a few hundred kilobytes at any size and
works offline, as it is served from the site itself. Pages mark their listings of other
records `data-pagefind-ignore` and index pages have no `data-pagefind-body`, so a search
finds the page that holds a word, not every page that links to it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

BUNDLE = "pagefind"
"""Folder of site/ the index and its scripts are written to."""


class SearchIndexError(RuntimeError):
    """The search index could not be built; the message says why and what to do."""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the `pagefind[bin]` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise SearchIndexError(
            "Pagefind is not installed; run: pip install 'pagefind[bin]' "
            "(or set `search: none` under the playbook plugin)"
        ) from exc
    return get_executable()


def build_search_index(site_dir: Path) -> None:
    """Index every page of a built site into site_dir/pagefind/."""
    command = [
        str(pagefind_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ".headerlink",
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {detail}")
