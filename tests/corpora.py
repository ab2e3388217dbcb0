"""Generated captures for tests and benches that need many of them (build time, kills, load)."""

from __future__ import annotations

import random
from pathlib import Path


def make_corpus(raw: Path, n: int, seed: int = 1) -> None:
    """`n` text captures of made-up words in folders of 50; each title says "Capture number N headline"."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    for i in range(n):
        path = raw / f"c{i // 50:02d}" / f"cap-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(" ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(4))
        path.write_text(f"Capture number {i} headline\n\n{body}\n", encoding="utf-8")
