"""`playbook build` says how many warnings a passing build had, and how to act on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_scan import ROOT

from catalog.cli import main as playbook

CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture
def broken_link(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small catalogue with a role summary linking to a page that does not exist."""
    role = mini_content / "roles" / "sdr.yml"
    role.write_text(
        role.read_text().replace("summary: ", "summary: See [the guide](nowhere.md). "),
        encoding="utf-8",
    )
    monkeypatch.chdir(mini_content.parent)
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return mini_content


def test_a_build_with_warnings_counts_them(broken_link: Path, capsys) -> None:
    assert playbook(["build", "-f", str(CONFIG), "-d", "site"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built ")
    assert err.startswith("1 warning(s) from MkDocs")
    assert "roles/sdr.md' contains a link 'nowhere.md'" in err
    assert "--strict fails the build on any warning" in err
    assert (broken_link.parent / "site" / "index.html").is_file()


def test_strict_build_fails_on_them(broken_link: Path, capsys) -> None:
    assert playbook(["build", "--strict", "-f", str(CONFIG), "-d", "site"]) == 1
    assert "nowhere.md" in capsys.readouterr().err


def test_a_clean_build_prints_no_warnings(mini_content: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(mini_content.parent)
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    assert playbook(["build", "-f", str(CONFIG), "-d", "site"]) == 0
    assert "warning" not in capsys.readouterr().err
