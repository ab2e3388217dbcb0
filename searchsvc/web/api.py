"""The JSON API: /api/search, /api/documents/<id>, /healthz."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from .. import search as core
from ..errors import IndexNotReady, QueryError
from .context import live_index, settings
from .params import DOCUMENT_PARAMS, check_api_args, query_from_args

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
    check_api_args(request.args, request.query_string, known=DOCUMENT_PARAMS)
    doc = core.get_document(live_index(), doc_id)
    body = doc.to_dict()
    q = request.args.get("q", "")
    if q.strip():
        # The words marked as the document page marks them, so a client need not find them again (and
        # stem them as the index does). Escaped HTML whose only markup is <mark>, as a hit's snippet.
        title_html, body_html = core.highlight_document(live_index(), doc, q)
        body.update(q=q, title_html=title_html, body_html=body_html, marked=body_html.count("<mark>"))
    return jsonify(body)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    try:
        count = core.document_count(live_index())
    except IndexNotReady as exc:
        return jsonify({"status": "unavailable", "documents": 0, "message": exc.message}), 503
    return jsonify({"status": "ok", "documents": count, "generation": live_index().generation})
