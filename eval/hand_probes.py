"""Assembly of the hand-written probe sets (eval/data/probes_hand_src.py, the check set, and
eval/data/probes_handdev_src.py, the development set): each source file holds its hand-written
sessions; this gives each question its own haystack (its answer sessions, its on-topic
distractor sessions and 5-8 filler sessions picked by rotating through the fillers), dates the
fillers between the question's own sessions and the question date, checks the result and
writes it. Deterministic: the same source gives the same file, byte for byte.

Conventions: a session is a list of lines, user first, then alternating user/assistant. A
line starting with "*" is an evidence turn (has_answer). Session kinds: "ans" sessions hold
the answer (they are answer_session_ids); "topic" sessions are on the question's topic but do
not hold the answer (for abstention questions they are the answer_session_ids, as in
LongMemEval, and nothing is marked has_answer).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

LME_DATE = "%Y/%m/%d (%a) %H:%M"
Groups = Sequence[tuple[str | None, Sequence[dict[str, Any]]]]
Fillers = Sequence[Sequence[str]]


def _parse(value: str) -> datetime:
    return datetime.strptime(value, "%Y/%m/%d %H:%M")


def _turns(lines: Sequence[str]) -> list[dict[str, Any]]:
    turns = []
    for index, line in enumerate(lines):
        turn: dict[str, Any] = {
            "role": "user" if index % 2 == 0 else "assistant",
            "content": line.lstrip("*"),
        }
        if line.startswith("*"):
            turn["has_answer"] = True
        turns.append(turn)
    return turns


def _ordered(groups: Groups) -> list[tuple[str, dict[str, Any]]]:
    """Round-robin over the groups, so any prefix of the file mixes the types."""
    queues = [[(kind or q["type"], q) for q in qs] for kind, qs in groups]
    out = []
    while any(queues):
        for queue in queues:
            if queue:
                out.append(queue.pop(0))
    return out


def _fillers(
    index: int, own: list[datetime], asked: datetime, pool: int
) -> list[tuple[int, datetime]]:
    """5-8 filler sessions rotated through the pool, dated from three weeks before the
    question's first session up to the day before the question."""
    count = 5 + index % 4
    start = (index * 7) % pool
    low = min(own) - timedelta(days=21)
    high = asked - timedelta(days=1)
    picked = []
    for j in range(count):
        day = low + (high - low) * (j + 0.5) / count
        when = day.replace(hour=7 + (index * 5 + j * 7) % 15, minute=(index * 13 + j * 17) % 60)
        picked.append(((start + 3 * j) % pool, when))
    return picked


def build(groups: Groups, fillers: Fillers) -> list[dict[str, Any]]:
    """The LongMemEval-format entries, one haystack per question."""
    entries = []
    for index, (qtype, q) in enumerate(_ordered(groups)):
        qid = q["id"]
        asked = _parse(q["asked"])
        sessions = []  # (date, session id, turns, kind)
        counters = {"ans": 0, "topic": 0}
        for kind, date, lines in q["sessions"]:
            sid = f"{qid}_{kind}_{counters[kind]}"
            counters[kind] += 1
            sessions.append((_parse(date), sid, _turns(lines), kind))
        own = [s[0] for s in sessions]
        for pool_index, when in _fillers(index, own, asked, len(fillers)):
            turns = _turns(fillers[pool_index])
            sessions.append((when, f"{qid}_filler_{pool_index:02d}", turns, "filler"))
        sessions.sort(key=lambda s: s[0])
        answer_kind = "topic" if qid.endswith("_abs") else "ans"
        entry = {
            "question_id": qid,
            "question_type": qtype,
            "question": q["question"],
            "answer": q["answer"],
            "question_date": asked.strftime(LME_DATE),
            "haystack_session_ids": [s[1] for s in sessions],
            "haystack_dates": [s[0].strftime(LME_DATE) for s in sessions],
            "haystack_sessions": [s[2] for s in sessions],
            "answer_session_ids": [s[1] for s in sessions if s[3] == answer_kind],
        }
        if "old" in q:
            entry["superseded_answers"] = list(q["old"])
        entries.append(entry)
    return entries


def check(
    entries: list[dict[str, Any]], fillers: Fillers, absent: dict[str, list[str]] | None = None
) -> list[str]:
    """Structural checks (assertions); returns warnings: update values named outside the
    evidence turns, and (given `absent`, per abstention question) details the question asks
    about that do appear in its haystack."""
    warnings = []
    ids = [e["question_id"] for e in entries]
    assert len(ids) == len(set(ids)), "duplicate question ids"
    for pool_index, lines in enumerate(fillers):
        assert 4 <= len(lines) <= 8 and len(lines) % 2 == 0, f"filler {pool_index} length"
        assert not any(line.startswith("*") for line in lines), f"filler {pool_index} marked"
    for e in entries:
        warnings += _check_entry(e, (absent or {}).get(e["question_id"], []))
    return warnings


def _check_entry(e: dict[str, Any], absent: list[str]) -> list[str]:
    warnings = []
    qid = e["question_id"]
    sids = e["haystack_session_ids"]
    assert len(sids) == len(set(sids)), qid
    dates = [datetime.strptime(d, LME_DATE) for d in e["haystack_dates"]]
    assert dates == sorted(dates), f"{qid}: dates out of order"
    assert dates[-1] < datetime.strptime(e["question_date"], LME_DATE), f"{qid}: late session"
    fillers = [s for s in sids if "_filler_" in s]
    assert 5 <= len(fillers) <= 8, f"{qid}: {len(fillers)} fillers"
    by_id = dict(zip(sids, e["haystack_sessions"], strict=True))
    for sid, turns in by_id.items():
        roles = [t["role"] for t in turns]
        assert roles == ["user", "assistant"] * (len(turns) // 2), f"{sid}: roles"
    evidence = [t for s in e["answer_session_ids"] for t in by_id[s] if t.get("has_answer")]
    marked = [t for turns in by_id.values() for t in turns if t.get("has_answer")]
    assert e["answer_session_ids"], f"{qid}: no answer sessions"
    if qid.endswith("_abs"):
        assert not marked, f"{qid}: abstention with evidence"
        text = " ".join(t["content"] for turns in by_id.values() for t in turns).lower()
        return [f"{qid}: {d!r} appears in the haystack" for d in absent if d.lower() in text]
    assert len(marked) == len(evidence), f"{qid}: evidence outside answer sessions"
    for s in e["answer_session_ids"]:
        assert any(t.get("has_answer") for t in by_id[s]), f"{s}: no evidence turn"
    if e["question_type"] == "knowledge-update":
        values = [e["answer"], *e["superseded_answers"]]
        for value in values:
            assert any(value in t["content"] for t in evidence), f"{qid}: {value!r} missing"
        assert e["answer"] in evidence[-1]["content"], f"{qid}: answer not in last update"
        for sid, turns in by_id.items():
            for t in turns:
                if t.get("has_answer"):
                    continue
                for value in values:
                    if value.lower() in t["content"].lower():
                        warnings.append(f"{qid}: {value!r} outside evidence in {sid}")
    return warnings


def render(entries: list[dict[str, Any]]) -> str:
    """The file's text: one question per line."""
    return "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n]\n"


def write(entries: list[dict[str, Any]], warnings: list[str], out: Path, *, strict: bool) -> None:
    """Print the warnings (with `strict`, any warning stops before writing), write the file
    and print its counts per type."""
    for warning in warnings:
        print("warning:", warning)
    if strict and warnings:
        sys.exit(f"{len(warnings)} warnings; nothing written")
    out.write_text(render(entries), encoding="utf-8")
    counts: dict[str, int] = {}
    for e in entries:
        key = e["question_type"] + (" (abstention)" if e["question_id"].endswith("_abs") else "")
        counts[key] = counts.get(key, 0) + 1
    print(f"wrote {len(entries)} questions to {out}")
    for key, n in sorted(counts.items()):
        print(f"  {key}: {n}")
