"""htmlextract: article body and page metadata from small hand-written HTML captures."""

from __future__ import annotations

import random
import re
import time
from datetime import date
from pathlib import Path

import pytest

from searchsvc import extract as extracting
from searchsvc.captures import read_capture
from searchsvc.errors import CaptureSkipped
from searchsvc.htmlextract import extract_html
from searchsvc.models import PageContent

DATA = Path(__file__).parent / "data" / "html"


def extract(name: str) -> PageContent:
    return extract_html((DATA / name).read_bytes())


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n") if p.strip()]


def test_wordpress_post_drops_comment_form_related_and_chrome() -> None:
    page = extract("wordpress_post.html")
    assert page.title == "Growing Tomatoes on a Balcony"
    assert page.date == date(2018, 6, 14)
    assert page.source == "greencorner.example"
    assert page.url == "https://www.greencorner.example/2018/06/growing-tomatoes-on-a-balcony/"
    paras = paragraphs(page.body)
    assert len(paras) == 3
    assert paras[0].startswith("Three summers ago I put a single cherry tomato plant")
    assert paras[2].endswith("Tie the main stem loosely to a cane as it grows.")
    for boilerplate in (
        "Leave a Reply",
        "Log Out",
        "Change",
        "Related",
        "Herbs that thrive",
        "Share this",
        "Recent Posts",
        "Follow Blog",
        "Proudly powered",
        "cookies",
        "tracking",
        "Home",
    ):
        assert boilerplate not in page.body


def test_blogger_post_drops_comment_block_and_uses_date_header() -> None:
    page = extract("blogger_post.html")
    assert page.title == "A winter walk along the canal"
    assert page.date == date(2018, 12, 11)
    assert page.source == "Quiet Rivers"
    assert page.url == "https://quietrivers.blogspot.com/2018/12/winter-walk-along-the-canal.html"
    paras = paragraphs(page.body)
    assert len(paras) == 3  # <br><br> breaks become paragraph breaks
    assert paras[0].startswith("The frost had not lifted")
    assert paras[2].startswith("On the way back the sun finally broke through")
    for boilerplate in (
        "No comments",
        "Post a Comment",
        "Newer Post",
        "Older Post",
        "Subscribe to",
        "Blog Archive",
        "Posted by",
        "Labels",
        "Tuesday, 11 December 2018",
    ):
        assert boilerplate not in page.body


def test_news_agency_item_keeps_dateline_and_reads_printed_date() -> None:
    page = extract("news_agency.html")
    assert page.title == "Farm Workers Mark Record Harvest"
    assert page.date == date(2018, 11, 5)
    assert page.url is None  # the page declares none
    assert page.source == "KCNA"  # its dateline's agency, as the text capture of the page says
    paras = paragraphs(page.body)
    assert paras[0].startswith("Pyongyang, November 5 (KCNA) — Farm workers across the western plains")
    assert len(paras) == 3
    for boilerplate in ("Previous article", "Politics", "Copyright", "Example News Agency", "Search"):
        assert boilerplate not in page.body


def test_dateline_without_year_is_not_a_date() -> None:
    html = (
        b"<html><head><title>Item</title></head><body><article>"
        b"<p>Pyongyang, November 5 (KCNA) -- A delegation left the city today for a visit abroad, "
        b"officials said, and will return next week after meetings with several ministers.</p>"
        b"</article></body></html>"
    )
    page = extract_html(html)
    assert page.date is None  # unknown stays unknown, never today's date
    assert "delegation left the city" in page.body


def test_kcna_page_is_dated_by_the_juche_date_under_its_headline() -> None:
    html = (
        b"<html><head><title>KCNA Watch</title></head><body><article>"
        b"<h1>Kim Jong Un Sends Greetings to President of Vietnam</h1><span>[Juche113.9.2.]</span>"
        b"<p>Pyongyang, September 2 (KCNA) -- Kim Jong Un sent a message of greetings to the President of "
        b"Vietnam on the occasion of the national day of that country, wishing him success in his work.</p>"
        b"</article></body></html>"
    )
    assert extract_html(html).date == date(2024, 9, 2)


def _dated_page(published: str, prose: str) -> bytes:
    return (
        f'<html><head><title>Bond Issue</title><meta property="article:published_time" content="{published}">'
        f"</head><body><article><h1>Bond Issue</h1><p>{prose}</p></article></body></html>"
    ).encode()


def test_archive_page_keeps_its_own_date_before_the_web() -> None:
    # An archived 1987 wire item: its meta date is real, and the year in the prose is a bond's maturity.
    page = extract_html(_dated_page("1987-03-03", "The company is issuing a eurobond due April 2, 1992, "
                                                  "paying 7-3/4 pct, the lead manager said on Tuesday."))
    assert page.date == date(1987, 3, 3)


@pytest.mark.parametrize("published", ["1970-01-01", "1900-01-01", "1899-12-30", "0001-01-01", "2999-05-01"])
def test_placeholder_and_future_page_dates_are_not_taken(published: str) -> None:
    page = extract_html(_dated_page(published, "Posted March 3, 2016. The committee met again and agreed "
                                               "on the new budget after a long debate."))
    assert page.date == date(2016, 3, 3)  # the date printed under the headline instead


def test_windows_1252_without_declaration() -> None:
    raw = (DATA / "cp1252_undeclared.html").read_bytes()
    assert b"\x92" in raw and b"\xe9" in raw and b"charset" not in raw
    page = extract_html(raw)
    assert page.title == "Café Society Reopens Its Doors"
    assert "it’s “exactly as our grandparents remember it” — down to the naïve paintings" in page.body
    assert "crème brûlée" in page.body
    assert "\ufffd" not in page.body
    assert "Events" not in page.body
    assert page.date is None and page.source is None and page.url is None


def test_json_ld_date_headline_and_publisher() -> None:
    page = extract("jsonld_article.html")
    assert page.title == "City Council Approves New Bike Lanes"
    assert page.date == date(2019, 3, 7)  # datePublished, not dateModified
    assert page.source == "The Harbour Times"
    paras = paragraphs(page.body)
    assert len(paras) == 3
    assert paras[0].startswith("The city council voted seven to two")
    for boilerplate in (
        "By Sam Lee",
        "Share this article",
        "More from News",
        "ferry timetable",
        "All rights reserved",
        "Weather",
    ):
        assert boilerplate not in page.body


def test_open_graph_site_name_canonical_and_title_suffix() -> None:
    page = extract("opengraph_article.html")
    assert page.title == "Why the Night Sky Is Getting Brighter"
    assert page.date == date(2020, 1, 22)
    assert page.source == "Stargazer Monthly"
    assert page.url == "https://www.stargazer.example/articles/night-sky-brighter"
    assert "Anyone who has tried to find the Milky Way" in page.body
    assert page.body.rstrip().endswith("without making streets any less safe.")
    for boilerplate in (
        "cookies",
        "Sign up",
        "Subscribe",
        "Most popular",
        "Best telescopes",
        "4 min read",
        "Shop",
        "About",
    ):
        assert boilerplate not in page.body


def test_charset_declarations_are_honoured_and_utf8_wins_over_a_wrong_one() -> None:
    text = "<p>Ελληνικά και русский текст в одной статье, достаточно длинной для извлечения текста.</p>"
    declared_wrong = f'<html><head><meta charset="iso-8859-1"></head><body>{text}</body></html>'
    assert "русский текст" in extract_html(declared_wrong.encode("utf-8")).body
    koi8 = f'<html><head><meta charset="koi8-r"></head><body><p>{"русский текст " * 10}</p></body></html>'
    assert "русский текст" in extract_html(koi8.encode("koi8-r")).body
    bom = "\ufeff<html><body><p>Café au lait, long enough to be kept as text.</p></body></html>"
    assert "Café au lait" in extract_html(bom.encode("utf-8")).body


def test_relative_or_scripted_urls_are_not_taken() -> None:
    html = (
        b'<html><head><title>Post</title><link rel="canonical" href="/relative/path">'
        b'<meta property="og:url" content="javascript:alert(1)"></head>'
        b"<body><p>Some article text that is long enough to be kept by the extractor here.</p></body></html>"
    )
    page = extract_html(html)
    assert page.url is None and page.source is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t ",
        b"\x00\x01\x02\xff\xfe" * 1000,
        random.Random(7).randbytes(50_000),
        b"<html><body>" + b"<div>" * 10_000 + b"<p>deep text</p>" + b"</div>" * 10_000 + b"</body></html>",
        b"<html><body>" + b"<div><span>" * 20_000 + b"unclosed",
        b"<html><head><title>Cut off</title></head><body><article><p>The text stops in the mid",
        b'<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>',
        b'<html><head><script type="application/ld+json">{"datePublished": [1], "headline": {}}</script>'
        b'<meta property="article:published_time" content="yesterday-ish"></head><body></body></html>',
        b"<html><head><script>var a = '<p>not text</p>';</script><style>p{}</style></head><body></body></html>",
        "<html><body><p>UTF-16 page with text</p></body></html>".encode("utf-16"),
    ],
    ids=[
        "empty",
        "blank",
        "control-bytes",
        "random-bytes",
        "nested-10k",
        "unclosed-20k",
        "truncated",
        "xml-declaration",
        "bad-metadata",
        "scripts-only",
        "utf16",
    ],
)
def test_hostile_input_does_not_raise(data: bytes) -> None:
    page = extract_html(data)
    assert isinstance(page, PageContent)
    assert isinstance(page.body, str)
    assert "\ufffd" not in page.body


def test_garbage_and_script_only_pages_have_empty_body() -> None:
    assert extract_html(random.Random(3).randbytes(20_000)).body == ""
    assert extract_html(b"<html><body><script>alert('x')</script><style>b{}</style></body></html>").body == ""


def test_deeply_nested_text_survives() -> None:
    html = b"<html><body>" + b"<div>" * 10_000 + b"<p>deep text here</p>" + b"</div>" * 10_000 + b"</body></html>"
    assert extract_html(html).body == "deep text here"


def test_huge_page_finishes() -> None:
    para = b"<p>" + b"A sentence of ordinary article text that repeats many times. " * 10 + b"</p>\n"
    html = b"<html><head><title>Big</title></head><body><article>" + para * 20_000 + b"</article></body></html>"
    start = time.perf_counter()
    page = extract_html(html)  # ~12 MB
    assert time.perf_counter() - start < 60
    assert page.body.startswith("A sentence of ordinary article text")



def test_a_page_whose_only_text_is_its_menu_has_no_article() -> None:
    """A script-rendered app saved before it ran: the menu is all the text there is."""
    page = """<html><head><title>Solidarity Network</title></head><body>
    <div class="menu"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/statements">Statements</a><br>
    <a href="/contact">Contact</a></div><div id="root"></div><script>render()</script></body></html>"""
    assert extract_html(page.encode()).body == ""


def _wire_page(headline: str, lines: list[str]) -> bytes:
    """A wire story saved as some archives do: every line of the teleprinter copy in its own <p>."""
    paras = "".join(f"<p>{line}</p>\n" for line in lines)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{headline}</title>'
        f'<meta property="og:site_name" content="Reuters"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>{headline}</h1>\n{paras}</article><footer>Share this article</footer></body></html>"
    ).encode()


@pytest.mark.parametrize("word", ["share.", "comment."])
def test_a_sentences_last_word_wrapped_onto_its_own_line_is_not_a_widget(word: str) -> None:
    page = extract_html(_wire_page("DAIRY GROUP SEES HIGHER EARNINGS", [
        "Dairy Group Co expects earnings for the fourth",
        "quarter to exceed those of the same period last year,",
        "the chairman told analysts, who had asked for a",
        word,
        "    The company also said sales should exceed 1.4 billion",
        "dlrs, up from 1.27 billion dlrs the prior year.",
        "Share",
        "Leave a comment",
    ]))
    # The story's last paragraph is kept; the widgets after it are not.
    assert page.body.endswith("dlrs, up from 1.27 billion dlrs the prior year.")
    assert f"the chairman told analysts, who had asked for a\n{word}\n" in page.body



def test_a_first_line_quoting_a_price_in_eighths_is_not_taken_for_a_date_line() -> None:
    page = extract_html(_wire_page("AMERICAN EXPRESS UP ON SHEARSON RUMORS", [
        "18/03/1987",
        "American Express Co climbed 2-1/2 to",
        "80-1/8 on rumors the company was about to announce an agreement",
        "to sell 10 pct of its Shearson Lehman Brothers unit, traders said.",
        "    Speculation about an impending deal also sent shares of other",
        "brokerages up sharply, and Merrill Lynch rose 1-3/8 to 42-7/8.",
    ]))
    # The date printed under the headline goes; the story's opening sentence stays whole.
    assert page.body.startswith("American Express Co climbed 2-1/2 to\n80-1/8 on rumors")


def test_a_one_line_quote_is_its_body_without_the_menu_or_the_headline() -> None:
    page = extract_html(_wire_page("PARIS SUGAR CLOSING - APR 07", ["1010"]))
    assert page.title == "PARIS SUGAR CLOSING - APR 07"
    assert page.body == "1010"


def test_menu_links_are_not_the_body_of_a_short_page() -> None:
    html = (
        b"<html><head><title>Cocoa</title></head><body>"
        b'<nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/about">About us</a></nav>'
        b"<article><p>Cocoa closed steady at 1,010 stg a tonne.</p></article></body></html>"
    )
    assert extract_html(html).body == "Cocoa closed steady at 1,010 stg a tonne."


def test_labelled_links_to_other_stories_inside_the_article_are_dropped() -> None:
    prose = [
        "The harbour authority confirmed on Monday that ferry fares will rise by four per cent in "
        "January, the third increase in as many years, citing fuel and crew costs.",
        "Commuters' groups said the rise would push more passengers onto the already crowded "
        "coastal road, and asked the authority to publish its accounts before the vote.",
        "The authority's board will meet again in December to set the timetable for the winter "
        "season, when two of the older boats are due to be withdrawn for repairs.",
    ]
    html = (
        "<html><head><title>Ferry fares to rise</title></head><body><article><h1>Ferry fares to rise</h1>"
        f"<p>{prose[0]}</p><p>Read more: Harbour pilots vote to strike over pay</p>"
        f"<p>{prose[1]}</p><p><strong>[Related: Ten bridges that changed a city ]</strong></p>"
        f"<p>{prose[2]}</p></article></body></html>"
    )
    page = extract_html(html.encode("utf-8"))
    assert paragraphs(page.body) == prose


def test_newsletter_sign_up_box_inside_the_article_is_dropped() -> None:
    prose = [
        "The harbour authority confirmed on Monday that ferry fares will rise by four per cent in "
        "January, the third increase in as many years, citing fuel and crew costs.",
        "Commuters' groups said the rise would push more passengers onto the already crowded "
        "coastal road, and asked the authority to publish its accounts before the vote.",
    ]
    html = (
        "<html><head><title>Ferry fares to rise</title></head><body><article><h1>Ferry fares to rise</h1>"
        f"<p>{prose[0]}</p><div><p>Thanks for signing up!</p>"
        "<p>Keep an eye on your inbox for the week's harbour news.</p></div>"
        f"<p>{prose[1]}</p></article></body></html>"
    )
    page = extract_html(html.encode("utf-8"))
    assert paragraphs(page.body) == prose


@pytest.mark.parametrize(
    ("printed", "lang"),
    [("Publicado el 25 de marzo de 2024", "es"), ("25 mars 2024", "fr"), ("25. März 2024", "de"),
     ("25 марта 2024 г.", "ru")],
)
def test_a_page_in_another_language_is_dated_by_the_date_it_prints(printed: str, lang: str) -> None:
    # A solidarity group's page prints its date in its own language: it was undated, and a Spanish
    # page's "Publicado el 25 de marzo de 2024" stood in its body.
    paragraph = "<p>" + "La jornada de solidaridad reunió a sindicatos y partidos de toda España. " * 3 + "</p>"
    page = (f'<html lang="{lang}"><head><title>Jornada de solidaridad con Corea</title></head><body><article>'
            f'<h1>Jornada de solidaridad con Corea</h1><p class="fecha">{printed}</p>'
            f"{paragraph * 3}</article></body></html>").encode()
    content = extract_html(page)
    assert content.date == date(2024, 3, 25)
    assert printed not in content.body
    assert content.body.startswith("La jornada de solidaridad")


@pytest.mark.parametrize(
    "furniture",
    ["Partager : Facebook · Twitter · Courriel", "Compartir: Facebook Twitter WhatsApp", "Teilen", "Compartir",
     "Share: Facebook · Twitter · Email", "Comentarios", "Поделиться: ВКонтакте · Telegram"],
)
def test_a_share_row_or_heading_in_another_language_ends_no_article(furniture: str) -> None:
    # A French page's body (and its snippets) ended "Partager : Facebook · Twitter · Courriel".
    paragraph = "<p>" + "La jornada de solidaridad reunió a sindicatos y partidos de toda España. " * 3 + "</p>"
    page = ("<html><head><title>Jornada de solidaridad</title></head><body><article><h1>Jornada de solidaridad"
            f"</h1>{paragraph * 3}<p>{furniture}</p></article></body></html>").encode()
    assert extract_html(page).body.endswith("toda España.")


def test_a_sentence_that_opens_with_a_share_word_is_kept() -> None:
    paragraph = "<p>" + "La jornada de solidaridad reunió a sindicatos y partidos de toda España. " * 3 + "</p>"
    page = ("<html><head><title>Jornada</title></head><body><article><h1>Jornada</h1>"
            f"{paragraph * 3}<p>Compartir la alegría con los pueblos</p></article></body></html>").encode()
    assert extract_html(page).body.endswith("Compartir la alegría con los pueblos")


# What the Wayback Machine's toolbar and banner leave as text when they are read as the page's.
WAYBACK_CHROME = ("Wayback Machine", "captures", "About this capture", "COLLECTED BY", "Alexa", "TIMESTAMPS",
                  "Jan 2003", "Previous capture", "web.archive.org")


def test_a_wayback_copy_of_a_kcna_item_is_kcnas_page_at_the_archived_address() -> None:
    # Saved from the browser, the page carried the toolbar's print line ("The Wayback Machine -
    # https://web.archive.org/...") at the head of its body, and had neither url nor source.
    page = extract("wayback_kcna_item.html")
    assert page.source == "KCNA"  # its dateline's agency; the page names no site
    assert page.url == "https://web.archive.org/web/20030115034315/http://www.kcna.co.jp/item/2003/200301/news01/15.htm"
    assert paragraphs(page.body)[0] == "Solidarity with Korean People Expressed by Nepalese Organizations"
    assert "Pyongyang, January 15 (KCNA) -- Political parties" in page.body
    for chrome in WAYBACK_CHROME:
        assert chrome not in page.body


def test_a_wayback_copy_is_published_by_its_site_not_by_the_archive() -> None:
    # Its canonical link rewritten to the archive's copy, a post without a site name was published by
    # "web.archive.org"; dated by its own date, not by the capture's (12 March 2019).
    page = extract("wayback_wordpress_post.html")
    assert page.source == "korea-solidarity.org.uk"
    assert page.url == ("https://web.archive.org/web/20190312084510/"
                        "https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/")
    assert page.title == "Statement on the Hanoi Summit"
    assert page.date == date(2019, 3, 4)
    assert paragraphs(page.body)[0].startswith("The Korea Solidarity Committee regrets")
    for chrome in WAYBACK_CHROME:
        assert chrome not in page.body


def test_an_archive_today_copy_is_dated_and_published_by_its_page_not_by_the_archive() -> None:
    # archive.today writes its capture time as the page's article:published_time and itself as the
    # site: a KCNA Watch item of 14 January 2019 was dated 15 January, published by "archive.ph".
    page = extract("archive_today_kcnawatch.html")
    assert page.date == date(2019, 1, 14)
    assert page.source == "KCNA"  # its dateline's agency, not the archive
    assert page.title == "Russian Solidarity Group Supports DPRK's New Year Address"
    # The copy's long address, which works as its short link does and names the page.
    assert page.url == ("https://archive.ph/2019.01.15-123456/https://kcnawatch.org/newstream/1547455296-481722164/"
                        "russian-solidarity-group-supports-dprks-new-year-address/")
    assert paragraphs(page.body)[0].startswith("Pyongyang, January 14 (KCNA) -- The Russian Society")
    for chrome in ("Saved from", "snapshots", "Screenshot", "download .zip", "report bug", "archived", "UTC"):
        assert chrome not in page.body


def test_an_archive_today_copy_of_a_one_paragraph_item_has_no_header_in_its_body() -> None:
    # Too short for the article extractors, the page fell back to its visible text, header first:
    # "| Saved from | |", "| archived | 15 Jan 2019 12:34:56 UTC |", "| share | download .zip | ...".
    html = (DATA / "archive_today_kcnawatch.html").read_text(encoding="utf-8")
    short = re.sub(r'<p style="margin:0 0 10px 0">(?!Pyongyang).*?</p>', "", html, flags=re.DOTALL)
    page = extract_html(short.encode())
    assert page.body == ("Pyongyang, January 14 (KCNA) -- The Russian Society for Friendship with Korea held a seminar"
                         " in Moscow on January 10 to study the New Year Address of Kim Jong Un, chairman of the"
                         " Workers' Party of Korea.")


def test_a_wayback_copy_saved_without_the_archives_scripts_is_published_by_its_site() -> None:
    # Saved by a tool that leaves scripts and hidden elements out (SingleFile), the copy had nothing
    # but its rewritten canonical link to say which page it is, and was published by "web.archive.org".
    html = (DATA / "wayback_wordpress_post.html").read_text(encoding="utf-8")
    html = re.sub(r"<script\b.*?</script>|<div id=\"wm-ipp-print\">.*?</div>", "", html, flags=re.DOTALL)
    html = re.sub(r"<p>(?!The Korea Solidarity Committee regrets).{100,}?</p>", "", html, flags=re.DOTALL)
    page = extract_html(html.encode())
    assert page.source == "korea-solidarity.org.uk"
    assert page.url == ("https://web.archive.org/web/20190312084510/"
                        "https://www.korea-solidarity.org.uk/2019/03/statement-on-the-hanoi-summit/")
    assert "The Korea Solidarity Committee regrets that the second summit" in page.body
    for chrome in WAYBACK_CHROME:
        assert chrome not in page.body


def test_an_archive_today_copy_of_a_page_that_cites_the_wayback_machine_is_still_archive_todays() -> None:
    # A link to web.archive.org in the article sent the page to the Wayback Machine's cleaning alone:
    # archive.today's capture time stood as its date and "archive.ph" as its publisher.
    html = (DATA / "archive_today_kcnawatch.html").read_text(encoding="utf-8")
    cited = ('<p style="margin:0 0 10px 0">The full text is kept at <a href="https://archive.ph/o/Xq7Zk/https://web.'
             'archive.org/web/2019/http://www.kcna.kp/">https://web.archive.org/web/2019/http://www.kcna.kp/</a>.</p>')
    page = extract_html(html.replace("</div></div></div></center>", cited + "</div></div></div></center>").encode())
    assert page.date == date(2019, 1, 14)
    assert page.source == "KCNA"


SAVED_BY_CHROME = """<!DOCTYPE html>
<!-- saved from url=(0062)http://www.kcna.kp/en/article/q/5e9a3b2f1c8d4e6f0a7b.kcmsf -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Foreign Organizations Support DPRK's Stand</title></head>
<body><article><h1>Foreign Organizations Support DPRK's Stand</h1>
<p>Pyongyang, March 25 (KCNA) -- Organizations in different countries issued statements in support of the
stand of the DPRK on the situation of the Korean peninsula, calling for the end of military drills.</p>
<p>The statements said that the joint military drills staged by the U.S. and its followers are a grave
threat to peace and security in the region and must be stopped at once.</p>
</article></body></html>
"""


def test_a_page_saved_by_a_browser_is_known_by_the_address_it_was_saved_from() -> None:
    """Chrome and Internet Explorer write where a page was saved from in a comment at its top ("<!-- saved
    from url=(0062)http://www.kcna.kp/... -->"); a KCNA page saved so, with no canonical link, had no
    url and no source, and its address pasted into the search box did not find it."""
    page = extract_html(SAVED_BY_CHROME.encode())
    assert page.url == "http://www.kcna.kp/en/article/q/5e9a3b2f1c8d4e6f0a7b.kcmsf"
    assert page.source == "KCNA"  # its dateline's agency, where the page names no site
    # The page's own canonical address wins; Internet Explorer's "about:internet" is no address.
    canonical = SAVED_BY_CHROME.replace("<title>", '<link rel="canonical" href="http://www.kcna.kp/en/a.kcmsf"><title>')
    assert extract_html(canonical.encode()).url == "http://www.kcna.kp/en/a.kcmsf"
    ie = re.sub(r"\(0062\)\S+", "(0014)about:internet", SAVED_BY_CHROME, count=1)
    assert extract_html(ie.encode()).url is None


MIRRORED_BY_HTTRACK = """<!DOCTYPE html>
<html lang="de-DE">
<!-- Mirrored from www.friends-dprk.example.net/2023/04/15/day-of-the-sun-celebrated-in-berlin/ by HTTrack Website \
Copier/3.x [XR&CO'2014], Tue, 01 Aug 2023 10:02:13 GMT -->
<!-- Added by HTTrack --><meta http-equiv="content-type" content="text/html;charset=UTF-8" /><!-- /Added by HTTrack -->
<head><meta charset="UTF-8" /><title>Day of the Sun Celebrated in Berlin</title></head>
<body><article><h1 class="entry-title">Day of the Sun Celebrated in Berlin</h1>
<p>Friends of the DPRK gathered in Berlin on 15 April to celebrate the Day of the Sun, the birthday of President
Kim Il Sung. The meeting heard speeches on the history of the anti-Japanese struggle.</p>
<p>A photo exhibition on the reconstruction of Pyongyang after the war was shown, and participants signed a
message of greetings to the Korean people.</p></article></body>
<!-- Mirrored from www.friends-dprk.example.net/2023/04/15/day-of-the-sun-celebrated-in-berlin/ by HTTrack Website \
Copier/3.x [XR&CO'2014], Tue, 01 Aug 2023 10:02:13 GMT -->
</html>
"""


def test_a_page_mirrored_by_httrack_is_known_by_the_address_it_was_mirrored_from() -> None:
    """HTTrack names the address of every page it mirrors in a comment ("<!-- Mirrored from www.… by HTTrack
    Website Copier/3.x …, <the day it mirrored it> -->"); such a page with no canonical link had no url, no
    date though its permalink gives it, and no source."""
    page = extract_html(MIRRORED_BY_HTTRACK.encode())
    assert page.url == "http://www.friends-dprk.example.net/2023/04/15/day-of-the-sun-celebrated-in-berlin/"
    assert page.source == "friends-dprk.example.net"
    # An https site keeps its scheme; a page with only the closing comment (its top rewritten) is known too.
    https = MIRRORED_BY_HTTRACK.replace("Mirrored from www.", "Mirrored from https://www.")
    assert extract_html(https.encode()).url.startswith("https://www.friends-dprk.example.net/2023/04/15/")
    tail_only = MIRRORED_BY_HTTRACK.replace("<!-- Mirrored from", "<!-- Copied from", 1)
    assert extract_html(tail_only.encode()).url == page.url


def test_a_page_mirrored_by_httrack_is_dated_by_its_permalink(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "index.html").write_text(MIRRORED_BY_HTTRACK)
    doc = extracting.extract(read_capture(raw, raw / "index.html"))
    assert (doc.date, doc.source) == (date(2023, 4, 15), "friends-dprk.example.net")


def _wordpress(body_class: str, main: str, aside: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><title>Statements Archives - Korea Solidarity Committee</title></head>'
            f'<body class="{body_class}"><header class="site-header"><p class="site-title"><a href="/">Korea Solidarity'
            f' Committee</a></p><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>'
            f'<div id="primary"><main id="main">{main}</main></div>'
            f'<aside id="secondary" class="widget-area"><h2>Recent Posts</h2><ul><li><a href="/a/">A post</a></li>'
            f'</ul>{aside}</aside><footer>&copy; 2023 Korea Solidarity Committee</footer></body></html>')


_POSTS = [
    ("/2023/07/27/victory-day/", "Delegation Joins 70th Anniversary of Victory",
     "Members of our committee travelled to Pyongyang to attend the celebrations marking the seventieth anniversary of "
     "the armistice that ended the Korean War. The delegation laid wreaths at the monument"),
    ("/2023/03/14/sanctions-webinar/", "Webinar: The Human Cost of Sanctions",
     "Our webinar brought together economists and physicians to discuss the humanitarian consequences of unilateral "
     "sanctions. Speakers described shortages of medical equipment, insulin and machinery"),
    ("/2022/09/09/juche-study-group/", "Juche Idea Study Group Marks Anniversary",
     "The Juche Idea study group held its monthly meeting on the founding anniversary of the Republic. Participants "
     "read from classic works on self-reliance and discussed the independent development"),
    ("/2022/01/18/letter-to-the-un/", "Open Letter to the UN Secretary-General",
     "We address this open letter to the Secretary-General calling for an end to joint military exercises on the "
     "Korean peninsula and for the replacement of the armistice agreement by a peace treaty"),
]


def _teaser(url: str, title: str, excerpt: str, tag: str = "h2") -> str:
    return (f'<article class="post hentry"><header class="entry-header"><time datetime="2023-07-27">July 27, 2023'
            f'</time>'
            f'<{tag} class="entry-title"><a href="{url}" rel="bookmark">{title}</a></{tag}></header>'
            f'<div class="entry-summary"><p>{excerpt} [&hellip;]</p><p><a href="{url}" class="more-link">Read more</a>'
            f'</p></div></article>')


_ARTICLE = ("<p>The committee regrets that the summit in Hanoi ended without an agreement, and calls on both sides to "
            "resume talks at once.</p><p>Peace on the Korean peninsula needs a treaty to replace the armistice of "
            "1953, the end of joint military exercises and the lifting of sanctions.</p>")


def test_a_mirrors_listings_of_posts_are_told_from_its_articles() -> None:
    """A wget mirror of a blog holds its home page, category, tag, author and date archives and search results,
    each a heading linked to each post with its first lines: they were indexed as documents, answered a search
    before the article did ("July 2023 - Korea Solidarity Committee" first for the article's own words) and were
    listed as its copies."""
    teasers = "".join(_teaser(*post) for post in _POSTS)
    listings = {
        "category": _wordpress("archive category category-statements", '<header class="page-header"><h1 '
                               'class="page-title">Category: Statements</h1><div class="taxonomy-description"><p>'
                               'Statements of the committee.</p></div></header>' + teasers),
        # A search with one result, and a day's archive, say what they are in their body's classes.
        "search": _wordpress("search search-results", '<h1 class="page-title">Search Results for: juche</h1>'
                             + _teaser(*_POSTS[2])),
        "day": _wordpress("archive date", '<h1 class="page-title">Day: July 27, 2023</h1>' + _teaser(*_POSTS[0])),
        # Another system's list of news, which says nothing of itself.
        "news": "<html><head><title>News</title></head><body><div class='content'><h1>News</h1><ul>"
                + "".join(f"<li><h3><a href='{u}'>{t}</a></h3><p>{e}…</p></li>" for u, t, e in _POSTS)
                + "</ul></div></body></html>",
    }
    for name, page in listings.items():
        assert extract_html(page.encode()).listing, name
    assert extract_html(listings["category"].encode()).listing == tuple(url for url, _, _ in _POSTS)
    related = ('<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>'
               + "".join(f'<div class="jp-relatedposts-post"><h4><a href="{u}">{t}</a></h4><p>{e}</p></div>'
                         for u, t, e in _POSTS) + "</div>")
    articles = {
        # A short post with more text in its related posts than its own.
        "related": _wordpress("post-template-default single single-post postid-7",
                              '<article class="post"><h1 class="entry-title">Statement on the Hanoi Summit</h1>'
                              f'<div class="entry-content">{_ARTICLE}{related}</div></article>'),
        # A post whose theme links its headline to itself, under a body class of "blog".
        "linked": _wordpress("blog", '<article class="post"><h1 class="entry-title"><a href="/2019/03/hanoi/">Statement'
                             f' on the Hanoi Summit</a></h1><div class="entry-content">{_ARTICLE}</div></article>'),
        # An article with a few headings of its own that link to its sources, between its paragraphs.
        "sources": "<html><body><article><h1>Three statements on the summit</h1>"
                   + "".join(f"<h3><a href='{u}'>{t}</a></h3><p>{e}. {_POSTS[0][2]}.</p>" for u, t, e in _POSTS[:3])
                   + f"{_ARTICLE}</article></body></html>",
    }
    for name, page in articles.items():
        assert extract_html(page.encode()).listing == (), name


def test_a_long_archive_of_posts_is_read_in_time() -> None:
    """A blog's page listing every post it ever had (here 48,000, 8 MB) took minutes to read: each line of
    its text was looked for in every post's teaser in turn."""
    teasers = "".join(f'<article><h2><a href="/2023/{i}/post-{i}/">Post number {i} about things</a></h2><p>First '
                      f'lines of post {i} say what happened.</p></article>' for i in range(48_000))
    page = f"<html><head><title>All posts</title></head><body class='archive'><main>{teasers}</main></body></html>"
    start = time.perf_counter()
    listing = extract_html(page.encode()).listing
    assert time.perf_counter() - start < 60
    assert len(listing) == 48_000


def test_a_listing_of_posts_is_skipped_where_its_posts_are_captured(tmp_path: Path) -> None:
    """In a mirror the posts a listing shows have pages of their own beside it, linked from the site's root,
    relatively (wget --convert-links) or by full address; a front page saved on its own, or a listing with a
    post the mirror did not fetch, is the only copy of what it shows, and is indexed."""
    raw = tmp_path / "raw"
    site = raw / "mirrors" / "www.example.org"
    (site / "category" / "statements").mkdir(parents=True)
    (site / "2022" / "09" / "09" / "juche-study-group").mkdir(parents=True)
    (site / "2022/09/09/juche-study-group/index.html").write_text(_wordpress("single", _ARTICLE))
    (site / "2023" / "03" / "14").mkdir(parents=True)
    (site / "2023/03/14/sanctions-webinar.html").write_text(_wordpress("single", _ARTICLE))  # --adjust-extension
    (site / "2023" / "07" / "27" / "victory-day").mkdir(parents=True)
    (site / "2023/07/27/victory-day/index.html").write_text(_wordpress("single", _ARTICLE))
    (site / "2022" / "01" / "18").mkdir(parents=True)
    (site / "2022/01/18/letter-to-the-un.html").write_text(_wordpress("single", _ARTICLE))
    teasers = "".join(_teaser(*post) for post in _POSTS)
    (site / "category/statements/index.html").write_text(_wordpress("archive category", teasers))
    relative = teasers.replace('"/2022/09/09/juche-study-group/"', '"../../2022/09/09/juche-study-group/index.html"'
                               ).replace("sanctions-webinar", "not-captured")
    (site / "category/statements/relative.html").write_text(_wordpress("archive category", relative))
    (site / "day.html").write_text(_wordpress("archive date", _teaser(
        "https://www.example.org/2023/03/14/sanctions-webinar", *_POSTS[1][1:])))
    expected = {
        "mirrors/www.example.org/category/statements/index.html":
            "a page listing 4 posts ('Statements Archives - Korea Solidarity Committee'), not an article: the posts "
            "are captured on pages of their own (mirrors/www.example.org/2023/07/27/victory-day/index.html, …)",
        "mirrors/www.example.org/day.html":
            "a page listing 1 post ('Statements Archives - Korea Solidarity Committee'), not an article: the post "
            "is captured on a page of its own (mirrors/www.example.org/2023/03/14/sanctions-webinar.html)",
    }
    for name, reason in expected.items():
        with pytest.raises(CaptureSkipped) as skipped:
            extracting.extract(read_capture(raw, raw / name))
        assert str(skipped.value) == reason
    # Saved on its own, or listing no post the raw folder has, a listing is the only copy of what it shows.
    (raw / "front.html").write_text(_wordpress("home blog", teasers))
    (raw / "escape.html").write_text(_wordpress("archive", _teaser("../../../etc/passwd", *_POSTS[0][1:])))
    for name in ("front.html", "escape.html"):
        doc = extracting.extract(read_capture(raw, raw / name))
        assert "Webinar: The Human Cost of Sanctions" in doc.body or "Delegation Joins" in doc.body
    # One of its posts not captured (a mirror cut short): the listing holds the only copy of its first lines.
    doc = extracting.extract(read_capture(raw, site / "category/statements/relative.html"))
    assert "discuss the humanitarian consequences of unilateral sanctions" in doc.body


def test_a_listing_is_indexed_where_a_post_past_its_twentieth_is_not_captured(tmp_path: Path) -> None:
    """An archive listing 25 posts in a mirror cut short after its first 20: only the first 20 were looked
    for, all captured, and the listing was skipped, losing the only copy of the last five posts' first lines."""
    raw = tmp_path / "raw"
    site = raw / "mirrors" / "www.example.org"
    posts = []
    for i in range(25):
        url = f"/2023/01/{i + 1:02d}/post-{i}/"
        if i < 20:
            (site / url.strip("/")).mkdir(parents=True)
            (site / url.strip("/") / "index.html").write_text(_wordpress("single", _ARTICLE))
        posts.append(_teaser(url, f"Post number {i} of the archive",
                             f"The {i}th post tells of the committee's work in its year, meeting number {i} of many"))
    (site / "archive.html").write_text(_wordpress("archive", "".join(posts)))
    doc = extracting.extract(read_capture(raw, site / "archive.html"))
    assert "meeting number 24 of many" in doc.body
    # Every one of them captured, it is skipped.
    for i in range(20, 25):
        (site / f"2023/01/{i + 1:02d}/post-{i}").mkdir(parents=True)
        (site / f"2023/01/{i + 1:02d}/post-{i}/index.html").write_text(_wordpress("single", _ARTICLE))
    with pytest.raises(CaptureSkipped, match="a page listing 25 posts"):
        extracting.extract(read_capture(raw, site / "archive.html"))
