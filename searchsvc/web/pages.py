"""The HTML pages: the search page (/), the document page (/doc/<id>) and the OpenSearch description."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Response, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import search as core
from .. import webarchives
from ..errors import QueryError
from ..models import SearchResults
from ..queryparse import parse_date_bound
from . import histogram
from .context import live_index, settings
from .params import check_utf8, query_from_args

bp = Blueprint("pages", __name__)

# collapse=false (every capture, copies included) is kept too: the pager and the facets dropped it.
FILTER_KEYS = ("q", "source", "from", "to", "sort", "per_page", "collapse")
EXPORT_KEYS = ("source", "from", "to", "sort", "collapse")  # with q, always present (q= exports everything)
OPENSEARCH_TYPE = "application/opensearchdescription+xml"


@bp.app_template_filter("url_text")
def url_text(url: str, length: int | None = None) -> str:
    """What a link to a capture's url reads: the address, or for an archive's copy the page's own
    address and the archive ("www.kcna.co.jp/item/2003/200301/news01/15.htm (Wayback Machine copy)"):
    the copy is the link that works, the page's address says which page it is. The address is cut to
    `length` as Jinja's truncate cuts (search.js draws the same)."""
    archived = webarchives.archive_copy(url)
    if archived is None:
        return _truncated(url, length)
    label = f" ({archived.archive} copy)"
    page = archived.original.split("://", 1)[-1]
    return _truncated(page, length) + label


def _truncated(text: str, length: int | None) -> str:
    # As Jinja's truncate(length, killwords=True): five characters of leeway, then "...".
    return text if length is None or len(text) <= length + 5 else text[: length - 3] + "..."


@bp.get("/")
def search() -> ResponseReturnValue:
    args = request.args
    try:
        check_utf8(request.query_string)
        query = query_from_args(args, settings())
        results = core.search(live_index(), query, max_per_page=settings().max_per_page)
    except QueryError as exc:
        title = " – ".join(x for x in (args.get("q", "").strip(), "invalid query", "searchsvc") if x)
        return render_template("search.html", results=None, error=exc.message, args=args, title=title,
                               heading=page_heading(args, error=True), filters_label=filters_label(args),
                               link=_link), 400
    timeline = histogram.build(
        results.facets,
        lambda period, _: _period_link(period),  # a bar's start and end are its period
        undated=results.undated,
        date_from=args.get("from", ""),
        date_to=args.get("to", ""),
    )
    return render_template(
        "search.html",
        results=results,
        error=None,
        args=args,
        link=_link,
        period_link=_period_link,
        histogram=timeline,
        export_link=_export_link,
        max_page=core.MAX_PAGE,
        browsing=browsing(results.query.q),
        title=page_title(results, args),
        heading=page_heading(args),
        filters_label=filters_label(args),
        empty_notice=core.empty_index_notice(live_index(), results),
    )


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str) -> ResponseReturnValue:
    doc = core.get_document(live_index(), doc_id)
    q = request.args.get("q", "")
    title_html, body_html = core.highlight_document(live_index(), doc, q)
    # In a long text the words marked can be screens below the top, with nothing to say so: the page
    # says how many there are and links the first (the body's only markup is its <mark> tags).
    marked = body_html.count("<mark>")
    body_html = body_html.replace("<mark>", '<mark id="first-match">', 1)
    return render_template(
        "document.html",
        doc=doc,
        title_html=title_html,
        body_html=body_html,
        marked=marked,
        q=q,
        copies=core.document_copies(live_index(), doc.id),  # doc.id: the id as indexed (either unicode form asked)
        related=core.related(live_index(), doc.id),
        back=_back_link(q),
    )


def _back_link(q: str) -> str:
    """The results page the reader came from, with its filters, sort and page number; else the
    query's first page. Rebuilt from the referring page's known parameters, never echoed."""
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc == request.host and came_from.path == url_for("pages.search"):
        params = {k: v for k, v in parse_qsl(came_from.query) if k in (*FILTER_KEYS, "page") and v}
        return url_for("pages.search", **params)
    return url_for("pages.search", q=q or None)


def filters_label(args: Mapping[str, str]) -> str:
    """The source and date filters in words: 'KCNA – 2017', 'from 2017-03', '2017 to 2018'."""
    parts = []
    source = (args.get("source") or "").strip()
    if source:
        parts.append(source)
    start, end = (args.get("from") or "").strip(), (args.get("to") or "").strip()
    if start and start == end:
        parts.append(start)
    elif start and end:
        parts.append(f"{start} to {end}")
    elif start:
        parts.append(f"from {start}")
    elif end:
        parts.append(f"until {end}")
    return " – ".join(parts)


def browsing(q: str) -> bool:
    """Whether the query lists the whole collection: no words, or "*" (as queryparse.parse_query reads them)."""
    return q.strip() in ("", "*")


def page_title(results: SearchResults, args: Mapping[str, str]) -> str:
    """'solidarity – 4 results – searchsvc'; browsing: 'All 11 documents – searchsvc'; filters and page added."""
    q = results.query.q.strip()
    n = results.total
    if not browsing(q):
        parts = [q, f"{n} result{'' if n == 1 else 's'}"]
    else:
        parts = ["No documents" if n == 0 else "1 document" if n == 1 else f"All {n} documents"]
    parts.append(filters_label(args))
    if results.query.page > 1:
        parts.append(f"page {results.query.page}")
    parts.append("searchsvc")
    return " – ".join(p for p in parts if p)


def page_heading(args: Mapping[str, str], *, error: bool = False) -> str:
    """The search page's h1, what the page is: 'Results for “solidarity”' ('Cannot search for “…”' for a query
    that cannot be run), 'Search the collection' with no words; the filters added as in the title.
    search.js words it the same when search as you type replaces the results."""
    q = args.get("q", "").strip()
    if browsing(q):
        what = "Search the collection"
    else:
        what = f"{'Cannot search for' if error else 'Results for'} “{q}”"
    return " – ".join(p for p in (what, filters_label(args)) if p)


@bp.get("/opensearch.xml")
def opensearch() -> ResponseReturnValue:
    """OpenSearch 1.1 description, so browsers can add the collection as a search engine."""
    page = url_for("pages.search", _external=True)
    xml = render_template(
        "opensearch.xml",
        html_template=page + "?q={searchTerms}",
        json_template=url_for("api.search", _external=True) + "?q={searchTerms}",
        self_url=url_for("pages.opensearch", _external=True),
    )
    return Response(xml, content_type=f"{OPENSEARCH_TYPE}; charset=utf-8")


def _export_link(fmt: str) -> str:
    """URL of the CSV or JSONL export of every match of the current query and filters."""
    params = {"q": request.args.get("q", "")}
    params.update({k: v for k, v in request.args.items() if k in EXPORT_KEYS and v})
    return url_for(f"export.search_{fmt}", **params)


def _period_link(period: str) -> str:
    """URL of the search page narrowed to a year or month ("2021", "2021-09") of the facets or the
    timeline, within the page's own date filter: their counts are of the matches inside it, and
    from=2021&to=2021 under a filter from 2021-09 showed the months before September too."""
    start, end = period, period
    date_from, date_to = ((request.args.get(key) or "").strip() for key in ("from", "to"))
    # The page's own bounds were parsed before its results were counted: they are valid here.
    if date_from and parse_date_bound(date_from, end=False, name="from") > parse_date_bound(period, end=False, name=""):
        start = date_from
    if date_to and parse_date_bound(date_to, end=True, name="to") < parse_date_bound(period, end=True, name=""):
        end = date_to
    return _link(**{"from": start, "to": end})


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
