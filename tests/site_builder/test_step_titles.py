"""Step titles with Markdown, attribute-list and line-break characters show as written,
in headings, RACI cells, links and diagrams, and keep their `#step-<id>` anchors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from site_scan import MINI, BuiltSite, build_catalogue, parse

from site_builder.render.mermaid import label

TITLES = {
    "receive": "Receive the request",
    "fill": "Fill in the {customer_id} field",
    "prepare": "Prepare\r\nBank\r\nTransfer",
    "mark": "Pipe | [brackets] #hash *star* _under_ `tick` \"dq\" 'sq' & {: .x}",
}
SHOWN = {
    "receive": "Receive the request",
    "fill": "Fill in the {customer_id} field",
    "prepare": "Prepare Bank Transfer",
    "mark": "Pipe | [brackets] #hash *star* _under_ `tick` \"dq\" 'sq' &amp; {: .x}",
}


@pytest.fixture(scope="module")
def titled_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    base = tmp_path_factory.mktemp("titles")
    content = base / "content"
    shutil.copytree(MINI, content)
    process = {
        "title": "Linear one-lane process",
        "domain": "salesops",
        "owner": "sales-manager",
        "trigger": "t",
        "outcome": "o",
        "summary": "s",
        "version": "1",
        "review": {"interval_days": 365, "last_reviewed": "2026-06-01"},
        "steps": [
            {
                "id": step_id,
                "title": title,
                "instructions": "x",
                "raci": {"responsible": ["sdr"], "accountable": "sales-manager"},
            }
            for step_id, title in TITLES.items()
        ],
    }
    path = Path(content / "processes" / "linear.yml")
    path.write_text(yaml.safe_dump(process), encoding="utf-8")
    return build_catalogue(content, base)


def test_strict_build_passes(titled_site: BuiltSite) -> None:
    assert titled_site.returncode == 0, titled_site.output
    assert "WARNING" not in titled_site.output


@pytest.mark.parametrize("step_id", TITLES)
def test_heading_shows_the_title_under_its_anchor(titled_site: BuiltSite, step_id: str) -> None:
    html = titled_site.page("processes/linear/")
    number = list(TITLES).index(step_id) + 1
    heading = f'<h3 id="step-{step_id}">{number}. {SHOWN[step_id]}<a class="headerlink"'
    assert heading in html


@pytest.mark.parametrize("step_id", TITLES)
def test_links_and_raci_rows_show_the_title(titled_site: BuiltSite, step_id: str) -> None:
    number = list(TITLES).index(step_id) + 1
    process = titled_site.page("processes/linear/")
    role = titled_site.page("roles/sdr/")
    link = f'<a href="./#step-{step_id}">{number}. {SHOWN[step_id]}</a>'
    assert f"<td>{link}</td>" in process  # a RACI row of its own
    assert f'href="../../processes/linear/#step-{step_id}"' in role
    assert f"Linear one-lane process › {number}. {SHOWN[step_id]}</a>" in role
    assert "step-" + step_id in parse(titled_site.dir / "processes/linear/index.html").ids


def test_mermaid_labels_show_every_character() -> None:
    assert label("Fill in the {customer_id} field") == "Fill in the #123;customer_id#125; field"
    assert label("Prepare\r\nBank\r\nTransfer") == "Prepare Bank Transfer"
    assert label("R&D | `x`") == "R#38;D #124; #96;x#96;"
