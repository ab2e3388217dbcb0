"""Date parsing: each case is named after the quirk it covers."""

from __future__ import annotations

from datetime import date

import pytest

from searchsvc import dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2018-12-11", date(2018, 12, 11), id="iso"),
        pytest.param("2018-12-11T10:00:00+09:00", date(2018, 12, 11), id="iso-datetime-with-offset"),
        pytest.param("2018-12-11 10:00 KST", date(2018, 12, 11), id="unknown-timezone-name-no-warning"),
        pytest.param("Tuesday, 11 December 2018", date(2018, 12, 11), id="blogger-weekday-day-month-year"),
        pytest.param("August 16, 2017", date(2017, 8, 16), id="us-month-day-comma-year"),
        pytest.param("November 25th 2018", date(2018, 11, 25), id="ordinal-suffix-no-comma"),
        pytest.param("November 25th\u00a02018\u00a0", date(2018, 11, 25), id="non-breaking-spaces"),
        pytest.param("Nov. 19, 2019 8:03 am ET", date(2019, 11, 19), id="abbreviated-month-with-time"),
        pytest.param("13.12.2018", date(2018, 12, 13), id="numeric-day-first-unambiguous"),
        pytest.param("12/31/2019", date(2019, 12, 31), id="numeric-month-first-unambiguous"),
        pytest.param("2018/12/11", date(2018, 12, 11), id="numeric-year-first"),
        pytest.param("11.12.2018", None, id="numeric-ambiguous-day-or-month"),
        pytest.param("2018", None, id="year-only-is-not-a-date"),
        pytest.param("December 2018", None, id="month-year-missing-day"),
        pytest.param("November 5", None, id="missing-year-not-filled-from-today"),
        pytest.param("Tuesday", None, id="weekday-only"),
        pytest.param("1700-01-01", None, id="year-before-1800"),
        pytest.param("2150-01-01", None, id="year-after-2100"),
        pytest.param("2018-02-30", None, id="impossible-day"),
        pytest.param("", None, id="empty"),
        pytest.param("not a date at all 2018 really", None, id="prose-with-a-year"),
        pytest.param("x" * 500 + " 2018-12-11", None, id="too-long-to-be-a-date"),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert dates.parse_date(value) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("Tuesday, 11 December 2018", date(2018, 12, 11), id="blogger-date-header"),
        pytest.param("August 16, 2017", date(2017, 8, 16), id="signature-date"),
        pytest.param("In Pyongyang on April 20 1992, parties adopted it.", None, id="date-inside-prose"),
        pytest.param("Posted by Admin", None, id="no-date"),
    ],
)
def test_date_line_only_matches_a_line_that_is_just_a_date(line: str, expected: date | None) -> None:
    assert dates.date_line(line) == expected


@pytest.mark.parametrize(
    ("paragraph", "agency", "month", "day", "year"),
    [
        pytest.param("Pyongyang, November 5 (KCNA) — Following is", "KCNA", 11, 5, None, id="kcna-yearless"),
        pytest.param("WASHINGTON (Reuters) - Scientists", "Reuters", None, None, None, id="caps-place"),
        pytest.param("(Reuters) — The New York State", "Reuters", None, None, None, id="agency-only"),
        pytest.param("Seoul, Nov. 19, 2019 (Yonhap) -- South Korea", "Yonhap", 11, 19, 2019, id="with-year"),
    ],
)
def test_find_dateline(
    paragraph: str, agency: str, month: int | None, day: int | None, year: int | None
) -> None:
    found = dates.find_dateline(paragraph)
    assert found is not None
    assert (found.agency, found.month, found.day, found.year) == (agency, month, day, year)


def test_find_dateline_ignores_an_outlet_quoted_in_prose() -> None:
    assert dates.find_dateline("The people's cause, says Rodong Sinmun (DPRK) today, is just.") is None


@pytest.mark.parametrize(
    ("text", "month", "day", "expected"),
    [
        pytest.param("held in St. Petersburg on November 2-3, 2017", 11, 5, date(2017, 11, 5), id="same-month"),
        pytest.param("the rally in December 2017 was large", 1, 5, date(2018, 1, 5), id="crosses-new-year"),
        pytest.param("the 3rd of December 2017 meeting", 1, 5, date(2018, 1, 5), id="day-of-month-form"),
        pytest.param("on July 27, 1953 the war ended", 1, 5, None, id="old-event-too-far"),
        pytest.param("held in Mexico City last March", 7, 14, None, id="no-year-anywhere"),
        # An anniversary piece: an event on the dateline's own day years ago says nothing of this year,
        # nor does the other event it recalls.
        pytest.param("On August 24, 1945, the ship sank. Korea had been liberated on August 15, 1945.", 8, 24, None,
                     id="anniversary-of-the-day"),
        pytest.param("The park was built in October 2013.", 10, 13, None, id="month-only-in-the-datelines-month"),
    ],
)
def test_resolve_year_from_evidence(text: str, month: int, day: int, expected: date | None) -> None:
    assert dates.resolve_year(month, day, dates.year_evidence(text)) == expected


def test_find_dates_in_running_text() -> None:
    text = "Signed on August 16, 2017 in Pyongyang; reviewed 2018-01-02; the year 2019 alone is no date."
    assert dates.find_dates(text) == [date(2017, 8, 16), date(2018, 1, 2)]


def test_byline_date_skips_the_dates_that_end_or_mark_a_period() -> None:
    assert dates.byline_date("By Jeff Foust · Nov 19, 2019 8:03 am ET") == date(2019, 11, 19)
    assert dates.byline_date("Posted on November 19, 2019") == date(2019, 11, 19)
    assert dates.byline_date("Year to December 31, 1986") is None
    assert dates.byline_date("NOTE: 1985 period ended Feb 1, 1986") is None
    assert dates.byline_date("Note: per share figures reflect April 25, 1986") is None


def test_kcna_juche_date_line_is_read_and_checked_against_its_gregorian_year() -> None:
    assert dates.date_line("[Juche113.9.18.]") == date(2024, 9, 18)
    assert dates.date_line("Juche 113 (2024).9.18.") == date(2024, 9, 18)
    assert dates.date_line("Juche 113 (2023).9.18.") is None  # the two years disagree
    assert dates.date_line("[Juche113.13.18.]") is None
    assert dates.date_line("on the New Year Juche 113 (2024)") is None  # prose, not a date line


def test_the_date_words_of_a_question() -> None:
    """A year, a month beside a year or a day, that day and an ISO date name a period; a month
    alone is a word."""
    from searchsvc.dates import Period, periods_named

    assert periods_named("why did coffee prices fall in March 1987".split()) == {
        "march": Period(1987, 3), "1987": Period(1987)}
    assert periods_named("gold on april 7th".split()) == {"april": Period(None, 4), "7th": Period(None, 4, 7)}
    assert periods_named("rally on 7 April 2024".split()) == {
        "april": Period(2024, 4), "7": Period(2024, 4, 7), "2024": Period(2024)}
    assert periods_named("the dollar on March 25 1987".split())["25"] == Period(1987, 3, 25)
    assert periods_named(["dollar", "1987-03-25", "1987-02-30"]) == {"1987-03-25": Period(1987, 3, 25)}
    assert periods_named(["dollar", "1987-03", "1987-13"]) == {"1987-03": Period(1987, 3)}
    assert periods_named("the long march of 300 soldiers".split()) == {}
    assert periods_named("between 1986 and 1987 in march".split()) == {"1986": Period(1986), "1987": Period(1987)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1987-03-25", (1987, 3, 25)),
        ("1987/3/25", (1987, 3, 25)),
        ("25 March 1987", (1987, 3, 25)),
        ("March 25, 1987", (1987, 3, 25)),
        ("Wednesday, 25 March 1987", (1987, 3, 25)),
        ('"25th of March 1987".', (1987, 3, 25)),
        ("25.03.1987", (1987, 3, 25)),
        ("March 1987", (1987, 3, None)),
        ("Mar. 1987", (1987, 3, None)),
        ("1987-03", (1987, 3, None)),
        ("1987-03-25T10:00:00Z", (1987, 3, 25)),
        ("1987-03-25 10:00", (1987, 3, 25)),
        ("25-Mar-1987", (1987, 3, 25)),
        ("03.04.1987", None),  # 3 April or 4 March: a locale's guess
        ("1987-02-30", None),
        ("1987", None),  # a year alone is a number to search
        ("oil 1987-03-25", None),
        ("the long march", None),
    ],
)
def test_a_query_that_is_only_a_date(text: str, expected: tuple | None) -> None:
    from searchsvc.dates import Period, query_period

    assert query_period(text) == (Period(*expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oil prices March 1987", ((1987, 3, None), "in", "oil prices")),
        ("oil prices in March 1987.", ((1987, 3, None), "in", "oil prices")),
        ("Kim Jong Un 2019-03", ((2019, 3, None), "in", "Kim Jong Un")),
        ("coffee, Wednesday 25 March 1987", ((1987, 3, 25), "in", "coffee")),
        ("coffee on March 25, 1987", ((1987, 3, 25), "in", "coffee")),
        ("March 1987 AND oil", ((1987, 3, None), "in", "oil")),
        ("in March 1987", ((1987, 3, None), "in", "")),
        ("oil since March 1987", ((1987, 3, None), "since", "oil")),
        ("oil before 1987-03-25", ((1987, 3, 25), "before", "oil")),
        ("oil prices after the 25th of March 1987", ((1987, 3, 25), "after", "oil prices")),
        ("after March 1987 oil", ((1987, 3, None), "after", "oil")),
        ("oil till 2 March 1987", ((1987, 3, 2), "until", "oil")),
        ("oil until after March 1987", None),
        ("oil from 1986 to March 1987", None),  # a span from a year: not one bound
        ("oil NOT March 1987", None),
        ("oil OR March 1987", None),
        ('oil "March 1987"', None),  # a phrase is meant as typed
        ("oil March 1987 April 1987", None),  # two dates
        ("oil 1987", None),  # a year alone is a number to search
        ("oil 03.04.1987", None),
        ("the long march of 1987", None),
    ],
)
def test_a_date_among_a_querys_words(text: str, expected: tuple | None) -> None:
    from searchsvc.dates import DatedWords, Period, period_in_query

    found = period_in_query(text)
    assert found == (DatedWords(Period(*expected[0]), *expected[1:]) if expected else None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("25 de marzo de 2024", date(2024, 3, 25), id="spanish"),
        pytest.param("Sábado, 1º de junio de 2024", date(2024, 6, 1), id="spanish-weekday-ordinal"),
        pytest.param("25 mars 2024", date(2024, 3, 25), id="french"),
        pytest.param("lundi 1er décembre 2025", date(2025, 12, 1), id="french-weekday-premier"),
        pytest.param("25. März 2024", date(2024, 3, 25), id="german"),
        pytest.param("Montag, 25. März 2024", date(2024, 3, 25), id="german-weekday"),
        pytest.param("25 de março de 2024", date(2024, 3, 25), id="portuguese"),
        pytest.param("25 marzo 2024", date(2024, 3, 25), id="italian"),
        pytest.param("25 марта 2024 г.", date(2024, 3, 25), id="russian-with-god"),
        pytest.param("25 марта 2024", date(2024, 3, 25), id="russian"),
        pytest.param("31 febrero 2024", None, id="impossible-day"),
        pytest.param("marzo 2024", None, id="month-year-missing-day"),
        pytest.param("El 25 de marzo de 2024 se reunieron en Madrid.", None, id="date-inside-prose"),
    ],
)
def test_a_date_line_in_the_collections_other_languages(line: str, expected: date | None) -> None:
    # dateutil reads English month names only: "25. März 2024" above a statement was taken for its
    # headline, and the statement was undated.
    assert dates.date_line(line) == expected
    if expected is not None:
        assert dates.parse_date(line) == expected
        assert dates.find_dates(f"Fecha: {line} en Madrid") == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("[주체113(2024)년 3월 25일]", date(2024, 3, 25), id="kcna-korean-juche-with-gregorian"),
        pytest.param("주체113년 3월 25일", date(2024, 3, 25), id="korean-juche"),
        pytest.param("2024년 3월 25일", date(2024, 3, 25), id="korean-gregorian"),
        pytest.param("[주체113(2023)년 3월 25일]", None, id="juche-and-gregorian-years-disagree"),
        pytest.param("2024년 2월 30일", None, id="impossible-day"),
    ],
)
def test_a_korean_date_line(line: str, expected: date | None) -> None:
    # KCNA's Korean edition prints "[주체113(2024)년 3월 25일]" under an item: it was undated.
    assert dates.date_line(line) == expected
    assert dates.find_juche_date(f"조선중앙통신 {line} 평양") == expected
    assert dates.find_dates(f"25 March 2024 그리고 {line}") == [date(2024, 3, 25)] + ([expected] if expected else [])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("2024年3月5日", date(2024, 3, 5), id="chinese-japanese"),
        pytest.param("2024 年 3 月 5 日", date(2024, 3, 5), id="spaced"),
        pytest.param("２０２４年３月５日", date(2024, 3, 5), id="full-width-digits"),
        pytest.param("2024年3月5日（火）", date(2024, 3, 5), id="japanese-weekday"),
        pytest.param("2024年3月5日 星期二", date(2024, 3, 5), id="chinese-weekday"),
        pytest.param("2024年2月30日", None, id="impossible-day"),
    ],
)
def test_a_chinese_or_japanese_date_line(line: str, expected: date | None) -> None:
    # "2024年3月5日" under a Chinese or Japanese statement left it undated, and the line in its body,
    # where the Korean "2024년 3월 5일" dated it.
    assert dates.date_line(line) == expected
    assert dates.find_juche_date(f"新华社北京{line}电") == expected
    assert dates.find_dates(f"25 March 2024 和 {line}") == [date(2024, 3, 25)] + ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 de marzo de 2024", (2024, 3, 25)),
        ("25. März 2024", (2024, 3, 25)),
        ("25 марта 2024 г.", (2024, 3, 25)),
        ("lundi 25 mars 2024", (2024, 3, 25)),
    ],
)
def test_a_query_that_is_only_a_date_in_another_language(text: str, expected: tuple) -> None:
    # "25 March 2024" said how many documents are dated then; "25 de marzo de 2024" found nothing, silently.
    from searchsvc.dates import DatedWords, Period, period_in_query, query_period

    assert query_period(text) == Period(*expected)
    assert period_in_query(f"solidaridad {text}") == DatedWords(Period(*expected), "in", "solidaridad")
