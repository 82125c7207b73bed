"""Pages for what the work uses and measures: tools, data entities, KPIs, glossary terms."""

from __future__ import annotations

from catalog.models import DataEntity, Direction, Kpi, Term, Tool

from .context import RenderContext, record_page
from .markdown import bullets, code, join, link, links, listing, section, table, text
from .org import facts
from .page import Page
from .safe import field
from .views import step_ref


def tool_page(ctx: RenderContext, tool: Tool) -> Page:
    """A tool: category, owner, purpose, the steps that use it and the data it holds."""
    c, graph = ctx.catalog, ctx.catalog.graph
    owner = c.roles.get(tool.owner)
    steps = graph.steps_using_tool(tool.id)
    body = join(
        f"# {text(tool.title)}",
        field(tool.purpose),
        facts(
            ("Category", text(tool.category)),
            ("Vendor", text(tool.vendor)),
            ("Owner", link(owner) if owner else ""),
            ("Open it", field(f"<{tool.link}>") if tool.link else ""),  # may hold < or "
            ("Used by the roles", links(graph.roles_using_tool(tool.id), "")),
        ),
        listing("Processes that use it", links(graph.processes_using_tool(tool.id), "")),
        listing(
            "Steps that use it",
            bullets(step_ref(s.process, s.index, s.step, with_process=True) for s in steps),
        ),
        listing(
            "Data it holds",
            join(
                bullets(link(d) for d in graph.data_in_tool(tool.id)),
                bullets(text(d) for d in tool.data_held),
            ),
        ),
    )
    return record_page(ctx, tool, body)


def data_page(ctx: RenderContext, data: DataEntity) -> Page:
    """A data dictionary entry: definition, fields, system of record, who reads and writes it."""
    c, graph = ctx.catalog, ctx.catalog.graph
    system = c.tools.get(data.system_of_record)
    owner = c.roles.get(data.owner)
    fields = table(
        ["Field", "Type", "Required", "Definition"],
        (
            [code(f.name), text(f.type), "yes" if f.required else "no", text(f.definition)]
            for f in data.fields
        ),
    )
    steps = [("reads", s) for s in graph.steps_reading(data.id)]
    steps += [("writes", s) for s in graph.steps_writing(data.id)]
    body = join(
        f"# {text(data.title)}",
        field(data.definition),
        facts(
            ("System of record", link(system) if system else ""),
            ("Owner", link(owner) if owner else ""),
            ("Sensitivity", str(data.sensitivity)),
        ),
        section("Fields", fields if data.fields else ""),
        listing("Processes that use it", links(graph.processes_using_data(data.id), "")),
        listing(
            "Steps that read or write it",
            bullets(
                f"{step_ref(s.process, s.index, s.step, with_process=True)} ({how})"
                for how, s in steps
            ),
        ),
    )
    return record_page(ctx, data, body)


def _number(value: float, unit: str) -> str:
    shown = f"{value:g}"
    return f"{shown}{unit}" if unit == "%" else f"{shown} {text(unit)}"


def kpi_page(ctx: RenderContext, kpi: Kpi) -> Page:
    """A KPI: definition, formula, target against benchmark, owner, the processes moving it."""
    c, graph = ctx.catalog, ctx.catalog.graph
    owner = c.roles.get(kpi.owner)
    better = "higher" if kpi.direction is Direction.higher else "lower"
    benchmark = ""
    if kpi.benchmark is not None:
        ahead = kpi.target >= kpi.benchmark if better == "higher" else kpi.target <= kpi.benchmark
        source = f" ({text(kpi.benchmark_source)})" if kpi.benchmark_source else ""
        verdict = "at or better than" if ahead else "short of"
        benchmark = f"{_number(kpi.benchmark, kpi.unit)}{source}; the target is {verdict} it"
    body = join(
        f"# {text(kpi.title)}",
        field(kpi.definition),
        facts(
            ("Formula", text(kpi.formula)),
            ("Target", f"{_number(kpi.target, kpi.unit)} ({better} is better)"),
            ("Benchmark", benchmark),
            ("Owner", link(owner) if owner else ""),
            ("Reviewed", str(kpi.review_frequency)),
        ),
        listing(
            "Processes that move it", bullets(link(p) for p in graph.processes_moving_kpi(kpi.id))
        ),
    )
    return record_page(ctx, kpi, body)


def term_page(ctx: RenderContext, term: Term) -> Page:
    """A glossary entry."""
    body = join(
        f"# {text(term.title)}",
        f"**{text(term.expansion)}**" if term.expansion else "",
        field(term.definition),
        facts(("Also written", ", ".join(text(a) for a in term.aliases))),
    )
    return record_page(ctx, term, body)
