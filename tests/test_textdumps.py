"""Text captures made by terminal browsers (`lynx -dump`): the page's text, not the browser's additions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from corpora import indexed

from searchsvc.models import Query
from searchsvc.search import search
from searchsvc.textclean import extract_text

# `lynx -dump` of a WordPress-style statement page (written for this test, saved with lynx 2.9):
# link numbers where the links stand, a centred headline, form fields, an image's file name, and
# the numbered list of the links' addresses at the end.
LYNX_DUMP = """\
   #[1]KFA » Feed

   [2]Skip to content

   [3]Korean Friendship Association

     * [4]Home
     * [5]About
     * [6]Statements
     * [7]Contact

   ____________________ (BUTTON) Search

     KFA statement on the 70th anniversary of the Victory in the Fatherland
                                 Liberation War

   Posted on [8]July 27, 2023 by [9]admin
   [banner-victory.jpg]

   The Korean Friendship Association (KFA) warmly congratulates the Korean
   people on the 70th anniversary of the victory in the Fatherland
   Liberation War. Seventy years ago the heroic Korean People's Army and
   people defeated the aggressors and defended the sovereignty of the
   country.

   We express our firm solidarity with the [10]Workers' Party of Korea and
   the government of the DPRK in their just struggle for peace and
   reunification, and we call on all friends of Korea to join the
   celebrations organised by local [11]KFA delegations in every country.

   Long live the friendship between the peoples of the world and the
   Korean people!

   [12]Share on Facebook [13]Share on X

  Leave a Reply

   Name ____________________Comment
   ____________________________________________________________
   ____________________________________________________________
   [ ] Save my name Post Comment

   © 2023 Korean Friendship Association

References

   1. https://www.korea-dpr.com/feed/
   2. file:///home/archivist/kfa.html#content
   3. https://www.korea-dpr.com/
   4. https://www.korea-dpr.com/
   5. https://www.korea-dpr.com/about.html
   6. https://www.korea-dpr.com/statements/
   7. https://www.korea-dpr.com/contact.html
   8. https://www.korea-dpr.com/2023/07/27/
   9. https://www.korea-dpr.com/author/admin/
  10. https://www.korea-dpr.com/tag/wpk/
  11. https://www.korea-dpr.com/delegations.html
  12. https://www.facebook.com/sharer.php?u=https://www.korea-dpr.com/statements/kfa-70th
  13. https://twitter.com/intent/tweet?text=KFA statement&url=https://www.korea-dpr.com/statements/kfa-70th
"""

PARAGRAPHS = [
    "The Korean Friendship Association (KFA) warmly congratulates the Korean people on the 70th anniversary "
    "of the victory in the Fatherland Liberation War. Seventy years ago the heroic Korean People's Army and "
    "people defeated the aggressors and defended the sovereignty of the country.",
    "We express our firm solidarity with the Workers' Party of Korea and the government of the DPRK in their "
    "just struggle for peace and reunification, and we call on all friends of Korea to join the celebrations "
    "organised by local KFA delegations in every country.",
    "Long live the friendship between the peoples of the world and the Korean people!",
]


def test_a_lynx_dump_is_the_statement_without_the_browsers_link_list_and_numbers() -> None:
    # The list of link addresses was the longest run of lines, and was taken for the article: the
    # statement's body was "1. https://www.korea-dpr.com/feed/ …" and its title "[2]Skip to content".
    page = extract_text(LYNX_DUMP)
    assert page.title == "KFA statement on the 70th anniversary of the Victory in the Fatherland Liberation War"
    assert page.body == "\n\n".join(PARAGRAPHS)
    assert page.date == date(2023, 7, 27)


def test_a_lynx_dump_is_found_by_its_words_with_a_clean_snippet(tmp_path: Path) -> None:
    live = indexed(tmp_path, {
        "kfa-victory.txt": LYNX_DUMP,
        "other.txt": "Harvest report\n\nFarmers in the north brought in an early harvest of maize this year.\n",
    })
    found = search(live, Query(q="solidarity with the Workers' Party of Korea"))
    assert [hit.id for hit in found.hits] == ["kfa-victory.txt"]
    hit = found.hits[0]
    assert hit.title.endswith("Fatherland Liberation War")
    for chrome in ("[10]", "[11]", "https://", "____", "Skip to content", "Share on"):
        assert chrome not in hit.snippet
    # The addresses of the page's links are not its words.
    assert search(live, Query(q="sharer")).total == 0


def test_an_articles_own_numbered_list_of_sources_is_kept() -> None:
    # A list headed "References" whose entries are not addresses marked in the text above is the
    # article's: it stays.
    text = "\n".join([
        "Seventy years of the armistice",
        "",
        "The armistice agreement was signed at Panmunjom on 27 July 1953 after three years of war, and "
        "no peace treaty has followed it since then [1].",
        "",
        "References",
        "",
        "1. Rodong Sinmun, 27 July 2023, page 1.",
        "2. https://www.kcna.kp/en/article/q/armistice.kcmsf",
    ])
    page = extract_text(text)
    assert "[1]" in page.body
    assert "Rodong Sinmun, 27 July 2023" in page.body


def test_a_w3m_dump_of_a_news_page_gives_its_headline_and_whole_paragraphs() -> None:
    menu = "\n".join(f"  • {word}" for word in (
        "Home News Politics Economy Society Culture Sport World Asia Europe Americas Africa Opinion Video "
        "Photos Archive About Contact Subscribe Newsletter Podcasts Events Weather Markets Science").split())
    text = menu + """

[                    ][Search]
International seminar on Korean reunification held

July 4, 2024

Delegations of solidarity committees from twenty-three countries gathered in
the capital on Monday for an international seminar on the reunification of
Korea, held on the anniversary of the joint statement of the North and the
South.

Speakers from the committees of Nigeria, Peru, Nepal and Italy said that the
division imposed on the Korean nation was a wound to the whole of humanity, and
called for the withdrawal of foreign troops and for an end to large-scale
military exercises on the peninsula.

Copyright 2024 Solidarity News
"""
    page = extract_text(text)
    assert page.title == "International seminar on Korean reunification held"
    assert page.date == date(2024, 7, 4)
    assert page.body.startswith("Delegations of solidarity committees from twenty-three countries gathered in the "
                                "capital on Monday")
    assert "\n\nSpeakers from the committees" in page.body
    assert "military exercises on the peninsula." in page.body


def test_a_lynx_dumps_lists_of_links_are_left_out_and_its_own_lists_kept() -> None:
    # Under the statement, a list of other stories with no heading, each item one link: lynx's text
    # of them read as the statement's list, and they were kept as its last paragraphs.
    text = LYNX_DUMP.replace("   [12]Share on Facebook [13]Share on X\n", """\
   The committee's demands:
     * the withdrawal of all foreign troops from the south of the peninsula;
     * an end to the large-scale joint military exercises.

     * [12]Solidarity meeting held in Lagos on the anniversary of the armistice
     * [13]Friendship delegation of the KFA visits the Three Revolution Exhibition
""")
    body = extract_text(text).body
    assert "the withdrawal of all foreign troops" in body
    assert "an end to the large-scale joint military exercises" in body
    assert "Solidarity meeting held in Lagos" not in body
    assert "Friendship delegation" not in body
