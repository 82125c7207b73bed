"""The `playbook` command: thin wrappers that print what the packages return.

Other packages add their subcommands through a `register(subparsers)` function in their
own `cli` module (see EXTENSIONS), imported only to build the parser.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from .loader import load
from .problems import FORMATS
from .schema import SCHEMA_DIR, render_schemas, write_schemas

EXTENSIONS = ("site_builder.cli", "quiz_server.cli")
DEFAULT_CONTENT = "content"


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a catalogue; print every problem and a summary; 1 if any error."""
    catalog = load(args.content, cache=not args.no_cache)
    print(FORMATS[args.format](catalog.problems, catalog.counts()))
    return 0 if catalog.ok else 1


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of every kind, or check the written ones are current."""
    out = Path(args.out)
    if args.check:
        stale = [
            name
            for name, text in render_schemas().items()
            if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"{out}: stale schemas: {', '.join(stale)}; run `playbook schema`")
            return 1
        print(f"{out}: schemas are current")
        return 0
    for path in write_schemas(out):
        print(path)
    return 0


def build_parser(*, extensions: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook",
        description="Playbook: a knowledge base and training platform from a process catalogue.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = sub.add_parser("validate", help="check a catalogue and report every problem")
    validate.add_argument(
        "content", nargs="?", default=DEFAULT_CONTENT, help="content folder (default: content)"
    )
    validate.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="text (file:line messages), json, or github (annotations)",
    )
    validate.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file again instead of reusing cached results",
    )
    validate.set_defaults(func=cmd_validate)
    schema = sub.add_parser("schema", help="write the JSON Schema of every record kind")
    schema.add_argument(
        "--out",
        default=str(SCHEMA_DIR),
        help="folder to write into (default: the bundled schema folder)",
    )
    schema.add_argument(
        "--check", action="store_true", help="exit 1 if the schemas in --out are not current"
    )
    schema.set_defaults(func=cmd_schema)
    for name in EXTENSIONS if extensions else ():
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # validate and schema need none of the web stack: skip importing it (a third of a
    # second of Flask and MkDocs) unless another command, or --help, is asked for
    own = bool(argv) and argv[0] in {"validate", "schema"}
    args = build_parser(extensions=not own).parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The `playbook` console script: main(), then a quick exit after validate and schema.

    Freeing a large catalogue object by object at interpreter exit takes longer than
    validating it (0.9 s of 3 s at 7,800 records), and nothing is left to clean up.
    """
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`playbook validate | head`): end quietly, with the
        # status of a command killed by SIGPIPE, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        os._exit(128 + 13)
    if sys.argv[1:2] in (["validate"], ["schema"]):
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
