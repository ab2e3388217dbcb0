"""Build the index from raw/ into a new generation and switch it in atomically.

By default a build is incremental: the live generation is copied, and only captures added,
changed (content hash) or deleted since are re-extracted; `rebuild=True` starts from scratch.
Either way readers keep the old generation until the new one is complete.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from . import duplicates, generations
from .captures import iter_capture_paths, read_capture
from .errors import CaptureSkipped, IndexNotReady
from .extract import content_hash, extract
from .models import BuildReport, Document
from .schema import SCHEMA_VERSION, build_schema, to_document, to_fields

ProgressFn = Callable[[int, int], None]  # (captures done, captures in all)
BUILD_INFO = "searchsvc.json"
SIGNATURES = "signatures.npz"


def build_index(
    raw_dir: Path, index_dir: Path, *, progress: ProgressFn | None = None, rebuild: bool = False
) -> BuildReport:
    """Bring the index in line with raw_dir; returns counts and one reason per skipped capture.

    A capture that cannot be read or extracted is skipped with a one-line reason; the build
    itself only fails on errors of the index folder (then the live index is left untouched).
    """
    started = time.perf_counter()
    raw_dir, index_dir = Path(raw_dir), Path(index_dir)
    paths = list(iter_capture_paths(raw_dir))
    report = BuildReport()
    with generations.build_lock(index_dir):
        generations.clean_up(index_dir)  # leftovers of a killed build
        live = None if rebuild else _reusable_generation(index_dir)
        tmp_dir = generations.new_generation_dir(index_dir)
        try:
            if live is None:
                report.rebuilt = True
                _full_build(raw_dir, paths, tmp_dir, report, progress)
            else:
                shutil.rmtree(tmp_dir)
                shutil.copytree(live, tmp_dir)
                _incremental_build(raw_dir, paths, tmp_dir, report, progress)
            (tmp_dir / BUILD_INFO).write_text(json.dumps({"schema": SCHEMA_VERSION, "documents": report.indexed}))
            report.generation = generations.publish(index_dir, tmp_dir)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        generations.clean_up(index_dir)
    report.seconds = time.perf_counter() - started
    return report


def _full_build(
    raw_dir: Path, paths: list[Path], gen_dir: Path, report: BuildReport, progress: ProgressFn | None
) -> None:
    ix = whoosh_index.create_in(str(gen_dir), build_schema())
    docs: list[Document] = []
    signatures: dict[str, duplicates.Signature] = {}
    for n, path in enumerate(paths, 1):
        doc = _document_or_reason(raw_dir, path, report)
        if doc is not None:
            docs.append(doc)
            signatures[doc.id] = duplicates.signature(doc.body)
        if progress:
            progress(n, len(paths))
    groups = duplicates.group((d.id, d.date, signatures[d.id]) for d in docs)
    with ix.writer(limitmb=256) as writer:
        _add_in_date_order(writer, docs, groups)
    report.indexed = report.added = len(docs)
    duplicates.save_signatures(gen_dir / SIGNATURES, signatures)
    ix.close()


def _incremental_build(
    raw_dir: Path, paths: list[Path], gen_dir: Path, report: BuildReport, progress: ProgressFn | None
) -> None:
    ix = whoosh_index.open_dir(str(gen_dir))
    with ix.searcher() as searcher:
        stored = {fields["id"]: fields for fields in searcher.all_stored_fields()}
    signatures = duplicates.load_signatures(gen_dir / SIGNATURES)
    changed: dict[str, Document] = {}
    seen: set[str] = set()
    for n, path in enumerate(paths, 1):
        capture_id = path.relative_to(raw_dir).as_posix()
        seen.add(capture_id)
        try:
            capture = read_capture(raw_dir, path)
        except CaptureSkipped as exc:
            report.skipped.append((capture_id, str(exc)))
            capture = None
        old = stored.get(capture_id)
        if capture is not None and old is not None and old.get("content_hash") == content_hash(capture):
            report.unchanged += 1
        elif capture is not None:
            doc = _document_or_reason(raw_dir, path, report, capture=capture)
            if doc is not None:
                changed[doc.id] = doc
                signatures[doc.id] = duplicates.signature(doc.body)
                if old is None:
                    report.added += 1
                else:
                    report.updated += 1
        if progress:
            progress(n, len(paths))
    # Stored documents whose capture is gone, or now fails, leave the index.
    removed = [i for i in stored if i not in seen or (i not in changed and i in dict(report.skipped))]
    report.removed = len(removed)
    for doc_id in removed:
        signatures.pop(doc_id, None)

    documents = {i: to_document(f) for i, f in stored.items() if i not in removed}
    documents.update(changed)
    groups = duplicates.group((d.id, d.date, signatures[d.id]) for d in documents.values() if d.id in signatures)
    old_groups = {i: f.get("group") for i, f in stored.items()}
    # Every member of a group that gained, lost or changed a member is re-added, earliest first,
    # so collapsing still meets each group's earliest copy first.
    touched = set(changed) | set(removed) | {i for i in documents if groups.get(i, i) != old_groups.get(i)}
    dirty_groups = {groups.get(i, old_groups.get(i)) for i in touched} | {old_groups.get(i) for i in touched}
    rewrite = [d for d in documents.values() if groups.get(d.id, d.id) in dirty_groups or d.id in touched]
    with ix.writer(limitmb=256) as writer:
        for doc_id in removed:
            writer.delete_by_term("id", doc_id)
        for doc in rewrite:
            writer.delete_by_term("id", doc.id)
        _add_in_date_order(writer, rewrite, groups)
    report.indexed = len(documents)
    duplicates.save_signatures(gen_dir / SIGNATURES, {i: s for i, s in signatures.items() if i in documents})
    ix.close()


def _add_in_date_order(writer: IndexWriter, docs: Iterable[Document], groups: dict[str, str]) -> None:
    # Chronological document order: collapsing a group then meets its earliest copy first,
    # which whoosh keeps without evicting (evicting breaks when facets are collected too).
    sizes = Counter(groups.values())
    for doc in sorted(docs, key=lambda d: (d.date is None, d.date or date.min, d.id)):
        gid = groups.get(doc.id, doc.id)
        writer.add_document(**to_fields(doc, group=gid, group_size=sizes.get(gid, 1)))


def _reusable_generation(index_dir: Path) -> Path | None:
    """The live generation if an incremental build can start from it (same schema, signatures)."""
    try:
        live = index_dir / generations.current_generation(index_dir)
        info = json.loads((live / BUILD_INFO).read_text(encoding="utf-8"))
    except (IndexNotReady, OSError, ValueError):
        return None
    if info.get("schema") != SCHEMA_VERSION or not (live / SIGNATURES).is_file():
        return None
    return live


def _document_or_reason(raw_dir: Path, path: Path, report: BuildReport, *, capture=None) -> Document | None:  # noqa: ANN001
    capture_id = path.relative_to(raw_dir).as_posix()
    try:
        return extract(capture if capture is not None else read_capture(raw_dir, path))
    except CaptureSkipped as exc:
        report.skipped.append((capture_id, str(exc)))
    except RecursionError:
        report.skipped.append((capture_id, "page is nested too deeply to parse"))
    except Exception as exc:  # noqa: BLE001 - one bad capture must never abort the build
        report.skipped.append((capture_id, f"extraction failed: {exc.__class__.__name__}: {exc}"[:200]))
    return None
