"""Taking a quiz: start (or resume), the attempt page, submit, acknowledgements."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .. import attempts, certifications
from ..access import attempt_or_404, current_catalog, login_required, module_or_404, own_person
from ..db import get_db
from ..errors import QuizError
from ..grading import Answers
from ..progress import effective_status
from ..results import attempt_progress, result_view
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


@bp.get("/attempts/<attempt_id>")
@login_required
def attempt(attempt_id: str) -> str:
    found = attempt_or_404(attempt_id)
    status = effective_status(found, g.now)
    if status == "submitted":
        progress = attempt_progress(get_db(), current_catalog(), found, g.now)
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
