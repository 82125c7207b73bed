"""Errors to responses: JSON for the API, a page otherwise; never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .access import load_viewer, wants_json
from .errors import QuizError
from .security import check_csrf

MESSAGES = {
    400: "the request is malformed",
    404: "page not found",
    405: "this address does not accept that method",
    413: "the request body is too large",
}


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    if wants_json() or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _quiz_error(exc: QuizError) -> tuple[Response | str, int]:
    return error_response(exc.status, exc.message)


def _http_error(exc: HTTPException) -> tuple[Response | str, int]:
    status = exc.code or 500
    if isinstance(exc, RequestEntityTooLarge):
        limit = request.max_content_length or 0
        return error_response(413, f"the request body is larger than {limit} bytes")
    return error_response(status, MESSAGES.get(status, exc.description or exc.name))


def init_app(app: Flask) -> None:
    app.register_error_handler(QuizError, _quiz_error)
    app.register_error_handler(HTTPException, _http_error)

    @app.before_request
    def _guard() -> None:
        if request.endpoint in {None, "static"}:
            return
        limit = request.max_content_length
        if limit is not None and (request.content_length or 0) > limit:
            raise RequestEntityTooLarge()  # whether or not the view would read the body
        load_viewer()
        view = current_app.view_functions.get(request.endpoint)
        if g.viewer is None and getattr(view, "requires_login", False):
            return  # nothing to protect: the view answers "sign in first" (401 or a redirect)
        check_csrf()
