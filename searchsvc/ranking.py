"""How matches are scored: BM25F with a Lucene-style idf, and the words a question drops.

Whoosh's default idf, log(N/(df+1)) + 1, never falls below 1, so very common words still weigh
a lot in a long question; ln(1 + (N - df + 0.5)/(df + 0.5)) sinks them (tuned on Cranfield,
checked on CISI: bench/relevance.py).
"""

from __future__ import annotations

import math

from whoosh import scoring
from whoosh.analysis import STOP_WORDS
from whoosh.searching import Searcher

K1 = 1.5
B = 0.75
TITLE_WEIGHT_IN_QUESTIONS = 0.5  # relative to the title field's own boost

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


class Bm25(scoring.BM25F):
    def idf(self, searcher: Searcher, fieldname: str, text: str) -> float:
        n = searcher.doc_count_all()
        df = searcher.doc_frequency(fieldname, text)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


def weighting() -> scoring.WeightingModel:
    return Bm25(B=B, K1=K1)
