"""Views over many people: a person's overview, readiness matrices, process coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from catalog import Catalog
from catalog.models import Person, Process, Role, TrainingModule
from catalog.ordering import natural_key

from .certifications import certifications_of, current_by_role, with_standing
from .people import active
from .progress import CATEGORIES, History, Progress, history, module_progress


@dataclass
class RoleOverview:
    role: Role
    modules: list[Progress]

    @property
    def certifiable(self) -> bool:
        return bool(self.modules)

    @property
    def complete(self) -> bool:
        return bool(self.modules) and all(p.complete for p in self.modules)


@dataclass
class Overview:
    """A person's home: each role's modules with status, and their certifications."""

    person: Person
    roles: list[RoleOverview]
    certifications: list[dict]
    other_modules: list[Progress] = field(default_factory=list)


def overview(
    db: Database, catalog: Catalog, person: Person, now: dt.datetime, due_soon: int = 30
) -> Overview:
    rows = history(db, [person.id])
    roles = []
    for role_id in person.roles:
        role = catalog.roles.get(role_id)
        if role is None:
            continue
        progresses = [
            module_progress(
                catalog, person, m, rows.get((person.id, m.id), History()), now, due_soon
            )
            for m in catalog.graph.modules_for_role(role_id)
        ]
        roles.append(RoleOverview(role, progresses))
    required = {p.module.id for r in roles for p in r.modules}
    others = [
        module_progress(catalog, person, catalog.training[mid], h, now, due_soon)
        for (pid, mid), h in rows.items()
        if pid == person.id
        and mid not in required
        and mid in catalog.training
        and (h.attempts or h.acks or h.grants)  # something done, not a past requirement
    ]
    certs = [
        {**c, "role_title": _role_title(catalog, c["role_id"])}
        for c in with_standing(db, catalog, certifications_of(db, [person.id]), now, rows)
    ]
    return Overview(person, roles, certs, others)


def _role_title(catalog: Catalog, role_id: str) -> str:
    role = catalog.roles.get(role_id)
    return role.title if role else role_id


@dataclass
class Matrix:
    """People by required modules; each cell a Progress (None when not required)."""

    people: list[Person]
    modules: list[TrainingModule]
    cells: dict[tuple[str, str], Progress]

    def cell(self, person_id: str, module_id: str) -> Progress | None:
        return self.cells.get((person_id, module_id))

    def column_totals(self, module_id: str) -> dict[str, int]:
        totals = dict.fromkeys(CATEGORIES, 0)
        for p in self.people:
            if (cell := self.cell(p.id, module_id)) is not None:
                totals[cell.category] += 1
        return totals

    def row_totals(self, person_id: str) -> dict[str, int]:
        totals = dict.fromkeys(CATEGORIES, 0)
        for m in self.modules:
            if (cell := self.cell(person_id, m.id)) is not None:
                totals[cell.category] += 1
        return totals

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(CATEGORIES, 0)
        for cell in self.cells.values():
            totals[cell.category] += 1
        return totals


def matrix(
    db: Database, catalog: Catalog, people: list[Person], now: dt.datetime, due_soon: int = 30
) -> Matrix:
    """The readiness matrix of these people over the modules their roles require (people
    who retired are left out)."""
    people = active(people)
    rows = history(db, [p.id for p in people])
    modules: dict[str, TrainingModule] = {}
    cells: dict[tuple[str, str], Progress] = {}
    for person in people:
        for role_id in person.roles:
            for module in catalog.graph.modules_for_role(role_id):
                modules.setdefault(module.id, module)
                if (person.id, module.id) not in cells:
                    h = rows.get((person.id, module.id), History())
                    cells[(person.id, module.id)] = module_progress(
                        catalog, person, module, h, now, due_soon
                    )
    ordered = sorted(modules.values(), key=lambda m: natural_key(m.title))
    return Matrix(sorted(people, key=lambda p: natural_key(p.name)), ordered, cells)


@dataclass
class RoleCoverage:
    role: Role
    certified: list[Person]
    trained: bool  # whether the role requires any module (so can be certified)

    @property
    def single_point_of_failure(self) -> bool:
        return self.trained and len(self.certified) < 2


@dataclass
class ProcessCoverage:
    process: Process
    roles: list[RoleCoverage]

    @property
    def flagged(self) -> bool:
        return any(r.single_point_of_failure for r in self.roles)


def coverage(db: Database, catalog: Catalog, now: dt.datetime) -> list[ProcessCoverage]:
    """Per process, per role involved: people currently certified; fewer than two is flagged."""
    certified = current_by_role(db, catalog, now)
    found = []
    for process in sorted(catalog.processes.values(), key=lambda p: natural_key(p.title)):
        roles, _ = catalog.graph.raci_matrix(process)
        found.append(
            ProcessCoverage(
                process,
                [
                    RoleCoverage(
                        role,
                        sorted(
                            (
                                catalog.people[i]
                                for i in certified.get(role.id, ())
                                if i in catalog.people
                            ),
                            key=lambda p: natural_key(p.name),
                        ),
                        bool(catalog.graph.modules_for_role(role.id)),
                    )
                    for role in roles
                ],
            )
        )
    return found
