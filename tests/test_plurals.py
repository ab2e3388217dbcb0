"""A plural Porter's stemmer leaves apart from its singular is indexed as the singular."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed

from searchsvc import plurals, tokens
from searchsvc.models import Query
from searchsvc.search import search


@pytest.mark.parametrize(
    "words",
    [
        "woman women", "child children", "man men", "foot feet",
        "crisis crises", "criterion criteria", "phenomenon phenomena", "radius radii", "matrix matrices",
        "surplus surpluses", "virus viruses", "bonus bonuses", "gas gases", "bus buses", "lens lenses",
        "focus focuses focused foci",
    ],
)
def test_a_plural_is_its_singular(words: str) -> None:
    stems = tokens.stems(words)
    assert len(set(stems)) == 1, (words, stems)


def test_a_noun_in_sis_is_not_joined_to_its_verb() -> None:
    # "analyses" is Porter's stem of the verb ("analysed", spelling.py's "analyzed"): joined to it, the
    # singular "analysis" found every item that "analyzed" something, a derivation and not a plural.
    for noun, verb in (("analysis", "analyzed"), ("hypothesis", "hypothesized"), ("emphasis", "emphasized")):
        assert tokens.stem(noun) != tokens.stem(verb), noun


@pytest.mark.parametrize(
    "plural, singular, other",
    [
        ("indices", "index", "indicated"),  # "indices" is Porter's "indic", the stem of "indicate"
        ("theses", "thesis", "these"),  # "theses" is Porter's "these"
        ("halves", "half", "halved"),  # "halves" is "halved", cut in half
    ],
)
def test_a_plural_whose_stem_is_another_words_is_left_alone(plural: str, singular: str, other: str) -> None:
    assert tokens.stem(plural) == tokens.stem(other) != tokens.stem(singular)


def test_a_plural_of_a_word_ending_in_u_is_still_that_word() -> None:
    for words in ("menu menus", "bureau bureaus", "hindu hindus"):
        assert len(set(tokens.stems(words))) == 1, words


def test_no_plural_is_a_word_of_another_table() -> None:
    joined = tokens.joined_stems(plurals.TABLE)
    assert joined and not set(joined) & set(joined.values())
    others = (tokens.joined_stems(t) for t in (tokens.places.TABLE, tokens.shorthand.TABLE, tokens.verbs.TABLE,
                                               tokens.spelling.TABLE))
    for other in others:
        # The same stem joined to two words, or a joined stem that another table joins elsewhere, would
        # make the second table's join silently win.
        assert all(other.get(stem, word) == word for stem, word in joined.items())
        assert not set(joined.values()) & set(other)


def test_the_plural_finds_the_singular_and_back(tmp_path: Path) -> None:
    """"trade surplus" did not find the item that writes "trade surpluses", nor "women" the one about a woman."""
    live = indexed(tmp_path, {
        "one.txt": "TRADE\n\nJapan's trade surplus with the U.S. widened.\n",
        "many.txt": "TRADE\n\nAsian trade surpluses narrowed in March.\n",
        "woman.txt": "PROFILE\n\nThe woman who leads the bank spoke.\n",
        "other.txt": "TRADE\n\nThe trade deficit narrowed.\n",
    })
    for typed in ("trade surplus", "trade surpluses"):
        res = search(live, Query(q=typed))
        assert {hit.id for hit in res.hits} == {"one.txt", "many.txt"}, typed
    res = search(live, Query(q="trade surplus"))
    many = next(hit for hit in res.hits if hit.id == "many.txt")
    assert "<mark>surpluses</mark>" in many.snippet
    res = search(live, Query(q="women bank"))
    assert [hit.id for hit in res.hits] == ["woman.txt"]
