"""Build the index from raw/ into a new generation and switch it in atomically.

By default a build is incremental: the live generation is copied, and only captures added,
changed (content hash) or deleted since are re-extracted; `rebuild=True` starts from scratch.
Either way readers keep the old generation until the new one is complete.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import queue
import shutil
import signal
import threading
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from multiprocessing.connection import Connection, wait
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import IndexReader, TermNotFound

from . import captures, collector, duplicates, full_build, generations, glue, schema, tokens, vocabulary
from .errors import CaptureSkipped, IndexNotReady, RawFolderEmpty
from .models import BuildReport, Capture, Document
from .schema import SCHEMA_VERSION, TEXT_FIELDS, Analysed, codec, to_document, to_fields
from .segment_writer import TermListWriter

ProgressFn = Callable[[int, int], None]  # (captures done, captures in all)
T = TypeVar("T")
BUILD_INFO = "searchsvc.json"
SIGNATURES = "signatures.npz"
# Workers when the settings leave it to the machine. Each holds its share's postings until it
# writes its segment, and its own copy of the extraction libraries (about 80 MB more per worker
# at 20k captures): the cap keeps a build on a many-core machine within a couple of GB.
MAX_AUTO_WORKERS = 8
PARALLEL_FROM = 200  # captures; below this a process pool costs more than it saves
POOL_CHUNK = 32  # captures per task sent to a worker
BATCH_BYTES = 8 * 2**20  # of capture files, at most, read before they are extracted (_extract_all)
MANIFEST = "manifest.pickle"  # per capture: content hash, file stamp, day, group name (and the optional keys below)
GROUP_KEY = "key"  # the group key the document is stored with, where it is not the group's name (_group_keys)
NAMES = "names"  # glue.counted of a repaired document as extracted; the others' is their stored text's
UNSPLIT = "unsplit"  # True if a known name is still glued in the document (glue.Repair.fix)
# The generation's own files an update reads only when something changed: a build with nothing to
# change checks them against the size and CRC-32 the build that wrote them recorded (BUILD_INFO).
CHECKED = (SIGNATURES, vocabulary.FILE, glue.FILE)
WARNING = "warning"  # Document.warning, said again at every build (as a skipped capture's reason is)
LISTING = "listing"  # Document.listing: read again by a build that adds captures (_scan)


def default_workers(cgroup: Path = Path("/sys/fs/cgroup")) -> int:
    """One build worker per CPU this process may use, up to MAX_AUTO_WORKERS: the CPUs it may run on
    (taskset, cpusets) and, in a container, its CPU quota (a 2-CPU quota on a 64-core host is 2)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_cpus(cgroup)
    if quota is not None:
        cpus = min(cpus, quota)
    return max(1, min(MAX_AUTO_WORKERS, cpus))


def _cgroup_cpus(root: Path) -> int | None:
    """CPUs allowed by the cgroup's quota (v2 cpu.max, or v1 cfs quota and period), rounded up; None if unlimited."""
    try:
        text = (root / "cpu.max").read_text()  # "QUOTA PERIOD"
    except OSError:
        try:
            text = " ".join((root / "cpu" / name).read_text() for name in ("cpu.cfs_quota_us", "cpu.cfs_period_us"))
        except OSError:
            return None
    try:
        quota, period = (int(value) for value in text.split())
    except ValueError:  # "max": no quota (or not two numbers)
        return None
    return -(-quota // period) if quota > 0 and period > 0 else None


def build_index(
    raw_dir: Path, index_dir: Path, *, progress: ProgressFn | None = None, rebuild: bool = False, workers: int = 0,
    walk: captures.WalkAhead | None = None,
) -> BuildReport:
    """Bring the index in line with raw_dir; returns counts and one reason per skipped capture.

    A capture that cannot be read or extracted is skipped with a one-line reason; the build
    itself only fails on errors of the index folder (then the live index is left untouched).
    `workers` processes extract and index (0: default_workers()). A full build's documents are
    numbered share by share, so equally scored results keep their order between builds with the
    same number of workers. `walk`, a walk of raw_dir already started, is what an update reads the
    captures' stamps from, and what a full build lists the captures from (unless it follows an update
    that found the live index damaged: it then lists them again).
    """
    started = time.perf_counter()
    workers = workers or default_workers()
    raw_dir, index_dir = Path(raw_dir), Path(index_dir)
    captures.check_index_outside(raw_dir, index_dir)
    # Checks the raw folder now; an update stats the captures as it goes, while workers extract.
    if walk is None:
        notes = captures.WalkNotes()
        stamped: Iterable[tuple[str, list[int] | None]] = captures.iter_capture_stamps(raw_dir, notes)
    else:
        notes, stamped = walk.notes, walk
    report = BuildReport()
    # The documents' warnings (Document.warning): saved in BUILD_INFO too, where a build with nothing
    # to change reads them (a pass over 20k manifest entries for them was 3 ms of its 200).
    warned: list[tuple[str, str]] = []
    with collector.for_build(), generations.build_lock(index_dir):
        generations.clean_up(index_dir)  # leftovers of a killed build
        live, why, live_info = (None, None, {}) if rebuild else _reusable_generation(index_dir)
        walked = walk is not None and live is None  # the walk is whole for the full build to list
        tmp_dir = generations.new_generation_dir(index_dir)
        try:
            if live is not None:
                shutil.rmtree(tmp_dir)
                copied = _copy_generation(live, tmp_dir)
                try:
                    if not _incremental_build(raw_dir, stamped, notes, tmp_dir, copied, warned, report, progress,
                                              workers, live_info.get("pages") is True):
                        # Nothing to change: the live generation stays, and so do the servers' caches.
                        shutil.rmtree(tmp_dir)
                        report.generation = live.name
                except _NotReusable as exc:
                    # A file of the live generation is damaged: every later update would fail the same
                    # way, so this one starts afresh (the live generation serves until it is done).
                    live, why, report = None, str(exc), BuildReport()
                    warned.clear()
                    shutil.rmtree(tmp_dir)
                    tmp_dir.mkdir()
            if live is None:
                report.rebuilt, report.rebuilt_because = True, why
                if walked:
                    paths = [path for path, _ in walk]
                    notes = walk.notes
                else:
                    if walk is not None:
                        walk.close()
                    notes = captures.WalkNotes()
                    paths = list(captures.iter_capture_files(raw_dir, notes))
                _full_build(raw_dir, paths, notes, tmp_dir, warned, report, progress, workers)
            report.warnings += warned
            if tmp_dir.exists():
                info = {"schema": SCHEMA_VERSION, "documents": report.indexed, "checksums": _checksums(tmp_dir),
                        "warnings": warned, "pages": notes.pages}
                (tmp_dir / BUILD_INFO).write_text(json.dumps(info))
                report.generation = generations.publish(index_dir, tmp_dir)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        generations.clean_up(index_dir)
    # By path, as a reader scans them: they were gathered as the walk, then extraction, met them.
    report.skipped.sort(key=itemgetter(0))
    report.warnings.sort(key=itemgetter(0))
    report.seconds = time.perf_counter() - started
    return report


def _full_build(
    raw_dir: Path,
    paths: list[str],
    notes: captures.WalkNotes,
    gen_dir: Path,
    warned: list[tuple[str, str]],
    report: BuildReport,
    progress: ProgressFn | None,
    workers: int,
) -> None:
    procs = workers if len(paths) >= PARALLEL_FROM else 1
    outcome = full_build.build(raw_dir, paths, gen_dir, partial(_extract_all, stems=True), procs, progress)
    docs = outcome.docs
    report.skipped += [(folder, f"cannot read the folder ({why}); its captures are left out")
                       for folder, why in notes.unread.items()]
    report.skipped += notes.skipped
    report.warnings += notes.warnings
    report.not_read = notes.not_read
    report.skipped += docs.skipped
    report.indexed = report.added = len(docs.ids)
    outcome.signatures.save(gen_dir / SIGNATURES)
    full_build.vocabulary_of(outcome).save(gen_dir)
    outcome.repair.save(gen_dir)
    entries = {
        doc_id: {"hash": h, "stamp": stamp, "day": day, "group": outcome.groups[doc_id]}
        for doc_id, h, day, stamp in zip(docs.ids, docs.hashes, docs.days, docs.stamps, strict=True)
    }
    for doc_id, names in outcome.repaired.items():
        entries[doc_id][NAMES] = names
    for doc_id in outcome.unsplit:
        entries[doc_id][UNSPLIT] = True
    for doc_id, warning in docs.warnings:
        entries[doc_id][WARNING] = warning
    for doc_id in docs.listings:
        entries[doc_id][LISTING] = True
    warned += _document_warnings(entries)
    _save_manifest(gen_dir, entries)


def _incremental_build(
    raw_dir: Path,
    files: Iterable[tuple[str, list[int] | None]],
    notes: captures.WalkNotes,
    gen_dir: Path,
    copied: dict[str, list[int]],
    warned: list[tuple[str, str]],
    report: BuildReport,
    progress: ProgressFn | None,
    workers: int,
    pages: bool,
) -> bool:
    """Apply the raw folder's changes to the copy of the live generation in gen_dir; False if there were none.

    `copied` are the checksums of its CHECKED files, taken as they were copied; the documents'
    warnings go into `warned`; `pages`: whether the last build's walk met pages of HTML.
    """
    extracted: dict[str, tuple[Document, frozenset[str]]] = {}  # as extracted, with their words
    analysed: dict[str, Analysed] = {}  # their text fields' stems (schema.analysed)
    new_signatures: list[tuple[str, duplicates.Signature]] = []
    with _Extraction(workers) as extraction:
        extraction.start(pages)
        with collector.paused():  # two containers per capture, kept to the end
            manifest = _load_manifest(gen_dir)
        entries, to_extract = _scan(raw_dir, files, notes, manifest, report, extraction)
        if manifest and not entries and not to_extract:
            # An unmounted drive or a mistyped --raw looks like this: an update would empty the
            # index, and a running server would switch to it. Emptying it is asked for explicitly.
            raise RawFolderEmpty(
                f"the raw folder {raw_dir} holds no captures, so the index's {len(manifest)} documents are "
                "kept (is a drive not mounted?); to empty the index, run `searchsvc index --rebuild`"
            )
        if not to_extract and len(entries) == len(manifest):
            _keep_live(gen_dir, copied, entries, warned, report)
            return False
        # While the workers extract: what does not depend on their results.
        ix = whoosh_index.open_dir(str(gen_dir))
        signatures = _read_live(SIGNATURES, lambda: duplicates.SignatureTable.load(gen_dir / SIGNATURES))
        # Not Vocabulary.load, which serves an empty table for a damaged file: updating that would
        # leave did-you-mean without the words of every unchanged document.
        vocab = _read_live(vocabulary.FILE, lambda: vocabulary.Vocabulary.read(gen_dir))
        # The names glued words are split at, with how many documents write each: updated below.
        repair = _read_live(glue.FILE, lambda: glue.Repair.read(gen_dir, vocab.counts))
        with ix.reader() as reader:
            # Every indexed capture whose file changed is replaced or removed, unless a worker finds
            # its text unchanged: read the words and names its document takes out of the counts now.
            stale = _live_docnums(reader, [i for i in manifest if i not in entries])
            old_words: dict[str, frozenset[str]] = {}
            old_names: dict[str, Iterable[str]] = {}
            for doc_id, docnum in stale.items():
                old = reader.stored_fields(docnum)
                title, body = old.get("title", ""), old.get("body", "")
                old_words[doc_id] = vocabulary.words(title, body)
                entry = manifest[doc_id]
                old_names[doc_id] = entry[NAMES] if NAMES in entry else glue.counted(title, body)
        touched = 0
        for capture_id, (doc, signature, words, skipped, stamp, stems) in zip(
            to_extract, extraction.results(progress), strict=True
        ):
            if doc is None and skipped is None:
                entries[capture_id] = {**manifest[capture_id], "stamp": stamp}  # touched but not changed
                report.unchanged += 1
                touched += 1
                continue
            if doc is None:
                report.skipped.append(skipped)
                continue
            extracted[doc.id] = doc, words
            analysed[doc.id] = stems
            new_signatures.append((doc.id, signature))
            entries[doc.id] = _entry(doc, stamp)
            # A listing read again (_scan) with its capture as it was is unchanged, though indexed anew.
            same = doc.id in manifest and manifest[doc.id]["hash"] == doc.content_hash
            report.added += doc.id not in manifest
            report.updated += doc.id in manifest and not same
            report.unchanged += same
        if not extracted and not touched and len(entries) == len(manifest):
            # Only captures skipped again were read (they are never in the manifest, so every build
            # reads them to say why): a new generation for them made servers drop their caches.
            ix.close()
            _keep_live(gen_dir, copied, entries, warned, report)
            return False
    # A capture only touched (same text, new file times) keeps its document and words.
    stale = {i: docnum for i, docnum in stale.items() if i in extracted or i not in entries}
    # Words and names are counted as a full build counts them, before the repair.
    vocab.remove(*(old_words[doc_id] for doc_id in stale))
    new_names = {doc_id: glue.counted(doc.title, doc.body) for doc_id, (doc, _) in extracted.items()}
    vocab.add(*(words for _, words in extracted.values()))
    learned = repair.relearned([old_names[i] for i in stale], new_names.values(), vocab.counts)
    # Every document is judged with the same counts: the repairs' own changes are counted after.
    recount: list[tuple[frozenset[str], Document]] = []
    changed = {doc_id: _repaired(learned, doc, words, entries[doc_id], recount, new_names[doc_id])
               for doc_id, (doc, words) in extracted.items()}
    resplit = _resplit(ix, learned, learned.names - repair.names, entries, extracted, stale, recount)
    report.resplit = len(resplit)
    vocab.remove(*(words for words, _ in recount))
    vocab.add(*(vocabulary.words(fixed.title, fixed.body) for _, fixed in recount))
    # Documents whose capture is gone, or now fails, leave the index.
    removed = [i for i in manifest if i not in entries]
    report.removed = len(removed)
    signatures = signatures.rows(
        r for r, i in enumerate(signatures.ids) if i in entries and i not in changed
    ) + duplicates.SignatureTable.of(new_signatures)

    old_groups = {i: e["group"] for i, e in manifest.items()}
    # Links can only have changed around changed, added or removed documents and their old groups.
    affected = {old_groups.get(i) for i in [*changed, *removed]}
    recheck = set(changed) | {i for i in entries if old_groups.get(i) in affected}
    groups = duplicates.group_rows(
        signatures,
        np.array([entries[i]["day"] for i in signatures.ids], dtype=np.int64),
        known=[old_groups.get(i, i) for i in signatures.ids],
        recheck=np.array([i in recheck for i in signatures.ids], dtype=bool),
    )
    written = set(changed) | set(resplit)
    old_keys = {i: e.get(GROUP_KEY, e["group"]) for i, e in manifest.items()}
    keys = _group_keys({i: groups.get(i, i) for i in entries}, old_groups, old_keys, written)
    # Rewrite changed and re-split documents, and unchanged ones whose group key had to change.
    rewrite_ids = written | {i for i, key in keys.items() if key != old_keys.get(i)}
    with ix.reader() as reader:
        # So do unchanged documents rewritten for their new group key (read back from the index).
        stale |= _live_docnums(reader, [i for i in rewrite_ids if i in manifest and i not in stale])
        rewrite = [changed.get(i) or resplit.get(i) or to_document(reader.stored_fields(stale[i]))
                   for i in sorted(rewrite_ids)]
    # A document written as extracted is indexed from the stems its worker made; a repaired or
    # rewritten one is analysed again.
    stems = {i: analysed[i] for i in rewrite_ids if i in analysed and changed.get(i) is extracted[i][0]}
    for i, entry in entries.items():
        entry["group"] = groups.get(i, i)
        entry.pop(GROUP_KEY, None)
        if keys[i] != entry["group"]:
            entry[GROUP_KEY] = keys[i]
    report.indexed = len(entries)
    warned += _document_warnings(entries)

    def save() -> None:
        signatures.save(gen_dir / SIGNATURES)
        vocab.save(gen_dir)
        learned.save(gen_dir)
        _save_manifest(gen_dir, entries)

    # Saved by a forked process while the documents are written: they do not depend on each other,
    # and saved after the writing, they were 0.06-0.1 s of a 1% update at 20k with a core idle.
    saver = _Forked(save) if workers > 1 else None
    try:
        if saver is None:
            save()
        _write_update(ix, gen_dir, stale.values(), rewrite, keys, workers, stems)
        if saver is not None:
            saver.result()
    except BaseException:
        if saver is not None:
            saver.stop()
        raise
    ix.close()
    return True


def _keep_live(gen_dir: Path, copied: dict[str, list[int]], entries: dict[str, dict],
               warned: list[tuple[str, str]], report: BuildReport) -> None:
    """Ready `report` and `warned` for a build that keeps the live generation as it is."""
    # Kept as it is, the live generation must be whole: a damaged did-you-mean table was
    # kept by every build until a capture changed.
    info = _check_files(gen_dir, copied)
    report.indexed = len(entries)
    saved = info.get("warnings")
    warned += [(i, w) for i, w in saved] if isinstance(saved, list) else _document_warnings(entries)


def _group_keys(
    names: dict[str, str], old_names: dict[str, str], old_keys: dict[str, str], written: set[str]
) -> dict[str, str]:
    """The key each document's near-duplicate group is stored under, given each group's name now.

    A group is named by its earliest copy, and searches show that name; the index only needs a key
    its copies share and no other group has. Storing the name itself made an update rewrite every
    unchanged copy of a group whose earliest copy was deleted or changed (175 of the 575 documents
    the benchmark's 1% update wrote). So a group whose copies kept their name keeps its key. A group
    with new members, or a new name (its earliest copy went, or it split or merged), takes the key
    most of its unchanged copies hold that no other group has taken, else its name (numbered if
    that is taken). `written` are documents written anyway, whose old keys do not count.
    """
    # Every document of a group renamed or with a written member is judged; the rest keep theirs.
    moved = {name for i, name in names.items() if i in written or old_names.get(i) != name}
    keys: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for i, name in names.items():
        if name in moved:
            members.setdefault(name, []).append(i)
        else:
            keys[i] = old_keys[i]
    taken = set(keys.values())
    held = {name: Counter(old_keys[i] for i in ids if i not in written and i in old_keys)
            for name, ids in members.items()}
    # Groups whose unchanged copies hold most of one key choose first; then the others are named.
    for name in sorted(members, key=lambda name: (-max(held[name].values(), default=0), name)):
        free = [(-count, key) for key, count in held[name].items() if key not in taken]
        key = min(free)[1] if free else name
        n = 1
        while key in taken:
            n += 1
            key = f"{name}#{n}"
        taken.add(key)
        keys.update(dict.fromkeys(members[name], key))
    return keys


def _scan(
    raw_dir: Path,
    files: Iterable[tuple[str, list[int] | None]],
    notes: captures.WalkNotes,
    manifest: dict[str, dict],
    report: BuildReport,
    extraction: _Extraction,
) -> tuple[dict[str, dict], list[str]]:
    """(manifest entries of captures unchanged since, ids of the others), the others sent to extraction.

    A capture with new file times may hold the same content (touched, or copied back): the workers
    compare its hash with the last build's before extracting, so the parent reads no capture.
    The documents of a folder the walk could not read are kept as they are: they may still be
    there, and removing them would make a permission slip look like deleted captures.
    """
    entries: dict[str, dict] = {}
    to_extract: list[str] = []
    prefix = len(os.fspath(raw_dir)) + 1
    listings: dict[str, str] = {}  # id -> file of each listing kept unchanged
    added = False
    for file, stamp in files:
        capture_id = file[prefix:].replace(os.sep, "/")
        old = manifest.get(capture_id)
        if old is not None and stamp is not None and old["stamp"] == stamp:
            entries[capture_id] = old  # same size and times as last build: not even read
            report.unchanged += 1
            if LISTING in old:
                listings[capture_id] = file
            continue
        added |= old is None
        to_extract.append(capture_id)
        # A listing is read again even with its content unchanged: a post it lists may have come.
        extraction.add((raw_dir, Path(file)) if old is None or LISTING in old else (raw_dir, Path(file), old["hash"]))
    if added:
        # A listing is skipped once every post it lists is captured (extract._captured_posts), as a rebuild
        # would skip it: each kept as it was is read again when captures come.
        for capture_id, file in listings.items():
            del entries[capture_id]
            report.unchanged -= 1
            to_extract.append(capture_id)
            extraction.add((raw_dir, Path(file)))
    for folder, why in notes.unread.items():
        kept = [i for i in manifest if i.startswith(folder) and i not in entries]
        entries.update((i, manifest[i]) for i in kept)
        report.unchanged += len(kept)
        were = ("" if not kept else "; its document is kept as it was" if len(kept) == 1
                else f"; its {len(kept)} documents are kept as they were")
        report.skipped.append((folder, f"cannot read the folder ({why}){were}"))
    report.skipped += notes.skipped
    report.warnings += notes.warnings
    report.not_read = notes.not_read
    return entries, to_extract


class _Extraction:
    """_extract_all of the jobs added, in order, by worker processes once a chunk of jobs is in.

    Jobs go to the workers as the scan finds them, so extraction runs beside the rest of the scan
    and the caller may do other work before reading the results. The workers start at the first
    full chunk (POOL_CHUNK jobs): most builds change nothing, and starting them before the scan
    made those a third slower. They started at PARALLEL_FROM jobs before, which a 1% update's
    scan reached near its end: each worker then imported the HTML extractor (0.2 s) while the
    parent, done scanning, waited for it. Fewer jobs than a chunk are extracted in this process.

    The workers are forked from a process of their own (_zygote), which imports the extractors
    first, so they share one import of them. This process imported them before forking the
    workers, and its scan waited for it: a sixth of a 1% update at 20k, with the other core idle.
    An update starts that process (start()) before it loads the last build's manifest: started at
    the scan's first chunk, the workers waited for its import (0.2 s) once the walk was done ahead
    (captures.WalkAhead); started first, a 1% update at 20k took 1.46 and 1.50 s against 1.60 and
    1.66 s (medians of 8, in turn), and one with nothing changed as long as before.
    """

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self.jobs: list[tuple] = []
        self._zygote: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._sent = 0
        self._chunks = 0
        self._ended = False  # the workers' process was told there are no more jobs
        self._pages = False  # it imports the HTML extractor before any job comes

    def start(self, pages: bool = False) -> None:
        """Fork the workers' process now, before any job is known: it imports the text extractor while
        this process loads the last build's manifest and scans, and the HTML extractor too if `pages`
        (the collection held pages of HTML at the last build).

        Imported once the first chunk of jobs held a page, the HTML extractor (0.11-0.15 s) was what
        the build waited on after its scan: a 1% update at 20k took 0.76-0.85 s against 0.80-0.91 s
        imported at once (5 rounds each, twice, in turn)."""
        if self._zygote is None and self._workers > 1:
            ctx = multiprocessing.get_context("fork")
            self._conn, theirs = ctx.Pipe()
            self._pages = pages
            self._zygote = ctx.Process(target=_zygote, args=(theirs, self._workers, pages),
                                       name="searchsvc-extraction")  # not a daemon: it has children
            self._zygote.start()
            theirs.close()

    def add(self, job: tuple) -> None:
        self.jobs.append(job)
        if self._zygote is None and len(self.jobs) >= POOL_CHUNK:
            self.start()
        if self._zygote is not None and len(self.jobs) - self._sent >= POOL_CHUNK:
            self._send()

    def results(self, progress: ProgressFn | None) -> Iterator[tuple]:
        if self._zygote is not None and len(self.jobs) < POOL_CHUNK:
            self._close()  # started early, for fewer jobs than a chunk: extracted here
        if self._zygote is None:
            chunks = (self.jobs[start : start + POOL_CHUNK] for start in range(0, len(self.jobs), POOL_CHUNK))
            return _collect((out for chunk in chunks for out in _extract_all(chunk, True)), len(self.jobs), progress)
        if self._sent < len(self.jobs):
            self._send()
        assert self._conn is not None
        self._conn.send(None)
        self._ended = True
        return _collect((out for _ in range(self._chunks) for out in self._received()), len(self.jobs), progress)

    def _received(self) -> list[tuple]:
        assert self._conn is not None
        try:
            kind, value = self._conn.recv()
        except EOFError:
            raise RuntimeError("the extraction workers' process died") from None
        if kind == "error":
            raise RuntimeError(f"extracting captures failed:\n{value}")
        return value

    def _send(self) -> None:
        assert self._conn is not None
        # In chunks of POOL_CHUNK: the PARALLEL_FROM jobs waiting when the pool starts, sent as one
        # task, kept one worker busy with them while the other only had the scan's later finds.
        for start in range(self._sent, len(self.jobs), POOL_CHUNK):
            self._conn.send(self.jobs[start : start + POOL_CHUNK])
            self._chunks += 1
        self._sent = len(self.jobs)

    def __enter__(self) -> _Extraction:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if self._zygote is not None and exc_type is not None:
            self._zygote.kill()  # its workers follow it (_exit_with_parent)
        self._close()

    def _close(self) -> None:
        if self._zygote is None:
            return
        assert self._conn is not None
        if self._pages and not self._chunks:
            # No chunk of jobs was sent (nothing changed, or fewer jobs than a chunk, extracted here): it
            # has no workers yet, and its import need not be waited for.
            self._zygote.kill()
        elif not self._ended:
            # Closing is no end for it: it holds a copy of this end of the pipe (it was forked with it).
            try:
                self._conn.send(None)
            except OSError:
                pass  # it is gone already
        self._conn.close()
        self._zygote.join()
        self._zygote = self._conn = None


def _zygote(conn: Connection, workers: int, pages: bool) -> None:
    """In a process forked for an update's extraction: import the extractors (the HTML one at once
    if `pages`), fork the workers from here, and pass them the chunks of jobs `conn` sends (None
    after the last); send back each chunk's results, in order, as ("results", list) or ("error",
    traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it kills this
    _exit_with_parent()
    collector.settle()
    with collector.paused():
        _import_extractors([], pages)
    chunks: queue.SimpleQueue[Future | None] = queue.SimpleQueue()

    def send_results() -> None:
        while (chunk := chunks.get()) is not None:
            try:
                out = ("results", chunk.result())
            except BaseException:  # noqa: BLE001 - reported to the build, which fails
                out = ("error", traceback.format_exc()[-2000:])
            conn.send(out)

    with ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), _exit_with_parent) as pool:
        sender: threading.Thread | None = None
        while (jobs := conn.recv()) is not None:
            if sender is None:
                with collector.paused():
                    _import_extractors(jobs)  # the HTML extractor, if the first chunk has a page
            chunks.put(pool.submit(_extract_all, jobs, True))
            if sender is None:  # after the pool forked its workers: a thread is not forked along
                sender = threading.Thread(target=send_results, name="send-results", daemon=True)
                sender.start()
        chunks.put(None)
        if sender is not None:
            sender.join()
    conn.close()


def _import_extractors(jobs: list[tuple], pages: bool = False) -> None:
    """Import the extractors `jobs` need here (the HTML one also if `pages`), before the workers are
    forked, which then share them.

    Each worker imported them itself, at its first capture: the HTML extractor (trafilatura,
    which imports urllib3, and readability) takes 0.15 s, twice the CPU for one import, while
    the build still scanned on the same two cores. Where no job so far is a page of HTML, it is
    left to a worker that meets one: a collection of text captures never needs it.
    """
    from . import extract  # noqa: F401

    if pages or any(captures.capture_kind(job[1]) in captures.PAGE_KINDS for job in jobs):
        from . import htmlextract  # noqa: F401


def _exit_with_parent() -> None:
    """In a pool worker: exit when the build process dies (a killed build's workers waited forever).

    The pool's workers wait on a queue whose writing end every one of them holds too, so the build
    process's death alone never wakes them; its sentinel, a pipe only it writes to, does.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _extract_all(jobs: list[tuple], stems: bool = False) -> list[tuple]:
    """(document, signature, words, skip reason, file stamp, stems) of each job's capture, in order.

    A job is (raw folder, path), or with a third item, the capture's content hash at the last build:
    a capture still holding that content is not extracted, and comes back with neither document nor
    skip reason. `stems` (with stems=True, else None) are the positioned stems of the document's text
    fields (schema.analysed), which a full build's writer takes instead of tokenizing them again.

    A stage at a time: every capture of a batch is read, then each is extracted, then each signed,
    then each one's words are listed.

    Taking each capture through every stage before the next cost a fifth more CPU (6,000 news
    captures, one process): each stage's code and tables fell out of the processor's caches in
    between. A batch is cut at BATCH_BYTES of capture files, which it holds at once.
    """
    out: list[tuple] = []
    batch: list[tuple[Capture | None, list[int] | None, tuple[str, str] | None]] = []
    size = 0
    for job in jobs:
        batch.append(read := _read_one(job))
        size += len(read[0].data) if read[0] is not None else 0
        if size >= BATCH_BYTES:
            out += _extract_read(batch, stems)
            batch, size = [], 0
    return out + _extract_read(batch, stems)


def _read_one(job: tuple) -> tuple[Capture | None, list[int] | None, tuple[str, str] | None]:
    """(capture, file stamp taken before reading it, None); the capture None if its content hash is
    still the job's known one; (None, None, (id, reason)) for a capture skipped."""
    from . import extract  # on first use: see _document_or_reason

    raw_dir, path, *known = job
    try:
        capture, stamp = captures.read_capture_stamped(raw_dir, path)
        if known and extract.content_hash(capture) == known[0]:
            return None, stamp, None
        return capture, stamp, None
    except Exception as exc:  # noqa: BLE001 - one bad capture must never abort the build
        return None, None, (captures.capture_id(raw_dir, path), _reason(exc))


def _extract_read(batch: list[tuple[Capture | None, list[int] | None, tuple[str, str] | None]],
                  stems: bool) -> list[tuple]:
    docs: list[Document | tuple[str, str] | None] = [
        None if capture is None else _document_or_reason(capture) for capture, _, _ in batch
    ]
    signatures = [duplicates.signature(doc.body) if isinstance(doc, Document) else None for doc in docs]
    analysed = [schema.analysed(doc) if isinstance(doc, Document) else None for doc in docs]
    out: list[tuple] = []
    for (_, stamp, skipped), doc, signature, found in zip(batch, docs, signatures, analysed, strict=True):
        if found is not None:
            words, fields = found
            out.append((doc, signature, words, ("", ""), stamp, fields if stems else None))
        elif doc is not None or skipped is not None:
            out.append((None, None, frozenset(), doc or skipped, None, None))
        else:
            out.append((None, None, frozenset(), None, stamp, None))  # its content is as at the last build
    return out


def _document_or_reason(capture: Capture) -> Document | tuple[str, str]:
    """The capture's document, or (its id, why it is skipped)."""
    # Imported on first use, in the process that extracts: an update's workers import the extractors
    # (dateutil, charset_normalizer, the text cleaner's patterns; 30 ms) while the parent still scans
    # the raw folder, and the parent, which extracts nothing then, never does.
    from . import extract

    try:
        return extract.extract(capture)
    except Exception as exc:  # noqa: BLE001 - one bad capture must never abort the build
        return capture.id, _reason(exc)


def _reason(exc: Exception) -> str:
    if isinstance(exc, CaptureSkipped):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "page is nested too deeply to parse"
    return f"extraction failed: {exc.__class__.__name__}: {exc}"[:200]


def _collect(outcomes: Iterable, total: int, progress: ProgressFn | None) -> Iterator:
    for n, outcome in enumerate(outcomes, 1):
        if progress:
            progress(n, total)
        yield outcome


def _entry(doc: Document, stamp: list[int] | None) -> dict:
    entry = {"hash": doc.content_hash, "stamp": stamp, "day": doc.date.toordinal() if doc.date else 0, "group": doc.id}
    if doc.warning:
        entry[WARNING] = doc.warning
    if doc.listing:
        entry[LISTING] = True
    return entry


def _document_warnings(entries: dict[str, dict]) -> list[tuple[str, str]]:
    return sorted((i, entry[WARNING]) for i, entry in entries.items() if WARNING in entry)


class _NotReusable(Exception):
    """A file of the live generation cannot be read, so an update cannot start from it."""


def _read_live(name: str, load: Callable[[], T]) -> T:
    """load(), a file of the live generation's copy; _NotReusable naming the file if it fails."""
    try:
        return load()
    except Exception as exc:  # noqa: BLE001 - a damaged file raises almost anything; a rebuild mends it
        raise _NotReusable(f"the live index's {name} cannot be read ({exc.__class__.__name__})") from exc


def _checksums(gen_dir: Path) -> dict[str, list[int]]:
    return {name: _checksum((gen_dir / name).read_bytes()) for name in CHECKED}


def _checksum(data: bytes) -> list[int]:
    return [len(data), zlib.crc32(data)]


def _check_files(gen_dir: Path, copied: dict[str, list[int]]) -> dict:
    """The generation's BUILD_INFO, once its CHECKED files are found as its build wrote them;
    _NotReusable naming the first that is not."""
    info = _read_live(BUILD_INFO, lambda: json.loads((gen_dir / BUILD_INFO).read_text(encoding="utf-8")))
    recorded = info.get("checksums")
    if not isinstance(recorded, dict):
        # Written before builds recorded checksums: loading the files is the check.
        vocab = _read_live(vocabulary.FILE, lambda: vocabulary.Vocabulary.read(gen_dir))
        _read_live(SIGNATURES, lambda: duplicates.SignatureTable.load(gen_dir / SIGNATURES))
        _read_live(glue.FILE, lambda: glue.Repair.read(gen_dir, vocab.counts))
        return info
    for name in CHECKED:
        if copied.get(name) != recorded.get(name):
            raise _NotReusable(f"the live index's {name} is damaged (not as the build that wrote it left it)")
    return info


def _load_manifest(gen_dir: Path) -> dict[str, dict]:
    manifest = _read_live(MANIFEST, lambda: pickle.loads((gen_dir / MANIFEST).read_bytes()))
    if not isinstance(manifest, dict):
        raise _NotReusable(f"the live index's {MANIFEST} is not a manifest")
    return manifest


def _save_manifest(gen_dir: Path, entries: dict[str, dict]) -> None:
    # A pickle, not gzipped JSON: every incremental build loads and saves the whole manifest, and
    # at 20k captures JSON took 0.25 s of the two, a pickle 0.08 s. The file is as trusted as
    # Whoosh's own table of contents beside it, which is a pickle too.
    (gen_dir / MANIFEST).write_bytes(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))


def _live_docnums(reader: IndexReader, ids: Iterable[str]) -> dict[str, int]:
    """Document number of each id's live document (ids not in the index are left out).

    Read from the id terms' postings directly: a searcher's document(id=...) runs a query per
    id, a millisecond each, which was a fifth of an incremental build that changed 1%.
    """
    missing = list(ids)
    out: dict[str, int] = {}
    # Biggest segments first, and an id found live is not looked for again: most are found in
    # the first one or two of a dozen.
    for leaf, offset in sorted(reader.leaf_readers(), key=lambda lo: -lo[0].doc_count()):
        for doc_id in missing:
            try:
                info = leaf.term_info("id", doc_id)
            except TermNotFound:
                continue
            # An id has one posting per segment unless a segment was written oddly: then all of them.
            docnums = [info.min_id()] if info.doc_frequency() == 1 else leaf.postings("id", doc_id).all_ids()
            for docnum in docnums:
                if not leaf.is_deleted(docnum):
                    out[doc_id] = offset + docnum
        missing = [i for i in missing if i not in out]
    return out


def _repaired(repair: glue.Repair, doc: Document, words: frozenset[str], entry: dict,
              recount: list[tuple[frozenset[str], Document]], names: frozenset[str] | None = None) -> Document:
    """The document with its glued names split. Its manifest entry says if a known name is still
    glued in it; if it changed, the entry keeps what it counted before its first repair (`names`,
    glue.counted of `doc`, when already known), and (its words, the new document) go on `recount`."""
    fixed, unsplit = repair.fix(doc, names)
    if unsplit:
        entry[UNSPLIT] = True
    else:
        entry.pop(UNSPLIT, None)
    if fixed is not doc:
        recount.append((words, fixed))
        if NAMES not in entry:
            entry[NAMES] = tuple(sorted(glue.counted(doc.title, doc.body) if names is None else names))
    return fixed


def _resplit(ix: whoosh_index.Index, learned: glue.Repair, new_names: Iterable[str], entries: dict[str, dict],
             extracted: dict[str, tuple[Document, frozenset[str]]], stale: dict[str, int],
             recount: list[tuple[frozenset[str], Document]]) -> dict[str, Document]:
    """Documents already indexed, split again as a rebuild would split them: where a name just
    learned may be glued, or a known name was left glued for want of a word the collection now
    knows better. Their document numbers join `stale`. (A name no longer known leaves the documents
    split with it as they are.)"""
    unsplit = [i for i, entry in entries.items() if entry.get(UNSPLIT) and i not in extracted]
    forms = learned.glued_forms(new_names)
    out: dict[str, Document] = {}
    if not unsplit and not forms:
        return out
    with ix.reader() as reader:
        maybe = _with_words(reader, forms) | set(_live_docnums(reader, unsplit).values())
        for docnum in sorted(maybe - set(stale.values())):
            doc = to_document(reader.stored_fields(docnum))
            fixed = _repaired(learned, doc, vocabulary.words(doc.title, doc.body), entries[doc.id], recount)
            if fixed is not doc:
                out[doc.id] = fixed
                stale[doc.id] = docnum
    return out


def _with_words(reader: IndexReader, runs: Iterable[list[str]]) -> set[int]:
    """Live documents whose title or body has all the words of one of the runs."""
    found: set[int] = set()
    for run in runs:
        stems = [stem for word in run for stem in tokens.stems(word)]
        for field in TEXT_FIELDS:
            docnums: set[int] | None = None
            for stem in stems:
                has = set(reader.postings(field, stem).all_ids()) if (field, stem) in reader else set()
                docnums = has if docnums is None else docnums & has
            found |= docnums or set()
    return found


def _write_update(ix: whoosh_index.Index, gen_dir: Path, stale: Iterable[int], docs: list[Document],
                  keys: dict[str, str], workers: int, stems: dict[str, Analysed]) -> None:
    """Delete the stale documents and add `docs`, in one commit; `stems` holds the analysed text
    fields of those indexed as they were extracted (by id), which are not tokenized again.

    With PARALLEL_FROM documents or more and workers to spare, a forked process writes the second
    half as a segment of its own while this one writes the first, as a full build's workers do:
    analysing and writing the documents was a fifth of a 1% update at 20k, in one process. The
    halves' segments are listed in the documents' order, so docnums follow it as before.
    """
    half = len(docs) // 2 if workers > 1 and len(docs) >= PARALLEL_FROM else len(docs)
    writer = TermListWriter(ix, limitmb=256, codec=codec())
    helper = _Forked(partial(_write_segment, gen_dir, docs[half:], keys, stems)) if half < len(docs) else None
    try:
        for docnum in stale:
            writer.delete_document(docnum)
        _add_documents(writer, docs[:half], keys, stems)
        segments = writer._merge_segments(None, None, None)  # as commit() does, with the helper's after
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        if helper is not None:
            segments.append(helper.result())
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        if helper is not None:
            helper.stop()
        writer.cancel()
        raise


class _Forked:
    """fn() run in a forked process (which takes along all it needs); result() is what it returned,
    or raises with its traceback."""

    def __init__(self, fn: Callable[[], object]) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe()
        self._proc = ctx.Process(target=_run_forked, args=(theirs, fn), daemon=True)
        self._proc.start()
        theirs.close()

    def result(self) -> object:
        try:
            return full_build.receive(self._conn)[1]
        finally:
            self._conn.close()
            self._proc.join()

    def stop(self) -> None:
        if self._proc.is_alive():
            self._proc.kill()
        self._conn.close()
        self._proc.join()


def _run_forked(conn: Connection, fn: Callable[[], object]) -> None:
    try:
        conn.send(("done", fn()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the build
        conn.send(("error", traceback.format_exc()[-2000:]))
    finally:
        conn.close()


def _write_segment(gen_dir: Path, docs: list[Document], keys: dict[str, str],
                   stems: dict[str, Analysed]) -> object:
    """The documents written as a new segment of the index in gen_dir, not yet listed in its TOC."""
    writer = TermListWriter(whoosh_index.open_dir(str(gen_dir)), _lk=False, limitmb=256, codec=codec())
    _add_documents(writer, docs, keys, stems)
    return writer._finalize_segment()


def _add_documents(writer: TermListWriter, docs: Iterable[Document], keys: dict[str, str],
                   stems: dict[str, Analysed]) -> None:
    """Add documents with their near-duplicate group's key (`keys` covers the whole index) and,
    where `stems` has them, their text fields' stems."""
    for doc in docs:
        writer.add_document(analysed=stems.get(doc.id), **to_fields(doc, group=keys.get(doc.id, doc.id)))


def _copy_generation(live: Path, new: Path) -> dict[str, list[int]]:
    """Start the new generation from the live one; returns the checksums of its CHECKED files.

    Whoosh never modifies a finished segment file (deletions are recorded in the table of
    contents, merges write new files), so segments are hard links: no copy of the bulk of the
    index. Everything else (the TOC, the lock file, our own files, rewritten by each build) is
    copied, so writing it never touches the live generation.
    """
    copied: dict[str, list[int]] = {}

    def link_or_copy(src: str, dst: str) -> str:
        if src.endswith(".seg"):
            try:
                os.link(src, dst)
                return dst
            except OSError:
                pass  # a file system without hard links: copy
        name = os.path.basename(src)
        if name in CHECKED:
            # Summed as they are copied: reading them again for it was 3 ms of a 230 ms build with
            # nothing to change (loading them, 30).
            data = Path(src).read_bytes()
            Path(dst).write_bytes(data)
            shutil.copystat(src, dst)
            copied[name] = _checksum(data)
            return dst
        return shutil.copy2(src, dst)

    shutil.copytree(live, new, copy_function=link_or_copy)
    return copied


def _reusable_generation(index_dir: Path) -> tuple[Path | None, str | None, dict]:
    """(the live generation, None, its BUILD_INFO) if an incremental build can start from it, else
    (None, why not, {}); why is None when there is no index yet."""
    try:
        live = index_dir / generations.current_generation(index_dir)
    except IndexNotReady:
        return None, None, {}
    try:
        info = json.loads((live / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"the live index's {BUILD_INFO} cannot be read ({exc.__class__.__name__})", {}
    if not isinstance(info, dict) or info.get("schema") != SCHEMA_VERSION:
        return None, "the live index was built by another version of searchsvc", {}
    for name in (SIGNATURES, MANIFEST, vocabulary.FILE, glue.FILE):
        if not (live / name).is_file():
            return None, f"the live index has no {name} (built by another version of searchsvc?)", {}
    try:
        ix = whoosh_index.open_dir(str(live))
        documents = ix.doc_count()
        ix.close()
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, a full build starts afresh
        return None, f"Whoosh cannot open the live index ({exc.__class__.__name__})", {}
    # An index out of step with the manifest (incremental builds once dropped the documents of
    # touched captures while listing them) would stay so, or fail every update: rebuild it.
    if documents != info.get("documents"):
        return None, "the live index holds a different number of documents than its manifest lists", {}
    return live, None, info
