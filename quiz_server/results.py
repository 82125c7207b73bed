"""What an attempt shows: its result after submission (under the module's review policy)
and its JSON form. Plain functions of the attempt, the database, the catalogue and the
time, so the pages, the API and the fast submit path (`fast_submit`) answer alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from catalog import Catalog

from .progress import Progress, effective_status, history, module_progress
from .snapshots import public_questions


def review_shown(attempt: dict, passed_module: bool, attempts_left: int | None) -> bool:
    """Whether the right answers are shown, by the module's review policy (frozen at start)."""
    policy = attempt["snapshot"]["review"]
    if policy == "after-pass":
        return passed_module
    if policy == "after-last-attempt":
        return passed_module or attempts_left == 0
    return False


def attempt_progress(
    db: Database, catalog: Catalog, attempt: dict, now: dt.datetime
) -> Progress | None:
    """The attempter's progress on the attempt's module (None if the module is gone)."""
    module = catalog.training.get(attempt["module_id"])
    if module is None:
        return None
    rows = history(db, [attempt["person_id"]], attempt["module_id"])
    person = catalog.people.get(attempt["person_id"])
    key = (attempt["person_id"], attempt["module_id"])
    return module_progress(catalog, person, module, rows[key], now)


def needs_progress(attempt: dict) -> bool:
    """Whether the review policy depends on the rest of the person's attempts."""
    return attempt["snapshot"]["review"] != "never" and not attempt["passed"]


def result_view(attempt: dict, progress: Progress | None) -> dict:
    """What a submitted attempt's page or API answer shows: per question right or wrong,
    explanation, and the right answers when the review policy allows. `progress` matters
    only when `needs_progress(attempt)`."""
    passed_module = bool(attempt["passed"]) or bool(progress and progress.passing_attempt)
    show = review_shown(attempt, passed_module, progress.attempts_left if progress else None)
    answers = attempt["answers"] or {}
    results = attempt["results"] or {}
    questions = []
    for q in attempt["snapshot"]["questions"]:
        credit = results.get(q["id"], 0.0)
        choices = q.get("options") or q.get("items") or []
        texts = {c["token"]: c["text"] for c in choices}
        item = {
            "id": q["id"],
            "type": q["type"],
            "prompt": q["prompt"],
            # An explanation usually states the right answer: a wrong or partial answer
            # gets it only when the review policy shows the answers.
            "explanation": q["explanation"] if show or credit == 1.0 else "",
            "credit": credit,
            "correct": credit == 1.0,
            "chosen": [texts[t] for t in answers.get(q["id"], []) if t in texts],
        }
        if show:
            item["right"] = (
                [texts[t] for t in q["order"]]
                if q["type"] == "ordering"
                else [c["text"] for c in q["options"] if c["correct"]]
            )
        questions.append(item)
    return {
        "score": attempt["score"],
        "passed": bool(attempt["passed"]),
        "pass_mark": attempt["snapshot"]["pass_mark"],
        "answers_shown": show,
        "questions": questions,
    }


def attempt_json(db: Database, catalog: Catalog, attempt: dict, now: dt.datetime) -> dict:
    """An attempt as the API gives it: its questions while open (no key), its result once
    submitted."""
    status = effective_status(attempt, now)
    data: dict[str, Any] = {
        "id": attempt["id"],
        "module": attempt["module_id"],
        "person": attempt["person_id"],
        "status": status,
        "started_at": attempt["started_at"],
        "expires_at": attempt["expires_at"],
        "submitted_at": attempt["submitted_at"],
    }
    if status == "open":
        data["questions"] = public_questions(attempt["snapshot"])
    elif status == "submitted":
        progress = attempt_progress(db, catalog, attempt, now) if needs_progress(attempt) else None
        data["result"] = result_view(attempt, progress)
    return data
