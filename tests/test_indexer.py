"""Index builds: skip-with-reason, atomic switch, concurrent builds, leftovers of killed builds."""

from __future__ import annotations

import errno
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_corpus
from corpora import indexed

from searchsvc import generations
from searchsvc.captures import WalkAhead
from searchsvc.errors import IndexBusy, QueryError, RawFolderMissing
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import BuildReport, Query
from searchsvc.search import search


def test_bad_captures_are_skipped_with_a_reason_and_the_rest_indexed(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "empty.txt").write_bytes(b"  \n")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (raw / "bad.txt").write_text("Title\n\nSome body text here.")
    (raw / "bad.meta.json").write_text("{not json")
    (raw / "gone.txt").symlink_to(raw / "nowhere.txt")
    report = build_index(raw, tmp_path / "ix")
    reasons = dict(report.skipped)
    assert report.indexed == 6
    assert reasons["empty.txt"] == "file is empty"
    assert "binary" in reasons["binary.txt"]
    assert "bad.meta.json" in reasons["bad.txt"] and "JSON" in reasons["bad.txt"]
    assert "cannot read" in reasons["gone.txt"]


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "first-build"])
def test_a_full_build_from_a_walk_done_ahead_reports_what_its_own_walk_does(tmp_path: Path, rebuild: bool) -> None:
    """The CLI walks the raw folder in a forked process while it imports the build: a full build
    lists its captures from that walk, and says the same of what it skipped or did not read."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "empty.txt").write_bytes(b"  \n")
    (raw / "report.pdf").write_bytes(b"%PDF-1.4")
    (raw / "lost.meta.json").write_text("{}")
    (raw / "linked").symlink_to(tmp_path, target_is_directory=True)
    own = build_index(raw, tmp_path / "own", rebuild=rebuild)
    with WalkAhead(raw, stamped=not rebuild) as walk:
        ahead = build_index(raw, tmp_path / "ahead", rebuild=rebuild, walk=walk)
    assert ahead.rebuilt and (ahead.indexed, ahead.skipped, ahead.not_read) == (own.indexed, own.skipped, own.not_read)
    assert ahead.warnings == own.warnings and own.skipped and own.not_read and own.warnings


def test_raw_files_are_never_modified(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw")
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    build_index(raw, tmp_path / "ix")
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before


def test_rebuild_switches_generations_for_an_open_reader(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    live = LiveIndex(ix)
    assert search(live, Query(q="zeppelin")).total == 0
    (raw / "new.txt").write_text("Zeppelin sighted\n\nA zeppelin flew over the river.")
    report = build_index(raw, ix)
    # The same handle sees the new generation without being reopened by the caller.
    assert search(live, Query(q="zeppelin")).total == 1
    assert generations.current_generation(ix) == report.generation


def test_old_generations_are_cleaned_up(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    for i in range(4):
        (raw / "late.txt").write_text(f"Late news\n\nEdition number {i} of the late news.")
        build_index(raw, ix)
    gens = sorted(p.name for p in ix.glob("gen-*"))
    assert len(gens) == 1 + generations.KEEP_OLD
    assert generations.current_generation(ix) == gens[-1]


def test_builds_as_a_second_ticks_over_are_named_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Generations are told apart, and the newest kept, by the order of their names. Two builds a
    # moment apart, the second as the clock's second ticks over, must be named in that order: the
    # seconds and nanoseconds are taken from one reading of the clock.
    import time

    readings = iter([1_700_000_000_999_999_000, 1_700_000_001_000_001_000])
    monkeypatch.setattr(time, "time_ns", lambda: next(readings))
    first, second = generations.new_generation_dir(tmp_path), generations.new_generation_dir(tmp_path)
    assert first.name == "gen-20231114T221320-999999000.tmp"
    assert first.name < second.name == "gen-20231114T221321-000001000.tmp"


def test_leftovers_of_a_killed_build_are_removed_and_the_old_index_serves(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    first = build_index(raw, ix).generation
    # What a build killed mid-way leaves: a half-written temp generation and a temp pointer.
    half = ix / "gen-29991231T000000-000000000.tmp"
    half.mkdir()
    (half / "_MAIN_1.toc").write_bytes(b"\0garbage")
    (ix / "CURRENT.tmp").write_text("gen-29991231T000000-000000000")
    assert generations.current_generation(ix) == first
    assert search(LiveIndex(ix), Query(q="river")).total == 4
    build_index(raw, ix)
    assert not half.exists() and not (ix / "CURRENT.tmp").exists()


def test_a_second_concurrent_build_is_refused_clearly(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    with generations.build_lock(ix):
        with pytest.raises(IndexBusy, match="already building"):
            build_index(raw, ix)
    assert generations.current_generation(ix)


def test_failed_build_leaves_the_live_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    first = build_index(raw, ix).generation

    def explode(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generations, "publish", explode)
    (raw / "late.txt").write_text("Late news\n\nA capture added after the first build.")
    with pytest.raises(OSError):
        build_index(raw, ix)
    assert generations.current_generation(ix) == first
    assert not [p for p in ix.glob("gen-*") if p.name.endswith(".tmp")]


def test_missing_raw_folder(tmp_path: Path) -> None:
    with pytest.raises(RawFolderMissing):
        build_index(tmp_path / "nope", tmp_path / "ix")


def test_hidden_files_and_non_captures_are_ignored(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / ".DS_Store").write_bytes(b"\0\0")
    (raw / "notes.md").write_text("# not a capture")
    (raw / ".git").mkdir()
    (raw / ".git" / "x.txt").write_text("hidden\n\nhidden folder")
    report = build_index(raw, tmp_path / "ix")
    assert report.indexed == 6 and report.skipped == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    secret = raw / "secret.txt"
    secret.write_text("Secret\n\nbody")
    secret.chmod(0)
    report = build_index(raw, tmp_path / "ix")
    assert "cannot read" in dict(report.skipped)["secret.txt"]


def test_incremental_build_touches_only_what_changed(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    first = build_index(raw, ix)
    assert first.rebuilt and first.indexed == 6
    (raw / "news" / "drought-2021.txt").write_text("Drought hits farmers\n\nThe wells dried up; camels came.")
    (raw / "news" / "flood-2020.txt").unlink()
    (raw / "news" / "extra.txt").write_text("Extra edition\n\nA zeppelin landed near the harbour.")
    report = build_index(raw, ix)
    assert not report.rebuilt
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 4)
    assert report.indexed == 6
    live = LiveIndex(ix)
    assert search(live, Query(q="camels")).total == 1
    assert search(live, Query(q="zeppelin")).total == 1
    assert search(live, Query(q="defences")).total == 0
    # The sidecar still gives the changed capture its date and source.
    (hit,) = search(live, Query(q="camels")).hits
    assert hit.source == "Rural Times" and hit.date.isoformat() == "2021-08-01"
    assert build_index(raw, ix).unchanged == 6


def test_incremental_copy_dated_earlier_becomes_the_groups_first(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    statement = " ".join(f"Paragraph {n} of the joint statement on grain, rivers and solidarity." for n in range(30))
    (raw / "late.txt").write_text(f"Statement\n\n{statement}")
    (raw / "late.meta.json").write_text('{"date": "2020-05-05"}')
    build_index(raw, tmp_path / "ix")
    (raw / "early.txt").write_text(f"Statement (agency copy)\n\nAgency preamble.\n\n{statement}")
    (raw / "early.meta.json").write_text('{"date": "2020-05-01"}')
    report = build_index(raw, tmp_path / "ix")
    assert report.added == 1 and not report.rebuilt
    (hit,) = search(LiveIndex(tmp_path / "ix"), Query(q="joint statement grain")).hits
    assert hit.id == "early.txt" and [c.id for c in hit.copies] == ["late.txt"]


def test_rebuild_flag_starts_from_scratch(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    build_index(raw, tmp_path / "ix")
    report = build_index(raw, tmp_path / "ix", rebuild=True)
    assert report.rebuilt and report.indexed == 6


def test_incremental_build_sees_a_sidecar_change(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    build_index(raw, tmp_path / "ix")
    (raw / "news" / "sanctions.meta.json").write_text('{"title": "Sanctions revisited", "date": "2022-02-02"}')
    report = build_index(raw, tmp_path / "ix")
    assert (report.updated, report.unchanged) == (1, 5)
    (hit,) = search(LiveIndex(tmp_path / "ix"), Query(q="title:revisited")).hits
    assert hit.date.isoformat() == "2022-02-02"


def test_incremental_regrouping_after_a_copy_is_removed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    text = " ".join(f"Clause {n} of the appeal on harvests, rivers and debts." for n in range(30))
    for name in ("a.txt", "b.txt", "c.txt"):
        (raw / name).write_text(f"Appeal\n\n{text}")
    (raw / "other.txt").write_text(
        "Other\n\n" + " ".join(f"Line {n} about zeppelins over harbours." for n in range(30))
    )
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    assert search(live, Query(q="appeal harvests")).total == 1
    (raw / "a.txt").unlink()
    (raw / "b.txt").write_text("Changed\n\n" + " ".join(f"Entirely new words {n} on bicycles." for n in range(30)))
    build_index(raw, tmp_path / "ix")
    (hit,) = search(live, Query(q="appeal harvests")).hits
    assert hit.id == "c.txt" and hit.copies == ()
    assert search(live, Query(q="bicycles")).hits[0].copies == ()


def test_removing_a_later_copy_shrinks_its_group(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    text = " ".join(f"Clause {n} of the appeal on harvests, rivers and debts." for n in range(30))
    for name, day in (("a.txt", "2020-01-01"), ("b.txt", "2020-02-01"), ("c.txt", "2020-03-01")):
        (raw / name).write_text(f"Appeal\n\n{text}")
        (raw / name.replace(".txt", ".meta.json")).write_text(json.dumps({"date": day}))
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    (hit,) = search(live, Query(q="appeal harvests")).hits
    assert hit.id == "a.txt" and [c.id for c in hit.copies] == ["b.txt", "c.txt"]
    (raw / "c.txt").unlink()
    report = build_index(raw, tmp_path / "ix")
    assert (report.removed, report.updated, report.unchanged) == (1, 0, 2)
    (hit,) = search(live, Query(q="appeal harvests")).hits
    assert hit.id == "a.txt" and [c.id for c in hit.copies] == ["b.txt"]


def test_removing_a_groups_first_copy_renames_it_without_rewriting_the_others(tmp_path: Path) -> None:
    from searchsvc.search import iter_matches

    raw, ix = tmp_path / "raw", tmp_path / "ix"
    raw.mkdir()
    text = " ".join(f"Clause {n} of the appeal on harvests, rivers and debts." for n in range(30))
    for name, day in (("a.txt", "2020-01-01"), ("b.txt", "2020-02-01"), ("c.txt", "2020-03-01")):
        (raw / name).write_text(f"Appeal\n\n{text}")
        (raw / name.replace(".txt", ".meta.json")).write_text(json.dumps({"date": day}))
    (raw / "other.txt").write_text("Other\n\n" + " ".join(f"Line {n} about zeppelins." for n in range(30)))
    build_index(raw, ix)
    (raw / "a.txt").unlink()
    report = build_index(raw, ix)
    assert (report.removed, report.updated, report.unchanged) == (1, 0, 3)
    live = LiveIndex(ix)
    (hit,) = search(live, Query(q="appeal harvests")).hits
    assert (hit.id, hit.group, [c.id for c in hit.copies]) == ("b.txt", "b.txt", ["c.txt"])
    exported = {h.id: h.group for h in iter_matches(live, Query(q="appeal", collapse=False))}
    assert exported == {"b.txt": "b.txt", "c.txt": "b.txt"}
    # The update only deleted a.txt: b.txt and c.txt are the documents the first build wrote.
    reader = live.searcher().reader()
    assert (reader.doc_count(), reader.doc_count_all()) == (3, 4)


def test_a_group_split_by_an_update_shows_each_part_apart(tmp_path: Path) -> None:
    # a.txt holds both halves, so b.txt (one half) and c.txt (the other) are copies of it, in one
    # group named after a.txt. Once a.txt is rewritten, b.txt and c.txt are no copies of each other,
    # both were stored with a.txt's key, and a.txt's new text must not join either of them.
    raw, ix = tmp_path / "raw", tmp_path / "ix"
    raw.mkdir()
    first = " ".join(f"Clause {n} of the appeal on harvests, rivers and debts." for n in range(30))
    second = " ".join(f"Line {n} of the letter about zeppelins over harbours." for n in range(30))
    for name, body, day in (("a.txt", f"{first}\n\n{second}", "2020-01-01"), ("b.txt", first, "2020-02-01"),
                            ("c.txt", second, "2020-03-01")):
        (raw / name).write_text(f"Statement\n\n{body}")
        (raw / name.replace(".txt", ".meta.json")).write_text(json.dumps({"date": day}))
    build_index(raw, ix)
    live = LiveIndex(ix)
    assert search(live, Query(q="zeppelins")).hits[0].group == "a.txt"
    (raw / "a.txt").write_text("Changed\n\n" + " ".join(f"Entirely new words {n} on bicycles." for n in range(30)))
    build_index(raw, ix)
    shown = {h.id: (h.group, h.copies) for q in ("harvests", "zeppelins", "bicycles")
             for h in search(live, Query(q=q)).hits}
    assert shown == {"a.txt": ("a.txt", ()), "b.txt": ("b.txt", ()), "c.txt": ("c.txt", ())}


def test_builds_through_worker_processes_index_text_and_html_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Big collections and big change sets are extracted by worker processes; shrink the
    # thresholds so this small corpus takes that path for an HTML capture too.
    from searchsvc import indexer

    monkeypatch.setattr(indexer, "PARALLEL_FROM", 4)
    monkeypatch.setattr(indexer, "POOL_CHUNK", 2)
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "page.html").write_text(
        "<html><head><title>Lighthouse keepers</title></head><body><nav>Home</nav><article>"
        "<h1>Lighthouse keepers</h1><p>The last lighthouse keepers of the northern coast retired this "
        "spring, after the lamps were automated and the foghorns fell silent for good.</p></article></body></html>"
    )
    ix = tmp_path / "ix"
    assert build_index(raw, ix).indexed == 7
    for i in range(5):
        (raw / f"new-{i}.txt").write_text(f"Bulletin {i}\n\nA walrus number {i} was seen resting on the pier at dawn.")
    (raw / "page.html").write_text((raw / "page.html").read_text().replace("foghorns", "sirens"))
    (raw / "news" / "flood-2020.txt").unlink()
    touched = next(p for p in sorted(raw.rglob("*.txt")) if not p.name.startswith("new-"))
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))  # same text, new time
    report = build_index(raw, ix)
    assert (report.added, report.updated, report.removed, report.skipped) == (5, 1, 1, [])
    assert report.unchanged == 5  # the touched capture among them, judged by a worker from its hash
    live = LiveIndex(ix)
    assert search(live, Query(q="walrus")).total == 5
    (hit,) = search(live, Query(q="sirens")).hits
    assert hit.title == "Lighthouse keepers" and "Home" not in hit.snippet
    assert search(live, Query(q="foghorns")).total == 0


def test_touched_capture_with_the_same_text_stays_searchable(tmp_path: Path) -> None:
    # A restore from backup, a copy without -p or a checkout gives a capture new file times and
    # the same text: the build must keep its document, not just count it as unchanged.
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    flood = raw / "news" / "flood-2020.txt"
    os.utime(flood, ns=(1, 1))
    (raw / "late.txt").write_text("Late news\n\nA ferry crossed the river at night.")  # a real change beside it
    report = build_index(raw, ix)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 0, 0, 6)
    live = LiveIndex(ix)
    (hit,) = search(live, Query(q="defences")).hits
    assert hit.id == "news/flood-2020.txt" and hit.source == "Daily Planet"
    assert live.vocabulary().counts["defences"] == 1  # did-you-mean still knows its words
    # The next build, with a change that regroups nothing, finds the index and manifest in step.
    (raw / "late.txt").write_text("Late news\n\nA ferry crossed the river at dawn.")
    assert build_index(raw, ix).updated == 1
    assert search(live, Query(q="defences")).total == 1
    assert search(live, Query(q="river")).total == 5


def test_index_out_of_step_with_its_manifest_is_rebuilt(tmp_path: Path) -> None:
    # As an earlier build left it: the manifest lists a capture whose document is gone.
    from whoosh import index as whoosh_index

    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    gen = whoosh_index.open_dir(str(ix / generations.current_generation(ix)))
    with gen.writer() as writer:
        writer.delete_by_term("id", "news/flood-2020.txt")
    gen.close()
    assert search(LiveIndex(ix), Query(q="defences")).total == 0
    (raw / "late.txt").write_text("Late news\n\nA ferry crossed the river at night.")
    report = build_index(raw, ix)
    assert report.rebuilt and report.indexed == 7
    assert search(LiveIndex(ix), Query(q="defences")).total == 1


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("manifest.pickle", lambda data: data[: len(data) // 2]),  # cut short: the disk filled up
        ("manifest.pickle", lambda data: b"\x80\x05N."),  # a valid pickle of something else (None)
        ("signatures.npz", lambda data: data[:100]),
        ("vocabulary.pickle", lambda data: bytes(b ^ 0x5A for b in data)),  # every byte scrambled
    ],
)
def test_update_rebuilds_when_a_file_of_the_live_index_is_damaged(tmp_path: Path, name: str, damage) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    damaged = ix / generations.current_generation(ix) / name
    damaged.write_bytes(damage(damaged.read_bytes()))
    (raw / "late.txt").write_text("Late news\n\nA zeppelin crossed the river at night.")
    report = build_index(raw, ix)
    # Not an error on every later update: rebuilt, saying why, and then updates work again.
    assert report.rebuilt and report.indexed == 7 and name in report.rebuilt_because
    live = LiveIndex(ix)
    assert search(live, Query(q="zeppelin")).total == 1
    assert search(live, Query(q="zepelin")).suggestion == "zeppelin"
    assert search(live, Query(q="protekt")).suggestion == "protect"  # a word of an unchanged capture
    (raw / "later.txt").write_text("Later news\n\nA balloon landed near the harbour.")
    report = build_index(raw, ix)
    assert not report.rebuilt and report.added == 1 and report.rebuilt_because is None


def test_update_says_why_an_index_of_another_version_is_rebuilt(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    assert build_index(raw, ix).rebuilt_because is None  # a first build has nothing to explain
    info = ix / generations.current_generation(ix) / "searchsvc.json"
    info.write_text(json.dumps({**json.loads(info.read_text()), "schema": -1}))
    report = build_index(raw, ix)
    assert report.rebuilt and "another version" in report.rebuilt_because
    assert build_index(raw, ix, rebuild=True).rebuilt_because is None  # asked for: nothing to explain


def _collection(ix: Path) -> tuple[dict[str, tuple], dict[str, int], dict[tuple[str, str], list]]:
    """What a user can find in an index: every live document's stored fields, with its group as
    results name it (its stored key may differ: an update keeps a group's key when its first copy
    goes), the did-you-mean vocabulary, and where each word of a title or body occurs (which
    documents a search finds, how it scores them, and which phrases they hold)."""
    from searchsvc.schema import TEXT_FIELDS
    from searchsvc.search import group_name

    live = LiveIndex(ix)
    searcher, cols = live.searcher(), live.columns()
    reader = searcher.reader()
    ids = {docnum: f["id"] for docnum, f in reader.iter_docs()}
    docs = {
        f["id"]: tuple(sorted({**f, "group": group_name(searcher.stored_fields, cols, docnum, f, {})}.items()))
        for docnum, f in reader.iter_docs()
    }
    postings: dict[tuple[str, str], list] = {}
    for field in TEXT_FIELDS:
        for term in reader.lexicon(field):
            matcher = reader.postings(field, term)
            found = []
            while matcher.is_active():
                if matcher.id() in ids:
                    found.append((ids[matcher.id()], tuple(matcher.value_as("positions"))))
                matcher.next()
            if found:
                postings[field, term.decode("utf-8")] = sorted(found)
    return docs, {w: n for w, n in live.vocabulary().counts.items() if n}, postings


def test_an_update_whose_second_writer_fails_leaves_the_live_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A big update writes half its documents in a forked process; if that fails, the update fails
    # with the reason, and searches keep the index as it was.
    from searchsvc import indexer

    def broken(*args) -> None:  # noqa: ANN002
        raise MemoryError("while writing")

    monkeypatch.setattr(indexer, "PARALLEL_FROM", 3)
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    before = build_index(raw, ix, workers=2).generation
    for n in range(4):
        (raw / f"new{n}.txt").write_text(f"Zeppelin report {n}\n\nZeppelins over the harbour, part {n}.")
    monkeypatch.setattr(indexer, "_write_segment", broken)
    with pytest.raises(RuntimeError, match="MemoryError: while writing"):
        build_index(raw, ix, workers=2)
    assert generations.current_generation(ix) == before
    assert search(LiveIndex(ix), Query(q="zeppelins")).total == 0
    monkeypatch.undo()
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 3)
    assert build_index(raw, ix, workers=2).added == 4
    assert search(LiveIndex(ix), Query(q="zeppelins")).total == 4


@pytest.mark.parametrize("workers", [1, 2])
def test_an_update_that_cannot_save_its_files_leaves_the_live_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    # The disk fills up as an update saves its manifest (in a forked process, with workers to
    # spare): the update fails with the reason, and searches keep the index as it was.
    from searchsvc import indexer

    def full(*args) -> None:  # noqa: ANN002
        raise OSError(28, "No space left on device")

    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    before = build_index(raw, ix, workers=workers).generation
    (raw / "new.txt").write_text("Zeppelin report\n\nZeppelins over the harbour.")
    monkeypatch.setattr(indexer, "_save_manifest", full)
    with pytest.raises((RuntimeError, OSError), match="No space left on device"):
        build_index(raw, ix, workers=workers)
    assert generations.current_generation(ix) == before
    assert search(LiveIndex(ix), Query(q="zeppelins")).total == 0
    monkeypatch.undo()
    assert build_index(raw, ix, workers=workers).added == 1
    assert search(LiveIndex(ix), Query(q="zeppelins")).total == 1


@pytest.mark.parametrize("workers", [False, True])
def test_incremental_builds_end_where_a_rebuild_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    # Random rounds of what happens to a raw folder (edits, copies of other captures as text or
    # HTML, deletions, touched files, rewrites with the same text, sidecar fixes, captures broken
    # and mended); after each, the incrementally updated index must hold exactly what a build from
    # scratch of the same folder holds.
    import random

    from searchsvc import indexer

    if workers:
        monkeypatch.setattr(indexer, "PARALLEL_FROM", 3)
        monkeypatch.setattr(indexer, "POOL_CHUNK", 2)
    rng = random.Random(11)
    words = [f"{a}{b}" for a in ("bra", "cle", "dro", "fen", "gor", "hal") for b in ("mot", "pik", "sun", "tav", "wel")]
    raw, ix = tmp_path / "raw", tmp_path / "ix"
    raw.mkdir()

    def text() -> str:
        return f"Headline {rng.choice(words)}\n\n" + " ".join(rng.choices(words, k=80)) + ".\n"

    def write(name: str, body: str, date: str | None = None) -> None:
        (raw / name).write_text(body, encoding="utf-8")
        if date:
            (raw / f"{name[:-4]}.meta.json").write_text(json.dumps({"date": date}), encoding="utf-8")

    for i in range(12):
        write(f"c{i:02d}.txt", text(), f"2020-01-{i + 1:02d}")
    build_index(raw, ix)
    for round_ in range(6):
        names = sorted(p.name for p in raw.glob("*.txt"))
        for name in rng.sample(names, min(6, len(names))):
            path = raw / name
            op = rng.choice(["edit", "copy", "page", "delete", "touch", "same", "date", "break"])
            if not path.stat().st_size:  # broken last round: mended
                path.write_text(text())
            elif op == "edit":
                path.write_text(path.read_text() + f"Update {rng.choice(words)}.\n")
            elif op == "copy":  # a near-duplicate, maybe dated before the original
                write(f"n{round_}-{name}", f"Reposted\n\n{path.read_text()}", rng.choice([None, "2019-12-31"]))
            elif op == "page":  # the same text saved as a web page
                title, body = path.read_text().split("\n\n", 1)
                (raw / f"p{round_}-{name[:-4]}.html").write_text(
                    f"<html><head><title>{title}</title></head><body><nav>Home | News</nav>"
                    f"<article><h1>{title}</h1><p>{body}</p></article></body></html>", encoding="utf-8")
            elif op == "break":  # an empty file is skipped, and its document leaves the index
                path.write_text("")
            elif op == "delete":
                path.unlink()
                (raw / f"{name[:-4]}.meta.json").unlink(missing_ok=True)
            elif op == "touch":
                os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
            elif op == "same":
                path.write_text(path.read_text())
            else:
                write(name, path.read_text(), f"2021-02-{round_ + 1:02d}")
        report = build_index(raw, ix)
        assert not report.rebuilt
        scratch = tmp_path / f"scratch{round_}"
        build_index(raw, scratch, rebuild=True)
        found = _collection(ix)
        readable = [p for p in raw.glob("*") if p.suffix in (".txt", ".html") and p.stat().st_size]
        assert len(found[0]) == len(readable) == report.indexed
        assert found == _collection(scratch)


def test_capture_edited_during_a_build_is_picked_up_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from searchsvc import extract

    raw = write_corpus(tmp_path / "raw", seeds=False)
    target = raw / "news" / "drought-2021.txt"
    real_extract = extract.extract

    def extract_then_edit(capture):  # noqa: ANN001, ANN202 - stands in for extract()
        doc = real_extract(capture)
        if capture.path.name == target.name:
            # The user saves a new version while the build is busy with the old one.
            target.write_text("Drought hits farmers\n\nThe wells dried up and the goats were sold at market.")
        return doc

    monkeypatch.setattr(extract, "extract", extract_then_edit)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    monkeypatch.setattr(extract, "extract", real_extract)
    report = build_index(raw, ix)
    assert report.updated == 1
    assert search(LiveIndex(ix), Query(q="goats")).total == 1


def test_an_edit_that_keeps_the_size_and_modification_time_is_indexed(tmp_path: Path) -> None:
    """`cp -p`, `curl -R` and `touch -r` set a file's modification time: "120 tonnes" edited to
    "950 tonnes" with the old time kept was reported unchanged and stayed unfound until --rebuild."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    path = raw / "news" / "flood-2020.txt"
    before = path.stat()
    path.write_text(path.read_text().replace("new defences", "new barriers"))  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    report = build_index(raw, ix)
    assert (report.updated, report.unchanged) == (1, 5)
    live = LiveIndex(ix)
    assert [hit.id for hit in search(live, Query(q="barriers")).hits] == ["news/flood-2020.txt"]


def test_build_with_nothing_changed_keeps_the_live_generation(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    first = build_index(raw, ix)
    live = LiveIndex(ix)
    assert search(live, Query(q="camels")).total == 0
    again = build_index(raw, ix)
    # A server keeps its searcher and caches; no new generation is written.
    assert again.generation == first.generation == generations.current_generation(ix)
    assert (again.indexed, again.unchanged, again.added, again.updated, again.removed) == (6, 6, 0, 0, 0)
    assert sorted(p.name for p in ix.glob("gen-*")) == [first.generation]
    # A touched file with the same text gets its new stamp saved; a real edit is indexed.
    os.utime(raw / "news" / "flood-2020.txt", ns=(1, 1))
    assert build_index(raw, ix).generation != first.generation
    (raw / "news" / "drought-2021.txt").write_text("Drought hits farmers\n\nThe wells dried up; camels came.")
    assert build_index(raw, ix).updated == 1
    assert search(live, Query(q="camels")).total == 1


def test_build_with_nothing_changed_but_a_capture_still_skipped_keeps_the_live_generation(tmp_path: Path) -> None:
    """One capture with a broken sidecar made every later `searchsvc index` write a new generation
    (a server dropped its caches) though it said "0 added, 0 updated, 0 removed"."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "bad.txt").write_text("Title\n\nSome body text here.")
    (raw / "bad.meta.json").write_text("{not json")
    ix = tmp_path / "ix"
    first = build_index(raw, ix)
    again = build_index(raw, ix)
    assert [i for i, _ in again.skipped] == ["bad.txt"]  # still said at every build
    assert (again.indexed, again.unchanged, again.added, again.updated, again.removed) == (6, 6, 0, 0, 0)
    assert again.generation == first.generation == generations.current_generation(ix)
    assert sorted(p.name for p in ix.glob("gen-*")) == [first.generation]


def test_a_source_whose_documents_were_removed_is_no_longer_offered(tmp_path: Path) -> None:
    """After an update removed the only Xinhua item, "source:xinhua" gave 0 results, not the error
    naming the sources there are, and that error still offered Xinhua."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "x.txt").write_text("Xin story\n\nThe xinword body text.", encoding="utf-8")
    (raw / "x.meta.json").write_text(json.dumps({"source": "Xinhua"}), encoding="utf-8")
    ix = tmp_path / "ix"
    build_index(raw, ix)
    live = LiveIndex(ix)
    assert search(live, Query(q="source:xinhua")).total == 1
    (raw / "x.txt").unlink()
    (raw / "x.meta.json").unlink()
    assert build_index(raw, ix).removed == 1
    with pytest.raises(QueryError, match="no source is named 'xinhua'") as err:
        search(live, Query(q="source:xinhua"))
    assert "Xinhua" not in str(err.value) and "Daily Planet" in str(err.value)
    with pytest.raises(QueryError, match="no source is named"):
        search(live, Query(q="river", source="Xinhua"))


def _deny_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Opening `folder` fails as `chmod 000` makes it fail (which root, running CI, is not stopped by)."""
    real_open = os.open

    def fake_open(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if os.fspath(path) == os.fspath(folder) and flags & os.O_DIRECTORY:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def test_an_unreadable_folder_is_named_and_its_documents_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    _deny_folder(monkeypatch, raw / "news")
    report = build_index(raw, ix)
    # Its four captures may all still be there: they were removed, and nothing said why.
    kept = "cannot read the folder (Permission denied); its 4 documents are kept as they were"
    assert report.skipped == [("news/", kept)]
    assert (report.indexed, report.removed, report.unchanged) == (6, 0, 6)
    assert search(LiveIndex(ix), Query(q="drought")).total == 1
    (raw / "blog" / "new.txt").write_text("New note\n\nA heron stood in the reeds.")
    report = build_index(raw, ix)
    assert (report.indexed, report.added, report.removed) == (7, 1, 0)
    # A rebuild cannot keep what it cannot read, and says so.
    report = build_index(raw, ix, rebuild=True)
    assert report.indexed == 3
    assert report.skipped == [("news/", "cannot read the folder (Permission denied); its captures are left out")]
    monkeypatch.undo()
    assert build_index(raw, ix).added == 4


def test_an_unreadable_raw_folder_is_an_error_not_an_empty_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    _deny_folder(monkeypatch, raw)
    with pytest.raises(RawFolderMissing, match=r"cannot read the raw folder .*raw \(Permission denied\)"):
        build_index(raw, ix)
    assert not ix.exists() or not list(ix.glob("gen-*"))


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("vocabulary.pickle", lambda data: bytes(b ^ 0x5A for b in data)),  # every byte scrambled
        ("vocabulary.pickle", lambda data: pickle.dumps({})),  # loads, as an empty table
        ("signatures.npz", lambda data: data[:100]),
        ("names.pickle", lambda data: b"\0" * len(data)),  # zeroed in place, same size
    ],
)
def test_a_build_with_nothing_changed_mends_a_damaged_file(tmp_path: Path, name: str, damage) -> None:
    """It said everything was unchanged and kept the damaged file: no did-you-mean, until a capture changed."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    first = build_index(raw, ix)
    damaged = ix / first.generation / name
    damaged.write_bytes(damage(damaged.read_bytes()))
    report = build_index(raw, ix)
    assert report.rebuilt and report.indexed == 6 and report.generation != first.generation
    assert report.rebuilt_because.startswith(f"the live index's {name} ")
    live = LiveIndex(ix)
    assert search(live, Query(q="protekt")).suggestion == "protect"
    again = build_index(raw, ix)  # mended: kept as it is
    assert not again.rebuilt and again.generation == report.generation


def test_a_build_with_nothing_changed_loads_the_files_of_an_index_without_checksums(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    first = build_index(raw, ix)
    info = ix / first.generation / "searchsvc.json"
    info.write_text(json.dumps({k: v for k, v in json.loads(info.read_text()).items() if k != "checksums"}))
    assert build_index(raw, ix).generation == first.generation
    (ix / first.generation / "vocabulary.pickle").write_bytes(b"garbage")
    report = build_index(raw, ix)
    assert report.rebuilt
    assert report.rebuilt_because == "the live index's vocabulary.pickle cannot be read (UnpicklingError)"


def test_a_url_that_is_no_address_is_indexed_and_found_as_typed(tmp_path: Path) -> None:
    """A sidecar's url with a port of letters stopped the build: "Port could not be cast to integer"."""
    url = "http://x:alert(1);document.title=1/"
    live = indexed(tmp_path, {
        "odd.txt": "Odd page\n\nA page whose sidecar has no real address.",
        "odd.meta.json": json.dumps({"url": url}),
    })
    found = search(live, Query(q=url))
    assert [hit.id for hit in found.hits] == ["odd.txt"] and found.named_notice == "The capture with this web address."


def _deny_entering(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` lists its names but nothing in it can be looked up, as `chmod 444` (read, no
    search permission) makes it for anyone but root, who runs CI."""
    inside = os.path.join(os.fspath(folder), "")
    real_open, real_stat = os.open, os.stat

    def resolved(path: object, dir_fd: int | None) -> str:
        path = os.fspath(path)  # type: ignore[arg-type]
        if dir_fd is not None and not os.path.isabs(path):
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        return path

    def denied(path: str) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)

    def fake_open(path: str, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if (where := resolved(path, dir_fd)).startswith(inside):
            raise denied(where)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def fake_stat(path: str, *, dir_fd: int | None = None, follow_symlinks: bool = True) -> os.stat_result:
        if isinstance(path, (str, Path)) and (where := resolved(path, dir_fd)).startswith(inside):
            raise denied(where)
        return real_stat(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "stat", fake_stat)


def test_a_folder_listed_but_not_entered_keeps_its_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix)
    _deny_entering(monkeypatch, raw / "news")
    report = build_index(raw, ix)
    # Its captures were each "cannot read file" and their four documents removed, as if deleted.
    kept = "cannot read the folder (Permission denied); its 4 documents are kept as they were"
    assert report.skipped == [("news/", kept)]
    assert (report.indexed, report.removed, report.unchanged) == (6, 0, 6)
    assert search(LiveIndex(ix), Query(q="drought")).total == 1
    report = build_index(raw, ix, rebuild=True)
    assert report.indexed == 2
    assert report.skipped == [("news/", "cannot read the folder (Permission denied); its captures are left out")]
    monkeypatch.undo()
    assert build_index(raw, ix).added == 4


def test_an_html_capture_read_only_in_part_says_so(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    article = "<p>The heron stood in the reeds by the slow brown river all morning, waiting for fish.</p>"
    image = '<img src="data:image/png;base64,' + "iVBORw0KGgo" * 760_000 + '">'  # 8.4 MB inline
    page = f"<html><head><title>Heron watch</title></head><body><article>{article}{image}" \
           "<p>At dusk a zebrafinch came down to drink.</p></article></body></html>"
    (raw / "page.html").write_text(page)
    # The same page with its article after the image: nothing of it is read.
    (raw / "late.html").write_text(f"<html><head><title>Late</title></head><body>{image}<article>{article}"
                                   "</article></body></html>")
    ix = tmp_path / "ix"
    for _ in range(2):  # said at every build, the unchanged one too
        report = build_index(raw, ix)
        # The zebrafinch, past the cut, was not found, and nothing said why.
        assert report.warnings == [("page.html", f"indexed its first 8,000,000 characters of {len(page):,} "
                                                 "(HTML, markup counted): searches do not find the rest")]
        assert report.skipped == [("late.html", "no article text in its first 8,000,000 characters of "
                                                f"{len(page) - 54:,} (HTML, markup counted), and the rest is not read")]
    live = LiveIndex(ix)
    assert search(live, Query(q="heron")).total == 1 and search(live, Query(q="zebrafinch")).total == 0


def test_skip_and_warning_lines_come_sorted_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    for name in ("a/b/x.txt", "a/z.txt", "b.txt", "c/y.txt"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(" \n")  # empty: skipped
    (raw / "keep.txt").write_text("Kept\n\nA heron stood in the reeds.")
    for name in ("q.meta.json", "a/b/orphan.meta.json", "a/orphan.meta.json"):
        (raw / name).write_text("{}")  # sidecars without a capture: warnings
    (raw / "a" / "linked").symlink_to(raw / "c")
    _deny_folder(monkeypatch, raw / "c")
    for rebuild in (True, False):
        report = build_index(raw, tmp_path / "ix", rebuild=rebuild)
        # They came as the walk met them: the unreadable folder first, a folder's own files before
        # its subfolders', the walk's notes before what extraction skipped.
        assert [path for path, _ in report.skipped] == ["a/b/x.txt", "a/linked/", "a/z.txt", "b.txt", "c/"]
        assert [path for path, _ in report.warnings] == ["a/b/orphan.meta.json", "a/orphan.meta.json", "q.meta.json"]


def test_an_update_adds_changes_and_removes_pages_saved_as_mhtml_as_it_does_html(tmp_path: Path) -> None:
    from corpora import mhtml
    from test_extract import SAVED_PAGE

    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    build_index(raw, ix)
    live = LiveIndex(ix)
    (raw / "saved").mkdir()
    page = raw / "saved" / "message.mhtml"
    page.write_bytes(mhtml(SAVED_PAGE))
    report = build_index(raw, ix)
    assert (report.added, report.updated, report.unchanged, report.skipped) == (1, 0, 6, [])
    assert [h.id for h in search(live, Query(q="armistice")).hits] == ["saved/message.mhtml"]
    page.write_bytes(mhtml(SAVED_PAGE.replace("armistice", "ceasefire")))
    report = build_index(raw, ix)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 6)
    assert search(live, Query(q="armistice")).total == 0 and search(live, Query(q="ceasefire")).total == 1
    os.utime(page)  # touched, not changed: not re-extracted, kept
    report = build_index(raw, ix)
    assert (report.updated, report.unchanged, report.indexed) == (0, 7, 7)
    page.unlink()
    report = build_index(raw, ix)
    assert report.removed == 1 and search(live, Query(q="ceasefire")).total == 0


def test_a_page_saved_complete_is_one_document_not_its_frames_too(tmp_path: Path) -> None:
    """Chrome and Firefox save "Webpage, Complete" as page.html and a page_files/ folder of its assets,
    its frames among them as pages of their own: an advertisement's frame and a share widget's were
    indexed as documents ("saved_resource", "Buy cheap flights to Seoul now")."""
    from test_extract import SAVED_PAGE

    ad = "<html><body><p>Buy cheap flights to Seoul now, limited offer for all readers of this page!</p></body></html>"
    widget = ("<html><head><title>Share on Facebook</title></head><body><p>Share the solidarity message on Facebook "
              "with your friends and family, and like our page to follow the committee's statements.</p></body></html>")
    live = indexed(tmp_path, {
        "message.html": SAVED_PAGE,
        "message_files/saved_resource.html": ad,
        "message_files/widgets.htm": widget,
        "message_files/style.css": "body { font-family: serif; }",
        # A folder so named with no page beside it is no page's assets.
        "statements_files/appeal.html": widget.replace("Share on Facebook", "Appeal of the committee"),
    })
    assert search(live, Query(q="flights")).total == 0
    assert [h.id for h in search(live, Query(q="facebook friends", collapse=False)).hits] == [
        "statements_files/appeal.html"]
    assert [h.id for h in search(live, Query(q="armistice")).hits] == ["message.html"]


def test_an_update_with_few_or_no_changes_finishes_and_leaves_no_extraction_process(tmp_path: Path) -> None:
    """An update forks its extraction workers' process before it knows what changed; with nothing
    changed, or fewer changes than it hands the workers, it extracts them itself, and that process
    must be told to end (it holds a copy of the build's end of their pipe, so closing is no end)."""
    import multiprocessing

    raw = write_corpus(tmp_path / "raw", seeds=False)
    ix = tmp_path / "ix"
    build_index(raw, ix, workers=2)

    def add() -> None:
        (raw / "walrus.txt").write_text("Walrus seen\n\nA walrus was seen resting on the pier at dawn, first in years.")

    added = _unchanged_then_changed(raw, ix, add)
    assert added.added == 1 and search(LiveIndex(ix), Query(q="walrus")).total == 1
    assert multiprocessing.active_children() == []


def test_a_collection_with_pages_is_updated_by_workers_that_import_the_html_extractor_at_once(tmp_path: Path) -> None:
    """The build records whether its walk met pages of HTML; the next update's extraction process
    then imports the HTML extractor before any job comes. With nothing changed it is not waited
    for; with changes its workers extract pages and text alike."""
    import multiprocessing

    from searchsvc.indexer import BUILD_INFO

    def pages_recorded(ix: Path) -> object:
        return json.loads((ix / generations.current_generation(ix) / BUILD_INFO).read_text())["pages"]

    text_only = write_corpus(tmp_path / "text", seeds=False)
    build_index(text_only, tmp_path / "text-ix", workers=2)
    assert pages_recorded(tmp_path / "text-ix") is False
    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "page.html").write_text(_article_page("Harbour lights", "The harbour lights were lit after the storm."))
    ix = tmp_path / "ix"
    build_index(raw, ix, workers=2)
    assert pages_recorded(ix) is True

    def add() -> None:
        for i in range(40):  # more than a chunk of jobs: the extraction process's workers take them
            (raw / f"gull-{i}.txt").write_text(f"Gull {i}\n\nA herring gull numbered {i} nested on the pier.")
        (raw / "lamp.html").write_text(_article_page("Lamp", "A lighthouse lamp was restored by volunteers."))

    added = _unchanged_then_changed(raw, ix, add)
    assert added.added == 41 and not added.rebuilt
    live = LiveIndex(ix)
    assert search(live, Query(q="herring gull")).total == 40
    assert [hit.id for hit in search(live, Query(q="lighthouse lamp")).hits] == ["lamp.html"]
    assert pages_recorded(ix) is True
    assert multiprocessing.active_children() == []


def _unchanged_then_changed(raw: Path, ix: Path, change: Callable[[], None]) -> BuildReport:
    """Two-worker updates of `ix`: one with nothing changed (which must say so), then one after
    `change()`, whose report is returned; each must finish, a hung one failing the test."""
    import threading

    reports = []

    def updates() -> None:
        reports.append(build_index(raw, ix, workers=2))
        change()
        reports.append(build_index(raw, ix, workers=2))

    running = threading.Thread(target=updates, daemon=True)  # a hung update must not hang the tests
    running.start()
    running.join(60)
    assert not running.is_alive(), "an update did not finish"
    unchanged, changed = reports
    assert (unchanged.added, unchanged.updated, unchanged.removed) == (0, 0, 0)
    return changed


def _article_page(title: str, sentence: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><p>{(sentence + ' ') * 8}</p></article>"
            "</body></html>")


def test_an_update_skips_a_listing_once_its_posts_are_captured_as_a_rebuild_does(tmp_path: Path) -> None:
    """A mirror's category page indexed while its posts were not yet in the raw folder stayed indexed when
    they came (its file unchanged), where a rebuild skips it as a listing of posts captured on their own.
    It is kept while any of them is missing: it is then the only copy of that one's first lines."""
    raw, site = tmp_path / "raw", tmp_path / "raw" / "www.example.org"
    posts = [(f"/2023/0{k}/01/post-{k}/", f"Committee statement number {k} on the peninsula",
              f"The committee issued statement {k} calling for peace, the end of exercises and a treaty "
              f"to replace the armistice, and for talks to resume at once between all sides {k}.") for k in range(1, 5)]
    teasers = "".join(f'<article class="post"><h2 class="entry-title"><a href="{u}">{t}</a></h2><div class="entry-'
                      f'summary"><p>{e} [&hellip;]</p></div></article>' for u, t, e in posts)
    (site / "category" / "statements").mkdir(parents=True)
    (site / "category/statements/index.html").write_text(
        f'<html><head><title>Statements</title></head><body class="archive category"><main>{teasers}</main>'
        '</body></html>')
    (raw / "other.txt").write_text("Other news\n\nThe harbour committee met on Monday to discuss ferry timetables.\n")
    build_index(raw, tmp_path / "ix")
    # A capture that is none of its posts: the listing, read again, is kept and unchanged.
    (raw / "more.txt").write_text("More news\n\nThe ferry committee met on Tuesday to discuss the timetables.\n")
    more = build_index(raw, tmp_path / "ix")
    assert (more.indexed, more.added, more.updated, more.unchanged, more.skipped) == (3, 1, 0, 2, [])
    listing = "www.example.org/category/statements/index.html"
    for k, (url, title, excerpt) in enumerate(posts, 1):
        (site / url.strip("/")).mkdir(parents=True)
        (site / url.strip("/") / "index.html").write_text(
            f"<html><head><title>{title}</title></head><body class='single'><article><h1>{title}</h1>"
            f"<p>{excerpt} The full statement follows in its own words here.</p></article></body></html>")
        update = build_index(raw, tmp_path / "ix")
        rebuilt = build_index(raw, tmp_path / f"rebuilt{k}", rebuild=True)
        # Kept until every post it lists is captured: until then it holds the only copy of some.
        assert (listing in dict(rebuilt.skipped)) == (k == len(posts))
        assert dict(update.skipped).get(listing) == dict(rebuilt.skipped).get(listing)
        assert update.indexed == rebuilt.indexed == 3 + k - (k == len(posts))
