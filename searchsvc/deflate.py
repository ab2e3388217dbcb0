"""zlib streams written (and read) by Intel's ISA-L (python-isal): the format every reader's
zlib.decompress reads, in about a third of zlib's time.

A full build compresses each posting block of segment_writer.MIN_COMPRESS bytes or more and each
document's stored fields: on the 20k benchmark, 41,000 calls of 1.3-1.7 KB at 26-32 µs each with
zlib, 1.2 s of a 17.7 s build in one process (7%). ISA-L took 8.6-9.1 µs a call on the same blocks
and stored fields, for 2.6% more bytes on posting blocks (0.321 of the pickles against zlib level
1's 0.313) and 0.5% more on stored fields (0.592 against level 3's 0.589); it decompresses them in
about two thirds of zlib's time. The streams are zlib's format (header, deflate, Adler-32): Whoosh's
own readers, and any older reader of these files, read them.
"""

from __future__ import annotations

from collections.abc import Callable

from isal import isal_zlib

# zlib.compress's signature, (data, level) → a zlib stream: what segment and column writers are handed.
Compress = Callable[[bytes, int], bytes]

# ISA-L's levels are 0-3, not zlib's 1-9; 1 compressed posting blocks and stored fields as well as
# 2 and 3 did (within 1%) and 12% faster than 3. Level 0 is Huffman coding alone: 0.48 of the pickles.
LEVEL = 1


def compress(data: bytes, level: int = LEVEL) -> bytes:
    """`data` as one zlib stream. `level` is taken for the call signature zlib.compress has (Whoosh's
    column writers pass theirs): whatever zlib level a writer asks for, ISA-L's LEVEL is used."""
    return isal_zlib.compress(data, LEVEL)


decompress = isal_zlib.decompress
