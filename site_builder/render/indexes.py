"""Index pages: every kind's list, processes by domain, org chart, hand-offs, RACI, tags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from catalog.models import Record, Status

from .context import KIND_LABELS, RenderContext
from .markdown import (
    bullets,
    excerpt,
    ignored_by_search,
    join,
    link,
    links,
    ref,
    section,
    table,
    text,
)
from .mermaid import fence, handoff_map, org_chart
from .page import Page
from .status import in_force, marked_link

INDEX_META = {"render_macros": False, "search": {"exclude": True}}
"""Index pages only list records, so search leaves them out (as Material's search would)."""

NOTHING_YET = "_Nothing here yet._"


def _index(src: str, title: str, intro: str, *blocks: str, wide: bool = False) -> Page:
    meta = {**INDEX_META, "hide": ["toc"]} if wide else dict(INDEX_META)
    if not any(block.strip() for block in blocks):
        blocks = (NOTHING_YET,)
    return Page(src, title, join(f"# {text(title)}", intro, *blocks), meta)


def _grouped(
    records: Iterable[Record], key: Callable[[Record], str], render: Callable[[list], str]
) -> str:
    groups: dict[str, list] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return "\n".join(
        section(name, render(sorted(items, key=lambda r: r.title)))
        for name, items in sorted(groups.items())
    )


def _title_of(mapping: dict[str, Record], id: str) -> str:
    record = mapping.get(id)
    return record.title if record else id


def kind_indexes(ctx: RenderContext) -> list[Page]:
    """One index page per kind, at `<folder>/index.md`."""
    c, graph = ctx.catalog, ctx.catalog.graph

    def owner(record: Record) -> str:
        role = c.roles.get(getattr(record, "owner", ""))
        return link(role) if role else "—"

    pages = [
        _index(
            "domains/index.md",
            "Domains",
            "The ops functions of the organisation.",
            table(
                ["Domain", "Purpose", "Teams", "Processes"],
                (
                    [
                        link(d),
                        excerpt(d.purpose),
                        str(len(graph.teams_in_domain(d.id))),
                        str(len(graph.processes_in_domain(d.id))),
                    ]
                    for d in sorted(c.domains.values(), key=lambda d: d.title)
                ),
            ),
        ),
        _index(
            "teams/index.md",
            "Teams",
            "Teams by domain.",
            _grouped(
                c.teams.values(),
                lambda t: _title_of(c.domains, t.domain),
                lambda ts: bullets(f"{link(t)}: {excerpt(t.purpose)}" for t in ts),
            ),
        ),
        _index(
            "roles/index.md",
            "Roles",
            "Find your role: its page says what you do and what to learn first.",
            _grouped(
                c.roles.values(),
                lambda r: _title_of(c.teams, r.team),
                lambda rs: table(
                    ["Role", "People", "Start here"],
                    (
                        [
                            marked_link(r),
                            str(len(graph.people_in_role(r.id))),
                            ref("role", r.id, "Onboarding path", "onboarding-path")
                            if in_force(r)
                            else "—",
                        ]
                        for r in rs
                    ),
                ),
            ),
        ),
        _index(
            "people/index.md",
            "People",
            "Who holds which role.",
            table(
                ["Name", "Roles", "Team"],
                (
                    [
                        link(p),
                        links(c.roles[r] for r in p.roles if r in c.roles),
                        links(graph.teams_of_person(p)),
                    ]
                    for p in sorted(c.people.values(), key=lambda p: p.name)
                ),
            ),
        ),
        _index(
            "processes/index.md",
            "Processes by domain",
            "Every process, grouped by the domain that runs it.",
            _grouped(
                c.processes.values(),
                lambda p: _title_of(c.domains, p.domain),
                lambda ps: table(
                    ["Process", "Owner", "Steps", "Next review"],
                    ([link(p), owner(p), str(len(p.steps)), _review(ctx, p)] for p in ps),
                ),
            ),
        ),
        _index(
            "tools/index.md",
            "Tools",
            "Tools by category.",
            _grouped(
                c.tools.values(),
                lambda t: t.category,
                lambda ts: table(
                    ["Tool", "Vendor", "Owner"], ([link(t), text(t.vendor), owner(t)] for t in ts)
                ),
            ),
        ),
        _index(
            "data/index.md",
            "Data dictionary",
            "Every kind of business data, where its master copy lives and who answers for it.",
            table(
                ["Data", "System of record", "Owner", "Sensitivity"],
                (
                    [
                        link(d),
                        links(
                            [c.tools[d.system_of_record]] if d.system_of_record in c.tools else []
                        ),
                        owner(d),
                        str(d.sensitivity),
                    ]
                    for d in sorted(c.data.values(), key=lambda d: d.title)
                ),
            ),
        ),
        _index(
            "kpis/index.md",
            "KPIs",
            "What is measured, and the target.",
            table(
                ["KPI", "Target", "Owner"],
                (
                    [link(k), f"{k.target:g} {text(k.unit)}", owner(k)]
                    for k in sorted(c.kpis.values(), key=lambda k: k.title)
                ),
            ),
        ),
        _index(
            "training/index.md",
            "Training",
            f"Modules each role must pass; take them in the [training app]({ctx.train_url}).",
            table(
                ["Module", "Who must pass it", "Covers", "Pass mark"],
                (
                    [
                        link(m),
                        links(c.roles[r] for r in m.roles if r in c.roles),
                        str(len(m.covers)),
                        f"{m.pass_mark}%" if m.has_quiz else "no quiz",
                    ]
                    for m in sorted(c.training.values(), key=lambda m: m.title)
                ),
            ),
            section("Processes no module covers", links(graph.uncovered_processes(), "")),
        ),
        _index(
            "glossary/index.md",
            "Glossary",
            "The organisation's words and acronyms.",
            table(
                ["Term", "Stands for", "Meaning"],
                (
                    [link(t), text(t.expansion or ""), excerpt(t.definition)]
                    for t in sorted(c.terms.values(), key=lambda t: t.title.lower())
                ),
            ),
        ),
    ]
    return pages


def _review(ctx: RenderContext, process) -> str:
    due = process.review.due.isoformat()
    if process.status is not Status.active:
        return f"{due} ({process.status})"
    return f"**{due} (overdue)**" if ctx.overdue(process) else due


def org_chart_page(ctx: RenderContext) -> Page:
    """Each domain's teams and roles, with reporting lines, as Mermaid charts."""
    c, graph = ctx.catalog, ctx.catalog.graph
    blocks = []
    for domain in sorted(c.domains.values(), key=lambda d: d.title):
        teams = sorted(
            (t for t in c.teams.values() if t.domain == domain.id), key=lambda t: t.title
        )
        if teams:
            chart = ignored_by_search(fence(org_chart(graph, teams, "org-chart/")))
            blocks.append(section(domain.title, chart))
    return _index(
        "org-chart.md",
        "Org chart",
        "Teams, their roles, and who reports to whom; select a role to open its page.",
        *blocks,
    )


def handoffs_page(ctx: RenderContext) -> Page:
    """Where work passes from one team to another, as a map and a table."""
    c, graph = ctx.catalog, ctx.catalog.graph
    by_pair: dict[tuple[str, str], list] = defaultdict(list)
    for h in graph.handoffs:
        by_pair[(h.from_team.id, h.to_team.id)].append(h.process)
    rows = []
    for (source, target), processes in sorted(by_pair.items()):
        unique = list({p.id: p for p in processes}.values())
        shown = links(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5 else "")
        rows.append([link(c.teams[source]), link(c.teams[target]), str(len(processes)), shown])
    diagram = handoff_map(graph)
    return _index(
        "handoffs.md",
        "Hand-offs between teams",
        "Where a step done by one team is followed by a step done by another.",
        ignored_by_search(fence(diagram)) if diagram else "_No hand-offs between teams._",
        table(["From", "To", "Hand-offs", "In processes"], rows) if rows else "",
        wide=True,
    )


def raci_index_page(ctx: RenderContext) -> Page:
    """Where to find each team's RACI matrix (roles against processes)."""
    c = ctx.catalog
    return _index(
        "raci.md",
        "RACI matrices",
        "Each team's roles against the processes they take part "
        "in: **R**esponsible, **A**ccountable, **C**onsulted, **I**nformed.",
        _grouped(
            c.teams.values(),
            lambda t: _title_of(c.domains, t.domain),
            lambda ts: bullets(ref("team", t.id, t.title, "raci") for t in ts),
        ),
    )


def tags_page(ctx: RenderContext) -> Page:
    """Every tag, with the records that carry it."""
    tagged: dict[str, list[Record]] = defaultdict(list)
    for record in ctx.catalog.all():
        for tag in record.tags:
            tagged[tag].append(record)
    blocks = [
        section(
            tag, bullets(f"{link(r)} ({KIND_LABELS[r.KIND]})" for r in records), anchor=f"tag-{tag}"
        )
        for tag, records in sorted(tagged.items())
    ]
    return _index("tags.md", "Tags", "Records by label.", *blocks)


def index_pages(ctx: RenderContext) -> list[Page]:
    """Every page that is not a record's."""
    return [
        *kind_indexes(ctx),
        org_chart_page(ctx),
        handoffs_page(ctx),
        raci_index_page(ctx),
        tags_page(ctx),
    ]
