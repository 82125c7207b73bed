"""What every renderer needs besides the record: the catalogue and where the training app is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from catalog import Catalog, page_path
from catalog.models import Process, Record, Role, Status

from .page import Page

KIND_LABELS = {
    "domain": "Domain",
    "team": "Team",
    "role": "Role",
    "person": "Person",
    "process": "Process",
    "tool": "Tool",
    "data": "Data entity",
    "kpi": "KPI",
    "term": "Glossary term",
    "training": "Training module",
}

KIND_PLURALS = {
    "domain": "Domains",
    "team": "Teams",
    "role": "Roles",
    "person": "People",
    "process": "Processes",
    "tool": "Tools",
    "data": "Data entities",
    "kpi": "KPIs",
    "term": "Glossary terms",
    "training": "Training modules",
}


@dataclass(frozen=True)
class RenderContext:
    """The catalogue being rendered and the base address of the training app."""

    catalog: Catalog
    train_url: str = "/train"
    today: dt.date = field(default_factory=dt.date.today)

    def module_url(self, module_id: str) -> str:
        """Where a learner takes a training module."""
        return f"{self.train_url.rstrip('/')}/modules/{module_id}"

    def certify_url(self, role_id: str) -> str:
        """Where a holder of a role sees and takes every module the role requires."""
        return f"{self.train_url.rstrip('/')}/roles/{role_id}"

    def certifiable(self, role: Role) -> bool:
        """Whether a holder of the role can get certified: the role is active and an
        active module trains it (the training app takes no draft or retired module)."""
        return role.status is Status.active and bool(self.catalog.graph.modules_for_role(role.id))

    def overdue(self, process: Process) -> bool:
        """Whether an active process has passed its review date."""
        return process.status is Status.active and process.review.due < self.today


def record_header(ctx: RenderContext, record: Record) -> dict[str, Any]:
    """The facts the theme shows above a record's title: kind, status, owner, review."""
    header: dict[str, Any] = {
        "kind": record.KIND,
        "label": KIND_LABELS[record.KIND],
        "status": str(record.status),
        "tags": list(record.tags),
    }
    owner_id = getattr(record, "owner", None)
    owner = ctx.catalog.roles.get(owner_id) if isinstance(owner_id, str) else None
    if owner is not None:
        header["owner"] = {"title": owner.title, "path": page_path("role", owner.id)}
    if isinstance(record, Process):
        header["version"] = record.version
        header["last_reviewed"] = record.review.last_reviewed.isoformat()
        header["review_due"] = record.review.due.isoformat()
        header["overdue"] = ctx.overdue(record)
    if isinstance(record, Role) and ctx.certifiable(record):
        header["certify"] = [{"title": record.title, "url": ctx.certify_url(record.id)}]
    if record.KIND == "training" and record.status is Status.active:
        header["take_url"] = ctx.module_url(record.id)
        header["certify"] = [
            {"title": role.title, "url": ctx.certify_url(role.id)}
            for role_id in getattr(record, "roles", [])
            if (role := ctx.catalog.roles.get(role_id)) and ctx.certifiable(role)
        ]
    return header


def record_page(ctx: RenderContext, record: Record, body: str) -> Page:
    """A record's page: its Markdown under its title, with the header facts as front matter."""
    from .links import source_path

    meta: dict[str, Any] = {
        "template": "record.html",
        "render_macros": False,
        "playbook": record_header(ctx, record),
    }
    if record.tags:
        meta["tags"] = list(record.tags)
    return Page(source_path(record.KIND, record.id), record.title, body, meta)
