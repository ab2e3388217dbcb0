"""Matching and BM25F ranking in numpy, over Whoosh's own posting lists.

Whoosh walks postings one document at a time in Python: an AND of six common words, an OR of
three, or a relaxed question took 10–100 ms at 20k documents. Here each term's postings are
decoded a whole block at a time into arrays; AND, OR and NOT become sorted-array set operations
and BM25F (ranking.py) is array arithmetic. Phrases are matched from decoded positions; other
query shapes by Whoosh's own matchers. Only Whoosh's W3 posting format is read this way; anything
else raises Unsupported.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh.codec import whoosh3
from whoosh.reading import EmptyReader, TermNotFound
from whoosh.searching import Searcher

from . import ranking, term_vectors, w3blocks
from .columns import Columns, distinct
from .schema import TEXT_FIELDS

Term = tuple[str, str, float]  # (field, text, boost)
_EMPTY = np.zeros(0, np.int64)
# Score given to a match no scored term explains (a NOT-only or source: query), so it still ranks.
_FLOOR = 1e-9
# Whoosh scores a wildcard match with a constant (its boost), not BM25; so do we.
_MULTITERM_SCORE = 1.0
MAX_FREQUENCIES = 500_000  # words whose document frequency a PostingsCache keeps


class Unsupported(Exception):
    """The index is not in the shape this module reads directly."""


def postings(searcher: Searcher, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of a term over all segments, deleted documents included."""
    docs, tf, _ = _read_postings(searcher, field, text, values=False)
    return docs, tf


def positions(searcher: Searcher, field: str, text: str) -> tuple[np.ndarray, list[bytes]]:
    """(docnums, encoded positions per posting) of a term over all segments, deleted documents included."""
    docs, _, values = _read_postings(searcher, field, text, values=True)
    return docs, values


def _read_postings(
    searcher: Searcher, field: str, text: str, *, values: bool
) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    encoded: list[bytes] = []
    for leaf, offset in searcher.reader().leaf_readers():
        if isinstance(leaf, EmptyReader):
            continue  # an index with no document yet (every capture skipped): no postings
        btext = leaf._text_to_bytes(field, text)
        terms = leaf._terms
        if not isinstance(terms, whoosh3.W3TermsReader):
            raise Unsupported(type(terms).__name__)
        # One look in the segment's term table, not `in` and then term_info: each is a hash lookup,
        # made in every segment for every word of every request.
        try:
            info = terms.term_info(field, btext)
        except TermNotFound:
            continue
        if info.is_inlined():
            raise Unsupported("postings inlined in the term info")
        # Whole blocks, not Whoosh's matcher: it expands each with a Python loop per posting. The
        # blocks' lists are joined and made arrays once: numpy's per-call cost, paid per block of
        # 128 postings, was a fifth of reading a long list.
        all_deltas: list[int] = []
        all_weights: list[float] = []
        starts: list[int] = []
        for deltas, block_weights, block_values in w3blocks.blocks(terms._postfile, info):
            if values:
                encoded.extend(block_values)
            starts.append(len(all_deltas))
            all_deltas.extend(deltas)
            if block_weights is None:
                all_weights.extend([1.0] * len(deltas))
            elif isinstance(block_weights, float):
                all_weights.extend([block_weights] * len(deltas))
            else:
                all_weights.extend(block_weights)
        # Each block's first id is the segment's docnum, the rest deltas: sum them, then take away
        # what the blocks before it summed to.
        summed = np.cumsum(np.array(all_deltas, dtype=np.int64))
        if len(starts) > 1:
            bounds = np.array(starts, dtype=np.int64)
            before = np.concatenate(([0], summed[bounds[1:] - 1]))
            summed -= np.repeat(before, np.diff(np.append(bounds, summed.size)))
        ids.append(summed + offset)
        weights.append(np.array(all_weights, dtype=np.float64))
    if not ids:
        return _EMPTY, np.zeros(0, np.float64), encoded
    if len(ids) == 1:
        return ids[0], weights[0], encoded
    # Segments come in docnum order, so the concatenation is sorted.
    return np.concatenate(ids), np.concatenate(weights), encoded


class PostingsCache:
    """Decoded posting lists of one generation, least recently used dropped past `max_bytes`.

    Like a database's page cache: distinct queries share common words, whose lists are the
    longest to decode. It lives as long as the generation's searcher, so a rebuild starts afresh.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._lists: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # How many documents hold a word: asked of up to a few hundred words a relaxed question's
        # feedback considers (Evaluator.doc_frequency), most of them the same common words from one
        # request to the next. An int per word, so kept whatever max_bytes allows, up to MAX_FREQUENCIES.
        self.frequencies: dict[tuple[str, str], int] = {}
        # The generation's term vectors (term_vectors.Vectors), read when a relaxed question first wants
        # them; False where a segment has none.
        self.vectors: term_vectors.Vectors | None | bool = None

    def get(self, key: tuple[str, str]) -> tuple[np.ndarray, np.ndarray] | None:
        found = self._lists.get(key)
        if found is not None:
            self._lists.move_to_end(key)
        return found

    def put(self, key: tuple[str, str], value: tuple[np.ndarray, np.ndarray]) -> None:
        nbytes = value[0].nbytes + value[1].nbytes
        if nbytes > self.max_bytes or key in self._lists:
            return
        self._lists[key] = value
        self.size += nbytes
        while self.size > self.max_bytes:
            _, (docs, tf) = self._lists.popitem(last=False)
            self.size -= docs.nbytes + tf.nbytes


class Evaluator:
    """Evaluates one parsed query against one searcher (each posting list decoded once per request)."""

    def __init__(self, searcher: Searcher, cols: Columns, cache: PostingsCache | None = None) -> None:
        self.searcher = searcher
        self.cols = cols
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._cache = cache
        self._stored: dict[int, dict] = {}

    def term_vectors(self) -> term_vectors.Vectors | None:
        """The generation's term vectors (read once per generation and thread, or per request without a
        cache), or None where a segment has none."""
        if self._cache is not None and self._cache.vectors is not None:
            return self._cache.vectors or None
        found = term_vectors.Vectors.load(self.searcher.reader())
        if self._cache is not None:
            self._cache.vectors = found if found is not None else False
        return found

    def stored(self, docnum: int) -> dict:
        """A document's stored fields (read once per request: feedback and the hit list share them)."""
        found = self._stored.get(docnum)
        if found is None:
            found = self._stored[docnum] = self.searcher.stored_fields(docnum)
        return found

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, text)
        found = self._postings.get(key)
        if found is None and self._cache is not None:
            found = self._cache.get(key)
        if found is None:
            found = postings(self.searcher, field, text)
            if self._cache is not None:
                self._cache.put(key, found)
        self._postings[key] = found
        return found

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents whose `field` has the term, deleted ones included (as Whoosh counts), remembered
        for the generation: each count asks every segment's term table."""
        known = self._cache.frequencies if self._cache is not None else {}
        key = (field, text)
        found = known.get(key)
        if found is None:
            found = self.searcher.reader().doc_frequency(field, text)
            if len(known) < MAX_FREQUENCIES:
                known[key] = found
        return found

    def contain(self, text: str, docnums: np.ndarray) -> np.ndarray:
        """Whether each of `docnums` has the word `text` in its title or body."""
        found = np.zeros(docnums.size, dtype=bool)
        for field in TEXT_FIELDS:
            docs = self.postings(field, text)[0]
            if docs.size:
                at = np.minimum(np.searchsorted(docs, docnums), docs.size - 1)
                found |= docs[at] == docnums
        return found

    # ---------------------------------------------------------------- matching

    def docs(self, q: wq.Query, mask: np.ndarray | None = None) -> np.ndarray:
        """Sorted docnums of the live documents matching `q` and allowed by `mask`."""
        docs = self._docs(q)
        docs = docs[self.cols.live[docs]]
        return docs[mask[docs]] if mask is not None else docs

    def _docs(self, q: wq.Query) -> np.ndarray:  # noqa: PLR0911 - one branch per query type
        if isinstance(q, wq.Term):
            return self.postings(q.fieldname, q.text)[0]
        if isinstance(q, wq.And):
            return self._and(list(q.children()))
        if isinstance(q, wq.Or) and not getattr(q, "minmatch", 0):
            return self._union([self._docs(c) for c in q.children()])
        if isinstance(q, wq.AndNot):
            return np.setdiff1d(self._docs(q.a), self._docs(q.b), assume_unique=True)
        if isinstance(q, wq.AndMaybe):
            return self._docs(q.a)
        if isinstance(q, wq.Not):
            return np.setdiff1d(np.arange(self.cols.size), self._docs(q.query), assume_unique=True)
        if isinstance(q, wq.Every):
            return np.arange(self.cols.size)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return _EMPTY
        if isinstance(q, wq.MultiTerm):
            field = q.field()
            return self._union([self.postings(field, _text(t))[0] for t in q._btexts(self.searcher.reader())])
        if isinstance(q, wq.Phrase) and q.slop == 1 and type(q) is wq.Phrase:
            return self.phrase(q.fieldname, [_text(w) for w in q.words])
        # Anything else: Whoosh's own matcher.
        return np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)

    def _union(self, parts: list[np.ndarray]) -> np.ndarray:
        """Sorted docnums in any of `parts` (each sorted)."""
        if len(parts) <= 1:
            return parts[0] if parts else _EMPTY
        return distinct(np.concatenate(parts), self.cols.size)

    def phrase(self, field: str, words: list[str], among: np.ndarray | None = None) -> np.ndarray:
        """Documents where `words` occur consecutively (Whoosh's Phrase with slop 1), of `among` (sorted
        docnums) if given.

        Candidates are the documents holding every word; positions are decoded for those only.
        """
        if not words:
            return _EMPTY
        if len(words) == 1:
            return _within(self.postings(field, words[0])[0], among)
        fmt = self.searcher.schema[field].format
        if not fmt.supports("positions"):
            return _within(np.fromiter(self.searcher.docs_for_query(wq.Phrase(field, words)), dtype=np.int64), among)
        lists = [positions(self.searcher, field, w) for w in words]
        candidates = _within(lists[0][0], among)
        for docs, _ in lists[1:]:
            candidates = np.intersect1d(candidates, docs, assume_unique=True)
        if candidates.size == 0:
            return _EMPTY
        where = [np.searchsorted(docs, candidates).tolist() for docs, _ in lists]
        found = []
        for n, docnum in enumerate(candidates.tolist()):
            # Start positions that every later word continues, one place further each.
            starts = set(fmt.decode_positions(lists[0][1][where[0][n]]))
            for k in range(1, len(words)):
                starts &= {p - k for p in fmt.decode_positions(lists[k][1][where[k][n]])}
                if not starts:
                    break
            if starts:
                found.append(docnum)
        return np.array(found, dtype=np.int64)

    def _and(self, children: list[wq.Query]) -> np.ndarray:
        keep = [c for c in children if not isinstance(c, wq.Not)]
        drop = [c.query for c in children if isinstance(c, wq.Not)]
        if not children:
            return _EMPTY
        if not keep:
            out = np.arange(self.cols.size)
        else:
            parts = sorted((self._docs(c) for c in keep), key=len)
            out = parts[0]
            for part in parts[1:]:
                if out.size == 0:
                    break
                out = np.intersect1d(out, part, assume_unique=True)
        for child in drop:
            if out.size == 0:
                break
            out = np.setdiff1d(out, self._docs(child), assume_unique=True)
        return out

    # ---------------------------------------------------------------- ranking

    def scores(self, q: wq.Query, matched: np.ndarray) -> np.ndarray:
        """BM25 of every document over the query's positive terms; 0 outside `matched`."""
        total = self.score_terms(list(scored_terms(q)))
        for mq in _multiterms(q):
            field = mq.field()
            for btext in mq._btexts(self.searcher.reader()):
                total[self.postings(field, _text(btext))[0]] += mq.boost * _MULTITERM_SCORE
        out = np.zeros(self.cols.size, dtype=np.float64)
        out[matched] = total[matched] + _FLOOR
        return out

    def score_terms(self, terms: list[Term], mask: np.ndarray | None = None) -> np.ndarray:
        """Summed BM25F of `terms` for every document (0 where none matches, deleted or masked out).

        A word's (field, boost) pairs are gathered: its frequency in each field it is asked in,
        weighted and length-normalised per field, is summed before saturation (ranking.py), and its
        largest boost over those fields is the word's query weight.
        """
        searcher, cols = self.searcher, self.cols
        total = np.zeros(cols.size, dtype=np.float64)
        k1, delta = ranking.K1, ranking.DELTA
        n = searcher.doc_count_all()
        for text, fields in ranking.field_boosts(terms).items():
            docs, tf = self._field_sum(text, fields)
            if docs.size == 0:
                continue
            # Deleted documents count in the document frequency, as they do in Whoosh's.
            idf = ranking.idf(n, docs.size)
            total[docs] += max(fields.values()) * idf * ((tf * (k1 + 1)) / (tf + k1) + delta)
        total[~cols.live] = 0.0
        if mask is not None:
            total[~mask] = 0.0
        return total

    def _field_sum(self, text: str, fields: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, BM25F pseudo-frequency) of a word over the given fields; docnums unique, not sorted."""
        searcher, cols, b = self.searcher, self.cols, ranking.B
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for field in fields:
            docs, weights = self.postings(field, text)
            if docs.size == 0:
                continue
            # Postings carry the field's index-time boost; BM25F weighs raw frequencies.
            scale = ranking.FIELD_WEIGHTS.get(field, 1.0) / (searcher.schema[field].format.field_boost or 1.0)
            avgfl = searcher.avg_field_length(field) or 1.0
            fl = cols.field_lengths(searcher, field)[docs]
            parts.append((docs, scale * weights / ((1 - b) + b * fl / avgfl)))
        if len(parts) <= 1:
            return parts[0] if parts else (_EMPTY, np.zeros(0, np.float64))
        # Into the longest list (a body's, usually) the shorter ones are added where it has the
        # document, by binary search; documents it lacks are few and summed apart.
        parts.sort(key=lambda part: -part[0].size)
        base_docs, base_tf = parts[0][0], parts[0][1].copy()
        rest_docs, rest_tf = [], []
        for docs, tf in parts[1:]:
            at = np.minimum(np.searchsorted(base_docs, docs), base_docs.size - 1)
            known = base_docs[at] == docs
            base_tf[at[known]] += tf[known]
            rest_docs.append(docs[~known])
            rest_tf.append(tf[~known])
        extra = np.concatenate(rest_docs)
        if extra.size == 0:
            return base_docs, base_tf
        extra, where = np.unique(extra, return_inverse=True)
        extra_tf = np.bincount(where, weights=np.concatenate(rest_tf), minlength=extra.size)
        return np.concatenate([base_docs, extra]), np.concatenate([base_tf, extra_tf])


def _within(docs: np.ndarray, among: np.ndarray | None) -> np.ndarray:
    """Those of the sorted `docs` in `among` (all of them when it is None)."""
    return docs if among is None else np.intersect1d(docs, among, assume_unique=True)


def scored_terms(q: wq.Query, boost: float = 1.0):  # noqa: ANN201 - yields Term
    """(field, text, boost) of the words that make a document rank higher: not those under NOT."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from scored_terms(q.a, boost * q.boost)
        return
    if isinstance(q, wq.Term):
        if q.fieldname in TEXT_FIELDS:
            yield q.fieldname, _text(q.text), boost * q.boost
        return
    if isinstance(q, wq.Phrase):
        for word in q.words:
            yield q.fieldname, word, boost * q.boost
        return
    if isinstance(q, wq.MultiTerm) or q.is_leaf():
        return
    for child in q.children():
        yield from scored_terms(child, boost * q.boost)


def ranks(q: wq.Query) -> bool:
    """Whether some word of `q` can rank one match above another (source: terms and words under NOT
    cannot: every match gets the same score)."""
    return next(scored_terms(q), None) is not None or next(_multiterms(q), None) is not None


def _multiterms(q: wq.Query):  # noqa: ANN202
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _multiterms(q.a)
        return
    if isinstance(q, wq.MultiTerm):
        if q.field() in TEXT_FIELDS:
            yield q
        return
    if not q.is_leaf():
        for child in q.children():
            yield from _multiterms(child)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def score(searcher: Searcher, cols: Columns, terms: list[Term], mask: np.ndarray | None) -> np.ndarray:
    """BM25 score of every document for `terms` (0 where no term matches, deleted or filtered out)."""
    return Evaluator(searcher, cols).score_terms(terms, mask)


def top(scores: np.ndarray, k: int) -> np.ndarray:
    """Docnums of the k best scores, best first (ties by docnum)."""
    hits = np.flatnonzero(scores > 0)
    if hits.size > k:
        hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
    return hits[np.lexsort((hits, -scores[hits]))]
