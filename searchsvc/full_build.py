"""A full build on every core: each worker extracts its share of the captures and writes its own segment.

Whoosh's multiprocessing writer makes the parent pickle every document to its sub-writers, after
the extraction pool has pickled every document to the parent: both copies, and the parent's
share of the indexing, were a third of a full build. Here documents never leave the process that
extracted them. Workers report only what grouping needs (signatures, dates), the parent
computes the near-duplicate groups over the whole collection, sends each worker the group
names of its documents, and each worker writes one finished segment; the parent then commits
the table of contents listing them.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from . import captures, duplicates, vocabulary
from .models import Document
from .schema import build_schema, codec, to_fields
from .segment_writer import TermListWriter

ProgressFn = Callable[[int, int], None]
ExtractFn = Callable[[tuple[Path, Path]], tuple]  # (raw_dir, path) → (doc, signature, words, skip reason, stamp)
_PROGRESS_EVERY = 25


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
    skipped: list[tuple[str, str]] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)


@dataclass
class Outcome:
    """The whole build's result, for the indexer to save alongside the segments."""

    docs: Extracted
    groups: dict[str, str]
    signatures: duplicates.SignatureTable


class Share:
    """One worker's captures: first extracted (kept in this process), then written as a segment."""

    def __init__(self, raw_dir: Path, paths: list[str], extract: ExtractFn) -> None:
        self.raw_dir, self.paths, self._extract = raw_dir, paths, extract
        self.docs: list[Document] = []

    def extract(self, tick: Callable[[int], None]) -> Extracted:
        out = Extracted()
        rows: list[np.ndarray] = []
        for n, path in enumerate(self.paths, 1):
            # Paths made here, in the worker: 20k Path objects were a tenth of a second before the fork.
            doc, signature, words, skipped, stamp = self._extract((self.raw_dir, Path(path)))
            if doc is None:
                out.skipped.append(skipped)
            else:
                self.docs.append(doc)
                out.ids.append(doc.id)
                out.days.append(doc.date.toordinal() if doc.date else 0)
                out.hashes.append(doc.content_hash)
                out.stamps.append(stamp)
                rows.append(signature.hashes.astype(np.uint16))
                out.shingles.append(signature.shingles)
                out.words.update(words)
            if n % _PROGRESS_EVERY == 0:
                tick(_PROGRESS_EVERY)
        tick(len(self.paths) % _PROGRESS_EVERY)
        if rows:
            out.signatures = np.stack(rows)
        return out

    def write(self, writer: IndexWriter, groups: dict[str, str]) -> None:
        """Add the share's documents; `groups` names the group of those with copies."""
        for doc in self.docs:
            writer.add_document(**to_fields(doc, group=groups.get(doc.id, doc.id)))
        self.docs = []


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
        share = Share(raw_dir, paths, extract)
        extracted = share.extract(tick)
        outcome = _group([extracted])
        with TermListWriter(ix, codec=codec()) as writer:
            share.write(writer, _group_names(extracted, outcome.groups))
        ix.close()
        return outcome

    ctx = multiprocessing.get_context("fork")
    if any(captures.capture_kind(path) == "html" for path in paths):
        # Imported once here rather than in each worker after the fork (extract imports it on first
        # use): trafilatura and lxml take ~0.3 s of CPU to import.
        from . import htmlextract  # noqa: F401
    workers: list[tuple[multiprocessing.Process, Connection]] = []
    parent_writer = ix.writer()  # holds the index's write lock while the workers write segments
    try:
        for i in range(procs):
            mine, theirs = ctx.Pipe()
            # Fixed shares, not chunks taken in turn: which worker writes a document decides its
            # docnum, and so the order of equally scored results, which must not change between
            # two builds of the same captures.
            inherited = [mine, *(conn for _, conn in workers)]  # the parent's ends, which a fork copies
            proc = ctx.Process(target=_worker, args=(theirs, raw_dir, paths[i::procs], gen_dir, extract, inherited),
                               daemon=True)
            proc.start()
            theirs.close()
            workers.append((proc, mine))
        conns = [conn for _, conn in workers]
        shares: dict[Connection, Extracted] = {}
        while len(shares) < len(conns):
            for conn in wait([c for c in conns if c not in shares]):
                kind, payload = _receive(conn)
                if kind == "progress":
                    tick(payload)
                else:
                    shares[conn] = payload
        extracted = [shares[conn] for conn in conns]
        outcome = _group(extracted)
        for conn, part in zip(conns, extracted, strict=True):
            conn.send(_group_names(part, outcome.groups))
        segments = [_receive(conn)[1] for conn in conns]
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


def _receive(conn: Connection) -> tuple[str, object]:
    try:
        kind, payload = conn.recv()
    except EOFError as exc:
        raise RuntimeError("a build worker exited unexpectedly (out of memory?)") from exc
    if kind == "error":
        raise RuntimeError(f"a build worker failed:\n{payload}")
    return kind, payload


def _worker(conn: Connection, raw_dir: Path, paths: list[str], gen_dir: Path, extract: ExtractFn,
            inherited: list[Connection]) -> None:
    # The parent's ends of this worker's pipe and the earlier workers' came along with the fork. Held
    # open here, they kept the workers from ever seeing the parent die: a killed build left them
    # waiting forever.
    for other in inherited:
        other.close()
    try:
        share = Share(raw_dir, paths, extract)
        conn.send(("extracted", share.extract(lambda n: conn.send(("progress", n)))))
        groups = conn.recv()
        ix = whoosh_index.open_dir(str(gen_dir))
        writer = TermListWriter(ix, _lk=False, codec=codec())
        share.write(writer, groups)
        conn.send(("segment", writer._finalize_segment()))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the build
        conn.send(("error", traceback.format_exc()[-2000:]))
    finally:
        conn.close()
        os._exit(0)  # skip inherited atexit handlers (the parent's lock and temp files are its own)


def _group(parts: list[Extracted]) -> Outcome:
    merged = Extracted()
    shingles: list[int] = []
    for part in parts:
        merged.ids += part.ids
        merged.days += part.days
        merged.hashes += part.hashes
        merged.stamps += part.stamps
        merged.skipped += part.skipped
        merged.words.update(part.words)
        shingles += part.shingles
    # In id order: which worker extracted a capture must not change the grouping.
    order = np.array(sorted(range(len(merged.ids)), key=merged.ids.__getitem__), dtype=np.int64)
    table = duplicates.SignatureTable(
        [merged.ids[k] for k in order.tolist()],
        np.concatenate([part.signatures for part in parts])[order],
        np.array(shingles, dtype=np.uint32)[order],
    )
    groups = duplicates.group_rows(table, np.array(merged.days, dtype=np.int64)[order])
    return Outcome(merged, groups, table)


def _group_names(part: Extracted, groups: dict[str, str]) -> dict[str, str]:
    return {i: groups[i] for i in part.ids if groups[i] != i}  # the others are their own group


def vocabulary_of(outcome: Outcome) -> vocabulary.Vocabulary:
    return vocabulary.Vocabulary(outcome.docs.words)
