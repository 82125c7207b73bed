"""The loaded catalogue: every record by kind and ID, where it came from, and its graph."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .models import (
    RECORD_TYPES,
    DataEntity,
    Domain,
    Kpi,
    Person,
    Process,
    Record,
    Role,
    Team,
    Term,
    Tool,
    TrainingModule,
)
from .problems import Problem
from .source import Parsed, parse

if TYPE_CHECKING:
    from .graph import Graph

R = TypeVar("R", bound=Record)


@dataclass
class Source:
    """Where a record was read from: its file (as shown in messages) and its bytes."""

    file: str
    path: Path
    raw: bytes
    digest: str

    @cached_property
    def parsed(self) -> Parsed:
        """The file parsed again with YAML positions, on first need (for a message)."""
        return parse(self.raw)

    def find(self, needle: str, line: int, column: int) -> tuple[int, int]:
        """Where `needle` first occurs at or after a position (to point inside prose)."""
        lines = self.raw.decode("utf-8-sig", errors="replace").splitlines()
        for number in range(line, len(lines) + 1):
            start = column - 1 if number == line else 0
            found = lines[number - 1].find(needle, start)
            if found >= 0:
                return number, found + 2  # the column of the text after "("
        return line, column

    def position(self, path: tuple) -> tuple[int, int]:
        """Line and column of a field path in the file."""
        return self.parsed.position(path)


@dataclass
class Catalog:
    """Every valid record, by kind then ID, with the problems found while loading."""

    root: Path
    records: dict[str, dict[str, Record]] = field(
        default_factory=lambda: {kind: {} for kind in RECORD_TYPES}
    )
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)
    """(kind, ID) of record files that exist but were dropped for errors of their own
    (invalid, a duplicate ID, a file name that makes no ID)."""
    today: dt.date = field(default_factory=dt.date.today)

    def get(self, kind: str, id: str) -> Record | None:
        """The record of `kind` with this ID, if the catalogue has it."""
        return self.records.get(kind, {}).get(id)

    def of(self, cls: type[R]) -> dict[str, R]:
        """All records of a model class, by ID."""
        return self.records[cls.KIND]  # type: ignore[return-value]

    def all(self) -> Iterator[Record]:
        """Every record, kind by kind, in ID order within a kind."""
        for by_id in self.records.values():
            yield from (by_id[i] for i in sorted(by_id))

    def counts(self) -> dict[str, int]:
        """Records per kind."""
        return {kind: len(by_id) for kind, by_id in self.records.items()}

    def source(self, record: Record) -> Source:
        """Where a record was read from."""
        return self.sources[(record.KIND, record.id)]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @cached_property
    def version(self) -> str:
        """A short hash of every record file's content: changes whenever any record does."""
        digest = hashlib.sha256()
        for key in sorted(self.sources):
            digest.update(f"{key[0]}/{key[1]}={self.sources[key].digest};".encode())
        return digest.hexdigest()[:12]

    @cached_property
    def graph(self) -> Graph:
        """The resolved relations between records, computed once."""
        from .graph import Graph

        return Graph(self)

    domains = property(lambda self: self.of(Domain), doc="Domains by ID.")
    teams = property(lambda self: self.of(Team), doc="Teams by ID.")
    roles = property(lambda self: self.of(Role), doc="Roles by ID.")
    people = property(lambda self: self.of(Person), doc="People by ID.")
    processes = property(lambda self: self.of(Process), doc="Processes by ID.")
    tools = property(lambda self: self.of(Tool), doc="Tools by ID.")
    data = property(lambda self: self.of(DataEntity), doc="Data entities by ID.")
    kpis = property(lambda self: self.of(Kpi), doc="KPIs by ID.")
    terms = property(lambda self: self.of(Term), doc="Glossary terms by ID.")
    training = property(lambda self: self.of(TrainingModule), doc="Training modules by ID.")
