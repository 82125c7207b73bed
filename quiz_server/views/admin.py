"""Ops pages: every team's readiness, process coverage, the audit log, people, exports."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, render_template, request, url_for

from catalog.ordering import natural_key

from .. import accounts, audit, exports
from ..access import admin_required, current_catalog, module_or_404, person_or_404
from ..attempts import grant_attempt
from ..catalog_state import record_import
from ..db import get_db
from ..errors import QuizError, StartupError
from ..readiness import coverage, matrix
from .dashboards import csv_response

bp = Blueprint("admin", __name__, url_prefix="/admin")
AUDIT_PAGE = 100


@bp.get("/")
@admin_required
def index() -> str:
    return render_template("admin_index.html", catalog=current_catalog())


def team_matrices(team_id: str | None = None) -> list:
    catalog = current_catalog()
    teams = sorted(catalog.teams.values(), key=lambda t: natural_key(t.title))
    if team_id:
        teams = [t for t in teams if t.id == team_id]
        if not teams:
            raise QuizError(404, f"team '{team_id}' not found")
    db, due = get_db(), current_app.config["DUE_SOON_DAYS"]
    return [
        (team, matrix(db, catalog, catalog.graph.people_in_team(team.id), g.now, due))
        for team in teams
    ]


@bp.get("/readiness")
@admin_required
def readiness() -> str:
    team_id = request.args.get("team") or None
    return render_template("admin_readiness.html", teams=team_matrices(team_id))


@bp.get("/coverage")
@admin_required
def process_coverage() -> str:
    return render_template("coverage.html", rows=coverage(get_db(), current_catalog(), g.now))


@bp.get("/audit")
@admin_required
def audit_log() -> str:
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= 10**9:
        raise QuizError(400, "page must be a whole number from 1 to 1000000000")
    rows = audit.recent(get_db(), AUDIT_PAGE, (int(page) - 1) * AUDIT_PAGE)
    return render_template("audit.html", rows=rows, page=int(page), size=AUDIT_PAGE)


@bp.get("/people")
@admin_required
def people() -> str:
    catalog = current_catalog()
    found = {a["person_id"]: a for a in get_db().query("select * from accounts")}
    listed = sorted(catalog.people.values(), key=lambda p: natural_key(p.name))
    return render_template("people.html", people=listed, accounts=found, link=None)


@bp.post("/people/<person_id>/invite")
@admin_required
def invite(person_id: str) -> str:
    person = person_or_404(person_id)
    token = accounts.invite(
        get_db(),
        current_catalog(),
        person.id,
        g.now,
        g.viewer.email,
        current_app.config["TOKEN_HOURS"],
    )
    link = url_for("auth.invite", token=token, _external=True)  # under /train too
    return render_template("invite_link.html", person=person, link=link)


@bp.post("/people/<person_id>/grant")
@admin_required
def grant(person_id: str) -> Response:
    person = person_or_404(person_id)
    module = module_or_404(request.form.get("module", ""))
    grant_attempt(get_db(), current_catalog(), module, person.id, g.now, g.viewer.email)
    return Response(
        status=303, headers={"Location": url_for("learner.person", person_id=person.id)}
    )


@bp.post("/reload")
@admin_required
def reload() -> Response:
    """Reload the catalogue from disk and record the import (other workers follow)."""
    state = current_app.extensions["playbook"]
    try:
        catalog = state.reload()
    except StartupError as exc:
        raise QuizError(422, f"{exc.message}; the current catalogue stays in place") from None
    record_import(get_db(), catalog, g.now, g.viewer.email)
    return Response(status=303, headers={"Location": url_for("admin.index")})


@bp.get("/exports/<name>.csv")
@admin_required
def export(name: str) -> Response:
    db, catalog = get_db(), current_catalog()
    if name == "attempts":
        text = exports.attempts_csv(db, catalog, None, g.now)
    elif name == "certifications":
        text = exports.certifications_csv(db, catalog, None, g.now)
    elif name == "readiness":
        people = list(catalog.people.values())
        text = exports.readiness_csv(
            matrix(db, catalog, people, g.now, current_app.config["DUE_SOON_DAYS"])
        )
    else:
        raise QuizError(404, f"no export '{name}'; exports are attempts, certifications, readiness")
    return csv_response(text, f"{name}.csv")
