"""The training module page: what it covers and who must pass it. Never its questions.

Only the fields named in `SHOWN` are read here; the question pool and its answer keys
stay in the catalogue and the training app.
"""

from __future__ import annotations

from catalog.models import TrainingModule

from .context import RenderContext, record_page
from .markdown import bullets, join, link, links, listing, text
from .org import facts
from .page import Page
from .safe import field
from .status import in_force
from .views import acknowledgements

SHOWN = (
    "title",
    "summary",
    "roles",
    "covers",
    "acknowledge",
    "pass_mark",
    "validity_days",
    "max_attempts",
    "cooldown_hours",
    "time_limit_minutes",
    "draw",
)
"""The module fields a page may show; a test checks nothing else reaches the site."""


def question_count(module: TrainingModule) -> str:
    """How many questions a learner answers, in words (never what they are)."""
    generated = sum(g.limit for g in module.generate)
    pool = len(module.questions) + generated
    if module.draw and module.draw < pool:
        return f"{module.draw} questions drawn from a pool of up to {pool}"
    return f"up to {pool} questions" if generated else f"{pool} questions"


def _count(number: float, unit: str) -> str:
    return f"{number:g} {unit}" if number == 1 else f"{number:g} {unit}s"


def _rules(module: TrainingModule) -> list[tuple[str, str]]:
    """The module's rules as labelled facts: the quiz's, or only the acknowledgements'."""
    validity = _count(module.validity_days, "day") if module.validity_days else "does not expire"
    if not module.has_quiz:
        return [
            ("Acknowledgements", acknowledgements(module)),
            ("An acknowledgement is valid for", validity),
        ]
    attempts = (
        f"{module.max_attempts}, {_count(module.cooldown_hours, 'hour')} apart after a fail"
        if module.max_attempts
        else "unlimited"
    )
    return [
        ("Questions", question_count(module)),
        ("Pass mark", f"{module.pass_mark}%"),
        ("Time limit", f"{module.time_limit_minutes} minutes"),
        ("Attempts", attempts),
        ("A pass is valid for", validity),
    ]


def training_page(ctx: RenderContext, module: TrainingModule) -> Page:
    """A module: summary, who must pass it, what it covers, its rules, and where to take it."""
    c = ctx.catalog
    who = "Who must pass it" if module.has_quiz else "Who must complete it"
    body = join(
        f"# {text(module.title)}",
        field(module.summary),
        facts(
            (who, links((c.roles[r] for r in module.roles if r in c.roles), "")),
            *_rules(module),
        ),
        listing(
            "What it covers",
            bullets(link(c.processes[p]) for p in module.covers if p in c.processes),
        ),
        listing(
            "What you confirm you have read",
            bullets(link(c.processes[p]) for p in module.acknowledge if p in c.processes),
        ),
        # The training app takes no draft or retired module.
        f"[Take this module]({ctx.module_url(module.id)}){{ .md-button .md-button--primary }}"
        if in_force(module)
        else "",
    )
    return record_page(ctx, module, body)
