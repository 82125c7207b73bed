"""What a new hire is shown: the work of their role, and only the records in force.

The renderers on the small catalogue with a retired and a draft process, a retired and
a draft role (see new_hire_catalogue.py), without MkDocs.
"""

from __future__ import annotations

import pytest
from new_hire_catalogue import make_new_hire_catalogue

from catalog import load_catalog
from site_builder.render import RenderContext, render_record
from site_builder.render.context import record_header
from site_builder.render.indexes import kind_indexes
from site_builder.render.links import page_url
from site_builder.render.views import onboarding_path, recent_changes, start_here, team_raci


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> RenderContext:
    content, _ = make_new_hire_catalogue(tmp_path_factory.mktemp("new-hire"))
    return RenderContext(load_catalog(content, cache=False))


def body(ctx: RenderContext, kind: str, id: str) -> str:
    record = ctx.catalog.get(kind, id)
    assert record is not None
    return render_record(ctx, record).body


def section(markdown: str, title: str) -> str:
    """The text of a `## title` section of a page, up to the next heading or listing."""
    start = markdown.index(f"## {title}\n")
    end = markdown.find("\n</div>", start)
    return markdown[start : end if end > 0 else None]


@pytest.mark.parametrize(
    ("src", "url"),
    [
        ("index.md", ""),
        ("flows.md", "flows/"),
        ("guides/index.md", "guides/"),
        ("guides/deep.md", "guides/deep/"),
        ("processes/lead-routing.md", "processes/lead-routing/"),
    ],
)
def test_page_url(src: str, url: str) -> None:
    assert page_url(src) == url


def test_a_role_page_lists_the_data_its_steps_use_and_the_kpis_its_processes_move(ctx) -> None:
    md = body(ctx, "role", "sdr")
    # The SDR owns no data and no KPI, so these sections come from the work alone.
    assert "## Data you own" not in md and "## KPIs you own" not in md
    assert section(md, "Data your steps read and write").splitlines()[2:] == [
        "- [Lead](data:lead): read in 1 step, written in 1 step",
    ]
    assert section(md, "KPIs your processes move").splitlines()[2:] == [
        "- [Speed to lead](kpi:speed-to-lead): moved by [Lead routing](process:lead-routing), "
        "[Nurture campaign](process:nurture-campaign)",
        "- [Win rate](kpi:win-rate): moved by [Lead scoring](process:lead-scoring) _(draft)_",
    ]


def test_what_a_role_owns_stays_apart_from_what_its_work_uses(ctx) -> None:
    md = body(ctx, "role", "sales-manager")
    assert "[Speed to lead](kpi:speed-to-lead): Time from" in section(md, "KPIs you own")
    moved = section(md, "KPIs your processes move")
    assert "- [Speed to lead](kpi:speed-to-lead) (you own it): moved by" in moved
    assert "[Lead](data:lead): " in section(md, "Data you own")
    # Accountable for the steps that read and write leads; a retired process is no one's work.
    used = section(md, "Data your steps read and write")
    assert "- [Lead](data:lead) (you own it): read in 1 step, written in 1 step" in used
    assert "campaign" not in used.lower()


def test_the_onboarding_path_leaves_out_drafts_and_retired_processes(ctx) -> None:
    path = onboarding_path(ctx, ctx.catalog.roles["sdr"])
    assert "process:lead-routing" in path
    assert "lead-scoring" not in path and "legacy-routing" not in path


def test_start_here_lists_only_roles_in_force(ctx) -> None:
    roles = start_here(ctx)
    assert "role:sdr" in roles
    assert "inbound-rep" not in roles and "sales-engineer" not in roles


def test_recent_changes_leave_out_retired_processes_and_mark_drafts(ctx) -> None:
    changes = recent_changes(ctx, 10)
    assert "legacy-routing" not in changes
    assert "| 2026-08-01 | [Lead scoring](process:lead-scoring) _(draft)_ | 0.1 |" in changes


def test_team_raci_leaves_out_retired_processes_and_roles(ctx) -> None:
    matrix = team_raci(ctx, ctx.catalog.teams["sales"])
    assert "legacy-routing" not in matrix and "inbound-rep" not in matrix
    assert "| [Lead scoring](process:lead-scoring) _(draft)_ | R |" in matrix


def test_related_processes_leave_out_retired_ones(ctx) -> None:
    related = section(body(ctx, "process", "lead-routing"), "Related processes")
    assert "nurture-campaign" in related and "legacy-routing" not in related


def test_a_role_works_only_in_processes_not_retired(ctx) -> None:
    work = section(body(ctx, "role", "sdr"), "Your part in each process")
    assert "legacy-routing" not in work
    assert "[Lead scoring › 1. Score the lead](process:lead-scoring#score) _(draft)_" in work


@pytest.mark.parametrize(
    ("role", "certify"),
    [
        ("sdr", True),
        ("sales-manager", False),  # no module trains it
        ("inbound-rep", False),  # retired, though a module still names it
        ("sales-engineer", False),  # a draft
    ],
)
def test_get_certified_only_where_the_training_app_certifies(ctx, role: str, certify) -> None:
    record = ctx.catalog.roles[role]
    assert bool(record_header(ctx, record).get("certify")) is certify
    assert ("Get certified" in body(ctx, "role", role)) is certify


def test_a_retired_process_still_has_its_page(ctx) -> None:
    process = ctx.catalog.processes["legacy-routing"]
    page = render_record(ctx, process)
    assert page.src == "processes/legacy-routing.md"
    assert page.meta["playbook"]["status"] == "retired"


def test_the_roles_index_offers_no_onboarding_path_for_roles_not_in_force(ctx) -> None:
    roles = next(p for p in kind_indexes(ctx) if p.src == "roles/index.md").body
    assert "| [Inbound Representative](role:inbound-rep) _(retired)_ | 0 | — |" in roles
    assert "| [Sales Engineer](role:sales-engineer) _(draft)_ | 0 | — |" in roles


def test_the_fixture_catalogue_is_valid(ctx) -> None:
    assert ctx.catalog.ok
