"""Hard-wrapped text (`lynx -dump`, `w3m -dump`, e-mail, wire archives) → one line per paragraph.

textclean scores a page a line at a time, and a line of prose that stops mid-sentence reads like a
headline or a menu item. Wrapped at 70 columns, an article became a run of such lines and most of
it was dropped (on 10,600 wire items of the perf corpus, a median 38% of the words were kept).

A line is joined to the next when the next line's first word would not have fitted on it: the
break was made by the wrapping, not by the writer. Where the text does not look wrapped at all
(browser text, one paragraph per line, has lines far longer than any wrap width), it is left alone.
"""

from __future__ import annotations

import re

# Wrap widths seen in practice: 60-80 columns (lynx, w3m, mail, wire services), up to 132.
MIN_WIDTH = 40
MAX_WIDTH = 160
# Share of the lines with a space in them that must end in a wrap, for a text to count as wrapped.
MIN_WRAPPED_SHARE = 0.25
_MIN_LINES = 4
# A "paragraph" longer than this is paragraphs run together (no blank line or indent between them):
# it is cut at a line end, as textclean would otherwise cut it mid-word at its line limit and lose the rest.
MAX_PARAGRAPH_CHARS = 5000

# _looks_wrapped: lines ending within NEAR_COLUMNS of the width, of which at least NEAR_JOINS and
# NEAR_SHARE go on on the next line. w3m dumps of the extraction benchmark's 181 pages: 101 were
# taken for wrapped text by the quarter alone, 159 with this (their articles' F1 0.66 -> 0.81); none
# of its pages' browser text more, and no capture of the 20k benchmark collection extracts otherwise.
NEAR_COLUMNS = 20
NEAR_JOINS = 6
NEAR_SHARE = 0.6
# A list item's marker: the item's wrapped lines are indented to the text after it (hanging indent).
_BULLET = re.compile(r"(?:[*+•o-]|\d{1,3}[.)])\s+")


def unwrap(text: str, *, wrapped: bool = False) -> str:
    """`text` with the lines of each hard-wrapped paragraph joined by a space (`\\n`-separated input); a
    word broken with a hyphen at a line's end is made whole again where it was typeset so (_rejoined).

    `wrapped`: the text is known to be wrapped (a terminal browser's dump), however few of its lines
    are: a news site's menus and lists of links are most of its lines.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    if width is None:
        return text
    stripped = [line.strip() for line in lines]
    joins = [_wrapped(lines[i], lines[i + 1], stripped[i + 1], width) for i in range(len(lines) - 1)]
    if not (wrapped or _looks_wrapped(lines, stripped, joins, width)):
        return text
    hyphenated = _hyphenated(lines, stripped, joins)
    written = _Written(text)
    # A paragraph's lines are gathered and joined once: adding each to a growing string took time
    # quadratic in the paragraph's length (a 2 MB dump with no blank line is one paragraph).
    out: list[str] = []
    paragraph = [lines[0]]
    size = len(lines[0])
    for join, line, following in zip(joins, lines[1:], stripped[1:], strict=True):
        if join and size < MAX_PARAGRAPH_CHARS:
            if len(paragraph) == 1:
                paragraph[0] = paragraph[0].rstrip()  # the others are stripped already
            if paragraph[-1][-1:] == "-" and (broken := _BROKEN_WORD.search(paragraph[-1])):
                if (whole := _rejoined(broken.group(1), following, written, hyphenated)) is not None:
                    paragraph[-1] = paragraph[-1][: broken.start()] + whole
                    size += len(following) - 1
                    continue
            paragraph.append(following)
            size += 1 + len(following)
        else:
            out.append(" ".join(paragraph))
            paragraph, size = [line], len(line)
    out.append(" ".join(paragraph))
    return "\n".join(out)


def _looks_wrapped(lines: list[str], stripped: list[str], joins: list[bool], width: int) -> bool:
    """Whether enough of the line breaks are the wrapping's for the text to be wrapped.

    A quarter of its lines with a space in them, or most of its lines that reach near the width (at
    least NEAR_JOINS of them): a page dumped by a terminal browser (`w3m -dump`) is mostly menus and
    lists of links, one short line each, while nearly every line of its paragraphs reaches the width
    and goes on. Text that is not wrapped has few lines near its longest, and they seldom go on.
    """
    found = sum(joins)
    if found >= max(2, MIN_WRAPPED_SHARE * sum(1 for line in stripped if " " in line)):
        return True
    if found < NEAR_JOINS:
        return False
    near = [i for i, line in enumerate(lines) if " " in stripped[i] and len(line.rstrip()) >= width - NEAR_COLUMNS]
    going_on = sum(1 for i in near if i < len(joins) and joins[i])
    return going_on >= NEAR_JOINS and going_on >= NEAR_SHARE * len(near)


# A line that ends in a word's first letters and a hyphen ("sanc-"), which a next line in lower case
# goes on ("tions"): a word hyphenated where the line broke, as typesetting (a PDF) breaks words.
_BROKEN_WORD = re.compile(r"(?<![\w-])([^\W\d_]+)-$")
_NEXT_WORD = re.compile(r"[^\W\d_]+")


# Typeset text breaks words at line ends at least this often (in lines of text); text wrapped ragged
# right ends a line in a hyphen only where a word has one ("anti-" "aircraft", "three-" "and five-year"):
# 24 of the 18,000 text captures of the benchmark corpus do, at most twice and in 2% of their lines.
_HYPHENATED_MIN = 3
_HYPHENATED_SHARE = 0.04


def _hyphenated(lines: list[str], stripped: list[str], joins: list[bool]) -> bool:
    """Whether the text was typeset with words hyphenated at line ends (as a PDF's text is)."""
    breaks = sum(1 for i, join in enumerate(joins) if join and lines[i].rstrip()[-1:] == "-"
                 and stripped[i + 1][:1].islower() and _BROKEN_WORD.search(lines[i].rstrip()))
    return breaks >= _HYPHENATED_MIN and breaks >= _HYPHENATED_SHARE * sum(1 for line in stripped if line)


class _Written:
    """The words a text writes with a hyphen, and whole: found once, at the first broken word (looking
    for each in the whole text took ten seconds over 2 MB with a word broken every fifth line)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._hyphenated: set[str] | None = None
        self._whole: set[str] = set()

    def _read(self) -> set[str]:
        if self._hyphenated is None:
            self._hyphenated = set(_HYPHENATED_WORD.findall(self._text))
            self._whole = set(_WHOLE_WORD.findall(self._text))
        return self._hyphenated

    def with_hyphen(self, word: str) -> bool:
        return word in self._read()

    def whole(self, word: str) -> bool:
        self._read()
        return word in self._whole


_HYPHENATED_WORD = re.compile(r"[^\W\d_]+-[^\W\d_]+")
_WHOLE_WORD = re.compile(r"[^\W\d_]+")


def _rejoined(start: str, following: str, written: _Written, hyphenated: bool) -> str | None:
    """The word `start` + "-" that ended a line, joined to the `following` line that goes on from it in
    lower case: with the hyphen where the text writes the word so elsewhere ("peace-" "loving…":
    "peace-loving…"), without it where the text is typeset with hyphenated words or writes the word
    whole elsewhere ("sanc-" "tions…": "sanctions…"). None to join them as any two lines are, with a
    space: a hyphen of a word broken at it in text wrapped ragged right ("anti- aircraft", which
    finds "anti-aircraft"), one left hanging ("three- and five-year") or before a name ("Franco-")."""
    rest = _NEXT_WORD.match(following)
    if rest is None or not following[:1].islower():
        return None
    if written.with_hyphen(f"{start}-{rest.group(0)}"):
        return f"{start}-{following}"
    if hyphenated or written.whole(start + rest.group(0)):
        return start + following
    return None


def _wrap_width(lines: list[str]) -> int | None:
    """The column the text seems wrapped at (its longest line), or None when it cannot be wrapped text.

    Lines without a space, or with a word of over 40 characters (a URL), cannot be wrapped and do
    not count.
    """
    if len(lines) < _MIN_LINES:
        return None
    if max(map(len, lines)) > MAX_WIDTH:
        # Most texts that are not wrapped have a paragraph on one line longer than any wrap width:
        # looking for it first spares measuring every line of them.
        for line in lines:
            if len(line) > MAX_WIDTH and len(line.rstrip()) > MAX_WIDTH and _wrappable(line):
                return None
    lengths = [len(line.rstrip()) for line in lines if _wrappable(line)]
    if len(lengths) < _MIN_LINES:
        return None
    width = max(lengths)
    return width if width >= MIN_WIDTH else None


def _wrappable(line: str) -> bool:
    return " " in line.strip() and not _LONG_WORD.search(line)


_LONG_WORD = re.compile(r"\S{41}")


def _wrapped(line: str, nxt: str, following: str, width: int) -> bool:
    """Whether the break between `line` and `nxt` (`following`: nxt stripped) is the wrapping's: the
    next word would not have fitted."""
    body = line.rstrip()
    if not body or not following:
        return False  # a blank line ends a paragraph
    if _BULLET.match(following):
        return False  # the next item of a list
    room = width - 1 - len(body)
    indent, next_indent = len(body) - len(body.lstrip()), len(nxt) - len(nxt.lstrip())
    if len(following) <= room or len(following.split(None, 1)[0]) <= room:
        # Room was left: the writer ended the line, unless its sentence plainly runs on (a wire
        # item's first line, shortened when its dateline was cut: "Tri-Star Pictures Inc said it
        # is" / "changing its fiscal year ...").
        return next_indent <= indent and _runs_on(body, following)
    if next_indent <= indent:
        return True
    # Deeper indentation starts a paragraph, except a list item's hanging indent and a centred
    # heading's next line, centred under it (lynx centres a page's <h1>).
    bullet = _BULLET.match(body, indent)
    if bullet is not None and next_indent == bullet.end():
        return True
    return indent > 0 and next_indent >= indent + 4 and abs(indent + len(body) - next_indent - len(nxt.rstrip())) <= 2


# Words a sentence does not end on; the lower-case ones only (a name may end in "In" or "And").
_OPEN_END = re.compile(
    r"(?:^|\s)(?:a|an|the|of|in|on|at|to|for|from|with|by|and|or|but|as|that|when|which|its|his|her|their"
    r"|is|are|was|were|has|have|had|will|would|said)$"
)


def _runs_on(body: str, following: str) -> bool:
    """Whether the sentence of `body` plainly continues on the next line: it ends in a word such as
    "the" or "when", or the next line goes on in lower case after a word or a comma. A line of
    under 4 words is left alone: a heading ("Related posts") above a byline would run on too."""
    if len(body.split()) < 4:
        return False
    last = body[-1:]
    if _OPEN_END.search(body):
        return True
    # A word broken at the line's end ("sanc-") goes on too.
    return following[:1].islower() and (
        last.isalnum() or last == "," or (last == "-" and _BROKEN_WORD.search(body) is not None)
    )
