"""Small Markdown builders shared by every renderer: escaping, record links, tables, lists.

Renderers link to records with the catalogue's own scheme (`[text](kind:id)`); turning
those into paths is the generator's business (see `links.resolve_links`), so the Markdown
written here means the same thing to any site generator.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from catalog.models import Record

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]|#{}])")


@lru_cache(maxsize=1 << 16)
def text(value: str) -> str:
    """Plain text made safe to place inline in Markdown (titles, names, free strings):
    shown as written, on one line, with no markup, HTML or attribute list in effect."""
    one_line = " ".join(str(value).split())  # \r and \n alike would end a heading or a row
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;")
    return _INLINE_SPECIALS.sub(r"\\\1", escaped)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOT_PROSE = re.compile(r"^\s*(?:\||#|\*\[|\[[^\]]*\]:)")
_PLAIN = [
    (re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"), r"\1"),  # links, images: text
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # code spans: their text
    (re.compile(r"<[^>\n]*>"), ""),  # HTML tags and autolinks' brackets
    (re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s+", re.MULTILINE), ""),  # quote, list
    (re.compile(r"\*+|~~|(?<!\w)_+|_+(?!\w)|\\(?=\W)"), ""),  # emphasis, escapes
]
_SENTENCE = re.compile(r".+?[.!?](?=\s|$)")


@lru_cache(maxsize=1 << 14)
def excerpt(markdown: str, limit: int = 160) -> str:
    """A Markdown field as a short line of plain text, for listings and table cells: its
    first paragraph of prose, or that paragraph's first sentence, cut at `limit`."""
    plain = _first_paragraph(markdown)
    for pattern, replacement in _PLAIN:
        plain = pattern.sub(replacement, plain)
    plain = " ".join(html.unescape(plain).split())
    if len(plain) > limit:
        sentence = _SENTENCE.match(plain)
        if sentence and len(sentence.group()) <= limit:
            plain = sentence.group()
        else:
            plain = plain[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text(plain)


def _first_paragraph(markdown: str) -> str:
    """The first block of a field that is prose: not code, a table, a heading or a definition."""
    in_code, block = False, []
    for line in [*markdown.splitlines(), ""]:
        if _FENCE.match(line):
            in_code = not in_code
        elif in_code:
            continue
        elif line.strip():
            block.append(line)
        elif block and not _NOT_PROSE.match(block[0]):
            return "\n".join(block)
        else:
            block = []
    return ""


def code(value: str) -> str:
    """Plain text shown as inline code, whatever backticks or pipes it holds."""
    return f"<code>{text(value)}</code>"


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
    """A Markdown table; cells are Markdown already (use `text` or `excerpt` for values).
    Nothing when there are no rows: a bare header says less than no table."""
    rows = list(rows)
    if not rows:
        return ""
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
