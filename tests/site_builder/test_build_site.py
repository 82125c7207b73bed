"""Building into a fresh folder and swapping it in; a broken catalogue fails cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_scan import ROOT, mkdocs_build

from catalog.cli import main as playbook
from site_builder import SiteBuildError, build_site

CONFIG = ROOT / "mkdocs.yml"
BROKEN_LINE = "content/roles/sdr.yml:3:7: error: team: unknown team 'nowhere'"


def break_catalogue(content: Path) -> None:
    """Point the SDR at a team that does not exist (line 3, column 7)."""
    role = content / "roles" / "sdr.yml"
    role.write_text(role.read_text().replace("team: sales", "team: nowhere"))


@pytest.fixture
def in_tmp(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in the folder holding the copied catalogue, so messages name content/..."""
    monkeypatch.chdir(mini_content.parent)
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return mini_content


def test_broken_catalogue_keeps_the_previous_site(in_tmp: Path) -> None:
    site = in_tmp.parent / "site"
    assert build_site(CONFIG, site_dir=site, strict=True) == site.resolve()
    page = site / "roles" / "sdr" / "index.html"
    good = page.read_text()
    break_catalogue(in_tmp)
    with pytest.raises(SiteBuildError) as failure:
        build_site(CONFIG, site_dir=site, strict=True)
    assert BROKEN_LINE in str(failure.value)
    assert page.read_text() == good
    assert sorted(p.name for p in in_tmp.parent.iterdir()) == ["content", "site"]


def test_playbook_build_prints_the_problems(in_tmp: Path, capsys) -> None:
    break_catalogue(in_tmp)
    assert playbook(["build", "-f", str(CONFIG), "-d", "site"]) == 1
    err = capsys.readouterr().err
    assert BROKEN_LINE in err
    assert "Traceback" not in err
    assert not (in_tmp.parent / "site").exists()


def test_playbook_build_of_a_folder_without_records_fails(in_tmp: Path, capsys) -> None:
    args = ["build", "--content", "content/roles", "-f", str(CONFIG), "-d", "site"]
    assert playbook(args) == 1
    assert (
        "content/roles:1:1: error: no records found: this is the roles/ folder of a "
        "catalogue; give the catalogue folder (content)"
    ) in capsys.readouterr().err.splitlines()
    assert not (in_tmp.parent / "site").exists()


def test_mkdocs_build_fails_with_file_and_line(mini_content: Path, tmp_path: Path) -> None:
    break_catalogue(mini_content)
    result = mkdocs_build(mini_content, tmp_path / "site", tmp_path / "cache")
    assert result.returncode == 1
    assert "roles/sdr.yml:3:7: error: team: unknown team 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_site_names_its_catalogue_so_serve_reuses_it(in_tmp: Path) -> None:
    from quiz_server.serve import BUILT_FROM, site_is_stale
    from site_builder.build import catalogue_marker

    site = in_tmp.parent / "site"
    assert playbook(["build", "--content", "content", "-f", str(CONFIG), "-d", "site"]) == 0
    assert (site / BUILT_FROM).read_text() == f"{catalogue_marker(in_tmp)}\n"
    assert not site_is_stale(site, in_tmp)  # `playbook serve --content content` builds nothing
    other = in_tmp.parent / "other"
    shutil.copytree(in_tmp, other)
    assert playbook(["build", "--content", "other", "-f", str(CONFIG), "-d", "site"]) == 0
    assert (site / BUILT_FROM).read_text() == f"{catalogue_marker(other)}\n"
    assert site_is_stale(site, in_tmp)
