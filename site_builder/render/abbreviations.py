"""Glossary terms as Markdown abbreviations (`*[MQL]: Marketing Qualified Lead`).

Appended to a page only for the terms it uses, so pages stay small and the tooltip
text is the term's expansion (or the first sentence of its definition).
"""

from __future__ import annotations

import re

from catalog import Catalog

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]")
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def _one_line(text: str) -> str:
    """Text as one line: whitespace and control characters collapsed to single spaces. An
    abbreviation is defined by one line; a newline in its tooltip would start Markdown of
    its own on every page that uses the word."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _plain(markdown: str) -> str:
    """Markdown reduced to one line of plain text, for a tooltip."""
    flat = _one_line(_MARKUP.sub("", _LINK.sub(r"\1", markdown)))
    first = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0]
    return first.replace("]", ")").replace("[", "(")


class Abbreviations:
    """Every glossary word and alias, with the text its tooltip shows."""

    def __init__(self, catalog: Catalog) -> None:
        self.tooltips: dict[str, str] = {}
        for term in catalog.terms.values():
            tip = _one_line(term.expansion or "") or _plain(term.definition)
            for word in (term.title, *term.aliases):
                if _WORD.search(word) and "]" not in word:
                    self.tooltips.setdefault(word, tip)
        self._single = {word for word in self.tooltips if _WORD.fullmatch(word)}
        several = sorted(set(self.tooltips) - self._single, key=len, reverse=True)
        self._several = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, several)) + r")(?!\w)")
            if several
            else None
        )

    def used_in(self, markdown: str) -> list[str]:
        """The glossary words a page uses, as whole words."""
        # One pass over the page's words finds the one-word terms, whatever the size of
        # the glossary; one more regex pass finds the others ("month-end close").
        tokens = set(_WORD.findall(markdown))
        found = self._single & tokens
        if self._several is not None:
            found.update(self._several.findall(markdown))
        return sorted(found)

    def append_to(self, markdown: str) -> str:
        """The page with abbreviation definitions for the words it uses."""
        used = self.used_in(markdown)
        if not used:
            return markdown
        defs = "\n".join(f"*[{word}]: {self.tooltips[word]}" for word in used)
        return f"{markdown.rstrip()}\n\n{defs}\n"
