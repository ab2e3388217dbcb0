"""Capture → Document across kinds: the same page saved as HTML and as text indexes the same."""

from __future__ import annotations

import re
from pathlib import Path

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

    alphabet = ["a", "b", " ", "\n", "\t", "\r", "\xa0", "\x0b", "\x0c", "\x1c", "\x85", "\u2003", "\u3000", "é"]
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
