"""Glossary words that start or end with punctuation get their tooltip like any other."""

from __future__ import annotations

import markdown
import pytest
from site_scan import MINI

from catalog import load_catalog
from catalog.models import Term
from site_builder.render.abbreviations import Abbreviations


def tooltips_of(words: list[str], prose: str) -> str:
    """The HTML of `prose` with glossary terms for `words`, as the site converts a page."""
    catalog = load_catalog(MINI, cache=False)
    for index, word in enumerate(words):
        term = Term(title=word, expansion=f"means {index}", definition="A word.")
        catalog.records["term"][f"word-{index}"] = term
    page = Abbreviations(catalog).append_to(prose)
    return markdown.markdown(page, extensions=["site_builder.abbr"])


@pytest.mark.parametrize(
    ("word", "prose"),
    [
        ("C++", "The driver is written in C++ today."),
        ("C++", "The driver is written in C++."),
        (".NET", "Our .NET services."),
        ("Z.P.L.", "Labels are printed in Z.P.L. by the scanner."),
        ("Z.P.L.", "(Z.P.L.)"),
        ("C#", "Some C#, some C++."),
        ("MQL", "An MQL arrives."),
        ("month-end close", "Before the month-end close."),
    ],
)
def test_a_word_edged_by_punctuation_gets_its_tooltip(word: str, prose: str) -> None:
    assert f'<abbr title="means 0">{word}</abbr>' in tooltips_of([word], prose)


@pytest.mark.parametrize(
    ("word", "prose", "count"),
    [
        (".NET", "We run ASP.NET.", 0),  # a letter touches the word
        ("C++", "C++x is not C++ with an x.", 1),
        ("MQL", "Two MQLs.", 0),
        ("C++", "Write `C++` as code.", 0),
    ],
)
def test_a_word_touching_a_letter_or_in_code_gets_none(word: str, prose: str, count: int) -> None:
    assert tooltips_of([word], prose).count("<abbr") == count


def test_the_site_converts_with_this_abbreviation_extension() -> None:
    from site_scan import ROOT

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - site_builder.abbr" in config and "\n  - abbr\n" not in config
