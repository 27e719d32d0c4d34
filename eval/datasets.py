"""Benchmark data in one shape: conversations of dated sessions, and questions with evidence."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One utterance; `id` is the dataset's own turn id (LoCoMo's dia_id)."""

    id: str
    speaker: str
    text: str
    timestamp: datetime
    role: str | None = None
    has_answer: bool = False


@dataclass(frozen=True)
class Session:
    """A dated session of turns."""

    id: str
    started_at: datetime
    turns: list[Turn]


@dataclass(frozen=True)
class Question:
    """A probe with its gold answer and the turn/session ids that hold the evidence."""

    id: str
    text: str
    answer: str
    category: str
    evidence_turns: list[str]
    evidence_sessions: list[str]
    asked_at: datetime | None = None
    abstention: bool = False
    question_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Conversation:
    """One user's whole history and the questions asked about it."""

    id: str
    sessions: list[Session]
    questions: list[Question] = field(default_factory=list)
    dropped_evidence: list[str] = field(default_factory=list)
    repaired_evidence: list[str] = field(default_factory=list)

    @property
    def turns(self) -> list[Turn]:
        """Every turn, session by session."""
        return [t for s in self.sessions for t in s.turns]


LOCOMO_CATEGORIES = {
    1: "multi-hop",
    2: "temporal",
    3: "open-domain",
    4: "single-hop",
    5: "adversarial",
}
LOCOMO_DATE = "%I:%M %p on %d %B, %Y"
SESSION_KEY = re.compile(r"^session_(\d+)$")
EVIDENCE_ID = re.compile(r"D\s*:?\s*(\d+)\s*:\s*(\d+)")


def parse_locomo_date(value: str) -> datetime:
    """'1:56 pm on 8 May, 2023' -> an aware UTC datetime."""
    return datetime.strptime(value.strip(), LOCOMO_DATE).replace(tzinfo=UTC)


def normalise_evidence(raw: Any) -> tuple[list[str], list[str]]:
    """Canonical 'D<session>:<turn>' ids from LoCoMo's evidence, and the entries dropped.

    Handles 'D8:6; D9:17' (several in one), 'D:11:26' (stray colon), 'D30:05' (zero pad).
    """
    items = raw if isinstance(raw, list) else [raw]
    kept: list[str] = []
    dropped: list[str] = []
    for item in items:
        matches = EVIDENCE_ID.findall(str(item))
        if not matches:
            dropped.append(str(item))
        for session, turn in matches:
            canonical = f"D{int(session)}:{int(turn)}"
            if canonical not in kept:
                kept.append(canonical)
    return kept, dropped


def load_locomo(path: str | Path) -> list[Conversation]:
    """Read a locomo10.json-format file."""
    return [_locomo_sample(sample) for sample in json.loads(Path(path).read_text())]


def _locomo_sample(sample: dict[str, Any]) -> Conversation:
    conv = sample["conversation"]
    sessions = []
    for key in sorted(
        (k for k in conv if SESSION_KEY.match(k)), key=lambda k: int(k.split("_")[1])
    ):
        number = int(key.split("_")[1])
        started = parse_locomo_date(conv[f"{key}_date_time"])
        turns = [
            # Turns in a session are seconds apart: keeps order without inventing times.
            Turn(
                id=_canonical_turn_id(t["dia_id"]),
                speaker=t["speaker"],
                text=_locomo_text(t),
                timestamp=started + timedelta(seconds=i),
            )
            for i, t in enumerate(conv[key])
        ]
        sessions.append(Session(id=f"S{number}", started_at=started, turns=turns))
    conversation = Conversation(id=str(sample["sample_id"]), sessions=sessions)
    known = {t.id for t in conversation.turns}
    for index, qa in enumerate(sample.get("qa", [])):
        conversation.questions.append(_locomo_question(conversation, qa, index, known))
    return conversation


def _repaired(raw: Any) -> list[str]:
    """Raw evidence entries that were usable only after normalisation."""
    items = raw if isinstance(raw, list) else [raw]
    return [
        str(item)
        for item in items
        if (ids := normalise_evidence(item)[0]) and ids != [str(item).strip()]
    ]


def _canonical_turn_id(dia_id: str) -> str:
    ids, _ = normalise_evidence(dia_id)
    return ids[0] if ids else dia_id


def _locomo_text(turn: dict[str, Any]) -> str:
    """The turn's text, with a shared image kept as its caption."""
    text = str(turn.get("text", "")).strip()
    caption = turn.get("blip_caption")
    if caption:
        text = f"{text} [shared an image: {caption}]".strip()
    return text


def _locomo_question(
    conversation: Conversation, qa: dict[str, Any], index: int, known: set[str]
) -> Question:
    evidence, dropped = normalise_evidence(qa.get("evidence", []))
    unknown = [e for e in evidence if e not in known]
    conversation.dropped_evidence.extend(dropped + unknown)
    conversation.repaired_evidence.extend(_repaired(qa.get("evidence", [])))
    evidence = [e for e in evidence if e in known]
    category = int(qa["category"])
    answer = qa.get("answer", qa.get("adversarial_answer", ""))
    return Question(
        id=f"{conversation.id}:q{index}",
        text=str(qa["question"]),
        answer=str(answer),
        category=LOCOMO_CATEGORIES.get(category, str(category)),
        evidence_turns=evidence,
        evidence_sessions=sorted({f"S{e.split(':')[0][1:]}" for e in evidence}),
        abstention=category == 5,
    )


LME_DATE = "%Y/%m/%d (%a) %H:%M"
UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.:@\-]")


def parse_longmemeval_date(value: str) -> datetime:
    """'2023/05/20 (Sat) 02:21' -> an aware UTC datetime."""
    return datetime.strptime(value.strip(), LME_DATE).replace(tzinfo=UTC)


def safe_id(value: str, limit: int = 60) -> str:
    """An id memsvc accepts: unsafe characters replaced, long ids shortened with a hash."""
    cleaned = UNSAFE_ID.sub("_", value)
    if len(cleaned) <= limit:
        return cleaned
    digest = hashlib.sha1(value.encode()).hexdigest()[:10]
    return f"{cleaned[: limit - 11]}-{digest}"


def load_longmemeval(path: str | Path) -> list[Conversation]:
    """Read a longmemeval_{s,m,oracle}-format file; identical haystacks share one conversation."""
    by_haystack: dict[str, Conversation] = {}
    for entry in json.loads(Path(path).read_text()):
        key = _haystack_key(entry)
        if key not in by_haystack:
            by_haystack[key] = _lme_conversation(entry, f"lme-{key[:12]}")
        conversation = by_haystack[key]
        conversation.questions.append(_lme_question(conversation, entry))
    return list(by_haystack.values())


def _haystack_key(entry: dict[str, Any]) -> str:
    payload = [entry["haystack_session_ids"], entry["haystack_dates"], entry["haystack_sessions"]]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _lme_conversation(entry: dict[str, Any], conversation_id: str) -> Conversation:
    sessions = []
    triples = zip(
        entry["haystack_session_ids"],
        entry["haystack_dates"],
        entry["haystack_sessions"],
        strict=True,
    )
    for raw_id, date, raw_turns in triples:
        started = parse_longmemeval_date(date)
        session_id = safe_id(str(raw_id))
        turns = [
            Turn(
                id=f"{session_id}:{i}",
                speaker=_lme_role(t),
                text=str(t.get("content", "")),
                timestamp=started + timedelta(seconds=i),
                role=_lme_role(t),
                has_answer=bool(t.get("has_answer", False)),
            )
            for i, t in enumerate(raw_turns)
        ]
        sessions.append(Session(id=session_id, started_at=started, turns=turns))
    # Haystacks are usually chronological already; sorting makes recency well defined.
    sessions.sort(key=lambda s: s.started_at)
    return Conversation(id=conversation_id, sessions=sessions)


def _lme_role(turn: dict[str, Any]) -> str:
    role = str(turn.get("role", "other"))
    return role if role in ("user", "assistant", "system") else "other"


def _lme_question(conversation: Conversation, entry: dict[str, Any]) -> Question:
    question_id = str(entry["question_id"])
    abstention = question_id.endswith("_abs")
    answer_sessions = [safe_id(str(s)) for s in entry.get("answer_session_ids", [])]
    # Restricting to the answer sessions keeps evidence per question when haystacks are shared.
    evidence = [
        t.id
        for s in conversation.sessions
        if s.id in answer_sessions
        for t in s.turns
        if t.has_answer
    ]
    asked = entry.get("question_date")
    answer = entry.get("answer", "")
    return Question(
        id=question_id,
        text=str(entry["question"]),
        answer=answer if isinstance(answer, str) else json.dumps(answer),
        category="abstention" if abstention else str(entry.get("question_type", "unknown")),
        evidence_turns=[] if abstention else evidence,
        evidence_sessions=[] if abstention else answer_sessions,
        asked_at=parse_longmemeval_date(asked) if asked else None,
        abstention=abstention,
        question_type=str(entry.get("question_type", "unknown")),
        extra={k: entry[k] for k in ("superseded_answers",) if k in entry},
    )


def load_dataset(kind: str, path: str | Path) -> list[Conversation]:
    """Load a benchmark by kind: 'locomo' or 'longmemeval'."""
    loaders = {"locomo": load_locomo, "longmemeval": load_longmemeval}
    return loaders[kind](path)
