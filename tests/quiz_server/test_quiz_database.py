"""Schema versions, upgrades in place without data loss, WAL, backups, audit rows that
share their change's transaction, and writers queued on the writer lock."""

from __future__ import annotations

import fcntl
import inspect
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from quiz_server import attempts, audit, create_app, migrations
from quiz_server import db as quiz_db
from quiz_server.db import backup, check_schema, connect, migrate, writer_lock_path
from quiz_server.errors import StartupError


def test_new_database_is_current_and_in_wal_mode(app):
    conn = connect(app.config["DATABASE"])
    assert migrations.schema_version(conn) == migrations.latest_version() == 8
    assert conn.journal_mode == "wal"
    conn.close()


@pytest.mark.parametrize(("setting", "level"), [(None, 1), ("NORMAL", 1), ("full", 2)])
def test_request_connections_use_the_configured_synchronous_level(settings, setting, level):
    if setting is not None:
        settings["SYNCHRONOUS"] = setting.upper()
    app = create_app(settings)
    with app.app_context():
        assert quiz_db.get_db().execute("PRAGMA synchronous").fetchone()[0] == level


def test_database_from_an_older_version_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    conn = connect(path)
    migrations.migrations.apply(conn, stop_before="0002_attempt_grants")
    assert migrations.schema_version(conn) == 1
    conn.table("accounts").insert(
        {"email": "bob@tiny.example", "person_id": "bob", "is_admin": 0, "created_at": "t"}
    )
    conn.table("audit_log").insert({"at": "t", "actor": "x", "action": "old.row"})
    conn.close()
    with pytest.raises(StartupError) as info:
        check_schema(path)
    assert str(info.value) == (
        f"database {path} has schema version 1; this version of the app needs 8\n"
        "Hint: run `playbook quiz migrate` (it backs nothing up; run `playbook quiz backup` first)"
    )
    assert migrate(path) == [
        "0002_attempt_grants",
        "0003_catalog_imports",
        "0004_login_failure_indexes",
        "0005_signed_out_at",
        "0006_certification_names",
        "0007_requirements",
        "0008_sign_in_index",
    ]
    conn = connect(path)
    assert [r["email"] for r in conn.query("select email from accounts")] == ["bob@tiny.example"]
    assert [r["action"] for r in conn.query("select action, ip from audit_log")] == ["old.row"]
    assert {"attempt_grants", "catalog_imports"} <= set(conn.table_names())
    conn.close()
    assert migrate(path) == []


def test_migrations_never_drop_anything():
    source = inspect.getsource(migrations).lower()
    assert not re.search(r"drop\s+(table|column|index)|\.drop\(|\.transform\(", source)


def test_production_refuses_an_old_schema(settings, tmp_path):
    with pytest.raises(StartupError) as info:
        create_app({**settings, "AUTO_MIGRATE": False})
    assert "no database at" in str(info.value)


def test_backup_while_serving(app, login, tmp_path):
    login("bob")
    target = tmp_path / "copy.db"
    backup(app.config["DATABASE"], target)
    copy = sqlite3.connect(target)
    assert copy.execute("select count(*) from accounts").fetchone() == (1,)
    copy.close()


def test_audit_row_shares_the_transaction(app, login, client, db, monkeypatch):
    from quiz_helpers import post, right_answers

    login("bob")
    attempt_id = (
        post(client, "/modules/lead-routing-basics/start").headers["Location"].rsplit("/", 1)[-1]
    )
    answers = right_answers(attempts.get_attempt(db, attempt_id)["snapshot"])

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    catalog = app.extensions["playbook"].catalog
    with pytest.raises(sqlite3.OperationalError):
        attempt = attempts.get_attempt(db, attempt_id)
        attempts.submit_attempt(db, catalog, attempt, "bob", answers, app.config["CLOCK"]())
    assert attempts.get_attempt(db, attempt_id)["status"] == "open"  # rolled back together


def test_audit_refuses_to_write_outside_a_transaction(db, clock):
    with pytest.raises(RuntimeError):
        audit.record(db, clock(), "x", "y")


def test_writers_queue_on_the_writer_lock(app):
    first, second = connect(app.config["DATABASE"]), connect(app.config["DATABASE"])
    order: list[str] = []
    waiting = threading.Event()

    def write_second() -> None:
        waiting.set()
        with second.atomic():
            order.append("second")
            second.execute("insert into settings (key, value) values ('b', '2')")

    with first.atomic():
        first.execute("insert into settings (key, value) values ('a', '1')")
        writer = threading.Thread(target=write_second)
        writer.start()
        waiting.wait()
        time.sleep(0.2)  # the second writer is parked on the lock, not inside a transaction
        order.append("first")
    writer.join(timeout=10)
    assert order == ["first", "second"]
    assert {r["key"] for r in first.query("select key from settings")} >= {"a", "b"}
    first.close()
    second.close()


def test_a_failed_write_releases_the_writer_lock(db):
    with pytest.raises(sqlite3.IntegrityError), db.atomic():
        db.execute("insert into accounts (email) values (null)")
    with open(writer_lock_path(db_path(db)), "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: raises if still held
        fcntl.flock(lock, fcntl.LOCK_UN)


def test_checkpoints_run_in_a_thread_of_their_own_not_in_the_request(db, monkeypatch):
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    monkeypatch.setattr(quiz_db, "CHECKPOINT_EVERY", 2)
    assert db.execute("pragma wal_autocheckpoint").fetchone() == (0,)
    checkpointer = quiz_db.Checkpointer.of(str(db_path(db)))
    before = checkpointer.done
    for key in ("a", "b", "c", "d"):
        with db.atomic():
            db.execute("insert into settings (key, value) values (?, '1')", [key])
    assert not any("wal_checkpoint" in s for s in statements)  # the writer never waits
    for _ in range(500):
        if checkpointer.done > before:
            break
        time.sleep(0.01)
    assert checkpointer.done > before


def db_path(db) -> Path:
    return Path(db.execute("pragma database_list").fetchone()[2])


def test_database_and_backups_are_readable_by_their_owner_only(app, tmp_path):
    import stat

    for path in (app.config["DATABASE"], writer_lock_path(app.config["DATABASE"])):
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    target = tmp_path / "b.db"
    backup(app.config["DATABASE"], target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_backup_refuses_what_it_cannot_do_without_a_traceback(app, tmp_path):
    with pytest.raises(StartupError, match="no folder"):
        backup(app.config["DATABASE"], tmp_path / "missing" / "b.db")
    (tmp_path / "taken.db").write_text("keep me")
    with pytest.raises(StartupError, match="exists already"):
        backup(app.config["DATABASE"], tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_text() == "keep me"
    with pytest.raises(StartupError, match="cannot back up to"):
        backup(app.config["DATABASE"], Path("/proc/playbook-backup.db"))
