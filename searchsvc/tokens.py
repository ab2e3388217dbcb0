"""The index's tokens, computed without Whoosh's analyzer pipeline where only the words are needed.

Whoosh's analyzer (`analyzer()`) makes a Token object per word and passes it through four
generators; feedback, the vocabulary and the body and title fields (schema.StemmedText) only
need the resulting strings. These functions give exactly the same words (tests/test_tokens.py
compares them) several times faster: the tokens of Whoosh's RegexTokenizer pattern, accents
folded and lowercased, Whoosh's stop list and minimum length, and its Porter stemmer behind a
cache, with a people's word stemmed as its place's (places.py).

Accented letters fold to plain ones (Türkiye → turkiye, Díaz → diaz, Chosŏn → choson, full-width
ＤＰＲＫ → dprk) with Whoosh's own table (`whoosh.support.charset.accent_map`), so a word typed
without its accents finds it, and with them finds the plain spelling too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from functools import partial
from operator import is_not

from whoosh import analysis
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as _porter
from whoosh.support.charset import accent_map

from . import places

# Whoosh's RegexTokenizer pattern: runs of word characters, joined by single dots ("u.s", "3.14").
# _lowered_tokens finds the same tokens without the regex engine; the pattern stays as their
# definition (and for the tests).
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_MIN_LENGTH = 2
_STEMS_MAX = 100_000  # words; the cache is emptied when full (a worker's memory stays bounded)


def is_word_char(char: str) -> bool:
    """Whether `\\w` matches the character (on str, exactly isalnum() or "_")."""
    return char.isalnum() or char == "_"


# Each non-ASCII word character the table folds, to its one plain character: a folded text keeps
# every character's offset (highlight.py relies on that), and its words' boundaries.
FOLD = {code: out for code, out in accent_map.items() if code > 127 and is_word_char(chr(code))}


class CharsToSpace(dict):
    """str.translate table: word characters and the characters of `keep` stay (or fold, with
    `fold`), any other becomes a space.

    Filled as characters are met (a few hundred distinct ones in a corpus).
    """

    def __init__(self, keep: str = "", fold: dict[int, str] | None = None) -> None:
        super().__init__()
        self._keep = keep
        self._fold = fold or {}

    def __missing__(self, code: int) -> int | str:
        char = chr(code)
        word = is_word_char(char) or char in self._keep
        out = self[code] = self._fold.get(code, code) if word else " "
        return out


def folded(word: str) -> str:
    """A word as the index spells it before stemming: accents folded, then lowercased."""
    return word if word.isascii() and word.islower() else word.translate(FOLD).lower()


class FoldFilter(analysis.Filter):
    """Whoosh's LowercaseFilter, folding accents first as `folded` does."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - whoosh's token generator protocol
        for t in tokens:
            t.text = folded(t.text)
            yield t


def _place_or_porter(word: str) -> str:
    """Porter's stem, but a place that it would make another word's ("france": "franc") is itself."""
    return word if word in places.UNSTEMMED else _porter(word)


# A people's word is indexed as its place's ("korean" as "korea"): places.py.
_PLACES = places.joined_stems(_place_or_porter)


_PEOPLE: dict[str, tuple[str, ...]] = {}
for _people, _place in _PLACES.items():
    _PEOPLE[_place] = (*_PEOPLE.get(_place, ()), _people)


def stem(word: str) -> str:
    """The index's stem of a lowercased word: Porter's, and a place's for the word for its people."""
    out = _place_or_porter(word)
    return _PLACES.get(out, out)


def porter_stems(term: str) -> tuple[str, ...]:
    """The Porter stems of the words an index term stands for: itself, for a place the words for
    its people ("china" also stands for "chines", Porter's stem of "Chinese"), and for U.S. "us"."""
    return (term, *_PEOPLE.get(term, ()), *(("us",) if term == _US_TERM else ()))


def analyzer() -> analysis.CompositeAnalyzer:
    """Whoosh's StemmingAnalyzer with "US" as "U.S", accents folded and places joined (`stem`):
    what queries and highlighting analyse with."""
    return (analysis.RegexTokenizer() | UnitedStatesFilter() | FoldFilter() | analysis.StopFilter()
            | analysis.StemFilter(stemfn=stem))


# "US" in capitals is the United States, as "U.S." is: KCNA writes "the US imperialists", Reuters
# "U.S. sanctions". Lowercased it is "us", a stop word (and Porter's stem of "use"), so a search for
# it failed and "US sanctions" searched "sanctions" alone. It is indexed as "U.S" is. The pattern
# finds what the tokenizer would make the token "US": not joined by a dot to a word on either side.
US_WORD = re.compile(r"(?<!\w)(?<!\w\.)US(?!\w)(?!\.\w)")


_US_TERM = stem("u.s")


def lowered(word: str) -> str:
    """A word lowercased, as lookups of typed and matched words key it, but "US" kept: in capitals
    it is the United States, which the analyzer indexes as "U.S" (UnitedStatesFilter)."""
    return word if word == "US" else word.lower()


class UnitedStatesFilter(analysis.Filter):
    """The token "US" (in capitals) becomes "U.S", before lowercasing would make it the pronoun."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - whoosh's token generator protocol
        for t in tokens:
            if t.text == "US":
                t.text = "U.S"
            yield t


class Memo(dict):
    """key → compute(key), each computed once: a dict lookup where a function call would cost more.

    Emptied when it holds `limit` keys, so a worker's memory stays bounded (no result changes).
    """

    def __init__(self, compute: Callable[[Hashable], object], limit: int) -> None:
        super().__init__()
        self._compute, self._limit = compute, limit

    def __missing__(self, key: Hashable) -> object:
        if len(self) >= self._limit:
            self.clear()
        out = self[key] = self._compute(key)
        return out


def _stem_or_none(word: str) -> str | None:
    """The stem the index keeps for a lowercased word, or None for one it leaves out (stop word, too short)."""
    return None if len(word) < _MIN_LENGTH or word in STOP_WORDS else stem(word)


_TOKEN_CHARS = CharsToSpace(keep=".", fold=FOLD)
_STEMS = Memo(_stem_or_none, _STEMS_MAX)
_is_term = partial(is_not, None)


def _lowered_tokens(text: str) -> list[str]:
    """_TOKEN.findall(text), each lowercased, with str methods only (the regex was most of the time).

    After the translation the text holds word characters, dots and spaces; a dot belongs to a
    token only between two word characters, so dots next to a space, another dot or an end go.
    Lowercasing the whole text equals lowercasing each token: no character lowercases to a space
    or a dot, spaces stay spaces, and a space, like the NUL Whoosh's pipeline effectively had
    between tokens, is neither cased nor case-ignorable (the final-sigma rule sees the same).
    """
    if "US" in text:
        text = US_WORD.sub("U.S", text)  # as UnitedStatesFilter does (the index keeps word positions, not offsets)
    chars = text.translate(_TOKEN_CHARS)
    if "." in chars:
        # Pairs of dots first: an odd run leaves one dot, which then has a space beside it.
        chars = f" {chars} ".replace("..", "  ").replace(" .", "  ").replace(". ", "  ")
    return chars.lower().split()


def words(text: str) -> list[str]:
    """Lowercased, unstemmed words in order, stop words and one-letter words left out."""
    return [w for w in _lowered_tokens(text) if len(w) >= _MIN_LENGTH and w not in STOP_WORDS]


def distinct_words(*texts: str) -> frozenset[str]:
    """The distinct words `words` gives for any of the texts (distinct first: fewer tests)."""
    # One pass over the texts joined by a space: no token spans a space.
    found = set(_lowered_tokens(" ".join(texts)))
    found -= STOP_WORDS
    return frozenset(w for w in found if len(w) >= _MIN_LENGTH)


def stems(text: str) -> list[str]:
    """The terms the body and title fields index for `text`, in order."""
    return positioned_stems(text)[1]


def positioned_stems(text: str) -> tuple[int, list[str]]:
    """(position of the first term, terms): the analyzer numbers the first kept word by its place
    among all words (stop words included), and the words after it consecutively."""
    every = list(map(_STEMS.__getitem__, _lowered_tokens(text)))  # None where a word is left out
    terms = list(filter(_is_term, every))
    if not terms:
        return 0, []
    # The first occurrence of the first term's stem is the first kept word: nothing before it was kept.
    return every.index(terms[0]), terms
