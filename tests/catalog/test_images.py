"""Images in catalogue Markdown are files of the site: the site loads nothing from another
host, so the validator refuses any other image source with the file, line and column
(of the image when the source is written as the browser reads it, of the field if not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import load

SUMMARY = "  How a fresh lead reaches the right [SDR](role:sdr) and gets an answer within an hour."
HOST = "images must be files of the site, not loaded from another host"


def _errors(content: Path) -> list[str]:
    return [
        str(p).replace(str(content.parent) + "/", "") for p in load(content).problems if p.is_error
    ]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "  ![ext](https://evil.example/t.png)",
            f"content/processes/lead-routing.yml:9:10: error: summary: {HOST}: "
            "https://evil.example/t.png",
        ),
        (
            "  See ![ext](HTTP://evil.example/t.png).",
            f"content/processes/lead-routing.yml:9:14: error: summary: {HOST}: "
            "HTTP://evil.example/t.png",
        ),
        (
            "  ![ext](//evil.example/t.png)",
            f"content/processes/lead-routing.yml:9:10: error: summary: {HOST}: "
            "//evil.example/t.png",
        ),
        (
            "  ![ext](https&#58;//evil.example/t.png)",  # as the browser decodes it
            f"content/processes/lead-routing.yml:7:10: error: summary: {HOST}: "
            "https://evil.example/t.png",
        ),
        (
            "  ![ext][pixel]\n\n  [pixel]: https://evil.example/t.png",
            f"content/processes/lead-routing.yml:7:10: error: summary: {HOST}: "
            "https://evil.example/t.png",
        ),
        (
            "  ![ext](data:image/png;base64,iVBORw0KGgo=)",
            "content/processes/lead-routing.yml:9:10: error: summary: images must be files of "
            "the site, not 'data:' addresses: data:image/png;base64,iVBORw0KGgo=",
        ),
        ("  ![the flow](flow.png) and ![logo](/assets/logo.png)", None),
        ("  [the vendor's page](https://vendor.example/docs) is a link, not a load", None),
    ],
)
def test_an_image_from_another_host_is_an_error(
    mini_content: Path, markdown: str, expected: str | None
) -> None:
    _replace(mini_content / "processes" / "lead-routing.yml", SUMMARY, f"{SUMMARY}\n{markdown}")
    assert _errors(mini_content) == ([expected] if expected else [])


def test_every_markdown_field_is_checked(mini_content: Path) -> None:
    _replace(
        mini_content / "glossary" / "bant.yml",
        "qualify a lead.",
        "qualify a lead. ![x](https://evil.example/b.png)",
    )
    assert _errors(mini_content) == [
        f"content/glossary/bant.yml:4:67: error: definition: {HOST}: https://evil.example/b.png"
    ]
