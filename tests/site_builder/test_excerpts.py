"""Listings show a short plain-text excerpt of a Markdown field, never the whole field."""

from __future__ import annotations

import pytest
from site_scan import MINI

from catalog import load_catalog
from site_builder.render import RenderContext, render_record
from site_builder.render.indexes import kind_indexes
from site_builder.render.markdown import excerpt

LONG = (
    "Intro with **bold**, a [link](https://example.com), `code` and <b>inline HTML</b>.\n\n"
    "```python\ndef f(x):\n    return x\n```\n\n| col A | col B |\n| --- | --- |\n| 1 | 2 |\n\n"
    + "\n\n".join(f"Paragraph {i}: " + "lorem ipsum dolor sit amet " * 30 for i in range(200))
)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (LONG, "Intro with bold, a link, code and inline HTML."),
        (
            "How a lead reaches the [SDR](role:sdr). Then more.",
            "How a lead reaches the SDR. Then more.",
        ),
        ("```\ncode first\n```\n\n| a |\n| - |\n\n# Heading\n\nThe prose.", "The prose."),
        ("- one\n- two", "one two"),
        ("x < y & `a|b`", "x &lt; y &amp; a\\|b"),
        ("Fill in customer_id *now*", "Fill in customer\\_id now"),
        ("word " * 60, ("word " * 32).strip() + "…"),
        ("A first sentence. " + "word " * 60, "A first sentence."),
    ],
)
def test_excerpt(markdown: str, expected: str) -> None:
    assert excerpt(markdown) == expected


@pytest.fixture(scope="module")
def ctx() -> RenderContext:
    catalog = load_catalog(MINI, cache=False)
    team = catalog.teams["sales"]
    long_team = team.model_copy(update={"purpose": LONG})
    catalog.records["team"]["sales"] = long_team
    return RenderContext(catalog)


def test_indexes_list_a_line_of_each_field(ctx: RenderContext) -> None:
    teams = next(p for p in kind_indexes(ctx) if p.src == "teams/index.md")
    line = next(li for li in teams.body.splitlines() if "(team:sales)" in li)
    assert line == "- [Sales](team:sales): Intro with bold, a link, code and inline HTML."


def test_role_pages_list_a_line_of_each_summary(ctx: RenderContext) -> None:
    md = render_record(ctx, ctx.catalog.roles["sdr"]).body
    assert "1. [Lead routing](process:lead-routing) (responsible): How a fresh lead" in md
    assert "lorem" not in md
