"""JSON Schemas of the record kinds, so that editors validate and complete as people type."""

from __future__ import annotations

import json
from pathlib import Path

from .models import RECORD_TYPES

SCHEMA_DIR = Path(__file__).parent / "schemas"
"""Where the committed schemas live; bundled records point at them."""


def schema_for(kind: str) -> dict:
    """The JSON Schema of one record kind."""
    cls = RECORD_TYPES[kind]
    schema = cls.model_json_schema()
    schema["required"] = [f for f in schema.get("required", []) if f not in cls.FILLED_IN]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    schema["title"] = f"Playbook {kind} record"
    schema["description"] = (cls.__doc__ or "").strip()
    return schema


def render_schemas() -> dict[str, str]:
    """File name to JSON text, for every kind."""
    return {
        f"{kind}.schema.json": json.dumps(schema_for(kind), indent=2, sort_keys=True) + "\n"
        for kind in RECORD_TYPES
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every kind's schema into `out_dir`; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
