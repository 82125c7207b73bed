"""The resolved graph: relations authored in one direction, derived in both, computed once.

Everything that asks "who does what, with which tool, covered by which training" asks
the graph; it tolerates dangling references (they are reported by the checks) by
skipping them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .models import (
    DataEntity,
    Domain,
    Kpi,
    Person,
    Process,
    Role,
    Status,
    Step,
    Team,
    Tool,
    TrainingModule,
)
from .ordering import natural_key

if TYPE_CHECKING:
    from .catalog import Catalog

RACI_LETTERS = ("R", "A", "C", "I")
RACI_NAMES = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}


class StepRef(NamedTuple):
    """A step of a process, with its position (0-based) in the process."""

    process: Process
    index: int
    step: Step

    @property
    def anchor(self) -> str:
        return self.step.id


class Assignment(NamedTuple):
    """A role's part in a step: R, A, C or I."""

    letter: str
    at: StepRef


class Handoff(NamedTuple):
    """Work passing from one team to another between two steps of a process."""

    process: Process
    source: StepRef
    target: StepRef
    from_team: Team
    to_team: Team


def _sorted(items: Iterable, key: str = "id") -> list:
    unique = {(r.KIND, r.id): r for r in items}
    return sorted(unique.values(), key=lambda r: (natural_key(str(getattr(r, key))), r.id))


class Graph:
    """Derived relations over a loaded catalogue."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        c = catalog
        self._people_by_role: dict[str, list[Person]] = defaultdict(list)
        self._reports_of_person: dict[str, list[Person]] = defaultdict(list)
        for person in c.people.values():
            for role_id in person.roles:
                self._people_by_role[role_id].append(person)
            if person.manager:
                self._reports_of_person[person.manager].append(person)
        self._team_by_role = {rid: c.teams.get(role.team) for rid, role in c.roles.items()}
        self._roles_by_team: dict[str, list[Role]] = defaultdict(list)
        self._reports_of_role: dict[str, list[Role]] = defaultdict(list)
        for role in c.roles.values():
            self._roles_by_team[role.team].append(role)
            if role.reports_to:
                self._reports_of_role[role.reports_to].append(role)
        self._subteams: dict[str, list[Team]] = defaultdict(list)
        self._teams_by_domain: dict[str, list[Team]] = defaultdict(list)
        for team in c.teams.values():
            self._teams_by_domain[team.domain].append(team)
            if team.parent:
                self._subteams[team.parent].append(team)
        self._assignments: dict[str, list[Assignment]] = defaultdict(list)
        self._steps_by_tool: dict[str, list[StepRef]] = defaultdict(list)
        self._steps_reading: dict[str, list[StepRef]] = defaultdict(list)
        self._steps_writing: dict[str, list[StepRef]] = defaultdict(list)
        self._processes_by_kpi: dict[str, list[Process]] = defaultdict(list)
        self._processes_by_domain: dict[str, list[Process]] = defaultdict(list)
        self._processes_by_owner: dict[str, list[Process]] = defaultdict(list)
        self._consumers: dict[str, list[Process]] = defaultdict(list)  # data -> inputs of
        self._producers: dict[str, list[Process]] = defaultdict(list)  # data -> outputs of
        self._callers: dict[str, list[StepRef]] = defaultdict(list)
        self.handoffs: list[Handoff] = []
        for process in c.processes.values():
            self._index_process(process)
        self._modules_by_process: dict[str, list[TrainingModule]] = defaultdict(list)
        self._modules_by_role: dict[str, list[TrainingModule]] = defaultdict(list)
        for module in c.training.values():
            for pid in {*module.covers, *module.acknowledge, *(g.process for g in module.generate)}:
                self._modules_by_process[pid].append(module)
            for role_id in module.roles:
                self._modules_by_role[role_id].append(module)

    def _index_process(self, process: Process) -> None:
        self._processes_by_domain[process.domain].append(process)
        self._processes_by_owner[process.owner].append(process)
        for did in process.inputs:
            self._consumers[did].append(process)
        for did in process.outputs:
            self._producers[did].append(process)
        for kpi in process.kpis:
            self._processes_by_kpi[kpi].append(process)
        refs = [StepRef(process, i, step) for i, step in enumerate(process.steps)]
        by_id = {r.step.id: r for r in refs}
        assignments = self._assignments
        for at in refs:
            raci = at.step.raci
            for role_id in raci.responsible:
                assignments[role_id].append(Assignment("R", at))
            assignments[raci.accountable].append(Assignment("A", at))
            for role_id in raci.consulted:
                assignments[role_id].append(Assignment("C", at))
            for role_id in raci.informed:
                assignments[role_id].append(Assignment("I", at))
            for tool in at.step.tools:
                self._steps_by_tool[tool].append(at)
            for data in at.step.reads:
                self._steps_reading[data].append(at)
            for data in at.step.writes:
                self._steps_writing[data].append(at)
            if at.step.calls:
                self._callers[at.step.calls].append(at)
        for source, target in self._flow(refs, by_id):
            from_team, to_team = self.team_of_step(source.step), self.team_of_step(target.step)
            if from_team and to_team and from_team.id != to_team.id:
                self.handoffs.append(Handoff(process, source, target, from_team, to_team))

    @staticmethod
    def _flow(refs: list[StepRef], by_id: dict[str, StepRef]) -> list[tuple[StepRef, StepRef]]:
        """Pairs of steps where work passes from one to the next."""
        pairs = []
        for i, at in enumerate(refs):
            targets = [b.goto for b in at.step.branches if b.goto in by_id]
            if not at.step.branches and not at.step.end and i + 1 < len(refs):
                pairs.append((at, refs[i + 1]))
            pairs.extend((at, by_id[t]) for t in dict.fromkeys(targets) if t)
        return pairs

    # --- organisation ---------------------------------------------------------

    def people_in_role(self, role_id: str) -> list[Person]:
        """People holding a role (the inverse of Person.roles)."""
        return _sorted(self._people_by_role.get(role_id, ()), "name")

    def roles_in_team(self, team_id: str) -> list[Role]:
        """Roles of a team (the inverse of Role.team)."""
        return _sorted(self._roles_by_team.get(team_id, ()), "title")

    def people_in_team(self, team_id: str) -> list[Person]:
        """People holding any role of a team."""
        return _sorted(
            (p for r in self._roles_by_team.get(team_id, ()) for p in self.people_in_role(r.id)),
            "name",
        )

    def teams_of_person(self, person: Person) -> list[Team]:
        """Teams a person belongs to through their roles."""
        return _sorted(t for r in person.roles if (t := self.team_of_role(r)))

    def team_of_role(self, role_id: str) -> Team | None:
        """The team a role belongs to."""
        return self._team_by_role.get(role_id)

    def team_of_step(self, step: Step) -> Team | None:
        """The team of the step's first responsible role."""
        return self.team_of_role(step.raci.responsible[0]) if step.raci.responsible else None

    def direct_reports(self, person_id: str) -> list[Person]:
        """People whose manager is this person (the inverse of Person.manager)."""
        return _sorted(self._reports_of_person.get(person_id, ()), "name")

    def all_reports(self, person_id: str) -> list[Person]:
        """Everyone below a person in the management tree."""
        found: dict[str, Person] = {}
        todo = [person_id]
        while todo:
            for report in self._reports_of_person.get(todo.pop(), ()):
                if report.id not in found and report.id != person_id:
                    found[report.id] = report
                    todo.append(report.id)
        return _sorted(found.values(), "name")

    def roles_reporting_to(self, role_id: str) -> list[Role]:
        """Roles whose reports_to is this role."""
        return _sorted(self._reports_of_role.get(role_id, ()), "title")

    def subteams(self, team_id: str) -> list[Team]:
        """Teams whose parent is this team."""
        return _sorted(self._subteams.get(team_id, ()), "title")

    def domain_parts(self, domain_id: str) -> list[Domain]:
        """The domain itself and every domain it is composed of, transitively."""
        seen: dict[str, Domain] = {}
        todo = [domain_id]
        while todo:
            domain = self.catalog.domains.get(todo.pop())
            if domain and domain.id not in seen:
                seen[domain.id] = domain
                todo.extend(domain.composed_of)
        return list(seen.values())

    def domains_composing(self, domain_id: str) -> list[Domain]:
        """Domains that include this one (the inverse of Domain.composed_of)."""
        return _sorted(d for d in self.catalog.domains.values() if domain_id in d.composed_of)

    def teams_in_domain(self, domain_id: str) -> list[Team]:
        """Teams of a domain and of the domains it is composed of."""
        return _sorted(
            (t for d in self.domain_parts(domain_id) for t in self._teams_by_domain.get(d.id, ())),
            "title",
        )

    def processes_in_domain(self, domain_id: str) -> list[Process]:
        """Processes of a domain and of the domains it is composed of."""
        return _sorted(
            (
                p
                for d in self.domain_parts(domain_id)
                for p in self._processes_by_domain.get(d.id, ())
            ),
            "title",
        )

    def tools_in_domain(self, domain_id: str) -> dict[str, list[Tool]]:
        """A domain's tool stack: tools used by its processes, grouped by category."""
        tools = {
            t
            for p in self.processes_in_domain(domain_id)
            for s in p.steps
            for tid in s.tools
            if (t := self.catalog.tools.get(tid))
        }
        grouped: dict[str, list[Tool]] = defaultdict(list)
        for tool in sorted(tools, key=lambda t: t.title):
            grouped[tool.category].append(tool)
        return dict(sorted(grouped.items()))

    def kpis_in_domain(self, domain_id: str) -> list[Kpi]:
        """KPIs moved by a domain's processes."""
        return _sorted(
            (
                k
                for p in self.processes_in_domain(domain_id)
                for kid in p.kpis
                if (k := self.catalog.kpis.get(kid))
            ),
            "title",
        )

    # --- work -------------------------------------------------------------------

    def assignments(self, role_id: str) -> list[Assignment]:
        """Every step where the role is R, A, C or I, in process then step order."""
        return sorted(
            self._assignments.get(role_id, ()),
            key=lambda a: (a.at.process.title, a.at.index, RACI_LETTERS.index(a.letter)),
        )

    def assignments_by_letter(self, role_id: str) -> dict[str, list[Assignment]]:
        """A role's assignments grouped as R, A, C, I (letters with none are left out)."""
        grouped: dict[str, list[Assignment]] = {}
        for letter in RACI_LETTERS:
            found = [a for a in self.assignments(role_id) if a.letter == letter]
            if found:
                grouped[letter] = found
        return grouped

    def raci_matrix(self, process: Process) -> tuple[list[Role], list[tuple[Step, list[str]]]]:
        """Roles involved in a process, and per step the letters of each role (R, A, C, I)."""
        involved: dict[str, None] = {}
        for step in process.steps:
            r = step.raci
            for rid in (*r.responsible, r.accountable, *r.consulted, *r.informed):
                involved.setdefault(rid)
        roles = [self.catalog.roles[rid] for rid in involved if rid in self.catalog.roles]
        rows = []
        for step in process.steps:
            r = step.raci
            cells = []
            for role in roles:
                letters = "".join(
                    letter
                    for letter, ids in zip(
                        RACI_LETTERS,
                        (r.responsible, [r.accountable], r.consulted, r.informed),
                        strict=True,
                    )
                    if role.id in ids
                )
                cells.append(letters)
            rows.append((step, cells))
        return roles, rows

    def processes_of_role(self, role_id: str) -> list[Process]:
        """Processes in which the role has any part, or which it owns."""
        return _sorted(
            [a.at.process for a in self._assignments.get(role_id, ())]
            + self._processes_by_owner.get(role_id, []),
            "title",
        )

    def processes_owned_by_team(self, team_id: str) -> list[Process]:
        """Processes whose owner role belongs to the team."""
        return _sorted(
            (
                p
                for r in self._roles_by_team.get(team_id, ())
                for p in self._processes_by_owner[r.id]
            ),
            "title",
        )

    def steps_using_tool(self, tool_id: str) -> list[StepRef]:
        return sorted(
            self._steps_by_tool.get(tool_id, ()), key=lambda s: (s.process.title, s.index)
        )

    def processes_using_tool(self, tool_id: str) -> list[Process]:
        return _sorted((s.process for s in self._steps_by_tool.get(tool_id, ())), "title")

    def roles_using_tool(self, tool_id: str) -> list[Role]:
        return _sorted((r for r in self.catalog.roles.values() if tool_id in r.tools), "title")

    def data_in_tool(self, tool_id: str) -> list[DataEntity]:
        """Data entities whose system of record is the tool."""
        return _sorted(
            (d for d in self.catalog.data.values() if d.system_of_record == tool_id), "title"
        )

    def steps_reading(self, data_id: str) -> list[StepRef]:
        return sorted(
            self._steps_reading.get(data_id, ()), key=lambda s: (s.process.title, s.index)
        )

    def steps_writing(self, data_id: str) -> list[StepRef]:
        return sorted(
            self._steps_writing.get(data_id, ()), key=lambda s: (s.process.title, s.index)
        )

    def processes_using_data(self, data_id: str) -> list[Process]:
        """Processes that read, write, take or produce a data entity."""
        return _sorted(
            [s.process for s in self._steps_reading.get(data_id, ())]
            + [s.process for s in self._steps_writing.get(data_id, ())]
            + self._consumers.get(data_id, [])
            + self._producers.get(data_id, []),
            "title",
        )

    def processes_moving_kpi(self, kpi_id: str) -> list[Process]:
        return _sorted(self._processes_by_kpi.get(kpi_id, ()), "title")

    def callers(self, process_id: str) -> list[StepRef]:
        """Steps that call this process as a sub-process."""
        return sorted(self._callers.get(process_id, ()), key=lambda s: (s.process.title, s.index))

    def main_path(self, process: Process) -> list[Step]:
        """The usual run through a process: from the first step, going on to the next step,
        or at a decision to its first branch (list the usual outcome first); stops at the
        end, at a branch that ends the process, or where it would come back to a step."""
        by_id = {s.id: i for i, s in enumerate(process.steps)}
        path: list[Step] = []
        seen: set[int] = set()
        i: int | None = 0
        while i is not None and i < len(process.steps) and i not in seen:
            seen.add(i)
            step = process.steps[i]
            path.append(step)
            if step.branches:
                i = by_id.get(step.branches[0].goto or "")
            else:
                i = None if step.end else i + 1
        return path

    def order_runs(self, process: Process, size: int = 5) -> list[list[Step]]:
        """Runs of three to `size` steps of the main path that have one right order, for
        "put these steps in order" questions: the path cut into runs of `size` (a short
        tail overlaps the run before it), keeping runs whose step titles all differ."""
        steps = self.main_path(process)
        runs = []
        for start in range(0, len(steps), size):
            run = steps[start : start + size]
            if len(run) < 3 and start > 0:
                run = steps[max(0, len(steps) - 3) :]
            titles = [s.title for s in run]
            if len(run) >= 3 and len(set(titles)) == len(titles):
                runs.append(run)
        return runs

    def related_processes(self, process: Process) -> list[Process]:
        """Processes linked by calls, shared KPIs, or data one produces and the other uses."""
        c = self.catalog
        found = [c.processes[s.calls] for s in process.steps if s.calls in c.processes]
        found += [s.process for s in self.callers(process.id)]
        for kid in process.kpis:
            found += self._processes_by_kpi.get(kid, [])
        for did in process.outputs:
            found += self._consumers.get(did, [])
        for did in process.inputs:
            found += self._producers.get(did, [])
        return [p for p in _sorted(found, "title") if p.id != process.id]

    def handoffs_of_team(self, team_id: str) -> tuple[list[Handoff], list[Handoff]]:
        """Hand-offs out of the team and into it."""
        out = [h for h in self.handoffs if h.from_team.id == team_id]
        into = [h for h in self.handoffs if h.to_team.id == team_id]
        return out, into

    def handoff_counts(self) -> dict[tuple[str, str], int]:
        """Number of hand-offs per (from team, to team) pair."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for h in self.handoffs:
            counts[(h.from_team.id, h.to_team.id)] += 1
        return dict(sorted(counts.items()))

    # --- training ---------------------------------------------------------------

    def modules_covering(self, process_id: str) -> list[TrainingModule]:
        """Modules that teach, quiz on or ask acknowledgement of a process."""
        return _sorted(self._modules_by_process.get(process_id, ()), "title")

    def modules_for_role(self, role_id: str) -> list[TrainingModule]:
        """Active modules a role must pass to be certified."""
        return _sorted(
            (m for m in self._modules_by_role.get(role_id, ()) if m.status is Status.active),
            "title",
        )

    def uncovered_processes(self) -> list[Process]:
        """Active processes that no training module covers."""
        return _sorted(
            (
                p
                for p in self.catalog.processes.values()
                if p.status is Status.active and not self._modules_by_process.get(p.id)
            ),
            "title",
        )

    def onboarding_path(self, role_id: str) -> list[Process]:
        """What a new holder of the role reads, in order: processes it owns or is accountable
        for, then those where it is responsible, then those it is consulted or informed on."""
        rank: dict[str, tuple[int, str]] = {}
        process_by_id: dict[str, Process] = {}
        for p in self._processes_by_owner.get(role_id, ()):
            rank[p.id] = (0, p.title)
            process_by_id[p.id] = p
        for a in self._assignments.get(role_id, ()):
            level = {"A": 0, "R": 1}.get(a.letter, 2)
            pid = a.at.process.id
            rank[pid] = min(rank.get(pid, (9, "")), (level, a.at.process.title))
            process_by_id[pid] = a.at.process
        active = [pid for pid in rank if process_by_id[pid].status is not Status.retired]
        return [process_by_id[pid] for pid in sorted(active, key=lambda pid: rank[pid])]
