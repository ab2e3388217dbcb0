"""Find capture files under the raw folder and read them (bytes, sidecar metadata, text decoding).

Raw files are only ever opened for reading.
"""

from __future__ import annotations

import difflib
import gzip
import io
import json
import os
import pickle
import re
import signal
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CaptureSkipped, IndexInsideRaw, RawFolderMissing
from .models import Capture

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
# Pages saved as one file (singlefile.py).
MHTML_SUFFIXES = (".mhtml", ".mht")
WEBARCHIVE_SUFFIXES = (".webarchive",)
CAPTURE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *MHTML_SUFFIXES, *WEBARCHIVE_SUFFIXES)
PAGE_KINDS = ("html", "mhtml", "webarchive")  # the kinds the HTML extractor reads
# What a build and `searchsvc extract` say it reads, to a user whose file it does not.
READS = ".txt, .html, .htm, .mhtml, .mht and .webarchive files (.html and .htm gzipped too)"
# What lies beside captures and is not counted as a file not read (WalkNotes.not_read): what a page
# is made of, which a mirror (wget, HTTrack) saves around its pages, and what operating systems leave.
_PAGE_ASSET_ENDINGS = (".css", ".js", ".mjs", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif",
                       ".ico", ".bmp", ".woff", ".woff2", ".ttf", ".otf", ".eot")
_SYSTEM_FILES = ("thumbs.db", "ehthumbs.db", "desktop.ini")
# The folder a browser saves a page's assets in beside it ("Webpage, Complete": page.html and
# page_files/), as Chrome, Firefox and Edge name it, and as Internet Explorer did in some languages.
# Its frames are pages of their own there (saved_resource.html), not captures.
_ASSET_FOLDER_ENDINGS = ("_files", ".files", "-dateien", "_dateien", "_archivos", "_arquivos", "_fichiers",
                         "_ficheiros", "_bestanden", "_filer", "-filer", "_tiedostot", "_pliki", "_soubory")
# HTTrack keeps its own records in a mirror's project folder: the cache it updates the mirror from
# (hts-cache/, whose new.txt and readme.txt are .txt files) and its logs beside it (hts-log.txt). They
# are not pages of the site; nor is the backup of a page that wget's --convert-links rewrote
# (index.html.orig beside index.html, with --backup-converted).
_HTTRACK_CACHE = "hts-cache"
_HTTRACK_FILES = "hts-"
_WGET_BACKUP = ".orig"
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("url", "title", "date", "source")
MAX_CAPTURE_BYTES = 64 * 1024 * 1024  # bigger files are almost certainly not page captures


def capture_kind(path: str | Path) -> str | None:
    """'text', 'html', 'mhtml', 'webarchive' or None (not a capture) from the file name."""
    return _kind_of_name(os.path.basename(path))


def _kind_of_name(name: str) -> str | None:
    name = name.lower()
    if name.endswith(SIDECAR_SUFFIX) or name.startswith("."):
        return None
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(MHTML_SUFFIXES):  # before HTML's: ".mhtml" ends in ".html"
        return "mhtml"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(WEBARCHIVE_SUFFIXES):
        return "webarchive"
    return None


@dataclass
class WalkNotes:
    """What a walk of the raw folder met besides captures, filled in as the walk goes."""

    # Subfolder ("batch/", as capture ids are written) -> why it could not be listed or entered: its captures
    # are unknown, so an update keeps their documents rather than treating them as deleted.
    unread: dict[str, str] = field(default_factory=dict)
    # (path under the raw folder, why) of what the walk leaves out that looks meant to be indexed:
    # linked folders, links to files outside the raw folder, names with a line break.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # (path under the raw folder, what is wrong) of files that are indexed without a part the user
    # meant them to have, or not used though they look meant to be: sidecars without a capture.
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # Files of a kind searchsvc does not read (a PDF, a Word file, a WARC): their ending ("no ending"
    # for a name without one) -> their paths under the raw folder, in the walk's order.
    not_read: dict[str, list[str]] = field(default_factory=dict)
    # Whether a capture the HTML extractor reads (PAGE_KINDS) was met: the next update's extraction
    # imports that extractor before its first capture is known (indexer._Extraction).
    pages: bool = False


def iter_capture_files(raw_dir: Path, notes: WalkNotes | None = None) -> Iterator[str]:
    """Every capture file under raw_dir, in a stable order: a folder's files by name, then its
    subfolders by name. Hidden folders and linked folders are not entered, and a linked file is
    listed only if it lies inside raw_dir. What else the walk meets goes into `notes`; a raw folder
    that cannot be read raises RawFolderMissing.

    Plain strings: an incremental scan of 100k captures makes no Path objects.
    """
    for path, _ in _walk(_raw_folder(raw_dir), stamped=False, notes=notes):
        yield path


def iter_capture_stamps(raw_dir: Path, notes: WalkNotes | None = None) -> Iterator[tuple[str, list[int] | None]]:
    """(path, stamp) of each capture iter_capture_files lists: the stamp read_capture_stamped
    gives, taken without reading (None if the capture cannot be stat'ed).

    Unchanged since the last build means not re-read. Every incremental build stats every capture,
    so the stats are relative to an open folder (the kernel looks up one name, not every folder of
    the path) and only the sidecars the folder lists are stat'ed.
    """
    return _walk(_raw_folder(raw_dir), stamped=True, notes=notes)


class WalkAhead:
    """iter_capture_stamps(raw_dir) done by a forked process while this one goes on: an update starts
    its walk before it imports the build's modules (numpy, Whoosh and its own: 0.15-0.25 s), which
    kept the walk of 20k captures (0.2 s) waiting and the second core idle. Iterated, it gives the same
    (path, stamp) items in the same order, and then `notes` holds what the walk met; an error of the
    walk is raised there, as iterating iter_capture_stamps raises it. With stamped=False it is
    iter_capture_files' walk, each path with None: what a full build lists (0.08 s at 20k).

    Use it as a context manager: leaving stops the walk if it is still going. Fork it before the
    process starts threads (the CLI does, first thing).
    """

    def __init__(self, raw_dir: Path, *, stamped: bool = True) -> None:
        folder = _raw_folder(raw_dir)  # a missing raw folder is refused now, as iter_capture_stamps refuses it
        self.notes = WalkNotes()
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # pragma: no cover - the child; its items are what the tests compare
            os.close(read)
            _walk_into(folder, write, stamped)
        os.close(write)
        self._pipe: io.BufferedReader | None = os.fdopen(read, "rb")

    def __iter__(self) -> Iterator[tuple[str, list[int] | None]]:
        if self._pipe is None:
            raise RuntimeError("the walk was already read")
        try:
            while True:
                try:
                    kind, payload = pickle.load(self._pipe)
                except EOFError:
                    raise OSError("the walk of the raw folder stopped before it was done") from None
                if kind == "items":
                    yield from payload
                elif kind == "error":
                    raise payload
                else:
                    vars(self.notes).update(vars(payload))
                    return
        finally:
            self.close()

    def close(self) -> None:
        if self._pipe is not None:
            self._pipe.close()  # a walk still writing is stopped by the closed pipe (and the signal)
            self._pipe = None
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)

    def __enter__(self) -> WalkAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Items a walk ahead sends at once: the pipe takes 64 KB before a reader comes, so the walk gathers
# everything first (about 100 bytes a capture) and the reader takes it in batches.
_WALK_BATCH = 8192


def _walk_into(folder: str, fd: int, stamped: bool) -> None:
    """The child of WalkAhead: walk, send the items, the notes (or the error), and exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's: it stops this walk by closing the pipe
    try:
        with os.fdopen(fd, "wb") as out:
            notes = WalkNotes()
            try:
                items = list(_walk(folder, stamped=stamped, notes=notes))
            except Exception as exc:  # noqa: BLE001 - handed to the build, which raises it where it reads
                pickle.dump(("error", exc), out)
            else:
                for at in range(0, len(items), _WALK_BATCH):
                    pickle.dump(("items", items[at : at + _WALK_BATCH]), out)
                pickle.dump(("done", notes), out)
    finally:
        os._exit(0)  # nothing of the parent's (its buffered output, its exit handlers) is run twice


def _raw_folder(raw_dir: Path) -> str:
    if not os.path.isdir(raw_dir):
        raise RawFolderMissing(f"raw folder {raw_dir} does not exist (create it and put captures in it)")
    return os.fspath(raw_dir)


def check_index_outside(raw_dir: Path, index_dir: Path) -> None:
    """IndexInsideRaw when a build's walk of raw_dir would enter index_dir: `--index raw` or `--raw .`
    from the folder holding index/ had every build list the index's own files as "left out 9 files
    searchsvc does not read: 3 .pickle …", and a second index there as captures' neighbours. A hidden
    folder (raw/.index) is never entered, nor a linked one (whose real path is elsewhere)."""
    raw, index = Path(raw_dir).resolve(), Path(index_dir).resolve()
    try:
        inner = index.relative_to(raw)
    except ValueError:
        return
    if any(part.startswith(".") for part in inner.parts):
        return
    where = "is the raw folder" if not inner.parts else f"is inside the raw folder {raw_dir}"
    raise IndexInsideRaw(
        f"the index folder {index_dir} {where}, where a build would read its files as captures: "
        f"choose one outside it, or a hidden one in it ({Path(raw_dir) / '.index'}), "
        "with --index or SEARCHSVC_INDEX_DIR"
    )


def _walk(top: str, *, stamped: bool, notes: WalkNotes | None) -> Iterator[tuple[str, list[int] | None]]:
    # Depth first as os.walk goes, with a stack instead of recursion: a capture deep in the tree
    # is not handed up through a generator per level.
    stack = [top]
    cut = len(top) if top.endswith(os.sep) else len(top) + 1
    inside: list[str] = []  # the raw folder's real path, where links must lead; found at the first link
    while stack:
        folder = stack.pop()
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            _unreadable(folder, top, cut, exc, notes)
            continue
        try:
            try:
                with os.scandir(fd) as listing:
                    entries = list(listing)
            except OSError as exc:
                _unreadable(folder, top, cut, exc, notes)
                continue
            if entries and (exc := _not_entered(entries[0].name, fd)) is not None:
                _unreadable(folder, top, cut, exc, notes)
                continue
            files: list[str] = []
            folders: list[str] = []
            links: list[tuple[str, bool]] = []
            for entry in entries:
                # Most entries are plain files, known as such from the listing in one call.
                if entry.is_file(follow_symlinks=False):
                    files.append(entry.name)
                    continue
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if entry.is_symlink():
                    if not entry.name.startswith("."):
                        links.append((entry.name, is_folder))
                    if is_folder:
                        continue
                if not is_folder:
                    files.append(entry.name)
                elif not entry.name.startswith("."):
                    folders.append(entry.name)
            if _HTTRACK_CACHE in folders:
                files = [name for name in files if not name.lower().startswith(_HTTRACK_FILES)]
            base = folder if folder.endswith(os.sep) else folder + os.sep
            here = base[cut:].replace(os.sep, "/")  # as capture ids write the folder
            left_out = _outside_links(top, base, here, links, inside, notes) if links else set()
            # One C-speed look at the folder's names: a line break in one is rare.
            if "\n" in (joined := "".join(files) + "".join(folders)) or "\r" in joined:
                broken, folders = _line_broken(files, folders, here, notes)
                left_out |= broken
            # Compared without case: a sidecar only a case-insensitive file system finds is stat'ed
            # too, and where the stat misses it the stamp says "no sidecar", as read_capture_stamped's.
            listed = {name.lower() for name in files}
            exact = set() if stamped else set(files)
            claimed: set[str] = set()  # the sidecars the folder's captures find, in lower case
            found = 0
            for name in sorted(files):
                if kind := _kind_of_name(name):
                    found += 1
                    if kind in PAGE_KINDS and notes is not None:
                        notes.pages = True
                    side, side_st = _sidecar_of(name), None
                    low = side.lower()
                    if low in listed:
                        # Found as reading finds it: on a case-sensitive file system B.HTML's
                        # sidecar is B.meta.json, and b.meta.json is no capture's.
                        if stamped or side not in exact:
                            side_st = _sidecar_stat(side, dir_fd=fd)
                        if side_st is not None or side in exact:
                            claimed.add(low)
                    if left_out and name in left_out:
                        continue  # a capture all the same: its sidecar is not without one
                    yield base + name, (_stamp_at(fd, name, side_st) if stamped else None)
            # Every other file a claimed sidecar (the usual folder) leaves none over, and no name to look at.
            if notes is not None and len(claimed) != len(files) - found:
                notes.warnings += _orphan_sidecars(files, claimed, here)
                _count_not_read(files, listed, here, notes.not_read)
        finally:
            os.close(fd)
        # A saved page's folder of assets is not entered: it holds what the page looked like, and
        # its frames (advertisements, widgets) saved as pages of their own.
        stack.extend(base + name for name in sorted(folders, reverse=True)
                     if not _holds_assets(name, listed) and name != _HTTRACK_CACHE)


def left_out_by_walk(raw_dir: Path, path: Path) -> str | None:
    """Why a build's walk leaves out `path`, a file under raw_dir (the path as given, its links not
    followed), or None: `searchsvc extract` showed a document for files that no build indexes."""
    top, file = os.path.abspath(raw_dir), os.path.abspath(path)
    if not file.startswith(os.path.join(top, "")):
        # Named through a link to the raw folder, or the raw folder through one: compared as they are.
        top, file = os.path.realpath(top), os.path.join(os.path.realpath(os.path.dirname(file)), os.path.basename(file))
        if not file.startswith(os.path.join(top, "")):
            return None
    parts = file[len(top) + 1:].split(os.sep)
    folder = top
    for n, part in enumerate(parts[:-1]):
        shown = _shown("/".join(parts[: n + 1]) + "/")
        if part.startswith("."):
            return f"in the hidden folder {shown}, which builds do not enter"
        if os.path.islink(os.path.join(folder, part)):
            return (f"in the linked folder {shown}, which builds do not enter: move or copy its captures into the "
                    "raw folder")
        if part == _HTTRACK_CACHE:
            return (f"in {shown}, the cache HTTrack keeps of its mirror, which builds do not enter: not a page of "
                    "the site")
        if pages := _asset_pages(part):
            try:
                page = next((name for name in sorted(os.listdir(folder)) if name.lower() in pages), None)
            except OSError:
                page = None
            if page is not None:
                return (f"in {shown}, the folder of assets saved beside {_shown(page)}, which builds do not enter: "
                        "it is part of that page")
        folder = os.path.join(folder, part)
    if parts[-1].lower().startswith(_HTTRACK_FILES) and os.path.isdir(os.path.join(folder, _HTTRACK_CACHE)):
        return "a record HTTrack keeps of its mirror (beside its hts-cache/), not a page of the site"
    if os.path.islink(file) and not os.path.realpath(file).startswith(os.path.join(os.path.realpath(top), "")):
        return (f"a link to a file outside the raw folder ({_shown(os.path.realpath(file))}), not indexed: "
                "copy the file in instead")
    return None


def _not_entered(name: str, fd: int) -> PermissionError | None:
    """The error when the folder lists its names but none can be looked up (read permission without
    search permission, `chmod 444`): its captures could not be read, and an update would take them
    for deleted. One stat of a name it lists tells, where the listing alone does not."""
    try:
        os.stat(name, dir_fd=fd, follow_symlinks=False)
    except PermissionError as exc:
        return exc
    except OSError:
        pass  # gone since the listing, or a name the stat cannot take: the captures say for themselves
    return None


def _unreadable(folder: str, top: str, cut: int, exc: OSError, notes: WalkNotes | None) -> None:
    if folder == top:
        # Not "holds no captures": that would refuse an update as if a drive were not mounted, and
        # let a first build write an empty index.
        raise RawFolderMissing(f"cannot read the raw folder {top} ({exc.strerror or exc})") from exc
    if isinstance(exc, FileNotFoundError):
        return  # deleted while the walk ran: so are its captures
    if notes is not None:
        notes.unread[folder[cut:].replace(os.sep, "/") + "/"] = exc.strerror or str(exc)


def _line_broken(files: list[str], folders: list[str], folder: str,
                 notes: WalkNotes | None) -> tuple[set[str], list[str]]:
    """(the captures, the subfolders left) of a folder where some names have a line break.

    A capture's id is its path: with a line break in it, its /doc/ link 404s and the CLI prints
    it on two lines, so such captures, and folders, are left out and named (the break shown as \\n).
    """
    def broken(name: str) -> bool:
        return "\n" in name or "\r" in name

    captures = {name for name in files if broken(name) and _kind_of_name(name)}
    cut = [name for name in folders if broken(name)]
    if notes is not None:
        notes.skipped += [(_shown(folder + name), "file name has a line break: rename it") for name in sorted(captures)]
        notes.skipped += [(_shown(folder + name) + "/", "folder name has a line break: rename it") for name in cut]
    return captures, [name for name in folders if not broken(name)]


def _shown(path: str) -> str:
    return path.replace("\r", "\\r").replace("\n", "\\n")


def _outside_links(top: str, base: str, folder: str, links: list[tuple[str, bool]], inside: list[str],
                   notes: WalkNotes | None) -> set[str]:
    """The folder's links to captures outside the raw folder, which are not read; they and the links
    to folders, which are not entered, are named in notes.

    A link to a folder is not entered: it may lead back up the tree, or outside it. Nor is a link
    to a file outside: the service shows each document's whole text to whoever can reach it, and a
    build often runs with rights that those who put files in raw/ lack, so a link named .txt could
    publish any file the build can read. A link within raw/ (one capture under two names) is read.
    """
    if not inside:
        inside.append(os.path.join(os.path.realpath(top), ""))
    out: set[str] = set()
    for name, is_folder in links:
        if is_folder:
            if notes is not None:
                notes.skipped.append((_shown(f"{folder}{name}/"), "a linked folder, not entered: move or copy its "
                                                                  "captures into the raw folder"))
            continue
        target = os.path.realpath(base + name)
        if _kind_of_name(name) and not target.startswith(inside[0]):
            out.add(name)
            if notes is not None:
                reason = f"a link to a file outside the raw folder ({_shown(target)}), not indexed"
                notes.skipped.append((_shown(folder + name), reason + ": copy the file in instead"))
    return out


def _orphan_sidecars(files: list[str], claimed: set[str], folder: str) -> list[tuple[str, str]]:
    """Sidecars no capture of theirs stands beside: a capture moved away or renamed without its
    sidecar loses its title, date and source, and a build said nothing."""
    out = []
    for name in sorted(files):
        low = name.lower()
        if low.endswith(SIDECAR_SUFFIX) and not name.startswith(".") and low not in claimed:
            stem = name[: -len(SIDECAR_SUFFIX)]
            # Named by the commonest kinds: a sidecar beside a .webarchive or .htm is claimed as well.
            out.append((_shown(folder + name), f"sidecar without a capture (expected {_shown(stem)}.txt, .html, "
                                                ".mhtml or another capture beside it), so its metadata is not used"))
    return out


def _count_not_read(files: list[str], listed: set[str], folder: str, not_read: dict[str, list[str]]) -> None:
    """Add the folder's files that are neither captures nor what lies beside captures to `not_read`
    (`listed`: the folder's file names, in lower case)."""
    for name in sorted(files):
        low = name.lower()
        if (name.startswith(".") or low.endswith(SIDECAR_SUFFIX) or _kind_of_name(name)
                or low.endswith(_PAGE_ASSET_ENDINGS) or low in _SYSTEM_FILES
                or (low.endswith(_WGET_BACKUP) and low[: -len(_WGET_BACKUP)] in listed)):
            continue
        not_read.setdefault(_ending(low), []).append(_shown(folder + name))


def _ending(name: str) -> str:
    """A file name's ending, with the one a compressed file had before (".pdf", ".warc.gz"), in lower case."""
    stem, dot, last = name.rpartition(".")
    if not dot or not stem or not last.isalnum() or len(last) > 10:
        return "no ending"
    if last in ("gz", "bz2", "xz", "zst", "zip") and "." in stem:
        inner = stem.rpartition(".")[2]
        if inner.isalnum() and len(inner) <= 10:
            return f".{inner}.{last}"
    return f".{last}"


def _holds_assets(name: str, listed: set[str]) -> bool:
    """Whether the folder `name` is where a browser saved the assets of a page beside it (`listed`:
    the file names of the folder they are in, in lower case)."""
    pages = _asset_pages(name)
    return pages is not None and (pages[0] in listed or pages[1] in listed)


def _asset_pages(name: str) -> tuple[str, str] | None:
    """The names, in lower case, of the page whose assets a folder `name` would hold ("x_files": "x.html",
    "x.htm"), or None when the name is no such folder's."""
    low = name.lower()
    ending = next((e for e in _ASSET_FOLDER_ENDINGS if low.endswith(e)), None)
    if ending is None:
        return None
    page = low[: -len(ending)]
    return page + ".html", page + ".htm"


def not_read_line(not_read: dict[str, list[str]]) -> str:
    """One line that tells the files of kinds searchsvc does not read (WalkNotes.not_read): how many of
    each kind, with the first of each, the commonest kinds first; and what it reads."""
    kinds = sorted(not_read.items(), key=lambda item: (-len(item[1]), item[0]))
    total = sum(len(paths) for _, paths in kinds)
    shown = [f"{len(paths):,} {ending} ({paths[0]}{', …' if len(paths) > 1 else ''})" for ending, paths in kinds[:5]]
    if len(kinds) > 5:
        rest = kinds[5:]
        shown.append(f"and {sum(len(paths) for _, paths in rest):,} of {len(rest)} other kinds")
    files = f"{total:,} file{'s' if total != 1 else ''}"
    return f"left out {files} searchsvc does not read: {', '.join(shown)}; it reads {READS}"


def _stamp_at(fd: int, name: str, side_st: os.stat_result | OSError | None) -> list[int] | None:
    try:
        st = os.stat(name, dir_fd=fd)
    except OSError:
        return None
    return _stamp(st, side_st)


def capture_id(raw_dir: Path, path: Path) -> str:
    # Two Paths are normalised, so where one's text starts with the other's and a separator, the
    # rest is what relative_to gives (relative_to costs several Path objects, per capture).
    if isinstance(raw_dir, Path) and isinstance(path, Path):
        prefix, file = os.fspath(raw_dir) + os.sep, os.fspath(path)
        if file.startswith(prefix) and len(file) > len(prefix):
            return file[len(prefix):].replace(os.sep, "/")
    return Path(path).relative_to(raw_dir).as_posix()


def sidecar_name(path: str) -> str:
    """The sidecar of a capture path, as a string."""
    cut = path.rfind(os.sep) + 1
    return path[:cut] + _sidecar_of(path[cut:])


def _sidecar_of(name: str) -> str:
    if name[-3:].lower() == ".gz":
        name = name[:-3]
    dot = name.rfind(".")
    return (name[:dot] if dot >= 0 else name) + SIDECAR_SUFFIX


def _sidecar_stat(side: str, dir_fd: int | None = None) -> os.stat_result | OSError | None:
    """The sidecar's stat, None when there is none, or the error that skips the capture (raised by
    _read_sidecar, after the capture's own checks, so that its errors keep coming first)."""
    try:
        return os.stat(side, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc


def _read_sidecar(side: str, st: os.stat_result | OSError | None) -> tuple[dict[str, str], str]:
    """The sidecar's known keys, and what to say of a key that looks meant as one of them
    (_misspelt_keys); a sidecar that is not a JSON object of strings skips the capture."""
    if st is None:
        return {}, ""
    name = os.path.basename(side)
    if isinstance(st, OSError):
        raise CaptureSkipped(f"cannot read sidecar {name} ({st.strerror or st})") from st
    if not stat.S_ISREG(st.st_mode):
        raise CaptureSkipped(f"sidecar {name} is not a regular file ({_file_type(st.st_mode)})")
    try:
        data = _read_file(side, st.st_size)
    except OSError as exc:
        # Not "not valid JSON": a file the build may not read says nothing of its text.
        raise CaptureSkipped(f"cannot read sidecar {name} ({exc.strerror or exc})") from exc
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CaptureSkipped(f"sidecar {name} is not valid JSON: {_json_fault(exc)}") from exc
    if not isinstance(meta, dict):
        raise CaptureSkipped(f"sidecar {name} must hold a JSON object")
    out: dict[str, str] = {}
    for key in SIDECAR_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise CaptureSkipped(f"sidecar {name}: {key!r} must be a string")
        if value.strip():
            out[key] = value.strip()
    return out, _misspelt_keys(name, meta)


# Keys a hand-written sidecar uses for the ones searchsvc reads; any other key (notes, author, tags) is the
# user's own and passed over in silence.
_SIDECAR_SYNONYMS = {
    "published": "date", "pubdate": "date", "date_published": "date", "datepublished": "date",
    "published_date": "date", "publication_date": "date", "publisher": "source", "outlet": "source",
    "headline": "title", "link": "url", "address": "url", "href": "url", "uri": "url",
}


def _misspelt_keys(name: str, meta: dict[str, object]) -> str:
    """A sidecar's keys that look meant as url, title, date or source ("sourc", "Title", "published"):
    their values were not used, with nothing said, and the capture indexed without them."""
    meant: list[str] = []
    for key in meta:
        if key in SIDECAR_KEYS or not isinstance(key, str):
            continue
        low = key.strip().lower()
        guess = (low if low in SIDECAR_KEYS else _SIDECAR_SYNONYMS.get(low)
                 or next(iter(difflib.get_close_matches(low, SIDECAR_KEYS, n=1, cutoff=0.75)), None))
        if guess and guess not in meta:
            meant.append(f"{key!r} (did you mean {guess!r}?)")
    if not meant:
        return ""
    keys = ", ".join(meant)
    return (f"sidecar {name} has {keys}, not {'a key' if len(meant) == 1 else 'keys'} searchsvc reads "
            f"(it reads {', '.join(SIDECAR_KEYS)}), so {'its value is' if len(meant) == 1 else 'their values are'} "
            "not used")


def _json_fault(exc: Exception) -> str:
    """Where a sidecar's JSON is broken, for the user to mend it: the class name alone
    ("JSONDecodeError") left them to find the mistake themselves."""
    if isinstance(exc, json.JSONDecodeError):
        what = exc.msg[:1].lower() + exc.msg[1:]
        return f"{what} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc) or exc.__class__.__name__


def read_capture(raw_dir: Path, path: Path) -> Capture:
    """Read one capture; raises CaptureSkipped with a one-line reason when it cannot be used."""
    return read_capture_stamped(raw_dir, path)[0]


def read_capture_stamped(raw_dir: Path, path: Path) -> tuple[Capture, list[int]]:
    """read_capture, and the capture's stamp: its size, modification and change times, and its
    sidecar's times (0 without one), taken before either is read, so an edit during the build shows at the next one.

    One stat per file serves both the stamp and the checks, on strings rather than Path objects:
    the separate stamp, Path.stat and Path.read_bytes were over half of reading a capture.
    """
    path = Path(path)
    name = path.name
    kind = _kind_of_name(name)
    if kind is None:
        raise CaptureSkipped(_not_read_because(name))
    file = os.fspath(path)
    try:
        st = os.stat(file)
    except OSError as exc:
        raise CaptureSkipped(f"cannot read file ({exc.strerror or exc})") from exc
    side = sidecar_name(file)
    side_st = _sidecar_stat(side)
    if not stat.S_ISREG(st.st_mode):
        # Opening a FIFO would block the build forever; a device could be endless.
        raise CaptureSkipped(f"not a regular file ({_file_type(st.st_mode)})")
    size = st.st_size
    if size > MAX_CAPTURE_BYTES:
        raise CaptureSkipped(f"file is {size // 2**20} MB, over the {MAX_CAPTURE_BYTES // 2**20} MB limit")
    try:
        data = _read_file(file, size)
    except OSError as exc:
        raise CaptureSkipped(f"cannot read file ({exc.strerror or exc})") from exc
    if name.lower().endswith(".gz"):
        try:
            # Bounded read: a small gzip can expand enormously.
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_CAPTURE_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise CaptureSkipped(f"not a valid gzip file ({exc})") from exc
        if len(data) > MAX_CAPTURE_BYTES:
            raise CaptureSkipped(f"decompresses to over {MAX_CAPTURE_BYTES // 2**20} MB")
    if not data.strip():
        raise CaptureSkipped("file is empty")
    meta, note = _read_sidecar(side, side_st)
    capture = Capture(id=capture_id(raw_dir, path), path=path, kind=kind, data=data, meta=meta, sidecar_note=note)
    return capture, _stamp(st, side_st)


def _not_read_because(name: str) -> str:
    """Why a file named `name` is no capture: "it reads .txt, .html, …" said to a hidden .html file or to
    a sidecar (both of endings it reads) left the user looking for what was wrong with its ending."""
    low = name.lower()
    if low.endswith(SIDECAR_SUFFIX):
        stem = _shown(name[: -len(SIDECAR_SUFFIX)])
        return (f"a sidecar, not a capture: it gives the title, date, source and url of the capture beside it "
                f"({stem}.txt, {stem}.html, …)")
    if name.startswith(".") and _kind_of_name(name[1:]):
        return "a hidden file (its name starts with a dot), which builds do not read: rename it without the dot"
    return f"not a file searchsvc reads: it reads {READS}"


def _read_file(path: str, size: int) -> bytes:
    """The file's bytes, to its end (it may have grown since `size` was taken).

    os.open and os.read rather than open(): a file object costs four more system calls (fstat,
    ioctl, lseek) and two objects, a third of reading a small file.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
    finally:
        os.close(fd)
    return b"".join(chunks)


def _stamp(st: os.stat_result, side_st: os.stat_result | OSError | None) -> list[int]:
    # The change times too: tools that keep a file's modification time (cp -p, curl -R, wget -N,
    # touch -r) can replace its text at the same size and time, but the kernel sets the change time.
    side = [side_st.st_mtime_ns, side_st.st_ctime_ns] if isinstance(side_st, os.stat_result) else [0, 0]
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, *side]


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"


def decode_text(data: bytes) -> str:
    """Decode a text capture: BOM first, then strict UTF-8, then the detected encoding."""
    from . import charsets  # on first use: walking the raw folder needs no charset_normalizer

    return charsets.to_text(data)


# Control characters other than tab, newline, form feed and carriage return (and U+FFFD, counted apart).
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # the definition; test_captures compares
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters: an image or archive named .txt."""
    sample = text[:4096]
    if not sample:
        return False
    # The count of _BINARY_CHARS without the regex engine, which took ~35 ns a character: in UTF-8 a
    # control character is its own byte and every byte of other characters is 0x80 or more.
    data = sample.encode("utf-8", "surrogatepass")
    found = len(data) - len(data.translate(None, _CONTROL_BYTES)) + sample.count("\ufffd")
    return found / len(sample) > 0.1
