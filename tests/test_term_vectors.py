"""The term vectors a segment keeps are each document's title and body terms, as its stored text stems."""

from __future__ import annotations

import tracemalloc
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from corpora import make_corpus
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from searchsvc import deflate, generations, term_vectors, tokens
from searchsvc.indexer import build_index
from searchsvc.models import Document
from searchsvc.schema import build_schema, codec, to_fields
from searchsvc.segment_writer import TermListWriter


def _searcher(index_dir: Path):  # noqa: ANN202 - a Whoosh searcher
    return whoosh_index.open_dir(str(index_dir / generations.current_generation(index_dir))).searcher()


def _stemmed(searcher, docnum: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """(body document frequency, frequency) of each of the document's title and body terms, sorted."""
    stored = searcher.stored_fields(docnum)
    counts = Counter(tokens.stems(stored.get("title") or ""))
    counts.update(tokens.stems(stored.get("body") or ""))
    return sorted((searcher.doc_frequency("body", term), n) for term, n in counts.items())


def _kept(vectors: term_vectors.Vectors, docnums: list[int]) -> list[list[tuple[int, int]]]:
    rows, terms, tfs = vectors.of(docnums)
    return [sorted(zip(vectors.body_df[terms[rows == row]].astype(int).tolist(),
                       tfs[rows == row].astype(int).tolist(), strict=True)) for row in range(len(docnums))]


def test_every_document_of_every_segment_has_its_terms_after_builds_and_updates(tmp_path: Path) -> None:
    """A full build, then updates that add, change and delete captures and merge segments: each live
    document's terms and frequencies, in whichever segment, are those its stored title and body stem to,
    with each term's document frequency."""
    raw, ix = tmp_path / "raw", tmp_path / "ix"
    make_corpus(raw, 160)
    build_index(raw, ix, workers=2)
    for round_ in range(6):  # the sixth update merges the small segments the others wrote
        if round_ < 4:
            (raw / "c00" / f"cap-0000{round_}.txt").unlink()
            (raw / "c01" / f"cap-0005{round_}.txt").write_text(
                f"Changed headline {round_}\n\nA zebra crossed the orchard {round_} times, and the zebra rested.\n")
        (raw / f"new-{round_}.txt").write_text(f"New capture {round_}\n\nThe orchard keeper counted apples.\n")
        build_index(raw, ix)
    with _searcher(ix) as searcher:
        reader = searcher.reader()
        segments = getattr(reader, "readers", [reader])
        assert len(segments) >= 2 and reader.has_deletions()
        assert any(segment.doc_count_all() > 1 for segment in segments[1:])  # one written by a merge
        vectors = term_vectors.Vectors.load(reader)
        assert vectors is not None
        live = [docnum for docnum in range(searcher.doc_count_all()) if not reader.is_deleted(docnum)]
        assert len(live) == 162  # 4 deleted, 6 added
        assert _kept(vectors, live) == [_stemmed(searcher, docnum) for docnum in live]
        # Feedback's counts of a document's body terms (ranking.feedback_terms), by text.
        assert [vectors.body_counts(docnum) for docnum in live] == [
            Counter(tokens.stems(searcher.stored_fields(docnum).get("body") or "")) for docnum in live]
        zebra = next(d for d in live if "zebra" in (searcher.stored_fields(d).get("body") or ""))
        assert (4, 2) in _kept(vectors, [zebra])[0]  # "zebra" twice in one of the four documents that have it


def _segment(folder: Path, writer_class: type) -> Path:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, codec=codec(), compound=False)
    for i in range(20):
        writer.add_document(**to_fields(Document(id=f"d{i}", title=f"Report {i}", body=f"The harbour report {i} "
                                                 "on ferries and the river.", content_hash="0")))
    writer.commit(merge=False)
    return folder


@pytest.mark.parametrize("damage", [None, b"not even compressed", "truncated", "offsets"])
def test_a_segment_without_usable_vectors_gives_none_for_the_stored_text_to_serve(
    tmp_path: Path, damage: bytes | str | None
) -> None:
    """Written by Whoosh's own writer (no vectors), or with its vectors file damaged: no vectors, so a
    relaxed question stems its documents' stored text (search._stemmed_vectors) instead of failing."""
    if damage is None:
        folder = _segment(tmp_path / "ix", SegmentWriter)
    else:
        folder = _segment(tmp_path / "ix", TermListWriter)
        (vec,) = folder.glob("*" + term_vectors.EXT)
        data = deflate.decompress(vec.read_bytes())
        if damage == "truncated":
            vec.write_bytes(deflate.compress(data[: len(data) // 2]))
        elif damage == "offsets":  # the right size, the first field's last offset past its entries
            at = 4 + term_vectors._COUNTS.size + 8 * 20
            vec.write_bytes(deflate.compress(data[:at] + (10**6).to_bytes(8, "little") + data[at + 8 :]))
        else:
            vec.write_bytes(damage)
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        assert term_vectors.Vectors.load(reader) is None
    if damage is not None:  # as written, they load
        intact = _segment(tmp_path / "intact", TermListWriter)
        with whoosh_index.open_dir(str(intact)).reader() as reader:
            assert term_vectors.Vectors.load(reader) is not None


def test_a_merges_term_vectors_take_a_few_bytes_a_posting(tmp_path: Path) -> None:
    """A merge reads each term's postings, writes them and lets them go (one term's in memory at a time):
    the term vectors kept every term's ids and weights (each term's own arrays, weights as doubles) and
    made further copies of them all at the flush, a 60,000-document merge peaking at 548 MB RSS where it
    had taken 149 MB (332 MB now). Gathered, they are held in 12 bytes a posting, and placed in a few more."""
    from array import array

    from whoosh.codec.whoosh3 import W3Segment
    from whoosh.filedb.filestore import RamStorage

    rng = np.random.default_rng(0)
    doc_count, terms = 30_000, 60_000
    postings = 0
    tracemalloc.start()
    try:
        gathered = term_vectors.Gathered()
        for _ in range(terms):
            n = 1 + int(rng.integers(0, 40))
            ids = np.unique(rng.integers(0, doc_count, n)).astype(np.uint32)
            gathered.add(array("I", ids.tobytes()), array("d", (ids % 3 + 1.0) * 2.5))  # fresh, as a merge's
            postings += ids.size
        segment, storage = W3Segment(codec(), "MAIN"), RamStorage()
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        term_vectors.write(segment, storage, {"body": gathered}, {"body": 2.5}, doc_count)
        peak = tracemalloc.get_traced_memory()[1]
        held = start
    finally:
        tracemalloc.stop()
    assert held / postings < 18
    assert (peak - held) / postings < 24
    source = storage.open_file(segment.make_filename(term_vectors.EXT))
    offsets, numbers, tfs = term_vectors._read(deflate.decompress(source.read()))["body"]
    assert offsets[-1] == numbers.size == tfs.size == postings and set(tfs.tolist()) == {1, 2, 3}
