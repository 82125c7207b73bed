"""Sign-in, invites, one-time links, CSRF, rate limit, SSO header, cookies and headers."""

from __future__ import annotations

import re

import pytest
from quiz_helpers import PASSWORD, csrf, post, set_password

from quiz_server import accounts, create_app
from quiz_server.config import config_from_env
from quiz_server.db import connect
from quiz_server.errors import StartupError


def test_pages_need_sign_in_and_come_back_after(client, app):
    response = client.get("/modules/lead-routing-basics")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/modules/lead-routing-basics"
    set_password(app, "bob")
    response = post(
        client,
        "/auth/login",
        {"email": "BOB@tiny.example ", "password": PASSWORD, "next": "/roles/sdr"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/roles/sdr"
    assert "Get certified: Sales Development Representative" in client.get("/roles/sdr").text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_sign_in_never_redirects_off_site(client, app, target):
    set_password(app, "bob")
    response = post(
        client, "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD, "next": target}
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("email", "password"),
    [("bob@tiny.example", "wrong password!"), ("nobody@tiny.example", PASSWORD), ("", "")],
)
def test_wrong_credentials_get_one_message(client, app, email, password):
    set_password(app, "bob")
    response = post(client, "/auth/login", {"email": email, "password": password})
    assert response.status_code == 401
    assert "wrong e-mail or password" in response.text


def test_login_rate_limit(client, app, clock):
    set_password(app, "bob")
    for _ in range(5):
        post(client, "/auth/login", {"email": "bob@tiny.example", "password": "nope nope nope"})
    response = post(client, "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many failed sign-ins for this account; try again in 15 minutes" in response.text
    clock.advance(minutes=16)
    response = post(client, "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD})
    assert response.status_code == 303


def test_old_sign_in_failures_are_pruned_but_stay_in_the_audit_log(client, app, db, clock):
    for i in range(3):
        post(client, "/auth/login", {"email": f"x{i}@tiny.example", "password": "nope"})
    clock.advance(minutes=16)  # past the 15-minute window
    post(client, "/auth/login", {"email": "late@tiny.example", "password": "nope"})
    rows = [r["email"] for r in db.query("select email from login_failures")]
    assert rows == ["late@tiny.example"]
    failed = db.execute("select count(*) from audit_log where action = 'auth.failed'").fetchone()
    assert failed == (4,)
    plan = " ".join(
        str(row)
        for row in db.execute(
            "explain query plan select count(*) from login_failures where ip = ? and at > ?",
            ["127.0.0.1", ""],
        )
    )
    assert "USING COVERING INDEX" in plan or "USING INDEX" in plan


def test_rate_limit_per_client_address(client, app):
    for i in range(20):
        post(client, "/auth/login", {"email": f"x{i}@tiny.example", "password": "nope"})
    response = post(client, "/auth/login", {"email": "bob@tiny.example", "password": "nope"})
    assert response.status_code == 429
    assert "too many failed sign-ins from your address" in response.text


def test_form_without_csrf_token_is_refused(client, app):
    set_password(app, "bob")
    response = client.post("/auth/login", data={"email": "bob@tiny.example", "password": PASSWORD})
    assert response.status_code == 403
    assert "the form&#39;s security token is missing or out of date" in response.text
    csrf(client)
    response = client.post(
        "/auth/login",
        data={"email": "bob@tiny.example", "password": PASSWORD, "csrf_token": "forged"},
    )
    assert response.status_code == 403


def test_invite_sets_a_password_once(client, app, db, clock):
    token = accounts.invite(db, app.extensions["playbook"].catalog, "bob", clock(), "test")
    page = client.get(f"/auth/invite/{token}")
    assert page.status_code == 200 and "bob@tiny.example" in page.text
    short = post(client, f"/auth/invite/{token}", {"password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert "the password must be at least 10 characters" in short.text
    differ = post(client, f"/auth/invite/{token}", {"password": PASSWORD, "confirm": "x" * 12})
    assert "the two passwords differ" in differ.text
    done = post(client, f"/auth/invite/{token}", {"password": PASSWORD, "confirm": PASSWORD})
    assert done.status_code == 303
    assert "Your training" in client.get("/").text
    again = client.get(f"/auth/invite/{token}")
    assert again.status_code == 410
    assert "this link has already been used; ask an admin for a new one" in again.text
    row = next(db.query("select password_hash from accounts where email = 'bob@tiny.example'"))
    assert row["password_hash"].startswith("pbkdf2:") and PASSWORD not in row["password_hash"]


def test_invite_link_expires_and_unknown_links_are_404(client, app, db, clock):
    token = accounts.invite(db, app.extensions["playbook"].catalog, "bob", clock(), "test", 1)
    clock.advance(hours=2)
    assert client.get(f"/auth/invite/{token}").status_code == 410
    assert "this link is not valid" in client.get("/auth/invite/nonsense").text


def test_one_time_admin_link_needs_a_post(client, app, db, clock):
    token = accounts.first_admin_token(db, app.extensions["playbook"].catalog, clock())
    assert client.get(f"/auth/link/{token}").status_code == 200
    assert client.get("/admin/").status_code == 302  # the GET did not sign in
    assert post(client, f"/auth/link/{token}").status_code == 303
    assert "Readiness of every team" in client.get("/admin/").text
    assert client.get(f"/auth/link/{token}").status_code == 410
    assert accounts.first_admin_token(db, app.extensions["playbook"].catalog, clock()) is None


def test_admin_link_is_offered_on_every_start_until_an_admin_signs_in(client, app, db, clock):
    catalog = app.extensions["playbook"].catalog
    links = [accounts.first_admin_token(db, catalog, clock()) for _ in range(4)]
    assert all(links) and len(set(links)) == 4
    assert client.get(f"/auth/link/{links[0]}").status_code == 410  # replaced by a newer one
    assert post(client, f"/auth/link/{links[-1]}").status_code == 303
    assert accounts.first_admin_token(db, catalog, clock()) is None


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\t/evil.example",  # browsers drop tabs and newlines: "//evil.example"
        "/\n/evil.example",
        "/\\evil.example",
        "https://evil.example",
        " //evil.example",
        "/%09/evil.example",
    ],
)
def test_sign_in_never_redirects_to_another_site(client, app, target):
    set_password(app, "bob")
    response = post(
        client,
        "/auth/login",
        {"email": "bob@tiny.example", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert not re.match(r"/[\s/\\]", location), location


def test_sign_in_keeps_a_path_of_this_app(client, app):
    set_password(app, "bob")
    response = post(
        client,
        "/auth/login",
        {"email": "bob@tiny.example", "password": PASSWORD, "next": "/modules/lead-routing-basics"},
    )
    assert response.headers["Location"] == "/modules/lead-routing-basics"


def test_sign_out(login, client):
    login("bob")
    assert post(client, "/auth/logout").status_code == 303
    assert client.get("/").status_code == 302


def test_sso_header_ignored_unless_configured(client, app):
    response = client.get("/", headers={"X-Remote-User": "bob@tiny.example"})
    assert response.status_code == 302


def test_sso_header_signs_in_from_a_trusted_proxy(settings):
    app = create_app({**settings, "SSO_HEADER": "X-Remote-User"})
    client = app.test_client()
    assert "Your training" in client.get("/", headers={"X-Remote-User": "bob@tiny.example"}).text
    untrusted = app.test_client()
    response = untrusted.get(
        "/",
        headers={"X-Remote-User": "bob@tiny.example"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.status_code == 302


def test_security_headers_and_cookie_flags(client, app):
    set_password(app, "bob")
    response = post(client, "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"
    assert not re.search(r"<script(?![^>]*src=)", page.text)


def test_secure_cookie_when_served_over_https(settings):
    app = create_app({**settings, "BASE_URL": "https://playbook.example"})
    client = app.test_client()
    set_password(app, "bob")
    response = post(client, "/auth/login", {"email": "bob@tiny.example", "password": PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]


def test_password_change_ends_old_sessions(login, client, app):
    login("bob")
    conn = connect(app.config["DATABASE"])
    conn.execute("update accounts set password_set_at = 'later' where person_id = 'bob'")
    conn.close()
    assert client.get("/").status_code == 302


def test_sessions_follow_the_secret_key(login, client, app):
    login("bob")
    assert client.get("/api/me").status_code == 200
    old = app.secret_key
    app.secret_key = "rotated"
    assert client.get("/api/me").status_code == 401  # signed with a key no longer trusted
    app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert client.get("/api/me").status_code == 200


def test_a_view_keeps_its_own_security_headers(app):
    from flask import Response

    from quiz_server.security import add_headers

    with app.test_request_context("/"):
        response = add_headers(Response(headers={"Cache-Control": "max-age=60"}))
    assert response.headers.getlist("Cache-Control") == ["max-age=60"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_remembered_session_still_expires_and_a_forged_one_is_refused(
    login, client, app, monkeypatch
):
    import time

    login("bob")
    assert client.get("/api/me").status_code == 200  # checked once, then remembered
    assert client.get("/api/me").status_code == 200
    cookie = client.get_cookie("playbook_training")
    forged = cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB")
    other = app.test_client()
    other.set_cookie("playbook_training", forged)
    assert other.get("/api/me").status_code == 401
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/api/me").status_code == 401  # past its lifetime, remembered or not


def test_behind_a_proxy_the_sign_in_limit_counts_each_client(settings):
    app = create_app({**settings, "PROXIES": 1})
    typist, colleague = app.test_client(), app.test_client()
    set_password(app, "bob")
    for i in range(20):
        post(
            typist,
            "/auth/login",
            {"email": f"x{i}@tiny.example", "password": "nope"},
            headers={"X-Forwarded-For": "10.0.0.7"},
        )
    locked = post(
        typist,
        "/auth/login",
        {"email": "bob@tiny.example", "password": PASSWORD},
        headers={"X-Forwarded-For": "10.0.0.7"},
    )
    assert locked.status_code == 429
    # The same proxy (127.0.0.1) forwards a colleague from another address: not locked out.
    fine = post(
        colleague,
        "/auth/login",
        {"email": "bob@tiny.example", "password": PASSWORD},
        headers={"X-Forwarded-For": "10.0.0.8"},
    )
    assert fine.status_code == 303
    conn = connect(app.config["DATABASE"])
    ips = {
        row["ip"] for row in conn.query("select ip from audit_log where action = 'auth.signed_in'")
    }
    conn.close()
    assert "10.0.0.8" in ips and "127.0.0.1" not in ips


def test_without_proxies_configured_forwarded_headers_are_ignored(client, app):
    for i in range(20):
        post(
            client,
            "/auth/login",
            {"email": f"x{i}@tiny.example", "password": "nope"},
            headers={"X-Forwarded-For": f"10.0.1.{i}"},  # a client forging fresh addresses
        )
    response = post(client, "/auth/login", {"email": "bob@tiny.example", "password": "nope"})
    assert response.status_code == 429


def test_sso_still_trusts_the_proxy_itself_behind_proxies(settings):
    app = create_app({**settings, "SSO_HEADER": "X-Remote-User", "PROXIES": 1})
    page = app.test_client().get(
        "/", headers={"X-Remote-User": "bob@tiny.example", "X-Forwarded-For": "10.0.0.7"}
    )
    assert "Your training" in page.text


def test_proxies_setting_is_checked():
    with pytest.raises(StartupError, match="PLAYBOOK_PROXIES is 'two'"):
        config_from_env({"PLAYBOOK_PROXIES": "two"})


def test_signing_out_ends_the_session_everywhere(login, app, clock):
    client = login("bob")
    stolen = client.get_cookie("playbook_training").value
    clock.advance(seconds=1)
    assert post(client, "/auth/logout").status_code == 303
    replay = app.test_client()
    replay.set_cookie("playbook_training", stolen)
    assert replay.get("/api/me").status_code == 401
    again = login("bob")  # signing in afresh works
    assert again.get("/api/me").status_code == 200


def test_a_person_removed_from_the_catalogue_can_no_longer_sign_in(login, app, mini_content):
    dee = login("dee", as_client=app.test_client())
    assert dee.get("/api/me").status_code == 200
    admin = login("cy", admin=True, as_client=app.test_client())
    (mini_content / "people" / "dee.yml").unlink()  # dee left the company
    assert post(admin, "/admin/reload").status_code == 303
    assert dee.get("/api/me").status_code == 401
    again = post(dee, "/auth/login", {"email": "dee@tiny.example", "password": PASSWORD})
    assert again.status_code == 401 and "wrong e-mail or password" in again.text
    assert admin.get("/api/me").status_code == 200


def test_pages_name_an_icon_the_app_serves(client):
    page = client.get("/auth/login").text
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    with client.get(href) as icon:
        assert icon.status_code == 200 and icon.data.startswith(b"<svg")
