"""Questions computed from the process graph, so their answers follow the catalogue.

Each generator returns every question it could ask about a process (one per step, or
one per run of steps); the snapshot builder picks `limit` of them for an attempt.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from catalog import Catalog
from catalog.models import Process
from catalog.models.training import GeneratedQuestions

MAX_DISTRACTORS = 3
ORDER_WINDOW = 5
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|&])")


def md_text(text: str) -> str:
    """Plain text made safe to put inside Markdown (link text, emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _step_link(process: Process, step_id: str, title: str) -> str:
    return f"[{md_text(title)}](process:{process.id}#{step_id})"


def _distractors(pool: list[str], exclude: set[str], rng: random.Random) -> list[str]:
    seen: dict[str, None] = {}
    for title in pool:
        if title not in exclude:
            seen.setdefault(title)
    choices = list(seen)
    return rng.sample(choices, min(MAX_DISTRACTORS, len(choices)))


def accountable(catalog: Catalog, process: Process, rng: random.Random) -> list[dict[str, Any]]:
    """'Which role is accountable for step X?' for each step."""
    involved, _ = catalog.graph.raci_matrix(process)
    others = [r.title for r in involved] + sorted(r.title for r in catalog.roles.values())
    questions = []
    for step in process.steps:
        role = catalog.roles.get(step.raci.accountable)
        if role is None:
            continue
        wrong = _distractors(others, {role.title}, rng)
        if not wrong:
            continue
        questions.append(
            {
                "id": f"gen-accountable-{process.id}-{step.id}",
                "type": "single",
                "prompt": f"Which role is **accountable** for the step "
                f"{_step_link(process, step.id, step.title)} of "
                f"[{md_text(process.title)}](process:{process.id})?",
                "explanation": f"[{md_text(role.title)}](role:{role.id}) is accountable for "
                f"{_step_link(process, step.id, step.title)} (process version "
                f"{md_text(process.version)}).",
                "options": [{"text": md_text(role.title), "correct": True}]
                + [{"text": md_text(t), "correct": False} for t in wrong],
            }
        )
    return questions


def tool(catalog: Catalog, process: Process, rng: random.Random) -> list[dict[str, Any]]:
    """'Which tool is used in step Y?' for each step that uses a tool."""
    in_process = [
        catalog.tools[t].title for s in process.steps for t in s.tools if t in catalog.tools
    ]
    others = in_process + sorted(t.title for t in catalog.tools.values())
    questions = []
    for step in process.steps:
        used = [catalog.tools[t] for t in step.tools if t in catalog.tools]
        if not used:
            continue
        wrong = _distractors(others, {t.title for t in used}, rng)
        if not wrong:
            continue
        many = len(used) > 1
        names = ", ".join(f"[{md_text(t.title)}](tool:{t.id})" for t in used)
        questions.append(
            {
                "id": f"gen-tool-{process.id}-{step.id}",
                "type": "multiple" if many else "single",
                "prompt": f"Which tool{'s are' if many else ' is'} used in the step "
                f"{_step_link(process, step.id, step.title)} of "
                f"[{md_text(process.title)}](process:{process.id})?",
                "explanation": f"The step {_step_link(process, step.id, step.title)} uses {names}.",
                "options": [{"text": md_text(t.title), "correct": True} for t in used]
                + [{"text": md_text(t), "correct": False} for t in wrong],
            }
        )
    return questions


def step_order(catalog: Catalog, process: Process, rng: random.Random) -> list[dict[str, Any]]:
    """'Put these steps in order' for each run of up to five steps of the main path.

    Only the main path has one right order: side branches (a rework loop, an escalation)
    may happen at different points or not at all.
    """
    questions = []
    for number, window in enumerate(catalog.graph.order_runs(process, ORDER_WINDOW), 1):
        titles = [s.title for s in window]
        part = "" if len(window) == len(process.steps) else " (some of its steps)"
        questions.append(
            {
                # Numbered, not named after a step: the first step's ID would give it away.
                "id": f"gen-order-{process.id}-{number}",
                "type": "ordering",
                "prompt": f"Put these steps of [{md_text(process.title)}](process:{process.id})"
                f"{part} in the order they happen.",
                "explanation": "The order is: "
                + ", then ".join(_step_link(process, s.id, s.title) for s in window)
                + ".",
                "items": [md_text(t) for t in titles],
            }
        )
    return questions


GENERATORS: dict[str, Callable[[Catalog, Process, random.Random], list[dict[str, Any]]]] = {
    "accountable": accountable,
    "tool": tool,
    "step-order": step_order,
}


def candidates(
    catalog: Catalog, spec: GeneratedQuestions, rng: random.Random
) -> list[dict[str, Any]]:
    """Every question a generator could ask; empty when the process is missing."""
    process = catalog.processes.get(spec.process)
    if process is None:
        return []
    return GENERATORS[str(spec.ask)](catalog, process, rng)
