"""Record pages rendered by a forked child are the pages rendered in the build's process."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from site_scan import ROOT

import site_builder.plugin
from site_builder.writer import PageWriter, PageWriterError


def build_pages(site: Path) -> dict[str, bytes]:
    """Build the configured catalogue in this process; every page (search aside) by path."""
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site)))
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*.html"))
        if path.relative_to(site).parts[0] != "pagefind"
    }


@pytest.fixture
def mini_env(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return mini_content


def test_forked_and_in_process_builds_agree(
    mini_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leftovers = set(Path(tempfile.gettempdir()).glob("playbook-records-*"))
    monkeypatch.setattr(site_builder.plugin, "can_fork", lambda: True)
    forked = build_pages(tmp_path / "forked")
    assert set(Path(tempfile.gettempdir()).glob("playbook-records-*")) == leftovers
    monkeypatch.setattr(site_builder.plugin, "can_fork", lambda: False)
    assert build_pages(tmp_path / "in-process") == forked
    assert "roles/sdr/index.html" in forked


def test_a_failing_page_stops_the_build_naming_it(
    mini_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(self: object, record: object) -> str:
        raise ValueError("no template for this record")

    monkeypatch.setattr(site_builder.plugin, "can_fork", lambda: True)
    monkeypatch.setattr(site_builder.plugin.PlaybookPlugin, "_final_record_page", broken)
    with pytest.raises(Abort):
        build_pages(tmp_path / "site")
    assert (
        "could not render domains/markops.md: ValueError: no template for this record"
        in caplog.messages
    )


def test_the_writer_reports_the_page_it_failed_on(tmp_path: Path) -> None:
    def render(job: object) -> str:
        if job == "b":
            raise KeyError(job)
        return f"page {job}"

    writer = PageWriter(tmp_path, [("a.md", "a"), ("b.md", "b")], render)
    writer.wait_for("a.md")
    assert (tmp_path / "a.md").read_text() == "page a"
    with pytest.raises(PageWriterError, match=r"^b\.md: KeyError: 'b'$"):
        writer.wait_for("b.md")
    writer.close()
