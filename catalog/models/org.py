"""Who does the work: ops domains, teams, roles and people."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from .base import DomainRef, Markdown, PersonRef, Record, RoleRef, TeamRef, ToolRef


class Domain(Record):
    """An ops function such as SalesOps or FinOps; may be composed of other domains."""

    KIND: ClassVar[str] = "domain"
    FOLDER: ClassVar[str] = "domains"

    kind: Literal["domain"] = "domain"
    purpose: Markdown = Field(min_length=1, description="Why this function exists (Markdown).")
    responsibilities: list[str] = Field(
        default_factory=list, description="What the function is responsible for, one per item."
    )
    composed_of: list[DomainRef] = Field(
        default_factory=list,
        description="Domains this one groups, e.g. RevOps is composed of MarkOps, SalesOps and "
        "ServiceOps.",
    )


class Team(Record):
    """A group of roles with a shared purpose."""

    KIND: ClassVar[str] = "team"
    FOLDER: ClassVar[str] = "teams"

    kind: Literal["team"] = "team"
    purpose: Markdown = Field(min_length=1, description="What the team is for (Markdown).")
    domain: DomainRef = Field(description="The ops domain the team works in.")
    lead: RoleRef | None = Field(default=None, description="The role that leads the team.")
    parent: TeamRef | None = Field(default=None, description="The team this one belongs to.")


class Role(Record):
    """A defined set of responsibilities that one or more people hold."""

    KIND: ClassVar[str] = "role"
    FOLDER: ClassVar[str] = "roles"

    kind: Literal["role"] = "role"
    team: TeamRef = Field(description="The team the role belongs to.")
    summary: Markdown = Field(default="", description="The role in a paragraph (Markdown).")
    responsibilities: list[str] = Field(
        min_length=1, description="What a holder of the role is responsible for, one per item."
    )
    reports_to: RoleRef | None = Field(default=None, description="The role this one reports to.")
    tools: list[ToolRef] = Field(default_factory=list, description="Tools the role works with.")


class Person(Record):
    """A member of staff holding one or more roles. Only work details: nothing personal."""

    KIND: ClassVar[str] = "person"
    FOLDER: ClassVar[str] = "people"
    FILLED_IN: ClassVar[frozenset[str]] = frozenset({"title"})  # from `name`

    kind: Literal["person"] = "person"
    name: str = Field(min_length=1, max_length=200, description="Full name.")
    email: str = Field(
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Work e-mail address; also the sign-in name for training.",
    )
    roles: list[RoleRef] = Field(min_length=1, description="Roles the person holds.")
    manager: PersonRef | None = Field(default=None, description="The person they report to.")
    start_date: dt.date | None = Field(default=None, description="First working day.")

    @model_validator(mode="before")
    @classmethod
    def _title_defaults_to_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and "title" not in data and isinstance(data.get("name"), str):
            return {**data, "title": data["name"]}
        return data
