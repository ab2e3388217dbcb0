"""The small dataclasses passed between stages: capture → page content → document → search results."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Capture:
    """One capture file found under the raw folder, read but not yet interpreted."""

    id: str  # path relative to the raw folder, with forward slashes
    path: Path
    kind: str  # "text", "html", "mhtml" or "webarchive"
    data: bytes  # the file's bytes, gunzipped for .html.gz
    meta: dict[str, Any] = field(default_factory=dict)  # the sidecar NAME.meta.json, if any
    # What the build says of a sidecar key it does not read but that looks meant as one it does ("sourc").
    sidecar_note: str = ""


@dataclass(frozen=True)
class PageContent:
    """What an extractor makes of a page: the article text and whatever metadata it found."""

    body: str
    title: str | None = None
    date: date | None = None
    source: str | None = None
    url: str | None = None
    # The page's length in characters where only its first part was read (an extractor's limit), else 0.
    read_of: int = 0
    # The addresses of the posts the page lists, as written in it, where it is a listing of them (a blog's
    # home, category, tag, author or search-results page, a page of any of those) rather than an article.
    listing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A cleaned, indexable document."""

    id: str
    title: str
    body: str
    date: date | None = None
    source: str | None = None
    url: str | None = None
    content_hash: str = ""
    # What the user should know of how it was indexed (only part of a huge capture): not stored in
    # the index, and not part of what the document is.
    warning: str = field(default="", compare=False)
    # A page listing posts (PageContent.listing) none of which the raw folder held when it was read: a
    # build that adds captures reads it again, as a rebuild would skip it once one of them is there.
    listing: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "url": self.url,
            "body": self.body,
        }


SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Query:
    """A search request, independent of where it came from (web form, API, CLI)."""

    q: str = ""
    page: int = 1
    per_page: int = 10
    source: str | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    sort: str = "relevance"
    collapse: bool = True  # one result per near-duplicate group


@dataclass(frozen=True)
class Copy:
    """Another capture of the same (near-identical) text."""

    id: str
    title: str
    date: date | None
    source: str | None
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "url": self.url,
        }


MISSING_SHOWN = 8  # words a relaxed result's "Missing:" note names; a long question's list is cut there


@dataclass(frozen=True)
class Hit:
    """One search result; `snippet` is HTML: escaped text with matches wrapped in <mark>."""

    id: str
    title: str
    date: date | None
    source: str | None
    url: str | None
    score: float
    snippet: str
    group: str | None = None
    copies: tuple[Copy, ...] = ()  # the other copies in its group, earliest first
    missing: tuple[str, ...] = ()  # of a relaxed search: the words as typed that this document lacks
    # The title as HTML, escaped, with matches in <mark> as in the snippet: a result found by its title
    # alone ("Methode Electronics payout" matching a results table) otherwise showed no match at all.
    # Empty where results are not highlighted (exports).
    title_html: str = ""
    # Of a relaxed question: which of "date" and "source" answered some of its words ("March 1987"
    # by the date, "Rodong Sinmun" by the source), which the page marks as the snippet marks text.
    matched_by: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "url": self.url,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "title_html": self.title_html or html.escape(self.title, quote=False),
            "group": self.group,
            "copies": [c.to_dict() for c in self.copies],
            "missing": list(self.missing),
            "matched_by": list(self.matched_by),
        }

    @property
    def missing_note(self) -> str | None:
        """"Missing: north, korea" under a relaxed result (search.js words it the same)."""
        if not self.missing:
            return None
        more = len(self.missing) - MISSING_SHOWN
        return "Missing: " + ", ".join(self.missing[:MISSING_SHOWN]) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class DateFilter:
    """The documents dated on the day or in the month a query names ("1987-03-25", "25 March 1987",
    "March 1987"), or from it on, after, before or up to it ("since March 1987"): the from/to filters
    that list them, and how many there are under the query's other filters. Captures seldom write
    their own date, so as words such a date found nothing, or items that merely mention the day. A
    query that names a date among other words ("oil prices March 1987") is offered its other words
    under those filters, and counts the results they find there."""

    # The from and to filters' values: "1987-03-25", or "1987-03" for a month; None for no bound
    # ("since March 1987": from 1987-03 on).
    start: str | None
    end: str | None
    label: str  # the period in words: "25 March 1987", "March 1987", "after March 1987"
    total: int  # documents dated then (one per near-duplicate group when collapsing), other filters kept
    words: str = ""  # the query's other words, searched under the date filters; "" when it is only a date

    @property
    def notice(self) -> str:
        """"57 documents are dated 25 March 1987.", "12 results for “oil prices” are dated March 1987."
        (search.js words it the same.)"""
        if self.words:
            what = f"for “{self.words}”"
            if not self.total:
                return f"No result {what} is dated {self.label}."
            return f"{'1 result' if self.total == 1 else f'{self.total} results'} {what} " \
                   f"{'is' if self.total == 1 else 'are'} dated {self.label}."
        if not self.total:
            return f"No document is dated {self.label}."
        return f"{'1 document is' if self.total == 1 else f'{self.total} documents are'} dated {self.label}."

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start, "to": self.end, "label": self.label, "total": self.total, "q": self.words}


@dataclass(frozen=True)
class Named:
    """What a query that is a reference to a capture names: `kind` "address" (a web address pasted
    from a browser or a citation) or "file" (a capture's id or file name, as a result shows it), and
    how many captures have it (one per near-duplicate group when collapsing), the filters aside."""

    kind: str
    found: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "found": self.found}


@dataclass(frozen=True)
class SearchResults:
    query: Query
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    took_ms: float
    undated: int = 0  # of the results, those without a date (in no year or month of the facets)
    relaxed: bool = False  # True when no/few documents had all the words and any-word matches are shown
    all_words: int | None = None  # when relaxed: how many of the results have all the words (ranked first)
    quoted: int | None = None  # when relaxed and quoting words: how many of the results have them as written
    # The order the results are in: "relevance", "newest" or "oldest". A query with no word to rank
    # by (none at all, or only source: terms) is listed newest first when relevance was asked for.
    sort: str = "relevance"
    date_filter: DateFilter | None = None  # when the query names a day or month: the documents dated then
    named: Named | None = None  # when the query is a web address or a capture's file name

    @property
    def named_notice(self) -> str | None:
        """What the page and the CLI say of a query that is a web address or a file name (search.js
        words it the same): the results are the captures it names, or there is none."""
        if self.named is None:
            return None
        what = "this web address" if self.named.kind == "address" else "this file name"
        if not self.named.found:
            rest = "; showing documents whose text has it." if self.total else "."
            return f"No capture has {what}{rest}"
        captures = "The capture" if self.named.found == 1 else f"The {self.named.found} captures"
        if not self.total:
            verb = "is" if self.named.found == 1 else "are"
            return f"{captures} with {what} {verb} outside the source and date filters."
        return f"{captures} with {what}."

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.query.per_page))

    @property
    def relaxed_notice(self) -> str | None:
        """What the page and the CLI say about a relaxed search (search.js words it the same)."""
        if not self.relaxed:
            return None
        by_date = {"newest": "newest first", "oldest": "oldest first"}.get(self.query.sort)
        # Counted within the filters: under one, "No document has all of these words" was untrue when
        # documents outside it had them all.
        dated = self.query.date_from is not None or self.query.date_to is not None
        filters = {(True, True): "the source and date filters", (True, False): "the source filter",
                   (False, True): "the date filter"}.get((bool(self.query.source), dated))
        within = f" within {filters}" if filters else ""
        # A misquotation is relaxed to the words it has: said first, that no text has it as quoted.
        quoted = ("" if self.quoted is None else f"No document{within} has the quoted words as written. "
                  if not self.quoted else f"{self._documents(self.quoted, within)} the quoted words as written. ")
        if not self.all_words:
            # With no scores to order by, the documents with more of the words come first.
            showing = f"the most of them first, {by_date}" if by_date else "any of them, best matches first"
            return f"{quoted}No document{within} has all of these words; showing documents with {showing}."
        have = self._documents(self.all_words, within)
        first = "it comes" if self.all_words == 1 else "they come"
        rest = f"fewer of them, {by_date}" if by_date else "any of them, best matches first"
        return f"{quoted}Only {have} all of these words; {first} first, then documents with {rest}."

    @staticmethod
    def _documents(n: int, within: str) -> str:
        return f"1 document{within} has" if n == 1 else f"{n} documents{within} have"

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.q,
            "total": self.total,
            "page": self.query.page,
            "per_page": self.query.per_page,
            "took_ms": round(self.took_ms, 2),
            "results": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "undated": self.undated,
            "suggestion": self.suggestion,
            "relaxed": self.relaxed,
            "all_words": self.all_words,
            "quoted": self.quoted,
            "sort": self.sort,
            "date_filter": self.date_filter.to_dict() if self.date_filter else None,
            "named": self.named.to_dict() if self.named else None,
        }


@dataclass
class BuildReport:
    """What an index build did: counts for the summary, one reason per skipped capture, and warnings."""

    indexed: int = 0  # documents in the index after the build
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    # Of the unchanged: documents an update rewrote with glued names split by what it learned (glue.py).
    resplit: int = 0
    rebuilt: bool = False  # True when built from scratch rather than updated
    # Why an update became a rebuild ("the live index's manifest.pickle cannot be read"); None for a
    # first build or --rebuild.
    rebuilt_because: str | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (capture id, reason)
    # (path under the raw folder, what is wrong) of what was used otherwise than meant, or not at
    # all though it looks meant to be (a sidecar without its capture).
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # Files of kinds searchsvc does not read (a PDF, a Word file): their ending -> their paths.
    not_read: dict[str, list[str]] = field(default_factory=dict)
    generation: str = ""
    seconds: float = 0.0
