"""A country and the word for its people are indexed as one term."""

from __future__ import annotations

import pytest

from searchsvc import places, tokens


@pytest.mark.parametrize(
    "words, same",
    [
        ("Korea Korean Koreans KOREAN", True),
        ("Japan Japanese", True),
        ("China Chinese", True),
        ("Netherlands Dutch", True),
        ("Switzerland Swiss", True),
        ("Britain British Britons", True),
        ("France French Frenchmen", True),  # "France" is kept from Porter, who makes it "franc"
        ("France francs", False),  # the currency is not the country
        ("Korea Korea's", True),
        ("Poland Polish", False),  # "polish" is also a verb
    ],
)
def test_a_place_and_the_word_for_its_people_are_one_term(words: str, same: bool) -> None:
    """News names a country as often by its adjective: "korea" finds "the Korean people"."""
    assert (len(set(tokens.stems(words))) == 1) is same


def test_no_word_for_a_people_is_also_a_place() -> None:
    """Each people's stem maps straight to a place's: none is itself a place that maps on."""
    joined = tokens.joined_stems(places.TABLE)
    assert joined and not set(joined) & set(joined.values())


def test_france_is_not_the_franc() -> None:
    """Porter stems "France" and "francs" alike; a search for France found every Swiss francs item."""
    assert tokens.stem("france") == tokens.stem("french") != tokens.stem("francs") == tokens.stem("franc")
