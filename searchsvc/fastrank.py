"""Ranked any-words matching in numpy, for relaxed questions.

A relaxed question ORs a dozen words plus feedback terms; Whoosh scores such a union one posting
at a time in Python (half a second at 20k documents, seconds at 100k). Here each term's postings
are read a whole block at a time and BM25 (the same formula, idf and lengths as ranking.Bm25) is
summed with array arithmetic. Only Whoosh's own W3 posting format is read this way; anything
else raises Unsupported and the caller falls back to Whoosh.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec import whoosh3
from whoosh.searching import Searcher

from . import ranking
from .columns import Columns

Term = tuple[str, str, float]  # (field, text, boost)


class Unsupported(Exception):
    """The index is not in the shape this module reads directly."""


def postings(searcher: Searcher, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of a term over all segments, deleted documents included."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    fmt = searcher.schema[field].format
    for leaf, offset in searcher.reader().leaf_readers():
        btext = leaf._text_to_bytes(field, text)
        if (field, btext) not in leaf:
            continue
        matcher = leaf._terms.matcher(field, btext, fmt)
        if not isinstance(matcher, whoosh3.W3LeafMatcher):
            raise Unsupported(type(matcher).__name__)
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64) + offset)
            weights.append(np.asarray(matcher._weights, dtype=np.float64))
            matcher._next_block()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    return np.concatenate(ids), np.concatenate(weights)


def score(searcher: Searcher, cols: Columns, terms: list[Term], mask: np.ndarray | None) -> np.ndarray:
    """BM25 score of every document (0 where no term matches, deleted or filtered out)."""
    weighting = ranking.weighting()
    total = np.zeros(cols.size, dtype=np.float64)
    for field, text, boost in terms:
        docs, tf = postings(searcher, field, text)
        if docs.size == 0:
            continue
        idf = weighting.idf(searcher, field, text)
        avgfl = searcher.avg_field_length(field) or 1.0
        fl = cols.field_lengths(searcher, field)[docs]
        k1, b = ranking.K1, ranking.B
        total[docs] += boost * idf * (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl))
    total[~cols.live] = 0.0
    if mask is not None:
        total[~mask] = 0.0
    return total


def top(scores: np.ndarray, k: int) -> np.ndarray:
    """Docnums of the k best scores, best first (ties by docnum)."""
    hits = np.flatnonzero(scores > 0)
    if hits.size > k:
        hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
    return hits[np.lexsort((hits, -scores[hits]))]
