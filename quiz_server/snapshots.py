"""Freezing an attempt: which questions, in which order, with per-attempt option tokens.

The snapshot holds the answer key and never leaves the server; `public_questions()` is
what a browser or API client sees before submitting: prompts and opaque tokens only.
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
from typing import Any

from catalog import Catalog
from catalog.models import TrainingModule

from . import generated


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


def _authored(question: Any) -> dict[str, Any]:
    """A catalogue question as plain data, in the shape generated questions have."""
    data = question.model_dump(mode="json")
    if data["type"] == "true-false":
        data["options"] = [
            {"text": "True", "correct": data["answer"] is True},
            {"text": "False", "correct": data["answer"] is False},
        ]
        del data["answer"]
    return data


def _least_seen(
    questions: list[dict[str, Any]], count: int, seen: dict[str, int], rng: random.Random
) -> list[dict[str, Any]]:
    """`count` questions, those seen least often in earlier attempts first."""
    keyed = [(seen.get(q["id"], 0), rng.random(), q) for q in questions]
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [q for _, _, q in keyed[:count]]


def pick_questions(
    catalog: Catalog, module: TrainingModule, seen: dict[str, int], rng: random.Random
) -> list[dict[str, Any]]:
    """The questions of a new attempt: authored ones plus generated ones, drawn and shuffled."""
    pool = [_authored(q) for q in module.questions]
    for spec in module.generate:
        pool += _least_seen(generated.candidates(catalog, spec, rng), spec.limit, seen, rng)
    if module.draw is not None and module.draw < len(pool):
        pool = _least_seen(pool, module.draw, seen, rng)
    rng.shuffle(pool)
    return pool


def _tokenised(question: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    frozen = {
        "id": question["id"],
        "type": question["type"],
        "prompt": question["prompt"],
        "explanation": question["explanation"],
        "version": _digest(question),
    }
    if question["type"] == "ordering":
        items = [{"token": secrets.token_urlsafe(9), "text": t} for t in question["items"]]
        frozen["order"] = [i["token"] for i in items]
        while len(items) > 1 and [i["token"] for i in items] == frozen["order"]:
            rng.shuffle(items)  # never shown already in order: that would give it away
        frozen["items"] = items
    else:
        options = [
            {"token": secrets.token_urlsafe(9), "text": o["text"], "correct": o["correct"]}
            for o in question["options"]
        ]
        if question["type"] != "true-false":
            rng.shuffle(options)
        frozen["options"] = options
    return frozen


def build_snapshot(
    catalog: Catalog, module: TrainingModule, seen: dict[str, int], rng: random.Random
) -> dict[str, Any]:
    """Everything an attempt needs, frozen: a catalogue reload later changes nothing in it."""
    questions = [_tokenised(q, rng) for q in pick_questions(catalog, module, seen, rng)]
    return {
        "module": module.id,
        "title": module.title,
        "module_version": catalog.source(module).digest[:12],
        "catalog_version": catalog.version,
        "pass_mark": module.pass_mark,
        "scoring": str(module.scoring),
        "review": str(module.review),
        "max_attempts": module.max_attempts,
        "covers": {
            pid: catalog.processes[pid].version for pid in module.covers if pid in catalog.processes
        },
        "questions": questions,
    }


def public_questions(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions as a learner sees them before submitting: no key, no revealing order."""
    shown = []
    for q in snapshot["questions"]:
        choices = q.get("options") or q.get("items") or []
        shown.append(
            {
                "id": q["id"],
                "type": q["type"],
                "prompt": q["prompt"],
                "options": [{"token": c["token"], "text": c["text"]} for c in choices],
            }
        )
    return shown
