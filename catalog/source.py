"""Reading one record file: bytes to plain data plus a side index of YAML positions.

The YAML is composed into nodes (which carry line and column) and turned into plain
Python data here, so that duplicate keys, aliases and unknown tags are refused instead
of being silently resolved, and so that no line markers ever enter the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C parser is ten times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
"""Record files larger than this are refused unread."""

MAX_DEPTH = 64
"""Nesting deeper than this is refused: no real record needs it."""

Path_ = tuple[str | int, ...]
"""A field path inside a record, e.g. ('steps', 2, 'raci', 'accountable')."""

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _TIMESTAMP,
}
_constructor = yaml.constructor.SafeConstructor()


class SourceError(Exception):
    """A record file that cannot be read as YAML data; carries the position."""

    def __init__(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Parsed:
    """A record file's data with the position of every value and mapping key."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest ancestor.

        With `key`, the position of the mapping key naming the field, where there is one.
        """
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def format_path(path: Path_) -> str:
    """A field path as messages show it: steps[2].raci.accountable."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def decode(raw: bytes) -> str:
    """The text of a record file, refusing files that are empty, too large or not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise SourceError(
            "file-too-large", f"file is {len(raw):,} bytes; records must be under {MAX_BYTES:,}"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            "file-encoding", f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})", line, column
        ) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise SourceError("file-empty", "file is empty; a record needs at least a title")
    return text


def parse(raw: bytes, *, positions: bool = True) -> Parsed:
    """Parse one record file's bytes into data and positions, or raise SourceError.

    Without `positions` no index is kept (a third faster); errors then carry only the
    line of the offending node, so callers re-parse with positions to report them.
    """
    text = decode(raw)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        raise SourceError("yaml-syntax", f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as exc:
        raise SourceError("yaml-syntax", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise SourceError("file-empty", "file is empty; a record needs at least a title")
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "file-not-mapping",
            "a record file must be a mapping of field names to values",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    parsed = Parsed(data=None)
    parsed.data = (_Walker if positions else _FastWalker)(parsed).walk(node, ())
    return parsed


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Builds plain data from a node tree, recording positions and refusing what YAML hides."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            # The composer hands back the anchored node for an alias: refuse, never expand.
            line, column = self.parsed.position(path, key=True)
            raise SourceError(
                "yaml-alias", "YAML aliases (*name) are not allowed in records", line, column
            )
        if len(path) > MAX_DEPTH:
            raise SourceError("yaml-too-deep", f"nesting deeper than {MAX_DEPTH}", *_mark(node))
        self.seen.add(id(node))
        self.parsed.values[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.mapping(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                raise SourceError("yaml-key", "mapping keys must be plain names", *_mark(key_node))
            key = key_node.value
            if key in result:
                first_line = self.parsed.keys.get((*path, key), (0,))[0]
                raise SourceError(
                    "yaml-duplicate-key",
                    f"duplicate key '{key}' (first defined on line {first_line})",
                    *_mark(key_node),
                )
            self.parsed.keys[(*path, key)] = _mark(key_node)
            result[key] = self.walk(value_node, (*path, key))
        return result

    @staticmethod
    def scalar(node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag in _SCALAR_TAGS:
            try:
                return _constructor.yaml_constructors[node.tag](_constructor, node)
            except (ValueError, yaml.YAMLError) as exc:
                what = "date" if node.tag == _TIMESTAMP else "value"
                message = f"invalid {what} '{node.value}': {exc}"
                where = format_path(path)
                raise SourceError(
                    "yaml-value", f"{where}: {message}" if where else message, *_mark(node)
                ) from None
        raise SourceError("yaml-tag", f"unsupported YAML tag '{node.tag}'", *_mark(node))


class _FastWalker(_Walker):
    """The same refusals without recording positions, for loads that find no problem."""

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise SourceError("yaml-alias", "YAML aliases (*name) are not allowed in records")
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR else self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if len(path) > MAX_DEPTH:
                raise SourceError("yaml-too-deep", f"nesting deeper than {MAX_DEPTH}")
            return [self.walk(item, (*path, 0)) for item in node.value]
        if len(path) > MAX_DEPTH:
            raise SourceError("yaml-too-deep", f"nesting deeper than {MAX_DEPTH}")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                raise SourceError("yaml-key", "mapping keys must be plain names")
            key = key_node.value
            if key in result:
                raise SourceError("yaml-duplicate-key", f"duplicate key '{key}'")
            result[key] = self.walk(value_node, (*path, key))
        return result
