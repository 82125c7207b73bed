"""Certificate pages (printable) and the public verification page."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from ..access import current_catalog, login_required
from ..certifications import by_token, get_certification, with_standing
from ..db import get_db
from ..errors import not_found

bp = Blueprint("certificates", __name__)


@bp.get("/certificates/<cert_id>")
@login_required
def certificate(cert_id: str) -> str:
    cert = get_certification(get_db(), cert_id)
    if not g.viewer.can_see(cert["person_id"]):
        raise not_found("certification")
    return render_template("certificate.html", **_details(cert))


@bp.get("/verify/<token>")
def verify(token: str) -> str:
    """Anyone with the link can check that a certification is genuine and current."""
    return render_template("verify.html", **_details(by_token(get_db(), token)))


def _details(cert: dict) -> dict:
    catalog = current_catalog()
    (cert,) = with_standing(get_db(), catalog, [cert], g.now)
    person = catalog.people.get(cert["person_id"])
    role = catalog.roles.get(cert["role_id"])
    return {
        "cert": cert,
        "name": person.name if person else cert["person_name"] or cert["person_id"],
        "role_title": role.title if role else cert["role_title"] or cert["role_id"],
        "role_gone": role is None,
        "process_titles": {
            pid: catalog.processes[pid].title
            for e in cert["evidence"]
            for pid in e.get("covers", {})
            if pid in catalog.processes
        },
        "current": cert["current"],
        "standing": cert["standing"],
    }
