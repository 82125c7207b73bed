"""The shapes of the JSON API's answers, for the OpenAPI document (`openapi.py`).

Documentation only: the views build plain dicts. The tests validate real answers against
these models, which forbid unknown keys, so the document cannot drift from the API.
Times are ISO 8601 strings in UTC; dates are YYYY-MM-DD.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

Category = Literal["passed", "due", "overdue", "failed", "not-started"]
Status = Literal[
    "passed", "due", "expired", "failed", "locked", "in-progress", "needs-ack", "not-started"
]
NotCurrent = Literal["renewed", "expired", "left", "role-gone", "requirements"]


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Health(Shape):
    status: Literal["ok"]


class Me(Shape):
    email: str
    person: str | None = Field(description="Catalogue person ID; null for an ops account.")
    name: str | None
    roles: list[str]
    level: Literal["learner", "manager", "admin"]
    reports: list[str] = Field(description="Everyone below this person, retired people left out.")
    csrf_token: str = Field(description="Send it as X-CSRF-Token on every POST.")


class Progress(Shape):
    module: str
    title: str
    status: Status
    category: Category = Field(description="The readiness matrix's column for this status.")
    has_quiz: bool = Field(description="False for a module of acknowledgements only.")
    best_score: float | None
    attempts_used: int
    attempts_left: int | None = Field(description="null: unlimited, or no quiz.")
    open_attempt: str | None
    next_start: str | None = Field(description="When the cool-down ends, if one runs.")
    valid_until: str | None
    due_date: str | None
    acknowledgements_missing: list[str] = Field(description="Process IDs still to acknowledge.")


class Evidence(Shape):
    module: str
    title: str
    attempt: str | None = Field(description="The passing attempt; null without a quiz.")
    completed_at: str | None
    valid_until: str | None
    covers: dict[str, str] = Field(description="Process ID to the version it covered.")


class Certification(Shape):
    id: str
    person: str
    role: str
    certified_at: str
    expires_at: str | None
    catalog_version: str
    current: bool
    not_current_because: NotCurrent | None
    modules: list[Evidence]


class PersonRole(Shape):
    role: str
    modules: list[Progress]


class PersonView(Shape):
    person: str
    name: str
    roles: list[PersonRole]
    certifications: list[Certification] = Field(description="Newest first.")


class Module(Shape):
    id: str
    title: str
    summary: str
    status: Literal["draft", "active", "retired"]
    has_quiz: bool
    pass_mark: int
    max_attempts: int | None
    cooldown_hours: float | int
    acknowledge: list[str]
    progress: Progress


class Option(Shape):
    token: str = Field(description="Opaque and per attempt: send it back as the answer.")
    text: str = Field(description="Markdown.")


class Question(Shape):
    id: str
    type: Literal["single", "multiple", "true-false", "ordering"]
    prompt: str = Field(description="Markdown.")
    options: list[Option] = Field(description="Shuffled; for ordering, the items to order.")


class ReviewedQuestion(Shape):
    id: str
    type: Literal["single", "multiple", "true-false", "ordering"]
    prompt: str
    explanation: str = Field(description="Empty for a wrong answer unless answers are shown.")
    credit: float
    correct: bool
    chosen: list[str] = Field(description="The texts picked, in the order sent.")
    right: list[str] | None = Field(
        default=None, description="The right answers; present only when they are shown."
    )


class Result(Shape):
    score: float
    passed: bool
    pass_mark: int
    answers_shown: bool
    questions: list[ReviewedQuestion]


class Attempt(Shape):
    id: str
    module: str
    person: str
    status: Literal["open", "submitted", "expired"]
    started_at: str
    expires_at: str
    submitted_at: str | None
    questions: list[Question] | None = Field(default=None, description="While open.")
    result: Result | None = Field(default=None, description="Once submitted.")
    resumed: bool | None = Field(default=None, description="Starting only: an open one resumed.")


class ReadinessPerson(Shape):
    person: str
    name: str
    modules: dict[str, Category] = Field(description="Module ID to category.")


class ReadinessTeam(Shape):
    team: str | None = Field(description="null for a manager's own reports.")
    modules: list[str]
    people: list[ReadinessPerson]
    totals: dict[str, int]


class Readiness(Shape):
    teams: list[ReadinessTeam]


class CoverageRole(Shape):
    role: str
    certified: list[str] = Field(description="People holding a current certification.")
    has_training: bool
    single_point_of_failure: bool


class CoverageProcess(Shape):
    process: str
    single_point_of_failure: bool
    roles: list[CoverageRole]


class Coverage(RootModel[list[CoverageProcess]]):
    pass


class Verification(Shape):
    genuine: Literal[True]
    current: bool
    not_current_because: NotCurrent | None
    name: str | None
    role: str
    role_title: str | None
    certified_at: str
    expires_at: str | None
    catalog_version: str
