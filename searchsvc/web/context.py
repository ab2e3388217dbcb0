"""Accessors for what create_app() put on the app, for use inside a request."""

from __future__ import annotations

from flask import current_app

from ..live_index import LiveIndex
from ..settings import Settings


def live_index() -> LiveIndex:
    return current_app.extensions["searchsvc"]


def settings() -> Settings:
    return current_app.config["SEARCHSVC"]
