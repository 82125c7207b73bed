"""Mermaid diagrams: a process's flow with swimlanes, the org chart, the hand-off map."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict

from catalog import page_path
from catalog.graph import Graph
from catalog.models import Process, Role, Team

_UNSAFE = re.compile(r'["<>&#;`{}|\[\]]')


_DOWN = "direction TB"
"""Inside a chart's only subgraph (the one lane of a process, the one team of a domain):
Mermaid lays a lone subgraph out across the page otherwise, in a row of tiny boxes.
Charts of several subgraphs are left to Mermaid's layout, which reads well as it is."""


def label(value: str) -> str:
    """Text made safe inside a quoted Mermaid label."""
    return _UNSAFE.sub(lambda m: f"#{ord(m.group())};", " ".join(value.split()))


def node_id(prefix: str, value: str) -> str:
    """A Mermaid node ID made of letters, digits and underscores."""
    return prefix + "_" + re.sub(r"[^A-Za-z0-9]", "_", value)


def fence(diagram: str) -> str:
    """A Mermaid diagram as a fenced block the site renders to SVG."""
    return f"``` mermaid\n{diagram.rstrip()}\n```"


def _href(from_path: str, kind: str, id: str) -> str:
    """A record page's URL relative to the page (a site path such as 'org-chart/')."""
    return posixpath.relpath(page_path(kind, id), from_path or ".") + "/"


def process_flow(graph: Graph, process: Process, from_path: str) -> str:
    """The process's steps as a flowchart: one lane per responsible role, decisions as
    diamonds, branches labelled, sub-processes as nodes linking to their pages (relative
    to `from_path`, the site path of the page that shows the chart)."""
    roles = graph.catalog.roles
    lanes: dict[str, list[str]] = defaultdict(list)
    lines = ["flowchart TD"]
    ids = {step.id: node_id("s", step.id) for step in process.steps}
    for index, step in enumerate(process.steps, 1):
        text = label(f"{index}. {step.title}")
        if step.decision:
            shape = f'{{"{text}<br/><i>{label(step.decision)}</i>"}}'
        else:
            shape = f'["{text}"]'
        lane = step.raci.responsible[0] if step.raci.responsible else ""
        lanes[lane].append(f"    {ids[step.id]}{shape}")
    for lane, nodes in lanes.items():
        title = roles[lane].title if lane in roles else lane
        lines.append(f'  subgraph {node_id("lane", lane)}["{label(title)}"]')
        if len(lanes) == 1:
            lines.append(f"    {_DOWN}")
        lines.extend(nodes)
        lines.append("  end")
    for index, step in enumerate(process.steps):
        here = ids[step.id]
        if step.branches:
            for branch in step.branches:
                target = ids.get(branch.goto or "")
                if target is None:
                    target = node_id("end", f"{step.id}_{branch.when}")
                    lines.append(f'  {target}(["{label(branch.when)}: end"])')
                    lines.append(f"  {here} --> {target}")
                else:
                    lines.append(f'  {here} -->|"{label(branch.when)}"| {target}')
        elif not step.end and index + 1 < len(process.steps):
            lines.append(f"  {here} --> {ids[process.steps[index + 1].id]}")
        if step.calls and step.calls in graph.catalog.processes:
            sub = graph.catalog.processes[step.calls]
            target = node_id("p", sub.id)
            lines.append(f'  {target}[["{label(sub.title)}"]]')
            lines.append(f"  {here} -.->|runs| {target}")
            href = _href(from_path, "process", sub.id)
            lines.append(f'  click {target} href "{href}" "Open {label(sub.title)}"')
    return "\n".join(lines)


def org_chart(graph: Graph, teams: list[Team], from_path: str) -> str:
    """A domain's teams as boxes holding their roles, with reporting lines between roles."""
    lines = ["flowchart TD"]
    roles_here: dict[str, Role] = {}
    for team in teams:
        lines.append(f'  subgraph {node_id("t", team.id)}["{label(team.title)}"]')
        if len(teams) == 1:
            lines.append(f"    {_DOWN}")
        for role in graph.roles_in_team(team.id):
            roles_here[role.id] = role
            lines.append(f'    {node_id("r", role.id)}["{label(role.title)}"]')
        lines.append("  end")
    for team in teams:
        if team.parent and any(t.id == team.parent for t in teams):
            lines.append(f"  {node_id('t', team.parent)} --- {node_id('t', team.id)}")
    for role in list(roles_here.values()):
        if role.reports_to:
            boss = graph.catalog.roles.get(role.reports_to)
            if boss is None:
                continue
            if boss.id not in roles_here:
                lines.append(f'  {node_id("r", boss.id)}["{label(boss.title)}"]')
                roles_here[boss.id] = boss
            lines.append(f"  {node_id('r', boss.id)} --> {node_id('r', role.id)}")
    for role in roles_here.values():
        href = _href(from_path, "role", role.id)
        lines.append(f'  click {node_id("r", role.id)} href "{href}"')
    return "\n".join(lines)


def handoff_map(graph: Graph) -> str:
    """Teams as nodes and hand-offs between them as edges labelled with their count."""
    lines = ["flowchart TD"]
    teams = graph.catalog.teams
    seen: set[str] = set()
    for (source, target), count in graph.handoff_counts().items():
        for team_id in (source, target):
            if team_id not in seen:
                seen.add(team_id)
                lines.append(f'  {node_id("t", team_id)}["{label(teams[team_id].title)}"]')
        lines.append(f'  {node_id("t", source)} -->|"{count}"| {node_id("t", target)}')
    return "\n".join(lines) if seen else ""
