"""CSRF tokens for every unsafe request, and the security headers on every response."""

from __future__ import annotations

import hmac
import io
import secrets
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Request, Response, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

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


def csrf_matches(session_data: Mapping[str, Any], sent: str | None) -> bool:
    """Whether a request's token is its session's (compared in constant time)."""
    expected = session_data.get(CSRF_FIELD)
    return bool(expected and sent) and hmac.compare_digest(expected, sent)


def check_csrf() -> None:
    """Refuse an unsafe request whose token (form field or header) does not match the session's."""
    if request.method not in UNSAFE:
        return
    sent = request.headers.get(CSRF_HEADER) or (
        request.form.get(CSRF_FIELD) if request.mimetype != "application/json" else None
    )
    if not csrf_matches(session, sent):
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
    https = request.scheme == "https" or request.headers.get("X-Forwarded-Proto") == "https"
    for name, value in security_headers(https, cache=request.endpoint != "static"):
        if name.lower() not in present:
            headers.add(name, value)
    return response


def security_headers(https: bool, cache: bool = True) -> list[tuple[str, str]]:
    """The headers every response carries; `cache` adds "no-store" (all but static files)."""
    found = list(SECURITY_HEADERS)
    if cache:
        found.append(("Cache-Control", "no-store"))
    if https:
        found.append(("Strict-Transport-Security", "max-age=31536000"))
    return found


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with two savings that showed up in every API call's
    profile: the signing serializer is built once per set of keys, and a cookie whose
    signature checked out is remembered (with the time it was signed), so the next request
    that carries it skips the HMAC, base64 and JSON work. A remembered cookie still expires
    at the same moment as a checked one, and new keys forget every remembered cookie."""

    REMEMBERED = 4096
    """Cookies remembered per worker process (the oldest are forgotten first)."""

    def __init__(self) -> None:
        self._keys: tuple | None = None
        self._serializer: URLSafeTimedSerializer | None = None
        self._verified: dict[str, tuple[dict, float]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys != self._keys:
            self._serializer = super().get_signing_serializer(app)
            self._keys = keys
            self._verified.clear()
        return self._serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        data = self.session_data(app, request.cookies.get(self.get_cookie_name(app)))
        return self.session_class(data or {})

    def session_data(self, app: Flask, cookie: str | None) -> dict[str, Any] | None:
        """What a session cookie holds, if it is genuine and not expired (do not modify it)."""
        serializer = self.get_signing_serializer(app)
        if serializer is None or not cookie:
            return None
        max_age = app.permanent_session_lifetime.total_seconds()
        known = self._verified.get(cookie)
        if known is not None and time.time() - known[1] <= max_age:
            return known[0]
        try:
            data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return None
        if len(self._verified) >= self.REMEMBERED:
            del self._verified[next(iter(self._verified))]
        self._verified[cookie] = (dict(data), signed.timestamp())
        return self._verified[cookie][0]


def limit_streamed_bodies(app: Flask, wsgi_app: Any) -> Any:
    """WSGI layer: a body sent without Content-Length (`Transfer-Encoding: chunked`) is
    read here up to one byte past the limit and handed on with its length, so that one
    too large is refused with 413, as with Content-Length, rather than silently cut short."""

    def limited(environ: dict[str, Any], start_response: Any) -> Any:
        limit = app.config["MAX_CONTENT_LENGTH"]
        streamed = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if limit is not None and streamed and not environ.get("CONTENT_LENGTH"):
            body = environ["wsgi.input"].read(limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input_terminated"] = False
            del environ["HTTP_TRANSFER_ENCODING"]
        return wsgi_app(environ, start_response)

    return limited


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    app.after_request(add_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
