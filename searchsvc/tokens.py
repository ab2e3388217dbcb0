"""The index's tokens, computed without Whoosh's analyzer pipeline where only the words are needed.

Whoosh's StemmingAnalyzer makes a Token object per word and passes it through four generators;
feedback and the vocabulary only need the resulting strings. These functions give exactly the
same words (tests/test_tokens.py compares them) several times faster: the same pattern as
Whoosh's RegexTokenizer, lowercase, Whoosh's stop list and minimum length, and its Porter stemmer
behind a cache.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as _porter

_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_MIN_LENGTH = 2


def words(text: str) -> list[str]:
    """Lowercased, unstemmed words in order, stop words and one-letter words left out."""
    found = _TOKEN.findall(text)
    if not found:
        return []
    # Tokenise first, then lowercase (as Whoosh does: "İ".lower() is not a word character),
    # all tokens in one call.
    lowered = "\0".join(found).lower().split("\0")
    return [w for w in lowered if len(w) >= _MIN_LENGTH and w not in STOP_WORDS]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _porter(word)


def stems(text: str) -> list[str]:
    """The terms the body and title fields index for `text`, in order."""
    return [stem(w) for w in words(text)]


def positioned_stems(text: str) -> tuple[int, list[str]]:
    """(position of the first term, terms): the analyzer numbers the first kept word by its place
    among all words (stop words included), and the words after it consecutively."""
    found = _TOKEN.findall(text)
    if not found:
        return 0, []
    lowered = "\0".join(found).lower().split("\0")
    first = None
    out = []
    for i, w in enumerate(lowered):
        if len(w) >= _MIN_LENGTH and w not in STOP_WORDS:
            if first is None:
                first = i
            out.append(stem(w))
    return first or 0, out
