"""Options of the `playbook` MkDocs plugin, as written under `plugins:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PlaybookConfig(Config):
    """plugins: - playbook: {content: content, train_url: /train, search: pagefind}"""

    content = c.Type(str, default="content")
    """The catalogue folder, relative to mkdocs.yml."""

    train_url = c.Type(str, default="/train")
    """Base address of the training app; modules are linked as <train_url>/modules/<id>."""

    search = c.Choice(("pagefind", "none"), default="pagefind")
    """pagefind: build a chunked static search index into site/pagefind/; none: no search."""

    export_markdown = c.Optional(c.Type(str))
    """A folder to write every page's final Markdown into (for another generator or the
    benchmark's plain build)."""
