"""In a real browser (headless Chromium via Playwright) against a real gunicorn server: search, highlight,
click through, hostile markup shown as text, and a phone-sized layout without sideways scrolling."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from browsers import CHROMIUM, launch, recording_page, served_corpus
from conftest import XSS

pytestmark = pytest.mark.e2e

RESULTS_SHOT = Path("/tmp/searchsvc-results.png")
PHONE_SHOT = Path("/tmp/searchsvc-phone.png")
PHONE = {"width": 375, "height": 667}
MARK_BACKGROUND = "rgb(255, 240, 160)"  # --mark in style.css: proves the stylesheet loaded (CSP allows it)

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (CI installs Debian's chromium package)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_corpus(tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as browser:
        yield browser


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    page = recording_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


def _search_from_box(page, q: str) -> None:  # noqa: ANN001
    box = page.locator("input[name=q]")
    box.fill(q)
    with page.expect_navigation():
        box.press("Enter")


def test_search_highlight_and_click_through_to_document(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/")
    assert page.locator("input[name=q]").is_visible()
    _search_from_box(page, "solidarity")

    assert "q=solidarity" in page.url
    assert page.locator(".summary").inner_text().startswith("4 results")
    assert page.locator(".hit").count() == 4
    marks = page.locator(".snippet mark")
    assert marks.count() > 0
    for text in marks.all_inner_texts():
        assert re.fullmatch(r"solidarity", text, re.IGNORECASE), text
    assert marks.first.evaluate("m => getComputedStyle(m).backgroundColor") == MARK_BACKGROUND
    page.screenshot(path=str(RESULTS_SHOT), full_page=True)

    link = page.locator(".hit h3 a").first
    title = link.inner_text()
    with page.expect_navigation():
        link.click()
    assert re.search(r"/doc/[^?]+\?q=solidarity$", page.url), page.url
    assert page.locator("h1").inner_text() == title
    body_marks = page.locator(".body mark")
    assert body_marks.count() > 0
    assert all(re.fullmatch(r"solidarity", t, re.IGNORECASE) for t in body_marks.all_inner_texts())
    # The way back keeps the query.
    with page.expect_navigation():
        page.locator(".back a").click()
    assert page.locator("input[name=q]").input_value() == "solidarity"
    assert page.locator(".hit").count() == 4
    assert page.dialogs == [] and page.console_errors == []


def test_markup_in_query_and_capture_is_shown_as_text(server: str, page) -> None:  # noqa: ANN001
    hostile_query = '<script>alert("q")</script> zyzzyva'
    page.goto(server + "/")
    _search_from_box(page, hostile_query)
    assert page.locator("input[name=q]").input_value() == hostile_query
    assert page.title().startswith(hostile_query)
    assert page.locator("script:not([src])").count() == 0  # nothing was injected into the DOM

    # With a filter nothing passes, the page repeats the query in its "no documents match" message.
    page.goto(server + "/?from=1800&to=1800")
    _search_from_box(page, hostile_query)
    assert "from=1800" in page.url
    assert page.locator(".hit").count() == 0
    assert page.locator(".none strong").inner_text() == hostile_query
    assert page.locator("script:not([src])").count() == 0

    page.goto(server + "/")
    _search_from_box(page, "marmalade")
    link = page.locator(".hit h3 a")
    assert link.count() == 1
    assert link.inner_text() == f"Hostile {XSS} title"
    assert XSS in page.locator(".snippet").inner_text()
    assert page.locator(".snippet mark").inner_text() == "marmalade"
    assert page.locator("script:not([src])").count() == 0

    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text() == f"Hostile {XSS} title"
    assert XSS in page.locator(".body").inner_text()
    assert page.locator(".body mark").inner_text() == "marmalade"
    assert page.locator("script:not([src])").count() == 0
    assert page.dialogs == []
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/?q=solidarity", "/doc/001_d09a13167ed8fed5.txt?q=solidarity"])
def test_phone_viewport_has_no_horizontal_scrolling(server: str, browser, path: str) -> None:  # noqa: ANN001
    page = recording_page(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page.goto(server + path)
        assert page.locator("mark").count() > 0
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
        assert max(widths) <= PHONE["width"] + 1, f"page is {widths} px wide at a {PHONE['width']} px viewport"
        # The search box and its button stay on screen.
        for selector in ("input[name=q]", "header button"):
            box = page.locator(selector).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, selector
        if path.startswith("/?"):
            page.screenshot(path=str(PHONE_SHOT), full_page=True)
        assert page.console_errors == []
    finally:
        page.context.close()


def test_phone_filters_come_before_the_results_in_the_order_tab_takes(server: str, browser) -> None:  # noqa: ANN001
    page = recording_page(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page.goto(server + "/?q=solidarity")
        facets, hits = page.locator(".facets").bounding_box(), page.locator(".hits").bounding_box()
        assert facets is not None and hits is not None
        # On screen within the first screenful, not after the last result.
        assert facets["y"] + facets["height"] <= hits["y"], (facets, hits)
        assert facets["y"] + facets["height"] < PHONE["height"] / 2, facets
        # Tab goes down the page: each focused link is no higher than the one before.
        page.locator("input[name=q]").focus()
        tops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            tops.append(page.evaluate("() => document.activeElement.getBoundingClientRect().top + window.scrollY"))
        assert tops == sorted(tops), tops
        assert page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["/?q=solidarity", "/doc/001_d09a13167ed8fed5.txt?q=solidarity"])
def test_space_scrolls_a_page_of_results_or_a_document_instead_of_typing_into_the_box(  # noqa: ANN001
    server: str, browser, path: str
) -> None:
    page = recording_page(browser, viewport={"width": 390, "height": 240})
    try:
        page.goto(server + path)
        page.keyboard.press("Space")
        page.wait_for_timeout(500)  # longer than search.js's typing delay
        assert page.locator("input[name=q]").input_value() == "solidarity"
        assert page.evaluate("window.scrollY") > 0
        assert page.locator(".stale").count() == 0  # no live search was started
        assert page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["/", "/?q=%22unclosed"])
def test_the_box_has_the_focus_where_there_is_nothing_to_read_yet_or_a_query_to_fix(  # noqa: ANN001
    server: str, page, path: str
) -> None:
    page.goto(server + path)
    assert page.evaluate("document.activeElement.name") == "q"


TARGET_PX = 24  # WCAG 2.5.8 (target size, minimum): 24 by 24 CSS px


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_every_pager_link_is_a_target_big_enough_to_tap(server: str, browser, viewport: dict) -> None:  # noqa: ANN001
    """At 390 px the page numbers were 10 px wide links 12 px apart: a thumb took the page beside the one
    meant. Each is now a box at least 24 px each way, none overlapping, on screen; on a desktop the
    pager stays one line under the results."""
    phone = viewport["width"] < 600
    page = recording_page(browser, viewport=viewport, is_mobile=phone, has_touch=phone)
    try:
        page.goto(server + "/?q=&per_page=2&page=3")  # pages 1 to 6: Previous, 1 2 [3] 4 5 6, Next
        items = page.locator(".pager a, .pager [aria-current=page]")
        labels = [t.strip() for t in items.all_inner_texts()]
        assert labels == ["← Previous", "1", "2", "3", "4", "5", "6", "Next →"]
        boxes = [items.nth(i).bounding_box() for i in range(items.count())]
        for label, box in zip(labels, boxes, strict=True):
            assert box["width"] >= TARGET_PX and box["height"] >= TARGET_PX, (label, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (label, box)
        for (la, a), (lb, b) in pairwise(zip(labels, boxes, strict=True)):
            apart = a["x"] + a["width"] <= b["x"] or a["y"] + a["height"] <= b["y"]
            assert apart, f"{la!r} {a} overlaps {lb!r} {b}"
        # A tap in the middle of a page number's box takes that page.
        items.nth(labels.index("5")).scroll_into_view_if_needed()
        box = items.nth(labels.index("5")).bounding_box()
        with page.expect_navigation():
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
        assert page.url.endswith("page=5")
        if not phone:
            page.goto(server + "/?q=&per_page=2&page=3")
            tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
            assert len(tops) == 1, tops
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
        assert max(widths) <= viewport["width"] + 1, widths
        assert page.console_errors == []
    finally:
        page.context.close()


def _current_match(page) -> dict:  # noqa: ANN001
    """The status of the document page's match controls and the marks now current, with whether they are
    on screen."""
    return page.evaluate(
        """() => {
            const current = [...document.querySelectorAll('.body mark.current')];
            return {
                status: document.querySelector('.matches [role=status]').textContent,
                words: current.map(m => m.textContent),
                index: [...document.querySelectorAll('.body mark')].indexOf(current[0]),
                visible: current.every(m => {
                    const box = m.getBoundingClientRect();
                    return box.top >= 0 && box.bottom <= window.innerHeight;
                }),
            };
        }"""
    )


def test_a_document_steps_through_its_marked_words_with_buttons_and_keys(server: str, browser) -> None:  # noqa: ANN001
    """A long document had "8 words of your search marked · go to the first" and nothing to reach the second:
    a reader scrolled screens of text looking for yellow. Next and Previous (and the keys n and p) now go
    from one marked word to the next, round to the first after the last, each brought on screen and
    outlined, with "2 of 8" said; the controls stay at the top of the window as it scrolls."""
    page = recording_page(browser, viewport={"width": 600, "height": 320})
    try:
        page.goto(server + "/doc/001_d09a13167ed8fed5.txt?q=korean")
        marks = page.locator(".body mark").count()
        assert marks >= 5
        page.get_by_role("button", name="Next match").click()
        first = _current_match(page)
        assert first == {"status": f"1 of {marks}", "words": [first["words"][0]], "index": 0, "visible": True}
        assert first["words"][0].lower().startswith("korea")
        page.get_by_role("button", name="Next match").click()
        assert _current_match(page)["status"] == f"2 of {marks}"
        page.locator("h1").click()  # the keys act where nothing is being typed
        for _ in range(marks - 2):
            page.keyboard.press("n")
        last = _current_match(page)
        assert (last["status"], last["index"], last["visible"]) == (f"{marks} of {marks}", marks - 1, True)
        assert page.evaluate("window.scrollY") > 0
        controls = page.get_by_role("button", name="Previous match").bounding_box()
        assert 0 <= controls["y"] < 320  # still on screen after scrolling down the text
        page.keyboard.press("n")
        assert _current_match(page)["status"] == f"1 of {marks}"
        page.keyboard.press("p")
        assert _current_match(page)["status"] == f"{marks} of {marks}"
        page.get_by_role("button", name="Previous match").click()
        assert _current_match(page)["status"] == f"{marks - 1} of {marks}"
        assert page.console_errors == []
    finally:
        page.context.close()


def test_a_marked_phrase_is_one_step_and_typing_n_in_the_box_moves_nothing(server: str, browser) -> None:  # noqa: ANN001
    page = recording_page(browser, viewport={"width": 600, "height": 320})
    try:
        page.goto(server + "/doc/001_d09a13167ed8fed5.txt?q=%22korean+people%22")
        marks = page.locator(".body mark").count()
        assert marks >= 4 and marks % 2 == 0  # "Korean" and "people", each occurrence
        page.get_by_role("button", name="Next match").click()
        step = _current_match(page)
        assert step["status"] == f"1 of {marks // 2}"
        assert [w.lower() for w in step["words"]] == ["korean", "people"]
        box = page.locator("input[name=q]")
        box.click()
        box.press("End")
        box.type(" n")
        assert box.input_value().endswith(" n")
        assert _current_match(page)["status"] == f"1 of {marks // 2}"
        assert page.console_errors == []
    finally:
        page.context.close()


def test_a_document_without_marked_words_has_no_match_controls(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/doc/001_d09a13167ed8fed5.txt")
    assert page.locator(".matches").count() == 0
    assert page.get_by_role("button", name="Next match").count() == 0
    page.keyboard.press("n")  # nothing to step to: no error
    assert page.console_errors == []
