"""Small, targeted fixes to Whoosh 2.7.4 (frozen upstream), applied once on import.

- Per-document length lookups re-check on disk, for every posting written, whether a field
  has a length column; for fields that have none (ID fields) the answer is never cached, so a
  commit made ~300k stat() calls per 3,000 documents (15% of build time). The miss is cached
  too. The reader belongs to one finished segment, whose files never change.
- Writing a segment looks up each posting's document length one file read at a time (a quarter
  of a commit's time); the length column is one byte per document, so it is read once per field
  and indexed in memory. Same answers, including whoosh's None for a zero length byte.
"""

from __future__ import annotations

from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

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


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length


apply()
