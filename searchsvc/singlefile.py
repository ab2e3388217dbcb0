"""A page a browser saved as one file → the page's HTML, the charset its container declares, and the
address it was saved from.

Chrome, Edge and Opera save "Webpage, Single File" as MHTML (.mhtml; Internet Explorer and Word wrote
.mht): a MIME message whose first text/html part is the page, followed by its style sheets, images and
frames (further text/html parts). Safari saves a web archive (.webarchive): a property list whose main
resource is the page as served, with the encoding Safari read it in, its subresources and the archives
of its frames. Only the page is taken: the rest is what it looked like, and a frame is mostly an
advertisement or a widget. An MHTML message's Date: header is when the page was saved, not when it
was published, so it is not read.
"""

from __future__ import annotations

import email
import plistlib
import re
from dataclasses import dataclass
from email.message import Message

from .errors import CaptureSkipped

HTML_TYPES = ("text/html", "application/xhtml+xml")
_MEDIA_TYPE = re.compile(r"[a-z0-9][\w.+-]{0,40}/[a-z0-9][\w.+-]{0,80}")


@dataclass(frozen=True)
class SavedPage:
    html: bytes
    # As the container declares it: like an HTTP header's, it wins over the page's own declaration.
    charset: str | None
    url: str | None  # the address the page was saved from


def unpack(kind: str, data: bytes) -> SavedPage:
    """The page inside a capture of `kind` "mhtml" or "webarchive"; raises CaptureSkipped with a
    one-line reason."""
    if kind == "mhtml":
        return _mhtml(data)
    if kind == "webarchive":
        return _webarchive(data)
    raise ValueError(f"not a single-file page kind: {kind!r}")


def _mhtml(data: bytes) -> SavedPage:
    message = email.message_from_bytes(data)
    if message.get("Content-Type") is None:
        # What a file of anything else parses as: no header, or words taken for one.
        raise CaptureSkipped("not an MHTML file (no MIME headers)")
    page = _root_part(message)
    if page is None:
        raise CaptureSkipped("an MHTML file without a web page (no text/html part)")
    html = page.get_payload(decode=True)
    if not isinstance(html, bytes) or not html.strip():
        raise CaptureSkipped("an MHTML file whose web page is empty")
    url = _header(message, "Snapshot-Content-Location") or _header(page, "Content-Location")
    return SavedPage(html=html, charset=page.get_content_charset(), url=url or None)


def _root_part(message: Message) -> Message | None:
    """The page: the part multipart/related's `start` names, else the first HTML part (RFC 2387)."""
    parts = [part for part in message.walk() if not part.is_multipart()]
    start = message.get_param("start") if message.is_multipart() else None
    if isinstance(start, str) and (wanted := start.strip().strip("<>")):
        for part in parts:
            if _header(part, "Content-ID").strip("<>") == wanted and part.get_content_type() in HTML_TYPES:
                return part
    return next((part for part in parts if part.get_content_type() in HTML_TYPES), None)


def _webarchive(data: bytes) -> SavedPage:
    try:
        archive = plistlib.loads(data)
    except plistlib.InvalidFileException as exc:
        raise CaptureSkipped("not a valid Safari web archive (not a property list)") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged binary property list raises almost anything
        raise CaptureSkipped(f"not a valid Safari web archive (damaged: {exc.__class__.__name__})") from exc
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    if not isinstance(main, dict) or not isinstance(html := main.get("WebResourceData"), bytes):
        raise CaptureSkipped("not a valid Safari web archive (no main resource)")
    kind = main.get("WebResourceMIMEType")
    kind = kind.strip().lower() if isinstance(kind, str) and kind.strip() else "text/html"
    if kind not in HTML_TYPES:
        # Named only if it reads as a media type: the reason is printed on one line.
        shown = kind if _MEDIA_TYPE.fullmatch(kind) else "something else"
        raise CaptureSkipped(f"a Safari web archive of {shown}, not of a web page")
    if not html.strip():
        raise CaptureSkipped("a Safari web archive whose web page is empty")
    charset, url = main.get("WebResourceTextEncodingName"), main.get("WebResourceURL")
    return SavedPage(html=html, charset=charset if isinstance(charset, str) and charset else None,
                     url=url if isinstance(url, str) and url else None)


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    # A long address is folded over lines; an address has no spaces of its own.
    return "".join(str(value).split()) if value is not None else ""
