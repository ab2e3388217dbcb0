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

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import numpy as np
from whoosh.analysis import STOP_WORDS

K1 = 3.0
B = 0.75
# BM25+ (Lv and Zhai, 2011): each word a document has adds at least DELTA times its idf, however long
# the document. BM25's length normalisation alone scores a word in a long document near zero, so a
# long report with three of a question's words could rank below a short item with one of them.
# (It adds the same to every document of an all-words match: only relaxed questions, and OR, move.)
# Chosen on Cranfield alone: nDCG@10 0.4284 at 0, 0.4289 at 0.1, 0.4302 at 0.2, 0.4313 at 0.3 (MAP
# 0.3615 -> 0.3648), 0.4305 at 0.4, 0.4304 at 0.5, 0.4291 at 0.75, 0.4312 at 1, 0.4217 at 2.
DELTA = 0.3
# Per occurrence, against the body's 1 (raw frequencies: fastrank divides out the index-time boost).
FIELD_WEIGHTS = {"title": 6.0, "body": 1.0}

# Function words that carry no topic in a question typed in natural language ("what are the
# effects of ...", "has anyone measured ..."); only dropped when a query is relaxed to any-words, never
# from the index. ("has anyone been charged over the fire" listed its answer as "Missing: anyone".)
QUESTION_STOP_WORDS = frozenset(STOP_WORDS) | frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can cannot could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself let me more
    most my myself no nor not of off on once only or other ought our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why with would
    you your yours yourself yourselves also may might must shall will upon etc since though although whether
    unless whereas anyone anybody anything someone somebody something everyone everybody everything else""".split()
) | frozenset(
    # The same function words in the languages the collection's statements are written in: a question
    # asked in Spanish ("¿qué dice el comité sobre las sanciones?") was relaxed to "el", "la", "que",
    # which matched every French and Spanish page and were listed as missing. Only words that are no
    # English word too ("die", "son", "sin", "per", "come", "den", "par", "han" are; "mit" and "est" are
    # MIT and EST), no short word a typo makes of one ("um", "em", "os", "da", "lo": "Kim Jong Um") and
    # no place's ("são").
    """el la las los del una unos unas que qué quién quien cuál cual cuáles cómo dónde cuándo por para
    sobre entre es fue están está este esta estos estas ese esa su sus muy más pero
    le les des du une et sont dans pour sur avec qui quoi quel quelle quels quelles aux cette ces elle
    ils leur leurs où pourquoi
    der das dem und ist sind nicht für zu auf ein eine einer eines einem wie wer warum über auch
    gli della delle degli dello nel nella nei che sono cosa perché
    das uma ao aos pelo pela não qual
    на по что как для не от из за это со же ли или но его её их""".split()
)


def idf(n: int, df: int) -> float:
    """Lucene's idf for a word in `df` of `n` documents."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def idfs(n: int, dfs: np.ndarray) -> np.ndarray:
    """idf of each of `dfs`, each taken as at least 1 (a term of a title alone has no body frequency)."""
    dfs = np.maximum(1.0, dfs)
    return np.log(1 + (n - dfs + 0.5) / (dfs + 0.5))


# Pseudo-relevance feedback for relaxed questions, as a relevance model (RM3): the best
# FEEDBACK_DOCS matches, each weighted by how well it matched, give the FEEDBACK_TERMS words most
# probable in them; their scores are added to the typed words' with FEEDBACK_ORIGINAL_WEIGHT of the
# total left to the typed words (as shares of the two scores' spreads since `fused`; before it, of
# the expanded question's weight). Tuned on Cranfield only (bench/relevance.py): 0.4046 -> 0.4255
# nDCG@10 against Bo1 key terms with a fixed weight (that weight did not grow with the question,
# so a long one was barely re-ranked; this share does). Cranfield, by FEEDBACK_TERMS: 20 0.4184,
# 25 0.4250, 30 0.4255, 40 0.4226. 30 once cost too much time at 100k documents; since posting
# blocks are pickled with protocol 4 (segment_writer.PROTOCOL) it fits the latency targets.
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 30
FEEDBACK_ORIGINAL_WEIGHT = 0.5
# How sharply a better score makes a document count: P(d) ~ exp(SHARPNESS * score / question weight).
# BM25 scores grow with the number of words asked, so the score is taken per unit of question
# weight; otherwise a long question would learn from its first document alone.
FEEDBACK_SHARPNESS = 2.0
# Feedback words in more than this share of the documents are left out. The likeliest words of
# the best matches include the collection's commonest ("said", "reuter", "dlr" in news): their
# posting lists are the longest to score, and over half the documents Robertson and Sparck
# Jones's idf turns negative: such a word says nothing of relevance. Cranfield with 30 terms:
# 0.4255 at a half, 0.4244 with no cut, 0.4189 at a fifth and 0.4143 at a tenth.
FEEDBACK_MAX_DF = 0.5


def field_boosts(terms: Iterable[tuple[str, str, float]]) -> dict[str, dict[str, float]]:
    """word → field → summed boost of scored (field, word, boost) terms; a word's query weight in
    BM25F is its largest boost over those fields (fastrank.Evaluator.score_terms)."""
    words: dict[str, dict[str, float]] = {}
    for field, text, boost in terms:
        fields = words.setdefault(text, {})
        fields[field] = fields.get(field, 0.0) + boost
    return words


def question_weight(terms: Iterable[tuple[str, str, float]]) -> float:
    """Total query weight of scored terms: each word's largest boost over its fields, as fastrank scores it."""
    return sum(max(fields.values()) for fields in field_boosts(terms).values())


def feedback_terms(
    docnums: list[int],
    scores: list[float],
    weight: float,
    *,
    counts: Callable[[int], Mapping[str, int]],
    doc_share: Callable[[str], float],
) -> list[tuple[str, str, float]]:
    """(field, term, weight) to add to a question of total `weight` whose best documents scored `scores`.

    RM3: P(d) is a softmax of the documents' scores per unit of question weight; a word's
    feedback weight is sum over d of P(word|d) P(d), with P(word|d) its share of d's analysed
    body. The FEEDBACK_TERMS likeliest words share (1 - FEEDBACK_ORIGINAL_WEIGHT) of the expanded
    question's weight, in proportion to that probability. `counts` gives a document's body terms
    with their frequencies (as the index counts them), and `doc_share` the share of all documents
    a word is in (words over FEEDBACK_MAX_DF are passed over; it is asked only until FEEDBACK_TERMS
    are kept).
    """
    if not docnums or weight <= 0:
        return []
    best = max(scores)
    doc_weights = [math.exp(FEEDBACK_SHARPNESS * (score - best) / weight) for score in scores]
    norm = sum(doc_weights)
    model: Counter[str] = Counter()
    for docnum, doc_weight in zip(docnums, doc_weights, strict=True):
        terms = counts(docnum)
        length = sum(terms.values())
        if not length:
            continue
        share = doc_weight / norm / length
        for word, n in terms.items():
            model[word] += n * share
    terms = []
    for word, p in sorted(model.items(), key=lambda kv: (-kv[1], kv[0])):
        if doc_share(word) <= FEEDBACK_MAX_DF:
            terms.append((word, p))
            if len(terms) == FEEDBACK_TERMS:
                break
    mass = sum(p for _, p in terms)
    if not mass:
        return []
    scale = (1 - FEEDBACK_ORIGINAL_WEIGHT) / FEEDBACK_ORIGINAL_WEIGHT * weight / mass
    return [("body", term, scale * p) for term, p in terms]


def fused(original: np.ndarray, feedback: np.ndarray, among: np.ndarray) -> np.ndarray:
    """A relaxed question's scores: its typed words' and its feedback words' (each 0 outside `among`,
    the docnums a typed word matched), each divided by its standard deviation over `among`, summed
    with FEEDBACK_ORIGINAL_WEIGHT and the rest (CombSUM of z-scores: Fox and Shaw, 1994; Montague and
    Aslam, 2001; the mean each z-score takes away is the same for every document, so is left out).

    Added to the typed words' BM25F as terms, the feedback words weighed what FEEDBACK_ORIGINAL_WEIGHT
    gave their query weight; but how far a document's score moves with them differs from one question
    to another (how many of the candidates have them, how spread their idfs are), so the share fixed in
    query weight was not the share in the ranking. Over the same candidates, equal spread is. Cranfield
    only (bench/relevance.py): nDCG@10 0.4313 -> 0.4348, MAP 0.3648 -> 0.3679 (37 questions better, 30
    worse). Any statistic of the whole distribution did alike (0.4346-0.4352 with the mean, the mean
    absolute deviation, the root mean square, or the deviation over the best 1,000; 0.4337 over the
    best 100); the extremes did not (0.4316 dividing by the largest, 0.4302 min-max), nor the same
    share fixed (0.4317 with the average share the deviations gave, 0.44). Against the sum with the
    feedback settings moved, it still gained: 8 documents +0.0009, 12 +0.0028, 20 terms +0.0029, 40
    +0.0052. (feedback_terms' scaling of the words' weights now only sets their proportions.) CISI,
    run once after the choice: nDCG@10 0.4180 before and after, MAP 0.2055 -> 0.2051.
    """
    spreads = original[among].std(), feedback[among].std()
    if not spreads[0] or not spreads[1]:
        return original + feedback  # one candidate, or feedback words in all or none of them alike
    share = FEEDBACK_ORIGINAL_WEIGHT
    return share * original / spreads[0] + (1 - share) * feedback / spreads[1]


# Score regularisation (Diaz, 2005, "Regularizing ad hoc retrieval scores", CIKM; after Zhou et al.,
# 2004, "Learning with local and global consistency"): the cluster hypothesis, that documents alike
# are relevant alike, applied to a relaxed question's scores. Its REGULARISED_DOCS best documents are
# joined each to its REGULARISED_NEIGHBOURS most similar (cosine of (1 + ln tf) × idf over the title's
# and body's terms), and their scores are smoothed over that graph: f = (1 - α)(I - αS)⁻¹ y, y the
# scores standardised, S the graph's symmetrically normalised similarities, α REGULARISED_ALPHA.
# A document that feedback scored low but that reads like several high ones moves up, and a high one
# that resembles few of the others moves down; the rest of the matches keep their scores.
# Chosen on Cranfield only (bench/relevance.py): nDCG@10 0.4344 -> 0.4442, MAP 0.3674 -> 0.3763
# (nDCG@10 of 91 questions better, 51 worse; AP 118 better, 65 worse). Flat around it: 30 documents
# 0.4435, 100 0.4405; 5 neighbours 0.4433, 20 0.4412; α 0.5 0.4417, 0.9 0.4429; all 36 settings of
# 30-100 documents, 5-20 neighbours and α 0.3-0.9 between 0.4349 and 0.4471 (200 documents at α 0.9
# lost: 0.4261-0.4309). Lost or gained less: similarity over the question's and feedback's words
# alone, which only echoes the scores (0.4339), raw term frequencies (0.4370), the body alone
# (0.4402), the title alone (0.4341), a random-walk normalisation (0.4395), self-loops (0.4399), one
# smoothing step instead of the closed form (0.4446 at α 0.7 but 0.4135 at 0.9). The documents'
# terms come from the index (term_vectors): stemming their stored text again was half the question's
# time.
REGULARISED_DOCS = 50
REGULARISED_NEIGHBOURS = 10
REGULARISED_ALPHA = 0.7


def regularised(scores: np.ndarray, rows: np.ndarray, terms: np.ndarray, tfs: np.ndarray, idfs: np.ndarray,
                ) -> np.ndarray:
    """`scores` of some documents smoothed over the graph of their most similar pairs (Diaz, 2005; see
    REGULARISED_ALPHA); kept on the scale of `scores` and no lower than their least, so that documents
    ranked below all of these stay below. The documents' terms are given an entry each: `rows` the
    document's place in `scores`, `terms` the term (any number standing for it), `tfs` its frequency in
    the document and `idfs` its idf; a document has a term once."""
    m = scores.size
    spread = scores.std()
    if m < 3 or not spread:
        return scores
    weights = (1 + np.log(tfs)) * idfs
    norms = np.sqrt(np.bincount(rows, weights * weights, minlength=m))
    weights = weights / np.where(norms > 0, norms, 1.0)[rows]
    # Only the terms two documents or more share add to a cosine: most of the 50 documents' terms are
    # in one of them.
    _, column = np.unique(terms, return_inverse=True)
    shared = np.bincount(column)[column] > 1
    _, column = np.unique(column[shared], return_inverse=True)
    vectors = np.zeros((m, int(column.max()) + 1 if column.size else 0))
    vectors[rows[shared], column] = weights[shared]
    similar = vectors @ vectors.T
    np.fill_diagonal(similar, 0.0)
    k = min(REGULARISED_NEIGHBOURS, m - 1)
    nearest = np.argpartition(-similar, k - 1, axis=1)[:, :k]
    graph = np.zeros_like(similar)
    at = np.arange(m)[:, None]
    graph[at, nearest] = similar[at, nearest]
    graph = np.maximum(graph, graph.T)  # a neighbour either way
    degree = graph.sum(axis=1)
    inverse_root = 1 / np.sqrt(np.where(degree > 0, degree, 1.0))
    normalised = inverse_root[:, None] * graph * inverse_root[None, :]
    alpha = REGULARISED_ALPHA
    smooth = (1 - alpha) * np.linalg.solve(np.eye(m) - alpha * normalised, (scores - scores.mean()) / spread)
    return scores.min() + spread * (smooth - smooth.min())
