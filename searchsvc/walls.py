"""Pages that stand in front of an article instead of holding one: a sign-in form, a paywall, a
cookie-consent banner, a bot check (Cloudflare's "Just a moment..."), a script-rendered app's empty
shell, a server's error page, a web archive's notice in place of the page asked for.

Judged by what is left of the page once boilerplate is gone: a few words, nearly all of them the
phrases such pages are made of. Mentioning a wall is not being one, so a sentence of anything else
keeps the page (an article about cookie banners, a paywalled teaser with its first paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["STATUS_PHRASES", "wall_reason"]

# A wall says little; a cookie notice with its buttons is the longest, under this many characters.
# Past it the page is not looked at.
_MAX_CHARS = 1_500
# Words the wall phrases do not account for: a site's name, a menu item the extractor kept. Any
# sentence of an article is longer, and an article has more than one.
_MAX_OTHER_WORDS = 10

# What a server's error page says after its status code ("403 Forbidden"), lower-cased.
STATUS_PHRASES = (
    r"forbidden|access (?:is )?denied|unauthori[sz]ed|authori[sz]ation required|internal server error|bad gateway"
    r"|bad request|service (?:temporarily )?unavailable|gateway time-?out|too many requests|not found|gone"
    r"|method not allowed"
)
# Each kind: phrases that tell what the page is (whole sentences, lower-cased, closing punctuation
# dropped), in the order of rank when a page shows several: a bot check asks for cookies and
# JavaScript, a paywall offers to log in, a sign-in form carries a cookie banner.
_KINDS: list[tuple[str, str]] = [
    (
        # The Wayback Machine's own pages, saved in place of a capture: a redirect the crawler met, a
        # page it never archived or may not show.
        "archive",
        r"got an http \d{3} response at crawl time|redirecting to|impatient|hrm"
        r"|(?:the )?wayback machine (?:has not|hasn't|does not have|doesn't have) (?:archived )?that (?:url|page)\b.*"
        r"|this page is not available on the web because page does not exist"
        r"|click here to search for all archived pages under\b.*|save this url in the wayback machine"
        r"|(?:sorry\.? )?this url has been excluded from the wayback machine"
        r"|this snapshot cannot be displayed due to an internal error",
    ),
    (
        "check",
        r"just a moment|attention required(?: \| cloudflare)?|please wait(?: \| cloudflare)?|one moment,? please"
        r"|ddos-guard|security check|human verification|bot verification|are you a robot|one more step"
        r"|checking (?:your browser|if the site connection is secure|the site connection)\b.*"
        r"|verify(?:ing)? (?:that )?you are (?:a )?human\b.*|(?:please )?(?:verify|confirm) you are not a robot\b.*"
        r"|this process is automatic|your browser will redirect\b.*|please allow up to \d+ seconds\b.*"
        r"|(?:ddos protection|performance (?:&|and) security) by \S+|enable javascript and cookies to continue"
        r"|.{1,100} needs to review the security of your connection before proceeding"
        r"|please (?:complete|solve) the (?:security check|captcha)\b.*|why do i have to complete a captcha"
        r"|completing the captcha proves\b.*|please stand by,? while we are checking your browser\b.*"
        r"|this website is using a security service to protect itself\b.*|press (?:&|and) hold\b.*"
        r"|i'?m not a robot|our systems have detected unusual traffic\b.*|sorry,? you have been blocked"
        r"|you are unable to access .{1,100}|why have i been blocked",
    ),
    (
        "script",
        r"you need to enable javascript to run this app|(?:please )?(?:enable|turn on|activate) javascript\b.*"
        r"|javascript (?:is )?(?:required|disabled|not enabled|must be enabled|needs to be enabled)\b.*"
        r"|this (?:site|app|page|website|web site|application) requires javascript\b.*"
        r"|we'?re sorry,? but .{1,80} doesn'?t work properly without javascript enabled"
        r"|please enable it to continue|you must (?:have )?(?:enable|turn on)d? javascript\b.*"
        r"|your browser does not support javascript\b.*"
        r"|(?:it )?(?:looks|seems) like (?:your browser has|you have) javascript (?:disabled|turned off)\b.*",
    ),
    (
        "error",
        rf"(?:(?:http )?error:? )?[45]\d\d(?: error)?(?::| -)? (?:{STATUS_PHRASES})(?:[:,] .*)?"
        rf"|(?:http )?error:? [45]\d\d|error \d{{4}}|{STATUS_PHRASES}"
        r"|you (?:don'?t|do not) have permission to access\b.*"
        r"|access to this (?:page|resource|site) (?:is|has been) denied\b.*"
        r"|you are not authori[sz]ed to (?:access|view)\b.*|the server encountered an internal error\b.*"
        r"|this server could not verify that you are authori[sz]ed\b.*"
        r"|the server is temporarily unable to service your request\b.*|request rejected"
        r"|the requested url was rejected\b.*|please consult with your administrator|your support id is\b.*",
    ),
    (
        "paywall",
        r"subscribe(?: now)? to (?:continue|keep) reading\b.*|subscribe(?: now)? to read (?:the full|this|more)\b.*"
        r"|(?:you(?:'ve| have) )?reached (?:your|the) (?:limit|maximum) of free (?:articles|stories)\b.*"
        r"|you have (?:\w+ )?free (?:articles?|stories) (?:left|remaining)\b.*"
        r"|(?:log|sign) ?in or subscribe to (?:read|continue)\b.*|subscribe or (?:log|sign) ?in to\b.*"
        r"|this (?:article|content|story|page) is (?:only )?(?:for|available (?:to|for)) (?:paying )?"
        r"(?:subscribers|members)(?: only)?\b.*|(?:for )?subscribers only|subscription required"
        r"|already a (?:subscriber|member)"
        r"|subscribe now for (?:unlimited|full) access\b.*"
        r"|to (?:continue|keep) reading,? (?:subscribe|log in|sign in)\b.*"
        r"|become a (?:subscriber|member)(?: today| now)?|start your free trial\b.*"
        r"|create a free account to (?:continue|keep) reading\b.*",
    ),
    (
        "signin",
        r"(?:sign|log) ?in(?: to (?:your account|continue|\w+(?: \w+){0,3}))?|log ?in or (?:sign up|register)"
        r"|sign in or (?:sign up|register)|(?:member|account|user) log ?in|(?:e-?mail|username) (?:and|&) password"
        r"|(?:enter )?(?:your )?password|forgot(?:ten)? (?:your )?(?:password|username)\b.*|reset (?:your )?password"
        r"|(?:sign|log) ?in with (?:google|facebook|apple|twitter|microsoft|email|your email)\b.*"
        r"|please (?:log|sign) ?in to (?:read|view|continue|access|see)\b.*"
        r"|you (?:must|need to) (?:be logged in|log in|sign in) to (?:read|view|continue|access|see)\b.*",
    ),
    (
        "consent",
        r"before you continue(?: to \w+)?|we value your privacy|your privacy(?: choices| matters| settings)?"
        r"|cookie (?:consent|settings|preferences|notice)|privacy (?:settings|preferences|center|centre)"
        r"|(?:we|this (?:web)?site|our (?:web)?site|by (?:continuing|using|clicking)|with your (?:permission|consent)"
        r"|you can|if you)\b[^\"“”]*\b(?:cookies?|personal data)\b[^\"“”]*"
        r"|.{0,40}store and/or access information on a device\b.*",
    ),
]
# What walls and forms say around those phrases, which tells nothing by itself (a page that is only
# "Email" and "Continue" is not known to be a wall) but is no article either.
_NEUTRAL = (
    r"(?:e-?mail(?: address)?|username|user name|e-?mail or username|username or e-?mail|phone(?: number)?"
    r"|confirm password|remember me|keep me (?:signed|logged) in|stay signed in|show password|sign up|register"
    r"|create (?:an|a new|your) account|(?:don'?t|do not) have an account|already have an account"
    r"|new (?:here|to \w+)|or|and|or continue with\b.*|continue with \w+|continue|next|submit|ok|okay|close|cancel"
    r"|back|home|help|x|×|got it|i (?:accept|agree)|agree|accept|reject|decline|allow|(?:accept|reject|allow|refuse"
    r"|decline) (?:all|all cookies|cookies|necessary cookies)|manage (?:preferences|options|settings|cookies|consent"
    r"|choices)|customi[sz]e(?: settings| choices)?|more options|learn more|more info(?:rmation)?|privacy policy"
    r"|cookie policy|terms(?: of (?:use|service))?|contact us|what happened|what can i do(?: to resolve this)?"
    r"|(?:please )?try again(?: later)?|something went wrong|welcome back(?: to .{1,40})?"
    r"|(?:need|get) help(?: signing in)?|trouble (?:signing|logging) in"
    r"|enter your (?:e-?mail|username|phone number|password)\b.*"
    r"|by (?:signing in|logging in|continuing),? you agree to\b.*"
    r"|refresh|reload(?: the page)?|loading|subscribe(?: now)?|sign in to comment"
    r"|ray id\b.*|reference #.*|error|nginx(?:/[\d.]+)?(?: \(\w+\))?|apache(?:/\S+)?(?: \(\w+\))?(?: server at .*)?"
    r"|powered by .{1,60}|(?:©|\(c\)|copyright) .{1,80}|[\d\W]*|(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?)"
)
# One pattern, one pass over a piece (most pieces are an article's sentences, matching nothing); the
# group that matched names the kind, the first in rank order.
_PIECE = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KINDS) + f"|(?P<neutral>{_NEUTRAL})")
# A form's labels run together on one line ("Email Password Log in Forgot password?").
_FORM_LABELS = re.compile(
    r"\b(?:e-?mail(?: address)?|username|user name|password|forgot(?:ten)?(?: your)?|remember me|log ?in|sign ?in"
    r"|sign up|register|or|and|continue|submit|keep me (?:signed|logged) in|show|create (?:an )?account)\b"
)
# Longer than a line of all those labels; an article's sentences mostly are, and skip that test, the
# slowest here.
_FORM_LINE_CHARS = 120
_WORD = re.compile(r"\w")
# A sentence of this many words that is no wall's is the article's, however short the rest.
_SENTENCE_WORDS = 4
_SENTENCE_END = (".", "!", "?", "…")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·•»]\s+")
_TRIM = " \t.!?…:;,'\"“”‘’()[]*•·-–—"
_REASONS = {
    "archive": "a Wayback Machine notice ({phrase!r}), not the archived page",
    "check": "a {maker}check page ({phrase!r}), not an article",
    "script": "a script-rendered app's empty page ({phrase!r}), not an article",
    "error": "an error page ({phrase!r}), not an article",
    "paywall": "a paywall page ({phrase!r}), not an article",
    "signin": "a sign-in page ({phrase!r}), not an article",
    "consent": "a cookie-consent page ({phrase!r}), not an article",
}


def wall_reason(title: str, body: str) -> str | None:
    """Why the page is a wall and not an article, as a one-line reason; None for an article."""
    if len(body) > _MAX_CHARS:
        return None
    found: dict[str, list[str]] = {}
    other_words = 0
    for piece in _pieces(body):
        kind = _kind(piece)
        if kind is None:
            words = len(piece.split())
            other_words += words
            if other_words > _MAX_OTHER_WORDS or (words >= _SENTENCE_WORDS and piece.endswith(_SENTENCE_END)):
                return None
        elif kind:
            found.setdefault(kind, []).append(piece)
    # The title names the wall ("Sign in", "Just a moment...") but is never counted against it: a
    # paywall keeps the headline of the article it hides. Alone, it is a wall's name only over a body
    # with nothing else in it: a short story may be called "Just a moment".
    if found or not other_words:
        for part in (title, *_TITLE_PARTS.split(title)[:1]):
            if kind := _kind(part):
                found.setdefault(kind, []).insert(0, part)
                break
    for kind, _ in _KINDS:
        if kind in found:
            return _REASONS[kind].format(maker=_maker(title, body), phrase=_telling(found[kind]))
    return None


def _pieces(body: str) -> Iterator[str]:
    """The body's sentences and short lines, one at a time: most bodies are settled by the first."""
    for line in body.split("\n"):
        if line:
            yield from _SENTENCE_BREAK.split(line.strip()) if " " in line else (line,)


def _kind(piece: str) -> str | None:
    """The kind of wall whose phrase the piece is, "" for a word any wall uses, None for other text."""
    key = " ".join(piece.replace("’", "'").replace("‘", "'").lower().split()).strip(_TRIM)
    if match := _PIECE.fullmatch(key):
        return "" if match.lastgroup == "neutral" else match.lastgroup
    if len(key) <= _FORM_LINE_CHARS and not _WORD.search(_FORM_LABELS.sub(" ", key)):
        return "signin" if "password" in key else ""
    return None


def _telling(pieces: list[str]) -> str:
    """The phrase to quote: the first of two words or more ("Forgot your password?", not "Password")."""
    return next((p for p in pieces if len(p.split()) >= 2), pieces[0]).strip()


def _maker(title: str, body: str) -> str:
    # "Just a moment..." is the title of Cloudflare's check; its footer naming Cloudflare is often dropped.
    text = f"{title}\n{body}".lower()
    return "Cloudflare " if "cloudflare" in text or text.startswith("just a moment") else "bot "
