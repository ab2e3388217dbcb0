"""Whoosh W3 posting lists read a whole block at a time, straight from the postings file.

Whoosh's matcher yields a posting at a time, and reads each block's header by unpickling it from
the file object, which calls the file's Python read() a byte at a time. Searching (fastrank.py)
and merging segments (segment_writer.py) want whole blocks: here each is one slice of the file and
two unpickles.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pickle import load, loads
from typing import Any

from whoosh.codec import whoosh3
from whoosh.system import _int_struct

from . import deflate

_MAGIC = whoosh3.WHOOSH3_HEADER_MAGIC
_unpack_int_from = _int_struct.unpack_from


def blocks(postfile: Any, info: whoosh3.W3TermInfo) -> Iterator[tuple]:
    """A term's blocks as Whoosh stores them: (id deltas, weights, values) tuples, in docnum order.

    Weights are None (all 1.0), one float for all, or one per posting. Values are None (a format
    without them), or bytes for a fixed-size format, or a tuple of the non-empty ones (Whoosh
    leaves empty values out). The postings must be in blocks (`info.is_inlined()` false).
    """
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps unpack_int's 1-tuple
        (length,) = length
    return parse(postfile.get(offset, length), offset)


def parse(postings: bytes, offset: int = 0) -> Iterator[tuple]:
    """blocks() of a term's postings already read: the bytes its term info's extent() spans.

    One read of the whole extent rather than two per block: the file's get() was a third of the
    time spent reading a few short blocks.
    """
    if postings[:4] != _MAGIC:
        raise ValueError(f"no W3 posting list at offset {offset}")
    pos = 4
    end = len(postings)
    while pos < end:
        size = _unpack_int_from(postings, pos)[0]  # negative for the last block
        stream = BytesIO(postings[pos + 4 : pos + 4 + abs(size)])
        compression = load(stream)[3]  # (count, last id, max weight, compression, min length, max length)
        data = stream.read()
        yield loads(deflate.decompress(data) if compression else data)
        if size < 0:
            return
        pos += 4 + size
    raise ValueError(f"W3 posting list at offset {offset} ends without its last block")
