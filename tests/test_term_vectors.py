"""The term vectors a segment keeps are each document's title and body terms, as its stored text stems."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from corpora import make_corpus
from whoosh import index as whoosh_index

from searchsvc import generations, term_vectors, tokens
from searchsvc.indexer import build_index


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
        zebra = next(d for d in live if "zebra" in (searcher.stored_fields(d).get("body") or ""))
        assert (4, 2) in _kept(vectors, [zebra])[0]  # "zebra" twice in one of the four documents that have it
