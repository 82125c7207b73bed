"""Time as a dependency: the app asks `app.config["CLOCK"]()` so tests can move it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def to_text(moment: dt.datetime) -> str:
    """A time as stored in the database: ISO 8601 in UTC, to the microsecond (sorts as text)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> dt.datetime:
    """A stored time back as an aware datetime."""
    return dt.datetime.fromisoformat(text)


def shown(text: str | None) -> str:
    """A stored time as people read it: 2026-11-26 10:04 UTC."""
    if not text:
        return ""
    return from_text(text).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
