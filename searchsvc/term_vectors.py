"""Each document's terms with their frequencies, kept in its segment beside the postings.

A relaxed question's scores are smoothed over its best documents' similarities (ranking.regularised),
which wants the title and body terms of 50 documents. Stemming their stored text again took about
5 ms a question on the 20k news collection, half of the question's time, and cost a sixth of the
service's requests a second. The segment writer has every term's postings in memory at its flush;
turned around (each document's terms instead of each term's documents), they are written as one more
file of the segment (EXT, inside its compound file), and a document's terms are then a slice of an
array.

A segment's file holds, per field of FIELDS: offsets (the document's first entry), the term numbers
(the term's place among the field's terms in the segment's term file, which are in key order) and
the frequencies. Terms are numbered anew over all segments when a generation is first searched
(`Vectors`), with the body's document frequency of each.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
from whoosh.codec import whoosh3
from whoosh.filedb import filetables

from . import deflate

EXT = ".vec"
FIELDS = ("title", "body")
_MAX_TF = np.iinfo(np.uint16).max


class Gathered:
    """One field's postings as the segment writer writes them, term by term in key order: each term's
    ids and weights, made compact (12 bytes a posting) every _CHUNK postings. A merge reads one term's
    postings at a time; kept as they came (each term's own arrays, weights as doubles), all of them
    were held, a 60,000-document merge peaking at 548 MB RSS where it had taken 149 MB."""

    __slots__ = ("_pending", "_terms", "chunks", "ids", "weights")

    def __init__(self) -> None:
        self.ids: list[Any] = []  # array("I") per term, since the last chunk
        self.weights: list[Any] = []  # array("d") per term, since the last chunk
        self._pending = 0  # their postings
        self._terms = 0  # terms in the chunks
        self.chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (ids, term numbers, weights)

    def add(self, ids: Any, weights: Any) -> None:
        self.ids.append(ids)
        self.weights.append(weights)
        self._pending += len(ids)
        if self._pending >= _CHUNK:
            self.compact()

    def compact(self) -> None:
        """The postings added since the last chunk as one more: ids (uint32), term numbers (uint32) and
        weights (float32: a frequency times a boost, exact)."""
        if not self.ids:
            return
        lengths = np.fromiter(map(len, self.ids), dtype=np.int64, count=len(self.ids))
        ids = np.frombuffer(b"".join(self.ids), dtype=np.uint32)
        self.ids = []
        weights = np.frombuffer(b"".join(self.weights), dtype=np.float64).astype(np.float32)
        self.weights = []
        terms = np.repeat(np.arange(self._terms, self._terms + lengths.size, dtype=np.uint32), lengths)
        self.chunks.append((ids, terms, weights))
        self._terms += lengths.size
        self._pending = 0


# Postings gathered before they are made compact.
_CHUNK = 1 << 18


def write(segment: Any, storage: Any, gathered: dict[str, Gathered], boosts: dict[str, float], doc_count: int) -> None:
    """The segment's EXT file, from the postings of FIELDS written to it (`gathered`)."""
    counts, arrays = [], []
    for field in FIELDS:
        offsets, terms, tfs = _by_document(gathered.get(field), boosts.get(field, 1.0), doc_count)
        counts += [offsets.size, terms.size]
        arrays += [offsets, terms, tfs, _PAD[: -(terms.nbytes + tfs.nbytes) % 8]]
    out = segment.create_file(storage, EXT)
    try:
        out.write(deflate.compress(b"".join([_MAGIC, _COUNTS.pack(*counts), *map(memoryview, arrays)])))
    finally:
        out.close()


# The file: the magic, then per field of FIELDS its number of offsets and of entries, then per field its
# offsets (int64), term numbers (uint32) and frequencies (uint16), padded to 8 bytes: each array is then
# a view of the file's bytes as read, in its own alignment (no copy of a segment's arrays when loading).
_MAGIC = b"svv1"
_COUNTS = struct.Struct(f"<{2 * len(FIELDS)}Q")
_PAD = np.zeros(8, np.uint8)


def _read(data: bytes) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    if data[:4] != _MAGIC:
        raise ValueError("not a term vectors file")
    counts = _COUNTS.unpack_from(data, 4)
    at = 4 + _COUNTS.size
    out = {}
    for k, field in enumerate(FIELDS):
        n_offsets, n_entries = counts[2 * k], counts[2 * k + 1]
        offsets = np.frombuffer(data, np.int64, n_offsets, at)
        at += offsets.nbytes
        terms = np.frombuffer(data, np.uint32, n_entries, at)
        tfs = np.frombuffer(data, np.uint16, n_entries, at + terms.nbytes)
        at += terms.nbytes + tfs.nbytes + (-(terms.nbytes + tfs.nbytes) % 8)
        out[field] = (offsets, terms, tfs)
    return out


def _by_document(gathered: Gathered | None, boost: float, doc_count: int) -> tuple[np.ndarray, ...]:
    if gathered is not None:
        gathered.compact()
    if gathered is None or not gathered.chunks:
        return np.zeros(doc_count + 1, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.uint16)
    chunks, gathered.chunks = gathered.chunks, []
    counts = np.zeros(doc_count, np.int64)
    for ids, _, _ in chunks:
        counts += np.bincount(ids, minlength=doc_count)
    offsets = np.zeros(doc_count + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    terms, tfs = np.empty(int(offsets[-1]), np.uint32), np.empty(int(offsets[-1]), np.uint16)
    # Each chunk's postings put in their documents' places, a chunk at a time (and let go): the chunks
    # are in key order, and a stable sort keeps a document's terms in it within one. Numbers of 16
    # bits are sorted by radix, in a seventh of the time.
    cursor = offsets[:-1].copy()
    chunks.reverse()
    while chunks:
        ids, numbers, weights = chunks.pop()
        order = np.argsort(ids.astype(np.uint16) if doc_count <= 1 << 16 else ids, kind="stable")
        ids = ids[order]
        places = cursor[ids] + (np.arange(ids.size) - np.searchsorted(ids, ids))
        terms[places] = numbers[order]
        # A posting's weight is its frequency times the field's boost (schema.StemmedText.add_postings).
        tfs[places] = np.minimum(np.rint(weights[order] / np.float32(boost)), _MAX_TF)
        cursor += np.bincount(ids, minlength=doc_count)
    return offsets, terms, tfs


class Vectors:
    """The term vectors of a reader's segments, with the terms numbered over all of them; None from
    `load` where a segment has none (one merged by Whoosh's own writer) or a damaged one."""

    def __init__(self, starts: np.ndarray, segments: list[dict[str, tuple[np.ndarray, ...]]],
                 body_df: np.ndarray, words: list[str]) -> None:
        self._starts = starts
        self._segments = segments  # per segment, field → (offsets, term numbers, tfs, numbers over all segments)
        self.body_df = body_df  # per global term number, deleted documents counted (as Whoosh counts)
        self.words = words  # per global term number, its text

    @classmethod
    def load(cls, reader: Any) -> Vectors | None:
        readers = getattr(reader, "readers", None) or [reader]
        starts = np.array(getattr(reader, "doc_offsets", None) or [0], dtype=np.int64)
        numbers: dict[bytes, int] = {}
        body_df: list[int] = []
        segments = []
        for segment in readers:
            terms = getattr(segment, "_terms", None)
            storage = getattr(segment, "_storage", None)
            if not isinstance(terms, whoosh3.W3TermsReader) or storage is None:
                return None
            name = segment.segment().make_filename(EXT)
            if not storage.file_exists(name):
                return None
            try:
                source = storage.open_file(name)
                try:
                    arrays = _read(deflate.decompress(source.read()))
                finally:
                    source.close()
            except Exception:  # noqa: BLE001 - a damaged file: the documents' stored text serves instead
                return None
            fields = {}
            for field in FIELDS:
                records = _field_terms(terms, field)
                # The segment's term numbers as numbered over all segments; applied to the few documents
                # asked for, not to the whole file (which would be a second copy of it in memory).
                mapped = np.fromiter((numbers.setdefault(term, len(numbers)) for term, _ in records),
                                     dtype=np.uint32, count=len(records))
                if len(numbers) > len(body_df):
                    body_df.extend([0] * (len(numbers) - len(body_df)))
                if field == "body":
                    for number, (_, df) in zip(mapped.tolist(), records, strict=True):
                        body_df[number] += df
                offsets, local, tfs = arrays[field]
                if not _consistent(offsets, local, mapped.size, segment.doc_count_all()):
                    return None
                fields[field] = (offsets, local, tfs, mapped)
            segments.append(fields)
        return cls(starts, segments, np.array(body_df, dtype=np.float64), [term.decode("utf-8") for term in numbers])

    def of(self, docnums: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, term number, frequency) of each title and body term of each of `docnums` (its row its
        place there), a term in both fields once with the frequencies summed."""
        wanted = np.asarray(docnums, dtype=np.int64)
        segment_of = np.searchsorted(self._starts, wanted, side="right") - 1
        rows, terms, tfs = [], [], []
        # A segment and field at a time, its documents' slices gathered by one index array.
        for k in np.unique(segment_of).tolist():
            at = np.flatnonzero(segment_of == k)
            local = wanted[at] - self._starts[k]
            for offsets, numbers, frequencies, mapped in self._segments[k].values():
                starts, lengths = offsets[local], offsets[local + 1] - offsets[local]
                total = int(lengths.sum())
                entries = np.arange(total) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
                terms.append(mapped[numbers[entries]])
                tfs.append(frequencies[entries])
                rows.append(np.repeat(at, lengths))
        row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        term = np.concatenate(terms).astype(np.int64) if terms else np.zeros(0, np.int64)
        tf = np.concatenate(tfs).astype(np.float64) if tfs else np.zeros(0)
        size = max(1, self.body_df.size)
        unique, at = np.unique(row * size + term, return_inverse=True)
        summed = np.bincount(at, weights=tf, minlength=unique.size)
        return unique // size, unique % size, summed

    def body_counts(self, docnum: int) -> dict[str, int]:
        """The document's body terms with their frequencies: what Counter(tokens.stems(body)) gives of
        its stored body (a frequency over 65,535 counted as 65,535)."""
        k = int(np.searchsorted(self._starts, docnum, side="right")) - 1
        local = docnum - int(self._starts[k])
        offsets, numbers, frequencies, mapped = self._segments[k]["body"]
        start, end = int(offsets[local]), int(offsets[local + 1])
        return dict(zip(map(self.words.__getitem__, mapped[numbers[start:end]].tolist()),
                        frequencies[start:end].tolist(), strict=True))


def _consistent(offsets: np.ndarray, terms: np.ndarray, term_count: int, doc_count: int) -> bool:
    """Whether a segment's vectors fit it (a damaged file must not make a question fail)."""
    return (offsets.size == doc_count + 1 and offsets[0] == 0 and offsets[-1] == terms.size
            and bool(np.all(offsets[1:] >= offsets[:-1])) and (not terms.size or int(terms.max()) < term_count))


_unpack_lengths = filetables._lengths.unpack_from
_HEAD = filetables._lengths.size
# A W3TermInfo's fixed part is "!BfIBBfII": flags, total weight, then the document frequency.
_DOC_FREQUENCY_AT = struct.calcsize("!Bf")
_unpack_uint = struct.Struct("!I").unpack_from


def _field_terms(terms: whoosh3.W3TermsReader, field: str) -> list[tuple[bytes, int]]:
    """(term, document frequency) of each of the field's terms in the segment, in key order: the
    field's records are one slice of the term file (asked one at a time, Whoosh's lookups took 14 µs)."""
    number = terms._fieldmap.get(field)
    if number is None:
        return []
    tindex = terms._tindex
    start = tindex.closest_key_pos(whoosh3.pack_ushort(number))
    if start is None:
        return []
    end = tindex.closest_key_pos(whoosh3.pack_ushort(number + 1)) if number < 65535 else None
    end = tindex.endofdata if end is None else end
    data = tindex.dbfile.get(start, end - start)
    out = []
    append = out.append
    pos, size = 0, len(data)
    while pos < size:
        keylen, valuelen = _unpack_lengths(data, pos)
        key_at = pos + _HEAD
        pos = key_at + keylen + valuelen
        append((data[key_at + 2 : key_at + keylen], _unpack_uint(data, key_at + keylen + _DOC_FREQUENCY_AT)[0]))
    return out
