"""Pages captured from a web archive rather than from their site: the Internet Archive's Wayback
Machine (web.archive.org) and archive.today (archive.ph, archive.is, ...).

Sites this collection follows are often blocked, offline or rewritten, so many captures are an
archive's copy of a page. The archive wraps the page in its own chrome (the Wayback toolbar,
archive.today's header), rewrites its links to the archive's and stamps it with the time of the
capture. What a reader wants is the page: its headline, its text, its publisher and its date. Here
the archive's wrapping is recognised and taken off; the capture time is never the page's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import xpaths

if TYPE_CHECKING:  # lxml is imported by htmlextract; text captures and searches do not need it
    from lxml.html import HtmlElement

__all__ = ["Archived", "archive_copy", "original_url", "page_host", "strip_html", "strip_text_banner"]

_WAYBACK_HOSTS = r"(?:web|wayback|web-beta)\.archive\.org"
_TODAY_HOSTS = r"archive\.(?:today|ph|is|li|md|vn|fo)"
# A copy's address: the archive's host, the capture time, then the original's address. Wayback's time
# may be cut short ("/web/2003/...") and carry a replay flag ("id_", "im_", "js_", "cs_", "if_");
# archive.today's long form is "/2019.01.15-123456/http://...".
_COPY = re.compile(
    rf"^(?:https?://)?(?:www\.)?(?:{_WAYBACK_HOSTS}/web/\d{{1,14}}(?:[a-z]{{2}}_)?"
    rf"|{_TODAY_HOSTS}/(?:\d{{4}}\.\d\d\.\d\d-\d{{6}}|\d{{14}}))/+(?P<original>\S+)$",
    re.IGNORECASE,
)
# A browser or the archive may squeeze the original's "//" to one ("/web/2003/http:/www.kcna.co.jp/").
_SQUEEZED_SCHEME = re.compile(r"^(https?):/(?!/)", re.IGNORECASE)


@dataclass(frozen=True)
class Archived:
    """An archive's copy of a page: the address of the copy (the link that works) and of the page."""

    copy: str
    original: str

    @property
    def archive(self) -> str:
        """The archive's name, as readers know it."""
        return "Wayback Machine" if re.match(r"(?:https?://)?[\w.-]*archive\.org/", self.copy) else "archive.today"

    @property
    def host(self) -> str | None:
        """The original's host without "www.": who published the page, where it names nobody else."""
        try:
            host = urlsplit(self.original).hostname
        except ValueError:
            return None
        return host.removeprefix("www.") if host else None


def page_host(url: str) -> str | None:
    """The host of the page an address shows: for an archive's copy, the archived page's; for an
    archive's short link ("https://archive.ph/Xq7Zk"), which names no page, and a bad address, None."""
    try:
        host = urlsplit(original_url(url) or url).hostname
    except ValueError:
        return None
    if not host or _ARCHIVE_HOST.fullmatch(host):
        return None
    return host


_ARCHIVE_HOST = re.compile(rf"(?:www\.)?(?:{_WAYBACK_HOSTS}|{_TODAY_HOSTS}|archive\.org)", re.IGNORECASE)


def original_url(url: str) -> str | None:
    """The archived page's own address in the address of an archive's copy of it
    ("https://web.archive.org/web/20030115034315/http://www.kcna.co.jp/..." → "http://www.kcna.co.jp/..."),
    else None (not an archive's copy, or archive.today's short form "https://archive.ph/Xq7Zk",
    which does not say)."""
    if "archive." not in url:  # every archive's host has it: most addresses are done here
        return None
    match = _COPY.match(url.strip())
    if match is None:
        return None
    original = _SQUEEZED_SCHEME.sub(r"\1://", match["original"])
    return original if "://" in original else "http://" + original


def archive_copy(url: str) -> Archived | None:
    """The copy and original addresses when `url` is an archive's copy of a page, else None."""
    original = original_url(url)
    return Archived(url.strip(), original) if original else None


# --------------------------------------------------------------------------- saved HTML pages

# The Wayback Machine's replay script names the page and the capture time:
# __wm.wombat("http://www.kcna.co.jp/...","20030115034315","https://web.archive.org/","web",...
_WOMBAT = re.compile(r"""__wm\.wombat\(\s*["']([^"']+)["']\s*,\s*["'](\d{1,14})["']\s*,\s*["']([^"']+)["']""")
# What Wayback writes into a page, by the ids of its elements: the toolbar (its donation banner,
# capture calendar and "About this capture" inside) and its print line "The Wayback Machine - <copy>".
_WAYBACK_CHROME = "//div[@id='wm-ipp-base' or @id='wm-ipp-print']"
# archive.today's header over the page: "Saved from", the capture's date, "All snapshots from host",
# "Webpage", "Screenshot", "share", "download .zip".
_TODAY_HEADER = "//body//div[@id='HEADER']"
# The head tags archive.today writes about its copy, not about the page (whose own it does not keep):
# the capture time as the time of publication, itself as the site, its short link.
_TODAY_HEAD = (
    "//head/link[@rel='canonical'] | //head/meta[@property='og:site_name' or @property='og:url'"
    " or @property='og:type' or @property='article:published_time' or @property='article:modified_time'"
    " or @itemprop='datePublished' or @itemprop='dateModified' or @itemprop='url']"
)


def strip_html(tree: HtmlElement, text: str) -> Archived | None:
    """Take an archive's chrome out of a saved page's tree (in place), and say which copy it is; None,
    and the tree untouched, for a page that is not an archive's copy. `text` is the page's source."""
    # A copy names its archive; most pages are done with these substring tests. A page that only
    # links to an archive is left as it is, whatever else it is a copy of.
    if "web.archive.org" in text and (found := _strip_wayback(tree, text)):
        return found
    if "//archive." in text:
        return _strip_archive_today(tree)
    return None


def _strip_wayback(tree: HtmlElement, text: str) -> Archived | None:
    printed = None
    for el in xpaths.find(tree, _WAYBACK_CHROME):
        if el.get("id") == "wm-ipp-print":
            printed = el.text_content()
        el.drop_tree()
    if wombat := _WOMBAT.search(text):
        original, stamp, prefix = wombat.groups()
        return Archived(f"{prefix.rstrip('/')}/web/{stamp}/{original}", original)
    # Saved without its replay script: the print line names the copy.
    match = re.search(r"https?://web\.archive\.org/web/\S+", printed or "")
    return archive_copy(match.group(0)) if match else None


def _strip_archive_today(tree: HtmlElement) -> Archived | None:
    # The long form of the copy's address ("https://archive.ph/2019.01.15-123456/http://...") names the page.
    copies = [href for href in xpaths.find(tree, "//head/link[@rel='bookmark']/@href") if original_url(href)]
    header = xpaths.find(tree, _TODAY_HEADER)
    if not copies or not header:
        return None  # a page that links to archive.today
    for el in header + xpaths.find(tree, _TODAY_HEAD):
        el.drop_tree()
    return archive_copy(copies[0])


# --------------------------------------------------------------------------- text dumps

# The first lines a text dump of an archive's copy starts with ("select all" and copy, lynx -dump,
# w3m -dump): the Wayback toolbar or archive.today's header, one cell per line or a row's cells
# joined by tabs. An address in it is the copy's or the page's.
_BANNER_LINES = 80
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DAY = rf"\d{{1,2}} {_MONTH} \d{{4}}"
_ADDRESS = r"https?://\S+"
_WAYBACK_CELL = re.compile(
    rf"(?:the )?wayback machine(?: -(?: {_ADDRESS})?)?|{_ADDRESS}(?: go)?|go|\d[\d,]* captures?|{_DAY}(?: - {_DAY})?"
    # The calendar: a row of months, of days or of years, the day between its arrows.
    rf"|(?:{_MONTH}|\d{{1,4}})(?: (?:{_MONTH}|\d{{1,4}}))*|previous capture|next capture"
    r"|previous capture \d{1,2} next capture"
    r"|success|fail|about this capture|close|help|share via \w+"
    r"|organization: .{1,100}|collection: .{1,100}|collected by|timestamps|loading",
    re.IGNORECASE,
)
# What only the toolbar says: a dump needs one of these before any of its first lines is dropped.
_WAYBACK_SIGN = re.compile(
    r"(?:the )?wayback machine(?: - \S+)?|\d[\d,]* captures?|about this capture|collected by", re.IGNORECASE
)
_TODAY_CELL = re.compile(
    r"archive\.(?:today|ph|is|li|md|vn|fo)|webpage capture|search|webpage|screenshot|share|archived"
    r"|download \.zip|report bug or abuse|buy me a coffee|history|←\s*prior|next\s*→|all snapshots"
    r"|(?:all snapshots )?from host \S+|no other snapshots from this url|\d+ (?:other )?snapshots? .{0,60}"
    rf"|(?:archived )?{_DAY} \d\d:\d\d:\d\d utc|saved from|(?:saved from )?{_ADDRESS}",
    re.IGNORECASE,
)
_TODAY_SIGN = re.compile(r"webpage capture|saved from|.*snapshots.*|download \.zip|archived .*utc", re.IGNORECASE)
_FOUND_ADDRESS = re.compile(_ADDRESS)
_CAPTURE_TIME = re.compile(rf"{_DAY} \d\d:\d\d:\d\d(?= utc$)", re.IGNORECASE)
# What text browsers add to a line: lynx's link numbers ("[3]47 captures"), a form's text field
# ("____", "[______]") and the brackets of its button ("[Go]").
_TEXT_BROWSER_MARKS = re.compile(r"\[\d+\]|\[?_{3,}\]?|\[(?=go\])|(?<=go)\]", re.IGNORECASE)


def strip_text_banner(text: str) -> tuple[str, Archived | None]:
    """A text dump without the archive's banner near its top, and the copy it is (None when the
    banner does not name it); the text as it is, and None, for a dump without one."""
    head = text[:3000]
    if "captures" in head or "Wayback Machine" in head:
        cell, sign = _WAYBACK_CELL, _WAYBACK_SIGN
    elif "Saved from" in head or "webpage capture" in head:
        cell, sign = _TODAY_CELL, _TODAY_SIGN
    else:
        return text, None  # most dumps: four substring tests of their first lines
    lines = text.split("\n")
    # The banner opens the dump, or follows the page's title where the tool that saved it wrote
    # that first.
    for start in range(min(_BANNER_START, len(lines))):
        banner = _banner(lines, start, cell, sign)
        if banner is not None:
            break
    else:
        return text, None
    end, copy, original, captured = banner
    rest = "\n".join(lines[:start] + lines[end:])
    if copy:
        return rest, archive_copy(copy)
    if original and captured:
        # archive.today answers its long address, made of the capture's time and the page's address,
        # with that copy.
        stamp = datetime.strptime(captured, "%d %b %Y %H:%M:%S").strftime("%Y.%m.%d-%H%M%S")
        return rest, Archived(f"https://archive.ph/{stamp}/{original}", original)
    return rest, None


_BANNER_START = 3


def _banner(
    lines: list[str], start: int, cell: re.Pattern[str], sign: re.Pattern[str]
) -> tuple[int, str | None, str | None, str | None] | None:
    """Where the banner that starts at line `start` ends, and the copy's address, the page's and the
    capture time it gives; None when the lines there are not one (nothing only a banner says)."""
    signed = False
    copy = original = captured = None
    i = start
    while i < min(len(lines), start + _BANNER_LINES):
        line = lines[i].strip()
        if line.upper() == "COLLECTED BY":
            # Who collected the capture, with their blurb, down to the list of timestamps.
            stop = min(len(lines), i + 40)
            i = next((j for j in range(i + 1, stop) if lines[j].strip().upper() == "TIMESTAMPS"), i) + 1
            signed = True
            continue
        cells = [" ".join(c.split()) for c in _TEXT_BROWSER_MARKS.sub("", line).split("\t") if c.strip()]
        if not all(cell.fullmatch(c) for c in cells):
            break
        for c in cells:
            signed = signed or sign.fullmatch(c) is not None
            if address := _FOUND_ADDRESS.search(c):
                if original_url(address.group(0)):
                    copy = copy or address.group(0)
                else:
                    original = original or address.group(0)  # the page's: "Saved from <address>"
            elif time := _CAPTURE_TIME.search(c):
                captured = captured or time.group(0)
        i += 1
    return (i, copy, original, captured) if signed else None
