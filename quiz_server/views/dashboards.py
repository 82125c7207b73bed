"""A manager's readiness matrix of the people who report to them, and its CSV."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, redirect, render_template, url_for

from .. import exports
from ..access import current_catalog, login_required
from ..db import get_db
from ..errors import QuizError
from ..readiness import Matrix, matrix

bp = Blueprint("dashboards", __name__, url_prefix="/team")


def team_matrix() -> Matrix:
    """The viewer's reports by required modules; 403 for someone with no reports."""
    if not g.viewer.reports:
        raise QuizError(403, "the team view is for managers: nobody reports to you")
    catalog = current_catalog()
    people = [catalog.people[i] for i in g.viewer.reports if i in catalog.people]
    return matrix(get_db(), catalog, people, g.now, current_app.config["DUE_SOON_DAYS"])


@bp.get("/")
@login_required
def team() -> str | Response:
    if g.viewer.is_admin and not g.viewer.reports:
        return redirect(url_for("admin.readiness"))  # every team's matrix
    return render_template("team.html", matrix=team_matrix(), title="Your team's readiness")


@bp.get("/readiness.csv")
@login_required
def team_csv() -> Response:
    return csv_response(exports.readiness_csv(team_matrix()), "team-readiness.csv")


def csv_response(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
