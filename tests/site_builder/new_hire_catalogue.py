"""The small catalogue plus records not in force, a punctuated glossary word, and
hand-written pages at several depths that call every catalogue macro.

Added to tests/fixtures/mini (in a copy):

- `legacy-routing`, a retired process owned by the Sales Manager, with the SDR
  responsible for a step that writes Campaign data, the newest change-log entry, and the
  KPI lead routing moves (so it is "related" to it); it says "quokka" many times.
- `lead-scoring`, a draft process the SDR is responsible in; `lead-routing` mentions a
  quokka once, so a search for the word finds the process in force and the retired one.
- `inbound-rep`, a retired role that an active module (`inbound-basics`) still trains,
  and `sales-engineer`, a draft role; both in the Sales team.
- the glossary word `C++`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"

RECORDS = {
    "processes/legacy-routing.yml": """\
title: Legacy lead routing
status: retired
domain: salesops
owner: sales-manager
trigger: A quokka lead arrives by fax.
outcome: The quokka lead is faxed back.
summary: The old quokka way of routing leads, by fax.
version: "0.9"
changelog:
  - {version: "0.9", date: 2026-09-01, summary: Retired quokka faxing.}
review: {interval_days: 365, last_reviewed: 2026-06-01}
kpis: [speed-to-lead]
steps:
  - id: fax
    title: Fax the quokka lead
    instructions: Fax every quokka lead to the quokka desk. Quokka, quokka, quokka.
    raci: {responsible: [sdr], accountable: sales-manager}
    writes: [campaign]
""",
    "processes/lead-scoring.yml": """\
title: Lead scoring
status: draft
domain: salesops
owner: sales-manager
trigger: A lead is qualified.
outcome: The lead has a score.
summary: Scores qualified leads.
version: "0.1"
changelog:
  - {version: "0.1", date: 2026-08-01, summary: First draft of scoring.}
review: {interval_days: 365, last_reviewed: 2026-06-01}
kpis: [win-rate]
steps:
  - id: score
    title: Score the lead
    instructions: Give the lead a score from one to ten.
    raci: {responsible: [sdr], accountable: sales-manager}
""",
    "roles/inbound-rep.yml": """\
title: Inbound Representative
status: retired
team: sales
responsibilities: [Answered the fax]
""",
    "roles/sales-engineer.yml": """\
title: Sales Engineer
status: draft
team: sales
responsibilities: [Demonstrates the product]
""",
    "training/inbound-basics.yml": """\
title: Inbound basics
summary: What the inbound representative confirmed having read.
roles: [inbound-rep]
acknowledge: [lead-routing]
""",
    "glossary/cpp.yml": """\
title: C++
expansion: A programming language
definition: The language our field app's scanner driver is written in.
""",
}

EVERY_MACRO = """\
---
title: A guide two folders down
---

# A guide two folders down

Our scanner driver is written in C++.

{{ flow_diagram("lead-routing") }}

{{ raci_matrix("nurture-campaign") }}

{{ process_steps("nurture-campaign") }}

{{ onboarding_path("sdr") }}

{{ team_raci("sales") }}

{{ counts() }}

{{ start_here() }}

{{ recent_changes(10) }}

Catalogue version {{ catalogue_version() }}.
"""

PAGES = {
    "guides/deep.md": EVERY_MACRO,
    "guides/index.md": EVERY_MACRO.replace("two folders down", "one folder down"),
    "flows.md": '# Flows\n\n{{ flow_diagram("lead-routing") }}\n',
}


def make_new_hire_catalogue(base: Path) -> tuple[Path, Path]:
    """Write the catalogue and its pages under `base`; return (content, pages). The pages
    are the bundled ones, the home page with a flow diagram too, plus `PAGES`."""
    content, pages = base / "content", base / "content" / "pages"
    shutil.copytree(MINI, content)
    lead_routing = content / "processes" / "lead-routing.yml"
    lead_routing.write_text(
        lead_routing.read_text(encoding="utf-8").replace(
            "Assign the lead to the sales manager's queue.",
            "Assign the lead to the sales manager's queue, quokka or not.",
        ),
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "content" / "pages", pages)
    with (pages / "index.md").open("a", encoding="utf-8") as home:
        home.write('\n## How a lead is routed\n\n{{ flow_diagram("lead-routing") }}\n')
    for files, folder in ((RECORDS, content), (PAGES, pages)):
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return content, pages
