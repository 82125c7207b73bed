"""A generated page: where it goes, its front matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


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
        meta = {"title": self.title, **self.meta}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
        return f"---\n{front}---\n\n{self.body}"
