"""A broken catalogue for every error the validator knows: exact file, line, column, message."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import load

HEADER = "# yaml-language-server: $schema=../../../../catalog/schemas/x.schema.json\n"

GOOD_TOOL = "title: Sheet\ncategory: Spreadsheet\nvendor: Acme\nowner: marketer\npurpose: Lists.\n"


def _problems(content: Path) -> list[str]:
    return [str(p).replace(str(content.parent) + "/", "") for p in load(content).problems]


CASES = [
    pytest.param(
        "tools/sheet.yml",
        "title: Sheet\ncategory: [Spreadsheet\nvendor: Acme\n",
        "content/tools/sheet.yml:3:7: error: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        id="malformed-yaml",
    ),
    pytest.param(
        "tools/sheet.yml",
        "title: Sheet\ncategory: Spreadsheet\nvendor: Acme\nowner: marketer\npurpose: Lists.\n"
        "title: Again\n",
        "content/tools/sheet.yml:6:1: error: duplicate key 'title' (first defined on line 1)",
        id="duplicate-key",
    ),
    pytest.param(
        "tools/sheet.yml",
        GOOD_TOOL + "vendr: Acme\n",
        "content/tools/sheet.yml:6:1: error: unknown field 'vendr' (did you mean 'vendor'?)",
        id="unknown-field",
    ),
    pytest.param(
        "training/lead-routing-basics.yml",
        None,  # edited below: a typo inside a nested question
        (
            "content/training/lead-routing-basics.yml:29:5: error: questions[2].answer: missing "
            "required field",
            "content/training/lead-routing-basics.yml:32:5: error: questions[2]: unknown field "
            "'answr' (did you mean 'answer'?)",
        ),
        id="unknown-field-in-union",
    ),
    pytest.param(
        "people/dee.yml",
        ("manager: cy", "manager: cy\nstart_date: 2023-02-30"),
        "content/people/dee.yml:6:13: error: start_date: invalid date '2023-02-30': day is "
        "out of range for month",
        id="impossible-date",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ("    date: 2026-06-01", "    date: 2026-13-01"),
        "content/processes/lead-routing.yml:12:11: error: changelog[0].date: invalid date "
        "'2026-13-01': month must be in 1..12",
        id="impossible-date-in-a-list",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ("  last_reviewed: 2026-06-01", "  last_reviewed: 2026-06-31"),
        "content/processes/lead-routing.yml:19:18: error: review.last_reviewed: invalid date "
        "'2026-06-31': day is out of range for month",
        id="impossible-review-date",
    ),
    pytest.param(
        "tools/sheet.yml",
        "title: Sheet\ncategory: Spreadsheet\nvendor: Acme\npurpose: Lists.\n",
        "content/tools/sheet.yml:1:1: error: owner: missing required field",
        id="missing-field",
    ),
    pytest.param(
        "kpis/nps.yml",
        "title: NPS\ndefinition: Net promoter score.\nformula: promoters - detractors\n"
        "unit: score\ndirection: higher\ntarget: high\nowner: marketer\n",
        "content/kpis/nps.yml:6:9: error: target: input should be a valid number, unable to "
        "parse string as a number",
        id="wrong-type",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ('version: "1.1"', "version: 1.1"),
        "content/processes/lead-routing.yml:9:10: error: version: input should be a valid "
        "string (YAML read it as float: put the value in quotes)",
        id="unquoted-version",
    ),
    pytest.param(
        "tools/sheet.yml",
        GOOD_TOOL.replace("owner: marketer", "owner: marketr"),
        "content/tools/sheet.yml:4:8: error: owner: unknown role 'marketr' (did you mean "
        "'marketer'?)",
        id="dangling-reference",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ("accountable: sales-manager\n      consulted", "accountable: sales-mgr\n      consulted"),
        "content/processes/lead-routing.yml:40:20: error: steps[1].raci.accountable: unknown "
        "role 'sales-mgr' (did you mean 'sales-manager'?)",
        id="dangling-reference-nested",
    ),
    pytest.param(
        "tools/sheet.yml",
        GOOD_TOOL.replace("owner: marketer", "owner: dee"),
        "content/tools/sheet.yml:4:8: error: owner: unknown role 'dee' ('dee' is a person, not "
        "a role)",
        id="reference-to-wrong-kind",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ("accountable: sales-manager\n      consulted", "consulted"),
        "content/processes/lead-routing.yml:39:7: error: steps[1].raci.accountable: missing "
        "required field",
        id="no-accountable",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        (
            "accountable: sales-manager\n      consulted",
            "accountable: [sales-manager, sdr]\n      consulted",
        ),
        "content/processes/lead-routing.yml:40:20: error: steps[1].raci.accountable: exactly "
        "one accountable role is required, found 2",
        id="two-accountable",
    ),
    pytest.param(
        "tools/mailer.yaml",
        GOOD_TOOL,
        "content/tools/mailer.yml:1:1: error: duplicate tool ID 'mailer' (also in "
        "content/tools/mailer.yaml)",
        id="duplicate-id",
    ),
    pytest.param(
        "roles/sales-manager.yml",
        ("tools: [crm]", "tools: [crm]\nreports_to: sdr"),
        "content/roles/sales-manager.yml:6:13: error: reports_to: cycle: sales-manager "
        "reports to sdr reports to sales-manager",
        id="cycle-reports-to",
    ),
    pytest.param(
        "teams/marketing.yml",
        ("domain: markops", "domain: markops\nparent: sales"),
        None,  # and teams/sales.yml gets parent: marketing, see the test
        id="cycle-parent-team",
    ),
    pytest.param(
        "processes/nurture-campaign.yml",
        ("    tools: [mailer]\n  - id: send", "    calls: lead-routing\n  - id: send"),
        "content/processes/lead-routing.yml:57:12: error: steps[2].calls: cycle: lead-routing "
        "calls nurture-campaign calls lead-routing",
        id="cycle-sub-process",
    ),
    pytest.param(
        "training/nurture-basics.yml",
        ("      - {text: Four weeks, correct: true}", "      - {text: Four weeks}"),
        "content/training/nurture-basics.yml:14:5: error: questions[0]: choice question has "
        "no correct option",
        id="question-no-correct",
    ),
    pytest.param(
        "training/lead-routing-basics.yml",
        (
            "items: [Capture the lead, Qualify the lead, Hand over to sales]",
            "items: [Capture the lead, Qualify the lead]",
        ),
        "content/training/lead-routing-basics.yml:34:5: error: questions[3]: ordering question "
        "needs at least 3 items, found 2",
        id="ordering-too-short",
    ),
    pytest.param(
        "tools/sheet.yml",
        "",
        "content/tools/sheet.yml:1:1: error: file is empty; a record needs at least a title",
        id="empty-file",
    ),
    pytest.param(
        "tools/sheet.yml",
        "# only a comment\n\n",
        "content/tools/sheet.yml:1:1: error: file is empty; a record needs at least a title",
        id="comment-only-file",
    ),
    pytest.param(
        "tools/sheet.yml",
        b"title: Sheet\nvendor: Acme \xe9tudes\n",
        "content/tools/sheet.yml:2:14: error: file is not UTF-8 (byte 0xe9)",
        id="not-utf8",
    ),
    pytest.param(
        "tools/sheet.yml",
        "title: Sheet\npurpose: " + "x" * 1_000_001 + "\n",
        "content/tools/sheet.yml:1:1: error: file is 1,000,024 bytes; records must be under "
        "1,000,000",
        id="too-large",
    ),
    pytest.param(
        "tools/sheet.yml",
        "title: Sheet\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c]\n",
        "content/tools/sheet.yml:3:1: error: YAML aliases (*name) are not allowed in records",
        id="alias-bomb",
    ),
    pytest.param(
        "tools/sheet.yml",
        "- title: Sheet\n",
        "content/tools/sheet.yml:1:1: error: a record file must be a mapping of field names to "
        "values",
        id="not-a-mapping",
    ),
    pytest.param(
        "tools/sheet.yml",
        "title: !!python/object:os.system echo\n",
        "content/tools/sheet.yml:1:8: error: unsupported YAML tag "
        "'tag:yaml.org,2002:python/object:os.system'",
        id="unsafe-tag",
    ),
    pytest.param(
        "tools/Sheet Tool.yml",
        GOOD_TOOL,
        "content/tools/Sheet Tool.yml:1:1: error: file name 'Sheet Tool.yml' does not make a "
        "valid ID; use lower-case letters, digits and hyphens, e.g. lead-routing.yml",
        id="bad-file-name",
    ),
    pytest.param(
        "tools/sheet.yml",
        "kind: role\n" + GOOD_TOOL,
        "content/tools/sheet.yml:1:7: error: kind: 'role' in the tools/ folder, which holds "
        "tool records",
        id="wrong-kind",
    ),
    pytest.param(
        "glossary/bant.yml",
        (
            "expansion: Budget, Authority, Need, Timing",
            'expansion: "Work in progress\\n\\n# INJECTED HEADING"',
        ),
        "content/glossary/bant.yml:3:12: error: expansion: an expansion is one line (what the "
        "term stands for); put anything longer in the definition",
        id="multi-line-expansion",
    ),
    pytest.param(
        "roles/sdr.yml",
        (
            "Qualifies inbound leads for the [Sales Manager](role:sales-manager).",
            "Qualifies leads for the [Sales Manager](role:sales-boss).",
        ),
        "content/roles/sdr.yml:4:50: error: summary: link 'role:sales-boss': unknown role "
        "'sales-boss'",
        id="markdown-link-dangling",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        (
            "Record the zebracorn score in the CRM.",
            "Record the score in [the CRM](tool:crm) and [BANT](term:bant-x).",
        ),
        "content/processes/lead-routing.yml:37:58: error: steps[1].instructions: link "
        "'term:bant-x': unknown term 'bant-x' (did you mean 'bant'?)",
        id="markdown-link-dangling-in-block",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        (
            "see [nurture](process:nurture-campaign).",
            "see [nurture](process:nurture-campaign#nope).",
        ),
        "content/processes/lead-routing.yml:55:71: error: steps[2].instructions: link "
        "'process:nurture-campaign#nope': process 'nurture-campaign' has no step 'nope'",
        id="markdown-link-unknown-step",
    ),
    pytest.param(
        "roles/sdr.yml",
        ("[Sales Manager](role:sales-manager)", "[Sales Manager](rol:sales-manager)"),
        "content/roles/sdr.yml:4:58: error: summary: link 'rol:sales-manager': there is no "
        "kind 'rol'; did you mean 'role:sales-manager'?",
        id="markdown-link-mistyped-kind",
    ),
    pytest.param(
        "roles/sdr.yml",
        ("[Sales Manager](role:sales-manager)", "[Sales Manager](roles:sales-manager)"),
        "content/roles/sdr.yml:4:58: error: summary: link 'roles:sales-manager': there is no "
        "kind 'roles'; did you mean 'role:sales-manager'?",
        id="markdown-link-folder-as-kind",
    ),
    pytest.param(
        "roles/sdr.yml",
        ("[Sales Manager](role:sales-manager)", "[Sales Manager](mailto:sales)"),
        None,  # another scheme is a link out of the playbook, not a mistyped kind
        id="markdown-link-mailto",
    ),
    pytest.param(
        "roles/sdr.yml",
        ("[Sales Manager](role:sales-manager)", "[Sales Manager](role:Sales Manager)"),
        None,  # a space ends a CommonMark link target: no link, no error (see test below)
        id="markdown-not-a-link",
    ),
    pytest.param(
        "roles/sdr.yml",
        ("[Sales Manager](role:sales-manager)", "[Sales Manager](role:SalesManager)"),
        "content/roles/sdr.yml:4:58: error: summary: malformed reference 'role:SalesManager'; "
        "the ID must be a lower-case slug",
        id="markdown-link-malformed",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ("        goto: nurture\n", "        goto: nurtur\n"),
        "content/processes/lead-routing.yml:52:15: error: steps[1].branches[1].goto: unknown "
        "step 'nurtur' (did you mean 'nurture'?)",
        id="unknown-branch-step",
    ),
    pytest.param(
        "people/cy.yml",
        ("email: cy@tiny.example", "email: Ada@tiny.example"),
        "content/people/cy.yml:3:8: error: email: e-mail Ada@tiny.example is also person 'ada'",
        id="duplicate-email",
    ),
    pytest.param(
        "training/nurture-basics.yml",
        ("scoring: partial", "scoring: partial\ndraw: 9"),
        "content/training/nurture-basics.yml:13:7: error: draw: draws 9 questions from a pool "
        "of 3 (3 written, 0 generated)",
        id="draw-too-large",
    ),
    pytest.param(
        "training/lead-routing-basics.yml",
        ("pass_mark: 80", "pass_mark: 80\ndraw: 8"),
        None,  # 5 written + 2 'accountable' + 1 'step-order' generated: the draw fits
        id="draw-counts-generated-questions",
    ),
    pytest.param(
        "training/lead-routing-basics.yml",
        ("pass_mark: 80", "pass_mark: 80\ndraw: 9"),
        "content/training/lead-routing-basics.yml:7:7: error: draw: draws 9 questions from a "
        "pool of 8 (5 written, 3 generated)",
        id="draw-too-large-with-generated",
    ),
    pytest.param(
        "processes/lead-routing.yml",
        ("title: Hand over to sales", "title: Qualify the lead"),
        "content/training/lead-routing-basics.yml:48:5: error: generate[1]: process "
        "'lead-routing' has no run of 3 or more steps with different titles on its main "
        "path (first branch at each decision) to put in order",
        id="step-order-without-a-run-to-order",
    ),
]


def _apply(content: Path, rel: str, change: str | bytes | tuple[str, str] | None) -> None:
    path = content / rel
    if isinstance(change, tuple):
        text = path.read_text(encoding="utf-8")
        assert change[0] in text, f"fixture text not found: {change[0]!r}"
        path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    elif isinstance(change, bytes):
        path.write_bytes(change)
    elif isinstance(change, str):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change, encoding="utf-8")


@pytest.mark.parametrize(("rel", "change", "expected"), CASES)
def test_each_error_is_reported_with_file_line_and_message(
    mini_content: Path, rel: str, change: object, expected: str | None
) -> None:
    if rel == "training/lead-routing-basics.yml" and change is None:
        change = ("    answer: false", "    answr: false")
    if rel == "teams/marketing.yml":
        _apply(
            mini_content,
            "teams/sales.yml",
            ("domain: salesops", "domain: salesops\nparent: marketing"),
        )
        expected = (
            "content/teams/marketing.yml:5:9: error: parent: cycle: marketing is inside sales "
            "is inside marketing"
        )
    _apply(mini_content, rel, change)
    problems = _problems(mini_content)
    errors = [p for p in problems if ": error: " in p]
    if expected is None:
        assert errors == []
        return
    if isinstance(expected, tuple):
        assert errors == list(expected), "\n".join(problems)
    else:
        assert errors == [expected], "\n".join(problems)


def test_every_problem_is_found_in_one_run(mini_content: Path) -> None:
    for rel, change in [
        ("tools/sheet.yml", "title: [broken\n"),
        ("tools/other.yml", GOOD_TOOL.replace("owner: marketer", "owner: nobody")),
        ("kpis/x.yml", "title: X\n"),
    ]:
        _apply(mini_content, rel, change)
    errors = [p for p in _problems(mini_content) if ": error: " in p]
    assert len(errors) == 8  # one syntax, one reference, six missing KPI fields


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        (
            "processes/nurture-campaign.yml",
            "  - id: send\n",
            "  - id: enrol\n",
            "content/processes/nurture-campaign.yml:19:9: error: steps[1].id: duplicate step ID "
            "'enrol'",
        ),
        (
            "training/nurture-basics.yml",
            "  - id: tools\n",
            "  - id: length\n",
            "content/training/nurture-basics.yml:21:9: error: questions[1].id: duplicate "
            "question ID 'length'",
        ),
    ],
)
def test_duplicate_ids_inside_a_record(
    mini_content: Path, rel: str, old: str, new: str, expected: str
) -> None:
    _apply(mini_content, rel, (old, new))
    assert expected in _problems(mini_content)


@pytest.mark.parametrize(
    ("target", "meant"),
    [
        ("rol:sdr", "role"),
        ("proces:lead-routing", "process"),
        ("teams:sales", "team"),
        ("peple:bob", "person"),
        ("todo:x", None),  # not close enough to a kind to be a typo of one
        ("date:x", None),
        ("mailto:ops", None),  # a link out of the playbook
        ("msteams:x", None),
        ("role:sdr", None),  # a kind: parse_ref checks the rest
        ("rol:Not A Slug", None),
    ],
)
def test_mistyped_kinds(target, meant):
    from catalog.refs import mistyped_kind

    assert mistyped_kind(target) == meant
