"""Query strings and filter values → what is searched, or a QueryError saying what to fix."""

from __future__ import annotations

from datetime import date

import pytest

from searchsvc.errors import QueryError
from searchsvc.queryparse import parse_date_bound


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
