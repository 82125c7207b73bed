"""Who is asking, and what they may see: learner (themselves), manager (also their reports
in the catalogue), admin (everyone). Every `*_or_404` helper checks access too."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import current_app, g, redirect, request, session, url_for
from sqlite_utils import Database

from catalog import Catalog
from catalog.models import Person, Role, TrainingModule

from . import accounts, audit
from .attempts import get_attempt
from .clock import to_text
from .db import get_db
from .errors import QuizError, not_found
from .people import active, is_active

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Viewer:
    """The signed-in account and what the catalogue says about its person."""

    account_id: int
    email: str
    person_id: str | None
    is_admin: bool
    catalog: Catalog
    _reports: set[str] | None = field(default=None, repr=False)

    @property
    def person(self) -> Person | None:
        return self.catalog.people.get(self.person_id) if self.person_id else None

    @property
    def reports(self) -> set[str]:
        """Everyone below this person in the catalogue's management tree, less those who
        retired."""
        if self._reports is None:
            self._reports = (
                {p.id for p in active(self.catalog.graph.all_reports(self.person_id))}
                if self.person_id
                else set()
            )
        return self._reports

    @property
    def level(self) -> str:
        if self.is_admin:
            return "admin"
        return "manager" if self.reports else "learner"

    def can_see(self, person_id: str) -> bool:
        return self.is_admin or person_id == self.person_id or person_id in self.reports


def current_catalog() -> Catalog:
    """The catalogue for this request (checked for a newer import at most every few seconds)."""
    if "catalog" not in g:
        g.catalog = current_app.extensions["playbook"].current(get_db())
    return g.catalog


def sign_in(account: dict[str, Any]) -> None:
    """Start a fresh session for an account (a new CSRF token too)."""
    session.clear()
    session.permanent = True
    session["account_id"] = account["id"]
    session["since"] = account["password_set_at"] or ""
    session["at"] = to_text(g.now)


def _sso_email() -> str | None:
    """The address a trusted proxy vouches for, if single sign-on is on and it sent one."""
    header = current_app.config["SSO_HEADER"]
    # The peer that sent the request, before PLAYBOOK_PROXIES put the client's address there.
    peer = request.environ.get("werkzeug.proxy_fix.orig", {}).get(
        "REMOTE_ADDR", request.remote_addr
    )
    if not header or peer not in current_app.config["SSO_PROXIES"]:
        return None
    return accounts.normal_email(request.headers.get(header, "")) or None


def _sso_account(email: str) -> dict[str, Any] | None:
    """The account of the address the proxy vouches for (made on first use)."""
    db, catalog = get_db(), current_catalog()
    person = accounts.person_by_email(catalog, email)
    if person is not None and is_active(person):
        with db.atomic():
            account = accounts.ensure_account(db, catalog, person.id, g.now)
            audit.record(db, g.now, email, "auth.signed_in", email, {"via": "sso"})
        return account
    account = accounts.account_by_email(db, email)  # an ops account of no person
    return account if account is not None and accounts.may_sign_in(account, catalog) else None


def session_account(
    db: Database, catalog: Catalog, data: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The account a session's data signs in, unless its password changed, it signed out
    everywhere, or its person left the catalogue since the session began."""
    account_id = data.get("account_id")
    account = accounts.account_by_id(db, account_id) if account_id else None
    if account is None or (
        (account["password_set_at"] or "") != data.get("since")  # a new password since
        or (account["signed_out_at"] or "") > data.get("at", "~")  # signed out since
        or not accounts.may_sign_in(account, catalog)
    ):
        return None
    return account


def viewer_of(account: dict[str, Any], catalog: Catalog) -> Viewer:
    return Viewer(
        account["id"], account["email"], account["person_id"], bool(account["is_admin"]), catalog
    )


def load_viewer() -> None:
    """Before each request: the viewer from the session (or the trusted SSO header)."""
    g.viewer = None
    account = session_account(get_db(), current_catalog(), session)
    email = _sso_email()
    if email is not None and (account is None or account["email"] != email):
        # The proxy's word wins over a session cookie: someone else signed in behind it.
        account = _sso_account(email)
        if account is None:
            session.clear()
        else:
            sign_in(account)
    if account is not None:
        g.viewer = viewer_of(account, current_catalog())


def wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def login_required(view: F) -> F:
    """Send anyone not signed in to the sign-in page (401 for the API)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.viewer is None:
            if wants_json():
                raise QuizError(401, "sign in first")
            here = request.script_root + request.full_path.rstrip("?")
            return redirect(url_for("auth.login", next=here))
        return view(*args, **kwargs)

    wrapped.requires_login = True  # type: ignore[attr-defined]  # read by handlers._guard
    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    """Only admins; others get 403."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.viewer.is_admin:
            raise QuizError(403, "this page is for admins")
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def own_person() -> Person:
    """The viewer's own catalogue person; 403 for accounts outside the catalogue."""
    person = g.viewer.person
    if person is None:
        raise QuizError(
            403, "your account is not a person in the catalogue; open a person's view instead"
        )
    return person


def person_or_404(person_id: str) -> Person:
    person = current_catalog().people.get(person_id)
    if person is None or not g.viewer.can_see(person_id):
        raise not_found(f"person '{person_id}'")
    return person


def module_or_404(module_id: str) -> TrainingModule:
    module = current_catalog().training.get(module_id)
    if module is None:
        raise not_found(f"module '{module_id}'")
    return module


def role_or_404(role_id: str) -> Role:
    role = current_catalog().roles.get(role_id)
    if role is None:
        raise not_found(f"role '{role_id}'")
    return role


def attempt_or_404(attempt_id: str) -> dict[str, Any]:
    """An attempt the viewer may read; someone else's is 'not found', not 'forbidden'."""
    attempt = get_attempt(get_db(), attempt_id)
    if not g.viewer.can_see(attempt["person_id"]):
        raise not_found("attempt")
    return attempt
