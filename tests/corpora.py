"""Captures for tests: tiny corpora written and indexed in one call, and generated ones for tests and
benches that need many (build time, kills, load)."""

from __future__ import annotations

import random
from pathlib import Path

from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex


def indexed(base: Path, files: dict[str, str | bytes]) -> LiveIndex:
    """`files` (capture or sidecar path → text, or bytes as they are) written under base/raw, and indexed."""
    raw = base / "raw"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (raw / name).write_bytes(text)
        else:
            (raw / name).write_text(text, encoding="utf-8")
    build_index(raw, base / "ix")
    return LiveIndex(base / "ix")


# Captures of two pages taken from web archives, given by their sidecars' urls.
ARCHIVED_CAPTURES = {
    "kcna.txt": "Solidarity with Korean people\n\nPolitical parties of Nepal expressed solidarity with Korea.\n",
    "kcna.meta.json": '{"url": "https://web.archive.org/web/20030115034315/http://www.kcna.co.jp/item/2003/200301/'
                      'news01/15.htm"}',
    "ksc.txt": "Statement on the Hanoi Summit\n\nThe committee regrets that the Hanoi summit ended without a deal.\n",
    "ksc.meta.json": '{"url": "https://archive.ph/2019.03.12-084510/https://www.korea-solidarity.org.uk/2019/03/'
                     'statement-on-the-hanoi-summit-and-the-way-ahead/"}',
}


def make_corpus(raw: Path, n: int, seed: int = 1) -> None:
    """`n` text captures of made-up words in folders of 50; each title says "Capture number N headline"."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    for i in range(n):
        path = raw / f"c{i // 50:02d}" / f"cap-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(" ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(4))
        path.write_text(f"Capture number {i} headline\n\n{body}\n", encoding="utf-8")


# As Chrome writes it (Blink's MHTML serializer): a boundary of its own pattern, CRLF line ends.
_BLINK_BOUNDARY = "----MultipartBoundary--JzTpdTGT6NczAXbIgxIOrn3TfVbHD0qN8YQHGkTeTW----"
# A 1x1 PNG, as the image parts of a saved page carry their images.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def mhtml(html: str, *, url: str = "https://www.example.org/2024/03/statement/", subject: str = "",
          saved: str = "Mon, 25 Mar 2024 09:14:07 -0000", frames: tuple[str, ...] = ()) -> bytes:
    """`html` saved by Chrome as "Webpage, Single File": quoted-printable, after its headers and before
    a style sheet, an image and the `frames` (iframes, which Blink saves as further text/html parts)."""
    import base64
    import quopri

    def part(headers: list[str], body: bytes) -> bytes:
        return ("\r\n".join([f"--{_BLINK_BOUNDARY}", *headers, "", ""]).encode() + body + b"\r\n")

    # Blink serializes the page in UTF-8 and says so at the head of it.
    html = html.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', 1)
    subject = subject or (html.split("<title>", 1)[-1].split("</title>", 1)[0] if "<title>" in html else "")

    def qp(text: str) -> bytes:
        return quopri.encodestring(text.encode("utf-8")).replace(b"\n", b"\r\n")

    head = "\r\n".join([
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        f"Subject: {subject}",
        f"Date: {saved}",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{_BLINK_BOUNDARY}"',
        "", "", "",
    ]).encode()
    parts = [part(["Content-Type: text/html", "Content-ID: <frame-2A0C6B1F2D0E5A8C3F1B9E7D6C5B4A39@mhtml.blink>",
                   "Content-Transfer-Encoding: quoted-printable", f"Content-Location: {url}"], qp(html)),
             part(["Content-Type: text/css", "Content-Transfer-Encoding: quoted-printable",
                   "Content-Location: https://www.example.org/wp-content/themes/twentytwenty/style.css"],
                  qp('@charset "utf-8";\nbody { font-family: "Noto Serif", serif; }\n.entry-title { color: #c00; }\n')),
             part(["Content-Type: image/png", "Content-Transfer-Encoding: base64",
                   "Content-Location: https://www.example.org/wp-content/uploads/2024/03/flag.png"],
                  base64.encodebytes(PNG).replace(b"\n", b"\r\n"))]
    parts += [part(["Content-Type: text/html", f"Content-ID: <frame-{n:032X}@mhtml.blink>",
                    "Content-Transfer-Encoding: quoted-printable"], qp(frame)) for n, frame in enumerate(frames)]
    return head + b"".join(parts) + f"--{_BLINK_BOUNDARY}--\r\n".encode()


def mht(html: str, *, charset: str = "windows-1252", url: str = "http://www.example.org/statement.htm") -> bytes:
    """`html` saved by Internet Explorer as "Web Archive, single file": quoted-printable in `charset`."""
    import quopri

    boundary = "----=_NextPart_000_0000_01DA7E9A.5C3D2B10"
    head = "\r\n".join([
        "From: <Saved by Windows Internet Explorer 11>",
        "Subject: Statement",
        "Date: Mon, 25 Mar 2024 10:22:31 +0100",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "X-MimeOLE: Produced By Microsoft MimeOLE V6.1.7601.24000",
        "",
        "This is a multi-part message in MIME format.",
        "",
        f"--{boundary}",
        "Content-Type: text/html;",
        f'\tcharset="{charset}"',
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "", "",
    ]).encode()
    body = quopri.encodestring(html.encode(charset)).replace(b"\n", b"\r\n")
    return head + body + f"\r\n\r\n--{boundary}--\r\n".encode()


def webarchive(html: str | bytes, *, url: str = "https://www.example.org/2024/03/statement/",
               encoding: str | None = "UTF-8", mime: str = "text/html", frames: tuple[str, ...] = ()) -> bytes:
    """`html` (bytes as served, or text in UTF-8) saved by Safari as a web archive: a binary property
    list of the page as served, its style sheet and image, and the `frames` as archives of their own."""
    import plistlib

    def resource(data: bytes, address: str, kind: str, charset: str | None = None) -> dict:
        out = {"WebResourceData": data, "WebResourceMIMEType": kind, "WebResourceURL": address}
        if charset:
            out["WebResourceTextEncodingName"] = charset
        return out

    main = resource(html.encode("utf-8") if isinstance(html, str) else html, url, mime, encoding)
    main["WebResourceFrameName"] = ""
    archive = {
        "WebMainResource": main,
        "WebSubresources": [
            resource(b'body { font-family: "Noto Serif", serif; }', "https://www.example.org/style.css", "text/css",
                     "UTF-8"),
            resource(PNG, "https://www.example.org/wp-content/uploads/2024/03/flag.png", "image/png"),
        ],
    }
    if frames:
        archive["WebSubframeArchives"] = [
            {"WebMainResource": {**resource(frame.encode(), f"https://ads.example/frame{n}.html", "text/html", "UTF-8"),
                                 "WebResourceFrameName": f"frame{n}"}}
            for n, frame in enumerate(frames)
        ]
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)
