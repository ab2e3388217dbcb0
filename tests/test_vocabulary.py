"""The generation's vocabulary: the same words the index sees, kept right by incremental builds."""

from __future__ import annotations

from pathlib import Path

from conftest import write_corpus

from searchsvc import vocabulary
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.schema import build_schema
from searchsvc.search import search


def test_words_are_the_index_tokens_without_stemming() -> None:
    text = "The U.S. delegation's talks on Sanctions, sanctioned exports and 2017 résumés; a I x"
    analyzer = build_schema()["body"].analyzer
    assert vocabulary.words(text) == {t.text for t in analyzer(text, no_morph=True)}
    assert "sanctions" in vocabulary.words(text) and "the" not in vocabulary.words(text)


def test_nearest_prefers_the_nearest_then_the_most_used_word() -> None:
    vocab = vocabulary.Vocabulary()
    for words in (["sanctions"], ["sanctions"], ["sanction"], ["stations"]):
        vocab.add(words)
    assert vocab.nearest("sanctons", maxdist=2, limit=1) == ["sanctions"]
    assert vocab.nearest("zzz", maxdist=2, limit=1) == []


def test_dotted_gives_the_words_a_dot_extends_most_used_first() -> None:
    vocab = vocabulary.Vocabulary()
    for words, times in ((["cawl.l"], 5), (["cawl.n"], 9), (["dbkg.f"], 2), (["cawlx"], 7)):
        for _ in range(times):
            vocab.add(words)
    assert vocab.dotted("cawl", 3) == ["cawl.n", "cawl.l"]
    assert vocab.dotted("cawl", 1) == ["cawl.n"]
    assert vocab.dotted("dbk", 3) == []
    vocab.remove(["cawl.n"] * 9)
    assert vocab.dotted("cawl", 3) == ["cawl.l"]


def test_incremental_builds_add_and_retire_words(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    live = LiveIndex(ix)
    assert search(live, Query(q="zepelin")).suggestion is None

    (raw / "news" / "airship.txt").write_text("Airship news\n\nA zeppelin landed near the harbour.")
    build_index(raw, ix)
    assert search(live, Query(q="zepelin")).suggestion == "zeppelin"

    (raw / "news" / "airship.txt").write_text("Airship news\n\nA balloon landed near the harbour.")
    build_index(raw, ix)
    assert search(live, Query(q="zepelin")).suggestion is None
    assert search(live, Query(q="baloon")).suggestion == "balloon"

    (raw / "news" / "airship.txt").unlink()
    report = build_index(raw, ix)
    assert not report.rebuilt and report.removed == 1
    assert search(live, Query(q="baloon")).suggestion is None
    # The vocabulary left is the one a full rebuild makes.
    kept = dict(vocabulary.Vocabulary.load(ix / live.generation).counts)
    build_index(raw, ix, rebuild=True)
    live.searcher()
    assert dict(vocabulary.Vocabulary.load(ix / live.generation).counts) == kept
