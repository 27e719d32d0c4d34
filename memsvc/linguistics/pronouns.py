"""Rule-based resolution of speakers, pronouns and relational mentions on a spaCy parse."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
SECOND_PERSON = frozenset("you your yours yourself yourselves".split())
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
# Plain they/them/their is left alone: it is plural far more often than not in chat text.
SINGULAR_THEY = frozenset({"themself"})

_FEMALE_RELATIONS = (
    "sister mother mom mum mommy mama wife daughter aunt auntie grandmother grandma granny nana "
    "niece girlfriend fiancee stepmother stepsister stepdaughter"
)
_MALE_RELATIONS = (
    "brother father dad daddy papa husband son uncle grandfather grandpa nephew boyfriend "
    "fiance stepfather stepbrother stepson"
)
_NEUTRAL_RELATIONS = (
    "partner spouse friend bestie buddy cousin kid child baby parent sibling grandparent "
    "grandchild grandkid boss coworker colleague neighbor neighbour roommate mentor teacher "
    "coach therapist family dog cat puppy kitten pet twin"
)
RELATION_GENDER: dict[str, str | None] = {
    **dict.fromkeys(_NEUTRAL_RELATIONS.split()),
    **dict.fromkeys(_FEMALE_RELATIONS.split(), "f"),
    **dict.fromkeys(_MALE_RELATIONS.split(), "m"),
}

# A small prior only: evidence learned in the conversation always wins over it.
_FEMALE_NAMES = (
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty "
    "margaret sandra ashley emily donna michelle carol amanda melissa deborah stephanie rebecca "
    "laura sharon cynthia kathleen amy angela anna emma olivia sophia isabella mia charlotte "
    "amelia ava grace lily chloe hannah natalie maria julia rachel caroline melanie gina joanna "
    "evelyn claire alice lucy sophie kate katie megan lauren victoria helen ruth diana jane"
)
_MALE_NAMES = (
    "james robert john michael david william richard joseph thomas charles christopher daniel "
    "matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy "
    "ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin "
    "scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis jerry "
    "tyler aaron henry adam peter nathan nate zachary kyle noah ethan liam lucas oliver jon tim"
)
NAME_GENDER: dict[str, str] = {
    **dict.fromkeys(_FEMALE_NAMES.split(), "f"),
    **dict.fromkeys(_MALE_NAMES.split(), "m"),
}

Relations = dict[tuple[str, str], str]


@dataclass
class Resolution:
    """What one turn's pass resolved: token index → referent, plus relational mentions."""

    people: list[str] = field(default_factory=list)
    referents: dict[int, str] = field(default_factory=dict)  # pronoun token → person
    names: dict[int, str] = field(default_factory=dict)  # every token of a name → canonical
    replacements: dict[int, tuple[int, str]] = field(default_factory=dict)  # start → (end, name)
    mentions: dict[str, str] = field(default_factory=dict)

    def add_person(self, name: str) -> None:
        """Append a person once, keeping first-mention order."""
        if name not in self.people:
            self.people.append(name)


def is_pronoun(tok: Token, words: frozenset[str]) -> bool:
    """A personal pronoun from the set (the POS check keeps the country "US" out)."""
    return tok.lower_ in words and tok.pos_ == "PRON"


@dataclass
class Discourse:
    """Session state: who is active, what gender evidence was seen, which relations are named."""

    participants: tuple[str, ...] = ()
    relations: Relations = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    # Recency list of (scope, name); the scope is (turn number, sentence start) for ambiguity.
    recent: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    known: set[str] = field(default_factory=set)
    turn_no: int = 0

    def seed(self, history: Iterable[str]) -> None:
        """Register names active before this batch as the oldest mentions."""
        self.known.update(self.participants)
        for name in history:
            self.known.add(name)
            self.recent.append(((-1, 0), name))

    def canonical(self, text: str) -> str:
        """Strip possessive 's and map a nickname prefix ("Mel") to a unique participant."""
        text = text.strip().removesuffix("'s").removesuffix("\u2019s").strip(" ,.!?;:")
        if text in self.known:
            return text
        if len(text) >= 3:
            longer = [p for p in self.participants if p.startswith(text) and p != text]
            if len(longer) == 1:
                return longer[0]
        return text

    def gender_of(self, name: str) -> str | None:
        """Learned gender first, then the built-in first-name prior."""
        if name in self.genders:
            return self.genders[name]
        return NAME_GENDER.get(name.split()[0].lower()) if name else None

    def resolve_third(self, want: str | None, exclude: set[str]) -> str | None:
        """Most recent compatible person; None when two fit equally well in that scope."""
        scored = [
            (scope, name, self._score(name, want))
            for scope, name in self.recent
            if name not in exclude
        ]
        scored = [item for item in scored if item[2] > 0]
        if not scored:
            return None
        scope = scored[-1][0]
        in_scope = [(name, score) for s, name, score in scored if s == scope]
        best = max(score for _, score in in_scope)
        winners = {name for name, score in in_scope if score == best}
        if len(winners) != 1:
            return None
        name = winners.pop()
        if want and self.gender_of(name) is None:
            # The conversation itself is the best gender evidence: remember it.
            self.genders[name] = want
        return name

    def _score(self, name: str, want: str | None) -> int:
        """2 = gender known and matching, 1 = unknown (or gender-free pronoun), 0 = clash."""
        if want is None:
            return 1
        gender = self.gender_of(name)
        if gender is None:
            return 1
        return 2 if gender == want else 0

    def process(self, doc: Doc, speaker: str | None, addressee: str | None) -> Resolution:
        """One left-to-right pass: names, pronouns, then relational mentions as they occur."""
        self.turn_no += 1
        res = Resolution()
        self._find_names(doc, res)
        for tok in doc:
            scope = (self.turn_no, tok.sent.start)
            if tok.i in res.names and res.names.get(tok.i - 1) != res.names[tok.i]:
                self._mention(res.names[tok.i], scope, res)
            elif tok.pos_ == "PRON":
                self._pronoun(tok, speaker, addressee, scope, res)
            elif tok.pos_ in ("NOUN", "PROPN"):
                self._relation(tok, scope, res)
        return res

    def _mention(self, name: str, scope: tuple[int, int], res: Resolution | None) -> None:
        """Record a person mention for recency and, when given, for the turn's people."""
        self.known.add(name)
        self.recent.append((scope, name))
        if res is not None:
            res.add_person(name)

    def _find_names(self, doc: Doc, res: Resolution) -> None:
        """PERSON entities plus proper nouns already known as people in this session."""
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                name = self.canonical(ent.text)
                if name and name[0].isupper():
                    res.names.update(dict.fromkeys(range(ent.start, ent.end), name))
        for tok in doc:
            if tok.i not in res.names and tok.pos_ == "PROPN":
                name = self.canonical(tok.text)
                if name in self.known:
                    res.names[tok.i] = name

    def _pronoun(
        self,
        tok: Token,
        speaker: str | None,
        addressee: str | None,
        scope: tuple[int, int],
        res: Resolution,
    ) -> None:
        """Resolve a personal pronoun by person; it/this/they are deliberately left alone."""
        low = tok.lower_
        if low in FIRST_PERSON:
            referent = speaker
        elif low in SECOND_PERSON:
            referent = addressee
        elif low in MALE_PRONOUNS | FEMALE_PRONOUNS | SINGULAR_THEY:
            want = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
            exclude = {n for n in (speaker, addressee) if n}
            referent = self.resolve_third(want, exclude)
            if referent:
                # A resolved pronoun keeps its referent the most recent one (chains of "she").
                self.recent.append((scope, referent))
        else:
            return
        if referent:
            res.referents[tok.i] = referent
            res.add_person(referent)

    def _relation(self, noun: Token, scope: tuple[int, int], res: Resolution) -> None:
        """Record "my sister" mentions with the owner resolved, linking names when explicit."""
        gender_key = next(
            (k for k in (noun.lower_, noun.lemma_.lower()) if k in RELATION_GENDER), None
        )
        poss = _possessor(noun)
        if gender_key is None or poss is None:
            return
        owner = res.referents.get(poss.i) or res.names.get(poss.i)
        if owner is None:
            return
        start = poss.left_edge.i if poss.i in res.names else poss.i
        doc = noun.doc
        relation = " ".join(t.lower_ for t in doc[poss.i + 1 : noun.i + 1] if t.dep_ != "case")
        key = (owner, relation)
        linked = _linked_name(noun, res)
        gender = RELATION_GENDER[gender_key]
        if linked:
            self.relations[key] = linked
            if gender:
                self.genders[linked] = gender
        name = self.relations.get(key)
        res.mentions[doc[start : noun.i + 1].text.lower()] = name or f"{owner}'s {relation}"
        if name:
            res.replacements[start] = (noun.i + 1, name)
            self._mention(name, scope, res)
        elif noun.tag_ in ("NN", "NNP"):
            # An unnamed "my sister" / "my cousin" can still be what a later "she" points at.
            placeholder = f"{owner}'s {relation}"
            if gender:
                self.genders[placeholder] = gender
            self._mention(placeholder, scope, None)


def _possessor(noun: Token) -> Token | None:
    """The possessive modifier of a noun, also through "my sister Anna" parsed as a compound."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
        return next((c for c in noun.head.children if c.dep_ == "poss"), None)
    return None


def _is_name(tok: Token | None) -> bool:
    """A capitalised proper noun."""
    return tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper()


def _name_text(tok: Token, res: Resolution) -> str:
    """The canonical name covering a token, else the token with its compound modifiers."""
    if tok.i in res.names:
        return res.names[tok.i]
    parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join(t.text for t in [*parts, tok])


def _child(tok: Token, deps: Sequence[str]) -> Token | None:
    """First child with one of the dependency labels."""
    return next((c for c in tok.children if c.dep_ in deps), None)


def _linked_name(noun: Token, res: Resolution) -> str | None:
    """The name the text explicitly gives a relation noun, if any."""
    head = noun.head
    candidates = [
        # "my sister Anna", "my sister, Anna,"
        _child(noun, ("appos",)),
        # "Anna, my sister" / "my sister Anna" parsed with the name as head
        head if noun.dep_ in ("appos", "compound") else None,
        # "Anna is my sister"
        _child(head, ("nsubj",)) if noun.dep_ == "attr" and head.lemma_ == "be" else None,
        # "my sister is named/called Anna"
        _child(head, ("oprd", "attr", "dobj"))
        if noun.dep_ == "nsubjpass" and head.lemma_ in ("name", "call")
        else None,
        # "my sister's name is Anna"
        _child(head.head, ("attr",))
        if noun.dep_ == "poss" and head.lemma_ == "name" and head.head.lemma_ == "be"
        else None,
    ]
    for tok in candidates:
        if tok is not None and tok.i != noun.i and _is_name(tok):
            return _name_text(tok, res)
    return None
