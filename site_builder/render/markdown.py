"""Small Markdown builders shared by every renderer: escaping, record links, tables, lists.

Renderers link to records with the catalogue's own scheme (`[text](kind:id)`); turning
those into paths is the generator's business (see `links.resolve_links`), so the Markdown
written here means the same thing to any site generator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from catalog.models import Record

from .safe import flattened

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]|#{}])")


@lru_cache(maxsize=1 << 16)
def text(value: str) -> str:
    """Plain text made safe to place inline in Markdown (titles, names, free strings):
    shown as written, on one line, with no markup, HTML or attribute list in effect."""
    one_line = " ".join(str(value).split())  # \r and \n alike would end a heading or a row
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;")
    return _INLINE_SPECIALS.sub(r"\\\1", escaped)


def inline(markdown: str) -> str:
    """A Markdown field flattened to one line, for list items and table cells."""
    return flattened(markdown)


@lru_cache(maxsize=1 << 16)
def ref(kind: str, id: str, label: str, anchor: str | None = None) -> str:
    """A link to a record (or a step of a process) in the catalogue's link scheme."""
    target = f"{kind}:{id}" + (f"#{anchor}" if anchor else "")
    return f"[{text(label)}]({target})"


def link(record: Record) -> str:
    """A link to a record, labelled with its title."""
    return ref(record.KIND, record.id, record.title)


def links(records: Iterable[Record], empty: str = "—") -> str:
    """Comma-separated links to records, or `empty` when there are none."""
    found = [link(r) for r in records]
    return ", ".join(found) if found else empty


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are Markdown already (use `text` or `inline` for values)."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines)


def bullets(items: Iterable[str], empty: str | None = None) -> str:
    """A bulleted list of Markdown items; `empty` (if given) replaces a list with no items."""
    lines = [f"- {item}" for item in items]
    if not lines:
        return f"_{empty}_" if empty else ""
    return "\n".join(lines)


def section(title: str, body: str, level: int = 2, anchor: str | None = None) -> str:
    """A heading and its body, or nothing when the body is empty."""
    if not body.strip():
        return ""
    attrs = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {text(title)}{attrs}\n\n{body.strip()}\n"


def listing(title: str, body: str, level: int = 2, anchor: str | None = None) -> str:
    """A section that lists other records: shown, but left out of the search index, so a
    search finds the record that holds a word rather than every page linking to it."""
    found = section(title, body, level, anchor)
    return ignored_by_search(found) if found else ""


def ignored_by_search(markdown: str) -> str:
    """Wrap Markdown in a block the search indexer skips (listings, tables, diagrams)."""
    return f'<div data-pagefind-ignore="all" markdown="block">\n\n{markdown.strip()}\n\n</div>'


def join(*parts: str) -> str:
    """Blocks of Markdown separated by blank lines, skipping empty ones."""
    return "\n\n".join(p.strip() for p in parts if p and p.strip()) + "\n"
