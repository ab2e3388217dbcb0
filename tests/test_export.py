"""Exports of every match: /api/search.csv and /api/search.jsonl (streamed), and `searchsvc search --format`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest

from searchsvc.cli import cli
from searchsvc.indexer import build_index
from searchsvc.settings import Settings
from searchsvc.web import create_app, export

HEADER = ["id", "title", "date", "source", "url", "group", "score", "missing"]
HOSTILE_TITLES = ['=HYPERLINK("http://evil.example","x")', "+1 pumpkin", "-2 pumpkin", "@SUM pumpkin"]


@pytest.fixture(scope="module")
def big_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """25 pumpkin documents (more than two pages), four with titles a spreadsheet would run."""
    base = tmp_path_factory.mktemp("export")
    raw = base / "raw"
    raw.mkdir()
    for i in range(25):
        title = HOSTILE_TITLES[i] if i < len(HOSTILE_TITLES) else f'Pumpkin report {i}, "quoted"'
        words = " ".join(hashlib.sha1(f"{i}-{j}".encode()).hexdigest()[:8] for j in range(20))  # no near-duplicates
        (raw / f"p{i:02d}.txt").write_text(f"{title}\n\nThe pumpkin harvest: {words}.\n", encoding="utf-8")
        meta = {"title": title, "date": f"20{10 + i % 10}-0{1 + i % 9}-1{i % 10}", "source": "Gourd News"}
        (raw / f"p{i:02d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    build_index(raw, base / "index")
    return base / "index"


@pytest.fixture
def big_client(big_index: Path):  # noqa: ANN201
    return create_app(Settings(raw_dir=big_index.parent / "raw", index_dir=big_index)).test_client()


def parse_csv(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def test_csv_streams_every_match_with_headers(big_client) -> None:
    resp = big_client.get("/api/search.csv?q=pumpkin&per_page=5&page=3")  # paging is ignored
    assert resp.status_code == 200
    assert resp.is_streamed
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="searchsvc-pumpkin.csv"'
    text = resp.get_data(as_text=True)
    assert text.endswith("\r\n")
    rows = parse_csv(text)
    assert len(rows) == 25 and len({r["id"] for r in rows}) == 25
    assert all(r["source"] == "Gourd News" and r["group"] == r["id"] and float(r["score"]) > 0 for r in rows)
    quoted = next(r for r in rows if r["id"] == "p10.txt")
    assert quoted["title"] == 'Pumpkin report 10, "quoted"'  # commas and quotes survive the round trip


def test_csv_guards_against_formula_injection(big_client) -> None:
    rows = parse_csv(big_client.get("/api/search.csv?q=pumpkin").get_data(as_text=True))
    titles = {r["id"]: r["title"] for r in rows}
    for i, title in enumerate(HOSTILE_TITLES):
        assert titles[f"p{i:02d}.txt"] == "'" + title
    assert export.csv_cell("-1") == "'-1" and export.csv_cell("\t=1") == "'\t=1"
    assert export.csv_cell(-1.5) == "-1.5" and export.csv_cell(None) == ""  # numbers are numbers


def test_csv_is_written_in_chunks(big_client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 4)
    resp = big_client.get("/api/search.csv?q=pumpkin")
    chunks = list(resp.response)
    assert len(chunks) == 7  # 25 rows in chunks of 4
    assert len(parse_csv(b"".join(chunks).decode("utf-8"))) == 25


def test_jsonl_lines_are_json_objects_in_query_order(big_client) -> None:
    resp = big_client.get("/api/search.jsonl?q=pumpkin&sort=oldest")
    assert resp.status_code == 200
    assert resp.mimetype == "application/x-ndjson"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="searchsvc-pumpkin.jsonl"'
    lines = resp.get_data(as_text=True).splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 25
    assert all(list(o) == HEADER for o in objects)
    dates = [o["date"] for o in objects]
    assert dates == sorted(dates)
    assert all(o["group"] == o["id"] for o in objects)  # distinct texts: each its own group
    assert {o["title"] for o in objects} >= set(HOSTILE_TITLES)  # JSON needs no formula guard


def test_filters_apply_and_empty_q_exports_everything(client) -> None:
    rows = parse_csv(client.get("/api/search.csv?q=river&source=Daily+Planet&from=2020").get_data(as_text=True))
    assert [r["id"] for r in rows] == ["news/flood-2020.txt"]
    everything = client.get("/api/search.jsonl?q=").get_data(as_text=True).splitlines()
    assert len(everything) == 11  # more than the default page of 10
    resp = client.get("/api/search.csv?q=zzzznothing")
    assert resp.status_code == 200 and resp.get_data(as_text=True) == ",".join(HEADER) + "\r\n"
    assert 'filename="searchsvc-all.csv"' in client.get("/api/search.csv?q=").headers["Content-Disposition"]


def _disposition(client, q: str) -> str:  # noqa: ANN001
    with client.get("/api/search.csv", query_string={"q": q}) as resp:  # closed: the stream holds the request
        resp.get_data()
        return resp.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "q, name",
    [
        ("Türkiye", "searchsvc-turkiye.csv"), ("Díaz río", "searchsvc-diaz-rio.csv"), ("", "searchsvc-all.csv"),
        ("*", "searchsvc-all.csv"),
    ],
)
def test_the_download_is_named_after_the_query_accents_folded(client, q: str, name: str) -> None:
    assert _disposition(client, q) == f'attachment; filename="{name}"'


def test_a_query_in_another_script_is_not_named_as_the_whole_collection(client) -> None:
    # `curl -OJ` saved an export of 朝鲜 as searchsvc-all.csv, the name of the whole collection's export, and
    # the next such query overwrote it.
    names = {_disposition(client, q) for q in ("朝鲜", "Москва")}
    assert len(names) == 2
    for name in names:
        assert re.fullmatch(r'attachment; filename="searchsvc-query-[0-9a-f]{8}\.csv"', name), name


def test_a_relaxed_question_exports_what_its_pages_show(client) -> None:
    """No document has every word of this question; the page lists documents with any of them, and
    the export lists the same, in the same order (it once gave only the header row)."""
    q = "which+towns+lost+harvests+after+the+floods"
    page = client.get(f"/api/search?q={q}&collapse=false&per_page=100").get_json()
    assert page["relaxed"] and page["total"] >= 3
    rows = parse_csv(client.get(f"/api/search.csv?q={q}").get_data(as_text=True))
    assert [r["id"] for r in rows] == [hit["id"] for hit in page["results"]]
    assert [float(r["score"]) for r in rows] == [hit["score"] for hit in page["results"]]
    assert [r["missing"] for r in rows] == [" ".join(hit["missing"]) for hit in page["results"]]
    assert any(r["missing"] for r in rows)
    lines = client.get(f"/api/search.jsonl?q={q}").get_data(as_text=True).splitlines()
    assert [json.loads(line)["missing"] for line in lines] == [hit["missing"] for hit in page["results"]]



@pytest.fixture(scope="module")
def copies_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Coffee items: one text in three copies (the earliest dated February), one in two, and two texts
    of their own; one item about Zanzibar without coffee."""
    base = tmp_path_factory.mktemp("copies")
    raw = base / "raw"
    raw.mkdir()
    appeal = " ".join(f"Clause {n} of the appeal on coffee harvests, rivers and debts." for n in range(30))
    letter = " ".join(f"Line {n} of the letter on coffee prices and the port strike." for n in range(30))
    captures = {
        "appeal-a.txt": ("Appeal", appeal, "2020-03-01"),
        "appeal-b.txt": ("Appeal republished", appeal + " Share this.", "2020-02-01"),
        "appeal-c.txt": ("The appeal", "Posted below. " + appeal, "2020-04-01"),
        "letter-a.txt": ("Letter", letter, "2021-05-01"),
        "letter-b.txt": ("Letter again", letter + " Comments are closed.", "2021-06-01"),
        "market.txt": ("Market", "Coffee futures rose on the exchange in a thin market.", "2019-01-01"),
        "roast.txt": ("Roast", "A small coffee roaster opened near the harbour in spring.", None),
        "zanzibar.txt": ("Zanzibar", "Cloves and spices from Zanzibar sold well at auction.", "2018-07-01"),
    }
    for name, (title, body, day) in captures.items():
        (raw / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        if day:
            (raw / name.replace(".txt", ".meta.json")).write_text(json.dumps({"date": day}), encoding="utf-8")
    build_index(raw, base / "index")
    return base / "index"


@pytest.fixture
def copies_client(copies_index: Path):  # noqa: ANN201
    return create_app(Settings(raw_dir=copies_index.parent / "raw", index_dir=copies_index)).test_client()


@pytest.mark.parametrize("q", ["coffee", "coffee harvests zanzibar"], ids=["words", "relaxed"])
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_exports_list_the_results_the_pages_list(copies_client, q: str, sort: str) -> None:
    """With near-duplicate copies collapsed (the default), a page lists one result per text and the
    exports listed every copy (7 rows for "coffee" against 4 results on the page)."""
    for collapse in ("", "true", "false"):
        params = f"q={q}&sort={sort}&collapse={collapse}"
        page = copies_client.get(f"/api/search?{params}&per_page=100").get_json()
        expected = [(hit["id"], hit["group"], hit["missing"]) for hit in page["results"]]
        assert len(expected) == page["total"] >= 4
        rows = parse_csv(copies_client.get(f"/api/search.csv?{params}").get_data(as_text=True))
        assert [(r["id"], r["group"], r["missing"].split()) for r in rows] == expected, collapse
        lines = copies_client.get(f"/api/search.jsonl?{params}").get_data(as_text=True).splitlines()
        objects = [json.loads(line) for line in lines]
        assert [(o["id"], o["group"], o["missing"]) for o in objects] == expected, collapse
        if sort == "relevance":
            assert [o["score"] for o in objects] == [hit["score"] for hit in page["results"]], collapse


def test_a_collapsed_export_lists_each_text_once_by_its_earliest_copy(runner, copies_index: Path,
                                                                       copies_client) -> None:
    rows = parse_csv(copies_client.get("/api/search.csv?q=coffee").get_data(as_text=True))
    assert sorted(r["id"] for r in rows) == ["appeal-b.txt", "letter-a.txt", "market.txt", "roast.txt"]
    every = parse_csv(copies_client.get("/api/search.csv?q=coffee&collapse=false").get_data(as_text=True))
    assert len(every) == 7
    result = runner.invoke(cli, ["--index", str(copies_index), "search", "coffee", "--format", "csv", "--all"])
    assert result.exit_code == 0, result.output
    assert parse_csv(result.output) == rows


def test_a_page_of_every_capture_links_downloads_of_every_capture(copies_client) -> None:
    html = copies_client.get("/?q=coffee&collapse=false").get_data(as_text=True)
    assert "Download all 7 matches" in html
    assert 'href="/api/search.csv?q=coffee&amp;collapse=false"' in html


@pytest.mark.parametrize(
    "url, words",
    [
        ("/api/search.csv", ["'q'"]),
        ("/api/search.csv?q=%22oops", ["quotation mark"]),
        ("/api/search.jsonl?q=(a", ["is not closed"]),
        ("/api/search.jsonl?q=x&from=20x", ["'from'"]),
        ("/api/search.csv?q=x&sort=sideways", ["'sort'"]),
        ("/api/search.jsonl?q=river&source=Daily+Planet&source=Rural+Times", ["'source' is given 2 times"]),
        ("/api/search.csv?q=river&srouce=Daily+Planet", ["unknown parameter 'srouce'", "did you mean 'source'?"]),
        ("/api/search.csv?q=caf%E9", ["'q'", "UTF-8"]),
    ],
)
def test_bad_queries_are_the_api_json_400(client, url: str, words: list[str]) -> None:
    resp = client.get(url)
    assert resp.status_code == 400 and resp.is_json
    body = resp.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == "bad_request"
    for word in words:
        assert word in body["error"]["message"]


def test_missing_index_is_a_503_before_streaming(tmp_path: Path) -> None:
    client = create_app(Settings(raw_dir=tmp_path, index_dir=tmp_path / "none")).test_client()
    resp = client.get("/api/search.csv?q=x")
    assert resp.status_code == 503 and resp.is_json


def test_results_page_links_the_downloads(client) -> None:
    html = client.get("/?q=river&source=Daily+Planet&page=1").get_data(as_text=True)
    assert 'href="/api/search.csv?q=river&amp;source=Daily+Planet"' in html
    assert 'href="/api/search.jsonl?q=river&amp;source=Daily+Planet"' in html
    assert "Download all 2 matches" in html
    assert 'href="/api/search.csv?q=&amp;sort=oldest"' in client.get("/?sort=oldest").get_data(as_text=True)


def test_cli_format_csv_prints_the_current_page_or_all(runner, big_index: Path) -> None:
    base = ["--index", str(big_index), "search", "pumpkin", "--format", "csv"]
    page = runner.invoke(cli, [*base, "--per-page", "10"])
    assert page.exit_code == 0, page.output
    assert len(parse_csv(page.output)) == 10
    every = runner.invoke(cli, [*base, "--all"])
    assert every.exit_code == 0, every.output
    rows = parse_csv(every.output)
    assert len(rows) == 25
    assert rows[0]["title"].startswith("'") or any(r["title"].startswith("'=") for r in rows)


def test_cli_format_jsonl_matches_the_http_export(runner, big_index: Path, big_client) -> None:
    result = runner.invoke(cli, ["--index", str(big_index), "search", "--format", "jsonl", "--all", "--sort", "oldest",
                                 "pumpkin"])
    assert result.exit_code == 0, result.output
    assert result.output == big_client.get("/api/search.jsonl?q=pumpkin&sort=oldest").get_data(as_text=True)
    page = runner.invoke(cli, ["--index", str(big_index), "search", "--format", "jsonl", "--page", "3", "pumpkin"])
    assert [json.loads(line)["id"] for line in page.output.splitlines()] and len(page.output.splitlines()) == 5


def test_cli_format_errors(runner, settings) -> None:
    index = ["--index", str(settings.index_dir), "search"]
    result = runner.invoke(cli, [*index, "--format", "csv", "--all", '"unclosed'])
    assert result.exit_code == 2 and "quotation mark is not closed" in result.output
    result = runner.invoke(cli, [*index, "--format", "csv", "--json", "river"])
    assert result.exit_code == 2 and "--json" in result.output
    result = runner.invoke(cli, [*index, "--format", "xml", "river"])
    assert result.exit_code == 2
