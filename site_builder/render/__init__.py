"""Catalogue to Markdown, independent of any site generator.

ctx = RenderContext(catalog, train_url="/train")
for page in render_site(ctx):          # every record page and every index page
    write(page.src, resolve_links(page.markdown(), page.src))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from catalog.models import Record

from .assets import data_page, kpi_page, term_page, tool_page
from .context import KIND_LABELS, RenderContext
from .indexes import index_pages
from .links import defer_titles, fill_titles, relative_link, resolve_links, source_path
from .org import domain_page, person_page, role_page, team_page
from .page import Page
from .process import process_page
from .training import training_page

RENDERERS: dict[str, Callable[[RenderContext, Record], Page]] = {
    "domain": domain_page,
    "team": team_page,
    "role": role_page,
    "person": person_page,
    "process": process_page,
    "tool": tool_page,
    "data": data_page,
    "kpi": kpi_page,
    "term": term_page,
    "training": training_page,
}


def render_record(ctx: RenderContext, record: Record) -> Page:
    """The page of one record."""
    return RENDERERS[record.KIND](ctx, record)


def render_site(ctx: RenderContext) -> Iterator[Page]:
    """Every generated page: one per record, then the indexes."""
    for record in ctx.catalog.all():
        yield render_record(ctx, record)
    yield from index_pages(ctx)


__all__ = [
    "KIND_LABELS",
    "Page",
    "RenderContext",
    "defer_titles",
    "fill_titles",
    "relative_link",
    "render_record",
    "render_site",
    "resolve_links",
    "source_path",
]
