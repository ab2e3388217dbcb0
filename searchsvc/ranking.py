"""How matches are scored: BM25F with a Lucene-style idf, and the words a question drops.

BM25F: a word's frequency in the title (weighted) and in the body, each normalised by its field's
length, are summed before the saturation k1, so a word in both counts once, more strongly, rather
than as two separately saturated scores. The idf is Lucene's, ln(1 + (N - df + 0.5)/(df + 0.5)),
with df the documents holding the word in any of the fields asked; Whoosh's default,
log(N/(df+1)) + 1, never falls below 1, so very common words weighed a lot in a long question.

K1, B and the title weight were chosen on Cranfield alone (nDCG@10 over a grid; CISI is the
check that nothing was over-fitted): bench/relevance.py. Against the per-field BM25 sum used
before, Cranfield went 0.401 → 0.405 and CISI 0.393 → 0.404.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable

from whoosh import classify
from whoosh.analysis import STOP_WORDS
from whoosh.searching import Searcher

from . import tokens

K1 = 3.0
B = 0.75
# Per occurrence, against the body's 1 (raw frequencies: fastrank divides out the index-time boost).
FIELD_WEIGHTS = {"title": 6.0, "body": 1.0}

# Function words that carry no topic in a question typed in natural language ("what are the
# effects of ..."); only dropped when a query is relaxed to any-words, never from the index.
QUESTION_STOP_WORDS = frozenset(STOP_WORDS) | frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can cannot could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself let me more
    most my myself no nor not of off on once only or other ought our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why with would
    you your yours yourself yourselves also may might must shall will upon etc""".split()
)


def idf(n: int, df: int) -> float:
    """Lucene's idf for a word in `df` of `n` documents."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# Pseudo-relevance feedback for relaxed questions: the top documents' key terms (whoosh's Bo1
# model) are added with a small weight; tuned on Cranfield, checked on CISI (bench/relevance.py).
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_WEIGHT = 0.3


def feedback_terms(
    searcher: Searcher,
    docnums: list[int],
    *,
    stored: Callable[[int], dict],
    frequency: Callable[[str, str], float],
) -> list[tuple[str, str, float]]:
    """(field, term, weight) of the key terms of the given best documents, weighted by how characteristic.

    The same choice as whoosh's key_terms (Bo1 over the documents' analysed bodies), without looking
    up the collection frequency of every word: a word seen w times in the top documents scores at
    most bo1(w, w), so once that bound falls below the current FEEDBACK_TERMS-th best, no rarer-in-top
    word can enter and the scan stops (most words occur once, and most lookups were theirs).
    `stored` (a document's stored fields) and `frequency` (a term's collection frequency) are the
    caller's cached lookups.
    """
    if not docnums:
        return []
    reader = searcher.reader()
    in_top: Counter[str] = Counter()
    for docnum in docnums:
        in_top.update(tokens.stems(stored(docnum).get("body") or ""))
    top_total = sum(in_top.values())
    bo1 = classify.Bo1Model(reader.doc_count_all(), reader.field_length("body"))
    scored: list[tuple[float, str]] = []
    best: list[float] = []  # min-heap of the FEEDBACK_TERMS best scores so far
    for word, weight in sorted(in_top.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(best) >= FEEDBACK_TERMS and bo1.score(weight, weight, top_total) < best[0]:
            break
        in_collection = frequency("body", word)
        if not in_collection:
            continue
        score = bo1.score(weight, in_collection, top_total)
        scored.append((score, word))
        if len(best) < FEEDBACK_TERMS:
            heapq.heappush(best, score)
        elif score > best[0]:
            heapq.heapreplace(best, score)
    scored.sort(key=lambda sw: (-sw[0], sw[1]))
    terms = scored[:FEEDBACK_TERMS]
    top = max((score for score, _ in terms), default=0.0) or 1.0
    return [("body", term, FEEDBACK_WEIGHT * score / top) for score, term in terms]
