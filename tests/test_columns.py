"""Facet counting over the columns: per document, or per near-duplicate group."""

from __future__ import annotations

import numpy as np
import pytest

from searchsvc.columns import Coded, _renumbered


@pytest.mark.parametrize("matches", [0, 7, 5000])  # few matches are sorted, many flagged
def test_counts_per_group_are_the_distinct_groups_with_each_value(matches: int) -> None:
    rng = np.random.default_rng(matches)
    coded = Coded(rng.integers(-1, 30, 20_000).astype(np.int32), [f"value{i}" for i in range(30)])
    group_of = rng.integers(0, 4_000, 20_000)
    docnums = np.sort(rng.choice(20_000, matches, replace=False))
    group, present = _renumbered(group_of[docnums], 4_000)
    want: dict[str, set[int]] = {}
    for d in docnums.tolist():
        if coded.codes[d] >= 0:
            want.setdefault(coded.names[coded.codes[d]], set()).add(int(group_of[d]))
    assert coded.counts(docnums, (group, present.size)) == {name: len(g) for name, g in want.items()}
    assert sum(coded.counts(docnums).values()) == int((coded.codes[docnums] >= 0).sum())
