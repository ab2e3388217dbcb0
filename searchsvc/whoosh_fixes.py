"""Small, targeted fixes to Whoosh 2.7.4 (frozen upstream), applied once on import.

- Per-document length lookups re-check on disk, for every posting written, whether a field
  has a length column; for fields that have none (ID fields) the answer is never cached, so a
  commit made ~300k stat() calls per 3,000 documents (15% of build time). The miss is cached
  too. The reader belongs to one finished segment, whose files never change.
- Writing a segment looks up each posting's document length one file read at a time (a quarter
  of a commit's time); the length column is one byte per document, so it is read once per field
  and indexed in memory. Same answers, including whoosh's None for a zero length byte.
- A segment's files are memory-mapped, but each sub-file opened from them was wrapped in a
  BytesIO, which copies the whole mapping into private memory: every server worker held its own
  copy of all postings and term tables (an index of 200 MB made 460 MB workers). The wrapper
  here reads from the mapping itself, so those pages stay shared, clean and reclaimable.
- A document's stored fields (one zlib stream each) are decompressed by ISA-L (deflate.py) rather
  than zlib: 4.8 against 7.8 µs for a news item's, and a page of results reads a few dozen when
  its hits have copies.
"""

from __future__ import annotations

from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.filedb import structfile
from whoosh.util.numeric import byte_to_length

from . import deflate

_MISSING = object()


def _cached_reader(self, fieldname, column):  # noqa: ANN001, ANN202
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _doc_field_length(self, docnum, fieldname, default=0):  # noqa: ANN001, ANN202
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    cache = self.__dict__.setdefault("_length_bytes", {})
    codes = cache.get(fieldname, _MISSING)
    if codes is _MISSING:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        codes = None if reader is None else bytes(reader._dbfile.get(reader._basepos, reader._count))
        cache[fieldname] = codes
    if codes is None:
        return default
    lbyte = codes[docnum] if docnum < len(codes) else 0
    if lbyte:
        return byte_to_length(lbyte)
    return None


class _ViewFile:
    """A read-only file over a memoryview (what BufferFile needs of a BytesIO, without the copy)."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0
        self.closed = False

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if n is None or n < 0 else min(len(self._view), start + n)
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def readinto(self, buffer) -> int:  # noqa: ANN001
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        view, start = self._view, self._pos
        end = len(view) if limit is None or limit < 0 else min(len(view), start + limit)
        newline = bytes(view[start:end]).find(b"\n")
        return self.read(end - start if newline < 0 else newline + 1)

    def __iter__(self):  # noqa: ANN204
        while line := self.readline():
            yield line

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence == 1:
            pos += self._pos
        elif whence == 2:
            pos += len(self._view)
        self._pos = max(0, pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True


def _buffer_file_init(self, buf, name=None, onclose=None):  # noqa: ANN001, ANN202
    self._buf = buf
    self._name = name
    self.file = _ViewFile(memoryview(buf))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


_compressed_reader_init = columns.CompressedBytesColumn.Reader.__init__


def _isal_reader_init(self, dbfile, basepos, length, doccount, module):  # noqa: ANN001, ANN202, PLR0913
    _compressed_reader_init(self, dbfile, basepos, length, doccount, module)
    if module == "zlib":
        self._decompress = deflate.decompress


def apply() -> None:
    columns.CompressedBytesColumn.Reader.__init__ = _isal_reader_init
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
    structfile.BufferFile.__init__ = _buffer_file_init


apply()
