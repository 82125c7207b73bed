"""Server-side grading of a frozen attempt snapshot: validation, per-question credit, total."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .errors import QuizError

Answers = dict[str, list[str]]


def validate_answers(snapshot: dict[str, Any], answers: Answers) -> None:
    """Raise a 400 naming the first answer that does not fit its question."""
    by_id = {q["id"]: q for q in snapshot["questions"]}
    for qid, tokens in answers.items():
        question = by_id.get(qid)
        if question is None:
            raise QuizError(400, f"question '{qid}' is not part of this attempt")
        known = {o["token"] for o in question.get("options", question.get("items", []))}
        for token in tokens:
            if token not in known:
                raise QuizError(400, f"question '{qid}' has no option '{token}'")
        if len(set(tokens)) != len(tokens):
            raise QuizError(400, f"question '{qid}' lists an option more than once")
        kind = question["type"]
        if kind in {"single", "true-false"} and len(tokens) > 1:
            raise QuizError(400, f"question '{qid}' takes one answer, got {len(tokens)}")
        if kind == "ordering" and tokens and len(tokens) != len(known):
            raise QuizError(
                400, f"question '{qid}' needs all {len(known)} items in order, got {len(tokens)}"
            )


def question_credit(question: dict[str, Any], tokens: list[str], scoring: str) -> Fraction | int:
    """Credit from 0 to 1 for one answer. Partial scoring (multiple choice only) gives each
    right option picked its share of the right options, takes back for each wrong pick its
    share of the wrong options, and never goes below 0: picking every option earns nothing,
    whatever the mix of right and wrong."""
    if question["type"] == "ordering":
        return int(tokens == question["order"])
    right = {o["token"] for o in question["options"] if o["correct"]}
    chosen = set(tokens)
    if question["type"] == "multiple" and scoring == "partial":
        hits, misses = len(chosen & right), len(chosen - right)
        wrong = len(question["options"]) - len(right)
        return max(Fraction(0), Fraction(hits, len(right)) - Fraction(misses, wrong or 1))
    return int(chosen == right)


@dataclass(frozen=True)
class Grade:
    """The outcome of an attempt: percentage, pass or fail, and credit per question."""

    score: float
    passed: bool
    credit: dict[str, float]


def grade(snapshot: dict[str, Any], answers: Answers) -> Grade:
    """Grade validated answers against the snapshot's own key; unanswered questions get 0.

    Credits are exact (whole numbers, or fractions under partial scoring) until the score
    is rounded, so a pass mark is never missed by a floating-point hair."""
    questions = snapshot["questions"]
    scoring = snapshot["scoring"]
    credits = {q["id"]: question_credit(q, answers.get(q["id"], []), scoring) for q in questions}
    total, count = sum(credits.values()), len(questions) or 1
    if not questions:
        total = 1
    return Grade(
        score=round(float(total * 100 / count), 1),  # int / int is correctly rounded too
        passed=total * 100 >= snapshot["pass_mark"] * count,
        credit={qid: float(c) for qid, c in credits.items()},
    )
