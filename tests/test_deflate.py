from __future__ import annotations

import os
import zlib

import pytest

from searchsvc import deflate

SAMPLES = {
    "empty": b"",
    "one byte": b"x",
    "news text": b"The committee met in Pyongyang on Tuesday and issued a statement. " * 40,
    "random bytes": os.urandom(5000),
}


@pytest.mark.parametrize("data", SAMPLES.values(), ids=SAMPLES.keys())
def test_what_is_written_is_read_back_by_zlib(data: bytes) -> None:
    """Whoosh's own readers (and any older reader of an index) decompress with zlib."""
    for level in (1, 3, 9):
        written = deflate.compress(data, level)
        assert zlib.decompress(written) == data
        assert deflate.decompress(written) == data


def test_text_is_stored_in_a_fraction_of_its_size() -> None:
    text = SAMPLES["news text"]
    assert len(deflate.compress(text, 1)) < len(text) / 10
