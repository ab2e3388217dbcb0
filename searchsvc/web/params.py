"""Request arguments → a validated Query (shared by the search page and the JSON API)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from urllib.parse import unquote, unquote_to_bytes

from werkzeug.datastructures import MultiDict

from ..errors import QueryError
from ..models import SORTS, Query
from ..queryparse import parse_date_bound
from ..references import TRACKING
from ..search import MAX_PAGE
from ..settings import Settings

SEARCH_PARAMS = ("q", "page", "per_page", "source", "from", "to", "sort", "collapse")
DOCUMENT_PARAMS = ("q",)


def check_api_args(args: MultiDict[str, str], query_string: bytes = b"", known: Sequence[str] = SEARCH_PARAMS) -> None:
    """QueryError (400) for a parameter whose %-escapes are not UTF-8 (werkzeug keeps such escapes as text, so
    caf%E9, café in Latin-1, was searched as "caf%E9"), for a parameter the endpoint does not know (per-page=2
    for per_page was answered with the default page size, and a script never knew), and for one given twice
    with different values: the API reads one value of each, and taking the first in silence answered
    source=A&source=B with source A's matches alone."""
    check_utf8(query_string)
    for name in args:
        # A stray "=" (name and value empty) is nothing asked for; "_=1701234567" (a cache buster, as
        # jQuery adds) and "utm_source=…", "fbclid=…" (a shared link's tracking) are the client's.
        if name not in known and name and not name.startswith("_") and not TRACKING.fullmatch(name):
            near = difflib.get_close_matches(name.lower().replace("-", "_"), known, n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise QueryError(f"unknown parameter '{name[:40]}'{hint}; use one of {', '.join(known)}")
        values = args.getlist(name)
        if len(set(values)) > 1:
            shown = ", ".join(repr(value[:40]) for value in values[:3]) + (", …" if len(values) > 3 else "")
            raise QueryError(f"'{name}' is given {len(values)} times ({shown}); give it once")


def check_utf8(query_string: bytes) -> None:
    """QueryError (400) for a parameter whose %-escapes are not UTF-8: werkzeug keeps them as text, so a
    link's caf%E9 (café in Latin-1) was searched as "caf%E9", by the API and by the search page."""
    for pair in query_string.split(b"&"):
        try:
            unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            name, _, value = pair.decode("latin-1").partition("=")
            raise QueryError(
                f"'{unquote(name, errors='replace')[:40]}' is not UTF-8 once its %-escapes are decoded "
                f"({value[:40]!r}): give the text's UTF-8 bytes percent-encoded (é is %C3%A9, not %E9)"
            ) from None


def query_from_args(args: Mapping[str, str], settings: Settings) -> Query:
    """QueryError (400) with a message naming the parameter and what it must be."""
    q = args.get("q", "")
    sort = (args.get("sort") or "relevance").strip().lower()
    if sort not in SORTS:
        raise QueryError(f"'sort' must be one of {', '.join(SORTS)}, got {sort[:40]!r}")
    date_from = args.get("from", "").strip()
    date_to = args.get("to", "").strip()
    return Query(
        q=q,
        page=_int(
            args, "page", 1, 1, MAX_PAGE,
            past_high=f": to reach results past page {MAX_PAGE}, ask for per_page={settings.max_per_page}, "
            "or download every result from /api/search.jsonl or /api/search.csv",
        ),
        per_page=_int(args, "per_page", settings.per_page, 1, settings.max_per_page),
        source=(args.get("source") or "").strip() or None,
        date_from=parse_date_bound(date_from, end=False, name="from") if date_from else None,
        date_to=parse_date_bound(date_to, end=True, name="to") if date_to else None,
        sort=sort,
        collapse=_flag(args, "collapse", True),
    )


def _flag(args: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (args.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("true", "1", "yes", "on"):
        return True
    if raw in ("false", "0", "no", "off"):
        return False
    raise QueryError(f"'{name}' must be true or false, got {raw[:20]!r}")


def _int(args: Mapping[str, str], name: str, default: int, low: int, high: int, past_high: str = "") -> int:
    raw = args.get(name)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    # ASCII digits only: str.isdigit() also accepts '²' or '⑤', which int() then refuses (a 500).
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise QueryError(f"'{name}' must be a whole number between {low} and {high}, got {raw[:20]!r}")
    value = int(raw)
    if not low <= value <= high:
        hint = past_high if value > high else ""
        raise QueryError(f"'{name}' must be between {low} and {high}, got {value}{hint}")
    return value
