"""A British spelling is indexed as the American one."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed

from searchsvc import spelling, tokens
from searchsvc.models import Query
from searchsvc.search import search


@pytest.mark.parametrize(
    "words, same",
    [
        ("defense defence defences", True),
        ("labor labour labours laboured", True),
        ("organize organise organisation organization", True),
        ("center centre centres", True),
        ("program programme programmes", True),
        ("privatization privatisation", True),
        # A form the table's word is part of: "kilometres" was "kilometr", "metres" "meter".
        ("kilometer kilometre kilometres", True),
        ("unfavorable unfavourable", True),
        ("analog analogue analogues", True),
        ("lackluster lacklustre", True),
        ("tire tyre", False),  # "tire" is also the stem of "tired"
    ],
)
def test_a_british_spelling_is_the_american(words: str, same: bool) -> None:
    assert (len(set(tokens.stems(words))) == 1) is same


def test_no_british_spelling_is_also_an_american_one_of_the_table() -> None:
    joined = tokens.joined_stems(spelling.TABLE)
    assert joined and not set(joined) & set(joined.values())


def test_either_spelling_finds_both_and_marks_what_the_page_writes(tmp_path: Path) -> None:
    """"defense spending" found only the items that write "defense", and a question's answer that
    writes "defence" was listed as missing the word."""
    live = indexed(tmp_path, {
        "uk.txt": "BUDGET\n\nThe government raised defence spending by 4 pct.\n",
        "us.txt": "BUDGET\n\nCongress cut defense spending by 2 pct.\n",
        "other.txt": "BUDGET\n\nThe budget raised school spending.\n",
    })
    for typed in ("defense spending", "defence spending"):
        res = search(live, Query(q=typed))
        assert {hit.id for hit in res.hits} == {"uk.txt", "us.txt"}, typed
    res = search(live, Query(q="defense spending"))
    uk = next(hit for hit in res.hits if hit.id == "uk.txt")
    assert "<mark>defence</mark>" in uk.snippet
    res = search(live, Query(q="why did the government raise defense spending"))
    assert res.hits[0].id == "uk.txt" and not res.hits[0].missing


@pytest.mark.parametrize(
    "words",
    [
        "linearised linearized linear linearisation",
        "reorganisation reorganization reorganising",
        "annualised annualized",
        "unrealised unrealized",
        "securitisation securitization",
        "pressurised pressurized",
        "recapitalisation recapitalization",
    ],
)
def test_a_british_ise_spelling_outside_the_table_is_the_american(words: str) -> None:
    """The table listed 148 words; "reorganisation" (14 of the 20k items) did not find
    "reorganization" (125), nor "linearised" "linearized"."""
    stems = tokens.stems(words)
    assert len(set(stems)) == 1, (words, stems)


@pytest.mark.parametrize(
    "word, other",
    [
        ("precise", "precize"), ("premise", "premize"), ("demise", "demize"), ("treatise", "treatize"),
        ("malaise", "malaize"), ("franchise", "franchize"), ("advertise", "advertize"), ("exercise", "exercize"),
        ("merchandise", "merchandize"), ("expertise", "expertize"), ("promise", "promize"), ("arise", "arize"),
        ("valise", "valize"), ("anise", "anize"), ("surprise", "surprize"), ("otherwise", "otherwize"),
    ],
)
def test_a_word_in_ise_that_is_no_british_ize_stays(word: str, other: str) -> None:
    assert tokens.stem(word) != tokens.stem(other)
