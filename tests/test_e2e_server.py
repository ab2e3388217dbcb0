"""End to end: `searchsvc index` builds the index, the real `gunicorn wsgi:app` serves it over HTTP,
and rebuilds while clients search are seen without errors, partial indexes or a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import CORPUS, SEEDS_DIR, write_corpus
from servers import REPO, free_port, gunicorn_server, http_get, run_cli

pytestmark = pytest.mark.e2e

N_DOCS = len(CORPUS) + len(list(SEEDS_DIR.glob("*.txt")))  # 6 fixture captures + 5 real seeds
# Words that appear in no fixture or seed capture: one per capture added between rebuilds.
NEW_WORDS = ("axolotl", "pangolin", "narwhal", "okapi")


def _search(base: str, q: str, **params: str) -> dict:
    resp = http_get(f"{base}/api/search?{urllib.parse.urlencode({'q': q, **params})}")
    assert resp.status == 200, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    return resp.json()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A gunicorn server over an index built by the CLI (read-only tests share it)."""
    base = tmp_path_factory.mktemp("e2e")
    raw, index = write_corpus(base / "raw"), base / "index"
    run_cli(raw, index, "index", "--quiet")
    with gunicorn_server(raw, index, base) as url:
        yield url


def test_api_search_json_shape(server: str) -> None:
    data = _search(server, "river")
    # The documented keys, in the documented order (later additions may follow or sit between).
    documented = ["query", "total", "page", "per_page", "took_ms", "results", "facets", "suggestion"]
    assert [key for key in data if key in documented] == documented
    assert data["query"] == "river"
    assert data["page"] == 1 and data["per_page"] == 10
    assert isinstance(data["took_ms"], (int, float)) and data["took_ms"] >= 0
    # river/rivers: both flood captures, the drought, the undated note.
    ids = {hit["id"] for hit in data["results"]}
    assert {"news/flood-2019.txt", "news/flood-2020.txt", "news/drought-2021.txt", "blog/undated.txt"} <= ids
    assert data["total"] == len(data["results"])
    for hit in data["results"]:
        assert list(hit)[:7] == ["id", "title", "date", "source", "url", "score", "snippet"]
        assert isinstance(hit["score"], (int, float))
    flood = next(h for h in data["results"] if h["id"] == "news/flood-2019.txt")
    assert flood["title"] == "River floods in the north"
    assert flood["date"] == "2019-03-02" and flood["source"] == "Daily Planet"
    assert flood["url"] == "https://example.org/news/flood-2019.txt"
    assert "<mark>" in flood["snippet"]
    assert {"source", "year"} <= set(data["facets"])
    assert data["facets"]["source"]["Daily Planet"] == 2
    assert data["facets"]["year"]["2019"] == 1
    assert data["suggestion"] is None


def test_api_misspelling_gets_a_suggestion(server: str) -> None:
    data = _search(server, "solidarty")
    assert data["suggestion"] == "solidarity"


def test_search_page_highlights_matches(server: str) -> None:
    resp = http_get(f"{server}/?q=solidarity")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/html")
    assert "<mark>" in resp.text.lower()
    assert "<mark>Solidarity</mark> with the Korean people" in resp.text  # the title marked too


def test_healthz_reports_document_count(server: str) -> None:
    resp = http_get(f"{server}/healthz")
    assert resp.status == 200
    data = resp.json()
    assert data["status"] == "ok"
    assert data["documents"] == N_DOCS
    assert data["generation"].startswith("gen-")


def test_served_app_is_not_in_debug_mode(server: str) -> None:
    page = http_get(f"{server}/no/such/page")
    assert page.status == 404
    assert page.headers["Content-Type"].startswith("text/html")
    assert "no such page or document" in page.text
    api = http_get(f"{server}/api/documents/no/such.txt")
    assert api.status == 404
    assert api.json()["error"]["code"] == "not_found"
    for resp in (page, api):
        assert "Traceback" not in resp.text and "Werkzeug Debugger" not in resp.text
        assert "__debugger__" not in resp.text
        assert "gunicorn" in resp.headers.get("Server", "").lower()
    # With the Werkzeug debugger on, this URL serves its JavaScript; here it is just the search page.
    dbg = http_get(f"{server}/?__debugger__=yes&cmd=resource&f=debugger.js")
    assert dbg.headers["Content-Type"].startswith("text/html")
    assert "searchsvc" in dbg.text and "CONSOLE_MODE" not in dbg.text


def test_rebuilds_while_searching_are_atomic_and_seen_without_restart(tmp_path: Path) -> None:
    raw, index = write_corpus(tmp_path / "raw"), tmp_path / "index"
    run_cli(raw, index, "index", "--quiet")
    complete_counts = {N_DOCS + i for i in range(len(NEW_WORDS) + 1)}

    with gunicorn_server(raw, index, tmp_path) as base:
        assert http_get(f"{base}/healthz").json()["documents"] == N_DOCS

        stop = threading.Event()
        totals: list[int] = []
        failures: list[str] = []
        solidarity_totals: set[int] = set()

        def client() -> None:
            deadline = time.monotonic() + 20
            n = 0
            while not stop.is_set() and time.monotonic() < deadline:
                n += 1
                # Alternate "everything" (total = documents in the index) and a query whose count never changes.
                url = f"{base}/api/search?q=" if n % 2 else f"{base}/api/search?q=solidarity"
                try:
                    resp = http_get(url, timeout=5)
                except OSError as exc:
                    failures.append(f"request {n}: {exc!r}")
                    continue
                if resp.status != 200:
                    failures.append(f"request {n}: HTTP {resp.status} {resp.text[:300]}")
                    continue
                if n % 2:
                    totals.append(resp.json()["total"])
                else:
                    solidarity_totals.add(resp.json()["total"])

        thread = threading.Thread(target=client, daemon=True)
        thread.start()
        try:
            for i, word in enumerate(NEW_WORDS):
                (raw / f"added-{i}.txt").write_text(
                    f"Added capture number {i}\n\nThis late capture mentions the {word} once.\n", encoding="utf-8"
                )
                run_cli(raw, index, "index", "--quiet")
            time.sleep(0.5)  # let the client see the last generation too
        finally:
            stop.set()
            thread.join(timeout=25)
        assert not thread.is_alive()

        assert failures == []
        assert len(totals) >= 20, f"the client only got {len(totals)} answers"
        partial = [t for t in totals if t not in complete_counts]
        assert partial == [], f"answers from an incomplete index: {sorted(set(partial))}"
        assert solidarity_totals == {4}
        # The running server followed the rebuilds: old and new generations were both served.
        assert totals[0] == N_DOCS
        assert totals[-1] == N_DOCS + len(NEW_WORDS)

        # No restart: the same server finds every capture added since it started.
        for i, word in enumerate(NEW_WORDS):
            data = _search(base, word)
            assert [hit["id"] for hit in data["results"]] == [f"added-{i}.txt"], word
        assert http_get(f"{base}/healthz").json()["documents"] == N_DOCS + len(NEW_WORDS)


def test_a_long_pasted_query_is_told_to_shorten_not_refused_by_the_server(server: str) -> None:
    """A 4,400-character paragraph pasted into the box came back as gunicorn's HTML "414 URI Too Long"
    page (its request line, URL-encoded, passed 4,094 bytes), not the JSON 400 the API promises."""
    resp = http_get(f"{server}/api/search?{urllib.parse.urlencode({'q': 'oil prices, ' * 400})}")
    assert resp.status == 400
    assert resp.json()["error"]["message"] == "the query is 4799 characters long; shorten it to at most 4000"
    assert http_get(f"{server}/api/search?{urllib.parse.urlencode({'q': 'river, ' * 300})}").status == 200


def test_gunicorn_with_a_bad_setting_says_so_in_one_line_and_stops(tmp_path: Path) -> None:
    """SEARCHSVC_PER_PAGE=abc gunicorn wsgi:app printed a traceback from every worker, the line
    saying what to mend at its end, where `searchsvc serve` refused it with that line alone."""
    env = dict(os.environ, SEARCHSVC_PER_PAGE="abc", SEARCHSVC_INDEX_DIR=str(tmp_path / "index"))
    proc = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{free_port()}", "wsgi:app"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode != 0
    assert "SEARCHSVC_PER_PAGE must be a whole number (0 or more), got 'abc'" in proc.stderr
    assert "Traceback" not in proc.stderr
