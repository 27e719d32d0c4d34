"""Benchmark data in one shape: conversations of dated sessions, and questions with evidence."""

from __future__ import annotations

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


@dataclass
class Conversation:
    """One user's whole history and the questions asked about it."""

    id: str
    sessions: list[Session]
    questions: list[Question] = field(default_factory=list)
    dropped_evidence: list[str] = field(default_factory=list)

    @property
    def turns(self) -> list[Turn]:
        return [t for s in self.sessions for t in s.turns]


LOCOMO_CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}
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
    for key in sorted((k for k in conv if SESSION_KEY.match(k)), key=lambda k: int(k.split("_")[1])):
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
