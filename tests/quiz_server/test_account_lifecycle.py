"""Accounts follow the catalogue's people: an address handed to a new person is theirs,
leavers (admins too) lose access and stay signed out if they come back, only the newest
one-time link works, and a trusted SSO header outranks a session cookie."""

from __future__ import annotations

import re

from quiz_helpers import PASSWORD, post

from quiz_server import accounts, create_app


def _reload(app, admin) -> None:
    assert post(admin, "/admin/reload").status_code == 303


def _invite_and_set_password(app, client, who: str, password: str = PASSWORD):
    admin_link = post(client, f"/admin/people/{who}/invite")
    assert admin_link.status_code == 200, admin_link.text
    link = re.search(r"http://[^\s<\"]+/auth/invite/[\w-]+", admin_link.text).group(0)
    fresh = app.test_client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = fresh.get(f"/{path}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    done = fresh.post(
        f"/{path}", data={"csrf_token": token, "password": password, "confirm": password}
    )
    assert done.status_code == 303, done.text
    return fresh


def test_an_address_given_to_a_new_person_opens_their_account_not_the_old_ones(
    login, app, db, mini_content
):
    dee = login("dee", as_client=app.test_client())
    admin = login("cy", admin=True, as_client=app.test_client())
    people = mini_content / "people"
    dee_file = people / "dee.yml"
    dee_file.write_text(dee_file.read_text().replace("dee@tiny.example", "dee.ray@tiny.example"))
    (people / "dana.yml").write_text(
        "name: Dana New\nemail: dee@tiny.example\nroles: [marketer]\nmanager: cy\n"
    )
    _reload(app, admin)
    assert dee.get("/api/me").status_code == 401  # the old address no longer signs dee in
    old = post(
        app.test_client(), "/auth/login", {"email": "dee@tiny.example", "password": PASSWORD}
    )
    assert old.status_code == 401

    dana = _invite_and_set_password(app, admin, "dana", "dana's own password")
    me = dana.get("/api/me").json
    assert (me["person"], me["name"]) == ("dana", "Dana New")
    reassigned = list(db.query("select * from audit_log where action = 'account.reassigned'"))
    assert [r["subject"] for r in reassigned] == ["dee@tiny.example"]

    dee_again = _invite_and_set_password(app, admin, "dee")  # at the new address
    me = dee_again.get("/api/me").json
    assert (me["person"], me["email"]) == ("dee", "dee.ray@tiny.example")


def test_a_retired_admin_loses_admin_access_and_cannot_be_made_one(login, app, db, mini_content):
    cy = login("cy", admin=True, as_client=app.test_client())
    ops = app.test_client()
    token = accounts.create_admin(
        db, app.extensions["playbook"].catalog, "ops@harbour.example", app.config["CLOCK"](), "t"
    )
    assert post(ops, f"/auth/link/{token}").status_code == 303
    path = mini_content / "people" / "cy.yml"
    path.write_text(path.read_text() + "status: retired\n")
    _reload(app, ops)
    assert cy.get("/admin/").status_code == 302  # signed out: back to the sign-in page
    again = post(cy, "/auth/login", {"email": "cy@tiny.example", "password": PASSWORD})
    assert again.status_code == 401
    assert ops.get("/admin/").status_code == 200  # an ops account of no person stays
    refused = app.test_cli_runner().invoke(args=["create-admin", "cy@tiny.example"])
    assert refused.exit_code != 0
    assert "Cy Young (cy) is retired in the catalogue" in refused.output


def test_someone_who_comes_back_must_sign_in_again(login, app, mini_content, clock):
    bob = login("bob", as_client=app.test_client())
    admin = login("cy", admin=True, as_client=app.test_client())
    path = mini_content / "people" / "bob.yml"
    kept = path.read_text()
    path.unlink()
    clock.advance(seconds=1)
    _reload(app, admin)
    assert bob.get("/api/me").status_code == 401
    path.write_text(kept)
    _reload(app, admin)
    assert bob.get("/api/me").status_code == 401  # the old cookie stays dead
    assert login("bob", as_client=app.test_client()).get("/api/me").status_code == 200


def test_only_the_newest_invite_link_works(app, db, clock):
    catalog = app.extensions["playbook"].catalog
    first = accounts.invite(db, catalog, "bob", clock(), "t")
    second = accounts.invite(db, catalog, "bob", clock(), "t")
    client = app.test_client()
    assert client.get(f"/auth/invite/{first}").status_code == 410
    assert client.get(f"/auth/invite/{second}").status_code == 200
    third = accounts.invite(db, catalog, "bob", clock(), "t")
    accounts.use_token(db, third, "invite", clock(), PASSWORD, "pbkdf2:sha256:1000")
    assert client.get(f"/auth/invite/{second}").status_code == 410


def test_a_link_of_someone_who_left_is_no_longer_valid(login, app, db, clock, mini_content):
    token = accounts.invite(db, app.extensions["playbook"].catalog, "bob", clock(), "t")
    admin = login("cy", admin=True, as_client=app.test_client())
    (mini_content / "people" / "bob.yml").unlink()
    _reload(app, admin)
    response = app.test_client().get(f"/auth/invite/{token}")
    assert response.status_code == 410 and "no longer valid" in response.text


def test_the_sso_header_outranks_a_session_cookie(settings):
    app = create_app({**settings, "SSO_HEADER": "X-Remote-User"})
    client = app.test_client()
    as_bob = client.get("/api/me", headers={"X-Remote-User": "bob@tiny.example"})
    assert as_bob.json["person"] == "bob"
    as_dee = client.get("/api/me", headers={"X-Remote-User": "dee@tiny.example"})
    assert as_dee.json["person"] == "dee"  # same browser, someone else behind the proxy
    assert client.get("/api/me").json["person"] == "dee"  # the session follows
    stranger = client.get("/api/me", headers={"X-Remote-User": "nobody@tiny.example"})
    assert stranger.status_code == 401  # not dee's session either
    assert client.get("/api/me").status_code == 401


def test_the_admin_invite_link_works_under_train(login, app):
    admin = login("cy", admin=True)
    response = post(admin, "/admin/people/bob/invite", base_url="http://localhost/train")
    link = re.search(r"http://[^\s<\"]+/auth/invite/[\w-]+", response.text).group(0)
    assert link.startswith("http://localhost/train/auth/invite/")


def test_an_ops_account_whose_address_a_retired_person_has_cannot_sign_in(
    login, app, db, clock, mini_content
):
    catalog = app.extensions["playbook"].catalog
    eve = app.test_client()
    token = accounts.create_admin(db, catalog, "eve@tiny.example", clock(), "t")
    assert post(eve, f"/auth/link/{token}").status_code == 303
    (mini_content / "people" / "eve.yml").write_text(
        "name: Eve Old\nemail: eve@tiny.example\nroles: [sdr]\nstatus: retired\n"
    )
    admin = login("cy", admin=True, as_client=app.test_client())
    _reload(app, admin)
    assert eve.get("/api/me").status_code == 401


def test_making_a_leavers_address_an_admin_drops_their_password(
    login, app, db, clock, mini_content
):
    login("bob", as_client=app.test_client())  # bob has a password
    admin = login("cy", admin=True, as_client=app.test_client())
    (mini_content / "people" / "bob.yml").unlink()
    _reload(app, admin)
    catalog = app.extensions["playbook"].catalog
    first = accounts.create_admin(db, catalog, "bob@tiny.example", clock(), "t")
    second = accounts.create_admin(db, catalog, "bob@tiny.example", clock(), "t")
    old = post(
        app.test_client(), "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD}
    )
    assert old.status_code == 401  # the leaver's password went with him
    assert app.test_client().get(f"/auth/link/{first}").status_code == 410  # newest link only
    assert post(app.test_client(), f"/auth/link/{second}").status_code == 303
    actions = [r["action"] for r in db.query("select action from audit_log")]
    assert "account.unlinked" in actions
