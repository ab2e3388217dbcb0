"""The index's unstemmed words and how many documents use each: what did-you-mean corrects towards.

Whoosh's own spelling support (`spelling=True`) posts every unstemmed word of every document a
second time, in hidden spell_* fields: 45% of all postings, about a third of the index and of
the build. Did-you-mean needs only the words and their document counts, so each generation keeps
this table instead (under a MB), built from the same tokens the index sees.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from . import tokens

FILE = "vocabulary.pickle"


def words(*texts: str) -> frozenset[str]:
    """The distinct unstemmed words of some text, as the index tokenises it."""
    return tokens.distinct_words(*texts)


class Vocabulary:
    """Word → number of documents that use it, with edit-distance lookup."""

    def __init__(self, counts: Counter[str] | None = None) -> None:
        self.counts: Counter[str] = counts if counts is not None else Counter()
        self._by_initial: dict[str, list[str]] | None = None
        self._by_head: dict[str, list[str]] | None = None

    def add(self, *docs: Iterable[str]) -> None:
        """Count in each document's words."""
        for doc_words in docs:
            self.counts.update(doc_words)
        self._by_initial = self._by_head = None

    def remove(self, *docs: Iterable[str]) -> None:
        """Count out each document's words; a word no document uses any more leaves the table."""
        # Counted together first, in C: Counter.subtract of a list of words runs a Python loop over
        # them, 9-10 ms of a 1% update at 20k (404 documents) against 5-6 ms this way, whose loop is
        # over distinct words.
        gone = Counter(chain.from_iterable(docs))
        counts = self.counts
        for word, n in gone.items():
            left = counts[word] - n
            if left > 0:
                counts[word] = left
            else:
                del counts[word]
        self._by_initial = self._by_head = None

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def nearest(self, word: str, maxdist: int, limit: int) -> list[str]:
        """Up to `limit` known words with the same first letter at the smallest edit distance (≤ maxdist)
        from `word`, most used first."""
        if self._by_initial is None:
            buckets: dict[str, list[str]] = {}
            for known in self.counts:
                buckets.setdefault(known[0], []).append(known)
            self._by_initial = buckets
        candidates = self._by_initial.get(word[:1], [])
        # Imported here: builds load and save the vocabulary on every update but never look up.
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        matches = process.extract(
            word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=maxdist, limit=None
        )
        ranked = sorted((dist, -self.counts[cand], cand) for cand, dist, _ in matches if cand != word)
        return [cand for dist, _, cand in ranked if dist == ranked[0][0]][:limit]

    def dotted(self, head: str, limit: int) -> list[str]:
        """Up to `limit` known words that are `head` and more after a dot, most used first: the
        tokenizer keeps "CAWL.L" (a Reuters ticker with its exchange) as one word, "cawl.l"."""
        if self._by_head is None:
            heads: dict[str, list[str]] = {}
            for known in self.counts:
                if "." in known:
                    heads.setdefault(known.split(".", 1)[0], []).append(known)
            self._by_head = heads
        return sorted(self._by_head.get(head, []), key=lambda w: (-self.counts[w], w))[:limit]

    def save(self, gen_dir: Path) -> None:
        # A pickle, as the manifest beside it: every incremental build loads and saves the table,
        # and gzipped JSON took 0.13 s of the two at 20k captures, a pickle 0.03 s (at twice the
        # size, 0.6 MB).
        (gen_dir / FILE).write_bytes(pickle.dumps(dict(self.counts), protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def read(cls, gen_dir: Path) -> Vocabulary:
        """The generation's vocabulary; raises if the file is missing or damaged."""
        counts = pickle.loads((gen_dir / FILE).read_bytes())
        if not isinstance(counts, dict):
            raise ValueError(f"{FILE} does not hold a table of words")
        return cls(Counter(counts))

    @classmethod
    def load(cls, gen_dir: Path) -> Vocabulary:
        """The generation's vocabulary for a server: empty if the file is missing or damaged (then
        nothing is respelled, and searches work as ever)."""
        try:
            return cls.read(gen_dir)
        except Exception:  # noqa: BLE001 - a damaged pickle raises almost anything (TypeError, MemoryError...)
            return cls()
