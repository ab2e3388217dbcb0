"""HTML capture bytes → the article's text and the page's own metadata (title, date, source, url).

One job: turn a saved web page into what a careful reader would index: the article body without the
site's navigation, comments, related links and widgets, plus the metadata the page declares about
itself. It never raises on bad input; a page with no article left gets an empty body and the caller
decides what to do with it.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring
from readability import Document
from trafilatura.settings import Extractor

from . import charsets, dates, platforms, publishers, textclean, webarchives, xpaths
from .captures import looks_binary
from .models import PageContent

__all__ = ["extract_html"]

# trafilatura and readability log every page they give up on; that is expected here, not news.
for _name in ("trafilatura", "readability", "readability.readability", "htmldate", "courlan", "bs4.dammit"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# Pages this large are not articles (data dumps, logs saved as HTML) and extraction time grows with
# size, so only the first part is read.
MAX_HTML_CHARS = 8_000_000
# Beyond this many elements the article extractors are skipped for the plain visible text (same reason).
_MAX_TREE_ELEMENTS = 200_000


def extract_html(data: bytes, *, encoding: str | None = None, saved_from: str | None = None) -> PageContent:
    """The article body, title, date, source and url of an HTML page given as bytes.

    Of a page saved as one file (singlefile.py): `encoding` is the charset its container declares,
    which wins over the page's own declaration, as an HTTP header's does; `saved_from` the address it
    was saved from, its url where the page names none (and so its source where nothing names the
    publisher).
    """
    if _binary_bytes(data):
        return PageContent(body="")
    declared = (lambda page: encoding) if encoding else _declared_encoding
    try:
        text = charsets.to_text(data, declared)
    except Exception:  # a decoding bug must not cost the whole capture
        text = data.decode("utf-8", errors="replace")
    saved_from = saved_from or _saved_from_comment(text)
    saved_from = saved_from if saved_from and _is_web_url(saved_from) else None
    if len(text) > MAX_HTML_CHARS:
        # What lies past the cut is not indexed: the build says so (an inline image or script of
        # megabytes can push the whole article past it).
        return replace(_extract_decoded(text[:MAX_HTML_CHARS], saved_from), read_of=len(text))
    return _extract_decoded(text, saved_from)


# Chrome, and Internet Explorer before it, write where a page was saved from at its top, the address's
# length in brackets: "<!-- saved from url=(0062)http://www.kcna.kp/en/article/q/….kcmsf -->".
_SAVED_FROM = re.compile(r"<!-- saved from url=\(\d{1,5}\)(\S+?) ?-->")


# HTTrack writes where it mirrored each page from, without "http://" (an https address keeps its
# scheme), after <html> and again before </html>: "<!-- Mirrored from www.example.org/2023/04/15/post/
# by HTTrack Website Copier/3.x [XR&CO'2014], Tue, 01 Aug 2023 10:02:13 GMT -->". A page mirrored so
# had no url, and so no date from its permalink nor publisher from its host.
_MIRRORED_FROM = re.compile(r"<!-- ?Mirrored from (\S+) by HTTrack Website Copier\b")


def _saved_from_comment(text: str) -> str | None:
    """The address a browser wrote it saved the page from, or HTTrack it mirrored the page from, in
    its first lines (or HTTrack's in its last) (a fast look first)."""
    head = text[:_SAVED_FROM_WITHIN]
    if "saved from url=" in head:
        found = _SAVED_FROM.search(head)
        return found.group(1) if found else None
    for part in (head, text[-_SAVED_FROM_WITHIN:]):
        if "Mirrored from" in part and (found := _MIRRORED_FROM.search(part)):
            address = found.group(1)
            return address if "://" in address else "http://" + address
    return None


_SAVED_FROM_WITHIN = 1000  # characters: the comment comes first, or after the DOCTYPE


def _extract_decoded(text: str, saved_from: str | None) -> PageContent:
    text = text.replace("\x00", "")
    if looks_binary(text):
        return PageContent(body="")
    tree, complete = _parse(text)
    if tree is None:
        return PageContent(body=_strip_tags(text), url=saved_from)
    archived = webarchives.strip_html(tree, text)
    try:
        meta = _metadata(tree, archived, saved_from)
    except Exception:
        meta = _Meta()
        meta.url = saved_from
    if not complete:
        # lxml stops descending at its depth limit and drops what lies deeper, so the tree would
        # lose the text; the tags are taken out of the source instead.
        return PageContent(body=_strip_tags(text), title=meta.title, date=meta.date or meta.printed_date,
                           source=meta.source, url=meta.url)
    try:
        post = platforms.saved_post(tree)
    except Exception:  # an unexpected platform page is read as any other page
        post = None
    if post is not None:
        return PageContent(body=post.body, title=post.title or meta.title, date=post.date or meta.date,
                           source=post.author or meta.source, url=meta.url)
    _drop_navigation(tree)
    said = _says_listing(tree)
    try:
        teasers = _teasers(tree, said)
    except Exception:  # a page the test cannot read is taken for an article, as before it
        teasers = []
    try:
        body = _article_text(tree, meta)
    except Exception:  # any extractor failure (RecursionError included) falls back, never raises
        body = ""
    if not body:
        lines = _trim_tail(_visible_text(tree).split("\n"), meta.head_keys())
        body = "" if _only_links(tree, lines) else "\n".join(lines)
    pub_date, source = _dated_by_dateline(meta, body)
    return PageContent(body=body, title=meta.title, date=pub_date, source=source, url=meta.url,
                       listing=_listed_posts(teasers, body, said))


# --------------------------------------------------------------------------- listings of posts


# A site's mirror holds, besides each article's page, the pages that list them: its home page, category,
# tag, author and date archives, search results, and their further pages (page/2/). Each lists a heading
# linked to each post with the post's first lines ("[…] Read more"), and their text was indexed as a
# document that answered a search before the article did, and was grouped with it as one of its copies.
# Such a page is told by its headings that are links to other pages, three or more, and by its text,
# nearly all of which lies in those headings' posts. An article's "Related posts" are in a box of their
# own, and however short the article its text lies outside them.
_LISTING_MIN_POSTS = 3
# The share of the page's text outside the posts it lists, at most: a category's description above them.
_LISTING_OWN_SHARE = 0.25
# Where the page says it lists posts (WordPress's body classes for its archives, search results, its
# blog's home and their further pages; a single post's are "single" and "postid-N"), one post is
# enough (a day's archive, a search with one result), by a heading below the page's own <h1>, and an
# introduction may be up to half its text.
_LISTING_SAID_SHARE = 0.5
_LISTING_CLASSES = frozenset({"archive", "blog", "search-results", "search-no-results", "paged"})
_TEASER_AROUND = re.compile(
    r"(?:^|[\s_-])(?:sidebar|widgets?|related\w*|comments?|recent\w*|popular\w*|footer|menu)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _teasers(tree: HtmlElement, said: bool) -> list[tuple[str, str]]:
    """The text (as _key gives it) and address of each post the page lists by a heading that is a link
    to it: the heading's block, up to the largest that holds no other such heading. `said`: the page
    says it lists posts (_LISTING_CLASSES)."""
    headings: list[HtmlElement] = []
    hrefs: dict[HtmlElement, str] = {}
    targets: dict[str, str] = {}  # address -> the tag of its first heading
    for h in tree.iter("h1", "h2", "h3", "h4"):
        links = [a for a in h.iter("a") if (a.get("href") or "").strip()]
        if len(links) != 1 or (key := _key(h.text_content())) == "" or _key(links[0].text_content()) != key:
            continue
        href = links[0].get("href").strip()
        if href.startswith(("#", "javascript:", "mailto:")) or _teaser_around(h):
            continue
        headings.append(h)
        hrefs[h] = href.split("#")[0]
        targets.setdefault(hrefs[h], h.tag)
    if len(targets) < _LISTING_MIN_POSTS:
        # A post's own headline, linked to itself as some themes link it, is no listing of one.
        headings = [h for h in headings if h.tag != "h1"]
        if not said or not headings or "h1" in targets.values():
            return []
    held: dict[HtmlElement, int] = {}  # element -> how many of the headings it holds
    for h in headings:
        for parent in h.iterancestors():
            held[parent] = held.get(parent, 0) + 1
    blocks = []
    for h in headings:
        block = h
        for parent in h.iterancestors():
            if parent.tag in ("body", "html") or held[parent] > 1:
                break
            block = parent
        blocks.append((_key(block.text_content()), hrefs[h]))
    return blocks


def _teaser_around(el: HtmlElement) -> bool:
    for a in (el, *el.iterancestors()):
        names = f"{a.get('class') or ''} {a.get('id') or ''}"
        if a.tag in _AROUND_TAGS or a.tag == "footer" or _TEASER_AROUND.search(names):
            return True
    return False


def _says_listing(tree: HtmlElement) -> bool:
    body = tree.find("body")
    return body is not None and not _LISTING_CLASSES.isdisjoint((body.get("class") or "").split())


def _listed_posts(teasers: list[tuple[str, str]], body: str, said: bool) -> tuple[str, ...]:
    """The addresses of the posts the page lists, where it is a listing of them (see _teasers), else ()."""
    if not teasers:
        return ()
    # The teasers as one text ("\n" is in no key, so no key spans two), looked in from where the line
    # before was found: a listing's lines come in its teasers' order. Looking in every teaser for
    # every line took minutes over an archive of every post a blog had.
    joined = "\n".join(teaser for teaser, _ in teasers)
    lines = body.split("\n")
    limit = (_LISTING_SAID_SHARE if said else _LISTING_OWN_SHARE) * sum(len(line.split()) for line in lines)
    own = at = 0
    for line in lines:
        if not (key := _key(line)):
            continue
        found = joined.find(key, at)
        if found < 0 and (found := joined.find(key)) < 0:
            own += len(line.split())
            if own > limit:
                return ()
        else:
            at = found
    return tuple(dict.fromkeys(href for _, href in teasers))


def _dated_by_dateline(meta: _Meta, body: str) -> tuple[date | None, str | None]:
    """The date and source, with a news item's dateline ("Pyongyang, January 15 (KCNA) --") read as a
    text capture's is: its date (year from its opening) below the page's declared date and above
    a date printed elsewhere on the page (an event the headline's neighbours mention), and its
    agency as the publisher of a page that names none but its host ("kcna.kp"), so the same item
    saved as HTML and copied as text is one source, not two."""
    if meta.date is not None and not meta.source_is_host and meta.source:
        return meta.date, meta.source
    dateline, dateline_day = dates.opening_dateline([p for p in body.split("\n") if p.strip()])
    source = meta.source
    if dateline and dateline.agency and (meta.source is None or meta.source_is_host):
        source = dateline.agency
    return meta.date or dateline_day or meta.printed_date, source


# --------------------------------------------------------------------------- decoding and parsing


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


def _binary_bytes(data: bytes) -> bool:
    """An image or archive saved as .html: many control bytes, which no text encoding but UTF-16 has."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    sample = data[:4096]
    if not sample:
        return False
    return len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > len(sample) * 0.1


def _declared_encoding(data: bytes) -> str | None:
    # Imported here: bs4 takes a tenth of a second to import in every build process, and this is
    # asked only of pages that are not UTF-8.
    from bs4.dammit import EncodingDetector

    # Only the declaration: bs4's UnicodeDammit would go on to guess by running chardet over the
    # whole page, 13 s for 1 MB.
    return EncodingDetector.find_declared_encoding(data, is_html=True)


def _parse(text: str) -> tuple[HtmlElement | None, bool]:
    """The document tree, and False when lxml hit a resource limit (nesting depth) and dropped content."""
    # lxml refuses str input that carries an XML encoding declaration; it has been decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        return None, True
    # A parser per call: lxml parsers must not be shared between threads (the web app is threaded).
    parser = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
    try:
        tree = document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None, True
    complete = not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return (tree if isinstance(tree, HtmlElement) else None), complete


# --------------------------------------------------------------------------- metadata


class _Meta:
    def __init__(self) -> None:
        self.title: str | None = None
        self.date: date | None = None
        self.source: str | None = None
        self.url: str | None = None
        # Headline forms used to recognise the title repeated at the top of the body.
        self.headlines: list[str] = []
        self.description: str | None = None
        # A date printed on the page (not declared in its metadata), which a dateline outranks.
        self.printed_date: date | None = None
        # The source is only the page's host: the page names no publisher.
        self.source_is_host = False

    def head_keys(self) -> set[str]:
        """The headline forms as _key gives them: what a line repeating the headline has."""
        return {_key(h) for h in self.headlines} - {""}


def _metadata(tree: HtmlElement, archived: webarchives.Archived | None = None, saved_from: str | None = None) -> _Meta:
    meta = _Meta()
    props = _meta_tags(tree)
    ld = list(_json_ld_objects(tree))

    meta.url = _page_url(tree, props) or saved_from
    # An archive's copy: its address is the link that still works, and the page's own address (in
    # it) names the publisher; the archive, whose host every link was rewritten to, is none. A page
    # saved without the archive's scripts is known by its rewritten canonical link alone (or by the
    # address a single-file capture was saved from).
    rewritten = webarchives.original_url(meta.url) if meta.url else None
    own_url = rewritten or meta.url
    if archived and not rewritten:
        own_url = meta.url or archived.original
        meta.url = archived.copy
    site_name = _first(props.get("og:site_name"), props.get("application-name"), *(_ld_site_name(obj) for obj in ld))
    if site_name:
        meta.source = site_name
    elif own_url and (host := _host(own_url)):
        meta.source = publishers.publisher_of_host(host)
        meta.source_is_host = True

    h1 = _clean(_first_text(tree, "//h1"))
    html_title = _clean(_first_text(tree, "//head/title") or _first_text(tree, "//title"))
    og_title = _clean(_first(props.get("og:title"), props.get("twitter:title")))
    ld_headline = _clean(_first(*(_ld_str(obj.get("headline")) for obj in ld)))
    candidates = [t for t in (og_title, ld_headline, html_title, h1) if t]
    if candidates:
        meta.title = _strip_site_suffix(candidates[0], site_name, own_url, candidates[1:])
    meta.headlines = [t for t in {meta.title, og_title, ld_headline, html_title, h1} if t]
    meta.description = _clean(
        _first(props.get("og:description"), props.get("description"), props.get("twitter:description"))
    )

    meta.date = _page_date(tree, props, ld)
    if meta.date is None:
        meta.printed_date = _date_in_text(tree)
    return meta


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value:
            out.setdefault(key, []).append(value)
    return out


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in xpaths.find(tree, '//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _ld_site_name(obj: dict[str, Any]) -> str | None:
    if obj.get("@type") == "WebSite":
        return _ld_str(obj.get("name"))
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and obj.get("@type") != "Organization":
        return _ld_str(publisher.get("name"))
    return None


def _ld_str(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return value.strip() if isinstance(value, str) and value.strip() else None


def _first(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _first_text(tree: HtmlElement, xpath: str) -> str | None:
    for el in xpaths.find(tree, xpath):
        text = el.text_content()
        if text and text.strip():
            return text
    return None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text or None


def _page_url(tree: HtmlElement, props: dict[str, list[str]]) -> str | None:
    for link in xpaths.find(
        tree,
        '//link[@href and contains(concat(" ", translate(@rel, "CANONIL", "canonil"), " "), " canonical ")]'
    ):
        href = link.get("href", "").strip()
        if _is_web_url(href):
            return href
    for key in ("og:url", "twitter:url"):
        for value in props.get(key, []):
            if _is_web_url(value):
                return value
    return None


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s+::\s+")


def _strip_site_suffix(title: str, site_name: str | None, url: str | None, others: list[str]) -> str:
    """'Headline | Site' → 'Headline': the site's name is metadata (source), not part of the title."""
    # Blogger's "Blog Name: Post title" has no space before the colon.
    if site_name and title.casefold().startswith(site_name.casefold() + ":"):
        rest = title[len(site_name) + 1 :].strip()
        if rest:
            return rest
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_SEPARATORS.findall(title)
    site_keys = {_key(site_name)} if site_name else set()
    if url and (host := _host(url)):
        site_keys.add(_key(host))
        site_keys.add(_key(host.rsplit(".", 1)[0]))
    site_keys.discard("")

    def is_site(part: str) -> bool:
        k = _key(part)
        return bool(k) and any(k == s or (len(k) >= 3 and (k in s or s in k)) for s in site_keys)

    # Cut site-name segments from the end, then from the start ("Site | Headline").
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        seps.pop(0)
    title = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=False))
    # No name to match: when another headline source (h1, og:title) equals a leading part, trust it.
    if len(parts) > 1:
        for other in others:
            for n in range(len(parts) - 1, 0, -1):
                head = parts[0] + "".join(sep + part for sep, part in zip(seps[: n - 1], parts[1:n], strict=False))
                if _key(head) == _key(other):
                    return head
        # A " | " separated tail of a few words is a site name or section in practice.
        if "|" in seps[-1] and len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
            return title[: title.rfind(seps[-1])]
    return title


def _key(text: str | None) -> str:
    return "".join(re.findall(r"\w+", (text or "").casefold()))


def _page_date(tree: HtmlElement, props: dict[str, list[str]], ld: list[dict[str, Any]]) -> date | None:
    for key in (
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
    ):
        for value in props.get(key, []):
            if found := _parse_date(value):
                return found
    for obj in ld:
        if found := _parse_date(_ld_str(obj.get("datePublished")) or _ld_str(obj.get("dateCreated"))):
            return found
    holders = None
    for el in xpaths.find(tree, "//time[@datetime] | //*[@itemprop='datePublished'][@datetime or @content]"):
        holders = _article_holders(tree) if holders is None else holders
        if not _around_article(el, holders) and (found := _parse_date(el.get("datetime") or el.get("content"))):
            return found
    for key in ("article:modified_time", "og:updated_time"):
        for value in props.get(key, []):
            if found := _parse_date(value):
                return found
    for obj in ld:
        if found := _parse_date(_ld_str(obj.get("dateModified"))):
            return found
    return None


# Where pages print their publication date: <time>, date/byline elements (Blogger's
# "date-header", WordPress "entry-date", "posted-on", ...).
_DATE_ELEMENTS = (
    "//time"
    " | //*[contains(translate(@class, 'DATE', 'date'), 'date') or contains(translate(@id, 'DATE', 'date'), 'date')"
    " or contains(@class, 'publish') or contains(@class, 'posted') or contains(@class, 'byline')"
    " or contains(@class, 'dateline') or contains(@class, 'timestamp') or @itemprop='datePublished']"
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    "|august|september|october|november|december"
)
_TEXT_DATE = re.compile(
    rf"\b(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}"
    # "25 de marzo de 2024", "25 mars 2024", "25. März 2024", "25 марта 2024 г." (dates.py reads them)
    rf"|{dates.FOREIGN_DATE_PATTERN})(?!\w)",
    re.IGNORECASE,
)


# The parts of a page around its article, whose dates are not the article's: the site's header bar,
# where many sites print today's date, menus, sidebars with their "recent posts", related posts,
# comments and footers. By tag, and by the class or id themes give them ("jp-relatedposts-post-date",
# "comment-metadata", "today-date"). An element that holds the headline or the page's longest
# paragraph is the article or a wrapper of it ("site-content has-sidebar"), never around it; and an
# <article>'s own header and footer hold its date (WordPress's "entry-header", "entry-footer").
_AROUND_TAGS = frozenset({"nav", "aside", "menu"})
_EDGE_TAGS = frozenset({"header", "footer"})
_AROUND_NAMES = re.compile(
    r"(?:^|[\s_-])(?:today|clock|current-?(?:date|time)|sidebar|related\w*|comments?|comment-\w+|commentlist"
    r"|recent\w*|popular\w*|most-?read|other-?news|more-?news|breadcrumbs?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_EDGE_NAMES = re.compile(r"(?:^|\s)(?:header|site-header|top-?header|top-?bar|masthead)(?:$|\s)|footer", re.IGNORECASE)


def _article_holders(tree: HtmlElement) -> set[HtmlElement]:
    """The headline, the longest paragraph and every element that holds either (see _around_article)."""
    anchors = xpaths.find(tree, "//h1")[:1]
    longest = max(tree.iter("p"), key=lambda p: len(p.text_content()), default=None)
    if longest is not None:
        anchors.append(longest)
    return {holder for anchor in anchors for holder in (anchor, *anchor.iterancestors())}


def _around_article(el: HtmlElement, holders: set[HtmlElement]) -> bool:
    """Whether `el` sits in a part of the page around its article (see _AROUND_NAMES)."""
    chain = [el, *el.iterancestors()]
    for i, a in enumerate(chain):
        if a in holders:
            return False  # from here up, every element holds the article
        names = f"{a.get('class') or ''} {a.get('id') or ''}"
        if a.tag in _AROUND_TAGS or _AROUND_NAMES.search(names):
            return True
        if (a.tag in _EDGE_TAGS or _EDGE_NAMES.search(names)) and not any(b.tag == "article" for b in chain[i + 1 :]):
            return True
    return False


def _date_in_text(tree: HtmlElement) -> date | None:
    """A date printed on the page near the article: date elements first, then just below the headline."""
    holders = _article_holders(tree)
    for el in xpaths.find(tree, _DATE_ELEMENTS)[:50]:
        if el.tag in ("html", "body", "script", "style") or _around_article(el, holders):
            continue
        text = " ".join(el.text_content().split())[:200]
        if found := _date_from_text(text):
            return found
    for h1 in xpaths.find(tree, "//h1")[:1]:
        following = []
        for el in h1.itersiblings():
            following.append(el.text_content())
            if sum(map(len, following)) > 600:
                break
        parent = h1.getparent()
        if not following and parent is not None:
            following = [t for t in (s.text_content() for s in parent.itersiblings()) if t][:3]
        if found := _date_from_text(" ".join(" ".join(following).split())[:600]):
            return found
    return None


def _date_from_text(text: str) -> date | None:
    text = dates.in_common_years(text)
    for match in _TEXT_DATE.finditer(text):
        if not dates.labels_an_update(text[: match.start()]) and (found := _parse_date(match.group(0))):
            return found
    return dates.find_juche_date(text)  # KCNA's "[Juche113.9.18.]"


def _parse_date(value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    try:
        found = dates.parse_date(value.strip()[:100])
    except Exception:
        return None
    # Pages carry placeholder dates (a system's zero date) and typos in the future. Only those are
    # refused: an archive's pages carry their items' real dates, decades before the web.
    if found is None or found in _PLACEHOLDER_DATES or found.year > date.today().year + 1:
        return None
    return found


# Zero dates of common systems: the Unix epoch, Excel's and OLE's day 0, and 1900-01-01 (SQL Server,
# many CMS defaults). Earlier zero dates (0001-01-01, 1601-01-01) are outside what dates.parse_date reads.
_PLACEHOLDER_DATES = frozenset({date(1970, 1, 1), date(1900, 1, 1), date(1899, 12, 30), date(1899, 12, 31)})


# --------------------------------------------------------------------------- article body


# Chosen on the 181-page benchmark (see the extraction report): favor_recall without trafilatura's
# own fallback extractors scored best and is the fastest setting; the trimming below restores precision.
# Built once: trafilatura otherwise reads its settings through configparser on every page (an eighth of
# its time here); it copies the options before changing any, so one instance serves every call.
_TRAFILATURA_OPTIONS = Extractor(fast=True, recall=True, comments=False, tables=True, dedup=False)


def _drop_navigation(tree: HtmlElement) -> None:
    """Take the <nav> menus out: their links are never the article. trafilatura drops them itself,
    but not when a page is too short for it and it falls back to all of the page's text."""
    for nav in list(tree.iter("nav")):
        if nav.getparent() is not None:
            nav.drop_tree()  # keeps the text after </nav>, which is not the menu's


def _article_text(tree: HtmlElement, meta: _Meta) -> str:
    if _count_elements(tree, _MAX_TREE_ELEMENTS) >= _MAX_TREE_ELEMENTS:
        return ""
    text = trafilatura.extract(tree, options=_TRAFILATURA_OPTIONS) or ""
    if len(text) < _READABILITY_RATIO * _paragraph_chars(tree):
        other = _readability_text(tree)
        # Only when readability found more of the same article, not a different block of the page.
        if len(other) > _READABILITY_GAIN * len(text) and _containment(text, other) >= 0.8:
            text = other
    lines = [line.strip() for line in text.split("\n")]
    lines = _trim_head(tree, lines, meta)
    # Links to other stories set between the paragraphs ("Read more: <headline>") are in the
    # article's container, so trafilatura keeps them; a newsletter box inside it too.
    lines = [line for line in lines if not (textclean.is_story_link(line) or textclean.is_sign_up(line))]
    lines = _trim_tail(lines, meta.head_keys())
    if _only_links(tree, lines):
        return ""  # a menu ("Home", "About", "Contact"): the page has no article here
    return "\n".join(line for line in lines if line)


def _only_links(tree: HtmlElement, lines: list[str]) -> bool:
    """Whether every line is the whole text of one of the page's links: what an extractor keeps of a
    page whose content is missing (an error page, a script-rendered app's shell)."""
    keys = {_key(line) for line in lines if line}
    keys.discard("")
    if not keys:
        return False
    links = {_key(a.text_content()) for a in tree.iter("a")}
    return keys <= links


# trafilatura sometimes stops after the first part of a long article. When its text is under this share
# of the page's paragraph text, readability-lxml is asked too (about 1 page in 7), and its text is taken
# when it is this much longer and contains trafilatura's.
_READABILITY_RATIO = 0.6
_READABILITY_GAIN = 1.3


def _paragraph_chars(tree: HtmlElement) -> int:
    """Characters in paragraphs long enough to be article text rather than links or captions."""
    total = 0
    for p in tree.iter("p"):
        n = len(" ".join(p.text_content().split()))
        if n >= 80:
            total += n
    return total


def _readability_text(tree: HtmlElement) -> str:
    try:
        summary = Document(deepcopy(tree)).summary(html_partial=True)
    except Exception:
        return ""
    parsed, _ = _parse(summary)
    return _visible_text(parsed) if parsed is not None else ""


def _containment(part: str, whole: str) -> float:
    """Share of `part`'s 4-word runs that also occur in `whole`."""
    a, b = _shingles(part), _shingles(whole)
    return len(a & b) / len(a) if a else 0.0


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text)
    return {tuple(words[i : i + 4]) for i in range(max(len(words) - 3, 1))} if words else set()


def _count_elements(tree: HtmlElement, limit: int) -> int:
    n = 0
    for _ in tree.iter():
        n += 1
        if n >= limit:
            break
    return n


_SENTENCE_END = re.compile(r"[.!?…\"”’»)]$")
_BYLINE = re.compile(
    r"^(by|posted|published|updated|written by|last updated|from)\b"
    r"|\b\d+\s*(min|mins|minutes?|minutos?|minuten)\b"
    r"|\b\d{1,2}:\d{2}\s*(am|pm)?\b|\b(hours?|minutes?|days?)\s+ago\b",
    re.IGNORECASE,
)
# One separator throughout (2019-03-07, 07/03/2019, 7.3.19): "2-1/2" and "80-1/8" are prices in
# eighths, and a wire story's first line often quotes one.
_NUMERIC_DATE = re.compile(r"\b\d{1,4}([-/.])\d{1,2}\1\d{1,4}\b")


def _in_paragraph_run(tree: HtmlElement, line: str) -> bool:
    """True when the element showing `line` sits among the article's paragraphs (its first paragraph)."""
    wanted = _key(line)
    for el in tree.iter("p", "h2", "h3", "div", "span", "section", "header"):
        if _key(el.text_content()) != wanted:
            continue
        parent = el.getparent()
        if parent is None:
            return False
        siblings = [p for p in parent.iter("p") if p is not el and len(p.text_content()) >= 80]
        return len(siblings) >= 2
    return False


def _trim_head(tree: HtmlElement, lines: list[str], meta: _Meta) -> list[str]:
    """Drop the headline, kicker and byline/date lines extractors keep above the first paragraph."""
    lines = [line for line in lines if line]
    if not lines:
        return lines
    heads = meta.head_keys()
    # Whatever precedes the headline (section labels, breadcrumbs) is not the article either.
    had_headline = False
    total = sum(map(len, lines))
    for i, line in enumerate(lines[:6]):
        # Cut only when the article follows the headline; blog templates put the title and date
        # after the post in source order, and then the headline here is the end, not the start.
        # At the very top nothing can precede it, so it is the start however short the rest (a
        # one-line market quote under its headline).
        if _is_headline(line, heads) and (i == 0 < len(lines) - 1 or sum(map(len, lines[i + 1 :])) > total / 2):
            lines = lines[i + 1 :]
            had_headline = True
            break
    while len(lines) > 1 and _is_meta_line(_unbullet(lines[0])):
        lines = lines[1:]
    # A summary line right under the headline that repeats the page description is the standfirst;
    # without the headline above it, the same line is as likely the article's first paragraph.
    if (
        had_headline
        and len(lines) > 1
        and meta.description
        and _key(lines[0]) == _key(meta.description)
        and not _in_paragraph_run(tree, lines[0])
    ):
        lines = lines[1:]
        while len(lines) > 1 and _is_meta_line(_unbullet(lines[0])):
            lines = lines[1:]
    return lines


def _is_headline(line: str, heads: set[str]) -> bool:
    k = _key(line)
    return bool(k) and (k in heads or any(len(k) >= 20 and k in h for h in heads))


def _is_meta_line(line: str) -> bool:
    words = line.split()
    if len(words) > 20:
        return False
    if _SENTENCE_END.search(line):
        # A date line may end in a full stop ("25 марта 2024 г."); a sentence is not one.
        return line[-1:] == "." and dates.date_line(line) is not None
    if _is_web_url(line.strip()):
        return True
    return bool(_TEXT_DATE.search(line) or _NUMERIC_DATE.search(line) or _BYLINE.search(line))


_SHARE_WORDS = r"(?:share|partager|compartir|compartilhar|partilhar|teilen|condividi|поделиться)"
# A row of share buttons as page text gives it: "Share: Facebook · Twitter · Email", "Partager : ...".
_SHARE_ROW = re.compile(
    rf"^{_SHARE_WORDS}(?: (?:this|on|en|sur|auf|su|em))?\s*:?(?:[\s·|,/•]*(?:facebook|twitter|x|whatsapp|telegram"
    r"|e-?mail|courriel|correo|linkedin|reddit|pinterest|vk|вконтакте|одноклассники|print|imprimer|imprimir"
    r"|drucken|stampa|messenger)\b){1,10}[\s·|,/•]*$",
    re.IGNORECASE,
)
_TAIL_MARKER = re.compile(
    r"^(related( (posts?|articles?|stories|content|coverage|reading))?|you (may|might) also like"
    r"|more (from\b.*|\w+( \w+)? (stories|articles|news|videos))|read more|recommended( for you)?"
    r"|popular( on\b.*)?|most (read|popular)|explore further"
    r"|tags?|filed under\b.*|categories|comments?|\d+ comments?|leave a (reply|comment)|post a comment"
    r"|share( this)?( (article|story|post))?|follow us\b.*|sign up\b.*|subscribe\b.*|newsletter"
    r"|tell us what you think|about the author|trending( now)?|see also|also read"
    # The same headings in the collection's other languages: share, comments, related articles.
    rf"|{_SHARE_WORDS}|comentarios|comentários|commentaires|kommentare|commenti|комментарии"
    r"|artículos relacionados|artigos relacionados|articles similaires|ähnliche artikel|articoli correlati"
    r"|похожие статьи|материалы по теме|lea también|leia também|lire aussi|lesen sie auch|leggi anche"
    r"|читайте также)\s*[:.!…]*$",
    re.IGNORECASE,
)
_TAIL_BOILERPLATE = re.compile(
    r"(copyright|©|\ball rights reserved\b|\bsubscribe\b|\bsign up\b|\bnewsletters?\b|\bfollow (us|@|\w+ on)"
    r"|\bshare (it|this)\b|\bclick here\b|\bdownload (our|the) app\b|\bcomments?\b$|^filed under\b|^tags?:"
    r"|^source:|\bsent to\b$|\ban error has occurred\b|^follow\b|^(first )?(published|updated|posted)\b"
    # Wire-style credits: they name the staff, they are not the story.
    r"|^\(?(additional )?(reporting|writing|editing|compiled) by\b|\bcontributed (reporting|to this report)\b"
    r"|^write to\b|^(e-?mail|contact) (us|the author|\w+ at)\b)",
    re.IGNORECASE,
)


def _trim_tail(lines: list[str], heads: set[str]) -> list[str]:
    """Drop trailing newsletter/copyright/credit lines and a final related-links block."""
    lines = [line for line in lines if line]
    changed = True
    while changed and len(lines) > 1:
        changed = False
        # A short heading like "Related posts" near the end, followed only by short link-like lines.
        cut = None
        for i in range(len(lines) - 1, max(len(lines) - 25, 0), -1):
            if len(lines[i].split()) > 40:
                break
            if _is_tail_marker(lines[i]):
                cut = i
        if cut is not None:
            lines = lines[:cut]
            changed = True
        # Blog templates put the post's title and date header after the body in source order.
        while len(lines) > 1 and (
            _is_tail_boilerplate(lines[-1]) or _is_headline(lines[-1], heads) or _is_trailing_date(lines[-1])
        ):
            lines.pop()
            changed = True
    return lines


def _is_tail_marker(line: str) -> bool:
    # Headings are short and not list items ("- Sign up for X" is a step in a list).
    if len(line.split()) > 6 or not _TAIL_MARKER.match(line):
        return False
    # "share." alone on a line is a sentence's last word wrapped onto its own line (wire stories set
    # in one <p> per line); a widget or heading is capitalised: "Share", "Comments", "Leave a comment".
    return not (line[0].islower() and line.endswith("."))


def _is_trailing_date(line: str) -> bool:
    # "— Name (@handle) date" closes an embedded post, which belongs to the article.
    return len(line.split()) <= 8 and "@" not in line and _is_meta_line(line)


def _is_tail_boilerplate(line: str) -> bool:
    line = _unbullet(line)
    if len(line.split()) > 40:
        return False
    if _TAIL_BOILERPLATE.search(line) or _SHARE_ROW.match(line):
        return True
    # Contact lines: nothing but an address, a handle or a link.
    words = line.split()
    contact = sum(1 for w in words if "@" in w or "://" in w or w.startswith("www.") or ".com/" in w)
    return bool(words) and contact / len(words) >= 0.5


def _unbullet(line: str) -> str:
    return re.sub(r"^[-•*·]\s+", "", line)


# --------------------------------------------------------------------------- fallback text

_INVISIBLE = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "select",
    "option",
    "textarea",
    "input",
    "form",
}
_CHROME = {"nav", "header", "footer", "aside", "menu"}
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "main",
    "figure",
    "figcaption",
    "hr",
    "address",
}


def _visible_text(tree: HtmlElement) -> str:
    """Plain visible text minus scripts, styles and page chrome: the fallback when extraction fails."""
    parts: list[str] = []
    skip_depth = 0
    # iterwalk, not recursion: pages nest thousands of levels deep.
    for action, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        hidden = tag in _INVISIBLE or tag in _CHROME or not isinstance(el.tag, str)
        if action == "start":
            if hidden:
                skip_depth += 1
            elif skip_depth == 0:
                if tag in _BLOCKS:
                    parts.append("\n")
                if el.text:
                    parts.append(el.text)
        else:
            if hidden:
                skip_depth -= 1
            elif skip_depth == 0 and tag in _BLOCKS:
                parts.append("\n")
            if skip_depth == 0 and el.tail:
                parts.append(el.tail)
    text = "".join(parts)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _strip_tags(text: str) -> str:
    """Last resort when lxml cannot build a tree at all."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    text = html.unescape(re.sub(r"<[^>]*>", "\n", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line and "\ufffd" not in line)
