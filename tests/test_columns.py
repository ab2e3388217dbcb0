"""Facet counting over the columns: per document, or per near-duplicate group."""

from __future__ import annotations

import numpy as np
import pytest

from searchsvc.columns import Coded


@pytest.mark.parametrize("matches", [0, 7, 5000])  # few matches are sorted, many flagged
@pytest.mark.parametrize("mixed", [0.0, 0.1, 1.0], ids=["copies-agree", "some-differ", "all-differ"])
def test_counts_per_group_are_the_distinct_groups_with_each_value(matches: int, mixed: float) -> None:
    # Copies of one text usually share a source and date (counted per group) but may not.
    rng = np.random.default_rng(matches)
    group_of = rng.integers(0, 4_000, 20_000)
    shared_value = rng.integers(-1, 30, 4_000)[group_of]
    own_value = rng.integers(-1, 30, 20_000)
    codes = np.where(rng.random(20_000) < mixed, own_value, shared_value).astype(np.int32)
    coded = Coded(codes, [f"value{i}" for i in range(30)])
    docnums = np.sort(rng.choice(20_000, matches, replace=False))
    want: dict[str, set[int]] = {}
    for d in docnums.tolist():
        if coded.codes[d] >= 0:
            want.setdefault(coded.names[coded.codes[d]], set()).add(int(group_of[d]))
    assert coded.group_counts(docnums, group_of[docnums], 4_000) == {name: len(g) for name, g in want.items()}
    assert sum(coded.counts(docnums).values()) == int((coded.codes[docnums] >= 0).sum())
