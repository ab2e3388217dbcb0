"""Text dumps made by terminal browsers (`lynx -dump`, `w3m -dump`): what the browser added to a page's text.

lynx numbers every link where it stands ("[12]Home"), lists the pages' addresses at the end under
"References" ("  12. https://…", hundreds of lines on a news site), and writes the page's `<link>`
elements first ("#[1]Feed [2]Comments Feed") and its frames as "IFRAME: [6]https://…"; w3m with
link numbers on does the same under "References:". In a text capture the list of addresses was the
longest run of lines: the article scorer took it for the article, and lynx dumps of the extraction
benchmark's 181 pages kept F1 0.22 of their articles (the browser's text of the same pages: 0.93).
"""

from __future__ import annotations

import re

# The heading of the list, alone on its line, and its entries: a number, a dot and an address (as
# the page wrote it, spaces and scripts included), numbered upwards; an address with a line break
# in it (a mailto: link's message) goes on over lines of its own. lynx divides the list where a
# page has links it does not show: "Visible links:" and "Hidden links:".
_HEADING = re.compile(r"^References:?[ \t]*$", re.MULTILINE)
_ENTRY = re.compile(r"[ \t]*(\d{1,6})\.[ \t]+(\S.*)")
_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*:|/", re.IGNORECASE)
_SUBHEADINGS = frozenset({"visible links:", "visible links", "hidden links:", "hidden links"})
_NUMBER = re.compile(r"\[(\d{1,6})\]")
# What lynx writes for the page's <link> elements, first, and for a frame.
_HEAD_LINKS = re.compile(r"^[ \t]*#\[\d{1,6}\].*$\n?", re.MULTILINE)
# A list item that is one link of four words or more and nothing else: a list of other stories',
# which read like the article's own list. (A menu's items, of a word or two, are known as such.)
_LINK_ITEM = re.compile(r"^[ \t]*[*+o#•-][ \t]+\[\d{1,6}\][ \t]*(?:[^\[\]\s]+[ \t]+){3,}[^\[\]\s]+[ \t]*$\n?",
                        re.MULTILINE)
_FRAME = re.compile(r"^[ \t]*I?FRAME:[ \t]*\[\d{1,6}\].*$\n?", re.MULTILINE)
# And for the rest of what is no text: a form's fields (a text field or box as a run of underscores,
# a check box "[ ]", a radio button "( )", a button "(BUTTON)"), an image without words ("[IMG]",
# or its file's name: "[vc.jpg]"), an image map and the markers of inserted text ("[INS: :INS]").
_NO_TEXT = re.compile(
    r"_{3,}|\[[ xX*]\]|\([ *]\)|\((?:BUTTON|RADIO|Submit|Reset)\)|\[(?:IMG|INLINE|LINK|USEMAP|EMBED|OBJECT)\]"
    r"|\[[^\[\]\s]{1,200}\.(?:jpe?g|png|gif|webp|svg|bmp|ico|avif)\]|\[(?:INS|DEL): ?| ?:(?:INS|DEL)\]",
    re.IGNORECASE,
)


def strip_link_list(text: str) -> tuple[str, frozenset[int]]:
    """`text` without a text browser's list of link addresses at its end, and the numbers the list
    gives (empty, and the text as it is, when it has none).

    It is the browser's only where the lines after the heading are addresses, numbered upwards, and
    the text above marks links with those numbers: an article's own "References" is not.
    """
    if "References" not in text:
        return text, frozenset()  # most captures: one substring test
    heading = None
    for heading in _HEADING.finditer(text):  # noqa: B007 - the last one
        pass
    if heading is None:
        return text, frozenset()
    numbers: list[int] = []
    addresses = others = 0
    for line in text[heading.end() :].split("\n"):
        if not line.strip() or line.strip().lower() in _SUBHEADINGS:
            continue
        entry = _ENTRY.fullmatch(line)
        if entry is None or (numbers and int(entry.group(1)) <= numbers[-1]):
            others += 1
            continue
        numbers.append(int(entry.group(1)))
        addresses += _ADDRESS.match(entry.group(2)) is not None
    above = text[: heading.start()]
    marked = {int(n) for n in _NUMBER.findall(above)} & set(numbers)
    if not numbers or others > len(numbers) / 10 or addresses < 0.9 * len(numbers) or len(marked) < len(numbers) / 2:
        return text, frozenset()
    return above, frozenset(numbers)


def strip_link_numbers(text: str, numbers: frozenset[int]) -> str:
    """`text` without the link numbers a text browser listed (`numbers`), the lines it wrote for the
    page's <link> elements and frames, and its signs for form fields, images and inserted text."""
    if not numbers:
        return text
    text = _LINK_ITEM.sub("\n", _NO_TEXT.sub("", _FRAME.sub("", _HEAD_LINKS.sub("", text))))
    return _NUMBER.sub(lambda m: "" if int(m.group(1)) in numbers else m.group(0), text)
