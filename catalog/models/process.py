"""How the work is done: processes and their ordered steps."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from .base import (
    DataRef,
    DomainRef,
    KpiRef,
    Markdown,
    ProcessRef,
    Record,
    RoleRef,
    Slug,
    Strict,
    ToolRef,
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?)\s*$")
_MINUTES_PER_UNIT = {"m": 1, "h": 60, "d": 480}  # a working day is 8 hours


def duration_minutes(text: str) -> float:
    """Minutes in a duration such as '15m', '2h' or '1d' (a working day of 8 hours)."""
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(
            f"'{text}' is not a duration; write a number and a unit: 15m, 2h or 1d "
            "(or minutes, hours, days in full)"
        )
    return float(match.group(1)) * _MINUTES_PER_UNIT[match.group(2)[0]]


class Automation(StrEnum):
    manual = "manual"
    partial = "partial"
    automated = "automated"


class Raci(Strict):
    """Who is Responsible, Accountable, Consulted and Informed for a step."""

    responsible: list[RoleRef] = Field(min_length=1, description="Roles that do the work.")
    accountable: RoleRef = Field(
        description="The one role that answers for the result; exactly one per step."
    )
    consulted: list[RoleRef] = Field(
        default_factory=list, description="Roles asked for input before or during the step."
    )
    informed: list[RoleRef] = Field(
        default_factory=list, description="Roles told of the result afterwards."
    )

    @field_validator("accountable", mode="before")
    @classmethod
    def _exactly_one(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) == 1:
                return value[0]
            raise ValueError(f"exactly one accountable role is required, found {len(value)}")
        return value


class Branch(Strict):
    """A decision outcome that leads to another step of the same process."""

    when: str = Field(min_length=1, description="The condition, e.g. 'Lead score is 60 or more'.")
    goto: Slug | None = Field(
        default=None,
        description="ID of the step to continue with; omit to end the process on this outcome.",
    )


class Step(Strict):
    """One task in a process."""

    id: Slug = Field(description="Short ID, unique in the process, used by branches and links.")
    title: str = Field(min_length=1, max_length=200, description="What is done, as a verb phrase.")
    instructions: Markdown = Field(
        min_length=1, description="How to do it, concretely enough to follow (Markdown)."
    )
    raci: Raci = Field(description="Who is responsible, accountable, consulted and informed.")
    tools: list[ToolRef] = Field(default_factory=list, description="Tools used in the step.")
    reads: list[DataRef] = Field(default_factory=list, description="Data the step reads.")
    writes: list[DataRef] = Field(default_factory=list, description="Data the step writes.")
    duration: str | None = Field(
        default=None, description="Expected hands-on time: 15m, 2h or 1d (8 working hours)."
    )
    automation: Automation = Field(
        default=Automation.manual,
        description="manual, partial (partly automated) or automated.",
    )
    decision: str | None = Field(
        default=None, description="The question decided at this step, when it has branches."
    )
    branches: list[Branch] = Field(
        default_factory=list, description="Outcomes of the decision and the steps they lead to."
    )
    calls: ProcessRef | None = Field(
        default=None, description="A sub-process run as part of this step."
    )
    end: bool = Field(
        default=False,
        description="The process ends after this step, instead of going on to the next one "
        "(for a step that only a branch leads to).",
    )

    @field_validator("duration")
    @classmethod
    def _duration_parses(cls, value: str | None) -> str | None:
        if value is not None:
            duration_minutes(value)
        return value

    @property
    def minutes(self) -> float | None:
        """Expected duration in minutes, when given."""
        return None if self.duration is None else duration_minutes(self.duration)


class Change(Strict):
    """One entry of a process's change log."""

    version: str = Field(min_length=1, description="The version this change produced.")
    date: dt.date = Field(description="When the change took effect.")
    summary: str = Field(min_length=1, description="What changed and why.")


class Review(Strict):
    """How often a process is reviewed, and when it last was."""

    interval_days: int = Field(gt=0, le=3650, description="Days between reviews.")
    last_reviewed: dt.date = Field(description="Date of the last review.")

    @property
    def due(self) -> dt.date:
        """The date the next review is due."""
        return self.last_reviewed + dt.timedelta(days=self.interval_days)


class Process(Record):
    """A sequence of tasks that produces an outcome."""

    KIND: ClassVar[str] = "process"
    FOLDER: ClassVar[str] = "processes"

    kind: Literal["process"] = "process"
    domain: DomainRef = Field(description="The ops domain the process belongs to.")
    owner: RoleRef = Field(description="The role that owns and maintains the process.")
    trigger: str = Field(min_length=1, description="The event that starts the process.")
    outcome: str = Field(min_length=1, description="What exists when the process is done.")
    summary: Markdown = Field(min_length=1, description="The process in a paragraph (Markdown).")
    version: str = Field(min_length=1, description="Current version, e.g. '1.3'.")
    changelog: list[Change] = Field(
        default_factory=list, description="Changes, newest first; the first names `version`."
    )
    review: Review = Field(description="Review interval and the date of the last review.")
    sla: str | None = Field(default=None, description="The service level it must meet.")
    kpis: list[KpiRef] = Field(default_factory=list, description="KPIs the process moves.")
    inputs: list[DataRef] = Field(default_factory=list, description="Data the process needs.")
    outputs: list[DataRef] = Field(default_factory=list, description="Data the process produces.")
    steps: list[Step] = Field(min_length=1, description="The steps, in order.")

    def step(self, step_id: str) -> Step | None:
        """The step with this ID, if any."""
        return next((s for s in self.steps if s.id == step_id), None)
