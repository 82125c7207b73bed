"""Taking a quiz through the pages: snapshot, no answer key, grading, policies, expiry."""

from __future__ import annotations

import json
import re

from quiz_helpers import post, post_json, right_answers, tokens_by_text

MODULE = "lead-routing-basics"


def start(client, module: str = MODULE) -> str:
    response = post(client, f"/modules/{module}/start")
    assert response.status_code == 303, response.text
    return response.headers["Location"].rsplit("/", 1)[-1]


def snapshot(db, attempt_id: str) -> dict:
    row = next(db.query("select snapshot from attempts where id = ?", [attempt_id]))
    return json.loads(row["snapshot"])


def form(answers: dict[str, list[str]]) -> dict[str, list[str]]:
    return {f"q.{qid}": tokens for qid, tokens in answers.items()}


def test_quiz_page_holds_no_answer_key(login, client, db):
    login("bob")
    attempt_id = start(client)
    html = client.get(f"/attempts/{attempt_id}").text
    snap = snapshot(db, attempt_id)
    assert len(snap["questions"]) == 8  # 5 authored + 2 accountable + 1 step order
    assert "correct" not in html and "explanation" not in html.lower()
    for q in snap["questions"]:
        assert q["explanation"] not in html
    # Tokens are opaque and per attempt; the options' indices say nothing.
    tokens = re.findall(r'value="([A-Za-z0-9_-]{12})"', html)
    assert len(tokens) >= 20
    assert set(tokens) <= {
        c["token"] for q in snap["questions"] for c in q.get("options") or q["items"]
    }


def test_reload_shows_the_same_attempt_and_start_resumes_it(login, client):
    login("bob")
    attempt_id = start(client)
    first = client.get(f"/attempts/{attempt_id}").text
    assert client.get(f"/attempts/{attempt_id}").text == first
    assert start(client) == attempt_id


def test_catalogue_reload_mid_attempt_changes_nothing(login, client, db, app, mini_content):
    login("bob")
    attempt_id = start(client)
    before = client.get(f"/attempts/{attempt_id}").text
    path = mini_content / "training" / f"{MODULE}.yml"
    path.write_text(path.read_text().replace("Within one business hour", "Within a minute"))
    app.extensions["playbook"].reload()
    assert client.get(f"/attempts/{attempt_id}").text == before
    snap = snapshot(db, attempt_id)
    response = post(client, f"/attempts/{attempt_id}/submit", form(right_answers(snap)))
    assert response.status_code == 303
    assert "100%" in client.get(f"/attempts/{attempt_id}").text


def test_submit_grades_on_the_server_and_shows_explanations(login, client, db):
    login("bob")
    attempt_id = start(client)
    snap = snapshot(db, attempt_id)
    answers = right_answers(snap)
    sla = next(q for q in snap["questions"] if q["id"] == "sla")
    answers["sla"] = [next(o["token"] for o in sla["options"] if not o["correct"])]
    response = post(client, f"/attempts/{attempt_id}/submit", form(answers))
    assert response.status_code == 303
    html = client.get(f"/attempts/{attempt_id}").text
    assert "87.5%" in html and "Passed" in html
    assert "The SLA of lead routing is one business hour." in html
    assert "Right answer:" in html  # after-pass: shown once passed
    row = next(db.query("select score, passed, status from attempts where id = ?", [attempt_id]))
    assert row == {"score": 87.5, "passed": 1, "status": "submitted"}


def test_failed_attempt_hides_answers_until_pass(login, client, db):
    login("bob")
    attempt_id = start(client)
    snap = snapshot(db, attempt_id)
    right = right_answers(snap)
    answers = {"sla": right["sla"]}  # one right, the rest unanswered
    post(client, f"/attempts/{attempt_id}/submit", form(answers))
    html = client.get(f"/attempts/{attempt_id}").text
    assert "12.5%" in html and "Not passed" in html
    assert "Right answer:" not in html
    assert "not shown for this module until you pass" in html
    # Explanations state the answers (generated ones always do): only a right answer's shows.
    for q in snap["questions"]:
        if "](" not in q["explanation"]:  # authored, plain text
            assert (q["explanation"] in html) is (q["id"] == "sla"), q["id"]
    result = client.get(f"/api/attempts/{attempt_id}").json["result"]
    assert {q["id"]: bool(q["explanation"]) for q in result["questions"]} == {
        q["id"]: q["id"] == "sla" for q in snap["questions"]
    }


def test_double_submit_is_idempotent(login, client, db):
    login("bob")
    attempt_id = start(client)
    answers = form(right_answers(snapshot(db, attempt_id)))
    first = post(client, f"/attempts/{attempt_id}/submit", answers)
    second = post(client, f"/attempts/{attempt_id}/submit", {})
    assert first.status_code == second.status_code == 303
    row = next(db.query("select score from attempts where id = ?", [attempt_id]))
    assert row["score"] == 100.0
    audits = list(
        db.query(
            "select * from audit_log where action = 'attempt.submitted' and subject = ?",
            [attempt_id],
        )
    )
    assert len(audits) == 1


def test_cooldown_then_attempt_limit(login, client, clock):
    login("bob")
    first = start(client)
    post(client, f"/attempts/{first}/submit", {})
    response = post(client, f"/modules/{MODULE}/start")
    assert response.status_code == 429
    assert "cool-down: you can try again from 2026-11-27 09:00 UTC" in response.text
    page = client.get(f"/modules/{MODULE}").text
    assert "Cool-down: you can try again from 2026-11-27 09:00 UTC." in page
    clock.advance(hours=24)
    second = start(client)
    assert second != first
    post(client, f"/attempts/{second}/submit", {})
    clock.advance(hours=24)
    post(client, f"/attempts/{start(client)}/submit", {})
    # No attempts left: no "try again from" either, during the cool-down or after it.
    page = client.get(f"/modules/{MODULE}").text
    assert "No attempts left" in page and "Cool-down" not in page
    progress = client.get(f"/api/modules/{MODULE}").get_json()["progress"]
    assert (progress["status"], progress["attempts_left"]) == ("locked", 0)
    assert progress["next_start"] is None
    clock.advance(hours=24)
    response = post(client, f"/modules/{MODULE}/start")
    assert response.status_code == 409
    assert "you have used all 3 attempts at this module; an admin can grant another" in (
        response.text
    )


def test_highest_attempt_counts_and_every_attempt_is_kept(login, client, db, clock):
    login("dee")
    module = "nurture-basics"  # partial scoring, pass mark 60, 1 h cool-down
    first = start(client, module)
    post(client, f"/attempts/{first}/submit", form(right_answers(snapshot(db, first))))
    clock.advance(days=200)  # the pass expired (validity 180 days)
    second = start(client, module)
    post(client, f"/attempts/{second}/submit", {})
    page = client.get(f"/modules/{module}").text
    assert "Best score: 100%" in page
    assert page.count("/attempts/") >= 2


def test_abandoned_attempt_expires(login, client, clock, db):
    login("bob")
    attempt_id = start(client)
    clock.advance(minutes=61)
    assert "This attempt expired" in client.get(f"/attempts/{attempt_id}").text
    response = post(client, f"/attempts/{attempt_id}/submit", {})
    assert response.status_code == 409
    assert "this attempt expired at 2026-11-26 10:00 UTC; start a new one" in response.text
    row = next(db.query("select status from attempts where id = ?", [attempt_id]))
    assert row["status"] == "expired"
    # An expired attempt counts as a failed one: the cool-down applies.
    assert post(client, f"/modules/{MODULE}/start").status_code == 429


def test_draw_prefers_unseen_questions(login, client, db, mini_content, app, clock):
    path = mini_content / "training" / f"{MODULE}.yml"
    text = path.read_text().replace("cooldown_hours: 24", "cooldown_hours: 0")
    text = text.replace("max_attempts: 3", "max_attempts: 10")
    path.write_text(text.replace("review: after-pass", "review: after-pass\ndraw: 4"))
    app.extensions["playbook"].reload()
    login("bob")
    first = start(client)
    asked = {q["id"] for q in snapshot(db, first)["questions"]}
    post(client, f"/attempts/{first}/submit", {})
    second = start(client)
    again = {q["id"] for q in snapshot(db, second)["questions"]}
    assert len(asked) == len(again) == 4
    assert not asked & again  # 8 in the pool: the second draw is all new


def test_acknowledgement_recorded_with_process_version(login, client, db):
    login("dee")
    response = post(client, "/modules/nurture-basics/acknowledge", {"process": "nurture-campaign"})
    assert response.status_code == 303
    row = next(db.query("select * from acknowledgements"))
    assert (row["person_id"], row["process_id"], row["process_version"]) == (
        "dee",
        "nurture-campaign",
        "1.0",
    )
    assert "acknowledged" in client.get("/modules/nurture-basics").text
    bad = post(client, "/modules/nurture-basics/acknowledge", {"process": "lead-routing"})
    assert bad.status_code == 400
    assert "module &#39;nurture-basics&#39; does not ask to acknowledge process" in bad.text


def test_generated_questions_follow_the_graph(login, client, db):
    login("bob")
    snap = snapshot(db, start(client))
    generated = [q for q in snap["questions"] if q["id"].startswith("gen-")]
    accountable = [q for q in generated if q["id"].startswith("gen-accountable-")]
    assert len(accountable) == 2
    for q in accountable:
        right = [o["text"] for o in q["options"] if o["correct"]]
        step = q["id"].removeprefix("gen-accountable-lead-routing-")
        expected = {
            "capture": "Marketing Manager",
            "qualify": "Sales Manager",
            "nurture": "Marketing Manager",
            "hand-over": "Sales Manager",
        }[step]
        assert right == [expected]
    order = next(q for q in generated if q["type"] == "ordering")
    texts = {i["token"]: i["text"] for i in order["items"]}
    # the main path: the nurture branch is a side road, not a step in the usual order
    assert [texts[t] for t in order["order"]] == [
        "Capture the lead",
        "Qualify the lead",
        "Hand over to sales",
    ]
    assert order["id"] == "gen-order-lead-routing-1"  # names no step: "capture" would tell


def test_a_select_shows_step_titles_as_text_not_markdown(login, client, mini_content, app):
    path = mini_content / "processes" / "lead-routing.yml"
    path.write_text(
        path.read_text().replace("title: Capture the lead", "title: Capture *new* <leads> & SKU_ID")
    )
    app.extensions["playbook"].reload()
    login("bob")
    page = client.get(f"/attempts/{start(client)}").text
    assert "Capture *new* &lt;leads&gt; &amp; SKU_ID</option>" in page
    assert "\\" not in page


def test_markdown_links_point_at_the_site(login, client, db):
    login("bob")
    attempt_id = start(client)
    html = client.get(f"/attempts/{attempt_id}").text
    assert 'href="/processes/lead-routing/' in html


def test_quiz_form_tokens_match_options(login, client, db):
    login("bob")
    attempt_id = start(client)
    found = tokens_by_text(client.get(f"/attempts/{attempt_id}").text)
    assert "Within one business hour" in found


def test_a_module_with_nothing_to_ask_never_starts_an_attempt(login, client, monkeypatch):
    from quiz_server import snapshots

    login("bob")
    monkeypatch.setattr(snapshots, "pick_questions", lambda *args: [])
    response = post(client, "/modules/lead-routing-basics/start", {})
    assert response.status_code == 409
    assert "has no questions to ask" in response.text
    assert "passed" not in client.get("/api/me").text


def test_catalogue_markdown_renders_tables_and_shows_html_as_text():
    from quiz_server.render import markdown

    html = str(markdown("| Step | Who |\n| --- | --- |\n| Qualify | SDR |\n\n<script>x()</script>"))
    assert "<table>" in html and "<td>SDR</td>" in html
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html


def test_admin_lists_sort_names_as_people_read_them(login, client, app):
    from catalog.ordering import natural_key

    names = ["Team B", "acme-corp", "1.10 Do", "1.2 Plan"]
    assert sorted(names, key=natural_key) == ["1.2 Plan", "1.10 Do", "acme-corp", "Team B"]
    login("ada", admin=True)
    page = client.get("/admin/people").text
    people = sorted(app.extensions["playbook"].catalog.people.values(), key=lambda p: p.id)
    shown = sorted(people, key=lambda p: page.index(p.name))
    assert [p.name for p in shown] == sorted((p.name for p in people), key=natural_key)


def test_module_page_names_the_processes_it_covers(login, client):
    login("bob")
    page = client.get(f"/modules/{MODULE}").text
    assert 'Covers: <a href="/processes/lead-routing/">Lead routing</a>' in page


def test_an_acknowledgement_only_module_shows_no_quiz_rules(login, client, db, mini_content, app):
    (mini_content / "training" / "nurture-reading.yml").write_text(
        "title: Nurture reading\nsummary: Read the nurture campaign.\nroles: [marketer]\n"
        "acknowledge: [nurture-campaign]\nvalidity_days: 90\n"
    )
    app.extensions["playbook"].reload()
    login("dee")
    page = client.get("/modules/nurture-reading").text
    assert "No quiz: read each process below and confirm you have understood it" in page
    assert "valid 90 days" in page
    for quiz_only in (
        "Pass mark",
        "attempts",
        "cool-down",
        "minutes per attempt",
        "Start the quiz",
    ):
        assert quiz_only not in page
    assert "has no quiz" not in page  # no refusal notice either: there is nothing to start
    assert "I have read and understood it" in page
    post(client, "/modules/nurture-reading/acknowledge", {"process": "nurture-campaign"})
    page = client.get("/modules/nurture-reading").text
    assert "acknowledged" in page and "Passed" in page
    assert "you passed this module" not in page


def test_draft_and_retired_modules_cannot_be_taken(login, client, db, mini_content, app):
    for module, status in (("lead-routing-basics", "draft"), ("nurture-basics", "retired")):
        path = mini_content / "training" / f"{module}.yml"
        path.write_text(path.read_text().replace("title:", f"status: {status}\ntitle:", 1))
    app.extensions["playbook"].reload()
    login("dee")
    for module, says in (
        ("lead-routing-basics", "this module is a draft and cannot be taken yet"),
        ("nurture-basics", "this module is retired and can no longer be taken"),
    ):
        response = post_json(client, f"/api/modules/{module}/attempts", {})
        assert response.status_code == 409 and response.json["error"] == says
        page = client.get(f"/modules/{module}").text
        assert says[1:] in page and "Start the quiz" not in page
    ack = post_json(
        client, "/api/modules/nurture-basics/acknowledgements", {"process": "nurture-campaign"}
    )
    assert ack.status_code == 409
    assert "I have read and understood it" not in client.get("/modules/nurture-basics").text
    assert list(db.query("select * from attempts")) == []
    assert list(db.query("select * from acknowledgements")) == []
