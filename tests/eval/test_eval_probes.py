"""The probe generator: deterministic, balanced, LongMemEval-loadable."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from eval.datasets import load_longmemeval, parse_longmemeval_date
from eval.probes import generate, write_probes


def test_same_seed_same_output_different_seed_differs() -> None:
    assert generate(seed=7, fillers=3, questions=10) == generate(seed=7, fillers=3, questions=10)
    assert generate(seed=7, fillers=3, questions=10) != generate(seed=8, fillers=3, questions=10)


def test_shape_and_balance() -> None:
    entries = generate(seed=1, fillers=4, questions=20)
    abilities = Counter(e["question_id"].split("_")[2] for e in entries)
    assert abilities == {"ie": 4, "ms": 4, "tr": 4, "ku": 4, "ab": 4}
    for entry in entries:
        dates = [parse_longmemeval_date(d) for d in entry["haystack_dates"]]
        assert dates == sorted(dates)
        assert parse_longmemeval_date(entry["question_date"]) > dates[-1]
        fillers = [s for s in entry["haystack_session_ids"] if s.startswith("filler_")]
        assert len(fillers) == 4
        for sid, turns in zip(
            entry["haystack_session_ids"], entry["haystack_sessions"], strict=True
        ):
            if sid.startswith("filler_"):
                assert 4 <= len(turns) <= 10
        assert set(entry["answer_session_ids"]) <= set(entry["haystack_session_ids"])


def test_knowledge_update_and_abstention_conventions() -> None:
    entries = generate(seed=2, fillers=2, questions=10)
    updates = [e for e in entries if e["question_type"] == "knowledge-update"]
    for entry in updates:
        assert entry["superseded_answers"] and entry["answer"] not in entry["superseded_answers"]
        # The newest evidence session carries the final value.
        last = entry["answer_session_ids"][-1]
        turns = entry["haystack_sessions"][entry["haystack_session_ids"].index(last)]
        assert any(entry["answer"] in t["content"] for t in turns if t.get("has_answer"))
    abstentions = [e for e in entries if e["question_id"].endswith("_abs")]
    assert abstentions
    for entry in abstentions:
        assert not any(t.get("has_answer") for s in entry["haystack_sessions"] for t in s)


def test_written_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "probes.json"
    assert write_probes(path, seed=3, fillers=2, questions=10) == 10
    assert len(json.loads(path.read_text())) == 10
    conversations = load_longmemeval(path)
    questions = [q for c in conversations for q in c.questions]
    assert len(questions) == 10
    answerable = [q for q in questions if not q.abstention]
    assert all(q.evidence_turns for q in answerable)
    assert {q.category for q in questions} >= {"multi-session", "abstention", "knowledge-update"}


def test_shipped_probe_set_is_reproducible() -> None:
    shipped = Path(__file__).resolve().parents[2] / "eval" / "data" / "probes_s.json"
    entries = json.loads(shipped.read_text())
    assert len(entries) >= 200
    assert entries[:5] == generate(seed=0, fillers=10, questions=5)
