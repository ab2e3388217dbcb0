"""Snippets and highlighting: what is marked, what is escaped, where the window falls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from whoosh.analysis import StemmingAnalyzer

from searchsvc import tokens
from searchsvc.highlight import highlight_all, match_spans, snippet

ANALYZER = StemmingAnalyzer()
SEEDS = Path(__file__).resolve().parent.parent / "raw"


def slow_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """The reference: analyse every token of the text."""
    return [(t.startchar, t.endchar) for t in ANALYZER(text, chars=True, removestops=False) if t.text in terms]


@pytest.mark.parametrize("words", ["solidarity", "sanctions socialism", "happy studies agreed", "korean peninsula war"])
def test_fast_matching_equals_full_analysis(words: str) -> None:
    terms = {t.text for t in ANALYZER(words)}
    for seed in SEEDS.glob("*.txt"):
        text = seed.read_text(encoding="utf-8") + " Happily the happy students studied studies; they agreed."
        assert match_spans(text, terms, ANALYZER) == slow_spans(text, terms)


def test_inflections_are_marked_but_not_lookalikes() -> None:
    html = highlight_all("Rivers flooded; the riverbank and the river flood.", {"river", "flood"}, ANALYZER)
    assert (
        html == "<mark>Rivers</mark> <mark>flooded</mark>; the riverbank and the <mark>river</mark> <mark>flood</mark>."
    )


def test_snippet_escapes_and_cuts_at_words() -> None:
    text = "<b>Intro</b> " + "filler words here " * 40 + "the decisive sanctions vote " + "more filler text " * 40
    out = snippet(text, {"sanction"}, ANALYZER)
    assert "<mark>sanctions</mark>" in out and "<b>" not in out
    assert out.startswith("… ") and out.endswith(" …")
    inner = out[2:-2]
    assert inner.split()[0] in {"filler", "words", "here"}  # whole words at both ends


def test_a_snippet_that_starts_and_ends_on_a_match_keeps_both_words() -> None:
    """The best passage runs from "Kim" to "Juche" with no room to spare: neither end's word is cut off
    (the snippet once began at "Jong Un" and ended before "Juche")."""
    passage = "Kim Jong Un on the anniversary of the founder of the immortal Juche"
    text = "the respected comrade named in the message " * 3 + passage + " idea and more words follow here"
    out = snippet(text, {"kim", "jong", "juch"}, ANALYZER, size=len(passage))
    assert out.startswith("… <mark>Kim</mark> <mark>Jong</mark> Un")
    assert out.endswith("<mark>Juche</mark> …")


def test_a_snippet_shows_the_queried_phrase_where_the_text_has_it() -> None:
    """The opening has "trade" and "deficit" apart; the phrase itself comes later. The snippet of a
    phrase search shows the phrase; a word the index leaves out between two counts as adjacent."""
    filler = "Officials spoke about many unrelated topics at length. " * 6
    text = ("The trade ministry met on Monday to discuss the budget deficit and other matters. " + filler
            + "Later the figures showed the trade deficit widened sharply in the spring.")
    terms = {"trade", "deficit"}
    # Unquoted too, the words side by side are the better passage than the two apart in the opening.
    assert "<mark>trade</mark> <mark>deficit</mark> widened" in snippet(text, terms, ANALYZER, size=120)
    out = snippet(text, terms, ANALYZER, size=120, phrases=[("trade", "deficit")])
    assert "<mark>trade</mark> <mark>deficit</mark> widened" in out
    text = "The bank said Japan would wait. " + filler + "The Bank of Japan left its rates unchanged on Tuesday."
    out = snippet(text, {"bank", "japan"}, ANALYZER, size=120, phrases=[("bank", "japan")])
    assert "<mark>Bank</mark> of <mark>Japan</mark> left" in out
    text = "Stocks on a foreign exchange rose. " + filler + "The stock exchange closed higher on Tuesday."
    out = snippet(text, {"stock", "exchang"}, ANALYZER, size=120, phrases=[("stock", "exchang")])
    assert "<mark>stock</mark> <mark>exchange</mark> closed" in out  # "foreign" between: not the phrase


def test_a_phrase_with_several_left_out_words_is_marked() -> None:
    """The index numbers positions without the words it leaves out, so "chairman of the board" matches
    its two words side by side; the snippet marked nothing (it allowed one left-out word between)."""
    text = ("Reed will serve on the board and remains chairman. " + "Nothing else was said then. " * 6
            + "Wallace Reed stepped down as chairman of the board on Monday.")
    out = snippet(text, {"chairman", "board"}, ANALYZER, size=120, phrases=[("chairman", "board")],
                  bound=frozenset({"chairman", "board"}))
    assert "<mark>chairman</mark> of the <mark>board</mark> on Monday" in out


def test_a_word_the_query_has_only_in_a_phrase_is_marked_only_there() -> None:
    # For the query "trade deficit", "franc deficit" is no match of the phrase; "Bundesbank", typed
    # alone, is marked wherever it stands.
    text = "The Bundesbank said the franc deficit grew. The trade deficit narrowed, the Bundesbank added."
    phrases = [("trade", "deficit")]
    bound = frozenset({"trade", "deficit"})
    terms = {"trade", "deficit", "bundesbank"}
    for out in (snippet(text, terms, ANALYZER, size=200, phrases=phrases, bound=bound),
                highlight_all(text, terms, ANALYZER, phrases=phrases, bound=bound)):
        assert "franc deficit" in out
        assert "<mark>trade</mark> <mark>deficit</mark> narrowed" in out
        assert out.count("<mark>Bundesbank</mark>") == 2
    # Without the phrase rule (the words typed on their own) every occurrence is marked.
    assert "franc <mark>deficit</mark>" in highlight_all(text, terms, ANALYZER)


def test_a_snippet_shows_a_name_where_it_is_written_not_a_list_holding_its_parts() -> None:
    """"Kim Jong Il" showed a list of officials ("Kim Yo Jong, Ri Il Hwan, Kim Tok Hun, Jong Sang Hak")
    with each word marked apart: more matches, but not the name."""
    names = "Present were Kim Yo Jong, Ri Il Hwan, Kim Tok Hun, Jong Sang Hak and Kim Song Nam. "
    filler = "The meeting discussed the tasks of the year at length. " * 5
    text = names + filler + "They paid tribute to Kim Jong Il at the palace."
    out = snippet(text, {"kim", "jong", "il"}, ANALYZER, size=120)
    assert "<mark>Kim</mark> <mark>Jong</mark> <mark>Il</mark> at the palace" in out


def test_a_short_word_ending_in_y_is_marked() -> None:
    """Porter's stem of "day", "pay" and "buy" ends in "i" ("dai"): the documents matched, but
    "May Day Gift" and "Day International said" showed no mark at all, and "buy" marked only "bought"."""
    analyzer = tokens.analyzer()
    terms = {t.text for t in analyzer("day pay buy key")}
    text = "Day International buys a key unit; pay rises paid daily, and it bought keys."
    html = highlight_all(text, terms, analyzer)
    assert html == ("<mark>Day</mark> International <mark>buys</mark> a <mark>key</mark> unit; <mark>pay</mark> rises"
                    " <mark>paid</mark> daily, and it <mark>bought</mark> <mark>keys</mark>.")


@pytest.mark.parametrize("size", range(40, 120, 3))
def test_a_snippet_does_not_cut_a_joined_word_or_a_number(size: int) -> None:
    """Snippets began "-shipping missile" (of "anti-shipping") and ended "an output of 6, …" (of
    "6,122,378"): a cut beside a hyphen or a thousands comma left a piece of the word."""
    text = ("Officials said Iran has test-fired its newly acquired Silkworm anti-shipping missile in the "
            "Strait of Hormuz, with an output of 6,122,378 barrels, and U.S.-Japan talks went on.")
    words = {word.rstrip(",.") for word in text.split()}
    out = snippet(text, {"missil"}, ANALYZER, size=size)
    shown = out.replace("<mark>", "").replace("</mark>", "").split()
    assert "<mark>missile</mark>" in out
    assert all(word.rstrip(",.") in words for word in shown if word != "…"), out


def test_a_snippet_keeps_paragraphs_apart() -> None:
    """A results table's rows, one a paragraph, ran into one another: "… 7.5 cts prior Qtly div class B
    … prior Pay April 30 Record March 31". A paragraph that ends a sentence, or one that a capture
    broke in mid-sentence (the next goes on in lower case), is still joined with a space."""
    text = ("Qtly div class A nine cts vs 7.5 cts prior\n\nQtly div class B nine cts vs 7.5 cts prior\n\n"
            "Pay April 30\n\nRecord March 31.\n\nThe company took a charge of 2.7 mln\n\ndlrs on the div,\n\nIt said.")
    out = snippet(text, {"div"}, ANALYZER, size=400)
    assert out == ("Qtly <mark>div</mark> class A nine cts vs 7.5 cts prior · Qtly <mark>div</mark> class B nine cts"
                   " vs 7.5 cts prior · Pay April 30 · Record March 31. The company took a charge of 2.7 mln dlrs"
                   " on the <mark>div</mark>, It said.")


def test_the_opening_shown_for_a_title_match_ends_with_one_space_before_its_ellipsis() -> None:
    """A document found by its title alone shows its opening; cut just after a space, that opening
    ended "… from the previous 1.5185/5195 close  …" with two spaces."""
    text = "The dollar began here at 1.5128/5138 Swiss francs, down from the previous close and more words after."
    out = snippet(text, {"zurich"}, ANALYZER, size=text.index("close") + len("close "))
    assert out == "The dollar began here at 1.5128/5138 Swiss francs, down from the previous close …"


def test_a_snippet_shows_a_phrase_whole_or_not_at_all() -> None:
    """A snippet ended "… budget deficit down, we will not get the <mark>trade</mark> …" and another began
    "… <mark>rates</mark> and that he believed" (of "interest rates"): the window cut a marked phrase,
    leaving one of its words marked alone."""
    text = ("A cut in the federal budget deficit will be needed to help end the nation's huge trade deficit, the"
            " trade representative said.\n\nSpeaking to the chamber of commerce, he said \"Capital and trade flows"
            " are clearly linked now.\n\n\"Unless we get the budget deficit down, we will not get the trade"
            " deficit down.\"\n\nHe did not elaborate on his views of the links between the two deficits.")
    analyzer = tokens.analyzer()
    phrase = tuple(t.text for t in analyzer("trade deficit"))
    first, second = text.index("trade deficit"), text.index("trade deficit down")
    # The window fits the second "trade" and not its "deficit".
    out = snippet(text, set(phrase), analyzer, size=second + len("trade") + 3 - first, phrases=[phrase],
                  bound=frozenset(phrase))
    marked = re.findall(r"<mark>(\w+)</mark>", out)
    assert marked == ["trade", "deficit", "trade", "deficit"], out


def test_a_word_joined_by_a_dot_is_marked() -> None:
    """The index keeps "491.1" and the ticker "CAWL.L" as one word each: "Revs 491.1 mln" and
    "Wireless Plc (CAWL.L)" were found for them and showed no mark."""
    analyzer = tokens.analyzer()
    terms = {t.text for t in analyzer("491.1 CAWL.L 12.84")}
    text = "Shr 12.84 dlrs, revs 491.1 mln vs 473.9 mln at Cable and Wireless Plc (CAWL.L)."
    html = highlight_all(text, terms, analyzer)
    assert html == ("Shr <mark>12.84</mark> dlrs, revs <mark>491.1</mark> mln vs 473.9 mln at Cable and Wireless Plc"
                    " (<mark>CAWL.L</mark>).")
