"""Exports of every result: /api/search.csv and /api/search.jsonl (streamed), and the row formats the CLI shares.

The parameters are those of /api/search except page and per_page, which are ignored: the rows are the results
its pages list, in their order (collapse included). A bad query is the same JSON 400 as /api/search: the query
is run (and its errors raised) before the response starts.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from flask import Blueprint, Response, request, stream_with_context
from flask.typing import ResponseReturnValue

from .. import search as core
from ..errors import QueryError
from ..models import Hit
from .context import live_index, settings
from .params import check_api_args, query_from_args

bp = Blueprint("export", __name__)

COLUMNS = ("id", "title", "date", "source", "url", "group", "score", "missing")
CSV_TYPE = "text/csv; charset=utf-8"
JSONL_TYPE = "application/x-ndjson"
CHUNK_ROWS = 200  # rows per chunk written to the socket
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets may run as a formula


def row(hit: Hit) -> dict[str, Any]:
    """One export row: the API's fields for a result, limited to COLUMNS."""
    fields = hit.to_dict()
    return {column: fields[column] for column in COLUMNS}


def csv_cell(value: object) -> str:
    """A CSV cell: None is empty, a list its items joined by spaces (the missing words: one word each);
    text a spreadsheet would take for a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(map(str, value))
    if isinstance(value, float | int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_chunks(hits: Iterable[Hit], *, header: bool = True) -> Iterator[str]:
    """CSV text (RFC 4180: quoted as needed, CRLF line ends) in chunks of up to CHUNK_ROWS rows."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    if header:
        writer.writerow(COLUMNS)
    n = 0
    for hit in hits:
        writer.writerow([csv_cell(v) for v in row(hit).values()])
        n += 1
        if n % CHUNK_ROWS == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def jsonl_chunks(hits: Iterable[Hit]) -> Iterator[str]:
    """One JSON object per line (the COLUMNS, dates ISO 8601 or null), in chunks of up to CHUNK_ROWS lines."""
    lines: list[str] = []
    for hit in hits:
        lines.append(json.dumps(row(hit), ensure_ascii=False) + "\n")
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def started(hits: Iterator[Hit]) -> Iterator[Hit]:
    """Run a lazy match iterator up to its first hit now, so that query errors are raised here, not mid-stream."""
    first = next(hits, None)
    return hits if first is None else chain([first], hits)


def filename(q: str, ext: str) -> str:
    """An ASCII file name for the download: searchsvc-<words of the query, accents folded>.<ext>; a query with
    no such letters (朝鲜) is searchsvc-query-<8 hex digits of it>, not the name of the whole collection's export."""
    folded = unicodedata.normalize("NFKD", q).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60].strip("-")
    if not slug and q.strip() not in ("", "*"):  # nothing or * lists everything
        slug = "query-" + hashlib.sha1(q.encode("utf-8")).hexdigest()[:8]
    return f"searchsvc-{slug or 'all'}.{ext}"


@bp.get("/api/search.csv")
def search_csv() -> ResponseReturnValue:
    q, hits = _matches()
    return _stream(csv_chunks(hits), CSV_TYPE, filename(q, "csv"))


@bp.get("/api/search.jsonl")
def search_jsonl() -> ResponseReturnValue:
    q, hits = _matches()
    return _stream(jsonl_chunks(hits), JSONL_TYPE, filename(q, "jsonl"))


def _matches() -> tuple[str, Iterator[Hit]]:
    args = request.args
    check_api_args(args, request.query_string)
    if "q" not in args:
        raise QueryError("missing parameter 'q': give the words to search for (q= with nothing lists everything)")
    # Exports are never paged: page and per_page are ignored (not even validated).
    filters = {k: v for k, v in args.items() if k not in ("page", "per_page")}
    query = dataclasses.replace(query_from_args(filters, settings()), page=1, per_page=1)
    return query.q, started(core.iter_matches(live_index(), query))


def _stream(chunks: Iterator[str], mimetype: str, name: str) -> Response:
    response = Response(stream_with_context(chunks), content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
