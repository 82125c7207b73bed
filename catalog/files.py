"""Finding record files under a content folder and turning many of them into records fast.

Parsing and validation are the slow part of a load (YAML composition runs at a few
thousand files a second), so unchanged files are served from a cache of validated records
keyed by their content hash, and a large cold load is spread over every core.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pydantic
from pydantic import ValidationError

from .models import RECORD_TYPES, Record
from .source import SourceError, parse

RECORD_SUFFIXES = (".yml", ".yaml")
NOT_RECORDS = {"readme.md", "pages"}
"""Entries of a content folder that are not record folders: hand-written pages live in pages/."""
PARALLEL_THRESHOLD = 600
"""Below this many files to parse, a worker pool costs more than it saves."""

_CACHE_FORMAT = "playbook-records-v1"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def _build_one(kind: str, raw: bytes) -> Record | None:
    """The validated record in a file's bytes, or None when it has any problem.

    Files with problems are rare; the loader parses them again with positions to report.
    """
    try:
        data = parse(raw, positions=False).data
        return RECORD_TYPES[kind].model_validate(data)
    except (SourceError, ValidationError):
        return None


def _build_chunk(chunk: list[tuple[str, bytes]]) -> list[Record | None]:
    gc.disable()  # as in the loader: nothing built here is garbage
    return [_build_one(kind, raw) for kind, raw in chunk]


@cache
def _fingerprint() -> str:
    """Changes whenever the models could validate differently: their source and pydantic."""
    digest = hashlib.blake2b(f"{_CACHE_FORMAT}/{pydantic.VERSION}".encode(), digest_size=16)
    for path in sorted(Path(__file__).parent.glob("models/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def default_cache_path(content_dir: Path) -> Path:
    """Where the cache of a content folder lives, unless PLAYBOOK_CACHE_DIR says."""
    base = os.environ.get("PLAYBOOK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "playbook"
    )
    key = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:16]
    return Path(base, f"records-{key}.pickle")


def _read_cache(path: Path) -> dict[str, Record]:
    try:
        with path.open("rb") as fh:
            stored = pickle.load(fh)
    except Exception:  # noqa: BLE001 - any unreadable cache is just a cold start
        return {}
    if not isinstance(stored, dict) or stored.get("fingerprint") != _fingerprint():
        return {}
    return stored["records"]


def _write_cache(path: Path, records: dict[str, Record]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".records-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"fingerprint": _fingerprint(), "records": records}, fh, protocol=5)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def digest_of(kind: str, raw: bytes) -> str:
    """The cache key of a file: its kind and exact bytes."""
    return hashlib.blake2b(raw, digest_size=20, person=kind.encode()[:16]).hexdigest()


def build_all(
    items: list[tuple[str, bytes]], *, cache_path: Path | None = None, workers: int | None = None
) -> list[Record | None]:
    """Validated records for (kind, bytes) pairs, None for files with problems.

    Unchanged files come from the cache; a large cold load is spread over every core.
    Each returned record is a distinct object, so callers may set its ID.
    """
    digests = [digest_of(kind, raw) for kind, raw in items]
    cache = _read_cache(cache_path) if cache_path else {}
    todo = {d: item for d, item in zip(digests, items, strict=True) if d not in cache}
    workers = workers or os.cpu_count() or 1
    fresh: dict[str, Record | None]
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        keys = list(todo)
        size = -(-len(keys) // (workers * 4))
        chunks = [[todo[k] for k in keys[i : i + size]] for i in range(0, len(keys), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            built = [record for chunk in pool.map(_build_chunk, chunks) for record in chunk]
        fresh = dict(zip(keys, built, strict=True))
    else:
        fresh = {d: _build_one(*item) for d, item in todo.items()}
    good = {d: r for d, r in fresh.items() if r is not None}
    if cache_path and (good or len(cache) != len(set(digests))):
        merged = {**cache, **good}
        _write_cache(cache_path, {d: merged[d] for d in dict.fromkeys(digests) if d in merged})
    out: list[Record | None] = []
    used: set[str] = set()
    for d in digests:
        record = cache[d] if d in cache else fresh.get(d)
        if record is not None and d in used:
            record = record.model_copy()  # two files with the same bytes: two records
        used.add(d)
        out.append(record)
    return out
