"""GET /api/openapi.json: an OpenAPI 3 description of the JSON API (search, its exports, documents, health).

The document is built per request from the app's settings (page-size limits), so it always
matches what the validators in params.py accept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..models import SORTS
from ..search import MAX_PAGE
from .context import settings

bp = Blueprint("openapi", __name__)


_NULLABLE_STRING = {"type": "string", "nullable": True}
_DATE = {"type": "string", "nullable": True, "description": "ISO 8601 date (YYYY-MM-DD) or null when unknown"}
# The fields a result shares with each of its copies (models.Copy, the start of models.Hit).
_COPY_PROPERTIES = {
    "id": {"type": "string"},
    "title": {"type": "string"},
    "date": _DATE,
    "source": _NULLABLE_STRING,
    "url": _NULLABLE_STRING,
}
_DATE_BOUND = {
    "type": "string",
    "pattern": r"^[1-9]\d{3}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12]\d|3[01]))?)?$",
    "description": "inclusive bound: YYYY, YYYY-MM or YYYY-MM-DD",
}


def _error_response(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/Error"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _search_parameters(per_page: int, max_per_page: int) -> list[dict[str, Any]]:
    """The parameters of /api/search, which the exports take too (page and per_page ignored there)."""
    return [
        {
            "name": "q",
            "in": "query",
            "required": True,
            "allowEmptyValue": True,
            "description": "the query (empty lists everything, newest first)",
            "schema": {"type": "string"},
        },
        {
            "name": "page",
            "in": "query",
            "description": "1-based page",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "description": "page size",
            "schema": {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": per_page},
        },
        {
            "name": "source",
            "in": "query",
            "description": "only documents from this source (case-insensitive)",
            "schema": {"type": "string"},
        },
        {"name": "from", "in": "query", "schema": _DATE_BOUND},
        {"name": "to", "in": "query", "schema": _DATE_BOUND},
        {
            "name": "sort",
            "in": "query",
            "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"},
        },
        {
            "name": "collapse",
            "in": "query",
            "description": "true: one result per near-duplicate group (its earliest copy, the others under "
                           "copies); false: every capture",
            "schema": {"type": "boolean", "default": True},
        },
    ]


def _export(media_type: str, summary: str, parameters: list[dict[str, Any]], errors: dict[str, Any]) -> dict:
    return {
        "get": {
            "operationId": "export" + media_type.rsplit("/", 1)[1].removeprefix("x-").capitalize(),
            "summary": summary,
            "description": "Every result the pages of /api/search list, in their order (page and per_page are "
                           "ignored): id, title, date, source, url, group, score, missing. Sent as an "
                           "attachment (Content-Disposition), not cached (Cache-Control: no-store).",
            "parameters": parameters,
            "responses": {
                "200": {"description": summary, "content": {media_type: {"schema": {"type": "string"}}}},
                **errors,
            },
        }
    }


def openapi_document(max_per_page: int = 100, per_page: int = 10) -> dict[str, Any]:
    """The OpenAPI 3.0 document for this service."""
    parameters = _search_parameters(per_page, max_per_page)
    errors = {
        "400": _error_response(
            "a missing or bad parameter, or a query that cannot be parsed; the message says what to fix"
        ),
        "503": _error_response("there is no index yet (run `searchsvc index`)"),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "searchsvc",
            "version": "1",
            "description": "Full-text search over captured web pages. User input never causes a 500.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search the collection",
                    "parameters": parameters,
                    "responses": {
                        "200": {
                            "description": "one page of results",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}
                            },
                        },
                        **errors,
                    },
                }
            },
            "/api/search.csv": _export("text/csv", "every result as CSV (RFC 4180, UTF-8)", parameters, errors),
            "/api/search.jsonl": _export(
                "application/x-ndjson", "every result as JSON Lines, one object a line", parameters, errors
            ),
            "/api/documents/{id}": {
                "get": {
                    "operationId": "getDocument",
                    "summary": "One document by id (its capture path relative to the raw folder)",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": "the search's words: the answer adds the title and text with them "
                                           "marked (title_html, body_html, marked), as the document page marks "
                                           "them; a query that cannot be parsed marks nothing",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "the document",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}},
                        },
                        "404": _error_response("no document with this id"),
                        **errors,
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness and document count",
                    "responses": {
                        "200": {
                            "description": "serving",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}},
                        },
                        "503": {
                            "description": "no usable index",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/HealthUnavailable"}}
                            },
                        },
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {
                                    "type": "string",
                                    "description": "machine-readable: bad_request (400), not_found (404), "
                                                   "method_not_allowed (405), index_not_ready (503), "
                                                   "internal_error (500)",
                                },
                                "message": {"type": "string", "description": "what went wrong and how to fix it"},
                            },
                        }
                    },
                },
                "Copy": {
                    "type": "object",
                    "description": "another capture of a result's text",
                    "required": ["id", "title", "date", "source", "url"],
                    "properties": _COPY_PROPERTIES,
                },
                "Hit": {
                    "type": "object",
                    "required": [
                        "id", "title", "date", "source", "url", "score", "snippet", "title_html", "group", "copies",
                        "missing", "matched_by",
                    ],
                    "properties": {
                        **_COPY_PROPERTIES,  # a result is a copy with its score, snippet and group
                        "score": {
                            "type": "number",
                            "minimum": 0,
                            "description": "relevance (BM25F), higher first, comparable within one query only; "
                                           "0 when the results are in date order (sort is newest or oldest)",
                        },
                        "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"},
                        "title_html": {"type": "string", "description": "HTML: the title escaped, matches in <mark>"},
                        "group": {
                            "type": "string",
                            "nullable": True,
                            "description": "the near-duplicate group: the id of its earliest copy",
                        },
                        "copies": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Copy"},
                            "description": "the group's other captures, earliest first",
                        },
                        "missing": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "of a relaxed search: the words, as typed, that this document lacks",
                        },
                        "matched_by": {
                            "type": "array",
                            "items": {"type": "string", "enum": ["date", "source"]},
                            "description": "of a relaxed search: which of the document's date and source "
                                           "answered words of the question (March 1987 by its date, "
                                           "Rodong Sinmun by its source); the page marks them",
                        },
                    },
                },
                "SearchResults": {
                    "type": "object",
                    "required": [
                        "query", "total", "page", "per_page", "took_ms", "results", "facets", "undated", "suggestion",
                        "relaxed", "all_words", "quoted", "sort", "date_filter", "named",
                    ],
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer", "minimum": 1},
                        "per_page": {"type": "integer", "minimum": 1},
                        "took_ms": {"type": "number", "minimum": 0},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "description": "counts of all matches by source, by year and by month (YYYY-MM) "
                                           "(more facets may be added)",
                            "required": ["source", "year", "month"],
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": {"type": "integer", "minimum": 0},
                            },
                        },
                        "undated": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "how many of the results (of total) have no date, and so no year or "
                                           "month in the facets; collapsed, the groups none of whose matches is "
                                           "dated (a group with copies in two years counts under both, so the "
                                           "facets do not add up to total minus this)",
                        },
                        "suggestion": _NULLABLE_STRING,
                        "relaxed": {
                            "type": "boolean",
                            "description": "true when no document had all the words of a plain-words query "
                                           "(for a question of 4 or more words, fewer than 10 did) and the "
                                           "results have any of them",
                        },
                        "all_words": {
                            "type": "integer",
                            "nullable": True,
                            "minimum": 0,
                            "description": "when relaxed, how many of the results have all the words (question words "
                                           "such as why and did aside, as in missing); "
                                           "they are ranked before the others (null when not relaxed)",
                        },
                        "quoted": {
                            "type": "integer",
                            "nullable": True,
                            "minimum": 0,
                            "description": "when relaxed and the query quotes words (\"…\"), how many documents "
                                           "have them as written, each quoted phrase side by side: 0 for a "
                                           "quotation no text has (null when not relaxed or nothing is quoted)",
                        },
                        "sort": {
                            "type": "string",
                            "enum": ["relevance", "newest", "oldest"],
                            "description": "the order the results are in: as asked, except that a query with no "
                                           "word to rank by (none, or only source: terms) is newest first",
                        },
                        "named": {
                            "type": "object",
                            "nullable": True,
                            "description": "when the query is a web address or a capture's id or file name: "
                                           "kind (address or file) and how many captures have it, the filters "
                                           "aside; the results are those captures (when found is 0, the "
                                           "documents whose text has the words); null otherwise",
                            "required": ["kind", "found"],
                            "properties": {
                                "kind": {"type": "string", "enum": ["address", "file"]},
                                "found": {"type": "integer", "minimum": 0},
                            },
                        },
                        "date_filter": {
                            "type": "object",
                            "nullable": True,
                            "description": "when the query names a day or a month of a year (1987-03-25, 25 March "
                                           "1987, March 1987), alone or among other words, or bounds it (since, "
                                           "after, before, until March 1987): the from and to values that list "
                                           "the documents dated then (null for no bound), the period in words, "
                                           "the query's other words (q, empty when the query is only a date) and "
                                           "how many documents dated then they find (all of them when q is "
                                           "empty), under the source filter; null otherwise",
                            "required": ["from", "to", "label", "total", "q"],
                            "properties": {
                                "from": {"type": "string", "nullable": True},
                                "to": {"type": "string", "nullable": True},
                                "label": {"type": "string"},
                                "total": {"type": "integer", "minimum": 0},
                                "q": {"type": "string"},
                            },
                        },
                    },
                },
                "Document": {
                    "type": "object",
                    "required": ["id", "title", "date", "source", "url", "body"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "date": _DATE,
                        "source": _NULLABLE_STRING,
                        "url": _NULLABLE_STRING,
                        "body": {"type": "string"},
                        "q": {"type": "string", "description": "with q: the words asked"},
                        "title_html": {"type": "string", "description": "with q: the title, escaped HTML whose "
                                       "only markup is <mark> around the words that matched"},
                        "body_html": {"type": "string", "description": "with q: the whole text, escaped HTML "
                                      "whose only markup is <mark> around the words that matched"},
                        "marked": {"type": "integer", "minimum": 0,
                                   "description": "with q: how many words body_html marks"},
                    },
                },
                "Health": {
                    "type": "object",
                    "required": ["status", "documents", "generation"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ok"]},
                        "documents": {"type": "integer", "minimum": 0},
                        "generation": {"type": "string"},
                    },
                },
                "HealthUnavailable": {
                    "type": "object",
                    "required": ["status", "documents", "message"],
                    "properties": {
                        "status": {"type": "string", "enum": ["unavailable"]},
                        "documents": {"type": "integer"},
                        "message": {"type": "string"},
                    },
                },
            }
        },
    }


@bp.get("/api/openapi.json")
def openapi_json() -> ResponseReturnValue:
    return jsonify(openapi_document(settings().max_per_page, settings().per_page))
