"""Role certifications: granted when every module a role requires is complete and valid.

A certification row records when, the catalogue version, and per module the evidence and
the versions of the processes it covered; it is genuine while the row exists. It is current
while it has not expired, its person still works here, its role still exists and every
module the role requires today is still complete (a process's new version needing a new
acknowledgement, or a module added to the role, ends it until the person catches up).
The verification URL carries an unguessable token, not the row ID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from catalog import Catalog
from catalog.models import TrainingModule

from . import audit
from .clock import from_text, to_text
from .errors import not_found
from .people import active_person
from .progress import History, Progress, history, module_progress


def role_progress(
    catalog: Catalog, role_id: str, person_id: str, rows: dict, now: dt.datetime
) -> list[Progress]:
    """Progress on each module the role requires, for one person."""
    person = catalog.people.get(person_id)
    return [
        module_progress(catalog, person, m, rows.get((person_id, m.id), History()), now)
        for m in catalog.graph.modules_for_role(role_id)
    ]


def _evidence(db: Database, progress: Progress, catalog: Catalog) -> dict[str, Any]:
    module = progress.module
    covers = {
        pid: catalog.processes[pid].version for pid in module.covers if pid in catalog.processes
    }
    if progress.passing_attempt:
        rows = list(
            db.query("select snapshot from attempts where id = ?", [progress.passing_attempt])
        )
        if rows:
            covers = json.loads(rows[0]["snapshot"]).get("covers", covers)
    # Acknowledgements are complete only at the process's current version.
    covers |= {
        pid: catalog.processes[pid].version
        for pid in module.acknowledge
        if pid in catalog.processes
    }
    return {
        "module": module.id,
        "title": module.title,
        "attempt": progress.passing_attempt,
        "completed_at": to_text(progress.completed_at) if progress.completed_at else None,
        "valid_until": to_text(progress.valid_until) if progress.valid_until else None,
        "covers": covers,
    }


def refresh(
    db: Database, catalog: Catalog, person_id: str, module_id: str, now: dt.datetime
) -> list[str]:
    """Grant the certifications that completing a module earned (inside its transaction)."""
    module = catalog.training.get(module_id)
    if module is None:
        return []
    granted: list[str] = []
    roles = [r for r in module.roles if catalog.graph.modules_for_role(r)]
    rows = history(db, [person_id]) if roles else {}
    for role_id in roles:
        progresses = role_progress(catalog, role_id, person_id, rows, now)
        if not all(p.complete for p in progresses):
            continue
        evidence = [_evidence(db, p, catalog) for p in progresses]
        key = hashlib.sha256(
            json.dumps([(e["module"], e["attempt"], e["completed_at"]) for e in evidence]).encode()
        ).hexdigest()[:16]
        ends = [p.valid_until for p in progresses if p.valid_until is not None]
        cert_id = secrets.token_urlsafe(9)
        inserted = db.execute(
            "insert or ignore into certifications (id, verify_token, person_id, role_id, "
            "certified_at, expires_at, catalog_version, evidence, evidence_key, person_name, "
            "role_title) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                cert_id,
                secrets.token_urlsafe(24),
                person_id,
                role_id,
                to_text(now),
                to_text(min(ends)) if ends else None,
                catalog.version,
                json.dumps(evidence),
                key,
                person.name if (person := catalog.people.get(person_id)) else None,
                catalog.roles[role_id].title if role_id in catalog.roles else None,
            ],
        ).rowcount
        if inserted:
            audit.record(db, now, person_id, "certification.granted", cert_id, {"role": role_id})
            granted.append(cert_id)
    return granted


@dataclass(frozen=True)
class AfterPass:
    """What a passed attempt did for its person's roles: the certifications it completed,
    and for each other role the module counts toward, the modules still to do."""

    earned: list[dict[str, Any]]
    to_do: dict[str, list[TrainingModule]]


def after_pass(
    db: Database, catalog: Catalog, attempt: dict[str, Any], now: dt.datetime
) -> AfterPass:
    """For a passed attempt's result page: certifications granted in the same transaction
    (same person, same moment, this attempt among the evidence), and what else each role
    of the module the person holds still requires."""
    earned = [
        cert
        for cert in certifications_of(db, [attempt["person_id"]])
        if cert["certified_at"] == attempt["submitted_at"]
        and any(e["attempt"] == attempt["id"] for e in cert["evidence"])
    ]
    module = catalog.training.get(attempt["module_id"])
    person = catalog.people.get(attempt["person_id"])
    if module is None or person is None:
        return AfterPass(earned, {})
    done = {cert["role_id"] for cert in earned}
    rows = history(db, [person.id])
    to_do = {}
    for role_id in module.roles:
        if role_id in person.roles and role_id not in done:
            missing = [
                p.module
                for p in role_progress(catalog, role_id, person.id, rows, now)
                if not p.complete
            ]
            if missing:
                to_do[role_id] = missing
    return AfterPass(earned, to_do)


def is_current(cert: dict[str, Any], now: dt.datetime) -> bool:
    """Whether a certification has not expired (see `standing` for the whole rule)."""
    return cert["expires_at"] is None or from_text(cert["expires_at"]) > now


@dataclass(frozen=True)
class Standing:
    """Whether a certification is current and, if not, why: `renewed` (a newer one of the
    same person and role replaces it), `expired`, `left` (its person left or retired),
    `role-gone`, or `requirements` (modules no longer complete)."""

    reason: str | None = None
    missing: tuple[str, ...] = ()  # titles of the modules to do again, for `requirements`

    @property
    def current(self) -> bool:
        return self.reason is None

    @property
    def message(self) -> str:
        """A sentence for pages and the API; empty while current."""
        return {
            None: "",
            "expired": "This certification has expired.",
            "left": "This certification is no longer current: its holder has left the team.",
            "role-gone": "This certification is no longer current: the role is no longer "
            "in the playbook.",
            "requirements": "This certification is no longer current: the role's training "
            "requirements are no longer met.",
            "renewed": "This certification was renewed: a newer certificate replaces it.",
        }[self.reason]


def standing(
    catalog: Catalog,
    cert: dict[str, Any],
    rows: dict[tuple[str, str], History],
    now: dt.datetime,
    newest: str | None = None,
) -> Standing:
    """Whether a certification is current, from its row, its person's history rows and
    the ID of the newest certification of the same person and role (`newest`)."""
    if newest is not None and newest != cert["id"]:
        return Standing("renewed")
    if not is_current(cert, now):
        return Standing("expired")
    if active_person(catalog, cert["person_id"]) is None:
        return Standing("left")
    if cert["role_id"] not in catalog.roles:
        return Standing("role-gone")
    missing = tuple(
        p.module.title
        for p in role_progress(catalog, cert["role_id"], cert["person_id"], rows, now)
        if not p.complete
    )
    return Standing("requirements", missing) if missing else Standing()


def with_standing(
    db: Database,
    catalog: Catalog,
    certs: list[dict[str, Any]],
    now: dt.datetime,
    rows: dict[tuple[str, str], History] | None = None,
) -> list[dict[str, Any]]:
    """These certifications, each with its `standing` and `current` added (`rows`: their
    people's history, when the caller has it already)."""
    people = sorted({c["person_id"] for c in certs})
    if rows is None:
        rows = history(db, people)
    newest = _newest(db, people)
    found = []
    for cert in certs:
        state = standing(catalog, cert, rows, now, newest.get((cert["person_id"], cert["role_id"])))
        found.append({**cert, "standing": state, "current": state.current})
    return found


def _newest(db: Database, person_ids: list[str]) -> dict[tuple[str, str], str]:
    """The ID of each of these people's newest certification per role."""
    found: dict[tuple[str, str], str] = {}
    if not person_ids:
        return found
    marks = ",".join("?" for _ in person_ids)
    for row in db.query(
        f"select id, person_id, role_id from certifications where person_id in ({marks}) "  # noqa: S608
        "order by certified_at, rowid",
        person_ids,
    ):
        found[(row["person_id"], row["role_id"])] = row["id"]
    return found


def certifications_of(db: Database, person_ids: list[str]) -> list[dict[str, Any]]:
    """Every certification of these people, newest first, evidence decoded."""
    if not person_ids:
        return []
    marks = ",".join("?" for _ in person_ids)
    rows = list(
        db.query(
            f"select * from certifications where person_id in ({marks}) "  # noqa: S608
            "order by certified_at desc",
            person_ids,
        )
    )
    for row in rows:
        row["evidence"] = json.loads(row["evidence"])
    return rows


def current_by_role(db: Database, catalog: Catalog, now: dt.datetime) -> dict[str, set[str]]:
    """People holding a current certification, by role."""
    certs = [
        row
        for row in db.query("select id, person_id, role_id, expires_at from certifications")
        if is_current(row, now) and active_person(catalog, row["person_id"]) is not None
    ]
    found: dict[str, set[str]] = {}
    for cert in with_standing(db, catalog, certs, now):
        if cert["current"]:
            found.setdefault(cert["role_id"], set()).add(cert["person_id"])
    return found


def get_certification(db: Database, cert_id: str) -> dict[str, Any]:
    rows = certifications_by("id", cert_id, db)
    if not rows:
        raise not_found("certification")
    return rows[0]


def by_token(db: Database, token: str) -> dict[str, Any]:
    rows = certifications_by("verify_token", token, db)
    if not rows:
        raise not_found("certification")
    return rows[0]


def certifications_by(column: str, value: str, db: Database) -> list[dict[str, Any]]:
    sql = {
        "id": "select * from certifications where id = ?",
        "verify_token": "select * from certifications where verify_token = ?",
    }[column]
    rows = list(db.query(sql, [value]))
    for row in rows:
        row["evidence"] = json.loads(row["evidence"])
    return rows
