"""`playbook build`: build the site, printing the catalogue's problems instead of a traceback.

Registered by catalog/cli.py; keeps its imports light, so `playbook --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site atomically; 1 with the reasons on stderr when it fails."""
    from . import SiteBuildError, build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.content:
        os.environ["PLAYBOOK_CONTENT"] = str(Path(args.content).resolve())
    started = time.monotonic()
    try:
        site = build_site(args.config_file, site_dir=args.site_dir, strict=args.strict)
    except SiteBuildError as exc:
        print(exc, file=sys.stderr)
        print("build failed; the previous site, if any, was kept", file=sys.stderr)
        return 1
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"built {pages} pages into {site} in {time.monotonic() - started:.1f} s")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `playbook build` to the `playbook` command."""
    build = subparsers.add_parser("build", help="build the playbook site (MkDocs)")
    build.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="MkDocs configuration (mkdocs.yml)"
    )
    build.add_argument(
        "-d", "--site-dir", type=Path, default=None, help="where to write the site (site/)"
    )
    build.add_argument(
        "--content",
        default=None,
        help="catalogue folder, when mkdocs.yml reads it from $PLAYBOOK_CONTENT",
    )
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.set_defaults(func=cmd_build)
