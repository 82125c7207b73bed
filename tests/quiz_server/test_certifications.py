"""Certifications: granted when a role's modules are all passed, recorded with versions,
expiring, due soon 30 days before; certificate page and public verification."""

from __future__ import annotations

import json
import re

from quiz_helpers import pass_module, post, post_json, take


def test_passing_every_module_of_a_role_certifies(login, app, db, clock):
    cert = pass_module(login, app, db, "bob")
    assert cert is not None
    assert cert["role_id"] == "sdr"
    assert cert["catalog_version"] == app.extensions["playbook"].catalog.version
    assert cert["certified_at"].startswith("2026-11-26T09:00")
    assert cert["expires_at"].startswith("2027-11-26T09:00")  # validity 365 days
    evidence = json.loads(cert["evidence"])
    assert [e["module"] for e in evidence] == ["lead-routing-basics"]
    assert evidence[0]["covers"] == {"lead-routing": "1.1"}
    audit = list(db.query("select * from audit_log where action = 'certification.granted'"))
    assert [a["subject"] for a in audit] == [cert["id"]]


def test_failing_does_not_certify(login, client, db):
    login("bob")
    result = take(client, db, "lead-routing-basics", right=False)
    assert result["result"]["passed"] is False
    assert list(db.query("select * from certifications")) == []


def test_role_needs_acknowledgements_too(login, client, db):
    login("dee")  # marketer: nurture-basics asks for a quiz and an acknowledgement
    take(client, db, "nurture-basics")
    assert list(db.query("select * from certifications where role_id = 'marketer'")) == []
    response = post_json(
        client, "/api/modules/nurture-basics/acknowledgements", {"process": "nurture-campaign"}
    )
    assert response.status_code == 201
    assert response.json["status"] == "passed"
    cert = next(db.query("select * from certifications where role_id = 'marketer'"))
    assert cert["expires_at"].startswith("2027-05-25")  # 180 days


def test_home_lists_certification_and_due_soon_then_expired(login, client, app, db, clock):
    pass_module(login, app, db, "bob")
    login("bob")
    home = client.get("/").text
    assert "Certified" in home and "valid until 2027-11-26 09:00 UTC" in home
    assert "Passed" in home
    clock.advance(days=340)  # 25 days before expiry
    home = client.get("/").text
    assert "Due soon" in home
    module_page = client.get("/modules/lead-routing-basics").text
    assert "Start the quiz" in module_page  # retaking is open while due
    clock.advance(days=30)
    home = client.get("/").text
    assert "Expired" in home and "expired 2027-11-26 09:00 UTC" in home


def test_passed_module_cannot_be_retaken_until_due(login, client, app, db):
    login("bob")
    take(client, db, "lead-routing-basics")
    response = post(client, "/modules/lead-routing-basics/start")
    assert response.status_code == 409
    assert "you passed this module; it is valid until 2027-11-26 09:00 UTC" in response.text


def test_certificate_page_and_verification(login, client, app, db, clock):
    cert = pass_module(login, app, db, "bob")
    login("bob")
    page = client.get(f"/certificates/{cert['id']}").text
    assert "Bob Stone" in page and "Sales Development Representative" in page
    assert "Lead routing (1.1)" in page
    assert f"/verify/{cert['verify_token']}" in page
    anonymous = app.test_client()
    verify = anonymous.get(f"/api/verify/{cert['verify_token']}").json
    assert verify["genuine"] is True and verify["current"] is True
    assert verify["name"] == "Bob Stone"
    clock.advance(days=366)
    assert anonymous.get(f"/api/verify/{cert['verify_token']}").json["current"] is False
    assert "It expired on" in anonymous.get(f"/verify/{cert['verify_token']}").text
    assert anonymous.get("/api/verify/not-a-token").status_code == 404


def test_verify_tokens_are_unguessable(login, app, db):
    cert = pass_module(login, app, db, "bob")
    assert len(cert["verify_token"]) >= 32
    assert cert["verify_token"] != cert["id"]


def test_result_page_says_which_certification_a_pass_completed(login, client, db):
    login("bob")
    done = take(client, db, "lead-routing-basics")
    cert = next(db.query("select id from certifications where person_id = 'bob'"))
    page = client.get(f"/attempts/{done['id']}").get_data(as_text=True)
    assert "This completes your certification as\n    Sales Development Representative" in page
    assert f'href="/certificates/{cert["id"]}"' in page
    assert "Still to do" not in page


def test_result_page_of_a_pass_lists_what_the_role_still_needs(login, client, db):
    login("dee")  # marketer: nurture-basics also asks to acknowledge a process
    done = take(client, db, "nurture-basics")
    page = client.get(f"/attempts/{done['id']}").get_data(as_text=True)
    assert "This completes" not in page
    assert "Still to do for Marketer:" in page
    assert 'href="/modules/nurture-basics">Nurture basics</a>' in page


def test_result_page_of_a_fail_promises_nothing(login, client, db):
    login("bob")
    done = take(client, db, "lead-routing-basics", right=False)
    page = client.get(f"/attempts/{done['id']}").get_data(as_text=True)
    assert "This completes" not in page and "Still to do" not in page


def test_acknowledging_again_records_nothing_and_certifies_once(login, client, db, clock):
    login("dee")
    take(client, db, "nurture-basics")
    url, body = "/api/modules/nurture-basics/acknowledgements", {"process": "nurture-campaign"}
    assert post_json(client, url, body).status_code == 201
    for _ in range(3):  # a double click, a replayed request
        again = post_json(client, url, body)
        assert again.status_code == 200 and again.json["status"] == "passed"
    assert len(list(db.query("select * from acknowledgements"))) == 1
    assert len(list(db.query("select * from certifications where role_id = 'marketer'"))) == 1
    acks = list(db.query("select * from audit_log where action = 'process.acknowledged'"))
    assert len(acks) == 1
    clock.advance(days=160)  # 180-day validity: due again 30 days before it ends
    assert post_json(client, url, body).status_code == 201
    assert len(list(db.query("select * from acknowledgements"))) == 2


def test_certificate_reads_right_after_the_role_and_person_leave_the_catalogue(
    login, client, app, db, mini_content
):
    cert = pass_module(login, app, db, "bob")
    assert (cert["person_name"], cert["role_title"]) == (
        "Bob Stone",
        "Sales Development Representative",
    )
    admin = login("cy", admin=True, as_client=app.test_client())
    role = mini_content / "roles" / "sdr.yml"
    role.write_text(
        role.read_text().replace("title: Sales Development Representative", "title: SDR")
    )
    assert post(admin, "/admin/reload").status_code == 303
    page = app.test_client().get(f"/verify/{cert['verify_token']}").text
    assert "certified as <strong>SDR</strong>" in page  # the role's current title
    catalog = app.extensions["playbook"]
    catalog.catalog.roles.pop("sdr")  # as if renamed away: the title it had still shows
    catalog.catalog.people.pop("bob")
    anonymous = app.test_client()
    page = anonymous.get(f"/verify/{cert['verify_token']}").text
    assert (
        "<strong>Bob Stone</strong> was certified as <strong>Sales Development Representative"
        in page
    )
    assert "This role is no longer in the playbook." in page
    data = anonymous.get(f"/api/verify/{cert['verify_token']}").json
    assert data["name"] == "Bob Stone" and data["role_title"] == "Sales Development Representative"


def test_a_certification_stops_being_current_when_its_acknowledgement_lapses(
    login, client, app, db, mini_content
):
    login("dee")
    take(client, db, "nurture-basics")
    url, body = "/api/modules/nurture-basics/acknowledgements", {"process": "nurture-campaign"}
    assert post_json(client, url, body).status_code == 201
    cert = next(db.query("select * from certifications where role_id = 'marketer'"))
    anonymous = app.test_client()
    assert anonymous.get(f"/api/verify/{cert['verify_token']}").json["current"] is True

    process = mini_content / "processes" / "nurture-campaign.yml"
    process.write_text(process.read_text().replace('version: "1.0"', 'version: "2.0"'))
    admin = login("cy", admin=True, as_client=app.test_client())
    assert post(admin, "/admin/reload").status_code == 303

    check = anonymous.get(f"/api/verify/{cert['verify_token']}").json
    assert check["genuine"] is True and check["current"] is False
    assert check["not_current_because"] == "requirements"
    page = anonymous.get(f"/verify/{cert['verify_token']}").text
    assert "no longer current: the role&#39;s training requirements are no longer met" in page
    mine = client.get(f"/certificates/{cert['id']}").text
    assert "To do again: Nurture basics." in mine
    home = client.get("/").text
    assert "no longer current</strong>: to do again: Nurture basics" in home
    marketer = next(c for c in client.get("/api/people/dee").json["certifications"])
    assert marketer["current"] is False
    coverage = {r["process"]: r for r in admin.get("/api/coverage").json}
    enrol = next(r for r in coverage["nurture-campaign"]["roles"] if r["role"] == "marketer")
    assert enrol["certified"] == []

    assert post_json(client, url, body).status_code == 201  # read the new version
    assert anonymous.get(f"/api/verify/{cert['verify_token']}").json["current"] is True
    enrol = next(
        r
        for r in {r["process"]: r for r in admin.get("/api/coverage").json}["nurture-campaign"][
            "roles"
        ]
        if r["role"] == "marketer"
    )
    assert enrol["certified"] == ["dee"]


def test_a_renewed_certification_replaces_the_old_one(login, client, app, db, clock):
    first = pass_module(login, app, db, "bob")
    clock.advance(days=340)  # due soon: the module can be retaken
    second = pass_module(login, app, db, "bob")
    assert second["id"] != first["id"]
    anonymous = app.test_client()
    old = anonymous.get(f"/api/verify/{first['verify_token']}").json
    assert old["current"] is False and old["not_current_because"] == "renewed"
    assert (
        "a newer certificate replaces it" in anonymous.get(f"/verify/{first['verify_token']}").text
    )
    assert anonymous.get(f"/api/verify/{second['verify_token']}").json["current"] is True
    bob = login("bob", as_client=app.test_client())
    certs = bob.get("/api/people/bob").json["certifications"]
    assert [c["current"] for c in certs] == [True, False]  # newest first


def test_acknowledgement_only_evidence_records_the_process_version(
    login, client, app, db, mini_content
):
    (mini_content / "training" / "nurture-reading.yml").write_text(
        "title: Nurture reading\nsummary: Read the nurture campaign.\nroles: [marketer]\n"
        "acknowledge: [nurture-campaign]\nvalidity_days: 90\n"
    )
    app.extensions["playbook"].reload()
    login("dee")
    take(client, db, "nurture-basics")
    for module in ("nurture-basics", "nurture-reading"):
        url = f"/api/modules/{module}/acknowledgements"
        assert post_json(client, url, {"process": "nurture-campaign"}).status_code == 201
    cert = next(db.query("select * from certifications where role_id = 'marketer'"))
    evidence = {e["module"]: e["covers"] for e in json.loads(cert["evidence"])}
    assert evidence["nurture-reading"] == {"nurture-campaign": "1.0"}
    reading = client.get("/api/modules/nurture-reading").json
    assert reading["has_quiz"] is False and reading["progress"]["attempts_left"] is None
    home = client.get("/").text
    row = home[home.index("Nurture reading") :].split("</tr>")[0]
    assert "unlimited" not in row and not re.search(r"<td>\d+</td>", row)
