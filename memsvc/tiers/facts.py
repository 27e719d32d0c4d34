"""Semantic memory: facts distilled from anchored turns, with knowledge updates.

A fact is a subject-predicate-object triple from the turn's anchors (pronouns already
resolved), the sentence that states it, and a validity interval. Said again, a fact is
strengthened, never duplicated; a later value of a single-valued attribute ("lives in",
"works at") supersedes the earlier fact, which is kept as history with its valid-to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import pairwise
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from memsvc.lexical import split_sentences
from memsvc.storage.models import Memory, Turn, utcnow

SEMANTIC = "semantic"
Status = Literal["current", "history", "all"]

# Verbs that carry no fact about their subject ("I think", "I said").
WEAK_VERBS = frozenset(
    "say tell think know mean guess hope wish thank sound seem look feel be do get let make "
    "ask see hear wonder bet".split()
)
# Different wordings of one attribute: a move to Austin updates where someone lives.
PREDICATE_ALIASES = {
    "move to": "live in",
    "relocate to": "live in",
    "stay in": "live in",
    "start at": "work at",
    "work for": "work at",
    "join": "work at",
    "study in": "study at",
}
# Attributes with one value at a time: a new value supersedes the old one.
SINGLE_VALUED = frozenset({"live in", "work at", "drive", "study at", "marry", "date"})
NAME_OF = "name of "  # predicate prefix of naming facts ("name of kitten"), single-valued
BASE_CONFIDENCE = 0.6
CONFIDENCE_STEP = 0.1
MAX_CONFIDENCE = 0.95
PRONOUNS = frozenset("it this that them they he she him her me you us we i".split())
# Naming, which the parse splits oddly ("our kitten is called Bramble", "we renamed the kitten
# Pickles"): the name of a thing is single-valued, so a rename supersedes the old name.
NAMING = (
    re.compile(r"\b(?:[Oo]ur|[Mm]y|[Tt]he) (\w+) (?:is|was) (?:called|named) ([A-Z][\w'-]*)"),
    re.compile(r"\b(?:re)?named (?:our|my|the) (\w+) ([A-Z][\w'-]*)"),
    re.compile(r"\bcall(?:ed)? (?:our|my|the) (\w+) ([A-Z][\w'-]*)"),
)


@dataclass(frozen=True)
class FactCandidate:
    """A fact as extracted from one turn, before dedup and supersession."""

    subject: str
    predicate: str
    object: str
    text: str
    valid_from: datetime
    turn_id: str
    session_id: str

    @property
    def attribute_key(self) -> str:
        """Subject and attribute: what a knowledge update replaces."""
        return f"{self.subject.lower()}|{self.predicate}"

    @property
    def key(self) -> str:
        """Subject, attribute and value: what a repeat strengthens."""
        return f"{self.attribute_key}|{normalise(self.object)}"


def normalise(value: str) -> str:
    """Lower-case, articles dropped, whitespace folded: 'a Tesla' == 'the tesla'."""
    words = [w for w in re.findall(r"[\w']+", value.lower()) if w not in ("a", "an", "the")]
    return " ".join(words)


def canonical_predicate(verb: str) -> str:
    """One name per attribute, so different wordings meet."""
    return PREDICATE_ALIASES.get(verb, verb)


def extract(turn: Turn) -> list[FactCandidate]:
    """Facts a turn states about a person (its speaker or someone it names)."""
    anchors = turn.anchors or {}
    people = {p.lower() for p in anchors.get("people", [])} | {turn.speaker.lower()}
    out: dict[str, FactCandidate] = {}
    for subject, verb, obj in anchors.get("triples", []):
        if not _is_fact(subject, verb, obj, people):
            continue
        candidate = FactCandidate(
            subject=subject,
            predicate=canonical_predicate(verb),
            object=obj,
            text=_sentence_with(turn.text, obj),
            valid_from=_event_time(turn),
            turn_id=turn.id,
            session_id=turn.session_id,
        )
        out.setdefault(candidate.key, candidate)
    for candidate in _namings(turn):
        out.setdefault(candidate.key, candidate)
    return list(out.values())


def _namings(turn: Turn) -> list[FactCandidate]:
    """'Our kitten is called Bramble' -> (speaker, name of kitten, Bramble)."""
    found = []
    for sentence in split_sentences(turn.text):
        for pattern in NAMING:
            for thing, name in pattern.findall(sentence):
                found.append(
                    FactCandidate(
                        subject=turn.speaker,
                        predicate=NAME_OF + thing.lower(),
                        object=name,
                        text=sentence.strip(),
                        valid_from=_event_time(turn),
                        turn_id=turn.id,
                        session_id=turn.session_id,
                    )
                )
    return found


def _is_fact(subject: str, verb: str, obj: str, people: set[str]) -> bool:
    head = verb.split()[0]
    return (
        subject.lower() in people
        and head not in WEAK_VERBS
        and bool(obj.strip())
        and obj.lower() not in PRONOUNS
    )


def _sentence_with(text: str, needle: str) -> str:
    """The sentence of the turn that states the fact (the whole turn if none matches)."""
    first_word = needle.split()[0].lower() if needle.split() else ""
    for sentence in split_sentences(text):
        if first_word and first_word in sentence.lower():
            return sentence.strip()
    return text.strip()


def _event_time(turn: Turn) -> datetime:
    """When the fact became true: the day a resolved time phrase names, else the turn's time."""
    for span in (turn.anchors or {}).get("times", []):
        if span.get("granularity") == "day":
            day = date.fromisoformat(span["start"])
            return datetime.combine(day, time(), tzinfo=turn.timestamp.tzinfo)
    return turn.timestamp


def apply(db: Session, *, user_id: str, candidates: Iterable[FactCandidate]) -> list[Memory]:
    """Store candidates: strengthen repeats, supersede outdated values; returns the rows
    created or changed (to re-index). Re-applying the same candidates changes nothing."""
    changed: dict[str, Memory] = {}
    for candidate in sorted(candidates, key=lambda c: c.valid_from):
        for memory in _apply_one(db, user_id=user_id, candidate=candidate):
            changed[memory.id] = memory
    return list(changed.values())


def _apply_one(db: Session, *, user_id: str, candidate: FactCandidate) -> list[Memory]:
    same = _by_key(db, user_id=user_id, key=candidate.key)
    if same is not None:
        return [same] if _strengthen(same, candidate) else []
    fact = _new_fact(user_id, candidate)
    db.add(fact)
    db.flush()
    if not is_single_valued(candidate.predicate):
        return [fact]
    return [fact, *_settle_updates(db, user_id=user_id, fact=fact, attribute=candidate)]


def is_single_valued(predicate: str) -> bool:
    """Whether a new value of this attribute replaces the old one."""
    return predicate in SINGLE_VALUED or predicate.startswith(NAME_OF)


def _strengthen(fact: Memory, candidate: FactCandidate) -> bool:
    """One more mention from a new turn; a turn already counted changes nothing."""
    if candidate.turn_id in fact.source_turn_ids:
        return False
    fact.source_turn_ids = [*fact.source_turn_ids, candidate.turn_id]
    fact.mentions += 1
    fact.confidence = min(MAX_CONFIDENCE, fact.confidence + CONFIDENCE_STEP)
    return True


def _settle_updates(
    db: Session, *, user_id: str, fact: Memory, attribute: FactCandidate
) -> list[Memory]:
    """Order every value of this attribute by time: each is valid until the next one."""
    values = _attribute_values(db, user_id=user_id, attribute_key=attribute.attribute_key)
    values.sort(key=lambda m: (m.valid_from or utcnow(), m.created_at))
    changed = []
    for older, newer in pairwise(values):
        if older.superseded_by != newer.id or older.valid_to != newer.valid_from:
            older.superseded_by, older.valid_to = newer.id, newer.valid_from
            changed.append(older)
    latest = values[-1]
    if latest.superseded_by is not None or latest.valid_to is not None:
        latest.superseded_by, latest.valid_to = None, None
        changed.append(latest)
    return [m for m in changed if m is not fact]


def _new_fact(user_id: str, c: FactCandidate) -> Memory:
    return Memory(
        user_id=user_id,
        session_id=c.session_id,
        tier=SEMANTIC,
        key=c.key,
        text=c.text,
        subject=c.subject,
        predicate=c.predicate,
        object=c.object,
        confidence=BASE_CONFIDENCE,
        mentions=1,
        valid_from=c.valid_from,
        source_turn_ids=[c.turn_id],
        metadata_={"attribute": c.attribute_key},
    )


def _by_key(db: Session, *, user_id: str, key: str) -> Memory | None:
    query = select(Memory).where(
        Memory.user_id == user_id, Memory.tier == SEMANTIC, Memory.key == key
    )
    return db.scalars(query.limit(1)).first()


def _attribute_values(db: Session, *, user_id: str, attribute_key: str) -> list[Memory]:
    query = select(Memory).where(
        Memory.user_id == user_id,
        Memory.tier == SEMANTIC,
        Memory.key.startswith(attribute_key + "|", autoescape=True),
    )
    return list(db.scalars(query))


def valid_at(fact: Memory, moment: datetime) -> bool:
    """Whether the fact held at that moment (valid-from inclusive, valid-to exclusive)."""
    starts = fact.valid_from is None or fact.valid_from <= moment
    return starts and (fact.valid_to is None or moment < fact.valid_to)


def select_facts(
    facts: Sequence[Memory], *, status: Status = "current", as_of: datetime | None = None
) -> list[Memory]:
    """Current facts (default), superseded ones (history), all, or those true as of a time."""
    if as_of is not None:
        return [f for f in facts if valid_at(f, as_of)]
    if status == "current":
        return [f for f in facts if f.valid_to is None]
    if status == "history":
        return [f for f in facts if f.valid_to is not None]
    return list(facts)


def for_user(db: Session, *, user_id: str, subject: str | None = None) -> list[Memory]:
    """Every fact of a user (optionally about one subject), oldest first."""
    query = select(Memory).where(Memory.user_id == user_id, Memory.tier == SEMANTIC)
    if subject:
        query = query.where(Memory.subject == subject)
    return list(db.scalars(query.order_by(Memory.valid_from, Memory.created_at)))


def superseded_sources(db: Session, *, user_id: str) -> dict[str, Any]:
    """Turn id -> the outdated fact it states (so turn hits can be marked as history)."""
    query = select(Memory).where(
        Memory.user_id == user_id, Memory.tier == SEMANTIC, Memory.valid_to.is_not(None)
    )
    return {turn_id: fact for fact in db.scalars(query) for turn_id in fact.source_turn_ids}
