"""searchsvc.synthetic: deterministic generated news documents; and a tiny end-to-end run of bench/perf.py."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from searchsvc.synthetic import RECORD_KEYS, SOURCES, generate, iter_records

REPO = Path(__file__).resolve().parent.parent


def test_same_seed_same_records() -> None:
    assert generate(30, seed=3) == generate(30, seed=3)
    # A prefix does not depend on how many records are asked for.
    assert generate(10, seed=3) == generate(30, seed=3)[:10]
    assert list(iter_records(5, seed=3)) == generate(5, seed=3)


def test_other_seed_other_records() -> None:
    a, b = generate(5, seed=1), generate(5, seed=2)
    assert [r["body"] for r in a] != [r["body"] for r in b]
    assert {r["id"] for r in a}.isdisjoint(r["id"] for r in b)


def test_records_have_documented_keys_and_types() -> None:
    records = generate(200, seed=11)
    names = {name for name, _domain, _weight in SOURCES}
    assert len({r["id"] for r in records}) == 200
    for rec in records:
        assert tuple(rec) == RECORD_KEYS
        assert isinstance(rec["id"], str) and rec["id"]
        assert isinstance(rec["title"], str) and rec["title"].strip()
        assert rec["source"] in names
        assert rec["url"] is None or rec["url"].startswith("https://")
        assert isinstance(rec["body"], str)
        assert 150 <= len(rec["body"].split()) <= 600
        assert "\n" in rec["body"] or len(rec["body"].split()) < 200
    assert len({r["source"] for r in records}) >= 5


def test_dates_parse_and_spread_over_years() -> None:
    records = generate(300, seed=5)
    days = [date.fromisoformat(r["date"]) for r in records if r["date"] is not None]
    assert len(days) >= 280  # about 2% undated
    assert all(date(2015, 1, 1) <= d <= date(2024, 12, 31) for d in days)
    assert len({d.year for d in days}) >= 8


def test_vocabulary_is_zipfian() -> None:
    words: dict[str, int] = {}
    for rec in generate(200, seed=9):
        for w in rec["body"].lower().split():
            words[w.strip(".")] = words.get(w.strip("."), 0) + 1
    counts = sorted(words.values(), reverse=True)
    # Many distinct words, a heavy head and a long tail of rare ones.
    assert len(counts) > 3000
    assert counts[0] > 50 * counts[len(counts) // 2]
    assert sum(1 for c in counts if c == 1) > len(counts) // 5


@pytest.mark.e2e
def test_perf_bench_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "perf.json"
    proc = subprocess.run(
        [sys.executable, "bench/perf.py", "--synthetic", "200", "--skip-http", "--runs", "1", "--queries", "2",
         "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "build docs/s" in proc.stdout
    assert "query filtered+facets p95 ms" in proc.stdout
    assert "svc/naive" in proc.stdout and "svc/fts5" in proc.stdout
    assert out.exists()
