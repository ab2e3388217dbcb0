"""Did-you-mean: respell query words that are not in the index, or barely, when that finds more.

Corrections are looked up among unstemmed words (the generation's vocabulary), because
correcting a stemmed token yields nonsense ("goverment" → stem "gover" → "river").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.analysis import STOP_WORDS

from . import tokens
from .queryparse import plain_words
from .ranking import QUESTION_STOP_WORDS
from .vocabulary import Vocabulary

MIN_WORD = 3
MAX_WORD = 30  # longer "words" are pasted junk; edit-distance search over them is slow
MAX_UNKNOWN = 5  # words respelled per query: bounds the work of one request
MAX_QUERY_WORDS = 40  # a pasted paragraph gets no did-you-mean


# A word the collection has is respelled too when it is this rare and a near spelling, one edit away,
# is at least COMMONER times as common: captured text has its own typos ("goverment" in 8 of 20k
# wire items, "government" in thousands), and a search for one finds those few and never says so.
# One edit: a rare real word two from a common one is no typo of it ("Ivoire" is not "Ivory").
RARE_AT_MOST = 20  # documents
COMMONER = 20

MAX_COUNTS = 6  # respelled queries run per suggestion: bounds the work of one request
SPELLINGS = 3  # equally near spellings weighed for one word

# A two-letter word has dozens of neighbours one letter away, so it is respelled only by the rest of
# the query: when no document has all the words, and another letter in its place gives the most
# documents with the others. "Kim Jong Um" matched three items on UNITED MEDICAL <UM> first and
# nothing else; "Kim Jong Un" finds 522 ("Kim Jong Up" 208, "Kim Jong Uk" 2).
SHORT_WORD = 2


def suggest(  # noqa: PLR0913
    vocab: Vocabulary, text: str, count: Callable[[str], int], found: int, term_docs: Callable[[str], int],
    pair_docs: Callable[[str, str], int] | None = None,
) -> str | None:
    """A respelled query string that `count` says finds more than `found`, else None.

    An unknown word takes the nearest known word, the most used of equally near ones, unless another
    as near finds more with the rest of the query: "opek production quotas" is "opec production
    quotas", though "open" is the commoner word. `term_docs` is how many documents have an index
    term (a stem); `pair_docs` how many have two words side by side (see _named).
    """
    typed = plain_words(text)
    words = list(dict.fromkeys(typed))
    if len(words) > MAX_QUERY_WORDS:
        return None

    def documents(low: str) -> int:
        # A word the collection never writes may still match through its index term: "Greek" is
        # indexed as "Greece"'s term (places.py), so it finds Greece, and is no typo of "great".
        return max(vocab.counts.get(low, 0), term_docs(tokens.stem(low)))

    spellings: dict[str, list[str]] = {}  # word as typed → its respellings, most used first
    unknown = False  # a respelled word is in no document: its respelling cannot find less
    unresolved = False  # a word in no document is left as typed: the respelled query finds no more
    tried = 0
    for word in words:
        low = tokens.folded(word)  # as the vocabulary spells it: "Türkiye" is known as "turkiye"
        short = len(low) == SHORT_WORD and low.isalpha() and not found and len(words) > 1
        if not (short or MIN_WORD <= len(low) <= MAX_WORD) or low.isdigit() or low in STOP_WORDS:
            continue  # stop words are never indexed, so never "unknown": nothing to respell
        if tokens.has_cjk(low):
            continue  # the vocabulary holds a CJK word's pairs of characters (tokens.CJK), not its words
        known = documents(low)
        # A user who types a letter beyond ASCII ("Côte") means the word, however rare.
        if known > RARE_AT_MOST or (known and not word.isascii()):
            continue
        tried += 1
        if tried > MAX_UNKNOWN:
            break
        if short:
            nearest = _commoner(vocab, low, max(known, 1), limit=MAX_COUNTS, length=SHORT_WORD)
        elif known:
            nearest = [] if pair_docs and _named(typed, word, pair_docs) else _commoner(vocab, low, known)
        else:
            # A word known only with a dotted ending ("cawl.l" for "CAWL") is that word, not a typo.
            nearest = vocab.dotted(low, SPELLINGS) or _untypoed(
                vocab, _likeliest(low, vocab.nearest(low, maxdist=1 if len(low) <= 4 else 2, limit=NEIGHBOURS)),
                documents,
            )
        if nearest:
            spellings[word] = nearest
            unknown = unknown or not known
        elif not known:
            unresolved = True
    joined, joined_finds = _joined(vocab, text, count, found)
    if not spellings:
        return joined
    picks = {word: nearest[0] for word, nearest in spellings.items()}
    try:
        best = _respelled(text, picks)
        most = count(best)
        runs = 1
        for word, nearest in spellings.items():
            for other in nearest[1:]:
                if runs >= MAX_COUNTS:
                    break
                trial = _respelled(text, {**picks, word: other})
                n = count(trial)
                runs += 1
                if n > most:
                    picks[word], best, most = other, trial, n
    except Exception:  # noqa: BLE001 - a suggestion is optional; never fail the search for it
        return None
    if joined is not None and joined_finds >= most:
        return joined  # "Pyong yang" is "Pyongyang", not "Pyong yong"
    # "Harnishfeger earnings" finds no document with both words, nor does "Harnischfeger earnings"
    # (its item says "net"), but the respelled question ranks Harnischfeger's items first.
    return best if most > found or (unknown and not unresolved and most == found == 0) else None


# A rare word the collection writes beside the word typed beside it, in this many documents, is a
# name, not a typo: "Manor Care chairman" was offered "Major Care chairman" (Manor is in 6 items,
# 5 of them "Manor Care"; "major" in thousands), while "goverment budget" is in no document.
NAME_PAIRS = 2


def _named(typed: list[str], word: str, pair_docs: Callable[[str, str], int]) -> bool:
    """Whether `word` stands beside one of its typed neighbours in NAME_PAIRS documents or more (only
    content words count: "the goverment" is in four wire items)."""
    for i, other in enumerate(typed):
        if other != word:
            continue
        pairs = [(typed[i - 1], word)] if i else []
        pairs += [(word, typed[i + 1])] if i + 1 < len(typed) else []
        for first, second in pairs:
            near = first if second == word else second
            content = len(near) >= MIN_WORD and near.lower() not in QUESTION_STOP_WORDS and not near.isdigit()
            if content and pair_docs(first, second) >= NAME_PAIRS:
                return True
    return False


def _joined(vocab: Vocabulary, text: str, count: Callable[[str], int], found: int) -> tuple[str | None, int]:
    """(the query with two words side by side written as the one word the collection knows, what it
    finds) if that finds more than `found`: "Bay Banks quarter" is "Baybanks quarter"; else (None, found)."""
    typed = plain_words(text)
    best, most = None, found
    for runs, (first, second) in enumerate(zip(typed, typed[1:], strict=False)):
        if runs >= MAX_COUNTS:
            break
        low = tokens.folded(first + second)
        if not (first.isalpha() and second.isalpha()) or low not in vocab or len(low) > MAX_WORD:
            continue
        pair = re.compile(rf"(?<!\w){re.escape(first)}\s+{re.escape(second)}(?!\w)")
        trial = pair.sub(_cased_as(first, low), text, count=1)
        try:
            n = count(trial)
        except Exception:  # noqa: BLE001 - a suggestion is optional; never fail the search for it
            break
        if n > most:
            best, most = trial, n
    return best, most


def _commoner(
    vocab: Vocabulary, low: str, docs: int, *, limit: int = SPELLINGS, length: int | None = None
) -> list[str]:
    """The spellings one edit from a word in `docs` documents that are COMMONER times as common
    (of `length` letters, if given: its neighbours of other lengths are asked for too, then dropped).
    A longer word must be a slip of the hand or ear from it: "Arbed" (a steel maker in two items) is
    no typo of "armed", "b" being nowhere near "m"."""
    if length is None:
        nearest = [near for near in vocab.nearest(low, maxdist=1, limit=NEIGHBOURS) if _plausible(low, near)]
    else:
        nearest = vocab.nearest(low, maxdist=1, limit=10 * limit)
    return [near for near in nearest if vocab.counts[near] >= COMMONER * docs and length in (None, len(near))][:limit]


# A short word has dozens of spellings one letter away, and the most used three were weighed: "Arbd"
# was offered "Arb" (an added "d" nowhere near "b" on a keyboard) and never "Arbed" (a dropped "e"),
# "opek" "oper" (a Reuters abbreviation that finds every "operations") and never "opec". Of the
# spellings one letter away, those a hand would make are weighed first.
NEIGHBOURS = 30  # spellings as near asked for, before the likeliest are kept
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS: dict[str, set[str]] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _key in enumerate(_row):
        _near = {_row[j] for j in (_i - 1, _i + 1) if 0 <= j < len(_row)}
        if _r:  # the row above is set half a key to the left
            _near |= {_ROWS[_r - 1][j] for j in (_i, _i + 1) if j < len(_ROWS[_r - 1])}
        if _r + 1 < len(_ROWS):
            _near |= {_ROWS[_r + 1][j] for j in (_i - 1, _i) if 0 <= j < len(_ROWS[_r + 1])}
        _KEYS[_key] = _near
_VOWELS = set("aeiouy")
_SOUNDS = ({"c", "k"}, {"c", "s"}, {"k", "q"}, {"s", "z"})  # letters that sound alike: "opek" for "opec"


def _plausible(typed: str, near: str) -> bool:
    """Whether `near` is one slip of the hand or ear from `typed`: a letter dropped, a letter doubled
    or struck beside its neighbour's key, two letters swapped, a key beside the right one, a vowel for
    a vowel, or a letter that sounds the same."""
    if len(near) == len(typed) + 1:
        return any(near[:i] + near[i + 1:] == typed for i in range(len(near)))
    if len(near) == len(typed) - 1:
        for i, extra in enumerate(typed):
            if typed[:i] + typed[i + 1:] == near:
                beside = {typed[j] for j in (i - 1, i + 1) if 0 <= j < len(typed)}
                if any(extra == b or extra in _KEYS.get(b, ()) for b in beside):
                    return True
        return False
    if len(near) != len(typed):
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, near, strict=True)) if a != b]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        return typed[diff[0]] == near[diff[1]] and typed[diff[1]] == near[diff[0]]
    if len(diff) != 1:
        return False
    a, b = typed[diff[0]], near[diff[0]]
    return b in _KEYS.get(a, ()) or (a in _VOWELS and b in _VOWELS) or {a, b} in _SOUNDS


def _likeliest(typed: str, spellings: list[str]) -> list[str]:
    """The first SPELLINGS of `spellings` (as near as each other, most used first) that are a slip of
    the hand or ear from `typed`; the first SPELLINGS as ever if none is."""
    likely = [near for near in spellings if _plausible(typed, near)]
    return (likely or spellings)[:SPELLINGS]


def _untypoed(vocab: Vocabulary, spellings: list[str], documents: Callable[[str], int]) -> list[str]:
    """`spellings` without the collection's own rare typos: the nearest word to "Pensoil" is
    "Penzoil", in one wire item and respelled "Pennzoil" (in 44) when searched, so offering it would
    only lead to a second suggestion; it is offered as "Pennzoil". When a real word is as near, the
    typo is dropped instead: "dolar" is "dollar", not "dlr" (the commoner form of its typo "dolr",
    which matches more documents but is two edits from what was typed)."""
    typos: dict[str, str] = {}
    real: list[str] = []
    for near in spellings:
        docs = documents(near)
        commoner = _commoner(vocab, near, docs) if docs <= RARE_AT_MOST else []
        if commoner:
            typos[near] = commoner[0]
        else:
            real.append(near)
    return real or list(dict.fromkeys(typos.values()))


def _respelled(text: str, picks: dict[str, str]) -> str:
    for word, better in picks.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", _cased_as(word, better), text)
    return text


def _cased_as(typed: str, word: str) -> str:
    """`word` (as the vocabulary keeps it, lower case) in the case it was typed: "Kim Jong Un" for
    "Kim Jung Un", "CAWL.L" for "CAWL"."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
