"""The `playbook` MkDocs plugin: a thin adapter from MkDocs events to the renderers.

It loads the catalogue once per build, adds a generated page for every record and index,
turns `kind:id` links and glossary words into links and tooltips on every page, indexes
the pages for search, and rebuilds when content/ changes. `mkdocs build` renders record
pages in a forked child (writer.py) and feeds Pagefind as pages are written (search.py);
`mkdocs serve` reuses what the previous rebuild made of unchanged pages (rendered.py) and
writes into the previous rebuild's folders (kept_site.py). `mkdocs build` writes the site
into a fresh folder and swaps it in once the build has passed (build.py), so a failed
build keeps the previous site.
"""

from __future__ import annotations

import html
import logging
import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from watchdog.observers.polling import PollingObserver

from catalog import Catalog, load
from catalog.loader import display_path
from catalog.models import Record
from catalog.refs import mistyped_links

from .build import (
    StagedSite,
    UnsafeSiteDir,
    catalogue_folder,
    check_site_dir,
    mark_built_from,
    source_folders,
)
from .config import PlaybookConfig
from .kept_site import KeptSite
from .nav import present_nav
from .offsite import offsite_loads
from .page_templates import guard_macros
from .render import (
    RenderContext,
    defer_titles,
    fill_titles,
    render_record,
    resolve_links,
    source_path,
)
from .render.abbreviations import Abbreviations
from .render.indexes import index_pages
from .render.markdown import text
from .rendered import RenderedPages
from .search import SearchIndexer, SearchIndexError, build_search_index
from .watching import stop_watching, watch_often
from .writer import PageWriter, PageWriterError, can_fork

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
        self.titles_html: dict[tuple[str, str], str] = {}
        """Record titles as HTML for `fill_titles`, by (kind, ID), for the current build."""
        self.abbreviations: Abbreviations | None = None
        self.content_dir: Path | None = None
        self.page_cache: Path | None = None
        self.indexing: threading.Thread | None = None
        self.templates = _MemoryBytecodeCache()
        self.serving = False
        self.rendered: RenderedPages | None = None
        self.kept_site: KeptSite | None = None
        self.watcher: PollingObserver | None = None
        self.resolved: dict[str, tuple[str, str]] = {}
        self.nav: Navigation | None = None
        self.writer: PageWriter | None = None
        self.indexer: SearchIndexer | None = None
        self.files: Files | None = None
        self.stage_site = False
        """Whether a build goes to a fresh folder, swapped in at shutdown (`mkdocs build`)."""
        self.staged: StagedSite | None = None
        self.staged_config: MkDocsConfig | None = None
        self.site_built = False

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # MkDocs keeps this instance for every build of the process: start each run afresh.
        self.on_shutdown()
        self.serving = command == "serve"
        # `mkdocs build` (or gh-deploy) swaps the site in at shutdown, after MkDocs' own
        # --strict check; a --dirty build updates the previous site where it is, as it must.
        # `playbook build` calls MkDocs' build() without this event and swaps by itself.
        self.stage_site = not self.serving and not dirty
        if self.serving and dirty:
            # Generated pages are files written only when they change, so a `--dirty`
            # rebuild renders just the pages an edit touched.
            self.page_cache = Path(tempfile.mkdtemp(prefix="playbook-pages-"))
        elif self.serving:
            # A full rebuild reuses what the last one made of every page whose inputs held,
            # and writes into the last one's folders rather than making them anew.
            self.rendered = RenderedPages()
            self.kept_site = KeptSite()

    def on_shutdown(self) -> None:
        self._swap_in_site()
        self._wait_for_search()
        if self.watcher is not None:
            stop_watching(self.watcher)
            self.watcher = None
        if self.page_cache is not None:
            shutil.rmtree(self.page_cache, ignore_errors=True)
            self.page_cache = None
        if self.kept_site is not None:
            self.kept_site.close()
            self.kept_site = None
        self.serving = False
        self.stage_site = False
        self.rendered = None
        self.resolved.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._choose_site_dir(config)
        guard_macros(config.plugins.get("macros"))  # a page's template error names the page
        self.content_dir = catalogue_folder(config, self.config.content)
        catalog = load(self.content_dir)
        if not catalog.ok:
            raise PluginError(problems_message(catalog))
        for warning in catalog.warnings:
            log.info("%s", warning)
        self.context = RenderContext(catalog, train_url=self.config.train_url)
        self.titles_html = {}
        abbreviations = Abbreviations(catalog)
        if self.abbreviations is None or abbreviations.tooltips != self.abbreviations.tooltips:
            self.resolved.clear()
        self.abbreviations = abbreviations
        return config

    def _choose_site_dir(self, config: MkDocsConfig) -> None:
        """Refuse a site folder whose replacement could delete anything but a previous
        site; under `mkdocs build`, write the site into a fresh folder beside it."""
        if self.serving:  # serve builds into a temporary folder of its own
            return
        target = Path(config.site_dir).resolve()
        try:
            check_site_dir(target, source_folders(config))
        except UnsafeSiteDir as exc:
            raise PluginError(str(exc)) from None
        if self.stage_site:
            self._discard_staged()
            self.staged, self.staged_config = StagedSite(target), config
            self.site_built = False
            config.site_dir = str(self.staged.folder)

    def _swap_in_site(self) -> None:
        """Put the site of a build that passed in place of the previous one."""
        staged, config = self.staged, self.staged_config
        self.staged = self.staged_config = None
        if staged is None or config is None:
            return
        if not self.site_built:  # interrupted (a failed build has discarded it already)
            staged.discard()
            return
        try:
            staged.swap_in()
        except UnsafeSiteDir as exc:
            staged.discard()
            raise PluginError(str(exc)) from None
        config.site_dir = str(staged.target)  # where gh-deploy looks for it next
        log.info("Site written to %s", staged.target)

    def _discard_staged(self) -> None:
        if self.staged is not None:
            self.staged.discard()
            self.staged = self.staged_config = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.context is not None
        records = list(self.context.catalog.all())
        for src in (source_path(record.KIND, record.id) for record in records):
            self._check_free(files, src, config)
        if records and not self.serving and can_fork():
            # Record pages come from a child process on another core, while MkDocs
            # converts the hand-written pages and then each record page it has written.
            folder = Path(tempfile.mkdtemp(prefix="playbook-records-"))
            jobs = [(source_path(record.KIND, record.id), record) for record in records]
            self.writer = PageWriter(folder, jobs, self._final_record_page)
            for src, _ in jobs:
                files.append(File.generated(config, src, abs_src_path=str(self.writer.path(src))))
        else:
            for record in records:
                page = render_record(self.context, record)
                files.append(self._generated(config, page.src, page.markdown()))
        for page in index_pages(self.context):
            self._check_free(files, page.src, config)
            files.append(self._generated(config, page.src, page.markdown()))
        if config.nav is not None:
            # The hand-written pages the menu names are optional (a catalogue's own pages/).
            config.nav, missing = present_nav(
                config.nav, lambda src: files.get_file_from_path(src) is not None
            )
            for src in missing:
                log.info("no %s in %s: left out of the menu", src, config.docs_dir)
        return files

    @staticmethod
    def _check_free(files: Files, src: str, config: MkDocsConfig) -> None:
        existing = files.get_file_from_path(src)
        if existing is not None:
            raise PluginError(
                f"{existing.src_uri} in {config.docs_dir} would replace a page generated "
                "from the catalogue; rename it"
            )

    def _final_record_page(self, record: object) -> str:
        """A record's page with its final Markdown, as the page writer's child makes it."""
        assert self.context is not None and isinstance(record, Record)
        page = render_record(self.context, record)
        # MkDocs hands on_page_markdown the body without the blank lines after the front
        # matter, so the final pass sees the same text here.
        body = self._final_markdown(page.body.lstrip("\n"), page.src)
        return replace(page, body=body).markdown()

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
        if self.kept_site is not None:
            self.kept_site.set_aside(config.site_dir)

    @event_priority(-100)  # after other plugins have added or moved files
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.rendered is not None:
            self.rendered.start_build(config, files)
        self.nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.bytecode_cache = self.templates
        self.files = files
        if self.kept_site is not None:  # MkDocs has emptied the site and writes from now on
            templates = [*config.theme.static_templates, *config.extra_templates]
            self.kept_site.put_back([*(file.dest_uri for file in files), *templates])
        if self.config.search == "pagefind" and not self.serving:
            # Pages are indexed as they are written (the server indexes its site after).
            try:
                self.indexer = SearchIndexer()
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
        if self.rendered is not None and self.nav is not None:
            self.rendered.start_templates(config, self.nav)
            env.globals["playbook_reused_page"] = self.rendered.output_of
        return env

    def on_pre_page(self, page: MkDocsPage, *, config: MkDocsConfig, files: Files) -> MkDocsPage:
        if self.writer is not None and page.file.src_uri in self.writer.position:
            try:
                self.writer.wait_for(page.file.src_uri)
            except PageWriterError as exc:
                raise PluginError(f"could not render {exc}") from None
        return page

    @event_priority(-100)  # after mkdocs-macros, so macro output gets its links resolved too
    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.generated_by is None:  # a hand-written page: the validator saw the rest
            for _, target, kind in mistyped_links(markdown):
                head, _, rest = target.partition(":")
                log.warning(
                    "%s: link '%s': there is no kind '%s'; did you mean '%s:%s'?",
                    display_path(Path(page.file.abs_src_path or "")),
                    target,
                    head,
                    kind,
                    rest,
                )
        if self.writer is None or page.file.src_uri not in self.writer.position:
            markdown = self._final_markdown(markdown, page.file.src_uri)
        if self.config.export_markdown:
            self._export(page, markdown)
        if self.rendered is not None and self.rendered.reuse_html(page, markdown):
            return ""  # nothing to convert: on_page_content puts the previous HTML back
        return markdown

    def _final_markdown(self, markdown: str, src: str) -> str:
        """A page's Markdown with its links resolved and its glossary words defined."""
        known = self.resolved.get(src)
        if known is not None and known[0] == markdown:
            return known[1]
        assert self.abbreviations is not None
        if not self.serving:
            return self.abbreviations.append_to(resolve_links(markdown, src))
        # Under serve only, where it pays: a renamed record then changes the Markdown of its
        # own page, not of every page linking to it. A build would pay ~2 ms a page for it
        # (N = 2,000), and its link texts keep the glossary tooltips they get.
        deferred = defer_titles(markdown, self._title_text)
        final = self.abbreviations.append_to(resolve_links(deferred, src))
        self.resolved[src] = (markdown, final)  # reused while the page and glossary hold
        return final

    def _title_text(self, kind: str, id: str) -> str | None:
        """A record's title as the renderers write it in a link, for `defer_titles`."""
        record = self.context.catalog.get(kind, id) if self.context is not None else None
        return text(record.title) if record is not None else None

    def _title_html(self, kind: str, id: str) -> str:
        """A record's title as HTML, for `fill_titles` (remembered for this build)."""
        found = self.titles_html.get((kind, id))
        if found is None:
            record = self.context.catalog.get(kind, id) if self.context is not None else None
            title = " ".join(record.title.split()) if record else id
            found = self.titles_html[kind, id] = html.escape(title, quote=False)
        return found

    @event_priority(100)  # first, so the HTML kept is MkDocs' own, before other plugins'
    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if self.rendered is not None:
            html = self.rendered.restore_html(html, page, files)
        html = fill_titles(html, self._title_html)  # after restore: kept HTML has the tokens
        if page.file.generated_by is None:  # a hand-written page: the validator saw the rest
            for problem in offsite_loads(html):
                log.warning("%s: %s", display_path(Path(page.file.abs_src_path or "")), problem)
        return html

    @event_priority(100)  # first, so the HTML kept is the theme's own, before other plugins'
    def _keep_output(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.rendered is not None:
            self.rendered.keep_output(output, page)
        return output

    @event_priority(-100)  # last, so the index holds the page as written
    def _index_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.indexer is not None:
            self.indexer.add(page.file.dest_uri, output)
        return output

    on_post_page = CombinedEvent(_keep_output, _index_page)

    @event_priority(-100)
    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if self.indexer is not None and template_name.endswith(".html"):  # 404.html
            self.indexer.add(template_name, output)
        return output

    def _export(self, page: MkDocsPage, markdown: str) -> None:
        """Write a page's final Markdown (with its front matter) for another generator."""
        import yaml

        target = Path(self.config.export_markdown or ".") / page.file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        # The Markdown is final: macros have run, so they must not run again on it.
        meta = {**page.meta, "render_macros": False}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        # Link titles written out again: the other generator does not fill them in.
        markdown = fill_titles(markdown, lambda kind, id: self._title_text(kind, id) or id)
        target.write_text(f"---\n{front}---\n\n{markdown}", encoding="utf-8")

    def _close_writer(self) -> None:
        if self.writer is not None:
            self.writer.close()
            shutil.rmtree(self.writer.folder, ignore_errors=True)
            self.writer = None

    def on_build_error(self, *, error: Exception) -> None:
        self._close_writer()
        self._discard_staged()  # the previous site stays as it was
        if self.kept_site is not None:
            self.kept_site.close()
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def _post_build(self, *, config: MkDocsConfig) -> None:
        self._close_writer()
        if not self.serving and self.content_dir is not None:
            mark_built_from(Path(config.site_dir), self.content_dir)  # what `playbook serve` reads
        if self.kept_site is not None:
            self.kept_site.sweep()
        if self.rendered is not None:
            log.debug(
                "reused the HTML of %d pages and the theme's HTML of %d",
                len(self.rendered.reused_html),
                len(self.rendered.reused_output),
            )
        if self.config.search != "pagefind":
            return
        site = Path(config.site_dir)
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            for file in self.files or []:  # HTML copied as it is from docs_dir
                if not file.is_documentation_page() and file.dest_uri.endswith(".html"):
                    indexer.add(file.dest_uri, Path(file.abs_dest_path).read_text("utf-8"))
            try:
                indexer.write(site)
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
            return
        # Under serve, index in the background so the browser reloads at once.
        self._wait_for_search()
        self.indexing = threading.Thread(target=_index_quietly, args=(site,), daemon=True)
        self.indexing.start()

    @event_priority(-100)  # last: the site is complete once every plugin is done with it
    def _site_complete(self, *, config: MkDocsConfig) -> None:
        self.site_built = True

    on_post_build = CombinedEvent(_post_build, _site_complete)

    def _wait_for_search(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        if self.content_dir is not None:
            self.watcher = watch_often(server, str(self.content_dir))
        return server
