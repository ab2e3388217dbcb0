"""Deterministic generators of hostile search requests (shared by tests/test_hardening_queries.py and
bench/hostile_queries.py): query strings and parameter values that users, bots and fuzzers send."""

from __future__ import annotations

import random
import urllib.parse

WORDS = ["river", "flood", "solidarity", "korea", "sanctions", "farmers", "marmalade", "rivers", "the", "a"]
SCRIPTS = [
    "Пхеньян", "солидарность", "كوريا", "التضامن", "שלום", "עברית", "조선", "연대", "朝鲜", "团结", "समाचार",
    "Ελλάδα", "ﬁnance", "straße", "İstanbul", "e\u0301te\u0301", "Z\u0351\u0352\u0353a\u0354l\u0355g\u0356o",
]
EMOJI = ["😀", "🇰🇵", "👩‍👩‍👧", "🏳️‍🌈", "\U0001f9ea", "❤️", "🔥🔥🔥"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029", "\u200b", "\u200d",
           "\u202e", "\u2066", "\ufeff", "\ufffd", "\ud800", "\udfff", "\t", "\r\n", "\x0c"]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "and", "or", "not", "&&", "||", "!", "-", "+"]
SYNTAX = ['"', "'", "(", ")", "*", "?", ":", "^", "~", "[", "]", "{", "}", "\\", "/", "<", ">", "=", ";", "%",
          "&", "#", "$", "@", "`", "|", ",", ".", "..", "…", "“", "”", "«", "»", "（", "）"]
FIELDS = ["title", "body", "source", "foo", "id", "date", "year", "content_hash", "url", "dated", "*", "TITLE",
          "body.raw", "_all", "http", "javascript"]
SPECIAL_QUERIES = [
    "", " ", "*", "**", "*:*", "?", "??", "a*", "ab*", "r*", "ri*", "*river", "*ver*", "riv*er", "river*",
    "title:*", "body:ri*", "source:", "title:", ":river", "::", '""', '"', '"river', 'river"', '"unclosed phrase',
    "(", ")", "((river)", "(river))", ")(", "()", "(())", "AND", "OR", "NOT", "AND OR NOT", "NOT NOT NOT",
    "river AND", "OR river", "NOT river", "river NOT", "(OR)", "river^100", "river^-1", "river~", "river~99",
    "[a TO z]", "{a TO z}", "date:[2020 TO 2021]", "date:>2020", "title:(river OR", "foo:bar", "Foo:Bar",
    "a:b:c", "http://example.org/x?y=z", "javascript:alert(1)", "<script>alert(1)</script>", "{{7*7}}", "${7*7}",
    "' OR 1=1 --", "%00", "%s%s%s%n", "\\", "\\\\", "\\\"", "\x00river", "river\x00", "😀*", "조선*", "Пх*",
]
NUMBERS = ["", " ", "0", "1", "2", "10", "99", "100", "101", "999", "1000", "1001", "-1", "-0", "+1", "01", "007",
           " 5 ", "5 ", "1.5", "1e3", "1E2", "0x10", "NaN", "nan", "inf", "-inf", "Infinity", "²", "³", "½", "١٢",
           "٣", "४२", "５", "１０", "9" * 7, "9" * 40, "-" + "9" * 40, "1_000", "1,000", "true", "null", "[]",
           "\x00", "1\x00", "1%00", "⑤", "Ⅻ", "𝟙𝟚"]
DATES = ["", "2020", "2020-01", "2020-1", "2020-12-31", "2020-02-30", "2020-13", "2020-00", "2020-1-32",
         "0000", "0001", "9999", "9999-12-31", "10000", "-2020", "2020/01/01", "20200101", "2020-01-01T00:00",
         "yesterday", "٢٠٢٠", "２０２０", "２０２０-０１", "2020-１２", "1e3", "99999-99-99", "2020-02-29",
         "2021-02-29", "\x00", "2020\x00"]
SORTS = ["", "relevance", "newest", "oldest", "NEWEST", " newest ", "random", "score", "-date", "\x00", "😀",
         "relevance;drop table"]
SOURCES = ["", "KCNA", "kcna", "Daily Planet", "daily planet", "Nowhere", "*", '"', "(", "source:x", "😀",
           "\x00", "x" * 5000]
FIELD_VALUES = [*WORDS, "", "*", '"x', "(", "ri*", '"river flood"']
# Raw query-string pieces: invalid UTF-8, overlong encodings, encoded surrogates, malformed escapes.
RAW_BYTES = ["%ff", "%fe%ff", "%c0%af", "%c0%80", "%ed%a0%80", "%e2%82", "%f4%90%80%80", "%80", "%00", "%",
             "%zz", "%2", "%%", "%25", "%0a", "%0d%0a", "+", "%2b", "&", "%26", "=", "%3d", ";"]


def _token(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.30:
        return rng.choice(WORDS)
    if kind < 0.40:
        return rng.choice(SCRIPTS)
    if kind < 0.45:
        return rng.choice(EMOJI)
    if kind < 0.55:
        return rng.choice(OPERATORS)
    if kind < 0.70:
        return rng.choice(SYNTAX)
    if kind < 0.78:
        return rng.choice(FIELDS) + ":" + rng.choice(FIELD_VALUES)
    if kind < 0.85:
        return rng.choice(CONTROL)
    if kind < 0.92:
        return rng.choice(WORDS)[: rng.randint(0, 3)] + "*" * rng.randint(1, 2)
    return "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 8)))


def query_text(rng: random.Random) -> str:
    """One hostile query string."""
    roll = rng.random()
    if roll < 0.10:
        return rng.choice(SPECIAL_QUERIES)
    if roll < 0.13:  # very long: repeated words, or one giant token, around the length limits
        unit = rng.choice(["river ", "solidarity OR ", "ab* ", "x", '"a b" ', "(river) ", "😀", "ri* OR "])
        return unit * (rng.choice([100, 300, 499, 500, 501, 1000, 2000, 2001, 5000]) // len(unit) + 1)
    sep = rng.choice([" ", " ", "", "  ", "\t"])
    return sep.join(_token(rng) for _ in range(rng.randint(1, 12)))


def request_args(rng: random.Random) -> dict[str, str]:
    """A query and a random subset of the other parameters, some of them out of range or garbage."""
    args = {"q": query_text(rng)}
    if rng.random() < 0.05:
        del args["q"]
    for name, values in (("page", NUMBERS), ("per_page", NUMBERS), ("from", DATES), ("to", DATES),
                         ("sort", SORTS), ("source", SOURCES)):
        if rng.random() < 0.15:
            args[name] = rng.choice(values)
    return args


def query_string(rng: random.Random) -> str:
    """A URL query string for the generated args; sometimes with raw invalid bytes spliced in."""
    pairs = list(request_args(rng).items())
    parts = []
    for key, value in pairs:
        encoded = urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="")
        if rng.random() < 0.15:
            cut = rng.randint(0, len(encoded))
            # Insert only between complete escapes so the splice is what is malformed, not the rest.
            while cut < len(encoded) and "%" in encoded[max(0, cut - 2) : cut]:
                cut += 1
            encoded = encoded[:cut] + rng.choice(RAW_BYTES) + encoded[cut:]
        parts.append(f"{key}={encoded}")
    if rng.random() < 0.05:
        parts.append(rng.choice(["q=dup", "page=2", "x=1", "=", "&&", "q"]))
    return "&".join(parts)


def generate(n: int, seed: int = 20240611) -> list[str]:
    """n query strings, the same for the same seed."""
    rng = random.Random(seed)
    return [query_string(rng) for _ in range(n)]
