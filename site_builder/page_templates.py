"""Template errors in hand-written pages, reported as one line naming the page and the line.

With `on_error_fail`, mkdocs-macros logs a Markdown report with a traceback and calls
`exit()` when a page's template fails: no message reaches `playbook build`, `playbook serve`
stops, and MkDocs never runs its `on_build_error` events. `guard_macros` turns that exit
into a PluginError, which MkDocs reports and cleans up after like any other.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import MkDocsException, PluginError

from catalog.loader import display_path

MACROS_LOG = logging.getLogger("mkdocs.plugins.mkdocs_macros.util")
"""Where mkdocs-macros logs its report of a failed page (with a traceback)."""


def template_line(error: BaseException) -> int | None:
    """The line of the template where rendering failed, when jinja says."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == "<template>"
    ]
    return lines[-1] if lines else None


def lines_before(markdown: str, source: str) -> int | None:
    """How many lines of the page file come before the Markdown MkDocs rendered (its YAML
    front matter); None when the Markdown is not the end of the file (a page title)."""
    if not markdown or not source.endswith(markdown):
        return None
    return source[: len(source) - len(markdown)].count("\n")


def template_error(error: BaseException, page_file: Path, markdown: str, source: str) -> str:
    """`pages/index.md:3: template error: 'x' is undefined`, for a page whose template failed."""
    where = display_path(page_file)
    line = template_line(error)
    offset = lines_before(markdown, source)
    if line is not None and offset is not None:
        where = f"{where}:{line + offset}"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{where}: template error: {error.message}"
    if isinstance(error, jinja2.TemplateError):
        return f"{where}: template error: {error}"
    return f"{where}: a macro failed: {error}"


class _HoldWarnings(logging.Filter):
    """Keeps back the records of a logger while a page renders."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.records.append(record)
        return False


def guard_macros(macros: Any) -> None:
    """Make a mkdocs-macros plugin raise PluginError naming the page when a template fails,
    instead of logging a traceback and exiting (once per plugin instance)."""
    if macros is None or getattr(macros.render, "guarded", False):
        return
    render_page = macros.render

    def render(markdown: str, force_rendering: bool = False) -> str:
        held = _HoldWarnings()
        MACROS_LOG.addFilter(held)
        try:
            return render_page(markdown=markdown, force_rendering=force_rendering)
        except SystemExit as stop:
            error = stop.__context__
            if isinstance(stop, MkDocsException) or not isinstance(error, Exception):
                raise
            held.records.clear()  # the report this replaces
            file = macros.page.file
            source = file.content_string if file.abs_src_path else ""
            message = template_error(
                error, Path(file.abs_src_path or file.src_path), markdown, source
            )
            raise PluginError(message) from None
        finally:
            MACROS_LOG.removeFilter(held)
            for record in held.records:
                MACROS_LOG.handle(record)

    render.guarded = True  # type: ignore[attr-defined]
    macros.render = render
