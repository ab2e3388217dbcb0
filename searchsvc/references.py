"""A query that is a reference to a capture rather than words: a page's web address pasted from a
browser or a citation ("http://www.kcna.kp/en/article/..."), or a capture's id or file name as a
result shows it ("0005/reuters-5370.txt", "reuters-5370.txt", "reuters-5370").

As words, an address was a phrase of its parts that no capture's text has (its own capture keeps the
address in its metadata), answered with nothing and a garbled "Did you mean"; a file name was the
phrase "reuters 5370 txt". search.py finds the captures they name instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from . import webarchives
from .captures import CAPTURE_SUFFIXES

# A web address as pasted: with its scheme, or starting "www." and a host. One token, no spaces.
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s\"<>]+", re.IGNORECASE)
# An address without its scheme: a host's name (its last part letters) and a path ("kcna.kp/en/...").
_BARE_ADDRESS = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?/[^\s\"<>]*", re.IGNORECASE)
# What a citation or a note writes before an address: "Source: https://…", "Retrieved from https://…".
_LABEL = re.compile(r"(?:source|url|link|via|retrieved\s+from|available\s+(?:at|from))\s*:?\s+", re.IGNORECASE)
# Parameters that track where a link was shared, not which page it is.
TRACKING = re.compile(r"utm_\w+|fbclid|gclid|mc_cid|mc_eid", re.IGNORECASE)
# A capture's file name as the index names captures (captures.py): text, saved HTML, pages saved as one file.
CAPTURE_ENDINGS = CAPTURE_SUFFIXES
# A capture's id or file name as typed: no spaces, a path of one or more parts.
_FILE = re.compile(r"[^\s\"<>:*?|\\]+")


@dataclass(frozen=True)
class Reference:
    """What a query refers to: `kind` "address" (key: address_key of the address) or "file" (key:
    the id or file name typed, `ending` whether it has a capture's ending such as .txt)."""

    kind: str
    key: str
    ending: bool = True
    text: str = ""  # as typed, without the quotation marks or brackets around it


def address_key(url: str) -> str:
    """The form of a web address that copies of it share: without its scheme (http and https are one
    page), "www.", fragment, tracking parameters, a trailing slash, an index page's default name,
    percent-encoding or "&amp;" (pasted from a page's source); the host in lower case. An archive's
    copy of a page has the page's key: a capture from web.archive.org or archive.ph is found by the
    page's own address, and by a copy's address of any capture time."""
    typed = url = url.strip().replace("&amp;", "&")
    if original := webarchives.original_url(url):
        url = original
    if "://" not in url:
        url = "http://" + url
    try:
        # Any text may stand in a sidecar's url: a port of letters or an unclosed "[" raises.
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        if parts.port and parts.port not in (80, 443):
            host = f"{host}:{parts.port}"
    except ValueError:
        return typed
    path = unquote(parts.path).rstrip("/")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.fullmatch(k)])
    return f"{host}{path}" + (f"?{unquote(query)}" if query else "")


def of_query(q: str) -> Reference | None:
    """The reference a query is when it is nothing but one (quotation marks and angle brackets
    around it, as citations print them, left aside), else None."""
    text = _unwrapped(q)
    if (label := _LABEL.match(text)) and _is_address(rest := _unwrapped(text[label.end() :])):
        text = rest
    if not text or any(ch.isspace() for ch in text) or len(text) > 2000:
        return None
    if _is_address(text):
        # A sentence's full stop or comma pasted with it is not part of the address.
        return Reference("address", address_key(text), text=text.replace('"', " "))
    if _FILE.fullmatch(text) and re.search(r"[^\W\d_]", text):
        ending = text.lower().endswith(CAPTURE_ENDINGS)
        # Without its ending, a name typed alone is taken as a file name only if it has a digit and
        # is joined by "-", "_" or "/" ("reuters-5370", "kcna_2019_11"), as captures are named.
        if ending or "/" in text or (re.search(r"\d", text) and re.search(r"[-_/]", text)):
            return Reference("file", text.lstrip("./"), ending, text)
    return None


def _is_address(text: str) -> bool:
    return bool(_ADDRESS.fullmatch(text) or _BARE_ADDRESS.fullmatch(text))


_PAIRS = {"<": ">", '"': '"', "'": "'", "“": "”", "„": "“", "«": "»", "(": ")", "[": "]"}


def _unwrapped(q: str) -> str:
    """`q` without the quotation marks or brackets around it, nor a sentence's full stop or comma
    after it ("<http://x.org/a>.", '"reuters-5370.txt"'); a bracket of its own stays ("…/Foo_(bar)")."""
    text = q.strip()
    while True:
        before = text
        text = text.rstrip(".,;:!").strip()
        if len(text) >= 2 and _PAIRS.get(text[0]) == text[-1]:
            text = text[1:-1].strip()
        if text == before:
            return text


def document_link(address: str) -> str | None:
    """The capture id of a link to a document page of searchsvc ("http://host/doc/0005/reuters-5370.txt?q=oil"
    → "0005/reuters-5370.txt"), else None."""
    try:
        path = urlsplit(address if "://" in address else "http://" + address).path
    except ValueError:
        return None
    _, found, doc_id = path.partition("/doc/")
    return unquote(doc_id) if found and doc_id else None


def file_names(ids: list[str]) -> dict[str, list[str]]:
    """Each capture's file name ("reuters-5370.txt") and that name without its ending ("reuters-5370"),
    lowercased → the ids that have it."""
    out: dict[str, list[str]] = {}
    for doc_id in ids:
        name = doc_id.rsplit("/", 1)[-1].lower()
        for key in {name, without_ending(name)}:
            out.setdefault(key, []).append(doc_id)
    return out


def without_ending(name: str) -> str:
    """A file name without its capture ending ("reuters-5370.txt" → "reuters-5370")."""
    low = name.lower()
    ending = max((e for e in CAPTURE_ENDINGS if low.endswith(e)), key=len, default="")
    return name[: len(name) - len(ending)]
