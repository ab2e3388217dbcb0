"""Whoosh W3 posting lists read a whole block at a time, straight from the postings file.

Whoosh's matcher yields a posting at a time, and reads each block's header by unpickling it from
the file object, which calls the file's Python read() a byte at a time. Searching (fastrank.py)
and merging segments (segment_writer.py) want whole blocks: here each is one slice of the file and
two unpickles.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from io import BytesIO
from pickle import load, loads
from typing import Any

from whoosh.codec import whoosh3

_MAGIC = whoosh3.WHOOSH3_HEADER_MAGIC
_unpack_int = whoosh3.unpack_int


def blocks(postfile: Any, info: whoosh3.W3TermInfo) -> Iterator[tuple]:
    """A term's blocks as Whoosh stores them: (id deltas, weights, values) tuples, in docnum order.

    Weights are None (all 1.0), one float for all, or one per posting. Values are None (a format
    without them), or bytes for a fixed-size format, or a tuple of the non-empty ones (Whoosh
    leaves empty values out). The postings must be in blocks (`info.is_inlined()` false).
    """
    offset, _ = info.extent()
    if postfile.get(offset, 4) != _MAGIC:
        raise ValueError(f"no W3 posting list at offset {offset}")
    pos = offset + 4
    while True:
        size = _unpack_int(postfile.get(pos, 4))[0]  # negative for the last block
        block = postfile.get(pos + 4, abs(size))
        stream = BytesIO(block)
        compression = load(stream)[3]  # (count, last id, max weight, compression, min length, max length)
        data = block[stream.tell():]
        yield loads(zlib.decompress(data) if compression else data)
        if size < 0:
            return
        pos += 4 + size
