"""The cycle collector during a build: a process that calls the library keeps a working collector."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest
from conftest import write_corpus

from searchsvc.errors import RawFolderEmpty
from searchsvc.indexer import build_index


class _Node:
    other: _Node | None = None


def _cycle() -> tuple[_Node, weakref.ref]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return a, weakref.ref(a)


def test_garbage_from_before_a_build_is_still_collected_after_it(tmp_path: Path) -> None:
    """A build keeps what is alive out of the collector's passes while it runs; a long-lived caller
    (a server, a notebook) must get it back, or its cyclic garbage from then would never be freed."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    threshold = gc.get_threshold()
    before_full, full_ref = _cycle()
    build_index(raw, tmp_path / "ix")
    (raw / "new.txt").write_text("Rice harvest\n\nThe rice harvest in the north was early this year.\n")
    before_update, update_ref = _cycle()
    report = build_index(raw, tmp_path / "ix")  # an update: it loads the last manifest with the collector paused
    assert report.added == 1 and not report.rebuilt
    del before_full, before_update
    gc.collect()
    assert full_ref() is None and update_ref() is None
    assert gc.get_threshold() == threshold and gc.isenabled()


def test_a_failed_build_gives_the_collector_back_too(tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    build_index(raw, tmp_path / "ix")
    shutil.rmtree(raw)
    raw.mkdir()
    threshold = gc.get_threshold()
    kept, ref = _cycle()
    with pytest.raises(RawFolderEmpty):  # an update that would empty the index stops
        build_index(raw, tmp_path / "ix")
    del kept
    gc.collect()
    assert ref() is None and gc.get_threshold() == threshold and gc.isenabled()
