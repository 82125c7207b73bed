"""CSRF tokens for every unsafe request, and the security headers on every response."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, request, session

from .errors import QuizError

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def csrf_token() -> str:
    """The session's CSRF token, made on first use; forms put it in a hidden field."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return session[CSRF_FIELD]


def check_csrf() -> None:
    """Refuse an unsafe request whose token (form field or header) does not match the session's."""
    if request.method not in UNSAFE:
        return
    expected = session.get(CSRF_FIELD)
    sent = request.headers.get(CSRF_HEADER) or (
        request.form.get(CSRF_FIELD) if request.mimetype != "application/json" else None
    )
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise QuizError(
            403,
            "the form's security token is missing or out of date; reload the page and try again",
        )


def add_headers(response: Response) -> Response:
    """Headers that keep pages from being framed, sniffed, cached or scripted from elsewhere."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    if request.scheme == "https" or request.headers.get("X-Forwarded-Proto") == "https":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
