"""What must be learnt: training modules, their questions and answer keys.

Answer keys live only in these records; nothing that renders for a browser may read
`correct`, `answer` or the order of `items`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Markdown, ProcessRef, Record, RoleRef, Slug, Strict


class Option(Strict):
    """One answer offered by a choice question."""

    text: Markdown = Field(min_length=1, description="The option as shown (Markdown).")
    correct: bool = Field(default=False, description="Whether choosing it is right.")


class _Question(Strict):
    id: Slug = Field(description="Short ID, unique in the module.")
    prompt: Markdown = Field(min_length=1, description="The question (Markdown).")
    explanation: Markdown = Field(
        min_length=1, description="Why the answer is right; shown after the attempt."
    )


class SingleChoice(_Question):
    """Pick the one right option."""

    type: Literal["single"] = Field(description="single: exactly one option is correct.")
    options: list[Option] = Field(min_length=2, description="The options, at least two.")

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        found = sum(o.correct for o in self.options)
        if found == 0:
            raise PydanticCustomError(
                "question_no_correct", "choice question has no correct option"
            )
        if found > 1:
            raise PydanticCustomError(
                "question_many_correct",
                "single-choice question has {found} correct options; use type: multiple",
                {"found": found},
            )
        return self


class MultipleChoice(_Question):
    """Pick every right option."""

    type: Literal["multiple"] = Field(description="multiple: one or more options are correct.")
    options: list[Option] = Field(min_length=2, description="The options, at least two.")

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleChoice:
        if not any(o.correct for o in self.options):
            raise PydanticCustomError(
                "question_no_correct", "choice question has no correct option"
            )
        return self


class TrueFalse(_Question):
    """Say whether a statement is true."""

    type: Literal["true-false"] = Field(description="true-false: a statement to judge.")
    answer: bool = Field(description="Whether the statement is true.")


class Ordering(_Question):
    """Put items in the right order."""

    type: Literal["ordering"] = Field(description="ordering: put the items in order.")
    items: list[str] = Field(description="The items, written in the correct order; at least 3.")

    @model_validator(mode="after")
    def _enough_items(self) -> Ordering:
        if len(self.items) < 3:
            raise PydanticCustomError(
                "ordering_too_short",
                "ordering question needs at least 3 items, found {found}",
                {"found": len(self.items)},
            )
        if len(set(self.items)) != len(self.items):
            raise PydanticCustomError(
                "ordering_duplicate_items", "ordering question repeats an item"
            )
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Ordering, Field(discriminator="type")
]


class Generator(StrEnum):
    accountable = "accountable"
    tool = "tool"
    step_order = "step-order"


class GeneratedQuestions(Strict):
    """Questions derived from a process's structure, so they stay right when it changes."""

    ask: Generator = Field(
        description="accountable: which role is accountable for a step; tool: which tool a "
        "step uses; step-order: put the process's steps in order."
    )
    process: ProcessRef = Field(description="The process the questions are about.")
    limit: int = Field(default=3, ge=1, le=50, description="At most this many questions.")


class Scoring(StrEnum):
    all_or_nothing = "all-or-nothing"
    partial = "partial"


class ReviewPolicy(StrEnum):
    never = "never"
    after_pass = "after-pass"
    after_last_attempt = "after-last-attempt"


class TrainingModule(Record):
    """A unit of training: reading, acknowledgements and a quiz that roles must pass."""

    KIND: ClassVar[str] = "training"
    FOLDER: ClassVar[str] = "training"

    kind: Literal["training"] = "training"
    summary: Markdown = Field(min_length=1, description="What the module teaches (Markdown).")
    roles: list[RoleRef] = Field(default_factory=list, description="Roles that must pass it.")
    covers: list[ProcessRef] = Field(
        default_factory=list, description="Processes the module teaches."
    )
    acknowledge: list[ProcessRef] = Field(
        default_factory=list,
        description="Processes a learner must confirm they have read and understood.",
    )
    pass_mark: int = Field(default=80, ge=1, le=100, description="Percentage needed to pass.")
    validity_days: int | None = Field(
        default=365, gt=0, description="Days a pass stays valid; null for no expiry."
    )
    max_attempts: int | None = Field(
        default=3, gt=0, description="Attempts allowed; null for no limit."
    )
    cooldown_hours: float = Field(
        default=24, ge=0, description="Hours to wait after a failed attempt."
    )
    time_limit_minutes: int = Field(
        default=60, gt=0, le=1440, description="An attempt not submitted by then expires."
    )
    draw: int | None = Field(
        default=None, gt=0, description="Ask this many questions drawn from the pool; null: all."
    )
    scoring: Scoring = Field(
        default=Scoring.all_or_nothing,
        description="How multiple-choice questions score: all-or-nothing or partial.",
    )
    review: ReviewPolicy = Field(
        default=ReviewPolicy.after_pass,
        description="When the right answers are shown: never, after-pass or after-last-attempt.",
    )
    questions: list[Question] = Field(default_factory=list, description="The question pool.")
    generate: list[GeneratedQuestions] = Field(
        default_factory=list, description="Questions derived from the catalogue's structure."
    )

    @property
    def has_quiz(self) -> bool:
        """Whether learners answer questions, or only acknowledge processes they have read."""
        return bool(self.questions or self.generate)
