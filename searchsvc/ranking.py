"""How matches are scored: BM25F with a Lucene-style idf, and the words a question drops.

Whoosh's default idf, log(N/(df+1)) + 1, never falls below 1, so very common words still weigh
a lot in a long question; ln(1 + (N - df + 0.5)/(df + 0.5)) sinks them (tuned on Cranfield,
checked on CISI: bench/relevance.py).
"""

from __future__ import annotations

import math

from whoosh import query as wq
from whoosh import scoring
from whoosh.analysis import STOP_WORDS
from whoosh.searching import Results, Searcher

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


# Pseudo-relevance feedback for relaxed questions: the top documents' key terms (whoosh's Bo1
# model) are added with a small weight; tuned on Cranfield, checked on CISI (bench/relevance.py).
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_WEIGHT = 0.3


def feedback_terms(searcher: Searcher, docnums: list[int]) -> list[tuple[str, str, float]]:
    """(field, term, weight) of the key terms of the given best documents, weighted by how characteristic."""
    if not docnums:
        return []
    try:
        terms = searcher.key_terms(docnums, "body", numterms=FEEDBACK_TERMS)
    except Exception:  # noqa: BLE001 - feedback is an improvement, never a reason to fail
        return []
    top = max((score for _, score in terms), default=0.0) or 1.0
    return [("body", term, FEEDBACK_WEIGHT * score / top) for term, score in terms]


def expand(searcher: Searcher, query: wq.Query, results: Results) -> wq.Query:
    """`query` plus the key terms of its best results, as Whoosh query objects."""
    extra = feedback_terms(searcher, [docnum for _, docnum in results.top_n[:FEEDBACK_DOCS]])
    if not extra:
        return query
    return wq.Or([query, *(wq.Term(field, term, boost=weight) for field, term, weight in extra)])
