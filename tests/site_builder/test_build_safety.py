"""`playbook build -d DIR` and `mkdocs build` replace a previous site and nothing else: a
site folder that is, holds or lies in a folder the build reads, or that holds someone's
files, is refused before anything is written; a failed `mkdocs build` keeps the old site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_scan import MINI, ROOT, mkdocs_env

from catalog.cli import main as playbook
from site_builder.build import BUILT_FROM, StagedSite, UnsafeSiteDir

ADVICE = "choose a folder of its own for the site (site/ by default)"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`, hidden ones too: a file's bytes, a folder's mark."""
    entries: dict[str, bytes | str] = {}
    for root, folders, files in os.walk(folder):
        for name in folders:
            entries[os.path.relpath(os.path.join(root, name), folder)] = "folder"
        for name in files:
            entries[os.path.relpath(os.path.join(root, name), folder)] = Path(
                root, name
            ).read_bytes()
    return entries


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project (mkdocs.yml, theme, a small catalogue with its pages, a .git
    and some notes) as the working folder; the environment a build sets is undone after."""
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder)
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copytree(MINI, folder / "content")
    shutil.copytree(ROOT / "content" / "pages", folder / "content" / "pages")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "notes").mkdir()
    (folder / "notes" / "todo.txt").write_text("keep me\n")
    monkeypatch.chdir(folder)
    for name in ("PLAYBOOK_CONTENT", "PLAYBOOK_PAGES"):
        monkeypatch.setenv(name, "")  # so that what `--content` sets is undone too
        monkeypatch.delenv(name)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return folder


@pytest.mark.parametrize(
    ("args", "target", "reason"),
    [
        (["-d", "."], ".", "it is the project folder (where mkdocs.yml is)"),
        (["-d", "content"], "content", "it is the catalogue folder"),
        (
            ["--content", "content", "-d", "content"],
            "content",
            "it is the catalogue folder",
        ),
        (["-d", "content/pages"], "content/pages", "it is the hand-written pages folder"),
        (
            ["-d", "content/roles/site"],
            "content/roles/site",
            "it is inside the catalogue folder, {project}/content",
        ),
        (
            ["-d", "content/pages/site"],
            "content/pages/site",
            "it is inside the hand-written pages folder, {project}/content/pages",
        ),
        (["-d", "theme"], "theme", "it is the theme folder"),
        (["-d", ".."], "..", "it holds the project folder (where mkdocs.yml is), {project}"),
        (
            ["-d", "notes"],
            "notes",
            f"it holds files but no site built before (no {BUILT_FROM} or index.html)",
        ),
        (["-d", "notes/todo.txt"], "notes/todo.txt", "it is a file, not a folder"),
    ],
)
def test_playbook_build_refuses_a_folder_it_would_destroy(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], target: str, reason: str
) -> None:
    before = snapshot(project.parent)
    assert playbook(["build", *args]) == 1
    out, err = capsys.readouterr()
    where = (project / target).resolve()
    assert out == ""
    assert err.splitlines() == [
        f"refusing to build the site into {where}: {reason.format(project=project)}; {ADVICE}"
    ]
    assert snapshot(project.parent) == before


def test_playbook_build_replaces_a_previous_site(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert playbook(["build"]) == 0
    site = project / "site"
    (site / ".git").mkdir()  # a checkout of the published branch, say
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / "stale.html").write_text("from an older build\n")
    (project / "content" / "pages" / "index.md").write_text("# Fresh words\n")
    assert playbook(["build"]) == 0
    assert "Fresh words" in (site / "index.html").read_text()
    assert not (site / "stale.html").exists()
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / BUILT_FROM).is_file()
    assert sorted(os.listdir(project)) == [
        ".git",
        "content",
        "mkdocs.yml",
        "notes",
        "site",
        "theme",
    ]
    assert "built" in capsys.readouterr().out


def test_playbook_build_fills_an_empty_new_or_older_site_folder(project: Path) -> None:
    (project / "empty").mkdir()
    older = project / "older"  # built by MkDocs before sites were marked
    older.mkdir()
    for name in ("index.html", "stale.html"):
        (older / name).write_text("old\n")
    for folder in ("empty", "new/site", "older"):
        assert playbook(["build", "-d", folder]) == 0
        assert "How we work" in (project / folder / "index.html").read_text()
        assert (project / folder / BUILT_FROM).is_file()
    assert not (older / "stale.html").exists()


def test_the_swap_refuses_a_folder_that_became_someone_elses(tmp_path: Path) -> None:
    target = tmp_path / "site"
    staged = StagedSite(target)
    (staged.folder / "index.html").write_text("new site\n")
    target.mkdir()  # between the check and the swap
    (target / "thesis.tex").write_text("years of work\n")
    with pytest.raises(UnsafeSiteDir, match=r"it holds files but no site built before"):
        staged.swap_in()
    staged.discard()
    assert snapshot(tmp_path) == {"site": "folder", "site/thesis.tex": b"years of work\n"}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding a copy of the small catalogue and, beside it, of the bundled pages."""
    folder = tmp_path / "work"
    shutil.copytree(MINI, folder / "content")
    shutil.copytree(ROOT / "content" / "pages", folder / "pages")
    return folder


def mkdocs(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Plain `mkdocs build` of the repository's mkdocs.yml, with the work folder's catalogue."""
    env = {
        **mkdocs_env(work / "content", work.parent / "cache"),
        "PLAYBOOK_PAGES": str(work / "pages"),
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("page", "text", "options", "message"),
    [
        (
            "editing.md",
            "{{ no_such_macro() }}",
            [],
            "template error: 'no_such_macro' is undefined",
        ),
        ("editing.md", '{{ raci_matrix("nope") }}', [], "no process 'nope' in the catalogue"),
        ("extra.md", "[elsewhere](nowhere.md)", ["--strict"], "contains a link 'nowhere.md'"),
    ],
)
def test_a_failed_mkdocs_build_keeps_the_previous_site(
    work: Path, page: str, text: str, options: list[str], message: str
) -> None:
    assert mkdocs(work, "-d", str(work / "site")).returncode == 0
    before = snapshot(work / "site")
    assert "index.html" in before and BUILT_FROM in before
    with (work / "pages" / page).open("a", encoding="utf-8") as file:
        file.write(f"\n{text}\n")
    failed = mkdocs(work, "-d", str(work / "site"), *options)
    assert failed.returncode == 1
    assert message in failed.stderr
    assert snapshot(work / "site") == before
    assert sorted(os.listdir(work)) == ["content", "pages", "site"]


def test_a_good_mkdocs_build_replaces_the_previous_site(work: Path) -> None:
    assert mkdocs(work, "-d", str(work / "site")).returncode == 0
    (work / "site" / "stale.html").write_text("from an older build\n")
    (work / "pages" / "index.md").write_text("# Fresh words\n")
    assert mkdocs(work, "-d", str(work / "site")).returncode == 0
    assert "Fresh words" in (work / "site" / "index.html").read_text()
    assert not (work / "site" / "stale.html").exists()
    assert sorted(os.listdir(work)) == ["content", "pages", "site"]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("content", "it is the catalogue folder"),
        ("content/roles", "it is inside the catalogue folder, {work}/content"),
    ],
)
def test_mkdocs_build_refuses_the_catalogue_as_its_site(
    work: Path, target: str, reason: str
) -> None:
    before = snapshot(work)
    failed = mkdocs(work, "-d", str(work / target))
    assert failed.returncode == 1
    where = (work / target).resolve()
    assert f"refusing to build the site into {where}: {reason.format(work=work)}" in failed.stderr
    assert snapshot(work) == before
