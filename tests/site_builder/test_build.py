"""Sites built with `mkdocs build --strict` (the small catalogue and the bundled one):
pages, links and anchors, no answer keys, nothing from another host."""

from __future__ import annotations

import re

from site_scan import BuiltSite, foreign_loads, internal_links, parse, readable_files, target_file

from catalog import Catalog, page_path
from catalog.models import Option, Ordering
from site_builder.render import RenderContext, render_site


def test_strict_build_passes_without_warnings(built_site: BuiltSite) -> None:
    assert built_site.returncode == 0, built_site.output
    assert "WARNING" not in built_site.output
    assert "Traceback" not in built_site.output


def test_every_record_has_its_page(built_site: BuiltSite) -> None:
    missing = [
        page_path(r.KIND, r.id)
        for r in built_site.catalog.all()
        if not (built_site.dir / page_path(r.KIND, r.id) / "index.html").is_file()
    ]
    assert missing == []


def test_every_index_page_exists(built_site: BuiltSite) -> None:
    for path in [
        "",
        "onboarding/",
        "processes/",
        "roles/",
        "teams/",
        "domains/",
        "people/",
        "tools/",
        "data/",
        "kpis/",
        "training/",
        "glossary/",
        "org-chart/",
        "handoffs/",
        "raci/",
        "tags/",
    ]:
        assert (built_site.dir / path / "index.html").is_file(), path


def test_every_internal_link_and_anchor_resolves(built_site: BuiltSite) -> None:
    broken = []
    ids: dict[str, set[str]] = {}
    for page, target, anchor in internal_links(built_site.dir):
        file = target_file(built_site.dir, target)
        if not file.is_file():
            broken.append(f"{page} -> {target}")
            continue
        if anchor and file.suffix == ".html":
            if str(file) not in ids:
                ids[str(file)] = parse(file).ids
            if anchor not in ids[str(file)]:
                broken.append(f"{page} -> {target}#{anchor}")
    assert broken == []


def _secrets(catalog: Catalog) -> list[str]:
    """Text that only the modules' questions hold: prompts, explanations, options and
    orderings, less anything the rest of the catalogue also says (a role's title may
    well be an option)."""
    candidates = []
    for module in catalog.training.values():
        for question in module.questions:
            candidates += [question.prompt, question.explanation]
            options: list[Option] = getattr(question, "options", [])
            candidates += [o.text for o in options]
            if isinstance(question, Ordering):
                candidates.append(" ".join(question.items))
    public = [
        p.body
        for p in render_site(RenderContext(catalog))
        if p.meta.get("playbook", {}).get("kind") != "training"
    ]
    public += [f"{m.title} {m.summary}" for m in catalog.training.values()]
    said = _flat("\n".join(public))
    return [_flat(c) for c in candidates if len(c) > 12 and _flat(c) not in said]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_no_answer_key_or_training_yaml_reaches_the_site(built_site: BuiltSite) -> None:
    secrets = _secrets(built_site.catalog)
    assert len(secrets) > 5, "the catalogue's modules have questions"
    leaks = []
    for path, text in readable_files(built_site.dir):
        flat = _flat(text)
        leaks += [f"{path.name}: {s!r}" for s in secrets if s in flat]
        if re.search(r"""["']?correct["']?\s*:\s*(true|false)""", text):
            leaks.append(f"{path.name}: a 'correct' flag")
        if re.search(r"(?m)^questions:\s*$", text) or path.suffix in {".yml", ".yaml"}:
            leaks.append(f"{path.name}: training YAML")
    assert leaks == []


def test_training_page_shows_rules_and_links_to_the_quiz(mini_site: BuiltSite) -> None:
    html = mini_site.page("training/lead-routing-basics/")
    assert 'href="/train/modules/lead-routing-basics"' in html
    assert 'href="/train/roles/sdr"' in html
    assert "80%" in html
    assert "up to 8 questions" in html  # 5 written, 3 generated


def test_no_resource_is_loaded_from_another_host(built_site: BuiltSite) -> None:
    assert foreign_loads(built_site.dir) == []
    for path, text in readable_files(built_site.dir):
        if path.suffix in {".html", ".css"}:
            assert "fonts.googleapis" not in text, path
            assert "fonts.gstatic" not in text, path


def test_mermaid_is_served_from_the_site_with_its_licence(mini_site: BuiltSite) -> None:
    vendored = mini_site.dir / "assets" / "javascripts" / "mermaid"
    assert (vendored / "mermaid.min.js").stat().st_size > 1_000_000
    assert "MIT" in (vendored / "LICENSE").read_text(encoding="utf-8")
    process = mini_site.page("processes/lead-routing/")
    assert 'src="../../assets/javascripts/mermaid/mermaid.min.js"' in process
    assert 'class="mermaid"' in process
    assert "mermaid.min.js" not in mini_site.page("people/ada/")


def test_process_page_has_header_steps_raci_and_flow(mini_site: BuiltSite) -> None:
    html = mini_site.page("processes/lead-routing/")
    header = html[html.index('class="pb-header"') : html.index("</h1>")]
    assert "Process" in header and "active" in header
    assert "Sales Manager" in header and "Version 1.1" in header
    assert "Last reviewed 2026-06-01" in header
    assert 'id="step-qualify"' in html
    assert "zebracorn" in html
    assert "<table>" in html and ">AI</td>" in html
    assert "subgraph lane_sdr" in html


def test_overdue_review_shows_a_banner(mini_site: BuiltSite) -> None:
    assert "Review overdue" in mini_site.page("processes/nurture-campaign/")
    assert "Review overdue" not in mini_site.page("processes/lead-routing/")


def test_role_page_has_onboarding_path_and_get_certified(mini_site: BuiltSite) -> None:
    html = mini_site.page("roles/sdr/")
    assert 'id="onboarding-path"' in html
    assert 'href="/train/roles/sdr"' in html and "Get certified" in html
    path = html[html.index('id="onboarding-path"') :]
    assert path.index("Lead routing") < path.index("Nurture campaign")


def test_person_page_shows_nothing_personal(mini_site: BuiltSite) -> None:
    html = mini_site.page("people/ada/")
    assert "Ada Lovelace" in html
    assert "ada@tiny.example" not in html
    assert "2020-01-06" not in html


def test_glossary_terms_become_abbreviation_tooltips(mini_site: BuiltSite) -> None:
    html = mini_site.page("processes/lead-routing/")
    assert '<abbr title="Sales Development Representative">SDR</abbr>' in html


def test_home_page_runs_the_catalogue_macros(mini_site: BuiltSite) -> None:
    html = mini_site.page("")
    assert "{{" not in html
    assert 'href="roles/sdr/#onboarding-path"' in html
    assert "Added the nurture branch." in html


def test_search_index_is_built_and_leaves_index_pages_out(mini_site: BuiltSite) -> None:
    bundle = mini_site.dir / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-ui.js").is_file()
    assert "data-pagefind-body" in mini_site.page("processes/lead-routing/")
    assert "data-pagefind-body" not in mini_site.page("processes/")
