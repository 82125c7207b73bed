"""The JSON API: the same rules as the pages, documented by /api/openapi.json."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from flask import Blueprint, Response, current_app, g, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .. import attempts
from ..access import (
    attempt_or_404,
    current_catalog,
    login_required,
    module_or_404,
    own_person,
    person_or_404,
)
from ..certifications import by_token, with_standing
from ..clock import to_text
from ..db import get_db
from ..errors import QuizError
from ..progress import Progress, history, module_progress
from ..readiness import coverage, overview
from ..results import attempt_json
from ..security import csrf_token
from .admin import team_matrices
from .dashboards import team_matrix

bp = Blueprint("api", __name__, url_prefix="/api")
M = TypeVar("M", bound=BaseModel)
Token = Annotated[str, StringConstraints(min_length=1, max_length=64)]
QuestionId = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SubmitBody(BaseModel):
    """Answers by question ID: the chosen option tokens, or for ordering every item's token
    in order. Questions left out count as unanswered."""

    model_config = ConfigDict(extra="forbid")
    answers: dict[QuestionId, Annotated[list[Token], Field(max_length=50)]] = Field(max_length=500)


class AcknowledgeBody(BaseModel):
    """The process read and understood (one the module asks to acknowledge)."""

    model_config = ConfigDict(extra="forbid")
    process: Annotated[str, StringConstraints(min_length=1, max_length=120)]


def parse_body(model: type[M]) -> M:
    """The request's JSON body validated by a model; 4xx with the first problem otherwise."""
    if request.mimetype != "application/json":
        raise QuizError(415, "send the body as JSON with Content-Type: application/json")
    try:  # parsed and validated in one pass by pydantic-core
        return model.model_validate_json(request.get_data(cache=True))
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        if error["type"] == "json_invalid":
            raise QuizError(400, f"the body is not valid JSON: {error['ctx']['error']}") from None
        where = ".".join(str(part) for part in error["loc"]) or "body"
        message = error["msg"][:1].lower() + error["msg"][1:]
        raise QuizError(400, f"{where}: {message}") from None


def progress_json(p: Progress) -> dict[str, Any]:
    return {
        "module": p.module.id,
        "title": p.module.title,
        "status": p.status,
        "category": p.category,
        "best_score": p.best_score,
        "has_quiz": p.module.has_quiz,
        "attempts_used": p.attempts_used,
        "attempts_left": p.attempts_left if p.module.has_quiz else None,
        "open_attempt": p.open_attempt,
        "next_start": to_text(p.next_start) if p.next_start else None,
        "valid_until": to_text(p.valid_until) if p.valid_until else None,
        "due_date": p.due_date.isoformat() if p.due_date else None,
        "acknowledgements_missing": p.acks_missing,
    }


def cert_json(cert: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": cert["id"],
        "person": cert["person_id"],
        "role": cert["role_id"],
        "certified_at": cert["certified_at"],
        "expires_at": cert["expires_at"],
        "catalog_version": cert["catalog_version"],
        "current": cert["current"],
        "not_current_because": cert["standing"].reason,
        "modules": cert["evidence"],
    }


@bp.get("/health")
def health() -> Response:
    """A trivial endpoint: the benchmark's baseline."""
    return jsonify({"status": "ok"})


@bp.get("/me")
@login_required
def me() -> Response:
    v = g.viewer
    person = v.person
    return jsonify(
        {
            "email": v.email,
            "person": person.id if person else None,
            "name": person.name if person else None,
            "roles": list(person.roles) if person else [],
            "level": v.level,
            "reports": sorted(v.reports),
            "csrf_token": csrf_token(),
        }
    )


@bp.get("/people/<person_id>")
@login_required
def person(person_id: str) -> Response:
    data = overview(get_db(), current_catalog(), person_or_404(person_id), g.now)
    return jsonify(
        {
            "person": data.person.id,
            "name": data.person.name,
            "roles": [
                {"role": r.role.id, "modules": [progress_json(p) for p in r.modules]}
                for r in data.roles
            ],
            "certifications": [cert_json(c) for c in data.certifications],
        }
    )


@bp.get("/modules/<module_id>")
@login_required
def module(module_id: str) -> Response:
    found = module_or_404(module_id)
    person = own_person()
    rows = history(get_db(), [person.id], found.id)
    progress = module_progress(current_catalog(), person, found, rows[(person.id, found.id)], g.now)
    return jsonify(
        {
            "id": found.id,
            "title": found.title,
            "summary": found.summary,
            "status": found.status.value,
            "has_quiz": found.has_quiz,
            "pass_mark": found.pass_mark,
            "max_attempts": found.max_attempts,
            "cooldown_hours": found.cooldown_hours,
            "acknowledge": list(found.acknowledge),
            "progress": progress_json(progress),
        }
    )


@bp.post("/modules/<module_id>/attempts")
@login_required
def start(module_id: str) -> tuple[Response, int]:
    found = module_or_404(module_id)
    attempt_id, resumed = attempts.start_attempt(
        get_db(),
        current_catalog(),
        found,
        own_person().id,
        g.now,
        current_app.extensions["playbook_rng"],
        request.remote_addr,
        current_app.config["DUE_SOON_DAYS"],
    )
    data = attempt_json(
        get_db(), current_catalog(), attempts.get_attempt(get_db(), attempt_id), g.now
    )
    data["resumed"] = resumed
    return jsonify(data), 200 if resumed else 201


@bp.get("/attempts/<attempt_id>")
@login_required
def attempt(attempt_id: str) -> Response:
    return jsonify(attempt_json(get_db(), current_catalog(), attempt_or_404(attempt_id), g.now))


@bp.post("/attempts/<attempt_id>/submit")
@login_required
def submit(attempt_id: str) -> Response:
    found = attempt_or_404(attempt_id)
    body = parse_body(SubmitBody)
    done = attempts.submit_attempt(
        get_db(),
        current_catalog(),
        found,
        own_person().id,
        body.answers,
        g.now,
        request.remote_addr,
    )
    return jsonify(attempt_json(get_db(), current_catalog(), done, g.now))


@bp.post("/modules/<module_id>/acknowledgements")
@login_required
def acknowledge(module_id: str) -> tuple[Response, int]:
    found = module_or_404(module_id)
    body = parse_body(AcknowledgeBody)
    person = own_person()
    recorded = attempts.acknowledge(
        get_db(),
        current_catalog(),
        found,
        person.id,
        body.process,
        g.now,
        request.remote_addr,
        current_app.config["DUE_SOON_DAYS"],
    )
    rows = history(get_db(), [person.id], found.id)
    progress = module_progress(current_catalog(), person, found, rows[(person.id, found.id)], g.now)
    return jsonify(progress_json(progress)), 201 if recorded else 200


def matrix_json(m: Any) -> dict[str, Any]:
    return {
        "modules": [mod.id for mod in m.modules],
        "people": [
            {
                "person": p.id,
                "name": p.name,
                "modules": {
                    mod.id: cell.category
                    for mod in m.modules
                    if (cell := m.cell(p.id, mod.id)) is not None
                },
            }
            for p in m.people
        ],
        "totals": m.totals(),
    }


@bp.get("/readiness")
@login_required
def readiness() -> Response:
    """Managers: their reports. Admins: every team, or ?team=ID."""
    if g.viewer.is_admin:
        teams = team_matrices(request.args.get("team") or None)
        return jsonify({"teams": [{"team": t.id, **matrix_json(m)} for t, m in teams]})
    return jsonify({"teams": [{"team": None, **matrix_json(team_matrix())}]})


@bp.get("/coverage")
@login_required
def process_coverage() -> Response:
    if not g.viewer.is_admin:
        raise QuizError(403, "coverage is for admins")
    return jsonify(
        [
            {
                "process": row.process.id,
                "single_point_of_failure": row.flagged,
                "roles": [
                    {
                        "role": r.role.id,
                        "certified": [p.id for p in r.certified],
                        "has_training": r.trained,
                        "single_point_of_failure": r.single_point_of_failure,
                    }
                    for r in row.roles
                ],
            }
            for row in coverage(get_db(), current_catalog(), g.now)
        ]
    )


@bp.get("/verify/<token>")
def verify(token: str) -> Response:
    catalog = current_catalog()
    (cert,) = with_standing(get_db(), catalog, [by_token(get_db(), token)], g.now)
    person = catalog.people.get(cert["person_id"])
    role = catalog.roles.get(cert["role_id"])
    return jsonify(
        {
            "genuine": True,
            "current": cert["current"],
            "not_current_because": cert["standing"].reason,
            "name": person.name if person else cert["person_name"],
            "role": cert["role_id"],
            "role_title": role.title if role else cert["role_title"],
            "certified_at": cert["certified_at"],
            "expires_at": cert["expires_at"],
            "catalog_version": cert["catalog_version"],
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    from ..openapi import document

    return jsonify(document(request.script_root + "/api"))
