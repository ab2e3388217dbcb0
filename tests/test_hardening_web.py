"""No path escapes through document ids, and unexpected errors are logged with a request id, not shown."""

from __future__ import annotations

import http.client
import logging
import shutil
from pathlib import Path

import pytest
from conftest import write_corpus
from servers import gunicorn_server, run_cli

from searchsvc import search as core
from searchsvc.indexer import build_index
from searchsvc.settings import Settings
from searchsvc.web import create_app

CANARY_WORD = "canaryxylophone7431"
# Relative to raw/ and to index/: the canary sits in their common parent folder.
ESCAPES = [
    "../secret.txt", "../../secret.txt", "../" * 12 + "etc/passwd", "..", "../", "./../secret.txt",
    "..%2fsecret.txt", "..%2Fsecret.txt", "%2e%2e/secret.txt", "%2e%2e%2fsecret.txt", "%2E%2E%2Fsecret.txt",
    "%252e%252e%252fsecret.txt", "..%252fsecret.txt", "%25%32%65%25%32%65%25%32%66secret.txt",
    "..%5csecret.txt", "..\\secret.txt", "%c0%ae%c0%ae%c0%afsecret.txt", "%e0%80%ae%e0%80%ae/secret.txt",
    "．．／secret.txt", "%ef%bc%8e%ef%bc%8e%ef%bc%8fsecret.txt", "news/../../secret.txt",
    "news/%2e%2e/%2e%2e/secret.txt", "news%2f..%2f..%2fsecret.txt", "{canary}", "%2f{canary_rel}", "/{canary_rel}",
    "file://{canary}", "secret.txt%00.txt", "news/flood-2019.txt%00", "news/flood-2019.txt%00../../secret.txt",
    "%00", "\x00", "news/flood-2019.txt/..", "news/./flood-2019.txt", "news//flood-2019.txt", "NEWS/FLOOD-2019.TXT",
    "~/secret.txt", "$HOME/secret.txt", "..;/secret.txt", "..%00/secret.txt", "%u002e%u002e/secret.txt",
    "index/CURRENT", "../index/CURRENT", "../raw/news/flood-2019.txt",
]
PREFIXES = ["/doc/", "/api/documents/", "/static/"]


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("escape")
    raw, index = write_corpus(base / "raw"), base / "index"
    canary = base / "secret.txt"
    canary.write_text(f"Secret canary\n\nThe {CANARY_WORD} must never be served.\n", encoding="utf-8")
    shutil.copyfile(canary, base / "secret.txt.txt")
    build_index(raw, index)
    return raw, index, canary


def _paths(canary: Path) -> list[str]:
    out = []
    for prefix in PREFIXES:
        for escape in ESCAPES:
            escape = escape.format(canary=canary, canary_rel=str(canary).lstrip("/"))
            out.append(prefix + escape)
    return out


def test_document_ids_cannot_escape_the_index(dirs: tuple[Path, Path, Path]) -> None:
    raw, index, canary = dirs
    client = create_app(Settings(raw_dir=raw, index_dir=index)).test_client()
    seen = 0
    for path in _paths(canary):
        for suffix in ("", f"?q={CANARY_WORD}"):
            resp = client.get(path + suffix)
            seen += 1
            body = resp.get_data(as_text=True)
            assert CANARY_WORD not in body.replace(f"q={CANARY_WORD}", "").replace(f'value="{CANARY_WORD}"', ""), path
            assert resp.status_code in (400, 404) or (
                # ids that really exist (the same capture written another way is not rewritten to it)
                resp.status_code == 200 and "flood-2019" in path and path.startswith(("/doc/", "/api/"))
                and "%00" not in path and "\x00" not in path
            ), (path, resp.status_code)
            if resp.status_code == 200:
                assert "River floods in the north" in body
    assert seen >= 2 * len(PREFIXES) * len(ESCAPES)
    # The canary is not searchable either.
    assert client.get(f"/api/search?q={CANARY_WORD}").get_json()["total"] == 0


@pytest.mark.e2e
def test_raw_request_paths_over_http_do_not_escape(tmp_path: Path) -> None:
    """The same, as raw request lines to gunicorn (no client-side normalisation of ../ or %2f)."""
    raw, index = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "index"
    canary = tmp_path / "secret.txt"
    canary.write_text(f"Secret canary\n\nThe {CANARY_WORD} must never be served.\n", encoding="utf-8")
    run_cli(raw, index, "index", "--quiet")
    statuses: dict[int, int] = {}
    with gunicorn_server(raw, index, tmp_path) as base:
        host, port = base.removeprefix("http://").split(":")
        for path in _paths(canary):
            if "\x00" in path or "\\" in path or not path.isascii():
                continue  # not sendable as a raw request line; covered by the test client above
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            try:
                conn.putrequest("GET", path, skip_accept_encoding=True)
                conn.endheaders()
                resp = conn.getresponse()
                body = resp.read().decode("utf-8", "replace")
            finally:
                conn.close()
            statuses[resp.status] = statuses.get(resp.status, 0) + 1
            assert CANARY_WORD not in body, path
            assert resp.status in (400, 404) or (resp.status == 200 and "flood-2019" in path), (path, resp.status)
    assert statuses.get(500, 0) == 0


# --- unexpected errors: 500 without a traceback, with the request id in the header and the log ---

SECRET_DETAIL = "boom: internal detail /srv/secret/path"


def _boom(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
    raise RuntimeError(SECRET_DETAIL)


@pytest.mark.parametrize("path, patched, json_expected", [
    ("/api/search?q=river", "search", True),
    ("/?q=river", "search", False),
    ("/api/documents/news/flood-2019.txt", "get_document", True),
    ("/doc/news/flood-2019.txt", "get_document", False),
    ("/healthz", "document_count", True),
])
def test_unexpected_error_is_a_logged_500_with_request_id(app, monkeypatch, caplog, path: str, patched: str,  # noqa: ANN001
                                                          json_expected: bool) -> None:
    monkeypatch.setattr(core, patched, _boom)
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="searchsvc.web"):
        resp = client.get(path)
    assert resp.status_code == 500
    request_id = resp.headers["X-Request-ID"]
    assert request_id and request_id.isalnum()
    body = resp.get_data(as_text=True)
    for leak in ("Traceback", SECRET_DETAIL, "RuntimeError", "File \"", "Werkzeug Debugger"):
        assert leak not in body, leak
    assert request_id in body
    if json_expected:
        assert resp.get_json()["error"]["code"] == "internal_error"
    else:
        assert resp.content_type.startswith("text/html")
        assert "Content-Security-Policy" in resp.headers
    records = [r for r in caplog.records if request_id in r.getMessage()]
    assert records, [r.getMessage() for r in caplog.records]
    assert records[0].exc_info and records[0].exc_info[0] is RuntimeError  # the traceback goes to the log


def test_incoming_request_id_is_kept_and_a_hostile_one_replaced(app, monkeypatch, caplog) -> None:  # noqa: ANN001
    monkeypatch.setattr(core, "search", _boom)
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="searchsvc.web"):
        resp = client.get("/api/search?q=x", headers={"X-Request-ID": "abc123"})
        hostile = client.get("/api/search?q=x", headers={"X-Request-ID": "<script>alert(1)</script> x"})
    assert resp.headers["X-Request-ID"] == "abc123"
    assert any("abc123" in r.getMessage() for r in caplog.records)
    assert hostile.headers["X-Request-ID"].isalnum() and "script" not in hostile.get_data(as_text=True)


@pytest.mark.parametrize("incoming", ["123e4567-e89b-12d3-a456-426614174000", "job_42-page.7"])
def test_a_request_id_in_the_usual_forms_is_kept(client, incoming: str) -> None:  # noqa: ANN001
    # A client's UUID (with its dashes) was replaced by a random id, so its logs and ours did not match.
    assert client.get("/api/search?q=river", headers={"X-Request-ID": incoming}).headers["X-Request-ID"] == incoming


@pytest.mark.parametrize("hostile", ["a b", "a\tb", "x" * 65, "-", "a/b", "é"])
def test_a_request_id_with_other_characters_is_replaced(client, hostile: str) -> None:  # noqa: ANN001
    kept = client.get("/api/search?q=river", headers={"X-Request-ID": hostile}).headers["X-Request-ID"]
    assert kept != hostile and kept.isalnum()


def test_debug_mode_cannot_be_switched_on_from_the_environment(settings, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("FLASK_ENV", "development")
    app = create_app(settings)
    assert app.debug is False
    resp = app.test_client().get("/?__debugger__=yes&cmd=resource&f=debugger.js")
    assert "CONSOLE_MODE" not in resp.get_data(as_text=True)
