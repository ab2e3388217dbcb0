"""In headless Chromium against a real gunicorn server: search as you type (progressive enhancement), the same
page with JavaScript off, and the hits-over-time histogram whose bars are filter links. Any console error or
CSP violation fails a test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from browsers import CHROMIUM, launch, recording_page, served_corpus
from corpora import ARCHIVED_CAPTURES

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 667}
HISTOGRAM_SHOT = Path("/tmp/searchsvc-histogram.png")
HISTOGRAM_PHONE_SHOT = Path("/tmp/searchsvc-histogram-phone.png")
LIVE_SHOT = Path("/tmp/searchsvc-live.png")
TYPING_DELAY_MS = 60  # between keys: well under the 250 ms debounce

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (CI installs Debian's chromium package)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_corpus(tmp_path_factory.mktemp("live")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as browser:
        yield browser


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    page = recording_page(browser, viewport=DESKTOP)
    yield page
    assert page.console_errors == []
    page.context.close()


def type_query(page, text: str) -> None:  # noqa: ANN001
    box = page.locator("input[name=q]")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    page.keyboard.type(text, delay=TYPING_DELAY_MS)


def summary(page) -> str:  # noqa: ANN001
    return page.locator(".summary .count").inner_text()


def test_typing_updates_results_and_url_without_submitting(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/?q=")
    page.evaluate("() => { window.notReloaded = true; }")  # gone if the page navigates
    type_query(page, "solidarity")
    page.wait_for_function("() => document.querySelector('.summary .count').textContent === '4 results'")
    page.wait_for_url(re.compile(r"/\?q=solidarity$"))
    assert page.evaluate("() => window.notReloaded") is True
    assert page.locator(".hit").count() == 4
    marks = page.locator(".snippet mark")
    assert marks.count() > 0
    assert all(re.fullmatch(r"solidarity", t, re.IGNORECASE) for t in marks.all_inner_texts())
    # Titles are marked as the server's page marks them.
    title_marks = page.locator(".hit h3 a mark").all_inner_texts()
    assert title_marks and all(re.fullmatch(r"solidarity", t, re.IGNORECASE) for t in title_marks)
    assert page.title() == "solidarity – 4 results – searchsvc"
    # Server-rendered parts about the previous search are dimmed and inert, the pager is hidden.
    assert page.locator(".facets.stale").count() == 1
    assert page.locator(".facets").evaluate("el => el.inert") is True
    assert page.locator(".histogram.stale").count() == 1
    assert page.locator(".live-hint").is_visible()
    assert not page.locator(".pager").is_visible() and not page.locator(".export").is_visible()
    page.screenshot(path=str(LIVE_SHOT), full_page=True)

    # Result links go to the document with the query, and the way back shows the typed search.
    first = page.locator(".hit h3 a").first
    title = first.inner_text()
    assert re.search(r"/doc/[^?]+\?q=solidarity$", first.get_attribute("href"))
    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text() == title
    page.go_back()
    assert page.locator("input[name=q]").input_value() == "solidarity"
    assert page.locator(".hit").count() == 4


def test_hostile_titles_are_text_and_only_marks_are_markup(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/")
    type_query(page, "marmalade")
    page.wait_for_function("() => document.querySelector('.summary .count').textContent === '1 result'")
    assert page.locator(".hit h3 a").inner_text() == 'Hostile <script>alert("xss")</script> title'
    assert page.locator(".snippet mark").inner_text() == "marmalade"
    assert page.locator("script:not([src])").count() == 0
    assert page.locator(".hit .url").get_attribute("href") == "https://example.org/blog/xss.txt"


def test_stale_responses_are_ignored(server: str, page) -> None:  # noqa: ANN001
    # Hold back the answer for "drought" so that it arrives after the answer for the later "river".
    page.add_init_script("""
      const realFetch = window.fetch;
      window.fetch = (url, options) => realFetch(url, options).then(r =>
        String(url).includes('q=drought&') || String(url).endsWith('q=drought')
          ? new Promise(resolve => setTimeout(() => resolve(r), 1200)) : r);
    """)
    page.goto(server + "/")
    type_query(page, "drought")
    page.wait_for_timeout(400)  # the debounce fired: the slow request is out
    type_query(page, "river")
    page.wait_for_function("() => document.querySelector('.summary .count').textContent === '4 results'")
    page.wait_for_timeout(1500)  # the slow "drought" answer has arrived by now
    assert summary(page) == "4 results"
    assert page.locator(".hit").count() == 4
    assert page.url.endswith("/?q=river")


def test_an_unfinished_query_keeps_the_last_results_and_says_what_to_finish(server: str, browser) -> None:  # noqa: ANN001
    """Typing '"korean peninsula' wiped the results for a red error at '"korean', and put the broken
    query in the address, so a reload at that moment gave the 400 page."""
    page = recording_page(browser, viewport=DESKTOP)
    try:
        page.goto(server + "/?q=river")
        type_query(page, '"flood defences')
        note = page.locator(".live-error[role=status]")
        note.wait_for()
        assert "quotation mark is not closed" in note.inner_text()
        page.wait_for_timeout(600)  # the last keystroke's answer is in
        assert page.locator(".error").count() == 0 and page.locator(".hit").count() >= 1
        assert "%22" not in page.url and "invalid query" not in page.title()
        # The 400 answer itself is logged by the browser; nothing else may be.
        others = [e for e in page.console_errors if "400" not in e]
        assert others == []
        # Finishing the phrase brings its results, and the note goes.
        page.keyboard.type('"', delay=TYPING_DELAY_MS)
        page.wait_for_function("() => !document.querySelector('.live-error')")
        page.wait_for_url(re.compile(r"q=%22flood"))
        assert page.locator(".hit").count() >= 1
        # Enter on an unfinished query still shows the server's message.
        type_query(page, '"flood')
        page.keyboard.press("Enter")
        page.locator(".error[role=alert]").wait_for()
    finally:
        page.context.close()


def test_back_to_the_served_query_restores_the_served_page(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/?q=river&sort=oldest")
    served_url = page.url
    type_query(page, "drought")
    page.wait_for_function("() => document.querySelector('.summary .count').textContent === '1 result'")
    assert page.url.endswith("/?q=drought&sort=oldest")  # the hidden filters stay
    type_query(page, "river")
    page.wait_for_function("() => !document.querySelector('.live-hint')")
    assert page.url == served_url and summary(page) == "4 results"
    assert page.locator(".stale").count() == 0
    assert page.locator(".facets").evaluate("el => el.inert") is False


def test_without_javascript_the_form_still_searches(server: str, browser) -> None:  # noqa: ANN001
    page = recording_page(browser, viewport=DESKTOP, java_script_enabled=False)
    try:
        page.goto(server + "/")
        box = page.locator("input[name=q]")
        box.fill("solidarity")
        with page.expect_navigation():
            box.press("Enter")
        assert "q=solidarity" in page.url
        assert summary(page) == "4 results"
        assert page.locator(".snippet mark").count() > 0
        assert page.locator("svg a.bar").count() > 0  # the histogram needs no script
        assert page.locator(".live-hint").count() == 0
        assert page.console_errors == []
    finally:
        page.context.close()


def test_histogram_bars_are_links_that_filter(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/?q=")
    total = int(summary(page).split()[0])
    bars = page.locator(".histogram svg a.bar")
    assert bars.count() >= 2
    titles = [t.text_content() for t in page.locator(".histogram svg a.bar title").all()]
    assert "2017: 2 results" in titles
    assert page.locator(".histogram svg [style]").count() == 0
    page.screenshot(path=str(HISTOGRAM_SHOT), full_page=True)

    bar = page.locator(".histogram svg a.bar", has=page.locator("title", has_text="2017: 2 results"))
    with page.expect_navigation():
        bar.click()
    assert re.search(r"[?&]from=2017&to=2017$", page.url), page.url
    filtered = int(summary(page).split()[0])
    assert filtered == 2 <= total
    # Inside one year the histogram is by month, and the chosen period can be narrowed further.
    month_titles = [t.text_content() for t in page.locator(".histogram svg title").all()]
    assert "November 2017: 1 result" in month_titles
    # A month without matches between the first and the last is an empty slot, not a link.
    assert "September 2017: no results" in month_titles
    assert page.locator(".histogram svg .bar.empty").count() == 2 and page.locator(".histogram svg a.bar").count() == 2
    with page.expect_navigation():
        page.locator(".histogram svg a.bar").last.click()
    assert re.search(r"from=2017-11&to=2017-11$", page.url), page.url
    assert int(summary(page).split()[0]) <= filtered
    assert page.locator(".histogram svg a.bar.current").count() == 1


def test_phone_width_histogram_fits(server: str, browser) -> None:  # noqa: ANN001
    page = recording_page(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page.goto(server + "/?q=solidarity")
        box = page.locator(".histogram svg").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
        assert max(widths) <= PHONE["width"] + 1, widths
        page.screenshot(path=str(HISTOGRAM_PHONE_SHOT), full_page=True)
        assert page.console_errors == []
    finally:
        page.context.close()


def test_a_relaxed_misquotation_is_announced_as_the_served_page_does(server: str, page) -> None:  # noqa: ANN001
    """Typed, the script words the notice of a relaxed quotation no text has as written as the server does."""
    quotation = '"strongly condemn the reckless war threats and inhumane sanctions by U.S. imperialism"'
    page.goto(server + "/?" + urlencode({"q": quotation}))
    served, count = page.locator(".notes .relaxed").inner_text(), summary(page)
    assert served.startswith("No document has the quoted words as written. ")
    page.goto(server + "/")
    type_query(page, quotation)
    page.wait_for_function("(c) => document.querySelector('.summary .count').textContent === c", arg=count)
    page.wait_for_selector(".notes .relaxed")
    assert page.locator(".notes .relaxed").inner_text() == served


@pytest.mark.parametrize(
    "question, sort",
    [("korean people solidarity imperialism", ""), ("korean people solidarity imperialism", "newest"),
     ("river farmers harvest drought", ""), ("which towns lost harvests after the floods", ""),
     ("which towns lost harvests after the floods", "newest"), ("river farmers harvests March 2019", "")],
)
def test_a_relaxed_question_is_announced_as_the_served_page_does(  # noqa: ANN001
    server: str, page, question: str, sort: str
) -> None:
    """Typed, the script words the relaxed notice as the server does (how many documents have every
    word, listed first unless sorted by date, or that none does) and each result's missing words."""
    extra = "&sort=" + sort if sort else ""
    page.goto(server + "/?q=" + question.replace(" ", "+") + extra)
    served, count = page.locator(".notes .relaxed").inner_text(), summary(page)
    missing = page.locator(".hit .missing").all_inner_texts()
    assert missing and all(note.startswith("Missing: ") for note in missing)
    metas = page.locator(".hit .meta").evaluate_all("(ps) => ps.map((p) => p.innerHTML.trim())")
    assert ("<mark>" in metas[0]) == ("March" in question)  # a date word answered by the date
    assert served.startswith((
        "Only 2 documents have all of these words; they come first" if not sort else "Only 2 documents have all",
        "Only 1 document has all of these words; it comes first", "No document has all of these words"))
    assert served.endswith("newest first.") == (sort == "newest")
    page.goto(server + "/?q=" + extra)
    type_query(page, question)
    page.wait_for_url(re.compile(r"/\?q=" + question.replace(" ", r"\+") + re.escape(extra) + "$"))
    page.wait_for_function("(c) => document.querySelector('.summary .count').textContent === c", arg=count)
    assert page.locator(".notes .relaxed").inner_text() == served
    assert page.locator(".hit .missing").all_inner_texts() == missing
    marks = page.locator(".hit .meta mark").all_inner_texts()
    page.goto(server + "/?q=" + question.replace(" ", "+") + extra)
    assert page.locator(".hit .meta mark").all_inner_texts() == marks



def test_the_h1_says_what_the_page_shows_as_live_search_changes_it(server: str, page) -> None:  # noqa: ANN001
    """A screen reader's list of headings began at "Source" (h2): the search page had no h1. It has one, first
    among the headings, and search as you type rewords it with the results and the document title."""
    page.goto(server + "/?q=river&sort=oldest")
    levels = page.eval_on_selector_all("h1, h2, h3", "els => els.map(e => e.tagName)")
    assert levels[0] == "H1" and levels.count("H1") == 1
    assert page.locator("h1").text_content() == "Results for “river”"
    type_query(page, "drought")
    page.wait_for_function("() => document.querySelector('.summary .count').textContent === '1 result'")
    assert page.locator("h1").text_content() == "Results for “drought”"
    type_query(page, '<b>"flood')  # unfinished: the results, the title and the h1 stay those of "drought"
    page.locator(".live-error").wait_for()
    page.wait_for_timeout(600)
    assert page.locator("h1").text_content() == "Results for “drought”" and page.locator("h1 b").count() == 0
    type_query(page, "")
    page.wait_for_function("() => document.title.startsWith('All ')")
    assert page.locator("h1").text_content() == "Search the collection"
    type_query(page, "river")  # the served query: the page as served, its h1 too
    page.wait_for_function("() => !document.querySelector('.live-hint')")
    assert page.locator("h1").text_content() == "Results for “river”"
    assert page.locator("h1").count() == 1
    # The unfinished query's 400 answer is logged by the browser; nothing else may be.
    page.console_errors[:] = [e for e in page.console_errors if "400" not in e]


def test_live_search_words_the_h1_with_the_filters_and_escapes_it(server: str, page) -> None:  # noqa: ANN001
    page.goto(server + "/?q=river&from=2019&to=2019")
    assert page.locator("h1").text_content() == "Results for “river” – 2019"
    type_query(page, "<i>flood</i>")
    page.wait_for_url(re.compile(r"q=%3Ci%3Eflood"))
    assert page.locator("h1").text_content() == "Results for “<i>flood</i>” – 2019"
    assert page.locator("h1 i").count() == 0


def held_searches(page) -> list:  # noqa: ANN001
    """The API requests search.js makes, held back (as on a slow line) until the test lets each go."""
    held: list = []
    page.route(lambda url: "/api/search?" in url, lambda route: held.append(route))
    return held


def busy(page) -> bool:  # noqa: ANN001
    return page.locator(".results").get_attribute("aria-busy") == "true"


def wait_until_held(page, held: list, n: int) -> None:  # noqa: ANN001
    for _ in range(100):
        if len(held) >= n:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{len(held)} requests out, not {n}")


def test_a_live_search_on_its_way_says_so_until_its_answer_comes(server: str, page) -> None:  # noqa: ANN001
    """On a slow line nothing showed a search was on its way: the page looked frozen, then jumped. While
    it is out the results are aria-busy and a status line says "Searching…"; the answer ends both."""
    held = held_searches(page)
    page.goto(server + "/?q=river")
    line = page.locator(".results .live-busy[role=status]")
    assert not busy(page) and line.text_content() == ""
    assert line.bounding_box()["height"] == 0  # empty, it takes no room
    type_query(page, "drought")
    wait_until_held(page, held, 1)
    assert busy(page)
    page.wait_for_function("() => document.querySelector('.live-busy').textContent === 'Searching…'")
    assert line.is_visible() and line.bounding_box()["height"] > 0
    assert summary(page) == "4 results"  # the last results stay meanwhile
    # A newer search while one is out: still busy, still saying so, until the newer one's answer.
    type_query(page, "flood")
    wait_until_held(page, held, 2)
    page.wait_for_timeout(400)
    assert busy(page) and line.text_content() == "Searching…"
    held[1].continue_()
    page.wait_for_url(re.compile(r"/\?q=flood$"))
    assert not busy(page) and line.text_content() == "" and not line.is_visible()
    assert page.locator(".hit").count() >= 1 and summary(page) != "4 results"


def test_the_loading_state_ends_with_an_error_or_back_at_the_served_page(server: str, page) -> None:  # noqa: ANN001
    held = held_searches(page)
    page.goto(server + "/?q=river")
    type_query(page, "drought")
    wait_until_held(page, held, 1)
    page.wait_for_function("() => document.querySelector('.live-busy').textContent === 'Searching…'")
    held[0].fulfill(status=502, content_type="text/html", body="<h1>Bad gateway</h1>")
    page.locator(".results .error[role=alert]").wait_for()
    assert not busy(page) and page.locator(".live-busy").text_content() == ""
    # An unfinished query's 400 keeps the last results, and ends the loading state too.
    type_query(page, '"flood')
    wait_until_held(page, held, 2)
    assert busy(page)
    held[1].continue_()
    page.locator(".live-error").wait_for()
    assert not busy(page) and page.locator(".live-busy").text_content() == ""
    # Back at the served query while a request is out: the served page, not busy, and it stays so.
    type_query(page, "drought")
    wait_until_held(page, held, 3)
    page.wait_for_function("() => document.querySelector('.live-busy').textContent === 'Searching…'")
    type_query(page, "river")
    page.wait_for_function("() => !document.querySelector('.results[aria-busy]')")
    page.wait_for_timeout(400)  # past the hint's delay
    assert summary(page) == "4 results" and page.locator(".live-busy").count() == 1
    assert not busy(page) and page.locator(".live-busy").text_content() == ""
    # The 502 and 400 answers are logged by the browser; nothing else may be.
    page.console_errors[:] = [e for e in page.console_errors if not re.match(r"(502|400) |.*status of (502|400)", e)]


@pytest.mark.parametrize(
    "typed, note",
    [("2019-03-02", ".notes .dated"), ("March 2019", ".notes .dated"), ("river March 2019", ".notes .dated"),
     ("marmalade March 2019", ".notes .dated"), ("river before June 2020", ".notes .dated"),
     ("https://example.org/news/flood-2019.txt", ".notes .named"), ("news/flood-2019.txt", ".notes .named"),
     ("https://example.org/nothing-here", ".notes .named")],
)
def test_a_pasted_date_address_or_file_name_is_announced_as_the_served_page_does(  # noqa: ANN001
    server: str, page, typed: str, note: str
) -> None:
    """Typed, the script words what a date, a web address or a file name finds as the server does, and
    a date's link lists the documents dated then."""
    page.goto(server + "/?q=" + typed.replace(":", "%3A").replace("/", "%2F"))
    served, count = page.locator(note).inner_text(), summary(page)
    links = page.locator(note + " a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    page.goto(server + "/?q=")
    type_query(page, typed)
    page.wait_for_function("(c) => document.querySelector('.summary .count').textContent === c", arg=count)
    page.wait_for_selector(note)
    assert page.locator(note).inner_text() == served
    live_links = page.locator(note + " a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert live_links == links


@pytest.mark.parametrize("filters", ["", "&from=2017"])
def test_typing_a_star_is_worded_as_the_served_page_for_a_star(server: str, page, filters: str) -> None:  # noqa: ANN001
    """Typing "*" titled the page "* – 11 results" and counted "11 results", where the served page for q=*
    says "All 11 documents" and "11 documents in the collection": both list the whole collection."""
    page.goto(server + "/?q=*" + filters)
    served_title, served_count, served_h1 = page.title(), summary(page), page.locator("h1").text_content()
    assert served_title.startswith("All ") and served_count.endswith("in the collection")
    page.goto(server + "/?q=river" + filters)
    type_query(page, "*")
    page.wait_for_url(re.compile(r"/\?q=\*" + re.escape(filters) + "$"))
    page.wait_for_function("(c) => document.querySelector('.summary .count').textContent === c", arg=served_count)
    assert page.title() == served_title
    assert page.locator("h1").text_content() == served_h1


def section_order(page) -> list[str]:  # noqa: ANN001
    """The results section's children in reading order, by id or first class (text-less ones left out)."""
    return page.eval_on_selector(".results", """s => Array.from(s.children)
        .filter(c => c.id || c.textContent.trim())
        .map(c => c.id ? '#' + c.id
          : '.' + c.classList[0] + (c.classList.contains('live-error') ? '.live-error' : ''))""")


def test_what_to_finish_and_a_live_error_come_under_the_results_heading(server: str, page) -> None:  # noqa: ANN001
    """The unfinished-query note was put first in the results section, before its hidden "Results" heading,
    so a screen reader met it before the heading that names the section; so was a failed live search's
    error on a page served with an error."""
    page.goto(server + "/?q=river")
    type_query(page, '"flood')
    page.locator(".live-error").wait_for()
    order = section_order(page)
    assert order[0] == "#results-heading" and order[1] == ".live-hint.live-error", order
    # A page served for a query that cannot be run, and a live search whose answer fails.
    page.goto(server + "/?q=%22flood")
    page.route(lambda url: "/api/search?" in url,
               lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>Bad gateway</h1>"))
    type_query(page, "river")
    page.locator(".results .error[role=alert]", has_text="Live results are unavailable").wait_for()
    order = section_order(page)
    assert order[0] == "#results-heading" and order[1] == ".error", order
    # The 400 and 502 answers are logged by the browser; nothing else may be.
    page.console_errors[:] = [e for e in page.console_errors if not re.match(r"(502|400) |.*status of (502|400)", e)]


@pytest.mark.parametrize("filters", ["&source=Daily+Planet", "&from=2020&sort=newest"])
def test_a_relaxed_question_under_a_filter_is_announced_as_the_served_page_does(  # noqa: ANN001
    server: str, page, filters: str
) -> None:
    """Under a filter the notice said "No document has all of these words" where a document outside it had
    them all; served and typed, it says the count is within the filter."""
    question = "river farmers harvest drought"
    page.goto(server + "/?q=" + question.replace(" ", "+") + filters)
    served, count = page.locator(".notes .relaxed").inner_text(), summary(page)
    assert re.match(r"(No document|Only 1 document) within the (source|date) filter ha", served), served
    page.goto(server + "/?q=" + filters)
    type_query(page, question)
    page.wait_for_url(re.compile(r"/\?q=" + question.replace(" ", r"\+") + re.escape(filters) + "$"))
    page.wait_for_function("(c) => document.querySelector('.summary .count').textContent === c", arg=count)
    assert page.locator(".notes .relaxed").inner_text() == served


def test_a_link_to_an_archived_copy_reads_as_the_served_page_has_it(tmp_path_factory, browser) -> None:  # noqa: ANN001
    # The served page reads such a link as the page's own address and the archive
    # ("www.kcna.co.jp/item/... (Wayback Machine copy)"); search as you type is to draw it alike.
    from servers import gunicorn_server, run_cli

    base = tmp_path_factory.mktemp("archived")
    raw = base / "raw"
    raw.mkdir()
    for name, text in ARCHIVED_CAPTURES.items():
        (raw / name).write_text(text, encoding="utf-8")
    run_cli(raw, base / "index", "index", "--quiet")
    with gunicorn_server(raw, base / "index", base) as url:
        page = recording_page(browser, viewport=DESKTOP)
        served = {}
        for q in ("solidarity", "hanoi"):
            page.goto(f"{url}/?q={q}")
            served[q] = page.locator(".hit .url").inner_text()
            assert "copy)" in served[q]
        page.goto(url + "/?q=marmalade")
        for q, link in served.items():
            type_query(page, q)
            page.wait_for_function("(t) => (document.querySelector('.hit .url') || {}).textContent === t", arg=link)
        assert page.console_errors == []
        page.context.close()
