"""The audit log: one row per state change, written inside the change's own transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from . import jsonio
from .clock import to_text


def record(
    db: Database,
    at: dt.datetime,
    actor: str,
    action: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> None:
    """Add an audit row; call it inside the `db.atomic()` block of the change it records."""
    if not db.conn.in_transaction:
        raise RuntimeError(f"audit row for {action} written outside a transaction")
    db.execute(
        "insert into audit_log (at, actor, action, subject, detail, ip) values (?, ?, ?, ?, ?, ?)",
        [to_text(at), actor, action, subject, jsonio.dumps(detail or {}), ip],
    )


def recent(db: Database, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    """Audit rows, newest first."""
    return list(
        db.query("select * from audit_log order by id desc limit ? offset ?", [limit, offset])
    )
