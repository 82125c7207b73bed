"""Warnings: what needs care but does not break the catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalog import Problem, load


def _warnings(content: Path, today: dt.date = dt.date(2026, 11, 26)) -> list[str]:
    catalog = load(content, today=today)
    assert catalog.ok, [str(p) for p in catalog.errors]
    return [str(p).replace(str(content.parent) + "/", "") for p in catalog.warnings]


def test_mini_catalogue_warnings_are_exactly_the_known_ones(mini_content: Path) -> None:
    assert _warnings(mini_content) == [
        "content/kpis/win-rate.yml:2:1: warning: no process moves this KPI",
        "content/processes/nurture-campaign.yml:11:18: warning: review.last_reviewed: review "
        "overdue since 2025-04-01",
        "content/processes/nurture-campaign.yml:14:3: warning: steps: every step is manual: a "
        "candidate for automation",
    ]


def test_review_is_not_overdue_before_its_due_date(mini_content: Path) -> None:
    warnings = _warnings(mini_content, today=dt.date(2025, 3, 31))
    assert not any("overdue" in w for w in warnings)


def test_unused_and_uncovered_records_are_warned(mini_content: Path) -> None:
    (mini_content / "training" / "nurture-basics.yml").unlink()
    (mini_content / "people" / "dee.yml").unlink()
    (mini_content / "tools" / "fax.yml").write_text(
        "title: Fax\ncategory: Fax\nvendor: Old\nowner: marketer\npurpose: Nothing.\n"
    )
    warnings = _warnings(mini_content)
    assert (
        "content/processes/nurture-campaign.yml:2:1: warning: no training module covers "
        "this process" in warnings
    )
    assert "content/roles/marketer.yml:2:1: warning: no person holds this role" in warnings
    assert "content/tools/fax.yml:1:1: warning: no process step uses this tool" in warnings


@pytest.mark.parametrize(
    ("file", "old", "new", "follow_on"),
    [
        (
            "processes/lead-routing.yml",
            "accountable: marketing-manager}",
            "}",
            "content/tools/crm.yml:2:1: warning: no process step uses this tool",
        ),
        (
            "training/nurture-basics.yml",
            "review: after-last-attempt",
            "review: sometimes",
            "content/processes/nurture-campaign.yml:2:1: warning: no training module covers "
            "this process",
        ),
        (
            "people/dee.yml",
            "manager: cy",
            "manager: cy\nstart_date: 2023-02-30",
            "content/roles/marketer.yml:2:1: warning: no person holds this role",
        ),
    ],
)
def test_a_record_dropped_for_errors_is_not_taken_as_missing(
    mini_content: Path, file: str, old: str, new: str, follow_on: str
) -> None:
    nurture = mini_content / "processes" / "nurture-campaign.yml"
    nurture.write_text(nurture.read_text().replace("tools: [crm]", "tools: [mailer]"))
    assert follow_on not in _shown(load(mini_content).warnings, mini_content)
    path = mini_content / file  # then break the record that alone uses, covers or holds it
    path.write_text(path.read_text().replace(old, new, 1))
    catalog = load(mini_content)
    assert [Path(p.file).relative_to(mini_content) for p in catalog.errors] == [Path(file)]
    assert follow_on not in _shown(catalog.warnings, mini_content)
    path.unlink()  # without the record at all, the warning is true
    assert follow_on in _shown(load(mini_content).warnings, mini_content)


def _shown(problems: list[Problem], content: Path) -> list[str]:
    return [str(p).replace(f"{content.parent}/", "") for p in problems]


def test_reference_to_retired_record_is_a_warning(mini_content: Path) -> None:
    path = mini_content / "tools" / "mailer.yml"
    path.write_text(path.read_text() + "status: retired\n")
    warnings = _warnings(mini_content)
    assert (
        "content/roles/marketing-manager.yml:5:9: warning: tools[0]: refers to retired "
        "tool 'mailer'" in warnings
    )


def test_stray_files_are_warned_not_read(mini_content: Path) -> None:
    (mini_content / "notes").mkdir()
    (mini_content / "tools" / "readme.txt").write_text("hello")
    warnings = _warnings(mini_content)
    assert (
        "content/notes:1:1: warning: folder ignored: record folders are domains/, teams/, "
        "roles/, people/, processes/, tools/, data/, kpis/, glossary/, training/" in warnings
    )
    assert (
        "content/tools/readme.txt:1:1: warning: file ignored: records end in .yml or .yaml"
        in warnings
    )


def test_changelog_must_name_the_current_version(mini_content: Path) -> None:
    path = mini_content / "processes" / "lead-routing.yml"
    path.write_text(
        path.read_text().replace('version: "1.1"\nchangelog', 'version: "1.2"\nchangelog')
    )
    warnings = _warnings(mini_content)
    assert (
        "content/processes/lead-routing.yml:11:14: warning: changelog[0].version: newest "
        "change log entry is for 1.1, but the process is at version 1.2" in warnings
    )


def test_step_that_nothing_leads_to_is_warned(mini_content: Path) -> None:
    path = mini_content / "processes" / "lead-routing.yml"
    path.write_text(path.read_text().replace("goto: hand-over", "goto: nurture"))
    warnings = _warnings(mini_content)
    assert (
        "content/processes/lead-routing.yml:59:5: warning: steps[3]: step 'hand-over' is "
        "never reached: no step before it goes on to it and no branch leads to it" in warnings
    )


def test_decisions_branches_and_changelog_order_are_checked(mini_content: Path) -> None:
    path = mini_content / "processes" / "lead-routing.yml"
    text = path.read_text().replace("    decision: Is the lead qualified?\n", "")
    text = text.replace("date: 2026-01-10", "date: 2026-12-10")
    path.write_text(text)
    warnings = _warnings(mini_content)
    assert (
        "content/processes/lead-routing.yml:48:7: warning: steps[1].branches: branches "
        "without a `decision` question to choose between them" in warnings
    )
    assert (
        "content/processes/lead-routing.yml:11:3: warning: changelog: change log entries "
        "must be newest first" in warnings
    )


def test_records_of_one_kind_with_the_same_title_are_warned(mini_content: Path) -> None:
    (mini_content / "tools" / "mailer-2.yml").write_text(
        (mini_content / "tools" / "mailer.yml").read_text()
    )
    path = mini_content / "people" / "cy.yml"
    dee = (mini_content / "people" / "dee.yml").read_text()
    name = next(line for line in dee.splitlines() if line.startswith("name:"))
    path.write_text(
        "\n".join(
            name if line.startswith("name:") else line for line in path.read_text().split("\n")
        )
    )
    warnings = [w for w in _warnings(mini_content) if "same title" in w]
    # Namesakes among people are not warned.
    assert warnings == [
        "content/tools/mailer-2.yml:2:8: warning: title: same title as tool 'mailer': readers "
        "cannot tell them apart"
    ]
