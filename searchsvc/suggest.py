"""Did-you-mean: respell query words that are not in the index, when that finds more.

Corrections are looked up among unstemmed words (the hidden spell_* fields), because
correcting a stemmed token yields nonsense ("goverment" → stem "gover" → "river").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.analysis import STOP_WORDS
from whoosh.reading import IndexReader
from whoosh.support.levenshtein import damerau_levenshtein

from .queryparse import plain_words

SPELL_FIELDS = ("spell_body", "spell_title")
MIN_WORD = 3
MAX_WORD = 30  # longer "words" are pasted junk; edit-distance search over them is slow
MAX_UNKNOWN = 5  # words respelled per query: bounds the work of one request
MAX_QUERY_WORDS = 40  # a pasted paragraph gets no did-you-mean
MAX_SUGGESTIONS_PER_WORD = 8


def suggest(reader: IndexReader, text: str, count: Callable[[str], int], found: int) -> str | None:
    """A respelled query string that `count` says finds more than `found`, else None."""
    corrected = text
    changed = False
    words = list(dict.fromkeys(plain_words(text)))
    if len(words) > MAX_QUERY_WORDS:
        return None
    tried = 0
    for word in words:
        low = word.lower()
        if not MIN_WORD <= len(low) <= MAX_WORD or low.isdigit() or low in STOP_WORDS or _known(reader, low):
            continue  # stop words are never indexed, so never "unknown": nothing to respell
        tried += 1
        if tried > MAX_UNKNOWN:
            break
        better = _closest(reader, low)
        if better and better != low:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, corrected)
            changed = True
    if not changed:
        return None
    try:
        return corrected if count(corrected) > found else None
    except Exception:  # noqa: BLE001 - a suggestion is optional; never fail the search for it
        return None


def _known(reader: IndexReader, word: str) -> bool:
    return any((field, word) in reader for field in SPELL_FIELDS if field in reader.schema)


def _closest(reader: IndexReader, word: str) -> str | None:
    """Nearest word by edit distance, ties broken by how many documents use it."""
    maxdist = 1 if len(word) <= 4 else 2
    best: tuple[int, int, str] | None = None
    for field in SPELL_FIELDS:
        if field not in reader.schema:
            continue
        corrector = reader.corrector(field)
        for cand in corrector.suggest(word, limit=MAX_SUGGESTIONS_PER_WORD, maxdist=maxdist, prefix=1):
            dist = damerau_levenshtein(word, cand)
            freq = reader.doc_frequency(field, cand)
            key = (dist, -freq, cand)
            if best is None or key < best:
                best = key
    return best[2] if best else None
