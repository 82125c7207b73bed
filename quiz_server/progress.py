"""Where a person stands on a module: status, best score, attempts left, validity, due date.

`history()` loads the rows for many people in a few queries; `module_progress()` is a
pure function of those rows, so homes and matrices compute every cell the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from catalog import Catalog
from catalog.models import Person, TrainingModule

from .clock import from_text
from .db import fetch

# Matrix categories, in the order the matrix shows them.
CATEGORIES = ("passed", "due", "overdue", "failed", "not-started")
LABELS = {
    "passed": "Passed",
    "due": "Due soon",
    "expired": "Expired",
    "failed": "Failed",
    "locked": "No attempts left",
    "in-progress": "In progress",
    "needs-ack": "Acknowledgement needed",
    "not-started": "Not started",
}


@dataclass
class History:
    """A person's rows for one module."""

    attempts: list[dict[str, Any]] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)
    grants: list[dict[str, Any]] = field(default_factory=list)
    required: dict[str, str] = field(default_factory=dict)  # basis -> since


def requirement_basis(catalog: Catalog, module: TrainingModule) -> str:
    """What completing a module means today beyond its quiz: the process versions it asks
    to acknowledge. A new version is a new requirement, with a new due date."""
    return ",".join(
        f"{pid}@{catalog.processes[pid].version}"
        for pid in module.acknowledge
        if pid in catalog.processes
    )


def history(
    db: Database, person_ids: list[str], module_id: str | None = None
) -> dict[tuple[str, str], History]:
    """Attempts, acknowledgements and grants of these people, by (person, module)."""
    found: dict[tuple[str, str], History] = defaultdict(History)
    if not person_ids:
        return found
    marks = ",".join("?" for _ in person_ids)
    extra, params = (
        ("and module_id = ?", [*person_ids, module_id]) if module_id else ("", person_ids)
    )
    for table, attr, order in (
        ("attempts", "attempts", "started_at"),
        ("acknowledgements", "acks", "acknowledged_at"),
        ("attempt_grants", "grants", "granted_at"),
    ):
        columns = (
            "id, person_id, module_id, status, started_at, expires_at, submitted_at, score, passed"
            if table == "attempts"
            else "*"
        )
        sql = (
            f"select {columns} from {table} where person_id in ({marks}) {extra} "  # noqa: S608
            f"order by {order}, rowid"
        )
        for row in fetch(db, sql, params):
            getattr(found[(row["person_id"], row["module_id"])], attr).append(row)
    sql = (
        f"select person_id, module_id, basis, since from requirements "  # noqa: S608
        f"where person_id in ({marks}) {extra}"
    )
    for row in fetch(db, sql, params):
        found[(row["person_id"], row["module_id"])].required[row["basis"]] = row["since"]
    return found


def effective_status(attempt: dict[str, Any], now: dt.datetime) -> str:
    """An open attempt past its time limit is expired, even before that is written down."""
    if attempt["status"] == "open" and from_text(attempt["expires_at"]) <= now:
        return "expired"
    return attempt["status"]


@dataclass
class Progress:
    """One person's standing on one module."""

    module: TrainingModule
    status: str
    category: str
    best_score: float | None = None
    attempts_used: int = 0
    attempts_left: int | None = None
    open_attempt: str | None = None
    next_start: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    due_date: dt.date | None = None
    passing_attempt: str | None = None
    acks_missing: list[str] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def complete(self) -> bool:
        return self.status in {"passed", "due"}


def _validity(module: TrainingModule, moment: dt.datetime) -> dt.datetime | None:
    return None if module.validity_days is None else moment + dt.timedelta(module.validity_days)


def module_progress(
    catalog: Catalog,
    person: Person | None,
    module: TrainingModule,
    rows: History,
    now: dt.datetime,
    due_soon_days: int = 30,
    onboarding_days: int = 30,
) -> Progress:
    """The status of a module for a person, from their rows."""
    statuses = [(a, effective_status(a, now)) for a in rows.attempts]
    passes = [a for a, s in statuses if s == "submitted" and a["passed"]]
    last_pass = passes[-1] if passes else None
    pass_at = from_text(last_pass["submitted_at"]) if last_pass else None
    # Counting restarts after each pass and after each grant of extra attempts.
    starts = [pass_at] if pass_at else []
    starts += [from_text(g["granted_at"]) for g in rows.grants]
    cycle_start = max(starts) if starts else None
    cycle = [
        (a, s) for a, s in statuses if not cycle_start or from_text(a["started_at"]) > cycle_start
    ]
    used = len(cycle)
    left = None if module.max_attempts is None else max(0, module.max_attempts - used)
    scores = [a["score"] for a, s in statuses if s == "submitted" and a["score"] is not None]
    progress = Progress(
        module=module,
        status="not-started",
        category="not-started",
        best_score=max(scores) if scores else None,
        attempts_used=used,
        attempts_left=left,
        attempts=[{**a, "status": s} for a, s in statuses],
        passing_attempt=last_pass["id"] if last_pass else None,
    )
    progress.open_attempt = next((a["id"] for a, s in reversed(cycle) if s == "open"), None)
    failures = [
        from_text(a["submitted_at"]) if s == "submitted" else from_text(a["expires_at"])
        for a, s in cycle
        if s == "expired" or (s == "submitted" and not a["passed"])
    ]
    if failures and module.cooldown_hours and left != 0:  # no attempts left: no "try again"
        ready = max(failures) + dt.timedelta(hours=module.cooldown_hours)
        progress.next_start = ready if ready > now else None
    # Completion: the quiz passed (if there is one) and every acknowledgement current.
    parts: list[dt.datetime] = []
    ends: list[dt.datetime | None] = []
    quiz_done = not module.has_quiz or pass_at is not None
    if pass_at:
        parts.append(pass_at)
        ends.append(_validity(module, pass_at))
    for pid in module.acknowledge:
        process = catalog.processes.get(pid)
        if process is None:
            continue
        acks = [a for a in rows.acks if a["process_id"] == pid]
        current = [a for a in acks if a["process_version"] == process.version]
        if not current:
            progress.acks_missing.append(pid)
            continue
        at = from_text(current[-1]["acknowledged_at"])
        parts.append(at)
        ends.append(_validity(module, at))
    expired = any(e is not None and e <= now for e in ends)
    if quiz_done and not progress.acks_missing and parts and not expired:
        progress.completed_at = max(parts)
        bounded = [e for e in ends if e is not None]
        progress.valid_until = min(bounded) if bounded else None
        progress.due_date = progress.valid_until.date() if progress.valid_until else None
        soon = progress.valid_until and progress.valid_until - now <= dt.timedelta(due_soon_days)
        progress.status = progress.category = "due" if soon else "passed"
        return progress
    if expired:
        progress.status, progress.category = "expired", "overdue"
        progress.due_date = min(e for e in ends if e is not None).date()
        return progress
    if progress.open_attempt:
        progress.status = "in-progress"
    elif quiz_done and progress.acks_missing:
        progress.status = "needs-ack"
    elif used and left == 0:
        progress.status = "locked"
    elif used or any(s != "open" for _, s in statuses):  # failed, before a grant too
        progress.status = "failed"
    progress.category = "failed" if progress.status in {"failed", "locked"} else "not-started"
    # Due `onboarding_days` after the person started, or after the module (on its current
    # basis) became required of them, whichever is later.
    since = rows.required.get(requirement_basis(catalog, module))
    starts = [from_text(since).date()] if since else []
    if person is not None and person.start_date is not None:
        starts.append(person.start_date)
    if starts:
        progress.due_date = max(starts) + dt.timedelta(onboarding_days)
        if progress.due_date < now.date() and progress.category != "failed":
            progress.category = "overdue"  # a failure stays visible as one, due or not
    return progress
