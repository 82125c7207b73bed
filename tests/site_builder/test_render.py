"""The renderers on the small catalogue, without MkDocs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from site_scan import MINI

from catalog import load_catalog
from site_builder.render import RenderContext, render_record, render_site, resolve_links
from site_builder.render.abbreviations import Abbreviations
from site_builder.render.markdown import text
from site_builder.render.mermaid import label
from site_builder.render.views import module_line


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    return RenderContext(load_catalog(MINI, cache=False), train_url="https://learn.example/t")


def body(ctx: RenderContext, kind: str, id: str) -> str:
    record = ctx.catalog.get(kind, id)
    assert record is not None
    return render_record(ctx, record).body


@pytest.mark.parametrize(
    ("markdown", "src", "expected"),
    [
        ("[SDR](role:sdr)", "processes/lead-routing.md", "[SDR](../roles/sdr.md)"),
        (
            "[q](process:lead-routing#qualify)",
            "index.md",
            "[q](processes/lead-routing.md#step-qualify)",
        ),
        ("[p](role:sdr#onboarding-path)", "a/b/c.md", "[p](../../roles/sdr.md#onboarding-path)"),
        ('[t](kpi:win-rate "Win")', "x.md", '[t](kpis/win-rate.md "Win")'),
        ("[ref]: tool:crm", "roles/sdr.md", "[ref]: ../tools/crm.md"),
        ("[i](site:processes/index.md)", "roles/sdr.md", "[i](../processes/index.md)"),
        ("[w](https://x.example/role:sdr)", "x.md", "[w](https://x.example/role:sdr)"),
        ("[m](mailto:ops@x.example)", "x.md", "[m](mailto:ops@x.example)"),
        ("[u](widget:thing)", "x.md", "[u](widget:thing)"),
        ("`[s](role:sdr)` [s](role:sdr)", "x.md", "`[s](role:sdr)` [s](roles/sdr.md)"),
        (
            "```\n[s](role:sdr)\n```\n[s](role:sdr)",
            "x.md",
            "```\n[s](role:sdr)\n```\n[s](roles/sdr.md)",
        ),
        ("``a ` [s](role:sdr)``", "x.md", "``a ` [s](role:sdr)``"),
    ],
)
def test_resolve_links(markdown: str, src: str, expected: str) -> None:
    assert resolve_links(markdown, src) == expected


def test_text_escapes_markdown_and_html() -> None:
    assert text("a *b* [c] | <d>") == r"a \*b\* \[c\] \| &lt;d>"


def test_mermaid_labels_cannot_break_the_diagram() -> None:
    assert label('Say "hi"; [now]') == "Say #34;hi#34;#59; #91;now#93;"


def test_process_page(ctx: RenderContext) -> None:
    md = body(ctx, "process", "lead-routing")
    assert md.startswith("# Lead routing\n")
    assert "### 2. Qualify the lead {#step-qualify}" in md
    assert "Record the zebracorn score in the CRM." in md
    assert "**Responsible:** [Sales Development Representative](role:sdr)" in md
    assert "- Qualified → [4. Hand over to sales](process:lead-routing#hand-over)" in md
    assert "**Runs the sub-process** [Nurture campaign](process:nurture-campaign)." in md
    assert '  s_qualify -->|"Qualified"| s_hand_over' in md
    assert 'click p_nurture_campaign href "../nurture-campaign/"' in md
    assert "| [4. Hand over to sales](process:lead-routing#hand-over) |   |   | R | AI |" in md
    assert "[Take this module](https://learn.example/t/modules/lead-routing-basics)" in md


def test_process_header_facts(ctx: RenderContext) -> None:
    page = render_record(ctx, ctx.catalog.processes["nurture-campaign"])
    header = page.meta["playbook"]
    assert header["overdue"] is True
    assert header["owner"] == {"title": "Marketing Manager", "path": "roles/marketing-manager/"}
    assert header["version"] == "1.0"
    assert page.meta["template"] == "record.html"
    assert page.meta["render_macros"] is False


def test_role_page_groups_work_by_letter(ctx: RenderContext) -> None:
    md = body(ctx, "role", "marketer")
    assert "**Responsible** (" in md and "**Consulted** (1)" in md
    assert "[Lead routing › 2. Qualify the lead](process:lead-routing#qualify)" in md
    assert "[Get certified as Marketer](https://learn.example/t/roles/marketer)" in md


def test_training_page_never_shows_questions(ctx: RenderContext) -> None:
    module = ctx.catalog.training["lead-routing-basics"]
    page = render_record(ctx, module)
    rendered = page.markdown()
    for question in module.questions:
        assert question.prompt not in rendered
        assert question.explanation not in rendered
    assert "correct" not in rendered.lower()
    assert "Favourite colour" not in rendered
    assert "**Pass mark:** 80%" in rendered
    assert (
        page.meta["playbook"]["take_url"] == "https://learn.example/t/modules/lead-routing-basics"
    )


def test_person_page_has_only_work_details(ctx: RenderContext) -> None:
    md = body(ctx, "person", "bob")
    assert "bob@" not in md
    assert "**Roles:**" in md and "**Manager:**" in md


def test_every_page_is_generated_once(ctx: RenderContext) -> None:
    pages = list(render_site(ctx))
    sources = [p.src for p in pages]
    assert len(sources) == len(set(sources))
    assert len(pages) == sum(ctx.catalog.counts().values()) + 14


def test_abbreviations_match_whole_words_only() -> None:
    catalog = load_catalog(MINI, cache=False)
    abbreviations = Abbreviations(catalog)
    assert abbreviations.used_in("Ask the SDR about BANT.") == ["BANT", "SDR"]
    assert abbreviations.used_in("SDRs and XBANT") == []
    appended = abbreviations.append_to("The SDR.")
    assert appended.endswith("*[SDR]: Sales Development Representative\n")


@pytest.mark.parametrize(
    ("expansion", "definition", "tooltip"),
    [
        ("Work in progress\n\n# INJECTED HEADING", "X.", "Work in progress # INJECTED HEADING"),
        ("Budget,\tAuthority\u2028Need\x0bTiming", "X.", "Budget, Authority Need Timing"),
        (None, "Work in progress\n\n# INJECTED HEADING", "Work in progress # INJECTED HEADING"),
        (" \n ", "The four checks.\n\n# More", "The four checks."),
    ],
)
def test_a_tooltip_is_one_line(expansion: str | None, definition: str, tooltip: str) -> None:
    import markdown

    catalog = load_catalog(MINI, cache=False)
    # As if the model let it through: the tooltip line must hold whatever the term says.
    bant = catalog.terms["bant"].model_copy(
        update={"expansion": expansion, "definition": definition}
    )
    catalog.records["term"]["bant"] = bant
    appended = Abbreviations(catalog).append_to("Check BANT.")
    assert appended == f"Check BANT.\n\n*[BANT]: {tooltip}\n"
    html = markdown.markdown(appended, extensions=["abbr"])
    assert "<h1" not in html and "<p>" in html and html.count("<p>") == 1


def test_renderers_do_not_import_mkdocs() -> None:
    code = (
        "import sys, site_builder.render, site_builder.macros;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_training_rules_are_worded_in_the_singular_when_one(ctx: RenderContext) -> None:
    page = body(ctx, "training", "nurture-basics")  # cooldown_hours: 1
    assert "2, 1 hour apart after a fail" in page and "1 hours" not in page
    assert "3, 24 hours apart after a fail" in body(ctx, "training", "lead-routing-basics")


def test_a_module_without_a_quiz_shows_its_acknowledgements_not_quiz_rules(
    ctx: RenderContext,
) -> None:
    quiz = ctx.catalog.training["lead-routing-basics"]
    module = quiz.model_copy(
        update={"questions": [], "generate": [], "acknowledge": ["lead-routing"]}
    )
    md = render_record(ctx, module).body
    assert "- **Who must complete it:** [Sales Development Representative](role:sdr)" in md
    assert "- **Acknowledgements:** 1 process to confirm you have read" in md
    assert "- **An acknowledgement is valid for:** 365 days" in md
    for rule in ("Questions", "Pass mark", "Time limit", "Attempts", "A pass is valid for"):
        assert f"**{rule}:**" not in md
    assert "**Pass mark:** 80%" in render_record(ctx, quiz).body
    assert "): 1 process to confirm you have read · [Take this module]" in module_line(ctx, module)


def test_titles_in_links_are_deferred_outside_code_and_headings() -> None:
    from site_builder.render import defer_titles, fill_titles

    titles = {("role", "sdr"): "S & D <R>", ("process", "lead-routing"): "Lead routing"}

    def title_text(kind: str, id: str) -> str | None:
        return text(titles[kind, id]) if (kind, id) in titles else None

    markdown = (
        f"See [{text('S & D <R>')}](role:sdr) and [the SDR](role:sdr).\n"
        "## [Lead routing](process:lead-routing)\n"
        "| [Lead routing](process:lead-routing) | [Qualify](process:lead-routing#qualify) |\n"
        "- [Lead routing › 2. Qualify](process:lead-routing#qualify)\n"
        "`[Lead routing](process:lead-routing)` [Gone](role:gone)\n"
    )
    deferred = defer_titles(markdown, title_text)
    lines = deferred.splitlines()
    assert "S & D" not in lines[0] and "[the SDR](role:sdr)" in lines[0]  # other text stays
    assert lines[1] == "## [Lead routing](process:lead-routing)"  # headings keep theirs
    assert (
        "[Lead routing]" not in lines[2] and "[Qualify](process:lead-routing#qualify)" in lines[2]
    )
    assert lines[3].endswith(" › 2. Qualify](process:lead-routing#qualify)")
    assert "Lead routing" not in lines[3]
    assert lines[4] == "`[Lead routing](process:lead-routing)` [Gone](role:gone)"
    assert not re.search(r"\w", re.sub(r"\[[^\]]*\]\([^)]*\)|[^\[]*", "", deferred))
    html = fill_titles(
        deferred, lambda kind, id: titles[kind, id].replace("&", "&amp;").replace("<", "&lt;")
    )
    assert html.startswith("See [S &amp; D &lt;R>](role:sdr)")
    assert "[Lead routing](process:lead-routing) |" in html
    assert "- [Lead routing › 2. Qualify](process:lead-routing#qualify)" in html
