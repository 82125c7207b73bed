"""CSRF tokens for every unsafe request, and the security headers on every response."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, request, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

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


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def add_headers(response: Response) -> Response:
    """Headers that keep pages from being framed, sniffed, cached or scripted from elsewhere;
    a view that set one of them itself keeps its own."""
    headers = response.headers
    # One pass over the names: werkzeug's setdefault raises and catches a KeyError per miss.
    present = {name.lower() for name, _ in headers.items()}
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if request.endpoint != "static" and "cache-control" not in present:
        headers.add("Cache-Control", "no-store")
    https = request.scheme == "https" or request.headers.get("X-Forwarded-Proto") == "https"
    if https and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", "max-age=31536000")
    return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per set of
    keys instead of on every request (it showed up in each API call's profile)."""

    _keys: tuple | None = None
    _serializer: URLSafeTimedSerializer | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys != self._keys:
            self._serializer = super().get_signing_serializer(app)
            self._keys = keys
        return self._serializer


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.after_request(add_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
