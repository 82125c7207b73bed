"""What the work uses and measures: tools, data entities, KPIs and glossary terms."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .base import Markdown, Record, RoleRef, Strict, ToolRef


class Tool(Record):
    """A system or application the organisation works with."""

    KIND: ClassVar[str] = "tool"
    FOLDER: ClassVar[str] = "tools"

    kind: Literal["tool"] = "tool"
    category: str = Field(
        min_length=1, description="What sort of tool: CRM, CMS, email marketing, ticketing, ..."
    )
    vendor: str = Field(min_length=1, description="Who makes it.")
    owner: RoleRef = Field(description="The role that administers the tool.")
    purpose: Markdown = Field(min_length=1, description="What the organisation uses it for.")
    data_held: list[str] = Field(
        default_factory=list,
        description="What data lives in the tool, in words; data entities name the tool as "
        "their system of record.",
    )
    link: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description="Where staff open the tool (an http or https address).",
    )


class Sensitivity(StrEnum):
    public = "public"
    internal = "internal"
    confidential = "confidential"
    restricted = "restricted"


class DataField(Strict):
    """One field of a data entity, as the data dictionary defines it."""

    name: str = Field(min_length=1, description="Field name as it appears in the system.")
    type: str = Field(default="text", description="text, number, date, enum, reference, ...")
    definition: str = Field(min_length=1, description="What the field means.")
    required: bool = Field(default=False, description="Whether every record must have it.")


class DataEntity(Record):
    """A kind of business data: its definition, where it lives and who owns it."""

    KIND: ClassVar[str] = "data"
    FOLDER: ClassVar[str] = "data"

    kind: Literal["data"] = "data"
    definition: Markdown = Field(min_length=1, description="What one record of it is.")
    system_of_record: ToolRef = Field(description="The tool that holds the master copy.")
    owner: RoleRef = Field(description="The role answerable for its quality.")
    sensitivity: Sensitivity = Field(
        default=Sensitivity.internal,
        description="public, internal, confidential or restricted.",
    )
    fields: list[DataField] = Field(default_factory=list, description="The data dictionary.")


class Direction(StrEnum):
    higher = "higher"
    lower = "lower"


class Frequency(StrEnum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    yearly = "yearly"


class Kpi(Record):
    """A measured outcome with a target and a benchmark."""

    KIND: ClassVar[str] = "kpi"
    FOLDER: ClassVar[str] = "kpis"

    kind: Literal["kpi"] = "kpi"
    definition: Markdown = Field(min_length=1, description="What is measured, in words.")
    formula: str = Field(min_length=1, description="How it is computed.")
    unit: str = Field(min_length=1, description="%, hours, days, EUR, count, score, ...")
    direction: Direction = Field(description="Whether higher or lower is better.")
    target: float = Field(description="The value the organisation aims for.")
    benchmark: float | None = Field(default=None, description="An outside reference value.")
    benchmark_source: str | None = Field(
        default=None, description="Where the benchmark comes from."
    )
    owner: RoleRef = Field(description="The role answerable for the KPI.")
    review_frequency: Frequency = Field(
        default=Frequency.monthly, description="How often the KPI is reviewed."
    )


class Term(Record):
    """A word or acronym of the organisation, explained wherever it appears."""

    KIND: ClassVar[str] = "term"
    FOLDER: ClassVar[str] = "glossary"

    kind: Literal["term"] = "term"
    expansion: str | None = Field(
        default=None,
        description="What an acronym stands for, on one line, e.g. 'Marketing Qualified Lead'.",
        json_schema_extra={"pattern": r"^[^\n\r]*$"},
    )
    definition: Markdown = Field(min_length=1, description="What it means here (Markdown).")
    aliases: list[str] = Field(default_factory=list, description="Other spellings of the word.")

    @field_validator("expansion")
    @classmethod
    def _one_line(cls, expansion: str | None) -> str | None:
        # The expansion is the tooltip of the word on every page that uses it.
        if expansion is not None and len(expansion.splitlines()) > 1:
            raise PydanticCustomError(
                "term_multiline_expansion",
                "an expansion is one line (what the term stands for); "
                "put anything longer in the definition",
            )
        return expansion
