"""Capture → Document across kinds: the same page saved as HTML and as text indexes the same."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

from corpora import indexed, mht, mhtml, webarchive

from searchsvc.captures import read_capture
from searchsvc.extract import extract
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import get_document, search

PARAGRAPHS = [
    "Delegates from forty countries gathered in the capital on Tuesday to adopt a joint statement of solidarity "
    "with farmers affected by the long drought that has ruined two harvests in a row.",
    "The statement calls on governments to cancel the debts of small cooperatives, to open grain reserves and "
    "to fund irrigation projects in the worst hit provinces before the next planting season begins.",
    "Organisers said the meeting would reconvene in the spring to review what had been achieved and to hear "
    "reports from the cooperatives themselves about the state of their fields.",
]
TITLE = "Delegates adopt statement of solidarity with drought-hit farmers"
CHROME = [
    "Home",
    "World",
    "Politics",
    "Subscribe to our newsletter",
    "Share this:",
    "Facebook",
    "Twitter",
    "Related posts:",
    "Leave a Reply",
    "You are commenting using your WordPress.com account. Log Out / Change )",
    "Connecting to %s",
    "© 2019 The Example Herald. All rights reserved.",
]

HTML = f"""<!doctype html><html><head><meta charset="utf-8"><title>{TITLE} | The Example Herald</title>
<meta property="og:site_name" content="The Example Herald">
<meta property="article:published_time" content="2019-04-02T10:00:00+00:00"></head>
<body><nav><ul>{"".join(f'<li><a href="/">{c}</a></li>' for c in CHROME[:3])}</ul></nav>
<article><h1>{TITLE}</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article>
<div class="sharedaddy"><h3>{CHROME[4]}</h3><a href="#">{CHROME[5]}</a> <a href="#">{CHROME[6]}</a></div>
<div class="related"><h3>{CHROME[7]}</h3><ul><li><a href="/x">Farm prices rise again</a></li></ul></div>
<div id="respond"><h3>{CHROME[8]}</h3><p>{CHROME[9]}</p><p>{CHROME[10]}</p></div>
<footer><p>{CHROME[3]}</p><p>{CHROME[11]}</p></footer></body></html>"""

TEXT = "\n".join(
    [
        *CHROME[:3],
        "",
        TITLE,
        "",
        *[p + "\n" for p in PARAGRAPHS],
        CHROME[4],
        CHROME[5],
        CHROME[6],
        "",
        CHROME[7],
        "Farm prices rise again",
        "",
        CHROME[8],
        CHROME[9],
        CHROME[10],
        "",
        CHROME[3],
        CHROME[11],
    ]
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_html_and_text_captures_of_one_page_give_the_same_article(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    from_html = extract(read_capture(tmp_path, tmp_path / "page.html"))
    from_text = extract(read_capture(tmp_path, tmp_path / "page.txt"))
    assert from_html.title == from_text.title == TITLE
    assert words(from_html.body) == words(from_text.body) == words(" ".join(PARAGRAPHS))
    for doc in (from_html, from_text):
        assert "\n" in doc.body  # paragraph breaks survive
        for chrome in ("Leave a Reply", "Log Out", "Related posts", "Subscribe", "All rights reserved"):
            assert chrome not in doc.body
    assert from_html.date.isoformat() == "2019-04-02" and from_html.source == "The Example Herald"


def test_both_forms_are_found_by_the_same_queries(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.html").write_text(HTML, encoding="utf-8")
    (raw / "page.txt").write_text(TEXT, encoding="utf-8")
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    for q in ('"irrigation projects"', "cooperatives reconvene", "title:drought"):
        assert {h.id for h in search(live, Query(q=q, collapse=False)).hits} == {"page.html", "page.txt"}
        # Being the same text, they are one near-duplicate group: one result, one other copy.
        (hit,) = search(live, Query(q=q)).hits
        assert [c.id for c in hit.copies] == ["page.txt" if hit.id == "page.html" else "page.html"]
    for q in ("newsletter", "commenting", '"farm prices"'):
        assert search(live, Query(q=q)).total == 0


def test_tidy_text_shortcut_equals_normalizing() -> None:
    import random

    from searchsvc.extract import _BLANKS, _SPACES, normalize_body

    def reference(text: str) -> str:
        lines = [_SPACES.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return _BLANKS.sub("\n\n", "\n".join(lines)).strip()

    alphabet = ["a", "b", " ", "\n", "\t", "\r", "\xa0", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2003", "\u3000",
                "é"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        assert normalize_body(text) == reference(text), repr(text)
    tidy = "Headline words\n\nA paragraph, with words.\n\nAnother one."
    assert normalize_body(tidy) is tidy


def test_a_news_agencys_end_mark_and_sign_off_are_not_indexed(tmp_path: Path) -> None:
    """KCNA ends its items with "-0-", the Reuters wire with "Reuter": neither is article text, and the
    sign-off made every Reuters item match a search for "reuters"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kcna.txt").write_text(
        "Delegation Returns Home\n\nPyongyang, September 1 (KCNA) -- A delegation of the association "
        "returned home by air on August 31 after visiting the country. -0-\n"
    )
    (raw / "wire.txt").write_text(
        "COCOA STOCKS FALL\n\nCocoa stocks in the main warehouses fell by two pct in the week to Friday, "
        "traders said, after heavy buying by grinders.\n\nReuter\n"
    )
    (raw / "quoted.txt").write_text(
        "GRINDERS BUY COCOA\n\nGrinders bought cocoa all week, a dealer told Reuters, as stocks in the main "
        "warehouses fell.\n\nReuter\n"
    )
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    assert get_document(live, "kcna.txt").body.endswith("after visiting the country.")
    assert get_document(live, "wire.txt").body.endswith("after heavy buying by grinders.")
    assert [hit.id for hit in search(live, Query(q="reuters")).hits] == ["quoted.txt"]


def test_a_title_written_twice_in_a_row_is_the_title_once(tmp_path: Path) -> None:
    """A Rodong Sinmun item's sidecar (and first line) gave its headline twice, run together ("...
    People's WellbeingLet Us Strive ..."), and results showed it so; a title that only repeats a
    short name ("Bora Bora") is left as it is."""
    headline = "Let Us Strive for Our Great State's Prosperity and Our People's Wellbeing"
    body = "The plenary meeting of the Central Committee reviewed a great year of struggle and set new goals."
    files: dict[str, str] = {}
    for name, title in (("doubled", headline + headline), ("spaced", headline + " " + headline),
                        ("island", "Bora Bora")):
        files[f"{name}.txt"] = f"{title}\n\n{body}\n"
        files[f"{name}.meta.json"] = json.dumps({"title": title})
    live = indexed(tmp_path, files)
    assert get_document(live, "doubled.txt").title == headline
    assert get_document(live, "spaced.txt").title == headline
    assert get_document(live, "island.txt").title == "Bora Bora"


_NOT_FOUND_HTML = """<html><head><title>Page not found | Solidarity Blog</title></head><body>
<header><nav><a href="/">Home</a> <a href="/about">About</a> <a href="/contact">Contact</a></nav></header>
<main><h1>Oops! That page can&rsquo;t be found.</h1><p>It looks like nothing was found at this location.</p></main>
<aside><h2>Related posts</h2><ul><li><a href="/a">Statement of solidarity</a></li></ul></aside>
<div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>
<footer>Share this: Twitter Facebook</footer></body></html>"""
_NOT_FOUND_TEXT = "Page not found\n\nOops! That page can\u2019t be found.\n\nIt looks like nothing was found here.\n"


def test_a_saved_page_not_found_is_skipped_with_its_reason(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gone.html").write_text(_NOT_FOUND_HTML)
    (raw / "gone.txt").write_text(_NOT_FOUND_TEXT)
    (raw / "perdida.txt").write_text("Página no encontrada\n\nLo sentimos, la página que busca no existe.\n")
    prose = " ".join(["Broken links frustrate readers, and a clear error page tells them where to go next."] * 8)
    (raw / "essay.txt").write_text(f"Why 404 pages matter\n\n{prose}\n")
    report = build_index(raw, tmp_path / "ix")
    assert report.skipped == [
        ("gone.html", "an error page ('Page not found'), not an article"),
        ("gone.txt", "an error page ('Page not found'), not an article"),
        ("perdida.txt", "an error page ('Página no encontrada'), not an article"),
    ]
    assert report.indexed == 1  # the essay about 404 pages is an article


# Pages that stand in front of an article (sign-in forms, paywalls, consent banners, bot checks, a
# script-rendered app's shell, server errors), as sites serve them.
_WALLS = {
    "login.html": "<html><head><title>Sign in</title></head><body><form><label>Email</label><input name=email>"
    "<label>Password</label><input type=password><button>Log in</button><a href='/forgot'>Forgot password?</a>"
    "</form></body></html>",
    "paywall.html": "<html><head><title>Log in | The Daily Planet</title></head><body><header><nav><a href='/'>Home"
    "</a><a href='/world'>World</a></nav></header><main><h1>Subscribe to continue reading</h1><p>You have reached"
    " your limit of free articles. Log in or subscribe to read the full story.</p><form><input name=email>"
    "<input type=password><button>Log in</button></form></main></body></html>",
    "consent.html": "<html><head><title>Before you continue</title></head><body><div id='onetrust-banner-sdk'>"
    "<h2>We value your privacy</h2><p>We and our partners store and/or access information on a device, such as"
    " cookies and process personal data, such as unique identifiers and standard information sent by a device"
    " for personalised ads and content, ad and content measurement, and audience insights.</p>"
    "<button>Accept All Cookies</button><button>Manage preferences</button></div></body></html>",
    "check.html": "<html><head><title>Just a moment...</title></head><body><h1>Checking your browser before"
    " accessing example.com.</h1><p>This process is automatic. Your browser will redirect to your requested"
    " content shortly.</p><p>Please allow up to 5 seconds...</p><p>DDoS protection by Cloudflare</p></body></html>",
    "shell.html": "<html><head><title>Example</title></head><body><noscript>You need to enable JavaScript to run"
    " this app.</noscript><div id='root'></div></body></html>",
    "vue.html": "<html><head><title>My App</title></head><body><noscript><strong>We're sorry but my-app doesn't"
    " work properly without JavaScript enabled. Please enable it to continue.</strong></noscript>"
    "<div id='app'></div></body></html>",
}
# Articles that talk about the same things, each a little longer than a wall, or as short as one.
_ABOUT_WALLS = {
    "bank.html": "<html><head><title>Bank adds a code to its sign in</title></head><body><article><h1>Bank adds a"
    " code to its sign in</h1><p>Customers who log in to the bank's app will be asked for a code sent by text"
    " message from next month, the bank said.</p><p>Sign in with a password alone ends in June.</p></article>"
    "</body></html>",
    "cookies.html": "<html><head><title>Regulator fines publisher over its cookie banner</title></head><body>"
    "<article><h1>Regulator fines publisher over its cookie banner</h1><p>The banner said we use cookies and"
    " offered no way to refuse them, the regulator found.</p></article></body></html>",
    "app.html": "<html><head><title>Why the new site needs JavaScript</title></head><body><article><h1>Why the"
    " new site needs JavaScript</h1><p>Readers see a blank page with JavaScript turned off. Please enable"
    " JavaScript to use the search, or read the text edition.</p></article></body></html>",
    "teaser.html": "<html><head><title>Markets rally as rates fall</title></head><body><article><h1>Markets rally"
    " as rates fall</h1><p>Stocks rose sharply on Monday.</p><p>Subscribe to continue reading</p></article>"
    "</body></html>",
    "moment.html": "<html><head><title>Just a moment</title></head><body><article><h1>Just a moment</h1><p>She"
    " paused at the door, looked back at the empty hall and smiled.</p></article></body></html>",
}


def test_sign_in_paywall_consent_check_and_script_pages_are_skipped_with_their_reason(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, page in {**_WALLS, **_ABOUT_WALLS}.items():
        (raw / name).write_text(page)
    report = build_index(raw, tmp_path / "ix")
    assert sorted(report.skipped) == [
        ("check.html", "a Cloudflare check page ('Just a moment...'), not an article"),
        ("consent.html", "a cookie-consent page ('Before you continue'), not an article"),
        ("login.html", "a sign-in page ('Sign in'), not an article"),
        ("paywall.html", "a paywall page ('You have reached your limit of free articles.'), not an article"),
        ("shell.html", "a script-rendered app's empty page ('You need to enable JavaScript to run this app.'),"
         " not an article"),
        ("vue.html", "a script-rendered app's empty page (\"We're sorry but my-app doesn't work properly without"
         " JavaScript enabled.\"), not an article"),
    ]
    assert report.indexed == len(_ABOUT_WALLS)


def test_a_text_dump_of_a_sign_in_page_is_skipped_and_the_search_finds_the_article(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    # Text dumps lose the form's fields: what is left is its labels, and the headline "Sign in" is
    # dropped as a menu item, so the page was indexed under the title "Email address".
    (raw / "login.txt").write_text(
        "Sign in\n\nEmail address\nPassword\nForgot your password?\nLog in\nDon't have an account? Sign up\n"
    )
    (raw / "labels.txt").write_text("Example News\n\nEmail Password Log in Forgot password?\n\nRemember me\n")
    (raw / "bank.txt").write_text(
        "Bank adds a code to its sign in\n\nCustomers who sign in to the bank's app will be asked for a code sent"
        " by text message from next month, the bank said.\n"
    )
    report = build_index(raw, tmp_path / "ix")
    assert sorted(report.skipped) == [
        ("labels.txt", "a sign-in page ('Email Password Log in Forgot password?'), not an article"),
        ("login.txt", "a sign-in page ('Forgot your password?'), not an article"),
    ]
    assert [hit.id for hit in search(LiveIndex(tmp_path / "ix"), Query(q="sign in")).hits] == ["bank.txt"]


def test_server_error_pages_are_skipped_like_page_not_found(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    pages = {
        "401.html": ("401 Authorization Required", "<h1>Authorization Required</h1><p>This server could not verify"
                     " that you are authorized to access the document requested.</p>"),
        "403.html": ("403 Forbidden", "<h1>Forbidden</h1><p>You don't have permission to access this resource.</p>"
                     "<hr><address>Apache/2.4.41 (Ubuntu) Server at example.com Port 443</address>"),
        "500.html": ("500 Internal Server Error", "<h1>Internal Server Error</h1><p>The server encountered an"
                     " internal error or misconfiguration and was unable to complete your request.</p>"),
        "502.html": ("502 Bad Gateway", "<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>"),
        "503.html": ("503 Service Unavailable", "<h1>Service Unavailable</h1><p>The server is temporarily unable"
                     " to service your request due to maintenance downtime. Please try again later.</p>"),
        "denied.html": ("Access Denied", "<h1>Access Denied</h1>You don't have permission to access"
                        " \"http://www.example.com/news/\" on this server.<p>Reference #18.5d2e3b17.1700000000"),
        # Headlines that start like a status line, over a short article.
        "essay.html": ("403 Forbidden: why some sites block readers abroad", "<p>Some news sites answer readers"
                       " abroad with a 403 page rather than comply with privacy law.</p>"),
        "jobs.html": ("500 jobs cut at the mill", "<p>The mill will cut 500 jobs by the spring, its owner said.</p>"),
        "rail.html": ("Service Unavailable", "<p>The rail operator said the line would be closed all weekend.</p>"),
    }
    for name, (title, body) in pages.items():
        (raw / name).write_text(f"<html><head><title>{title}</title></head><body>{body}</body></html>")
    report = build_index(raw, tmp_path / "ix")
    assert sorted(report.skipped) == [
        ("401.html", "an error page ('401 Authorization Required'), not an article"),
        ("403.html", "an error page ('403 Forbidden'), not an article"),
        ("500.html", "an error page ('500 Internal Server Error'), not an article"),
        ("502.html", "an error page ('502 Bad Gateway'), not an article"),
        ("503.html", "an error page ('503 Service Unavailable'), not an article"),
        ("denied.html", "an error page ('Access Denied'), not an article"),
    ]
    assert report.indexed == 3


def test_soft_hyphens_and_ligatures_are_typesetting_not_text(tmp_path: Path) -> None:
    """A page that hints hyphenation with soft hyphens ("soli&shy;darity", common on sites set in narrow
    columns) was indexed as "soli" and "darity", and a statement copied out of a PDF keeps its ligatures
    ("ﬁrm", "oﬃcial", "ﬂag"): neither was found by the word typed. They are set as plain letters on the
    way in; the captures themselves are not touched."""
    pdf_text = ("Statement of the committee\n\n"
                "We reaﬃrm our ﬁrm support. The oﬃcial ﬂag was raised in soli\u00addarity.\n")
    page = (
        "<html><head><title>Joint declaration</title></head><body><article><h1>Joint declaration</h1>"
        + "".join(f"<p>{p.replace('solidarity', 'soli&shy;darity').replace('countries', 'coun&#173;tries')}</p>"
                  for p in PARAGRAPHS)
        + "</article></body></html>"
    )
    live = indexed(tmp_path, {"pdf.txt": pdf_text, "page.html": page})
    for words, found in [("firm official flag", "pdf.txt"), ("reaffirm solidarity", "pdf.txt"),
                         ("solidarity drought countries", "page.html")]:
        assert [hit.id for hit in search(live, Query(q=words)).hits] == [found], words
    body = get_document(live, "pdf.txt").body
    assert "We reaffirm our firm support. The official flag was raised in solidarity." in body
    assert "\u00ad" not in get_document(live, "page.html").body
    assert (tmp_path / "raw" / "pdf.txt").read_text(encoding="utf-8") == pdf_text



def test_a_decomposed_accent_is_the_letter_it_marks(tmp_path: Path) -> None:
    """"é" can be written as one character or as "e" and a combining accent (macOS file names, some editors,
    pasted text): the tokenizer broke a word at the separate accent, so a capture written one way was
    not found by the word typed the other way. Both are composed (NFC) on the way in."""
    decomposed = unicodedata.normalize("NFD", "Les mesures économiques annoncées à Pyongyang")
    composed = "Le comité a publié une déclaration"
    live = indexed(tmp_path, {"nfd.txt": f"Mesures\n\n{decomposed}.\n", "nfc.txt": f"Comité\n\n{composed}.\n"})
    for typed, found in [("économiques", "nfd.txt"), (unicodedata.normalize("NFD", "économiques"), "nfd.txt"),
                         ("déclaration", "nfc.txt"), (unicodedata.normalize("NFD", "déclaration publiée"), "nfc.txt")]:
        assert [hit.id for hit in search(live, Query(q=typed)).hits] == [found], ascii(typed)
    assert "économiques annoncées" in get_document(live, "nfd.txt").body
    assert (tmp_path / "raw" / "nfd.txt").read_text(encoding="utf-8") == f"Mesures\n\n{decomposed}.\n"

# A solidarity group's WordPress statement as Chrome saves it: no canonical address, no site name and
# no date in the page; long lines and attributes, which quoted-printable breaks and escapes (=, =3D).
SAVED_PAGE = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<title>Solidarity message on the anniversary of the Korean War &#8211; Friends of Korea</title>\n'
    '<link rel="stylesheet" id="twentytwenty-style-css"'
    ' href="https://www.example.org/wp-content/themes/twentytwenty/style.css" media="all">\n'
    '</head><body class="post-template-default single single-post postid-4121'
    ' single-format-standard">\n'
    '<header id="site-header" class="header-footer-group"><nav><ul class="primary-menu">\n'
    '<li class="menu-item"><a href="https://www.example.org/">Home</a></li>\n'
    '<li class="menu-item"><a href="https://www.example.org/statements/">Statements</a></li>\n'
    '<li class="menu-item"><a href="https://www.example.org/about/">About'
    ' us</a></li></ul></nav></header>\n'
    '<main id="site-content" role="main"><article class="post-4121 post type-post status-publish'
    ' format-standard hentry">\n'
    '<header class="entry-header has-text-align-center"><h1 class="entry-title">Solidarity message'
    ' on the anniversary of the Korean War</h1></header>\n'
    '<div class="entry-content">\n'
    '<p>On the anniversary of the outbreak of the Korean War, our committee sends its warmest'
    ' greetings to the Korean people, who have defended their sovereignty for more than seven'
    ' decades under sanctions and military pressure.</p>\n'
    '<p>We call on all peace-loving people to demand the conclusion of a peace treaty, the lifting'
    ' of the unilateral sanctions and the withdrawal of foreign troops, so that the Korean nation'
    ' can reunify independently and peacefully.</p>\n'
    '<p>The committee will hold a public meeting with a photo exhibition on the reconstruction of'
    ' Pyongyang after the armistice, to which all friends of Korea are welcome.</p>\n'
    '</div></article>\n'
    '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><a'
    ' class="share-twitter" href="https://www.example.org/?share=twitter">Twitter</a> <a'
    ' class="share-facebook" href="https://www.example.org/?share=facebook">Facebook</a></div>\n'
    '</main><footer id="site-footer"><p>&copy; 2024 Friends of Korea</p></footer></body></html>\n'
)
SAVED_FROM = "https://www.friendsofkorea.example/2024/06/25/solidarity-message-korean-war/"
SAVED_WORDS = ("Korean people", "peace treaty", "photo exhibition", "reconstruction of Pyongyang")


def test_a_page_saved_by_chrome_as_one_mhtml_file_is_indexed_as_its_page(tmp_path: Path) -> None:
    """An .mhtml file in raw/ was neither indexed nor mentioned."""
    ad = "<html><body><p>Buy cheap flights to Seoul now, limited offer for all readers today!</p></body></html>"
    live = indexed(tmp_path, {"saved/message.mhtml": mhtml(SAVED_PAGE, url=SAVED_FROM, frames=(ad,))})
    (hit,) = search(live, Query(q="peace treaty sanctions")).hits
    assert hit.id == "saved/message.mhtml"
    assert hit.title == "Solidarity message on the anniversary of the Korean War"
    # The address it was saved from is its url, and, the page naming no publisher, its source.
    assert (hit.url, hit.source) == (SAVED_FROM, "friendsofkorea.example")
    # The Date: header is when it was saved (25 March), not when it was published: the day its
    # address names is.
    assert hit.date == date(2024, 6, 25)
    doc = get_document(live, hit.id)
    for words in SAVED_WORDS:
        assert words in doc.body
    # No MIME, quoted-printable or base64 left in the text; not the styles, the image nor the ad frame.
    for residue in ("MultipartBoundary", "=3D", "=\n", "Content-Type", "iVBORw0KGgo", "font-family", "cheap flights",
                    "Share this", "About us"):
        assert residue not in doc.body and residue not in hit.snippet
    assert search(live, Query(q="flights")).total == 0


def test_an_mhtml_page_s_own_address_date_and_publisher_win_over_its_headers(tmp_path: Path) -> None:
    page = SAVED_PAGE.replace(
        "</head>",
        '<link rel="canonical" href="https://friendsofkorea.example/?p=4121">'
        '<meta property="og:site_name" content="Friends of Korea">'
        '<meta property="article:published_time" content="2024-06-24T18:30:00+00:00"></head>',
    )
    live = indexed(tmp_path, {"message.mhtml": mhtml(page, url=SAVED_FROM, saved="Tue, 02 Jul 2024 10:00:00 -0000")})
    doc = get_document(live, "message.mhtml")
    assert (doc.url, doc.source, doc.date.isoformat()) == (
        "https://friendsofkorea.example/?p=4121", "Friends of Korea", "2024-06-24")


def test_a_page_saved_by_internet_explorer_as_mht_is_read_in_its_part_s_charset(tmp_path: Path) -> None:
    """Internet Explorer writes a page in the encoding it was served in, named in the part's header,
    and keeps the page's own declaration, which an old site often got wrong (as an HTTP header wins
    over it in a browser, the part's charset wins here)."""
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Заявление о солидарности с корейским народом</title></head><body>
<h1>Заявление о солидарности с корейским народом</h1>
<p>Наш комитет выражает полную солидарность с корейским народом в его борьбе за мир, независимость и мирное
объединение Родины и требует отмены односторонних санкций.</p>
<p>Мы призываем всех сторонников мира поддержать требование о заключении мирного договора вместо
соглашения о перемирии, подписанного более семидесяти лет назад.</p></body></html>"""
    live = indexed(tmp_path, {"zayavlenie.mht": mht(page, charset="windows-1251")})
    doc = get_document(live, "zayavlenie.mht")
    assert doc.title == "Заявление о солидарности с корейским народом"
    assert "требует отмены односторонних санкций" in doc.body
    assert doc.url == "http://www.example.org/statement.htm"
    assert [h.id for h in search(live, Query(q="мирного договора")).hits] == ["zayavlenie.mht"]


def test_a_broken_or_pageless_mhtml_file_is_skipped_with_its_reason_and_the_rest_indexed(tmp_path: Path) -> None:
    only_css = mhtml(SAVED_PAGE).replace(b"Content-Type: text/html", b"Content-Type: text/css")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "styles.mhtml").write_bytes(only_css)
    (raw / "notes.mhtml").write_bytes(b"These are just notes typed into a file named .mhtml by mistake.\n")
    (raw / "message.mhtml").write_bytes(mhtml(SAVED_PAGE))
    report = build_index(raw, tmp_path / "ix")
    assert report.indexed == 1
    assert report.skipped == [
        ("notes.mhtml", "not an MHTML file (no MIME headers)"),
        ("styles.mhtml", "an MHTML file without a web page (no text/html part)"),
    ]


def test_a_page_saved_by_safari_as_a_web_archive_is_indexed_as_its_page(tmp_path: Path) -> None:
    """A .webarchive file in raw/ was neither indexed nor mentioned."""
    ad = "<html><body><p>Buy cheap flights to Seoul now, limited offer for all readers today!</p></body></html>"
    live = indexed(tmp_path, {"saved/message.webarchive": webarchive(SAVED_PAGE, url=SAVED_FROM, frames=(ad,))})
    (hit,) = search(live, Query(q="peace treaty sanctions")).hits
    assert hit.id == "saved/message.webarchive"
    assert hit.title == "Solidarity message on the anniversary of the Korean War"
    assert (hit.url, hit.source, hit.date) == (SAVED_FROM, "friendsofkorea.example", date(2024, 6, 25))
    doc = get_document(live, hit.id)
    for words in SAVED_WORDS:
        assert words in doc.body
    for residue in ("bplist", "WebResource", "font-family", "cheap flights", "Share this"):
        assert residue not in doc.body and residue not in hit.snippet
    assert search(live, Query(q="flights")).total == 0


def test_a_web_archive_is_read_in_the_encoding_safari_recorded(tmp_path: Path) -> None:
    """Safari keeps the page's bytes as served and the encoding it read them in, which the page itself
    may not declare, or declare wrongly."""
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>Заявление о солидарности с корейским народом</title></head><body>
<h1>Заявление о солидарности с корейским народом</h1>
<p>Наш комитет выражает полную солидарность с корейским народом в его борьбе за мир, независимость и мирное
объединение Родины и требует отмены односторонних санкций.</p></body></html>"""
    live = indexed(tmp_path, {"zayavlenie.webarchive": webarchive(page.encode("cp1251"), encoding="windows-1251")})
    doc = get_document(live, "zayavlenie.webarchive")
    assert doc.title == "Заявление о солидарности с корейским народом"
    assert "требует отмены односторонних санкций" in doc.body


def test_a_broken_web_archive_or_one_of_no_web_page_is_skipped_with_its_reason(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.webarchive").write_bytes(webarchive(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", mime="application/pdf",
                                                       encoding=None))
    (raw / "cut.webarchive").write_bytes(webarchive(SAVED_PAGE)[:200])
    (raw / "message.webarchive").write_bytes(webarchive(SAVED_PAGE))
    report = build_index(raw, tmp_path / "ix")
    assert report.indexed == 1
    assert report.skipped == [
        ("cut.webarchive", "not a valid Safari web archive (not a property list)"),
        ("report.webarchive", "a Safari web archive of application/pdf, not of a web page"),
    ]


def test_a_wayback_machine_notice_saved_in_place_of_a_page_is_skipped(tmp_path: Path) -> None:
    # Saved from web.archive.org, the archive's own page about a redirect or a page it does not hold
    # was indexed as a document titled "Wayback Machine".
    notice = ('<html><head><title>Wayback Machine</title></head><body><div id="wm-ipp-base"></div><div id="error">'
              "{}</div><footer>FAQ | Contact Us | Terms of Service</footer></body></html>")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "redirect.html").write_text(notice.format(
        '<h2>Got an HTTP 302 response at crawl time</h2><p>Redirecting to...</p><p>http://www.kcna.co.jp/index-e.htm'
        '</p><p><a href="https://web.archive.org/web/20030115034315/http://www.kcna.co.jp/index-e.htm">Impatient?</a>'
        "</p>"))
    (raw / "missing.html").write_text(notice.format(
        "<h2>Hrm.</h2><p>The Wayback Machine has not archived that URL.</p><p>This page is not available on the web"
        " because page does not exist</p><p>Save this url in the Wayback Machine</p>"))
    (raw / "missing.txt").write_text(
        "Wayback Machine\n\nHrm.\n\nThe Wayback Machine has not archived that URL.\n\nClick here to search for"
        " all archived pages under http://www.kcna.co.jp/item/2003/200301/news01/.\n")
    (raw / "about.txt").write_text(
        "Lost statements\n\nThe Wayback Machine has not archived that URL, and the statement of 1999 is lost."
        " Researchers found a copy in a library in Tokyo instead.\n")
    report = build_index(raw, tmp_path / "ix")
    assert sorted(report.skipped) == [
        ("missing.html", "a Wayback Machine notice ('The Wayback Machine has not archived that URL.'), not the"
         " archived page"),
        ("missing.txt", "a Wayback Machine notice ('The Wayback Machine has not archived that URL.'), not the"
         " archived page"),
        ("redirect.html", "a Wayback Machine notice ('Got an HTTP 302 response at crawl time'), not the archived"
         " page"),
    ]
    assert report.indexed == 1


_KCNA_PARAGRAPH = ("The participants expressed full support and solidarity with the Korean people in their just "
                   "struggle to defend the sovereignty of the country and denounced the hostile policy of the U.S.")


def test_a_kcna_item_saved_as_html_is_dated_and_published_as_its_dateline_says(tmp_path: Path) -> None:
    # kcna.co.jp's old pages have no metadata: a bold headline, then the dateline, no site name.
    old_page = (f"<html><head><title>KCNA</title></head><body><p><b>Joint struggle called for</b><br>"
                f"Pyongyang, January 15 (KCNA) -- The Korea Solidarity Committee of Japan issued a statement on "
                f"January 13, 2003, calling for a joint struggle.<br>{_KCNA_PARAGRAPH}</p></body></html>")
    # kcna.kp names its address, not its name; a date near the headline is the event the item reports.
    new_page = ('<html><head><title>Statement of Solidarity Committee</title><link rel="canonical" '
                'href="http://kcna.kp/en/article/q/aa11bb22.kcmsf"></head><body><div class="article">'
                "<h1>Statement of Solidarity Committee</h1><p>Pyongyang, August 3 (KCNA) -- The Korea Solidarity "
                f"Committee of Peru issued a statement on July 30, 2023 in support of the DPRK.</p><p>{_KCNA_PARAGRAPH}"
                "</p></div></body></html>")
    text_dump = ("Solidarity rally held in Lagos\n\nPyongyang, July 28 (KCNA) -- A rally was held in Lagos on "
                 f"July 25, 2023 by the Nigerian friendship group.\n\n{_KCNA_PARAGRAPH} Lagos.\n")
    live = indexed(tmp_path, {"old.htm": old_page, "new.html": new_page, "dump.txt": text_dump})
    results = search(live, Query(q="solidarity", collapse=False, sort="oldest"))
    assert [(h.id, h.date.isoformat() if h.date else None, h.source) for h in results.hits] == [
        ("old.htm", "2003-01-15", "KCNA"), ("dump.txt", "2023-07-28", "KCNA"), ("new.html", "2023-08-03", "KCNA")]
    assert results.facets["source"] == {"KCNA": 3}  # one publisher, not "KCNA" and "kcna.kp"


def test_dates_printed_around_an_article_are_not_its_date(tmp_path: Path) -> None:
    # Today's date in the site's header bar, a sidebar's latest news, a comment and a related post
    # each stood as the item's date: a 2023 statement was listed under the day it was saved.
    today_bar = ('<html><head><title>Solidarity Meeting Held in Nigeria</title></head><body><div class="top-bar">'
                 '<span class="today-date">Juche115.11.30.</span> <a href="/">Home</a></div>'
                 '<div class="article-title">Solidarity Meeting Held in Nigeria</div>'
                 f'<div class="publish-time">[Juche112.7.27.]</div><div class="content"><p>{_KCNA_PARAGRAPH}</p>'
                 f"<p>{_KCNA_PARAGRAPH}</p></div></body></html>")
    only_today = ('<html><head><title>Friendship Association Statement</title></head><body><div class="header">'
                  '<span class="date">Monday, November 30, 2026</span></div><div class="post"><h2>Friendship '
                  f"Association Statement</h2><p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH}</p></div></body></html>")
    sidebar = ('<html lang="fr"><head><title>Solidarité avec la Corée</title></head><body><aside class="sidebar">'
               '<h3>Dernières nouvelles</h3><ul><li><a href="/a">Fête</a> <span class="date">14 septembre 2023</span>'
               '</li></ul></aside><article><h1>Solidarité avec la Corée</h1><div class="meta">Publié le 27 juillet '
               f"2023 par la rédaction</div><p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH}</p></article></body></html>")
    comment = ('<html><head><title>Greetings on the Day of Victory</title></head><body><article><h1>Greetings on '
               'the Day of Victory</h1><span class="posted-on">Posted on July 26, 2023</span>'
               f"<p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH}</p></article><div id=\"jp-relatedposts\"><h3>Related</h3>"
               '<span class="jp-relatedposts-post-date">July 27, 2022</span></div><div id="comments"><ol><li class='
               '"comment"><time datetime="2023-08-02T10:00:00+00:00">August 2, 2023</time><p>Solidarity from '
               "Glasgow!</p></li></ol></div></body></html>")
    comment_first = comment.replace('<span class="posted-on">Posted on July 26, 2023</span>', "")
    # The article's own footer and a layout wrapper named for its sidebar hold the article's date.
    entry_footer = ('<html><body class="single has-sidebar"><div class="site-content with-sidebar"><article><h1>'
                    f"Message to the Korean People</h1><p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH}</p>"
                    f"<p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH} Message.</p>"
                    '<footer class="entry-footer"><span class="posted-on"><time class="entry-date published" '
                    'datetime="2023-07-25T08:00:00+00:00">July 25, 2023</time></span></footer></article>'
                    '<aside class="sidebar"><time datetime="2023-09-01">September 1, 2023</time></aside>'
                    "</div></body></html>")
    live = indexed(tmp_path, {"today_bar.html": today_bar, "only_today.html": only_today, "sidebar.html": sidebar,
                              "comment.html": comment, "undated/comment.html": comment_first,
                              "entry_footer.html": entry_footer})
    results = search(live, Query(q="", collapse=False, sort="oldest"))
    assert [(h.id, h.date.isoformat() if h.date else None) for h in results.hits] == [
        ("entry_footer.html", "2023-07-25"), ("comment.html", "2023-07-26"), ("sidebar.html", "2023-07-27"),
        ("today_bar.html", "2023-07-27"), ("only_today.html", None), ("undated/comment.html", None)]
    assert results.facets["year"] == {"2023": 4}


def test_a_page_that_names_no_publisher_is_listed_under_its_site_s_known_name(tmp_path: Path) -> None:
    # A Rodong Sinmun article saved from its site names no publisher: it was listed as "rodong.rep.kp"
    # beside the items whose sidecars say "Rodong Sinmun", and a KCNA photo story (no dateline) as
    # "kcna.kp" beside the agency's items; filtering on one name missed the other's.
    def page(title: str, url: str) -> str:
        return (f'<html><head><title>{title}</title><link rel="canonical" href="{url}"></head><body><article>'
                f"<h1>{title}</h1><p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH} {title}.</p></article></body></html>")
    live = indexed(tmp_path, {
        "rodong.html": page("Support for Korean People", "http://www.rodong.rep.kp/en/index.php?MTVAMjAyMy0wNy0yNy0wMDY="),
        "rodong2.txt": f"Let Us Defend Peace\n\n{_KCNA_PARAGRAPH}\n",
        "rodong2.meta.json": '{"source": "Rodong Sinmun", "date": "2023-07-27"}',
        "kcna.html": page("Photo Exhibition Opens", "http://kcna.kp/en/article/q/ff00.kcmsf"),
        "kcna.txt": ("Rally Held\n\nPyongyang, July 27 (KCNA) -- A rally was held on July 25, 2023.\n\n"
                     f"{_KCNA_PARAGRAPH}\n"),
        "party.html": page("Message of Solidarity", "https://www.solidarity-party.example.net/2023/message/"),
    })
    results = search(live, Query(q="", collapse=False))
    assert results.facets["source"] == {"KCNA": 2, "Rodong Sinmun": 2, "solidarity-party.example.net": 1}
    assert {h.id for h in search(live, Query(q="", source="rodong sinmun", collapse=False)).hits} == {
        "rodong.html", "rodong2.txt"}


def test_a_date_whose_year_is_written_in_the_juche_calendar_dates_the_item(tmp_path: Path) -> None:
    # The Pyongyang Times and Naenara write a day's year as the Juche year with the common one beside
    # it ("Saturday, July 29, Juche 112 (2023)"); such an item was undated.
    text = ("The Pyongyang Times\nSaturday, July 29, Juche 112 (2023)\nForeign Friends Praise Victory\n\n"
            f"{_KCNA_PARAGRAPH}\n\n{_KCNA_PARAGRAPH} Praise.\n")
    page = ('<html><head><title>Solidarity Letters Arrive</title></head><body><article><h1>Solidarity Letters '
            'Arrive</h1><p class="date">27 July, Juche 112</p>'
            f"<p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH} Letters.</p></article></body></html>")
    live = indexed(tmp_path, {"pt.txt": text, "naenara.html": page})
    july = Query(q="", collapse=False, date_from=date(2023, 7, 1), date_to=date(2023, 7, 31), sort="oldest")
    hits = search(live, july).hits
    assert [(h.id, h.date.isoformat()) for h in hits] == [("naenara.html", "2023-07-27"), ("pt.txt", "2023-07-29")]


def test_an_item_dated_only_by_its_address_is_dated_by_it(tmp_path: Path) -> None:
    # A WordPress permalink carries the post's day (/2023/07/27/); a page that prints no date, or a
    # text copy whose sidecar gives the address, was undated. An archive's capture time is not it.
    def page(title: str, url: str) -> str:
        return (f'<html><head><title>{title}</title><link rel="canonical" href="{url}"></head><body><article>'
                f"<h1>{title}</h1><p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH} {title}.</p></article></body></html>")
    live = indexed(tmp_path, {
        "party.html": page("Message of Solidarity", "https://solidarity-party.example.net/2023/07/27/message/"),
        "copy.txt": f"Greetings on Victory Day\n\n{_KCNA_PARAGRAPH}\n",
        "copy.meta.json": '{"url": "https://web.archive.org/web/20240105101010/https://kfa.example.org/2023/7/26/greetings/"}',
        "archived.txt": f"Statement of the Committee\n\n{_KCNA_PARAGRAPH} Committee.\n",
        "archived.meta.json": '{"url": "https://web.archive.org/web/20240105101010/https://committee.example.org/statement/"}',
        "blog.html": page("Monthly Bulletin", "https://blog.example.org/2023/07/bulletin.html"),
    })
    hits = search(live, Query(q="", collapse=False, sort="oldest")).hits
    assert [(h.id, h.date.isoformat() if h.date else None) for h in hits] == [
        ("copy.txt", "2023-07-26"), ("party.html", "2023-07-27"), ("archived.txt", None), ("blog.html", None)]


def test_a_date_labelled_as_an_update_is_not_the_publication_date(tmp_path: Path) -> None:
    # A page updated after it was published prints both; the update's day stood as the item's date,
    # and in a text copy the two labelled lines were taken for a results table and kept as its text.
    updated = '<div class="post-date">Updated: February 3, 2024</div>'
    published = '<div class="post-date">Published: July 27, 2023</div>'
    def page(title: str, meta: str) -> str:
        return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{meta}"
                f"<p>{_KCNA_PARAGRAPH}</p><p>{_KCNA_PARAGRAPH} {title}.</p></article></body></html>")
    live = indexed(tmp_path, {
        "both.html": page("Statement on the armistice", updated + published),
        "es.html": page("Declaración sobre el armisticio", updated.replace("Updated: February 3, 2024",
                        "Actualizado el 3 de febrero de 2024") + published.replace("Published: July 27, 2023",
                        "Publicado el 26 de julio de 2023")),
        "only.html": page("Greetings on the Day of Victory", updated),
        "both.txt": ("Message on the armistice\nUpdated: February 3, 2024\nPublished: July 25, 2023\n\n"
                     f"{_KCNA_PARAGRAPH}\n\n{_KCNA_PARAGRAPH} Message.\n"),
    })
    hits = search(live, Query(q="", collapse=False, sort="oldest")).hits
    assert [(h.id, h.date.isoformat() if h.date else None) for h in hits] == [
        ("both.txt", "2023-07-25"), ("es.html", "2023-07-26"), ("both.html", "2023-07-27"), ("only.html", None)]
    body = get_document(live, "both.txt").body
    assert "Updated" not in body and "Published" not in body


def test_a_text_copy_whose_sidecar_gives_its_address_is_published_by_that_site(tmp_path: Path) -> None:
    # The same Rodong Sinmun article saved as a page was "Rodong Sinmun"; copied as text with its
    # address in the sidecar it had no source, and filtering on the paper missed it.
    text = f"Let Us Defend Peace\n\n{_KCNA_PARAGRAPH}\n"
    live = indexed(tmp_path, {
        "rodong.txt": text,
        "rodong.meta.json": '{"url": "http://www.rodong.rep.kp/en/index.php?MTVAMjAy", "date": "2023-07-27"}',
        "wayback.txt": text.replace("Peace", "Peace and Security"),
        "wayback.meta.json": '{"url": "https://web.archive.org/web/2019/http://www.rodong.rep.kp/en/index.php?x=1"}',
        "short.txt": text.replace("Peace", "the Revolution"),
        "short.meta.json": '{"url": "https://archive.ph/Xq7Zk"}',
        "named.txt": text.replace("Peace", "Justice"),
        "named.meta.json": '{"url": "http://www.rodong.rep.kp/en/index.php?y=2", "source": "Rodong Sinmun (English)"}',
        # Typed as the browser's address bar shows it: the site was not found without "http://".
        "bare.txt": text.replace("Peace", "Friendship"),
        "bare.meta.json": '{"url": "www.rodong.rep.kp/en/index.php?z=3"}',
        "word.txt": text.replace("Peace", "Unity"),
        "word.meta.json": '{"url": "homepage"}',
    })
    results = search(live, Query(q="", collapse=False))
    assert {h.id: h.source for h in results.hits} == {
        "rodong.txt": "Rodong Sinmun", "wayback.txt": "Rodong Sinmun", "short.txt": None,
        "named.txt": "Rodong Sinmun (English)", "bare.txt": "Rodong Sinmun", "word.txt": None}
    # The address is kept as written.
    assert get_document(live, "bare.txt").url == "www.rodong.rep.kp/en/index.php?z=3"


def test_a_text_copy_is_dated_by_its_post_line_not_by_today_s_date_in_the_site_s_header(tmp_path: Path) -> None:
    # Copied from a WordPress site whose header prints the day of the visit: the statement of 27 July
    # 2023 was listed under the day it was copied.
    text = ("Skip to content\nMonday, November 30, 2026\nAnti-Imperialist Solidarity Committee\n"
            "Home About News Contact\nGreetings on the Day of Victory\nPosted on July 27, 2023 by admin\n"
            f"{_KCNA_PARAGRAPH}\n\n{_KCNA_PARAGRAPH} Greetings.\n\nShare this:\nTwitter\nFacebook\n")
    spanish = text.replace("Posted on July 27, 2023 by admin", "Publicado el 26 de julio de 2023 por admin")
    live = indexed(tmp_path, {"wp.txt": text, "es.txt": spanish.replace("Greetings", "Saludos")})
    hits = search(live, Query(q="", collapse=False, sort="oldest")).hits
    assert [(h.id, h.date.isoformat() if h.date else None) for h in hits] == [
        ("es.txt", "2023-07-26"), ("wp.txt", "2023-07-27")]


def test_history_recalled_in_a_kcna_item_s_opening_does_not_give_it_its_year(tmp_path: Path) -> None:
    # "Pyongyang, October 3 (KCNA)" over a disclosure of germ warfare "in August 1939": the 2024 item
    # was dated 3 October 1939, and a chronology of that year listed it.
    history = ("Japan's Crimes Disclosed\n\nPyongyang, October 3 (KCNA) -- Traces of Japan's past crimes are being "
               "disclosed one after another.\n\nRecently Russia opened to public an old document proving that Japan "
               f"used germ weapons near the Khalkhin-Gol River in August 1939.\n\n{_KCNA_PARAGRAPH}\n")
    news = ("Rally Reported\n\nPyongyang, January 5 (KCNA) -- The rally held in Lima in December 2017 was reported "
            f"by the press.\n\n{_KCNA_PARAGRAPH} Lima.\n")
    live = indexed(tmp_path, {"history.txt": history, "news.txt": news})
    results = search(live, Query(q="", collapse=False, sort="oldest"))
    assert [(h.id, h.date.isoformat() if h.date else None) for h in results.hits] == [
        ("news.txt", "2018-01-05"), ("history.txt", None)]
    assert results.facets["year"] == {"2018": 1}


def test_a_korean_date_line_with_its_weekday_dates_the_item(tmp_path: Path) -> None:
    # Rodong Sinmun prints the day with its weekday, "주체112(2023)년 7월 27일 목요일": the copied
    # article was undated.
    body = "조선인민은 조국해방전쟁승리 70돐을 성대히 경축하였다. 세계 여러 나라에서 축하문들이 전달되였다."
    text = f"로동신문\n[주체112(2023)년 7월 27일 목요일]\n위대한 승리의 날\n\n{body}\n\n{body} 승리.\n"
    live = indexed(tmp_path, {"rodong.txt": text, "plain.txt": text.replace("[주체112(2023)년", "[2023년")
                              .replace("27일 목요일", "28일 금요일").replace("승리.", "축하.")})
    hits = search(live, Query(q="", collapse=False, sort="oldest")).hits
    assert [(h.id, h.date.isoformat() if h.date else None) for h in hits] == [
        ("rodong.txt", "2023-07-27"), ("plain.txt", "2023-07-28")]


def test_a_date_line_written_year_first_in_digits_dates_the_item(tmp_path: Path) -> None:
    # "2023.07.27." under a headline, as DPRK and East Asian sites print a day (year first, so never
    # ambiguous): the copied item was undated, and the line was kept as its text's first line.
    text = (f"Foreign Friends Praise Victory\n2023.07.27.\n\n{_KCNA_PARAGRAPH}\n\n{_KCNA_PARAGRAPH} Friends.\n")
    slashed = text.replace("2023.07.27.", "2023/7/26").replace("Friends.", "Victory.")
    live = indexed(tmp_path, {"dotted.txt": text, "slashed.txt": slashed})
    hits = search(live, Query(q="", collapse=False, sort="oldest")).hits
    assert [(h.id, h.date.isoformat() if h.date else None) for h in hits] == [
        ("slashed.txt", "2023-07-26"), ("dotted.txt", "2023-07-27")]
    assert not get_document(live, "dotted.txt").body.startswith("2023")


def test_a_mirrored_sites_robots_txt_is_skipped_with_its_reason(tmp_path: Path) -> None:
    """wget --mirror saves a site's robots.txt at its top: it was indexed as a document titled "Allow:
    /wp-admin/admin-ajax.php". A text about robots.txt rules is an article."""
    raw = tmp_path / "raw"
    (raw / "www.example.org").mkdir(parents=True)
    (raw / "www.example.org/robots.txt").write_text(
        "# robots.txt for WordPress\nUser-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        "User-agent: GPTBot\nDisallow: /\nCrawl-delay: 10\n\nSitemap: https://www.example.org/wp-sitemap.xml\n")
    (raw / "guide.txt").write_text(
        "How to keep crawlers out\n\nA site asks crawlers to stay away with two lines in its robots.txt:\n"
        "User-agent: *\nDisallow: /\nMost search engines honour them; archivists' crawlers may not.\n")
    report = build_index(raw, tmp_path / "ix")
    assert report.skipped == [("www.example.org/robots.txt", "a site's robots.txt (its rules for crawlers), not an "
                                                             "article")]
    assert report.indexed == 1


_RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
	<title>Korea Solidarity Committee &raquo; News Category Feed</title>
	<link>https://www.example.org/category/news/</link>
	<description>For peace, independence and the reunification of Korea</description>
	<lastBuildDate>Tue, 01 Aug 2023 09:00:00 +0000</lastBuildDate>
<item><title>Rally Marks Liberation Day</title><link>https://www.example.org/2020/08/15/rally/</link>
<description><![CDATA[On the anniversary of Korea's liberation activists rallied [&hellip;]]]></description>
<content:encoded><![CDATA[<p>On the anniversary of Korea's liberation from Japanese colonial rule, activists
rallied with banners reading Hands Off Korea.</p>]]></content:encoded></item>
</channel></rss>
"""


def test_a_feed_or_json_that_wget_saved_as_a_page_is_skipped_with_its_reason(tmp_path: Path) -> None:
    """wget --mirror saves a site's feed/ (and comments/feed/, each post's feed/) as feed/index.html, and its
    wp-json/ as wp-json/index.html: the feeds were indexed as documents titled "… &raquo; News Category Feed",
    holding every post they carry, or the channel's description and build date alone."""
    raw = tmp_path / "raw"
    atom = ('<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>\n'
            '<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Statements</title>'
            '<entry><title>On the Summit</title><content>The committee regrets that the summit ended.</content>'
            '</entry></feed>')
    pages = {
        "site/feed/index.html": _RSS,
        "site/comments/feed/index.html": _RSS.replace("<item>", "<!--").replace("</item>", "-->"),
        "site/atom/index.html": atom,
        "site/wp-json/index.html": '{"name": "Korea Solidarity Committee", "description": "For peace", "routes": {}}',
        # An XHTML page with its XML declaration is a page, and so is a page that opens with a bracket.
        "site/xhtml.html": '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                           "<head><title>Statement on the summit</title></head><body><p>The committee regrets that the"
                           " summit in Hanoi ended without an agreement.</p></body></html>",
        "site/bracket.html": "[Archived] <p>The committee regrets that the summit in Hanoi ended without an "
                             "agreement, and calls for talks to resume.</p>",
    }
    for name, text in pages.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(text)
    report = build_index(raw, tmp_path / "ix")
    assert sorted(report.skipped) == [
        ("site/atom/index.html", "an Atom feed (XML a site publishes for programs), not a web page"),
        ("site/comments/feed/index.html", "an RSS feed (XML a site publishes for programs), not a web page"),
        ("site/feed/index.html", "an RSS feed (XML a site publishes for programs), not a web page"),
        ("site/wp-json/index.html", "JSON data (a site's answer to programs), not a web page"),
    ]
    assert report.indexed == 2


def test_the_pages_httrack_writes_itself_are_skipped_with_their_reason(tmp_path: Path) -> None:
    """The list of projects at the top of HTTrack's folder was indexed ("List of available projects - HTTrack
    Website Copier"), and the project's index.html, HTTrack's redirect to the site's first page, was skipped
    as "no article text left after removing page boilerplate", which told the archivist nothing."""
    raw = tmp_path / "raw"
    (raw / "fdps/www.example.net").mkdir(parents=True)
    (raw / "index.html").write_text(
        '<html><head><title>List of available projects - HTTrack Website Copier</title></head><body>'
        '<h1 ALIGN=Center>Index of locally available projects:</H1><table><TR><TD BACKGROUND="fade.gif">'
        '&middot; <A HREF="fdps/index.html">fdps</A></TD></TR></TABLE><BR><H6 ALIGN="RIGHT"><I>Mirror and index '
        "made by HTTrack Website Copier [XR&CO'2008]</I></H6></body></html>")
    (raw / "fdps/index.html").write_text(
        "<HTML>\n<!-- Created by HTTrack Website Copier/3.49-2 [XR&CO'2014] -->\n<HEAD>\n<META HTTP-EQUIV=\"Content-"
        'Type" CONTENT="text/html;charset=UTF-8"><META HTTP-EQUIV="Refresh" CONTENT="0; URL=www.example.net/index.'
        'html"><TITLE>Page has moved</TITLE>\n</HEAD>\n<BODY>\n<A HREF="www.example.net/index.html"><h3>Click here...'
        "</h3></A>\n</BODY>\n</HTML>\n")
    (raw / "fdps/www.example.net/index.html").write_text(
        "<html><!-- Mirrored from www.example.net/ by HTTrack Website Copier/3.x [XR&CO'2014], Tue, 01 Aug 2023 -->"
        "<head><title>Day of the Sun Celebrated in Berlin</title></head><body><article><h1>Day of the Sun Celebrated"
        " in Berlin</h1><p>Friends of the DPRK gathered in Berlin on 15 April to celebrate the Day of the Sun.</p>"
        "</article></body></html>")
    report = build_index(raw, tmp_path / "ix")
    assert sorted(report.skipped) == [
        ("fdps/index.html", "a redirect HTTrack wrote where the site sent it on (to www.example.net/index.html), "
                            "not a page of the site"),
        ("index.html", "the list of projects HTTrack writes beside its mirrors, not a page of a site"),
    ]
    assert report.indexed == 1


def test_a_listing_is_indexed_where_its_posts_are_only_links_out_of_the_raw_folder(tmp_path: Path) -> None:
    """A listing was skipped as "the posts are captured on pages of their own" where those pages were links
    to files outside the raw folder, which builds do not read: the posts' text was then nowhere in the index."""
    raw, outside = tmp_path / "raw", tmp_path / "elsewhere"
    site = raw / "www.example.org"
    (site / "category").mkdir(parents=True)
    outside.mkdir()
    teasers = "".join(
        f'<article class="post"><h2 class="entry-title"><a href="/2023/post-{k}/">Committee statement {k} on peace'
        f'</a></h2><div class="entry-summary"><p>The committee issued statement {k} calling for talks on the peninsula '
        f'and a treaty to replace the armistice [&hellip;]</p></div></article>' for k in range(1, 4))
    (site / "category/index.html").write_text(
        f'<html><head><title>Statements</title></head><body class="archive category"><main>{teasers}</main></body>'
        '</html>')
    (outside / "post.html").write_text("<html><body><p>Not in the raw folder.</p></body></html>")
    (outside / "2023" / "post-2").mkdir(parents=True)
    (outside / "2023/post-2/index.html").write_text("<html><body><p>Not in the raw folder.</p></body></html>")
    (site / "2023").mkdir()
    (site / "2023/post-1.html").symlink_to(outside / "post.html")  # a linked file: not read
    (site / "2023/post-2").symlink_to(outside / "2023" / "post-2")  # a linked folder: not entered
    (site / ".cache/2023/post-3").mkdir(parents=True)  # a hidden folder: not entered either
    (site / ".cache/2023/post-3/index.html").write_text("<html><body><p>Hidden.</p></body></html>")
    teasers = teasers.replace('href="/2023/post-3/"', 'href="../.cache/2023/post-3/"')
    (site / "category/index.html").write_text(
        f'<html><head><title>Statements</title></head><body class="archive category"><main>{teasers}</main></body>'
        '</html>')
    doc = extract(read_capture(raw, site / "category/index.html"))
    assert "statement 1 calling for talks" in doc.body
