"""Catalogue views shared by record pages and by the macros of hand-written pages."""

from __future__ import annotations

from collections import defaultdict

from catalog.graph import RACI_LETTERS, RACI_NAMES
from catalog.models import RECORD_TYPES, Process, Role, Status, Step, Team, TrainingModule

from .context import KIND_PLURALS, RenderContext
from .links import page_url
from .markdown import bullets, excerpt, ignored_by_search, link, links, ref, table, text
from .mermaid import fence, process_flow
from .safe import field
from .status import in_force, marked_link, not_retired


def step_ref(process: Process, index: int, step: Step, with_process: bool = False) -> str:
    """A link to a step, labelled with its number (and its process's title)."""
    label = f"{index + 1}. {step.title}"
    if with_process:
        label = f"{process.title} › {label}"
    return ref("process", process.id, label, anchor=step.id)


def raci_line(ctx: RenderContext, step: Step) -> str:
    """Who is R, A, C and I on a step, as one line of role links."""
    roles = ctx.catalog.roles
    r = step.raci
    parts = []
    for letter, ids in zip(
        RACI_LETTERS, (r.responsible, [r.accountable], r.consulted, r.informed), strict=True
    ):
        found = [roles[i] for i in ids if i in roles]
        if found:
            parts.append(f"**{RACI_NAMES[letter]}:** {links(found)}")
    return " · ".join(parts)


def process_steps(ctx: RenderContext, process: Process, level: int = 3) -> str:
    """Every step of a process: instructions, who does it, tools, data and decisions."""
    c = ctx.catalog
    blocks = []
    for index, step in enumerate(process.steps):
        heading = f"{'#' * level} {index + 1}. {text(step.title)} {{#step-{step.id}}}"
        facts = []
        if step.tools:
            facts.append("**Tools:** " + links(c.tools[t] for t in step.tools if t in c.tools))
        if step.reads:
            facts.append("**Reads:** " + links(c.data[d] for d in step.reads if d in c.data))
        if step.writes:
            facts.append("**Writes:** " + links(c.data[d] for d in step.writes if d in c.data))
        if step.duration:
            facts.append(f"**Time:** {text(step.duration)}")
        facts.append(f"**Automation:** {step.automation}")
        parts = [heading, field(step.instructions), raci_line(ctx, step), " · ".join(facts)]
        if step.branches:
            outcomes = []
            for branch in step.branches:
                target = process.step(branch.goto) if branch.goto else None
                where = (
                    step_ref(process, process.steps.index(target), target)
                    if target
                    else "the process ends"
                )
                outcomes.append(f"{text(branch.when)} → {where}")
            question = text(step.decision) if step.decision else "which way next?"
            parts.append(f"**Decision:** {question}\n\n" + bullets(outcomes))
        if step.calls and step.calls in c.processes:
            parts.append(f"**Runs the sub-process** {link(c.processes[step.calls])}.")
        blocks.append("\n\n".join(p for p in parts if p))
    return "\n\n".join(blocks)


def raci_matrix(ctx: RenderContext, process: Process) -> str:
    """The process's RACI matrix: one row per step, one column per role involved."""
    roles, rows = ctx.catalog.graph.raci_matrix(process)
    headers = ["Step", *(link(role) for role in roles)]
    body = [[step_ref(process, process.steps.index(step), step), *cells] for step, cells in rows]
    legend = ", ".join(f"**{k}** {v}" for k, v in RACI_NAMES.items())
    return ignored_by_search(table(headers, body) + f"\n\n{legend}.")


def flow_diagram(ctx: RenderContext, process: Process, from_src: str) -> str:
    """The process's flowchart as a Mermaid block, for the page written as `from_src`
    (a Markdown file of the docs folder, e.g. 'guides/deep.md'): the chart's links to
    sub-processes are relative to where that page is served."""
    chart = process_flow(ctx.catalog.graph, process, page_url(from_src))
    return ignored_by_search(fence(chart))


def team_raci(ctx: RenderContext, team: Team) -> str:
    """A team's roles against every process in force or drafted that they take part in,
    with their letters (drafts marked; retired processes and roles left out)."""
    graph = ctx.catalog.graph
    roles = not_retired(graph.roles_in_team(team.id))
    letters: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    processes: dict[str, Process] = {}
    for role in roles:
        for a in graph.assignments(role.id):
            if a.at.process.status is not Status.retired:
                processes[a.at.process.id] = a.at.process
                letters[a.at.process.id][role.id].add(a.letter)
    if not processes:
        return ""
    rows = []
    for process in sorted(processes.values(), key=lambda p: p.title):
        cells = [
            "".join(x for x in RACI_LETTERS if x in letters[process.id][role.id]) for role in roles
        ]
        rows.append([marked_link(process), *cells])
    return ignored_by_search(table(["Process", *(marked_link(r) for r in roles)], rows))


def _processes(count: int) -> str:
    return "1 process" if count == 1 else f"{count} processes"


def acknowledgements(module: TrainingModule) -> str:
    """What a module without a quiz asks, in words: how many processes to confirm."""
    return f"{_processes(len(module.acknowledge))} to confirm you have read"


def requirement(module: TrainingModule) -> str:
    """What completing a module takes, in a few words: its pass mark, or, when it has no
    quiz, its acknowledgements."""
    return f"pass mark {module.pass_mark}%" if module.has_quiz else acknowledgements(module)


def module_line(ctx: RenderContext, module: TrainingModule) -> str:
    """A training module as a list item: its page, what it takes and where to take it (a
    module not in force is marked, and has nowhere to take it: the app refuses it)."""
    if not in_force(module):
        return f"{marked_link(module)}: {requirement(module)}"
    return (
        f"{link(module)}: {requirement(module)} · [Take this module]({ctx.module_url(module.id)})"
    )


def onboarding_path(ctx: RenderContext, role: Role) -> str:
    """What a new holder of the role reads, in order (the processes in force: no drafts),
    then the training it must pass."""
    graph = ctx.catalog.graph
    letters: dict[str, set[str]] = defaultdict(set)
    for a in graph.assignments(role.id):
        letters[a.at.process.id].add(a.letter)
    reading = []
    for process in filter(in_force, graph.onboarding_path(role.id)):
        parts = set(letters[process.id])
        if process.owner == role.id:
            parts.add("owner")
        how = ", ".join(
            RACI_NAMES.get(p, p).lower() for p in ("owner", *RACI_LETTERS) if p in parts
        )
        reading.append(f"1. {link(process)} ({how}): {excerpt(process.summary)}")
    modules = graph.modules_for_role(role.id)
    blocks = ["**Read, in this order:**", "\n".join(reading) or "_Nothing to read yet._"]
    if modules:
        blocks += ["**Then pass this training:**", bullets(module_line(ctx, m) for m in modules)]
    if ctx.certifiable(role):
        blocks.append(
            f"[Get certified as {text(role.title)}]({ctx.certify_url(role.id)})"
            "{ .md-button .md-button--primary }"
        )
    return "\n\n".join(blocks)


def counts(ctx: RenderContext) -> str:
    """How many records of each kind the playbook holds, linked to each kind's index."""
    rows = [
        [f"[{KIND_PLURALS[kind]}](site:{RECORD_TYPES[kind].FOLDER}/index.md)", str(n)]
        for kind, n in ctx.catalog.counts().items()
    ]
    return table(["What", "How many"], rows)


def start_here(ctx: RenderContext) -> str:
    """Every role in force, grouped by team (teams in force), linked to its page (where
    its onboarding path is). Drafts and retired roles are no one's job yet or any more."""
    graph = ctx.catalog.graph
    blocks = []
    for team in sorted(filter(in_force, ctx.catalog.teams.values()), key=lambda t: t.title):
        roles = [role for role in graph.roles_in_team(team.id) if in_force(role)]
        if roles:
            items = bullets(
                f"{link(role)} — {ref('role', role.id, 'onboarding path', 'onboarding-path')}"
                for role in roles
            )
            blocks.append(f"**{link(team)}**\n\n{items}")
    return "\n\n".join(blocks) or "_No roles yet._"


def recent_changes(ctx: RenderContext, limit: int = 10) -> str:
    """The newest change-log entries across the processes in force or drafted (drafts
    marked; a retired process's changes are history)."""
    entries = [
        (change.date, process, change)
        for process in not_retired(ctx.catalog.processes.values())
        for change in process.changelog
    ]
    entries.sort(key=lambda e: (e[0], e[1].title), reverse=True)
    rows = [
        [d.isoformat(), marked_link(p), text(c.version), text(c.summary)]
        for d, p, c in entries[:limit]
    ]
    if not rows:
        return "_No changes recorded yet._"
    return table(["Date", "Process", "Version", "Change"], rows)
