"""Finding record files under a content folder and parsing many of them fast.

Parsing is the slow part of a load (YAML composition runs at a few thousand small files
a second), so unchanged files are served from a cache keyed by their content hash, and a
large cold load is spread over every core.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .source import Parsed, SourceError, parse

RECORD_SUFFIXES = (".yml", ".yaml")
NOT_RECORDS = {"readme.md", "pages"}
"""Entries of a content folder that are not record folders: hand-written pages live in pages/."""
PARALLEL_THRESHOLD = 600
"""Below this many files to parse, a worker pool costs more than it saves."""

_CACHE_FORMAT = "playbook-parse-v1"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

ParseResult = Parsed | SourceError


@dataclass(frozen=True)
class RecordFile:
    """A file that should hold one record of `kind`."""

    path: Path
    kind: str
    id: str


def discover(content_dir: Path, folders: dict[str, str]) -> tuple[list[RecordFile], list[Path]]:
    """Record files per kind folder (searched recursively), and stray entries found beside them.

    `folders` maps folder name to kind. Hidden files and folders are skipped.
    """
    found: list[RecordFile] = []
    stray: list[Path] = []
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name.lower() in NOT_RECORDS:
            continue
        kind = folders.get(entry.name)
        if kind is None or not entry.is_dir():
            stray.append(entry)
            continue
        for dirpath, dirnames, filenames in os.walk(entry):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath, name)
                if path.suffix in RECORD_SUFFIXES:
                    found.append(RecordFile(path, kind, path.stem))
                elif name.lower() != "readme.md":
                    stray.append(path)
    return found, stray


def is_valid_id(stem: str) -> bool:
    """Whether a file stem can be a record ID (a lower-case slug)."""
    return bool(_SLUG.match(stem)) and len(stem) <= 120


def _parse_one(raw: bytes) -> ParseResult:
    try:
        return parse(raw)
    except SourceError as exc:
        return exc


def _parse_chunk(chunk: list[bytes]) -> list[tuple]:
    # Exceptions with custom constructors do not pickle: ship errors as tuples.
    out: list[tuple] = []
    for raw in chunk:
        result = _parse_one(raw)
        if isinstance(result, SourceError):
            out.append(("error", result.code, result.message, result.line, result.column))
        else:
            out.append(("ok", result))
    return out


def _unpack(item: tuple) -> ParseResult:
    return item[1] if item[0] == "ok" else SourceError(*item[1:])


def default_cache_path(content_dir: Path) -> Path:
    """Where the parse cache of a content folder lives, unless PLAYBOOK_CACHE_DIR says."""
    base = os.environ.get("PLAYBOOK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "playbook"
    )
    key = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:16]
    return Path(base, f"parse-{key}.pickle")


def _read_cache(path: Path) -> dict[str, ParseResult]:
    try:
        with path.open("rb") as fh:
            stored = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("format") != _CACHE_FORMAT:
        return {}
    return {k: _unpack(v) for k, v in stored["entries"].items()}


def _write_cache(path: Path, entries: dict[str, ParseResult]) -> None:
    packed = {
        k: ("ok", v) if isinstance(v, Parsed) else ("error", v.code, v.message, v.line, v.column)
        for k, v in entries.items()
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parse-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"format": _CACHE_FORMAT, "entries": packed}, fh, protocol=5)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def parse_all(
    raws: list[bytes], *, cache_path: Path | None = None, workers: int | None = None
) -> list[ParseResult]:
    """Parse each file's bytes, reusing cached results for unchanged content."""
    digests = [hashlib.blake2b(raw, digest_size=20).hexdigest() for raw in raws]
    cache = _read_cache(cache_path) if cache_path else {}
    todo = sorted({d: raw for d, raw in zip(digests, raws, strict=True) if d not in cache}.items())
    fresh: dict[str, ParseResult] = {}
    workers = workers or os.cpu_count() or 1
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        size = -(-len(todo) // (workers * 4))
        chunks = [[raw for _, raw in todo[i : i + size]] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [item for chunk in pool.map(_parse_chunk, chunks) for item in chunk]
        fresh = {d: _unpack(r) for (d, _), r in zip(todo, results, strict=True)}
    else:
        fresh = {d: _parse_one(raw) for d, raw in todo}
    merged = {**cache, **fresh}
    if cache_path and (fresh or len(cache) != len(set(digests))):
        _write_cache(cache_path, {d: merged[d] for d in set(digests)})
    return [merged[d] for d in digests]
