"""Text captures (the visible text of a page) → article text, headline, date and source.

A text capture is everything a browser shows, so the article sits among menus, share buttons,
comment forms, "related posts" and footers (a hard-wrapped dump is first joined into one line per
paragraph by unwrap.py). The rules here are generic page-chrome rules: each line
gets a score (long sentences up, short link-like lines and known widget phrases down), the article
is the best-scoring run of lines after the headline, and hard markers (a comment form, a "Related
posts" header) end it.

Speed: each line is prepared once (_Line keeps its key, words, lower-cased text and chrome verdict),
and the slow patterns run only on lines holding what they cannot match without (a cheap substring
or first-character test beside each, exact by construction; test_textclean checks the sets).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import itemgetter

from . import dates, platforms, publishers, textdumps, webarchives
from .models import PageContent
from .unwrap import unwrap

MAX_LINES = 20_000  # a page's text beyond this is not an article any more; keeps worst cases bounded
MAX_LINE_CHARS = 20_000
MAX_HEADLINE_REPEATS = 8

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_ODD_ASCII_SPACE = re.compile(r"[\x0b\x0c\x1c-\x1f]")  # str.isspace() but not in _SPACES (nor "\r", "\n")
_BOLD = re.compile(r"\*\*([^*\n]{1,500})\*\*")
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[•●▪◦‣*-])\s+\S")
_SENTENCE_END_CHARS = frozenset(""".!?…:;"'”’»)]。！？」』）""")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:·•»]+\s+")

# Headings after which nothing is article any more: comment forms and related-content lists.
# Matched against the whole line (lower-cased, trailing punctuation dropped) so prose is never hit.
_END_MARKERS = re.compile(
    r"^(?:"
    r"leave a (?:reply|comment|response)(?: cancel reply)?|post a comment|add (?:a )?comment|"
    r"no comments|\d+ comments?|comments?(?: \(\d+\))?|comments are closed|"
    r"\d+ thoughts? on .{1,200}|\d+ responses?(?: to .{1,120})?|"
    r"(?:view|show|read|see) (?:all )?(?:the )?comments?(?: \d+)?|join the (?:discussion|conversation)|"
    r"write a comment|have your say|"
    r"fill in your details below or click an icon to log in.{0,20}|you must be logged in to post a comment|"
    r"related posts|(?:you|we think you) (?:may|might|will) (?:also )?(?:like|enjoy|be interested in)"
    r"(?: these)?(?: posts| stories)?|"
    r"deixe (?:uma resposta|um comentário)|lascia un commento|deja un comentario|laisser un commentaire|"
    r"kommentar (?:schreiben|hinterlassen)|оставить комментарий|комментарии|"
    r"(?:\d+ )?(?:comentarios|comentários|commentaires|kommentare|commenti|комментари[йея])(?: \(\d+\))?"
    r")$",
    re.IGNORECASE,
)
# Headings of page furniture that usually follows an article; they count against a block.
_SOFT_MARKERS = re.compile(
    r"^(?:what do you think|related(?: articles| stories| content| news| links| reading| coverage| items)?|"
    r"artigos relacionados|articoli correlati|artículos relacionados|articles similaires|"
    r"похожие статьи|материалы по теме|"
    r"more (?:related )?(?:stories|articles|news|posts) (?:from|like|on|about) .{1,60}|"
    r"(?:more|most) (?:popular|read|viewed|shared)(?: (?:stories|articles|posts|now))?|"
    r"recommended(?: for you| stories| articles| reading)?|"
    r"trending(?: now| stories)?|don't miss|popular (?:posts|stories|articles)|"
    r"(?:recent|latest) (?:posts|stories|news|articles)|"
    r"share this(?: article| story| post)?|like this|sharing is caring|"
    r"about the authors?|(?:tags|topics|categories|filed under|posted in)|"
    r"(?:(?:sign up|subscribe) (?:for|to) (?:our|the) .{1,60}newsletters?)|"
    r"advertisement - continue reading below"
    r")$",
    re.IGNORECASE,
)
# Lines that are page chrome wherever they stand (dropped, and they count against a block).
_CHROME = re.compile(
    r"^(?:"
    r"(?:image|photo|picture|main image|featured image|video|graphic) ?(?:credit|source|courtesy)s?\b"
    r".{0,200}|"
    r"(?:photo|photograph|image|picture|illustration|source|credit|caption)s?:.{0,200}|"
    r"(?:categories|category|tags?|topics?|filed under|posted in|labels)\b ?:.{0,300}|"
    # The same labels and credits in the collection's other languages ("Etiquetas: Corea, paz",
    # "Mots-clés : Corée", "Schlagwörter: Korea", "Теги: КНДР", "Foto: ...", "Fuente: ...").
    r"(?:etiquetas?|categorías?|categorias?|catégories?|mots[- ]clés|étiquettes?|schlagwörter|schlagworte"
    r"|kategorien?|categorie|etichette|теги|метки|рубрик[аи]|категори[ия])\b ?:.{0,300}|"
    r"(?:fotos?|fotografía|fotografia|imagen|imagem|immagine|bild|crédit photo|crédito|quelle|fuente|fonte"
    r"|источник|фото)\b ?:.{0,200}|"
    r"(?:share|follow|like|find|join) (?:us )?(?:on|via) (?:facebook|twitter|instagram|linkedin|whatsapp|"
    r"pinterest|reddit|email|telegram|youtube|google\+?)|"
    r"(?:share|tweet|pin|email|print|e-mail|save|comment|reply|share this|copy link|click to [a-z ]{1,40})|"
    r"(?:facebook|twitter|linkedin|pinterest|reddit|whatsapp|tumblr|pocket|flipboard|messenger|google\+?|"
    r"email|print|sms|telegram|instagram|youtube|mix)|"
    # Share and print buttons in the collection's other languages ("Compartir", "Teilen", "Поделиться").
    r"(?:compartir|compartilhar|partilhar|partager|teilen|condividi|поделиться|imprimir|imprimer|drucken|stampa"
    r"|печать|vk|вконтакте|одноклассники)|"
    r"(?:subscribe|sign in|log in|login|sign up|register|menu|search|home|skip to (?:main )?content.{0,40})|"
    r"(?:advertisement|advertising|sponsored(?: content)?|ad|ads|promoted|paid content)|"
    r"(?:continue reading(?: the main story| below)?|read more|read the full story|back to top|load more)|"
    # "Copyright 2024 Site", "Copyright © Site", "Copyright Reuters"; not a headline such as
    # "Copyright, Public Policy, and Information Technology".
    r"(?:©|\(c\)).{0,300}|copyright\s*:?\s*(?:©|\(c\)|\d|by\b).{0,300}|copyright(?:\s+[\w&.]+){0,3}|"
    r"powered by .{1,80}|proudly powered by .{1,80}|"
    r"you are commenting using your .{0,40}account.{0,60}|connecting to %s|notify me of .{1,80}|"
    r"(?:previous|next) (?:post|article|story)\b.{0,200}|"
    r"\d+ (?:shares?|comments?|views?|min(?:ute)?s? read)|"
    # A PDF's page footer, kept between the paragraphs of a statement copied out of it.
    r"page \d{1,4}(?: ?(?:of|/) ?\d{1,4})?"
    r")$",
    re.IGNORECASE,
)
# Chrome lines of a notice phrase with up to a few sentences around it; apart from _CHROME because
# its ".{0,200}" is slow to fail, and a line without the phrase's words never needs it.
_CHROME_NOTICE = re.compile(
    r"^(?:"
    r".{0,200}\ball rights reserved\b.{0,200}|"
    r".{0,200}\b(?:this (?:web)?site uses cookies|we use cookies|cookie policy|accept cookies|privacy policy)\b"
    r".{0,300}"
    # The same notice in the collection's other languages: "Utilizamos cookies propias ...", "Ce site
    # utilise des cookies", "Diese Website verwendet Cookies", "Questo sito utilizza cookie tecnici",
    # "Этот сайт использует файлы cookie", "Política de cookies".
    r"|.{0,200}\b(?:utilizamos|usamos|utiliza|usa|nous utilisons|utilise|wir verwenden|wir nutzen|verwendet"
    r"|nutzt|utilizziamo|usiamo|utilizza|мы используем|использует)\s(?:\w+\s){0,2}?cookies?\b.{0,300}"
    r"|.{0,200}\b(?:política de cookies|politique (?:de |des |relative aux )?cookies|cookie-richtlinie"
    r"|informativa (?:sui |estesa )?cookie|utilisation des cookies|verwendung von cookies"
    r"|utilizzo dei cookie|uso de cookies|использовани\w{1,3} (?:файлов )?cookie)\b.{0,300}"
    r")$",
    re.IGNORECASE,
)
_CHROME_ANYWHERE = re.compile(
    r"\(opens in (?:a )?new window\)|\bclick to (?:share|email|print|tweet)\b|"
    r"\b(?:this (?:web)?site|we) uses? cookies\b|"
    r"\bcookie (?:policy|settings|preferences)\b|\ball rights reserved\b|you are commenting using your\b|"
    r"fill in your details below or click an icon\b|"
    r"\bshare (?:this )?on (?:facebook|twitter|linkedin|whatsapp)\b",
    re.IGNORECASE,
)
# A link to another story set inside the article: "Related: <headline>", "Read more: <headline>",
# "[Related: ...]", "Also on rt.com <headline>", "(Leggi anche: ...)". The label says the rest is a
# headline, not the article's own sentence; a line that goes on as a sentence ends in a full stop.
_STORY_LINK = re.compile(
    r"^[\[(]?(?:(?:related|more)(?: (?:posts?|articles?|stories|story|content|coverage|reading|videos?))?"
    r"(?: from .{1,60})?|(?:read|see|watch) (?:more|also)|also(?: (?:read|see|watch))?|see also"
    r"|leggi anche(?: su)?|lire aussi|lea también|leia também|veja também|lesen sie auch|читайте также"
    r"|on [\w-]+\.(?:com|co\.uk|org|net))\s*:\s*\S.{0,240}"
    r"|^also on [\w-]+\.[a-z]{2,}\b.{1,240}",
    re.IGNORECASE,
)
STORY_LINK_MAX_WORDS = 30


def is_story_link(line: str) -> bool:
    """Whether the line is a labelled link to another story ("Related: ...", "Read more: ..."), not prose."""
    line = line.strip()
    # Every form holds a ":" but "Also on <site>"; a teaser headline ends in no full stop.
    if not (":" in line or line[:7].lower() == "also on") or (line.endswith(".") and not line.endswith("...")):
        return False
    return len(line.split()) <= STORY_LINK_MAX_WORDS and _STORY_LINK.match(line) is not None


# A newsletter sign-up box: its pitch, its form's labels and its answers ("Thanks for signing up!",
# "No spam, we promise"). Only short lines: an article about a newsletter says more around the words.
_SIGN_UP = re.compile(
    r"\b(?:sign(?:ing)? up|subscribe|join)\b.{0,80}\bnewsletters?\b"
    r"|\bthanks? (?:you )?for (?:signing up|subscribing)\b"
    r"|\bsucc?essfully subscribed\b|\bunsubscribe at any time\b|\berror processing your subscription\b"
    r"|\b(?:delivered|straight|right|directly) (?:to|in|into) your inbox\b|\bkeep an eye on your inbox\b"
    r"|\bno spam\b",
    re.IGNORECASE,
)
SIGN_UP_MAX_WORDS = 40


def is_sign_up(line: str) -> bool:
    """Whether the line belongs to a newsletter sign-up box, not to the article."""
    low = line.lower()
    # Every _SIGN_UP form holds one of these; most lines hold none and skip the pattern.
    if not ("newsletter" in low or "inbox" in low or "subscri" in low or "spam" in low or "signing up" in low):
        return False
    return len(line.split()) <= SIGN_UP_MAX_WORDS and _SIGN_UP.search(line) is not None


# Headings of a list of other stories' headlines ("Related stories", "More from UK", "Most read in
# world news", "DON'T MISS"): the short lines under one are those headlines, even inside the article.
_STORY_LIST_HEADING = re.compile(
    r"^(?:related(?: (?:articles|stories|content|news|links|reading|coverage|items|posts|videos))?|"
    r"more(?: (?:from|in|on) .{1,40}| great .{1,40} stories| (?:related )?(?:stories|articles|news|posts|videos))?|"
    r"(?:more|most) (?:popular|read|viewed|shared)(?: (?:stories|articles|posts|now|in .{1,40}))?|"
    r"top (?:stories|news)(?: in .{1,40})?|trending(?: now| news| stories)?|don['’]t miss|"
    r"recommended(?: for you| stories| articles| reading)?|(?:recent|latest|popular) (?:posts|stories|news|articles)|"
    r"you (?:may|might) also like|você pode gostar|artigos relacionados|articoli correlati|"
    r"artículos relacionados|articles similaires|похожие статьи|материалы по теме"
    r")$",
    re.IGNORECASE,
)
_STORY_LIST_HEADING_MAX_WORDS = 8
_TEASER_MAX_WORDS = 20


# Photo credits: "Photo: X", "Credit... X", "Jane Doe/Getty Images", "(Image: © NASA)".
_CREDIT = re.compile(
    r"(?:^|\W)(?:photo|image|picture|credit|courtesy|illustration)s?(?: credit)?(?::|\.\.\.|…)"
    r"|/(?:getty|ap|afp|reuters|epa|shutterstock|istock|alamy)\b|\b(?:getty|shutterstock|istock) ?images\b",
    re.IGNORECASE,
)
# Credits and captions the patterns above miss, as page text prints them (is_photo_credit): a credit
# standing alone ("Jason Cipriani/ZDNet", "Michael Conroy, AP", "Getty", "Courtesy of Jane Doe"),
# the BBC's labels ("Image copyright EPA", "Image caption <caption>"), a gallery's counter ("Image 1
# of 5", "1 of 6"), and a caption ending in its credit ("... in Hialeah, Fla. (AP Photo/Alan Diaz,
# File)", "... in 2001 [File: Reuters]", "... the moon. Credit: SpaceX"). Agencies are matched as
# written: "AP" is a credit, "ap" is not.
_AGENCY = (r"(?:AP|AFP|EPA|Reuters|REUTERS|Getty(?: Images)?|GETTY IMAGES|Shutterstock|iStock(?:photo)?|Alamy"
           r"|Bloomberg|Xinhua|Anadolu(?: Agency)?|NurPhoto|ZUMA(?: Press| Wire)?|Invision|PA(?: Images| Wire)?)")
_NAME = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)(?: (?:[A-Z][\w'’.-]*|[A-Z]\.|de|van|von|da|del|la|le)){0,4}"
# A person's name as a credit line prints it, in two words at least and not in capitals: a wire
# headline in capitals has slashes too ("TALKING POINT/GOLD").
_PERSON = r"(?:[A-Z][a-z][\w'’.-]*|[A-Z]\.)(?: (?:[A-Z][a-z][\w'’.-]*|[A-Z]\.|de|van|von|da|del|la|le)){1,4}"
_CREDIT_LINE = re.compile(
    r"^(?:"
    r"(?i:image|media|video|photo) (?i:copyright|caption|credit)\b.{0,300}"  # the BBC's labels
    r"|(?i:media playback is unsupported on your device)"  # the BBC's, where a video was
    r"|(?:(?i:images?|photos?|pictures?|slides?) )?\d{1,3} (?:of|/)(?: /)? \d{1,3}|(?i:caption)"
    rf"|{_PERSON}/[A-Z][\w&.-]*(?: Images)?(?: (?:for|via) {_NAME})?"  # "Jason Cipriani/ZDNet"
    # "Michael Conroy, AP", "AP Photo", "Getty"; not an agency's name alone, a wire's sign-off ("REUTERS").
    rf"|{_NAME}(?:,| /| for| via) {_AGENCY}(?: (?i:photo|file|file photo|images))?"
    rf"|{_AGENCY} (?i:photo|file photo|images)|Getty(?: Images)?|GETTY IMAGES"
    rf"|[A-Z][^.!?:]{{0,80}} via {_AGENCY}"  # "New York State Sex Offender Registry via AP"
    rf"|(?:{_NAME} )?(?i:submitted|file|handout|stock|contributed) (?i:photo|image)s?"
    r"|(?i:courtesy)(?: of)? [A-Z][^.!?]{0,60}"
    r")$"
)
# A caption's credit after its last sentence: in brackets ("(Joshua Roberts/Reuters)", "(AP)",
# "(Photo: Getty Images)") or bare ("© Reuters / David Mercado", "Photograph: AFP via Getty").
_CREDIT_TAIL = re.compile(
    r"[.!?\"'”’)]\s*(?:"
    r"\(\s*(?i:(?:photo(?:graph)?|image|picture)s?(?: credit)? ?(?::|by)|credits? ?:)[^()]{1,100}\)"
    r"|\(\s*[A-Z][^()/]{0,60}/\s*[A-Z][^()]{0,80}\)"
    rf"|\({_AGENCY}(?: (?i:photo|file))?\)"
    r"|(?:©|(?i:(?:photo(?:graph)?|image|picture|credit)s?:)) ?[^.!?©]{1,80}"
    rf"|{_NAME} ?/ ?{_AGENCY}(?: (?i:file|photo))?|Getty(?: Images)?"
    r")$"
    # Not an agency's name alone: "<headline> [Bloomberg]" is a list's link to another story.
    r"|\[(?:File: [^\[\]]{1,60}|[^\[\]]{1,60} via [^\[\]]{1,40})\]$"
)
CREDIT_LINE_MAX_WORDS = 12
CREDIT_LABEL_MAX_WORDS = 40  # "Image caption <the caption>"
CAPTION_MAX_WORDS = 60


def is_photo_credit(line: str) -> bool:
    """Whether the line is a photo's credit, or a caption that ends in one, not a line of the article.

    A sentence that mentions a photo or an agency is article text: the credit has to be the whole
    line, or stand after the caption's last sentence.
    """
    line = line.strip()
    words = len(line.split())
    if not line or words > CAPTION_MAX_WORDS:
        return False
    last = line[-1]
    # A credit on its own: short, and no sentence ("Getty", "Image 1 of 5"); the BBC's label longer.
    if ((words <= CREDIT_LINE_MAX_WORDS and last not in ".!?")
            or (words <= CREDIT_LABEL_MAX_WORDS and line[:6].lower() in ("image ", "media ", "video ", "photo "))):
        if _CREDIT_LINE.match(line):
            return True
    # A credit after a caption ends in a bracket, an agency's or a photographer's name (a capital
    # letter), or a word after "©" or "Photograph:"; every form holds "(", "[", "/", "©", ":" or "Getty".
    tail = line[-120:]
    return (("(" in tail or "[" in tail or "/" in tail or "©" in tail or ":" in tail or "Getty" in tail)
            and _CREDIT_TAIL.search(tail) is not None)


# Byline/date furniture: "2 days ago at 07:52 am", "Updated 10:28am EST", "Rating: 36 Votes".
_META = re.compile(
    r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|gmt|utc|et|est|edt|pst|cst|bst|cet|ist)?\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b"
    r"|^(?:by|posted|published|updated|written by)\b",
    re.IGNORECASE,
)
# A line giving the day a post was published: "Posted on …", "Publicado el …", "Publié le …".
_POSTED = re.compile(
    r"(?:posted|published|first published|publicad[oa]|publié(?:e)?|veröffentlicht|pubblicat[oa]|postad[oa]"
    r"|опубликовано)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written by|posted by|author|words by|text|reporting by)\b[: ]", re.IGNORECASE)


@dataclass(slots=True)
class _Line:
    text: str
    words: int
    key: str  # lower-cased, trailing punctuation dropped: what the marker patterns match
    tokens: list[str]  # the line's words as _WORD finds them
    low: str  # text.lower(), once for the hint tests and the headline-repeat search
    score: float = 0.0
    caption: bool = False
    chrome: bool = False  # _is_chrome(self), set by _score_lines for every line
    joined: bool = False  # no blank line between this line and the one before
    continues: bool = False  # the next line carries this one's sentence on: one paragraph (_extend_back)


def extract_text(text: str, *, find_date_and_source: bool = True) -> PageContent:
    """Split a page-text capture into headline and article body, dropping page chrome.

    `find_date_and_source=False` leaves the date and source unset, for a capture whose sidecar
    gives both: looking for them was a tenth of this function's time.
    """
    if not isinstance(text, str) or not text.strip():
        return PageContent(body="")
    # A dump of an archive's copy: the archive's banner is no part of the page, and names the copy.
    text, archived = webarchives.strip_text_banner(text)
    url = archived.copy if archived else None
    if (channel := platforms.copied_channel(text)) is not None:
        # Many posts, each its own: no headline and no article block among them.
        return PageContent(body=channel.body, title=channel.title, source=channel.author, url=url)
    # A terminal browser's list of the page's link addresses (lynx -dump), and its link numbers.
    text, links = textdumps.strip_link_list(text)
    lines = _prepare(text, links)
    if not lines:
        return PageContent(body="")
    _score_lines(lines)

    title_index, title, start, end, lo, hi = _locate_article(lines)
    lo = _extend_back(lines, lo, start)
    hi = _extend_forward(lines, hi, end)
    if title is None:
        title = _guess_title(lines, lo)
    # A post copied from X, Mastodon or Facebook is headed by its account's name above its handle or
    # its time: the name is who posted it, as a saved page of the post says, and the post's own words
    # are its title.
    account = None
    if (title_index is not None and title_index + 1 < len(lines)
            and platforms.is_account_line(lines[title_index + 1].text)):
        account = title

    _drop_story_lists(lines, lo, hi)
    body_lines = _paragraphs(lines[lo:hi])
    if not body_lines:
        # A short item (a results table, a one-line news flash) has no block of prose: keep
        # everything but the headline and known chrome rather than lose the capture.
        body_lines = [ln.text for ln in lines if ln.text != title and not (ln.caption or ln.chrome)]
    if not body_lines:
        # One paragraph and nothing else: it is the article, even if it also served as the headline.
        body_lines = [ln.text for ln in lines if not (ln.caption or ln.chrome) and ln.words >= 8]
    body_lines = _join_drop_caps(body_lines, lines)
    body = "\n\n".join(body_lines)
    if account:
        title = platforms.post_title(body) or title
    if not find_date_and_source:
        return PageContent(body=body, title=title, url=url)
    header = [ln.text for ln in lines[max(0, start - 3) : lo]]
    pub_date, source = _date_and_source(header, body_lines, lines[hi : hi + 4])
    if pub_date is None:
        # A post copied from X or Mastodon: its time and day below it, past its buttons.
        pub_date = next(filter(None, (platforms.copied_post_date(ln.text) for ln in lines[hi : hi + 4])), None)
    if archived and not source and archived.host:
        source = publishers.publisher_of_host(archived.host)  # the page's site, as an HTML page's address names it
    return PageContent(body=body, title=title, date=pub_date, source=source or account, url=url)


# --- lines ---------------------------------------------------------------------------------------


def _prepare(text: str, links: frozenset[int] = frozenset()) -> list[_Line]:
    # The link numbers go after the unwrapping: the browser wrapped the lines with them.
    text = unwrap(text.replace("\r\n", "\n").replace("\r", "\n"), wrapped=bool(links))
    text = textdumps.strip_link_numbers(text, links)
    # Without non-ASCII characters and the ASCII whitespace outside _SPACES, str.split() splits at
    # exactly the runs _SPACES replaces and strip() would drop the end ones: the same line, faster.
    plain = text.isascii() and not has_odd_ascii_space(text)
    # On such text the words of every line come from one byte-table translation of the whole text
    # (each character maps to itself, so lines stay aligned): splitting a line of it at spaces gives
    # what _WORD.findall gives, which cost about 4 µs a line. Joining a line's whitespace runs
    # changes no word, but removing bold markers can join two ("a**b**c"), so those lines use _WORD.
    word_lines = (text.encode("ascii").translate(_ASCII_WORD_CHARS).decode("ascii").split("\n") if plain
                  else repeat(""))
    out: list[_Line] = []
    joined = False
    for raw, word_line in zip(text.split("\n"), word_lines, strict=False):  # word_lines may be endless
        raw = raw[:MAX_LINE_CHARS]
        line = " ".join(raw.split()) if plain else _SPACES.sub(" ", raw).strip()
        if not line:
            joined = False
            continue
        if "**" in line:
            line = _BOLD.sub(r"\1", line)
            tokens = _WORD.findall(line)
        elif plain:
            tokens = word_line[:MAX_LINE_CHARS].split()
        else:
            tokens = _WORD.findall(line)
        out.append(_Line(line, _word_count(line, len(tokens)), _key(line), tokens, line.lower(), joined=joined))
        joined = True
        if len(out) >= MAX_LINES:
            break
    return out


# ASCII byte → itself if \w matches it or it is a newline, else a space.
_ASCII_WORD_CHARS = bytes(c if chr(c).isalnum() or c in b"_\n" else 32 for c in range(128)) + bytes(range(128, 256))


def has_odd_ascii_space(text: str) -> bool:
    """_ODD_ASCII_SPACE.search(text) is not None: six substring scans cost a tenth of the regex's one."""
    return ("\x0b" in text or "\x0c" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text
            or "\x1f" in text)


def _word_count(line: str, words: int) -> int:
    # Scripts written without spaces (Chinese, Japanese) make one long "word" of a whole clause;
    # a couple of characters carry about what an English word does.
    if words and len(line) > 24 and words < len(line) // 12:
        return max(words, len(line) // 3)
    return words


def _key(line: str) -> str:
    return line.strip().rstrip(" :.!…»›>|-–—").strip().lower()


def _ends_sentence(text: str) -> bool:
    last = text[-1:]
    if last == "-" or last == "#":
        # A news agency's end mark after the last sentence: "... than planned. -0-", "-30-", "###".
        mark = _END_MARK.search(text)
        return mark is not None and text[: mark.start()][-1:] in _SENTENCE_END_CHARS
    if last in "rRsS" or text.endswith(("...", "…")):
        # A wire's sign-off after the last sentence, on its line ("... in 1987. Reuter"): unwrap
        # joins it when the sentence filled the line.
        mark = _SIGN_OFF.search(text, max(0, len(text) - _SIGN_OFF_TAIL))
        if mark is not None and mark.start() > 0:
            return text[: mark.start()][-1:] in _SENTENCE_END_CHARS
    if last in _SENTENCE_END_CHARS:
        return True
    # A post's last sentence followed by its hashtags, a handle or a link, as platforms print them:
    # "... solidarity meetings this week. #DPRK76", "... of the WPK! pcrf.es/declaracion-wpk".
    tail = text[-_TAGS_TAIL:]
    if "#" in tail or "/" in tail or "@" in tail:
        words = tail.split()
        tags = 0
        while len(words) > 1 and tags < _MAX_TAGS and _TAG.fullmatch(words[-1]):
            words.pop()
            tags += 1
        return tags > 0 and words[-1][-1:] in _SENTENCE_END_CHARS
    return False


# A hashtag, a handle or a link (with its scheme, "www." or a path after a domain), as one word.
_TAG = re.compile(r"#\w+|@\w+|(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE)
_MAX_TAGS = 8
_TAGS_TAIL = 300  # characters: where a line's closing tags are looked for


_END_MARKS = r"-0-|- ?30 ?-|#{3}"
_END_MARK = re.compile(rf"\s+(?:{_END_MARKS})$")
# The same marks, and a wire service's sign-off ("Reuter", "REUTER..."), at the end of an article.
_SIGN_OFF_MARKS = rf"{_END_MARKS}|(?i:reuters?)(?:\.\.\.|…)?"
_SIGN_OFF = re.compile(rf"\s+(?:{_SIGN_OFF_MARKS})$")
_SIGN_OFF_LINE = re.compile(rf"\s*(?:{_SIGN_OFF_MARKS})\s*")
_SIGN_OFF_TAIL = 40  # characters: a sign-off is searched for in the body's end only


def strip_sign_off(body: str) -> str:
    """The body without a news agency's end mark or sign-off after its last sentence or on a line
    of its own: KCNA ends every item with "-0-", the Reuters wire with "Reuter". Kept, they
    matched a search for "reuters" in every Reuters item and ended snippets.
    """
    tail_at = max(0, len(body) - _SIGN_OFF_TAIL)
    mark = _SIGN_OFF.search(body, tail_at)
    if mark is None or mark.start() == 0:
        return body
    before = body[: mark.start()]
    if "\n" in mark.group(0) or before[-1:] in _SENTENCE_END_CHARS:
        return before
    return body


# Only _CHROME's "copyright ..." and "<number> shares" forms match more characters than this;
# _CHROME_NOTICE's longest is a cookie notice, 200 + 25 + 300. Longer lines skip the patterns.
_CHROME_MAX_CHARS = 600


def _ascii_non_starters(starts: str) -> frozenset[str]:
    """ASCII characters that are none of `starts` in either case.

    A key beginning with one cannot match an anchored IGNORECASE pattern all of whose matches begin
    with one of `starts`. Only ASCII: a first character such as ſ or the Kelvin sign may still match
    an ASCII letter of the pattern, so lines beginning with any other character go to the pattern.
    """
    return frozenset(map(chr, range(128))) - set(starts + starts.upper())


# The first characters each pattern's branches can begin with (test_textclean checks them against
# the patterns).
_CHROME_SKIP = _ascii_non_starters("abcdefghijklmnpqrstvwy(0123456789")
_END_SKIP = _ascii_non_starters("acdfhjklnprsvwy0123456789")
_SOFT_SKIP = _ascii_non_starters("acdflmprstw")


def _is_end_marker(key: str) -> bool:
    return key[:1] not in _END_SKIP and _END_MARKERS.match(key) is not None


def _chrome_line(key: str) -> bool:
    """Whether the whole line (its key) is one of the _CHROME or _CHROME_NOTICE forms."""
    if len(key) > _CHROME_MAX_CHARS and not (key.startswith("copyright") or key[:1].isdecimal()):
        return False
    if key[:1] not in _CHROME_SKIP and _CHROME.match(key):
        return True
    # Every _CHROME_NOTICE form holds one of these phrases (the tests are written out: a
    # generator over a tuple of hints costs more than the tests).
    return (len(key) <= _CHROME_MAX_CHARS
            and ("rights reserved" in key or "cookie" in key or "privacy policy" in key)
            and bool(_CHROME_NOTICE.match(key)))


# The longest of a platform's chrome lines (platforms.py): X's sign-up notice.
_PLATFORM_CHROME_WORDS = 16


def _is_chrome(line: _Line) -> bool:
    # A URL begins with h or w, which IGNORECASE matches with nothing but their two cases.
    if _chrome_line(line.key) or (line.text[:1] in "hHwW" and _URL_ONLY.match(line.text)):
        return True
    if line.words <= _PLATFORM_CHROME_WORDS and platforms.is_copied_chrome(line.key):
        return True
    if line.words <= STORY_LINK_MAX_WORDS and is_story_link(line.text):
        return True
    # Every _CHROME_ANYWHERE phrase holds one of these; substring tests are much cheaper than
    # running the pattern at every position of every paragraph.
    low = line.low
    return (("share" in low or "cookie" in low or "click to" in low or "new window" in low
             or "rights reserved" in low or "commenting using" in low or "fill in your details" in low)
            and bool(_CHROME_ANYWHERE.search(line.text)))


def _score_lines(lines: list[_Line]) -> None:
    """Score every line, then adjust for context: repeats, menu runs, captions above photo credits."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.key] = counts.get(line.key, 0) + 1
    run = 0
    for i, line in enumerate(lines):
        line.chrome = _is_chrome(line)
        line.score = _score(line)
        if counts[line.key] > 1 and not _is_list_item(line.text):
            # Article paragraphs are not printed twice; menus, teasers and share bars are.
            line.score = min(line.score, -4.0 if line.words < 10 else 0.0)
        if line.words <= 25 and _has_credit(line):
            line.score = min(line.score, -6.0)
            line.caption = True
            if (line.words <= 8 and i > 0 and lines[i - 1].words <= 60
                    and not _has_credit(lines[i - 1])):
                # The line above a photo credit is the photo's caption.
                lines[i - 1].score = min(lines[i - 1].score, -3.0)
                lines[i - 1].caption = True
        # A menu is a run of short lines: each further one weighs more against the block.
        run = run + 1 if line.score < 0 else 0
        if run > 2:
            line.score -= min(run - 2, 6) * 0.5
    for i, line in enumerate(lines):
        if line.score > 0 and _gap_before(lines, i) and _gap_after(lines, i):
            # A lone paragraph between runs of short lines is a teaser in a list of other stories.
            line.score *= 0.2


def _gap_before(lines: list[_Line], i: int) -> bool:
    return i >= 2 and _is_gap(lines[i - 1]) and _is_gap(lines[i - 2])


def _gap_after(lines: list[_Line], i: int) -> bool:
    return i + 2 < len(lines) and _is_gap(lines[i + 1]) and _is_gap(lines[i + 2])


def _is_gap(line: _Line) -> bool:
    # A photo and its caption interrupt an article without ending it.
    return line.score < 0 and not line.caption


def _score(line: _Line) -> float:
    """Article evidence of one line: its word count if it reads like prose, a penalty if it is chrome."""
    text = line.text
    key = line.key
    if line.chrome or _is_end_marker(key) or (key[:1] not in _SOFT_SKIP and _SOFT_MARKERS.match(key)):
        return -6.0
    words = line.words
    ends_sentence = _ends_sentence(text)
    if _is_list_item(text) and words >= 2 and not (words <= 6 and dates.date_line(text)):
        # A German date line ("25. März 2024") opens with a day and a dot, as a numbered item does.
        return 0.5 if words < 10 else float(words)
    if words <= 25 and _has_meta(line):
        return -4.0
    if 5 <= words <= 8 and ends_sentence and dates.date_line(text):
        # A date line in brackets reads as a closed sentence ("[주체113(2024)년 3월 25일]", five words):
        # it stood at the head of a Korean item's body. (Shorter lines score as no prose anyway.)
        return -4.0
    if words >= 10 and ends_sentence:
        # A sentence closed by an agency's end mark is the article's last, even if it is mostly names
        # ("They were greeted by Vice Foreign Minister Kim Jong Gyu ... Airport. -0-").
        return float(words) if _reads_like_prose(line) or text[-1:] in "-#" else -2.0
    if words >= 20 and _reads_like_prose(line):
        return words * 0.5
    if words >= 5 and ends_sentence:
        return words * 0.3
    if words >= 4 and not _reads_like_prose(line):
        return -3.0  # a headline of some other story
    return -2.0


# The pre-checks below test what a pattern cannot match without, so most lines skip the pattern:
# _CREDIT and _META search at every position of the line, which is slow even where nothing is found.
# Under IGNORECASE, re matches a few letters with other characters too (i with ı and İ, k with the
# Kelvin sign, s with ſ); the hints avoid those letters, so testing text.lower() for them is exact.


def _is_list_item(text: str) -> bool:
    # _LIST_ITEM begins with a digit (\d: the characters str.isdecimal accepts) or a bullet.
    first = text[:1]
    return (first.isdecimal() or first in "•●▪◦‣*-") and _LIST_ITEM.match(text) is not None


def _has_credit(line: _Line) -> bool:
    # A credit word is followed by ":", "..." or "…", an agency follows "/", and the "<agency> images"
    # form holds "mage".
    text = line.text
    return ((":" in text or "/" in text or "..." in text or "…" in text or "mage" in line.low)
            and _CREDIT.search(text) is not None)


def _has_meta(line: _Line) -> bool:
    # A clock time holds ":", "<n> days ago" holds "ago", and the byline words begin with b, p, u or w.
    text = line.text
    return ((":" in text or "ago" in line.low or text[:1] in "bpuwBPUW")
            and _META.search(text) is not None)


def _reads_like_prose(line: _Line) -> bool:
    """Prose is mostly lower-case words; a long line of capitalised names is a menu or a tag list."""
    words = line.tokens
    if not words:
        return False
    capitalised = sum(map(str.isupper, map(itemgetter(0), words)))
    return capitalised <= 0.6 * len(words) or len(words) < 6


# --- headline --------------------------------------------------------------------------------------


def _norm_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _line_words(line: _Line) -> set[str]:
    """_norm_words(line.text), from what _prepare kept."""
    if line.text.isascii():
        # On ASCII text lower() only maps A-Z to a-z, which joins or splits no \w run: the words of
        # the lower-cased line are the line's words lower-cased.
        return set(map(str.lower, line.tokens))
    return set(_WORD.findall(line.low))


def _locate_article(lines: list[_Line]) -> tuple[int | None, str | None, int, int, int, int]:
    """Headline index and text, the article's bounds [start, end) and its best block [lo, hi).

    A browser capture often starts with the page's <title> ("Headline - Site"); the headline proper
    is repeated where the article begins, and whatever comes before it is navigation. Menus and
    galleries repeat headlines too, so the repeat followed by the strongest article block wins.
    Below the headline, up to a comment form, is where the article is.
    """
    first_index = _first_title_line(lines)
    candidates: list[int] = []
    if first_index is not None:
        first = lines[first_index].text
        # The whole <title>, and its longest part (the headline without the site's name).
        wanted = [_norm_words(first), _norm_words(max(_TITLE_SPLIT.split(first), key=len))]
        if wanted[1] == wanted[0]:
            del wanted[1]  # a <title> without a site name; the same test twice
        # A line much longer than the <title> is a paragraph that opens with the headline's words.
        most_words = min(40, lines[first_index].words + 8)
        for i in range(first_index + 1, len(lines)):
            line = lines[i]
            if (2 <= line.words <= most_words
                    and _similar_to_any(_line_words(line), wanted)
                    and not _is_end_marker(line.key)
                    and not _opens(lines, i) and not _runs_on(lines, i - 1) and not _leads(lines, i)
                    and not lines[i].text.endswith(".")
                    and dates.find_dateline(line.text) is None):  # "Pyongyang, May 2 (KCNA) -- ..." opens the article
                candidates.append(i)
                if len(candidates) >= MAX_HEADLINE_REPEATS:
                    break
    glo, ghi, _ = _best_block(lines, 0, len(lines))
    above = [i for i in candidates if i < glo + 3]
    # Inside a run of prose, a line ending in a full stop is a sentence that shares the headline's
    # words ("The era of our state-first principle calls true patriots."), not the headline.
    inside = [i for i in candidates if glo + 3 <= i < ghi and not lines[i].text.endswith(".")]
    if above:
        # The repeat nearest above the page's strongest block of prose.
        index = above[-1]
    elif inside:
        # The strongest block began with teasers of other stories: the headline sits inside it.
        index = max(inside, key=lambda i: _best_block(lines, i + 1, _end_marker(lines, i + 1))[2])
    else:
        index = None
    if index is not None:
        start = index + 1
        end = _end_marker(lines, start)
        lo, hi, _ = _best_block(lines, start, end)
        return index, lines[index].text, start, end, lo, hi
    lo, hi, _ = _best_block(lines, 0, len(lines))
    if first_index is not None:
        # A one- or two-word first line may be a menu item ("Home"), and a first line with a menu
        # under it a site's name or tagline ("Standing with the people of Korea since 1998", above
        # "Home", "About", "Statements"): a headline-like line standing just above the article,
        # below it, is the better headline. Not below a page's <title> ("About bugs – Vortex"),
        # whose headline is the first part of it when no repeat of it was found.
        below = _headline_before(lines, first_index + 1, lo)
        first = lines[first_index]
        if below is not None and (first.words < 3 or (_menu_between(lines, first_index + 1, below)
                                                       and _TITLE_SPLIT.search(first.text) is None)):
            start = below + 1
            end = _end_marker(lines, start)
            lo, hi, _ = _best_block(lines, start, end)
            return below, lines[below].text, start, end, lo, hi
    if first_index is not None and first_index <= lo + 2:
        start = first_index + 1
        end = _end_marker(lines, start)
        lo, hi, _ = _best_block(lines, start, end)
        return first_index, _strip_site_name(lines[first_index].text), start, end, lo, hi
    end = _end_marker(lines, 0)
    lo, hi, _ = _best_block(lines, 0, end)
    return None, None, 0, end, lo, hi


def _similar_to_any(a: set[str], wanted: list[set[str]]) -> bool:
    for w in wanted:  # a loop, not any() over a generator: called for most lines of a page
        if _similar(a, w):
            return True
    return False


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    size_a, size_b = len(a), len(b)
    if min(size_a, size_b) < 3:
        return a == b
    # Both tests below fail unless each set is at most twice the other's size: a Jaccard index of
    # 0.5 needs 3·|a∩b| ≥ |a| + |b|, and a ⊆ b with |a| ≥ 0.6·|b| needs |b| < 2·|a|.
    if size_a > 2 * size_b or size_b > 2 * size_a:
        return False
    # A line made of the title's words and most of them: the headline, maybe shortened or re-cased.
    # |a ∪ b| = |a| + |b| - |a ∩ b|, and a ⊆ b exactly when |a ∩ b| = |a|.
    common = len(a & b)
    return common / (size_a + size_b - common) >= 0.5 or (common == size_a and size_a >= 0.6 * size_b)


def _runs_on(lines: list[_Line], i: int) -> bool:
    """Line i stops mid-sentence and the next line, with no blank line between, carries the sentence
    on (starts in lower case, and is no byline; or line i stops on a word no headline ends with):
    both belong to one paragraph, and neither is a headline, however many of the headline's words
    they share."""
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if not nxt.joined or _ends_sentence(lines[i].text):
        return False
    if nxt.text[:1].islower():
        return not _BYLINE.match(nxt.text)
    # A line that stops on a word no headline ends with ("... fell 2.7 pct in" / "May to ...").
    tokens = lines[i].tokens
    return bool(tokens) and tokens[-1].lower() in _RUN_ON_WORDS


_RUN_ON_WORDS = frozenset("a an the of to in on at for with by from and or was were is are be that".split())


_LEADING_CHROME = 30  # lines: X's copied page has a dozen above the post


def _first_title_line(lines: list[_Line]) -> int | None:
    """The first line that can be a headline: not a date line and not a short label above one."""
    # A platform's page copied whole opens with its sign-in prompts, which are no candidates at all.
    first = next((i for i, line in enumerate(lines[:_LEADING_CHROME]) if not line.chrome), 0)
    for i in range(first, min(len(lines), first + 5)):
        line = lines[i]
        if dates.date_line(line.text) or line.chrome:
            continue
        # The line under it, past chrome: an account's name above its handle is no section label.
        after = next((j for j in range(i + 1, min(len(lines), i + 4)) if not lines[j].chrome), i + 1)
        nxt = lines[after] if after < len(lines) else None
        if (line.words <= 3 and nxt is not None and 3 <= nxt.words <= 25
                and not _ends_sentence(nxt.text) and not dates.date_line(nxt.text) and not _runs_on(lines, after)):
            # A section label ("Foreign Affairs") standing above the headline.
            continue
        return i
    return 0 if lines else None


def _strip_site_name(title: str) -> str:
    if not any(map(str.islower, title)):
        # A headline in capitals is a wire headline, and what follows its dash names who said or
        # reported it ("... WITHIN G-6 LEVELS - SUMITA", "... SEEN LOWER -- USDA"), not a site.
        return title
    parts = _TITLE_SPLIT.split(title)
    if len(parts) >= 2:
        head = " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
        if len(_WORD.findall(parts[-1])) <= 4 and len(_WORD.findall(head)) >= 3:
            return head.strip()
    return title


# Lines of a menu between a page's first line and its headline: at least this many short ones.
_MENU_LINES = 3


def _menu_between(lines: list[_Line], begin: int, end: int) -> bool:
    """Whether lines[begin:end] hold a menu: a run of _MENU_LINES or more chrome lines or items of one or
    two words without a digit (a wire table's rows and headings, "2nd qtr", "CORN (cont.)", are none)."""
    run = 0
    for line in lines[begin:end]:
        if line.chrome or (line.words <= 2 and not any(map(str.isdigit, line.text))):
            run += 1
            if run >= _MENU_LINES:
                return True
        else:
            run = 0
    return False


def _headline_before(lines: list[_Line], begin: int, lo: int) -> int | None:
    """Index of a headline-like line (3-25 words, not a sentence) among the few lines before `lo`."""
    for i in range(min(lo + 1, len(lines)) - 1, max(begin, lo - 4) - 1, -1):
        line = lines[i]
        if (3 <= line.words <= 25 and not _ends_sentence(line.text) and not line.chrome
                and not dates.date_line(line.text) and not _BYLINE.match(line.text)
                and not (line.words < 10 and dates.find_dates(line.text))):
            # Not a byline ("By X") nor a short line holding a date ("Publié le 25 mars 2024",
            # "Published on 25 March 2024"): those stand between the headline and the article.
            return i
    return None


def _guess_title(lines: list[_Line], lo: int) -> str | None:
    for line in reversed(lines[max(0, lo - 6) : lo]):
        if 3 <= line.words <= 25 and not line.chrome and not dates.date_line(line.text):
            return line.text
    return None


# --- article block ---------------------------------------------------------------------------------


def _best_block(lines: list[_Line], start: int, end: int) -> tuple[int, int, float]:
    """The run of lines [lo, hi) with the highest total score (Kadane) within [start, end), and that score."""
    best_sum, best = 0.0, (start, start)
    run_sum, run_start = 0.0, start
    for i in range(start, end):
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += lines[i].score
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i + 1)
    return best[0], best[1], best_sum


def _end_marker(lines: list[_Line], start: int) -> int:
    """Index of the first comment-form or related-posts heading that follows article prose."""
    prose = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if prose >= 30 and _is_end_marker(line.key) and not _is_button(lines, i):
            return i
        if line.score >= 5:
            prose += line.words
    return len(lines)


def _is_button(lines: list[_Line], i: int) -> bool:
    """A "Comment" link in a row of share buttons ("Tweet", "Share", "Comment") under a standfirst is
    no comments heading: taken for one, it ended Slate's article before its first paragraph."""
    return lines[i].key == "comment" and i > 0 and lines[i - 1].chrome and lines[i - 1].words <= 2


def _extend_back(lines: list[_Line], lo: int, start: int) -> int:
    """Take back plain text lines between the headline and the block (a sub-headline, an intro)."""
    while lo > start:
        carries = _carries_on(lines, lo - 1, start)
        if carries or _takes_back(lines[lo - 1]):
            lines[lo - 1].continues = carries
            lo -= 1
        elif _table_above(lines, start, lo):
            lo = start
        elif lo - 1 > start and _SIGN_OFF_LINE.fullmatch(lines[lo - 1].text):
            # The block follows the wire's sign-off on its own line ("Reuter", "-0-"): a note after the
            # item ("Update: this story was revised with new figures."), which outscored a results
            # table with no prose and was the whole body. The item is above it; the note stays after
            # it, and the sign-off is no paragraph.
            lines[lo - 1].chrome = True
            above, _, found = _best_block(lines, start, lo - 1)
            lo = above if found > 0 else start
        elif (lo - 1 > start and lines[lo - 1].words < 4 and not _is_meta(lines[lo - 1])
              and _takes_back(lines[lo - 2]) and _has_figure(lines[lo - 2]) and _has_figure(lines[lo])):
            # A short label between rows of figures ("Year", "Nine mths" in a results table) goes with them.
            lo -= 2
        else:
            break
    return lo


def _carries_on(lines: list[_Line], i: int, start: int) -> bool:
    """Line i is the first part of a paragraph that goes on in line i + 1 (see _opens, _leads)."""
    line = lines[i]
    return not line.chrome and not _is_meta(line) and (_opens(lines, i) or (i == start and _leads(lines, i)))


def _opens(lines: list[_Line], i: int) -> bool:
    """Line i is the first part of line i+1's sentence, however short: a wire item's first line,
    shortened when its dateline was cut ("Thousands of black" / "mineworkers roared support ...",
    "<Alcan Aluminiumwerke" / "GmbH>, a subsidiary ..."), which unwrap leaves apart as it would a
    heading."""
    if _runs_on(lines, i):
        return True
    text = lines[i].text
    # A name in brackets broken over the lines: the next line closes it.
    return (i + 1 < len(lines) and lines[i + 1].joined
            and (text.count("<") > text.count(">") or text.count("(") > text.count(")")))


def _leads(lines: list[_Line], i: int) -> bool:
    """Line i, straight under the headline, is the first line of the paragraph after it: it follows
    a blank line, the paragraph follows it with none, and it ends no sentence ("National Health
    Enhancement" / "Systems Inc said it is offering ...")."""
    if lines[i].joined or i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    return nxt.joined and nxt.score > 0 and not _BYLINE.match(nxt.text) and not _ends_sentence(lines[i].text)


def _drop_story_lists(lines: list[_Line], lo: int, hi: int) -> None:
    """Mark a story-list heading inside the article and the headlines under it as chrome, the
    lines of a newsletter sign-up box, and photo credits with the captions they end (is_photo_credit).

    The list sits between paragraphs (or after the last one, before more prose), so the block holds
    it; the scores stay as they are, so the article's bounds do not move. A headline ends in no full
    stop and is short: the first line that reads as a paragraph ends the list.
    """
    i = lo
    while i < hi:
        line = lines[i]
        i += 1
        if line.words <= SIGN_UP_MAX_WORDS and is_sign_up(line.text):
            line.chrome = True
        elif line.words <= CAPTION_MAX_WORDS and not line.caption and is_photo_credit(line.text):
            line.chrome = True
            above = lines[i - 2] if i >= 2 else None
            if (above is not None and line.joined and line.words <= CREDIT_LINE_MAX_WORDS
                    and above.words <= CAPTION_MAX_WORDS and not (above.caption or above.chrome)):
                # A credit printed with no blank line under a caption ends it; under a paragraph a
                # blank line stands between ("Jason Cipriani/ZDNet" under a review's paragraph).
                above.chrome = True
        if line.words > _STORY_LIST_HEADING_MAX_WORDS or not _STORY_LIST_HEADING.match(line.key):
            continue
        line.chrome = True
        while i < hi and _is_teaser(lines[i]):
            lines[i].chrome = True
            i += 1


def _is_teaser(line: _Line) -> bool:
    text = line.text
    closes = text.endswith((".", "!")) and not text.endswith(("...", "…"))
    return 0 < line.words <= _TEASER_MAX_WORDS and not closes


def _paragraphs(lines: list[_Line]) -> list[str]:
    """The body's paragraphs: each line, but a line that `continues` and the next make one."""
    out: list[str] = []
    carry = False
    for line in lines:
        if line.caption or line.chrome:
            carry = False
            continue
        if carry:
            out[-1] += " " + line.text
        else:
            out.append(line.text)
        carry = line.continues
    return out


# A drop capital that page text prints apart from its word: a paragraph's first letter, a space, and
# the word's rest in lower case ("H ong Kong is burning", "T he Davis Cup Final began").
_DROP_CAP = re.compile(r"([A-Z]) ([a-z]+)\b")
# Letters that are words of their own ("A man", "I am", "E poi", "Y luego"): such a letter is a drop
# capital only if what follows it is no word of the page ("A dam" where the page writes "Adam").
_LETTER_WORDS = frozenset("AIOEYU")


def _join_drop_caps(paragraphs: list[str], lines: list[_Line]) -> list[str]:
    """The paragraphs with a drop capital joined to its word, when the page writes the word whole
    elsewhere: "H ong Kong" on a page that says "Hong Kong", not "B vitamins" nor "A new law"."""
    counts: Counter[str] | None = None
    page: str | None = None
    out = paragraphs
    for n, paragraph in enumerate(paragraphs):
        # The pattern runs only on paragraphs that begin with a capital, a space and a lower-case letter.
        if paragraph[1:2] != " " or not paragraph[2:3].islower() or not paragraph[:1].isupper():
            continue
        match = _DROP_CAP.match(paragraph)
        if match is None:
            continue
        letter, rest = match.groups()
        word = (letter + rest).lower()
        # Most such paragraphs begin with a word ("A spokesman said"): the joined word is then nowhere
        # on the page, which one search of its lower-cased text shows without counting every word
        # (a word found lower-cased is in it: the joined word is ASCII, and lower() is per letter).
        if page is None:
            page = "\n".join(line.low for line in lines)
        if word not in page:
            continue
        if counts is None:
            counts = Counter(token.lower() for line in lines for token in line.tokens)
        # The rest of a word split off is no word of the page but here ("dam" of "A dam Schiff").
        if counts[word] and (letter not in _LETTER_WORDS or counts[rest] <= 1):
            if out is paragraphs:
                out = list(paragraphs)
            out[n] = letter + paragraph[2:]
    return out


def _table_above(lines: list[_Line], start: int, lo: int) -> bool:
    """Everything between the headline and the block is a table that runs into it: rows of figures
    ("Qtly div 51 cts vs 51 cts", "Pay April 9", "Record March 25") and short labels ("Year"), two
    rows at least. A results table is the item, however short its rows."""
    return all(line.joined for line in lines[start + 1 : lo + 1]) and _table_rows(lines[start:lo])


def _table_rows(rows: list[_Line]) -> bool:
    """Rows of figures and short labels, two with figures at least, none a date line, byline or chrome.
    A row comparing two values is a row of figures, in words too ("Qtly div six cts vs six cts")."""
    # The cheap tests first, row by row: a page's tail of prose or links fails at its first line.
    return (all((line.words <= 4 or _has_figure(line) or _compares(line)) and not line.chrome
                and not _BYLINE.match(line.text) for line in rows)
            and sum(map(_has_figure, rows)) >= 2
            # A day labelled as the page's ("Published: July 27, 2023") is no row; a note under a table
            # ("started operations March 31, 1985") and a day without its year ("Pay April 9") are.
            and all(dates.date_line(line.text) is None for line in rows)
            and not any(_DAY_LABEL.match(line.text) and dates.find_dates(line.text) for line in rows))


# The label of a line giving the page's day: "Published: July 27, 2023", "Updated: February 3, 2024".
_DAY_LABEL = re.compile(r"(?:posted|published|first published|(?:last )?(?:updated|modified))\b", re.IGNORECASE)


def _compares(line: _Line) -> bool:
    return line.words <= 12 and "vs" in line.tokens


def _has_figure(line: _Line) -> bool:
    return any(token[:1].isdigit() for token in line.tokens)


def _takes_back(line: _Line) -> bool:
    # A date inside a sentence does not make it a date line ("savings bank on Jan 14, 1986. Such
    # information is misleading"): one of ten words or more is prose that mentions a date.
    return line.words >= 4 and line.score > -6 and not (
        _BYLINE.match(line.text) or line.chrome or (line.words < 10 and dates.find_dates(line.text)))


def _extend_forward(lines: list[_Line], hi: int, end: int) -> int:
    """Keep a short closing block ("August 16, 2017" / "Pyongyang", or a last sentence that reads
    like a list of names) when nothing but an end marker follows."""
    # A wrapped sentence whose first line was taken for a block of its own goes on in lower case
    # ("The Panama Canal Commission, a U.S." / "government agency, said in its daily ...").
    while hi < end and lines[hi].joined and lines[hi].text[:1].islower() and _takes_back(lines[hi]):
        lines[hi - 1].continues = True  # one paragraph (_paragraphs)
        hi += 1
    tail = lines[hi:end]
    if len(tail) <= 4 and all((ln.words <= 15 or _ends_sentence(ln.text)) and ln.score > -6 for ln in tail):
        return end
    rows = tail[:-1] if tail and _SIGN_OFF_LINE.fullmatch(tail[-1].text) else tail  # "Reuter" stands apart
    if all(line.joined for line in rows) and _table_rows(rows):
        return end  # a table of figures that runs on from the last paragraph to the end
    return hi


def _is_meta(line: _Line) -> bool:
    return bool(_BYLINE.match(line.text) or dates.find_dates(line.text) or line.chrome)


# --- date and source -------------------------------------------------------------------------------


def _date_and_source(
    header: list[str], body: list[str], trailer: list[_Line]
) -> tuple[date | None, str | None]:
    """Publication date and agency. Dates of events told in the prose are never the publication date."""
    dateline, dateline_day = dates.opening_dateline(body)
    source = dateline.agency if dateline else None

    # A date line above or around the headline (blogs print the post date there), or a post line
    # ("Posted on July 27, 2023 by admin"), is the publication date: the one nearest the article, as a
    # site's header above it may print the day of the visit ("Monday, November 30, 2026").
    for line in reversed(header[-6:]):
        found = dates.date_line(line) or (
            len(line) <= 120 and _POSTED.match(line) is not None and dates.byline_date(line))
        if found:
            return found, source
    if dateline_day:
        return dateline_day, source
    # A date standing alone on its line under a statement ("August 16, 2017" / "Pyongyang").
    for line in reversed(body[-80:] + [ln.text for ln in trailer[:4]]):
        found = dates.date_line(line)
        if found:
            return found, source
    # The byline zone just above the article ("By X · Nov 19, 2019 8:03 am ET").
    for line in header[-4:]:
        if len(line) <= 120:
            found = dates.byline_date(line)
            if found:
                return found, source
    return None, source
