"""Episodes: one session-level memory per session (dates, participants, key phrases and an
extractive summary), indexed beside the turns for session-level recall."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from memsvc.linguistics.temporal import day_label
from memsvc.storage.models import Memory, Turn
from memsvc.storage.models import Session as ChatSession

EPISODE = "episode"
HIGHLIGHTS = 5
KEY_PHRASES = 12


def salience(anchors: dict[str, Any] | None) -> float:
    """How much a turn is worth keeping in a summary: who, what and when it pins down."""
    anchors = anchors or {}
    return (
        1.0 * len(anchors.get("entities", []))
        + 1.5 * len(anchors.get("times", []))
        + 0.5 * len(anchors.get("triples", []))
        + 0.25 * len(anchors.get("key_phrases", []))
    )


def summary_line(turn: Turn) -> str:
    """The turn as one dated summary line, with the dates its relative phrases resolve to."""
    labels = [t["label"] for t in (turn.anchors or {}).get("times", [])]
    dates = f" ({'; '.join(labels)})" if labels else ""
    return f"[{fmt_day(turn)}] {turn.speaker}: {turn.text.strip()}{dates}"


def fmt_day(turn: Turn) -> str:
    """The day a turn was said: '8 May 2023'."""
    return day_label(turn.timestamp)


def build(chat: ChatSession, turns: Sequence[Turn]) -> Memory | None:
    """The session's episode (None for an empty session)."""
    if not turns:
        return None
    participants = list(dict.fromkeys(t.speaker for t in turns))
    phrases = Counter(p for t in turns for p in (t.anchors or {}).get("key_phrases", []))
    key_phrases = [p for p, _ in phrases.most_common(KEY_PHRASES)]
    ranked = sorted(turns, key=lambda t: salience(t.anchors), reverse=True)[:HIGHLIGHTS]
    highlights = sorted(ranked, key=lambda t: t.seq)
    first, last = turns[0], turns[-1]
    start, end = fmt_day(first), fmt_day(last)
    span = start if start == end else f"{start} to {end}"
    text = "\n".join(
        [
            f"Session on {span} between {', '.join(participants)}.",
            f"Topics: {', '.join(key_phrases)}." if key_phrases else "",
            *(summary_line(t) for t in highlights),
        ]
    ).replace("\n\n", "\n")
    return Memory(
        user_id=chat.user_id,
        session_id=chat.id,
        tier=EPISODE,
        key=f"episode|{chat.id}",
        text=text,
        valid_from=first.timestamp,
        source_turn_ids=[t.id for t in highlights],
        metadata_={
            "start": first.timestamp.isoformat(),
            "end": last.timestamp.isoformat(),
            "participants": participants,
            "key_phrases": key_phrases,
            "turn_count": len(turns),
        },
    )


def upsert(db: Session, chat: ChatSession, turns: Sequence[Turn]) -> Memory | None:
    """Create or refresh the session's episode; returns it when it changed."""
    fresh = build(chat, turns)
    if fresh is None:
        return None
    stored = for_session(db, session_id=chat.id)
    if stored is None:
        db.add(fresh)
        db.flush()
        return fresh
    if (stored.text, stored.metadata_, stored.source_turn_ids) == (
        fresh.text,
        fresh.metadata_,
        fresh.source_turn_ids,
    ):
        return None
    stored.text, stored.metadata_ = fresh.text, fresh.metadata_
    stored.source_turn_ids, stored.valid_from = fresh.source_turn_ids, fresh.valid_from
    return stored


def for_session(db: Session, *, session_id: str) -> Memory | None:
    """The session's episode, if consolidated."""
    query = select(Memory).where(Memory.session_id == session_id, Memory.tier == EPISODE)
    return db.scalars(query.limit(1)).first()
