"""Hits over time: facet counts → histogram bars with SVG geometry and filter links (pure functions).

The search page draws the result as inline SVG without JavaScript. Bars are laid out on a continuous
axis: a year or month without matches between the first and the last one is an empty slot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_VIEW_BELOW = 24  # months: matches spanning less than two years are drawn by month
HEIGHT = 64  # SVG user units; bars grow from the bottom
MAX_WIDTH = 480  # the SVG's natural width when there are many slots
SLOT_MIN, SLOT_MAX = 6.0, 48.0  # width of one year/month slot
GAP = 0.2  # fraction of a slot left empty between bars
MIN_BAR = 2.0  # a bar with at least one match is never invisible
TOP = 14  # room above the tallest bar for its count
COUNT_LABEL_MIN_SLOT = 14.0  # narrower slots show their count only in the tooltip

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")

# link(date_from, date_to) → URL of the search page filtered to that period.
LinkFn = Callable[[str, str], str]


@dataclass(frozen=True)
class Bar:
    period: str  # "2017" or "2017-11": also the from/to value of its link
    label: str  # "2017" or "November 2017"
    count: int
    title: str  # tooltip: "2017: 3 results"
    href: str | None  # None for an empty slot
    current: bool  # the page is already filtered to exactly this period
    x: float
    y: float
    width: float
    height: float
    slot_x: float  # the whole slot (full height), the bar's click target
    slot_width: float
    count_label: str  # the count written above the bar ("" when there is no room or no match)


@dataclass(frozen=True)
class Histogram:
    unit: str  # "year" or "month"
    bars: list[Bar]
    width: float
    height: float
    dated: int  # the sum of the bars
    undated: int  # results without a date (not drawn)
    first_label: str
    last_label: str
    top: int = TOP  # the SVG's viewBox starts this far above y=0

    @property
    def caption(self) -> str:
        return f"Matches by {self.unit}"

    @property
    def view_box(self) -> str:
        return f"0 {-self.top} {self.width:g} {self.height + self.top + 1:g}"


def choose_unit(years: Mapping[str, int], months: Mapping[str, int]) -> str | None:
    """'month' when the matches span less than two years (and months are known), 'year' otherwise; None if
    nothing is dated."""
    month_keys = sorted(_months(months))
    if month_keys:
        span = _month_index(month_keys[-1]) - _month_index(month_keys[0]) + 1
        if span < MONTH_VIEW_BELOW:
            return "month"
        return "year"
    return "year" if _years(years) else None


def slots(unit: str, counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Every period from the first to the last one with matches, with its count (0 for the gaps)."""
    if unit == "year":
        known = _years(counts)
        if not known:
            return []
        first, last = min(known), max(known)
        return [(str(y), known.get(y, 0)) for y in range(first, last + 1)]
    known_months = _months(counts)
    if not known_months:
        return []
    first, last = _month_index(min(known_months)), _month_index(max(known_months))
    out = []
    for i in range(first, last + 1):
        key = f"{i // 12:04d}-{i % 12 + 1:02d}"
        out.append((key, known_months.get(key, 0)))
    return out


def label(period: str) -> str:
    """'2017' → '2017'; '2017-11' → 'November 2017'."""
    m = _MONTH.fullmatch(period)
    return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m else period


def short_label(period: str) -> str:
    """Axis label: '2017', or 'Nov 2017' for a month."""
    m = _MONTH.fullmatch(period)
    return f"{MONTHS[int(m.group(2)) - 1][:3]} {m.group(1)}" if m else period


def tooltip(period: str, count: int) -> str:
    # Results, as the bar's link lists them: collapsed, a count of near-duplicate groups, not documents.
    noun = "result" if count == 1 else "results"
    return f"{label(period)}: {count if count else 'no'} {noun}"


def build(
    facets: Mapping[str, Mapping[str, int]],
    link: LinkFn,
    *,
    undated: int = 0,
    date_from: str = "",
    date_to: str = "",
) -> Histogram | None:
    """The histogram for a result's facets ("year" and "month"), or None when no match is dated.

    `undated` is how many results have no date (SearchResults.undated: the facets cannot tell, as a
    group with copies in two periods counts under each); `date_from`/`date_to` are the page's own
    filter values, so the bar for the period already shown can be marked as current.
    """
    years, months = facets.get("year") or {}, facets.get("month") or {}
    unit = choose_unit(years, months)
    if unit is None:
        return None
    periods = slots(unit, months if unit == "month" else years)
    n = len(periods)
    slot = min(SLOT_MAX, max(SLOT_MIN, MAX_WIDTH / n))
    width = round(slot * n, 2)
    peak = max(count for _, count in periods) or 1
    bar_width = round(slot * (1 - GAP), 2)
    bars = []
    for i, (period, count) in enumerate(periods):
        height = 0.0 if count == 0 else max(MIN_BAR, round(HEIGHT * count / peak, 2))
        slot_x = round(i * slot, 2)
        bars.append(
            Bar(
                period=period,
                label=label(period),
                count=count,
                title=tooltip(period, count),
                href=link(period, period) if count else None,
                current=date_from.strip() == period and date_to.strip() == period,
                x=round(slot_x + slot * GAP / 2, 2),
                y=round(HEIGHT - height, 2),
                width=bar_width,
                height=height,
                slot_x=slot_x,
                slot_width=round(slot, 2),
                count_label=str(count) if count and slot >= COUNT_LABEL_MIN_SLOT else "",
            )
        )
    return Histogram(
        unit=unit,
        bars=bars,
        width=width,
        height=HEIGHT,
        dated=sum(count for _, count in periods),
        undated=undated,
        first_label=short_label(periods[0][0]),
        last_label=short_label(periods[-1][0]),
    )


def _years(counts: Mapping[str, int]) -> dict[int, int]:
    return {int(k): int(v) for k, v in counts.items() if _YEAR.fullmatch(str(k)) and v}


def _months(counts: Mapping[str, int]) -> dict[str, int]:
    out = {}
    for k, v in counts.items():
        m = _MONTH.fullmatch(str(k))
        if m and 1 <= int(m.group(2)) <= 12 and v:
            out[str(k)] = int(v)
    return out


def _month_index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1
