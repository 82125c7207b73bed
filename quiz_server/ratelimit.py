"""The sign-in rate limit: failures counted per address and per client in the database,
so every worker process sees the same counts."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from . import audit
from .clock import to_text
from .errors import QuizError

CLIENT_FACTOR = 4  # one client may fail this many times the per-account limit


def check_login_allowed(
    db: Database, email: str, ip: str, now: dt.datetime, limit: int, window_seconds: int
) -> None:
    """Raise 429 when too many sign-ins failed recently for this account or from this client."""
    since = to_text(now - dt.timedelta(seconds=window_seconds))
    minutes = max(1, window_seconds // 60)
    count_email = next(
        db.query(
            "select count(*) as n from login_failures where email = ? and at > ?", [email, since]
        )
    )["n"]
    if count_email >= limit:
        raise QuizError(
            429,
            f"too many failed sign-ins for this account; try again in {minutes} minutes",
        )
    count_ip = next(
        db.query("select count(*) as n from login_failures where ip = ? and at > ?", [ip, since])
    )["n"]
    if count_ip >= limit * CLIENT_FACTOR:
        raise QuizError(
            429, f"too many failed sign-ins from your address; try again in {minutes} minutes"
        )


def record_failure(
    db: Database, email: str, ip: str, now: dt.datetime, window_seconds: int
) -> None:
    """Count a failed sign-in, with its audit row. Failures older than the window no longer
    count, so they are deleted (the audit log keeps every one)."""
    with db.atomic():
        db.execute(
            "delete from login_failures where at <= ?",
            [to_text(now - dt.timedelta(seconds=window_seconds))],
        )
        db.execute(
            "insert into login_failures (email, ip, at) values (?, ?, ?)",
            [email, ip, to_text(now)],
        )
        audit.record(db, now, email, "auth.failed", email, ip=ip)


def clear_failures(db: Database, email: str) -> None:
    """Forget an account's failures after a successful sign-in (inside its transaction)."""
    db.execute("delete from login_failures where email = ?", [email])
