"""The HTML pages: search results, facets, pager, suggestion link, document page, escaping."""

from __future__ import annotations

import re
from pathlib import Path

from corpora import ARCHIVED_CAPTURES, indexed

from searchsvc.settings import Settings
from searchsvc.web import create_app


def text(resp) -> str:  # noqa: ANN001
    return resp.get_data(as_text=True)


def test_home_has_a_search_box_that_works_without_javascript(client) -> None:
    html = text(client.get("/"))
    assert re.search(r'<form[^>]*action="/"[^>]*method="get"', html)
    assert 'name="q"' in html
    # Scripts are only external progressive enhancement: nothing inline (the CSP forbids it).
    assert all(body.strip() == "" for body in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S))


def test_results_show_title_link_date_source_and_marked_snippet(client) -> None:
    html = text(client.get("/?q=heavy+rain"))
    assert 'href="/doc/news/flood-2019.txt?q=heavy+rain"' in html
    assert "River floods in the north" in html
    assert '<time datetime="2019-03-02">2 March 2019</time>' in html
    assert "Daily Planet" in html
    assert "<mark>heavy</mark> <mark>rain</mark>" in html


def test_facets_are_filter_links(client) -> None:
    html = text(client.get("/?q=river"))
    assert 'href="/?q=river&amp;source=Daily+Planet"' in html
    assert 'href="/?q=river&amp;from=2019&amp;to=2019"' in html
    filtered = text(client.get("/?q=river&source=Daily+Planet"))
    assert "Drought hits farmers" not in filtered and "Flood defences rebuilt" in filtered


def test_pager_links_keep_the_query(client) -> None:
    html = text(client.get("/?q=&per_page=3"))
    assert 'rel="next" href="/?per_page=3&amp;page=2"' in html
    page2 = text(client.get("/?q=&per_page=3&page=2"))
    assert 'rel="prev"' in page2


def test_a_search_of_every_copy_stays_one_on_its_next_page_filters_and_searches(client) -> None:
    """collapse=false lists every capture, copies included; its pager and facet links went back to
    one result per group of copies."""
    html = text(client.get("/?q=&per_page=3&collapse=false"))
    assert 'rel="next" href="/?per_page=3&amp;collapse=false&amp;page=2"' in html
    assert 'href="/?per_page=3&amp;collapse=false&amp;source=Daily+Planet"' in html
    assert '<input type="hidden" name="collapse" value="false">' in html


def test_a_filtered_search_with_no_results_or_an_error_links_to_one_without_the_filters(client) -> None:
    """With no facets to show, "0 results from KCNA" had no link to clear the source, and the box
    carried the filter on to every new search."""
    html = text(client.get("/?q=river&source=Daily+Planet&from=2001&to=2001"))
    assert "No documents match" in html
    assert '<a class="clear" href="/?q=river">Search without the source and date filters</a>' in html
    html = text(client.get("/?q=river&source=Nope"))
    assert "no source is named" in html and '<a class="clear" href="/?q=river">' in html


def test_the_pager_stops_at_the_last_page_that_can_be_asked_for(client, monkeypatch) -> None:  # noqa: ANN001
    """Browsing 1,955 pages, page 1000 linked to 1001-1003 and "Next", each a 400."""
    import searchsvc.search as core

    monkeypatch.setattr(core, "MAX_PAGE", 2)
    html = text(client.get("/?q=&per_page=1&page=2"))
    assert 'rel="next"' not in html and "page=3" not in html
    assert client.get("/?q=&per_page=1&page=3").status_code == 400


def test_a_page_past_the_last_links_to_the_last(client) -> None:
    html = text(client.get("/?q=river&page=50"))
    assert "Page 50 is past the last page of these results" in html
    assert "Try fewer words" not in html and 'href="/?q=river&amp;page=1">go to page 1</a>' in html


def test_back_to_results_returns_to_the_filtered_sorted_page_the_reader_came_from(client) -> None:
    """The link kept only the query: 107 results by relevance instead of the reader's 1, newest first."""
    came_from = "http://localhost/?q=river&source=Daily+Planet&sort=newest&page=1&evil=1"
    html = text(client.get("/doc/news/flood-2019.txt?q=river", headers={"Referer": came_from}))
    assert '<a href="/?q=river&amp;source=Daily+Planet&amp;sort=newest&amp;page=1">← Back to results</a>' in html
    html = text(client.get("/doc/news/flood-2019.txt?q=river", headers={"Referer": "http://elsewhere.example/?q=x"}))
    assert '<a href="/?q=river">← Back to results</a>' in html


def test_pages_name_their_icon_so_the_browser_asks_for_no_favicon(client) -> None:
    for url in ("/", "/?q=river", "/doc/news/flood-2019.txt"):
        assert '<link rel="icon" href="data:,">' in text(client.get(url))


def test_a_star_browses_the_collection_as_an_empty_query_does(client) -> None:
    html = text(client.get("/?q=*"))
    assert "documents in the collection" in html and "<title>All " in html
    assert '<strong aria-current="true">newest</strong>' in html  # the order it is listed in


def test_a_one_period_filter_reads_as_that_period(client) -> None:
    html = text(client.get("/?q=river&from=2019&to=2019"))
    assert "dated 2019</span>" in html and "2019 to 2019" not in html


def test_suggestion_is_a_link(client) -> None:
    html = text(client.get("/?q=sanctons"))
    assert 'Did you mean <a href="/?q=sanctions">sanctions</a>' in html


def test_bad_query_shows_the_message_with_400(client) -> None:
    resp = client.get("/?q=%22oops")
    assert resp.status_code == 400
    assert "quotation mark is not closed" in text(resp)


def test_unknown_source_shows_the_sources_with_400_and_escaped(client) -> None:
    resp = client.get("/", query_string={"q": "river", "source": "<script>alert(1)</script>"})
    assert resp.status_code == 400
    html = text(resp)
    assert "no source is named" in html and "Daily Planet" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_script_in_query_and_capture_is_escaped(client) -> None:
    html = text(client.get("/", query_string={"q": 'marmalade OR "<script>alert(1)</script>"'}))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    html = text(client.get("/?q=marmalade"))
    assert "<script>" not in html
    assert "Hostile &lt;script&gt;alert(" in html and "xss" in html


def test_document_page_shows_clean_text_with_marks(client) -> None:
    html = text(client.get("/doc/000_be8c737e0d532a35.txt?q=sanctions"))
    assert "<mark>sanctions</mark>" in html
    assert "19th IMCWP Expresses Solidarity" in html
    assert "Image credit" not in html and "Related posts" not in html


def test_document_page_escapes_capture_markup(client) -> None:
    html = text(client.get("/doc/blog/xss.txt"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_missing_document_is_a_404_page(client) -> None:
    resp = client.get("/doc/../../etc/passwd")
    assert resp.status_code == 404
    assert "root:" not in text(resp)


def test_phone_viewport_meta(client) -> None:
    assert 'name="viewport" content="width=device-width' in text(client.get("/"))


def test_relaxed_results_are_announced(client) -> None:
    html = text(client.get("/?q=which+towns+lost+harvests+after+the+floods"))
    assert "Only 1 document has all of these words" in html  # "which" is a question word
    assert "River <mark>floods</mark> in the north" in html  # the title is marked as the snippet is
    assert '<p class="missing">Missing: ' in html  # each result names the words it lacks
    assert "api/search.csv?q=which+towns" in html  # its downloads list what its pages show


def test_a_year_or_a_bar_chosen_within_a_date_filter_shows_what_it_counted(client) -> None:
    """From September 2021, "farmers" has one result in 2021 (the sanctions debate); the year link
    said "2021 (1)" and led to from=2021&to=2021: two results, the August drought too (at 20k,
    "oil" from 1987-04-15: "1987 (343)" led to 1,387). The link keeps the filter's narrower bound."""
    html = text(client.get("/?q=farmers&from=2021-09"))
    link = re.search(r'<li><a href="([^"]+)">2021</a> \(1\)</li>', html)
    assert link and link.group(1) == "/?q=farmers&amp;from=2021-09&amp;to=2021"
    assert "1 result" in text(client.get(link.group(1).replace("&amp;", "&")))
    # A bar of the timeline (by month here) within a filter starting mid-month.
    html = text(client.get("/?q=river&from=2020-06-10&to=2021-08-15"))
    assert 'href="/?q=river&amp;from=2020-06-10&amp;to=2020-06"' in html
    assert 'href="/?q=river&amp;from=2021-08&amp;to=2021-08-15"' in html


def test_a_new_search_from_the_box_keeps_the_page_size(client) -> None:
    """At per_page=50 the pager, sort and facet links kept 50 a page, but a query typed in the box came
    back 10 a page: the form carried the filters and the sort, not the page size."""
    html = text(client.get("/?q=river&per_page=50&sort=newest"))
    assert '<input type="hidden" name="per_page" value="50">' in html
    assert 'name="per_page"' not in text(client.get("/?q=river"))
    assert 'name="per_page"' not in text(client.get("/?q=river&per_page=500"))  # refused: not carried on


def test_the_sort_shown_is_the_order_the_results_are_in(client) -> None:
    """A query of sources alone is listed newest first (it has no word to rank by), but the page
    said "Sort: relevance" over it."""
    html = text(client.get('/?q=source:"Daily Planet"'))
    assert re.search(r'Sort:\s*<a [^>]*>relevance</a>\s*<strong aria-current="true">newest</strong>', html)
    html = text(client.get("/?q=river"))
    assert re.search(r'Sort:\s*<strong aria-current="true">relevance</strong>', html)
    html = text(client.get("/?q=&sort=relevance"))  # the whole collection, which has no order of relevance
    assert re.search(r'<strong aria-current="true">newest</strong>', html) and ">relevance</strong>" not in html


def test_document_page_says_how_many_words_are_marked_and_links_the_first(client) -> None:
    """A 50,000-character statement whose one match is far down showed its mark with nothing above
    to say it was there: the reader had to scroll the whole text to find it."""
    html = text(client.get("/doc/000_be8c737e0d532a35.txt?q=sanctions"))
    body = html[html.index('<div class="body">') : html.index("</div>", html.index('<div class="body">'))]
    assert body.count("<mark") == 2 and body.count('<mark id="first-match">sanctions</mark>') == 1
    assert '2 words of your search marked in the text · <a href="#first-match">go to the first</a>' in html
    plain = text(client.get("/doc/000_be8c737e0d532a35.txt"))
    assert "first-match" not in plain and "marked in the text" not in plain


def test_results_have_a_heading_above_their_titles_and_the_sort_in_use_is_marked_current(client) -> None:
    """A screen reader's heading list put every result title (h3) under the "Year" facet, and the sort in
    use was only bold: nothing said it was the current one."""
    html = text(client.get("/?q=river"))
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S)
    first_hit = next(i for i, (level, _) in enumerate(headings) if level == "3")
    assert headings[first_hit - 1] == ("2", "Results")
    assert '<section class="results" aria-labelledby="results-heading">' in html
    assert re.search(r'Sort:\s*<strong aria-current="true">relevance</strong>', html)
    assert html.count('aria-current="true"') == 1


def test_the_search_page_has_an_h1_that_says_what_it_is(client) -> None:
    """A screen reader's list of headings on the search page began at h2 ("Source"): nothing said what the page
    was. Its h1 (hidden) names the query and filters, or searching the collection; escaped like the rest."""

    def headings(url: str) -> list[tuple[str, str]]:
        return re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", text(client.get(url)), re.S)

    assert headings("/?q=river")[0] == ("1", "Results for “river”")
    assert headings("/?q=river&source=Daily+Planet&from=2019&to=2019")[0] == (
        "1", "Results for “river” – Daily Planet – 2019")
    assert headings("/")[0] == ("1", "Search the collection")
    assert headings("/?q=*")[0] == ("1", "Search the collection")
    assert headings("/?q=%22oops")[0] == ("1", "Cannot search for “&#34;oops”")
    assert headings("/?q=%3Cb%3Emarmalade")[0] == ("1", "Results for “&lt;b&gt;marmalade”")
    for url in ("/?q=river", "/", "/?q=%22oops"):
        assert [level for level, _ in headings(url)].count("1") == 1, url


def test_an_error_page_has_an_h1_that_names_the_error(client) -> None:
    """An error page's heading list was empty: its message had no heading a screen reader could go to."""
    for url, status in (("/doc/no/such.txt", 404), ("/nowhere", 404)):
        resp = client.get(url)
        assert resp.status_code == status
        html = text(resp)
        assert re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S) == [("1", f"Error {status}")]
        assert html.index("<h1") < html.index('role="alert"')
    resp = client.post("/doc/no/such.txt")
    assert resp.status_code == 405 and '<h1 class="error-heading">Error 405</h1>' in text(resp)


def test_a_query_that_is_only_a_date_links_the_documents_dated_then(client) -> None:
    html = text(client.get("/?q=2019-03-02&source=Daily+Planet"))
    listing = "/?source=Daily+Planet&amp;from=2019-03-02&amp;to=2019-03-02"
    assert f'1 document is dated 2 March 2019. <a href="{listing}">List it</a>.' in html
    listed = text(client.get("/?source=Daily+Planet&from=2019-03-02&to=2019-03-02"))
    assert "River floods in the north" in listed
    body = client.get("/api/search?q=March+2019").get_json()
    assert body["date_filter"] == {"from": "2019-03", "to": "2019-03", "label": "March 2019", "total": 1, "q": ""}


def test_a_date_among_words_links_their_results_dated_then(client) -> None:
    html = text(client.get("/?q=river+March+2019&page=2"))
    listing = "/?q=river&amp;from=2019-03&amp;to=2019-03"
    assert f'1 result for “river” is dated March 2019. <a href="{listing}">List it</a>.' in html
    listed = text(client.get("/?q=river&from=2019-03&to=2019-03"))
    assert "/doc/news/flood-2019.txt" in listed and "/doc/news/flood-2020.txt" not in listed
    body = client.get("/api/search?q=river+March+2019").get_json()
    assert body["date_filter"] == {"from": "2019-03", "to": "2019-03", "label": "March 2019", "total": 1, "q": "river"}
    # A bound sets one filter; the API says null for the other.
    html = text(client.get("/?q=river+before+June+2020&to=2021"))
    assert '1 result for “river” is dated before June 2020. <a href="/?q=river&amp;to=2020-05">List it</a>.' in html
    body = client.get("/api/search?q=river+before+June+2020").get_json()
    assert body["date_filter"]["from"] is None and body["date_filter"]["to"] == "2020-05"
    assert client.get("/api/search?q=river").get_json()["date_filter"] is None


def test_a_pasted_web_address_shows_its_capture(client) -> None:
    html = text(client.get("/?q=http://www.example.org/news/flood-2019.txt"))
    assert '<p class="named">The capture with this web address.</p>' in html
    assert "River floods in the north" in html and "Did you mean" not in html
    body = client.get("/api/search?q=news/flood-2019.txt").get_json()
    assert body["named"] == {"kind": "file", "found": 1} and body["total"] == 1
    assert client.get("/api/search?q=river").get_json()["named"] is None


def test_a_relaxed_results_date_that_answered_the_question_is_marked(client) -> None:
    html = text(client.get("/?q=river+farmers+harvests+March+2019"))
    assert '<time datetime="2019-03-02"><mark>2 March 2019</mark></time>' in html
    # Only there: the other results' dates answered nothing.
    assert html.count("<time datetime=") > 1 and len(re.findall(r"<time [^>]*><mark>", html)) == 1


def test_a_page_saved_as_mhtml_has_its_document_page(tmp_path) -> None:  # noqa: ANN001
    from corpora import indexed, mhtml
    from test_extract import SAVED_FROM, SAVED_PAGE

    from searchsvc.settings import Settings
    from searchsvc.web import create_app

    indexed(tmp_path, {"saved/message.mhtml": mhtml(SAVED_PAGE, url=SAVED_FROM)})
    client = create_app(Settings(raw_dir=tmp_path / "raw", index_dir=tmp_path / "ix")).test_client()
    results = text(client.get("/?q=peace+treaty"))
    assert 'href="/doc/saved/message.mhtml?q=peace+treaty"' in results
    resp = client.get("/doc/saved/message.mhtml?q=peace+treaty")
    assert resp.status_code == 200
    html = text(resp)
    assert "Solidarity message on the anniversary of the Korean War" in html
    assert "<mark>peace</mark> <mark>treaty</mark>" in html and "friendsofkorea.example" in html
    assert "=3D" not in html and "MultipartBoundary" not in html


def test_a_link_to_an_archived_copy_reads_as_the_pages_own_address_and_the_archive(tmp_path: Path) -> None:
    # Cut at 60 characters, the link read "https://web.archive.org/web/20030115034315/http://www.kcn...":
    # the archive's prefix, and not which page it holds.
    indexed(tmp_path, ARCHIVED_CAPTURES)
    client = create_app(Settings(raw_dir=tmp_path / "raw", index_dir=tmp_path / "ix")).test_client()
    html = text(client.get("/?q=solidarity"))
    assert ('<a class="url" href="https://web.archive.org/web/20030115034315/http://www.kcna.co.jp/item/2003/200301/'
            'news01/15.htm" rel="nofollow noopener noreferrer">www.kcna.co.jp/item/2003/200301/news01/15.htm'
            " (Wayback Machine copy)</a>") in html
    html = text(client.get("/?q=hanoi"))
    assert ">www.korea-solidarity.org.uk/2019/03/statement-on-the-hano... (archive.today copy)</a>" in html
    html = text(client.get("/doc/ksc.txt"))
    assert (">www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit-and-the-way-ahead/"
            " (archive.today copy)</a>") in html


def test_a_query_percent_encoded_in_another_charset_than_utf8_is_said_on_the_page(client) -> None:
    """A link's caf%E9 (café in Latin-1) was searched as the text "caf%E9": "No documents match caf%E9",
    where the API says what is wrong with it."""
    resp = client.get("/?q=caf%E9")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "is not UTF-8 once its %-escapes are decoded" in page and "No documents match" not in page
    assert client.get("/?q=caf%C3%A9").status_code == 200


def test_an_empty_index_says_to_add_captures_not_to_try_fewer_words(tmp_path: Path) -> None:
    """Served after a first build of an empty raw folder, the home page said "No documents match. Try
    fewer words, OR between alternatives, or a wider date range.", though nothing had been typed."""
    from searchsvc.indexer import build_index

    (tmp_path / "raw").mkdir()
    build_index(tmp_path / "raw", tmp_path / "ix")
    client = create_app(Settings(raw_dir=tmp_path / "raw", index_dir=tmp_path / "ix")).test_client()
    for url in ("/", "/?q=korea"):
        html = text(client.get(url))
        assert "The index holds no documents yet: put page captures" in html and "Try fewer words" not in html
        assert 'data-empty="The index holds no documents yet' in html  # for the results shown while typing


def test_a_search_that_finds_nothing_in_a_collection_still_says_to_try_fewer_words(client) -> None:
    html = text(client.get("/?q=xyzzyplugh"))
    assert "Try fewer words" in html and "no documents yet" not in html and "data-empty" not in html
