"""Access rules on every route: learners see themselves, managers their reports, admins all.

The mini catalogue: ada (sales-manager) manages bob (sdr); cy manages dee (marketer, sdr).
"""

from __future__ import annotations

import json

import pytest
from quiz_helpers import pass_module, post, post_json


def start_as(login, app, who: str, module: str = "lead-routing-basics") -> str:
    """Start an attempt as someone on a separate client; its ID."""
    other = login(who, as_client=app.test_client())
    response = post(other, f"/modules/{module}/start")
    return response.headers["Location"].rsplit("/", 1)[-1]


def answers_of(db, attempt_id: str) -> dict:
    snap = json.loads(
        next(db.query("select snapshot from attempts where id = ?", [attempt_id]))["snapshot"]
    )
    return {q["id"]: [(q.get("options") or q["items"])[0]["token"]] for q in snap["questions"]}


LOGIN_ROUTES = [
    "/",
    "/people/bob",
    "/roles/sdr",
    "/modules/lead-routing-basics",
    "/attempts/anything",
    "/certificates/anything",
    "/team/",
    "/team/readiness.csv",
    "/admin/",
    "/admin/readiness",
    "/admin/coverage",
    "/admin/audit",
    "/admin/people",
    "/admin/exports/attempts.csv",
]


@pytest.mark.parametrize("url", LOGIN_ROUTES)
def test_every_page_needs_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/me",
        "/api/people/bob",
        "/api/modules/lead-routing-basics",
        "/api/attempts/x",
        "/api/readiness",
        "/api/coverage",
    ],
)
def test_every_api_route_needs_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json == {"error": "sign in first", "status": 401}


@pytest.mark.parametrize(
    "url",
    [
        "/api/modules/lead-routing-basics/attempts",
        "/api/attempts/x/submit",
        "/api/modules/nurture-basics/acknowledgements",
    ],
)
def test_a_signed_out_api_post_is_told_to_sign_in(client, db, url):
    """Without a session there is no CSRF token to check: the answer is 401, not 403."""
    response = client.post(url, json={})
    assert response.status_code == 401
    assert response.json == {"error": "sign in first", "status": 401}
    assert [r["action"] for r in db.query("select action from audit_log")] == ["catalog.imported"]


@pytest.mark.parametrize(
    "url",
    ["/modules/lead-routing-basics/start", "/attempts/x/submit", "/admin/reload"],
)
def test_a_signed_out_form_post_goes_to_sign_in(client, db, url):
    response = client.post(url, data={})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
    assert [r["action"] for r in db.query("select action from audit_log")] == ["catalog.imported"]


def test_learner_cannot_read_or_submit_anothers_attempt(login, client, app, db):
    bobs = start_as(login, app, "bob")
    login("dee")  # a learner with the same role, not bob's manager
    assert client.get(f"/attempts/{bobs}").status_code == 404
    assert client.get(f"/api/attempts/{bobs}").status_code == 404
    response = post(client, f"/attempts/{bobs}/submit", {})
    assert response.status_code == 404
    response = post_json(client, f"/api/attempts/{bobs}/submit", {"answers": answers_of(db, bobs)})
    assert response.status_code == 404
    assert response.json == {"error": "attempt not found", "status": 404}
    # Dee's own attempt with bob's question tokens in the body: rejected, bob's untouched.
    dees = post(client, "/modules/lead-routing-basics/start").headers["Location"].rsplit("/", 1)[-1]
    response = post_json(client, f"/api/attempts/{dees}/submit", {"answers": answers_of(db, bobs)})
    assert response.status_code == 400
    assert "has no option" in response.json["error"]
    row = next(db.query("select status from attempts where id = ?", [bobs]))
    assert row["status"] == "open"


def test_manager_reads_but_cannot_submit_a_reports_attempt(login, client, app, db):
    bobs = start_as(login, app, "bob")
    login("ada")
    assert client.get(f"/attempts/{bobs}").status_code == 200
    response = post_json(client, f"/api/attempts/{bobs}/submit", {"answers": {}})
    assert response.status_code == 403
    assert response.json["error"] == "you can only submit your own attempts"
    assert "Bob Stone" in client.get("/team/").text
    assert client.get("/people/bob").status_code == 200
    assert client.get("/people/dee").status_code == 404  # not ada's report
    assert client.get("/admin/").status_code == 403


def test_learner_sees_only_themselves(login, client):
    login("bob")
    assert client.get("/people/bob").status_code == 200
    response = client.get("/people/ada")
    assert response.status_code == 404
    assert "person &#39;ada&#39; not found" in response.text
    assert client.get("/api/people/dee").status_code == 404
    response = client.get("/team/")
    assert response.status_code == 403
    assert "the team view is for managers: nobody reports to you" in response.text
    assert client.get("/admin/coverage").status_code == 403
    assert client.get("/api/coverage").json == {"error": "coverage is for admins", "status": 403}
    assert client.get("/admin/exports/attempts.csv").status_code == 403


def test_admin_opens_anyones_view(login, client, app):
    bobs = start_as(login, app, "bob")
    login("cy", admin=True)
    assert "Bob Stone’s training" in client.get("/people/bob").text
    assert client.get(f"/attempts/{bobs}").status_code == 200
    assert client.get("/admin/people").status_code == 200
    # An admin still cannot answer for someone else.
    assert post(client, f"/attempts/{bobs}/submit", {}).status_code == 403


def test_certificates_are_private_but_verification_is_public(login, client, app, db):
    cert = pass_module(login, app, db, "bob")
    login("dee")
    assert client.get(f"/certificates/{cert['id']}").status_code == 404
    anonymous = app.test_client()
    page = anonymous.get(f"/verify/{cert['verify_token']}")
    assert page.status_code == 200 and "Genuine" in page.text
    assert anonymous.get(f"/verify/{cert['id']}").status_code == 404
