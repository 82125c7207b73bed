"""Pages for who does the work: domains, teams, roles and people."""

from __future__ import annotations

from collections import defaultdict

from catalog.graph import RACI_NAMES, Assignment
from catalog.models import DataEntity, Domain, Kpi, Person, Process, Role, Status, Team

from .context import RenderContext, record_page
from .markdown import bullets, excerpt, join, link, links, listing, section, table, text
from .page import Page
from .safe import field
from .status import marked_links, not_retired, status_note
from .views import onboarding_path, step_ref, team_raci


def facts(*pairs: tuple[str, str]) -> str:
    """Labelled one-line facts, skipping those without a value."""
    return "\n".join(f"- **{label}:** {value}" for label, value in pairs if value)


def domain_page(ctx: RenderContext, domain: Domain) -> Page:
    """A domain: its purpose, teams, processes, KPIs and tool stack by category."""
    c, graph = ctx.catalog, ctx.catalog.graph
    parts = [c.domains[d] for d in domain.composed_of if d in c.domains]
    processes = graph.processes_in_domain(domain.id)
    stack = graph.tools_in_domain(domain.id)
    body = join(
        f"# {text(domain.title)}",
        field(domain.purpose),
        facts(
            ("Made up of", links(parts, "")),
            ("Part of", links(graph.domains_composing(domain.id), "")),
        ),
        section("Responsibilities", bullets(text(r) for r in domain.responsibilities)),
        listing(
            "Teams",
            bullets(f"{link(t)}: {excerpt(t.purpose)}" for t in graph.teams_in_domain(domain.id)),
        ),
        listing(
            "Tool stack",
            "\n\n".join(f"**{text(cat)}:** {links(tools)}" for cat, tools in stack.items()),
        ),
        listing(
            "Processes",
            table(
                ["Process", "Owner", "Steps", "Status"],
                (
                    [
                        link(p),
                        links([c.roles[p.owner]] if p.owner in c.roles else []),
                        str(len(p.steps)),
                        str(p.status),
                    ]
                    for p in processes
                ),
            )
            if processes
            else "",
        ),
        listing(
            "KPIs",
            bullets(f"{link(k)}: {excerpt(k.definition)}" for k in graph.kpis_in_domain(domain.id)),
        ),
    )
    return record_page(ctx, domain, body)


def team_page(ctx: RenderContext, team: Team) -> Page:
    """A team: purpose, roles and people, processes it owns, KPIs, hand-offs, RACI."""
    c, graph = ctx.catalog, ctx.catalog.graph
    roles = graph.roles_in_team(team.id)
    owned = graph.processes_owned_by_team(team.id)
    role_ids = {r.id for r in roles}
    kpis = sorted(
        {k for k in c.kpis.values() if k.owner in role_ids}
        | {c.kpis[k] for p in owned for k in p.kpis if k in c.kpis},
        key=lambda k: k.title,
    )
    out, into = graph.handoffs_of_team(team.id)
    body = join(
        f"# {text(team.title)}",
        field(team.purpose),
        facts(
            ("Domain", links([c.domains[team.domain]] if team.domain in c.domains else [], "")),
            ("Led by", links([c.roles[team.lead]] if team.lead in c.roles else [], "")),
            ("Part of", links([c.teams[team.parent]] if team.parent in c.teams else [], "")),
            ("Sub-teams", links(graph.subteams(team.id), "")),
        ),
        listing(
            "Roles and people",
            table(
                ["Role", "People"],
                ([link(r), links(graph.people_in_role(r.id))] for r in roles),
            )
            if roles
            else "",
        ),
        listing("Processes it owns", marked_links(owned, "")),
        listing("KPIs", bullets(link(k) for k in kpis)),
        listing(
            "Hand-offs",
            join(
                _handoffs("Work it passes on", out, lambda h: h.to_team),
                _handoffs("Work it receives", into, lambda h: h.from_team),
            ),
        ),
        # Always there: the RACI index links every team's #raci.
        listing(
            "RACI matrix",
            team_raci(ctx, team) or "_This team's roles take part in no process yet._",
            anchor="raci",
        ),
    )
    return record_page(ctx, team, body)


def _handoffs(title: str, handoffs: list, other) -> str:
    if not handoffs:
        return ""
    rows = (
        [
            link(other(h)),
            step_ref(h.process, h.source.index, h.source.step, with_process=True),
            step_ref(h.process, h.target.index, h.target.step),
        ]
        for h in handoffs
    )
    return f"**{title}**\n\n" + table(["Team", "From step", "To step"], rows)


def role_page(ctx: RenderContext, role: Role) -> Page:
    """A role, as its holder's job description: what they do, with what, and how to learn it."""
    c, graph = ctx.catalog, ctx.catalog.graph
    by_letter = {  # a retired process is no one's work any more
        letter: current
        for letter, found in graph.assignments_by_letter(role.id).items()
        if (current := [a for a in found if a.at.process.status is not Status.retired])
    }
    work = "\n\n".join(
        f"**{RACI_NAMES[letter]}** ({len(found)})\n\n"
        + bullets(
            step_ref(a.at.process, a.at.index, a.at.step, with_process=True)
            + status_note(a.at.process)
            for a in found
        )
        for letter, found in by_letter.items()
    )
    tool_ids = dict.fromkeys(
        [*role.tools, *(t for a in by_letter.get("R", []) for t in a.at.step.tools)]
    )
    tools = sorted((c.tools[t] for t in tool_ids if t in c.tools), key=lambda t: t.title)
    data = sorted((d for d in c.data.values() if d.owner == role.id), key=lambda d: d.title)
    kpis = sorted((k for k in c.kpis.values() if k.owner == role.id), key=lambda k: k.title)
    owns = sorted((p for p in c.processes.values() if p.owner == role.id), key=lambda p: p.title)
    doing = [a for letter in "RA" for a in by_letter.get(letter, [])]
    team = c.teams.get(role.team)
    boss = c.roles.get(role.reports_to or "")
    body = join(
        f"# {text(role.title)}",
        field(role.summary),
        facts(
            ("Team", link(team) if team else ""),
            ("Reports to", link(boss) if boss else ""),
            ("Roles reporting here", links(graph.roles_reporting_to(role.id), "")),
            ("Held by", links(graph.people_in_role(role.id), "")),
            ("Owns the processes", marked_links(owns, "")),
        ),
        section("Responsibilities", bullets(text(r) for r in role.responsibilities)),
        listing("Onboarding path", onboarding_path(ctx, role), anchor="onboarding-path"),
        listing("Your part in each process", work),
        listing(
            "Tools to learn",
            bullets(f"{link(t)} ({text(t.category)}): {excerpt(t.purpose)}" for t in tools),
        ),
        listing("Data you own", bullets(f"{link(d)}: {excerpt(d.definition)}" for d in data)),
        listing("Data your steps read and write", data_used(ctx, role, doing)),
        listing("KPIs you own", bullets(f"{link(k)}: {excerpt(k.definition)}" for k in kpis)),
        listing("KPIs your processes move", kpis_moved(ctx, role)),
    )
    return record_page(ctx, role, body)


def _steps(count: int) -> str:
    return "1 step" if count == 1 else f"{count} steps"


def _owned(record: DataEntity | Kpi, role: Role) -> str:
    return " (you own it)" if record.owner == role.id else ""


def data_used(ctx: RenderContext, role: Role, doing: list[Assignment]) -> str:
    """The data entities read or written by the steps the role does or answers for, each
    with how many steps read and write it, and marked when the role owns it."""
    reads: dict[str, set[tuple[str, int]]] = defaultdict(set)
    writes: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for a in doing:
        where = (a.at.process.id, a.at.index)
        for data_id in a.at.step.reads:
            reads[data_id].add(where)
        for data_id in a.at.step.writes:
            writes[data_id].add(where)
    data = ctx.catalog.data
    used = sorted((data[d] for d in {*reads, *writes} if d in data), key=lambda d: d.title)
    items = []
    for entity in used:
        how = [f"read in {_steps(len(reads[entity.id]))}"] if reads[entity.id] else []
        how += [f"written in {_steps(len(writes[entity.id]))}"] if writes[entity.id] else []
        items.append(f"{link(entity)}{_owned(entity, role)}: {', '.join(how)}")
    return bullets(items)


def kpis_moved(ctx: RenderContext, role: Role, shown: int = 3) -> str:
    """The KPIs moved by the processes the role takes part in or owns (not retired ones),
    each with the first few of those processes, and marked when the role owns it."""
    c = ctx.catalog
    moved_by: dict[str, list[Process]] = defaultdict(list)
    for process in not_retired(c.graph.processes_of_role(role.id)):
        for kpi_id in process.kpis:
            moved_by[kpi_id].append(process)
    kpis = sorted((c.kpis[k] for k in moved_by if k in c.kpis), key=lambda k: k.title)
    items = []
    for kpi in kpis:
        processes = moved_by[kpi.id]
        more = f" and {len(processes) - shown} more" if len(processes) > shown else ""
        by = f"moved by {marked_links(processes[:shown])}{more}"
        items.append(f"{link(kpi)}{_owned(kpi, role)}: {by}")
    return bullets(items)


def person_page(ctx: RenderContext, person: Person) -> Page:
    """A person: name, roles, teams and manager; nothing else personal."""
    c, graph = ctx.catalog, ctx.catalog.graph
    manager = c.people.get(person.manager or "")
    body = join(
        f"# {text(person.name)}",
        facts(
            ("Roles", links(c.roles[r] for r in person.roles if r in c.roles)),
            ("Team", links(graph.teams_of_person(person))),
            ("Manager", link(manager) if manager else ""),
            ("Direct reports", links(graph.direct_reports(person.id), "")),
        ),
    )
    return record_page(ctx, person, body)
