"""A team whose roles take part in no process still has the #raci section the RACI index
links to, so a strict build of such a catalogue passes."""

from __future__ import annotations

import shutil

import pytest
import yaml
from site_scan import MINI, BuiltSite, build_catalogue, parse


@pytest.fixture(scope="module")
def idle_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("idle-team")
    content = base / "content"
    shutil.copytree(MINI, content)
    team = {"title": "Idle team", "purpose": "Takes part in no process.", "domain": "salesops"}
    role = {"title": "Idler", "team": "idle", "responsibilities": ["Nothing"]}
    (content / "teams" / "idle.yml").write_text(yaml.safe_dump(team), encoding="utf-8")
    (content / "roles" / "idler.yml").write_text(yaml.safe_dump(role), encoding="utf-8")
    return build_catalogue(content, base)


def test_strict_build_passes(idle_site: BuiltSite) -> None:
    assert idle_site.returncode == 0, idle_site.output
    assert "WARNING" not in idle_site.output


def test_idle_team_page_says_it_has_no_processes(idle_site: BuiltSite) -> None:
    page = idle_site.dir / "teams" / "idle" / "index.html"
    assert "raci" in parse(page).ids
    assert "take part in no process yet" in page.read_text(encoding="utf-8")
    assert 'href="../teams/idle/#raci"' in idle_site.page("raci/")
