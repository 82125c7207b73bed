"""Rebuilds under `mkdocs serve` reuse unchanged pages and show an edit on every page it touches."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from site_scan import ROOT

from site_builder.plugin import PlaybookPlugin

SERVE_URL = "http://127.0.0.1:8000/"


class Served:
    """`mkdocs serve` without the server: one plugin instance across full rebuilds."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.config = self._load()
        self.config.plugins.on_startup(command="serve", dirty=False)

    def _load(self) -> MkDocsConfig:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        """What serve does after a save: reload the configuration and build everything."""
        self.config = self._load()
        build(self.config, serve_url=SERVE_URL)

    @property
    def plugin(self) -> PlaybookPlugin:
        plugin = self.config.plugins["playbook"]
        assert isinstance(plugin, PlaybookPlugin)
        return plugin

    def close(self) -> None:
        self.config.plugins.on_shutdown()

    def paths(self) -> set[str]:
        """Every file and folder of the site (search bundle aside), hidden ones too."""
        return {
            str(path.relative_to(self.site))
            for path in self.site.rglob("*")
            if path.relative_to(self.site).parts[0] != "pagefind"
        }

    def pages(self) -> dict[str, str]:
        """Every page of the site (search bundle aside), by path."""
        return {
            str(path.relative_to(self.site)): path.read_text(encoding="utf-8")
            for path in sorted(self.site.rglob("*.html"))
            if path.relative_to(self.site).parts[0] != "pagefind"
        }


@pytest.fixture
def serve(mini_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    served = Served(tmp_path / "served")
    served.rebuild()
    yield served
    served.close()


def fresh_served(site: Path) -> Served:
    """The site a new `mkdocs serve` would build first, with nothing to reuse."""
    served = Served(site)
    try:
        served.rebuild()
    finally:
        served.close()
    return served


def fresh_build(site: Path) -> dict[str, str]:
    """The pages a new `mkdocs serve` would build first, with nothing to reuse."""
    return fresh_served(site).pages()


def rename(record: Path, title: str) -> None:
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M))


def test_a_rebuild_with_no_change_reuses_every_page(serve: Served) -> None:
    before = serve.pages()
    serve.rebuild()
    rendered = serve.plugin.rendered
    assert rendered is not None
    assert len(rendered.reused_html) == len(before) - 1  # every page but 404.html
    records = {
        src
        for src in rendered.reused_html
        if re.fullmatch(r"[a-z]+/[a-z0-9-]+\.md", src) and not src.endswith("/index.md")
    }
    assert records and rendered.reused_output == records  # theme/record.html asks for it
    assert serve.pages() == before


def test_a_reused_page_is_not_converted_at_all(
    serve: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(
        markdown.Markdown, "convert", lambda md, text: converted.append(text) or convert(md, text)
    )
    serve.rebuild()
    assert converted == []  # not even an empty document (rendered.skip_conversion)


def test_an_edit_shows_on_every_page_that_names_the_record(
    serve: Served, mini_content: Path, tmp_path: Path
) -> None:
    rename(mini_content / "roles" / "sales-manager.yml", "Head of Sales")
    serve.rebuild()
    pages = serve.pages()
    for path in [
        "roles/sales-manager/index.html",  # its own page
        "roles/index.html",  # the index of its kind
        "roles/sdr/index.html",  # reports to it
        "teams/sales/index.html",  # the team's roles
        "processes/lead-routing/index.html",  # its RACI table
        "org-chart/index.html",
        "kpis/win-rate/index.html",  # owned by it
    ]:
        assert "Head of Sales" in pages[path], path
    rendered = serve.plugin.rendered
    assert rendered is not None
    assert "roles/sales-manager.md" not in rendered.reused_html
    assert "glossary/bant.md" in rendered.reused_html  # does not name it
    # A page that names it only in links keeps its converted HTML: the title is filled in.
    assert "kpis/win-rate.md" in rendered.reused_html
    # Reused or not, every page is what a build from scratch makes of the edited catalogue.
    assert pages == fresh_build(tmp_path / "fresh")


def test_a_new_record_makes_every_page_anew(
    serve: Served, mini_content: Path, tmp_path: Path
) -> None:
    sdr = mini_content / "roles" / "sdr.yml"
    (mini_content / "roles" / "sdr-lead.yml").write_text(
        sdr.read_text(encoding="utf-8").replace(
            "title: Sales Development Representative", "title: SDR Lead"
        ),
        encoding="utf-8",
    )
    serve.rebuild()
    rendered = serve.plugin.rendered
    assert rendered is not None
    assert rendered.reused_html == set()  # the site's files changed: links may resolve anew
    assert 'href="sdr-lead/"' in serve.pages()["roles/index.html"]
    assert serve.pages() == fresh_build(tmp_path / "fresh")


def test_a_removed_record_leaves_no_file_or_folder_behind(
    serve: Served, mini_content: Path, tmp_path: Path
) -> None:
    sdr_lead = mini_content / "roles" / "sdr-lead.yml"
    sdr_lead.write_text(
        (mini_content / "roles" / "sdr.yml")
        .read_text(encoding="utf-8")
        .replace("title: Sales Development Representative", "title: SDR Lead"),
        encoding="utf-8",
    )
    serve.rebuild()
    assert "roles/sdr-lead/index.html" in serve.paths()
    sdr_lead.unlink()
    serve.rebuild()
    # The rebuild writes into the folders of the last one (kept_site.py): what it did not
    # write again is gone, and so are the hidden folders that held the last build.
    assert serve.paths() == fresh_served(tmp_path / "fresh").paths()
    assert "roles/sdr-lead" not in serve.paths()
    assert serve.pages() == fresh_build(tmp_path / "again")


def test_exported_markdown_has_its_link_titles(
    mini_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.utils.yaml import yaml_load

    monkeypatch.setenv("PLAYBOOK_CONTENT", str(mini_content))
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        plugins = yaml_load(f)["plugins"]
    export = tmp_path / "exported"
    plugins = [
        {
            "playbook": {
                "content": str(mini_content),
                "search": "none",
                "export_markdown": str(export),
            }
        }
        if (p if isinstance(p, str) else next(iter(p))) == "playbook"
        else p
        for p in plugins
    ]
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), plugins=plugins)
    config.plugins.on_startup(command="serve", dirty=False)  # where titles are deferred
    try:
        build(config, serve_url=SERVE_URL)
    finally:
        config.plugins.on_shutdown()
    page = (export / "kpis" / "win-rate.md").read_text(encoding="utf-8")
    assert "[Sales Manager](../roles/sales-manager.md)" in page
    assert not re.search("[\uf8f0\uf8f1\ue000-\ue07f]", page)
