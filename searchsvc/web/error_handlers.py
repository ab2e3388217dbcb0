"""App-level error handling: one JSON error shape under /api/, an HTML page elsewhere, no tracebacks."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from ..errors import SearchsvcError

log = logging.getLogger("searchsvc.web")


def register(app: Flask) -> None:
    app.register_error_handler(SearchsvcError, _searchsvc_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/api", "/healthz")


def _respond(status: int, code: str, message: str) -> ResponseReturnValue:
    if _wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    return render_template("error.html", status=status, message=message), status


def _searchsvc_error(exc: SearchsvcError) -> ResponseReturnValue:
    return _respond(exc.status, exc.code, exc.message)


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    code = (exc.name or "error").lower().replace(" ", "_")
    allowed = sorted(getattr(exc, "valid_methods", None) or ())
    messages = {
        404: (
            f"no such endpoint: {request.path[:80]} (the API is described at /api/openapi.json)"
            if _wants_json()
            else "no such page or document"
        ),
        405: f"method {request.method} is not allowed here"
        + (f"; use {' or '.join(m for m in allowed if m not in ('HEAD', 'OPTIONS'))}" if allowed else ""),
    }
    body, status = _respond(exc.code or 500, code, messages.get(exc.code or 0, exc.description or exc.name))
    # A 405 names the methods the resource has (RFC 9110), as werkzeug's own response would.
    return (body, status, {"Allow": ", ".join(allowed)}) if allowed else (body, status)


def _unexpected(exc: Exception) -> ResponseReturnValue:
    request_id = g.get("request_id", "-")
    log.exception("unhandled error [request %s] %s %s", request_id, request.method, request.path)
    return _respond(500, "internal_error", f"something went wrong on our side (request id {request_id})")
