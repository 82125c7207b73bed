"""Operations behind `playbook quiz ...` and `flask --app quiz_server ...`: one function
each, taking settings and returning what to print. Errors stay StartupError/QuizError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app

from . import accounts, db
from .catalog_state import load_content, record_import
from .clock import system_clock
from .errors import QuizError, StartupError

TRAIN_PATH = "/train"


SERVED_URL = "served_url"  # in the data folder: where `playbook serve` last listened


def public_base(settings: dict[str, Any]) -> str:
    """PLAYBOOK_BASE_URL when it is set; otherwise the address `playbook serve` last served
    this data folder at (so `serve --port 8080` and a later `quiz invite` agree)."""
    if not settings.get("BASE_URL_GIVEN", True):
        try:
            served = (Path(settings["DATA_DIR"]) / SERVED_URL).read_text(encoding="utf-8")
        except OSError:
            served = ""
        if served.strip().startswith(("http://", "https://")):
            return served.strip()
    return str(settings["BASE_URL"])


def train_url(settings: dict[str, Any], path: str) -> str:
    """A full link into the training app as served by `playbook serve` or a reverse proxy."""
    return f"{public_base(settings)}{TRAIN_PATH}{path}"


def init_db(settings: dict[str, Any]) -> str:
    applied = db.migrate(settings["DATABASE"])
    if not applied:
        return f"{settings['DATABASE']}: already up to date"
    return f"{settings['DATABASE']}: applied {', '.join(applied)}"


def reload_catalog(settings: dict[str, Any]) -> str:
    """Validate the content and record it as the catalogue to serve; workers follow."""
    catalog = load_content(Path(settings["CONTENT_DIR"]))
    conn = db.connect(settings["DATABASE"])
    try:
        new = record_import(conn, catalog, system_clock(), "cli")
    finally:
        conn.close()
    counts = ", ".join(f"{n} {k}" for k, n in catalog.counts().items() if n)
    state = "imported" if new else "already current"
    return (
        f"catalogue {catalog.version} {state} ({counts})\n"
        "The site is not rebuilt by this: `playbook build` publishes the same catalogue there."
    )


def _with_catalog(settings: dict[str, Any]) -> tuple[Any, Any]:
    db.check_schema(settings["DATABASE"])
    return load_content(Path(settings["CONTENT_DIR"])), db.connect(settings["DATABASE"])


def create_admin(settings: dict[str, Any], email: str, now: dt.datetime | None = None) -> str:
    catalog, conn = _with_catalog(settings)
    try:
        token = accounts.create_admin(
            conn, catalog, email, now or system_clock(), "cli", settings["TOKEN_HOURS"]
        )
    finally:
        conn.close()
    link = train_url(settings, f"/auth/link/{token}")
    return f"{email} is an admin. One-time sign-in link:\n{link}"


def invite(settings: dict[str, Any], who: str, now: dt.datetime | None = None) -> str:
    catalog, conn = _with_catalog(settings)
    try:
        token = accounts.invite(
            conn, catalog, who, now or system_clock(), "cli", settings["TOKEN_HOURS"]
        )
    finally:
        conn.close()
    hours = settings["TOKEN_HOURS"]
    link = train_url(settings, f"/auth/invite/{token}")
    return f"Invite link for {who} (works once, for {hours} hours):\n{link}"


def first_admin_link(settings: dict[str, Any], catalog: Any) -> str | None:
    """The one-time admin sign-in link to print on first start, if no admin has signed in."""
    conn = db.connect(settings["DATABASE"])
    try:
        token = accounts.first_admin_token(conn, catalog, system_clock())
    finally:
        conn.close()
    return train_url(settings, f"/auth/link/{token}") if token else None


def backup(settings: dict[str, Any], target: str | None) -> str:
    stamp = system_clock().strftime("%Y%m%dT%H%M%SZ")
    path = Path(target) if target else Path(settings["DATA_DIR"]) / f"backup-{stamp}.db"
    db.backup(settings["DATABASE"], path)
    return f"backed up {settings['DATABASE']} to {path}"


def register_commands(app: Flask) -> None:
    """The same operations as Flask CLI commands (`flask --app quiz_server init-db`)."""

    def settings() -> dict[str, Any]:
        return dict(current_app.config)

    def say(run: Callable[[], str]) -> None:
        """Print an operation's answer, or its error as one line and exit 1 (no traceback)."""
        try:
            click.echo(run())
        except QuizError as exc:
            raise click.ClickException(exc.message) from None
        except StartupError as exc:
            raise click.ClickException(str(exc)) from None

    @app.cli.command("init-db")
    def init_db_command() -> None:
        """Create or upgrade the database."""
        say(lambda: init_db(settings()))

    @app.cli.command("migrate")
    def migrate_command() -> None:
        """Apply pending schema migrations (never drops data)."""
        say(lambda: init_db(settings()))

    @app.cli.command("reload")
    def reload_command() -> None:
        """Validate the content and make it the catalogue served."""
        say(lambda: reload_catalog(settings()))

    @app.cli.command("create-admin")
    @click.argument("email")
    def create_admin_command(email: str) -> None:
        """Make EMAIL an admin and print a one-time sign-in link."""
        say(lambda: create_admin(settings(), email))

    @app.cli.command("invite")
    @click.argument("person")
    def invite_command(person: str) -> None:
        """Print a one-time invite link for PERSON (ID or e-mail)."""
        say(lambda: invite(settings(), person))

    @app.cli.command("backup")
    @click.argument("target", required=False)
    def backup_command(target: str | None) -> None:
        """Copy the database with SQLite's online backup (safe while serving)."""
        say(lambda: backup(settings(), target))
