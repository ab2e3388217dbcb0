"""Query strings and filter values → what is searched, or a QueryError saying what to fix."""

from __future__ import annotations

from datetime import date

import pytest
from corpora import indexed
from whoosh import query as wq

from searchsvc.errors import QueryError
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.queryparse import clean_query_text, make_parser, parse_date_bound, parse_query
from searchsvc.schema import build_schema
from searchsvc.search import search


@pytest.mark.parametrize(("value", "why"), [
    ("1987-02-29", "February 1987 has 28 days"),
    ("2024-02-30", "February 2024 has 29 days"),
    ("2021-04-31", "April 2021 has 30 days"),
    ("2021-13", "there is no month 13"),
    ("2021-00-10", "there is no month 0"),
    ("0000", "there is no year 0"),
])
def test_a_date_in_the_right_form_but_not_on_the_calendar_says_why(value: str, why: str) -> None:
    """'1987-02-29' was refused as "must be a date as YYYY, YYYY-MM or YYYY-MM-DD", which it is
    written as: the message did not say what to fix."""
    with pytest.raises(QueryError) as caught:
        parse_date_bound(value, end=False, name="from")
    assert caught.value.message == f"'from' must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}: {why}"


def test_a_date_in_another_form_names_the_forms() -> None:
    with pytest.raises(QueryError) as caught:
        parse_date_bound("1987/04/15", end=False, name="to")
    assert caught.value.message == "'to' must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got '1987/04/15'"


def test_the_last_month_of_the_calendar_ends_on_its_last_day() -> None:
    """to=9999-12 was refused as not a date: the day after the month was out of range."""
    assert parse_date_bound("9999-12", end=True, name="to") == date(9999, 12, 31)
    assert parse_date_bound("2024-02", end=True, name="to") == date(2024, 2, 29)
    assert parse_date_bound("2024", end=True, name="to") == date(2024, 12, 31)
    assert parse_date_bound("2024-3-1", end=False, name="from") == date(2024, 3, 1)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> LiveIndex:
    """A few wire items for what people type into the box."""
    return indexed(tmp_path_factory.mktemp("typed"), {
        "opec.txt": "OPEC output\n\nOPEC agreed to cut oil output, ministers said.",
        "gas.txt": "Gas reserves\n\nThe company raised its oil and gas reserves.",
        "coal.txt": "Coal exports\n\nCoal exports rose in March.",
        "g7.txt": "Finance ministers\n\nThe G-7 ministers met in Paris to hold the dollar.",
        "jets.txt": "Contract\n\nThe company will build radar for the F-16 fighter.",
        "scores.txt": "Results\n\nThe 16 teams played; the 7 winners met again.",
        "press.txt": "Press office\n\nFor details write to press.office@example.kp, the ministry said.",
        "pre-tax.txt": "Results\n\nIts pre-tax profit rose.",
        "pretax.txt": "Results\n\nIts pretax profit fell.",
        "pre tax.txt": "Results\n\nIts pre tax profit was flat.",
    })


def found(live: LiveIndex, q: str) -> set[str]:
    return {hit.id for hit in search(live, Query(q=q)).hits}


@pytest.mark.parametrize(("q", "expected"), [
    ("opec :)", {"opec.txt"}),
    ("opec :-)", {"opec.txt"}),
    ("coal exports :(", {"coal.txt"}),
    ("opec ;) output", {"opec.txt"}),
    ("(: opec", {"opec.txt"}),
    ("1) oil 2) gas", {"gas.txt"}),
    ("a) coal b) exports", {"coal.txt"}),
])
def test_a_smiley_or_a_list_number_is_not_a_parenthesis(news: LiveIndex, q: str, expected: set[str]) -> None:
    """'opec :)' was refused with "a ')' has no matching '('", a parenthesis the user never meant as syntax."""
    res = search(news, Query(q=q))
    assert res.hits[0].id in expected  # a list of four typed words may be relaxed: best first
    assert {hit.id for hit in res.hits if not hit.missing} == expected


def test_a_parenthesis_left_open_in_words_is_still_one_to_close(news: LiveIndex) -> None:
    with pytest.raises(QueryError, match=r"a '\(' is not closed"):
        search(news, Query(q="oil (gas"))
    with pytest.raises(QueryError, match=r"a '\)' has no matching '\('"):
        search(news, Query(q="oil gas)"))


@pytest.mark.parametrize(("q", "message"), [
    (":)", "the query has no words to search for, only the signs ':)'; add a word"),
    ("<3", "the query has no words to search for, only the signs '<3'; add a word"),
    ("...", "the query has no words to search for, only the signs '...'; add a word"),
    ("🛢️", "the query has no words to search for, only the signs '🛢️'; add a word"),
    ("C++", "the query has no words to search for (single letters and digits such as 'C' are not indexed); "
            "add a word of two letters or more"),
    ("$5", "the query has no words to search for (single letters and digits such as '5' are not indexed); "
           "add a word of two letters or more"),
    ("3/4", "the query has no words to search for (single letters and digits such as '3', '4' are not indexed); "
            "add a word of two letters or more"),
    ("the of and", "the query has no words to search for (very common words such as 'the', 'of', 'and' are "
                   "left out); add a word"),
    ("can't", "the query has no words to search for (very common words such as 'can' are left out; single letters "
              "and digits such as 't' are not indexed); add a word of two letters or more"),
    ("AND OR", "the query has no words to search for (only operators); add a word"),
    ("us", "the query has no words to search for (very common words such as 'us' are left out); add a word; "
           "for the United States, type US or U.S."),
])
def test_a_query_with_no_words_says_what_it_has_instead(news: LiveIndex, q: str, message: str) -> None:
    """'C++', '$5' and '<3' were told they had "only operators or very common words such as 'the'",
    which none of them typed; ':)' listed every document."""
    with pytest.raises(QueryError) as caught:
        search(news, Query(q=q))
    assert caught.value.message == message


@pytest.mark.parametrize(("q", "expected"), [
    ("G\u20117", {"g7.txt"}),  # non-breaking hyphen, as word processors join "G-7"
    ("G\u20137", {"g7.txt"}),  # en dash
    ("G\u20107", {"g7.txt"}),  # Unicode hyphen
    ("F\u201116", {"jets.txt"}),
    ("F\u221216", {"jets.txt"}),  # minus sign
])
def test_a_word_joined_by_a_typographic_hyphen_is_the_word(news: LiveIndex, q: str, expected: set[str]) -> None:
    """'G‑7' pasted from a document (a non-breaking hyphen) had no words to search for, and 'F‑16'
    found every '16' where 'F-16' finds the fighter."""
    assert found(news, q) == expected


@pytest.mark.parametrize(("q", "expected"), [
    ("pre-tax profit", {"pre-tax.txt", "pretax.txt", "pre tax.txt"}),
    ("PRE-TAX PROFIT", {"pre-tax.txt", "pretax.txt", "pre tax.txt"}),
    ("title:results pre-tax", {"pre-tax.txt", "pretax.txt", "pre tax.txt"}),
    ('"pre-tax profit"', {"pre-tax.txt", "pre tax.txt"}),  # a quoted phrase is its words as typed
    ("pre tax profit", {"pre-tax.txt", "pre tax.txt"}),
    ("pretax profit", {"pre-tax.txt", "pretax.txt", "pre tax.txt"}),  # a prefix written solid: its word beside it
])
def test_a_word_typed_with_hyphens_finds_it_written_solid(news: LiveIndex, q: str, expected: set[str]) -> None:
    """"pre-tax profit" did not find the item that writes "pretax profit" (in the 20k items 185 write
    "pretax", 137 "pre-tax"): the word was its parts side by side, and the index has "pretax" whole;
    nor "pretax profit" "pre-tax profit"."""
    assert found(news, q) == expected


def test_a_word_that_starts_with_a_prefix_is_not_split_at_any_other_place(news: LiveIndex) -> None:
    """Only a prefix ("pre", "non", "semi", ...) before a word of three letters or more is split off:
    "overall" is not "over all", "coal" not "co al"."""
    assert found(news, "coal") == {"coal.txt"}
    assert found(news, "prefix") == set()


def test_a_question_with_a_hyphenated_word_finds_it_written_solid(news: LiveIndex) -> None:
    """A relaxed question listed the item that writes "pretax profit" as "Missing: pre-tax"."""
    res = search(news, Query(q="why did the pre-tax profit fall"))
    assert res.relaxed
    hits = {hit.id: hit for hit in res.hits}
    assert hits["pretax.txt"].missing == () and "<mark>pretax</mark>" in hits["pretax.txt"].snippet
    assert hits["pre-tax.txt"].missing == ("fall",)
    assert res.hits[0].id == "pretax.txt"


def test_a_minus_before_a_word_leaves_it_out(news: LiveIndex) -> None:
    """'oil -gas' found only the items with gas (the '-' was dropped with the punctuation): the
    opposite of what search engines have taught people it means."""
    assert found(news, "oil -gas") == found(news, "oil NOT gas") == {"opec.txt"}
    assert found(news, "-gas oil") == {"opec.txt"}
    assert found(news, "oil -title:reserves") == {"opec.txt"}
    assert found(news, "+oil +gas") == {"gas.txt"}
    assert "gas.txt" not in found(news, "-gas")


def test_a_dash_in_a_long_question_is_punctuation(news: LiveIndex) -> None:
    """Prose writes a dash as ' -': "which reserves -gas or oil -did the companies report" is a
    question about gas, not one that leaves gas out."""
    assert "gas.txt" in found(news, "which reserves -gas or oil -did the companies report")


def test_a_dash_in_a_headline_in_capitals_is_punctuation(news: LiveIndex) -> None:
    """Wire headlines end in a dash before their source ("... BAD NEWS FOR LATIN AMERICA -MINISTER"):
    pasted all in capitals, the dash, like AND, OR and NOT there, is no operator."""
    assert found(news, "OIL RESERVES -COMPANY") == {"gas.txt"}


@pytest.mark.parametrize(("q", "expected"), [
    ("Title:opec", {"opec.txt"}),
    ("TITLE:COAL", {"coal.txt"}),
    ("Body:reserves", {"gas.txt"}),
])
def test_a_field_name_in_capitals_is_the_field(news: LiveIndex, q: str, expected: set[str]) -> None:
    """'Title:opec' was refused as "unknown field 'Title:'; search a field with title:, ...", the
    field it named, capitalised as a phone or a pasted form capitalises it."""
    assert found(news, q) == expected


def test_a_pasted_mailto_link_finds_the_address(news: LiveIndex) -> None:
    """"mailto:press.office@example.kp", copied from a page's link, was refused: "unknown field 'mailto:'"."""
    for q in ("mailto:press.office@example.kp", "MAILTO:Press.Office@example.kp", "press.office@example.kp"):
        assert found(news, q) == {"press.txt"}, q
    with pytest.raises(QueryError, match="unknown field 'mailto:'"):
        search(news, Query(q="mailto:office"))  # no address after it: the colon is still a field's


def test_a_pasted_soft_hyphen_or_ligature_is_no_break_in_the_word() -> None:
    # Pasted from a PDF or a page set with soft hyphens, "ﬁrm soli­darity" searched "soli" and "darity".
    assert clean_query_text("ﬁrm soli\u00addarity") == "firm solidarity"
    assert clean_query_text("eﬀorts\u2060") == "efforts"


@pytest.fixture(scope="module")
def statements(tmp_path_factory: pytest.TempPathFactory) -> LiveIndex:
    """Statements a fact-checker pastes quotations of."""
    return indexed(tmp_path_factory.mktemp("statements"), {
        "imcwp.txt": "Statement\n\nThe parties strongly condemn and categorically reject the reckless war threats "
                     "and inhumane sanctions by U.S. imperialism.",
        "article.txt": "Signed article\n\nThe DPRK is advancing under the banner of independence. It handles all "
                       "issues related to its foreign relations according to its independent judgment.",
        "other.txt": "Another statement\n\nThe front condemns the war threats and the sanctions.",
    })


@pytest.mark.parametrize("q", [
    '"strongly condemn … the reckless war threats"',
    '“strongly condemn ... the reckless war threats”',
    '"strongly condemn . . . the reckless war threats"',
    '"strongly condemn […] the reckless war threats"',
    '"strongly condemn (...) the reckless war threats and inhumane sanctions by [the United States]"',
])
def test_a_quotation_cut_with_an_ellipsis_or_with_words_put_in_finds_its_source(statements: LiveIndex,
                                                                                  q: str) -> None:
    """A quotation as an article prints it, cut where "…" stands and with an editor's "[the United
    States]", found nothing: the phrase was searched with the words cut out missing, and the words put in."""
    res = search(statements, Query(q=q))
    assert [hit.id for hit in res.hits] == ["imcwp.txt"]
    assert not res.relaxed


def test_words_put_in_square_brackets_are_not_searched_in_a_quotation(statements: LiveIndex) -> None:
    assert found(statements, '"[The DPRK] handles all issues related to its foreign relations"') == {"article.txt"}
    assert clean_query_text('"it [sic] handles" all … issues') == '"it" "handles" all … issues'


def test_a_quotation_in_single_quotation_marks_is_a_phrase(statements: LiveIndex) -> None:
    """As British papers print a quotation, the parties ‘strongly condemn … the war threats’ was searched
    as words anywhere: the item that condemns "the war threats" with other words came with it."""
    assert found(statements, "the parties ‘categorically reject the reckless war threats’") == {"imcwp.txt"}
    assert found(statements, "‘condemns the war threats’") == {"other.txt"}


@pytest.mark.parametrize(("typed", "read"), [
    ("‘the Workers’ Party is right’", '"the Workers’ Party is right"'),  # an apostrophe inside
    ("‘a’ and ‘b’", '"a" and "b"'),
    ("Korea’s ‘just cause’.", 'Korea’s "just cause".'),
    ("P‘yŏngyang ‘Juche idea’", 'P‘yŏngyang "Juche idea"'),  # a romanization's mark is no quotation mark
    ("title:‘just cause’", 'title:"just cause"'),
    ("“the committee ‘firmly supports’ it”", '"the committee ‘firmly supports’ it"'),  # inside a phrase
    ("‘never closed", "‘never closed"),
])
def test_single_quotation_marks_are_read_around_words_not_at_apostrophes(typed: str, read: str) -> None:
    assert clean_query_text(typed) == read


@pytest.mark.parametrize("q", [
    '"strongly condemn and categori-\ncally reject the reckless war\nthreats"',
    '"strongly condemn and categori-  \r\n  cally reject"',
    '"strongly condemn and categori- cally reject"',  # as a browser's search box pastes the line break
    "categori-\ncally reject reckless",
])
def test_a_word_a_pdf_broke_at_a_line_end_is_whole_in_a_pasted_quotation(statements: LiveIndex, q: str) -> None:
    """Copied out of a PDF, "categori-" and "cally" on two lines were searched as two words, and the
    quotation found nothing (or was relaxed, "Missing: categori, cally")."""
    res = search(statements, Query(q=q))
    assert [hit.id for hit in res.hits] == ["imcwp.txt"]
    assert not res.relaxed


@pytest.mark.parametrize(("typed", "read"), [
    ('"by embodying the people-\nfirst principle"', '"by embodying the" people-first "principle"'),
    ('"the anti-\nDPRK moves"', '"the anti- DPRK moves"'),  # a capital goes on another word
    ('"in 2017-\n2018"', '"in 2017- 2018"'),
    ('"pre- and post-war talks"', '"pre- and post-war talks"'),  # a hyphen whose word ends later
    ("machine- readable form", "machine- readable form"),  # a typed question's words, ranked as they were
])
def test_a_word_broken_at_a_line_end_keeps_its_hyphen(typed: str, read: str) -> None:
    # Typed with its hyphen, the word finds it written solid or with the hyphen (solid_term).
    assert clean_query_text(typed) == read


@pytest.fixture(scope="module")
def missiles(tmp_path_factory: pytest.TempPathFactory) -> LiveIndex:
    return indexed(tmp_path_factory.mktemp("missiles"), {
        "kcna.txt": "Test-fire\n\nThe ICBM Hwasongpho-18 was test-fired under the guidance of Kim Jong Un.",
        "nknews.txt": "Launch\n\nNorth Korea launched a Hwasong-18 ICBM, the military said.",
        "area.txt": "Flats\n\nThe 10 000 flats of the Hwasong area were built; 18 families moved in.",
    })


@pytest.mark.parametrize(("q", "expected"), [
    ("Hwasong-18", {"kcna.txt", "nknews.txt"}),
    ("Hwasongpho-18", {"kcna.txt", "nknews.txt"}),
    ("Hwasong-18 ICBM", {"kcna.txt", "nknews.txt"}),
    ("Hwasong", {"kcna.txt", "nknews.txt", "area.txt"}),
    # "Hwasongpho" is the missile alone, not the area of Pyongyang named Hwasong too.
    ("Hwasongpho", {"kcna.txt"}),
])
def test_a_missile_named_as_others_write_it_finds_it_as_kcna_writes_it(missiles: LiveIndex, q: str,
                                                                        expected: set[str]) -> None:
    """KCNA writes "Hwasongpho-18" ("Hwasong gun") since 2023, and "Hwasong-18", as others write it
    and researchers type it, found none of its items; nor "Hwasongpho-18" the others'."""
    assert found(missiles, q) == expected


def test_a_missile_named_as_others_write_it_is_marked_as_kcna_writes_it(missiles: LiveIndex) -> None:
    (hit,) = [hit for hit in search(missiles, Query(q="Hwasong-18")).hits if hit.id == "kcna.txt"]
    assert "<mark>Hwasongpho</mark>-<mark>18</mark>" in hit.snippet
    # A question relaxed to any of its words lists it as missing the others only.
    res = search(missiles, Query(q="how far did the Hwasong-18 fly"))
    assert res.relaxed and {hit.id: hit.missing for hit in res.hits}["kcna.txt"] == ("far", "fly")
    (hit,) = [hit for hit in res.hits if hit.id == "kcna.txt"]
    assert "<mark>Hwasongpho</mark>-<mark>18</mark>" in hit.snippet


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> LiveIndex:
    return indexed(tmp_path_factory.mktemp("names"), {
        "kcna.txt": "Visit\n\nKim Jong Un and Kim Yo Jong visited the Kim Il Sung Square.",
        "yonhap.txt": "Talks\n\nKim Jong-un told Foreign Minister Choe Son-hui to prepare the talks.",
        "apart.txt": "Meeting\n\nPak Jong Chon and Ri Un Hui met Kim Jong Il at the Kim Il Sung University.",
    })


@pytest.mark.parametrize(("q", "expected"), [
    ("Kim Jongun", {"kcna.txt", "yonhap.txt"}),
    ("KIM JONGUN", {"kcna.txt", "yonhap.txt"}),
    ("Kim Yojong", {"kcna.txt"}),
    ("Kim Ilsung", {"kcna.txt", "apart.txt"}),
    ("Choe Sonhui", {"yonhap.txt"}),
    ("Kim Jongil", {"apart.txt"}),
])
def test_a_given_name_typed_solid_finds_it_written_with_its_syllables_apart(names: LiveIndex, q: str,
                                                                           expected: set[str]) -> None:
    """The Revised Romanization writes a given name solid ("Kim Jongun", "Kim Ilsung"); typed so, it
    found none of the collection's 522 items about Kim Jong Un, which KCNA writes with a space and
    Yonhap with a hyphen."""
    assert found(names, q) == expected


@pytest.mark.parametrize(("q", "expected"), [
    ("Kim Il-sŏng", {"kcna.txt", "apart.txt"}),
    ("Kim Chŏng-ŭn", {"kcna.txt", "yonhap.txt"}),
    ("Kim Chong-un", {"kcna.txt", "yonhap.txt"}),
    ("Kim Chŏng-il", {"apart.txt"}),
    ("Kim Chongil", {"apart.txt"}),
    ("Kim Jeong-eun", {"kcna.txt", "yonhap.txt"}),
    ("Kim Yeo-jeong", {"kcna.txt"}),
    ("Choe Seon-hui", {"yonhap.txt"}),
])
def test_a_given_name_romanized_otherwise_finds_it_as_kcna_writes_it(names: LiveIndex, q: str,
                                                                     expected: set[str]) -> None:
    """Library catalogues and English books write McCune-Reischauer ("Kim Il-sŏng", "Kim Chŏng-il",
    "Kim Chŏng-ŭn"), South Korean sources the Revised Romanization ("Kim Jeong-eun"): typed so, a name
    found none of the items about its bearer, which KCNA writes "Kim Il Sung", "Kim Jong Il", "Kim Jong Un"."""
    assert found(names, q) == expected


def test_a_given_name_typed_solid_is_marked_where_its_syllables_stand_together(names: LiveIndex) -> None:
    hits = {hit.id: hit.snippet for hit in search(names, Query(q="Jongun")).hits}
    assert "Kim <mark>Jong</mark> <mark>Un</mark> and" in hits["kcna.txt"]
    assert "Kim <mark>Jong</mark>-<mark>un</mark> told" in hits["yonhap.txt"] and "apart.txt" not in hits
    # A question relaxed to any of its words lists it as missing the others only.
    res = search(names, Query(q="why did Kim Jongun phone Choe Sonhui"))
    assert res.relaxed and {hit.id: hit.missing for hit in res.hits}["yonhap.txt"] == ("phone",)


# Plain words as readers type them: names, capitals, numbers, stop words, a word with a prefix
# ("pretax"), a romanization ("Jongun"), an abbreviation typed solid ("US", "UN"), operator words in
# capitals and in lower case, and questions.
_PLAIN_QUERIES = [
    "solidarity", "Korean War", "party congress", "Day of the Sun", "KIM JONG UN", "Kim Jong Un",
    "US sanctions", "UN Security Council", "pretax profit", "nonlinear flow", "Hwasong 18", "Jongun",
    "1987 results", "F16 jets", "G7", "the of", "a", "what is the latest news about oil and gas prices",
    "how did the strike affect shipping in Rotterdam", "oil AND gas", "oil OR gas", "NOT oil",
    "oil ANDNOT gas", "oil ANDMAYBE gas", "REQUIRE oil", "and or not", "Pyongyang Times", "takeover bid",
    "defence spending", "typically happy days", "Juche 112 2023",
]


@pytest.mark.parametrize("text", _PLAIN_QUERIES)
def test_plain_words_are_searched_as_the_whoosh_parser_reads_them(text: str) -> None:
    """Plain words skip the parser's pattern matching (parse_query's fast path); what is searched
    must be exactly what the parser makes of them, operators and words it drops included."""
    parser = make_parser(build_schema())
    cleaned = clean_query_text(text)
    expected = parser.parse(cleaned)
    if expected == wq.NullQuery:
        with pytest.raises(QueryError):
            parse_query(text, parser)
        return
    got = parse_query(text, parser)
    assert got == expected
    assert repr(got) == repr(expected)  # boosts and the order of words and fields too
