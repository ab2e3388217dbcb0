"""Dates in captures and metadata → datetime.date (or None when unknown, never a guess).

Everything that parses or locates dates lives here: single date expressions (sidecars, date lines),
news datelines ("Pyongyang, November 5 (KCNA) —") and the year evidence a yearless dateline needs.
dateutil does the parsing; the regexes below only *locate* candidates in running text.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from dateutil import parser as dateparser

MIN_YEAR = 1800
MAX_YEAR = 2100
MAX_EXPRESSION_CHARS = 80  # a date expression is short; longer input is prose, not a date

# Two different defaults: a field that comes out different under each was missing from the input,
# because dateutil silently fills missing fields from `default` (today, unless told otherwise).
_DEFAULT_A = datetime(1904, 1, 1)
_DEFAULT_B = datetime(1905, 2, 2)
_PARSERINFO = dateparser.parserinfo()

_YEAR4 = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
# d.m.yyyy / m/d/yyyy: which number is the month depends on the locale, so only a form where one of
# the two can only be a day is accepted.
_NUMERIC_DMY = re.compile(r"^\s*(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*$")
_NUMERIC_ANY = re.compile(r"^[\d\s./:-]+$")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_ORD = r"(?:st|nd|rd|th)?"
# Dates as the collection's other languages write them, day first: "25 de marzo de 2024", "1er mars
# 2024", "25. März 2024", "25 de março de 2024", "25 marzo 2024", "25 марта 2024 г.". dateutil reads
# English month names only, so such a date is rewritten as "25 March 2024" for it (_in_english);
# without them, "25. März 2024" above a statement was its headline, and the statement was undated.
_FOREIGN_MONTHS = {
    1: "enero janvier januar jänner janeiro gennaio января",
    2: "febrero février fevrier februar feber fevereiro febbraio февраля",
    3: "marzo mars märz maerz março marco марта",
    4: "abril avril april aprile апреля",
    5: "mayo mai maio maggio мая",
    6: "junio juin juni junho giugno июня",
    7: "julio juillet juli julho luglio июля",
    8: "agosto août aout august августа",
    9: "septiembre setiembre septembre september setembro settembre сентября",
    10: "octubre octobre oktober outubro ottobre октября",
    11: "noviembre novembre november novembro ноября",
    12: "diciembre décembre decembre dezember dezembro dicembre декабря",
}
_FOREIGN_MONTH_NUMBER = {name: month for month, names in _FOREIGN_MONTHS.items() for name in names.split()}
_FOREIGN_MONTH = "(?:" + "|".join(sorted(_FOREIGN_MONTH_NUMBER, key=len, reverse=True)) + ")"
_FOREIGN_WEEKDAY = (
    r"(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag"
    r"|segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?"
    r"|(?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)"
)
# Day (with "." in German, "er" or "º" for the first), an optional "de", the month, an optional "de"
# (Spanish, Portuguese), the year, and Russian's "г." (год) after it.
_FOREIGN_DATE = (
    rf"(?P<fday>\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?(?P<fmonth>{_FOREIGN_MONTH})\.?\s+(?:de\s+)?(?P<fyear>\d{{4}})"
    r"(?:\s?г(?:ода|\.)?)?"
)
FOREIGN_DATE_PATTERN = re.sub(r"\?P<\w+>", "?:", _FOREIGN_DATE)  # the same, its groups unnamed, to locate dates
_FOREIGN_DATE_FULL = re.compile(rf"(?:(?:{_FOREIGN_WEEKDAY}),?\s+)?{_FOREIGN_DATE}", re.IGNORECASE)
# Locators only (parsing is dateutil's job). Bounded repetitions keep them linear.
_TEXT_DATE = (
    rf"(?:{_WEEKDAY}?(?:\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}})"
    r"|\d{4}-\d{2}-\d{2}"
    # Year first in digits, as DPRK and East Asian sites print a day ("2023.07.27.", "2023/7/27"): never
    # ambiguous, unlike "07.03.2023".
    r"|\d{4}\.\d{1,2}\.\d{1,2}|\d{4}/\d{1,2}/\d{1,2}"
    rf"|{FOREIGN_DATE_PATTERN})"
)
_DATE_IN_TEXT = re.compile(rf"(?<![\w-]){_TEXT_DATE}(?![\w-])", re.IGNORECASE)
_DATE_LINE = re.compile(
    rf"^\W{{0,3}}(?:(?:{_FOREIGN_WEEKDAY}),?\s+)?({_TEXT_DATE})"
    rf"(?:\s*,?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?)?\W{{0,3}}$", re.IGNORECASE
)

# Year evidence: "November 2-3, 2017", "November 23-25, 2018", "3 December 2017", "December 2017".
_EVIDENCE = re.compile(
    rf"(?<![\w-])(?:(?P<m1>{_MONTH})\s+(?:\d{{1,2}}{_ORD}\s*[-–]\s*)?(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>\d{{4}})"
    rf"|(?:\d{{1,2}}{_ORD}\s*[-–]\s*)?(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y3>\d{{4}}))(?![\w-])",
    re.IGNORECASE,
)

# "Pyongyang, November 5 (KCNA) —", "WASHINGTON, Nov. 19, 2019 (AP) -", "MOSCOW (TASS) —",
# "(Reuters) — ": a place, an optional month-day[-year], then the agency in parentheses.
_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][\w'.-]*(?:[ ,]{1,2}[A-Z][\w'.-]*){0,3}?)"
    rf"(?:,\s*(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD}(?:,?\s+(?P<year>\d{{4}}))?)?\s*)?"
    r"\((?P<agency>[A-Z][A-Za-z]{1,14}(?:[ /-][A-Z][A-Za-z]{1,14}){0,2})\)\s*[-–—:]"
)
_DATELINE_NO_AGENCY = re.compile(
    rf"^(?P<place>[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){{0,3}}),\s*(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD}"
    r"(?:,?\s+(?P<year>\d{4}))?\s*[-–—:]\s"
)
# How far a yearless dateline may sit from the dated event that lends it a year: news reports on
# recent events; an old anniversary mentioned in passing must not set the year.
MAX_EVIDENCE_GAP_DAYS = 120


@dataclass(frozen=True)
class Dateline:
    """The opening of a news item: place, month/day (year only if written), and the agency."""

    place: str | None
    month: int | None
    day: int | None
    year: int | None
    agency: str | None


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


# A day's year written in the Juche calendar, as the Pyongyang Times and Naenara print a date ("Saturday,
# July 29, Juche 112 (2023)", "27 July, Juche 112"): read as the common year it is. Not KCNA's
# "Juche112.7.27." (a whole date, read by _juche), which the look-aheads leave alone.
_JUCHE_YEAR = re.compile(r"\bJuche\s?(\d{1,3})(?:\s?\((\d{4})\))?(?![\w(])(?!\s?\.\s?\d)(?!\s\(\d)", re.IGNORECASE)


def in_common_years(text: str) -> str:
    """`text` with each Juche year of a date written as the common year ("Juche 112 (2023)" → "2023");
    a Juche year whose common year beside it disagrees stays as written."""
    if "uche" not in text and "UCHE" not in text:  # the substring test spares the regex on nearly every text
        return text

    def common(match: re.Match[str]) -> str:
        year = 1911 + int(match[1])
        return str(year) if match[2] is None or int(match[2]) == year else match[0]

    return _JUCHE_YEAR.sub(common, text)


def parse_date(value: str) -> date | None:
    """A single date expression ("2018-12-11", "Tuesday, 11 December 2018") → date, else None.

    None when a year, month or day is missing (dateutil would fill them from today), when a numeric
    form is ambiguous between day-first and month-first, or the year is outside 1800–2100.
    """
    if not isinstance(value, str):
        return None
    value = in_common_years(value.strip())
    if not value or len(value) > MAX_EXPRESSION_CHARS or not _YEAR4.search(value):
        return None
    iso = _ISO_DAY.fullmatch(value)
    if iso:
        # The commonest form by far (sidecars, meta tags): no need for dateutil's general parser.
        try:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
        return day if MIN_YEAR <= day.year <= MAX_YEAR else None
    value = _in_english(value)
    numeric = _NUMERIC_DMY.match(value)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(3))
        if first <= 12 and second <= 12 and first != second:
            return None
        dayfirst = first > 12
        return _parse_complete(value, dayfirst=dayfirst)
    if _NUMERIC_ANY.match(value) and not re.match(r"^\s*\d{4}\D", value):
        # Other all-digit forms (12/2018, 5-11-2018 ...) without a leading year are locale guesses.
        return None
    return _parse_complete(value, dayfirst=False)


def _in_english(value: str) -> str:
    """A date written in another language (_FOREIGN_DATE) as "25 March 2024"; any other value as it is."""
    foreign = _FOREIGN_DATE_FULL.fullmatch(value)
    if foreign is None:
        return value
    month = _FOREIGN_MONTH_NUMBER[foreign["fmonth"].lower()]
    return f"{foreign['fday']} {date(2000, month, 1):%B} {foreign['fyear']}"


def _parse_complete(value: str, *, dayfirst: bool) -> date | None:
    try:
        with warnings.catch_warnings():
            # Unknown time-zone names ("10:00 KST") only matter for the time, which is dropped.
            warnings.simplefilter("ignore")
            a = dateparser.parse(value, default=_DEFAULT_A, dayfirst=dayfirst, ignoretz=True)
            b = dateparser.parse(value, default=_DEFAULT_B, dayfirst=dayfirst, ignoretz=True)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None
    if not MIN_YEAR <= a.year <= MAX_YEAR:
        return None
    return a.date()


# A permalink's day, as WordPress and many news sites write it into a post's address: "/2023/07/27/".
# A year and month alone ("/2023/07/slug.html", Blogger's) name no day.
_URL_DAY = re.compile(r"/((?:18|19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")


def url_date(url: str) -> date | None:
    """The day an address's path names ("https://site.org/2023/07/27/statement/" → 2023-07-27), if any."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _URL_DAY.search(path)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return date(year, month, day) if _valid(year, month, day) and MIN_YEAR <= year <= MAX_YEAR else None


def date_line(line: str) -> date | None:
    """The date when a whole line is just a date ("Tuesday, 11 December 2018", "November 25th 2018",
    KCNA's "[Juche113.9.18.]")."""
    if len(line) > MAX_EXPRESSION_CHARS:
        return None
    line = line.strip()
    match = _DATE_LINE.match(in_common_years(line))
    if match:
        return parse_date(match.group(1))
    return _juche_date(line)


# The DPRK's Juche calendar: year 1 is 1912. KCNA prints a page's date as "[Juche113.9.18.]",
# sometimes with the Gregorian year beside it ("Juche 113 (2024).9.18.").
_JUCHE = r"Juche\s?(?P<year>\d{1,3})(?:\s?\((?P<gregorian>\d{4})\))?\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})(?!\d)\.?"
# Its Korean edition (and Rodong Sinmun) writes "[주체113(2024)년 3월 25일]", or the Gregorian
# "2024년 3월 25일" alone: such a line under a Korean item was kept in its body, and the item undated.
# Chinese and Japanese write the same with 年, 月 and 日 ("2024年3月25日", Japanese often in full-width
# digits, which \d matches and int() reads); a Chinese or Japanese capture was left undated. A
# Juche year is written in Korean only.
_JUCHE_KO = (r"(?:주체\s?(?P<year>\d{1,3})(?:\s?\((?P<gregorian>\d{4})\))?\s?년|(?P<plain>\d{4})\s?[년年])"
             r"\s?(?P<month>\d{1,2})\s?[월月]\s?(?P<day>\d{1,2})\s?[일日]")
_JUCHE_LINE = re.compile(rf"^\W{{0,3}}(?:{_JUCHE})\W{{0,3}}$", re.IGNORECASE)
_JUCHE_IN_TEXT = re.compile(rf"(?<!\w){_JUCHE}", re.IGNORECASE)
# Rodong Sinmun prints the weekday after the day: "주체112(2023)년 7월 27일 목요일"; Japanese in
# brackets, "2024年3月5日（火）" or "(火曜日)", Chinese "星期二" or "周二".
_CJK_WEEKDAY = r"(?:[월화수목금토일]요일|\W{0,2}[月火水木金土日](?:曜日?)?\W{0,2}|(?:星期|周)[一二三四五六日天])"
_KOREAN_LINE = re.compile(rf"^\W{{0,3}}{_JUCHE_KO}(?:\s?{_CJK_WEEKDAY})?\W{{0,3}}$")
# Chinese runs a date on from the word before it ("新华社北京2024年3月5日电"): only a digit, a dot or a
# Latin letter before it is another number or word.
_KOREAN_IN_TEXT = re.compile(rf"(?<![\dA-Za-z_.]){_JUCHE_KO}")


def _juche_date(line: str) -> date | None:
    # The substring tests spare the regexes.
    match = (_JUCHE_LINE.match(line) if "uche" in line
             else _KOREAN_LINE.match(line) if "월" in line or "月" in line else None)
    return _juche(match) if match else None


def find_juche_date(text: str) -> date | None:
    """The first Juche-calendar date written in `text` ("[Juche113.9.18.]", "[주체113(2024)년 3월 25일]"),
    or Korean date ("2024년 3월 25일"), if any."""
    for hints, pattern in ((("uche",), _JUCHE_IN_TEXT), (("월", "月"), _KOREAN_IN_TEXT)):
        if not any(hint in text for hint in hints):  # the substring test spares the regex on nearly every text
            continue
        for match in pattern.finditer(text):
            if found := _juche(match):
                return found
    return None


def _juche(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    if groups.get("plain"):
        year = int(groups["plain"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
    else:
        year = 1911 + int(match["year"])
    if groups.get("gregorian") and int(match["gregorian"]) != year:
        return None
    try:
        return date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def find_dates(text: str) -> list[date]:
    """Every complete written date in running text, in order of appearance."""
    found = []
    for match in _DATE_IN_TEXT.finditer(in_common_years(text)):
        parsed = parse_date(match.group(0))
        if parsed:
            found.append((match.start(), parsed))
    if "월" in text or "月" in text:  # Korean, Chinese, Japanese dates ("2024년 3월 25일", "2024年3月25日")
        found += [(match.start(), parsed) for match in _KOREAN_IN_TEXT.finditer(text) if (parsed := _juche(match))]
        found.sort(key=lambda pair: pair[0])
    return [parsed for _, parsed in found]


def byline_date(line: str) -> date | None:
    """The first written date of a byline-zone line ("By X · Nov 19, 2019 8:03 am ET") that is not
    the end or reference of a period: "Year to December 31, 1986", "period ended Feb 1, 1986" and
    "figures reflect April 25, 1986" head results tables, not publication dates."""
    line = in_common_years(line)
    for match in _DATE_IN_TEXT.finditer(line):
        if _PERIOD_WORD.search(line, 0, match.start()) or labels_an_update(line[: match.start()]):
            continue
        parsed = parse_date(match.group(0))
        if parsed:
            return parsed
    return None


# A page updated after it was published prints the update's day too ("Updated: February 3, 2024",
# "Last modified on ...", "Actualizado el ...", "Mis à jour le ..."): that day is not the item's.
_UPDATE_LABEL = re.compile(
    r"\b(?:updated|modified|edited|revised|actualizad[oa]|atualizad[oa]|mis[e]? à jour|aktualisiert|geändert"
    r"|aggiornat[oa]|обновлено|изменено)(?:\s+(?:on|at|el|em|le|am|il|の))?\W*$",
    re.IGNORECASE,
)


def labels_an_update(before: str) -> bool:
    """Whether the text just before a date labels it as the day the page was updated ("Updated: ")."""
    return _UPDATE_LABEL.search(before[-40:]) is not None


_PERIOD_WORD = re.compile(
    r"\b(?:to|ended|ending|through|thru|until|till|since|from|before|after|of|reflect(?:s|ed|ing)?)\W*$",
    re.IGNORECASE,
)


def find_dateline(paragraph: str) -> Dateline | None:
    """The news dateline opening `paragraph`, if any: "Pyongyang, November 5 (KCNA) — ..."."""
    head = paragraph[:160]
    match = _DATELINE.match(head) or _DATELINE_NO_AGENCY.match(head)
    if not match:
        return None
    groups = match.groupdict()
    month = _month_number(groups.get("month"))
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    if month is None or day is None or not 1 <= day <= 31:
        month = day = year = None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        year = None
    place = groups.get("place")
    return Dateline(
        place=place.strip(" ,") if place else None,
        month=month,
        day=day,
        year=year,
        agency=groups.get("agency"),
    )


def opening_dateline(paragraphs: list[str]) -> tuple[Dateline | None, date | None]:
    """The dateline opening one of an item's first three paragraphs, and the date it gives: its own
    year when written, else the year of an event told in its opening (its paragraph and the next),
    else None.

    Dates further down are background (earlier events, history), which on 1,045 KCNA items without
    a sidecar gave 26 wrong years and 3 right.
    """
    for i, paragraph in enumerate(paragraphs[:3]):
        dateline = find_dateline(paragraph)
        if dateline is None:
            continue
        if not (dateline.month and dateline.day):
            return dateline, None
        if dateline.year:
            try:
                return dateline, date(dateline.year, dateline.month, dateline.day)
            except ValueError:
                return dateline, None
        opening = "\n".join(paragraphs[i : i + 2])
        return dateline, resolve_year(dateline.month, dateline.day, year_evidence(opening))
    return None, None


def year_evidence(text: str) -> list[tuple[date, bool]]:
    """Dates of events the text mentions with a year ("held ... on November 2-3, 2017", "in December 2017"),
    each with whether its day was written.

    A month without a day counts as its 15th: close enough to pick a year, never used as a date itself.
    """
    found = []
    for match in _EVIDENCE.finditer(text):
        g = match.groupdict()
        month = _month_number(g["m1"] or g["m2"] or g["m3"])
        year = int(g["y1"] or g["y2"] or g["y3"])
        written = g["d1"] or g["d2"]
        if month is None or not MIN_YEAR <= year <= MAX_YEAR:
            continue
        try:
            found.append((date(year, month, int(written or 15)), bool(written)))
        except ValueError:
            continue
    return found


def resolve_year(month: int, day: int, evidence: Iterable[tuple[date, bool]]) -> date | None:
    """Month/day of a yearless dateline → the date closest to the text's dated events, if close enough.

    A Nov 5 dateline about a meeting on Nov 2-3, 2017 is 2017-11-05; a Jan 5 dateline about December
    2017 is 2018-01-05. With no evidence within MAX_EVIDENCE_GAP_DAYS the answer is None, and so it is
    for an anniversary piece: news agencies mark the day of a past event ("On August 24, 1945, ...")
    with an article about it under that day's dateline, and its dates say nothing of its own year.
    """
    evidence = list(evidence)
    if any(written and (seen.month, seen.day) == (month, day) for seen, written in evidence):
        return None
    best: tuple[int, date] | None = None
    for seen, written in evidence:
        if not written and month != seen.month % 12 + 1:
            # A month alone lends its year only to a dateline of the month after it, news of last month
            # ("the rally in December 2017" under January 5). Under the same month it is this month or
            # years ago ("built in October 2013"); two months on or more, history ("used germ weapons
            # ... in August 1939" under October 3 dated a 2024 item 1939).
            continue
        for year in (seen.year - 1, seen.year, seen.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            gap = abs((candidate - seen).days)
            if gap <= MAX_EVIDENCE_GAP_DAYS and (best is None or gap < best[0]):
                best = (gap, candidate)
    return best[1] if best else None


def _month_number(name: str | None) -> int | None:
    if not name:
        return None
    return _PARSERINFO.month(name.rstrip(".").lower())


@dataclass(frozen=True)
class Period:
    """A year, a month of a year, a day of a month, each of any year when `year` is None."""

    year: int | None
    month: int | None = None
    day: int | None = None


_QUESTION_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_QUESTION_DAY = re.compile(r"([1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
_QUESTION_MONTH = re.compile(rf"{_MONTH}", re.IGNORECASE)
_QUESTION_ISO = re.compile(r"((?:1[89]|20)\d\d)-(\d{1,2})-(\d{1,2})")
_QUESTION_ISO_MONTH = re.compile(r"((?:1[89]|20)\d\d)-(\d\d)")  # "1987-03"; "1986-87" is no month


def periods_named(words: list[str]) -> dict[str, Period]:
    """The words of a question, in the order typed, that name a date → the period named (keyed by
    the word lowercased): a year ("1987"), a month beside a year or a day ("March 1987", "April 7",
    "7 April"), that day's number, and a day or month written as ISO ("1987-03-25", "1987-03"); a
    month or day in the year typed after it ("March 25, 1987") or else the question's year, when it
    names one. A month alone ("the long march") is a word like any other."""
    low = [word.lower() for word in words]
    years = {int(word) for word in low if _QUESTION_YEAR.fullmatch(word)}
    only_year = next(iter(years)) if len(years) == 1 else None
    out: dict[str, Period] = {}
    for i, word in enumerate(low):
        if _QUESTION_YEAR.fullmatch(word):
            out[word] = Period(int(word))
        elif iso := _QUESTION_ISO.fullmatch(word):
            year, month, day = map(int, iso.groups())
            if _valid(year, month, day):
                out[word] = Period(year, month, day)
        elif (iso := _QUESTION_ISO_MONTH.fullmatch(word)) and 1 <= (month := int(iso.group(2))) <= 12:
            out[word] = Period(int(iso.group(1)), month)
        elif _QUESTION_MONTH.fullmatch(word) and (month := _month_number(word)):
            before, after = low[max(0, i - 1) : i], low[i + 1 : i + 3]
            day_word = next((w for w in (after[:1] + before) if _QUESTION_DAY.fullmatch(w)), None)
            if not (day_word or after[:1] and _QUESTION_YEAR.fullmatch(after[0])):
                continue
            year = next((int(w) for w in after if _QUESTION_YEAR.fullmatch(w)), only_year)
            out[word] = Period(year, month)
            if day_word and _valid(year or 2000, month, day := int(_QUESTION_DAY.fullmatch(day_word).group(1))):
                out[day_word] = Period(year, month, day)
    return out


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# A query that is only a date, as a reader pastes one: "1987-03-25", "1987/3/25", "25 March 1987",
# "March 25, 1987", "Wednesday, 25 March 1987", "25.03.1987" (where only one number can be the day),
# "1987-03-25T10:00:00Z" (a time, as metadata writes one, aside), "25-Mar-1987", or a month of a
# year: "March 1987", "Mar. 1987", "1987-03". Captures seldom write their own date,
# so as words it found nothing ("1987-03-25") or items that mention the day; the documents dated
# then are the from/to filters' (search offers them). A year alone stays a number to search.
_QUERY_ISO_PERIOD = re.compile(
    r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2})"
    # a time, as metadata writes one
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?)?",
    re.IGNORECASE,
)
_QUERY_MONTH_OF_YEAR = re.compile(rf"(?P<month>{_MONTH}),?\s+(?:of\s+)?(?P<year>\d{{4}})", re.IGNORECASE)
_QUERY_DAY = re.compile(rf"{_WEEKDAY}?(?:\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
                        rf"|{_MONTH}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}|\d{{1,2}}-{_MONTH}-\d{{4}})"
                        r"|\d{1,2}([./-])\d{1,2}\1\d{4}", re.IGNORECASE)


# The words before a date that make it a bound: the documents dated from it on, after it, before it,
# or up to it ("oil prices since March 1987").
_BOUNDS = {"since": "since", "after": "after", "before": "before", "until": "until", "till": "until",
           "through": "until"}
# Words before a date that could bound it either way, or join a second one ("from 1986 to March 1987").
_UNCLEAR = frozenset("by to between prior".split())
# The words before a date that only say it is the period meant ("oil prices in March 1987").
_IN_PERIOD = frozenset("in on of during dated from for at the".split())
_QUOTES = ('"', "“", "”", "„")
_AND = ("AND", "&&")
MAX_QUERY_WITH_DATE_CHARS = 300  # a question, not a pasted text: its every run of words is tried as a date


@dataclass(frozen=True)
class DatedWords:
    """A day or month of a year named among a query's words: the period, how the query bounds it
    ("in": dated then; "since", "after", "before", "until"), and the query's other words."""

    period: Period
    bound: str
    words: str


def period_in_query(text: str) -> DatedWords | None:
    """The day or month of a year a query names among its words ("oil prices March 1987", "Kim Jong Un
    in 2019-03", "oil since 1987-03-25"), with the bound a word before it sets and the other words;
    None when it names none, or two, or one in a quoted phrase.

    "in", "on", "during"... before it go with it; the words left may be none ("since March 1987").
    """
    words = text.split()
    if len(text) > MAX_QUERY_WITH_DATE_CHARS or not words:
        return None
    found: list[tuple[int, int, Period]] = []
    start = 0
    while start < len(words):
        # The longest date starting here ("Wednesday, 25 March 1987" is four words, "25 de marzo de
        # 2024" five).
        for end in range(min(len(words), start + 5), start, -1):
            period = query_period(" ".join(words[start:end]))
            if period is not None and period.month is not None and not _a_march_of(words[start:end]):
                found.append((start, end, period))
                start = end
                break
        else:
            start += 1
    if len(found) != 1:
        return None
    start, end, period = found[0]
    before = " ".join(words[:start])
    if sum(before.count(q) for q in _QUOTES) % 2 or any(q in words[start][:1] for q in _QUOTES):
        return None  # in a phrase: the words are meant as typed
    bound = "in"
    while start and ((word := words[start - 1].lower().strip(",;")) in _IN_PERIOD or word in _BOUNDS):
        if word in _BOUNDS:
            if bound != "in":
                return None  # "until after March 1987"
            bound = _BOUNDS[word]
        start -= 1
    if start and words[start - 1].lower().strip(",;") in _UNCLEAR:
        return None
    beside = {words[start - 1] if start else "", words[end] if end < len(words) else ""}
    if beside & {"NOT", "OR", "||"} or words[start].startswith("-"):
        return None  # the documents of every other day, or the date as one alternative
    # An AND joining the date to the other words goes with it ("oil AND March 1987").
    rest = words[:start] + words[end:]
    if start and words[start - 1] in _AND:
        rest.pop(start - 1)
    elif start < len(rest) and rest[start] in _AND:
        rest.pop(start)
    return DatedWords(period, bound, " ".join(rest).strip(" ,;"))


def _a_march_of(words: list[str]) -> bool:
    """"march of 1987", "may of 1968": typed in lower case, a walk or a wish as likely as the month."""
    return len(words) > 1 and words[0] in ("march", "may") and words[1] == "of"


def query_period(text: str) -> Period | None:
    """The day or month of a year a query names when it is nothing but a date (see _QUERY_DAY), else None.
    Quotation marks and a closing full stop around it are left aside."""
    text = " ".join(text.strip().strip("\"'“”„«».,; ").split())
    if len(text) > MAX_EXPRESSION_CHARS:
        return None
    text = _in_english(text)  # "25 de marzo de 2024", "25. März 2024" as "25 March 2024"
    if iso := _QUERY_ISO_PERIOD.fullmatch(text):
        year, month = int(iso.group(1)), int(iso.group(3))
        day = int(iso.group(4)) if iso.group(4) else None
        if MIN_YEAR <= year <= MAX_YEAR and _valid(year, month, day or 1):
            return Period(year, month, day)
        return None
    if month_of_year := _QUERY_MONTH_OF_YEAR.fullmatch(text):
        year, month = int(month_of_year["year"]), _month_number(month_of_year["month"])
        return Period(year, month) if month and MIN_YEAR <= year <= MAX_YEAR else None
    if _QUERY_DAY.fullmatch(text) and (day := parse_date(text)):
        return Period(day.year, day.month, day.day)
    return None
