"""How names sort for people: case-insensitive, with numbers in numeric order."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """A sort key: "Team b" after "team A", "1.2 Plan" before "1.10 Do", "Zoë" near "Zoe"."""
    parts = _NUMBER.split(text.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)
