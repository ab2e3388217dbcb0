"""Captured bytes as text: a byte-order mark, UTF-8, a declared encoding, or a guess.

A detector reads every byte it is given, and the bytes that tell encodings apart are the non-ASCII
ones. On a 1 MB page of English with a single windows-1252 quote, chardet (what bs4's UnicodeDammit
runs when it is installed) took 13 s, and charset_normalizer 0.25 s and named Big5, which turned the
quote and the letter after it into a Chinese character. Here the detector reads only the stretches
around non-ASCII bytes, at most SAMPLE_BYTES of them: the evidence, at a bounded cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from charset_normalizer import from_bytes

SAMPLE_BYTES = 64 * 1024
# Bytes taken before and after each non-ASCII byte found. More ASCII before it only dilutes the
# evidence (KOI8-R and Greek text after a page of English were misread with 2 KB); the words after
# it are mostly the same script's.
_BEFORE, _AFTER = 64, 2048
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Bytes that are a character of their own in every ASCII-compatible encoding: Shift_JIS, GBK and Big5
# continue a character with bytes from 0x40 on, GB18030 also with digits. A sample cut before one
# splits no character, which matters: a detector drops an encoding the sample does not decode in.
_CHARACTER_EDGE = re.compile(rb"[\x00-\x2f\x3a-\x3f]")


# Longest first: UTF-32LE's mark begins with UTF-16LE's.
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
# WHATWG: browsers decode these declared labels with a superset, and pages rely on it: 0x92 quotes in
# "ISO-8859-1" pages (which Python would read as control characters), Windows' extra characters in
# "Shift_JIS", "EUC-KR" and "GB2312" pages (which Python's codecs of those names refuse).
_WHATWG_DECODERS = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819",
                     "ibm819"), "cp1252"),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5"), "cp1254"),
    **dict.fromkeys(("tis-620", "iso-8859-11", "iso8859-11"), "cp874"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j"), "cp932"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "korean"), "cp949"),
    **dict.fromkeys(("gb2312", "gb_2312-80", "x-gbk", "chinese", "csgb2312"), "gbk"),
    **dict.fromkeys(("big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5"), "big5hkscs"),
}


def to_text(data: bytes, declared: Callable[[bytes], str | None] | None = None) -> str:
    """`data` decoded by its byte-order mark, else as UTF-8, else in the encoding `declared(data)`
    names (an HTML page's charset: looked for only now), else in the guessed one."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data.decode(codec, errors="replace")
    try:
        # Text that decodes as UTF-8 is UTF-8 whatever its (often wrong) declaration says.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    label = ((declared(data) if declared else None) or "").lower()
    # WHATWG: a declaration of UTF-16 or UTF-32 is itself written in ASCII, so it is wrong.
    if label and not label.startswith(("utf-16", "utf16", "utf-32", "utf32")):
        try:
            return data.decode(_WHATWG_DECODERS.get(label, label))
        except (UnicodeDecodeError, LookupError):
            pass  # declared wrongly, or a name Python does not know: guessed as if undeclared
    # The guess was made on a sample, so a byte outside it may not fit: it becomes U+FFFD, as in a browser.
    return data.decode(guess(data) or "cp1252", errors="replace")


def guess(data: bytes) -> str | None:
    """The most likely legacy encoding of `data` (a Python codec name), None if nothing fits."""
    sample = _sample(data)
    if not sample:
        return None
    matches = from_bytes(sample)
    best = matches.best()
    # windows-1252 is the web's legacy default (WHATWG); detectors often prefer a Baltic or
    # Central European code page on short Western text, so keep 1252 when it fits about as well.
    for match in matches:
        if match.encoding == "cp1252" and (best is None or match.chaos <= best.chaos + 0.2):
            return "cp1252"
    return best.encoding if best is not None else None


def _sample(data: bytes) -> bytes:
    """Stretches of `data` around its non-ASCII bytes, each cut where no character is split (all of
    `data` when it has nowhere to cut)."""
    parts: list[bytes] = []
    size = pos = 0
    while size < SAMPLE_BYTES:
        found = _NON_ASCII.search(data, pos)
        if found is None:
            break
        # Every byte from pos to the hit is ASCII, and pos is a character edge: so is each of them.
        start = max(pos, found.start() - _BEFORE)
        edge = _CHARACTER_EDGE.search(data, found.start() + _AFTER)
        end = edge.start() if edge is not None else len(data)
        parts.append(data[start:end])
        size += end - start
        pos = end
    sample = b"".join(parts)
    if len(sample) <= SAMPLE_BYTES:
        return sample
    cut = SAMPLE_BYTES
    while cut > 0 and not _CHARACTER_EDGE.match(sample, cut):  # back to a character edge
        cut -= 1
    # No edge at all: 64 KB of Chinese or Japanese without a space, tag or line break. Rare enough
    # to let the detector read everything rather than cut a character.
    return sample[:cut] if cut else data
