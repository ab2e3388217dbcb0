"""The Whoosh schema and the mapping Document ↔ index fields: the only module that knows field names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from itertools import compress, count
from typing import Any

from whoosh import analysis, columns, fields, formats
from whoosh.codec import whoosh3

from . import (
    references,
    tokens,
    whoosh_fixes,  # noqa: F401  (patches whoosh before any index is opened)
)
from .models import Copy, Document, Hit

# Bump when the schema or the files of a generation change, so an old index is rebuilt rather than misread,
# and when extraction keeps text it used to lose or skips captures it used to index, so the next build
# re-extracts every capture.
# 31: CJK runs indexed as their pairs of characters (tokens.CJK); 32: a note after a wire's sign-off kept
# with the item above it (textclean._extend_back), and text composed (NFC: typography.untypeset);
# 33: signatures keep each text's figures, and copies must repeat them (duplicates.figure_bits); 34: what
# a site's mirror holds besides its articles skipped (a robots.txt, feeds and JSON saved as .html, pages
# that list posts); 35: a listing indexed is marked in the manifest, read again when captures come;
# 36: dates written in numbers are no figures (duplicates.figure_bits); 37: a listing with a post not
# captured is indexed (extract._captured_posts); 38: each segment keeps its documents' terms (term_vectors);
# 39: signatures permute in 32-bit arithmetic (duplicates.signature), so saved ones are made again.
SCHEMA_VERSION = 39


def codec() -> whoosh3.W3Codec:
    """Whoosh's posting format, its blocks compressed at zlib level 1 instead of 3.

    Measured on 20k news captures: full builds 2-3% faster, index 1% larger; reading is the same.
    """
    return whoosh3.W3Codec(compression=1)

# Title and body share one analyzer so a word matches the same way in both.
_TEXT_ANALYZER = tokens.analyzer()


class StemmedText(fields.TEXT):
    """TEXT with the stemming analyzer (tokens.analyzer), indexed without Whoosh's token pipeline.

    Whoosh's TEXT.index makes a Token object per word and passes it through four generators;
    this gives the same terms, frequencies, weights and encoded positions (tests/test_tokens.py
    compares them) at about a quarter of the cost. Queries and highlighting still use the analyzer.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(analyzer=_TEXT_ANALYZER, **kwargs)

    def index(self, value: Any, **kwargs: Any):  # noqa: ANN201 - whoosh's (bytes, freq, weight, value) items
        if kwargs or not isinstance(value, str) or type(self.format) is not formats.Positions:
            return super().index(value, **kwargs)
        return self.items(*tokens.positioned_stems(value))

    @property
    def adds_postings(self) -> bool:
        """Whether add_postings makes this field's postings: it writes positions, as items() does."""
        return type(self.format) is formats.Positions

    @staticmethod
    def stems_of(value: str) -> tuple[int, list[str]]:
        return tokens.positioned_stems(value)

    def add_postings(self, postings: dict[str, Any], new: Callable[[], Any], docnum: int, first: int,
                     terms: list[str]) -> int:
        """Append the document's postings to `postings` (term → its postings, made by `new`, with
        `ids`, `weights` and `values` lists): what items() gives, without a tuple per term for the
        segment writer to loop over again (a sixth of adding a document). Returns its length."""
        counts, last, repeated = _occurrences(first, terms)
        boost, encode, single = self.format.field_boost, self.format.encode, _SINGLE_POSITION
        get = postings.get
        for t, n in counts.items():
            found = get(t)
            if found is None:
                found = postings[t] = new()
            found.ids.append(docnum)
            found.weights.append(n * boost)
            found.values.append(single[last[t]] if n == 1 else encode(repeated[t]))
        return len(terms)

    def items(self, first: int, terms: list[str]) -> list:
        """index()'s items for a text whose tokens.positioned_stems are (first, terms)."""
        counts, last, repeated = _occurrences(first, terms)
        boost, encode, single = self.format.field_boost, self.format.encode, _SINGLE_POSITION
        return [
            (t.encode("utf-8"), 1, boost, single[last[t]]) if n == 1
            else (t.encode("utf-8"), n, n * boost, encode(repeated[t]))
            for t, n in counts.items()
        ]


def _occurrences(first: int, terms: list[str]) -> tuple[Counter[str], dict[str, int], dict[str, list[int]]]:
    """Each term's count (in the order of its first occurrence, as Whoosh's items), its last position,
    and the positions of the terms that occur more than once. Most terms occur once: their position
    comes from one dict built in C, and only the occurrences of repeated terms pass through a
    Python loop."""
    counts = Counter(terms)
    last = dict(zip(terms, count(first)))
    repeated: dict[str, list[int]] = {}
    if len(counts) < len(terms):
        repeated = {t: [] for t, n in counts.items() if n > 1}
        for t, pos in compress(zip(terms, count(first)), map(repeated.__contains__, terms)):
            repeated[t].append(pos)
    return counts, last, repeated


class WholeID(fields.ID):
    """ID that indexes a str as its one term (lower-cased if asked) without Whoosh's token pipeline.

    ID.index passes the value through IDTokenizer (and LowercaseFilter) as a Token and generators
    to make one term; this makes the same item directly (tests/test_tokens.py compares them).
    """

    def __init__(self, *, lowercase: bool = False, **kwargs: Any) -> None:
        super().__init__(analyzer=analysis.IDAnalyzer(lowercase=True) if lowercase else None, **kwargs)
        self.lowercase = lowercase

    def index(self, value: Any, **kwargs: Any):  # noqa: ANN201 - whoosh's (bytes, freq, weight, value) items
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        term = value.lower() if self.lowercase else value
        return [(term.encode("utf-8"), 1, self.format.field_boost, b"")]


class _SinglePosition(dict):
    """Position → its encoding as a one-position list, shared: most words occur once in a document,
    and one bytes object per position rather than per posting is most of a build's memory for
    postings. Positions from 65,536 on are encoded each time (the cache stays small)."""

    def __missing__(self, pos: int) -> bytes:
        out = _ENCODE_POSITIONS([pos])
        if pos < 65536:
            self[pos] = out
        return out


_ENCODE_POSITIONS = formats.Positions().encode  # StemmedText.index serves only this format
_SINGLE_POSITION = _SinglePosition()

TEXT_FIELDS = ("title", "body")
FIELD_BOOSTS = {"title": 2.5, "body": 1.0}


def build_schema() -> fields.Schema:
    """Only what is searched is indexed; dates and facets live in columns, read as numpy arrays.

    (Did-you-mean uses the generation's vocabulary, not whoosh's spell_* fields: see vocabulary.py.)
    """
    return fields.Schema(
        id=WholeID(stored=True, unique=True),
        title=StemmedText(stored=True, field_boost=FIELD_BOOSTS["title"]),
        body=StemmedText(stored=True),
        date=fields.STORED(),
        # Columns only: the facets and the histogram read them, and no query names them (dates are
        # the from/to filters, on the day column). Indexed, each document added two postings.
        year=_unsearched(WholeID(sortable=True)),
        month=_unsearched(WholeID(sortable=True)),  # "2017-11", for the hits-over-time histogram
        day=fields.COLUMN(columns.NumericColumn("i", default=0)),  # date.toordinal(), 0 when undated
        # Matched case-insensitively (source:kcna), faceted by the name as published.
        source=WholeID(stored=True, sortable=True, lowercase=True),
        url=fields.STORED(),
        # The url's references.address_key, one term: a pasted web address finds its capture.
        address=WholeID(),
        content_hash=fields.STORED(),
        # Near-duplicate group: a key its copies share, the id of its earliest copy when it was
        # written (searches name the group after its earliest copy now: search.group_name). Stored
        # and a column, not searchable: columns.py finds a group's members and counts them.
        group=_unsearched(WholeID(stored=True, sortable=True)),
    )


def _unsearched(field: fields.FieldType) -> fields.FieldType:
    field.indexed = False  # no terms: Whoosh still stores the value and writes the column
    return field


def to_fields(doc: Document, *, group: str | None = None) -> dict[str, Any]:
    """Whoosh keyword arguments for a Document (and its near-duplicate group)."""
    out: dict[str, Any] = {
        "group": group or doc.id,
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "content_hash": doc.content_hash,
        "day": doc.date.toordinal() if doc.date else 0,
    }
    if doc.date:
        out["date"] = datetime(doc.date.year, doc.date.month, doc.date.day)
        out["year"] = str(doc.date.year)
        out["month"] = f"{doc.date.year:04d}-{doc.date.month:02d}"
    if doc.source:
        out["source"] = doc.source
    if doc.url:
        out["url"] = doc.url
        if key := references.address_key(doc.url):
            out["address"] = key
    return out


# A document's text fields → tokens.positioned_stems of each: what TermListWriter.add_document indexes
# without tokenizing the text again.
Analysed = dict[str, tuple[int, list[str]]]


def analysed(doc: Document) -> tuple[frozenset[str], Analysed]:
    """The document's distinct words (as vocabulary.words gives them) and the positioned stems of its
    text fields, for TermListWriter.add_document(analysed=...): its text tokenized once for both."""
    words, stems = tokens.words_and_stems(doc.title, doc.body)
    return words, dict(zip(TEXT_FIELDS, stems, strict=True))


def to_document(stored: dict[str, Any]) -> Document:
    """A Document back from its stored fields."""
    return Document(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        date=stored_date(stored),
        source=stored.get("source"),
        url=stored.get("url"),
        content_hash=stored.get("content_hash", ""),
    )


def to_copy(stored: dict[str, Any]) -> Copy:
    """The short form (id, title, date, source, url) used to list copies and related documents."""
    return Copy(stored["id"], stored.get("title", ""), stored_date(stored), stored.get("source"), stored.get("url"))


def to_hit(stored: dict[str, Any], *, score: float, snippet: str, group: str, copies: tuple[Copy, ...] = (),
           title_html: str = "") -> Hit:
    """A search result from its stored fields, and the name of its near-duplicate group."""
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        date=stored_date(stored),
        source=stored.get("source"),
        url=stored.get("url"),
        score=score,
        snippet=snippet,
        group=group,
        copies=copies,
        title_html=title_html,
    )


def stored_date(stored: dict[str, Any]) -> date | None:
    value = stored.get("date")
    return value.date() if isinstance(value, datetime) else None
