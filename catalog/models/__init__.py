"""The catalogue's data model: one pydantic model per record kind."""

from .assets import DataEntity, DataField, Direction, Frequency, Kpi, Sensitivity, Term, Tool
from .base import Record, Reference, Status
from .org import Domain, Person, Role, Team
from .process import Automation, Branch, Change, Process, Raci, Review, Step, duration_minutes
from .training import (
    GeneratedQuestions,
    Generator,
    MultipleChoice,
    Option,
    Ordering,
    Question,
    ReviewPolicy,
    Scoring,
    SingleChoice,
    TrainingModule,
    TrueFalse,
)

RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (Domain, Team, Role, Person, Process, Tool, DataEntity, Kpi, Term, TrainingModule)
}
"""Every record kind, in the order pages and summaries list them."""

__all__ = [
    "RECORD_TYPES",
    "Automation",
    "Branch",
    "Change",
    "DataEntity",
    "DataField",
    "Direction",
    "Domain",
    "Frequency",
    "GeneratedQuestions",
    "Generator",
    "Kpi",
    "MultipleChoice",
    "Option",
    "Ordering",
    "Person",
    "Process",
    "Question",
    "Raci",
    "Record",
    "Reference",
    "Review",
    "ReviewPolicy",
    "Role",
    "Scoring",
    "Sensitivity",
    "SingleChoice",
    "Status",
    "Step",
    "Team",
    "Term",
    "Tool",
    "TrainingModule",
    "TrueFalse",
    "duration_minutes",
]
