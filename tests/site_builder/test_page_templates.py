"""A template error in a hand-written page: one line naming the page and the line, exit
status 1 and the previous site kept, never a traceback or a silent exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_scan import ROOT

from catalog.cli import main as playbook
from site_builder.build import SiteBuildError, build_site
from site_builder.page_templates import lines_before

CONFIG = str(ROOT / "mkdocs.yml")


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{{ no_such_macro() }}", "template error: 'no_such_macro' is undefined"),
        ("{% if %}", "template error: Expected an expression, got 'end of statement block'"),
        ("{{ counts( }}", "template error: unexpected '}', expected ')'"),
        (
            '{{ raci_matrix("nope") }}',
            "a macro failed: no process 'nope' in the catalogue"
            " (some process IDs: lead-routing, nurture-campaign)",
        ),
    ],
)
def test_a_template_error_names_the_page_and_line(
    building_with_pages: Path, capsys: pytest.CaptureFixture[str], template: str, problem: str
) -> None:
    page = building_with_pages / "pages" / "index.md"
    page.write_text("# Tiny Co\n\nAll good.\n")
    assert (
        playbook(["build", "--content", str(building_with_pages), "-f", CONFIG, "-d", "site"]) == 0
    )
    capsys.readouterr()
    page.write_text(f"---\ntitle: Home\n---\n\n# Tiny Co\n\n{template}\n")
    assert (
        playbook(["build", "--content", str(building_with_pages), "-f", CONFIG, "-d", "site"]) == 1
    )
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"content/pages/index.md:7: {problem}",
        "build failed; the previous site, if any, was kept",
    ]
    assert "All good." in (building_with_pages.parent / "site" / "index.html").read_text()


def test_a_hook_that_exits_fails_the_build_with_a_message(
    building_with_pages: Path, tmp_path: Path
) -> None:
    (building_with_pages / "pages" / "index.md").write_text("# Home\n")
    (tmp_path / "exit_hook.py").write_text(
        "import sys\n\ndef on_page_markdown(markdown, **kwargs):\n    sys.exit(3)\n"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: X\ndocs_dir: {building_with_pages / 'pages'}\nhooks: [exit_hook.py]\n"
    )
    with pytest.raises(SiteBuildError, match=r"^a plugin stopped the build \(exit status 3\)$"):
        build_site(config, site_dir=tmp_path / "site")


@pytest.mark.parametrize(
    ("markdown", "source", "lines"),
    [
        ("# Home\n", "# Home\n", 0),
        ("# Home\n", "---\ntitle: Home\n---\n\n# Home\n", 4),
        ("Home", "---\ntitle: Home\n---\n\n# Start\n", None),  # a page title
        ("", "", None),
    ],
)
def test_lines_before_counts_the_front_matter(
    markdown: str, source: str, lines: int | None
) -> None:
    assert lines_before(markdown, source) == lines
