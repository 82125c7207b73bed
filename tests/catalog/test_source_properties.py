"""Property tests: whatever bytes a record file holds, the loader answers with its own errors."""

from __future__ import annotations

import contextlib
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import load
from catalog.source import SourceError, parse

yaml_chars = st.sampled_from(list(string.printable) + ["é", "\u2028", "\x00", "\ufeff", "—"])
yaml_like = st.lists(
    st.one_of(
        yaml_chars,
        st.sampled_from(
            [
                ": ",
                "- ",
                "&a ",
                "*a",
                "!!str ",
                "!tag ",
                "{",
                "}",
                "[",
                "]",
                "? ",
                "|\n",
                ">-\n",
                "---\n",
                "...\n",
                "\n  ",
                "<<: ",
                "'",
                '"',
                "#",
                "%YAML 1.1\n",
                "\t",
            ]
        ),
    ),
    max_size=60,
).map("".join)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=20,
)


@given(st.one_of(yaml_like, st.text(max_size=200)))
@settings(max_examples=400, deadline=None)
def test_parse_raises_only_source_error_on_any_text(text: str) -> None:
    try:
        parsed = parse(text.encode("utf-8", errors="surrogatepass"))
    except SourceError as exc:
        assert exc.line >= 1 and exc.column >= 1
        assert exc.message
    else:
        assert isinstance(parsed.data, dict)


@given(st.binary(max_size=200))
@settings(max_examples=200, deadline=None)
def test_parse_raises_only_source_error_on_any_bytes(raw: bytes) -> None:
    with contextlib.suppress(SourceError):
        parse(raw)


@given(documents)
@settings(max_examples=200, deadline=None)
def test_parse_agrees_with_pyyaml_on_valid_mappings(doc: object) -> None:
    text = yaml.safe_dump({"title": doc}, allow_unicode=True)
    assert parse(text.encode()).data == yaml.safe_load(text)


@given(st.one_of(yaml_like, st.text(max_size=120)), st.sampled_from(["tools", "processes"]))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_load_never_raises_on_a_garbage_record(mini_content: Path, text: str, folder: str) -> None:
    (mini_content / folder / "garbage.yml").write_text(
        text, encoding="utf-8", errors="surrogatepass"
    )
    catalog = load(mini_content, cache=False)
    garbage = [p for p in catalog.problems if p.file.endswith("garbage.yml")]
    assert garbage, "a garbage record must produce at least one problem"
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in garbage)
