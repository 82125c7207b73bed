"""The grader: properties over random questions and answers, and the exact partial rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import Scoring
from quiz_server.errors import QuizError
from quiz_server.grading import grade, question_credit, validate_answers

SCORINGS = [s.value for s in Scoring]


@st.composite
def choice_questions(draw):
    n = draw(st.integers(2, 6))
    kind = draw(st.sampled_from(["single", "multiple", "true-false"]))
    if kind == "true-false":
        n = 2
    right = (
        {draw(st.integers(0, n - 1))}
        if kind != "multiple"
        else set(draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True)))
    )
    options = [{"token": f"t{i}", "text": str(i), "correct": i in right} for i in range(n)]
    return {"id": "q", "type": kind, "options": options}


@st.composite
def ordering_questions(draw):
    n = draw(st.integers(3, 6))
    items = [{"token": f"t{i}", "text": str(i)} for i in range(n)]
    return {"id": "q", "type": "ordering", "items": items, "order": [f"t{i}" for i in range(n)]}


def key(q: dict) -> list[str]:
    if q["type"] == "ordering":
        return q["order"]
    return [o["token"] for o in q["options"] if o["correct"]]


@given(choice_questions(), st.sampled_from(["all-or-nothing", "partial"]), st.data())
def test_credit_is_between_0_and_1_and_the_key_earns_1(q, scoring, data):
    tokens = [o["token"] for o in q["options"]]
    chosen = data.draw(st.lists(st.sampled_from(tokens), unique=True))
    credit = question_credit(q, chosen, scoring)
    assert 0 <= credit <= 1
    assert question_credit(q, key(q), scoring) == 1
    assert question_credit(q, list(reversed(key(q))), scoring) == 1  # order of picks is irrelevant
    if scoring == "partial":
        assert credit >= question_credit(q, chosen, "all-or-nothing")
    if credit == 1:
        assert set(chosen) == set(key(q))


@given(ordering_questions(), st.data())
def test_ordering_is_right_only_in_the_exact_order(q, data):
    perm = data.draw(st.permutations(q["order"]))
    assert question_credit(q, list(perm), "partial") == int(list(perm) == q["order"])


@given(
    st.lists(choice_questions(), min_size=1, max_size=6),
    st.integers(1, 100),
    st.sampled_from(SCORINGS),
    st.data(),
)
def test_score_and_pass(questions, pass_mark, scoring, data):
    for i, q in enumerate(questions):
        q["id"] = f"q{i}"
    snapshot = {"questions": questions, "pass_mark": pass_mark, "scoring": scoring}
    answers = {}
    for q in questions:
        if data.draw(st.booleans()):
            answers[q["id"]] = key(q)
    validate_answers(snapshot, answers)
    result = grade(snapshot, answers)
    exact = Fraction(len(answers), len(questions)) * 100
    assert result.passed == (exact >= pass_mark)
    assert result.score == round(float(exact), 1)
    assert grade(snapshot, {q["id"]: key(q) for q in questions}).passed


def test_partial_credit_rule():
    q = {
        "type": "multiple",
        "options": [
            {"token": "a", "correct": True},
            {"token": "b", "correct": True},
            {"token": "c", "correct": False},
        ],
    }
    assert question_credit(q, ["a"], "partial") == Fraction(1, 2)
    assert question_credit(q, ["a", "c"], "partial") == 0
    assert question_credit(q, ["a", "b", "c"], "partial") == 0  # ticking everything
    assert question_credit(q, ["a"], "all-or-nothing") == 0
    q["options"] += [{"token": "d", "correct": True}, {"token": "e", "correct": False}]
    assert question_credit(q, ["a", "b", "c"], "partial") == Fraction(2, 3) - Fraction(1, 2)
    assert question_credit(q, ["a", "b", "d", "c"], "partial") == Fraction(1, 2)


@given(choice_questions(), st.data())
def test_picking_every_option_earns_nothing_under_partial_scoring(q, data):
    tokens = [o["token"] for o in q["options"]]
    if len(key(q)) < len(tokens):  # at least one wrong option
        assert question_credit(q, tokens, "partial") == 0


@given(choice_questions(), st.text(min_size=1, max_size=5))
def test_unknown_tokens_are_refused(q, token):
    snapshot = {"questions": [q]}
    known = {o["token"] for o in q["options"]}
    if token in known:
        return
    with pytest.raises(QuizError) as info:
        validate_answers(snapshot, {"q": [token]})
    assert info.value.status == 400
    assert info.value.message == f"question 'q' has no option '{token}'"


@pytest.mark.parametrize("scoring", SCORINGS)
@pytest.mark.parametrize(("right", "pass_mark", "passed"), [(3, 75, True), (3, 76, False)])
def test_a_score_exactly_at_the_pass_mark_passes(scoring, right, pass_mark, passed):
    questions = [
        {"id": f"q{i}", "type": "single", "options": [{"token": "a", "correct": True}]}
        for i in range(4)
    ]
    snapshot = {"questions": questions, "pass_mark": pass_mark, "scoring": scoring}
    result = grade(snapshot, {f"q{i}": ["a"] for i in range(right)})
    assert (result.score, result.passed) == (75.0, passed)


def test_ordering_items_are_never_shown_in_the_right_order():
    import random

    from quiz_server.snapshots import _tokenised

    question = {
        "id": "order",
        "type": "ordering",
        "prompt": "Put these in order.",
        "explanation": "",
        "items": ["one", "two", "three"],
    }
    for seed in range(200):  # 1 in 6 shuffles of three items is the identity
        frozen = _tokenised(question, random.Random(seed))
        assert [i["token"] for i in frozen["items"]] != frozen["order"]
        assert sorted(i["text"] for i in frozen["items"]) == ["one", "three", "two"]
