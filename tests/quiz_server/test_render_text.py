"""Catalogue text put into generated Markdown comes back as the same text, whether shown
as HTML (question options) or as plain text (a <select>'s options)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_server.generated import md_text
from quiz_server.render import inline, plain

LINE = st.text(
    alphabet=st.one_of(
        st.sampled_from("\\`*_[]<>#!|&;:/()-.+=~\"'{}$%^ 0123456789abcXYZ"),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    max_size=40,
).filter(lambda t: t == t.strip())


@settings(max_examples=400, deadline=None)
@given(LINE)
def test_escaped_text_reads_back_the_same(text):
    escaped = md_text(text)
    assert plain(escaped) == text
    rendered = str(inline(escaped))
    assert not re.search(r"<[a-z/]", rendered)  # no markup: every special was escaped
    assert html.unescape(rendered) == text


def test_plain_drops_markup_but_keeps_words():
    assert plain("Inspect SKU\\_ID & \\*damage\\*") == "Inspect SKU_ID & *damage*"
    assert (
        plain("**Send** the `quote` to [the client](process:x)") == "Send the quote to the client"
    )
    assert plain("Restock <b>now</b>") == "Restock <b>now</b>"  # raw HTML stays text
    assert plain("A &amp; B") == "A & B"
