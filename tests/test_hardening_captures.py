"""Hostile captures: binary, badly encoded, empty, huge, deeply nested or truncated, broken links, pipes,
folders named like captures, bad sidecars. Each is indexed correctly or skipped with a one-line reason, the
build never aborts, every good capture is indexed, and raw files are never modified (sha256 before/after)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import REPO

from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import get_document, search

BIG_BYTES = 50 * 2**20

GOOD = {  # id -> (content, a word only it contains)
    "good/plain.txt": ("Plain capture about herons\n\nThe grey heron waits by the river for fish.\n", "heron"),
    "good/page.html": ("<html><head><title>Page about ibis</title></head><body><article><h1>Page about ibis</h1>"
                       "<p>The sacred ibis feeds in shallow water along the delta.</p>"
                       "<p>Ibis colonies nest in trees.</p></article></body></html>", "ibis"),
    "good/deep/sub/dir/nested.txt": ("Nested folder capture\n\nA capture several folders deep mentions the "
                                     "kingfisher.\n", "kingfisher"),
}
# Captures that must be indexed, with a word that must be searchable and, for decoding cases, exact text.
DECODED = {
    "enc/utf16-bom.txt": ("Zaunkönig im Garten\n\nDer Zaunkönig singt laut: ‚Tschek‘. Sehr früh.\n",
                          "utf-16", "zaunkönig"),
    "enc/utf16-bom.html": ("<html><head><title>Hibou grand-duc</title></head><body><article><h1>Hibou</h1>"
                           "<p>Le hibou grand-duc chasse la nuit près des falaises.</p>"
                           "<p>Il est très discret.</p></article></body></html>", "utf-16", "hibou"),
    "enc/cp1252.txt": ("Café crème\n\nThe “naïve” barista’s crème brûlée — déjà vu at the café.\n",
                       "cp1252", "barista"),
    "enc/utf8-bom.txt": ("Ein Eichhörnchen\n\nDas Eichhörnchen vergräbt Nüsse im Herbst.\n", "utf-8-sig",
                         "eichhörnchen"),
}


def _sha256_tree(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "symlink->" + os.readlink(path)
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "special"
    return out


def _write_big_html(path: Path) -> None:
    """A 50 MB saved page: a short article plus megabytes of inline image data (as "save page" tools make)."""
    rng = random.Random(50)
    blob = bytes(rng.getrandbits(8) for _ in range(2**16)).hex()  # 128 KiB of hex, repeated
    with open(path, "w", encoding="ascii") as fh:
        fh.write("<html><head><title>Huge saved page about storks</title></head><body><article>"
                 "<h1>Huge saved page about storks</h1><p>White storks migrate to Africa every autumn, "
                 "and the stork returns to the same nest.</p><p>Storks eat frogs and insects.</p></article>")
        written = 0
        while written < BIG_BYTES:
            chunk = f'<img alt="" src="data:image/png;base64,{blob}">\n'
            fh.write(chunk)
            written += len(chunk)
        fh.write("</body></html>")


def _hostile_corpus(raw: Path, outside: Path) -> dict[str, str]:
    """Write the hostile captures; returns {capture id: expectation} with 'skip' or 'index' or 'either'."""
    expect: dict[str, str] = {}

    def put(rel: str, data: bytes | str, how: str) -> Path:
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[rel] = how
        return path

    rng = random.Random(7)
    for rel, (text, _word) in GOOD.items():
        put(rel, text, "index")
    for rel, (text, codec, _word) in DECODED.items():
        put(rel, text.encode(codec) if codec != "utf-16" else b"\xff\xfe" + text.encode("utf-16-le"), "index")
    put("enc/invalid-utf8.txt", b"Broken bytes about puffins\n\nThe puffin \xff\xfe dives \xc3\x28 deep \x80 "
        b"for sand eels.\n", "index")
    put("bin/random.txt", bytes(rng.getrandbits(8) for _ in range(20000)), "skip")
    put("bin/png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.getrandbits(8) for _ in range(20000)),
        "either")
    put("bin/nuls.txt", b"\x00" * 5000, "skip")
    put("bin/elf.txt", b"\x7fELF\x02\x01\x01" + bytes(4000), "skip")
    put("empty/empty.txt", b"", "skip")
    put("empty/blank.txt", b"  \n\n\t \r\n", "skip")
    put("empty/empty.html", b"", "skip")
    put("empty/tags-only.html", b"<html><head></head><body><div></div></body></html>", "skip")
    put("html/nested.html", "<html><body>" + "<div>" * 100_000 + "deeply nested shrike" + "</div>" * 100_000
        + "</body></html>", "either")
    put("html/nested-unclosed.html", "<html><body>" + "<div><span><b>" * 30_000 + "unclosed", "either")
    put("html/truncated.html", "<html><head><title>Truncated page about avocets</title></head><body><article>"
        "<h1>Truncated page about avocets</h1><p>The avocet sweeps its upturned bill through the mud. "
        "Avocets breed on coastal lagoons.</p><p>The page stops in the mid", "index")
    put("html/bad.html.gz", b"\x1f\x8b\x08\x00garbage", "skip")
    put("html/bomb.html.gz", gzip.compress(b"<p>" + b"a" * (65 * 2**20), compresslevel=1), "skip")
    put("html/good.html.gz", gzip.compress(b"<html><head><title>Gzipped page about curlews</title></head><body>"
        b"<article><h1>Gzipped page about curlews</h1><p>The curlew has a long curved bill.</p>"
        b"<p>Curlews call at dusk.</p></article></body></html>"), "index")
    # Sidecars that cannot be used skip their capture (the README's rule), with the reason.
    for name, sidecar in {
        "not-json": b"{title: 'x'",
        "array": b"[1, 2, 3]",
        "number-title": json.dumps({"title": 42}).encode(),
        "bad-date": json.dumps({"date": "the day after tomorrow"}).encode(),
        "latin1": '{"title": "caf\xe9"}'.encode("latin-1"),
        "huge-nesting": b"[" * 100_000 + b"]" * 100_000,
    }.items():
        put(f"sidecar/{name}.txt", f"Capture with a {name} sidecar\n\nThis capture talks about grebes.\n", "skip")
        (raw / f"sidecar/{name}.meta.json").write_bytes(sidecar)
    put("sidecar/ok.txt", "Detected title\n\nA capture with a good sidecar about dippers.\n", "index")
    (raw / "sidecar/ok.meta.json").write_text(json.dumps({"title": "Sidecar title", "date": "2020-05-06",
                                                          "source": "Bird News"}), encoding="utf-8")
    # Not regular files, or not there: a broken symlink, a FIFO (reading it would block forever),
    # a folder named like a capture (skipped silently: it is walked as a folder).
    (raw / "special").mkdir()
    os.symlink(raw / "special" / "missing-target.txt", raw / "special" / "broken-link.txt")
    expect["special/broken-link.txt"] = "skip"
    os.mkfifo(raw / "special" / "pipe.txt")
    expect["special/pipe.txt"] = "skip"
    (raw / "special" / "folder.txt").mkdir()
    put("special/folder.txt/inside.txt", "Inside a folder named folder.txt\n\nIt mentions the wren.\n", "index")
    os.mkfifo(raw / "special" / "piped-sidecar.meta.json")
    put("special/piped-sidecar.txt", "Sidecar is a pipe\n\nA capture about rails.\n", "skip")
    if os.geteuid() != 0:
        unreadable = put("special/unreadable.txt", "Unreadable\n\nsecret\n", "skip")
        unreadable.chmod(0)
    _write_big_html(raw / "big" / "huge.html") if (raw / "big").mkdir() is None else None
    expect["big/huge.html"] = "index"
    # A symlink to a capture inside raw/ is followed (read-only); one to a file outside is not read (the
    # service would publish any file the build can read), and says so.
    (raw / "special" / "target.data").write_text("Linked capture about stilts\n\nThe stilt wades.\n", encoding="utf-8")
    os.symlink(raw / "special" / "target.data", raw / "special" / "link-to-capture.txt")
    expect["special/link-to-capture.txt"] = "index"
    (outside / "linked.txt").write_text("Linked capture about godwits\n\nThe godwit probes mud.\n", encoding="utf-8")
    os.symlink(outside / "linked.txt", raw / "special" / "link-to-file.txt")
    expect["special/link-to-file.txt"] = "skip"
    return expect


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    raw, index, outside = base / "raw", base / "index", base / "outside"
    raw.mkdir()
    outside.mkdir()
    started = time.perf_counter()
    expect = _hostile_corpus(raw, outside)
    generated = time.perf_counter() - started
    before = _sha256_tree(raw)
    started = time.perf_counter()
    # The real CLI in a subprocess, bounded: a capture that blocks (a FIFO) must fail the test, not hang it.
    proc = subprocess.run([sys.executable, "-m", "searchsvc", "--raw", str(raw), "--index", str(index), "index",
                           "--quiet"], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    seconds = time.perf_counter() - started
    after = _sha256_tree(raw)
    print(f"\nhostile corpus: generated in {generated:.1f}s, `searchsvc index` took {seconds:.1f}s")
    return {"raw": raw, "index": index, "expect": expect, "proc": proc, "before": before, "after": after,
            "seconds": seconds}


def _skipped(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    out = {}
    for line in proc.stderr.splitlines():
        if line.startswith("skipped "):
            capture_id, _, reason = line[len("skipped "):].partition(": ")
            out[capture_id] = reason
    return out


def test_build_completes_and_reports(built: dict) -> None:
    proc = built["proc"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Indexed "), proc.stdout
    # Every stderr line is a one-line skip reason (no tracebacks, no warnings spilled), but for the
    # page read only in part, which says so, and the file of no kind searchsvc reads (a link's target).
    for line in proc.stderr.splitlines():
        assert line.startswith("skipped ") or line.startswith(
            "warning big/huge.html: indexed its first 8,000,000 characters of ") or line.startswith(
            "left out 1 file searchsvc does not read: 1 .data (special/target.data); it reads "), line
        assert 10 < len(line) < 300, line


def test_each_capture_is_indexed_or_skipped_with_a_reason(built: dict) -> None:
    skipped = _skipped(built["proc"])
    live = LiveIndex(built["index"])
    indexed = set()
    for capture_id, how in built["expect"].items():
        try:
            get_document(live, capture_id)
            indexed.add(capture_id)
        except Exception:  # noqa: BLE001
            pass
        assert (capture_id in indexed) != (capture_id in skipped), f"{capture_id}: neither or both"
        if how == "index":
            assert capture_id in indexed, f"{capture_id} skipped: {skipped.get(capture_id)}"
        elif how == "skip":
            assert capture_id in skipped, f"{capture_id} was indexed"
    for capture_id, reason in skipped.items():
        assert reason.strip() and "\n" not in reason, capture_id
    # Spot-check the reasons say what is wrong.
    assert "empty" in skipped["empty/empty.txt"]
    assert "binary" in skipped["bin/random.txt"]
    assert "regular file" in skipped["special/pipe.txt"]
    assert "sidecar" in skipped["special/piped-sidecar.txt"]
    assert "cannot read" in skipped["special/broken-link.txt"]
    assert "outside the raw folder" in skipped["special/link-to-file.txt"]
    assert "gzip" in skipped["html/bad.html.gz"]
    assert "MB" in skipped["html/bomb.html.gz"]
    for name in ("not-json", "array", "number-title", "latin1", "huge-nesting"):
        assert "sidecar" in skipped[f"sidecar/{name}.txt"], skipped[f"sidecar/{name}.txt"]
    assert "date" in skipped["sidecar/bad-date.txt"]
    live.close()


def test_text_is_decoded_and_searchable(built: dict) -> None:
    live = LiveIndex(built["index"])
    for rel, (_text, word) in GOOD.items():
        hits = search(live, Query(q=word)).hits
        assert [h.id for h in hits] == [rel], word
    for rel, (text, _codec, word) in DECODED.items():
        assert rel in [h.id for h in search(live, Query(q=word)).hits], rel
        if rel.endswith(".txt"):
            body = get_document(live, rel).body
            assert text.split("\n\n", 1)[1].strip() in body, (rel, body)
    doc = get_document(live, "enc/cp1252.txt")
    assert "“naïve” barista’s crème brûlée — déjà vu" in doc.body
    assert "puffin" in get_document(live, "enc/invalid-utf8.txt").body
    ok = get_document(live, "sidecar/ok.txt")
    assert (ok.title, ok.source, str(ok.date)) == ("Sidecar title", "Bird News", "2020-05-06")
    assert [h.id for h in search(live, Query(q="stork")).hits] == ["big/huge.html"]
    assert "base64" not in get_document(live, "big/huge.html").body
    live.close()


def test_raw_files_are_never_modified(built: dict) -> None:
    assert built["after"] == built["before"]
    assert not any(p.name.startswith(".") for p in built["raw"].rglob("*")), "the build wrote into raw/"
