"""The fast submit path answers exactly as the Flask view would, and only when all is in
order; everything else reaches the Flask view with its body intact."""

from __future__ import annotations

import json

import pytest
from quiz_helpers import csrf, post_json, right_answers

from quiz_server import fast_submit


@pytest.fixture
def answered(monkeypatch) -> list[str]:
    """Which path answered each submission: "fast" or "flask"."""
    seen: list[str] = []
    real = fast_submit.answer

    def spy(*args, **kwargs):
        try:
            body = real(*args, **kwargs)
        except fast_submit.Fallthrough:
            seen.append("flask")
            raise
        seen.append("fast")
        return body

    monkeypatch.setattr(fast_submit, "answer", spy)
    return seen


def start(client, module: str) -> dict:
    response = post_json(client, f"/api/modules/{module}/attempts", {})
    assert response.status_code == 201, response.text
    return response.json


def snapshot(db, attempt_id: str) -> dict:
    row = next(db.query("select snapshot from attempts where id = ?", [attempt_id]))
    return json.loads(row["snapshot"])


def wrong_answers(snap: dict) -> dict[str, list[str]]:
    """Every question answered with a wrong option (or items in the wrong order)."""
    answers = {}
    for q in snap["questions"]:
        if q["type"] == "ordering":
            answers[q["id"]] = list(reversed(q["order"]))
        else:
            wrong = [o["token"] for o in q["options"] if not o["correct"]]
            answers[q["id"]] = wrong[:1]
    return answers


def headers(response) -> list[tuple[str, str]]:
    return sorted(response.headers.items())


@pytest.mark.parametrize(
    ("who", "module", "make_answers"),
    [
        ("bob", "lead-routing-basics", right_answers),  # passes: certified, answers shown
        ("bob", "lead-routing-basics", wrong_answers),  # fails under "after pass"
        ("dee", "nurture-basics", wrong_answers),  # partial credit, "after last attempt"
    ],
)
def test_fast_answer_is_the_flask_views_answer(
    login, client, db, app, answered, who, module, make_answers
):
    login(who)
    attempt = start(client, module)
    url = f"/api/attempts/{attempt['id']}/submit"
    body = {"answers": make_answers(snapshot(db, attempt["id"]))}
    fast = post_json(client, url, body)
    assert answered == ["fast"] and fast.status_code == 200
    # A repeated submission returns the first result: the Flask view's answer to it is
    # what the fast path must have said, header for header and byte for byte.
    app.config["FAST_SUBMIT"] = False
    flask = post_json(client, url, body)
    assert answered == ["fast"]  # the fast path was not asked
    assert (flask.status_code, flask.data, headers(flask)) == (200, fast.data, headers(fast))
    assert flask.json["result"]["questions"] and flask.json["status"] == "submitted"
    audits = list(db.query("select * from audit_log where action = 'attempt.submitted'"))
    assert [a["subject"] for a in audits] == [attempt["id"]]


def test_a_passing_fast_submission_certifies(login, client, db, answered):
    login("bob")
    attempt = start(client, "lead-routing-basics")
    post_json(
        client,
        f"/api/attempts/{attempt['id']}/submit",
        {"answers": right_answers(snapshot(db, attempt["id"]))},
    )
    assert answered == ["fast"]
    certs = list(db.query("select person_id, role_id from certifications"))
    assert certs == [{"person_id": "bob", "role_id": "sdr"}]


def submit_as(client, attempt_id: str, **kwargs):
    return client.post(f"/api/attempts/{attempt_id}/submit", **kwargs)


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("no session", 401, "sign in first"),
        ("wrong CSRF token", 403, "the form's security token is missing or out of date"),
        ("form body", 415, "send the body as JSON with Content-Type: application/json"),
        ("malformed JSON", 400, "the body is not valid JSON"),
        ("unknown question", 400, "question 'nope' is not part of this attempt"),
        ("unknown attempt", 404, "attempt not found"),
        ("someone else's attempt", 404, "attempt not found"),
        ("too large", 413, "the request body is larger than"),
    ],
)
def test_everything_else_falls_through_to_the_flask_view(
    login, client, app, db, answered, case, status, message
):
    owner = app.test_client()
    login("cy", as_client=owner)
    others = start(owner, "lead-routing-basics")["id"]
    login("bob")
    own = start(client, "lead-routing-basics")["id"]
    token = csrf(client)
    json_headers = {"X-CSRF-Token": token, "Content-Type": "application/json"}
    requests = {
        "no session": lambda: app.test_client().post(
            f"/api/attempts/{own}/submit", json={"answers": {}}
        ),
        "wrong CSRF token": lambda: submit_as(
            client, own, data=b"{}", headers={**json_headers, "X-CSRF-Token": "x"}
        ),
        "form body": lambda: submit_as(
            client, own, data={"answers": "x"}, headers={"X-CSRF-Token": token}
        ),
        "malformed JSON": lambda: submit_as(client, own, data=b"{not", headers=json_headers),
        "unknown question": lambda: submit_as(
            client, own, data=b'{"answers": {"nope": []}}', headers=json_headers
        ),
        "unknown attempt": lambda: submit_as(client, "nope", data=b"{}", headers=json_headers),
        "someone else's attempt": lambda: submit_as(
            client, others, data=b'{"answers": {}}', headers=json_headers
        ),
        "too large": lambda: submit_as(
            client, own, data=b" " * (app.config["MAX_CONTENT_LENGTH"] + 1), headers=json_headers
        ),
    }
    response = requests[case]()
    assert response.status_code == status, response.text
    assert message in response.json["error"]
    assert "fast" not in answered
    submitted = db.execute("select count(*) from attempts where status = 'submitted'")
    assert submitted.fetchone()[0] == 0


def test_proxy_address_reaches_the_audit_log(settings, login, db, answered):
    from quiz_server import create_app

    app = create_app({**settings, "PROXIES": 1})
    client = app.test_client()
    login("bob", as_client=client)
    attempt = start(client, "lead-routing-basics")
    response = client.post(
        f"/api/attempts/{attempt['id']}/submit",
        json={"answers": {}},
        headers={"X-Forwarded-For": "203.0.113.9", "X-CSRF-Token": csrf(client)},
    )
    assert response.status_code == 200 and answered == ["fast"]
    row = next(db.query("select ip from audit_log where action = 'attempt.submitted'"))
    assert row["ip"] == "203.0.113.9"


def test_an_sso_header_sends_the_submission_to_the_flask_view(settings, answered, db):
    from quiz_server import create_app

    app = create_app({**settings, "SSO_HEADER": "X-Remote-User"})
    client = app.test_client()
    assert client.get("/api/me", headers={"X-Remote-User": "bob@tiny.example"}).status_code == 200
    attempt = start(client, "lead-routing-basics")["id"]
    # Same browser, Dee behind the proxy now: Bob's cookie must not submit Bob's attempt.
    response = client.post(
        f"/api/attempts/{attempt}/submit",
        json={"answers": {}},
        headers={"X-CSRF-Token": csrf(client), "X-Remote-User": "dee@tiny.example"},
    )
    assert answered == ["flask"]
    assert response.status_code in {403, 404}
    assert next(db.query("select status from attempts where id = ?", [attempt]))["status"] == (
        "open"
    )
