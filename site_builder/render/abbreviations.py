"""Glossary terms as Markdown abbreviations (`*[MQL]: Marketing Qualified Lead`).

Appended to a page only for the terms it uses, so pages stay small and the tooltip
text is the term's expansion (or the first sentence of its definition).
"""

from __future__ import annotations

import re

from catalog import Catalog

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]")


def _plain(markdown: str) -> str:
    """Markdown reduced to one line of plain text, for a tooltip."""
    flat = " ".join(_MARKUP.sub("", _LINK.sub(r"\1", markdown)).split())
    first = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0]
    return first.replace("]", ")").replace("[", "(")


class Abbreviations:
    """Every glossary word and alias, with the text its tooltip shows."""

    def __init__(self, catalog: Catalog) -> None:
        self.tooltips: dict[str, str] = {}
        for term in catalog.terms.values():
            tip = term.expansion or _plain(term.definition)
            for word in (term.title, *term.aliases):
                if word and "]" not in word:
                    self.tooltips.setdefault(word, tip)
        words = sorted(self.tooltips, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")
            if words
            else None
        )

    def used_in(self, markdown: str) -> list[str]:
        """The glossary words a page uses, in the order of first use."""
        if self._pattern is None:
            return []
        return list(dict.fromkeys(self._pattern.findall(markdown)))

    def append_to(self, markdown: str) -> str:
        """The page with abbreviation definitions for the words it uses."""
        used = self.used_in(markdown)
        if not used:
            return markdown
        defs = "\n".join(f"*[{word}]: {self.tooltips[word]}" for word in used)
        return f"{markdown.rstrip()}\n\n{defs}\n"
