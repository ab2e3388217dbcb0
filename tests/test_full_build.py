"""Full builds by worker processes: a slow worker's captures are finished by the others, in the same order."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from searchsvc import indexer
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import search

N = 40


def _bulletins(raw: Path) -> Path:
    raw.mkdir(parents=True)
    for i in range(N):
        # The same length and one "walrus" each: every capture scores the same for it, so the
        # results come in the index's document order.
        text = f"Bulletin {i:02d}\n\nA walrus numbered {i:02d} was seen resting on the pier."
        (raw / f"b-{i:02d}.txt").write_text(text)
    return raw


def _walrus_order(ix: Path) -> list[str]:
    result = search(LiveIndex(ix), Query(q="walrus", per_page=N))
    assert result.total == N
    return [hit.id for hit in result.hits]


def test_a_slow_workers_share_is_finished_by_another_and_results_keep_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer, "BUILD_PROCS", 2)
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 4)
    raw = _bulletins(tmp_path / "raw")
    build_index(raw, tmp_path / "even")
    expected = _walrus_order(tmp_path / "even")

    who = tmp_path / "who"
    who.mkdir()
    extract_one = indexer._extract_one

    def slow_first_share(job: tuple[Path, Path]) -> tuple:
        # The captures are shared out in turn, so the even-numbered ones are the first worker's:
        # as if its core were busy with something else.
        number = int(job[1].stem.split("-")[1])
        if number % 2 == 0:
            time.sleep(0.05)
        (who / job[1].name).write_text(str(os.getpid()))
        return extract_one(job)

    monkeypatch.setattr(indexer, "_extract_one", slow_first_share)
    report = build_index(raw, tmp_path / "uneven", rebuild=True)
    assert report.indexed == N and report.skipped == []
    first_share = {(who / f"b-{i:02d}.txt").read_text() for i in range(0, N, 2)}
    assert len(first_share) == 2  # the fast worker took some of the slow one's captures
    assert _walrus_order(tmp_path / "uneven") == expected


def test_skipped_captures_are_listed_in_capture_order_whichever_worker_met_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexer, "BUILD_PROCS", 2)
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 4)
    raw = _bulletins(tmp_path / "raw")
    for i in (3, 10, 11, 30):
        (raw / f"b-{i:02d}.txt").write_bytes(b"")
    report = build_index(raw, tmp_path / "ix")
    assert report.skipped == [(f"b-{i:02d}.txt", "file is empty") for i in (3, 10, 11, 30)]
    assert search(LiveIndex(tmp_path / "ix"), Query(q="walrus", per_page=N)).total == N - 4
