"""The JSON API: /api/search, /api/documents/<id>, /healthz."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from .. import search as core
from ..errors import IndexNotReady, QueryError
from .context import live_index, settings
from .params import check_api_args, query_from_args

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search() -> ResponseReturnValue:
    check_api_args(request.args, request.query_string)
    if "q" not in request.args:
        raise QueryError("missing parameter 'q': give the words to search for (q= with nothing lists everything)")
    query = query_from_args(request.args, settings())
    results = core.search(live_index(), query, max_per_page=settings().max_per_page)
    return jsonify(results.to_dict())


@bp.get("/api/documents/<path:doc_id>")
def document(doc_id: str) -> ResponseReturnValue:
    return jsonify(core.get_document(live_index(), doc_id).to_dict())


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    try:
        count = core.document_count(live_index())
    except IndexNotReady as exc:
        return jsonify({"status": "unavailable", "documents": 0, "message": exc.message}), 503
    return jsonify({"status": "ok", "documents": count, "generation": live_index().generation})
