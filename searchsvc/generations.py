"""The on-disk layout of the index folder: complete generations, a CURRENT pointer, a build lock.

    index/CURRENT          name of the live generation (replaced atomically)
    index/gen-<stamp>/     one complete Whoosh index per build
    index/gen-<stamp>.tmp/ a build in progress (or left by a killed one; removed by the next build)
    index/.build.lock      flock held by the running build

A build writes a new generation beside the live one and flips CURRENT with os.replace, so a
reader sees either the old complete index or the new complete one, never half of either.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import IndexBusy, IndexNotReady

POINTER = "CURRENT"
LOCK = ".build.lock"
PREFIX = "gen-"
TMP_SUFFIX = ".tmp"
KEEP_OLD = 1  # generations kept after the live one, for readers still finishing a request


def current_generation(index_dir: Path) -> str:
    """Name of the live generation; IndexNotReady when there is none."""
    try:
        name = (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexNotReady(f"no index in {index_dir}: run `searchsvc index` to build it") from None
    except OSError as exc:
        raise IndexNotReady(f"cannot read the index in {index_dir} ({exc.strerror})") from exc
    if not name.startswith(PREFIX) or "/" in name or not (Path(index_dir) / name).is_dir():
        raise IndexNotReady(f"the index in {index_dir} is damaged: run `searchsvc index` to rebuild it")
    return name


def pointer_stamp(index_dir: Path) -> tuple[int, int] | None:
    """A cheap fingerprint of CURRENT that changes whenever it is replaced."""
    try:
        st = os.stat(Path(index_dir) / POINTER)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the build lock; IndexBusy at once if another build holds it (the OS frees it on a kill)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise IndexBusy(
                    f"another `searchsvc index` is already building {index_dir}; try again when it ends"
                ) from None
            raise
        _held.add(fd)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)


# A build forks helpers (the extraction pool, whoosh's writer processes). A forked child shares
# the lock's open file, so if the build is killed, a child still running would keep the index
# locked; children therefore close their copy at once, and the lock dies with the build.
_held: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def new_generation_dir(index_dir: Path) -> Path:
    """A fresh, empty temporary folder for a build (call with the build lock held)."""
    # Seconds and nanoseconds of one reading of the clock: read apart, a build starting as a second
    # ticked over was named before the one a moment earlier, and clean_up took that one for newer.
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f"-{now % 10**9:09d}"
    path = Path(index_dir) / f"{PREFIX}{stamp}{TMP_SUFFIX}"
    path.mkdir(parents=True)
    return path


def publish(index_dir: Path, tmp_dir: Path) -> str:
    """Make a finished build the live generation; returns its name."""
    index_dir = Path(index_dir)
    final = tmp_dir.with_name(tmp_dir.name[: -len(TMP_SUFFIX)])
    _fsync_tree(tmp_dir)
    os.rename(tmp_dir, final)
    pointer_tmp = index_dir / (POINTER + TMP_SUFFIX)
    with open(pointer_tmp, "w", encoding="utf-8") as fh:
        fh.write(final.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, index_dir / POINTER)
    _fsync_dir(index_dir)
    return final.name


def clean_up(index_dir: Path) -> list[str]:
    """Remove leftovers of killed builds and generations too old to be read (build lock held)."""
    index_dir = Path(index_dir)
    try:
        live = current_generation(index_dir)
    except IndexNotReady:
        live = None
    removed: list[str] = []
    gens = sorted(p for p in index_dir.glob(PREFIX + "*") if p.is_dir())
    finished = [p for p in gens if not p.name.endswith(TMP_SUFFIX)]
    keep = set()
    if live:
        keep.add(live)
        older = [p.name for p in finished if p.name < live]
        keep.update(older[-KEEP_OLD:] if KEEP_OLD else [])
    for path in gens:
        if path.name in keep:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    stale_pointer = index_dir / (POINTER + TMP_SUFFIX)
    if stale_pointer.exists():
        stale_pointer.unlink()
    return removed


def _fsync_tree(path: Path) -> None:
    for child in path.iterdir():
        if child.is_file():
            fd = os.open(child, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
