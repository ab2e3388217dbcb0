"""An irregular verb's past forms are indexed as the verb."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchsvc import tokens, verbs
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import search


@pytest.mark.parametrize(
    "words, same",
    [
        ("fall falls fell fallen falling", True),
        ("pay pays paid", True),
        ("buy buying bought", True),
        ("rise rises rose risen", True),
        ("grow grew grown", True),
        ("won win", False),  # Korea's currency
        ("fed feed", False),  # the Federal Reserve
        ("led lead", False),  # the metal
        ("said say", False),  # "says" in a headline marks a statement: see verbs.py
    ],
)
def test_a_past_form_is_the_verb(words: str, same: bool) -> None:
    assert (len(set(tokens.stems(words))) == 1) is same


def test_no_past_form_is_also_a_verb_of_the_table() -> None:
    joined = tokens.joined_stems(verbs.TABLE)
    assert joined and not set(joined) & set(joined.values())


def test_a_question_in_the_present_finds_the_report_in_the_past(tmp_path: Path) -> None:
    """"how much did Brazil's GDP grow" listed the item saying "grew" as "Missing: grow", and
    "how much wheat did Algeria buy" the one saying "bought" as "Missing: buy"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gdp.txt").write_text("BRAZIL'S GDP UP 8.2 PCT\n\nBrazil's GDP grew 8.2 pct last year.\n", encoding="utf-8")
    (raw / "wheat.txt").write_text("ALGERIA WHEAT\n\nAlgeria bought 75,000 tonnes of wheat.\n", encoding="utf-8")
    (raw / "other.txt").write_text("BRAZIL DEBT\n\nBrazil's debt talks go on.\n", encoding="utf-8")
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    res = search(live, Query(q="how much did Brazil's GDP grow last year"))
    assert res.hits[0].id == "gdp.txt" and not res.hits[0].missing and res.all_words == 1
    assert "<mark>grew</mark>" in res.hits[0].snippet
    res = search(live, Query(q="how much wheat did Algeria buy"))
    assert res.hits[0].id == "wheat.txt" and not res.hits[0].missing


def test_what_did_someone_say_counts_said_as_say(tmp_path: Path) -> None:
    """"say" is not indexed as "said" (see verbs.py), but an item that says "said" has the word:
    "what did the Fed's Johnson say about price stability" listed its answer as "Missing: say"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "said.txt").write_text("FED'S JOHNSON STRESSES PRICE STABILITY\n\nManuel Johnson said price stability "
                                  "was critical to growth.\n", encoding="utf-8")
    (raw / "says.txt").write_text("FED'S JOHNSON SAYS DOLLAR STABLE\n\nJohnson says the dollar is stable.\n",
                                  encoding="utf-8")
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    res = search(live, Query(q="what did the Fed's Johnson say about price stability"))
    assert res.relaxed and res.all_words == 1
    assert [(hit.id, hit.missing) for hit in res.hits] == [("said.txt", ()), ("says.txt", ("price", "stability"))]
