"""Anchor turns at ingest: resolved people, entities, triples and dates, and the index keys
they expand (the stored text stays verbatim)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from memsvc.linguistics.temporal import TimeSpan, epoch_day, find_time_spans
from memsvc.turns import repository

if TYPE_CHECKING:  # spaCy loads with the runtime, not with the app
    from memsvc.linguistics.anchors import Anchorer, Relations, TurnAnchors

HISTORY_TURNS = 12  # earlier turns whose people seed pronoun resolution for a new batch


@dataclass(frozen=True)
class SessionContext:
    """What earlier turns of a session tell the anchorer about a new batch."""

    speakers: list[str]
    history: list[str]
    relations: Relations


def load_context(factory: sessionmaker[Session], *, session_id: str) -> SessionContext:
    """Speakers, recently mentioned people and named relations of a session (short read)."""
    with factory() as db:
        rows = repository.recent_anchors(db, session_id=session_id, limit=HISTORY_TURNS)
    speakers = list(dict.fromkeys(speaker for speaker, _ in rows))
    history = [p for _, anchors in rows for p in (anchors or {}).get("people", [])]
    relations: Relations = {}
    for speaker, anchors in rows:
        for mention, name in (anchors or {}).get("mentions", {}).items():
            if not name.endswith(f"'s {mention.split()[-1]}"):
                relations[(speaker, mention.split()[-1])] = name
    return SessionContext(speakers=speakers, history=history, relations=relations)


def anchor_batch(
    anchorer: Anchorer,
    items: Sequence[tuple[str, str, datetime]],
    *,
    context: SessionContext,
) -> list[dict[str, Any]]:
    """Anchors for (speaker, text, timestamp) items, as stored in SQL."""
    return list(iter_batch(anchorer, items, context=context))


def iter_batch(
    anchorer: Anchorer,
    items: Sequence[tuple[str, str, datetime]],
    *,
    context: SessionContext,
) -> Iterator[dict[str, Any]]:
    """The same, item by item as the pipeline gets to them."""
    from memsvc.linguistics.anchors import TurnInput

    participants = list(dict.fromkeys([*context.speakers, *(s for s, _, _ in items)]))
    found = anchorer.iter_session(
        [TurnInput(speaker=s, text=t) for s, t, _ in items],
        participants=participants,
        history=context.history,
        relations=dict(context.relations),
    )
    for anchors, (_, text, when) in zip(found, items, strict=True):
        yield to_json(anchors, find_time_spans(text, when, candidates=anchors.date_spans))


def to_json(anchors: TurnAnchors, times: list[TimeSpan]) -> dict[str, Any]:
    """The stored form of a turn's anchors."""
    return {
        "people": anchors.people,
        "entities": [list(e) for e in anchors.entities],
        "key_phrases": anchors.key_phrases,
        "triples": [[t.subject, t.verb, t.object] for t in anchors.triples],
        "mentions": anchors.mentions,
        "times": [
            {
                "phrase": span.phrase,
                "start": span.start.isoformat(),
                "end": span.end.isoformat(),
                "granularity": span.granularity,
                "label": span.label(),
            }
            for span in times
        ],
    }


def expanded_key(speaker: str, text: str, anchors: dict[str, Any] | None) -> str:
    """The text the index keys on: the turn plus its resolved people, entities and dates."""
    base = f"{speaker}: {text}"
    if not anchors:
        return base
    parts = [p for p in anchors.get("people", []) if p != speaker]
    parts += [e[0] for e in anchors.get("entities", []) if e[0] not in parts]
    parts += [t["label"] for t in anchors.get("times", [])]
    return f"{base} [{'; '.join(parts)}]" if parts else base


def anchor_payload(anchors: dict[str, Any] | None) -> dict[str, Any]:
    """Payload fields the query side matches on: people and entities (lower-case), the
    entity kinds mentioned (spaCy labels), and mentioned days."""
    anchors = anchors or {}
    people = {p.lower() for p in anchors.get("people", [])}
    people |= {e[0].lower() for e in anchors.get("entities", [])}
    days: list[int] = []
    for span in anchors.get("times", []):
        days += [epoch_day(date.fromisoformat(span[key])) for key in ("start", "end")]
    kinds = {e[1] for e in anchors.get("entities", [])}
    return {"people": sorted(people), "kinds": sorted(kinds), "days": days, "dated": bool(days)}
