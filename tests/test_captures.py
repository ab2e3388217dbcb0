"""Reading captures: kinds, gzip, encodings, sidecars winning over detection."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from searchsvc.captures import (
    WalkAhead,
    WalkNotes,
    capture_id,
    capture_kind,
    check_index_outside,
    decode_text,
    iter_capture_files,
    iter_capture_stamps,
    left_out_by_walk,
    read_capture,
    read_capture_stamped,
)
from searchsvc.errors import CaptureSkipped, IndexInsideRaw, RawFolderMissing
from searchsvc.extract import extract


def test_sidecar_wins_over_detection(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_text("Pyongyang, November 5 (KCNA) — A statement was issued in 2017.\n\nMore text follows here.")
    (tmp_path / "item.meta.json").write_text(
        json.dumps({"title": "Given title", "date": "2019-02-03", "source": "Given Source", "url": "https://x.org/a"})
    )
    doc = extract(read_capture(tmp_path, path))
    assert (doc.title, doc.date.isoformat(), doc.source, doc.url) == (
        "Given title",
        "2019-02-03",
        "Given Source",
        "https://x.org/a",
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"date": "2019-02-03"}, ("2019-02-03", "KCNA")),  # the source still comes from the dateline
        ({"source": "Given Source"}, ("2017-11-05", "Given Source")),  # the date still comes from the page
    ],
)
def test_a_sidecar_giving_date_or_source_leaves_the_other_to_detection(
    tmp_path: Path, given: dict[str, str], expected: tuple[str, str]
) -> None:
    path = tmp_path / "item.txt"
    path.write_text(
        "Statement issued\n\nPyongyang, November 5, 2017 (KCNA) -- A statement was issued by the committee"
        " about the matter at hand.\n\nMore text follows here about the statement and the committee.\n"
    )
    (tmp_path / "item.meta.json").write_text(json.dumps(given))
    doc = extract(read_capture(tmp_path, path))
    assert (doc.date.isoformat(), doc.source) == expected


def test_sidecar_with_a_bad_date_skips_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_text("Title\n\nBody text.")
    (tmp_path / "item.meta.json").write_text(json.dumps({"date": "someday"}))
    with pytest.raises(CaptureSkipped, match="sidecar date 'someday'"):
        extract(read_capture(tmp_path, path))


def test_sidecar_must_hold_strings(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_text("Title\n\nBody text.")
    (tmp_path / "item.meta.json").write_text(json.dumps({"title": ["a"]}))
    with pytest.raises(CaptureSkipped, match="'title' must be a string"):
        read_capture(tmp_path, path)


def test_gzip_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><head><title>Zipped</title></head><body><p>Inside a zip.</p></body></html>"))
    capture = read_capture(tmp_path, path)
    assert capture.kind == "html" and b"Inside a zip" in capture.data


def test_corrupt_gzip_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(b"\x1f\x8b\x08broken")
    with pytest.raises(CaptureSkipped, match="gzip"):
        read_capture(tmp_path, path)


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Café – “quoted”".encode(), "Café – “quoted”"),
        ("\ufeffCafé".encode(), "Café"),
        ("Café".encode("utf-16"), "Café"),
        (("Les élèves ont déjà étudié “ça”. " * 5).encode("cp1252"), ("Les élèves ont déjà étudié “ça”. " * 5)),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252-no-declaration"],
)
def test_text_encodings(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_capture_ids_are_paths_relative_to_raw(tmp_path: Path) -> None:
    (tmp_path / "agency" / "2019").mkdir(parents=True)
    path = tmp_path / "agency" / "2019" / "item.txt"
    path.write_text("Title\n\nBody.")
    assert read_capture(tmp_path, path).id == "agency/2019/item.txt"


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ("raw", "raw/a.txt"),
        ("raw/", "raw//x/./b.txt"),
        ("./raw", "raw/x/c.txt"),
        ("/data/raw", "/data/raw/x y/d.txt"),
        ("/data/raw", "/data/rawer/e.txt"),
        ("/data/raw", "/data/raw/../f.txt"),
        (".", "g.txt"),
        ("/", "/h.txt"),
    ],
)
def test_capture_id_string_shortcut_is_relative_to(raw: str, path: str) -> None:
    try:
        expected = Path(path).relative_to(Path(raw)).as_posix()
    except ValueError:
        with pytest.raises(ValueError):
            capture_id(Path(raw), Path(path))
        return
    assert capture_id(Path(raw), Path(path)) == expected


def test_stamp_read_is_the_stamp_the_scan_takes(tmp_path: Path) -> None:
    path = tmp_path / "item.txt"
    path.write_text("Title\n\nBody.")
    assert read_capture_stamped(tmp_path, path)[1] == dict(iter_capture_stamps(tmp_path))[str(path)]
    (tmp_path / "item.meta.json").write_text(json.dumps({"title": "T"}))
    capture, stamp = read_capture_stamped(tmp_path, path)
    assert stamp == dict(iter_capture_stamps(tmp_path))[str(path)] and stamp[3] > 0 and capture.meta == {"title": "T"}


def _os_walk_listing(raw: Path) -> list[str]:
    """The listing's definition: os.walk's order, hidden and linked folders left out."""
    out = []
    for folder, subfolders, names in os.walk(raw):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        out += [os.path.join(folder, n) for n in sorted(names) if capture_kind(Path(n))]
    return out


def test_scan_lists_as_os_walk_and_stamps_as_reading_does(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    files = {
        "b.txt": "B", "a.HTML": "<p>A</p>", "A b.txt": "AB", "z/deep/er/x.txt": "X", "z/a.txt": "ZA",
        "m/page.html.gz": gzip.compress(b"<p>P</p>"), "m/Page.TXT": "P2", ".hidden/h.txt": "H", "m/.h.txt": "H",
        "m/notes.md": "not a capture", "m/page.meta.json": "{}", "m/Page.META.JSON": "{}", "z/a.meta.json": "{}",
        "B/c.htm": "<p>C</p>",
    }
    for name, data in files.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    (raw / "linked").symlink_to(raw / "z", target_is_directory=True)
    (raw / "m" / "gone.txt").symlink_to(raw / "nowhere.txt")

    listed = list(iter_capture_files(raw))
    assert listed == _os_walk_listing(raw) and len(listed) == 9
    stamps = dict(iter_capture_stamps(raw))
    assert list(stamps) == listed
    assert stamps.pop(str(raw / "m" / "gone.txt")) is None  # cannot be stat'ed: extraction says why
    for path, stamp in stamps.items():
        assert stamp == read_capture_stamped(raw, Path(path))[1], path
    with_sidecar = {p for p, s in stamps.items() if s[3]}
    # Page.TXT's sidecar is Page.meta.json: Page.META.JSON is another file on this file system.
    assert with_sidecar == {str(raw / "m" / "page.html.gz"), str(raw / "z" / "a.txt")}


def test_huge_text_capture_is_cut_not_choked_on(tmp_path: Path) -> None:
    from searchsvc.extract import MAX_BODY_CHARS

    path = tmp_path / "dump.txt"
    paragraphs = [
        f"In session {n} the committee met again and adopted resolution {n} on grain and rivers. " * 5
        for n in range(6000)
    ]
    path.write_text("Huge dump\n\n" + "\n\n".join(paragraphs), encoding="utf-8")  # ~2.6 MB
    doc = extract(read_capture(tmp_path, path))
    assert doc.title == "Huge dump"
    assert 100_000 < len(doc.body) <= MAX_BODY_CHARS
    # The build names it: a search for the text past the cut finds nothing.
    chars = len(path.read_text(encoding="utf-8"))
    assert doc.warning == f"indexed its first 1,000,000 characters of {chars:,}: searches do not find the rest"


def test_looks_binary_counts_what_the_pattern_finds() -> None:
    import random

    from searchsvc.captures import _BINARY_CHARS, looks_binary

    alphabet = ["a", " ", "\n", "\t", "\r", "\x0c", "\x00", "\x07", "\x0b", "\x1f", "\x7f", "é", "\ufffd", "中", "\x85"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 60)))
        expected = len(_BINARY_CHARS.findall(text[:4096])) / len(text[:4096]) > 0.1
        assert looks_binary(text) == expected, repr(text)
    assert looks_binary("\x00" * 5000 + "text") and not looks_binary("text " * 2000 + "\x00" * 500)


def test_both_listings_name_sidecars_without_a_capture(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    # B.HTML's sidecar is B.meta.json on this (case-sensitive) file system, as reading it finds.
    for name in ("a.txt", "a.meta.json", "B.HTML", "b.meta.json", "gone.meta.json", ".hidden.meta.json",
                 "notes.md", "sub/c.html.gz", "sub/c.meta.json", "sub/d.meta.json"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text("{}")
    for listing in (iter_capture_files, iter_capture_stamps):
        notes = WalkNotes()
        assert len(list(listing(raw, notes))) == 3
        assert [path for path, _ in notes.warnings] == ["b.meta.json", "gone.meta.json", "sub/d.meta.json"]
        assert notes.warnings[2][1].startswith(
            "sidecar without a capture (expected d.txt, .html, .mhtml or another capture beside it)")


def test_a_sidecar_that_cannot_be_read_is_not_called_invalid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from searchsvc import captures

    path = tmp_path / "item.txt"
    path.write_text("Title\n\nBody.")
    (tmp_path / "item.meta.json").write_text("{}")

    os_open = os.open

    def no_reading(name: str, *args: int, **kwargs: object) -> int:
        if str(name).endswith(".meta.json"):
            raise PermissionError(13, "Permission denied", name)  # as chmod 000 does, but to root too
        return os_open(name, *args, **kwargs)

    monkeypatch.setattr(captures.os, "open", no_reading)
    with pytest.raises(CaptureSkipped, match=r"^cannot read sidecar item\.meta\.json \(Permission denied\)$"):
        read_capture(tmp_path, path)


def test_both_listings_count_the_files_searchsvc_does_not_read_but_not_what_lies_beside_captures(
    tmp_path: Path,
) -> None:
    """A report.pdf or notes.docx dropped into raw/ was left out without a word. What is normal
    beside captures is not counted: sidecars, hidden files, a saved page's folder of assets, the style
    sheets, scripts, images and fonts a mirror holds, the files an operating system leaves."""
    raw = tmp_path / "raw"
    names = [
        "statement.txt", "statement.meta.json", ".DS_Store", "Thumbs.db", "desktop.ini",
        "report.pdf", "reports/2024/annual.PDF", "notes.docx", "capture.warc.gz", "old.txt.gz", "README",
        # Chrome's "Webpage, Complete", and Internet Explorer's in German.
        "page.html", "page_files/style.css", "page_files/jquery.min.js.download", "page_files/saved_resource",
        "page_files/fonts/noto.woff2", "Erklärung.htm", "Erklärung-Dateien/bild001.jpg",
        # A folder named like one whose page is not beside it.
        "data_files/sanctions.csv",
        # wget's mirror of a site.
        "mirror/www.kcna.kp/en/index.html", "mirror/www.kcna.kp/css/main.css", "mirror/www.kcna.kp/js/app.js",
        "mirror/www.kcna.kp/images/logo.png", "mirror/www.kcna.kp/favicon.ico",
    ]
    for name in names:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text("x")
    for listing in (iter_capture_files, iter_capture_stamps):
        notes = WalkNotes()
        assert len(list(listing(raw, notes))) == 4
        assert notes.not_read == {
            ".pdf": ["report.pdf", "reports/2024/annual.PDF"], ".docx": ["notes.docx"],
            ".warc.gz": ["capture.warc.gz"], ".txt.gz": ["old.txt.gz"], "no ending": ["README"],
            ".csv": ["data_files/sanctions.csv"],
        }


def test_the_line_naming_files_not_read_counts_them_by_kind_with_an_example_of_each() -> None:
    from searchsvc.captures import not_read_line

    scans = [f"scans/page-{n:03d}.pdf" for n in range(1, 41)]
    line = not_read_line({".pdf": scans, ".docx": ["notes.docx"], ".warc.gz": ["capture.warc.gz"]})
    assert line == ("left out 42 files searchsvc does not read: 40 .pdf (scans/page-001.pdf, …), 1 .docx (notes.docx), "
                    "1 .warc.gz (capture.warc.gz); it reads .txt, .html, .htm, .mhtml, .mht and .webarchive files "
                    "(.html and .htm gzipped too)")
    many = {f".x{n}": [f"f.x{n}"] * (10 - n) for n in range(8)}
    assert not_read_line(many).startswith("left out 52 files searchsvc does not read: 10 .x0 (f.x0, …), 9 .x1 (f.x1, "
                                          "…), 8 .x2 (f.x2, …), 7 .x3 (f.x3, …), 6 .x4 (f.x4, …), and 12 of 3 other "
                                          "kinds; it reads")


def test_a_walk_ahead_gives_what_the_walk_gives_and_then_its_notes(tmp_path: Path) -> None:
    """An update's walk runs in a forked process while the build imports its modules: the same
    captures and stamps in the same order, and what the walk met (files not read, sidecars without a
    capture, a linked folder) in its notes once it is read."""
    raw = tmp_path / "raw"
    for n in range(20_000):  # more than one batch through the pipe, and more than the pipe holds
        path = raw / f"{n // 1000:02d}" / f"item-{n}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    for name in ("report.pdf", "lost.meta.json", "a/page.html", "a/page.meta.json"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text("{}")
    (raw / "linked").symlink_to(tmp_path, target_is_directory=True)
    expected_notes = WalkNotes()
    expected = list(iter_capture_stamps(raw, expected_notes))
    with WalkAhead(raw) as walk:
        assert walk.notes == WalkNotes()  # nothing is known before the walk is read
        assert list(walk) == expected
        assert walk.notes == expected_notes
    assert len(expected) == 20_001
    assert expected_notes.not_read and expected_notes.warnings and expected_notes.skipped
    # A rebuild's walk only lists the captures, as iter_capture_files does.
    listed_notes = WalkNotes()
    listed = list(iter_capture_files(raw, listed_notes))
    with WalkAhead(raw, stamped=False) as walk:
        assert list(walk) == [(path, None) for path in listed]
        assert walk.notes == listed_notes


def test_a_walk_ahead_left_unread_leaves_no_process_behind(tmp_path: Path) -> None:
    """A build that stops before reading its walk (another build holds the index, a rebuild) stops
    the walk's process: none is left running or unreaped."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("A")
    walk = WalkAhead(raw)
    pid = walk._pid
    walk.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already: no such child


def test_a_walk_ahead_of_a_missing_raw_folder_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(RawFolderMissing, match="does not exist"):
        WalkAhead(tmp_path / "nothing-here")


def test_a_hidden_capture_and_a_sidecar_say_why_they_are_not_read(tmp_path: Path) -> None:
    """`searchsvc extract raw/.draft.html` said "not a file searchsvc reads: it reads .txt, .html, …" of
    an .html file: what keeps it out of the index is the dot its name starts with. A sidecar was told
    the same, not which capture to pass."""
    (tmp_path / ".draft.html").write_text("<title>Draft</title><p>Some words of a draft page.</p>")
    with pytest.raises(CaptureSkipped, match=r"^a hidden file \(its name starts with a dot\), which builds do not "
                                             r"read: rename it without the dot$"):
        read_capture(tmp_path, tmp_path / ".draft.html")
    (tmp_path / "item.meta.json").write_text('{"title": "T"}')
    with pytest.raises(CaptureSkipped, match=r"^a sidecar, not a capture: it gives the title, date, source and url "
                                             r"of the capture beside it \(item\.txt, item\.html, …\)$"):
        read_capture(tmp_path, tmp_path / "item.meta.json")


def test_a_broken_sidecar_says_where_it_is_broken(tmp_path: Path) -> None:
    """A sidecar with a missing comma was "not valid JSON (JSONDecodeError)": the archivist had to find
    the mistake in the file without a line or a column."""
    (tmp_path / "item.txt").write_text("A title\n\nSome body text of the capture, long enough to keep.")
    (tmp_path / "item.meta.json").write_text('{\n  "title": "A title"\n  "date": "2019-03-02"\n}')
    with pytest.raises(CaptureSkipped, match=r"^sidecar item\.meta\.json is not valid JSON: expecting ',' "
                                             r"delimiter at line 3, column 3$"):
        read_capture(tmp_path, tmp_path / "item.txt")
    (tmp_path / "item.meta.json").write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(CaptureSkipped, match=r"^sidecar item\.meta\.json is not valid JSON: not UTF-8 text$"):
        read_capture(tmp_path, tmp_path / "item.txt")


def test_a_mirrors_own_records_are_neither_captures_nor_files_left_out(tmp_path: Path) -> None:
    """An HTTrack mirror's cache (hts-cache/new.txt, readme.txt) and log (hts-log.txt) were indexed as
    documents ("What's in this folder?"), and the backups wget --convert-links -K keeps of each page
    (index.html.orig) filled the line of files not read, as if they were pages to convert."""
    raw = tmp_path / "raw"
    names = [
        "site/fdps/hts-log.txt", "site/fdps/hts-cache/new.txt", "site/fdps/hts-cache/readme.txt",
        "site/fdps/hts-cache/new.zip", "site/fdps/hts-cache/doit.log", "site/fdps/www.x.org/index.html",
        "wget/www.y.org/index.html", "wget/www.y.org/index.html.orig",
        "wget/www.y.org/2023/07/27/post/index.html", "wget/www.y.org/2023/07/27/post/index.html.orig",
        # Not a backup of a page beside it, nor HTTrack's where no hts-cache/ is beside it.
        "notes/draft.orig", "notes/hts-summary.txt",
    ]
    for name in names:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text("x")
    for listing in (iter_capture_files, iter_capture_stamps):
        notes = WalkNotes()
        found = sorted(os.path.relpath(item if isinstance(item, str) else item[0], raw) for item in listing(raw, notes))
        assert found == ["notes/hts-summary.txt", "site/fdps/www.x.org/index.html",
                         "wget/www.y.org/2023/07/27/post/index.html", "wget/www.y.org/index.html"]
        assert notes.not_read == {".orig": ["notes/draft.orig"]}
    assert left_out_by_walk(raw, raw / "site/fdps/hts-cache/readme.txt") == (
        "in site/fdps/hts-cache/, the cache HTTrack keeps of its mirror, which builds do not enter: not a page of "
        "the site")
    assert left_out_by_walk(raw, raw / "site/fdps/hts-log.txt") == (
        "a record HTTrack keeps of its mirror (beside its hts-cache/), not a page of the site")
    assert left_out_by_walk(raw, raw / "notes/hts-summary.txt") is None


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("2019-02-30", "sidecar date '2019-02-30' is not a date: February 2019 has 28 days"),
        ("2019-13-01", "sidecar date '2019-13-01' is not a date: there is no month 13 (use YYYY-MM-DD)"),
        ("0219-03-01", "sidecar date '0219-03-01' is not a date: a date must be in the years 1800 to 2100"),
        ("01/03/2019", "sidecar date '01/03/2019' is not a date (use YYYY-MM-DD)"),
    ],
)
def test_a_sidecar_date_written_as_asked_says_what_is_wrong_with_it(tmp_path: Path, given: str, reason: str) -> None:
    """'2019-02-30' was refused with "(use YYYY-MM-DD)", the form it was written in."""
    path = tmp_path / "item.txt"
    path.write_text("Title\n\nBody text.")
    (tmp_path / "item.meta.json").write_text(json.dumps({"date": given}))
    with pytest.raises(CaptureSkipped) as caught:
        extract(read_capture(tmp_path, path))
    assert str(caught.value) == reason


def test_an_index_folder_a_build_would_walk_is_refused(tmp_path: Path) -> None:
    """`--index raw` (or `--raw .` beside index/) had every build list the index's own files as
    "left out 9 files searchsvc does not read: 3 .pickle …"; a hidden folder is never walked."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for index, where in [(raw, "is the raw folder"), (raw / "idx", f"is inside the raw folder {raw}")]:
        with pytest.raises(IndexInsideRaw) as caught:
            check_index_outside(raw, index)
        assert caught.value.message.startswith(f"the index folder {index} {where}, where a build would read")
        assert f"or a hidden one in it ({raw / '.index'})" in caught.value.message
    for index in [raw / ".index", raw / ".cache" / "idx", tmp_path / "index", tmp_path / "rawer"]:
        check_index_outside(raw, index)


def test_a_sidecar_key_meant_as_one_searchsvc_reads_is_a_warning(tmp_path: Path) -> None:
    """A sidecar's "sourc", "Title" or "published" was passed over in silence: the capture was indexed
    without the source, title or date its user wrote down, and nothing said why."""
    path = tmp_path / "item.txt"
    path.write_text("Statement issued\n\nA statement was issued by the committee about the matter at hand.\n")
    side = tmp_path / "item.meta.json"
    side.write_text(json.dumps({"sourc": "KCNA", "published": "2019-01-01", "notes": "mine", "author": "me"}))
    doc = extract(read_capture(tmp_path, path))
    assert doc.source is None
    assert doc.warning == (
        "sidecar item.meta.json has 'sourc' (did you mean 'source'?), 'published' (did you mean 'date'?), not keys "
        "searchsvc reads (it reads url, title, date, source), so their values are not used"
    )
    first = doc.content_hash
    # Its own keys (notes, author) and a key beside the one it reads are the user's: nothing is said of them.
    side.write_text(json.dumps({"source": "KCNA", "Source": "KCNA", "notes": "mine", "author": "me"}))
    doc = extract(read_capture(tmp_path, path))
    assert (doc.source, doc.warning) == ("KCNA", "")
    # The key taken out, the sidecar's known keys as they were: the document is extracted again, without it.
    side.write_text(json.dumps({"Title": "Statement"}))
    noted = extract(read_capture(tmp_path, path))
    side.write_text(json.dumps({}))
    assert noted.warning and extract(read_capture(tmp_path, path)).content_hash != noted.content_hash != first
