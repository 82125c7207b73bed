"""The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from . import api_schemas as shapes
from .views.api import AcknowledgeBody, SubmitBody

ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    "required": ["error", "status"],
    "example": {"error": "question 'x' is not part of this attempt", "status": 400},
}


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "Malformed body, wrong types or an answer that does not fit its question",
        401: "Not signed in",
        403: "Signed in but not allowed, or the CSRF token is missing",
        404: "Not found, or not visible to you",
        409: "Not possible now: attempts used up, module passed, draft or retired, or "
        "attempt expired",
        413: "Body too large",
        415: "Body is not JSON",
        429: "Cool-down after a failed attempt",
    }
    return {
        str(c): {
            "description": text[c],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for c in codes
    }


OK = {
    "200": "OK",
    "201": "Created",
}


def _op(
    summary: str,
    *errors: int,
    body: str | None = None,
    ok: tuple[str, ...] = ("200",),
    post: bool = False,
) -> dict[str, Any]:
    """One operation; `post` (or a body) adds the CSRF header every POST needs."""
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {
            code: {"description": OK[code], "content": {"application/json": {}}} for code in ok
        }
        | _errors(*errors),
    }
    if body:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    if body or post:
        op["parameters"] = [
            {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "The csrf_token from GET /me.",
            }
        ]
    return op


# What each operation answers with (see api_schemas; the tests check real answers).
RETURNS: dict[tuple[str, str], type[BaseModel]] = {
    ("/health", "get"): shapes.Health,
    ("/me", "get"): shapes.Me,
    ("/people/{person_id}", "get"): shapes.PersonView,
    ("/modules/{module_id}", "get"): shapes.Module,
    ("/modules/{module_id}/attempts", "post"): shapes.Attempt,
    ("/attempts/{attempt_id}", "get"): shapes.Attempt,
    ("/attempts/{attempt_id}/submit", "post"): shapes.Attempt,
    ("/modules/{module_id}/acknowledgements", "post"): shapes.Progress,
    ("/readiness", "get"): shapes.Readiness,
    ("/coverage", "get"): shapes.Coverage,
    ("/verify/{token}", "get"): shapes.Verification,
}


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def document(server_url: str) -> dict[str, Any]:
    """The document; `server_url` is where the API is mounted (e.g. /train/api)."""
    paths: dict[str, Any] = {
        "/health": {"get": _op("Liveness check (public)")},
        "/me": {"get": _op("The signed-in account, its level and CSRF token", 401)},
        "/people/{person_id}": {
            "get": _op("A person's roles, module statuses and certifications", 401, 404)
        },
        "/modules/{module_id}": {"get": _op("A module and your progress on it", 401, 403, 404)},
        "/modules/{module_id}/attempts": {
            "post": _op(
                "Start an attempt, or resume the open one (200 when resumed); the questions "
                "carry opaque per-attempt option tokens and no answer key",
                401,
                403,
                404,
                409,
                413,
                429,
                ok=("201", "200"),
                post=True,
            )
        },
        "/attempts/{attempt_id}": {
            "get": _op("An attempt: its questions while open, its result once submitted", 401, 404)
        },
        "/attempts/{attempt_id}/submit": {
            "post": _op(
                "Submit answers; graded on the server. Submitting again returns the first result",
                400,
                401,
                403,
                404,
                409,
                413,
                415,
                body="SubmitBody",
            )
        },
        "/modules/{module_id}/acknowledgements": {
            "post": _op(
                "Acknowledge having read a process (recorded with its version; 200 and nothing "
                "recorded when it is already acknowledged at this version and not yet due)",
                400,
                401,
                403,
                404,
                409,
                413,
                415,
                body="AcknowledgeBody",
                ok=("201", "200"),
            )
        },
        "/readiness": {
            "get": _op(
                "Readiness matrix: a manager's reports, or (admins) every team; ?team=ID",
                401,
                403,
                404,
            )
            | {
                "parameters": [
                    {
                        "name": "team",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "Admins: only this team (its ID); 404 if unknown.",
                    }
                ]
            }
        },
        "/coverage": {"get": _op("Certified people per role of each process (admins)", 401, 403)},
        "/verify/{token}": {"get": _op("Verify a certification (public)", 404)},
        "/openapi.json": {"get": _op("This document")},
    }
    for path, ops in paths.items():
        params = [_path_param(name) for name in re.findall(r"\{(\w+)\}", path)]
        for method, op in ops.items():
            if params:
                op["parameters"] = params + op.get("parameters", [])
            if returns := RETURNS.get((path, method)):
                for code in OK:
                    if code in op["responses"]:
                        content = op["responses"][code]["content"]["application/json"]
                        content["schema"] = {"$ref": f"#/components/schemas/{returns.__name__}"}
    schemas: dict[str, Any] = {"Error": ERROR}
    models = [SubmitBody, AcknowledgeBody, *RETURNS.values()]
    _, found = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
    )
    schemas |= found["$defs"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Playbook training API",
            "version": "1",
            "description": "Quizzes, certifications and readiness. Sign in through the web "
            "pages (the session cookie authenticates API calls); send the csrf_token from "
            "GET /me as X-CSRF-Token on every POST.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
