"""What a new hire is shown as in force: retired records left out, drafts marked.

Record pages of every status stay built (each with its banner); the views that tell a
new hire what to do (onboarding paths, start here, recent changes, RACI tables, related
work) ask here which records to show and how to label those not in force yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from catalog.models import Record, Status

from .markdown import link

R = TypeVar("R", bound=Record)


def in_force(record: Record) -> bool:
    """Whether the record is active: neither a draft nor retired."""
    return record.status is Status.active


def not_retired(records: Iterable[R]) -> list[R]:
    """The records that are active or drafts, in the order given."""
    return [r for r in records if r.status is not Status.retired]


def status_note(record: Record) -> str:
    """' _(draft)_' or ' _(retired)_' after a record not in force; nothing otherwise."""
    return "" if in_force(record) else f" _({record.status})_"


def marked_link(record: Record) -> str:
    """A link to a record, followed by its status when it is not in force."""
    return link(record) + status_note(record)


def marked_links(records: Iterable[Record], empty: str = "—") -> str:
    """Comma-separated `marked_link`s, or `empty` when there are none."""
    found = [marked_link(r) for r in records]
    return ", ".join(found) if found else empty
