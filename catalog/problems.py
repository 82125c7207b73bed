"""Problems found in a catalogue, as data: the CLI, the site plugin and the app format them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the catalogue, located in a file like a compiler message."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.error


class CatalogError(Exception):
    """The catalogue has errors; `problems` holds every problem found, errors and warnings."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        first = f": {errors[0]}" if errors else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"catalogue has {len(errors)} error(s){first}{more}")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def summary_line(counts: dict[str, int], problems: list[Problem]) -> str:
    """One line: records per kind, then errors and warnings."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{sum(counts.values())} records ({kinds}); {errors} error(s), {warnings} warning(s)"


def as_text(problems: list[Problem], counts: dict[str, int]) -> str:
    """Compiler-style lines, then the summary."""
    return "\n".join([*map(str, problems), summary_line(counts, problems)])


def as_json(problems: list[Problem], counts: dict[str, int]) -> str:
    """A machine-readable report for CI systems and editors."""
    errors = sum(p.is_error for p in problems)
    report = {
        "ok": errors == 0,
        "counts": counts,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) for p in problems],
    }
    return json.dumps(report, indent=2, default=str)


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def as_github(problems: list[Problem], counts: dict[str, int]) -> str:
    """GitHub Actions workflow commands, so problems show inline on pull requests."""
    lines = [
        f"::{p.severity} file={_escape_github(p.file, prop=True)},line={p.line},col={p.column},"
        f"title={_escape_github(p.code, prop=True)}::{_escape_github(p.message)}"
        for p in problems
    ]
    return "\n".join([*lines, summary_line(counts, problems)])


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
