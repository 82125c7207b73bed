"""Loading a content folder: files to validated records, with every problem located."""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalog import Catalog, Source
from .files import build_all, default_cache_path, digest_of, discover, is_valid_id
from .models import RECORD_TYPES
from .problems import CatalogError, Problem, Severity
from .source import Parsed, Path_, SourceError, format_path, parse

FOLDERS = {cls.FOLDER: kind for kind, cls in RECORD_TYPES.items()}
_RULE_ERRORS = {
    "question_no_correct",
    "question_many_correct",
    "ordering_too_short",
    "ordering_duplicate_items",
    "term_multiline_expansion",
}
"""Error types the models raise for rules of their own; their codes drop the schema- prefix."""


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _no_records(root: Path) -> str:
    """Why a folder holds no records, and which folder to give instead if we can tell."""
    if root.name in FOLDERS:
        return (
            f"no records found: this is the {root.name}/ folder of a catalogue; "
            f"give the catalogue folder ({display_path(root.parent)})"
        )
    expected = ", ".join(f"{f}/" for f in list(FOLDERS)[:4])
    return (
        f"no records found: a catalogue folder holds {expected} ... with one .yml file per record"
    )


def load(content_dir: str | Path, *, today: dt.date | None = None, cache: bool = True) -> Catalog:
    """Load and check a catalogue; every problem found is in `Catalog.problems`."""
    # A load allocates hundreds of thousands of objects and frees almost none: the cycle
    # collector's passes over them cost 40% of the time and find nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(content_dir), today or dt.date.today(), cache)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, today: dt.date, cache: bool) -> Catalog:
    from .checks import run_checks

    catalog = Catalog(root=root, today=today)
    if not root.is_dir():
        catalog.problems.append(
            Problem(
                display_path(root), 1, 1, Severity.error, "no-content", "content folder not found"
            )
        )
        return catalog
    files, stray = discover(root, FOLDERS)
    if not files:
        # One error, not a warning per stray entry: a mistyped path or a record folder
        # given for the catalogue's shows as this, and nothing else in it counts.
        catalog.problems.append(
            Problem(display_path(root), 1, 1, Severity.error, "no-records", _no_records(root))
        )
        return catalog
    for path in stray:
        expected = ", ".join(f"{f}/" for f in FOLDERS)
        what = "folder" if path.is_dir() else "file"
        hint = (
            f"record folders are {expected}"
            if path.parent == root
            else "records end in .yml or .yaml"
        )
        catalog.problems.append(
            Problem(
                display_path(path), 1, 1, Severity.warning, "stray-file", f"{what} ignored: {hint}"
            )
        )
    raws: list[bytes] = []
    for rf in files:
        try:
            raws.append(rf.path.read_bytes())
        except OSError as exc:
            raws.append(b"")
            catalog.problems.append(
                Problem(
                    display_path(rf.path),
                    1,
                    1,
                    Severity.error,
                    "file-unreadable",
                    f"cannot read file: {exc.strerror}",
                )
            )
    items = [(rf.kind, raw) for rf, raw in zip(files, raws, strict=True)]
    built = build_all(items, cache_path=default_cache_path(root) if cache else None)
    base, prefix = display_path(root), len(str(root)) + 1
    first_file: dict[tuple[str, str], str] = {}
    for rf, raw, record in zip(files, raws, built, strict=True):
        file = f"{base}/{str(rf.path)[prefix:]}"
        if not is_valid_id(rf.id):
            catalog.problems.append(
                Problem(
                    file,
                    1,
                    1,
                    Severity.error,
                    "bad-id",
                    f"file name '{rf.path.name}' does not make a valid ID; use lower-case "
                    "letters, digits and hyphens, e.g. lead-routing.yml",
                )
            )
            catalog.broken.add((rf.kind, rf.id))
            continue
        if (rf.kind, rf.id) in first_file:
            catalog.problems.append(
                Problem(
                    file,
                    1,
                    1,
                    Severity.error,
                    "duplicate-id",
                    f"duplicate {rf.kind} ID '{rf.id}' (also in {first_file[rf.kind, rf.id]})",
                )
            )
            catalog.broken.add((rf.kind, rf.id))
            continue
        first_file[(rf.kind, rf.id)] = file
        if record is None:
            record = _located_problems(rf.kind, raw, file, catalog.problems)
            if record is None:
                catalog.broken.add((rf.kind, rf.id))
                continue
        record._id = rf.id
        catalog.records[rf.kind][rf.id] = record
        catalog.sources[(rf.kind, rf.id)] = Source(file, rf.path, raw, digest_of(rf.kind, raw))
    run_checks(catalog)
    catalog.problems.sort(key=lambda p: (p.file, p.line, p.column, p.code))
    return catalog


def load_catalog(
    content_dir: str | Path, *, today: dt.date | None = None, cache: bool = True
) -> Catalog:
    """Load a catalogue that must have no errors, or raise CatalogError listing them all."""
    catalog = load(content_dir, today=today, cache=cache)
    if not catalog.ok:
        raise CatalogError(catalog.problems)
    return catalog


def _located_problems(kind: str, raw: bytes, file: str, problems: list[Problem]) -> Any:
    """Parse and validate a file with positions, adding its problems; the record if none."""
    try:
        parsed = parse(raw)
    except SourceError as exc:
        problems.append(Problem(file, exc.line, exc.column, Severity.error, exc.code, exc.message))
        return None
    cls = RECORD_TYPES[kind]
    if parsed.data.get("kind", kind) != kind:
        line, column = parsed.position(("kind",))
        problems.append(
            Problem(
                file,
                line,
                column,
                Severity.error,
                "wrong-kind",
                f"kind: '{parsed.data['kind']}' in the {cls.FOLDER}/ folder, which holds "
                f"{kind} records",
            )
        )
        return None
    try:
        return cls.model_validate(parsed.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_problem_from(error, cls, parsed, file))
        return None


def _problem_from(error: Any, cls: type[BaseModel], parsed: Parsed, file: str) -> Problem:
    path = _data_path(error["loc"], parsed.data)
    kind = error["type"]
    code = kind.replace("_", "-") if kind in _RULE_ERRORS else "schema-" + kind.replace("_", "-")
    if kind == "extra_forbidden":
        line, column = parsed.position(path, key=True)
        allowed = _allowed_fields(cls, path[:-1], parsed.data)
        guess = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        message = f"unknown field '{path[-1]}'{hint}"
        path = path[:-1]
    elif kind == "missing":
        line, column = parsed.position(path[:-1])
        message = "missing required field"
    else:
        line, column = parsed.position(path)
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        message = message[:1].lower() + message[1:]
        if kind == "string_type" and isinstance(error.get("input"), bool | int | float | dt.date):
            read_as = type(error["input"]).__name__.replace("bool", "true/false")
            message += f" (YAML read it as {read_as}: put the value in quotes)"
    where = format_path(path)
    return Problem(
        file, line, column, Severity.error, code, f"{where}: {message}" if where else message
    )


def _data_path(loc: tuple, data: Any) -> Path_:
    """The path into the data of a pydantic error location, without union tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node and node.get("type") == part:
            continue  # a discriminated union's tag, not a key
        if (
            isinstance(node, dict)
            and isinstance(part, str)
            and part in node
            or isinstance(node, list)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        else:
            node = None
        path.append(part)
    return tuple(path)


def _allowed_fields(cls: type[BaseModel], path: Path_, data: Any) -> list[str]:
    """Field names of the model found at `path` inside a record of model `cls`."""
    from .refs import _inspect

    candidates: tuple[type[BaseModel], ...] = (cls,)
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        model = _pick(candidates, node)
        field = model.model_fields.get(part) if model else None
        if field is None:
            return []
        node = node.get(part) if isinstance(node, dict) else None
        candidates = _inspect(field.annotation)[2]
    model = _pick(candidates, node)
    return list(model.model_fields) if model else []


def _pick(models: tuple[type[BaseModel], ...], node: Any) -> type[BaseModel] | None:
    """The model of a union that a mapping's `type` tag selects."""
    if len(models) <= 1:
        return models[0] if models else None
    tag = node.get("type") if isinstance(node, dict) else None
    for model in models:
        field = model.model_fields.get("type")
        if field is not None and tag in getattr(field.annotation, "__args__", ()):
            return model
    return None
