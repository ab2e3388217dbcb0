"""Per-generation arrays of the facet, filter and grouping fields, for numpy-speed counting.

Whoosh counts facets, applies date filters and collapses groups with a Python loop over every
matching document (close to a second for a broad query at 100k documents). These columns are
read once when a generation is opened; then a filter is a boolean mask, facet counts are a
bincount, and collapsing is a sort.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from whoosh.codec import whoosh3
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

FACETS = ("source", "year", "month")
UNDATED = 0  # `day` column value of a document without a date
_SORT_BELOW = 256  # values; below this sorting them beats a flag per possible value (see distinct)
# Whoosh stores a field length as one byte per document (a log-scale code).
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass
class Coded:
    """One column as integer codes (-1 = no value) and the names behind them."""

    codes: np.ndarray
    names: list[str]

    @classmethod
    def read(cls, searcher: Searcher, field: str) -> Coded:
        names: dict[str, int] = {"": -1}
        codes = np.fromiter(
            (names.setdefault(v, len(names) - 1) for v in column_values(searcher, field, "")),
            dtype=np.int32,
        )
        return cls(codes, [n for n in names if n])

    def counts(self, docnums: np.ndarray) -> dict[str, int]:
        """Documents per value."""
        return self._named(np.bincount(self._valued(self.codes[docnums]), minlength=len(self.names)))

    def group_counts(self, docnums: np.ndarray, group: np.ndarray, n_groups: int) -> dict[str, int]:
        """Near-duplicate groups per value: how many groups have one of `docnums` with that value
        (`group`: each docnum's group code, of `n_groups`)."""
        codes = self.codes[docnums]
        # Each group's value as one of its documents has it; copies of a text mostly share source
        # and date, so the documents with another value are few, and only their pairs are counted
        # apart. (Distinct (value, group) pairs of every document took 2-3 ms a facet for a broad
        # match at 100k documents, all of them copies.)
        held = np.full(n_groups, -1, dtype=codes.dtype)
        held[group] = codes
        tally = np.bincount(self._valued(held[distinct(group, n_groups)]), minlength=len(self.names))
        other = held[group] != codes
        if other.any():
            value, values = _renumbered(codes[other] + 1, len(self.names) + 1)
            member, members = _renumbered(group[other], n_groups)
            pairs = distinct(value * members.size + member, values.size * members.size)
            tally += np.bincount(self._valued(values[pairs // members.size] - 1), minlength=len(self.names))
        return self._named(tally)

    @staticmethod
    def _valued(codes: np.ndarray) -> np.ndarray:
        return codes[codes >= 0]

    def _named(self, tally: np.ndarray) -> dict[str, int]:
        return {self.names[i]: int(c) for i, c in enumerate(tally) if c}


def _renumbered(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(values, all in range(size), numbered 0.. in order of value; the values present, in order)."""
    present = np.zeros(size, dtype=bool)
    present[values] = True
    number = np.cumsum(present) - 1
    return number[values], np.flatnonzero(present)


def column_values(searcher: Searcher, field: str, default: object) -> list:
    """One value per docnum (deleted documents included), segment by segment.

    A segment whose documents never had the field has no column file; whoosh's merged reader
    then yields too few values, so each segment is read (or defaulted) on its own.
    """
    values: list = []
    for leaf, _offset in searcher.reader().leaf_readers():
        count = leaf.doc_count_all()
        if leaf.has_column(field):
            column = list(leaf.column_reader(field))
            column = column[:count] + [default] * (count - len(column))
        else:
            column = [default] * count
        values.extend(column)
    return values


class Columns:
    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        n = reader.doc_count_all()
        self.size = n
        self.day = np.array(column_values(searcher, "day", UNDATED), dtype=np.int64)
        self.facets = {name: Coded.read(searcher, name) for name in FACETS}
        self.group = Coded.read(searcher, "group")
        # Sorting key for "earliest first, undated last": undated days become +inf-like.
        self.chrono = np.where(self.day == UNDATED, np.iinfo(np.int64).max, self.day)
        self.live = np.zeros(n, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        # Sources of live documents only: an update marks a removed document deleted and keeps its
        # column values, and a source it alone had was still offered, and filtered to 0 results.
        source = self.facets["source"]
        held = np.bincount(source.codes[self.live & (source.codes >= 0)], minlength=len(source.names))
        self._by_source: dict[str, list[int]] = {}
        for code in np.flatnonzero(held).tolist():
            self._by_source.setdefault(source.names[code].lower(), []).append(code)
        # Live copies per group (computed here, not stored: an incremental build then rewrites
        # a document only when its group key must change, not whenever a copy comes or goes).
        codes = self.group.codes
        self._group_sizes = np.bincount(codes[self.live & (codes >= 0)], minlength=len(self.group.names))
        self._shared = np.zeros(n, dtype=bool)  # documents with a live copy
        self._shared[codes >= 0] = self._group_sizes[codes[codes >= 0]] > 1
        self._lengths: dict[str, np.ndarray] = {}
        # Docnums sorted by group code, and where each code's run starts (group_members).
        self._group_index: tuple[np.ndarray, np.ndarray] | None = None

    def field_lengths(self, searcher: Searcher, field: str) -> np.ndarray:
        """Each document's length of `field` as whoosh stores it (read once, on first use)."""
        if field not in self._lengths:
            self._lengths[field] = np.concatenate(
                [_segment_lengths(leaf, field) for leaf, _ in searcher.reader().leaf_readers()]
            )
        return self._lengths[field]

    def sources(self) -> list[str]:
        """The names of the live documents' sources as published, each once."""
        names = self.facets["source"].names
        return [names[code] for codes in self._by_source.values() for code in codes]

    def has_source(self, name: str) -> bool:
        """Whether `name` (any case) is a source the filter can choose."""
        return name.strip().lower() in self._by_source

    def mask(self, source: str | None, date_from: date | None, date_to: date | None) -> np.ndarray | None:
        """Documents allowed by the filters (None: no filter)."""
        if not source and not date_from and not date_to:
            return None
        keep = np.ones(self.size, dtype=bool)
        if source:
            keep &= self.from_source(source)
        if date_from or date_to:
            keep &= self.day != UNDATED
            if date_from:
                keep &= self.day >= date_from.toordinal()
            if date_to:
                keep &= self.day <= date_to.toordinal()
        return keep

    def from_source(self, name: str) -> np.ndarray:
        """Whether each document is from the source `name` (any case)."""
        return np.isin(self.facets["source"].codes, self._by_source.get(name.strip().lower(), []))

    def dated(self, year: int | None, month: int | None = None, day: int | None = None) -> np.ndarray:
        """Whether each document is dated in `year` (None: any year), `month` and on `day` (None: any)."""
        if day is not None and year is not None:
            return self.day == date(year, month or 1, day).toordinal()
        if month is None:
            facet, wanted = self.facets["year"], (lambda name: name == str(year))
        else:
            suffix = f"-{month:02d}"
            facet = self.facets["month"]
            in_year = f"{year}{suffix}"
            wanted = (lambda name: name == in_year) if year is not None else (lambda name: name.endswith(suffix))
        codes = [code for code, name in enumerate(facet.names) if wanted(name)]
        found = np.isin(facet.codes, codes)
        if day is not None:  # that day of the month in any year
            days = np.flatnonzero(found)
            found[days[[date.fromordinal(int(d)).day != day for d in self.day[days]]]] = False
        return found

    def facet_counts(self, docnums: np.ndarray, *, collapse: bool = False) -> dict[str, dict[str, int]]:
        """Matches per facet value. Collapsed, a near-duplicate group counts once per value it has a
        match of: the number of results choosing that value (a filter) shows."""
        if not collapse:
            return {name: coded.counts(docnums) for name, coded in self.facets.items()}
        # Documents without copies count as themselves; only copies need the distinct pairs.
        shared = self._shared[docnums]
        alone, copies = docnums[~shared], docnums[shared]
        group = self.group.codes[copies]
        out = {}
        for name, coded in self.facets.items():
            tally = coded.counts(alone)
            for value, n in coded.group_counts(copies, group, len(self.group.names)).items():
                tally[value] = tally.get(value, 0) + n
            out[name] = tally
        return out

    def undated_count(self, docnums: np.ndarray, *, collapse: bool = False) -> int:
        """How many results have no date: matches without one or, collapsed, groups none of whose
        matches has one (the results no year or month facet counts)."""
        undated = self.day[docnums] == UNDATED
        if not collapse:
            return int(np.count_nonzero(undated))
        shared = self._shared[docnums]
        group, size = self.group.codes[docnums[shared]], len(self.group.names)
        # The facets' totals are no measure: a group with copies in two years counts under each.
        dated_groups = distinct(group[~undated[shared]], size).size
        return int(np.count_nonzero(undated & ~shared)) + distinct(group, size).size - dated_groups

    def group_size(self, docnum: int) -> int:
        """How many live documents share this document's near-duplicate group."""
        code = self.group.codes[docnum]
        return int(self._group_sizes[code]) if code >= 0 else 1

    def group_members(self, docnum: int) -> np.ndarray:
        """The live documents of this document's near-duplicate group, itself included (docnums).

        The group is a column, not a searchable field: its terms were a sixth of a build's, one per
        document, for this lookup alone. A sort of the codes, made on first use, serves every group.
        """
        code = self.group.codes[docnum]
        if code < 0:
            return np.array([docnum]) if self.live[docnum] else np.zeros(0, dtype=np.int64)
        if self._group_index is None:
            order = np.argsort(self.group.codes, kind="stable")
            starts = np.searchsorted(self.group.codes[order], np.arange(len(self.group.names) + 1))
            self._group_index = order, starts  # one assignment: threads share a Columns
        order, starts = self._group_index
        members = order[starts[code] : starts[code + 1]]
        return members[self.live[members]]

    def group_count(self, docnums: np.ndarray) -> int:
        """How many distinct groups (and "no group", if any) `docnums` fall into."""
        return int(distinct(self.group.codes[docnums] + 1, len(self.group.names) + 1).size)  # -1 → 0

    def representatives(self, docnums: np.ndarray) -> np.ndarray:
        """For each group among `docnums`, its earliest-dated member (docnum), unordered."""
        if docnums.size == 0:
            return docnums
        order = np.lexsort((docnums, self.chrono[docnums], self.group.codes[docnums]))
        ordered = docnums[order]
        groups = self.group.codes[ordered]
        first = np.ones(ordered.size, dtype=bool)
        first[1:] = groups[1:] != groups[:-1]
        return ordered[first]

    def by_date(self, docnums: np.ndarray, *, newest: bool) -> np.ndarray:
        """`docnums` ordered by date (newest or oldest first), undated last, ties by docnum."""
        day = self.day[docnums]
        undated = day == UNDATED
        key = -day if newest else day
        return docnums[np.lexsort((docnums, key, undated))]


def _segment_lengths(leaf, field: str) -> np.ndarray:  # noqa: ANN001 - a whoosh SegmentReader
    """One segment's length column decoded in one go (whoosh reads it a document at a time)."""
    count = leaf.doc_count_all()
    out = np.ones(count, dtype=np.float64)  # no column: whoosh's scorer falls back to 1 as well
    perdoc = getattr(leaf, "_perdoc", None)
    column = perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN) if perdoc else None
    if column is None:
        return out
    stored = min(column._count, count)
    codes = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    out[:stored] = _BYTE_TO_LENGTH[codes]
    out[stored:] = 0.0
    return out


def distinct(values: np.ndarray, size: int) -> np.ndarray:
    """The distinct `values` (all in range(size)), sorted.

    Over a broad match (a common word's postings, the groups of thousands of hits) a flag per
    possible value is linear, where np.unique sorts: 10-50x slower.
    """
    if values.size < _SORT_BELOW:
        return np.unique(values)
    seen = np.zeros(size, dtype=bool)
    seen[values] = True
    return np.flatnonzero(seen)
