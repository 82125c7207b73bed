"""Turning the catalogue's link scheme (`kind:id#step`) into relative links between pages.

Record pages live at `<folder>/<id>.md`, so the generator serves them at `page_path()`.
A process anchor names a step (`process:lead-routing#qualify` goes to `#step-qualify`);
on other kinds the anchor is a section of the page (`role:sdr#onboarding-path`). Pages
that are not records are linked as `site:path/in/docs.md`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from catalog.models import RECORD_TYPES

_KINDS = "|".join(sorted(RECORD_TYPES, key=len, reverse=True))
_INLINE = re.compile(
    rf"(?P<open>\]\(\s*)(?P<kind>{_KINDS}):(?P<id>[a-z0-9][a-z0-9-]*)"
    rf"(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?(?P<close>(?:\s+\"[^\"]*\")?\s*\))"
)
_SITE = re.compile(r"(?P<open>\]\(\s*)site:(?P<path>[^)\s#]+)(?P<rest>#?[^)\s]*\))")
_DEFINITION = re.compile(
    rf"^(?P<open> {{0,3}}\[[^\]]+\]:\s*)(?P<kind>{_KINDS}):(?P<id>[a-z0-9][a-z0-9-]*)"
    rf"(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?(?P<close>\s*(?:\"[^\"]*\")?\s*)$",
    re.MULTILINE,
)


def source_path(kind: str, id: str) -> str:
    """The Markdown file a record's page is generated as, e.g. 'processes/lead-routing.md'."""
    return f"{RECORD_TYPES[kind].FOLDER}/{id}.md"


def page_url(src: str) -> str:
    """The site path a Markdown file is served at, with directory URLs (as MkDocs and its
    successors serve them): 'index.md' is '', 'guides/index.md' 'guides/' and
    'guides/deep.md' 'guides/deep/'."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def _up(from_src: str) -> str:
    """The relative path from a Markdown file's folder back to the docs folder."""
    return "../" * from_src.count("/")


def relative_link(from_src: str, kind: str, id: str, anchor: str | None = None) -> str:
    """A link from one Markdown file to a record's page (and step), relative to the file."""
    target = _up(from_src) + source_path(kind, id)
    if not anchor:
        return target
    return f"{target}#step-{anchor}" if kind == "process" else f"{target}#{anchor}"


_CODE = re.compile(
    r"^(?P<fence> {0,3}(?P<mark>`{3,}|~{3,})).*?(?:^ {0,3}(?P=mark)[`~]*[ \t]*$|\Z)"
    r"|(?P<ticks>`+).+?(?<!`)(?P=ticks)(?!`)",
    re.MULTILINE | re.DOTALL,
)
"""Fenced code blocks and inline code spans, whose text is shown as written."""


def resolve_links(markdown: str, from_src: str) -> str:
    """Rewrite every `kind:id[#step]` link target in Markdown into a relative page link,
    leaving code (where a page may show the syntax itself) as written."""
    if ":" not in markdown:
        return markdown
    return _outside_code(markdown, lambda prose: _resolve(prose, from_src))


def _outside_code(markdown: str, change: Callable[[str], str]) -> str:
    """Markdown with `change` applied to all of it but its code."""
    if "`" not in markdown and "~~~" not in markdown:
        return change(markdown)
    parts, last = [], 0
    for code in _CODE.finditer(markdown):
        parts += [change(markdown[last : code.start()]), code.group()]
        last = code.end()
    parts.append(change(markdown[last:]))
    return "".join(parts)


def _resolve(markdown: str, from_src: str) -> str:
    """Rewrite the links of Markdown that holds no code."""

    def replace(match: re.Match[str]) -> str:
        target = relative_link(from_src, match["kind"], match["id"], match["anchor"])
        return f"{match['open']}{target}{match['close']}"

    def replace_site(match: re.Match[str]) -> str:
        target = _up(from_src) + match["path"]
        return f"{match['open']}{target}{match['rest']}"

    markdown = _INLINE.sub(replace, markdown)
    if "]:" in markdown:
        markdown = _DEFINITION.sub(replace, markdown)
    return _SITE.sub(replace_site, markdown) if "site:" in markdown else markdown


# Link texts that are just the linked record's title are written as a token and filled in
# after conversion (`defer_titles`, then `fill_titles` on the HTML). An edit to a title then
# changes the Markdown of the record's own page only, not of the dozens of pages that link
# to it, so `mkdocs serve` converts one page again instead of thirty. The token is made of
# private-use characters only: no Markdown syntax, no word a glossary abbreviation could
# match. Headings keep their titles (their text makes the table of contents and anchors).
_OPEN, _CLOSE, _BASE = "\uf8f0", "\uf8f1", 0xE000
_TITLED = re.compile(
    rf"\[(?P<label>[^\]\n]*)\]\((?P<target>(?P<kind>{_KINDS}):(?P<id>[a-z0-9][a-z0-9-]*)"
    rf"(?:#[a-z0-9][a-z0-9-]*)?)\)"
)
_AFTER_TITLE = " › "
"""What follows a record's title in a longer link text, e.g. 'Lead routing › 2. Qualify'."""
_HEADING = re.compile(r" {0,3}#")
_TOKEN = re.compile(f"{_OPEN}([{chr(_BASE)}-{chr(_BASE + 127)}]+){_CLOSE}")


def _token(kind: str, id: str) -> str:
    return _OPEN + "".join(chr(_BASE + ord(c)) for c in f"{kind}:{id}") + _CLOSE


def defer_titles(markdown: str, title_text: Callable[[str, str], str | None]) -> str:
    """Replace the record's title by a token in the text of every `[title](kind:id)` link
    (or `[title › more](kind:id#anchor)`), the title as `title_text(kind, id)` writes it
    (None for no such record), outside code and headings."""
    if "](" not in markdown:
        return markdown

    def replace(match: re.Match[str]) -> str:
        label, title = match["label"], title_text(match["kind"], match["id"])
        if title is None or not (label == title or label.startswith(title + _AFTER_TITLE)):
            return match.group()
        token = _token(match["kind"], match["id"])
        return f"[{token}{label[len(title) :]}]({match['target']})"

    def defer(prose: str) -> str:
        return "".join(
            line if _HEADING.match(line) else _TITLED.sub(replace, line)
            for line in prose.splitlines(keepends=True)
        )

    return _outside_code(markdown, defer)


def fill_titles(html: str, title_html: Callable[[str, str], str]) -> str:
    """Put the titles back into HTML converted from `defer_titles`' Markdown."""
    if _OPEN not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        kind, _, id = match[1].translate(_DECODE).partition(":")
        return title_html(kind, id)

    return _TOKEN.sub(replace, html)


_DECODE = {_BASE + code: code for code in range(128)}
