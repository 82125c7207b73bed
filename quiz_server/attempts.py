"""Starting, submitting and expiring attempts, with the module's attempt rules.

Every write runs in one `db.atomic()` block whose first statement is a write, so SQLite
takes the write lock (waiting its turn) before anything is read for the decision.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from sqlite_utils import Database

from catalog import Catalog
from catalog.models import TrainingModule
from catalog.models.base import Status

from . import audit, certifications, jsonio
from .clock import shown, to_text
from .db import fetch
from .errors import QuizError, not_found
from .grading import Answers, grade, validate_answers
from .progress import Progress, history, module_progress
from .snapshots import build_snapshot


def get_attempt(db: Database, attempt_id: str) -> dict[str, Any]:
    """An attempt row with its JSON decoded, or 404."""
    found = fetch(db, "select * from attempts where id = ?", [attempt_id])
    if not found:
        raise not_found("attempt")
    row = found[0]
    for key in ("snapshot", "answers", "results"):
        row[key] = jsonio.loads(row[key]) if row[key] else None
    return row


def seen_questions(db: Database, person_id: str, module_id: str) -> dict[str, int]:
    """How often each question was asked in this person's earlier attempts at a module."""
    seen: dict[str, int] = {}
    for row in db.query(
        "select snapshot from attempts where person_id = ? and module_id = ?",
        [person_id, module_id],
    ):
        for q in jsonio.loads(row["snapshot"])["questions"]:
            seen[q["id"]] = seen.get(q["id"], 0) + 1
    return seen


def expire_stale(db: Database, person_id: str, module_id: str, now: dt.datetime) -> None:
    """Write down the expiry of abandoned attempts (inside the caller's transaction)."""
    stale = db.execute(
        "update attempts set status = 'expired' where person_id = ? and module_id = ? "
        "and status = 'open' and expires_at <= ? returning id",
        [person_id, module_id, to_text(now)],
    ).fetchall()
    for (attempt_id,) in stale:
        audit.record(db, now, "system", "attempt.expired", attempt_id, {"module": module_id})


def not_open(module: TrainingModule) -> QuizError | None:
    """Only modules in force are taken: a draft is not published yet, a retired one is over
    (its attempts and acknowledgements stay on record)."""
    if module.status is Status.draft:
        return QuizError(409, "this module is a draft and cannot be taken yet")
    if module.status is Status.retired:
        return QuizError(409, "this module is retired and can no longer be taken")
    return None


def why_not_start(progress: Progress, now: dt.datetime, due_soon_days: int) -> QuizError | None:
    """The reason a new attempt may not start now, if there is one."""
    module = progress.module
    if closed := not_open(module):
        return closed
    if progress.status == "passed" and progress.valid_until is not None:
        reopen = progress.valid_until - dt.timedelta(days=due_soon_days)
        return QuizError(
            409,
            f"you passed this module; it is valid until {shown(to_text(progress.valid_until))} "
            f"and can be retaken from {shown(to_text(reopen))}",
        )
    if progress.status == "passed":
        return QuizError(409, "you passed this module and it does not expire")
    if progress.attempts_left == 0:
        return QuizError(
            409,
            f"you have used all {module.max_attempts} attempts at this module; "
            "an admin can grant another",
        )
    if progress.next_start is not None:
        return QuizError(
            429, f"cool-down: you can try again from {shown(to_text(progress.next_start))}"
        )
    if not module.has_quiz:
        return QuizError(409, "this module has no quiz; it asks for acknowledgements only")
    return None


def start_attempt(
    db: Database,
    catalog: Catalog,
    module: TrainingModule,
    person_id: str,
    now: dt.datetime,
    rng: random.Random,
    ip: str | None = None,
    due_soon_days: int = 30,
) -> tuple[str, bool]:
    """Start an attempt (or resume the open one): its ID, and whether it was resumed."""
    with db.atomic():
        expire_stale(db, person_id, module.id, now)
        rows = history(db, [person_id], module.id)[(person_id, module.id)]
        person = catalog.people.get(person_id)
        progress = module_progress(catalog, person, module, rows, now, due_soon_days)
        if progress.open_attempt:
            return progress.open_attempt, True
        refusal = why_not_start(progress, now, due_soon_days)
        if refusal is not None:
            raise refusal
        snapshot = build_snapshot(catalog, module, seen_questions(db, person_id, module.id), rng)
        if not snapshot["questions"]:
            # Never grade an empty quiz: it would pass, and certify, with nothing asked.
            raise QuizError(
                409,
                "this module has no questions to ask: its generated questions found nothing "
                "in the catalogue (run `playbook validate`)",
            )
        attempt_id = secrets.token_urlsafe(12)
        # A plain INSERT: sqlite-utils' table.insert() reads the table's schema every call.
        db.execute(
            "insert into attempts (id, person_id, module_id, status, started_at, expires_at, "
            "catalog_version, snapshot) values (?, ?, ?, 'open', ?, ?, ?, ?)",
            [
                attempt_id,
                person_id,
                module.id,
                to_text(now),
                to_text(now + dt.timedelta(minutes=module.time_limit_minutes)),
                catalog.version,
                jsonio.dumps(snapshot),
            ],
        )
        audit.record(
            db,
            now,
            person_id,
            "attempt.started",
            attempt_id,
            {"module": module.id, "questions": [q["id"] for q in snapshot["questions"]]},
            ip,
        )
    return attempt_id, False


def submit_attempt(
    db: Database,
    catalog: Catalog,
    attempt: dict[str, Any],
    person_id: str,
    answers: Answers,
    now: dt.datetime,
    ip: str | None = None,
) -> dict[str, Any]:
    """Grade and record an attempt (a row from `get_attempt`) once; submitting it again
    returns the first result."""
    attempt_id = attempt["id"]
    if attempt["person_id"] != person_id:
        raise QuizError(403, "you can only submit your own attempts")
    if attempt["status"] == "submitted":
        return attempt
    if attempt["status"] == "expired" or attempt["expires_at"] <= to_text(now):
        with db.atomic():
            expire_stale(db, person_id, attempt["module_id"], now)
        raise QuizError(
            409, f"this attempt expired at {shown(attempt['expires_at'])}; start a new one"
        )
    snapshot = attempt["snapshot"]
    validate_answers(snapshot, answers)
    result = grade(snapshot, answers)
    done = {
        "status": "submitted",
        "submitted_at": to_text(now),
        "answers": answers,
        "results": result.credit,
        "score": result.score,
        "passed": int(result.passed),
    }
    with db.atomic():
        changed = db.execute(
            "update attempts set status = 'submitted', submitted_at = ?, answers = ?, "
            "results = ?, score = ?, passed = ? where id = ? and status = 'open'",
            [
                done["submitted_at"],
                jsonio.dumps(answers),
                jsonio.dumps(result.credit),
                result.score,
                done["passed"],
                attempt_id,
            ],
        ).rowcount
        if changed:
            audit.record(
                db,
                now,
                person_id,
                "attempt.submitted",
                attempt_id,
                {"module": attempt["module_id"], "score": result.score, "passed": result.passed},
                ip,
            )
            if result.passed:
                certifications.refresh(db, catalog, person_id, attempt["module_id"], now)
    # Another request submitted it first: its result stands.
    return {**attempt, **done} if changed else get_attempt(db, attempt_id)


def acknowledge(
    db: Database,
    catalog: Catalog,
    module: TrainingModule,
    person_id: str,
    process_id: str,
    now: dt.datetime,
    ip: str | None = None,
    due_soon_days: int = 30,
) -> bool:
    """Record that a person read and understood a process, at its current version; whether
    it was recorded. Acknowledging again what is already acknowledged at this version and
    not yet due (a double click, a replayed request) changes nothing: like a passed quiz, an
    acknowledgement can be renewed only once it is due (`due_soon_days` before it expires)."""
    if closed := not_open(module):
        raise closed
    if process_id not in module.acknowledge:
        raise QuizError(
            400, f"module '{module.id}' does not ask to acknowledge process '{process_id}'"
        )
    process = catalog.processes.get(process_id)
    if process is None:
        raise not_found(f"process '{process_id}'")
    # An earlier acknowledgement made after `since` is not due yet.
    since = (
        ""
        if module.validity_days is None
        else to_text(now - dt.timedelta(days=max(module.validity_days - due_soon_days, 1)))
    )
    with db.atomic():
        recorded = db.execute(  # the first statement writes: the check runs under the lock
            "insert into acknowledgements "
            "(person_id, module_id, process_id, process_version, acknowledged_at) "
            "select ?, ?, ?, ?, ? where not exists (select 1 from acknowledgements "
            "where person_id = ? and module_id = ? and process_id = ? and process_version = ? "
            "and acknowledged_at > ?)",
            [person_id, module.id, process_id, process.version, to_text(now)]
            + [person_id, module.id, process_id, process.version, since],
        ).rowcount
        if not recorded:
            return False
        audit.record(
            db,
            now,
            person_id,
            "process.acknowledged",
            process_id,
            {"module": module.id, "version": process.version},
            ip,
        )
        certifications.refresh(db, catalog, person_id, module.id, now)
    return True


def grant_attempt(
    db: Database,
    catalog: Catalog,
    module: TrainingModule,
    person_id: str,
    now: dt.datetime,
    actor: str,
) -> None:
    """Give someone who used all their attempts a fresh set (an admin's decision); 409 for
    anyone who is not locked out of the module, since a grant would change nothing."""
    with db.atomic():
        person = catalog.people.get(person_id)
        rows = history(db, [person_id], module.id)
        progress = module_progress(catalog, person, module, rows[(person_id, module.id)], now)
        if progress.status != "locked":
            name = person.name if person else person_id
            if not module.has_quiz:
                reason = "this module has no quiz, so there are no attempts to grant"
            elif progress.complete:
                reason = f"{name} has passed this module"
            elif progress.attempts_left is None:
                reason = "this module allows unlimited attempts"
            else:
                left = f"{progress.attempts_left} of {module.max_attempts}"
                reason = f"{name} still has {left} attempts left"
            raise QuizError(409, f"nothing to grant: {reason}")
        db.table("attempt_grants").insert(
            {
                "person_id": person_id,
                "module_id": module.id,
                "granted_at": to_text(now),
                "granted_by": actor,
            }
        )
        audit.record(db, now, actor, "attempt.granted", person_id, {"module": module.id})
