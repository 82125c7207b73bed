"""The resolved graph over the mini catalogue: derived relations in both directions."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalog, load_catalog
from tests.conftest import MINI


@pytest.fixture(scope="module")
def mini() -> Catalog:
    return load_catalog(MINI, cache=False)


def test_role_assignments_grouped_by_raci_letter(mini: Catalog) -> None:
    grouped = mini.graph.assignments_by_letter("sdr")
    as_text = {
        letter: [f"{a.at.process.id}#{a.at.step.id}" for a in items]
        for letter, items in grouped.items()
    }
    assert as_text == {
        "R": ["lead-routing#qualify", "lead-routing#hand-over", "nurture-campaign#review"],
    }
    marketing = mini.graph.assignments_by_letter("marketing-manager")
    assert [f"{a.at.step.id}" for a in marketing["I"]] == ["qualify"]
    assert len(marketing["A"]) == 4


def test_raci_matrix_has_one_accountable_per_step(mini: Catalog) -> None:
    roles, rows = mini.graph.raci_matrix(mini.processes["lead-routing"])
    assert [r.id for r in roles] == ["marketer", "marketing-manager", "sdr", "sales-manager"]
    assert [(step.id, cells) for step, cells in rows] == [
        ("capture", ["R", "A", "", ""]),
        ("qualify", ["C", "I", "R", "A"]),
        ("nurture", ["R", "A", "", ""]),
        ("hand-over", ["", "", "R", "AI"]),
    ]


def test_handoffs_between_teams_follow_steps_and_branches(mini: Catalog) -> None:
    pairs = [
        (h.process.id, h.source.step.id, h.target.step.id, h.from_team.id, h.to_team.id)
        for h in mini.graph.handoffs
    ]
    assert ("lead-routing", "capture", "qualify", "marketing", "sales") in pairs
    assert ("lead-routing", "qualify", "nurture", "sales", "marketing") in pairs
    assert ("nurture-campaign", "send", "review", "marketing", "sales") in pairs
    # a branch replaces the fall-through: qualify never flows straight into nurture's successor
    assert not any(p[1] == "nurture" and p[2] == "hand-over" for p in pairs)
    out, into = mini.graph.handoffs_of_team("sales")
    assert {h.to_team.id for h in out} == {"marketing"}
    assert mini.graph.handoff_counts()[("marketing", "sales")] == 2


def test_people_teams_and_reports(mini: Catalog) -> None:
    g = mini.graph
    assert [p.id for p in g.people_in_role("sdr")] == ["bob", "dee"]
    assert [p.id for p in g.direct_reports("ada")] == ["bob"]
    assert [t.id for t in g.teams_of_person(mini.people["dee"])] == ["marketing", "sales"]
    assert [p.id for p in g.people_in_team("sales")] == ["ada", "bob", "dee"]
    assert [r.id for r in g.roles_reporting_to("sales-manager")] == ["sdr"]


def test_domains_compose(mini: Catalog) -> None:
    g = mini.graph
    assert {d.id for d in g.domain_parts("revops")} == {"revops", "markops", "salesops"}
    assert [t.id for t in g.teams_in_domain("revops")] == ["marketing", "sales"]
    assert [p.id for p in g.processes_in_domain("revops")] == ["lead-routing", "nurture-campaign"]
    assert {cat: [t.id for t in tools] for cat, tools in g.tools_in_domain("revops").items()} == {
        "CRM": ["crm"],
        "Email marketing": ["mailer"],
    }
    assert [d.id for d in g.domains_composing("markops")] == ["revops"]


def test_tools_data_kpis_and_calls(mini: Catalog) -> None:
    g = mini.graph
    assert [f"{s.process.id}#{s.step.id}" for s in g.steps_using_tool("crm")] == [
        "lead-routing#qualify",
        "lead-routing#hand-over",
        "nurture-campaign#review",
    ]
    assert [d.id for d in g.data_in_tool("crm")] == ["lead"]
    assert [s.step.id for s in g.steps_writing("lead")] == ["capture", "qualify"]
    assert [p.id for p in g.processes_moving_kpi("speed-to-lead")] == [
        "lead-routing",
        "nurture-campaign",
    ]
    assert [f"{s.process.id}#{s.step.id}" for s in g.callers("nurture-campaign")] == [
        "lead-routing#nurture"
    ]
    assert [p.id for p in g.related_processes(mini.processes["lead-routing"])] == [
        "nurture-campaign"
    ]


def test_training_coverage_and_onboarding_path(mini: Catalog) -> None:
    g = mini.graph
    assert [m.id for m in g.modules_for_role("sdr")] == ["lead-routing-basics"]
    assert [m.id for m in g.modules_covering("nurture-campaign")] == ["nurture-basics"]
    assert g.uncovered_processes() == []
    # accountable/owned first, then responsible
    assert [p.id for p in g.onboarding_path("sdr")] == ["lead-routing", "nurture-campaign"]
    assert [p.id for p in g.onboarding_path("marketing-manager")] == [
        "lead-routing",
        "nurture-campaign",
    ]


def test_catalogue_version_changes_with_any_record(mini_content: Path) -> None:
    before = load_catalog(mini_content).version
    path = mini_content / "kpis" / "win-rate.yml"
    path.write_text(path.read_text().replace("target: 25", "target: 30"))
    after = load_catalog(mini_content).version
    assert before != after and len(after) == 12


def test_main_path_follows_the_first_branch_and_stops_at_the_end(mini: Catalog) -> None:
    steps = mini.graph.main_path(mini.processes["lead-routing"])
    assert [s.id for s in steps] == ["capture", "qualify", "hand-over"]
    assert [s.id for s in mini.graph.main_path(mini.processes["nurture-campaign"])] == [
        "enrol",
        "send",
        "review",
    ]
