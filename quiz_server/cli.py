"""`playbook serve` and `playbook quiz ...`: argument parsing only; the work is imported
when a command runs, so building the `playbook` parser stays cheap."""

from __future__ import annotations

import argparse
import sys


def _port(text: str) -> int:
    """A TCP port number, 1 to 65535 (argparse prints the message and exits 2 otherwise)."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number from 1 to 65535")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    """Add this package's commands to the `playbook` parser."""
    serve = sub.add_parser(
        "serve", help="build the site if needed and serve it at / with training at /train"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.add_argument("--content", default=None, help="content folder (default: content)")
    serve.add_argument("--no-build", action="store_true", help="never build the site")
    serve.set_defaults(func=cmd_serve)

    quiz = sub.add_parser("quiz", help="manage the training service's database and accounts")
    quiz.add_argument("--content", default=None, help="content folder (default: content)")
    quiz.add_argument("--data-dir", default=None, help="data folder (default: .playbook)")
    actions = quiz.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("init-db", help="create or upgrade the database")
    actions.add_parser("migrate", help="apply pending schema migrations (never drops data)")
    actions.add_parser("reload", help="validate the content and make it the catalogue served")
    admin = actions.add_parser("create-admin", help="make an e-mail an admin; print a link")
    admin.add_argument("email")
    invite = actions.add_parser("invite", help="print a one-time invite link for a person")
    invite.add_argument("person", help="person ID or e-mail")
    backup = actions.add_parser("backup", help="copy the database safely while serving")
    backup.add_argument("target", nargs="?", help="file to write (default: in the data folder)")
    quiz.set_defaults(func=cmd_quiz)


def settings_from(args: argparse.Namespace) -> dict:
    """Settings from the environment, with the command line's folders on top."""
    import os
    from pathlib import Path

    from .config import config_from_env, defaults

    env = dict(os.environ)
    if getattr(args, "data_dir", None):
        env["PLAYBOOK_DATA_DIR"] = args.data_dir
    if args.content:
        env["PLAYBOOK_CONTENT"] = args.content
    settings = {**defaults(), **config_from_env(env)}
    settings["CONTENT_DIR"] = Path(settings["CONTENT_DIR"])
    return settings


def cmd_quiz(args: argparse.Namespace) -> int:
    from . import commands
    from .errors import QuizError, StartupError

    try:
        settings = settings_from(args)
        if args.action in {"init-db", "migrate"}:
            print(commands.init_db(settings))
        elif args.action == "reload":
            print(commands.reload_catalog(settings))
        elif args.action == "create-admin":
            print(commands.create_admin(settings, args.email))
        elif args.action == "invite":
            print(commands.invite(settings, args.person))
        elif args.action == "backup":
            print(commands.backup(settings, args.target))
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except QuizError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .errors import StartupError
    from .serve import serve

    try:
        return serve(settings_from(args), args.host, args.port, build=not args.no_build)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
