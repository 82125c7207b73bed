"""One process: the built site at /, the training app at /train."""

from __future__ import annotations

import os
import sys
import time
import types

from werkzeug.test import Client

from quiz_server.serve import combined_app, ensure_site, site_is_stale
from site_builder.build import mark_built_from


def test_site_and_app_share_one_origin(app, tmp_path):
    site = tmp_path / "site"
    (site / "processes" / "lead-routing").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Playbook</h1>")
    (site / "processes" / "lead-routing" / "index.html").write_text("<h1>Lead routing</h1>")
    client = Client(combined_app(app, site))
    for url, text in [("/", b"Playbook"), ("/processes/lead-routing/", b"Lead routing")]:
        response = client.get(url)
        assert text in response.get_data()
        response.close()
    assert client.get("/processes/lead-routing").status_code == 301
    assert client.get("/nope/").status_code == 404
    assert client.get("/../secret").status_code == 404
    (site / ".playbook-content").write_text("/srv/content\n")
    assert client.get("/.playbook-content").status_code == 404  # hidden files stay hidden
    response = client.get("/train/modules/lead-routing-basics")
    assert response.status_code == 302
    assert (
        response.headers["Location"] == "/train/auth/login?next=/train/modules/lead-routing-basics"
    )
    assert client.get("/train/api/health").get_json() == {"status": "ok"}


def test_a_missing_page_gets_the_sites_own_404_page(app, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Playbook</h1>")
    client = Client(combined_app(app, site))
    bare = client.get("/no-such-page/")
    assert bare.status_code == 404 and bare.get_data() == b"Page not found\n"
    (site / "404.html").write_text("<h1>Not in the playbook</h1><input id=search>")
    for url in ("/no-such-page/", "/processes/gone/index.html", "/.playbook-content"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        assert b"Not in the playbook" in response.get_data()


def test_without_a_site_root_redirects_to_training(app):
    client = Client(combined_app(app, None))
    assert client.get("/").headers["Location"] == "/train/"


def test_staleness_and_missing_builder(tmp_path, mini_content, monkeypatch):
    site = tmp_path / "site"
    assert site_is_stale(site, mini_content)
    site.mkdir()
    (site / "index.html").write_text("x")
    old = time.time() - 3600
    for path in mini_content.rglob("*"):
        os.utime(path, (old, old))
    assert site_is_stale(site, mini_content)  # it does not say which catalogue it shows
    mark_built_from(site, tmp_path / "other")
    assert site_is_stale(site, mini_content)  # built from another catalogue
    mark_built_from(site, mini_content)
    assert str(tmp_path) not in (site / ".playbook-content").read_text()  # no folder names
    assert not site_is_stale(site, mini_content)
    said = []
    assert ensure_site(site, mini_content, said.append) == site
    assert said == []
    (mini_content / "people" / "bob.yml").touch()
    monkeypatch.setitem(sys.modules, "site_builder", None)  # not importable
    assert ensure_site(site, mini_content, said.append) == site
    assert said == ["site_builder is not available yet: serving the training app only."]


def test_builds_a_stale_site_from_the_served_catalogue(tmp_path, mini_content, monkeypatch):
    calls = []

    def build_site(**kwargs):
        calls.append({**kwargs, "content": os.environ["PLAYBOOK_CONTENT"]})
        (tmp_path / "site").mkdir()
        return tmp_path / "site"

    from site_builder.build import use_catalogue

    fake = types.ModuleType("site_builder")
    fake.build_site = build_site
    fake.use_catalogue = use_catalogue
    monkeypatch.setitem(sys.modules, "site_builder", fake)
    monkeypatch.setenv("PLAYBOOK_CONTENT", "content")  # restored after the test
    monkeypatch.setenv("PLAYBOOK_PAGES", "content/pages")
    said = []
    assert ensure_site(tmp_path / "site", mini_content, said.append) == tmp_path / "site"
    assert calls == [
        {
            "config_file": "mkdocs.yml",
            "site_dir": tmp_path / "site",
            "strict": False,
            "content": str(mini_content.resolve()),
        }
    ]
    assert said == [
        f"Building the site from {mini_content} (it is missing, older or of another catalogue)..."
    ]
    # The real build marks the site with its catalogue (test_build_site.py checks that).
