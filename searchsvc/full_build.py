"""A full build on every core: each worker extracts its share of the captures and writes it as a segment.

Whoosh's multiprocessing writer makes the parent pickle every document to its sub-writers, after
the extraction pool has pickled every document to the parent: both copies, and the parent's
share of the indexing, were a third of a full build. Here a document stays in the process that
extracted it. Workers report only what grouping and the whole collection's tables need
(signatures, dates, words, names), the parent computes the near-duplicate groups over the whole
collection, sends each worker the group names of its documents and the names that mark glued words
(glue.py), and each worker writes finished segments; the parent then commits the table of contents
listing them.

Each worker owns a fixed share of the captures. On a shared machine one core is often slower for
a while (the two workers finished their shares up to 4 s apart, 1.8 s on average, in 22-29 s
builds of 20k captures), so a worker done with its own share takes captures from the back of the
share with most left that no other worker takes from. It writes what it took as a segment of its
own, which the table of contents lists after the rest of that share: the segments, in order, hold
each share in order whoever extracted it, so every document has the docnum it would have had
otherwise (which decides the order of equally scored results, and must not change between two
builds of the same captures), and each worker writes as many documents as it extracted. (When a
worker's taken documents went back to their owner to write, the slower core wrote its whole share:
the two finished writing 0.1-2.9 s apart in 14-20 s builds.)
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from . import captures, collector, duplicates, glue, vocabulary
from .models import Document
from .schema import Analysed, build_schema, codec, to_fields
from .segment_writer import TermListWriter

ProgressFn = Callable[[int, int], None]
# [(raw_dir, path), ...] → [(doc, signature, words, skip reason, stamp, stems), ...] (indexer._extract_all)
ExtractFn = Callable[[list[tuple[Path, Path]]], list[tuple]]
# Captures a worker claims and extracts at once: the extraction goes a stage at a time over them
# (indexer._extract_all). Fewer for a small share, so that a worker left with none of its own still
# finds some to take.
BATCH = 64


@dataclass
class Extracted:
    """What the parent learns of a share: enough to group duplicates and write the manifest."""

    ids: list[str] = field(default_factory=list)
    days: list[int] = field(default_factory=list)  # date ordinals, 0 when undated
    hashes: list[str] = field(default_factory=list)
    stamps: list[list[int] | None] = field(default_factory=list)  # file size and times, as read
    # One uint16 row per document: one array pickles to the parent in a third of the time 10k rows take.
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, duplicates.NUM_PERM), np.uint16))
    shingles: list[int] = field(default_factory=list)
    figures: np.ndarray = field(default_factory=lambda: np.zeros((0, duplicates.FIGURE_WORDS), np.uint64))
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (id, Document.warning) where there is one
    listings: list[str] = field(default_factory=list)  # ids of the documents that are listings (Document.listing)
    words: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)  # clean three-word names and glued runs (glue.counted)


@dataclass
class Outcome:
    """The whole build's result, for the indexer to save alongside the segments."""

    docs: Extracted
    groups: dict[str, str]
    signatures: duplicates.SignatureTable
    repair: glue.Repair
    # glue.counted of each document the repair changed, as extracted: an update that replaces or
    # removes it takes them off the counts (its stored text counts differently).
    repaired: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unsplit: set[str] = field(default_factory=set)  # ids of documents a known name is still glued in


@dataclass
class Written:
    """What writing a share's documents tells the parent: how the vocabulary changes, which were repaired."""

    change: Counter[str] = field(default_factory=Counter)
    repaired: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unsplit: set[str] = field(default_factory=set)


class Claims:
    """Which captures of each share are still to extract, shared by the worker processes.

    A share's owner takes its captures from the front, in order, a batch at a time; a worker with
    none of its own left takes batches from the back of the share with most left. The two meet in
    the middle, and every capture is taken once. A share is taken from by one other worker at most:
    what it takes is then one range, written as one segment (_worker). When any worker could take
    from any share, eight workers left 18 segments of 1-42 captures beside their own eight.
    """

    def __init__(self, ctx: Any, sizes: list[int]) -> None:
        self._lock = ctx.Lock()
        self._bounds = ctx.RawArray("q", [bound for size in sizes for bound in (0, size)])  # [front, back) each
        self._takers = ctx.RawArray("q", [-1] * len(sizes))  # the worker taking from each share's back, or -1

    def take_own(self, share: int, n: int) -> range | None:
        """The next positions in `share` for its owner, up to n (_near_the_end); None when none is left."""
        bounds = self._bounds
        with self._lock:
            front, back = bounds[2 * share], bounds[2 * share + 1]
            if front >= back:
                return None
            bounds[2 * share] = end = front + _near_the_end(n, back - front)
            return range(front, end)

    def steal(self, me: int, n: int) -> tuple[int, range] | None:
        """(share, positions) of up to n captures at the back of the share with most left that no other
        worker takes from; None when none is left."""
        bounds, takers = self._bounds, self._takers
        with self._lock:
            left = [bounds[2 * k + 1] - bounds[2 * k] if takers[k] in (-1, me) else 0 for k in range(len(takers))]
            most = max(left)
            if most <= 0:
                return None
            share = left.index(most)
            takers[share] = me
            back = bounds[2 * share + 1]
            bounds[2 * share + 1] = start = back - _near_the_end(n, most)
            return share, range(start, back)


def _near_the_end(n: int, left: int) -> int:
    """A batch of n, but at most a quarter of what is left: a worker that took the last 64 captures
    kept the other waiting for them, idle (0.15 s of a 20k build; 0.03 s a capture at a time)."""
    return min(n, max(1, left // 4))


def batch_size(share: int) -> int:
    """Captures to claim at once from a share of this size (BATCH, fewer for a small share)."""
    return max(1, min(BATCH, share // 16))


class Gatherer:
    """Extracts captures one at a time and gathers what the parent learns of them."""

    def __init__(self, raw_dir: Path, extract: ExtractFn, tick: Callable[[int], None]) -> None:
        self._raw_dir, self._extract, self._tick = raw_dir, extract, tick
        self._out = Extracted()
        self._rows: list[np.ndarray] = []
        self._figures: list[np.ndarray] = []
        # Document id → its text fields' positioned stems (schema.analysed), until write() indexes them.
        self.stems: dict[str, Analysed] = {}
        # Document id → glue.counted of it, until write() repairs it (glue.Repair.may_split).
        self.counted: dict[str, frozenset[str]] = {}

    def take(self, paths: list[str]) -> list[Document]:
        """The documents of the captures not skipped, in order (a skipped one's reason is gathered)."""
        # Paths made here, in the worker: 20k Path objects were a tenth of a second before the fork.
        found = self._extract([(self._raw_dir, Path(path)) for path in paths])
        out = self._out
        docs: list[Document] = []
        for doc, signature, _, skipped, stamp, stems in found:
            if doc is None:
                out.skipped.append(skipped)
                continue
            docs.append(doc)
            if stems is not None:
                self.stems[doc.id] = stems
            out.ids.append(doc.id)
            out.days.append(doc.date.toordinal() if doc.date else 0)
            out.hashes.append(doc.content_hash)
            out.stamps.append(stamp)
            if doc.warning:
                out.warnings.append((doc.id, doc.warning))
            if doc.listing:
                out.listings.append(doc.id)
            self._rows.append(signature.hashes)
            self._figures.append(signature.figures)
            out.shingles.append(signature.shingles)
        # A stage at a time, as the extraction: counting words, then names.
        for _, _, words, _, _, _ in found:
            out.words.update(words)
        counted = self.counted
        for doc in docs:
            out.names.update(names := glue.counted(doc.title, doc.body))
            counted[doc.id] = names
        self._tick(len(paths))
        return docs

    def finish(self) -> Extracted:
        if self._rows:
            self._out.signatures = np.stack(self._rows)
            self._out.figures = np.stack(self._figures)
        return self._out


def write(writer: TermListWriter, docs: list[Document], groups: dict[str, str], repair: glue.Repair,
          stems: dict[str, Analysed], counted: dict[str, frozenset[str]]) -> Written:
    """Add the documents, their glued names split; `groups` names the group of those with copies,
    `stems` holds the analysed text fields of documents as extracted (taken, and used unless repaired),
    `counted` their glue.counted (taken).

    The words and names were counted before the repair: the result says what it changed.
    """
    out = Written()
    for doc in docs:
        analysed = stems.pop(doc.id, None)
        names = counted.pop(doc.id)  # take() counted every document it gave
        fixed, unsplit = repair.fix(doc, names)
        if unsplit:
            out.unsplit.add(doc.id)
        if fixed is not doc:
            out.change.update(vocabulary.words(fixed.title, fixed.body))
            out.change.subtract(vocabulary.words(doc.title, doc.body))
            out.repaired[doc.id] = tuple(sorted(names))
            analysed = None
        writer.add_document(analysed=analysed, **to_fields(fixed, group=groups.get(doc.id, doc.id)))
    return out


def build(raw_dir: Path, paths: list[str], gen_dir: Path, extract: ExtractFn, procs: int,
          progress: ProgressFn | None) -> Outcome:
    """Extract and index `paths` into a new index in gen_dir with `procs` worker processes (1: in-process)."""
    ix = whoosh_index.create_in(str(gen_dir), build_schema())
    total, done = len(paths), 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress and n:
            progress(done, total)

    if procs <= 1:
        gatherer = Gatherer(raw_dir, extract, tick)
        step = batch_size(len(paths))
        found = (gatherer.take(paths[start : start + step]) for start in range(0, len(paths), step))
        docs = [doc for batch in found for doc in batch]
        extracted = gatherer.finish()
        outcome = _group([extracted])
        with TermListWriter(ix, codec=codec()) as writer:
            _apply(outcome, write(writer, docs, _group_names(extracted.ids, outcome.groups), outcome.repair,
                                  gatherer.stems, gatherer.counted))
        ix.close()
        return outcome

    ctx = multiprocessing.get_context("fork")
    if any(captures.capture_kind(path) in captures.PAGE_KINDS for path in paths):
        # Imported once here rather than in each worker after the fork (extract imports it on first
        # use): trafilatura and lxml take ~0.3 s of CPU to import.
        from . import htmlextract  # noqa: F401
    shares = [paths[i::procs] for i in range(procs)]  # interleaved: HTML and text alike in each
    claims = Claims(ctx, [len(share) for share in shares])
    workers: list[tuple[multiprocessing.Process, Connection]] = []
    parent_writer = ix.writer()  # holds the index's write lock while the workers write segments
    try:
        for i in range(procs):
            mine, theirs = ctx.Pipe()
            inherited = [mine, *(conn for _, conn in workers)]  # the parent's ends, which a fork copies
            proc = ctx.Process(target=_worker, args=(theirs, i, shares, claims, raw_dir, gen_dir, extract, inherited),
                               daemon=True)
            proc.start()
            theirs.close()
            workers.append((proc, mine))
        conns = [conn for _, conn in workers]
        reports: dict[Connection, Extracted] = {}
        while len(reports) < len(conns):
            for conn in wait([c for c in conns if c not in reports]):
                kind, payload = receive(conn)
                if kind == "progress":
                    tick(payload)
                else:
                    reports[conn] = payload
        extracted = [reports[conn] for conn in conns]
        outcome = _group(extracted)
        for part, conn in zip(extracted, conns, strict=True):
            conn.send((_group_names(part.ids, outcome.groups), outcome.repair))
        placed = []
        for conn in conns:
            for place, segment, written in receive(conn)[1]:
                placed.append((place, segment))
                _apply(outcome, written)
        # By share, and within a share by position: each share's documents in order (see the docstring).
        segments = [segment for _, segment in sorted(placed, key=_place)]
        for proc, _ in workers:
            proc.join()
        parent_writer._close_segment()  # its own (empty) segment files are deleted with the commit
        parent_writer._commit_toc(segments)
        parent_writer._finish()
    except BaseException:
        for proc, _ in workers:
            if proc.is_alive():
                proc.kill()
        parent_writer.cancel()
        raise
    finally:
        for proc, conn in workers:
            conn.close()
            proc.join(timeout=5)
    ix.close()
    return outcome


def receive(conn: Connection) -> tuple[str, object]:
    try:
        kind, payload = conn.recv()
    except EOFError as exc:
        raise RuntimeError("a build worker exited unexpectedly (out of memory?)") from exc
    if kind == "error":
        raise RuntimeError(f"a build worker failed:\n{payload}")
    return kind, payload


def _worker(conn: Connection, me: int, shares: list[list[str]], claims: Claims, raw_dir: Path, gen_dir: Path,
            extract: ExtractFn, inherited: list[Connection]) -> None:
    # The parent's ends of this worker's pipe and the earlier workers' came along with the fork. Held
    # open here, they kept the workers from ever seeing the parent die: a killed build left them
    # waiting forever.
    for other in inherited:
        other.close()
    collector.settle()  # a worker makes millions of objects (words, postings) and frees few
    try:
        gatherer = Gatherer(raw_dir, extract, lambda n: conn.send(("progress", n)))
        mine = shares[me]
        step = batch_size(len(mine))
        runs = [_Run(me, 0)]
        while (positions := claims.take_own(me, step)) is not None:
            runs[0].batches.append(gatherer.take([mine[p] for p in positions]))
        # Own share done: help with the others', each range taken a segment of this worker's.
        while (claim := claims.steal(me, step)) is not None:
            share, positions = claim
            run = next((run for run in runs[1:] if run.share == share and run.start == positions.stop), None)
            if run is None:
                run = _Run(share, positions.start)
                runs.append(run)
            run.start = positions.start  # taken from the back: this range comes before what the run holds
            run.batches.insert(0, gatherer.take([shares[share][p] for p in positions]))
        conn.send(("extracted", gatherer.finish()))
        groups, repair = conn.recv()
        ix = whoosh_index.open_dir(str(gen_dir))
        segments = []
        for run in runs:
            docs = [doc for batch in run.batches for doc in batch]
            if docs:
                writer = TermListWriter(ix, _lk=False, codec=codec())
                written = write(writer, docs, groups, repair, gatherer.stems, gatherer.counted)
                segments.append(((run.share, run.start), writer._finalize_segment(), written))
        conn.send(("segments", segments))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the build
        conn.send(("error", traceback.format_exc()[-2000:]))
    finally:
        conn.close()
        os._exit(0)  # skip inherited atexit handlers (the parent's lock and temp files are its own)


@dataclass
class _Run:
    """Documents of one share, from position `start` on, that one worker extracts and writes as a segment."""

    share: int
    start: int
    batches: list[list[Document]] = field(default_factory=list)


def _group(parts: list[Extracted]) -> Outcome:
    merged = Extracted()
    shingles: list[int] = []
    for part in parts:
        merged.ids += part.ids
        merged.days += part.days
        merged.hashes += part.hashes
        merged.stamps += part.stamps
        merged.skipped += part.skipped
        merged.warnings += part.warnings
        merged.listings += part.listings
        merged.words.update(part.words)
        merged.names.update(part.names)
        shingles += part.shingles
    merged.skipped.sort()  # by capture, whichever worker met it
    # In id order: which worker extracted a capture must not change the grouping.
    order = np.array(sorted(range(len(merged.ids)), key=merged.ids.__getitem__), dtype=np.int64)
    table = duplicates.SignatureTable(
        [merged.ids[k] for k in order.tolist()],
        np.concatenate([part.signatures for part in parts])[order],
        np.array(shingles, dtype=np.uint32)[order],
        np.concatenate([part.figures for part in parts])[order],
    )
    groups = duplicates.group_rows(table, np.array(merged.days, dtype=np.int64)[order])
    return Outcome(merged, groups, table, glue.Repair.learn(merged.names, merged.words))


def _apply(outcome: Outcome, written: Written) -> None:
    """The vocabulary counts the words of the documents as indexed, repaired."""
    words = outcome.docs.words
    words.update(written.change)
    for word in [w for w, n in written.change.items() if n < 0 and words[w] <= 0]:
        del words[word]
    outcome.repaired.update(written.repaired)
    outcome.unsplit |= written.unsplit


def _group_names(ids: Iterable[str], groups: dict[str, str]) -> dict[str, str]:
    return {i: groups[i] for i in ids if groups[i] != i}  # the others are their own group


_place = itemgetter(0)


def vocabulary_of(outcome: Outcome) -> vocabulary.Vocabulary:
    return vocabulary.Vocabulary(outcome.docs.words)
