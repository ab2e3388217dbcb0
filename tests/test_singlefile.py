"""Pages saved as one file: the page taken out of its MHTML container."""

from __future__ import annotations

import pytest

from searchsvc.errors import CaptureSkipped
from searchsvc.singlefile import unpack

PAGE = ("<html><head><title>조선중앙통신</title></head><body><h1>연대성 메시지</h1>"
        "<p>세계 여러 나라의 단체들이 조선인민에게 연대성 메시지를 보내였다.</p></body></html>")


def _webkit_mhtml(*parts: tuple[str, str, bytes], start: str = "") -> bytes:
    """Parts (type, location, bytes) as WebKit's MHTMLArchive wrote them with binary encoding."""
    boundary = "----=_qt5-mhtml-boundary"
    head = ("From: <Saved by WebKit>\r\nSubject: ?????? ????\r\nDate: Tue, 26 Mar 2024 11:02:55 +0900\r\n"
            'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n'
            + (f'\tstart="{start}";\r\n' if start else "") + f'\tboundary="{boundary}"\r\n\r\n').encode()
    body = b"".join(
        f"--{boundary}\r\nContent-Type: {kind}\r\nContent-Transfer-Encoding: binary\r\n"
        f"Content-Location: {location}\r\n" .encode()
        + (f"Content-ID: <{location}>\r\n".encode() if start else b"") + b"\r\n" + data + b"\r\n"
        for kind, location, data in parts
    )
    return head + body + f"--{boundary}--\r\n".encode()


def test_a_binary_encoded_page_keeps_its_text_and_its_address() -> None:
    """WebKit could write parts unencoded ("binary"): the page's UTF-8 bytes as they are."""
    page = unpack("mhtml", _webkit_mhtml(("text/html", "http://www.kcna.kp/kp/article/q/1.kcmsf", PAGE.encode())))
    assert page.html.decode("utf-8") == PAGE
    assert page.url == "http://www.kcna.kp/kp/article/q/1.kcmsf"


def test_the_part_the_archive_names_as_its_start_is_the_page() -> None:
    """RFC 2387: `start` names the root part, which need not come first (a frame's page may)."""
    frame = b"<html><body><p>Weather widget: Pyongyang 14 C</p></body></html>"
    data = _webkit_mhtml(("text/html", "http://ads.example/frame.html", frame),
                         ("text/html", "http://www.kcna.kp/kp/article/q/1.kcmsf", PAGE.encode()),
                         start="http://www.kcna.kp/kp/article/q/1.kcmsf")
    assert unpack("mhtml", data).html.decode("utf-8") == PAGE


def test_a_page_that_is_empty_is_said_to_be() -> None:
    with pytest.raises(CaptureSkipped, match="an MHTML file whose web page is empty"):
        unpack("mhtml", _webkit_mhtml(("text/html", "http://www.kcna.kp/", b"  \r\n")))


def test_a_web_archive_of_no_web_page_names_its_type_on_one_line() -> None:
    from corpora import webarchive

    with pytest.raises(CaptureSkipped, match=r"^a Safari web archive of image/jpeg, not of a web page$"):
        unpack("webarchive", webarchive(b"\xff\xd8\xff\xe0", mime="image/jpeg", encoding=None))
    with pytest.raises(CaptureSkipped, match=r"^a Safari web archive of something else, not of a web page$"):
        unpack("webarchive", webarchive(b"<p>x</p>", mime="text/plain\nskipped other.txt: fake", encoding=None))
