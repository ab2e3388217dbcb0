"""The Flask application: a thin layer that turns requests into core calls and formats results."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, g, request

from ..live_index import LiveIndex
from ..settings import Settings
from . import api, error_handlers, export, openapi, pages

log = logging.getLogger("searchsvc.web")

# Inline script and framing are refused outright; the pages need neither.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


# A client's own request id is kept (a UUID, job_42-page.7): ASCII letters, digits, '-', '_' and '.', up to 64.
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; does no I/O (the index is opened on the first request, after a fork)."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["SEARCHSVC"] = settings
    app.json.sort_keys = False  # keep the documented key order of API responses
    app.json.ensure_ascii = False
    app.debug = False  # served mode never runs the debugger
    app.url_map.merge_slashes = False  # ids are looked up, never redirected to a rewritten path
    app.extensions["searchsvc"] = LiveIndex(settings.index_dir, postings_cache_mb=settings.postings_cache_mb)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(openapi.bp)
    error_handlers.register(app)

    @app.before_request
    def _request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex[:16]

    @app.after_request
    def _headers(response):  # noqa: ANN001, ANN202
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.path.startswith("/api/") or request.path in ("/api", "/healthz"):
            # An answer changes when the index is rebuilt: a cache revalidates before reusing one (without
            # this, a 200 or a 404 may be kept for as long as a cache chooses). The exports say no-store.
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

    return app


__all__ = ["create_app"]
