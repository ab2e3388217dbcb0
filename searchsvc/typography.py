"""Characters that are typesetting, not text: set as the plain letters they stand for.

A soft hyphen (U+00AD, HTML's `&shy;`) marks where a word may break at a line's end, and a word joiner
(U+2060) where it may not; sites set in narrow columns put soft hyphens inside long words, and the
tokenizer took one for a break between two words ("soli&shy;darity" was "soli" and "darity"). Text
copied out of a PDF keeps the typeface's ligatures ("ﬁrm", "oﬃcial", "ﬂag"), one character for two or
three letters, which no typed word matches. A letter and its accent written as two characters (a
decomposed "é", as macOS's file names, some editors and pasted text have it) were two tokens, the word
broken at the accent, so "économiques" written one way never found it written the other: text is
composed (Unicode's NFC) first. All are taken out of captures as they are extracted (the raw files stay
as captured) and out of queries as they are read, so either side finds the other.
"""

from __future__ import annotations

import unicodedata

_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
_TABLE: dict[int, str | None] = {0x00AD: None, 0x2060: None, **_LIGATURES}
_CHARS = tuple(map(chr, _TABLE))


def untypeset(text: str) -> str:
    """`text` composed (NFC), without soft hyphens and word joiners, its ligatures spelled out."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):  # a quick check in C; most text is composed
        text = unicodedata.normalize("NFC", text)
    # Most captures have none. A look for each character is a fast string search, 3 µs over 4,500
    # characters where one regular expression with all of them took 14 µs (as much as a tenth of
    # reading a capture).
    if not any(char in text for char in _CHARS):
        return text
    return text.translate(_TABLE)
