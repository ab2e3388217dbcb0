"""Did-you-mean: respell query words that are not in the index, when that finds more.

Corrections are looked up among unstemmed words (the generation's vocabulary), because
correcting a stemmed token yields nonsense ("goverment" → stem "gover" → "river").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.analysis import STOP_WORDS

from .queryparse import plain_words
from .vocabulary import Vocabulary

MIN_WORD = 3
MAX_WORD = 30  # longer "words" are pasted junk; edit-distance search over them is slow
MAX_UNKNOWN = 5  # words respelled per query: bounds the work of one request
MAX_QUERY_WORDS = 40  # a pasted paragraph gets no did-you-mean


def suggest(vocab: Vocabulary, text: str, count: Callable[[str], int], found: int) -> str | None:
    """A respelled query string that `count` says finds more than `found`, else None."""
    corrected = text
    changed = False
    words = list(dict.fromkeys(plain_words(text)))
    if len(words) > MAX_QUERY_WORDS:
        return None
    tried = 0
    for word in words:
        low = word.lower()
        if not MIN_WORD <= len(low) <= MAX_WORD or low.isdigit() or low in STOP_WORDS or low in vocab:
            continue  # stop words are never indexed, so never "unknown": nothing to respell
        tried += 1
        if tried > MAX_UNKNOWN:
            break
        better = vocab.closest(low, maxdist=1 if len(low) <= 4 else 2)
        if better and better != low:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, corrected)
            changed = True
    if not changed:
        return None
    try:
        return corrected if count(corrected) > found else None
    except Exception:  # noqa: BLE001 - a suggestion is optional; never fail the search for it
        return None
