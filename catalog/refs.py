"""The one reference syntax: parsing `kind:id#anchor`, and finding references in records.

Fields hold bare IDs and declare the kind they point at (see `models.base.Reference`);
Markdown prose points at records with links whose target is `kind:id`, e.g.
`[the SDR](role:sdr)` or `[scoring](process:lead-routing#score-lead)`.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from pydantic import BaseModel

from .models import RECORD_TYPES, Reference
from .source import Path_

_REF = re.compile(r"^(?P<kind>[a-z]+):(?P<id>[^#\s]*)(?:#(?P<anchor>[^\s]*))?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINK_FORM = "kind:id or kind:id#step, e.g. role:sdr or process:lead-routing#qualify"


class RefError(ValueError):
    """A reference that does not follow the syntax; the message quotes it."""


@dataclass(frozen=True)
class Ref:
    """A parsed reference to a record, optionally to a step inside a process."""

    kind: str
    id: str
    anchor: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}" + (f"#{self.anchor}" if self.anchor else "")


def page_path(kind: str, id: str, anchor: str | None = None) -> str:
    """The site path of a record's page, e.g. 'processes/lead-routing/#step-qualify'.

    Every renderer (site, training app) links to records through this one function.
    """
    path = f"{RECORD_TYPES[kind].FOLDER}/{id}/"
    return f"{path}#step-{anchor}" if anchor else path


def looks_like_ref(target: str) -> bool:
    """Whether a link target uses the record scheme (rather than a URL or a relative path)."""
    head = target.split(":", 1)[0]
    return ":" in target and head in RECORD_TYPES


def parse_ref(text: str) -> Ref:
    """Parse `kind:id[#anchor]`, or raise RefError quoting the text and the expected form."""
    match = _REF.match(text.strip())
    if match is None:
        raise RefError(f"malformed reference '{text}'; expected {LINK_FORM}")
    kind, id_, anchor = match["kind"], match["id"], match["anchor"]
    if kind not in RECORD_TYPES:
        kinds = ", ".join(RECORD_TYPES)
        raise RefError(f"unknown kind '{kind}' in reference '{text}'; kinds are {kinds}")
    if not _SLUG.match(id_):
        raise RefError(f"malformed reference '{text}'; the ID must be a lower-case slug")
    if anchor is not None and (kind != "process" or not _SLUG.match(anchor)):
        raise RefError(f"malformed reference '{text}'; only process references take #step-id")
    return Ref(kind, id_, anchor)


@dataclass(frozen=True)
class _FieldInfo:
    name: str
    kind: str | None  # the kind referenced, for reference fields
    markdown: bool
    nested: tuple[type[BaseModel], ...]  # models the field may contain


def _inspect(annotation: object) -> tuple[str | None, bool, tuple[type[BaseModel], ...]]:
    kind: str | None = None
    markdown = False
    nested: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, Reference):
            kind = item.kind
        elif isinstance(item, type) and issubclass(item, BaseModel):
            nested.append(item)
        elif getattr(item, "json_schema_extra", None) == {"format": "markdown"}:
            markdown = True
        else:
            stack.extend(typing.get_args(item))
            stack.extend(getattr(item, "__metadata__", ()))
            stack.extend(getattr(item, "metadata", ()) or ())
    return kind, markdown, tuple(nested)


@cache
def _fields(model: type[BaseModel]) -> tuple[_FieldInfo, ...]:
    infos = []
    for name, field in model.model_fields.items():
        kind, markdown, nested = _inspect(field.annotation)
        for meta in field.metadata:
            k, m, n = _inspect(meta)
            kind, markdown, nested = kind or k, markdown or m, nested or n
        if field.json_schema_extra == {"format": "markdown"}:
            markdown = True
        if kind or markdown or nested:
            infos.append(_FieldInfo(name, kind, markdown, nested))
    return tuple(infos)


def _scan(model: BaseModel, path: Path_, refs: list, texts: list) -> None:
    for info in _fields(type(model)):
        value = model.__dict__[info.name]
        if value is None or value == []:
            continue
        items = enumerate(value) if isinstance(value, list) else ((None, value),)
        for index, item in items:
            item_path = (*path, info.name) if index is None else (*path, info.name, index)
            if info.nested and isinstance(item, BaseModel):
                _scan(item, item_path, refs, texts)
            elif info.kind:
                refs.append((item_path, info.kind, item))
            elif info.markdown and item:
                texts.append((item_path, item))


def scan(model: BaseModel) -> tuple[list[tuple[Path_, str, str]], list[tuple[Path_, str]]]:
    """Every reference field (path, kind referenced, ID) and Markdown field (path, text)."""
    refs: list[tuple[Path_, str, str]] = []
    texts: list[tuple[Path_, str]] = []
    _scan(model, (), refs, texts)
    return refs, texts


_md = MarkdownIt("commonmark", {"html": False})
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_UNSEEN = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")
_ANOTHER_HOST = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?[/\\]{2}", re.IGNORECASE)


def markdown_links(text: str) -> Iterator[tuple[int, str]]:
    """Link targets in Markdown text that use the record scheme: (line offset, target)."""
    if ":" in text:
        for line, image, target in _markdown_targets(text):
            if not image and looks_like_ref(target):
                yield line, target


# Schemes a link may use to leave the playbook: never read as a mistyped record kind.
_URL_SCHEMES = frozenset(
    [
        "http",
        "https",
        "mailto",
        "tel",
        "sms",
        "ftp",
        "sftp",
        "ssh",
        "git",
        "file",
        "data",
        "javascript",
        "irc",
        "news",
        "urn",
        "xmpp",
        "callto",
        "webcal",
        "slack",
        "msteams",
        "zoommtg",
    ]
)


def mistyped_kind(target: str) -> str | None:
    """The record kind a link target was probably meant to name, when it reads like
    `kind:id` with a kind that does not exist (`rol:sdr`, `processes:x`), else None."""
    head, sep, rest = target.partition(":")
    if not sep or head in RECORD_TYPES or head in _URL_SCHEMES or not head.isalpha():
        return None
    if not _SLUG.match(rest.split("#", 1)[0]):
        return None
    folders = {cls.FOLDER: kind for kind, cls in RECORD_TYPES.items()}
    close = difflib.get_close_matches(head.lower(), [*RECORD_TYPES, *folders], n=1, cutoff=0.8)
    return folders.get(close[0], close[0]) if close else None


def mistyped_links(text: str) -> Iterator[tuple[int, str, str]]:
    """Links in Markdown text that look meant for a record but name no kind:
    (line offset, target, the kind probably meant)."""
    if ":" in text:
        for line, image, target in _markdown_targets(text):
            if not image and (kind := mistyped_kind(target)):
                yield line, target, kind


def markdown_images(text: str) -> Iterator[tuple[int, str]]:
    """Image sources in Markdown text: (line offset, source)."""
    if "!" in text:
        for line, image, target in _markdown_targets(text):
            if image:
                yield line, target


def image_problem(source: str, what: str = "images") -> str | None:
    """Why a browser must not load this image (or other `what`) source, if it must not:
    the site loads nothing from another host, so an image is a file of the site, named by
    a relative or site path. `data:` and every other scheme are refused too (the site
    cuts `data:` targets out of catalogue text)."""
    # As a browser reads it: Markdown's %-escapes undone, tabs and newlines dropped,
    # spaces and control characters at either end ignored (`\\host` is `//host`).
    source = _UNSEEN.sub("", unquote(source))
    shown = source if len(source) <= 80 else f"{source[:77]}..."
    if _ANOTHER_HOST.match(source):
        return f"{what} must be files of the site, not loaded from another host: {shown}"
    scheme = _SCHEME.match(source)
    if scheme:
        return f"{what} must be files of the site, not '{scheme.group()}' addresses: {shown}"
    return None


@lru_cache(maxsize=1 << 14)
def _markdown_targets(text: str) -> tuple[tuple[int, bool, str], ...]:
    # Remembered by text: `mkdocs serve` loads the catalogue again after every save, and
    # parsing every Markdown field was about half of a load that changed one file.
    return tuple(_parse_targets(text))


def _parse_targets(text: str) -> Iterator[tuple[int, bool, str]]:
    """(line offset, is an image, target) of every link and image in Markdown text."""
    for block in _md.parse(text):
        if not block.children:
            continue
        line = block.map[0] if block.map else 0
        for token in block.children:
            if token.type == "softbreak" or token.type == "hardbreak":
                line += 1
            if token.type == "link_open":
                yield line, False, str(token.attrGet("href") or "")
            elif token.type == "image":
                yield line, True, str(token.attrGet("src") or "")
