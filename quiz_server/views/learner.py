"""A learner's pages: home, a person's view (managers, admins), a role, a module."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template
from werkzeug.wrappers import Response

from ..access import (
    current_catalog,
    login_required,
    module_or_404,
    person_or_404,
    role_or_404,
)
from ..attempts import why_not_start
from ..certifications import role_progress
from ..db import get_db
from ..progress import History, history, module_progress
from ..readiness import overview

bp = Blueprint("learner", __name__)


def _due_soon() -> int:
    return current_app.config["DUE_SOON_DAYS"]


@bp.get("/")
@login_required
def home() -> str:
    """Your roles, their modules with status and due dates, your certifications."""
    person = g.viewer.person
    if person is None:
        return render_template("no_person.html", people=_visible_people())
    data = overview(get_db(), current_catalog(), person, g.now, _due_soon())
    return render_template("home.html", data=data, own=True, people=_visible_people())


def _visible_people() -> list:
    catalog = current_catalog()
    people = [p for p in catalog.people.values() if g.viewer.can_see(p.id)]
    return sorted(people, key=lambda p: p.name)


@bp.get("/people/<person_id>")
@login_required
def person(person_id: str) -> str:
    """Someone's home as they see it, for their managers and admins (read-only)."""
    who = person_or_404(person_id)
    data = overview(get_db(), current_catalog(), who, g.now, _due_soon())
    own = who.id == g.viewer.person_id
    return render_template("home.html", data=data, own=own, people=[])


@bp.get("/roles/<role_id>")
@login_required
def role(role_id: str) -> str:
    """'Get certified': the modules a role requires and where you stand on each."""
    found = role_or_404(role_id)
    catalog = current_catalog()
    progresses = []
    if g.viewer.person_id:
        rows = history(get_db(), [g.viewer.person_id])
        progresses = role_progress(catalog, found.id, g.viewer.person_id, rows, g.now)
    modules = catalog.graph.modules_for_role(found.id)
    return render_template("role.html", role=found, modules=modules, progresses=progresses)


@bp.get("/modules/<module_id>")
@login_required
def module(module_id: str) -> str | Response:
    """'Take this module': summary, status, attempts, acknowledgements, start button."""
    found = module_or_404(module_id)
    catalog = current_catalog()
    progress = refusal = None
    if g.viewer.person_id:
        rows = history(get_db(), [g.viewer.person_id], found.id)
        progress = module_progress(
            catalog,
            g.viewer.person,
            found,
            rows.get((g.viewer.person_id, found.id), History()),
            g.now,
            _due_soon(),
        )
        refusal = why_not_start(progress, g.now, _due_soon())
    processes = [catalog.processes[p] for p in found.acknowledge if p in catalog.processes]
    covered = [catalog.processes[p] for p in found.covers if p in catalog.processes]
    return render_template(
        "module.html",
        module=found,
        progress=progress,
        refusal=refusal,
        ack_processes=processes,
        covered=covered,
    )
