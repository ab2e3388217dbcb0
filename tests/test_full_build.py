"""Full builds by worker processes: a slow worker's captures are finished by the others, in the same order."""

from __future__ import annotations

import json
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


def _slow_first_share(monkeypatch: pytest.MonkeyPatch, who: Path, workers: int = 2) -> None:
    """Make the first worker's captures slow to extract, as if its core were busy with something else,
    and note in `who` which process extracted each capture."""
    who.mkdir()
    read_one = indexer._read_one

    def slow(job: tuple[Path, Path]) -> tuple:
        # The captures are shared out in turn: with two workers, the even-numbered ones are the first's.
        if int(job[1].stem.split("-")[1]) % workers == 0:
            time.sleep(0.05)
        (who / job[1].name).write_text(str(os.getpid()))
        return read_one(job)

    monkeypatch.setattr(indexer, "_read_one", slow)


@pytest.fixture(autouse=True)
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexer, "default_workers", lambda: 2)
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 4)


def test_a_slow_workers_share_is_finished_by_another_and_results_keep_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _bulletins(tmp_path / "raw")
    build_index(raw, tmp_path / "even")
    expected = _walrus_order(tmp_path / "even")

    _slow_first_share(monkeypatch, tmp_path / "who")
    report = build_index(raw, tmp_path / "uneven", rebuild=True)
    assert report.indexed == N and report.skipped == []
    first_share = {(tmp_path / "who" / f"b-{i:02d}.txt").read_text() for i in range(0, N, 2)}
    assert len(first_share) == 2  # the fast worker took some of the slow one's captures
    assert _walrus_order(tmp_path / "uneven") == expected

    # What it took, it wrote as a segment of its own; an update reads and merges them all.
    (raw / "b-03.txt").write_text("Bulletin 03\n\nA narwhal numbered 03 was seen resting on the pier.")
    update = build_index(raw, tmp_path / "uneven")
    assert (update.added, update.updated, update.unchanged) == (0, 1, N - 1)
    assert [hit.id for hit in search(LiveIndex(tmp_path / "uneven"), Query(q="narwhal")).hits] == ["b-03.txt"]
    walrus = search(LiveIndex(tmp_path / "uneven"), Query(q="walrus", per_page=N)).hits
    assert [hit.id for hit in walrus] == [i for i in expected if i != "b-03.txt"]


def test_with_more_workers_one_helps_a_slow_share_and_results_keep_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three workers are free while one share is slow: one of them takes from it, so what it took is
    one range, written as one segment (not one segment per batch each of them took)."""
    raw = _bulletins(tmp_path / "raw")
    build_index(raw, tmp_path / "even", workers=4)
    expected = _walrus_order(tmp_path / "even")
    _slow_first_share(monkeypatch, tmp_path / "who", workers=4)
    report = build_index(raw, tmp_path / "uneven", rebuild=True, workers=4)
    assert report.indexed == N
    takers = {(tmp_path / "who" / f"b-{i:02d}.txt").read_text() for i in range(0, N, 4)}
    assert len(takers) == 2  # the slow worker and one other
    assert _walrus_order(tmp_path / "uneven") == expected


def test_copies_taken_from_a_slow_workers_share_are_still_grouped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _bulletins(tmp_path / "raw")
    appeal = " ".join(f"Clause {n} of the appeal on harvests, rivers and debts." for n in range(30))
    # Two copies at the back of the slow share, where the other worker takes captures from, and
    # one in the other's own share; the earliest names the group.
    for number, day in ((38, "2020-01-01"), (36, "2020-02-01"), (1, "2020-03-01")):
        (raw / f"b-{number:02d}.txt").write_text(f"Appeal\n\n{appeal}")
        (raw / f"b-{number:02d}.meta.json").write_text(json.dumps({"date": day}))
    _slow_first_share(monkeypatch, tmp_path / "who")
    build_index(raw, tmp_path / "ix")
    who = {name: (tmp_path / "who" / f"{name}.txt").read_text() for name in ("b-00", "b-36", "b-38")}
    assert who["b-38"] != who["b-00"]  # extracted by the other worker
    (hit,) = search(LiveIndex(tmp_path / "ix"), Query(q="appeal harvests")).hits
    assert hit.id == "b-38.txt" and [c.id for c in hit.copies] == ["b-36.txt", "b-01.txt"]


def test_skipped_captures_are_listed_in_capture_order_whichever_worker_met_them(tmp_path: Path) -> None:
    raw = _bulletins(tmp_path / "raw")
    for i in (3, 10, 11, 30):
        (raw / f"b-{i:02d}.txt").write_bytes(b"")
    report = build_index(raw, tmp_path / "ix")
    assert report.skipped == [(f"b-{i:02d}.txt", "file is empty") for i in (3, 10, 11, 30)]
    assert search(LiveIndex(tmp_path / "ix"), Query(q="walrus", per_page=N)).total == N - 4


def _record_workers(monkeypatch: pytest.MonkeyPatch, who: Path) -> None:
    """Note in `who` which process extracts each capture; each takes long enough that every worker
    has started before the others could take its whole share."""
    who.mkdir()
    read_one = indexer._read_one

    def noted(job: tuple[Path, Path]) -> tuple:
        time.sleep(0.01)
        (who / job[1].name).write_text(str(os.getpid()))
        return read_one(job)

    monkeypatch.setattr(indexer, "_read_one", noted)


def _workers_seen(who: Path) -> int:
    return len({p.read_text() for p in who.iterdir()})


def test_a_build_uses_as_many_workers_as_asked_and_finds_the_same_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _bulletins(tmp_path / "raw")
    build_index(raw, tmp_path / "one", workers=1)
    _record_workers(monkeypatch, tmp_path / "who")
    report = build_index(raw, tmp_path / "three", workers=3)
    assert report.indexed == N and _workers_seen(tmp_path / "who") == 3
    assert sorted(_walrus_order(tmp_path / "three")) == sorted(_walrus_order(tmp_path / "one"))
    # Equal scores keep their order from one build to the next with the same workers.
    order = _walrus_order(tmp_path / "three")
    build_index(raw, tmp_path / "three", workers=3, rebuild=True)
    assert _walrus_order(tmp_path / "three") == order


def test_the_index_command_takes_the_number_of_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from searchsvc.cli import cli

    raw = _bulletins(tmp_path / "raw")
    _record_workers(monkeypatch, tmp_path / "who")
    args = ["--raw", str(raw), "--index", str(tmp_path / "ix"), "index", "--quiet", "--workers", "3"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert _workers_seen(tmp_path / "who") == 3


def test_the_default_is_one_worker_per_usable_cpu_up_to_eight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # this module's fixture fixes the default at two
    none = tmp_path / "no-cgroup"
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(3)), raising=False)
    assert indexer.default_workers(none) == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(32)), raising=False)
    assert indexer.default_workers(none) == indexer.MAX_AUTO_WORKERS == 8
    # A container with a quota of 1.5 CPUs on that 32-core host (cgroup v2), then v1 without a quota.
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("150000 100000\n")
    assert indexer.default_workers(v2) == 2
    (v2 / "cpu.max").write_text("max 100000\n")
    assert indexer.default_workers(v2) == 8
    v1 = tmp_path / "v1"
    (v1 / "cpu").mkdir(parents=True)
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    (v1 / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert indexer.default_workers(v1) == 3
    (v1 / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert indexer.default_workers(v1) == 8
