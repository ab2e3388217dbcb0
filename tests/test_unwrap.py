"""unwrap: hard-wrapped text dumps become one line per paragraph; other text is left as it is."""

from __future__ import annotations

import textwrap
import time

from searchsvc.textclean import extract_text
from searchsvc.unwrap import unwrap

PARAS = [
    "The harbour authority said on Tuesday that the new ferry terminal would open in the spring, "
    "two years later than planned, after the contractor found old foundations under the quay.",
    "Passengers will be able to buy tickets at machines in the hall, and the old ticket office "
    "will become a waiting room with a view of the river and the bridge.",
    "The authority expects the terminal to handle about four thousand passengers a day, most of "
    "them commuters from the towns along the estuary.",
]


def wrapped(paragraphs: list[str], width: int = 64, indent: str = "") -> list[str]:
    out: list[str] = []
    for para in paragraphs:
        out += textwrap.wrap(para, width, initial_indent=indent, subsequent_indent=indent)
        out.append("")
    return out[:-1]


def test_wrapped_paragraphs_become_one_line_each() -> None:
    text = "\n".join(["Ferry terminal delayed", "", *wrapped(PARAS)])
    assert unwrap(text).split("\n") == ["Ferry terminal delayed", "", PARAS[0], "", PARAS[1], "", PARAS[2]]


def test_indented_paragraph_starts_without_blank_lines_stay_apart() -> None:
    # A wire archive's layout: paragraphs begin with an indent, continuation lines do not.
    lines: list[str] = []
    for para in PARAS:
        first, *rest = textwrap.wrap(para, 64, initial_indent="    ")
        lines += [first, *rest]
    assert unwrap("\n".join(lines)).split("\n") == ["    " + para for para in PARAS]


def test_list_items_with_a_hanging_indent_are_joined_item_by_item() -> None:
    items = [textwrap.wrap(p, 60, initial_indent="   * ", subsequent_indent="     ") for p in PARAS]
    text = "\n".join(line for item in items for line in item)
    assert unwrap(text).split("\n") == ["   * " + para for para in PARAS]


def test_short_lines_of_wrapped_text_stay_apart() -> None:
    menu = ["Home", "News from the estuary", "Timetables and fares", "Contact the authority"]
    lines = unwrap("\n".join([*menu, "", *wrapped(PARAS)])).split("\n")
    assert lines[:4] == menu and lines[5] == PARAS[0]


def test_browser_text_with_one_paragraph_per_line_is_left_alone() -> None:
    # Paragraph lines of different lengths: none ends where a wrap would, though some are short.
    text = "\n".join(["Ferry terminal delayed", "By Sam Lee", *PARAS, "Share this article", "Related posts"])
    assert unwrap(text) == text
    two_columns = "\n".join(f"{para[:70]}\n{para[70:140]}" for para in PARAS)  # too few lines end near a wrap
    assert unwrap(two_columns.replace("\n", "\n\n")) == two_columns.replace("\n", "\n\n")


def test_wrapped_wire_item_keeps_its_whole_article() -> None:
    # Before unwrapping, each line read as a headline or a menu item, and all but two were dropped.
    text = "\n".join(["FERRY TERMINAL DELAYED TO SPRING", "", *wrapped(PARAS, 62, indent=" "), " Reuter"])
    page = extract_text(text)
    assert page.title == "FERRY TERMINAL DELAYED TO SPRING"
    assert [p.strip() for p in page.body.split("\n\n")][:3] == PARAS



def test_a_long_dump_with_no_paragraph_breaks_keeps_every_word_and_stays_fast() -> None:
    # 2 MB wrapped at 72 columns with no blank line: one "paragraph". Joined into one line it was cut
    # at textclean's line limit (20,000 characters, the rest lost), and joining it took seconds.
    words = [f"w{i % 9973}x" for i in range(300_000)]
    text = "Ferry news\n\n" + "\n".join(textwrap.wrap(" ".join(words), 72))
    started = time.perf_counter()
    page = extract_text(text)
    assert time.perf_counter() - started < 3
    assert page.body.split() == words


def test_a_short_first_line_whose_sentence_runs_on_is_joined() -> None:
    """A wire item's first line, shortened when its dateline was cut, stopped its first sentence
    mid-way on the document page ("Almost 150 people were killed when" / "Afghan aircraft ...")."""
    text = "\n".join([
        "Almost 150 people were killed when",
        "Afghan aircraft raided a number of Pakistani villages on Monday,",
        "Pakistani officials said.",
        "    The toll in Teri Mangal in Kurram Agency rose to 81, about 45",
        "people were killed in Lwarai Mandi in North Waziristan Tribal",
        "Agency and 23 died in Angur Adar, South Waziristan, officials",
        "said.",
    ])
    out = unwrap(text).split("\n")
    assert out[0] == ("Almost 150 people were killed when Afghan aircraft raided a number of Pakistani "
                      "villages on Monday, Pakistani officials said.")
    assert len(out) == 2


def test_headings_and_table_rows_are_not_run_on() -> None:
    rows = ["Shr 23 cts vs 18 cts", "Net 509,144 vs 277,834", "Revs 2,500,000 vs 2,100,000"]
    text = "\n".join(["Related posts", "by the harbour authority", "", *wrapped(PARAS), "", *rows])
    out = unwrap(text).split("\n")
    assert out[:2] == ["Related posts", "by the harbour authority"]
    assert out[-3:] == rows
