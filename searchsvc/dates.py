"""Dates in captures and metadata → datetime.date (or None when unknown, never a guess).

PLACEHOLDER: being replaced by the full date finder.
"""

from __future__ import annotations

from datetime import date

from dateutil import parser as dateparser


def parse_date(value: str) -> date | None:
    """A single date expression ("2018-12-11", "Tuesday, 11 December 2018") → date, else None."""
    try:
        return dateparser.parse(value).date()
    except (ValueError, OverflowError, TypeError):
        return None
