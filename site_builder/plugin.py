"""The `playbook` MkDocs plugin: a thin adapter from MkDocs events to the renderers.

It loads the catalogue once per build, adds a generated page for every record and index,
turns `kind:id` links and glossary words into links and tooltips on every page, builds
the search index after the site is written, and rebuilds when content/ changes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from catalog import Catalog, load

from .config import PlaybookConfig
from .render import RenderContext, render_site, resolve_links
from .render.abbreviations import Abbreviations
from .search import SearchIndexError, build_search_index

log = logging.getLogger("mkdocs.plugins.playbook")


def problems_message(catalog: Catalog) -> str:
    """The validator's file:line lines for a catalogue with errors."""
    errors = catalog.errors
    lines = [f"the catalogue in {catalog.root} has {len(errors)} error(s):", *map(str, errors)]
    return "\n".join(lines)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between the rebuilds of `mkdocs serve` (keyed by source)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def _index_quietly(site: Path) -> None:
    """Build the search index of a served site, logging (not raising) a failure."""
    try:
        build_search_index(site)
    except SearchIndexError as exc:
        log.warning("search index not rebuilt: %s", exc)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Generates the playbook's pages from the catalogue."""

    def __init__(self) -> None:
        self.context: RenderContext | None = None
        self.abbreviations: Abbreviations | None = None
        self.content_dir: Path | None = None
        self.page_cache: Path | None = None
        self.indexing: threading.Thread | None = None
        self.templates = _MemoryBytecodeCache()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Under `mkdocs serve`, generated pages are files written only when they change, so
        # a `--dirty` rebuild renders just the pages an edit touched.
        if command == "serve":
            self.page_cache = Path(tempfile.mkdtemp(prefix="playbook-pages-"))

    def on_shutdown(self) -> None:
        self._wait_for_search()
        if self.page_cache is not None:
            shutil.rmtree(self.page_cache, ignore_errors=True)
            self.page_cache = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content).resolve()
        catalog = load(self.content_dir)
        if not catalog.ok:
            raise PluginError(problems_message(catalog))
        for warning in catalog.warnings:
            log.info("%s", warning)
        self.context = RenderContext(catalog, train_url=self.config.train_url)
        self.abbreviations = Abbreviations(catalog)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.context is not None
        for page in render_site(self.context):
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(
                    f"{existing.src_uri} in {config.docs_dir} would replace a page generated "
                    "from the catalogue; rename it"
                )
            files.append(self._generated(config, page.src, page.markdown()))
        return files

    def _generated(self, config: MkDocsConfig, src: str, markdown: str) -> File:
        """A generated page: in memory, or under serve a file rewritten only on change."""
        if self.page_cache is None:
            return File.generated(config, src, content=markdown)
        path = self.page_cache / src
        if not path.is_file() or path.read_text(encoding="utf-8") != markdown:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
        return File.generated(config, src, abs_src_path=str(path))

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._wait_for_search()  # a served site's folder is about to be rewritten

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.bytecode_cache = self.templates
        return env

    @event_priority(-100)  # after mkdocs-macros, so macro output gets its links resolved too
    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.abbreviations is not None
        markdown = self.abbreviations.append_to(resolve_links(markdown, page.file.src_uri))
        if self.config.export_markdown:
            self._export(page, markdown)
        return markdown

    def _export(self, page: MkDocsPage, markdown: str) -> None:
        """Write a page's final Markdown (with its front matter) for another generator."""
        import yaml

        target = Path(self.config.export_markdown or ".") / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # The Markdown is final: macros have run, so they must not run again on it.
        meta = {**page.meta, "render_macros": False}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        target.write_text(f"---\n{front}---\n\n{markdown}", encoding="utf-8")

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search != "pagefind":
            return
        site = Path(config.site_dir)
        if self.page_cache is None:
            try:
                build_search_index(site)
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
            return
        # Under serve, index in the background so the browser reloads at once.
        self._wait_for_search()
        self.indexing = threading.Thread(target=_index_quietly, args=(site,), daemon=True)
        self.indexing.start()

    def _wait_for_search(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
