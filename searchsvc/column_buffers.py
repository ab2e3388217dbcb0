"""Whoosh's per-document column writers, with their values gathered and written in runs.

A segment writes eight column values a document (the stored fields, two field lengths, the
facets' and the histogram's). Whoosh's column writers write each value as it comes, through three
layers of file objects, and grow a length and an offset array one Python call at a time: about
10 µs a value, 60 µs of the 420 µs a full build spends adding and flushing a document. These
writers keep the values in lists and write them in runs of RUN; at the end the lengths and offsets
are handed to Whoosh's own writer, whose finish writes them: the column files are Whoosh's byte for
byte (tests/test_column_buffers.py compares them, and tests/test_segment_writer.py whole segments)
when compressed columns keep Whoosh's zlib; a segment writer may hand them another compressor.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from pickle import dumps
from typing import Any

from whoosh import columns
from whoosh.system import emptybytes
from whoosh.util.numlists import GrowableArray

from .deflate import Compress

RUN = 512  # values written to the column's file at once


class _Runs:
    """The values of a column's file, written to it RUN at a time (the buffers below share this)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._write = inner._dbfile.write
        self._run: list[bytes] = []

    def _append(self, value: bytes) -> None:
        self._run.append(value)
        if len(self._run) >= RUN:
            self._flush()

    def _flush(self) -> None:
        if self._run:
            self._write(emptybytes.join(self._run))
            self._run.clear()


class VarBytesBuffer(_Runs):
    """VarBytesColumn's writer (under CompressedBytesColumn and PickleColumn too): `encode` is what
    the wrapping writers do to a value before it is stored (pickling, compressing)."""

    def __init__(self, inner: columns.VarBytesColumn.Writer, encode: Callable[[Any], bytes] | None) -> None:
        super().__init__(inner)
        self._encode = encode
        self._lengths: list[int] = []
        self._offsets: list[int] = []
        self._base = 0
        self._count = 0

    def add(self, docnum: int, value: Any) -> None:
        if self._encode is not None:
            value = self._encode(value)
        if docnum > self._count:  # documents without a value: length 0 (VarBytesColumn.Writer.fill)
            gap = docnum - self._count
            self._lengths += [0] * gap
            self._offsets += [self._base] * gap
        self._append(value)
        self._lengths.append(len(value))
        self._offsets.append(self._base)
        self._base += len(value)
        self._count = docnum + 1

    def finish(self, doccount: int) -> None:
        self._flush()
        inner = self._inner
        inner._lengths = _growable(self._lengths)
        inner._offsets = _growable(self._offsets)
        inner._offset_base = self._base
        inner._count = self._count
        inner.finish(doccount)


class NumericBuffer(_Runs):
    """NumericColumn's writer: a document whose value is the default writes nothing unless a later
    one has a value (its place is then filled with the default), as Whoosh's does."""

    def __init__(self, inner: columns.NumericColumn.Writer) -> None:
        super().__init__(inner)
        self._pack = inner._pack
        self._default = inner._default
        self._default_bytes = inner._defaultbytes
        self._count = 0

    def add(self, docnum: int, value: Any) -> None:
        if value == self._default:
            return
        if docnum > self._count:
            self._append(self._default_bytes * (docnum - self._count))
        self._append(self._pack(value))
        self._count = docnum + 1

    def finish(self, doccount: int) -> None:
        self._flush()
        self._inner.finish(doccount)  # writes nothing: documents past the last value read the default


def buffered(writer: Any, compress: Compress | None = None) -> Any:
    """A buffer in front of a Whoosh column writer of the kinds above; any other writer as it is.
    A compressed column's values are compressed by `compress` (zlib.compress's signature; None: the
    writer's own, Whoosh's zlib), at the writer's level."""
    kind = type(writer)
    if kind is columns.NumericColumn.Writer:
        return NumericBuffer(writer)
    if kind is columns.VarBytesColumn.Writer:
        return VarBytesBuffer(writer, None)
    if kind is columns.CompressedBytesColumn.Writer:
        return VarBytesBuffer(writer, _compressor(writer, compress))
    if kind is columns.PickleColumn.Writer:
        child = writer._child
        if type(child) is columns.VarBytesColumn.Writer:
            return VarBytesBuffer(child, _pickle)
        if type(child) is columns.CompressedBytesColumn.Writer:
            compressor = _compressor(child, compress)
            return VarBytesBuffer(child, lambda value: compressor(_pickle(value)))
    return writer


def _pickle(value: Any) -> bytes:
    """PickleColumn.Writer's encoding: None as no bytes, anything else pickled with protocol 2."""
    return emptybytes if value is None else dumps(value, 2)


def _compressor(writer: columns.CompressedBytesColumn.Writer,
                compress: Compress | None) -> Callable[[bytes], bytes]:
    compress, level = compress or writer._compress, writer._level
    return lambda value: compress(value, level)


def _growable(values: list[int]) -> GrowableArray:
    """The GrowableArray(allow_longs=False) that appending `values` one by one makes: its type
    widens from "B" only as far as the largest value needs."""
    out = GrowableArray(allow_longs=False)
    largest = max(values, default=0)
    if largest >= 256:
        out._retype(largest)  # raises OverflowError past 2**32, as an append would
    out.array = array(out.array.typecode, values)
    return out
