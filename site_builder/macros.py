"""Catalogue views for hand-written pages, through mkdocs-macros-plugin.

In mkdocs.yml: `plugins: [..., macros: {modules: [site_builder.macros]}, playbook]`; then
in any page under content/pages:

    {{ raci_matrix("lead-routing") }}     {{ process_steps("lead-routing") }}
    {{ flow_diagram("lead-routing") }}    {{ onboarding_path("sdr") }}
    {{ team_raci("sales") }}              {{ counts() }}
    {{ start_here() }}                    {{ recent_changes(10) }}

Each returns Markdown; links use the `kind:id` scheme, which the playbook plugin turns
into page links after the macros have run, relative to the page. The one link that
scheme cannot carry, a flow diagram's click on a sub-process (Mermaid text, read by the
browser), is written relative to the page the macro is called from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog.models import Process, Record

from .render import RenderContext, views


class UnknownRecord(LookupError):
    """A macro named a record the catalogue does not have."""


def _context(env: Any) -> RenderContext:
    plugin = env.conf.plugins.get("playbook")
    context = getattr(plugin, "context", None)
    if context is None:
        raise RuntimeError("the catalogue macros need the playbook plugin in mkdocs.yml")
    return context


def _get(context: RenderContext, kind: str, id: str) -> Record:
    record = context.catalog.get(kind, id)
    if record is None:
        known = ", ".join(sorted(context.catalog.records[kind])[:10])
        raise UnknownRecord(f"no {kind} '{id}' in the catalogue (some {kind} IDs: {known})")
    return record


def _page_src(env: Any) -> str:
    """The Markdown file of the page being rendered, e.g. 'guides/deep.md'."""
    page = getattr(env, "page", None)
    if page is None:
        raise RuntimeError("a catalogue macro was called outside a page")
    return page.file.src_uri


def define_env(env: Any) -> None:
    """Register the catalogue macros (called by mkdocs-macros)."""

    def view(kind: str, render: Callable[[RenderContext, Any], str]) -> Callable[[str], str]:
        def macro(id: str) -> str:
            context = _context(env)
            return render(context, _get(context, kind, id))

        macro.__doc__ = render.__doc__
        macro.__name__ = render.__name__
        return macro

    env.macro(view("process", views.raci_matrix), "raci_matrix")
    env.macro(view("process", views.process_steps), "process_steps")

    def flow_diagram(context: RenderContext, process: Process) -> str:
        """The process's flowchart, its sub-processes linked from the page it is on."""
        return views.flow_diagram(context, process, _page_src(env))

    env.macro(view("process", flow_diagram), "flow_diagram")
    env.macro(view("role", views.onboarding_path), "onboarding_path")
    env.macro(view("team", views.team_raci), "team_raci")

    @env.macro
    def counts() -> str:
        """How many records of each kind the playbook holds."""
        return views.counts(_context(env))

    @env.macro
    def start_here() -> str:
        """Every role by team, with a link to its onboarding path."""
        return views.start_here(_context(env))

    @env.macro
    def recent_changes(limit: int = 10) -> str:
        """The newest process changes."""
        return views.recent_changes(_context(env), limit)

    @env.macro
    def catalogue_version() -> str:
        """A short hash that changes whenever any record changes."""
        return _context(env).catalog.version
