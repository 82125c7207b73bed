"""Taking a quiz: start (or resume), the attempt page, submit, acknowledgements."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .. import attempts, certifications
from ..access import attempt_or_404, current_catalog, login_required, module_or_404, own_person
from ..db import get_db
from ..errors import QuizError
from ..grading import Answers
from ..progress import Progress, effective_status, history, module_progress
from ..snapshots import public_questions

bp = Blueprint("quiz", __name__)


@bp.post("/modules/<module_id>/start")
@login_required
def start(module_id: str) -> Response:
    module = module_or_404(module_id)
    person = own_person()
    attempt_id, _ = attempts.start_attempt(
        get_db(),
        current_catalog(),
        module,
        person.id,
        g.now,
        current_app.extensions["playbook_rng"],
        request.remote_addr,
        current_app.config["DUE_SOON_DAYS"],
    )
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)


def review_shown(attempt: dict, passed_module: bool, attempts_left: int | None) -> bool:
    """Whether the right answers are shown, by the module's review policy (frozen at start)."""
    policy = attempt["snapshot"]["review"]
    if policy == "after-pass":
        return passed_module
    if policy == "after-last-attempt":
        return passed_module or attempts_left == 0
    return False


def attempt_progress(attempt: dict) -> Progress | None:
    """The attempter's progress on the attempt's module (None if the module is gone)."""
    catalog = current_catalog()
    module = catalog.training.get(attempt["module_id"])
    if module is None:
        return None
    rows = history(get_db(), [attempt["person_id"]], attempt["module_id"])
    person = catalog.people.get(attempt["person_id"])
    key = (attempt["person_id"], attempt["module_id"])
    return module_progress(catalog, person, module, rows[key], g.now)


def result_view(attempt: dict, progress: Progress | None = None) -> dict:
    """What a submitted attempt's page or API answer shows: per question right or wrong,
    explanation, and the right answers when the review policy allows."""
    policy = attempt["snapshot"]["review"]
    if progress is None and policy != "never" and not attempt["passed"]:
        progress = attempt_progress(attempt)
    passed_module = bool(attempt["passed"]) or bool(progress and progress.passing_attempt)
    show = review_shown(attempt, passed_module, progress.attempts_left if progress else None)
    answers = attempt["answers"] or {}
    questions = []
    for q in attempt["snapshot"]["questions"]:
        credit = (attempt["results"] or {}).get(q["id"], 0.0)
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


@bp.get("/attempts/<attempt_id>")
@login_required
def attempt(attempt_id: str) -> str:
    found = attempt_or_404(attempt_id)
    status = effective_status(found, g.now)
    if status == "submitted":
        progress = attempt_progress(found)
        return render_template(
            "result.html",
            attempt=found,
            result=result_view(found, progress),
            progress=progress,
            after=certifications.after_pass(get_db(), current_catalog(), found, g.now)
            if found["passed"]
            else None,
            own=found["person_id"] == g.viewer.person_id,
            roles=current_catalog().roles,
        )
    if status == "expired":
        return render_template("expired.html", attempt=found)
    return render_template(
        "attempt.html",
        attempt=found,
        questions=public_questions(found["snapshot"]),
        own=found["person_id"] == g.viewer.person_id,
    )


def form_answers(snapshot: dict) -> Answers:
    """Answers from the quiz form: field q.<id> holds the chosen tokens (or items in order)."""
    answers: Answers = {}
    for key in request.form:
        if key.startswith("q."):
            tokens = [t for t in request.form.getlist(key) if t]
            if tokens:
                answers[key[2:]] = tokens
    return answers


@bp.post("/attempts/<attempt_id>/submit")
@login_required
def submit(attempt_id: str) -> Response:
    found = attempt_or_404(attempt_id)
    attempts.submit_attempt(
        get_db(),
        current_catalog(),
        found,
        own_person().id,
        form_answers(found["snapshot"]),
        g.now,
        request.remote_addr,
    )
    return redirect(url_for("quiz.attempt", attempt_id=found["id"]), 303)


@bp.post("/modules/<module_id>/acknowledge")
@login_required
def acknowledge(module_id: str) -> Response:
    module = module_or_404(module_id)
    process_id = request.form.get("process", "")
    if not process_id:
        raise QuizError(400, "choose the process you have read")
    attempts.acknowledge(
        get_db(),
        current_catalog(),
        module,
        own_person().id,
        process_id,
        g.now,
        request.remote_addr,
        current_app.config["DUE_SOON_DAYS"],
    )
    return redirect(url_for("learner.module", module_id=module.id), 303)
