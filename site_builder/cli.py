"""`playbook build`: build the site, printing the catalogue's problems instead of a traceback.

Registered by catalog/cli.py; keeps its imports light, so `playbook --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

SHOWN_WARNINGS = 5
"""How many of a build's warnings `playbook build` prints unless asked for all of them."""


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site atomically; 1 with the reasons on stderr when it fails."""
    from .build import SiteBuildError, UnsafeSiteDir, build_site_reporting, use_catalogue

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.content:
        use_catalogue(args.content)
    started = time.monotonic()
    try:
        built = build_site_reporting(args.config_file, site_dir=args.site_dir, strict=args.strict)
    except UnsafeSiteDir as exc:  # refused before anything was written or removed
        print(exc, file=sys.stderr)
        return 1
    except SiteBuildError as exc:
        print(exc, file=sys.stderr)
        print("build failed; the previous site, if any, was kept", file=sys.stderr)
        return 1
    pages = sum(1 for _ in built.site.rglob("index.html"))
    print(f"built {pages} pages into {built.site} in {time.monotonic() - started:.1f} s")
    if built.warnings:
        print(warnings_message(built.warnings, show_all=args.warnings), file=sys.stderr)
    return 0


def warnings_message(warnings: list[str], show_all: bool = False) -> str:
    """The warnings of a build that passed: a count, the first few, and what to do next."""
    shown = warnings if show_all else warnings[:SHOWN_WARNINGS]
    lines = [f"{len(warnings)} warning(s) from MkDocs (broken links or anchors, usually):"]
    lines += [f"  {warning}" for warning in shown]
    if len(shown) < len(warnings):
        lines.append(f"  ... and {len(warnings) - len(shown)} more; --warnings lists them all")
    lines.append("the site was built anyway; --strict fails the build on any warning")
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `playbook build` to the `playbook` command."""
    build = subparsers.add_parser("build", help="build the playbook site (MkDocs)")
    build.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="MkDocs configuration (mkdocs.yml)"
    )
    build.add_argument(
        "-d",
        "--site-dir",
        type=Path,
        default=None,
        help="where to write the site (site/); a folder of its own: a previous site is "
        "replaced, anything else is refused",
    )
    build.add_argument(
        "--content",
        default=None,
        help="catalogue folder, when mkdocs.yml reads it from $PLAYBOOK_CONTENT",
    )
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument(
        "--warnings",
        action="store_true",
        help=f"print every warning, not the first {SHOWN_WARNINGS}",
    )
    build.set_defaults(func=cmd_build)
