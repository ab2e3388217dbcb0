"""Capture → Document: pick the extractor for the capture's kind, then let the sidecar win."""

from __future__ import annotations

import hashlib
import json
import os
import re
from calendar import monthrange
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import dates, publishers, textclean, typography, walls, webarchives
from .captures import PAGE_KINDS, capture_kind, decode_text, left_out_by_walk, looks_binary
from .errors import CaptureSkipped
from .models import Capture, Document, PageContent

_SPACES = re.compile(r"[ \t\u00a0]+")
# Text past this is not cleaned or indexed: no article is this long, and a 50 MB dump would
# otherwise hold a build for minutes.
MAX_TEXT_CHARS = 2_000_000
MAX_BODY_CHARS = 1_000_000
_BLANKS = re.compile(r"\n{3,}")


def extract(capture: Capture) -> Document:
    """The document the indexer stores for this capture; raises CaptureSkipped with a reason.

    A capture indexed only in part says so in the document's warning.
    """
    read_of = 0  # the text's length, where only its first MAX_TEXT_CHARS were read
    listing = False  # a page listing posts, none of them captured (Document.listing)
    html_cut = ""  # of an HTML page only partly read, how much of it was
    if capture.kind in PAGE_KINDS:
        # Imported on first use: trafilatura and bs4 are a third of the CLI's start-up, which an
        # incremental build of text captures (or `searchsvc search`) does not need.
        from . import htmlextract

        if capture.kind == "html":
            if reason := _not_a_page(capture.data):
                raise CaptureSkipped(reason)
            content = htmlextract.extract_html(capture.data)
        else:
            from . import singlefile

            page = singlefile.unpack(capture.kind, capture.data)
            content = htmlextract.extract_html(page.html, encoding=page.charset, saved_from=page.url)
        content = replace(content, body=typography.untypeset(content.body))
        if content.listing and (post := _captured_posts(capture, content.listing)):
            raise CaptureSkipped(_listing_reason(content.title, len(content.listing), post))
        listing = bool(content.listing)
        if content.read_of:
            # Counted with its markup, a page's length is not its text's: the warning says which it counts.
            html_cut = f"{htmlextract.MAX_HTML_CHARS:,} characters of {content.read_of:,} (HTML, markup counted)"
    else:
        # Before the lines are read: "soli\u00addarity" in a date line or headline is one word.
        text = typography.untypeset(decode_text(capture.data))
        if looks_binary(text):
            raise CaptureSkipped("looks like a binary file, not text")
        if capture.path.name.lower().startswith("robots") and _is_robots_txt(text):
            raise CaptureSkipped("a site's robots.txt (its rules for crawlers), not an article")
        if len(text) > MAX_TEXT_CHARS:
            read_of = len(text)
        # A sidecar's date and source win over the page's (_apply_sidecar): no need to look for them.
        content = textclean.extract_text(
            text[:MAX_TEXT_CHARS], find_date_and_source=not ("date" in capture.meta and "source" in capture.meta)
        )
    content = _apply_sidecar(content, capture.meta)
    address = _with_scheme(content.url) if content.url and content.url == capture.meta.get("url") else content.url
    if content.date is None and address:
        # A permalink's day ("/2023/07/27/"): the page's own address, never an archive's capture time.
        content = replace(content, date=dates.url_date(webarchives.original_url(address) or address))
    if content.source is None and address and (host := webarchives.page_host(address)):
        # A text copy whose sidecar gives its address: published by that site, as its saved page is.
        content = replace(content, source=publishers.publisher_of_host(host))
    body = textclean.strip_sign_off(normalize_body(content.body))
    warning = ""
    if len(body) > MAX_BODY_CHARS:
        # A search for a word past the cut finds nothing: the build says where it is.
        warning = (f"indexed its first {MAX_BODY_CHARS:,} characters of text, read from its first {html_cut}"
                   if html_cut else f"indexed its first {MAX_BODY_CHARS:,} characters of {read_of or len(body):,}")
        body = body[:MAX_BODY_CHARS].rsplit(" ", 1)[0]  # cut at a word boundary
    elif read_of:
        warning = f"indexed its first {MAX_TEXT_CHARS:,} characters of {read_of:,}"
    elif html_cut:
        warning = f"indexed its first {html_cut}"
    if not body and html_cut:
        raise CaptureSkipped(f"no article text in its first {html_cut}, and the rest is not read")
    if not body:
        raise CaptureSkipped("no article text left after removing page boilerplate")
    title = _undoubled(_one_line(typography.untypeset(content.title or ""))) or _fallback_title(capture.path)
    if (_ERROR_TITLE.match(title) or _STATUS_TITLE.match(title)) and len(body.split()) <= _ERROR_PAGE_MAX_WORDS:
        raise CaptureSkipped(f"an error page ({title!r}), not an article")
    if reason := walls.wall_reason(title, body):
        raise CaptureSkipped(reason)
    return Document(
        id=capture.id,
        title=title,
        body=body,
        date=content.date,
        source=_one_line(content.source) or None,
        url=_one_line(content.url) or None,
        content_hash=content_hash(capture),
        warning=_joined(capture.sidecar_note, warning and f"{warning}: searches do not find the rest"),
        listing=listing,
    )


# A saved "404 / Page not found" page, as its headline says. Such a page says little: an article
# about 404 errors says more than this many words.
_ERROR_TITLE = re.compile(
    r"^(?:(?:error\s*)?404\b.*|.*\b(?:page|file|article|post)\s+(?:was\s+)?not\s+found\b.*|not\s+found"
    r"|.*\bpage\s+(?:can(?:no|'|’)?t|could\s*n[o'’]t)\s+be\s+found\b.*|nothing\s+found.*"
    # The same in a few other common languages.
    r"|.*\b(?:p[áa]gina\s+no\s+encontrada|page\s+introuvable|seite\s+nicht\s+gefunden"
    r"|pagina\s+non\s+trovata|p[áa]gina\s+n[ãa]o\s+encontrada|страница\s+не\s+найдена)\b.*)$",
    re.IGNORECASE,
)
_ERROR_PAGE_MAX_WORDS = 60
# A server's error page by its status line alone, perhaps with the site's name: "403 Forbidden",
# "HTTP Error 503", "500 - Internal Server Error | Example". A number alone is not enough ("500
# jobs cut at the mill"), nor a headline that goes on ("403 Forbidden: why sites block readers").
# Titles come here with their spaces made single (_one_line).
_STATUS_TITLE = re.compile(
    rf"^(?:http )?(?:error:? ?[45]\d\d|[45]\d\d(?: error)? ?[:\-–—]? ?(?:{walls.STATUS_PHRASES}))"
    r"(?: ?[|:\-–—·.]? ?\S+(?: \S+){0,3})?$",
    re.IGNORECASE,
)


# What wget --mirror saves as index.html where a site's address ends in "/" though it serves no page
# there: its feeds (feed/, comments/feed/, category/x/feed/) and its REST API's JSON (wp-json/). A feed
# was indexed as a document of its channel's lines, or of every post it carries, with its title's
# entities unread ("News &raquo; Category Feed"). Told by the root element (after an XML declaration,
# style sheet or comment) or by JSON that parses.
_XML_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml\b[^>]*\?>\s*)?(?:<\?xml-stylesheet\b[^>]*\?>\s*|<!--.*?-->\s*)*"
    rb"<(rss|rdf:rdf|feed|urlset|sitemapindex)\b",
    re.IGNORECASE | re.DOTALL,
)
_NOT_PAGES = {
    b"rss": "an RSS feed", b"rdf:rdf": "an RSS feed", b"feed": "an Atom feed",
    b"urlset": "a sitemap", b"sitemapindex": "a sitemap",
}
_MAX_JSON_BYTES = 4 * 1024 * 1024


# The pages HTTrack writes itself: the list of its projects at the top of its mirrors' folder, and in
# place of every address that redirected (the project's own index.html among them), a "Page has moved"
# page that sends the browser on. The list was indexed as a document ("List of available projects -
# HTTrack Website Copier"), and a redirect skipped as if boilerplate had left nothing of an article.
_HTTRACK_INDEX = b"Mirror and index made by HTTrack Website Copier"
_HTTRACK_MADE = b"<!-- Created by HTTrack Website Copier"
_REFRESH_TO = re.compile(rb"""<meta[^>]*\bcontent=["']?\s*\d+\s*;\s*url=['"]?([^"'>\s]+)""", re.IGNORECASE)


def _not_a_page(data: bytes) -> str | None:
    """Why a file saved as .html is no web page (a feed, a sitemap, JSON, a page HTTrack wrote), or None."""
    if _HTTRACK_MADE in data[:1024] and (to := _REFRESH_TO.search(data[:4096])):
        shown = to.group(1).decode("utf-8", "replace")[:200]
        return f"a redirect HTTrack wrote where the site sent it on (to {shown}), not a page of the site"
    if _HTTRACK_INDEX in data[-4096:] or _HTTRACK_INDEX in data[:8192]:
        return "the list of projects HTTrack writes beside its mirrors, not a page of a site"
    if found := _XML_ROOT.match(data[:4096]):
        return f"{_NOT_PAGES[found.group(1).lower()]} (XML a site publishes for programs), not a web page"
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"[") and len(data) <= _MAX_JSON_BYTES:
        try:
            json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        return "JSON data (a site's answer to programs), not a web page"
    return None


# A robots.txt, which a mirror of a site saves beside its pages: lines of these fields and comments only
# (Google's and Yandex's extensions too). Its "Disallow: /wp-admin/" was indexed as an article.
_ROBOTS_LINE = re.compile(
    r"(?:user-agent|disallow|allow|sitemap|crawl-delay|host|clean-param|request-rate|visit-time|noindex)\s*:.*"
    r"|#.*",
    re.IGNORECASE,
)
_ROBOTS_MAX_CHARS = 100_000
_USER_AGENT_LINE = re.compile(r"(?im)^\s*user-agent\s*:")


def _is_robots_txt(text: str) -> bool:
    """Whether the text is robots.txt lines only (asked of captures named robots*, as wget saves robots.txt)."""
    if len(text) > _ROBOTS_MAX_CHARS or not _USER_AGENT_LINE.search(text):
        return False
    return all(_ROBOTS_LINE.fullmatch(line.strip()) for line in text.splitlines() if line.strip())


def _listing_reason(title: str, listed: int, first: str) -> str:
    shown = f" ({_one_line(title)!r})" if title else ""
    where = (f"the post is captured on a page of its own ({first})" if listed == 1 else
             f"the posts are captured on pages of their own ({first}, …)")
    return f"a page listing {listed} post{'s' if listed != 1 else ''}{shown}, not an article: {where}"


def _captured_posts(capture: Capture, addresses: tuple[str, ...]) -> str | None:
    """The id of the capture of the first post a listing links to, where the raw folder holds every post
    it links to (each looked for, a few stat calls, until one is not found); else None. A blog's front
    page saved on its own may be the only copy of the posts it shows, and a listing whose posts are not
    all captured the only copy of some of their headings and first lines: a mirror cut short, or limited
    in depth (the first 20 looked for alone, one cut short after them), has `page/2/` listing posts it
    never fetched, and skipping it lost them.

    A relative address (wget --convert-links, HTTrack) is taken from the listing's folder; an address
    from a site's root, or with its host, from each folder above the listing (the site's folder is
    the host's name in a wget mirror, somewhere under the raw folder). A page's folder address ends
    in "/" and is saved as its index.html; wget --adjust-extension adds ".html" to the others.
    The addresses are the page's, so nothing outside the raw folder is looked at. A page counts only as
    a build's walk would read it (captures.left_out_by_walk): one found through a link out of the raw
    folder, in a linked or hidden folder, or in a page's folder of assets is in no document.
    """
    depth = capture.id.count("/")
    raw = capture.path.parents[depth]
    folders = [capture.path.parents[k] for k in range(depth + 1)]  # the listing's own first
    top = os.path.join(os.path.normpath(raw), "")
    first = None
    for address in dict.fromkeys(addresses):
        post = _captured(raw, folders, top, address)
        if post is None:
            return None
        first = first or post
    return first


def _captured(raw: Path, folders: list[Path], top: str, address: str) -> str | None:
    parts = urlsplit(address)
    if parts.scheme not in ("", "http", "https") or parts.query:
        return None
    path = unquote(parts.path)
    bases = folders[:1] if not (path.startswith("/") or parts.netloc) else folders
    for base in bases:
        target = os.path.normpath(os.path.join(base, path.lstrip("/")))
        if not target.startswith(top):
            continue
        for name in (target, os.path.join(target, "index.html"), target + ".html"):
            if os.path.isfile(name) and capture_kind(name) and left_out_by_walk(raw, Path(name)) is None:
                return os.path.relpath(name, raw).replace(os.sep, "/")
    return None


def content_hash(capture: Capture) -> str:
    """Changes when the capture or its sidecar changes (used to skip unchanged captures)."""
    h = hashlib.sha256(capture.data)
    for key in sorted(capture.meta):
        h.update(f"\0{key}={capture.meta[key]}".encode())
    if capture.sidecar_note:
        # A misspelt key taken out of the sidecar changes no known key, yet the warning must go.
        h.update(f"\0\0{capture.sidecar_note}".encode())
    return h.hexdigest()[:32]


def normalize_body(text: str) -> str:
    """Tidy whitespace: single spaces inside lines, at most one blank line between paragraphs."""
    if _is_normal(text):
        return text  # the usual case: the extractors' lines are tidy already
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


# Whitespace (str.isspace, as strip() and \s see it) other than a newline beside a newline.
_SPACE_AT_LINE_EDGE = re.compile(r"[^\S\n]\n|\n[^\S\n]")


def _is_normal(text: str) -> bool:
    """Whether normalize_body would return the text as it is (test_extract compares them).

    Nothing to do means: no carriage return, no run _SPACES would shorten or tab or no-break space it
    would turn into a space, no line with whitespace at either end, no three newlines in a row, and
    no whitespace at the ends of the text.
    """
    if ("\r" in text or "  " in text or "\t" in text or "\xa0" in text or "\n\n\n" in text
            or text[:1].isspace() or text[-1:].isspace()):
        return False
    if text.isascii() and not textclean.has_odd_ascii_space(text):
        # Then a space is the only whitespace beside a newline: two substring scans instead of the
        # pattern's test at every character (which was 1.6% of a full build).
        return " \n" not in text and "\n " not in text
    return _SPACE_AT_LINE_EDGE.search(text) is None


def _apply_sidecar(content: PageContent, meta: dict[str, str]) -> PageContent:
    if not meta:
        return content
    sidecar_date = content.date
    if "date" in meta:
        sidecar_date = dates.parse_date(meta["date"])
        if sidecar_date is None:
            raise CaptureSkipped(f"sidecar date {meta['date']!r} is not a date{_sidecar_date_fault(meta['date'])}")
    return PageContent(
        body=content.body,
        title=meta.get("title", content.title),
        date=sidecar_date,
        source=meta.get("source", content.source),
        url=meta.get("url", content.url),
    )


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # not a host's port: "example.org:8080"
# A host's last label, not a file's ending: "page.html" is no site.
_BARE_HOST = re.compile(
    r"(?:[a-z0-9-]+\.)+(?!(?:s?html?|php|aspx?|jsp|txt|json|mht|mhtml)\b)[a-z]{2,}(?::\d+)?(?:[/?#]|$)", re.IGNORECASE
)


def _with_scheme(url: str) -> str:
    """A sidecar's address typed as a browser shows it ("www.kcna.kp/en/…", no http://) with a scheme,
    to find its host by: without one it named no host, and the capture went without its publisher."""
    if _SCHEME.match(url) or not _BARE_HOST.match(url):
        return url
    return "http://" + url


def _joined(*warnings: str) -> str:
    return "; ".join(w for w in warnings if w)


def _sidecar_date_fault(value: str) -> str:
    """What to mend in a sidecar's date: "(use YYYY-MM-DD)" alone, said of '2019-02-30', left the
    reader looking at a date written just so for what was wrong with it."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if iso is None:
        return " (use YYYY-MM-DD)"
    year, month, day = (int(part) for part in iso.groups())
    if not dates.MIN_YEAR <= year <= dates.MAX_YEAR:
        return f": a date must be in the years {dates.MIN_YEAR} to {dates.MAX_YEAR}"
    if not 1 <= month <= 12:
        return f": there is no month {month} (use YYYY-MM-DD)"
    days = monthrange(year, month)[1]
    return f": {date(year, month, 1):%B %Y} has {days} days"


def _one_line(value: str | None) -> str:
    return _SPACES.sub(" ", value.replace("\n", " ")).strip() if value else ""


def _undoubled(title: str) -> str:
    """A headline written twice in a row, as a scraper joined a page's two headings ("... People's
    WellbeingLet Us Strive ... People's Wellbeing"), once. Short titles are left alone: "Bora Bora"."""
    half, odd = divmod(len(title), 2)
    if half >= _MIN_DOUBLED_CHARS and title[:half] == title[half + odd :] and (not odd or title[half] == " "):
        return title[:half]
    return title


_MIN_DOUBLED_CHARS = 20


def _fallback_title(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".mhtml", ".mht", ".html", ".htm", ".txt", ".webarchive"):  # ".mhtml" before ".html", its end
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name
