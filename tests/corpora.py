"""Captures for tests: tiny corpora written and indexed in one call, and generated ones for tests and
benches that need many (build time, kills, load)."""

from __future__ import annotations

import random
from pathlib import Path

from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex


def indexed(base: Path, files: dict[str, str]) -> LiveIndex:
    """`files` (capture or sidecar name → text) written under base/raw, and indexed."""
    raw = base / "raw"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    build_index(raw, base / "ix")
    return LiveIndex(base / "ix")


def make_corpus(raw: Path, n: int, seed: int = 1) -> None:
    """`n` text captures of made-up words in folders of 50; each title says "Capture number N headline"."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    for i in range(n):
        path = raw / f"c{i // 50:02d}" / f"cap-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(" ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(4))
        path.write_text(f"Capture number {i} headline\n\n{body}\n", encoding="utf-8")
