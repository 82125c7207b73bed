"""The catalogue the app serves: loaded at start-up, reloaded when an import is recorded.

`playbook quiz reload` validates the content and records its version in the database;
each worker notices the new record (checking at most every few seconds) and reloads.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path

from sqlite_utils import Database

from catalog import Catalog, CatalogError, load_catalog

from . import accounts, audit
from .clock import to_text
from .errors import StartupError
from .people import active
from .progress import requirement_basis

log = logging.getLogger("quiz_server")  # Flask's app.logger for this app


def load_content(content_dir: Path) -> Catalog:
    """Load a catalogue that must be free of errors, or raise StartupError listing them."""
    try:
        return load_catalog(content_dir)
    except CatalogError as exc:
        problems = "\n".join(str(p) for p in exc.problems if p.is_error)
        raise StartupError(
            f"the catalogue in {content_dir} has errors:\n{problems}",
            f"run `playbook validate {content_dir}` and fix them",
        ) from None


def record_import(db: Database, catalog: Catalog, now: dt.datetime, actor: str) -> bool:
    """Record a catalogue version as imported, unless it is the latest already; True if new."""
    with db.atomic():
        db.execute(
            "insert into settings (key, value) values ('catalog_version', ?) "
            "on conflict (key) do update set value = excluded.value",
            [catalog.version],
        )
        latest = list(db.query("select version from catalog_imports order by id desc limit 1"))
        unchanged = bool(latest) and latest[0]["version"] == catalog.version
        if not unchanged or not _requirements_noted(db):  # a worker's start-up: nothing new
            record_requirements(db, catalog, now)
        if unchanged:
            return False
        db.table("catalog_imports").insert(
            {
                "version": catalog.version,
                "imported_at": to_text(now),
                "counts": json.dumps(catalog.counts()),
            }
        )
        audit.record(db, now, actor, "catalog.imported", catalog.version, catalog.counts())
        end_departed_sessions(db, catalog, now, actor)
    return True


def record_requirements(db: Database, catalog: Catalog, now: dt.datetime) -> None:
    """Note, for each person and module their roles require, since when it is required on
    its current basis (first seen now unless noted before), and forget what no longer is:
    a role given back later is a new requirement. Due dates count from there. The first
    time (a new database, or one made before requirements were noted) counts from the
    first catalogue import, so an upgrade does not give everyone 30 days more."""
    started = _requirements_noted(db)
    first = list(db.query("select min(imported_at) as at from catalog_imports"))[0]["at"]
    since = to_text(now) if started or not first else first
    if not started:
        db.execute("insert into settings (key, value) values ('requirements_noted', ?)", [since])
    noted = {
        (r["person_id"], r["module_id"], r["basis"])
        for r in db.query("select person_id, module_id, basis from requirements")
    }
    wanted = {
        (person.id, module.id, requirement_basis(catalog, module))
        for person in active(catalog.people.values())
        for role in person.roles
        for module in catalog.graph.modules_for_role(role)
    }
    db.conn.executemany(
        "insert into requirements (person_id, module_id, basis, since) values (?, ?, ?, ?)",
        [(*key, since) for key in wanted - noted],
    )
    db.conn.executemany(
        "delete from requirements where person_id = ? and module_id = ? and basis = ?",
        noted - wanted,
    )


def _requirements_noted(db: Database) -> bool:
    return any(True for _ in db.query("select 1 from settings where key = 'requirements_noted'"))


def end_departed_sessions(db: Database, catalog: Catalog, now: dt.datetime, actor: str) -> None:
    """Sign out, for good, the accounts of people this catalogue no longer has (left,
    retired, or their address given to someone else): were they to come back in a later
    catalogue, their old session cookies must not work again. An invite starts afresh."""
    departed = {
        account["email"]: account
        for account in db.query("select * from accounts where person_id is not null")
        if not accounts.may_sign_in(account, catalog)
    }
    ended = [
        departed[row["subject"]]  # those signed in since they were last signed out
        for row in _last_sign_ins(db, list(departed))
        if (departed[row["subject"]]["signed_out_at"] or "") < row["at"]
    ]
    for account in ended:
        db.execute(
            "update accounts set signed_out_at = ? where id = ?", [to_text(now), account["id"]]
        )
        audit.record(
            db, now, actor, "auth.signed_out", account["email"], {"why": "left the catalogue"}
        )


def _last_sign_ins(db: Database, emails: list[str]) -> list[dict]:
    """The last sign-in of each of these addresses that ever signed in (one indexed query
    per 500 addresses)."""
    found: list[dict] = []
    for i in range(0, len(emails), 500):
        chunk = emails[i : i + 500]
        marks = ",".join("?" for _ in chunk)
        found += db.query(
            "select subject, max(at) as at from audit_log where action = 'auth.signed_in' "
            f"and subject in ({marks}) group by subject",  # noqa: S608 - placeholders only
            chunk,
        )
    return found


class CatalogState:
    """The current catalogue of one app, swapped whole on reload."""

    def __init__(self, content_dir: Path, catalog: Catalog, check_seconds: float) -> None:
        self.content_dir = content_dir
        self.catalog = catalog
        self.check_seconds = check_seconds
        self._seen_version: str | None = catalog.version
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def current(self, db: Database) -> Catalog:
        """The catalogue, reloaded first if a newer import was recorded since the last check."""
        if time.monotonic() - self._checked < self.check_seconds:
            return self.catalog
        with self._lock:
            self._checked = time.monotonic()
            rows = list(db.query("select value from settings where key = 'catalog_version'"))
            recorded = rows[0]["value"] if rows else None
            if recorded and recorded != self._seen_version:
                self._seen_version = recorded
                try:
                    self.catalog = load_content(self.content_dir)
                except StartupError as exc:
                    log.error("catalogue reload failed: %s", exc)
        return self.catalog

    def reload(self) -> Catalog:
        """Load the content again now (errors leave the current catalogue in place)."""
        self.catalog = load_content(self.content_dir)
        self._seen_version = self.catalog.version
        return self.catalog
