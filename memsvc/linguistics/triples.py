"""Subject-verb-object triples read off the dependency parse, with pronouns resolved."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from memsvc.linguistics.pronouns import Resolution

# Modifiers that would turn an object phrase into a clause or a list; conjuncts get their own
# triple, appositions are the name links handled by the pronoun pass.
_PHRASE_SKIP = frozenset("det predet relcl acl advcl conj cc punct appos aux auxpass nsubj".split())
_TIME_LABELS = frozenset({"DATE", "TIME"})
_OBJECT_DEPS = ("dobj", "attr", "oprd")
_WH_TAGS = frozenset({"WP", "WDT", "WP$"})


@dataclass(frozen=True)
class Triple:
    """One fact: who did what to what."""

    subject: str
    verb: str
    object: str


def extract_triples(doc: Doc, res: Resolution) -> list[Triple]:
    """All subject-verb-object triples of a parsed turn, de-duplicated in order."""
    seen: dict[Triple, None] = {}
    for verb in doc:
        if not _is_predicate(verb):
            continue
        subjects = [s for s in (_argument(t, res) for t in _subjects(verb, 0)) if s]
        if not subjects:
            continue
        for label, obj in _objects(verb):
            text = _argument(obj, res)
            if text:
                for subject in subjects:
                    seen.setdefault(Triple(subject, label, text))
    return list(seen)


def _is_predicate(tok: Token) -> bool:
    """Content verbs, plus copular "be" only when it has a predicate noun."""
    if tok.pos_ == "VERB":
        return True
    return tok.lemma_ == "be" and any(c.dep_ == "attr" for c in tok.children)


def _subjects(verb: Token, depth: int) -> list[Token]:
    """Explicit subjects with their conjuncts, inherited through conj/xcomp verbs."""
    found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not found and verb.dep_ in ("conj", "xcomp") and depth < 4:
        # "I went home and painted" / "I want to paint": the governing verb's subject.
        return _subjects(verb.head, depth + 1)
    return [t for s in found for t in (s, *s.conjuncts)]


def _verb_label(verb: Token) -> str:
    """Lemma with negation and particles: "not go", "sign up"."""
    words = ["not"] if any(c.dep_ == "neg" for c in verb.children) else []
    words.append(verb.lemma_.lower())
    words += [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return " ".join(words)


def _objects(verb: Token) -> Iterator[tuple[str, Token]]:
    """(verb label, object head) pairs: direct objects, predicate nouns, prepositional objects."""
    label = _verb_label(verb)
    direct = False
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS:
            direct = True
            yield from ((label, o) for o in (child, *child.conjuncts) if not _is_time(o))
        elif child.dep_ in ("prep", "agent"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                pairs = (pobj, *pobj.conjuncts)
                yield from ((f"{label} {child.lower_}", o) for o in pairs if not _is_time(o))
    if not direct and verb.pos_ == "VERB":
        # "I love to paint": a bare infinitive/gerund complement is the object itself.
        for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
            if not any(c.dep_ in (*_OBJECT_DEPS, "prep") for c in xcomp.children):
                yield label, xcomp


def _is_time(tok: Token) -> bool:
    """Dates and times belong to the time resolver, not to triples."""
    return tok.ent_type_ in _TIME_LABELS


def _argument(tok: Token, res: Resolution) -> str | None:
    """Resolved text of a subject/object; None for unresolved pronouns and wh-words."""
    if tok.pos_ in ("PRON", "DET", "SCONJ") or tok.tag_ in _WH_TAGS:
        return res.referents.get(tok.i)
    if any(t.tag_ in _WH_TAGS for t in tok.subtree):
        # "What kind of jobs ...?" asks about the object rather than stating one.
        return None
    if tok.i in res.names and not any(c.dep_ == "case" for c in tok.children):
        return res.names[tok.i]
    text = render(_phrase_tokens(tok), res)
    return text or None


def _phrase_tokens(tok: Token) -> list[Token]:
    """The head's subtree minus determiners, clauses and conjuncts."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _PHRASE_SKIP and child.lower_ != "to":
            out.extend(_phrase_tokens(child))
    return sorted(out, key=lambda t: t.i)


def render(tokens: list[Token], res: Resolution) -> str:
    """Text of the tokens with names canonical, pronouns and linked relations replaced."""
    segments: list[tuple[int, int, str]] = []  # (start, end exclusive, text)
    for tok in tokens:
        if segments and tok.i < segments[-1][1]:
            continue
        end = tok.i + 1
        if tok.i in res.replacements:
            end, text = res.replacements[tok.i]
        elif tok.i in res.names:
            text, end = res.names[tok.i], _name_end(tok, res)
        elif tok.i in res.referents:
            text = res.referents[tok.i] + ("'s" if tok.tag_ == "PRP$" else "")
        else:
            text = tok.text
        segments.append((tok.i, end, text))
    return _join(tokens[0].doc, segments) if segments else ""


def _join(doc: Doc, segments: list[tuple[int, int, str]]) -> str:
    """Join segments with the original spacing; a gap left by a dropped token becomes a space."""
    out = segments[0][2]
    for (_, prev_end, _), (start, _, text) in itertools.pairwise(segments):
        space = doc[prev_end - 1].whitespace_
        if start > prev_end and not text.startswith("'"):
            space = " "
        out += space + text
    return out.strip()


def _name_end(tok: Token, res: Resolution) -> int:
    """End (exclusive) of the run of tokens carrying the same canonical name."""
    end = tok.i + 1
    while res.names.get(end) == res.names[tok.i]:
        end += 1
    return end
