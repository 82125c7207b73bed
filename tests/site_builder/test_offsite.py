"""A hand-written page that would load something from another host: a MkDocs warning
naming the page (so `--strict` fails), while links to other hosts stay fine."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_scan import ROOT

from catalog.cli import main as playbook
from site_builder.offsite import offsite_loads

CONFIG = str(ROOT / "mkdocs.yml")
HOST = "must be files of the site, not loaded from another host"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="https://evil.example/t.png">', [f"images {HOST}: https://evil.example/t.png"]),
        ('<IMG SRC="//evil.example/t.png">', [f"images {HOST}: //evil.example/t.png"]),
        (
            '<picture><source srcset="a.png 1x, https://cdn.example/b.png 2x"></picture>',
            [f"images {HOST}: https://cdn.example/b.png"],
        ),
        (
            '<script src="https://cdn.example/x.js"></script>',
            [f"scripts {HOST}: https://cdn.example/x.js"],
        ),
        (
            '<iframe src="https://video.example/"></iframe>',
            [f"<iframe> sources {HOST}: https://video.example/"],
        ),
        (
            '<img src="data:image/png;base64,iVBORw0KGgo=">',
            [
                "images must be files of the site, not 'data:' addresses: "
                "data:image/png;base64,iVBORw0KGgo="
            ],
        ),
        ('<img src="../assets/flow.png" srcset="flow.png 1x, flow@2x.png 2x">', []),
        ('<a href="https://vendor.example/">a link is followed only when clicked</a>', []),
    ],
)
def test_offsite_loads(html: str, expected: list[str]) -> None:
    assert offsite_loads(html) == expected


def test_a_page_image_from_another_host_fails_a_strict_build(
    building_with_pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = building_with_pages / "pages" / "onboarding.md"
    page.write_text(
        page.read_text() + "\n![ext](https://evil.example/t.png) [fine](https://example.com)\n"
    )
    build = ["build", "--content", str(building_with_pages), "-f", CONFIG, "-d", "site"]
    assert playbook([*build, "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"content/pages/onboarding.md: images {HOST}: https://evil.example/t.png",
        "build failed; the previous site, if any, was kept",
    ]
    assert playbook(build) == 0  # without --strict, a warning like a broken link
    assert f"content/pages/onboarding.md: images {HOST}" in capsys.readouterr().err


def test_a_page_link_with_a_mistyped_kind_fails_a_strict_build(
    building_with_pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = building_with_pages / "pages" / "onboarding.md"
    page.write_text(
        page.read_text() + "\n[typo](proces:lead-routing) [mail](mailto:ops) `rol:sdr`\n"
    )
    build = ["build", "--content", str(building_with_pages), "-f", CONFIG, "-d", "site"]
    assert playbook([*build, "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/pages/onboarding.md: link 'proces:lead-routing': there is no kind 'proces'; "
        "did you mean 'process:lead-routing'?",
        "build failed; the previous site, if any, was kept",
    ]
