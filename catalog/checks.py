"""Rules over the whole catalogue, each a small function that yields problems.

pydantic has already checked the shape of each file; these check what spans records:
references, cycles, step flow, and the warnings that tell ops staff what needs care.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any

from .catalog import Catalog
from .models import Automation, Generator, Process, Record, Status
from .problems import Problem, Severity
from .refs import (
    RefError,
    image_problem,
    markdown_images,
    markdown_links,
    mistyped_links,
    parse_ref,
    scan,
)
from .source import Path_, format_path

Check = Callable[[Catalog], Iterator[Problem]]


def _at(
    catalog: Catalog,
    record: Record,
    path: Path_,
    code: str,
    message: str,
    severity: Severity = Severity.error,
    *,
    needle: str | None = None,
) -> Problem:
    source = catalog.source(record)
    line, column = source.parsed.position(path)
    if needle:
        line, column = source.find(needle, line, column)
    where = format_path(path)
    return Problem(
        source.file, line, column, severity, code, f"{where}: {message}" if where else message
    )


def _unknown(catalog: Catalog, kind: str, id_: str) -> str:
    guess = difflib.get_close_matches(id_, list(catalog.records[kind]), n=1, cutoff=0.6)
    if guess:
        return f"unknown {kind} '{id_}' (did you mean '{guess[0]}'?)"
    other = next((k for k, by_id in catalog.records.items() if id_ in by_id), None)
    if other:
        return f"unknown {kind} '{id_}' ('{id_}' is a {other}, not a {kind})"
    return f"unknown {kind} '{id_}'"


def check_references(catalog: Catalog) -> Iterator[Problem]:
    """Every ID in a reference field names an existing record of the right kind,
    and every `kind:id` link in Markdown prose resolves, including `#step` anchors."""
    records = catalog.records
    for record in catalog.all():
        refs, texts = scan(record)
        for path, kind, id_ in refs:
            target = records[kind].get(id_)
            if target is None and (kind, id_) in catalog.broken:
                continue  # the broken record has its own error; do not cascade
            if target is None:
                yield _at(catalog, record, path, "unknown-reference", _unknown(catalog, kind, id_))
            elif target.status is Status.retired and record.status is not Status.retired:
                yield _at(
                    catalog,
                    record,
                    path,
                    "retired-reference",
                    f"refers to retired {kind} '{id_}'",
                    Severity.warning,
                )
        for path, text in texts:
            for _, target, kind in mistyped_links(text):
                head, _, rest = target.partition(":")
                yield _at(
                    catalog,
                    record,
                    path,
                    "bad-link",
                    f"link '{target}': there is no kind '{head}'; did you mean '{kind}:{rest}'?",
                    needle=f"({target})",
                )
            for _, target in markdown_links(text):
                try:
                    ref = parse_ref(target)
                except RefError as exc:
                    yield _at(
                        catalog,
                        record,
                        path,
                        "bad-link",
                        str(exc),
                        needle=f"({target})",
                    )
                    continue
                linked = catalog.get(ref.kind, ref.id)
                message = None
                if linked is None and (ref.kind, ref.id) in catalog.broken:
                    continue
                if linked is None:
                    message = f"link '{target}': " + _unknown(catalog, ref.kind, ref.id)
                elif ref.anchor and linked.step(ref.anchor) is None:  # type: ignore[attr-defined]
                    message = f"link '{target}': process '{ref.id}' has no step '{ref.anchor}'"
                if message:
                    yield _at(
                        catalog,
                        record,
                        path,
                        "unknown-link",
                        message,
                        needle=f"({target})",
                    )


def check_images(catalog: Catalog) -> Iterator[Problem]:
    """Every image in Markdown prose is a file of the site: the site loads nothing from
    another host, and an image is the one thing in prose a browser fetches by itself
    (a link to another host is fine: nothing loads until it is followed)."""
    for record in catalog.all():
        for path, text in scan(record)[1]:
            for _, source in markdown_images(text):
                problem = image_problem(source)
                if problem:
                    yield _at(catalog, record, path, "foreign-image", problem, needle=f"({source}")


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle in a directed graph once, as the list of its nodes."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                found.append(path[path.index(child) :])
            elif child in edges and not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges[child])))
    return found


def _edges_reports_to(r: Any) -> list[tuple[Path_, str]]:
    return [(("reports_to",), r.reports_to)] if r.reports_to else []


def _edges_parent(r: Any) -> list[tuple[Path_, str]]:
    return [(("parent",), r.parent)] if r.parent else []


def _edges_manager(r: Any) -> list[tuple[Path_, str]]:
    return [(("manager",), r.manager)] if r.manager else []


def _edges_composed_of(r: Any) -> list[tuple[Path_, str]]:
    return [(("composed_of", i), d) for i, d in enumerate(r.composed_of)]


def _edges_calls(r: Any) -> list[tuple[Path_, str]]:
    return [(("steps", i, "calls"), s.calls) for i, s in enumerate(r.steps) if s.calls]


_RELATIONS = (
    ("role", _edges_reports_to, "reports to"),
    ("team", _edges_parent, "is inside"),
    ("person", _edges_manager, "is managed by"),
    ("domain", _edges_composed_of, "is composed of"),
    ("process", _edges_calls, "calls"),
)


def check_cycles(catalog: Catalog) -> Iterator[Problem]:
    """No record reaches itself through reports-to, parent, manager, composition or calls."""
    for kind, follow, verb in _RELATIONS:
        by_id = catalog.records[kind]
        links = {i: [(p, t) for p, t in follow(r) if t in by_id] for i, r in by_id.items()}
        edges = {i: [t for _, t in out] for i, out in links.items()}
        for cycle in _cycles(edges):
            first = min(cycle)
            ring = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
            path = next(p for p, t in links[first] if t == ring[1])
            code = "cycle-" + kind
            yield _at(catalog, by_id[first], path, code, f"cycle: {f' {verb} '.join(ring)}")


def _duplicate_ids(catalog: Catalog, record: Any, field: str, noun: str) -> Iterator[Problem]:
    """IDs repeated within one of a record's lists (steps of a process, questions...)."""
    seen: set[str] = set()
    for i, item in enumerate(getattr(record, field)):
        if item.id in seen:
            yield _at(
                catalog,
                record,
                (field, i, "id"),
                f"duplicate-{noun}",
                f"duplicate {noun} ID '{item.id}'",
            )
        seen.add(item.id)


def check_steps(catalog: Catalog) -> Iterator[Problem]:
    """Step IDs are unique in their process and branches lead to steps that exist."""
    for process in catalog.processes.values():
        yield from _duplicate_ids(catalog, process, "steps", "step")
        ids = [s.id for s in process.steps]
        for i, step in enumerate(process.steps):
            for j, branch in enumerate(step.branches):
                if branch.goto is not None and branch.goto not in ids:
                    guess = difflib.get_close_matches(branch.goto, ids, n=1, cutoff=0.6)
                    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
                    yield _at(
                        catalog,
                        process,
                        ("steps", i, "branches", j, "goto"),
                        "unknown-step",
                        f"unknown step '{branch.goto}'{hint}",
                    )
        yield from _check_flow(catalog, process)
        dates = [c.date for c in process.changelog]
        if dates != sorted(dates, reverse=True):
            yield _at(
                catalog,
                process,
                ("changelog",),
                "changelog-order",
                "change log entries must be newest first",
                Severity.warning,
            )
        if process.changelog and process.changelog[0].version != process.version:
            yield _at(
                catalog,
                process,
                ("changelog", 0, "version"),
                "changelog-version",
                f"newest change log entry is for {process.changelog[0].version}, but "
                f"the process is at version {process.version}",
                Severity.warning,
            )


def _check_flow(catalog: Catalog, process: Any) -> Iterator[Problem]:
    """Warn about steps that nothing leads to.

    A detour step that a branch leads to and that then goes on to the next step is a
    common, legitimate shape (fix the setup, then invoice), so fall-through is not warned.
    """
    steps = process.steps
    index = {s.id: i for i, s in enumerate(steps)}
    reached = {0}
    for i, step in enumerate(steps):
        reached.update(index[b.goto] for b in step.branches if b.goto in index)
        if not step.branches and not step.end and i + 1 < len(steps):
            reached.add(i + 1)
    for i, step in enumerate(steps):
        if step.decision and not step.branches:
            yield _at(
                catalog,
                process,
                ("steps", i, "decision"),
                "decision-without-branches",
                "decision has no branches saying where each outcome leads",
                Severity.warning,
            )
        if step.branches and not step.decision:
            yield _at(
                catalog,
                process,
                ("steps", i, "branches"),
                "branches-without-decision",
                "branches without a `decision` question to choose between them",
                Severity.warning,
            )
        if i not in reached:
            yield _at(
                catalog,
                process,
                ("steps", i),
                "unreachable-step",
                f"step '{step.id}' is never reached: no step before it goes on to it "
                "and no branch leads to it",
                Severity.warning,
            )


def check_training(catalog: Catalog) -> Iterator[Problem]:
    """Question IDs are unique, the draw fits the pool, generators have material."""
    for module in catalog.training.values():
        yield from _duplicate_ids(catalog, module, "questions", "question")
        if not module.questions and not module.generate and not module.acknowledge:
            yield _at(
                catalog,
                module,
                (),
                "empty-module",
                "module has no questions, generated questions or acknowledgements",
            )
        written = len(module.questions)
        made = sum(
            min(gen.limit, _generated_count(catalog, gen.ask, process))
            for gen in module.generate
            if (process := catalog.processes.get(gen.process))
        )
        if module.draw is not None and module.draw > written + made:
            yield _at(
                catalog,
                module,
                ("draw",),
                "draw-too-large",
                f"draws {module.draw} questions from a pool of {written + made} "
                f"({written} written, {made} generated)",
            )
        for i, gen in enumerate(module.generate):
            process = catalog.processes.get(gen.process)
            gap = _generator_gap(catalog, gen.ask, process) if process else None
            if gap:
                yield _at(catalog, module, ("generate", i), "generator-empty", gap)


def _generated_count(catalog: Catalog, ask: Generator, process: Process) -> int:
    """How many questions a generator can ask about a process (before its `limit`), as
    the training app generates them: one per step with an accountable role or a tool,
    one per run of steps to order; none without other roles or tools as wrong answers."""
    if ask is Generator.step_order:
        return len(catalog.graph.order_runs(process))
    if ask is Generator.accountable:
        return (
            sum(s.raci.accountable in catalog.roles for s in process.steps)
            if len(catalog.roles) > 1
            else 0
        )
    if ask is Generator.tool:
        return (
            sum(any(t in catalog.tools for t in s.tools) for s in process.steps)
            if len(catalog.tools) > 1
            else 0
        )
    return 0


def _generator_gap(catalog: Catalog, ask: Generator, process: Process) -> str | None:
    """Why a generator would find no question to ask about a process, if it would not."""
    pid = process.id
    if ask is Generator.step_order and not catalog.graph.order_runs(process):
        return (
            f"process '{pid}' has no run of 3 or more steps with different titles on its "
            "main path (first branch at each decision) to put in order"
        )
    if ask is Generator.accountable and (
        not any(s.raci.accountable in catalog.roles for s in process.steps)
        or len(catalog.roles) < 2
    ):
        return (
            f"process '{pid}' gives no accountable role to ask about, "
            "or there are no other roles to offer as wrong answers"
        )
    if ask is Generator.tool and (
        not any(s.tools for s in process.steps) or len(catalog.tools) < 2
    ):
        return (
            f"no step of process '{pid}' uses a tool, or there are no other tools to offer "
            "as wrong answers"
        )
    return None


def check_people(catalog: Catalog) -> Iterator[Problem]:
    """E-mail addresses are unique: they are how people sign in."""
    owner: dict[str, str] = {}
    for person in catalog.people.values():
        email = person.email.lower()
        if email in owner:
            yield _at(
                catalog,
                person,
                ("email",),
                "duplicate-email",
                f"e-mail {person.email} is also person '{owner[email]}'",
            )
        else:
            owner[email] = person.id


def check_titles(catalog: Catalog) -> Iterator[Problem]:
    """Two records of one kind with the same title look like one in the navigation, in
    search results and in quiz options. People are left out: namesakes are real."""
    for kind, by_id in catalog.records.items():
        if kind == "person":
            continue
        first: dict[str, str] = {}
        for id_ in sorted(by_id):
            record = by_id[id_]
            key = " ".join(record.title.casefold().split())
            if key not in first:
                first[key] = id_
                continue
            yield _at(
                catalog,
                record,
                ("title",),
                "duplicate-title",
                f"same title as {kind} '{first[key]}': readers cannot tell them apart",
                Severity.warning,
            )


def check_upkeep(catalog: Catalog) -> Iterator[Problem]:
    """Warnings for what needs care: overdue reviews, gaps in training, unused records."""
    graph = catalog.graph
    warn = Severity.warning
    # Whether nothing uses, covers or holds a record depends on every record of the kinds
    # that could: while one of those was dropped for errors of its own, it may be the one,
    # so the warning would be a guess. Fixing the error brings the warning back if true.
    dropped = {kind for kind, _ in catalog.broken}
    for process in catalog.processes.values():
        if process.status is not Status.active:
            continue
        if process.review.due < catalog.today:
            yield _at(
                catalog,
                process,
                ("review", "last_reviewed"),
                "review-overdue",
                f"review overdue since {process.review.due.isoformat()}",
                warn,
            )
        if process.review.last_reviewed > catalog.today:
            yield _at(
                catalog,
                process,
                ("review", "last_reviewed"),
                "review-in-future",
                "last review date is in the future",
                warn,
            )
        if "training" not in dropped and not graph.modules_covering(process.id):
            yield _at(
                catalog,
                process,
                (),
                "untrained-process",
                "no training module covers this process",
                warn,
            )
        if all(step.automation is Automation.manual for step in process.steps):
            yield _at(
                catalog,
                process,
                ("steps",),
                "fully-manual",
                "every step is manual: a candidate for automation",
                warn,
            )
    if "person" not in dropped:
        for role in catalog.roles.values():
            if role.status is Status.active and not graph.people_in_role(role.id):
                yield _at(catalog, role, (), "role-unfilled", "no person holds this role", warn)
    if "process" not in dropped:
        for tool in catalog.tools.values():
            if tool.status is Status.active and not graph.processes_using_tool(tool.id):
                yield _at(catalog, tool, (), "tool-unused", "no process step uses this tool", warn)
        for kpi in catalog.kpis.values():
            if kpi.status is Status.active and not graph.processes_moving_kpi(kpi.id):
                yield _at(catalog, kpi, (), "kpi-unmoved", "no process moves this KPI", warn)


CHECKS: tuple[Check, ...] = (
    check_references,
    check_images,
    check_cycles,
    check_steps,
    check_training,
    check_people,
    check_titles,
    check_upkeep,
)


def run_checks(catalog: Catalog) -> None:
    """Run every rule and add what it finds to the catalogue's problems."""
    for check in CHECKS:
        catalog.problems.extend(check(catalog))
