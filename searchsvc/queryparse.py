"""Where a user's query string becomes Whoosh query objects, or a QueryError saying what to fix.

Syntax: words (all must match), "quoted phrases", OR, NOT, AND, parentheses, trailing
wildcards (solidar*), and the fields title:, body: and source:. In a query all in capitals the
operator words are words.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import MAXYEAR, MINYEAR, date

from whoosh import qparser
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.fields import Schema

from . import romanized, tokens, typography
from .errors import QueryError
from .ranking import QUESTION_STOP_WORDS
from .schema import TEXT_FIELDS

QUERY_FIELDS = ("title", "body", "source")
MAX_QUERY_CHARS = 4000  # long enough to paste an abstract as a question
MAX_CLAUSES = 2500  # about 800 words; bounds the work one request can cause
MIN_WILDCARD_PREFIX = 2
MAX_WILDCARDS = 4  # distinct wildcard words per query; on a 240k-word index 476 prefixes took 15 s

_QUOTED = re.compile(r'"[^"]*"')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
# "name:value" is a field search; "word: more" (colon then space) is just punctuation in prose.
# A name starts with a letter, and "//" after the colon is a web address: "10:30", "3:1" and
# "http://www.kcna.kp" are text, not unknown fields.
_FIELD = re.compile(r"(?:^|(?<=[\s(]))([^\W\d_][^\s():\"']*):(?=[^\s:/]|/(?!/))")
_FIELD_NAME = rf"(?:^|(?<=[\s(]))(?P<field>{'|'.join(QUERY_FIELDS)}):"
# A field of ours then a space and a word, "title: flood", means title:flood, as search engines
# take it (searched as prose, it looked for the word "title" and relaxed). A phrase is left alone;
# an operator or another field after the space leaves the field without a word (_EMPTY_FIELD).
_SPACED_FIELD = re.compile(
    rf'{_QUOTED.pattern}|{_FIELD_NAME}\s+(?=[\w"\'(])(?!(?:{"|".join(_OPERATORS)})(?![\w:])|[^\s():"\']+:)'
)
# A field's name as a phone or a pasted form capitalises it ("Title:opec", "SOURCE:KCNA") is the field.
_CAPITALISED_FIELD = re.compile(rf'{_QUOTED.pattern}|(?:^|(?<=[\s(]))(?P<field>(?i:{"|".join(QUERY_FIELDS)})):')
_EMPTY_FIELD = re.compile(rf"{_FIELD_NAME}(?=[\s)]|$)")
_FIELD_EXAMPLES = {"title": "title:solidarity", "body": "body:juche", "source": "source:kcna"}
_DATE_FIELDS = frozenset({"date", "year", "month", "day", "published", "from", "to"})
_LEADING_WILDCARD = re.compile(r"(?:^|(?<=[\s(:\"]))[*]+(?=\w)")
_SHORT_WILDCARD = re.compile(rf"(?:^|(?<=[\s(:]))(\w{{0,{MIN_WILDCARD_PREFIX - 1}}})[*]")
_WORD = re.compile(r"\w+")
# A word as typed, for relaxed matching, "Missing:" and marking: the index's tokens ("u.s", "8.3",
# word characters joined by single dots), a number's groups ("9,233", one term: tokens.GROUPED_NUMBER)
# and an abbreviation's last dot ("U.S."); a compound ("G-7", tokens.COMPOUND) is one word.
# A hyphenated word ("al-Sabah", "Jong-un") is one typed word too, whose terms are a phrase (marks_query).
_TYPED_WORD = re.compile(rf"{tokens.COMPOUND.pattern}|\w+(?:[-.,]\w+)*(?:(?<=\.\w)\.)?")
# Words a query may have for a "-" before one of them to mean NOT (clean_query_text).
MINUS_MAX_WORDS = 6
_EXCLUDED = re.compile(rf'{_QUOTED.pattern}|(?:^|(?<=[\s(]))(?P<minus>-)(?=[^\W\d_]|")')
_OPERATOR_WORD = re.compile(rf"(?<![\w:])(?:{'|'.join(_OPERATORS)})(?![\w:])")


# Quotation marks as word processors, phones and other languages print them: pasted around a phrase,
# they mean what " means. Without this, “Bank of England” also found Bank of New England.
_TYPOGRAPHIC_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»", '"'))
# Hyphens as word processors and phones print them, pasted inside a word ("G‑7", "F‑16" with a
# non-breaking hyphen, an en dash or a minus sign): the index joins its compounds at "-" only.
_DASHES = re.compile(r"(?<=\w)[\u2010-\u2013\u2212\ufe63\uff0d](?=\w)")
# A smiley standing alone (":)", ":-(", ";)", "(:") is punctuation, not a group: "opec :)" was
# refused with "a ')' has no matching '('".
_EMOTICON = re.compile(r"(?<!\S)(?:>?[:;=][-'^o]?[()]+|[()]+[-'^o]?[:;=]|</?3+)(?!\S)")
# A "mailto:" link pasted from a page or a mail program: the address is what a capture writes, and
# "mailto:" was refused as an unknown field.
_MAILTO = re.compile(r"(?<![\w:])mailto:(?=[^\s@:]+@)", re.IGNORECASE)
# A list's numbering, "1) oil 2) gas" or "a) coal b) exports": its ")" closes nothing.
_LIST_MARKER = re.compile(r"(?<!\S)(?:\d{1,2}|[^\W\d_])(\))(?!\S)")


def clean_query_text(text: str) -> str:
    """Drop control characters (pasted text often carries them) and tidy whitespace ("title: flood" is title:flood).

    "?" is a question mark here, not Whoosh's one-letter wildcard: people type questions.
    """
    text = _cut_quotations(_single_quoted(typography.untypeset(text).translate(_TYPOGRAPHIC_QUOTES)))
    text = "".join(" " if _dropped(ch) else ch for ch in text)
    text = _DASHES.sub("-", " ".join(_MAILTO.sub("", text).split()))
    text = _without_list_markers(" ".join(_EMOTICON.sub(" ", text).split()))
    if not any(ch.islower() for ch in text):
        if _OPERATOR_WORD.search(text):
            # All in capitals (a pasted wire headline: "SPRINKEL SAYS TAX HIKE WOULD NOT REDUCE DEFICIT"),
            # AND, OR and NOT are not marked as operators by their case: here they are words.
            text = _OPERATOR_WORD.sub(lambda m: m.group(0).lower(), text)
    elif "-" in text and len(text.split()) <= MINUS_MAX_WORDS:
        # "oil -gas" means oil without gas, as in every search engine; dropped as punctuation, the "-"
        # found only items with gas. (A headline's "-MINISTER", all in capitals, is no operator.) In
        # longer text it is a dash: "what methods -dash exact or approximate -dash are available ..."
        # (as Cranfield's questions write one) lost its relaxed match to "NOT dash".
        text = _EXCLUDED.sub(lambda m: m.group(0) if m.group("minus") is None else "NOT ", text)
    # The parser analyses each word alone: "UN" after "JONG" is made the name here, as in the index.
    text = tokens.named(text)
    text = _CAPITALISED_FIELD.sub(lambda m: m.group(0) if m.group("field") is None else m.group(0).lower(), text)
    return _SPACED_FIELD.sub(lambda m: m.group(0) if m.group("field") is None else f"{m.group('field')}:", text)


# A quotation in single quotation marks, as British papers print one: "the committee ‘firmly supports
# the just cause’" was searched as words, anywhere. "’" is an apostrophe too ("Workers’ Party", "Korea’s"),
# so the phrase runs from a "‘" that opens a word to the last "’" that ends one before the next "‘";
# a "‘" inside a word is a romanization's mark ("P‘yŏngyang"), and one inside "…" is punctuation.
_SINGLE_QUOTED = re.compile(r"(?<![^\s(\[:])‘(?=\w)([^‘\"]*[^\s‘\"])’(?!\w)")


def _single_quoted(text: str) -> str:
    """`text` with each phrase in ‘single quotation marks’ outside "…" in double ones (_SINGLE_QUOTED)."""
    if "‘" not in text:
        return text
    spans = re.split(r'("[^"]*")', text)
    return "".join(span if span.startswith('"') else _SINGLE_QUOTED.sub(r'"\1"', span) for span in spans)


# What an editor marks inside a quotation: an ellipsis where words were cut ("…", "...", ". . .", "[…]",
# "(...)") and words in square brackets put in ("[the DPRK]", "[sic]"). The source has neither, and the
# quoted phrase with them found nothing: the runs of words between them are the phrases searched.
_CUT = re.compile(r"[\[(]\s*(?:…|\.\s?\.\s?\.)\s*[\])]|…|\.\s?\.\s?\.|\[[^\]]*\]")


# A word a PDF broke with a hyphen at a line's end ("categori-" "cally"), as a quotation copied out of one
# has it: the line break was read as a space (as a browser's search box makes it one), and the phrase
# searched "categori" and "cally". Whether the hyphen is the typesetter's ("categorically") or the
# word's ("people-first") the query cannot tell; typed with its hyphen, the word finds either
# (solid_term). In a phrase, whose words are its parts only, it stands between the phrases before and
# after it. A hyphen before "and" or "or" is the word's, whose end is said later ("pre- and post-war").
# Outside a phrase, only a line break is read so: "machine- readable" in a typed question (as CISI's
# have it) stays two words, as questions have been ranked.
_BROKEN_WORD = re.compile(r"([^\W\d_]+)-\s+(?=[^\W\d_])")
_BROKEN_AT_LINE_END = re.compile(r"([^\W\d_]+)-[ \t]*\r?\n\s*(?=[^\W\d_])")
_SUSPENDED = frozenset({"and", "or", "nor", "to", "than", "as", "und", "oder", "et", "ou", "y", "o"})


def _cut_quotations(text: str) -> str:
    """`text` with each quoted phrase cut at an editor's marks (_CUT) into the phrases either side of them,
    and a word broken at a line's end (_BROKEN_WORD) whole, with its hyphen, outside the phrases."""
    if "\"" in text:
        text = _QUOTED.sub(_cut, text)
    return _BROKEN_AT_LINE_END.sub(_rejoined, text) if "\n" in text else text


def _cut(quoted: re.Match) -> str:
    inner = quoted.group(0)[1:-1]
    out: list[str] = []
    pos = 0
    for broken in _BROKEN_WORD.finditer(inner):
        rest = re.match(r"\w+", inner[broken.end():])
        if rest is None or not _goes_on(rest.group(0)):
            continue
        out += [_phrases(inner[pos : broken.start()]), f"{broken.group(1)}-{rest.group(0)}"]
        pos = broken.end() + rest.end()
    if not out and not _CUT.search(inner):
        return quoted.group(0)
    return " ".join(part for part in [*out, _phrases(inner[pos:])] if part)


def _phrases(text: str) -> str:
    """The quoted phrases of `text`, cut at an editor's marks (_CUT)."""
    return " ".join(f'"{part}"' for part in (" ".join(part.split()) for part in _CUT.split(text)) if part)


def _rejoined(broken: re.Match) -> str:
    """A word broken at a line's end, with its hyphen, if the line after goes on with it (_goes_on)."""
    rest = re.match(r"\w+", broken.string[broken.end():])
    return broken.group(1) + "-" if rest is not None and _goes_on(rest.group(0)) else broken.group(0)


def _goes_on(word: str) -> bool:
    """Whether `word`, after a hyphen and a space, is the rest of the word before: in lower case, no "and"."""
    return word[0].islower() and word not in _SUSPENDED


def _without_list_markers(text: str) -> str:
    """`text` without the ")" of list numbering ("1)", "a)") that no "(" opened; a matched one is a group."""
    if ")" not in text:
        return text
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)  # a phrase's brackets are its words
    opened: list[int] = []
    unmatched: set[int] = set()
    for pos, ch in enumerate(masked):
        if ch == "(":
            opened.append(pos)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                unmatched.add(pos)
    drop = {m.start(1) for m in _LIST_MARKER.finditer(masked)} & unmatched
    return "".join(ch for pos, ch in enumerate(text) if pos not in drop) if drop else text


class _Parser(qparser.QueryParser):
    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):  # noqa: ANN001, ANN201, PLR0913 - whoosh's hook
        if termclass is wq.Term and fieldname in TEXT_FIELDS and (solid := solid_term(text)) is not None:
            # A word typed with hyphens ("pre-tax") is its parts side by side ("pre tax", "pre-tax") or
            # the word written solid ("pretax").
            parts = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
            if parts is not None and not (isinstance(parts, wq.Term) and parts.text == solid):
                return wq.Or([wq.Term(fieldname, solid, boost=boost), parts])
            return parts
        if termclass is wq.Term and fieldname in TEXT_FIELDS and (split := prefix_split(text)) is not None:
            # A word that starts with a prefix ("pretax", "nonlinear") is also the prefix and the rest
            # side by side, as the index holds the word written with a hyphen ("pre-tax"). They only
            # find: scored, "port" would rank every "report" that mentions a port higher.
            whole = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
            if isinstance(whole, wq.Term):
                return wq.Or([whole, wq.Phrase(fieldname, list(split), boost=0.0)])
            return whole
        if termclass is not wq.Prefix or fieldname not in TEXT_FIELDS:
            word = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
            if isinstance(word, wq.Term) and fieldname in TEXT_FIELDS and (other := other_spelling([word.text])):
                # "Hwasong": "Hwasongpho" too; "Jongun": "Jong Un" too
                return wq.Or([word, _term_or_phrase(fieldname, other, boost)])
            return word
        # A prefix is the start of words, not a word: analysed as one, "fell*" searched "fall*" (never
        # "fellow") and "Türk*" "turkei*" (never "Türkiye"). It is folded and lowercased as the index's
        # words are before stemming; the word it is, if it is one ("running*", "fell*"), is searched
        # too, stemmed as the index stems it.
        start = tokens.folded(text)
        word = super().term_query(fieldname, text, wq.Term, boost, tokenize, removestops)
        prefix = wq.Prefix(fieldname, start, boost=boost)
        if not isinstance(word, wq.Term) or word.text == start or word.text.startswith(start):
            return prefix
        return wq.Or([prefix, word])

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):  # noqa: ANN001, ANN201 - whoosh's hook
        # One typed word that analyses to several ("Hwasong-19", "Kim Jong-un") means those words
        # side by side: as two words anywhere, "Hwasong-19" found an item about COVID-19.
        phrase = super().multitoken_query("phrase", texts, fieldname, termclass, boost)
        if fieldname in TEXT_FIELDS and (other := other_spelling(texts)):
            # "Hwasong-18" is also KCNA's "Hwasongpho-18", and back.
            return wq.Or([phrase, super().multitoken_query("phrase", other, fieldname, termclass, boost)])
        return phrase


def make_parser(schema: Schema) -> qparser.QueryParser:
    """The one parser configuration shared by the API, the pages and the CLI."""
    parser = _Parser(None, schema, group=qparser.AndGroup)  # what qparser.MultifieldParser makes
    parser.add_plugin(qparser.MultifieldPlugin(list(TEXT_FIELDS)))
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.add_plugin(qparser.FieldsPlugin(expr=rf"(?P<text>{'|'.join(QUERY_FIELDS)}):"))
    # Term ranges over text and "*:*"-style expansions are unbounded work for no user benefit.
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.remove_plugin_class(qparser.EveryPlugin)
    return parser


def parse_query(text: str, parser: qparser.QueryParser) -> wq.Query | None:
    """The Whoosh query for `text`; None means "no query: list everything"."""
    typed, text = text, clean_query_text(text)
    if not text and any(_is_sign(ch) for ch in typed):
        raise QueryError(_no_words_message(typed))  # a smiley alone: nothing was asked, not everything
    if text in ("", "*"):
        return None
    check_syntax(text)
    try:
        parsed = _plain_words(text, parser) if _PLAIN.fullmatch(text) else parser.parse(text)
    except Exception as exc:  # noqa: BLE001 - whoosh raises assorted errors on odd input
        raise QueryError(_operator_advice(text)) from exc
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        raise QueryError(_no_words_message(typed))
    if _count_clauses(parsed) > MAX_CLAUSES:
        raise QueryError(f"the query has too many terms; use at most {MAX_CLAUSES}")
    wildcards = _wildcards(parsed)
    if len(wildcards) > MAX_WILDCARDS:
        # Each one expands to every matching word of the index (ab* can be thousands): bound the work.
        raise QueryError(f"the query has {len(wildcards)} wildcard words; use at most {MAX_WILDCARDS}")
    return parsed


# Words of letters and digits with single spaces between them: no character any of the parser's
# plugins reads (field, quote, wildcard, group, boost), so only an operator word can be syntax.
_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")
_PARSER_OPERATORS = frozenset({*_OPERATORS, "REQUIRE"})


def _plain_words(text: str, parser: qparser.QueryParser) -> wq.Query:
    """What parser.parse(text) makes of plain words: each word in any text field, all words required.

    The parser tries each of its plugins' patterns at every character of the text to find that out:
    four-fifths of its time for a typed question (1 ms of a 13 ms search at 20k documents). Each word
    is still analysed by the parser's own term_query; test_queryparse compares the two on many queries.
    """
    words = text.split(" ")
    if not _PARSER_OPERATORS.isdisjoint(words):
        return parser.parse(text)
    multifield = next(plugin for plugin in parser.plugins if isinstance(plugin, qparser.MultifieldPlugin))
    groups = []
    for word in words:
        subs = [q for field in multifield.fieldnames
                if (q := parser.term_query(field, word, parser.termclass, multifield.boosts.get(field, 1.0)))
                is not None]
        groups.append(wq.Or(subs))
    query = wq.And(groups)
    return query.normalize() if query else wq.NullQuery


def check_syntax(text: str) -> None:
    """QueryError with a fix-it message for input the lenient Whoosh parser would silently mangle."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; shorten it to at most {MAX_QUERY_CHARS}")
    if text.count('"') % 2:
        raise QueryError('a quotation mark is not closed: add the closing " or remove the opening one')
    unquoted = _QUOTED.sub(" ", text)
    depth = 0
    for ch in unquoted:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError("a ')' has no matching '(': remove it or add the '('")
    if depth:
        raise QueryError("a '(' is not closed: add the missing ')'")
    # A phrase stays a value: 'title:"flood defences"' has its word.
    if empty := _EMPTY_FIELD.search(_QUOTED.sub('""', text)):
        name = empty.group("field")
        raise QueryError(f"'{name}:' needs a word after it, as in {_FIELD_EXAMPLES[name]}, or remove it")
    for match in _FIELD.finditer(unquoted):
        name = match.group(1)
        if name not in QUERY_FIELDS:
            dates = " (for dates, use the from and to filters)" if name.lower() in _DATE_FIELDS else ""
            raise QueryError(
                f"unknown field '{name}:'; search a field with title:, body: or source:, or remove the colon{dates}"
            )
    if _LEADING_WILDCARD.search(unquoted):
        raise QueryError("a word cannot start with *; put at least two letters before the wildcard")
    if _SHORT_WILDCARD.search(unquoted):
        raise QueryError("a wildcard needs at least two letters before it, as in solid*")


def _dropped(ch: str) -> bool:
    """Whether clean_query_text reads the character as a space: an invisible control or a question mark."""
    return ch == "?" or unicodedata.category(ch) in ("Cc", "Cf", "Cs")


def _is_sign(ch: str) -> bool:
    """A character typed as part of a query: neither a space nor one clean_query_text drops."""
    return not ch.isspace() and not _dropped(ch)


def _no_words_message(text: str) -> str:
    """Why a query has no word the index searches, named from what was typed, and what to add: 'C++'
    and '<3' were told they had "only operators or very common words such as 'the'". `text` as typed:
    "AND OR" are operators, though clean_query_text makes them words in a query all in capitals."""
    words = _WORD.findall(_EMOTICON.sub(" ", " ".join(text.split())))
    if not words:
        signs = "".join(ch if _is_sign(ch) else " " for ch in text).split()
        return f"the query has no words to search for, only the signs '{' '.join(signs)[:40]}'; add a word"
    rest = [w for w in words if w not in _OPERATORS]
    common = list(dict.fromkeys(w for w in rest if tokens.lowered(w) in STOP_WORDS))
    short = list(dict.fromkeys(w for w in rest if len(w) < 2 and w not in common))  # tokens._MIN_LENGTH

    def listed(found: list[str]) -> str:
        return ", ".join(f"'{w}'" for w in found[:3])

    reasons = []
    if common:
        reasons.append(f"very common words such as {listed(common)} are left out")
    if short:
        reasons.append(f"single letters and digits such as {listed(short)} are not indexed")
    if not reasons:
        reasons.append("only operators" if not rest else "only operators or very common words such as 'the'")
    # "us" typed in lower case is the pronoun; the United States is "US" or "U.S." (tokens.US_WORD).
    us = "; for the United States, type US or U.S." if "us" in {w.lower() for w in words} else ""
    fix = "add a word of two letters or more" if short else "add a word"
    return f"the query has no words to search for ({'; '.join(reasons)}); {fix}{us}"


def _operator_advice(text: str) -> str:
    """What to fix in a query the Whoosh parser chokes on: in practice, operators with no word between them."""
    tokens = [t for t in re.split(r"[\s()]+", _QUOTED.sub(" x ", text)) if t]
    for first, second in zip(tokens, tokens[1:], strict=False):
        if first in _OPERATORS and second in _OPERATORS and (first, second) != ("AND", "NOT"):
            return f"'{first} {second}': two operators in a row; put a word between them or remove one"
    return (
        "the query could not be understood: AND, OR, NOT, ANDNOT and ANDMAYBE must stand between words; "
        "remove repeated or dangling operators"
    )


def any_words_query(text: str, schema: Schema) -> wq.Query | None:
    """The relaxed form of a plain-words query: its content words OR-ed, ranked by BM25F.

    Question words ("what", "are", "which") are dropped; a word typed twice counts twice.
    (Dropping words found in over 15% of documents too made questions ~30% faster but cost
    0.03 nDCG@10 on Cranfield, so they stay.)
    """
    return words_query(content_words(text, schema))


def solid_term(word: str) -> str | None:
    """The index's term for a word typed with hyphens (tokens.HYPHENATED) written solid: "pretax" for
    "pre-tax", "cooperation"'s for "co-operation"; None for any other word. Writers spell such a word
    both ways (in the 20k items 137 write "pre-tax" and 185 "pretax"), and the index holds the parts
    of the one and the whole of the other."""
    if "-" not in word or not tokens.HYPHENATED.fullmatch(word):
        return None
    terms = tokens.stems(word.replace("-", ""))
    return terms[0] if len(terms) == 1 else None


# Prefixes writers join to a word with a hyphen or without ("pre-tax" and "pretax", "non-linear" and
# "nonlinear", "semi-annual" and "semiannual"). Not "co" (the wires' "Co" stands before "operating
# profit"), "over" or "under" ("over all" is no "overall"), nor "de" and "un" (names, and seldom hyphenated).
_PREFIXES = ("counter", "cross", "extra", "hyper", "inter", "macro", "micro", "multi", "super", "trans", "ultra",
             "anti", "post", "semi", "mid", "non", "pre", "sub", "tri", "bi", "re")
_MIN_AFTER_PREFIX = 3  # letters of the word after it: "prefix" is no "pre" "fix" ... nor "re" "st"


def prefix_split(word: str) -> tuple[str, str] | None:
    """The terms of a word typed solid that starts with a prefix (_PREFIXES) as the prefix and the
    rest: ("pre", "tax") for "pretax"; None for any other word. The index holds the word written with
    a hyphen ("pre-tax", in 137 of the 20k items) as those two words side by side, and "pretax" (185)
    did not find it."""
    low = word.lower()
    if not low.isalpha() or not low.isascii():
        return None
    for prefix in _PREFIXES:
        if low.startswith(prefix) and len(low) - len(prefix) >= _MIN_AFTER_PREFIX:
            terms = tokens.stems(f"{prefix} {low[len(prefix):]}")
            return (terms[0], terms[1]) if len(terms) == 2 else None
    return None


# A missile's name as others write it → as KCNA does ("hwasong" → "hwasongpho"), and back (romanized.WITH_GUN).
_GUN = {tokens.stem(name): tokens.stem(kcna) for name, kcna in romanized.WITH_GUN.items()}
_GUN_NAMED = {kcna: name for name, kcna in _GUN.items()}
# A given name (romanized.GIVEN_NAMES) written solid → KCNA's syllables' terms ("jongun", "chongun" →
# "jong", "un"), and its other spellings' syllables → KCNA's (("chong", "un") → "jong", "un").
_SOLID_NAMES: dict[str, list[str]] = {}
_NAMES_APART: dict[tuple[str, ...], list[str]] = {}
for _kcna, *_others in map(str.split, filter(str.strip, romanized.GIVEN_NAMES.split("\n"))):
    _syllables = tokens.stems(_kcna.replace("-", " "))
    for _name in (_kcna, *_others):
        _SOLID_NAMES[tokens.stem(_name.replace("-", ""))] = _syllables
    _NAMES_APART.update((tuple(tokens.stems(_name.replace("-", " "))), _syllables) for _name in _others)


def other_spelling(terms: list[str]) -> list[str] | None:
    """The terms of a typed word as other sources write it: a missile's name (romanized.WITH_GUN)
    ["hwasongpho"] for ["hwasong"], ["hwasongpho", "18"] for "Hwasong-18" and ["hwasong", "18"] for
    "Hwasongpho-18" ("Hwasongpho" alone names no area); a given name (romanized.GIVEN_NAMES) typed solid
    or romanized otherwise KCNA's syllables, ["jong", "un"] for ["jongun"] and for ["chong", "un"]
    ("Chŏng-ŭn"); None for any other word."""
    if terms and terms[0] in _GUN:
        return [_GUN[terms[0]], *terms[1:]]
    if len(terms) > 1 and terms[0] in _GUN_NAMED and terms[1][:1].isdigit():
        return [_GUN_NAMED[terms[0]], *terms[1:]]
    if len(terms) == 1:
        return _SOLID_NAMES.get(terms[0])
    return _NAMES_APART.get(tuple(terms))


def words_query(words: list[tuple[str, list[str]]]) -> wq.Query | None:
    """any_words_query of the query's content_words, already found; a word typed with hyphens scores
    its solid spelling's term too (solid_term), a missile's or a given name other sources' spelling of
    it (other_spelling)."""
    counts: dict[str, int] = {}
    for word, terms in words:
        solid = solid_term(word)
        for term in terms if solid is None or solid in terms else [*terms, solid]:
            counts[term] = counts.get(term, 0) + 1
        for term in other_spelling(terms) or ():
            if term not in terms:
                counts[term] = counts.get(term, 0) + 1
    if not counts:
        return None
    clauses: list[wq.Query] = []
    for term, n in counts.items():
        clauses.append(wq.Term("title", term, boost=float(n)))
        clauses.append(wq.Term("body", term, boost=float(n)))
    return wq.Or(clauses[:MAX_CLAUSES])


def marks_query(words: list[tuple[str, list[str]]]) -> wq.Query | None:
    """What the results of a plain query mark: its content words, a word the index splits in several
    as the phrase it is. As words, "Sheikh Ali al-Sabah" marked "al" in al-Khalifa and al-Rai."""
    clauses: list[wq.Query] = []
    for word, terms in words:
        clauses += [_term_or_phrase(field, terms) for field in TEXT_FIELDS]
        if (solid := solid_term(word)) is not None and solid not in terms:
            clauses += [_term_or_phrase(field, [solid]) for field in TEXT_FIELDS]  # "pretax" for "pre-tax"
        if (other := other_spelling(terms)) is not None:  # "Hwasongpho-18" for "Hwasong-18", "Jong Un" for "Jongun"
            clauses += [_term_or_phrase(field, other) for field in TEXT_FIELDS]
    return wq.Or(clauses[:MAX_CLAUSES]) if clauses else None


def _term_or_phrase(field: str, terms: list[str], boost: float = 1.0) -> wq.Query:
    """The term, or the terms side by side: a word, or one the index splits in several."""
    return wq.Term(field, terms[0], boost=boost) if len(terms) == 1 else wq.Phrase(field, terms, boost=boost)


def content_words(text: str, schema: Schema) -> list[tuple[str, list[str]]]:
    """The words of a plain query that a relaxed match scores, as typed, each with its index terms:
    question words ("what", "are", "which") and words the index leaves out ("a", "x") are dropped."""
    analyzer = schema["body"].analyzer
    out = []
    typed = typed_words(text)
    for word, asks in zip(typed, _asking([tokens.lowered(word) for word in typed]), strict=True):
        # "US" stays in capitals: the United States, not the pronoun among the question words.
        if not asks and (terms := [t.text for t in analyzer(word)]):
            # A compound's own term, not its parts: "16" alone is not "F-16".
            out.append((word, terms[:1] if tokens.COMPOUND.fullmatch(word) else terms))
    return out


def without_question_words(text: str) -> str:
    """`text` without its question words outside quotation marks, as content_words leaves them out:
    'why did "Moulinex" shares fall' is '"Moulinex" shares fall'."""
    text = clean_query_text(text)
    kept: list[str] = []
    pos = 0
    for quoted in [*_QUOTED.finditer(text), None]:
        part = text[pos : quoted.start() if quoted else len(text)].split()
        for token, asks in zip(part, _asking([token.strip("'’.,;:!()").lower() for token in part]), strict=True):
            if not asks:
                kept.append(token)
        if quoted:
            kept.append(quoted.group(0))
            pos = quoted.end()
    return " ".join(kept)


def quoted_phrases(text: str) -> str:
    """The phrases a query quotes, as it is read ('"a b" "c d"'), without its other words; "" for none."""
    return " ".join(_QUOTED.findall(clean_query_text(text))) if any(ch in text for ch in "\"“”„‟«»‘") else ""


def typed_words(text: str) -> list[str]:
    """The words of a query as typed, in order (_TYPED_WORD), question words included."""
    return _TYPED_WORD.findall(clean_query_text(text))


# "How many", "how much" ask for a number and name no topic: "how many shares will Fur Vault buy
# back" said "Missing: many" under the item it was asked of. Elsewhere the words stay ("many-body").
_HOW_WORDS = frozenset({"many", "much"})


def _asks(previous: str, low: str) -> bool:
    """Whether a typed word (`low`, lowercased; `previous`, the word before it) only asks, naming no
    topic: a question word, or "many" and "much" after "how"."""
    return low in QUESTION_STOP_WORDS or (previous == "how" and low in _HOW_WORDS)


# "What did the committee say about the sanctions" asks for the committee's words, which seldom
# include "say": the statement itself was listed as "Missing: say", under a weather item ranked by
# "say" alone. A verb of saying or thinking asks in such a question: after "what" or "how" and a
# "did", "does", "has"..., before "about", "on", "of"... or at the end. Elsewhere it is a word
# ("the say on pay proposal", "did analysts say prices would fall").
_SAYING = frozenset(
    "say says said saying think thinks thought thinking write writes wrote written writing tell tells told "
    "mean means meant feel feels felt".split()
)
_WH = frozenset({"what", "how"})
_AUXILIARY = frozenset("do does did has have had will would could should can is was are were".split())
_ABOUT = frozenset({"about", "on", "of", "regarding", "concerning", "over", ""})
_NOT_A_VERB_AFTER = frozenset({"the", "a", "an", "their", "his", "her", "its", "our", "your", "no", "final", "last"})


def _asking(words: list[str]) -> list[bool]:
    """For each typed word (lowercased), whether it only asks (_asks, and a verb of saying in a
    question about what someone said)."""
    out = []
    previous, wh, auxiliary = "", False, False
    for i, low in enumerate(words):
        asks = _asks(previous, low)
        if (not asks and low in _SAYING and wh and auxiliary and previous not in _NOT_A_VERB_AFTER
                and (words[i + 1] if i + 1 < len(words) else "") in _ABOUT):
            asks = True
        wh = wh or low in _WH
        auxiliary = auxiliary or (wh and low in _AUXILIARY)
        out.append(asks)
        previous = low
    return out


def relaxable(text: str, *, prose: bool = False) -> bool:
    """True for a query of plain words, which may be relaxed to any-words (`prose`: quotes allowed)."""
    text = clean_query_text(text)
    words = text.split()
    if any(ch in text for ch in ("*" if prose else '"*')) or _FIELD.search(text):
        return False  # phrases, wildcards and fields are deliberate: keep them strict
    return len(words) >= 2 and not any(w in _OPERATORS for w in words)


def plain_words(text: str) -> list[str]:
    """The words a user typed, without operators and field names (for spelling suggestions)."""
    text = _FIELD.sub(" ", clean_query_text(text))
    return [w for w in _WORD.findall(text) if w not in _OPERATORS]


def parse_date_bound(value: str, *, end: bool, name: str) -> date:
    """A from/to filter value: YYYY, YYYY-MM or YYYY-MM-DD; `end` picks the last day of a period."""
    value = value.strip()
    forms = f"{name!r} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value[:40]!r}"
    if not re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", value):
        raise QueryError(forms)
    year, month, day = ([int(p) for p in value.split("-")] + [0, 0])[:3]
    # Written in one of the forms, yet not on the calendar: saying only the forms left the reader
    # looking for what was wrong with "1987-02-29".
    if not MINYEAR <= year <= MAXYEAR:
        raise QueryError(f"{forms}: there is no year {year}")
    if "-" in value and not 1 <= month <= 12:
        raise QueryError(f"{forms}: there is no month {month}")
    if value.count("-") == 2:
        days = monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise QueryError(f"{forms}: {date(year, month, 1):%B %Y} has {days} days")
        return date(year, month, day)
    if value.count("-") == 1:
        return date(year, month, monthrange(year, month)[1] if end else 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


def _wildcards(q: wq.Query) -> set[str]:
    """The distinct wildcard words of a query (one per word, whatever the fields it is searched in)."""
    found: set[str] = set()
    stack = [q]
    while stack:
        node = stack.pop()
        if isinstance(node, wq.MultiTerm):
            found.add(str(getattr(node, "text", node)))
        stack.extend(node.children())
    return found


def _count_clauses(q: wq.Query) -> int:
    return 1 + sum(_count_clauses(child) for child in q.children())
