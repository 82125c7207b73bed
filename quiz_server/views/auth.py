"""Sign-in by password, one-time invite and sign-in links, sign-out."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from .. import accounts, audit, ratelimit
from ..access import current_catalog, sign_in
from ..clock import to_text
from ..db import get_db
from ..errors import QuizError

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this app only, never another site.

    Checked as a browser will read it: browsers drop tabs and newlines anywhere in a URL
    (so "/<tab>/evil.example" is "//evil.example") and treat a backslash as a slash."""
    path = _CONTROL.sub("", target or "")
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return url_for("learner.home")


_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _client() -> str:
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    next_url = request.values.get("next", "")
    if request.method == "GET":
        return render_template("login.html", next=next_url, error=None, email="")
    email = accounts.normal_email(request.form.get("email", ""))[:320]
    password = request.form.get("password", "")[: accounts.MAX_PASSWORD + 1]
    db, cfg = get_db(), current_app.config
    ratelimit.check_login_allowed(
        db, email, _client(), g.now, cfg["LOGIN_LIMIT"], cfg["LOGIN_WINDOW_SECONDS"]
    )
    account = accounts.verify_password(db, email, password) if email and password else None
    if account is not None and not accounts.may_sign_in(account, current_catalog()):
        account = None  # the same answer as a wrong password: nothing to learn from it
    if account is None:
        ratelimit.record_failure(db, email, _client(), g.now, cfg["LOGIN_WINDOW_SECONDS"])
        return render_template(
            "login.html", next=next_url, error="wrong e-mail or password", email=email
        ), 401
    with db.atomic():
        ratelimit.clear_failures(db, email)
        audit.record(db, g.now, email, "auth.signed_in", email, {"via": "password"}, _client())
    sign_in(account)
    return redirect(safe_next(next_url), 303)


@bp.post("/logout")
def logout() -> Response:
    if g.viewer is not None:
        db = get_db()
        with db.atomic():
            # Ends this account's sessions everywhere, a copied cookie included: a signed
            # cookie cannot be taken back, so the account says which ones no longer count.
            db.execute(
                "update accounts set signed_out_at = ? where id = ?",
                [to_text(g.now), g.viewer.account_id],
            )
            audit.record(db, g.now, g.viewer.email, "auth.signed_out", g.viewer.email)
    session.clear()
    return redirect(url_for("auth.login"), 303)


def _link_account(token: str, purpose: str) -> dict:
    """The account of a valid one-time link whose person still works here."""
    account = accounts.token_account(get_db(), token, purpose, g.now)
    if not accounts.may_sign_in(account, current_catalog()):
        raise QuizError(410, "this link is no longer valid; ask an admin for a new one")
    return account


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invite(token: str) -> Response | str | tuple[str, int]:
    """Set a first password through a one-time invite link."""
    db = get_db()
    account = _link_account(token, "invite")
    if request.method == "GET":
        return render_template("set_password.html", account=account, error=None)
    password = request.form.get("password", "")
    if password != request.form.get("confirm", ""):
        return render_template(
            "set_password.html", account=account, error="the two passwords differ"
        ), 400
    try:
        account = accounts.use_token(
            db, token, "invite", g.now, password, current_app.config["PASSWORD_METHOD"]
        )
    except QuizError as exc:
        if exc.status != 400:
            raise
        return render_template("set_password.html", account=account, error=exc.message), 400
    sign_in(accounts.account_by_id(db, account["id"]) or account)
    return redirect(url_for("learner.home"), 303)


@bp.route("/link/<token>", methods=["GET", "POST"])
def signin_link(token: str) -> Response | str:
    """A one-time sign-in link: GET asks to confirm (so link previews do not spend it)."""
    db = get_db()
    account = _link_account(token, "signin")
    if request.method == "GET":
        return render_template("signin_link.html", account=account)
    account = accounts.use_token(db, token, "signin", g.now, None, "")
    sign_in(account)
    return redirect(url_for("learner.home"), 303)
