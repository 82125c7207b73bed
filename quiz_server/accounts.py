"""Accounts are the catalogue's people (e-mail as login) plus ops admins; passwords, links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from catalog import Catalog

from . import audit
from .clock import from_text, to_text
from .db import fetch
from .errors import QuizError
from .people import active_person, is_active

BOOTSTRAP_ADMIN = "admin@localhost"
MIN_PASSWORD = 10
MAX_PASSWORD = 200
_DUMMY_HASH = generate_password_hash("not a password", method="pbkdf2:sha256:1000")


def normal_email(email: str) -> str:
    """E-mail addresses compare without case or surrounding space."""
    return email.strip().lower()


def person_by_email(catalog: Catalog, email: str) -> Any | None:
    """The catalogue person signing in with this address."""
    wanted = normal_email(email)
    return next((p for p in catalog.people.values() if p.email.lower() == wanted), None)


def may_sign_in(account: dict[str, Any], catalog: Catalog) -> bool:
    """Whether an account still belongs to someone who works here: its person is in the
    catalogue, not retired, and still has the account's e-mail address (an address handed
    to a new person is theirs, not the old person's). Accounts of no person (ops admins
    made with `create-admin` for an address no person has) may, unless a person the
    catalogue marks retired has that address now."""
    if not account["person_id"]:
        holder = person_by_email(catalog, account["email"])
        return holder is None or is_active(holder)
    person = active_person(catalog, account["person_id"])
    return person is not None and normal_email(person.email) == account["email"]


def account_by_id(db: Database, account_id: int) -> dict[str, Any] | None:
    found = fetch(db, "select * from accounts where id = ?", [account_id])
    return found[0] if found else None


def account_by_email(db: Database, email: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from accounts where email = ?", [normal_email(email)]))
    return rows[0] if rows else None


def ensure_account(db: Database, catalog: Catalog, who: str, now: dt.datetime) -> dict[str, Any]:
    """The account of a catalogue person (by e-mail or ID), created on first use."""
    person = catalog.people.get(who) or person_by_email(catalog, who)
    if person is None:
        raise QuizError(404, f"no person '{who}' in the catalogue")
    if not is_active(person):
        raise QuizError(409, f"{person.name} ({person.id}) is retired in the catalogue")
    found = account_by_email(db, person.email)
    if found and found["person_id"] not in {None, person.id}:
        # The address now belongs to someone else: the account becomes theirs, without the
        # previous person's password, admin rights or sessions.
        db.execute(
            "update accounts set person_id = ?, password_hash = null, password_set_at = ?, "
            "is_admin = 0, signed_out_at = ? where id = ?",
            [person.id, to_text(now), to_text(now), found["id"]],
        )
        _retire_tokens(db, found["id"], now)
        audit.record(
            db,
            now,
            "system",
            "account.reassigned",
            found["email"],
            {"from": found["person_id"], "to": person.id},
        )
        return account_by_id(db, found["id"]) or {}
    if found:
        if found["person_id"] is None:  # an ops account whose address is now a person's
            db.execute("update accounts set person_id = ? where id = ?", [person.id, found["id"]])
            audit.record(db, now, "system", "account.linked", found["email"], {"to": person.id})
            return account_by_id(db, found["id"]) or {}
        return found
    db.table("accounts").insert(
        {
            "email": normal_email(person.email),
            "person_id": person.id,
            "is_admin": 0,
            "created_at": to_text(now),
        }
    )
    return account_by_email(db, person.email) or {}


def _retire_tokens(db: Database, account_id: int, now: dt.datetime) -> None:
    """Spend every unused one-time link of an account (a newer one, or a password, replaces
    them: a link sent to a wrong address earlier must not take the account over later)."""
    db.execute(
        "update one_time_tokens set used_at = ? where account_id = ? and used_at is null",
        [to_text(now), account_id],
    )


def _new_token(db: Database, account_id: int, purpose: str, now: dt.datetime, hours: int) -> str:
    raw = secrets.token_urlsafe(24)
    db.table("one_time_tokens").insert(
        {
            "token_hash": hashlib.sha256(raw.encode()).hexdigest(),
            "purpose": purpose,
            "account_id": account_id,
            "created_at": to_text(now),
            "expires_at": to_text(now + dt.timedelta(hours=hours)),
        }
    )
    return raw


def invite(
    db: Database, catalog: Catalog, who: str, now: dt.datetime, actor: str, hours: int = 72
) -> str:
    """A one-time invite token with which a catalogue person sets their first password."""
    with db.atomic():
        account = ensure_account(db, catalog, who, now)
        _retire_tokens(db, account["id"], now)  # only the newest link works
        token = _new_token(db, account["id"], "invite", now, hours)
        audit.record(db, now, actor, "account.invited", account["email"])
    return token


def create_admin(
    db: Database, catalog: Catalog, email: str, now: dt.datetime, actor: str, hours: int = 72
) -> str:
    """Make an address an admin (a catalogue person or an ops account); a sign-in token."""
    address = normal_email(email)
    if "@" not in address:
        raise QuizError(400, f"'{email}' is not an e-mail address")
    with db.atomic():
        person = person_by_email(catalog, address)
        # A person's address: their account (refused if retired, re-linked if the address
        # was someone else's). Any other address: an ops account of no person.
        found = (
            ensure_account(db, catalog, person.id, now) if person else account_by_email(db, address)
        )
        if found and not person and found["person_id"]:
            # The address of someone who left: an ops account now, without their password
            # or sessions (their links are retired below).
            db.execute(
                "update accounts set person_id = null, password_hash = null, "
                "password_set_at = ?, signed_out_at = ? where id = ?",
                [to_text(now), to_text(now), found["id"]],
            )
            audit.record(db, now, actor, "account.unlinked", address, {"from": found["person_id"]})
        if found is None:
            db.table("accounts").insert(
                {
                    "email": address,
                    "person_id": person.id if person else None,
                    "is_admin": 1,
                    "created_at": to_text(now),
                }
            )
            found = account_by_email(db, address) or {}
        else:
            db.execute("update accounts set is_admin = 1 where id = ?", [found["id"]])
        _retire_tokens(db, found["id"], now)  # only the newest link works
        token = _new_token(db, found["id"], "signin", now, hours)
        audit.record(db, now, actor, "account.admin_created", address)
    return token


def first_admin_token(db: Database, catalog: Catalog, now: dt.datetime) -> str | None:
    """On first start, a sign-in token for a bootstrap admin; None once an admin has signed in."""
    admins = list(db.query("select * from accounts where is_admin = 1"))
    if any(a["password_hash"] or _has_signed_in(db, a["email"]) for a in admins):
        return None
    if admins and admins[0]["email"] != BOOTSTRAP_ADMIN:
        return None
    with db.atomic():
        # Only the newest link works: older unused ones are retired.
        db.execute(
            "update one_time_tokens set used_at = ? where used_at is null and purpose = 'signin'"
            " and account_id in (select id from accounts where email = ?)",
            [to_text(now), BOOTSTRAP_ADMIN],
        )
    return create_admin(db, catalog, BOOTSTRAP_ADMIN, now, "system", hours=24)


def _has_signed_in(db: Database, email: str) -> bool:
    # The audit log, not spent tokens: a link retired unused by a newer one is spent too.
    rows = db.query(
        "select 1 from audit_log where action = 'auth.signed_in' and actor = ? limit 1", [email]
    )
    return any(True for _ in rows)


def token_account(db: Database, raw: str, purpose: str, now: dt.datetime) -> dict[str, Any]:
    """The account a one-time token belongs to, if it is valid; it stays unused."""
    digest = hashlib.sha256(raw.encode()).hexdigest()
    rows = list(
        db.query(
            "select * from one_time_tokens where token_hash = ? and purpose = ?", [digest, purpose]
        )
    )
    if not rows:
        raise QuizError(404, "this link is not valid; ask an admin for a new one")
    token = rows[0]
    if token["used_at"]:
        raise QuizError(410, "this link has already been used; ask an admin for a new one")
    if from_text(token["expires_at"]) <= now:
        raise QuizError(410, "this link has expired; ask an admin for a new one")
    account = account_by_id(db, token["account_id"])
    if account is None:
        raise QuizError(404, "this link is not valid; ask an admin for a new one")
    return account


def use_token(
    db: Database, raw: str, purpose: str, now: dt.datetime, password: str | None, method: str
) -> dict[str, Any]:
    """Spend a one-time token (setting a password for invites); the account signed in."""
    if purpose == "invite":
        check_password_rules(password or "")
    with db.atomic():
        account = token_account(db, raw, purpose, now)
        _retire_tokens(db, account["id"], now)  # this link, and any other still out
        if password is not None:
            db.execute(
                "update accounts set password_hash = ?, password_set_at = ? where id = ?",
                [generate_password_hash(password, method=method), to_text(now), account["id"]],
            )
            audit.record(db, now, account["email"], "account.password_set", account["email"])
        audit.record(
            db, now, account["email"], "auth.signed_in", account["email"], {"via": purpose}
        )
    return account


def check_password_rules(password: str) -> None:
    """Raise a 400 naming the rule a new password breaks."""
    if len(password) < MIN_PASSWORD:
        raise QuizError(400, f"the password must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise QuizError(400, f"the password must be at most {MAX_PASSWORD} characters")


def verify_password(db: Database, email: str, password: str) -> dict[str, Any] | None:
    """The account if the password is right; None otherwise (same work either way)."""
    account = account_by_email(db, email)
    stored = account["password_hash"] if account else None
    if not stored:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return account if check_password_hash(stored, password) else None
