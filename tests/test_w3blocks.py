"""Reading W3 posting lists a block at a time gives what Whoosh's own matcher gives, or a clear error."""

from __future__ import annotations

import random
from itertools import accumulate
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from searchsvc import w3blocks
from searchsvc.models import Document
from searchsvc.schema import build_schema, codec, to_fields
from searchsvc.segment_writer import TermListWriter


def _index(folder: Path, writer_class: type, n: int = 300) -> None:
    rng = random.Random(5)
    common = ["pyongyang", "solidarity", "delegation"]  # in most documents: several 128-posting blocks
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, codec=codec())
    for i in range(n):
        words = [rng.choice(common) if rng.random() < 0.4 else f"rare{rng.randrange(2000)}" for _ in range(30)]
        writer.add_document(**to_fields(Document(id=f"d{i}", title=f"t{i}", body=" ".join(words), content_hash="0")))
    writer.commit()


@pytest.mark.parametrize("writer_class", [SegmentWriter, TermListWriter])
def test_blocks_give_every_posting_the_matcher_gives(tmp_path: Path, writer_class: type) -> None:
    _index(tmp_path / "ix", writer_class)
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        terms = reader._terms
        several_blocks = 0
        for term in reader.lexicon("body"):
            matcher = reader.postings("body", term)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found = []
            blocks = list(w3blocks.blocks(terms._postfile, terms.term_info("body", term)))
            several_blocks += len(blocks) > 1
            for deltas, weights, values in blocks:
                ids = list(accumulate(deltas))
                if weights is None or isinstance(weights, float):
                    weights = [1.0 if weights is None else weights] * len(ids)
                found.extend(zip(ids, weights, values, strict=True))
            assert found == expected, term
        assert several_blocks >= 3


def _postings_of(folder: Path, term: bytes) -> bytes:
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        offset, length = reader._terms.term_info("body", term).extent()
        (length,) = length if isinstance(length, tuple) else (length,)
        return reader._terms._postfile.get(offset, length)


def test_a_posting_list_cut_at_a_block_boundary_is_an_error_not_fewer_postings(tmp_path: Path) -> None:
    _index(tmp_path / "ix", TermListWriter)
    postings = _postings_of(tmp_path / "ix", b"pyongyang")
    first_block_size = int.from_bytes(postings[4:8], "big", signed=True)
    assert first_block_size > 0  # not the last block: the term has several
    with pytest.raises(ValueError, match="ends without its last block"):
        list(w3blocks.parse(postings[: 8 + first_block_size]))


def test_bytes_that_are_no_posting_list_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no W3 posting list"):
        list(w3blocks.parse(b"\x00" * 40, 1234))


def test_fastrank_reads_every_posting_of_every_segment_as_whoosh_does(tmp_path: Path) -> None:
    """Long lists (several blocks, each starting from a document number rather than a delta) in two
    segments: the docnums and weights fastrank scores with are those of Whoosh's own matcher."""
    from searchsvc import fastrank

    folder = tmp_path / "ix"
    _index(folder, TermListWriter)
    ix = whoosh_index.open_dir(str(folder))
    writer = TermListWriter(ix, codec=codec())
    for i in range(200):
        words = " ".join(["solidarity"] * (1 + i % 3) + [f"late{i % 7}", "delegation"])
        writer.add_document(**to_fields(Document(id=f"e{i}", title="t", body=words, content_hash="0")))
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        longest = 0
        for term in searcher.reader().lexicon("body"):
            matcher = searcher.reader().postings("body", term)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight()))
                matcher.next()
            docs, weights = fastrank.postings(searcher, "body", term.decode())
            assert list(zip(docs.tolist(), weights.tolist(), strict=True)) == expected, term
            longest = max(longest, len(expected))
        assert longest > 3 * 128
