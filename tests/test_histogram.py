"""Hits over time: the pure functions that turn year/month facet counts into bars, and the page's SVG."""

from __future__ import annotations

import json
import re
from pathlib import Path

from searchsvc.web import histogram


def link(start: str, end: str) -> str:
    return f"/?from={start}&to={end}"


def test_years_when_the_matches_span_two_years_or_more() -> None:
    facets = {"year": {"2017": 3, "2019": 1}, "month": {"2017-01": 3, "2019-01": 1}}
    hist = histogram.build(facets, link)
    assert hist is not None and hist.unit == "year"
    assert [(b.period, b.count) for b in hist.bars] == [("2017", 3), ("2018", 0), ("2019", 1)]
    assert hist.caption == "Matches by year"


def test_months_when_the_matches_span_less_than_two_years() -> None:
    facets = {"year": {"2019": 1, "2020": 1}, "month": {"2019-03": 1, "2020-06": 1}}
    hist = histogram.build(facets, link)
    assert hist.unit == "month"
    assert len(hist.bars) == 16  # March 2019 … June 2020, gaps included
    assert hist.bars[0].period == "2019-03" and hist.bars[-1].period == "2020-06"
    assert [b.period for b in hist.bars[9:12]] == ["2019-12", "2020-01", "2020-02"]  # across the new year
    assert sum(b.count for b in hist.bars) == 2
    assert (hist.first_label, hist.last_label) == ("Mar 2019", "Jun 2020")


def test_the_boundary_between_months_and_years() -> None:
    assert histogram.choose_unit({}, {"2019-02": 1, "2020-12": 1}) == "month"  # 23 months
    assert histogram.choose_unit({}, {"2019-01": 1, "2020-12": 1}) == "year"  # 24 months: two years
    assert histogram.choose_unit({}, {"2019-05": 4}) == "month"
    assert histogram.choose_unit({"2019": 2}, {}) == "year"  # no month counts: fall back to years
    assert histogram.choose_unit({}, {}) is None


def test_gaps_are_empty_slots_without_links() -> None:
    assert histogram.slots("year", {"2015": 1, "2018": 2}) == [("2015", 1), ("2016", 0), ("2017", 0), ("2018", 2)]
    assert histogram.slots("month", {"2019-11": 1, "2020-02": 1}) == [
        ("2019-11", 1), ("2019-12", 0), ("2020-01", 0), ("2020-02", 1),
    ]  # fmt: skip
    hist = histogram.build({"year": {"2015": 1, "2018": 2}}, link)
    empty = hist.bars[1]
    assert empty.count == 0 and empty.href is None and empty.height == 0
    assert empty.title == "2016: no results"


def test_bars_link_to_their_period_and_carry_a_tooltip() -> None:
    hist = histogram.build({"year": {"2017": 3, "2018": 1}, "month": {"2017-01": 3, "2018-12": 1}}, link)
    assert [b.href for b in hist.bars] == ["/?from=2017&to=2017", "/?from=2018&to=2018"]
    assert [b.title for b in hist.bars] == ["2017: 3 results", "2018: 1 result"]
    months = histogram.build({"month": {"2019-03": 2}, "year": {"2019": 2}}, link)
    assert months.bars[0].href == "/?from=2019-03&to=2019-03"
    assert months.bars[0].title == "March 2019: 2 results"


def test_geometry_bars_grow_from_the_bottom_and_fit_the_width() -> None:
    hist = histogram.build({"year": {"2000": 10, "2001": 1, "2003": 5}}, link, undated=4)
    tallest, smallest = hist.bars[0], hist.bars[1]
    assert tallest.height == hist.height and tallest.y == 0
    assert smallest.height >= histogram.MIN_BAR and smallest.y + smallest.height == hist.height
    for i, bar in enumerate(hist.bars):
        assert bar.slot_x == round(i * bar.slot_width, 2)
        assert bar.slot_x <= bar.x and bar.x + bar.width <= bar.slot_x + bar.slot_width + 0.01
    assert hist.width == round(hist.bars[0].slot_width * len(hist.bars), 2)
    assert hist.dated == 16 and hist.undated == 4
    many = histogram.build({"year": {"1900": 1, "2024": 1}}, link)
    assert len(many.bars) == 125 and many.bars[0].slot_width == histogram.SLOT_MIN


def test_the_current_period_is_marked_and_junk_keys_are_ignored() -> None:
    facets = {"year": {"2017": 1, "": 4, "n/a": 2}, "month": {"2017-05": 1, "2017-13": 9}}
    hist = histogram.build(facets, link, date_from="2017-05", date_to="2017-05")
    assert [(b.period, b.current) for b in hist.bars] == [("2017-05", True)]
    assert histogram.build({"year": {}, "month": {}}, link) is None


def test_results_page_draws_the_histogram_as_linked_svg(client) -> None:
    html = client.get("/?q=river").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'style="' not in svg  # the CSP forbids style attributes
    bars = re.findall(r'<a class="bar[^"]*" href="([^"]+)"[^>]*><title>([^<]+)</title>', svg)
    # river: 2019-03, 2020-06 and 2021-08 span more than two years → years.
    assert bars == [
        ("/?q=river&amp;from=2019&amp;to=2019", "2019: 1 result"),
        ("/?q=river&amp;from=2020&amp;to=2020", "2020: 1 result"),
        ("/?q=river&amp;from=2021&amp;to=2021", "2021: 1 result"),
    ]
    assert "1 undated not shown" in html


def test_histogram_by_month_inside_a_year_and_escaped_filters(client) -> None:
    html = client.get("/", query_string={"q": "river", "source": 'A "&<b>', "from": "2021", "to": "2021"})
    assert html.status_code == 400  # no source has that name: an error naming them, no histogram
    assert "<svg" not in html.get_data(as_text=True) and "<b>" not in html.get_data(as_text=True)
    html = client.get("/?q=&from=2021&to=2021").get_data(as_text=True)
    titles = re.findall(r"<title>([^<]+)</title>", html)
    assert "August 2021: 1 result" in titles and "September 2021: 1 result" in titles
    assert 'href="/?from=2021-08&amp;to=2021-08"' in html


def test_undated_results_are_counted_when_copies_span_two_years(tmp_path: Path) -> None:
    """A statement with copies dated December 2017 and January 2018 is one result counted under both
    years, so the years add up to the total and the undated result beside it went unmentioned ("1
    undated not shown" was gone; at 20k the months lost 3 of 18,371 so)."""
    from searchsvc.indexer import build_index
    from searchsvc.settings import Settings
    from searchsvc.web import create_app

    raw = tmp_path / "raw"
    raw.mkdir()
    statement = " ".join(f"The committee of solidarity number {k} greets the people of Korea." for k in range(9))
    captures = {"first": ("2017-12-30", statement), "copy": ("2018-01-02", "Reposted.\n\n" + statement),
                "later": ("2018-03-01", "The people of Korea were greeted again."),
                "undated": (None, "The people of Korea were greeted by an undated letter.")}
    for name, (day, text) in captures.items():
        (raw / f"{name}.txt").write_text(f"{name.title()} greetings\n\n{text}\n", encoding="utf-8")
        if day:
            (raw / f"{name}.meta.json").write_text(json.dumps({"date": day}))
    build_index(raw, tmp_path / "ix")
    client = create_app(Settings(raw_dir=raw, index_dir=tmp_path / "ix")).test_client()
    api = client.get("/api/search?q=korea").get_json()
    assert api["total"] == 3 and api["facets"]["year"] == {"2018": 2, "2017": 1} and api["undated"] == 1
    html = client.get("/?q=korea").get_data(as_text=True)
    assert "1 undated not shown" in html
    titles = re.findall(r"<title>([^<]+)</title>", html)
    assert {"December 2017: 1 result", "January 2018: 1 result", "March 2018: 1 result"} <= set(titles)
    flat = client.get("/api/search?q=korea&collapse=false").get_json()
    assert flat["total"] == 4 and flat["undated"] == 1
