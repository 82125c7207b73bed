"""Synthetic catalogues of any size, for benchmarks: valid, deterministic, realistic in shape.

    python bench/synth.py OUT_DIR --processes 1000

N processes come with proportional teams, roles, people, tools, data, KPIs, terms and
training modules (about 0.56 N other records, so 5,000 processes make ~7,800 files).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DOMAINS = [
    "markops",
    "salesops",
    "serviceops",
    "revops",
    "finops",
    "peopleops",
    "dataops",
    "devops",
    "eventops",
]
VERBS = [
    "Review",
    "Approve",
    "Prepare",
    "Send",
    "Check",
    "Record",
    "Reconcile",
    "Publish",
    "Escalate",
    "Close",
    "Assign",
    "Verify",
    "Update",
    "Notify",
    "Archive",
]
NOUNS = [
    "invoice",
    "lead",
    "ticket",
    "contract",
    "campaign",
    "release",
    "payroll run",
    "report",
    "booking",
    "quote",
    "incident",
    "candidate",
    "dashboard",
    "refund",
]
WORDS = [
    "the",
    "customer",
    "record",
    "account",
    "owner",
    "queue",
    "deadline",
    "approval",
    "policy",
    "threshold",
    "budget",
    "manager",
    "system",
    "export",
    "import",
    "field",
    "value",
    "status",
    "note",
    "handover",
    "checklist",
    "template",
    "escalation",
    "priority",
    "region",
    "segment",
    "pipeline",
    "forecast",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _write(path: Path, kind: str, body: str) -> None:
    path.write_text(
        f"# yaml-language-server: $schema=../../catalog/schemas/{kind}.schema.json\n{body}",
        encoding="utf-8",
    )


def generate(out_dir: Path, processes: int, seed: int = 0) -> None:
    """Write a valid catalogue of `processes` processes (and proportional records) to out_dir."""
    rng = random.Random(seed)
    n = max(processes, 10)
    counts = {
        "teams": max(3, n // 50),
        "roles": max(6, n // 10),
        "people": max(10, n // 5),
        "tools": max(5, n // 25),
        "data": max(4, n // 25),
        "kpis": max(4, n // 25),
        "terms": max(5, n // 50),
        "training": max(2, n // 10),
    }
    for folder in (
        "domains",
        "teams",
        "roles",
        "people",
        "processes",
        "tools",
        "data",
        "kpis",
        "glossary",
        "training",
    ):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    for d in DOMAINS:
        composed = "composed_of: [markops, salesops, serviceops]\n" if d == "revops" else ""
        _write(
            out_dir / "domains" / f"{d}.yml",
            "domain",
            f"title: {d}\npurpose: {_text(rng, 12)}\n{composed}",
        )
    teams = [f"team-{i}" for i in range(counts["teams"])]
    roles = [f"role-{i}" for i in range(counts["roles"])]
    tools = [f"tool-{i}" for i in range(counts["tools"])]
    data = [f"data-{i}" for i in range(counts["data"])]
    kpis = [f"kpi-{i}" for i in range(counts["kpis"])]
    procs = [f"process-{i}" for i in range(n)]
    for i, t in enumerate(teams):
        _write(
            out_dir / "teams" / f"{t}.yml",
            "team",
            f"title: Team {i}\npurpose: {_text(rng, 10)}\ndomain: {DOMAINS[i % 9]}\n"
            f"lead: role-{i % len(roles)}\n",
        )
    for i, r in enumerate(roles):
        boss = f"reports_to: role-{(i - 1) // 4}\n" if i else ""
        _write(
            out_dir / "roles" / f"{r}.yml",
            "role",
            f"title: Role {i}\nteam: {teams[i % len(teams)]}\nresponsibilities:\n"
            f"  - {_text(rng, 8)}\n  - {_text(rng, 8)}\n{boss}"
            f"tools: [{tools[i % len(tools)]}]\n",
        )
    for i in range(counts["people"]):
        boss = f"manager: person-{(i - 1) // 5}\n" if i else ""
        _write(
            out_dir / "people" / f"person-{i}.yml",
            "person",
            f"name: Person {i}\nemail: person{i}@synth.example\n"
            f"roles: [{roles[i % len(roles)]}]\n{boss}start_date: 2024-01-{1 + i % 28:02d}\n",
        )
    for i, t in enumerate(tools):
        _write(
            out_dir / "tools" / f"{t}.yml",
            "tool",
            f"title: Tool {i}\ncategory: Category {i % 7}\nvendor: Vendor {i}\n"
            f"owner: {roles[i % len(roles)]}\npurpose: {_text(rng, 12)}\n",
        )
    for i, d in enumerate(data):
        _write(
            out_dir / "data" / f"{d}.yml",
            "data",
            f"title: Data {i}\ndefinition: {_text(rng, 12)}\n"
            f"system_of_record: {tools[i % len(tools)]}\nowner: {roles[i % len(roles)]}\n"
            "fields:\n  - {name: id, type: text, definition: Identifier, required: true}\n"
            "  - {name: status, type: enum, definition: Where it stands}\n",
        )
    for i, k in enumerate(kpis):
        _write(
            out_dir / "kpis" / f"{k}.yml",
            "kpi",
            f"title: KPI {i}\ndefinition: {_text(rng, 10)}\nformula: a / b\nunit: '%'\n"
            f"direction: higher\ntarget: {50 + i % 40}\nowner: {roles[i % len(roles)]}\n",
        )
    for i in range(counts["terms"]):
        _write(
            out_dir / "glossary" / f"term-{i}.yml",
            "term",
            f"title: T{i}X\nexpansion: Term {i}\ndefinition: {_text(rng, 10)}\n",
        )
    for i, p in enumerate(procs):
        _write(
            out_dir / "processes" / f"{p}.yml",
            "process",
            _process(rng, i, roles, tools, data, kpis, procs),
        )
    for i in range(counts["training"]):
        covered = procs[i * 10 % n : i * 10 % n + 10]
        _write(
            out_dir / "training" / f"module-{i}.yml", "training", _module(rng, i, roles, covered)
        )


def _process(
    rng: random.Random,
    i: int,
    roles: list[str],
    tools: list[str],
    data: list[str],
    kpis: list[str],
    procs: list[str],
) -> str:
    steps = []
    count = 4 + i % 4
    for s in range(count):
        r = [roles[(i + s) % len(roles)]]
        branch = ""
        if s == 1:
            branch = (
                f"    decision: {_text(rng, 5)}\n    branches:\n"
                f"      - when: 'Yes'\n        goto: step-{count - 1}\n"
                f"      - when: 'No'\n        goto: step-2\n"
            )
        calls = (
            f"    calls: {procs[i + 1]}\n" if s == 2 and i + 1 < len(procs) and i % 7 == 0 else ""
        )
        steps.append(
            f"  - id: step-{s}\n    title: {rng.choice(VERBS)} the {rng.choice(NOUNS)}\n"
            f"    instructions: |\n      {_text(rng, 30)}\n      {_text(rng, 20)}\n"
            f"    raci:\n      responsible: [{r[0]}]\n"
            f"      accountable: {roles[(i + s + 1) % len(roles)]}\n"
            f"      informed: [{roles[(i + s + 2) % len(roles)]}]\n"
            f"    tools: [{tools[(i + s) % len(tools)]}]\n"
            f"    reads: [{data[(i + s) % len(data)]}]\n"
            f"    writes: [{data[(i + s + 1) % len(data)]}]\n"
            f"    duration: {5 + s * 5}m\n"
            f"    automation: {('manual', 'partial', 'automated')[s % 3]}\n"
            f"{branch}{calls}"
        )
    return (
        f"title: {rng.choice(VERBS)} {rng.choice(NOUNS)} {i}\ndomain: {DOMAINS[i % 9]}\n"
        f"owner: {roles[i % len(roles)]}\ntrigger: {_text(rng, 8)}\noutcome: {_text(rng, 8)}\n"
        f"summary: |\n  {_text(rng, 40)}\nversion: '1.{i % 5}'\n"
        f"changelog:\n  - version: '1.{i % 5}'\n    date: 2026-01-15\n"
        f"    summary: {_text(rng, 6)}\n"
        f"review:\n  interval_days: 365\n  last_reviewed: 2026-06-01\n"
        f"sla: 2 business days\nkpis: [{kpis[i % len(kpis)]}]\n"
        f"inputs: [{data[i % len(data)]}]\noutputs: [{data[(i + 1) % len(data)]}]\n"
        "steps:\n" + "".join(steps)
    )


def _module(rng: random.Random, i: int, roles: list[str], covered: list[str]) -> str:
    questions = []
    for q in range(5):
        questions.append(
            f"  - id: q{q}\n    type: single\n    prompt: {_text(rng, 10)}\n    options:\n"
            f"      - {{text: {_text(rng, 3)}, correct: true}}\n      - {{text: {_text(rng, 3)}}}\n"
            f"      - {{text: {_text(rng, 3)}}}\n    explanation: {_text(rng, 8)}\n"
        )
    return (
        f"title: Module {i}\nsummary: {_text(rng, 15)}\nroles: [{roles[i % len(roles)]}]\n"
        f"covers: [{', '.join(covered)}]\npass_mark: 80\nquestions:\n" + "".join(questions)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--processes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.out_dir, args.processes, args.seed)


if __name__ == "__main__":
    main()
