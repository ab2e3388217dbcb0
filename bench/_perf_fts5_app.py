"""Minimal Flask app over a reference engine of bench/perf.py, for the HTTP comparison.

    PERF_ENGINE=fts5|naive PERF_INDEX=PATH gunicorn -w 2 --chdir bench _perf_fts5_app:app

GET /api/search?q=&source=&from=YYYY-MM-DD&to=YYYY-MM-DD answers the first page of 10 hits with
snippets, the total and source/year facets, like searchsvc's API. The engine is opened lazily
in each worker (after the fork) and reused.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from _perf_refs import open_engine
from flask import Flask, jsonify, request

app = Flask(__name__)
_engine = None


def engine():  # noqa: ANN201
    global _engine
    if _engine is None:
        _engine = open_engine(os.environ.get("PERF_ENGINE", "fts5"), Path(os.environ["PERF_INDEX"]))
    return _engine


@app.get("/healthz")
def healthz():  # noqa: ANN201
    engine()
    return jsonify({"status": "ok"})


@app.get("/api/search")
def search():  # noqa: ANN201
    args = request.args
    q = args.get("q", "")
    try:
        date_from = date.fromisoformat(args["from"]) if args.get("from") else None
        date_to = date.fromisoformat(args["to"]) if args.get("to") else None
    except ValueError:
        return jsonify({"error": {"code": "bad_request", "message": "bad date"}}), 400
    try:
        out = engine().search(q, args.get("source") or None, date_from, date_to)
    except Exception as exc:  # noqa: BLE001 - a query the engine cannot parse is the client's problem
        return jsonify({"error": {"code": "bad_query", "message": str(exc)[:200]}}), 400
    out["query"] = q
    return jsonify(out)
