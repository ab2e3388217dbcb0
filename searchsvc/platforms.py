"""Posts saved from the platforms groups publish statements on, rather than from their own sites:
a Telegram channel's web view (t.me/s/CHANNEL, many posts) or one post (t.me/CHANNEL/123), an
X (Twitter) post or thread, a Facebook page's post, a YouTube video's page, a Medium story, a VK
wall post, a Mastodon (or other fediverse) post.

Such a page is mostly the platform's chrome (sign-in prompts, reaction and view counts, "Translate
post", replies and comments, recommendations) around a few paragraphs, and it names the platform
where a news page names its publisher ("Telegram", "X (formerly Twitter)") and the page or channel
where a news page has its headline. A generic extractor keeps the chrome and, as the post's text is
also its title and description, takes its first paragraph for a repeated headline. Here each
platform's markup for the post is known, so what a reader wants is taken directly: the post's text
(a thread's posts by its author, a channel's posts), its date, and who posted it (the channel,
page or account) as the source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from . import xpaths

if TYPE_CHECKING:  # lxml is imported by htmlextract; text captures and searches do not need it
    from lxml.html import HtmlElement

__all__ = ["Post", "copied_channel", "copied_post_date", "is_account_line", "is_copied_chrome", "post_title",
           "saved_post"]


@dataclass(frozen=True)
class Post:
    """What a saved platform page holds: the post's text and title, its date and who posted it."""

    body: str
    title: str | None
    date: date | None
    author: str | None


def saved_post(tree: HtmlElement) -> Post | None:
    """The post a saved platform page shows, or None for any other page (or a platform page whose
    post is not in the saved markup, which the generic extractor then reads)."""
    for reader in (_telegram, _x, _facebook, _youtube, _medium, _vk, _mastodon):
        post = reader(tree)
        if post is not None and post.body:
            return post
    return None


# --------------------------------------------------------------------------- helpers


def _has_class(name: str) -> str:
    """An XPath test for an element whose class list holds `name`. The substring test first: it rules
    out nearly every element at a fraction of the cost of the exact one (XPath's `and` stops there)."""
    return f"(contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} '))"


def _text(el: HtmlElement) -> str:
    """An element's text as lines: <br> and block elements break lines, runs of blanks are one space."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        # A button's label ("See more" after a long post's first lines) is not the post's text.
        if tag in ("script", "style", "svg", "button", "template") or node.get("role") == "button":
            if node.tail:
                parts.append(node.tail)
            return
        if tag == "br" or tag in _BLOCKS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCKS:
            parts.append("\n")
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


_BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "ul", "ol", "pre"}


def _first_text(tree: HtmlElement, xpath: str) -> str | None:
    """The first non-blank of what `xpath` finds: an attribute's value, a <meta>'s content, an element's text."""
    for found in xpaths.find(tree, xpath):
        if isinstance(found, str):
            value = found
        else:
            value = found.get("content") or found.text_content()
        if text := " ".join(value.split()):
            return text
    return None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None


def post_title(body: str) -> str | None:
    """A post has no headline: its first line is one when it is short (a statement's heading set in
    bold), else its first sentence, cut to a few words."""
    first = body.split("\n", 1)[0].strip()
    if not first:
        return None
    if len(first.split()) <= _TITLE_WORDS and not first.endswith((".", ",", ":")):
        return first
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= _TITLE_WORDS:
        return sentence.rstrip(".")
    return " ".join(words[:_TITLE_WORDS]).rstrip(",;:") + " …"


_TITLE_WORDS = 16


# --------------------------------------------------------------------------- Telegram


def _telegram(tree: HtmlElement) -> Post | None:
    messages = xpaths.find(tree, f"//*[{_has_class('tgme_widget_message')}]")
    if not messages:
        return _telegram_post_page(tree)
    texts: list[str] = []
    days: list[date] = []
    authors: list[str] = []
    for message in messages:
        # A reply's quotation of the message it answers has a text of its own, not this post's.
        found = xpaths.find(
            message,
            f".//*[{_has_class('tgme_widget_message_text')}][not(ancestor::*[{_has_class('tgme_widget_message_reply')}])]"
        )
        if found and (text := _text(found[0])):
            texts.append(text)
        if day := _iso_date(_first_text(message, ".//time/@datetime")):
            days.append(day)
        if author := _first_text(message, f".//*[{_has_class('tgme_widget_message_owner_name')}]"):
            authors.append(author)
    channel = (_first_text(tree, f"//*[{_has_class('tgme_channel_info_header_title')}]")
               or _first_text(tree, f"//*[{_has_class('tgme_header_title')}]")
               or (authors[0] if authors else None))
    body = "\n\n".join(texts)
    if len(messages) == 1:
        return Post(body=body, title=post_title(body), date=days[0] if days else None, author=channel)
    # A channel's page: its posts, oldest first as the page shows them; dated by its newest post.
    return Post(body=body, title=channel, date=max(days) if days else None, author=channel)


def _telegram_post_page(tree: HtmlElement) -> Post | None:
    """A post's own page (t.me/CHANNEL/123): its widget is a script that loads the post in a frame, which
    a saved page does not hold; the page's description is the post's text, its title the channel's."""
    if not xpaths.find(tree, "//script[@data-telegram-post]"):
        return None
    description = xpaths.find(tree, '//meta[@property="og:description" or @name="twitter:description"]/@content')
    body = "\n".join(line.strip() for line in (description[0] if description else "").split("\n") if line.strip())
    channel = _first_text(tree, '//meta[@property="og:title"]')
    return Post(body=body, title=post_title(body), date=None, author=channel)


# --------------------------------------------------------------------------- X (Twitter)


def _x(tree: HtmlElement) -> Post | None:
    articles = xpaths.find(tree, '//article[@data-testid="tweet"]')
    if articles:
        handle = _handle(articles[0])
        # A thread is its author's posts one after another; the first reply by anyone else ends it.
        texts: list[str] = []
        for article in articles:
            if _handle(article) != handle:
                break
            for el in xpaths.find(article, './/*[@data-testid="tweetText"][1]'):
                if text := _text(el):
                    texts.append(text)
        name = _first_text(articles[0], './/*[@data-testid="User-Name"]//a[1]')
        day = _iso_date(_first_text(articles[0], ".//time/@datetime"))
        body = "\n\n".join(texts)
        return Post(body=body, title=post_title(body), date=day, author=name or handle)
    # Saved as "HTML only", the page is the app's shell: its metadata still has the post.
    og_title = _first_text(tree, '//meta[@property="og:title"]')
    named = _X_OG_TITLE.match(og_title or "")
    description = _first_text(tree, '//meta[@property="og:description"]')
    if named is None or not description:
        return None
    body = description.strip("“”\" ")
    return Post(body=body, title=post_title(body), date=None, author=named["name"])


_X_OG_TITLE = re.compile(r"^(?P<name>.+?)(?: \(@\w+\))? on (?:X|Twitter)$")


def _handle(article: HtmlElement) -> str | None:
    for text in xpaths.find(article, './/*[@data-testid="User-Name"]//text()'):
        if text.strip().startswith("@"):
            return text.strip()
    return None


# --------------------------------------------------------------------------- Facebook


def _facebook(tree: HtmlElement) -> Post | None:
    ld = _ld_posting(tree)
    messages = xpaths.find(tree, '//*[@data-ad-preview="message" or @data-ad-comet-preview="message"]')
    body = _text(messages[0]) if messages else ""
    whole = ld.get("articleBody") if ld is not None and isinstance(ld.get("articleBody"), str) else ""
    # A long post is shown cut ("... peaceful…" and a "See more" button); the page's data has all of it.
    if whole and (not body or _begins(whole, body.rstrip("….").split())):
        body = "\n".join(line.strip() for line in whole.split("\n") if line.strip())
    if not body:
        return None
    author = None
    if ld is not None and isinstance(ld.get("author"), dict):
        author = ld["author"].get("name")
    site = _first_text(tree, '//meta[@property="og:site_name"]')
    if not author and site == "Facebook":
        author = _first_text(tree, '//meta[@property="og:title"]')
    day = _iso_date(ld.get("datePublished") if ld is not None else None)
    return Post(body=body, title=post_title(body), date=day, author=author)


def _begins(text: str, words: list[str]) -> bool:
    """Whether `text` goes on from these words (all of them but a last one cut short) and past them."""
    have = text.split()
    if not words or len(have) <= len(words):
        return False
    return have[: len(words) - 1] == words[:-1] and have[len(words) - 1].startswith(words[-1])


def _ld_posting(tree: HtmlElement) -> dict | None:
    for script in xpaths.find(tree, '//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("@type") in ("SocialMediaPosting", "DiscussionForumPosting"):
                return item
    return None


# --------------------------------------------------------------------------- YouTube


def _youtube(tree: HtmlElement) -> Post | None:
    if _first_text(tree, '//meta[@property="og:site_name"]') != "YouTube":
        return None
    title = _first_text(tree, '//meta[@property="og:title"]') or _first_text(tree, '//meta[@name="title"]')
    description = ""
    for el in xpaths.find(tree, '//*[@id="description"]//yt-attributed-string'
                                ' | //*[@id="description"]//*[@id="description-inline-expander"]'):
        if description := _text(el):
            break
    scripts = " ".join(s.text or "" for s in tree.iter("script") if s.text and "shortDescription" in s.text)
    if not description and (found := _JSON_STRING("shortDescription").search(scripts)):
        description = json.loads(found.group(1))
    if not description:
        description = _first_text(tree, '//meta[@property="og:description"]') or ""
    author = _first_text(tree, '//*[@itemprop="author"]/*[@itemprop="name"]')
    if not author and (found := _JSON_STRING("ownerChannelName").search(scripts)):
        author = json.loads(found.group(1))
    day = _iso_date(_first_text(tree, '//*[@itemprop="uploadDate" or @itemprop="datePublished"]'))
    body = "\n".join(line.strip() for line in description.split("\n") if line.strip())
    return Post(body=body, title=title, date=day, author=author)


def _JSON_STRING(key: str) -> re.Pattern[str]:  # noqa: N802 (reads as the pattern it makes)
    return re.compile(rf'"{key}"\s*:\s*("(?:[^"\\]|\\.)*")')


# --------------------------------------------------------------------------- Medium


def _medium(tree: HtmlElement) -> Post | None:
    """A Medium story (on medium.com or a publication's own domain, the same markup): its paragraphs,
    not the claps and responses counts, the responses themselves, "More from" and "Recommended from
    Medium"; its writer, not "Medium", as the source."""
    paragraphs = xpaths.find(tree, f"//p[{_has_class('pw-post-body-paragraph')}]")
    if not paragraphs:
        return None
    sections = xpaths.find(paragraphs[0], "ancestor::section[1]")
    story = sections[0] if sections else paragraphs[0].getparent()
    texts: list[str] = []
    for el in story.iter("p", "h2", "h3", "h4", "blockquote", "pre", "li"):
        # The byline block (writer, read time, claps) is marked to be skipped by text to speech too.
        if xpaths.find(el, f"ancestor::*[{_has_class('speechify-ignore')} or self::blockquote or self::li"
                           " or self::pre]"):
            continue
        if text := _text(el):
            texts.append(text)
    title = _first_text(tree, '//*[@data-testid="storyTitle" or contains(@class, "pw-post-title")]')
    author = _first_text(tree, '//meta[@name="author"]')
    day = _iso_date(_first_text(tree, '//meta[@property="article:published_time"]'))
    return Post(body="\n".join(texts), title=title, date=day, author=author)


# --------------------------------------------------------------------------- VK and Mastodon


def _vk(tree: HtmlElement) -> Post | None:
    """A VK wall post: its text, not its replies ("wall_reply_text"); dated by its timestamp."""
    posts = xpaths.find(tree, f"//*[{_has_class('wall_post_text')}][not(ancestor::*[{_has_class('replies')}])]")
    if not posts:
        return None
    post = xpaths.find(posts[0], f"ancestor::*[{_has_class('post')}][1]")
    scope = post[0] if post else tree
    body = _text(posts[0])
    author = _first_text(scope, f".//*[{_has_class('post_author')}]//a[{_has_class('author')}]")
    day = None
    if (stamp := _first_text(scope, f".//*[{_has_class('post_date')}]//*[@time]/@time")) and stamp.isdigit():
        day = datetime.fromtimestamp(int(stamp), tz=UTC).date()
    return Post(body=body, title=post_title(body), date=day, author=author)


def _mastodon(tree: HtmlElement) -> Post | None:
    """A Mastodon post: rendered, its status's text; saved as "HTML only", the app's shell, whose
    metadata holds the post (its visible text is only "please enable JavaScript")."""
    statuses = xpaths.find(tree, f"//*[{_has_class('detailed-status')}]")
    if statuses:
        content = xpaths.find(statuses[0], f".//*[{_has_class('status__content')}]")
        if not content:
            return None
        body = _text(content[0])
        author = _first_text(statuses[0], f".//*[{_has_class('display-name__html')}]")
        day = _iso_date(_first_text(statuses[0], ".//time/@datetime"))
        return Post(body=body, title=post_title(body), date=day, author=author)
    named = _FEDIVERSE_OG_TITLE.match(_first_text(tree, '//meta[@property="og:title"]') or "")
    description = _first_text(tree, '//meta[@property="og:description"]')
    if named is None or not description or xpaths.find(tree, '//*[@id="mastodon"]') == []:
        return None
    return Post(body=description, title=post_title(description), date=None, author=named["name"])


# "Name (@user@instance)": a fediverse account, as Mastodon titles a post's page.
_FEDIVERSE_OG_TITLE = re.compile(r"^(?P<name>.+?) \(@[\w.-]+@[\w.-]+\)$")


# --------------------------------------------------------------------------- copied text


# What a platform's page shows around a post, each line as a page copied with select-all gives it
# (lower-cased, closing punctuation dropped, as textclean keys its lines): buttons and prompts,
# counts of views, reactions and subscribers, the sign-in wall under the post. Whole lines only: a
# statement's sentence that says "subscribe" or "share" is longer. Not the words a wire or a letter
# sets alone on a line too: "More" (a wire item continues), "Thanks", "Context", "Quote".
_COPIED_CHROME = re.compile(
    r"^(?:"
    # counts: "2.3K views", "1.8k views08:02" (Telegram sets the time beside it), "4 comments", "9 shares"
    r"[\d.,]+[km]? (?:views?|subscribers?|members?|followers?|photos?|videos?|links?|files?|comments?|shares?"
    r"|reposts?|likes?|replies|reactions?|posts?)(?:\s?\d{1,2}:\d\d)?"
    r"|[\d.,]+[km]|views|·|follow(?:ing)?|all reactions:?(?: [\d.,]+[km]?)?|read [\d.,]+[km]? replies"
    r"|view (?:all )?[\d.,]* ?more comments?"
    # Telegram
    r"|(?:view|open) in telegram|preview channel|download telegram|join channel"
    r"|don['’]t have telegram yet\? try it now|if you have telegram, you can view this post"
    r"|and join .{1,80} right away|to view and join the conversation|forwarded from .{1,80}"
    # Facebook
    r"|see translation|see original|rate this translation|translate post|show translation|hide translation"
    r"|forgot account\?|forgot password\?|create new account|log into facebook|log in to facebook"
    r"|see more of .{1,80} on facebook|email or phone(?: number)?|password|most relevant|top fan"
    r"|write a (?:public )?comment…?|view more comments|like|comment|reply|\d{1,3}[hdwy]|shared with public"
    # X
    r"|don['’]t miss what['’]s happening|people on x are the first to know|see new posts|conversation|post"
    r"|new to x\?|sign up now to get your own personalized timeline|sign up with (?:apple|google)|create account"
    r"|by signing up, you agree to the terms of service and privacy policy, including cookie use"
    r"|terms of service|ads info|accessibility|© \d{4} x corp|relevant people|what['’]s happening"
    r"|show more replies|discover more|sourced from across x|trending in .{1,40}|show this thread"
    # Mastodon; an account's handle under its name ("@pcrf_spain", "@pcrf@masto.es") is no headline
    r"|boosts?|favou?rites?|join [\w-]+(?:\.[\w-]+)+|mastodon is the best way to keep up with what['’]s happening"
    r"|login|@\w[\w.-]*(?:@[\w-]+(?:\.[\w-]+)+)?"
    # Medium
    r"|open in app|write|listen|\d{1,3} min read|responses \(\d+\)|what are your thoughts\?|recommended from medium"
    # YouTube
    r"|subscribed?|clip|save|(?:\.\.\.|…)more|show less|show transcript|transcript|sort by"
    r"|add a comment…?|up next|autoplay|skip navigation|search with your voice"
    r")$"
)


def is_copied_chrome(key: str) -> bool:
    """Whether a line of a copied page (its key: lower-cased, closing punctuation dropped) is a
    platform's chrome rather than a line of the post."""
    return len(key) <= _COPIED_CHROME_MAX and _COPIED_CHROME.match(key) is not None


_COPIED_CHROME_MAX = 120


# Under each post of a Telegram channel's page, copied as text: its views and time, set together
# ("1.8K views08:02"; "edited" before the time when it was).
_TELEGRAM_VIEWS = re.compile(r"^[\d.,]+[KM]? views ?(?:edited ?)?\d{1,2}:\d\d(?: ?[AP]M)?$")


def copied_channel(text: str) -> Post | None:
    """A Telegram channel's page (t.me/s/CHANNEL) copied as text: its posts, each between the
    channel's name above it and its views and time below, without those and the page's chrome; the
    channel's name as its title and source. None for any other text (a single post's copy too, which
    reads as an article)."""
    if " views" not in text:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    ends = [i for i, line in enumerate(lines) if len(line) < 40 and _TELEGRAM_VIEWS.match(line)]
    if len(ends) < 2:
        return None
    # Each post opens with the channel's name, the line most often found just above the posts.
    starts = [0, *(i + 1 for i in ends[:-1])]
    heads = [next((line for line in lines[a:b] if line), "") for a, b in zip(starts, ends, strict=True)]
    channel = max(set(heads), key=heads.count)
    if not channel or heads.count(channel) < len(heads) - 1:
        return None
    posts: list[str] = []
    for a, b in zip(starts, ends, strict=True):
        span = lines[a:b]
        named = [i for i, line in enumerate(span) if line == channel]
        span = span[named[-1] + 1 :] if named else span
        paragraphs = "\n".join(line if line and not is_copied_chrome(_key(line)) else "" for line in span)
        if post := re.sub(r"\n{2,}", "\n\n", paragraphs).strip():
            posts.append(post)
    if len(posts) < 2:
        return None
    return Post(body="\n\n".join(posts), title=channel, date=None, author=channel)


def _key(line: str) -> str:
    """A line as textclean keys it: lower-cased, closing punctuation dropped."""
    return line.strip().rstrip(" :.!…»›>|-–—").strip().lower()


# Under a post, its time and day as the platform prints them: X's "9:41 AM · Oct 7, 2024", Mastodon's
# "Oct 2, 2024, 18:20".
_POST_TIME = re.compile(
    r"^(?:\d{1,2}:\d\d(?: ?[AP]M)? · (?P<x>[A-Z][a-z]{2} \d{1,2}, \d{4})"
    r"|(?P<mastodon>[A-Z][a-z]{2} \d{1,2}, \d{4}), \d{1,2}:\d\d)$"
)


def copied_post_date(line: str) -> date | None:
    """The day of a post's time line, as a copied platform page has it under the post, else None."""
    if len(line) > _POST_TIME_MAX or (found := _POST_TIME.match(line)) is None:
        return None
    try:
        return datetime.strptime(found["x"] or found["mastodon"], "%b %d, %Y").date()
    except ValueError:
        return None


_POST_TIME_MAX = 40


# What a platform prints under the name of the account above a post: X's and Mastodon's handle
# ("@PCRF_Spain", "@pcrf@masto.es"), Facebook's time and audience ("October 10, 2024 ·", "5d ·",
# "October 10 at 7:14 AM ·").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}"
_UNDER_ACCOUNT = re.compile(
    r"^(?:@\w[\w.-]*(?:@[\w-]+(?:\.[\w-]+)+)?"
    rf"|(?i:(?:\d{{1,2}}[hdwy]|just now|yesterday at \d{{1,2}}:\d\d ?[ap]m"
    rf"|{_MONTH} \d{{1,2}}(?:, \d{{4}}| at \d{{1,2}}:\d\d ?[ap]m)) ·))$"
)


def is_account_line(line: str) -> bool:
    """Whether the line is what a platform prints under an account's name above its post."""
    return len(line) <= _UNDER_ACCOUNT_MAX and _UNDER_ACCOUNT.match(line.strip()) is not None


_UNDER_ACCOUNT_MAX = 100
