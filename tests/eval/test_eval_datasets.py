"""Loaders: LoCoMo's malformed evidence ids, LongMemEval's format."""

from __future__ import annotations

import json
from pathlib import Path

from eval.datasets import load_locomo, load_longmemeval, normalise_evidence, safe_id


def test_normalise_malformed_evidence() -> None:
    assert normalise_evidence("D8:6; D9:17") == (["D8:6", "D9:17"], [])
    assert normalise_evidence("D:11:26") == (["D11:26"], [])
    assert normalise_evidence("D30:05") == (["D30:5"], [])
    assert normalise_evidence(["D1:3", "D1:3", "nonsense"]) == (["D1:3"], ["nonsense"])


def test_locomo_counts_dropped_and_repaired(tiny_locomo: Path) -> None:
    [conv] = load_locomo(tiny_locomo)
    assert [s.id for s in conv.sessions] == ["S1", "S2"]
    assert len(conv.turns) == 6
    questions = {q.text: q for q in conv.questions}
    assert questions["Who is Ben's cello teacher?"].evidence_turns == ["D2:1"]
    assert questions["Where is Ben flying in June?"].evidence_turns == ["D2:3", "D1:2"]
    assert questions["Where is Ben flying in June?"].evidence_sessions == ["S1", "S2"]
    assert questions["What does Ana do for work?"].evidence_turns == ["D1:3"]
    # 'garbage' matches nothing, 'D9:9' names no turn: both dropped and counted.
    assert sorted(conv.dropped_evidence) == ["D9:9", "garbage"]
    assert sorted(conv.repaired_evidence) == ["D2:01", "D2:3; D1:2", "D:1:3"]
    adversarial = questions["What did Ben's dog chew?"]
    assert adversarial.category == "adversarial" and adversarial.abstention


def _lme_entry(question_id: str, has_answer: bool) -> dict:
    return {
        "question_id": question_id,
        "question_type": "single-session-user",
        "question": "What is my cat called?",
        "answer": "Mochi",
        "question_date": "2023/06/01 (Thu) 10:00",
        "haystack_session_ids": ["noise 1", "answer_1"],
        "haystack_dates": ["2023/05/20 (Sat) 02:21", "2023/05/10 (Wed) 09:00"],
        "haystack_sessions": [
            [
                {"role": "user", "content": "Nice weather."},
                {"role": "assistant", "content": "Yes!"},
            ],
            [{"role": "user", "content": "My cat is Mochi.", "has_answer": has_answer}],
        ],
        "answer_session_ids": ["answer_1"],
    }


def test_longmemeval_loader(tmp_path: Path) -> None:
    path = tmp_path / "lme.json"
    entries = [_lme_entry("q1", True), _lme_entry("q2", True), _lme_entry("q3_abs", False)]
    path.write_text(json.dumps(entries))
    conversations = load_longmemeval(path)
    # q1 and q2 share an identical haystack: one conversation holds both.
    assert [len(c.questions) for c in conversations] == [2, 1]
    conv = conversations[0]
    assert [s.id for s in conv.sessions] == ["answer_1", "noise_1"]  # sorted by date, id made safe
    assert conv.turns[0].speaker == "user" and conv.turns[0].role == "user"
    q1 = conv.questions[0]
    assert q1.evidence_turns == ["answer_1:0"] and q1.evidence_sessions == ["answer_1"]
    assert q1.asked_at is not None and q1.asked_at.day == 1
    abstain = conversations[1].questions[0]
    assert abstain.abstention and abstain.category == "abstention" and not abstain.evidence_turns


def test_safe_id() -> None:
    assert safe_id("a b/c") == "a_b_c"
    long = safe_id("x" * 200, limit=40)
    assert len(long) == 40 and long != safe_id("x" * 199, limit=40)
