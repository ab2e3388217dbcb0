"""The JSON API contract: shapes, status codes, error bodies, escaping."""

from __future__ import annotations

import html
import re

import pytest

from searchsvc.settings import Settings
from searchsvc.web import create_app

RESULT_KEYS = [
    "id", "title", "date", "source", "url", "score", "snippet", "title_html", "group", "copies", "missing",
    "matched_by",
]
TOP_KEYS = [
    "query", "total", "page", "per_page", "took_ms", "results", "facets", "undated", "suggestion", "relaxed",
    "all_words", "quoted", "sort", "date_filter", "named",
]


def assert_error(resp, status: int, *words: str) -> None:  # noqa: ANN001
    assert resp.status_code == status
    assert resp.is_json
    body = resp.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    for word in words:
        assert word in body["error"]["message"]


def test_search_response_shape(client) -> None:
    body = client.get("/api/search?q=river&per_page=2").get_json()
    assert list(body) == TOP_KEYS
    assert body["query"] == "river" and body["total"] == 4 and body["page"] == 1 and body["per_page"] == 2
    assert len(body["results"]) == 2
    for result in body["results"]:
        assert list(result) == RESULT_KEYS
        assert isinstance(result["score"], float)
    assert set(body["facets"]) == {"source", "year", "month"}
    assert body["facets"]["month"] == {"2019-03": 1, "2020-06": 1, "2021-08": 1}
    assert body["facets"]["year"] == {"2019": 1, "2020": 1, "2021": 1}
    assert body["suggestion"] is None and body["relaxed"] is False


def test_dates_are_iso_and_missing_values_null(client) -> None:
    results = client.get("/api/search?q=title:rivers").get_json()["results"]
    assert results[0]["date"] is None and results[0]["source"] is None
    flood = client.get("/api/search?q=title:floods").get_json()["results"][0]
    assert flood["date"] == "2019-03-02"
    assert flood["url"] == "https://example.org/news/flood-2019.txt"


def test_filters_sort_and_paging_parameters(client) -> None:
    body = client.get("/api/search?q=river&source=Rural+Times&from=2021&to=2021-12").get_json()
    assert [r["id"] for r in body["results"]] == ["news/drought-2021.txt"]
    body = client.get("/api/search?q=river&sort=oldest&page=2&per_page=1").get_json()
    assert body["results"][0]["date"] == "2020-06-15"
    assert body["sort"] == "oldest"


def test_the_response_says_which_order_its_results_are_in(client) -> None:
    assert client.get("/api/search?q=river").get_json()["sort"] == "relevance"
    # No word to rank by: newest first, whatever was asked.
    assert client.get('/api/search?q=source:"Daily Planet"').get_json()["sort"] == "newest"
    assert client.get("/api/search?q=*&sort=relevance").get_json()["sort"] == "newest"


def test_suggestion_in_api(client) -> None:
    assert client.get("/api/search?q=sanctons").get_json()["suggestion"] == "sanctions"


@pytest.mark.parametrize(
    "query, words",
    [
        ("", ["'q'"]),
        ("?q=river&page=0", ["'page'"]),
        ("?q=river&page=abc", ["'page'"]),
        ("?q=river&per_page=101", ["'per_page'", "100"]),
        ("?q=river&sort=best", ["'sort'", "relevance"]),
        ("?q=river&from=2021-13", ["'from'", "YYYY-MM"]),
        ("?q=river&to=yesterday", ["'to'"]),
        ("?q=%22unclosed", ["quotation mark"]),
        ("?q=(a+OR", ["')'"]),
        ("?q=nosuchfield:x", ["unknown field"]),
        ("?q=source:", ["'source:' needs a word after it", "as in source:"]),
        ("?q=river&source=daily", ["no source is named 'daily'", "Daily Planet"]),
    ],
)
def test_bad_parameters_get_400_with_a_fix(client, query: str, words: list[str]) -> None:
    assert_error(client.get("/api/search" + query), 400, *words)


@pytest.mark.parametrize(
    "query, words",
    [
        ("?q=river&q=floods", ["'q' is given 2 times", "'river'", "'floods'", "once"]),
        ("?q=river&source=Daily+Planet&source=Rural+Times", ["'source' is given 2 times", "'Rural Times'"]),
        ("?q=river&page=1&page=2", ["'page'"]),
    ],
)
def test_a_parameter_given_twice_is_a_400_not_its_first_value(client, query: str, words: list[str]) -> None:
    # A script that sends source=A&source=B (requests' params={"source": [...]}) was answered with
    # source A's matches alone, as if B had not been asked for.
    assert_error(client.get("/api/search" + query), 400, *words)


def test_a_parameter_repeated_with_the_same_value_is_that_value(client) -> None:
    body = client.get("/api/search?q=river&per_page=2&per_page=2").get_json()
    assert body["total"] == 4 and body["per_page"] == 2


@pytest.mark.parametrize(
    "query, words",
    [
        ("?q=river&per-page=2", ["unknown parameter 'per-page'", "did you mean 'per_page'?", "q, page, per_page"]),
        ("?q=river&limit=50", ["unknown parameter 'limit'", "collapse"]),
        ("?q=river&Sort=newest", ["unknown parameter 'Sort'", "did you mean 'sort'?"]),
        ("?query=river", ["unknown parameter 'query'"]),
    ],
)
def test_an_unknown_parameter_is_a_400_not_ignored(client, query: str, words: list[str]) -> None:
    # per-page=2 was answered with the default 10 results, limit=50 too: the script never knew.
    assert_error(client.get("/api/search" + query), 400, *words)


def test_a_cache_buster_or_a_links_tracking_is_no_unknown_parameter(client) -> None:
    # jQuery's cache: false adds "_=<time>"; a link shared from a newsletter carries utm_ parameters.
    for extra in ("_=1701234567890", "utm_source=newsletter&utm_medium=email", "fbclid=IwAR0abc"):
        resp = client.get("/api/search?q=river&" + extra)
        assert resp.status_code == 200 and resp.get_json()["total"] == 4, extra


@pytest.mark.parametrize("raw", ["caf%E9", "%ff", "riv%e2%82er", "%ed%a0%80"])
def test_a_value_percent_encoded_in_another_charset_than_utf8_is_a_400(client, raw: str) -> None:
    # caf%E9 (café in Latin-1) was searched as the text "caf%E9": no results, and "Did you mean caf%Ea?".
    assert_error(client.get(f"/api/search?q={raw}"), 400, "'q'", "UTF-8", "%C3%A9")
    assert_error(client.get(f"/api/search?q=river&source={raw}"), 400, "'source'", "UTF-8")
    assert client.get("/api/search?q=caf%C3%A9").status_code == 200
    assert client.get("/api/search?q=50%25").get_json()["query"] == "50%"


def test_a_page_past_the_last_servable_one_says_how_to_get_the_rest(client) -> None:
    # With 20,000 matches and 10 a page, `total` promised results that page=1001 refused to list, and the
    # message gave no way to reach them.
    assert_error(
        client.get("/api/search?q=river&page=1001"), 400, "'page' must be between 1 and 1000", "per_page=100",
        "/api/search.jsonl",
    )
    body = client.get("/api/search?q=river&page=1000").get_json()  # past the results, within the bound: empty
    assert body["total"] == 4 and body["results"] == []


def test_script_in_query_and_capture_comes_back_escaped(client) -> None:
    resp = client.get("/api/search", query_string={"q": "marmalade <script>alert(1)</script>"})
    assert resp.status_code == 200
    raw = resp.get_data(as_text=True)
    assert "<script>" not in raw.replace("\\u003c", "<").split('"query"')[0]
    body = client.get("/api/search?q=marmalade").get_json()
    snippet = body["results"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_document_endpoint(client) -> None:
    body = client.get("/api/documents/news/flood-2019.txt").get_json()
    assert body["id"] == "news/flood-2019.txt"
    assert body["title"] == "River floods in the north"
    assert body["date"] == "2019-03-02" and body["source"] == "Daily Planet"
    assert "heavy rain" in body["body"]


def test_a_document_asked_with_the_search_words_comes_with_them_marked(client) -> None:
    """The document page marks the search's words in the whole text; the API gave only the plain text, and a
    client showing a document had to find the words again itself (and stem them as the index does)."""
    plain = client.get("/api/documents/news/flood-2019.txt").get_json()
    assert "body_html" not in plain and "marked" not in plain
    body = client.get("/api/documents/news/flood-2019.txt?q=rains+flooding").get_json()
    assert {k: body[k] for k in plain} == plain
    assert body["q"] == "rains flooding"
    assert "<mark>" in body["body_html"] and body["marked"] == body["body_html"].count("<mark>") >= 2
    marked = re.findall(r"<mark>(.*?)</mark>", body["body_html"])
    assert {word.lower() for word in marked} <= {"rain", "rains", "flood", "floods", "flooded", "flooding"}
    assert "rain" in {word.lower() for word in marked}  # the stem's other form, as the index matches it
    assert re.sub(r"</?mark>", "", body["body_html"]) == html.escape(plain["body"], quote=False)
    assert body["title_html"] == "River <mark>floods</mark> in the north"


def test_a_document_escapes_its_marked_text_and_refuses_unknown_parameters(client) -> None:
    body = client.get("/api/documents/blog/xss.txt?q=marmalade").get_json()
    assert "<script>" not in body["body_html"] and "&lt;script&gt;" in body["body_html"]
    assert_error(client.get("/api/documents/news/flood-2019.txt?query=rain"), 400, "unknown parameter 'query'")
    blank = client.get("/api/documents/news/flood-2019.txt?q=+").get_json()
    assert "body_html" not in blank


@pytest.mark.parametrize(
    "path",
    ["/api/documents/nope.txt", "/api/documents/../raw/000_be8c737e0d532a35.txt", "/api/documents/%2Fetc%2Fpasswd"],
)
def test_unknown_or_escaping_document_ids_are_404(client, path: str) -> None:
    assert_error(client.get(path), 404)


def test_healthz_reports_document_count(client) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["documents"] == 11


def test_no_index_is_503_naming_the_fix(tmp_path) -> None:
    client = create_app(Settings(raw_dir=tmp_path, index_dir=tmp_path / "missing")).test_client()
    assert_error(client.get("/api/search?q=river"), 503, "searchsvc index")
    assert client.get("/healthz").status_code == 503


def test_unknown_api_route_and_method_are_json(client) -> None:
    assert_error(client.get("/api/nope"), 404)
    assert_error(client.get("/api"), 404, "/api/openapi.json")  # the API's root, typed without its slash
    assert_error(client.get("/api/"), 404, "/api/openapi.json")
    assert_error(client.post("/api/search?q=x"), 405)


@pytest.mark.parametrize(
    "method, path",
    [("POST", "/api/search?q=x"), ("DELETE", "/api/documents/news/flood-2019.txt"), ("PUT", "/api/search.csv?q=x")],
)
def test_wrong_method_says_which_methods_are_allowed(client, method: str, path: str) -> None:
    resp = client.open(path, method=method)
    assert_error(resp, 405, f"method {method} is not allowed here", "GET")
    # RFC 9110: a 405 lists the methods the resource supports.
    assert set(resp.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(
    "path",
    ["/api/search?q=river", "/api/documents/news/flood-2019.txt", "/api/documents/nope.txt", "/healthz",
     "/api/search?q=%22"],
)
def test_api_answers_say_to_revalidate_before_reuse(client, path: str) -> None:
    # Without Cache-Control a cache may keep a 200 or a 404 for a while of its choosing (Varnish: 2 minutes),
    # and serve it after a rebuild has changed the answer.
    assert client.get(path).headers["Cache-Control"] == "no-cache"
    assert client.get("/api/search.csv?q=river").headers["Cache-Control"] == "no-store"  # as it was


def test_security_headers(client) -> None:
    resp = client.get("/api/search?q=river")
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_collapse_switch(client) -> None:
    assert client.get("/api/search?q=river&collapse=false").status_code == 200
    assert_error(client.get("/api/search?q=river&collapse=maybe"), 400, "'collapse'")


def test_a_page_saved_as_mhtml_is_served_by_its_id(tmp_path) -> None:  # noqa: ANN001
    from corpora import indexed, mhtml
    from test_extract import SAVED_FROM, SAVED_PAGE

    indexed(tmp_path, {"saved/message.mhtml": mhtml(SAVED_PAGE, url=SAVED_FROM)})
    client = create_app(Settings(raw_dir=tmp_path / "raw", index_dir=tmp_path / "ix")).test_client()
    (hit,) = client.get("/api/search?q=reconstruction+pyongyang").get_json()["results"]
    assert (hit["id"], hit["url"], hit["source"], hit["date"]) == (
        "saved/message.mhtml", SAVED_FROM, "friendsofkorea.example", "2024-06-25")  # the day its address names
    doc = client.get("/api/documents/" + hit["id"]).get_json()
    assert doc["id"] == "saved/message.mhtml" and "photo exhibition" in doc["body"]
