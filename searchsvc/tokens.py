"""The index's tokens, computed without Whoosh's analyzer pipeline where only the words are needed.

Whoosh's analyzer (`analyzer()`) makes a Token object per word and passes it through four
generators; feedback, the vocabulary and the body and title fields (schema.StemmedText) only
need the resulting strings. These functions give exactly the same words (tests/test_tokens.py
compares them) several times faster: the tokens of Whoosh's RegexTokenizer pattern, accents
folded and lowercased, Whoosh's stop list and minimum length, and its Porter stemmer (with step
1b as Porter wrote it: _porter) behind a cache, with a people's word stemmed as its place's
(places.py), the wires' shorthand as the word it stands for (shorthand.py), an irregular
verb's past as the verb (verbs.py), a British spelling as the American (spelling.py), a plural
Porter leaves apart as its singular (plurals.py) and a Korean name romanized another way as KCNA
writes it (romanized.py).

Accented letters fold to plain ones (Türkiye → turkiye, Díaz → diaz, Chosŏn → choson, full-width
ＤＰＲＫ → dprk) with Whoosh's own table (`whoosh.support.charset.accent_map`), so a word typed
without its accents finds it, and with them finds the plain spelling too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from functools import partial
from operator import is_not

from whoosh import analysis
from whoosh.analysis import STOP_WORDS
from whoosh.lang import porter as _whoosh_porter_module
from whoosh.lang.porter import stem as _whoosh_porter
from whoosh.support.charset import accent_map

from . import places, plurals, romanized, shorthand, spelling, verbs

# Whoosh's RegexTokenizer pattern: runs of word characters, joined by single dots ("u.s", "3.14").
# _lowered_tokens finds the same tokens without the regex engine; the pattern stays as their
# definition (and for the tests).
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_MIN_LENGTH = 2
# A word of one letter joined by "-" or "&" to others: "G-7", "F-16", "AT&T", "X-ray", "M-1", "A-1-plus".
# Its parts say little alone ("G" and "7" are too short to index, so "G-7" had no words to search
# for, and "F-16" searched "16"), so the whole is a term too, indexed just before its parts ("f16",
# then "16"): "16" and "ray" still find "F-16" and "X-ray". Its hyphens are left out, so "G7",
# "F16" and "email" find "G-7", "F-16" and "e-mail"; an ampersand stays.
# So is a name with one letter and an apostrophe before a capital ("O'Neill", "d'Ivoire", not "I'm"):
# "O'Neill" found every "Neill". Not touching a word, a dot-joined word or another joiner on either
# side ("U.S.-Japan", "DPRK-U.S." are not compounds).
#
# A word romanized by McCune-Reischauer, whose apostrophe marks an aspirated consonant ("P'yŏngyang",
# "Ch'ŏllima", "Chuch'e", "Kaech'ŏn") or parts "n" from "g" ("Han'guk"), is one term without it:
# split there, "P'yŏngyang" was "yongyang" (its "P" too short to index) and no one found it,
# "Ch'ŏllima" was "ch" and "ollima". Its parts are no words, so they are not terms (ROMANIZED).
# An aspirate is "ch", "k", "p" or "t" before a vowel ("w" and "y" too, as in "p'yo", "k'wa"); one
# letter alone before it is a capital: "t'aime" is French, and "Korea's", "what's", "don't",
# "l'accord" keep their apostrophes' meaning. Nor is a "t" after "n", "s" or "t": Italian and
# Portuguese elide so ("Sant'Anna", "quest'anno", "tutt'altro"), few Korean names ("Hant'an") and no
# "st'" or "tt'". Nor a word with a letter neither romanization writes (f, q, v, x, z), or a "c" but
# in "ch" ("ck'", "ct'"): English words a quotation mark glues ("effect'originates", "stock'exchange").
# Wade-Giles marks Chinese aspirates alike ("Ch'u-K'ai", "T'ang"). Library catalogues and archives
# (the Library of Congress's ALA-LC romanization) write the mark "ʻ" ("Pʻyŏngyang", "Chʻoe"), others
# "ʼ" or "‘": the first two are letters to the tokenizer, so "pʻyongyang" was a term of its own.
_APOSTROPHES = "'’‘ʻʼ"
_VOWEL_NEXT = r"(?=[^\W\d_bcdfghjklmnpqrstvxzBCDFGHJKLMNPQRSTVXZ])"
_LETTER = r"[^\W\d_fqvxzFQVXZ]"
_ROMANIZED = (
    rf"(?:(?:(?:{_LETTER}*[cC][hH]|{_LETTER}+[pP]|{_LETTER}*[^\W\d_cfqvxzCFQVXZ][kK]"
    rf"|{_LETTER}*[^\W\d_cnstfqvxzCNSTFQVXZ][tT]|[PTK])[{_APOSTROPHES}]{_VOWEL_NEXT}"
    rf"|{_LETTER}+[nN][{_APOSTROPHES}](?=[gG]))+{_LETTER}+)"
)
ROMANIZED = re.compile(_ROMANIZED)
COMPOUND = re.compile(
    # after a hyphen too ("Tae-ch'ŏn"), before one ("Ch'ŏng-il") or a possessive ("P'yŏngyang's"); in
    # capitals ("P'YŎNGYANG") not an "O'NEILL"
    rf"(?<![\w.{_APOSTROPHES}]){_ROMANIZED}(?!\w|\.\w)|"
    r"(?<![\w.&-])(?<!\w['’])(?!(?<=[0-9],)[0-9])"  # nor a number's group ("1,000-A": GROUPED_NUMBER)
    r"(?:[^\W\d_](?:[-&]\w+)+|\w+(?:[-&]\w+)*?[-&][^\W\d_](?:[-&]\w+)*|[^\W\d_]['’](?=[^\W\d_a-z])\w+)"
    r"(?![\w&-]|\.\w)"
)
# A word of letters joined by hyphens ("pre-tax", "co-operation", "non-linear"), no part a single letter:
# the index has its parts, side by side; a query also searches it written solid (queryparse.solid_term).
HYPHENATED = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})+")
# A compound's term keeps "&" only ("at&t": "A&P" is not "AP"); a grouped number's loses its commas.
_UNJOINED = str.maketrans("", "", "-'’‘,")
# A romanized word's term has none of its marks (ROMANIZED); "ʻ" and "ʼ" stay in any other word ("Hawaiʻi").
_UNMARKED = str.maketrans("", "", _APOSTROPHES)
# A number written with commas between groups of thousands ("44,913", "1,029,600", "25,929.42") is
# one term without them ("44913", "25929.42"): split at its commas, "44,913 sq km" was "44" and "913",
# so "44913" did not find it, nor "25929.42" "25,929.42". Its groups are not terms as well: "913"
# is not a word of "44,913" any more than "14" is of "3.14", and "000" was a term of every thousand.
# A first group of 1-3 digits, then groups of exactly 3: "1987,300", "3,1" and "1,5" stay apart
# (a year and a count, a decimal comma). Not joined by a dot or a comma to a word or number either side.
GROUPED_NUMBER = re.compile(r"(?<!\w)(?<!\w\.)(?<![0-9],)[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?!\w|\.\w|,[0-9])")
_GROUP_COMMA = re.compile(r",[0-9]{3}")  # in every grouped number; a pattern starting with "," is found fast
_STEMS_MAX = 100_000  # words; the cache is emptied when full (a worker's memory stays bounded)

# Chinese and Japanese put no space between words, and Korean joins its particles and endings to
# them ("평양에서", "위원장은"): to the tokenizer a whole clause was one word, so "制裁" or "朝鲜" inside
# "反对单边制裁" found nothing and "평양" missed "평양에서". A run of these scripts' characters is
# indexed as its overlapping pairs ("金正恩" as "金正", "正恩"), as Lucene's CJK analyzer does; a
# typed word of several pairs is searched as the phrase of them (queryparse.multitoken_query), which
# finds it inside any longer run. Hangul (syllables and jamo), Han (with 々 〆 〇), hiragana and
# katakana (half-width too); a character of another script ends the run ("COVID-19疫情").
CJK = re.compile(
    "[\u1100-\u11ff\u3005-\u3007\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]+"
)


def is_word_char(char: str) -> bool:
    """Whether `\\w` matches the character (on str, exactly isalnum() or "_")."""
    return char.isalnum() or char == "_"


# Each non-ASCII word character the table folds, to its one plain character: a folded text keeps
# every character's offset (highlight.py relies on that), and its words' boundaries.
FOLD = {code: out for code, out in accent_map.items() if code > 127 and is_word_char(chr(code))}
# Russian's "ё" is mostly printed "е" (Whoosh's table leaves Cyrillic as it is): "напряженность"
# did not find "напряжённость", nor "Пхеньян" a page that writes "Пхёньян".
FOLD |= {ord("ё"): "е", ord("Ё"): "Е"}


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


# Whoosh's Porter stemmer measures a stem (Porter's m, how many vowel-consonant runs it has) with
# patterns in which "y" is neither vowel nor consonant, where Porter counts a "y" after a consonant
# as a vowel: every word with such a "y" before its ending measured 0, and kept its ending. So
# "typically" was "typicalli" and "typical" "typical", "physically" "physicalli", "psychological"
# "psychological" and "psychology" "psychologi": a search for one never found the other. These are
# the measures of Porter's own reference implementation; stem() reads them when it runs.
_CONSONANTS = "[^aeiou][^aeiouy]*"
_VOWELS = "[aeiouy][aeiou]*"
_whoosh_porter_module._mgr0 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}")  # m > 0
_whoosh_porter_module._meq1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}({_VOWELS})?$")  # m == 1
_whoosh_porter_module._mgr1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}{_VOWELS}{_CONSONANTS}")  # m > 1

# Whoosh's Porter stemmer tests the endings of step 1b with re.match, anchored at the word's start,
# so two of its rules never apply: a doubled last letter stayed ("dropped" "dropp", "cutting" "cutt",
# "shipped" "shipp", while "drop", "cuts", "ship" are "drop", "cut", "ship") and "-ate", "-ize" lost
# their "e" ("estimated" "estimat", "stabilized" "stabiliz"; "estimate" "estim", "stabilize"
# "stabil"). A question typed "why is GM cutting merit raises" listed the item saying "cuts" as
# missing "cutting". _porter applies those rules as Porter wrote them, then Whoosh's steps.
_ED_ING = re.compile(r"(ed|ing)$")
_HAS_VOWEL = re.compile(r"[^aeiouy]*[aeiouy]")  # Whoosh's test: a vowel in what the ending leaves
_ADD_E = re.compile(r"(at|bl|iz)$")
# So does a verb in "-ence": Porter takes "-ence" off "experience" ("experi") but found none in
# "experienc", what "-ed" left of "experienced", and "experience" did not find "experienced". Not
# "-ance": Porter makes "refinance" "refin", and "refinancing" would have found "refining".
_NCE = "enc"
# Porter2's doubles, without "ff": no English verb doubles an f ("staffed" is "staff"'s).
_DOUBLED = re.compile(r"(bb|dd|gg|mm|nn|pp|rr|tt)$")
# Words that end in a double of their own, which their -ed and -ing keep ("added" is not "ad").
_OWN_DOUBLE = frozenset({"add", "odd", "egg", "ebb", "err", "inn", "purr", "butt", "putt", "mitt", "watt"})


# Porter's stemmer takes "-ly" off only after "-al", "-ent", "-ous" (when the word is long), "-ble"
# and "-e", so most adverbs kept it and missed their adjective: "significantly" was "significantli"
# ("significant": "signific"), "previously" "previous" ("previous": "previou"), "directly"
# "directli": "prices rose significantly" was not found by "significant rise" (in the 20k items
# "previously" is in 860, "significantly" in 198). An adverb whose base ends as an adjective does
# stems as that adjective; not one whose base is another word ("nearly", "rightly", "likely",
# "hardly", "shortly", "mostly", "fully", "early", "really": endings left out or bases too short).
# Porter takes "-ly" off "-ally" itself, but as its one step-2 ending: "traditionally" kept its
# "-ion" ("tradition"), which "traditional" lost after its "-al" ("tradit"); stemmed as the
# adjective, it is the adjective's.
# Common adverbs whose adjective ends otherwise, each the same word as its adjective ("shares fell
# sharply" was not found by "sharp fall"; 20k items: "sharply" 369, "sharp" 348). Not "firmly"
# ("firm" is mostly a company), "newly" (Porter stems "news" as "new"), "fairly", "highly", "nearly",
# "shortly", "partly", "mostly", "hardly", "really", "costly", "roughly", "promptly" ("prompted"):
# another sense than their adjective's; nor "mainly" (Porter stems "Maine" as "main"), "warmly"
# ("global warming").
_ADVERBS = frozenset("""sharply strongly quickly deeply broadly slowly clearly greatly publicly properly
    jointly certainly keenly badly smoothly freshly richly openly plainly""".split())
_ADVERB = re.compile(r"(.+(?:ous|ant|less|form|ful)|.{2,}ct|.{3,}ght|.{3,}id|.{3,}al|.{4,}ar)ly")


# Porter's step 1b takes a word ending in "-eed" to "-ee" when its measure is above 0, and step 5
# then its "e": "exceed" was "exce", where "exceeded" and "exceeding", whose "-eed" is not their
# ending, lost their "-ed" and "-ing" and were "exceed": "exceed forecasts" did not find "exceeded
# forecasts". Porter2 lists "exceed", "proceed" and "succeed" as words to keep whole; so are they here
# (with their "-s"), as their other forms are; but "proceeds", mostly the money a sale brings, is
# Porter's as before: kept whole, it found "legal proceedings".
_CEED = re.compile(r"(?:ex|suc)ceeds?|proceed")


def _porter(word: str) -> str:
    """Porter's stem of a lowercased word (Whoosh's, with step 1b's rules applied: see _ED_ING), an
    adverb as its adjective (_ADVERB), "exceed", "proceed" and "succeed" kept whole (_CEED)."""
    if word.endswith("ly") and (word in _ADVERBS or (adverb := _ADVERB.fullmatch(word))):
        word = word[:-2] if word in _ADVERBS else adverb.group(1)
    elif word.endswith(("ceed", "ceeds")) and _CEED.fullmatch(word):
        return word.removesuffix("s")
    out = _whoosh_porter(word)
    if len(word) < 3:
        return out
    # Step 1a as Porter's (and Whoosh's): "settings" is "setting" before its ending is taken off.
    plain = word
    if word.endswith(("sses", "ies")):
        plain = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        plain = word[:-1]
    ending = _ED_ING.search(plain)
    if ending is None or plain.endswith("eed"):
        return out
    base = plain[: ending.start()]
    if not _HAS_VOWEL.match("Y" + base[1:] if base.startswith("y") else base):
        return out
    if (_ADD_E.search(base) and len(base) > 2) or base.endswith(_NCE):
        return _whoosh_porter(base + "e")
    if _DOUBLED.search(base) and base not in _OWN_DOUBLE:
        return _whoosh_porter(base[:-1])
    return out


def _place_or_porter(word: str) -> str:
    """Porter's stem, but a place that it would make another word's ("france": "franc") is itself."""
    return word if word in places.UNSTEMMED else _porter(word)


def joined_stems(table: str) -> dict[str, str]:
    """stem of each other word of a table's line → stem of the line's first word, where they differ."""
    out: dict[str, str] = {}
    for line in table.split("\n"):
        if line.strip():
            word, *others = map(_place_or_porter, line.split())
            out.update((other, word) for other in others if other != word)
    return out


# A people's word is indexed as its place's ("korean" as "korea"): places.py; a wire's shorthand as
# the word it stands for ("mln" as "million"): shorthand.py; a past form as its verb ("fell" as "fall"):
# verbs.py; a British spelling as the American ("defence" as "defense"): spelling.py; a plural as its
# singular ("women" as "woman", "surpluses" as "surplus"): plurals.py; a Korean name romanized another
# way as KCNA writes it ("Nampo" as "Nampho", "Joseon" as "Joson"): romanized.py.
_JOINED = (joined_stems(places.TABLE) | joined_stems(shorthand.TABLE) | joined_stems(verbs.TABLE)
           | joined_stems(spelling.TABLE) | joined_stems(plurals.TABLE) | joined_stems(romanized.TABLE))

# term → the stems of the other words it stands for ("korea": "korean"; "million": "mln")
_ALSO: dict[str, tuple[str, ...]] = {}
for _other, _term in _JOINED.items():
    _ALSO[_term] = (*_ALSO.get(_term, ()), _other)


# An abbreviation of single letters is one term with its dots and without: "U.K." and "UK", "U.S.S.R."
# and "USSR", "E.C." and "EC" (of the 20k benchmark collection, "UK" found 72 documents and "U.K."
# 558). Not where the word without dots is another: "us" (the pronoun: "US" in capitals is indexed
# as "U.S", CAPITALS), "un" (of Kim Jong Un: "UN" in capitals is "U.N") and "am".
DOTTED_LETTERS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_KEEP_DOTS = frozenset({"u.s", "u.n", "a.m"})


def stem(word: str) -> str:
    """The index's stem of a lowercased word: Porter's, a place's for the word for its people, the
    word's for a wire's shorthand; an abbreviation's without its dots; a British "-ise" as the "-ize"."""
    if "." in word and word not in _KEEP_DOTS and DOTTED_LETTERS.fullmatch(word):
        word = word.replace(".", "")
    out = _place_or_porter(spelling.american(word))
    return _JOINED.get(out, out)


def porter_stems(term: str) -> tuple[str, ...]:
    """The Porter stems of the words an index term stands for, as they may be written: itself, for a
    place the words for its people ("china" also stands for "chines", Porter's stem of "Chinese"),
    for a word the wires' shorthand ("million" for "mln"),
    and a short word's spelling as dotted letters, or a dotted one's without ("u.k" for "uk", "us"
    for "u.s"); a match is confirmed by analysing it, so a spelling too many costs nothing else."""
    if term == _US_TERM:
        other: tuple[str, ...] = ("us",)
    elif "." in term:
        other = (term.replace(".", ""),) if DOTTED_LETTERS.fullmatch(term) else ()
    else:
        other = (".".join(term),) if 2 <= len(term) <= 4 and term.isalpha() else ()
    return (term, *_ALSO.get(term, ()), *other)


def analyzer() -> analysis.CompositeAnalyzer:
    """Whoosh's StemmingAnalyzer with compounds (COMPOUND), "US" as "U.S", accents folded and places
    joined (`stem`): what queries and highlighting analyse with."""
    return (CompoundTokenizer() | UnitedStatesFilter() | FoldFilter() | analysis.StopFilter()
            | analysis.StemFilter(stemfn=stem))


class CompoundTokenizer(analysis.RegexTokenizer):
    """Whoosh's RegexTokenizer, with each compound (COMPOUND) a token of its own before its parts."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,  # noqa: ANN001, ANN204, PLR0913
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        value = named(value)
        if not tokenize or not (_has_compound(value) or _has_grouped_number(value) or has_cjk(value)):
            # Whoosh's own generator, returned rather than delegated to: analysing a query's words
            # and a snippet's candidates calls this thousands of times a second.
            return super().__call__(value, positions, chars, keeporiginal, removestops, start_pos, start_char,
                                    tokenize, mode, **kwargs)
        return self._with_compounds(value, positions, chars, keeporiginal, removestops, start_pos, start_char,
                                    mode, **kwargs)

    def _with_compounds(self, value, positions, chars, keeporiginal, removestops, start_pos, start_char,  # noqa: ANN001, ANN202, PLR0913
                        mode, **kwargs):
        t = analysis.Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (text, start, end) in enumerate(_tokens_and_compounds(value)):
            # a compound's or number's; no other token has a joiner
            t.text = _term_text(text)
            t.boost = 1.0
            if keeporiginal:
                t.original = t.text
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def _has_compound(text: str) -> bool:
    """Whether the text may hold a compound: most texts have hyphens and apostrophes, few have a
    compound, and COMPOUND tried at every character took longer than the rest of the tokenizing."""
    return (has_joiner(text) or _has_marks(text)) and next(_joins(text), None) is not None


def _has_marks(text: str) -> bool:
    """Whether the text holds "ʻ" or "ʼ", a romanized word's mark (ROMANIZED) that is a letter to the tokenizer."""
    return not text.isascii() and ("ʻ" in text or "ʼ" in text)


def _term_text(token: str) -> str:
    """A token as its term spells it before folding: a compound's without its joiners, a romanized
    word's without its marks."""
    return token.translate(_UNMARKED if _has_marks(token) and ROMANIZED.fullmatch(token) else _UNJOINED)


def has_joiner(text: str) -> bool:
    """Whether the text holds a hyphen, ampersand or apostrophe, one of which every compound has but a
    word romanized with "ʻ" or "ʼ" (_has_marks)."""
    return "-" in text or "&" in text or "'" in text or "’" in text or (not text.isascii() and "‘" in text)


def _joins(text: str) -> Iterator[int]:
    """Where a compound may be: the joiners COMPOUND would take, a few more, never fewer."""
    if "-" in text or "&" in text:
        for joined in _JOINED_LETTER.finditer(text):
            yield joined.start()
    for apostrophe in _APOSTROPHES:
        at = text.find(apostrophe, 1)
        while at > 0:
            # A letter and an apostrophe before a capital ("O'Neill"), or an aspirate's before a vowel
            # ("P'yŏngyang", "Chuch'e": ROMANIZED); "Korea's" and "what's" fail at their "s".
            after = text[at + 1 : at + 2]
            before = text[at - 1]
            if after and is_word_char(after) and is_word_char(before) and (
                    after not in _ASCII_LOWER or (before in _ASPIRATE and after in _VOWELS)
                    or (before in "nN" and after == "g")):
                yield at
            at = text.find(apostrophe, at + 1)


# A hyphen or ampersand with one letter after it and no word character after that, or one letter (not
# joined to a word) before it: every such compound has one, and a pattern starting with it is found fast.
_JOINED_LETTER = re.compile(r"[-&](?:[^\W\d_](?!\w)|(?<=(?<![\w.&-])[^\W\d_].))")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASPIRATE = frozenset("hHkKpPtT")  # the last letter of "ch", "k", "p", "t"
_VOWELS = frozenset("aeiouwy")


_TOKEN_OR_COMPOUND = re.compile(f"{COMPOUND.pattern}|{GROUPED_NUMBER.pattern}|{_TOKEN.pattern}")


def _has_grouped_number(text: str) -> bool:
    return "," in text and next(grouped_numbers(text), None) is not None


def grouped_numbers(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """GROUPED_NUMBER.finditer(text, start, end), looking only where a comma is followed by three
    digits: the pattern tried at every character of the 20k collection's bodies took 0.44 s, this 0.05 s.
    Its look-behinds see the text before `start`, as they do in the whole text."""
    end = len(text) if end is None else end
    done = start
    for comma in _GROUP_COMMA.finditer(text, start, end):
        at = comma.start()
        if at < done:
            continue
        # A grouped number starts where the run of digits before its first comma does.
        first = at
        while first > start and "0" <= text[first - 1] <= "9":
            first -= 1
        if number := GROUPED_NUMBER.match(text, first, end):
            done = number.end()
            yield number


def _tokens_and_compounds(text: str) -> Iterator[tuple[str, int, int]]:
    """(text, start, end) of each token: a compound, then its parts; a CJK run's pairs (cjk_pieces)."""
    for match in _TOKEN_OR_COMPOUND.finditer(text):
        whole = match.group(0)
        if has_joiner(whole) and not ROMANIZED.fullmatch(whole):  # a compound; its parts follow it
            yield whole, match.start(), match.end()
            for part in _TOKEN.finditer(text, match.start(), match.end()):
                yield from _pieces(part)
        elif has_cjk(whole) and not has_joiner(whole) and not (_has_marks(whole) and ROMANIZED.fullmatch(whole)):
            yield from _pieces(match)
        else:  # a word, a number, or a romanized word (one term whole, as _lowered_tokens has it)
            yield whole, match.start(), match.end()


def _pieces(match: re.Match[str]) -> Iterator[tuple[str, int, int]]:
    at = match.start()
    for text, start, end in cjk_pieces(match.group(0)):
        yield text, at + start, at + end


# "US" in capitals is the United States, as "U.S." is: KCNA writes "the US imperialists", Reuters
# "U.S. sanctions". Lowercased it is "us", a stop word (and Porter's stem of "use"), so a search for
# it failed and "US sanctions" searched "sanctions" alone. It is indexed as "U.S" is. So is "UN" as
# "U.N": lowercased, it was "Un" of Kim Jong Un.
CAPITALS = {"US": "U.S", "UN": "U.N"}
# What the tokenizer would make the token "US" or "UN": not joined by a dot to a word on either side.
# The lookbehinds follow the letters, so the pattern starts with a literal and is found fast.
US_WORD = re.compile(r"U[SN](?<!\w..)(?<!\w\...)(?!\w)(?!\.\w)")


_US_TERM = stem("u.s")  # "u.": Porter takes the "s" off


# In capitals, "UN" after "JONG" is Kim Jong Un's name, not the United Nations ("KIM JONG UN" typed
# or in a headline found a statement about the UN secretary-general). Written "Un" before tokenizing,
# in the analyzer (CompoundTokenizer) and the fast path alike: the same length, so offsets stay.
_JONG_UN = re.compile(r"(?<=(?<![\w.])JONG[ -])UN(?!\w)")


def named(text: str) -> str:
    """`text` with "UN" after "JONG" written "Un"."""
    return _JONG_UN.sub("Un", text) if "JONG" in text else text


def lowered(word: str) -> str:
    """A word lowercased, as lookups of typed and matched words key it, but "US" and "UN" kept: in
    capitals they are the United States and Nations, which the analyzer indexes as "U.S" and "U.N"."""
    return word if word in CAPITALS else word.lower()


class UnitedStatesFilter(analysis.Filter):
    """The token "US" (in capitals) becomes "U.S", before lowercasing would make it the pronoun, and
    "UN" becomes "U.N". (Named before it took "UN" too: an index's pickled schema names the class.)"""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - whoosh's token generator protocol
        for t in tokens:
            if t.text in CAPITALS:
                t.text = CAPITALS[t.text]
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
    """The tokens CompoundTokenizer finds, each lowercased (and folded): a compound, then its parts."""
    if not has_joiner(text) and not _has_marks(text):
        return _lowered_plain_tokens(text)
    # A compound touches no word character, dot or joiner, so the text around it splits into the
    # same tokens alone as in the whole; with no compound, the loop leaves the whole text. (Asking
    # _has_compound first looked for joiners twice in each text that has a compound.)
    out: list[str] = []
    start = 0
    for match in compounds(text):
        whole = match.group(0)
        out += _lowered_plain_tokens(text, start, match.start())
        out.append(folded(_term_text(whole)))
        if not ROMANIZED.fullmatch(whole):
            out += _lowered_plain_tokens(whole)
        start = match.end()
    out += _lowered_plain_tokens(text, start)
    return out


def compounds(text: str) -> Iterator[re.Match[str]]:
    """COMPOUND.finditer(text), looking only around `_joins`: COMPOUND tried at every character of a
    long text took a tenth of a millisecond."""
    end = 0
    for at in sorted(_joins(text)):
        if at < end:
            continue
        # The run of word characters, dots and joiners around it: no compound crosses its ends, and
        # the characters past them are neither, so COMPOUND's look-arounds see the same inside it.
        start = at
        while start and (text[start - 1] in ".&-'’‘" or is_word_char(text[start - 1])):
            start -= 1
        end = _RUN.match(text, at).end()
        yield from COMPOUND.finditer(text, start, end)


_RUN = re.compile(r"[\w.&'’‘-]*")


def _lowered_plain_tokens(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """_TOKEN.findall(text[start:end]), each lowercased, a grouped number (GROUPED_NUMBER) without its
    commas, with str methods only (the regex was most of the time).

    After the translation the text holds word characters, dots and spaces; a dot belongs to a
    token only between two word characters, so dots next to a space, another dot or an end go.
    Lowercasing the whole text equals lowercasing each token: no character lowercases to a space
    or a dot, spaces stay spaces, and a space, like the NUL Whoosh's pipeline effectively had
    between tokens, is neither cased nor case-ignorable (the final-sigma rule sees the same).
    """
    # A grouped number is found in the whole text: a piece after a compound ("F-1,000,000") may
    # start with a comma whose number is the compound's.
    text = _without_group_commas(text, start, end) if "," in text else text[start:end]
    if "US" in text or "UN" in text:
        # As UnitedStatesFilter does (the index keeps word positions, not offsets).
        text = US_WORD.sub(_dotted_capitals, named(text))
    chars = text.translate(_TOKEN_CHARS)
    if "." in chars:
        # Pairs of dots first: an odd run leaves one dot, which then has a space beside it.
        chars = f" {chars} ".replace("..", "  ").replace(" .", "  ").replace(". ", "  ")
    found = chars.lower().split()
    if has_cjk(chars):
        return [piece for token in found for piece, _, _ in cjk_pieces(token)]
    return found


def has_cjk(text: str) -> bool:
    """Whether the text holds a character of a script written without spaces between words (CJK)."""
    return not text.isascii() and CJK.search(text) is not None


def cjk_pieces(token: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of the terms a token stands for: itself, or where it holds CJK characters
    (CJK) each run of them as its overlapping pairs (one character alone as itself) and the rest
    as the words between them, without the dots that joined them to the run ("3.5亿" is "3.5", "亿")."""
    if not has_cjk(token):
        return [(token, 0, len(token))]
    out: list[tuple[str, int, int]] = []
    at = 0
    for run in CJK.finditer(token):
        out += _between(token, at, run.start())
        start, end = run.span()
        if end - start == 1:
            out.append((run.group(0), start, end))
        else:
            out += [(token[k : k + 2], k, k + 2) for k in range(start, end - 1)]
        at = end
    return out + _between(token, at, len(token))


def _between(token: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The word between two CJK runs of a token (or a run and an end), without its joining dots."""
    while start < end and token[start] == ".":
        start += 1
    while end > start and token[end - 1] == ".":
        end -= 1
    return [(token[start:end], start, end)] if start < end else []


def _without_group_commas(text: str, start: int = 0, end: int | None = None) -> str:
    """text[start:end] with each grouped number written without its commas (one token, as the analyzer's)."""
    pieces: list[str] = []
    at = start
    for number in grouped_numbers(text, start, end):
        pieces += (text[at : number.start()], number.group(0).replace(",", ""))
        at = number.end()
    pieces.append(text[at:end])
    return "".join(pieces)


def _dotted_capitals(match: re.Match[str]) -> str:
    return CAPITALS[match.group(0)]


def words(text: str) -> list[str]:
    """Lowercased, unstemmed words in order, stop words and one-letter words left out."""
    return [w for w in _lowered_tokens(text) if len(w) >= _MIN_LENGTH and w not in STOP_WORDS]


def distinct_words(*texts: str) -> frozenset[str]:
    """The distinct words `words` gives for any of the texts (distinct first: fewer tests)."""
    # One pass over the texts joined by a space: no token spans a space.
    return _kept(set(_lowered_tokens(" ".join(texts))))


def _kept(found: set[str]) -> frozenset[str]:
    """The words of `found` the index keeps: no stop word, none shorter than _MIN_LENGTH."""
    found -= STOP_WORDS
    return frozenset(w for w in found if len(w) >= _MIN_LENGTH)


def stems(text: str) -> list[str]:
    """The terms the body and title fields index for `text`, in order."""
    return positioned_stems(text)[1]


def positioned_stems(text: str) -> tuple[int, list[str]]:
    """(position of the first term, terms): the analyzer numbers the first kept word by its place
    among all words (stop words included), and the words after it consecutively."""
    return _positioned(_lowered_tokens(text))


def words_and_stems(*texts: str) -> tuple[frozenset[str], list[tuple[int, list[str]]]]:
    """(distinct_words(*texts), positioned_stems of each text), each text tokenized once: a full
    build lists a document's words for the vocabulary and indexes its terms, and tokenizing its
    body twice was 4% of the build."""
    lowered = [_lowered_tokens(text) for text in texts]
    found: set[str] = set()
    for each in lowered:
        found.update(each)
    return _kept(found), [_positioned(each) for each in lowered]


def _positioned(lowered: list[str]) -> tuple[int, list[str]]:
    every = list(map(_STEMS.__getitem__, lowered))  # None where a word is left out
    terms = list(filter(_is_term, every))
    if not terms:
        return 0, []
    # The first occurrence of the first term's stem is the first kept word: nothing before it was kept.
    return every.index(terms[0]), terms
