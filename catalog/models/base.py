"""The envelope every catalogue record shares, and the reference types between records."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]


@dataclass(frozen=True)
class Reference:
    """Marks a field whose value is the ID of a record of `kind`."""

    kind: str


def _ref(kind: str) -> object:
    """The type of a field holding the ID of a record of `kind`."""
    return Annotated[Slug, Reference(kind), Field(json_schema_extra={"x-reference": kind})]


DomainRef = _ref("domain")
TeamRef = _ref("team")
RoleRef = _ref("role")
PersonRef = _ref("person")
ProcessRef = _ref("process")
ToolRef = _ref("tool")
DataRef = _ref("data")
KpiRef = _ref("kpi")
TermRef = _ref("term")
TrainingRef = _ref("training")


class Status(StrEnum):
    draft = "draft"
    active = "active"
    retired = "retired"


class Strict(BaseModel):
    """Base for every catalogue model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )


class Record(Strict):
    """Fields shared by every record, whatever its kind."""

    KIND: ClassVar[str] = ""
    FOLDER: ClassVar[str] = ""
    FILLED_IN: ClassVar[frozenset[str]] = frozenset()
    """Required fields a file may leave out: the model fills them in from other fields."""

    title: str = Field(min_length=1, max_length=200, description="Human-readable name.")
    status: Status = Field(
        default=Status.active,
        description="draft (being written), active (in force) or retired (kept for history; "
        "references to it are warnings).",
    )
    tags: list[Slug] = Field(default_factory=list, description="Free-form labels for browsing.")

    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        """The record's ID: its file name without the extension."""
        return self.__pydantic_private__["_id"]  # type: ignore[index]  # fast path

    def __hash__(self) -> int:
        # Records are identified by kind and ID (equality also compares the ID).
        return hash((self.KIND, self._id))
