"""The process page: what a new hire reads to do the work."""

from __future__ import annotations

from catalog.models import Process, Status

from .context import RenderContext, record_page
from .links import source_path
from .markdown import bullets, join, link, links, listing, section, table, text
from .org import facts
from .page import Page
from .safe import field
from .status import marked_links, not_retired
from .views import flow_diagram, module_line, process_steps, raci_matrix, step_ref


def process_page(ctx: RenderContext, process: Process) -> Page:
    """Summary and facts, the flow, the steps, RACI, training, related work, change log."""
    c, graph = ctx.catalog, ctx.catalog.graph
    domain = c.domains.get(process.domain)
    owner = c.roles.get(process.owner)
    callers = [s for s in graph.callers(process.id) if s.process.status is not Status.retired]
    review = process.review
    here = source_path("process", process.id)
    review_line = (
        f"last reviewed {review.last_reviewed.isoformat()}, "
        f"next review due {review.due.isoformat()}"
    )
    if ctx.overdue(process):
        review_line += " (**overdue**)"
    body = join(
        f"# {text(process.title)}",
        field(process.summary),
        facts(
            ("Trigger", text(process.trigger)),
            ("Outcome", text(process.outcome)),
            ("SLA", text(process.sla) if process.sla else ""),
            ("Domain", link(domain) if domain else ""),
            ("Owner", link(owner) if owner else ""),
            ("KPIs", links((c.kpis[k] for k in process.kpis if k in c.kpis), "")),
            ("Needs", links((c.data[d] for d in process.inputs if d in c.data), "")),
            ("Produces", links((c.data[d] for d in process.outputs if d in c.data), "")),
            ("Version", f"{text(process.version)}, {review_line}"),
        ),
        listing("Flow", flow_diagram(ctx, process, here), anchor="flow"),
        section("Steps", process_steps(ctx, process), anchor="steps"),
        listing("RACI matrix", raci_matrix(ctx, process), anchor="raci"),
        listing(
            "Training",
            bullets(module_line(ctx, m) for m in not_retired(graph.modules_covering(process.id))),
            anchor="training",
        ),
        listing(
            "Called by",
            bullets(step_ref(s.process, s.index, s.step, with_process=True) for s in callers),
        ),
        listing(
            "Related processes",
            # Titles only: a process shares KPIs and data with dozens of others.
            marked_links(not_retired(graph.related_processes(process)), ""),
        ),
        listing(
            "Change log",
            table(
                ["Version", "Date", "Change"],
                (
                    [text(ch.version), ch.date.isoformat(), text(ch.summary)]
                    for ch in process.changelog
                ),
            )
            if process.changelog
            else "",
            anchor="changes",
        ),
    )
    return record_page(ctx, process, body)
