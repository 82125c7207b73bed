"""Pages kept between the rebuilds of `mkdocs serve`, and reused while their inputs hold.

`mkdocs serve` rebuilds the whole site after every save: on the bundled catalogue about
3.5 s of Markdown conversion and 1 s of templates for ~370 pages, when an edit to one
record changes the Markdown of a handful of them. Two things are kept per page:

- the HTML MkDocs converted its Markdown into (with its table of contents and anchors),
  under the page's final Markdown (after macros and `kind:id` links, with link texts that
  are just a record's title left as tokens that `render.links.fill_titles` fills in after
  conversion, so that renaming a record does not change the pages that link to it) and a
  signature of
  what else the conversion reads: where every file of the site lives (relative links, and
  the warnings for broken ones) and the Markdown settings;
- for record pages (theme/record.html asks for it), the HTML the theme made of the page,
  under its HTML (titles filled in), front matter and address, and a signature of what else the
  templates read: the Markdown signature, the navigation's titles and addresses, the
  configuration and the files of the theme's custom_dir.

A page whose key changed is converted and templated as usual; any change to a signature
forgets every page. So an edit shows on every page whose Markdown it changes (its own page,
the pages that name or list it, indexes, RACI tables) and nowhere else is work repeated.
A reused page is not even converted where MkDocs' conversion is known (`skip_conversion`);
elsewhere MkDocs converts an empty document in its place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import mkdocs
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

_RENDERS_AS_KNOWN = mkdocs.__version__.startswith("1.6.")
"""Whether `Page.render` is MkDocs 1.6's, whose effects `skip_conversion` reproduces."""


def _digest(*parts: str) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        hashed.update(part.encode("utf-8"))
        hashed.update(b"\0")
    return hashed.hexdigest()


def markdown_signature(config: MkDocsConfig, files: Files) -> str:
    """What the HTML converted from any page's Markdown depends on besides that Markdown."""
    return _digest(
        repr(config.markdown_extensions),
        repr(sorted(config.mdx_configs.items())),
        repr(config.use_directory_urls),
        repr(config.validation),
        *sorted(f"{file.src_uri} {file.url}" for file in files),
    )


def _nav_items(items: list[Page | Section | Link], depth: int = 0) -> list[str]:
    found = []
    for item in items:
        found.append(f"{depth} {type(item).__name__} {item.title} {getattr(item, 'url', '')}")
        if isinstance(item, Section):
            found.extend(_nav_items(item.children, depth + 1))
    return found


def _files_under(folder: str | None) -> list[str]:
    if not folder or not os.path.isdir(folder):
        return []
    return sorted(
        f"{path} {path.stat().st_mtime_ns} {path.stat().st_size}"
        for path in Path(folder).rglob("*")
        if path.is_file()
    )


def template_signature(config: MkDocsConfig, nav: Navigation, markdown: str) -> str:
    """What the theme's HTML of any page depends on besides the page itself."""
    settings = {key: value for key, value in config.items() if key != "plugins"}
    config_file = config.config_file_path
    return _digest(
        markdown,
        repr(settings),
        Path(config_file).read_text(encoding="utf-8") if config_file else "",
        *_nav_items(nav.items),
        *_files_under(config.theme.custom_dir),
    )


def _page_key(page: Page, content_digest: str) -> str:
    """What a page's own inputs to the theme are: its HTML, front matter and address."""
    meta = json.dumps(page.meta, sort_keys=True, default=str)
    return _digest(content_digest, meta, page.file.src_uri, page.url, str(page.title))


def skip_conversion(page: Page) -> None:
    """Make MkDocs' conversion of a reused page do only what converting '' does, if it can.

    `Page.render` builds a `markdown.Markdown` with every extension even for an empty
    document (about 0.6 ms a page, a quarter of a second a rebuild on the bundled
    catalogue), and `md.convert('')` returns at once. So this page's `render` is replaced
    by one that sets what MkDocs 1.6's sets after converting '': no HTML, an empty table
    of contents, no title, no anchors, no links to anchors (unless logging at debug level).
    Any other MkDocs version keeps its own `render`, which then converts ''.
    """
    if not _RENDERS_AS_KNOWN:
        return

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page.present_anchor_ids = set()
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}

    page.render = render  # type: ignore[method-assign]


@dataclass
class Rendered:
    """What the previous build made of one page."""

    markdown: str
    """Digest of the final Markdown the HTML was converted from."""
    html: str
    toc: TableOfContents
    anchor_ids: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None
    """Links to anchors of other pages, by the linked page's source path."""
    output_key: str = ""
    output: str | None = None
    """The theme's HTML of the page, for `output_key`, if it was asked for."""


class RenderedPages:
    """The previous build's pages, by source path, for the next build to reuse."""

    def __init__(self) -> None:
        self._pages: dict[str, Rendered] = {}
        self._markdown_signature = ""
        self._template_signature = ""
        self._reusing: dict[str, tuple[Rendered, str]] = {}
        self._output_keys: dict[str, str] = {}
        self.reused_html: set[str] = set()
        """Pages of the current build whose HTML was reused, by source path."""
        self.reused_output: set[str] = set()
        """Pages of the current build whose theme HTML was reused, by source path."""

    def start_build(self, config: MkDocsConfig, files: Files) -> None:
        """Forget every page when the site's files or Markdown settings changed."""
        signature = markdown_signature(config, files)
        if signature != self._markdown_signature:
            self._pages.clear()
            self._markdown_signature = signature
        self._reusing.clear()
        self._output_keys.clear()
        self.reused_html.clear()
        self.reused_output.clear()

    def reuse_html(self, page: Page, markdown: str) -> bool:
        """Whether the page's HTML from the previous build holds for this final Markdown.

        If so, MkDocs may convert an empty document instead (or skip the conversion: see
        `skip_conversion`): `restore_html` puts the previous HTML back.
        """
        # A page's title comes from its front matter or from its first heading in the HTML;
        # only pages of the first kind can skip the conversion.
        if "title" not in page.meta:
            return False
        found = self._pages.get(page.file.src_uri)
        if found is None or found.markdown != _digest(markdown):
            return False
        self._reusing[page.file.src_uri] = (found, markdown)
        skip_conversion(page)
        return True

    def restore_html(self, html: str, page: Page, files: Files) -> str:
        """The page's HTML: the previous build's when reused, else this build's, kept."""
        src = page.file.src_uri
        reused = self._reusing.pop(src, None)
        if reused is None:
            assert page.markdown is not None
            self._pages[src] = Rendered(
                _digest(page.markdown),
                html,
                page.toc,
                frozenset(page.present_anchor_ids or ()),
                None
                if page.links_to_anchors is None
                else {
                    target.src_uri: dict(links) for target, links in page.links_to_anchors.items()
                },
            )
            return html
        found, page.markdown = reused
        self.reused_html.add(src)
        page.toc = found.toc
        page.present_anchor_ids = set(found.anchor_ids)
        if found.links_to_anchors is not None:
            page.links_to_anchors = {
                target: dict(links)
                for src_uri, links in found.links_to_anchors.items()
                if (target := files.get_file_from_path(src_uri)) is not None
            }
        return found.html

    def start_templates(self, config: MkDocsConfig, nav: Navigation) -> None:
        """Forget every page's theme HTML when anything else the theme reads changed."""
        signature = template_signature(config, nav, self._markdown_signature)
        if signature != self._template_signature:
            for rendered in self._pages.values():
                rendered.output = None
            self._template_signature = signature

    def output_of(self, page: Page) -> Markup | None:
        """The theme's HTML of this page from the previous build, if it still holds.

        A miss records the page's key, so `keep_output` keeps the HTML made now.
        """
        rendered = self._pages.get(page.file.src_uri)
        if rendered is None:
            return None
        # The HTML with titles filled in (see `fill_titles`), not just its Markdown.
        key = _page_key(page, _digest(page.content or ""))
        if rendered.output is not None and rendered.output_key == key:
            self.reused_output.add(page.file.src_uri)
            return Markup(rendered.output)
        self._output_keys[page.file.src_uri] = key
        return None

    def keep_output(self, output: str, page: Page) -> None:
        """Keep the theme's HTML of a page whose template asked for a reuse and missed."""
        key = self._output_keys.pop(page.file.src_uri, None)
        rendered = self._pages.get(page.file.src_uri)
        if key is not None and rendered is not None:
            rendered.output_key, rendered.output = key, output
