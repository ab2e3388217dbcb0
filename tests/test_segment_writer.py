"""The full build's segment writer writes what Whoosh's own would, so every Whoosh reader reads it."""

from __future__ import annotations

import random
import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from searchsvc import schema, term_vectors
from searchsvc.models import Document
from searchsvc.schema import TEXT_FIELDS, build_schema, codec, to_fields
from searchsvc.segment_writer import TermListWriter


def _documents(n: int = 400) -> list[Document]:
    """Common words (several 128-posting blocks), rare ones (one posting), repeats, dated and undated."""
    rng = random.Random(3)
    common = ["pyongyang", "solidarity", "delegation", "statement", "committee"]
    rare = [f"word{i}" for i in range(3000)]
    docs = []
    for i in range(n):
        words = [rng.choice(common if rng.random() < 0.3 else rare) for _ in range(rng.randint(1, 80))]
        docs.append(Document(
            id=f"doc-{i:04d}",
            title=" ".join(rng.sample(common, 2)) + f" {rng.choice(rare)}",
            body=" ".join(words).capitalize() + ".",
            date=date(2017, 1 + i % 12, 1 + i % 28) if i % 3 else None,
            source=rng.choice(["KCNA", "Rodong Sinmun", None]),
            url=f"https://example.org/{i}" if i % 2 else None,
            content_hash=f"{i:032x}",
        ))
    return docs


def _write(folder: Path, writer_class: type, docs: list[Document], *, analysed: bool = False,
           **kwargs: object) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, codec=codec(), compound=False, **kwargs)
    for n, doc in enumerate(docs):
        fields = to_fields(doc, group=docs[n - n % 3].id)  # groups of three
        if analysed:
            writer.add_document(analysed=schema.analysed(doc)[1], **fields)
        else:
            writer.add_document(**fields)
    writer.commit(merge=False)
    ix.close()
    # Segment files, named without the segment's random id.
    return {re.sub(r"_[a-z0-9]{16}", "", p.name): p.read_bytes() for p in folder.iterdir() if p.suffix != ".toc"}


def _postings(folder: Path) -> list[tuple]:
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        out = []
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                info = reader.term_info(fieldname, term)
                matcher = reader.postings(fieldname, term)
                items = []
                while matcher.is_active():
                    items.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                out.append((fieldname, term, info.doc_frequency(), info.weight(), info.max_weight(),
                            info.min_length(), info.max_length(), items))
        return out


def test_segment_files_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    docs = _documents()
    theirs = _write(tmp_path / "whoosh", SegmentWriter, docs)
    ours = _write(tmp_path / "ours", TermListWriter, docs, min_compress=0, protocol=2, compress=zlib.compress)
    assert any(name.endswith(".pst") for name in ours)
    assert ours.pop("MAIN" + term_vectors.EXT)  # and the documents' terms, which Whoosh does not keep
    assert ours == theirs


def test_text_analysed_before_it_is_added_writes_the_same_segment(tmp_path: Path) -> None:
    """A full build tokenizes each document once, for its words and for its terms (schema.analysed)."""
    docs = _documents()
    assert _write(tmp_path / "analysed", TermListWriter, docs, analysed=True) == _write(
        tmp_path / "plain", TermListWriter, docs)


def test_our_blocks_read_the_same_and_take_less_room(tmp_path: Path) -> None:
    """Short blocks left uncompressed and blocks pickled with protocol 4: every reader sees Whoosh's postings."""
    docs = _documents()
    theirs = _write(tmp_path / "whoosh", SegmentWriter, docs)
    ours = _write(tmp_path / "ours", TermListWriter, docs)
    expected = _postings(tmp_path / "whoosh")
    assert any(len(items) > 128 for *_, items in expected)  # several blocks for the common words
    assert _postings(tmp_path / "ours") == expected
    # Protocol 2 stores each position value as a latin-1 string in UTF-8, half again its size.
    assert len(ours["MAIN.pst"]) <= 0.8 * len(theirs["MAIN.pst"])


@pytest.mark.parametrize("deleting", [False, True], ids=["kept", "some-deleted"])
@pytest.mark.parametrize("count", [60, 250], ids=["one-block-terms", "terms-over-several-blocks"])
def test_merging_small_segments_in_keeps_every_posting(tmp_path: Path, deleting: bool, count: int) -> None:
    """An incremental build's commit merges small segments in: the same postings as Whoosh's writer.

    With deletions, the merged segments' deleted documents must not come back, and the others are
    renumbered. With 250 documents the common words have more postings than one block holds."""
    _assert_merges_like_whoosh(tmp_path, deleting=deleting, count=count)


@pytest.mark.parametrize("deleting", [False, True])
def test_a_term_whose_blocks_cannot_be_read_is_merged_through_whooshs_matcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deleting: bool
) -> None:
    """Blocks whose values do not line up with their ids are read by Whoosh's matcher: every term still merges."""
    from searchsvc import segment_writer

    real, calls = segment_writer._read_blocks, []

    def every_fifth_unreadable(postfile: object, info: object, startdoc: int, docmap: dict[int, int] | None) -> object:
        calls.append(info)
        return None if len(calls) % 5 == 0 else real(postfile, info, startdoc, docmap)

    monkeypatch.setattr(segment_writer, "_read_blocks", every_fifth_unreadable)
    _assert_merges_like_whoosh(tmp_path, deleting=deleting)
    assert len(calls) >= 5


def test_segments_of_an_earlier_build_merge_with_new_ones(tmp_path: Path) -> None:
    """An index built before blocks were pickled with protocol 4 (as Whoosh pickles them) takes
    incremental updates, and their merges, with every posting kept."""
    _assert_merges_like_whoosh(tmp_path, deleting=True, count=250, earlier_protocol=2)


def _assert_merges_like_whoosh(tmp_path: Path, *, deleting: bool, count: int = 60,
                               earlier_protocol: int | None = None) -> None:
    docs = _documents(count)
    segments, found = {}, {}
    for name, writer_class in (("whoosh", SegmentWriter), ("ours", TermListWriter)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        for start in range(0, len(docs), 5):  # Whoosh merges from the fifth tiny segment on
            part = docs[start : start + 5]
            older = writer_class is TermListWriter and earlier_protocol and start < len(docs) // 2
            writer = writer_class(ix, codec=codec(), **({"protocol": earlier_protocol} if older else {}))
            if deleting and start:
                writer.delete_by_term("id", docs[start - 3].id)  # an update replaces earlier documents
            for doc in part:
                writer.add_document(**to_fields(doc))
            writer.commit()
        segments[name] = len(ix._segments())
        with ix.searcher() as searcher:
            found[name] = sorted(fields["id"] for fields in searcher.all_stored_fields())
        ix.close()
    assert segments["ours"] == segments["whoosh"] < count // 5 / 2  # small segments were merged
    assert found["ours"] == found["whoosh"]
    assert len(found["ours"]) == len(docs) - (len(docs) // 5 - 1 if deleting else 0)
    expected = _postings(tmp_path / "whoosh")
    assert _postings(tmp_path / "ours") == expected
    if count > 128:
        assert any(len(items) > 128 for *_, items in expected)  # blocks hold 128: some terms span several


def test_documents_in_the_segment_are_found_by_search(tmp_path: Path) -> None:
    from whoosh.qparser import QueryParser

    docs = _documents(50)
    _write(tmp_path / "ours", TermListWriter, docs)
    with whoosh_index.open_dir(str(tmp_path / "ours")).searcher() as searcher:
        for fieldname in TEXT_FIELDS:
            word = getattr(docs[7], fieldname).split()[-1].strip(".")
            hits = searcher.search(QueryParser(fieldname, searcher.schema).parse(word), limit=None)
            assert "doc-0007" in {hit["id"] for hit in hits}


def test_boosts_per_document_are_refused(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = TermListWriter(ix, codec=codec())
    with pytest.raises(ValueError, match="not supported"):
        writer.add_document(id="a", body="text", _boost=2.0)
    writer.cancel()
