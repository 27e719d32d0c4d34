"""Turn anchors on hand-made dialogues, with the real spaCy English pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
import spacy
from spacy.tokens import Doc

from memsvc.linguistics.anchors import MODEL_NAME, Anchorer, Triple, TurnAnchors, TurnInput

CAROLINE, MELANIE = "Caroline", "Melanie"


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    """The pipeline, loaded once for the module (it takes about a second)."""
    return spacy.load(MODEL_NAME)


@pytest.fixture(scope="module")
def anchorer(nlp: spacy.Language) -> Anchorer:
    """One anchorer shared by every test."""
    return Anchorer(nlp)


def dialogue(*lines: str) -> list[TurnInput]:
    """Alternate Caroline and Melanie, Caroline first."""
    return [TurnInput((CAROLINE, MELANIE)[i % 2], text) for i, text in enumerate(lines)]


def triples_of(anchors: TurnAnchors) -> set[tuple[str, str, str]]:
    """Triples as plain tuples for set comparisons."""
    return {(t.subject, t.verb, t.object) for t in anchors.triples}


# --- speakers and pronouns -------------------------------------------------------------------


def test_first_and_second_person_in_a_two_party_session(anchorer: Anchorer) -> None:
    """I/my → the speaker, you → the other participant; merely speaking adds nobody."""
    turns = dialogue("I adopted a puppy last week.", "Did you name it?", "Hello there!")
    first, second, third = anchorer.anchor_session(turns)
    assert first.people == [CAROLINE]
    assert second.people == [CAROLINE]
    assert third.people == []


def test_second_person_in_a_group_is_the_previous_speaker(anchorer: Anchorer) -> None:
    """With three participants "you" is whoever spoke last."""
    turns = [
        TurnInput("Jon", "I opened a dance studio."),
        TurnInput("Gina", "That is great news."),
        TurnInput("Tim", "Did you find a good location?"),
    ]
    anchors = anchorer.anchor_session(turns, participants=["Jon", "Gina", "Tim"])
    assert anchors[2].people == ["Gina"]


def test_third_person_goes_to_the_most_recent_compatible_person(anchorer: Anchorer) -> None:
    """she/he pick the latest person of matching gender, never the speaker or addressee."""
    turns = dialogue(
        "I met Anna and Tom at the park.",
        "Cool! Did she like the park?",
        "He brought his guitar.",
    )
    anchors = anchorer.anchor_session(turns)
    assert anchors[1].people == ["Anna"]
    assert ("Tom", "bring", "Tom's guitar") in triples_of(anchors[2])


def test_gender_is_learned_from_the_conversation(anchorer: Anchorer) -> None:
    """Riley is unknown to the name list until "she" refers to her; then "he" skips her."""
    turns = dialogue(
        "My coworker Riley is great.",
        "Does she like her job?",
        "Riley introduced me to Casey yesterday. He plays the drums.",
    )
    anchors = anchorer.anchor_session(turns)
    assert "Riley" in anchors[1].people
    assert ("Casey", "play", "drums") in triples_of(anchors[2])


def test_ambiguous_and_neuter_pronouns_stay_unresolved(anchorer: Anchorer) -> None:
    """Two equally good antecedents, "it" and plural "they" are not guessed."""
    turns = dialogue(
        "Anna and Maria came over. She brought a cake.",
        "It looked delicious. They baked cookies too.",
    )
    first, second = anchorer.anchor_session(turns)
    assert first.people == ["Anna", "Maria"]
    assert not any(t.verb == "bring" for t in first.triples)
    assert second.people == [] and second.triples == []


def test_history_names_are_antecedents(anchorer: Anchorer) -> None:
    """Names active before the batch can be referred to at once."""
    anchors = anchorer.anchor_session(dialogue("She finally got the job."), history=["Gina"])
    assert anchors[0].people == ["Gina"]
    assert triples_of(anchors[0]) == {("Gina", "get", "job")}


def test_nickname_maps_to_the_participant(anchorer: Anchorer) -> None:
    """A nickname ("Mel") is Melanie when she is the only participant starting that way."""
    anchors = anchorer.anchor_session(dialogue("Hey Mel! How have the kids been?", "Good!"))
    assert anchors[0].people == [MELANIE]


# --- entities, key phrases, dates ------------------------------------------------------------


def test_entities_dates_and_key_phrases(anchorer: Anchorer) -> None:
    """Numbers and dates are not entities; DATE spans are kept as offsets."""
    text = "We moved to Boston in 2020 and I joined Google as a data scientist."
    (anchors,) = anchorer.anchor_session(dialogue(text))
    assert ("Boston", "GPE") in anchors.entities
    assert ("Google", "ORG") in anchors.entities
    assert all(label not in ("DATE", "CARDINAL") for _, label in anchors.entities)
    assert [text[s:e] for s, e in anchors.date_spans] == ["2020"]
    assert "data scientist" in anchors.key_phrases
    assert "we" not in anchors.key_phrases and "i" not in anchors.key_phrases


def test_key_phrases_are_lemmatised_without_determiners(anchorer: Anchorer) -> None:
    """Noun chunks lower-cased, nouns singular, articles and pronouns gone."""
    (anchors,) = anchorer.anchor_session(
        dialogue("I went to a LGBTQ support group and showed them my sunrise paintings.")
    )
    assert anchors.key_phrases == ["lgbtq support group", "sunrise painting"]


# --- triples ---------------------------------------------------------------------------------


def test_support_group_triple(anchorer: Anchorer) -> None:
    """The canonical example: preposition joins the verb, determiner leaves the object."""
    (anchors,) = anchorer.anchor_session(
        dialogue("I went to a LGBTQ support group yesterday and it was so powerful.")
    )
    assert anchors.triples == [Triple(CAROLINE, "go to", "LGBTQ support group")]


def test_conjoined_objects_particles_and_possessives(anchorer: Anchorer) -> None:
    """Each conjunct is its own triple; particles stay on the verb; "my" becomes the owner."""
    turns = dialogue(
        "I adopted a dog and a cat.",
        "I signed up for a pottery class last week.",
        "I walked my dog.",
    )
    first, second, third = anchorer.anchor_session(turns)
    assert triples_of(first) == {(CAROLINE, "adopt", "dog"), (CAROLINE, "adopt", "cat")}
    assert triples_of(second) == {(MELANIE, "sign up for", "pottery class")}
    assert triples_of(third) == {(CAROLINE, "walk", "Caroline's dog")}


def test_light_verbs_without_objects_give_no_triples(anchorer: Anchorer) -> None:
    """Statements like "I am so happy" and "it was fun" have no object."""
    (anchors,) = anchorer.anchor_session(dialogue("I am so happy, it was fun."))
    assert anchors.triples == []


# --- relational mentions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "introduction",
    [
        "My sister Anna is visiting.",
        "My sister, Anna, is visiting.",
        "Anna, my sister, is visiting.",
        "My sister's name is Anna.",
    ],
)
def test_relation_names_are_linked(anchorer: Anchorer, introduction: str) -> None:
    """Any explicit naming links the relation; a later bare "my sister" resolves to it."""
    relations: dict[tuple[str, str], str] = {}
    turns = dialogue(introduction, "Nice!", "My sister called me today.")
    first, _, third = anchorer.anchor_session(turns, relations=relations)
    assert first.mentions == {"my sister": "Anna"}
    assert relations == {(CAROLINE, "sister"): "Anna"}
    assert third.mentions == {"my sister": "Anna"}
    assert third.people == [CAROLINE, "Anna"]
    assert ("Anna", "call", CAROLINE) in triples_of(third)


def test_unnamed_relations_are_owned_and_relations_carry_over(anchorer: Anchorer) -> None:
    """Without a name the owner is spelled out; the map passed in is used and kept per owner."""
    relations = {(MELANIE, "husband"): "Mark"}
    turns = dialogue("My husband loves hiking.", "My husband does too!")
    first, second = anchorer.anchor_session(turns, relations=relations)
    assert first.mentions == {"my husband": "Caroline's husband"}
    assert second.mentions == {"my husband": "Mark"}
    assert second.people == [MELANIE, "Mark"]


def test_unnamed_relation_is_a_pronoun_antecedent(anchorer: Anchorer) -> None:
    """A "she" after "my sister" is the sister, not the addressee."""
    (anchors,) = anchorer.anchor_session(dialogue("My sister came over. She baked bread."))
    assert ("Caroline's sister", "bake", "bread") in triples_of(anchors)


# --- queries and batching --------------------------------------------------------------------


def test_anchor_query(anchorer: Anchorer) -> None:
    """Questions use the same rules; the speaker owns "my", relations resolve names."""
    about = anchorer.anchor_query("When did Caroline go to the support group?")
    assert about.people == [CAROLINE]
    assert "support group" in about.key_phrases
    told = anchorer.anchor_query("What did I tell you about my sister?", speaker=CAROLINE)
    assert told.people == [CAROLINE]
    assert told.mentions == {"my sister": "Caroline's sister"}
    named = anchorer.anchor_query(
        "What did I tell you about my sister?",
        speaker=CAROLINE,
        addressee=MELANIE,
        relations={(CAROLINE, "sister"): "Anna"},
    )
    assert named.people == [CAROLINE, MELANIE, "Anna"]


class _PipeOnly:
    """A pipeline stand-in that allows batched calls only."""

    def __init__(self, nlp: spacy.Language) -> None:
        self.nlp = nlp
        self.batches = 0

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        self.batches += 1
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __call__(self, text: str) -> Doc:
        raise AssertionError("the session path must batch with nlp.pipe")


def test_sessions_are_batched(nlp: spacy.Language) -> None:
    """One nlp.pipe call per session, never one nlp() per turn."""
    spy = _PipeOnly(nlp)
    anchorer = Anchorer(spy, batch_size=8)  # type: ignore[arg-type]
    anchors = anchorer.anchor_session(dialogue("I baked bread.", "You did?", "I did."))
    assert len(anchors) == 3 and spy.batches == 1
