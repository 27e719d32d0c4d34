"""Knowledge-update and abstention checks over recorded search results."""

from __future__ import annotations

from eval.datasets import Question
from eval.runner import QuestionRecord, SystemResult
from eval.scoring import tier_checks


def record(question: Question, hits: list[tuple[str, bool]], label: str) -> QuestionRecord:
    result = SystemResult(ranking=[], sessions=[], search_ms=1.0, evidence=label, hits=hits)
    return QuestionRecord(question, "c", 100, systems={"memsvc": result})


def update(qid: str, hits: list[tuple[str, bool]]) -> QuestionRecord:
    question = Question(
        qid,
        "Which city do I live in now?",
        "Austin",
        "knowledge-update",
        [],
        [],
        extra={"superseded_answers": ["Denver"]},
    )
    return record(question, hits, "strong")


def test_current_first_history_marks_and_abstention_rates() -> None:
    records = [
        update("a", [("I live in Austin now.", False), ("I love living in Denver.", True)]),
        update("b", [("I love living in Denver.", False), ("I live in Austin now.", False)]),
        update("c", [("Nothing about cities.", False)]),  # no value among hits: not scored
        record(
            Question("d", "What medication?", "-", "abstention", [], [], abstention=True),
            [],
            "none",
        ),
        record(Question("e", "What car?", "Kia", "single", [], []), [], "weak"),
    ]
    checks = tier_checks(records, ["memsvc"])["memsvc"]
    assert checks["knowledge_updates"] == 3
    assert checks["current_first"] == 0.5
    assert checks["history_marked"] == 0.5
    assert checks["none_on_abstention"] == 1.0 and checks["none_on_answerable"] == 0.0
