"""The JSON API: the flow, no answer key before submission, bad input as clear 4xx."""

from __future__ import annotations

import json
import re

import pytest
from quiz_helpers import csrf, post_json, right_answers, take

from quiz_server.openapi import document


@pytest.fixture
def bob(login, client):
    return login("bob")


def start(client) -> dict:
    response = post_json(client, "/api/modules/lead-routing-basics/attempts", {})
    assert response.status_code in {200, 201}
    return response.json


def test_flow_and_no_answer_key_before_submission(bob, db):
    me = bob.get("/api/me").json
    assert me["person"] == "bob" and me["level"] == "learner" and me["csrf_token"]
    started = start(bob)
    assert started["resumed"] is False and started["status"] == "open"
    raw = json.dumps(started)
    for key in ('"correct"', '"explanation"', '"answer"', '"items"'):
        assert key not in raw
    for q in started["questions"]:
        assert set(q) == {"id", "type", "prompt", "options"}
        assert all(set(o) == {"token", "text"} for o in q["options"])
    assert start(bob)["resumed"] is True
    snap = json.loads(next(db.query("select snapshot from attempts"))["snapshot"])
    done = post_json(
        bob, f"/api/attempts/{started['id']}/submit", {"answers": right_answers(snap)}
    ).json
    assert done["status"] == "submitted"
    assert done["result"]["score"] == 100.0 and done["result"]["passed"] is True
    assert done["result"]["answers_shown"] is True
    status = bob.get("/api/people/bob").json
    assert status["roles"][0]["modules"][0]["status"] == "passed"
    assert status["certifications"][0]["role"] == "sdr"


def attempt_url(client) -> str:
    return f"/api/attempts/{start(client)['id']}/submit"


BAD_BODIES = [
    (
        b"{not json",
        "application/json",
        400,
        "the body is not valid JSON: key must be a string at line 1 column 2",
    ),
    (b"", "application/json", 400, "the body is not valid JSON: EOF while parsing"),
    (b'{"answers": "\xff"}', "application/json", 400, "the body is not valid JSON"),
    (b"[]", "application/json", 400, "body: input should be an object"),
    (b"{}", "application/json", 400, "answers: field required"),
    (
        b'{"answers": {"sla": "x"}}',
        "application/json",
        400,
        "answers.sla: input should be a valid array",
    ),
    (
        b'{"answers": {"sla": [1]}}',
        "application/json",
        400,
        "answers.sla.0: input should be a valid string",
    ),
    (
        b'{"answers": {}, "extra": 1}',
        "application/json",
        400,
        "extra: extra inputs are not permitted",
    ),
    (
        b'{"answers": {"length": ["x"]}}',
        "application/json",
        400,
        "question 'length' is not part of this attempt",
    ),
    (
        b'{"answers": {"sla": ["nope"]}}',
        "application/json",
        400,
        "question 'sla' has no option 'nope'",
    ),
    (
        b"answers=1",
        "application/x-www-form-urlencoded",
        415,
        "send the body as JSON with Content-Type: application/json",
    ),
]


@pytest.mark.parametrize(("body", "mimetype", "status", "message"), BAD_BODIES)
def test_bad_submissions_get_clear_4xx(bob, body, mimetype, status, message):
    response = bob.post(
        attempt_url(bob), data=body, content_type=mimetype, headers={"X-CSRF-Token": csrf(bob)}
    )
    assert response.status_code == status
    assert response.json["error"].startswith(message)


def test_answer_shape_rules(bob, db):
    started = start(bob)
    snap = json.loads(next(db.query("select snapshot from attempts"))["snapshot"])
    by_id = {q["id"]: q for q in snap["questions"]}
    two = [o["token"] for o in by_id["sla"]["options"][:2]]
    url = f"/api/attempts/{started['id']}/submit"
    response = post_json(bob, url, {"answers": {"sla": two}})
    assert response.json["error"] == "question 'sla' takes one answer, got 2"
    response = post_json(bob, url, {"answers": {"sla": [two[0], two[0]]}})
    assert response.json["error"] == "question 'sla' lists an option more than once"
    items = [i["token"] for i in by_id["order"]["items"]]
    response = post_json(bob, url, {"answers": {"order": items[:2]}})
    assert response.json["error"] == "question 'order' needs all 3 items in order, got 2"


def test_unknown_things_are_404(bob):
    assert bob.get("/api/modules/nope").json == {"error": "module 'nope' not found", "status": 404}
    response = post_json(bob, "/api/modules/nope/attempts", {})
    assert response.status_code == 404
    assert bob.get("/api/attempts/nope").json["error"] == "attempt not found"
    assert bob.get("/api/nothing-here").json == {"error": "page not found", "status": 404}
    assert bob.delete("/api/me", headers={"X-CSRF-Token": csrf(bob)}).status_code == 405


def test_oversize_body_is_413(bob, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    big = {"answers": {"sla": ["x" * 60] * 40}}
    response = post_json(bob, attempt_url(bob), big)
    assert response.status_code == 413
    assert response.json["error"] == "the request body is larger than 1000 bytes"


def test_api_post_needs_csrf_header(bob):
    response = bob.post("/api/modules/lead-routing-basics/attempts", json={})
    assert response.status_code == 403


def test_acknowledgement_errors(login, client):
    login("dee")
    url = "/api/modules/nurture-basics/acknowledgements"
    response = post_json(client, url, {"process": "lead-routing"})
    assert response.status_code == 400
    assert response.json["error"] == (
        "module 'nurture-basics' does not ask to acknowledge process 'lead-routing'"
    )
    response = post_json(client, url, {"process": 3})
    assert response.json["error"] == "process: input should be a valid string"


def test_admin_account_outside_catalogue_cannot_take_quizzes(app, client, db, clock):
    from quiz_helpers import post

    from quiz_server import accounts

    token = accounts.create_admin(
        db, app.extensions["playbook"].catalog, "ops@x.example", clock(), "t"
    )
    post(client, f"/auth/link/{token}")
    response = post_json(client, "/api/modules/lead-routing-basics/attempts", {})
    assert response.status_code == 403
    assert response.json["error"].startswith("your account is not a person in the catalogue")


def test_readiness_and_coverage_json(login, client, db, clock):
    login("ada")
    team = client.get("/api/readiness").json["teams"][0]
    assert [p["person"] for p in team["people"]] == ["bob"]
    # bob started 2026-10-01, but the module is required of him since the app first
    # imported the catalogue (2026-11-26): 30 days from then.
    assert team["people"][0]["modules"] == {"lead-routing-basics": "not-started"}
    clock.advance(days=31)
    team = client.get("/api/readiness").json["teams"][0]
    assert team["people"][0]["modules"] == {"lead-routing-basics": "overdue"}
    bob = login("bob", as_client=client.application.test_client())
    take(bob, db, "lead-routing-basics", right=False)
    team = client.get("/api/readiness").json["teams"][0]
    assert team["people"][0]["modules"] == {"lead-routing-basics": "failed"}  # not "overdue"
    admin = login("cy", admin=True, as_client=client.application.test_client())
    teams = {t["team"]: t for t in admin.get("/api/readiness").json["teams"]}
    assert set(teams) == {"marketing", "sales"}
    assert admin.get("/api/readiness?team=nope").json["error"] == "team 'nope' not found"
    coverage = {c["process"]: c for c in admin.get("/api/coverage").json}
    assert coverage["lead-routing"]["single_point_of_failure"] is True


def test_openapi_documents_every_api_route(app, client):
    doc = client.get("/api/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    assert doc == json.loads(json.dumps(document("/api")))
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.removeprefix("/api").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                served.add((path, method.lower()))
    assert served == documented
    (team,) = doc["paths"]["/readiness"]["get"]["parameters"]
    assert (team["name"], team["in"], team["required"]) == ("team", "query", False)


def test_openapi_names_each_path_parameter_and_the_csrf_header_of_every_post(client):
    doc = client.get("/api/openapi.json").json
    for path, ops in doc["paths"].items():
        wanted = re.findall(r"\{(\w+)\}", path)
        for method, op in ops.items():
            params = op.get("parameters", [])
            assert [p["name"] for p in params if p["in"] == "path"] == wanted, (path, method)
            if method == "post":
                assert {"name": "X-CSRF-Token", "in": "header"}.items() <= next(
                    p for p in params if p["in"] == "header"
                ).items(), path
    start = doc["paths"]["/modules/{module_id}/attempts"]["post"]["responses"]
    assert {"200", "201"} <= set(start)
