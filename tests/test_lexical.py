"""The sparse lexical encoder."""

from __future__ import annotations

from memsvc.lexical import MEMORY_SPACE, LexicalEncoder, stem, token_index, tokenize


def test_tokenize_drops_function_words_and_folds_forms() -> None:
    assert tokenize("I went to the LGBTQ support groups yesterday!") == [
        "went",
        "lgbtq",
        "support",
        "group",
        "yesterday",
    ]
    assert tokenize("Caroline's painting") == ["caroline", "paint"]
    assert tokenize("Melanie\u2019s kids") == ["melanie", "kid"]


def test_stem_folds_common_suffixes() -> None:
    assert [stem(w) for w in ("running", "planned", "stories", "hobbies", "painted", "walks")] == [
        "run",
        "plan",
        "story",
        "hobby",
        "paint",
        "walk",
    ]
    assert stem("gas") == "gas" and stem("is") == "is"


def test_token_index_is_stable() -> None:
    assert token_index("dog") == token_index("dog")
    assert token_index("dog") != token_index("cat")
    assert 0 <= token_index("anything") < 2**31


def test_document_weights_saturate_and_normalise_length() -> None:
    lexical = LexicalEncoder()
    once = lexical.document("dog park")
    thrice = lexical.document("dog dog dog park")
    dog = token_index("dog")
    weight = dict(zip(once.indices, once.values, strict=True))[dog]
    weight3 = dict(zip(thrice.indices, thrice.values, strict=True))[dog]
    assert weight < weight3 < 3 * weight  # more mentions count, with diminishing returns
    assert once.indices == sorted(once.indices)
    assert not lexical.query("the and of")  # nothing to match on
    assert lexical.query("dog dog park").values == [1.0, 1.0]


def test_memories_have_their_own_half_of_the_index_space() -> None:
    turn = LexicalEncoder().document("We adopted a puppy named Oscar")
    memory = turn.in_memory_space()
    assert memory.values == turn.values
    assert all(MEMORY_SPACE <= i < 2 * MEMORY_SPACE for i in memory.indices)
    assert not set(memory.indices) & set(turn.indices)
