"""Snippets and highlighted text: escaped HTML with the words that matched wrapped in <mark>.

Everything taken from a document is passed through html.escape here; the only markup in
the output is the <mark> tags this module writes, so callers may mark the result safe.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from whoosh.analysis import Analyzer

from . import tokens

SNIPPET_CHARS = 260
MAX_SCAN_CHARS = 200_000  # past this, long pages are not scanned for snippet matches
ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s+")

Span = tuple[int, int]
_FOLDABLE = re.compile("[" + "".join(map(re.escape, map(chr, tokens.FOLD))) + "]")


def match_spans(text: str, terms: set[str], analyzer: Analyzer, *, limit: int | None = MAX_SCAN_CHARS,
                prefixes: frozenset[str] = frozenset()) -> list[Span]:
    """Character spans of the words in `text` whose analysed form is one of `terms` or starts with one
    of `prefixes` (a query's wildcards, "solidar*").

    Re-analysing a whole body per hit dominated query time; instead a regex finds the words
    that start like a query stem, and only those are stemmed (and cached) to confirm them.
    """
    if not (terms or prefixes) or not text:
        return []
    starts = tuple(prefixes)

    def found(word: str) -> bool:
        stem = _analysed(word, analyzer)
        return stem in terms or (bool(starts) and stem.startswith(starts))

    scanned = text if limit is None else text[:limit]
    if not scanned.isascii() and _FOLDABLE.search(scanned):
        # Accents folded as the index folds them ("Türkiye" is found as "turkiye"); each folds to
        # one character, so the spans stay those of the text. (A pattern of every accented form of
        # each letter instead took 1.8 ms to compile, once per query.)
        scanned = scanned.translate(tokens.FOLD)
    # A CJK term is a pair of characters inside a run (tokens.CJK), not a word's start: found where
    # it is written, the pairs of one word merged ("金正", "正恩" mark "金正恩", not its whole clause).
    pairs = frozenset(term for term in terms if tokens.CJK.fullmatch(term))
    spans: list[Span] = [
        _with_last_dot(scanned, match) for match in _candidates(frozenset(terms) - pairs | prefixes).finditer(scanned)
        if found(tokens.lowered(match.group(0)))
    ] if terms - pairs or prefixes else []
    if pairs and not scanned.isascii():
        spans = _merged(spans, _pair_spans(scanned, pairs))
    # A compound ("F-16", "O'Neill": tokens.COMPOUND) is found as the index finds it: its term has no
    # hyphen or apostrophe, so a prefix pattern would need one allowed between any two letters, and
    # such a pattern took several times as long to compile, once per query.
    compounds = [match.span() for match in tokens.compounds(scanned) if found(match.group(0))]
    if "," in scanned and any(term[:1].isdigit() for term in (*terms, *prefixes)):
        # A number with groups of thousands ("44,913": tokens.GROUPED_NUMBER) is one term, found whole
        # as a compound is; its groups are not terms, so "913" is not marked in it.
        numbers = [match.span() for match in tokens.grouped_numbers(scanned)]
        spans = _outside(spans, numbers)
        compounds += [(s, e) for s, e in numbers if found(scanned[s:e])]
    return _merged(spans, compounds) if compounds else spans


def _pair_spans(text: str, pairs: frozenset[str]) -> list[Span]:
    """Spans of the CJK pairs in `text`, those that overlap merged into one."""
    out: list[Span] = []
    for match in _pairs_pattern(pairs).finditer(text):  # a look-ahead: overlapping pairs are each found
        start = match.start()
        end = start + len(match.group(1))
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


@lru_cache(maxsize=256)
def _pairs_pattern(pairs: frozenset[str]) -> re.Pattern[str]:
    return re.compile("(?=(" + "|".join(map(re.escape, sorted(pairs))) + "))")


def _with_last_dot(text: str, match: re.Match[str]) -> Span:
    """The span of a matched word, with an abbreviation's last dot, which the token leaves out:
    "<mark>U.K.</mark>", not "<mark>U.K</mark>."."""
    start, end = match.span()
    if text[end : end + 1] == "." and "." in match.group(0) and tokens.DOTTED_LETTERS.fullmatch(match.group(0)):
        return start, end + 1
    return start, end


def _outside(spans: list[Span], wider: list[Span]) -> list[Span]:
    """`spans` without those inside one of `wider` (both in order, the wider ones apart)."""
    starts = [start for start, _ in wider]
    return [(s, e) for s, e in spans if (k := bisect_right(starts, s) - 1) < 0 or wider[k][1] < e]


def _merged(spans: list[Span], wider: list[Span]) -> list[Span]:
    """Both lists of spans in order, without the spans that lie inside one of `wider` ("16" in "F-16")."""
    out: list[Span] = []
    for span in sorted(spans + wider, key=lambda s: (s[0], -s[1])):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern[str]:
    # Porter's stemming only rewrites a word's ending, so its first letters survive ("happi" ←
    # "happy"); a place's term also stands for its people's word ("china" for "Chinese").
    stems = {s for t in terms for s in tokens.porter_stems(t)}
    prefixes = sorted({_prefix(t) for t in stems}, key=len, reverse=True)
    # A candidate runs on through dots as the index's words do (tokens._TOKEN: "491.1", "cawl.l"):
    # stopped at the dot, "Revs 491.1 mln" was matched for "491.1" and never marked.
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*(?:\.\w+)*", re.IGNORECASE)


def _prefix(stem: str) -> str:
    """The letters every word with this stem starts with."""
    if len(stem) > 3:
        return stem[: max(3, len(stem) - 2)]
    if len(stem) == 3 and stem.endswith("i"):
        # Porter writes a final "y" as "i": "day" is "dai", "pay" "pai", "buy" "bui". Taken whole,
        # such a stem marked "paid" and "bought" but never "day", "pay" or "BUYS" themselves.
        return stem[:2]
    return stem


def mark(text: str, spans: Iterable[Span]) -> str:
    """`text` escaped, with each span wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start], quote=False))
        out.append("<mark>" + html.escape(text[start:end], quote=False) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def highlight_all(text: str, terms: set[str], analyzer: Analyzer, *, phrases: Iterable[tuple[str, ...]] = (),
                  bound: frozenset[str] = frozenset(), prefixes: frozenset[str] = frozenset()) -> str:
    """The whole text, escaped, with every match marked (for the document page); a word in `bound`
    only where it is part of one of `phrases`; a word whose analysed form starts with one of `prefixes`."""
    spans = match_spans(text, terms, analyzer, limit=None, prefixes=prefixes)
    return mark(text, _in_phrases(text, spans, analyzer, tuple(phrases), bound) if bound else spans)


def snippet(text: str, terms: set[str], analyzer: Analyzer, *, size: int = SNIPPET_CHARS,
            phrases: Iterable[tuple[str, ...]] = (), bound: frozenset[str] = frozenset(),
            prefixes: frozenset[str] = frozenset()) -> str:
    """The passage of `text` that shows the most different query words, cut at word boundaries;
    one that shows a whole phrase of the query (`phrases`: its analysed words) first. A word in
    `bound`, which the query has only inside phrases, is marked only where it is part of one; a
    word whose analysed form starts with one of `prefixes` (wildcards) is marked."""
    spans = match_spans(text, terms, analyzer, prefixes=prefixes)
    if spans and bound:
        spans = _in_phrases(text, spans, analyzer, tuple(phrases), bound)
    if not spans:
        return _lead(text, size)
    start, end = _best_window(text, spans, analyzer, size, tuple(phrases))
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = mark(text[start:end], inside)
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(text) else ""
    return _one_line(prefix + body + suffix)


def _best_window(text: str, spans: list[Span], analyzer: Analyzer, size: int,
                 phrases: tuple[tuple[str, ...], ...]) -> Span:
    # Score windows starting at each match by whether they hold a whole phrase of the query, then
    # by distinct words, then by number of matches.
    words = [_analysed(text[s:e], analyzer) for s, e in spans]
    found = _phrase_runs(text, spans, analyzer, phrases)
    # Then by the longest run of different query words side by side: for "Kim Jong Il", the place
    # the name is written beats a list of other names that holds "Kim", "Jong" and "Il" apart.
    chain = [1] * len(spans)
    for k in range(1, len(spans)):
        gap = text[spans[k - 1][1] : spans[k][0]]
        if words[k] != words[k - 1] and len(gap) <= _ADJACENT_GAP and (gap == " " or _left_out(gap)):
            chain[k] = chain[k - 1] + 1
    best = (False, -1, -1, -1, 0)
    j = 0
    for i, (s, _e) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] - s <= size:
            j += 1
        distinct = len(set(words[i : j + 1]))
        side_by_side = max(min(chain[k], k - i + 1) for k in range(i, j + 1))
        score = (any(i <= a and b <= j for a, b in found), distinct, side_by_side, j - i + 1, -i)
        if score > best:
            best = score
            first, last = i, j
    # A phrase the window's first or last match belongs to is taken whole: cut, it left one of its
    # words marked alone ("… <mark>rates</mark> and that", "we will not get the <mark>trade</mark> …").
    for a, b in found:
        if a < first <= b:
            first = a
        if a <= last < b:
            last = b
    s, e = spans[first][0], spans[last][1]
    # Centre the matches in the window, then snap both ends to whitespace.
    slack = max(0, size - (e - s))
    start = max(0, s - slack // 3)
    end = min(len(text), max(e, start + size))
    return _snap_start(text, start, s), _snap_end(text, end, e)


_ADJACENT_GAP = 12  # characters between two words side by side: spaces, punctuation, a word left out


def _in_phrases(text: str, spans: list[Span], analyzer: Analyzer, phrases: tuple[tuple[str, ...], ...],
                bound: frozenset[str]) -> list[Span]:
    """`spans` without the words of `bound` that are not part of a phrase there: for the query
    "trade deficit", "franc deficit" marked "deficit" as if it were the phrase."""
    words = [_analysed(text[s:e], analyzer) for s, e in spans]
    inside = {k for a, b in _phrase_runs(text, spans, analyzer, phrases) for k in range(a, b + 1)}
    return [span for k, (span, word) in enumerate(zip(spans, words, strict=True)) if word not in bound or k in inside]


def _phrase_runs(text: str, spans: list[Span], analyzer: Analyzer,
                 phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """(first, last) span indexes of each place the matches spell out a phrase: its words in order,
    nothing between two of them but one word the index leaves out ("of" in "bank of japan").

    A span's words are all its terms: "F-16" is "f16" then "16" (tokens.COMPOUND), as the phrase
    the query "F-16" makes has them.
    """
    runs = []
    if not any(len(phrase) > 1 for phrase in phrases):
        return runs
    flat = [(k, term) for k, (s, e) in enumerate(spans) for term in _terms(text[s:e], analyzer)]
    terms = [term for _, term in flat]
    for phrase in phrases:
        n = len(phrase)
        if n < 2:
            continue
        for a in range(len(flat) - n + 1):
            if tuple(terms[a : a + n]) == phrase and all(
                _left_out(text[spans[k][1] : spans[k + 1][0]])
                for k in range(flat[a][0], flat[a + n - 1][0])
            ):
                runs.append((flat[a][0], flat[a + n - 1][0]))
    return runs


def _left_out(gap: str) -> bool:
    """Whether the text between two matched words holds only words the index leaves out: a phrase
    matches across any number of them ("chairman of the board"), as Whoosh numbers positions
    without them."""
    return not tokens.words(gap)


_STEMS: dict[tuple[int, str], str] = {}


def _analysed(word: str, analyzer: Analyzer) -> str:
    key = (id(analyzer), word)
    stem = _STEMS.get(key)
    if stem is None:
        stem = next((token.text for token in analyzer(word, removestops=False)), word.lower())
        if len(_STEMS) > 100_000:
            _STEMS.clear()
        _STEMS[key] = stem
    return stem


def _terms(word: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The terms the index holds for a matched word: its stem, or a compound's and its parts'."""
    if not tokens.has_joiner(word) and not tokens.has_cjk(word):
        return (_analysed(word, analyzer),)
    return tuple(token.text for token in analyzer(word)) or (_analysed(word, analyzer),)


def _snap_start(text: str, start: int, first: int) -> int:
    """Where a window that would start at `start` starts: not inside a word, nor after `first` (the
    start of its first match)."""
    if start <= 0:
        return 0
    # Prefer a sentence or paragraph start close before the window.
    window = text[max(0, start - 40) : start]
    for mark_ in ("\n", ". "):
        k = window.rfind(mark_)
        if k != -1:
            return max(0, start - 40) + k + len(mark_)
    if not _inside_word(text, start):
        return start  # the window often starts on a match: nothing to cut
    after = _WHITESPACE.search(text, start, start + 30)
    if after is not None and after.end() <= first:
        return after.end()
    # The word runs into the first match ("anti-|shipping" for "shipping"): the window takes it whole.
    before = _last_space(text, start - 30, start)
    return before + 1 if before >= 0 else start


def _snap_end(text: str, end: int, last: int = 0) -> int:
    """Where a window that would end at `end` ends: not inside a word, nor before `last` (the end of
    its last match)."""
    if end >= len(text):
        return len(text)
    if not _inside_word(text, end):
        return end  # the window often ends on a match
    k = _last_space(text, end - 30, end)
    if k >= max(last, 1):
        return k
    after = _WHITESPACE.search(text, end, end + 30)
    return after.start() if after is not None else end


def _inside_word(text: str, at: int) -> bool:
    """Whether `at` (0 < at < len(text)) falls inside what the reader takes for one word: between two
    characters that are not spaces. A cut beside a hyphen, a dot or a comma left a piece of a word:
    "-shipping missile" of "anti-shipping", "an output of 6, …" of "6,122,378", "U.S …" of "U.S.-Japan"."""
    return not text[at - 1].isspace() and not text[at].isspace()


def _last_space(text: str, lo: int, hi: int) -> int:
    """The index of the last whitespace character in text[lo:hi], or -1."""
    for k in range(hi - 1, max(lo, 0) - 1, -1):
        if text[k].isspace():
            return k
    return -1


def _lead(text: str, size: int) -> str:
    if len(text) <= size:
        return _one_line(html.escape(text, quote=False))
    # Cut after a space, the lead kept it and showed two before the ellipsis ("close  …").
    return _one_line(html.escape(text[: _snap_end(text, size)].rstrip(), quote=False)) + " " + ELLIPSIS


PARAGRAPH_SEPARATOR = " · "
# What ends a paragraph so that the next one reads on without a separator: a sentence's end, or a
# comma ("Comrades," / "Our armed forces are").
_CLOSES_SENTENCE = frozenset(".!?:;…,")
_CLOSING = frozenset("\"'”’»)]")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")  # a run of whitespace holding a blank line


def _one_line(marked: str) -> str:
    """A snippet's HTML on one line: each whitespace run a space, and a paragraph break (a blank line)
    after a paragraph that does not end a sentence PARAGRAPH_SEPARATOR. Run together with a space, a
    results table read "Qtly div class A nine cts vs 7.5 cts prior Qtly div class B nine cts vs 7.5
    cts prior Pay April 30" and a list's heading ran into its first item. A paragraph that goes on
    in lower case continues a sentence a capture broke ("a special charge of 2.7 mln" / "dlrs")."""
    # Only the breaks are looked at in Python: a call for every whitespace run took 27 µs a snippet.
    pieces: list[str] = []
    at = 0
    for match in _PARAGRAPH_BREAK.finditer(marked):
        pieces += (marked[at : match.start()], _joint(marked, match))
        at = match.end()
    pieces.append(marked[at:])
    return _WHITESPACE.sub(" ", "".join(pieces))


def _joint(marked: str, match: re.Match[str]) -> str:
    if match.start() == 0 or match.end() == len(marked):
        return " "
    before = html.unescape(marked[max(0, match.start() - 16) : match.start()].removesuffix("</mark>"))
    last = before[-2:-1] if before[-1:] in _CLOSING and len(before) > 1 else before[-1:]
    after = html.unescape(marked[match.end() : match.end() + 16].removeprefix("<mark>"))
    return " " if last in _CLOSES_SENTENCE or after[:1].islower() else PARAGRAPH_SEPARATOR
