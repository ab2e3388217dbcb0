"""The HTML pages: the search page (/) and the document page (/doc/<id>)."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import search as core
from ..errors import QueryError
from .context import live_index, settings
from .params import query_from_args

bp = Blueprint("pages", __name__)

FILTER_KEYS = ("q", "source", "from", "to", "sort", "per_page")


@bp.get("/")
def search() -> ResponseReturnValue:
    args = request.args
    try:
        query = query_from_args(args, settings())
        results = core.search(live_index(), query, max_per_page=settings().max_per_page)
    except QueryError as exc:
        return render_template("search.html", results=None, error=exc.message, args=args), 400
    return render_template("search.html", results=results, error=None, args=args, link=_link)


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str) -> ResponseReturnValue:
    doc = core.get_document(live_index(), doc_id)
    q = request.args.get("q", "")
    title_html, body_html = core.highlight_document(live_index(), doc, q)
    return render_template("document.html", doc=doc, title_html=title_html, body_html=body_html, q=q)


def _link(**changes: object) -> str:
    """URL of the search page with the current filters, some changed (None removes one)."""
    params = {k: v for k, v in request.args.items() if k in FILTER_KEYS and v}
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return url_for("pages.search", **params)
