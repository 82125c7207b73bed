"""A generated page: where it goes, its front matter and its Markdown body."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """One Markdown page produced from the catalogue.

    `src` is the Markdown file's path inside the docs folder, e.g. 'roles/sdr.md';
    `body` links to records as `kind:id`; `meta` becomes YAML front matter.
    """

    src: str
    title: str
    body: str
    meta: dict[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        """The page as a Markdown file: front matter, then the body."""
        # JSON is YAML too, and much faster to write than PyYAML's block style.
        front = json.dumps(
            {"title": front_matter_title(self.title), **self.meta}, ensure_ascii=False
        )
        return f"---\n{front}\n---\n\n{self.body}"


def front_matter_title(title: str) -> str:
    """A title as front matter holds it: HTML, on one line. Themes print a page's title as
    HTML (MkDocs takes it from the first heading with its entities as they are), so a
    catalogue title is escaped here to show as text in the <title>, header and nav."""
    return html.escape(" ".join(title.split()))
