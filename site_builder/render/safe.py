"""Catalogue Markdown fields made safe to place in a page: their raw HTML shown as text.

A page mixes Markdown the renderers write (which may hold HTML of ours) with the
catalogue's own Markdown fields (summaries, purposes, instructions, definitions). The
training app renders those fields with raw HTML off; `field()` does the same for the
site, at the level of Markdown text so any Markdown converter may follow: outside code,
`<` becomes `&lt;` (autolinks excepted), attribute lists (`{: onclick=...}`) are escaped
and links to `javascript:`, `vbscript:`, `data:` or `file:` addresses lose their target.

Code is left as written where the converter is sure to read it as code: fenced blocks
that open and close at the start of a line, and code spans in paragraphs whose every
backtick pairs on one line. Anything less certain is escaped like prose, which at worst
shows `&lt;` inside a code sample, never runs it.
"""

from __future__ import annotations

import functools
import html
import re

_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*\.?[\w#.+-]*[ \t]*")
_FENCE_LIKE = re.compile(r"^(?P<lead>[ \t>]*)(?P<mark>[`~])(?=[`~]{2})")
_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")
# Python-Markdown's own code-span pattern (markdown.inlinepatterns.BACKTICK_RE).
_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_LINK_TARGET = re.compile(
    r"(?P<open>\]\(\s*<?|^ {0,3}\[[^\[\]\n]*\]:[ \t]*\n?[ \t]*<?)"  # inline, reference
    r"(?P<target>(?:[^\s()<>]|\([^\s()]*\))+)",
    re.MULTILINE,
)
_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data|file):")
_UNSEEN = re.compile(r"[\x00-\x20\x7f`]+")


# Every page shows a record's fields and most name other records by theirs: each rebuild
# of `mkdocs serve` meets the same texts again (some 1,200 on the bundled catalogue).
@functools.lru_cache(maxsize=8192)
def field(markdown: str) -> str:
    """A catalogue Markdown field with its raw HTML, attribute lists and script links
    made inert, its code and autolinks kept."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    prose: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _FENCE_OPEN.fullmatch(line)
        end = _closing(lines, index, opening["fence"]) if opening else None
        if end is not None:
            blocks += [_prose("\n".join(prose)), "\n".join(lines[index : end + 1])]
            prose = []
            index = end + 1
            continue
        # A fence the converter might open but we cannot pair would swallow what follows.
        prose.append(_FENCE_LIKE.sub(r"\g<lead>\\\g<mark>", line))
        index += 1
    blocks.append(_prose("\n".join(prose)))
    # Blank lines around each fenced block keep the paragraphs beside it apart.
    return "\n\n".join(b.strip("\n") for b in blocks if b.strip())


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    """The line that closes the fence opened at `start`, if any."""
    end = re.compile(re.escape(fence) + r"[ \t]*")
    return next((i for i in range(start + 1, len(lines)) if end.fullmatch(lines[i])), None)


def _prose(markdown: str) -> str:
    """Markdown outside fenced blocks, paragraph by paragraph."""
    parts = _BLANK_LINE.split(markdown)
    return "".join(p if i % 2 else _paragraph(p) for i, p in enumerate(parts))


def _paragraph(markdown: str) -> str:
    """One paragraph: script links cut, code spans kept when they are certain, the rest
    escaped."""
    # Before finding code: a code span may be a link's target, which the converter unwraps.
    markdown = _LINK_TARGET.sub(_safe_target, markdown)
    if "`" not in markdown:
        return _neutralise(markdown)
    spans = [m for m in _BACKTICK.finditer(markdown) if m.group(2)]
    certain = (
        sum(m.group().count("`") for m in spans) == markdown.count("`")
        and "|" not in markdown  # table cells are split before code spans are found
        and all("\n" not in m.group() for m in spans)
    )
    if not certain:
        return _neutralise(markdown)
    parts, last = [], 0
    for span in spans:
        parts += [_neutralise(markdown[last : span.start()]), span.group()]
        last = span.end()
    parts.append(_neutralise(markdown[last:]))
    return "".join(parts)


def _neutralise(markdown: str) -> str:
    """Markdown with no code in it: HTML and attribute lists escaped, autolinks kept."""
    parts, last = [], 0
    for autolink in _AUTOLINK.finditer(markdown):
        parts += [_escape(markdown[last : autolink.start()]), autolink.group()]
        last = autolink.end()
    parts.append(_escape(markdown[last:]))
    return "".join(parts)


def _escape(markdown: str) -> str:
    # Entities rather than backslashes: a backslash before them in the field stays inert.
    return markdown.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


def _safe_target(match: re.Match[str]) -> str:
    """A link target, or `#` when a browser would run it (however it is disguised:
    entities, spaces, control characters, code-span backticks)."""
    target = _UNSEEN.sub("", html.unescape(match["target"])).lower()
    if _BAD_SCHEME.match(target):
        return f"{match['open']}#"
    return match.group()
