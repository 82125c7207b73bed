"""Versioned schema changes. Each migration only adds: data is never dropped.

The schema version of a database is the number of these applied to it; a database made
by an older version of the app is brought up to date by applying the rest in order.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("quiz_server")


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Accounts, one-time links, attempts, acknowledgements, certifications, audit log."""
    db.table("accounts").create(
        {
            "id": int,
            "email": str,
            "person_id": str,
            "is_admin": int,
            "password_hash": str,
            "created_at": str,
            "password_set_at": str,
        },
        pk="id",
        not_null={"email", "is_admin", "created_at"},
        defaults={"is_admin": 0},
    )
    db.table("accounts").create_index(["email"], unique=True)
    db.table("one_time_tokens").create(
        {
            "token_hash": str,
            "purpose": str,
            "account_id": int,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
        },
        pk="token_hash",
        not_null={"purpose", "account_id", "created_at", "expires_at"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db.table("attempts").create(
        {
            "id": str,
            "person_id": str,
            "module_id": str,
            "status": str,
            "started_at": str,
            "expires_at": str,
            "submitted_at": str,
            "catalog_version": str,
            "snapshot": str,
            "answers": str,
            "results": str,
            "score": float,
            "passed": int,
        },
        pk="id",
        not_null={"person_id", "module_id", "status", "started_at", "expires_at", "snapshot"},
    )
    db.table("attempts").create_index(["person_id", "module_id", "started_at"])
    db.table("acknowledgements").create(
        {
            "id": int,
            "person_id": str,
            "module_id": str,
            "process_id": str,
            "process_version": str,
            "acknowledged_at": str,
        },
        pk="id",
        not_null={"person_id", "module_id", "process_id", "process_version", "acknowledged_at"},
    )
    db.table("acknowledgements").create_index(["person_id", "module_id"])
    db.table("certifications").create(
        {
            "id": str,
            "verify_token": str,
            "person_id": str,
            "role_id": str,
            "certified_at": str,
            "expires_at": str,
            "catalog_version": str,
            "evidence": str,
            "evidence_key": str,
        },
        pk="id",
        not_null={"verify_token", "person_id", "role_id", "certified_at", "catalog_version"},
    )
    db.table("certifications").create_index(["verify_token"], unique=True)
    db.table("certifications").create_index(["person_id", "role_id", "evidence_key"], unique=True)
    db.table("audit_log").create(
        {"id": int, "at": str, "actor": str, "action": str, "subject": str, "detail": str},
        pk="id",
        not_null={"at", "actor", "action"},
    )
    db.table("login_failures").create(
        {"id": int, "email": str, "ip": str, "at": str}, pk="id", not_null={"at"}
    )
    db.table("login_failures").create_index(["email", "at"])
    db.table("settings").create({"key": str, "value": str}, pk="key")


@migrations(name="0002_attempt_grants")
def attempt_grants(db: Database) -> None:
    """Extra attempts an admin grants to someone who used all theirs."""
    db.table("attempt_grants").create(
        {"id": int, "person_id": str, "module_id": str, "granted_at": str, "granted_by": str},
        pk="id",
        not_null={"person_id", "module_id", "granted_at", "granted_by"},
    )
    db.table("attempt_grants").create_index(["person_id", "module_id"])


@migrations(name="0003_catalog_imports")
def catalog_imports(db: Database) -> None:
    """Which catalogue versions were imported, and the client address in the audit log."""
    db.table("catalog_imports").create(
        {"id": int, "version": str, "imported_at": str, "counts": str},
        pk="id",
        not_null={"version", "imported_at"},
    )
    db.table("audit_log").add_column("ip", str)


@migrations(name="0004_login_failure_indexes")
def login_failure_indexes(db: Database) -> None:
    """Sign-in failures counted per client address, and pruned by age, through indexes."""
    db.table("login_failures").create_index(["ip", "at"], if_not_exists=True)
    db.table("login_failures").create_index(["at"], if_not_exists=True)


@migrations(name="0005_signed_out_at")
def signed_out_at(db: Database) -> None:
    """When an account last signed out: every session signed in before then has ended."""
    db.table("accounts").add_column("signed_out_at", str)


@migrations(name="0006_certification_names")
def certification_names(db: Database) -> None:
    """The person's name and the role's title as they were when certified, so that a
    certificate still reads right after the catalogue renames or removes them."""
    db.table("certifications").add_column("person_name", str)
    db.table("certifications").add_column("role_title", str)


@migrations(name="0007_requirements")
def requirements(db: Database) -> None:
    """Since when each person has been asked to complete each module, on each basis (the
    process versions it asks to acknowledge): due dates count from there, so a change of
    role, a new module or a process's new version gives people time rather than making
    them overdue at once."""
    db.table("requirements").create(
        {"person_id": str, "module_id": str, "basis": str, "since": str},
        pk=("person_id", "module_id", "basis"),
        not_null={"since"},
    )


@migrations(name="0008_sign_in_index")
def sign_in_index(db: Database) -> None:
    """Who signed in when, looked up by action and subject (departed accounts at import)."""
    db.table("audit_log").create_index(["action", "subject", "at"], if_not_exists=True)


def schema_version(db: Database) -> int:
    """How many of the migrations this database has."""
    return len(migrations.applied(db))


def latest_version() -> int:
    """How many migrations this version of the app knows."""
    return len(migrations._migrations)
