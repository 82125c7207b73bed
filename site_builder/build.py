"""Building the site into a fresh folder, then swapping it in: a failed build leaves the
previous good site in place."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


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
    staging: Path | None = None
    try:
        config = load_config(str(config_file), strict=strict)
        target = Path(site_dir or config.site_dir).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.building-", dir=target.parent))
        config.site_dir = str(staging)
        build(config)
        _swap(staging, target)
        staging = None
        return BuiltSite(target, list(collect.messages))
    except MkDocsException as exc:
        reasons = collect.messages or [str(exc)]
        raise SiteBuildError("\n".join(reasons)) from None
    except SystemExit as exc:  # a plugin or hook that exits instead of raising
        reasons = collect.messages or [f"a plugin stopped the build (exit status {exc.code})"]
        raise SiteBuildError("\n".join(reasons)) from None
    finally:
        logger.removeHandler(collect)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put the freshly built folder in place of the old one with two renames."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
        target.rename(old / target.name)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)
    target.chmod(0o755)
