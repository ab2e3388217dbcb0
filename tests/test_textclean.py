"""Text captures → article body, headline, date and source, on small fixtures and the real seeds."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from searchsvc.models import PageContent
from searchsvc.textclean import extract_text

RAW = Path(__file__).parent.parent / "raw"

PARA1 = (
    "The city council voted on Tuesday to expand the bicycle lane network by forty kilometres, "
    "after a year of consultations with residents and shop owners."
)
PARA2 = (
    "Supporters said the plan would cut traffic and pollution, while critics argued that the "
    "money should have gone to road repairs first."
)
PARA3 = "Construction is expected to start in the spring and to last about two years, the mayor said."


def seed(prefix: str) -> str:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def news_item(title: str, paragraphs: list[str]) -> PageContent:
    """A wire item as KCNA's site prints it: headline, blank line, one paragraph per line."""
    return extract_text("\n".join([title, "", *paragraphs]))


# --- fixtures written for the rules -------------------------------------------------------------


def test_wordpress_post_loses_share_widgets_comment_form_and_related_posts() -> None:
    text = "\n".join(
        [
            "Council expands bike lanes – City Blog",
            "Skip to content",
            "Home",
            "About",
            "Contact",
            "Archives",
            "Council expands bike lanes",
            "Posted on March 3, 2019 by editor",
            PARA1,
            "",
            PARA2,
            "",
            PARA3,
            "",
            "Share this:",
            "Twitter",
            "Facebook",
            "Like this:",
            "Like Loading...",
            "Related posts:",
            "Mayor opens new bridge after two years of works in the old town quarter.",
            "Leave a Reply",
            "Fill in your details below or click an icon to log in:",
            "You are commenting using your WordPress.com account. Log Out / Change )",
            "Connecting to %s",
        ]
    )
    page = extract_text(text)
    assert page.title == "Council expands bike lanes"
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])
    assert page.date == date(2019, 3, 3)


def test_a_comment_button_in_the_share_row_above_the_article_does_not_end_it() -> None:
    """Slate's page text: headline, a standfirst, the byline, a row of share buttons ending in
    "Comment", then the article. "Comment" was taken for the comments heading that ends an article,
    and the capture was indexed as its standfirst alone."""
    standfirst = ("I wanted to learn why a beloved writer of science fiction fell into obscurity after his "
                  "death, and I did not expect that I would help bring his books back to life.")
    text = "\n".join([
        "The Disappearance of a Writer - Slate", "", "Skip to the content", "Menu", "Search", "",
        "The Disappearance of a Writer", "", standfirst, "", "By Isaac Butler", "Nov 15, 2019 5:45 AM", "",
        "Tweet", "Share", "Comment", "", PARA1, "", PARA2, "", PARA3, "",
        "Tweet", "Share", "Comment", "", "About us", "Privacy policy",
    ])
    page = extract_text(text)
    assert PARA1 in page.body and PARA3 in page.body
    assert "Tweet" not in page.body and "Comment" not in page.body
    # After an article, "Comments" still ends it.
    after = extract_text("\n".join(["Bike lanes", "", PARA1, "", PARA2, "", "Comments", "",
                                     "Nice plan, said a reader who rides every day to work."]))
    assert PARA2 in after.body and "reader" not in after.body


def test_blogger_post_takes_date_line_and_drops_comment_footer() -> None:
    text = "\n\n".join(
        [
            "Tuesday, 11 December 2018",
            "Bike lanes for everyone",
            PARA1,
            PARA2,
            PARA3,
            "Posted by Anna at 10:15",
            "No comments:",
            "Post a Comment",
            "Newer Post Older Post Home",
        ]
    )
    page = extract_text(text)
    assert page.title == "Bike lanes for everyone"
    assert page.date == date(2018, 12, 11)
    assert page.body.startswith(PARA1)
    assert PARA3 in page.body
    assert "comment" not in page.body.lower()
    assert "Older Post" not in page.body


def test_news_agency_dateline_gives_source_and_year_from_the_text() -> None:
    text = "\n\n".join(
        [
            "Meeting backs peace talks",
            "Pyongyang, January 5 (KCNA) — A statement adopted at the meeting held in Havana in "
            "December 2017 was published here today, calling for talks.",
            PARA2,
            "The statement was also carried by Rodong Sinmun, which called it a historic document.",
        ]
    )
    page = extract_text(text)
    assert page.source == "KCNA"
    assert page.date == date(2018, 1, 5)
    assert page.body.startswith("Pyongyang, January 5 (KCNA) —")


def test_dateline_without_year_evidence_leaves_date_unknown() -> None:
    text = "Headline of the day\n\nSeoul, March 3 (Yonhap) -- " + PARA1 + "\n\n" + PARA2
    page = extract_text(text)
    assert page.source == "Yonhap"
    assert page.date is None


def test_reuters_style_opening_names_the_agency() -> None:
    text = "Markets drift\n\nNEW YORK (Reuters) - " + PARA1 + "\n\n" + PARA2
    assert extract_text(text).source == "Reuters"


def test_outlet_quoted_in_prose_is_not_the_source() -> None:
    text = "Support voiced\n\n" + PARA1 + " says Rodong Sinmun today in a signed article.\n\n" + PARA2
    assert extract_text(text).source is None


def test_category_label_above_headline_is_not_the_title() -> None:
    text = "\n\n".join(
        ["World News", "Bike lanes reach the old town", PARA1, PARA2, "Categories: World News, Transport"]
    )
    page = extract_text(text)
    assert page.title == "Bike lanes reach the old town"
    assert "World News" not in page.body
    assert "Categories" not in page.body


def test_navigation_menu_and_footer_are_dropped() -> None:
    menu = ["News", "Sport", "Business", "Culture", "Travel", "Weather", "Video", "Podcasts"]
    footer = [
        "About us",
        "Contact",
        "Privacy",
        "Terms",
        "© 2019 Example Media. All rights reserved.",
        "Powered by WordPress",
    ]
    text = "\n".join(
        [
            "Bike lanes approved | Example Times",
            *menu,
            "Bike lanes approved",
            "By Jane Doe",
            PARA1,
            PARA2,
            PARA3,
            *footer,
        ]
    )
    page = extract_text(text)
    assert page.title == "Bike lanes approved"
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])


def test_photo_credit_and_caption_are_dropped() -> None:
    text = "\n".join(
        [
            "Bike lanes approved",
            PARA1,
            "Cyclists ride along the river on Sunday.",
            "Photo: Jane Doe/Getty Images",
            PARA2,
            PARA3,
            "Image credit: https://www.flickr.com/photos/x/1/",
        ]
    )
    body = extract_text(text).body
    assert body == "\n\n".join([PARA1, PARA2, PARA3])


def test_credit_lines_and_captions_ending_in_a_credit_are_dropped() -> None:
    # The credits a reader saw in page-text captures: the BBC's labels, a gallery's counter, a
    # photographer's name with the site or agency, and a caption that ends in its credit.
    text = "\n".join(
        [
            "Bike lanes approved",
            "",
            "Image copyright EPA",
            "Image caption The new lane runs along the river for six kilometres",
            "",
            PARA1,
            "",
            "Jane Doe/CityNews",
            "",
            "Image 1 of 5",
            "",
            "Cyclists wait at a red light on Main Street, Tuesday, May 5, 2020. (AP Photo/John Roe, File)",
            "",
            PARA2,
            "",
            "A cargo bike outside the town hall. © Reuters / Max Mustermann",
            "",
            "The council's vote drew a crowd to the square in 2019 [File: Reuters]",
            "John Roe, AP",
            "",
            PARA3,
        ]
    )
    body = extract_text(text).body
    assert body == "\n\n".join([PARA1, PARA2, PARA3])


def test_a_list_of_other_stories_with_their_sources_is_not_credits() -> None:
    # "<headline> [Bloomberg]" names where a linked story ran; only "[File: Reuters]" and
    # "[<source> via <agency>]" close a caption.
    links = [
        "Why the city wants more bike lanes [Bloomberg]",
        "Cyclists cheer the new lanes on the river [Reuters]",
        "The bike lane debate, explained [AP]",
    ]
    text = "\n\n".join(["Bike lanes approved", PARA1, PARA2, "Coverage elsewhere:", *links, PARA3])
    body = extract_text(text).body
    assert all(link in body for link in links)


def test_bare_gallery_counter_credit_label_and_video_notice_are_dropped() -> None:
    text = "\n".join(
        [
            "Bike lanes approved",
            "",
            PARA1,
            "",
            "Media playback is unsupported on your device",
            "",
            "1 of 6",
            "",
            "An artist's drawing of the new bridge over the river. Credit: City of Springfield",
            "",
            PARA2,
            "",
            PARA3,
        ]
    )
    assert extract_text(text).body == "\n\n".join([PARA1, PARA2, PARA3])


def test_sentences_about_photos_and_a_wire_sign_off_are_kept() -> None:
    # Article text that mentions a photo or an agency, and a wire's "REUTERS" under its last
    # paragraph: not credits, and the paragraph above the sign-off is not a caption.
    said = "A photographer for Reuters took the picture of the new lane on Tuesday, the mayor said."
    last = "Construction is expected to start in the spring and to last about two years."
    text = "\n".join(["BIKE LANES/CITY COUNCIL", "", PARA1, "", said, "", PARA2, "", last, " REUTERS"])
    page = extract_text(text)
    assert page.title == "BIKE LANES/CITY COUNCIL"
    assert said in page.body
    assert last in page.body


def test_drop_capital_is_joined_to_its_word() -> None:
    # Page text prints a drop capital apart from its word: a reader saw "H ong Kong is burning".
    opening = "H ong Kong saw a fourth week of protests, and the city council met on Sunday night."
    closing = "A dam on the river was closed for repairs, Hong Kong officials said on Monday."
    text = "\n\n".join(["Protests go on in Hong Kong", opening, PARA1, "T he " + PARA2[0].lower() + PARA2[1:],
                         "A new " + PARA3[0].lower() + PARA3[1:], closing])
    body = extract_text(text).body
    assert body.startswith("Hong Kong saw a fourth week of protests")
    # Joined only where the page writes the word whole: "T he" is "The", "A new" and "A dam" stay.
    assert "\n\nThe supporters said the plan" in body
    assert "\n\nA new construction is expected" in body
    assert closing in body


def test_headline_is_not_repeated_in_body_and_bold_markers_go() -> None:
    opening = "**Kim Jong Un** visited the factory on Monday and praised its workers."
    text = "Leader visits factory\n\n" + opening + "\n\n" + PARA2
    page = extract_text(text)
    assert page.title == "Leader visits factory"
    assert page.body.startswith("Kim Jong Un visited the factory")
    assert "**" not in page.body and "Leader visits factory" not in page.body


def test_numbered_list_is_content() -> None:
    items = [f"  {i}. Party number {i} of the list" for i in range(1, 13)]
    text = "\n".join(["Joint statement", PARA1, PARA2, "Signed by:", *items, "", "No comments:"])
    body = extract_text(text).body
    assert "1. Party number 1 of the list" in body
    assert "12. Party number 12 of the list" in body
    assert "No comments" not in body


def test_event_date_in_prose_is_not_the_publication_date() -> None:
    opening = "In Pyongyang on April 20 1992, representatives of 70 parties adopted a declaration."
    text = "History\n\n" + opening + "\n\n" + PARA2
    assert extract_text(text).date is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "x",
        "One line only",
        "\u200b\ufeff\u00a0",
        "日本語のテキストだけ。" * 50,
        "**" * 10_000,
        "(" * 50_000,
        "Pyongyang, " * 20_000,
        "\x00\x01\x02 binary-ish \udcff",
        "a\n" * 50_000,
    ],
)
def test_never_crashes(text: str) -> None:
    page = extract_text(text)
    assert isinstance(page.body, str)


def test_is_fast_on_a_huge_capture() -> None:
    block = "\n".join(["Menu", "Home", PARA1, PARA2, "Share this:", "(" * 300 + "Pyongyang, November"])
    text = block * 5_000  # about 2 MB
    started = time.perf_counter()
    extract_text(text)
    assert time.perf_counter() - started < 10


# --- the five real seeds --------------------------------------------------------------------------


def test_seed_000_kcna_statement() -> None:
    page = extract_text(seed("000"))
    assert page.title == "19th IMCWP Expresses Solidarity to Just Cause of WPK and Korean People"
    assert page.date == date(2017, 11, 5)
    assert page.source == "KCNA"
    assert page.body.startswith("Pyongyang, November 5 (KCNA) — Following is the full text")
    assert "we emphatically call upon progressive parties" in page.body
    assert "Image credit" not in page.body
    assert "Related posts" not in page.body


def test_seed_001_blogger_statement_with_signatories() -> None:
    page = extract_text(seed("001"))
    assert page.title == "Solidarity with the Korean people"
    assert page.date == date(2018, 12, 11)
    assert page.source is None
    assert page.body.startswith("20th International Meeting of Communist and Workers Parties")
    assert "November 25th 2018" in page.body
    assert "\n\nAthens\n\n" in page.body
    assert "1. Algerian Party for Democracy and Socialism" in page.body
    assert "62. Communist Party of Venezuela" in page.body
    assert sum(1 for p in page.body.split("\n\n") if re.match(r"\d+\. ", p)) == 62
    assert "No comments" not in page.body
    assert "Post a Comment" not in page.body
    assert "Tuesday, 11 December 2018" not in page.body


def test_seed_002_source_is_the_agency_not_the_quoted_paper() -> None:
    page = extract_text(seed("002"))
    assert page.title == "International Support and Solidarity Voiced for Korean People"
    assert page.date is None
    assert page.source == "KCNA"
    assert page.body.startswith("Pyongyang, July 14 (KCNA)")
    assert "encourage the Korean people" in page.body
    assert "Image credit" not in page.body and "Related posts" not in page.body


def test_seed_003_resolution_with_signature_block() -> None:
    page = extract_text(seed("003"))
    assert page.title == "Resolution"
    assert page.date == date(2017, 8, 16)
    assert page.source is None
    assert "**" not in page.body
    assert "Supreme Leader Kim Jong Un, Korean people" in page.body
    assert page.body.startswith("Today Korean people are carrying on")
    assert page.body.endswith("August 16, 2017\n\nPyongyang")


def test_seed_004_label_above_headline_and_wordpress_comment_form() -> None:
    page = extract_text(seed("004"))
    assert page.title == "For the Sake of Independence, Peace, and Friendship"
    assert page.date is None
    assert page.source is None
    assert page.body.startswith("The Workers’ Party of Korea has been committed")
    assert page.body.endswith("friendship and unity between nations.")
    assert "In Pyongyang on April 20 1992" in page.body
    for chrome in ("Categories:", "Leave a Reply", "commenting using", "Connecting to", "Foreign Affairs\n"):
        assert chrome not in page.body


def test_short_item_without_prose_is_kept_not_dropped() -> None:
    text = (
        "ACME CORP 4TH QTR LOSS\n\nShr loss six cts vs profit 19 cts\n    Net loss 166,000 vs profit 580,000\n Reuter\n"
    )
    content = extract_text(text)
    assert content.title == "ACME CORP 4TH QTR LOSS"
    assert "Net loss 166,000" in content.body


def test_paragraph_opening_with_the_headline_is_the_article_not_a_headline_repeat() -> None:
    # Abstracts often begin by repeating their title; the paragraph must not be mistaken for it.
    title = "the boundary layer in simple shear flow past a flat plate ."
    text = f"{title}\n\n{title} the boundary-layer equations are presented for steady incompressible flow .\n"
    page = extract_text(text)
    assert page.title == title
    assert "boundary-layer equations are presented" in page.body


def test_headline_about_copyright_is_kept_while_copyright_footers_go() -> None:
    text = (
        f"Copyright, Public Policy, and Information Technology\n\n{PARA1}\n\n{PARA2}\n\n"
        "Copyright 2024 Example News. All rights reserved.\nCopyright Reuters\n"
    )
    page = extract_text(text)
    assert page.title == "Copyright, Public Policy, and Information Technology"
    assert page.body == f"{PARA1}\n\n{PARA2}"


def test_capture_of_one_paragraph_keeps_it_as_the_body() -> None:
    page = extract_text(f"{PARA1}\n")
    assert page.body == PARA1


# --- the pre-checks that spare lines a pattern ---------------------------------------------------


def _ascii_starters(pattern: re.Pattern[str]) -> set[str]:
    """ASCII characters that can begin a match of an anchored pattern, read off its parse tree.

    re._parser and re._compiler are CPython internals (3.11 names); only this test leans on them.
    """
    from re import _compiler, _parser
    from re._constants import AT, BRANCH, MAX_REPEAT, MIN_REPEAT, SUBPATTERN

    def heads(items: list) -> tuple[list, bool]:  # the atoms that can take the first character; nullable
        found: list = []
        for op, av in items:
            if op is AT:
                continue
            if op is SUBPATTERN:
                sub, nullable = heads(list(av[3]))
            elif op is BRANCH:
                parts = [heads(list(alt)) for alt in av[1]]
                sub, nullable = [a for p in parts for a in p[0]], any(p[1] for p in parts)
            elif op in (MAX_REPEAT, MIN_REPEAT):
                sub, nullable = heads(list(av[2]))
                nullable = nullable or av[0] == 0
            else:
                sub, nullable = [(op, av)], False
            found += sub
            if not nullable:
                return found, False
        return found, True

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    atoms, nullable = heads(list(parsed))
    assert not nullable
    out: set[str] = set()
    for atom in atoms:
        one = _compiler.compile(_parser.SubPattern(parsed.state, [atom]), pattern.flags)
        out |= {chr(c) for c in range(128) if one.fullmatch(chr(c))}
    return out


def test_first_character_skip_sets_hold_no_character_a_pattern_can_begin_with() -> None:
    from searchsvc import textclean as tc

    for pattern, skip in ((tc._CHROME, tc._CHROME_SKIP), (tc._END_MARKERS, tc._END_SKIP),
                          (tc._SOFT_MARKERS, tc._SOFT_SKIP)):
        starters = _ascii_starters(pattern)
        assert starters and not starters & skip, pattern.pattern[:60]
    assert _ascii_starters(tc._URL_ONLY) == set("hHwW")
    assert _ascii_starters(tc._LIST_ITEM) == set("0123456789*-")


def test_hint_letters_match_only_their_own_cases_and_digits_are_isdecimal() -> None:
    # The hints ("mage", "ago", first letters) rely on IGNORECASE matching no other character with
    # these letters, and _is_list_item on \d being str.isdecimal.
    everything = "".join(map(chr, range(0x110000)))
    letters = "abcdefghjlmnopqrtuvwxyz"  # all but i, k and s
    assert set(re.findall(f"[{letters}]", everything, re.IGNORECASE)) == set(letters + letters.upper())
    assert re.findall(r"\d", everything) == [c for c in everything if c.isdecimal()]


@pytest.mark.parametrize(
    "text",
    [
        "  two  spaces\tand a tab \n\n x ",
        "vertical\x0btab\x0c and \x1f unit separators\x1c",
        "nbsp\u00a0and\u200bzero width ",
        "\ufeffbom\u3000ideographic\u2028line separator\x85",
        "plain ascii line\nsecond  line",
    ],
)
def test_fast_line_split_equals_the_spaces_pattern(text: str) -> None:
    from searchsvc.textclean import _SPACES, _prepare

    expected = [ln for ln in (_SPACES.sub(" ", raw).strip() for raw in text.split("\n")) if ln]
    assert [ln.text for ln in _prepare(text)] == expected


def test_odd_ascii_space_test_equals_its_pattern() -> None:
    from searchsvc.textclean import _ODD_ASCII_SPACE, has_odd_ascii_space

    for code in range(128):
        text = f"ab{chr(code)}cd"
        assert has_odd_ascii_space(text) == (_ODD_ASCII_SPACE.search(text) is not None), code


def test_line_words_from_the_translated_text_equal_the_word_pattern() -> None:
    import random

    from searchsvc.textclean import _WORD, _prepare

    alphabet = ["a", "B", "7", "_", " ", "  ", "\n", "\t", ".", "-", "**", "*", "'", "\x0b", "\x7f", "é", "\u00a0"]
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 40)))
        for line in _prepare(text):
            assert line.tokens == _WORD.findall(line.text), repr(text)
    every_ascii = "".join(map(chr, range(128)))
    assert [ln.tokens for ln in _prepare(every_ascii)] == [_WORD.findall(ln.text) for ln in _prepare(every_ascii)]


def test_agency_end_mark_after_the_last_sentence_keeps_the_paragraph() -> None:
    page = news_item("Coal Mine Raises Output", [
        "Pyongyang, August 16 (KCNA) -- Officials and coal miners at the Hamnam Area Coal Mining Complex "
        "of the DPRK are making innovations in the coal production.",
        "Entering this year, the complex has produced more than 18 000 tons of more coal than planned. -0-",
    ])
    assert page.body.endswith("tons of more coal than planned. -0-")
    assert page.body.startswith("Pyongyang, August 16 (KCNA)")


# A later sentence, or the dateline paragraph, reuses the headline's words; neither is the headline.
_SHARING_THE_HEADLINE_WORDS = {
    "a sentence": (
        "Rodong Sinmun Calls for Becoming True Patriots in Era of Our State-First Principle",
        [
            "Pyongyang, September 29 (KCNA) -- Rodong Sinmun notes in an editorial on Sunday that the patriotic "
            "might of all the people is a strong motive power for the era of our state-first principle.",
            "The past years are the period that clearly showed what miracles and changes the boundless "
            "patriotic might of the people brought about, the editorial says, and goes on:",
            "To become true patriots is an essential requirement for cementing the might of the unity.",
            "The era of our state-first principle calls true patriots.",
            "The editorial calls upon all the people to devote their patriotic blood and sweat to the "
            "struggle for the prosperity of the country. -0-",
        ],
    ),
    "the dateline paragraph": (
        "DPRK Advances into Semifinals of 2024 FIFA U-20 Women's World Cup",
        [
            "Pyongyang, September 17 (KCNA) -- The DPRK team advanced into semifinals of the 2024 FIFA U-20 "
            "Women's World Cup.",
            "The quarterfinals between the DPRK and Brazilian teams took place on Sunday.",
            "The DPRK team beat its Brazilian rival 1:0 in the match. -0-",
        ],
    ),
}


@pytest.mark.parametrize("case", list(_SHARING_THE_HEADLINE_WORDS))
def test_text_sharing_the_headline_words_does_not_cut_the_article(case: str) -> None:
    title, paragraphs = _SHARING_THE_HEADLINE_WORDS[case]
    page = news_item(title, paragraphs)
    assert page.title == title
    assert page.body.split("\n\n") == paragraphs


def test_history_told_below_the_opening_does_not_date_the_item() -> None:
    # KCNA marks anniversaries with features under that day's dateline; July 27, 1953 is the history
    # told, not the year of the item (which the text never gives).
    text = "\n\n".join(
        [
            "Great Victory in War Recalled",
            "Pyongyang, July 28 (KCNA) -- Working people across the country are recalling the great victory "
            "won by the Korean people in the war against the aggressors.",
            "Meetings are being held at factories and farms, and veterans are speaking to young people.",
            "The war ended in victory on July 27, 1953, after three years of fierce battles.",
        ]
    )
    page = extract_text(text)
    assert page.source == "KCNA"
    assert page.date is None


def test_last_sentence_of_names_before_the_end_mark_is_kept() -> None:
    paragraphs = [
        "Pyongyang, September 24 (KCNA) -- Choe Son Hui, foreign minister of the DPRK, returned home on "
        "Tuesday after attending a forum held in Russia.",
        "She was greeted by Vice Foreign Minister Kim Jong Gyu and Russian Ambassador to the DPRK Alexandr "
        "Matsegora at Pyongyang International Airport. -0-",
    ]
    page = news_item("DPRK Foreign Minister Back Home", paragraphs)
    assert page.body.split("\n\n") == paragraphs



def test_wrapped_first_line_sharing_the_headline_words_is_not_the_headline() -> None:
    # A wire item whose dateline was cut off leaves a short first line that reads like the headline
    # reworded; the next line carries its sentence on, so it opens the article.
    text = "\n".join([
        "BANK OF JAPAN TO SELL 300 BILLION YEN IN BILLS",
        "",
        "The Bank of Japan will sell 300 billion",
        "yen of financing bills tomorrow under a 55-day repurchase",
        "accord maturing on May 12, money traders said.",
        "    The bills are meant to soak up a projected money market",
        "surplus due largely to coupon and principle payments of a",
        "previously issued Japanese National Railways bond.",
    ])
    page = extract_text(text)
    assert page.title == "BANK OF JAPAN TO SELL 300 BILLION YEN IN BILLS"
    assert "The Bank of Japan will sell 300 billion" in page.body
    assert "yen of financing bills" in page.body


def test_headline_repeat_followed_by_a_byline_is_still_the_headline() -> None:
    # "by ..." starts in lower case but is a byline, not the headline's sentence carried on.
    text = "\n".join([
        "The Space Review: Seeking a bigger role for a big rocket",
        "Home | Archive | Subscribe",
        "Seeking a bigger role for a big rocket",
        "by Jeff Foust",
        "Earlier this month, NASA announced the newest milestone in the development of its long-awaited "
        "Space Launch System, and the agency is now looking for missions beyond its own exploration plans.",
        "The core stage arrived at the test stand in January, and the first launch is planned for next year.",
    ])
    page = extract_text(text)
    assert page.title == "Seeking a bigger role for a big rocket"
    assert page.body.startswith("Earlier this month")


def test_wire_headline_in_capitals_keeps_who_said_it_while_a_site_name_goes() -> None:
    body = ("The U.S. Agriculture Department said pork output in China is expected to fall this year "
            "as feed costs rise and farmers cut their herds.")
    wire = "CHINESE PORK OUTPUT SEEN LOWER -- USDA"
    assert extract_text(f"{wire}\n\n{body}").title == wire
    web = "Chinese pork output seen lower"
    assert extract_text(f"{web} - Farm Daily\n\n{body}").title == web


def test_short_headline_above_a_run_on_line_and_a_continued_line_are_handled_as_one_paragraph() -> None:
    # A three-word headline is no section label above a "headline" that is really a paragraph's
    # first line; and the line that carries a sentence on is no headline repeat either.
    blizzard = extract_text("BLIZZARD CLOSES BOSPHORUS\n\nBlizzard conditions halted shipping\nthrough the "
                            "Bosphorus waterway and piled snow up to 70 cms deep\nin central Istanbul.")
    assert blizzard.title == "BLIZZARD CLOSES BOSPHORUS"
    assert blizzard.body.startswith("Blizzard conditions halted shipping")
    kcbt = extract_text("KCBT HALTS TRADING IN VALUE LINE STOCK FUTURES\n\nThe Kansas City Board of Trade said\n"
                        "it has halted trading in Value Line stock index futures.\n    The exchange said the "
                        "move follows the halt in trading at several other exchanges.")
    assert kcbt.title == "KCBT HALTS TRADING IN VALUE LINE STOCK FUTURES"
    assert "it has halted trading in Value Line stock index futures." in kcbt.body


def test_results_table_heading_is_no_publication_date() -> None:
    # "Year to December 31, 1986" heads the figures; it is not when the item was published.
    page = extract_text("\n".join([
        "BRITISH COMPANY YEAR PROFITS RISE", "", "    Year to December 31, 1986",
        "    Shr 24.3p vs 20.1p", "    Pretax profit 12.4 mln stg vs 10.1 mln",
        "    The company said it expects further growth in the current year as new plants come on stream.",
    ]))
    assert page.date is None


def test_results_table_keeps_its_rows_across_a_section_label() -> None:
    # "Nine mths" is too short to read as prose, but it sits between rows of figures: the whole
    # table is the item, not only the rows below the label.
    rows = ["Shr 17 cts vs seven cts", "Net 1,660,000 vs 653,000", "Revs 21.0 mln vs 20.6 mln", "Nine mths",
            "Shr 34 cts vs 12 cts", "Net 3,320,000 vs 1,109,000", "Revs 60.1 mln vs 57.4 mln",
            "NOTE: Net includes loss from discontinued operations of 198,000 dlrs in the quarter."]
    page = extract_text("\n".join(["SUSQUEHANNA CORP <SQN> 3RD QTR NET", "", *rows, "Reuter"]))
    assert page.title == "SUSQUEHANNA CORP <SQN> 3RD QTR NET"
    assert page.body.split("\n\n")[: len(rows)] == rows


def test_results_table_is_kept_when_a_note_follows_the_sign_off() -> None:
    # A note after the wire's sign-off is the only prose line of a results item: taken for the article,
    # it was the whole body ("Update: this story was revised with new figures."), the table lost.
    rows = ["Oper shr five cts vs 36 cts", "    Oper net 508,000 vs 3,450,000", "    Revs 296.7 mln vs 298.0 mln",
            "    Note: former name Marshall Drummond McCall Inc.",
            "    Results include extraordinary gains of 952,000 dlrs or 11",
            "cts per share in 1986 and 2,569,000 dlrs or 29 cts in 1985 from", "income tax reduction."]
    note = "Update: this story was revised with new figures."
    page = extract_text("\n".join(["(MARSHALL STEEL LTD) YEAR NET", "", *rows, " Reuter", note]))
    assert page.title == "(MARSHALL STEEL LTD) YEAR NET"
    body = page.body.split("\n\n")
    assert body[:4] == [row.strip() for row in rows[:4]]
    assert "29 cts in 1985" in page.body
    assert body[-1] == note
    assert "Reuter" not in body  # the sign-off is no paragraph


def test_last_sentence_listing_names_is_kept_before_the_sign_off() -> None:
    # Mostly capitalised names, but a sentence, and only the agency's sign-off follows it.
    paragraphs = [
        "John Labatt Ltd said it agreed to issue in Canada 125 mln dlrs of adjustable rate convertible "
        "subordinated debentures maturing April 1, 2007.",
        "Labatt said it would use proceeds to repay short-term loans and for general corporate purposes.",
        "Underwriters are Wood Gundy Inc, Gordon Capital Corp, Merrill Lynch Canada Inc, Burns Fry Ltd and "
        "Midland Doherty Ltd.",
    ]
    page = extract_text("\n".join(["JOHN LABATT TO ISSUE 125 MLN DLRS OF DEBENTURES", "", *paragraphs, "Reuter"]))
    assert page.body.split("\n\n")[:3] == paragraphs


def test_kcna_item_without_sidecar_is_dated_by_its_juche_date_line() -> None:
    page = extract_text("\n".join([
        "Kim Jong Un Sends Greetings to President of Vietnam", "[Juche113.9.2.]", "",
        "Pyongyang, September 2 (KCNA) -- Kim Jong Un sent a message of greetings to the President of "
        "Vietnam on the occasion of the national day of that country. -0-",
    ]))
    assert page.title == "Kim Jong Un Sends Greetings to President of Vietnam"
    assert page.date == date(2024, 9, 2)


def test_line_stopping_on_a_preposition_runs_on_even_into_a_capital() -> None:
    # "... fell 2.7 pct in" / "May to ...": no headline ends on "in", whatever the next line starts with.
    page = extract_text("\n".join([
        "U.S. HOUSING STARTS FELL 2.7 PCT IN MAY", "",
        "U.S. housing starts fell 2.7 pct in",
        "May to a seasonally adjusted annual rate of 1,620,000 units,",
        "the Commerce Department said.",
        "    In April, housing starts fell a revised 3.8 pct to 1,665,000 units.",
    ]))
    assert page.title == "U.S. HOUSING STARTS FELL 2.7 PCT IN MAY"
    assert page.body.startswith("U.S. housing starts fell 2.7 pct in")


def test_short_first_line_of_a_wire_item_opens_its_paragraph() -> None:
    # A wire item whose dateline was cut starts with a line of a few words; the next line carries
    # its sentence on. Before, the line was dropped: "Thousands of black" was in no document.
    rest = ["mineworkers roared support for a union proposal to seize",
            "control of South Africa's gold, uranium, platinum and coal",
            "mines if the owners refuse to improve conditions for migrant", "black workers."]
    page = extract_text("\n".join(["BLACK MINERS SUPPORT S. AFRICAN MINES TAKEOVER", "", "Thousands of black", *rest,
                                   "    About 15,000 miners attended a rally here to endorse the moves.", " Reuter"]))
    assert page.title == "BLACK MINERS SUPPORT S. AFRICAN MINES TAKEOVER"
    assert page.body.startswith("Thousands of black mineworkers roared support for a union proposal")


def test_company_name_broken_over_the_first_two_lines_is_kept_whole() -> None:
    # The first line holds only the start of the name, in or out of brackets; it is no headline repeat.
    for first, second in [
        ("National Health Enhancement", "Systems Inc said it is offering a new health evaluation system"),
        ("<Alcan Aluminiumwerke", "GmbH>, a subsidiary of Alcan Aluminium Ltd of Canada, said it"),
    ]:
        page = extract_text("\n".join([
            "NATIONAL HEALTH ENHANCEMENT <NHES> NEW PROGRAM" if first[0] == "N" else "ALCAN UNIT TO CLOSE SMELTER",
            "", first, second, "to its line of fitness assessment programs in the coming months.",
            "    The company said the program will be available in 60 days.", " Reuter"]))
        assert page.body.startswith(f"{first} {second}"), page.body[:120]


def test_results_table_above_a_note_is_the_item() -> None:
    # Rows of a few words and figures, then one line of prose: the rows are what the item reports.
    rows = ["Qtly div 51 cts vs 51 cts", "Pay April 9", "Record March 25"]
    page = extract_text("\n".join(["SANTA ANITA REALTY <SAR> QUARTERLY DIVIDEND", "", rows[0],
                                   *(f"    {row}" for row in rows[1:]), "    (Santa Anita Realty Enterprises Inc)",
                                   " Reuter"]))
    assert page.body.split("\n\n")[:4] == [*rows, "(Santa Anita Realty Enterprises Inc)"]


def test_date_and_byline_above_the_article_stay_out_of_its_first_paragraph() -> None:
    # Short lines above the first paragraph that are not its start: a date and a byline.
    page = extract_text("\n".join(["Council expands bicycle lanes", "", "March 3, 2019", PARA1, PARA2]))
    assert page.body.startswith(PARA1)
    assert page.date == date(2019, 3, 3)
    page = extract_text("\n".join(["Council expands bicycle lanes", "", "by Jane Roe", PARA1, PARA2]))
    assert page.body.startswith(PARA1)


def test_last_sentence_with_the_sign_off_on_its_line_is_kept() -> None:
    # The sentence filled its line, so unwrap joined the sign-off to it: it still ends a sentence.
    page = extract_text("\n".join([
        "YUGO FEBRUARY CAR SALES BREAK RECORD", "",
        "<Yugo America Inc>, a unit of <Yugo NV>, said it sold 5,059 cars in February, the first month",
        "of its new sales programme, a record for the importer.",
        "    Yugo said it has sold a total of 9,233 cars so far in 1987. Reuter",
    ]))
    assert "Yugo said it has sold a total of 9,233 cars so far in 1987." in page.body


def test_table_after_the_last_paragraph_is_kept() -> None:
    # The figures the item announces follow its prose, a row a line, to the sign-off.
    rows = ["Northern European Price 66.32", "Adjustments --", "Average U.S. spot mkt location 10.42",
            "SLM 1-1/16 inch cotton 1.80", "Sum of adjustments 12.75", "Adjusted world price 53.57"]
    page = extract_text("\n".join([
        "WORLD MARKET PRICE FOR UPLAND COTTON - USDA", "",
        "The U.S. Agriculture Department announced the prevailing world market price, adjusted to U.S. "
        "quality and location, for Strict Low Middling, 1-1/16 inch upland cotton at 53.57 cts per lb.",
        *(f"    {row}" for row in rows), " Reuter"]))
    assert page.body.split("\n\n")[1 : 1 + len(rows)] == rows


def test_results_table_with_figures_in_words_above_its_note_is_kept() -> None:
    # "six cts vs six cts" has no digit: the row compares two values, as the others do. The note
    # under the table mentions a date, which does not make its line a date line.
    page = extract_text("\n".join([
        "GREAT COUNTRY BANK <GCBK> 3RD QTR NET", "",
        "Shr 53 cts vs N/A", "    Net 1,165,000 vs 575,000", "    Qtly div six cts vs six cts prior qtr",
        "    Pay April 1", "    NOTE: earnings per share data not presented for 1986 as",
        "Great Country Bank converted from a mutual to a capital stock",
        "savings bank on Jan 14, 1986. Such information is misleading",
        "and inappropriate, the company said.", " Reuter"]))
    assert page.body.startswith("Shr 53 cts vs N/A\n\nNet 1,165,000 vs 575,000\n\nQtly div six cts")
    assert "NOTE: earnings per share" in page.body and "savings bank on Jan 14, 1986." in page.body


def test_table_to_a_sign_off_apart_and_a_wrapped_first_sentence_are_kept() -> None:
    # The opening sentence's first line stood apart from the rest of it, and "Reuter" after a
    # blank line stood between the table and the end.
    page = extract_text("\n".join([
        "AGENCY REPORTS 39 SHIPS WAITING AT PANAMA CANAL", "",
        "The Panama Canal Commission, a U.S.",
        "government agency, said in its daily operations report that",
        "there was a backlog of 39 ships waiting to enter the canal",
        "early today. Over the next two days it expects --",
        "             2/26  2/27", "                       Due: 27    35",
        "      Scheduled to Transit: 35    41", "           End-Day Backlog: 31    25",
        "    Average waiting time tomorrow --", "         Super Tankers  Regular Vessels",
        " North End:  13 hrs      15 hrs", " South End:   4 hrs      26 hrs", "", " Reuter"]))
    assert page.body.startswith("The Panama Canal Commission, a U.S. government agency, said in its daily")
    assert "backlog of 39 ships" in page.body and "South End: 4 hrs 26 hrs" in page.body


@pytest.mark.parametrize(
    "link",
    [
        "Read more: Harbour ferry fares to rise for the third year running",
        "Related: Ten bridges that changed how a city moves",
        "[Related: Mayor names new transport chief ]",
        "SEE MORE: Tram strike called off after late-night talks",
        "Also on cityblog.example Residents protest closure of the old market",
        "(Leggi anche: Il nuovo ponte apre a marzo)",
    ],
)
def test_labelled_link_to_another_story_between_paragraphs_is_dropped(link: str) -> None:
    page = news_item("Council expands bike lanes", [PARA1, link, PARA2, PARA3])
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])


def test_paragraph_opening_with_a_read_more_label_that_goes_on_as_a_sentence_is_kept() -> None:
    prose = "Read more: the council published the full consultation report on its website this morning."
    page = news_item("Council expands bike lanes", [PARA1, prose, PARA2])
    assert prose in page.body


@pytest.mark.parametrize("heading", ["Related stories", "More from City News", "Most read in local news", "DON'T MISS"])
def test_headlines_listed_under_a_story_list_heading_inside_the_article_are_dropped(heading: str) -> None:
    teasers = [
        heading,
        "Harbour ferry fares to rise for the third year running",
        "Why the old tram depot is still empty",
        "Tram strike called off after late-night talks...",
    ]
    page = news_item("Council expands bike lanes", [PARA1, PARA2, *teasers, PARA3])
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])


def test_paragraph_under_a_story_list_heading_ends_the_list_and_is_kept() -> None:
    short = "The mayor called the vote a turning point."
    page = news_item("Council expands bike lanes", [PARA1, "Related stories", "Tram strike called off", short, PARA2])
    assert page.body == "\n\n".join([PARA1, short, PARA2])


def test_newsletter_sign_up_box_inside_the_article_is_dropped() -> None:
    box = [
        "Sign up for our City Hall newsletter",
        "Get the week's council news delivered to your inbox every Friday.",
        "Thanks for signing up!",
        "No spam, we promise. You can unsubscribe at any time.",
    ]
    page = news_item("Council expands bike lanes", [PARA1, PARA2, *box, PARA3])
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])


def test_article_about_a_newsletter_keeps_its_sentences() -> None:
    prose = ("The council's printed newsletter, which residents could subscribe to for a small fee, was "
             "closed last year after its readership fell below two thousand households across the city.")
    page = news_item("Council closes its newsletter", [PARA1, prose, PARA2])
    assert prose in page.body


GERMAN = (
    "Startseite\nAktuelles\nSuche\nErklärung zur Solidarität mit Korea\n"
    "Erklärung zur Solidarität mit Korea\n25. März 2024\n"
    "Die Freundschaftsgesellschaft erklärt ihre uneingeschränkte Solidarität mit der Koreanischen "
    "Demokratischen Volksrepublik und ihrem Volk im Kampf um Frieden und Souveränität.\n"
    "Die gemeinsamen Militärmanöver der Vereinigten Staaten und Südkoreas verschärfen die Spannungen "
    "auf der koreanischen Halbinsel und gefährden den Frieden in ganz Ostasien.\n"
    "Wir fordern die Aufhebung aller Sanktionen und die Aufnahme eines gleichberechtigten Dialogs.\n"
    "Teilen\nFacebook\nTwitter\nKommentare\nKommentar schreiben\n"
)


def test_a_german_date_line_is_not_a_numbered_item_of_the_body() -> None:
    # "25. März 2024" opens with a number and a dot, as "1. Item" does: it was kept at the head of
    # the body, and of every snippet of the statement.
    content = extract_text(GERMAN)
    assert content.title == "Erklärung zur Solidarität mit Korea"
    assert content.date == date(2024, 3, 25)
    assert content.body.startswith("Die Freundschaftsgesellschaft")
    assert "März" not in content.body


def test_numbered_list_with_a_date_like_item_is_still_content() -> None:
    text = f"Steps\n\n{PARA1}\n1. March on the city hall\n2. Sign the petition\n\n{PARA2}\n"
    body = extract_text(text).body
    assert "1. March on the city hall" in body


@pytest.mark.parametrize(
    "notice",
    [
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si continúa navegando, "
        "consideramos que acepta su uso.",
        "Ce site utilise des cookies pour améliorer votre expérience. En poursuivant votre navigation, vous "
        "acceptez l'utilisation des cookies.",
        "Diese Website verwendet Cookies. Wenn Sie die Website weiter nutzen, stimmen Sie der Verwendung von "
        "Cookies zu.",
        "Este site utiliza cookies para melhorar a sua experiência. Ao continuar a navegar, concorda com a sua "
        "utilização.",
        "Questo sito utilizza cookie tecnici e di terze parti. Continuando la navigazione accetti l'utilizzo dei "
        "cookie.",
        "Этот сайт использует файлы cookie. Продолжая пользоваться сайтом, вы соглашаетесь с их использованием.",
    ],
)
def test_a_cookie_notice_in_another_language_is_chrome(notice: str) -> None:
    # A consent banner saved at the top of the page text was taken for the statement's headline.
    content = extract_text(f"{notice}\nOK\n{GERMAN}")
    assert content.title == "Erklärung zur Solidarität mit Korea"
    assert "ookie" not in content.body


@pytest.mark.parametrize("meta", ["Publié le 25 mars 2024", "Published on 25 March 2024", "By Comité Corée"])
def test_a_published_or_byline_line_under_the_headline_is_not_the_headline(meta: str) -> None:
    # Under a one-word menu item the line just above the article was taken for the headline, and
    # a French statement was titled "Publié le 25 mars 2024": a search for "déclaration" missed it.
    text = (
        "Accueil\nActualités\nRechercher\nDéclaration du Parti pour la paix en Corée\n"
        "J'accepte\nDéclaration du Parti pour la paix en Corée\n"
        f"{meta}\n"
        "Le Parti exprime sa pleine solidarité avec le peuple de la République populaire démocratique de "
        "Corée face aux menaces militaires croissantes des États-Unis et de leurs alliés dans la région.\n"
        "Les exercices militaires conjoints menés au sud de la péninsule coréenne constituent une provocation "
        "dangereuse qui met en péril la paix et la sécurité de toute l'Asie du Nord-Est.\n"
        "Partager\nFacebook\nTwitter\nCommentaires\nLaisser un commentaire\n"
    )
    content = extract_text(text)
    assert content.title == "Déclaration du Parti pour la paix en Corée"
    assert content.body.startswith("Le Parti exprime")


def test_kcnas_korean_date_line_is_the_date_not_the_bodys_first_line() -> None:
    # "[주체113(2024)년 3월 25일]" ends in a bracket, as a sentence may: it opened the item's body and
    # every snippet of it, and the item was undated.
    text = (
        "조선중앙통신\n홈\n뉴스\n조선인민에 대한 국제적인 련대성 운동 강화\n[주체113(2024)년 3월 25일]\n"
        "세계 여러 나라의 단체들이 조선인민의 정의의 위업을 지지하는 성명을 발표하였다. "
        "성명들은 미국과 남조선의 합동군사연습이 조선반도의 긴장을 격화시키고 있다고 규탄하였다. "
        "그들은 조선인민과의 련대성을 더욱 강화해나갈 것이라고 강조하였다.\n"
    )
    content = extract_text(text)
    assert content.title == "조선인민에 대한 국제적인 련대성 운동 강화"
    assert content.date == date(2024, 3, 25)
    assert content.body.startswith("세계 여러 나라의")


@pytest.mark.parametrize(
    "label",
    ["Etiquetas: Corea, solidaridad, paz", "Mots-clés : Corée, solidarité", "Schlagwörter: Korea, Solidarität",
     "Теги: КНДР, солидарность", "Categorías: Internacional", "Foto: Comité de Solidaridad",
     "Fuente: Comité de Solidaridad", "Quelle: KCNA"],
)
def test_a_tag_list_or_credit_label_in_another_language_is_chrome(label: str) -> None:
    # Between two paragraphs, "Etiquetas: Corea, solidaridad, paz" was kept in the body, where the
    # English "Tags: ..." is dropped.
    text = GERMAN.replace("Dialogs.\n", f"Dialogs.\n{label}\nDie Erklärung wurde von mehr als dreihundert "
                          "Organisationen aus Europa und Lateinamerika unterzeichnet und der Botschaft übergeben.\n")
    body = extract_text(text).body
    assert label not in body
    assert body.endswith("der Botschaft übergeben.")


@pytest.mark.parametrize(
    "button", ["Teilen", "Compartir", "Partager", "Imprimir", "Drucken", "Поделиться", "Condividi"]
)
def test_a_share_or_print_button_in_another_language_is_chrome(button: str) -> None:
    # Between two paragraphs, a "Compartir" button was kept in the body, where "Share" is dropped.
    text = GERMAN.replace("Dialogs.\n", f"Dialogs.\n{button}\nDie Erklärung wurde von mehr als dreihundert "
                          "Organisationen aus Europa und Lateinamerika unterzeichnet und der Botschaft übergeben.\n")
    assert button not in extract_text(text).body.split("\n\n")


@pytest.mark.parametrize(
    "heading", ["Kommentare", "Kommentare (3)", "Comentarios", "Commentaires", "Commenti", "Comentários",
                "3 комментария"],
)
def test_a_comments_heading_in_another_language_ends_the_article(heading: str) -> None:
    # A reader's comment under a German statement ("Hans Müller sagt: ...") was indexed as its last
    # paragraph: "Comments" ends an article, "Kommentare" did not.
    text = (GERMAN.replace("Teilen\nFacebook\nTwitter\nKommentare\nKommentar schreiben\n", "")
            + f"{heading}\nHans Müller sagt:\nDas ist eine sehr wichtige Erklärung, die ich voll und ganz "
            "unterstütze, und wir sollten sie weit verbreiten.\n")
    body = extract_text(text).body
    assert body.endswith("gleichberechtigten Dialogs.")


@pytest.mark.parametrize("footer", ["Page 1 of 2", "Page 12 of 40", "page 3/7", "Page 2"])
def test_a_pdf_page_footer_is_chrome(footer: str) -> None:
    """A statement copied out of a PDF keeps each page's footer between its paragraphs ("Page 1 of 2"),
    which was indexed as a paragraph of the article."""
    body = extract_text(f"Council expands bike lanes\n\n{PARA1}\n\n{footer}\n\n{PARA2}\n\n{PARA3}\n").body
    assert body == "\n\n".join([PARA1, PARA2, PARA3])


# --- captures copied from a web archive ----------------------------------------------------------

KCNA_ITEM = [
    "Support for DPRK's Stand Expressed by Foreign Organizations",
    "",
    "Pyongyang, April 25 (KCNA) -- The Nigeria National Committee for the Study of Kimilsungism-Kimjongilism"
    " issued a statement on April 19 expressing full support for the stand of the DPRK on the Korean peninsula.",
    "",
    "The statement said that the Korean people have achieved great successes in building an economic power,"
    " overcoming the harsh sanctions imposed by the U.S. and its followers.",
    "",
    "Similar statements were issued by the Peruvian Association for Friendship with Korea.",
]
# The Wayback Machine's toolbar as lynx -dump or a copy of the whole page gives it, above the page.
WAYBACK_TOOLBAR = [
    "The Wayback Machine - https://web.archive.org/web/20190425061533/"
    "http://www.kcna.co.jp/item/2019/201904/news25/20190425-08ee.html",
    "Go",
    "47 captures",
    "25 Apr 2019 - 05 Jun 2023",
    "MAR\tAPR\tMAY",
    "Previous capture\t25\tNext capture",
    "2018\t2019\t2020",
    "success",
    "fail",
    "About this capture",
    "COLLECTED BY",
    "Organization: Archive Team",
    "Formed in 2009, the Archive Team (not to be confused with the archive.org Archive-It Service) is a rogue"
    " archivist collective dedicated to saving copies of rapidly dying or deleted websites for the sake of history"
    " and digital heritage.",
    "Collection: ArchiveBot: GO Pack",
    "TIMESTAMPS",
    "",
]


def test_a_wayback_copy_dumped_as_text_is_the_page_below_the_toolbar() -> None:
    # Its headline was the toolbar's first line, "The Wayback Machine - https://web.archive.org/web/...".
    page = extract_text("\n".join(WAYBACK_TOOLBAR + ["KCNA", "Home | Back", "", *KCNA_ITEM]))
    assert page.title == "Support for DPRK's Stand Expressed by Foreign Organizations"
    assert page.body == "\n\n".join(KCNA_ITEM[2::2])
    assert page.source == "KCNA"
    # The copy, the link that works; the toolbar names it.
    assert page.url == ("https://web.archive.org/web/20190425061533/"
                        "http://www.kcna.co.jp/item/2019/201904/news25/20190425-08ee.html")


def test_a_wayback_copy_copied_without_the_toolbars_address_is_dated_by_the_page() -> None:
    # Copied from the browser, the toolbar's address line (shown only in print) is not there, and
    # its span of captures, "12 Mar 2019 - 05 Jun 2023", stood where a headline does.
    toolbar = ["47 captures", "12 Mar 2019 - 05 Jun 2023", "FEB\tMAR\tAPR", "12", "2018\t2019\t2020", "success", "fail",
               "About this capture", ""]
    post = ["Statement on the Hanoi Summit", "Posted on March 4, 2019", "", PARA1, "", PARA2, "", PARA3]
    page = extract_text("\n".join(toolbar + post))
    assert page.title == "Statement on the Hanoi Summit"
    assert page.date == date(2019, 3, 4)
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])
    assert page.url is None  # nothing in it says which copy it is (a sidecar may)


def test_a_wayback_copy_of_a_page_that_names_no_agency_is_published_by_its_site() -> None:
    toolbar = ["The Wayback Machine - https://web.archive.org/web/20190312084510/"
               "https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/", "47 captures", ""]
    page = extract_text("\n".join(toolbar + ["Statement on the Hanoi Summit", "", PARA1, "", PARA2, "", PARA3]))
    assert page.source == "korea-solidarity.org.uk"
    assert page.title == "Statement on the Hanoi Summit"


def test_a_page_that_opens_with_a_number_or_a_month_is_not_taken_for_a_toolbar() -> None:
    # The toolbar is recognised by what only it says ("47 captures", "About this capture").
    page = extract_text("\n".join(["2019", "Go", "Statement on the Hanoi Summit", "", PARA1, "", PARA2]))
    assert extract_text("\n".join(["Statement on the Hanoi Summit", "", PARA1, "", PARA2])).body == page.body
    assert page.url is None


# archive.today's header as a copy of the whole page gives it, above the page.
ARCHIVE_TODAY_HEADER = [
    "archive.today",
    "webpage capture",
    "Saved from",
    "https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/",
    "search",
    "archived 12 Mar 2019 08:45:10 UTC",
    "no other snapshots from this url",
    "All snapshots from host www.korea-solidarity.org.uk",
    "Webpage\tScreenshot",
    "share\tdownload .zip\treport bug or abuse\tBuy me a coffee",
    "",
]


def test_an_archive_today_copy_dumped_as_text_is_the_page_below_the_header() -> None:
    # Short of prose, a list of signatories kept the whole header as its body, and was titled
    # "archive.today".
    signatories = ["Korea Solidarity Committee", "Korean Friendship Association", "Workers Party of Britain"]
    page = extract_text("\n".join([*ARCHIVE_TODAY_HEADER, "Statement on the Hanoi Summit", "", "Signed by",
                                   *signatories]))
    assert page.title == "Statement on the Hanoi Summit"
    assert page.body == "\n\n".join(["Signed by", *signatories])
    assert page.source == "korea-solidarity.org.uk"
    # The copy's long address, made of the time of the capture and the page's address: it works.
    assert page.url == ("https://archive.ph/2019.03.12-084510/"
                        "https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/")
    assert page.date is None  # 12 March 2019 is when it was archived, not when it was written


KCNA_KP_ITEM = "http://www.kcna.kp/en/article/q/1b5d3e02b6a4d91b9e7ad8e9e1f50e9c.kcmsf"


def test_an_archive_today_copy_of_a_kcna_item_is_kcnas() -> None:
    header = [line.replace("https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/",
                           KCNA_KP_ITEM) for line in ARCHIVE_TODAY_HEADER]
    page = extract_text("\n".join(header + KCNA_ITEM))
    assert page.title == KCNA_ITEM[0]
    assert page.body == "\n\n".join(KCNA_ITEM[2::2])
    assert page.source == "KCNA"
    assert page.url == f"https://archive.ph/2019.03.12-084510/{KCNA_KP_ITEM}"


# The toolbar as text browsers dump it: lynx numbers its links ("[3]47 captures") and shows the
# address field as underscores; w3m brackets the field and the button ("[Go]"); both wrap the
# print line "The Wayback Machine - <copy>" after the dash.
LYNX_TOOLBAR = """\
   [1]Wayback Machine
   [2]http://www.kcna.co.jp/item/2019/201904/news25/20190425-08ee.html____ Go
   [3]47 captures
   25 Apr 2019 - 05 Jun 2023
   [4]MAR APR [5]MAY
   Previous capture 25 [6]Next capture
   2018 2019 [7]2020
   success
   fail
   About this capture
   COLLECTED BY
   Organization: [8]Archive Team
   Formed in 2009, the Archive Team (not to be confused with the
   archive.org Archive-It Service) is a rogue archivist collective
   dedicated to saving copies of rapidly dying or deleted websites.
   Collection: [9]ArchiveBot: GO Pack
   TIMESTAMPS
   loading
   The Wayback Machine -
   https://web.archive.org/web/20190425061533/http://www.kcna.co.jp/item/2019/201904/news25/20190425-08ee.html
"""
W3M_TOOLBAR = re.sub(r"\[\d+\]", "", LYNX_TOOLBAR).replace("____ Go", "\n[____________________] [Go]")


@pytest.mark.parametrize("toolbar", [LYNX_TOOLBAR, W3M_TOOLBAR], ids=["lynx", "w3m"])
def test_a_wayback_copy_dumped_by_a_text_browser_is_the_page_below_the_toolbar(toolbar: str) -> None:
    # Its headline was the toolbar's print line, joined to the address on the line below it.
    page = extract_text(toolbar + "\n" + "\n".join(["KCNA", "", *KCNA_ITEM]))
    assert page.title == KCNA_ITEM[0]
    assert page.body == "\n\n".join(KCNA_ITEM[2::2])
    assert page.url == ("https://web.archive.org/web/20190425061533/"
                        "http://www.kcna.co.jp/item/2019/201904/news25/20190425-08ee.html")


@pytest.mark.parametrize(
    ("banner", "copy"),
    [
        (WAYBACK_TOOLBAR, "https://web.archive.org/web/20190425061533/"
                          "http://www.kcna.co.jp/item/2019/201904/news25/20190425-08ee.html"),
        (ARCHIVE_TODAY_HEADER, "https://archive.ph/2019.03.12-084510/"
                               "https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/"),
    ],
    ids=["wayback", "archive.today"],
)
def test_an_archives_banner_under_the_pages_title_is_recognised(banner: list[str], copy: str) -> None:
    # A capture tool that writes the page's <title> first put it above the banner: the banner was
    # read as the page's, and the capture had no url to find it by.
    page = extract_text("\n".join(["Statement on the Hanoi Summit – Korea Solidarity Committee", *banner,
                                   "Statement on the Hanoi Summit", "", PARA1, "", PARA2, "", PARA3]))
    assert page.url == copy
    assert page.title == "Statement on the Hanoi Summit"
    assert page.body == "\n\n".join([PARA1, PARA2, PARA3])


WORDPRESS_DUMP = """Korea Solidarity Committee
Standing with the people of Korea since 1998

Skip to content
Home
About
Statements
Contact

Statement on the 70th anniversary of the armistice
Posted on July 27, 2023 by admin

We, the members of the Korea Solidarity Committee, mark the seventieth anniversary of the armistice that \
ended the fighting of the Korean War and call again for a peace treaty to replace it.

The armistice was meant to be temporary. Seventy years later the peninsula is still divided and the war \
has never formally ended, while military exercises on its borders raise tensions every year.

We call on all governments to support dialogue and the withdrawal of foreign troops.

Share this:
Twitter
Facebook
Leave a Reply
"""


def test_a_wordpress_sites_tagline_above_its_menu_is_not_the_headline() -> None:
    """A solidarity group's WordPress page copied as text starts with the site's name and tagline, then its
    menu: the statement was titled "Standing with the people of Korea since 1998", every post of the
    site alike. The headline-like line standing above the article, below the menu, is the headline."""
    page = extract_text(WORDPRESS_DUMP)
    assert page.title == "Statement on the 70th anniversary of the armistice"
    assert page.date == date(2023, 7, 27)
    assert page.body.startswith("We, the members of the Korea Solidarity Committee")
    assert "Standing with the people" not in page.body
    # Without a menu between them, a headline and a standfirst above the byline stay as they were.
    news = ("Council expands bike lanes\nA plan for forty kilometres of new lanes across the city\nBy Jane Roe\n\n"
            f"{PARA1}\n\n{PARA2}\n\n{PARA3}\n")
    assert extract_text(news).title == "Council expands bike lanes"


def test_a_results_table_whose_note_gives_a_day_is_still_the_item() -> None:
    # A line labelled as the page's day is no table row; a note under the table that names a day is.
    text = ("EQK REALTY INVESTORS <EKR> 4TH QTR NET\n\nShr nine cts vs 22 cts\n    Net 700,000 vs 2,200,000\n"
            "    Revs 5,400,000 vs 5,700,000\n    12 mths\n    Shr 43 cts\n    Net 3,500,000\n"
            "    NOTE: 12 mth figures not available for 1985 since company\nstarted operations March 31, 1985.\n"
            " Reuter\nUpdate: this story was revised with new figures.\n")
    body = extract_text(text).body
    assert "Shr nine cts vs 22 cts" in body and "started operations March 31, 1985." in body
