"""Every API answer has the shape the OpenAPI document gives it: real answers, through
the test client, validated against the documented models (which forbid unknown keys)."""

from __future__ import annotations

import json

from quiz_helpers import post, post_json, right_answers

from quiz_server.openapi import RETURNS, document


def conforms(path: str, method: str, response) -> dict:
    assert response.status_code in {200, 201}, response.json
    RETURNS[(path, method)].model_validate(response.json)
    return response.json


def test_every_answer_has_its_documented_shape(login, client, app, db, clock):
    bob = login("bob", as_client=app.test_client())
    conforms("/health", "get", bob.get("/api/health"))
    conforms("/me", "get", bob.get("/api/me"))
    conforms("/modules/{module_id}", "get", bob.get("/api/modules/lead-routing-basics"))
    url = "/api/modules/lead-routing-basics/attempts"
    started = conforms("/modules/{module_id}/attempts", "post", post_json(bob, url, {}))
    assert started["questions"]
    again = conforms("/modules/{module_id}/attempts", "post", post_json(bob, url, {}))
    assert again["resumed"] is True
    conforms("/attempts/{attempt_id}", "get", bob.get(f"/api/attempts/{started['id']}"))
    failed = post_json(bob, f"/api/attempts/{started['id']}/submit", {"answers": {}})
    assert conforms("/attempts/{attempt_id}/submit", "post", failed)["result"]["passed"] is False
    clock.advance(days=2)
    second = post_json(bob, url, {}).json
    snap = json.loads(
        next(db.query("select snapshot from attempts where id = ?", [second["id"]]))["snapshot"]
    )
    passed = post_json(
        bob, f"/api/attempts/{second['id']}/submit", {"answers": right_answers(snap)}
    )
    result = conforms("/attempts/{attempt_id}/submit", "post", passed)["result"]
    assert result["answers_shown"] is True and all(q["right"] for q in result["questions"])
    conforms("/attempts/{attempt_id}", "get", bob.get(f"/api/attempts/{started['id']}"))
    person = conforms("/people/{person_id}", "get", bob.get("/api/people/bob"))
    token = next(db.query("select verify_token from certifications"))["verify_token"]
    conforms("/verify/{token}", "get", app.test_client().get(f"/api/verify/{token}"))
    assert person["certifications"][0]["modules"][0]["attempt"] == second["id"]

    dee = login("dee", as_client=app.test_client())
    ack = post_json(
        dee, "/api/modules/nurture-basics/acknowledgements", {"process": "nurture-campaign"}
    )
    conforms("/modules/{module_id}/acknowledgements", "post", ack)
    ada = login("ada", as_client=app.test_client())
    conforms("/readiness", "get", ada.get("/api/readiness"))
    admin = login("cy", admin=True, as_client=app.test_client())
    conforms("/readiness", "get", admin.get("/api/readiness"))
    conforms("/coverage", "get", admin.get("/api/coverage"))
    assert post(admin, "/admin/reload").status_code == 303


def test_every_documented_answer_names_its_schema(app):
    doc = document("/api")
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if path == "/openapi.json":
                continue
            for code, answer in op["responses"].items():
                if code in {"200", "201"}:
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.rsplit("/", 1)[1] in doc["components"]["schemas"], (path, method)
