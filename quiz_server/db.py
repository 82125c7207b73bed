"""The database: one sqlite-utils connection per request on `g`, WAL, versioned schema."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import click
import sqlite_utils
from flask import Flask, current_app, g

from .errors import StartupError
from .migrations import latest_version, migrations, schema_version

try:
    import fcntl
except ImportError:  # Windows: writers queue on SQLite's busy timeout alone
    fcntl = None  # type: ignore[assignment]


# About SQLite's default of 1,000 WAL pages between checkpoints, for submissions (5-6 pages
# each) from two workers.
CHECKPOINT_EVERY = 100


class Checkpointer:
    """Copies a WAL database's committed pages back into it from a thread of its own.

    A checkpoint writes pages and waits for the disk (milliseconds); run in the request
    that asked for it, a sync worker would stall while it waits. PASSIVE never blocks
    readers or writers, and the thread holds its own connection. One per database file
    and process (a forked worker starts its own on first use).
    """

    _all: dict[tuple[int, str], Checkpointer] = {}
    _guard = threading.Lock()

    def __init__(self, path: str) -> None:
        self.path = path
        self.wanted = threading.Event()
        self.done = 0
        threading.Thread(target=self._run, name="playbook-checkpoint", daemon=True).start()

    @classmethod
    def of(cls, path: str) -> Checkpointer:
        key = (os.getpid(), path)
        with cls._guard:
            if key not in cls._all:
                cls._all[key] = cls(path)
            return cls._all[key]

    def request(self) -> None:
        self.wanted.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        try:
            while True:
                self.wanted.wait()
                self.wanted.clear()
                with contextlib.suppress(sqlite3.Error):  # busy or gone: the next one catches up
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                self.done += 1
        finally:
            conn.close()


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost `atomic()` block first takes the writer lock.

    SQLite makes a writer that finds the write lock taken sleep and retry (1 ms, then 2, 5,
    10 ... ms), so two workers writing at once lose milliseconds per collision. A file lock
    next to the database queues them in the kernel instead: the next writer wakes the moment
    the last one commits. SQLite's own locking still decides correctness (a process that does
    not take this lock is only slower), and the kernel drops the lock of a killed process.

    SQLite's automatic checkpoint would run inside COMMIT, so under this lock, stalling every
    writer for milliseconds; instead every CHECKPOINT_EVERY write transactions a connection
    asks the process's Checkpointer thread for one, and does not wait for it.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        super().__init__(conn, execute_plugins=False)
        self._path = path
        self._lock_path = writer_lock_path(path) if fcntl is not None and path else None
        self._lock_fd: int | None = None
        self._writes = 0
        if self._lock_path is not None:
            self.execute("PRAGMA wal_autocheckpoint = 0")

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction or self._lock_path is None:
            with super().atomic():
                yield self
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            with super().atomic():
                yield self
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY == 0:
            Checkpointer.of(str(self._path)).request()

    def close(self) -> None:
        super().close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def writer_lock_path(path: Path) -> Path:
    """The file the writer lock is taken on, beside the database."""
    return path.with_name(path.name + "-writer-lock")


def connect(path: Path, synchronous: str = "NORMAL") -> Database:
    """Open the database with the settings every connection needs."""
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = Database(conn, Path(path))
    db.execute("PRAGMA foreign_keys = ON")
    # NORMAL or FULL only, checked in config; never taken from a request.
    db.execute(f"PRAGMA synchronous = {synchronous}")
    return db


_local = threading.local()


def get_db() -> Database:
    """The request's connection: the thread's own, opened on first use and kept open.

    Keeping it open matters for speed: closing the last connection to a WAL database
    checkpoints and deletes the WAL file, which would cost every request a few fsyncs.
    """
    if "db" not in g:
        g.db = thread_connection(current_app.config["DATABASE"], current_app.config["SYNCHRONOUS"])
    return g.db


def thread_connection(path: Path, synchronous: str) -> Database:
    """This thread's connection to a database, opened on first use and kept open."""
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    if path not in connections:
        connections[path] = connect(path, synchronous)
    return connections[path]


def close_db(_exc: BaseException | None = None) -> None:
    """End the request's use of the connection; a transaction left open is rolled back."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def fetch(db: Database, sql: str, params: list | tuple = ()) -> list[dict]:
    """Rows as dicts, read without sqlite-utils' per-query savepoint (for hot paths)."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def migrate(path: Path) -> list[str]:
    """Create or upgrade the database in place, in WAL mode; the names of migrations applied."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)  # password and link hashes: readable by the app's user only
    db = connect(path)
    try:
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
        if db.journal_mode != "wal":
            db.enable_wal()
        return pending
    finally:
        db.close()


def check_schema(path: Path) -> None:
    """Raise StartupError unless the database exists with the current schema."""
    if not path.is_file():
        raise StartupError(
            f"no database at {path}", "run `playbook quiz init-db` (or set PLAYBOOK_DATA_DIR)"
        )
    db = connect(path)
    try:
        have, want = schema_version(db), latest_version()
    finally:
        db.close()
    if have < want:
        raise StartupError(
            f"database {path} has schema version {have}; this version of the app needs {want}",
            "run `playbook quiz migrate` (it backs nothing up; run `playbook quiz backup` first)",
        )
    if have > want:
        raise StartupError(
            f"database {path} has schema version {have}, newer than this app's {want}",
            "upgrade the app",
        )


def backup(source: Path, target: Path) -> None:
    """Copy the database with SQLite's online backup: consistent while the app serves."""
    if not source.is_file():
        raise StartupError(f"no database at {source}", "check PLAYBOOK_DATA_DIR")
    if not target.parent.is_dir():
        raise StartupError(f"no folder {target.parent}", "create it first, or name another file")
    if target.exists():
        raise StartupError(f"{target} exists already", "name a new file, or move the old one")
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StartupError(f"cannot back up to {target}: {exc}", "name a writable file") from None
    finally:
        src.close()
    os.chmod(target, 0o600)  # it holds password hashes


def init_app(app: Flask) -> None:
    """Register the connection teardown; create or check the schema."""
    app.teardown_appcontext(close_db)
    if app.config["AUTO_MIGRATE"]:
        migrate(app.config["DATABASE"])
    elif click.get_current_context(silent=True) is None:
        # Serving (not a `flask` command such as `migrate`, which must run on an old schema).
        check_schema(app.config["DATABASE"])
