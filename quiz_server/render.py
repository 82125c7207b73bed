"""Catalogue Markdown to HTML: raw HTML off, record links (`kind:id`) pointing at the site."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from catalog import RefError, page_path, parse_ref
from catalog.refs import looks_like_ref


def _rewrite_links(md: MarkdownIt, site_url: str) -> None:
    def rule(state) -> None:  # type: ignore[no-untyped-def]
        for block in state.tokens:
            for token in block.children or ():
                if token.type != "link_open":
                    continue
                href = str(token.attrGet("href") or "")
                if looks_like_ref(href):
                    try:
                        ref = parse_ref(href)
                    except RefError:
                        token.attrSet("href", "#")
                        continue
                    token.attrSet("href", site_url + page_path(ref.kind, ref.id, ref.anchor))

    md.core.ruler.push("playbook_links", rule)


@lru_cache(maxsize=8)
def _renderer(site_url: str) -> MarkdownIt:
    # Tables too, as on the site; raw HTML never (it is shown as text).
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    _rewrite_links(md, site_url)
    return md


@lru_cache(maxsize=4096)
def markdown(text: str, site_url: str = "/") -> Markup:
    """Render catalogue Markdown; escapes any HTML in it."""
    return Markup(_renderer(site_url).render(text or ""))


@lru_cache(maxsize=4096)
def inline(text: str, site_url: str = "/") -> Markup:
    """Render one line of Markdown without the surrounding paragraph (options, items)."""
    return Markup(_renderer(site_url).renderInline(text or ""))


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """One line of Markdown as the text a reader sees (for places that cannot hold markup,
    such as a <select>'s options): `Restock \\<shelf\\>` gives `Restock <shelf>`."""
    parts: list[str] = []
    for block in _renderer("/").parseInline(text or ""):
        for token in block.children or ():
            if token.type in {"text", "code_inline"}:
                parts.append(token.content)
            elif token.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
    return "".join(parts)
