"""A person the catalogue marks `status: retired` has left: no sign-in, no invite, out of
the readiness matrices and the coverage counts; their certificate still verifies as
genuine but no longer current."""

from __future__ import annotations

from quiz_helpers import PASSWORD, pass_module, post

from catalog.cli import main


def _retire(mini_content, who: str) -> None:
    path = mini_content / "people" / f"{who}.yml"
    path.write_text(path.read_text() + "status: retired\n")


def test_a_retired_person_is_signed_out_and_cannot_sign_in(login, app, mini_content):
    bob = login("bob", as_client=app.test_client())
    admin = login("cy", admin=True, as_client=app.test_client())
    _retire(mini_content, "bob")
    assert post(admin, "/admin/reload").status_code == 303
    assert bob.get("/api/me").status_code == 401
    again = post(bob, "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD})
    assert again.status_code == 401 and "wrong e-mail or password" in again.text
    invited = post(admin, "/admin/people/bob/invite")
    assert invited.status_code == 409
    assert "Bob Stone (bob) is retired in the catalogue" in invited.text
    people = admin.get("/admin/people").text
    row = people[people.index("Bob Stone") :].split("</tr>")[0]
    assert "retired" in row and "Invite link" not in row


def test_retired_people_leave_matrices_and_coverage(login, app, db, mini_content):
    pass_module(login, app, db, "bob")
    pass_module(login, app, db, "dee")
    admin = login("cy", admin=True, as_client=app.test_client())
    ada = login("ada", as_client=app.test_client())
    sdr = _coverage_of(admin, "lead-routing", "sdr")
    assert sdr["certified"] == ["bob", "dee"] and sdr["single_point_of_failure"] is False
    assert "Bob Stone" in ada.get("/team/").text

    _retire(mini_content, "bob")
    assert post(admin, "/admin/reload").status_code == 303
    sdr = _coverage_of(admin, "lead-routing", "sdr")
    assert sdr["certified"] == ["dee"] and sdr["single_point_of_failure"] is True
    readiness = admin.get("/api/readiness").json
    listed = {p["person"] for t in readiness["teams"] for p in t["people"]}
    assert "bob" not in listed and "dee" in listed
    assert "Bob Stone" not in admin.get("/admin/readiness").text
    assert "Bob Stone" not in admin.get("/admin/exports/readiness.csv").text
    assert "Bob Stone" not in ada.get("/team/").text
    assert ada.get("/api/me").json["reports"] == []
    cert = next(db.query("select * from certifications where person_id = 'bob'"))
    check = app.test_client().get(f"/api/verify/{cert['verify_token']}").json
    assert check["genuine"] is True and check["current"] is False
    assert check["not_current_because"] == "left"


def test_the_cli_will_not_invite_a_retired_person(mini_content, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLAYBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    monkeypatch.delenv("PLAYBOOK_ENV", raising=False)
    _retire(mini_content, "bob")
    assert main(["quiz", "init-db"]) == 0
    capsys.readouterr()
    assert main(["quiz", "invite", "bob"]) == 1
    assert capsys.readouterr().err == "error: Bob Stone (bob) is retired in the catalogue\n"


def _coverage_of(client, process: str, role: str) -> dict:
    rows = client.get("/api/coverage").json
    found = next(r for r in rows if r["process"] == process)
    return next(r for r in found["roles"] if r["role"] == role)
