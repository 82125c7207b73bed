"""Python-Markdown's `abbr` extension, matching words that start or end with punctuation.

The glossary's words become abbreviations (`*[C++]: ...`, see render/abbreviations.py).
Markdown's own extension finds them between `\\b` word boundaries, which a word such as
`C++`, `.NET` or `Z.P.L.` never has at its punctuated end: those never got a tooltip.
This one finds a word wherever no letter or digit touches it, as the glossary does when
it picks the words a page uses; for words that start and end with a letter it is the
same rule. In mkdocs.yml: `markdown_extensions: [site_builder.abbr]` instead of `abbr`.
A Markdown extension, not an MkDocs plugin: any generator built on Python-Markdown runs it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import abbr


def abbreviation_pattern(words: list[str]) -> re.Pattern[str]:
    """A regex finding any of the words where no letter, digit or underscore touches it,
    longest words first (so 'month-end close' wins over 'close')."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


class AbbrTreeprocessor(abbr.AbbrTreeprocessor):
    """Wraps the defined abbreviations in `<abbr>`, edged by punctuation or not."""

    def run(self, root: etree.Element) -> etree.Element | None:
        if not self.abbrs:
            return None
        self.RE = abbreviation_pattern(list(self.abbrs))
        self.iter_element(root)
        return None


class AbbrExtension(abbr.AbbrExtension):
    """Markdown's abbreviations, with `AbbrTreeprocessor` finding them."""

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # Registered under the same name and priority: it takes the place of the original.
        md.treeprocessors.register(AbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> AbbrExtension:
    """The extension, as Python-Markdown loads it by module name."""
    return AbbrExtension(**kwargs)
