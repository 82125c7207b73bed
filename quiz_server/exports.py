"""CSV exports of attempts, certifications and readiness; cells cannot smuggle formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from catalog import Catalog

from .certifications import with_standing
from .progress import effective_status
from .readiness import Matrix

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A leading quote keeps spreadsheets from running the cell as a formula.
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _rows_of(db: Database, sql: str, person_ids: list[str] | None, order: str) -> Any:
    """Rows of a query over a person_id column, limited to these people when given."""
    params: list[str] = []
    if person_ids is not None:
        # only placeholders are formatted in; the IDs themselves are bound
        sql += f" where person_id in ({','.join('?' for _ in person_ids)})"
        params = person_ids
    return db.query(f"{sql} order by {order}, id", params)


def attempts_csv(
    db: Database, catalog: Catalog, person_ids: list[str] | None, now: dt.datetime
) -> str:
    """Every attempt (of these people, or of everyone); an open attempt past its time
    limit shows as expired, as everywhere else."""
    sql = (
        "select id, person_id, module_id, status, started_at, expires_at, submitted_at, score, "
        "passed, catalog_version from attempts"
    )
    rows = _rows_of(db, sql, person_ids, "started_at")
    return to_csv(
        [
            "attempt",
            "person",
            "name",
            "module",
            "status",
            "started_at",
            "expires_at",
            "submitted_at",
            "score",
            "passed",
            "catalog_version",
        ],
        (
            [
                r["id"],
                r["person_id"],
                _name(catalog, r["person_id"]),
                r["module_id"],
                effective_status(r, now),
                r["started_at"],
                r["expires_at"],
                r["submitted_at"],
                r["score"],
                "" if r["passed"] is None else bool(r["passed"]),
                r["catalog_version"],
            ]
            for r in rows
        ),
    )


def certifications_csv(
    db: Database, catalog: Catalog, person_ids: list[str] | None, now: dt.datetime
) -> str:
    """Every certification, whether it is current and if not why (see `standing`)."""
    sql = (
        "select id, person_id, role_id, certified_at, expires_at, catalog_version, person_name "
        "from certifications"
    )
    rows = with_standing(db, catalog, list(_rows_of(db, sql, person_ids, "certified_at")), now)
    return to_csv(
        [
            "certification",
            "person",
            "name",
            "role",
            "certified_at",
            "expires_at",
            "catalog_version",
            "current",
            "not_current_because",
        ],
        (
            [
                r["id"],
                r["person_id"],
                _name(catalog, r["person_id"]) or r["person_name"],
                r["role_id"],
                r["certified_at"],
                r["expires_at"],
                r["catalog_version"],
                r["current"],
                r["standing"].reason,
            ]
            for r in rows
        ),
    )


def readiness_csv(matrix: Matrix) -> str:
    """One row per person and required module."""
    rows = []
    for person in matrix.people:
        for module in matrix.modules:
            cell = matrix.cell(person.id, module.id)
            if cell is None:
                continue
            rows.append(
                [
                    person.id,
                    person.name,
                    module.id,
                    cell.category,
                    cell.status,
                    cell.best_score,
                    cell.due_date,
                    cell.valid_until.date() if cell.valid_until else "",
                ]
            )
    return to_csv(
        ["person", "name", "module", "category", "status", "best_score", "due_date", "valid_until"],
        rows,
    )


def _name(catalog: Catalog, person_id: str) -> str:
    person = catalog.people.get(person_id)
    return person.name if person else ""
