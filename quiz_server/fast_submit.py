"""The JSON quiz submission without Flask's per-request machinery, for its happy path only.

`POST /api/attempts/<id>/submit` is the request a cohort sends all at once when a training
session ends. Measured under gunicorn (bench/bench_quiz.py), Flask's request and
application contexts, hooks, routing and response objects cost a submission about as much
as the submission's own work. This WSGI layer answers the request only when everything is
in order: a genuine, current session, a matching CSRF token, a JSON body within the size
limit that validates, the viewer's own open attempt. It does so with the functions the
Flask view uses (`session_account`, `csrf_matches`, `submit_attempt`, `attempt_json`,
`security_headers`), so both give the same answer, byte for byte.

Anything else (a missing or stale session, a bad token, a malformed body, someone else's
or an expired attempt, any error at all) falls through to the Flask view untouched, with
the body put back: errors, redirects and messages have one implementation. Falling
through after a submission committed is safe, because a second submission of an attempt
returns the first result.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from werkzeug.http import parse_cookie

from . import jsonio
from .access import session_account
from .attempts import get_attempt, submit_attempt
from .db import thread_connection
from .errors import QuizError
from .results import attempt_json
from .security import CSRF_HEADER, csrf_matches, security_headers
from .views.api import SubmitBody

if TYPE_CHECKING:
    from flask import Flask

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
ROUTE = re.compile(r"/api/attempts/([^/]+)/submit")
CSRF_KEY = "HTTP_" + CSRF_HEADER.upper().replace("-", "_")


class Fallthrough(Exception):
    """The request is not one the fast path answers: the Flask view will."""


def wrap(app: Flask, inner: WSGIApp) -> WSGIApp:
    """`inner` (the Flask app's WSGI callable) with the fast path for JSON submissions."""

    def fast_submit(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        found = ROUTE.fullmatch(environ.get("PATH_INFO", ""))
        if (
            found is None
            or environ.get("REQUEST_METHOD") != "POST"
            or not app.config["FAST_SUBMIT"]
        ):
            return inner(environ, start_response)
        try:
            body = answer(app, environ, found.group(1))
        except Fallthrough:
            return inner(environ, start_response)
        https = (
            environ.get("wsgi.url_scheme") == "https"
            or environ.get("HTTP_X_FORWARDED_PROTO") == "https"
        )
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Vary", "Cookie"),
            *security_headers(https),
        ]
        start_response("200 OK", headers)
        return [body]

    return fast_submit


def answer(app: Flask, environ: dict[str, Any], attempt_id: str) -> bytes:
    """The response body for a submission in order; Fallthrough otherwise."""
    content_type = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
    length = environ.get("CONTENT_LENGTH", "")
    limit = app.config["MAX_CONTENT_LENGTH"]
    if content_type != "application/json" or not length.isdigit():
        raise Fallthrough
    if limit is not None and int(length) > limit:
        raise Fallthrough
    if (sso := app.config["SSO_HEADER"]) and "HTTP_" + sso.upper().replace("-", "_") in environ:
        raise Fallthrough  # the proxy's word outranks the cookie: the view sorts that out
    session = app.session_interface.session_data(  # type: ignore[attr-defined]
        app, parse_cookie(environ.get("HTTP_COOKIE", "")).get(app.config["SESSION_COOKIE_NAME"])
    )
    if session is None or not csrf_matches(session, environ.get(CSRF_KEY)):
        raise Fallthrough
    raw = environ["wsgi.input"].read(int(length))
    environ["wsgi.input"] = io.BytesIO(raw)  # the Flask view reads it again if it answers
    if len(raw) != int(length):
        raise Fallthrough
    db = thread_connection(app.config["DATABASE"], app.config["SYNCHRONOUS"])
    try:
        return _submit(app, db, session, attempt_id, raw, environ.get("REMOTE_ADDR"))
    except Fallthrough:
        raise
    except Exception:  # the Flask view meets it again, and answers or logs it properly
        raise Fallthrough from None
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()


def _submit(
    app: Flask, db: Any, session: dict[str, Any], attempt_id: str, raw: bytes, ip: str | None
) -> bytes:
    catalog = app.extensions["playbook"].current(db)
    account = session_account(db, catalog, session)
    person_id = account["person_id"] if account else None
    if person_id is None or person_id not in catalog.people:
        raise Fallthrough
    try:
        answers = SubmitBody.model_validate_json(raw).answers
        attempt = get_attempt(db, attempt_id)
    except (ValidationError, QuizError):
        raise Fallthrough from None
    if attempt["person_id"] != person_id:
        raise Fallthrough
    now = app.config["CLOCK"]()
    done = submit_attempt(db, catalog, attempt, person_id, answers, now, ip)
    return jsonio.dumps(attempt_json(db, catalog, done, now)).encode() + b"\n"
