"""Readiness matrices, coverage with single points of failure, audit log, CSV exports."""

from __future__ import annotations

import csv
import io

from quiz_helpers import pass_module, post, take


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_manager_matrix_colours_and_totals(login, client, app, db):
    pass_module(login, app, db, "bob")
    login("ada")
    html = client.get("/team/").text
    assert "Bob Stone" in html and "Lead routing basics" in html
    assert 'class="cell s-passed"' in html
    assert "1 / 1" in html  # bob's row: passed out of required
    exported = rows(client.get("/team/readiness.csv").text)
    assert exported == [
        {
            "person": "bob",
            "name": "Bob Stone",
            "module": "lead-routing-basics",
            "category": "passed",
            "status": "passed",
            "best_score": "100.0",
            "due_date": "2027-11-26",
            "valid_until": "2027-11-26",
        }
    ]


def test_matrix_categories(login, client, app, db, clock):
    other = login("dee", as_client=app.test_client())
    take(other, db, "nurture-basics", right=False)  # failed
    login("cy")
    html = client.get("/team/").text
    assert 'class="cell s-failed"' in html  # nurture-basics
    assert 'class="cell s-not-started"' in html  # lead-routing-basics (dee has no start date)


def test_admin_sees_every_team_and_coverage(login, client, app, db):
    pass_module(login, app, db, "bob")
    login("cy", admin=True)
    html = client.get("/admin/readiness").text
    assert 'id="team-sales"' in html and 'id="team-marketing"' in html
    coverage = client.get("/admin/coverage").text
    assert "Single point of failure" in coverage
    # One certified SDR: the role is covered by one person only.
    assert "Bob Stone" in coverage


def test_coverage_clears_with_two_certified(login, client, app, db):
    from quiz_server.readiness import coverage

    pass_module(login, app, db, "bob")
    pass_module(login, app, db, "dee")
    found = {
        c.process.id: c
        for c in coverage(db, app.extensions["playbook"].catalog, app.config["CLOCK"]())
    }
    sdr = next(r for r in found["lead-routing"].roles if r.role.id == "sdr")
    assert [p.id for p in sdr.certified] == ["bob", "dee"]
    assert not sdr.single_point_of_failure
    manager = next(r for r in found["lead-routing"].roles if r.role.id == "sales-manager")
    assert not manager.trained and not manager.single_point_of_failure
    assert found["lead-routing"].flagged  # marketer (trained) has nobody certified


def test_audit_log_records_every_change(login, client, app, db):
    pass_module(login, app, db, "bob")
    login("cy", admin=True)
    html = client.get("/admin/audit").text
    for action in (
        "attempt.started",
        "attempt.submitted",
        "certification.granted",
        "auth.signed_in",
        "account.invited",
        "catalog.imported",
    ):
        assert action in html
    assert client.get("/admin/audit?page=0").status_code == 400
    assert client.get("/admin/audit?page=99999999999999999999").status_code == 400


def test_exports(login, client, app, db, clock, mini_content):
    pass_module(login, app, db, "bob")
    dee = login("dee", as_client=app.test_client())
    post(dee, "/modules/lead-routing-basics/start")
    login("cy", admin=True)
    clock.advance(hours=2)  # dee's attempt runs out of time unsubmitted
    attempts = rows(client.get("/admin/exports/attempts.csv").text)
    assert sorted((a["person"], a["status"], a["passed"]) for a in attempts) == [
        ("bob", "submitted", "True"),
        ("dee", "expired", ""),
    ]
    assert all(a["expires_at"] for a in attempts)
    certs = rows(client.get("/admin/exports/certifications.csv").text)
    assert [(c["person"], c["role"], c["current"]) for c in certs] == [("bob", "sdr", "True")]
    readiness = rows(client.get("/admin/exports/readiness.csv").text)
    assert {r["person"] for r in readiness} == {"bob", "dee"}
    (mini_content / "people" / "bob.yml").unlink()  # bob left: his certificate stays listed
    assert post(client, "/admin/reload").status_code == 303
    certs = rows(client.get("/admin/exports/certifications.csv").text)
    assert [(c["name"], c["current"], c["not_current_because"]) for c in certs] == [
        ("Bob Stone", "False", "left")
    ]
    response = client.get("/admin/exports/secrets.csv")
    assert response.status_code == 404
    assert "no export &#39;secrets&#39;" in response.text


def test_csv_cells_cannot_be_formulas():
    from quiz_server.exports import to_csv

    assert to_csv(["a"], [["=HYPERLINK(1)"], ["+1"], ["ok"]]).splitlines() == [
        "a",
        "'=HYPERLINK(1)",
        "'+1",
        "ok",
    ]


def test_admin_invites_and_grants(login, client, app, db, clock):
    login("cy", admin=True)
    response = post(client, "/admin/people/dee/invite")
    assert "/auth/invite/" in response.text
    bob = login("bob", as_client=app.test_client())
    early = post(client, "/admin/people/bob/grant", {"module": "lead-routing-basics"})
    assert early.status_code == 409
    assert "nothing to grant: Bob Stone still has 3 of 3 attempts left" in early.text
    for _ in range(3):
        take(bob, db, "lead-routing-basics", right=False)
        clock.advance(hours=25)
    assert post(bob, "/modules/lead-routing-basics/start").status_code == 409
    assert "No attempts left" in client.get("/people/bob").text
    response = post(client, "/admin/people/bob/grant", {"module": "lead-routing-basics"})
    assert response.status_code == 303
    after = bob.get("/api/modules/lead-routing-basics").json["progress"]
    assert (after["status"], after["attempts_left"]) == ("failed", 3)  # not "not started"
    assert post(bob, "/modules/lead-routing-basics/start").status_code == 303
    grants = list(db.query("select * from audit_log where action = 'attempt.granted'"))
    assert len(grants) == 1  # the refused grant left no trace
    take(login("dee", as_client=app.test_client()), db, "lead-routing-basics")
    passed = post(client, "/admin/people/dee/grant", {"module": "lead-routing-basics"})
    assert passed.status_code == 409 and "Dee Ray has passed this module" in passed.text


def test_admin_reload_refuses_a_broken_catalogue(login, client, app, mini_content):
    login("cy", admin=True)
    (mini_content / "people" / "bob.yml").write_text("name: [broken\n")
    response = post(client, "/admin/reload")
    assert response.status_code == 422
    assert "the current catalogue stays in place" in response.text
    assert "bob" in app.extensions["playbook"].catalog.people


def test_an_admin_with_no_reports_is_sent_to_every_teams_matrix(app, client, db, clock):
    from quiz_server import accounts

    token = accounts.create_admin(
        db, app.extensions["playbook"].catalog, "ops@x.example", clock(), "t"
    )
    post(client, f"/auth/link/{token}")
    response = client.get("/team/")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/readiness"


def test_a_new_requirement_is_due_thirty_days_after_it_appears(login, client, app, db, clock):
    mini_content = app.config["CONTENT_DIR"]
    dee = login("dee", as_client=app.test_client())
    take(dee, db, "nurture-basics")
    post(dee, "/modules/nurture-basics/acknowledge", {"process": "nurture-campaign"})
    clock.advance(days=60)
    process = mini_content / "processes" / "nurture-campaign.yml"
    process.write_text(process.read_text().replace('version: "1.0"', 'version: "2.0"'))
    bob = mini_content / "people" / "bob.yml"
    bob.write_text(bob.read_text().replace("roles: [sdr]", "roles: [sdr, marketer]"))
    login("cy", admin=True)
    assert post(client, "/admin/reload").status_code == 303

    def cells() -> dict:
        teams = client.get("/api/readiness").json["teams"]
        return {
            (p["person"], m): c for t in teams for p in t["people"] for m, c in p["modules"].items()
        }

    found = cells()
    assert found[("dee", "nurture-basics")] == "not-started"  # needs the new version read
    assert found[("bob", "nurture-basics")] == "not-started"  # a new role, not overdue yet
    person = client.get("/api/people/dee").json
    due = {m["module"]: m["due_date"] for r in person["roles"] for m in r["modules"]}
    assert due["nurture-basics"] == "2027-02-24"  # reloaded 2027-01-25 (day 60), + 30 days
    clock.advance(days=31)
    found = cells()
    assert found[("dee", "nurture-basics")] == "overdue"
    assert found[("bob", "nurture-basics")] == "overdue"


def test_granting_attempts_warns_when_the_answers_were_shown(login, client, app, db, clock):
    dee = login("dee", as_client=app.test_client())
    for _ in range(2):  # nurture-basics: 2 attempts, answers shown after the last
        take(dee, db, "nurture-basics", right=False)
        clock.advance(hours=2)
    login("cy", admin=True)
    page = client.get("/people/dee").text
    assert "Grant more attempts" in page
    assert "this module showed them the right answers after their last attempt" in page


def test_an_upgraded_database_counts_due_dates_from_its_first_import(login, client, app, db):
    # As if made before requirements were noted: only the first import is known.
    db.execute("delete from requirements")
    db.execute("delete from settings where key = 'requirements_noted'")
    db.execute("update catalog_imports set imported_at = '2026-09-01T09:00:00.000000+00:00'")
    db.conn.commit()
    login("cy", admin=True)
    assert post(client, "/admin/reload").status_code == 303
    person = client.get("/api/people/bob").json
    (module,) = person["roles"][0]["modules"]
    # bob started 2026-10-01, after the first import: due 30 days later, overdue by now
    assert (module["due_date"], module["category"]) == ("2026-10-31", "overdue")


def test_a_role_given_back_is_a_new_requirement(login, client, app, db, clock, mini_content):
    dee_file = mini_content / "people" / "dee.yml"
    dee_file.write_text(dee_file.read_text().replace("roles: [marketer, sdr]", "roles: [marketer]"))
    login("cy", admin=True)
    assert post(client, "/admin/reload").status_code == 303
    dee = login("dee", as_client=app.test_client())
    assert "Other modules" not in dee.get("/").text  # a past requirement is not "other"
    clock.advance(days=40)
    dee_file.write_text(dee_file.read_text().replace("roles: [marketer]", "roles: [marketer, sdr]"))
    assert post(client, "/admin/reload").status_code == 303
    module = dee.get("/api/modules/lead-routing-basics").json["progress"]
    assert (module["category"], module["due_date"]) == ("not-started", "2027-02-04")
