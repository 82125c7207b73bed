"""Building the site into a fresh folder, then swapping it in: a failed build leaves the
previous good site in place, and a folder that is not a previous site is never replaced."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def use_catalogue(content: str | Path) -> None:
    """Point mkdocs.yml at a catalogue folder: its records ($PLAYBOOK_CONTENT) and, when it
    has a pages/ folder of its own, its hand-written pages ($PLAYBOOK_PAGES); without one
    the bundled pages (written for any catalogue) are used."""
    folder = Path(content).resolve()
    os.environ["PLAYBOOK_CONTENT"] = str(folder)
    if (folder / "pages").is_dir():
        os.environ["PLAYBOOK_PAGES"] = str(folder / "pages")
    else:
        os.environ.pop("PLAYBOOK_PAGES", None)


BUILT_FROM = ".playbook-content"
"""File in a built site saying which catalogue folder it was built from: `playbook serve`
rebuilds a site whose marker is missing or names another catalogue (never served)."""


def catalogue_marker(content_dir: Path) -> str:
    """What BUILT_FROM holds for a catalogue folder: a digest of its absolute path, so that
    a published copy of the site does not tell the build machine's folder layout."""
    return hashlib.sha256(str(Path(content_dir).resolve()).encode()).hexdigest()[:16]


def mark_built_from(site_dir: Path, content_dir: Path) -> None:
    """Record in a built site which catalogue folder it shows."""
    (site_dir / BUILT_FROM).write_text(f"{catalogue_marker(content_dir)}\n", encoding="utf-8")


class SiteBuildError(Exception):
    """The site could not be built; the message holds the reasons, one per line
    (for a broken catalogue, the validator's file:line messages)."""


class UnsafeSiteDir(SiteBuildError):
    """The site folder asked for could not be replaced without deleting something that is
    not a previous site (the catalogue, the pages, the project, someone's files)."""


def catalogue_folder(config: MkDocsConfig, content: str) -> Path:
    """The catalogue folder `content` names, relative to the folder of mkdocs.yml."""
    return (Path(config.config_file_path or ".").resolve().parent / content).resolve()


@dataclass(frozen=True)
class SourceFolder:
    """A folder a build reads, which the site must never replace."""

    what: str
    folder: Path
    may_hold_site: bool = False
    """Whether the site may be written inside it (site/ is in the project folder)."""


def source_folders(config: MkDocsConfig) -> list[SourceFolder]:
    """The folders a build of `config` reads: its project, pages, theme and catalogue."""
    from .plugin import PlaybookPlugin  # imported here: the plugin imports this module

    project = Path(config.config_file_path or ".").resolve().parent
    sources = [
        SourceFolder("the project folder (where mkdocs.yml is)", project, may_hold_site=True),
        SourceFolder("the hand-written pages folder", Path(config.docs_dir).resolve()),
    ]
    if config.theme.custom_dir:
        sources.append(SourceFolder("the theme folder", Path(config.theme.custom_dir).resolve()))
    for plugin in config.plugins.values():
        if isinstance(plugin, PlaybookPlugin):
            content = catalogue_folder(config, plugin.config.content)
            sources.append(SourceFolder("the catalogue folder", content))
    return sources


def check_site_dir(target: Path, sources: list[SourceFolder]) -> None:
    """Raise UnsafeSiteDir unless building into `target` (resolved) can delete nothing but a
    previous site: it must not be or hold a source folder, nor lie inside one (but the
    project folder), and if it exists it must be a site Playbook built, or empty."""
    reason = _overlap(target, sources) or _not_a_site(target)
    if reason:
        raise UnsafeSiteDir(
            f"refusing to build the site into {target}: {reason}; "
            "choose a folder of its own for the site (site/ by default)"
        )


def _overlap(target: Path, sources: list[SourceFolder]) -> str | None:
    """Why `target` overlaps a source folder, if it does (the plainest reason first)."""
    for source in sources:
        if target == source.folder:
            return f"it is {source.what}"
    for source in sources:
        if source.folder.is_relative_to(target):
            return f"it holds {source.what}, {source.folder}"
    for source in sources:
        if not source.may_hold_site and target.is_relative_to(source.folder):
            return f"it is inside {source.what}, {source.folder}"
    return None


def _not_a_site(target: Path) -> str | None:
    """Why the existing `target` may not be replaced by a new site, if it may not.

    A site holds BUILT_FROM, or at least an index.html (one built before BUILT_FROM
    existed; `playbook serve` too takes a folder with an index.html for a site). Hidden
    entries do not count: they are moved into the new site (MkDocs, too, leaves hidden
    files in place: a .git, say)."""
    if not os.path.lexists(target):
        return None
    if target.is_symlink() or not target.is_dir():
        return "it is a file, not a folder"
    if not _visible_entries(target) or any(
        (target / name).is_file() for name in (BUILT_FROM, "index.html")
    ):
        return None
    return f"it holds files but no site built before (no {BUILT_FROM} or index.html)"


def _visible_entries(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if not name.startswith(".")]


class StagedSite:
    """A site built into a fresh folder beside its target, then swapped in whole."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{target.name}.building-", dir=target.parent))

    def swap_in(self) -> None:
        """Put the new site in place of the previous one (refusing, as `check_site_dir`
        does, to replace anything else), deleting only the previous site."""
        reason = _not_a_site(self.target)
        if reason:
            raise UnsafeSiteDir(f"refusing to replace {self.target}: {reason}")
        _swap(self.folder, self.target)

    def discard(self) -> None:
        """Delete the new site, after a failed build."""
        shutil.rmtree(self.folder, ignore_errors=True)


_PAGE_FAILED = re.compile(r"Error reading page '[^']*':")
"""MkDocs' line before the error of a page that failed, which names the page itself."""


class _Collect(logging.Handler):
    """Keeps the warnings and errors MkDocs logs during a build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not _PAGE_FAILED.fullmatch(message):
            self.messages.append(message)


@dataclass(frozen=True)
class BuiltSite:
    """Where a site was built, and the warnings MkDocs logged on the way."""

    site: Path
    warnings: list[str]


def build_site(
    config_file: str | Path = "mkdocs.yml", site_dir: Path | None = None, strict: bool = False
) -> Path:
    """Build the site described by `config_file` into `site_dir` (default: its site_dir).

    The build writes into a temporary folder beside the target and replaces the target
    only when it succeeded; otherwise it raises SiteBuildError and the target is untouched.
    """
    return build_site_reporting(config_file, site_dir, strict).site


def build_site_reporting(
    config_file: str | Path = "mkdocs.yml", site_dir: Path | None = None, strict: bool = False
) -> BuiltSite:
    """`build_site`, also returning the warnings of a build that passed (without `strict`,
    a broken link or anchor is a warning and the site is built all the same)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    staged: StagedSite | None = None
    try:
        config = load_config(str(config_file), strict=strict)
        target = Path(site_dir or config.site_dir).resolve()
        check_site_dir(target, source_folders(config))
        staged = StagedSite(target)
        # MkDocs' build() alone, without the startup event: the plugin leaves it to us.
        config.site_dir = str(staged.folder)
        build(config)
        staged.swap_in()
        staged = None
        return BuiltSite(target, list(collect.messages))
    except MkDocsException as exc:
        reasons = collect.messages or [str(exc)]
        raise SiteBuildError("\n".join(reasons)) from None
    except SystemExit as exc:  # a plugin or hook that exits instead of raising
        reasons = collect.messages or [f"a plugin stopped the build (exit status {exc.code})"]
        raise SiteBuildError("\n".join(reasons)) from None
    finally:
        logger.removeHandler(collect)
        if staged is not None:
            staged.discard()


def _swap(staging: Path, target: Path) -> None:
    """Put the freshly built folder in place of the previous site with renames; the
    previous site's hidden entries (but its BUILT_FROM) move into the new one."""
    if not os.path.lexists(target):
        staging.rename(target)
        target.chmod(0o755)
        return
    old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
    previous = old / target.name
    target.rename(previous)
    hidden = [name for name in os.listdir(previous) if name.startswith(".") and name != BUILT_FROM]
    carried = [name for name in hidden if not os.path.lexists(staging / name)]
    try:
        for name in carried:
            (previous / name).rename(staging / name)
        staging.rename(target)
    except OSError:
        for name in carried:  # back as it was: the previous site, whole, where it was
            if os.path.lexists(staging / name):
                (staging / name).rename(previous / name)
        previous.rename(target)
        old.rmdir()
        raise
    target.chmod(0o755)
    shutil.rmtree(old, ignore_errors=True)
