"""Build the index: every capture under raw/ → a new complete generation, switched in atomically."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index

from . import duplicates, generations
from .captures import iter_capture_paths, read_capture
from .errors import CaptureSkipped
from .extract import extract
from .models import BuildReport, Document
from .schema import build_schema, to_fields

ProgressFn = Callable[[int, int], None]  # (captures done, captures in all)


def build_index(raw_dir: Path, index_dir: Path, *, progress: ProgressFn | None = None) -> BuildReport:
    """Index every capture under raw_dir into a new generation of index_dir and make it live.

    A capture that cannot be read or extracted is skipped with a one-line reason; the build
    itself only fails on errors of the index folder (then the live index is left untouched).
    """
    started = time.perf_counter()
    raw_dir, index_dir = Path(raw_dir), Path(index_dir)
    paths = list(iter_capture_paths(raw_dir))
    report = BuildReport()
    with generations.build_lock(index_dir):
        generations.clean_up(index_dir)  # leftovers of a killed build
        tmp_dir = generations.new_generation_dir(index_dir)
        try:
            ix = whoosh_index.create_in(str(tmp_dir), build_schema())
            docs: list[Document] = []
            signatures = {}
            for n, path in enumerate(paths, 1):
                doc = _document_or_reason(raw_dir, path, report)
                if doc is not None:
                    docs.append(doc)
                    signatures[doc.id] = duplicates.signature(doc.body)
                if progress:
                    progress(n, len(paths))
            groups = duplicates.group((d.id, d.date, signatures[d.id]) for d in docs)
            # Chronological document order: collapsing a group then meets its earliest copy
            # first, which whoosh's collapse keeps without having to evict (and that evicting
            # breaks when facets are collected in the same pass).
            docs.sort(key=lambda d: (d.date is None, d.date or date.min, d.id))
            sizes = Counter(groups.values())
            writer = ix.writer(limitmb=256)
            try:
                for doc in docs:
                    gid = groups[doc.id]
                    writer.add_document(**to_fields(doc, group=gid, group_size=sizes[gid]))
                    report.indexed += 1
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            ix.close()
            report.generation = generations.publish(index_dir, tmp_dir)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        generations.clean_up(index_dir)
    report.seconds = time.perf_counter() - started
    return report


def _document_or_reason(raw_dir: Path, path: Path, report: BuildReport) -> Document | None:
    capture_id = path.relative_to(raw_dir).as_posix()
    try:
        return extract(read_capture(raw_dir, path))
    except CaptureSkipped as exc:
        report.skipped.append((capture_id, str(exc)))
    except RecursionError:
        report.skipped.append((capture_id, "page is nested too deeply to parse"))
    except Exception as exc:  # noqa: BLE001 - one bad capture must never abort the build
        report.skipped.append((capture_id, f"extraction failed: {exc.__class__.__name__}: {exc}"[:200]))
    return None
