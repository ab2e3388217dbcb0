"""A Whoosh segment writer for new documents that keeps postings per term instead of in a sorting pool.

Whoosh's SegmentWriter makes a (field, term, docnum, weight, value) tuple for every posting, sorts
them all at commit, and feeds them one at a time through its postings writer (asserts, block
statistics and a term-info object per posting or term): the flush was a quarter of a full build's
CPU. Documents are added in docnum order, so postings collected per term are already in order:
the flush only sorts the terms, and writes each term's blocks from slices. With min_compress=0,
protocol=2 and compress=zlib.compress the bytes written are Whoosh's exactly
(tests/test_segment_writer.py compares the segment files); by default short blocks are left
uncompressed, which the block header records for every reader, blocks are pickled with a protocol
that stores bytes as they are, and blocks and stored fields are compressed by ISA-L (deflate.py).
Measured on 3,000 news captures, one process: adding and flushing took about two thirds of
Whoosh's time, and a 20k full build went from 1.67x to 2.0x the naive Whoosh build's speed.

When a commit merges small segments in (an incremental build, once in a while), the flush walks
their terms beside the new ones in key order, reading each term's postings a block at a time.
"""

from __future__ import annotations

import heapq
import operator
import struct
from array import array
from collections.abc import Iterable, Iterator
from itertools import accumulate, compress, groupby, repeat
from pickle import dumps
from typing import Any

from whoosh.codec import whoosh3
from whoosh.filedb import filetables
from whoosh.reading import SegmentReader
from whoosh.system import emptybytes
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from . import column_buffers, deflate, term_vectors, w3blocks

_TERMINFO = whoosh3.W3TermInfo._struct
_pack_ushort = whoosh3.pack_ushort
_pack_long = whoosh3.pack_long
_pack_int = whoosh3.pack_int
_MAGIC = whoosh3.WHOOSH3_HEADER_MAGIC
_EXTENT = struct.Struct("!qi")  # after a W3TermInfo's fixed part: its postings' offset and length
_sub = operator.sub
_freq = operator.itemgetter(1)


# Bytes of pickled block below which it is stored as is (see _BlockWriter). On 3,000 news captures,
# 128 rather than 64 left twice as many blocks uncompressed for a postings file 1% larger.
MIN_COMPRESS = 128
# Pickle protocol of a block's (ids, weights, values). Whoosh writes 2, in which each position value
# (bytes) is rebuilt on loading by a call to _codecs.encode of a latin-1 string stored as UTF-8;
# from 3 on, bytes are stored as they are. Every reader unpickles whatever protocol it finds.
PROTOCOL = 4


class _Postings:
    """One term's postings, in docnum order: ids, weights (as computed, doubles), encoded values.

    Arrays, not lists: at 50k documents a worker holds some 6M postings until the flush.
    """

    __slots__ = ("ids", "values", "weights")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []


class TermListWriter(SegmentWriter):
    """SegmentWriter whose new postings are gathered per term; same segment files, a fraction of the time."""

    def __init__(self, *args: Any, min_compress: int = MIN_COMPRESS, protocol: int = PROTOCOL,
                 compress: deflate.Compress = deflate.compress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.schema.items():
            if field.separate_spelling() or field.vector:
                raise ValueError(f"field {name!r}: spelling and vectors are not supported by TermListWriter")
        self._min_compress = min_compress
        self._protocol = protocol
        self._compress = compress
        _buffer_columns(self.perdocwriter, compress)
        self._terms: dict[str, dict[bytes, _Postings]] = {}
        self._text_keyed: set[str] = set()  # fields of _terms keyed by the term's text until the flush
        self._lengths: dict[str, dict[int, int]] = {}  # field → docnum → length as read back (quantized)
        # (reader, startdoc, docmap): docmap None when no document of the segment is deleted, and
        # its documents keep their order from startdoc on.
        self._merging: list[tuple[Any, int, dict[int, int] | None]] = []

    def add_document(self, analysed: dict[str, tuple[int, list[str]]] | None = None, **fields: Any) -> None:
        """Whoosh's add_document; `analysed`: field name → tokens.positioned_stems of its value, for
        fields that add their postings from those themselves (schema.StemmedText.add_postings), already
        tokenized."""
        if any(name.startswith("_") for name in fields):
            raise ValueError("per-document boosts and stored overrides are not supported by TermListWriter")
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(fields)
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        for fieldname in names:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                # A text field adds its own postings, kept by the term as text until the flush
                # (_text_keyed); any other gives Whoosh's items, kept by the term's bytes.
                own = getattr(field, "adds_postings", False) and isinstance(value, str)
                terms = self._terms.get(fieldname)
                if terms is None:
                    terms = self._terms[fieldname] = {}
                    if own:
                        self._text_keyed.add(fieldname)
                if own:
                    stems = analysed.get(fieldname) if analysed else None
                    if stems is None:
                        stems = field.stems_of(value)
                    length = field.add_postings(terms, _Postings, docnum, *stems)
                else:
                    items = field.index(value)
                    if not isinstance(items, list):
                        items = list(items)
                    length = sum(map(_freq, items))
                    get = terms.get
                    for tbytes, _, weight, vbytes in items:
                        postings = get(tbytes)
                        if postings is None:
                            postings = terms[tbytes] = _Postings()
                        postings.ids.append(docnum)
                        postings.weights.append(weight)
                        postings.values.append(vbytes)
                if not field.scorable:
                    length = 0
                elif length:
                    self._lengths.setdefault(fieldname, {})[docnum] = byte_to_length(length_to_byte(length))
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(fieldname, column, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> None:
        """A merged segment's postings are written with the new documents', a term at a time, at the flush.

        Whoosh reads them a posting at a time through a matcher, sorts them all with the new ones
        and writes them a posting at a time: an incremental build that merged 7,000 documents
        took 14 s in that. Here the segment is only noted (Whoosh closes `reader` on return, so
        it is opened again); the flush walks its terms beside the new ones in key order and
        appends each term's blocks, renumbered, after the new documents' postings (the merged
        documents come after every one added so far). One term's postings are in memory at a time,
        however big the merge.
        """
        terms_reader = getattr(reader, "_terms", None)
        fixed_size = any((f.format.fixed_value_size() or 0) > 0 for _, f in self.schema.items() if f.indexed)
        if not isinstance(terms_reader, whoosh3.W3TermsReader) or fixed_size or self.pool.current or self.pool.runs:
            super().add_postings_to_pool(reader, startdoc, docmap)
            return
        renumbered = (docmap.items() if docmap is not None
                      else [(old, startdoc + old) for old in range(reader.doc_count_all())])
        for fieldname, field in self.schema.items():
            if field.scorable:
                lengths = self._lengths.setdefault(fieldname, {})
                for old, new in renumbered:
                    length = reader.doc_field_length(old, fieldname)
                    if length:
                        lengths[new] = length
        self._merging.append((SegmentReader(self.storage, self.schema, reader.segment()), startdoc, docmap))

    def _flush_segment(self) -> None:
        try:
            self._flush_all()
        finally:
            self._close_merging()

    def cancel(self) -> None:
        self._close_merging()
        super().cancel()

    def _close_merging(self) -> None:
        for reader, _, _ in self._merging:
            reader.close()
        self._merging = []

    def _flush_all(self) -> None:
        for fieldname in self._text_keyed:
            self._terms[fieldname] = {t.encode("utf-8"): p for t, p in self._terms[fieldname].items()}
        self._text_keyed = set()
        if self._merging and (self.pool.current or self.pool.runs):
            # Something went to Whoosh's pool after these segments were noted: they join it.
            for reader, startdoc, docmap in self._merging:
                super().add_postings_to_pool(reader, startdoc, docmap)
        if self.pool.current or self.pool.runs:  # merged segments' postings: Whoosh sorts and writes all
            add = self.pool.add
            for fieldname, terms in self._terms.items():
                for tbytes, postings in terms.items():
                    for item in zip(postings.ids, postings.weights, postings.values, strict=True):
                        add((fieldname, tbytes, *item))
            self._terms = {}
            super()._flush_segment()
            return
        self.perdocwriter.close()
        fw = self.fieldwriter
        codec = self.codec
        gathered: dict[str, term_vectors.Gathered] = {}
        for fieldname, terms in groupby(self._all_terms(), key=_fieldname):
            fieldobj = self.schema[fieldname]
            fw.start_field(fieldname, fieldobj)
            prefix = _pack_ushort(fw._fieldid)
            write = _BlockWriter(fw._postfile, fieldobj.format, self._lengths.get(fieldname, {}),
                                 codec._blocklimit, codec._compression, self._min_compress,
                                 self._protocol, self._compress).write_term
            if fieldname in term_vectors.FIELDS:
                write = _gathering(write, gathered.setdefault(fieldname, term_vectors.Gathered()))
            _add_terms(fw._tindex, ((prefix + tbytes, write(postings)) for _, tbytes, postings in terms))
            fw.finish_field()
        self._terms = {}
        fw.close()
        boosts = {name: self.schema[name].format.field_boost for name in term_vectors.FIELDS if name in self.schema}
        term_vectors.write(self.newsegment, self.storage, gathered, boosts, self.docnum)

    def _all_terms(self) -> Iterator[tuple[str, bytes, _Postings]]:
        """(field, term, postings) in key order: the new documents' terms and the merged segments'."""
        if not self._merging:
            yield from _new_terms(self._terms)
            return
        sources = [((fieldname, tbytes, -1, postings) for fieldname, tbytes, postings in _new_terms(self._terms))]
        sources += [_segment_terms(reader, k, self.schema) for k, (reader, _, _) in enumerate(self._merging)]
        last_field, last_term, postings = None, None, None
        # Sources in key order, and for one key the new documents first, then each segment in docnum order.
        for fieldname, tbytes, k, item in heapq.merge(*sources):
            if tbytes != last_term or fieldname != last_field:
                if postings is not None and postings.ids:  # a term only in deleted documents leaves with them
                    yield last_field, last_term, postings
                last_field, last_term, postings = fieldname, tbytes, None
            if k < 0:
                postings = item
                continue
            reader, startdoc, docmap = self._merging[k]
            merged = _read_blocks(reader._terms._postfile, item, startdoc, docmap)
            if merged is None:  # values that do not line up with the ids: Whoosh's matcher reads them
                merged = _read_matcher(reader, fieldname, tbytes, startdoc, docmap)
            if postings is None:
                postings = merged
            else:
                postings.ids.extend(merged.ids)
                postings.weights.extend(merged.weights)
                postings.values.extend(merged.values)
        if postings is not None and postings.ids:
            yield last_field, last_term, postings


def _gathering(write: Any, gathered: term_vectors.Gathered) -> Any:
    """`write`, each term's postings also kept for the segment's term vectors."""
    add = gathered.add

    def write_and_gather(postings: _Postings) -> bytes:
        add(postings.ids, postings.weights)
        return write(postings)

    return write_and_gather


def _new_terms(terms: dict[str, dict[bytes, _Postings]]) -> Iterator[tuple[str, bytes, _Postings]]:
    """(field, term, postings) of the documents added, in key order."""
    for fieldname in sorted(terms):
        field_terms = terms[fieldname]
        for tbytes in sorted(field_terms):
            yield fieldname, tbytes, field_terms[tbytes]


def _segment_terms(reader: Any, k: int, schema: Any) -> Iterator[tuple[str, bytes, int, bytes]]:
    """(field, term, k, term-info bytes) of a merged segment's indexed fields, in key order (by field,
    numbered in name order as the segment was written, then by bytes).

    The term file's records are read in one piece and split here: iterating Whoosh's reader costs
    a file read, a key decoding and a W3TermInfo per term, and a merge only needs a term info's
    inlined flag and extent (_read_blocks).
    """
    terms = reader._terms
    tindex = terms._tindex
    names = terms._fieldunmap
    wanted = [name is not None and name in schema and schema[name].indexed for name in names]
    data = tindex.dbfile.get(tindex.startofdata, tindex.endofdata - tindex.startofdata)
    unpack_lengths = filetables._lengths.unpack_from
    head = filetables._lengths.size
    pos, end = 0, len(data)
    while pos < end:
        keylen, valuelen = unpack_lengths(data, pos)
        key_at = pos + head
        pos = key_at + keylen + valuelen
        fieldnum = (data[key_at] << 8) | data[key_at + 1]  # the key's ushort field-number prefix
        if wanted[fieldnum]:
            yield names[fieldnum], data[key_at + 2 : key_at + keylen], k, data[key_at + keylen : pos]


_fieldname = operator.itemgetter(0)


def _read_matcher(reader: Any, fieldname: str, tbytes: bytes, startdoc: int,
                  docmap: dict[int, int] | None) -> _Postings:
    """A term's postings through Whoosh's matcher, renumbered (see _read_blocks)."""
    out = _Postings()
    m = reader.postings(fieldname, tbytes)
    while m.is_active():
        new = startdoc + m.id() if docmap is None else docmap.get(m.id())
        if new is not None:
            out.ids.append(new)
            out.weights.append(m.weight())
            out.values.append(m.value())
        m.next()
    return out


def _read_blocks(postfile: Any, terminfo: bytes, startdoc: int, docmap: dict[int, int] | None) -> _Postings | None:
    """A term's postings from disk (terminfo: its W3TermInfo bytes), renumbered: by docmap (deleted
    documents are not in it), or when it is None by adding startdoc.

    None if the postings are not in blocks or a block's values do not line up with its ids.
    """
    if terminfo[0]:  # the flags byte: postings inlined in the term info
        return None
    offset, length = _EXTENT.unpack_from(terminfo, _TERMINFO.size)
    out = _Postings()
    get = None if docmap is None else docmap.get
    for deltas, block_weights, block_values in w3blocks.parse(postfile.get(offset, length), offset):
        n = len(deltas)
        if block_values is None:
            block_values = repeat(None, n)
        elif len(block_values) != n:
            return None
        if block_weights is None or isinstance(block_weights, float):
            block_weights = repeat(1.0 if block_weights is None else block_weights, n)
        if docmap is None:  # the first delta is the block's first id: shifting it shifts them all
            out.ids.extend(accumulate(deltas[1:], initial=deltas[0] + startdoc))
            out.weights.extend(block_weights)
            out.values.extend(block_values)
            continue
        new = list(map(get, accumulate(deltas)))
        if None in new:
            keep = [d is not None for d in new]
            new, block_weights, block_values = (list(compress(x, keep)) for x in (new, block_weights, block_values))
        out.ids.extend(new)
        out.weights.extend(block_weights)
        out.values.extend(block_values)
    return out


def _buffer_columns(perdoc: Any, compress: deflate.Compress) -> None:
    """Whoosh's per-document writer with its column writers behind column_buffers' (the same files,
    compressed columns compressed by `compress`): the stored fields' column made already, and each
    other when it is made."""
    if type(perdoc) is not whoosh3.W3PerDocWriter:
        return
    writers = perdoc._colwriters
    for name, writer in writers.items():
        writers[name] = column_buffers.buffered(writer, compress)
    create = perdoc._create_column

    def create_buffered(fieldname: str, column: Any) -> None:
        create(fieldname, column)
        writers[fieldname] = column_buffers.buffered(writers[fieldname], compress)

    perdoc._create_column = create_buffered


def _add_terms(tindex: filetables.OrderedHashWriter, items: Iterable[tuple[bytes, bytes]]) -> None:
    """OrderedHashWriter.add for each (key, value), in key order, with its bookkeeping inlined.

    The same bytes and hash table as calling add: a small segment has a few thousand terms and
    few postings each, so the per-term Python calls of add were a sixth of its flush.
    """
    file = tindex.dbfile.file
    write = file.write
    pos = file.tell()  # then counted: tell() is a system call
    index_append = tindex.index.append
    buckets = tindex.buckets
    hashfn = tindex.hashfn
    pack_lengths = filetables._lengths.pack
    lastkey = tindex.lastkey
    for key, value in items:
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        index_append(pos)
        record = pack_lengths(len(key), len(value)) + key + value
        write(record)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        pos += len(record)
        lastkey = key
    tindex.lastkey = lastkey


class _BlockWriter:
    """Writes posting lists as W3PostingsWriter does: same block layout and statistics.

    Three differences. A block whose pickle is under `min_compress` bytes is stored uncompressed
    (the block header says so, and every reader honours it). Whoosh meant to do the same below 20
    bytes, but a slip in W3PostingsWriter overwrote the check; zlib adds 6 bytes and ~20 µs per
    call, and most terms have one short block. A block's data is pickled with `protocol`
    (PROTOCOL): a block of 128 body postings then loads in about a seventh of the time, and is
    half the size compressed. And `compress` writes the zlib stream (deflate.compress: ISA-L's).
    With min_compress=0, protocol=2 and zlib.compress the bytes are Whoosh's exactly.
    """

    def __init__(self, postfile: Any, fmt: Any, lengths: dict[int, int], blocklimit: int, compression: int,
                 min_compress: int, protocol: int, compress: deflate.Compress) -> None:
        self._write = postfile.write
        # Where the next term starts, kept here: a file's tell() is a system call, three per term.
        self._pos = postfile.tell()
        self._lengths = lengths
        self._limit = blocklimit
        self._comp = compression
        self._min_compress = min_compress if compression else 1 << 62
        self._protocol = protocol
        self._compress = compress
        fixed = fmt.fixed_value_size()
        self._values_kind = "tuple" if fixed is None or fixed < 0 else ("none" if fixed == 0 else "join")

    def write_term(self, postings: _Postings) -> bytes:
        """Write one term's blocks; returns its term-info bytes."""
        ids = postings.ids
        if len(ids) == 1:
            return self._write_one(postings)
        chunks = [_MAGIC]
        raw_weights, values = postings.weights, postings.values
        lengths = self._lengths
        n = len(ids)
        limit = self._limit
        total_weight = 0.0
        t_minlen, t_maxlen, t_maxweight = None, 0, 0
        for lo in range(0, n, limit):
            hi = lo + limit if lo + limit < n else n
            block_ids = ids[lo:hi]
            raw = raw_weights[lo:hi]
            weights = array("f", raw.tolist())
            deltas = (block_ids[0], *map(_sub, block_ids[1:], block_ids))
            maxweight = max(0, *raw)
            if lengths:
                lens = [lengths[i] for i in block_ids if i in lengths]
                minlen = min(lens) if lens else None
                maxlen = max(lens) if lens else 0
            else:
                minlen, maxlen = None, 0

            total_weight += sum(weights)
            if t_minlen is None:
                t_minlen = minlen
            elif minlen is not None and minlen < t_minlen:
                t_minlen = minlen
            if maxlen > t_maxlen:
                t_maxlen = maxlen
            if maxweight > t_maxweight:
                t_maxweight = maxweight

            first = weights[0]
            if first == 1.0 and weights.count(first) == len(weights):
                mini_weights = None
            elif weights.count(first) == len(weights):
                mini_weights = first
            else:
                mini_weights = tuple(weights)
            kind = self._values_kind
            if kind == "tuple":
                mini_values = tuple(filter(None, values[lo:hi]))
            elif kind == "none":
                mini_values = None
            else:
                mini_values = emptybytes.join(filter(None, values[lo:hi]))
            data = dumps((deltas, mini_weights, mini_values), self._protocol)
            comp = 0
            if len(data) >= self._min_compress:
                comp = self._comp
                data = self._compress(data, comp)
            info = dumps((hi - lo, block_ids[-1], maxweight, comp, _length_byte(minlen), _length_byte(maxlen)), 2)
            size = len(info) + len(data)
            chunks.append(_pack_int(-size if hi == n else size) + info + data)
        out = emptybytes.join(chunks)
        start = self._pos
        self._write(out)
        self._pos += len(out)
        minlen_byte = 0 if t_minlen is None else _length_byte(t_minlen)
        return (_TERMINFO.pack(False, total_weight, n, minlen_byte, _length_byte(t_maxlen), t_maxweight,
                               ids[0], ids[-1])
                + _pack_long(start) + _pack_int(len(out)))

    def _write_one(self, postings: _Postings) -> bytes:
        """write_term for a term in one document, the same bytes with none of the loop.

        Most terms of a segment are (in a small one, nearly all): this was most of its flush.
        """
        docnum = postings.ids[0]
        raw = postings.weights[0]
        weight = _to_float32(raw)
        maxweight = max(0, raw)
        length = self._lengths.get(docnum) if self._lengths else None
        value = postings.values[0]
        kind = self._values_kind
        if kind == "tuple":
            mini_values = (value,) if value else ()
        elif kind == "none":
            mini_values = None
        else:
            mini_values = value or emptybytes
        data = dumps(((docnum,), None if weight == 1.0 else weight, mini_values), self._protocol)
        comp = 0
        if len(data) >= self._min_compress:
            comp = self._comp
            data = self._compress(data, comp)
        length_byte = _length_byte(length)
        info = dumps((1, docnum, maxweight, comp, length_byte, length_byte), 2)
        out = _MAGIC + _pack_int(-(len(info) + len(data))) + info + data
        start = self._pos
        self._write(out)
        self._pos += len(out)
        # Whoosh sums the block's float32 weights from 0.0 and takes the largest length as 0 when unknown.
        return (_TERMINFO.pack(False, 0.0 + weight, 1, 0 if length is None else length_byte,
                               length_byte if length else _length_byte(0), maxweight, docnum, docnum)
                + _pack_long(start) + _pack_int(len(out)))


def _to_float32(x: float) -> float:
    return array("f", (x,))[0]


class _LengthBytes(dict):
    """length_to_byte, remembered: a segment asks it for the same few hundred lengths many times."""

    def __missing__(self, length: int | None) -> int:
        out = self[length] = length_to_byte(length)
        return out


_length_byte = _LengthBytes().__getitem__
