"""The Mermaid text of process flows and org charts, as the renderers write it."""

from __future__ import annotations

import pytest
from site_scan import MINI, ROOT

from catalog import load_catalog
from site_builder.render.mermaid import node_id, org_chart, process_flow


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(MINI, cache=False)


def _edges_from(diagram: str, step_id: str) -> list[str]:
    source = node_id("s", step_id)
    return [line.strip() for line in diagram.splitlines() if line.strip().startswith(source + " ")]


def test_a_step_that_ends_the_process_has_no_arrow_onwards(catalog) -> None:
    process = catalog.processes["lead-routing"]
    assert process.step("nurture").end
    diagram = process_flow(catalog.graph, process, "processes/lead-routing/")
    # Only the dotted line to the sub-process it runs; nothing to the next step.
    assert _edges_from(diagram, "nurture") == ["s_nurture -.->|runs| p_nurture_campaign"]


def test_bundled_access_provisioning_ends_where_it_says() -> None:
    catalog = load_catalog(ROOT / "content", cache=False)
    process = catalog.processes["access-provisioning"]
    diagram = process_flow(catalog.graph, process, "processes/lead-routing/")
    ends = [step for step in process.steps if step.end and not step.branches]
    assert ends
    for step in ends:
        assert not [e for e in _edges_from(diagram, step.id) if "-->" in e], step.id


def _subgraphs(diagram: str) -> list[list[str]]:
    """The lines inside each subgraph of a diagram."""
    found, current = [], None
    for line in diagram.splitlines():
        if line.strip().startswith("subgraph "):
            current = []
        elif line.strip() == "end" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            current.append(line.strip())
    return found


def test_a_one_lane_process_is_drawn_top_to_bottom(catalog) -> None:
    nurture = catalog.processes["nurture-campaign"]
    one_lane = nurture.model_copy(update={"steps": nurture.steps[:2]})
    lanes = _subgraphs(process_flow(catalog.graph, one_lane, "processes/lead-routing/"))
    assert len(lanes) == 1
    assert lanes[0][0] == "direction TB"


def test_lanes_linked_to_each_other_keep_mermaid_layout(catalog) -> None:
    lanes = _subgraphs(process_flow(catalog.graph, catalog.processes["nurture-campaign"], ""))
    assert len(lanes) == 2
    assert not any("direction TB" in lane for lane in lanes)


def test_an_org_chart_of_one_team_is_drawn_top_to_bottom(catalog) -> None:
    teams = _subgraphs(org_chart(catalog.graph, [catalog.teams["sales"]], "org-chart/"))
    assert teams == [
        [
            "direction TB",
            'r_sdr["Sales Development Representative"]',
            'r_sales_manager["Sales Manager"]',
        ]
    ]


@pytest.mark.parametrize(
    ("from_path", "href"),
    [
        ("processes/lead-routing/", "../nurture-campaign/"),
        ("", "processes/nurture-campaign/"),
        ("guides/", "../processes/nurture-campaign/"),
        ("guides/deep/", "../../processes/nurture-campaign/"),
    ],
)
def test_sub_process_links_are_relative_to_the_page_showing_the_chart(
    catalog, from_path: str, href: str
) -> None:
    diagram = process_flow(catalog.graph, catalog.processes["lead-routing"], from_path)
    assert f'click p_nurture_campaign href "{href}" "Open Nurture campaign"' in diagram
