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


PDF_STATEMENT = """Statement on the anniversary of the armistice

We, the undersigned organisations, express our inter-
national solidarity with the people of the Democratic
People's Republic of Korea in their struggle for peace
and reunification of the country against the sanc-
tions imposed by the imperialists and their allies.

We call on all peace-loving people to join the cam-
paign for a peace treaty and on every peace-
loving government to support the withdrawal of
foreign troops from the Korean peninsula at once.
"""


def test_a_word_hyphenated_at_the_end_of_a_wrapped_line_is_one_word_again() -> None:
    """Text copied out of a PDF breaks words at line ends with a hyphen: joined with a space, "sanc-" and
    "tions" were two words and no search for "sanctions" found the statement. A word broken so is
    written whole, without the hyphen, unless the text writes it with a hyphen elsewhere ("peace-loving")."""
    text = unwrap(PDF_STATEMENT)
    assert "express our international solidarity" in text
    assert "against the sanctions imposed" in text
    assert "to join the campaign for a peace treaty" in text
    assert "on every peace-loving government" in text
    # A hyphen that ends a line before a capital or a number is no break in a word.
    names = PDF_STATEMENT.replace("all peace-loving", "all Franco-\nGerman").replace("cam-\npaign", "1-\n2")
    assert "FrancoGerman" not in unwrap(names) and "12" not in unwrap(names)


def test_a_dash_or_hyphenated_name_at_a_line_end_stays() -> None:
    wrapped = textwrap.fill(PARAS[0] + " The company -- which runs the port -- said so.", 40)
    assert "--" in unwrap(wrapped)


def test_a_hyphen_at_a_line_end_of_text_wrapped_ragged_right_is_the_words_own() -> None:
    """A wire item is wrapped ragged right: a line ends in a hyphen only where the word has one ("anti-"
    "aircraft", "three-" "and five-year"), and joining those solid made "antiaircraft" and "threeand".
    Only text typeset with hyphenated words (three or more breaks, one line in 25) is joined solid."""
    wire = (
        "The ministry said it would buy new anti-\n"
        "aircraft missiles and issue three-\n"
        "and five-year notes to pay for them, officials said on Tuesday in the capital.\n"
        "The purchase follows a review of the country's defences that began last year after\n"
        "the border incidents, and the notes will be sold to banks and to the public.\n"
    )
    text = unwrap(wire)
    assert "new anti- aircraft missiles" in text and "three- and five-year" in text
    assert "antiaircraft" not in text and "threeand" not in text


def test_a_long_typeset_text_with_many_broken_words_stays_fast() -> None:
    # 2 MB of typeset text with a word broken at every other line's end: each break looked for its
    # word, hyphenated and whole, in the whole text, and unwrapping took ten seconds.
    words = ["solidarity", "statement", "committee", "sanctions", "peninsula", "reunification"]
    lines = []
    for i in range(16_000):
        line = " ".join(words[(i + k) % len(words)] for k in range(8))
        if i % 2 == 0:
            broken = words[i % len(words)]
            lines += [f"{line} {broken[:4]}-", f"{broken[4:]} {line}"]
        else:
            lines += [line, ""] if i % 10 == 9 else [line]  # paragraphs of 15 lines
    text = "\n".join(lines)
    started = time.perf_counter()
    out = unwrap(text)
    assert time.perf_counter() - started < 3
    assert "soli-" not in out and "soli- darity" not in out
    assert out.count("solidarity") == text.count("solidarity") + text.count("soli-\ndarity")


def test_a_centred_headline_wrapped_onto_a_centred_line_is_one_line() -> None:
    # lynx centres a page's <h1>: its second line is centred under the first, indented deeper, and
    # the headline was cut after "Fatherland".
    text = "\n".join([
        "     KFA statement on the 70th anniversary of the Victory in the Fatherland",
        "                                 Liberation War",
        "",
        "   The Korean Friendship Association (KFA) warmly congratulates the Korean",
        "   people on the 70th anniversary of the victory in the Fatherland",
        "   Liberation War.",
        "",
        "       An indented quotation starts a paragraph of its own, as it did before",
        "   and the lines under it go on as the text's lines do in this example.",
    ])
    assert unwrap(text).split("\n")[0].split() == (
        "KFA statement on the 70th anniversary of the Victory in the Fatherland Liberation War".split()
    )


def test_a_pages_dump_of_menus_and_a_short_wrapped_article_is_unwrapped() -> None:
    # `w3m -dump` of a news page: thirty menu items, one short line each, and an article of three
    # paragraphs wrapped at 79 columns. Too few of the lines went on for the text to count as
    # wrapped, so the article's lines stayed lines, and the last one was taken for the headline.
    menu = [f"  • {word}" for word in (
        "Home News Politics Economy Society Culture Sport World Asia Europe Americas Africa Opinion Video "
        "Photos Archive About Contact Subscribe Newsletter Podcasts Events Weather Markets Science Health "
        "Travel Books Film Music").split()]
    article = [
        "Delegations of solidarity committees from twenty-three countries gathered in",
        "the capital on Monday for an international seminar on the reunification of",
        "Korea, held on the anniversary of the joint statement of the North and the",
        "South.",
        "",
        "Speakers from the committees of Nigeria, Peru, Nepal and Italy said that the",
        "division imposed on the Korean nation was a wound to the whole of humanity, and",
        "called for the withdrawal of foreign troops and for an end to large-scale",
        "military exercises on the peninsula.",
        "",
        "The seminar adopted an appeal to the parliaments and peoples of the world to",
        "support the independent and peaceful reunification of the country, and agreed",
        "to hold its next session in Lima in the spring of the coming year.",
    ]
    text = "\n".join([*menu, "", "International seminar on Korean reunification held", "", "July 4, 2024", "",
                      *article])
    out = unwrap(text).split("\n")
    assert out[:len(menu)] == menu
    paragraphs = [line for line in out if line.startswith(("Delegations", "Speakers", "The seminar"))]
    assert [len(p.split()) for p in paragraphs] == [
        len(" ".join(article[0:4]).split()), len(" ".join(article[5:9]).split()), len(" ".join(article[10:]).split())
    ]
