"""A catalogue written to attack the site: HTML, attribute lists and script links in every
title and Markdown field. Nothing of it may run; code and autolinks still show."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from site_scan import MINI, BuiltSite, build_catalogue, html_pages, parse

from site_builder.render.safe import field

TITLE = (
    'Evil <script>alert("title")</script> </title><img src=x onerror=alert(1)> '
    '{: onclick="alert(2)"} & [x] | # ` <img src=x onerror=alert(7)> `'
)
FIELD = """Intro <script>alert("field")</script> <img src=x onerror=alert(3)> and `code <kept>`,
see <https://example.com/docs>.

{: onclick="alert(4)" }

<div markdown>
<script>alert('block')</script>
</div>

[click](javascript:alert(5)) and [hidden](jav&#x61;script:alert(6))

```text
<b>fenced & kept</b>
```
"""
MARKDOWN_FIELDS = {"summary", "purpose", "instructions", "definition"}
"""The Markdown fields of records; every other string of theirs is a plain value."""


def _poison(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if key in MARKDOWN_FIELDS and isinstance(value, str):
        return FIELD
    if key in {"title", "name", "decision", "when", "trigger", "outcome"}:
        return f"{TITLE} {value}"  # still unique where titles must differ
    return value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small catalogue with every title and Markdown field made hostile, built strict."""
    base = tmp_path_factory.mktemp("hostile")
    content = base / "content"
    shutil.copytree(MINI, content)
    for path in content.rglob("*.yml"):
        if path.parent.name == "training":
            continue  # the module pages show their summary; their questions stay put
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record = _poison(record)
        if "link" in record:  # a tool's address: http(s), no spaces, anything else
            record["link"] = "https://tool.example/><img/src=x/onerror=alert(8)>"
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    for path in (content / "training").glob("*.yml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record["title"], record["summary"] = TITLE, FIELD
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return build_catalogue(content, base)


def test_hostile_catalogue_builds_strict(hostile_site: BuiltSite) -> None:
    assert hostile_site.returncode == 0, hostile_site.output
    assert "WARNING" not in hostile_site.output


def test_no_catalogue_html_runs(hostile_site: BuiltSite) -> None:
    # Pagefind's fragments hold the pages' text as data; its UI escapes it before display.
    pages = list(html_pages(hostile_site.dir))
    assert len(pages) > 20, hostile_site.output
    found = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for pattern in (r"<script[^>]*>\s*alert", r"<[^>]*\balert\(", r"</title><"):
            found += [f"{page}: {m.group()}" for m in re.finditer(pattern, html)]
        found += [f"{page}: {href}" for href in parse(page).links if _runs(href)]
    assert found == []


def test_titles_and_fields_show_as_text(hostile_site: BuiltSite) -> None:
    page = hostile_site.page("roles/sdr/")
    assert "<title>Evil &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page
    assert 'Intro &lt;script&gt;alert("field")&lt;/script&gt;' in page
    assert "<code>code &lt;kept&gt;</code>" in page
    assert '<a href="https://example.com/docs">https://example.com/docs</a>' in page
    assert "<code>&lt;b&gt;fenced &amp; kept&lt;/b&gt;" in page
    assert "{: onclick=" in page.replace("&#123;", "{")
    process = hostile_site.page("processes/lead-routing/")
    assert 'id="step-qualify"' in process


MD = markdown.Markdown(
    extensions=["attr_list", "md_in_html", "tables", "toc", "pymdownx.superfences"]
)


def _html(source: str) -> str:
    MD.reset()
    return MD.convert(source)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "para\n{: onclick=alert(1) }",
        "para\n\\{: onclick=alert(1) \\}",
        "# Heading {: onclick=alert(1) }",
        "[x](javascript:alert(1))",
        "[x]( JaVa&#x53;cript:alert(1))",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "`a`<img src=x onerror=alert(1)>`b",
        "`a\nb` <img src=x onerror=alert(1)> `c`",
        "``a`\n``<img src=x onerror=alert(1)>`",
        "```\nx\n\n<img src=x onerror=alert(1)>",
        "``` {onclick=x}\n<img src=x onerror=alert(1)>\n```",
        "> ```\n> <img src=x onerror=alert(1)>\n> ```",
        "| `a | <img src=x onerror=alert(1)>` |\n| --- | --- |\n| 1 | 2 |",
        "<div/onmouseover=alert(1)@x.com>",
        "[x](`javascript:alert(1)`)",
        "[x]( <`java`script:alert(1)> )",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "<http://x onmouseover=alert(1)>",
    ],
)
def test_field_leaves_nothing_that_runs(source: str) -> None:
    html = _html(field(source))
    assert _dangers(html) == [], html


MARKDOWN_TAGS = {"p", "a", "img", "code", "pre", "div", "span", "h1", "blockquote"}
MARKDOWN_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}
"""What these fields' Markdown may become; any other element came from raw HTML."""


class _Dangers(HTMLParser):
    """Elements and attributes of a piece of HTML that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MARKDOWN_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (name in {"href", "src"} and _runs(value or "")):
                self.found.append(f"{tag} {name}={value}")


def _runs(url: str) -> bool:
    """Whether a browser would run a link's address as script (or load it as a document)."""
    return re.match(r"\s*(javascript|vbscript|data|file):", url, re.IGNORECASE) is not None


def _dangers(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("use `a < b` here", "<code>a &lt; b</code>"),
        ("```\nif a < b: pass\n```", "if a &lt; b: pass"),
        ("see <https://example.com/a?b=1>", '<a href="https://example.com/a?b=1">'),
        ("mail <ops@example.com>", "<a href="),
        ("a [role](role:sdr) link", '<a href="role:sdr">role</a>'),
        ("1 < 2 & {x}", "1 &lt; 2 &amp; {x}"),
    ],
)
def test_field_keeps_code_links_and_text(source: str, shown: str) -> None:
    html = _html(field(source)).replace("&#123;", "{").replace("&#125;", "}")
    assert shown in html, html


def test_field_closes_nothing_it_did_not_open() -> None:
    # An unpaired fence in one field must not pair with a fence in the next.
    page = field("```\nopened") + "\n\n" + field("```\n<b>x</b>\n```")
    assert "<b>" not in _html(page).replace("&lt;b&gt;", "")
