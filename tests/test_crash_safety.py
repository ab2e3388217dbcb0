"""Crash safety of `searchsvc index`: a build killed with SIGKILL at any point leaves the previous index
serving, and the next build succeeds and removes what the killed one left; two builds at once do not
corrupt anything (the second is refused with a clear message)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from corpora import make_corpus
from servers import REPO

from searchsvc import generations
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import search

pytestmark = pytest.mark.e2e

N_CAPTURES = 300  # a full build takes about 1.4 s here, and uses the extraction process pool
SMALL_CAPTURES = 70  # the deterministic kill points need a build, not a long one (at least 60 captures)
RANDOM_KILLS = 4





def _cli(raw: Path, index: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "searchsvc", "--raw", str(raw), "--index", str(index), "index", "--quiet", *args]


def _run(raw: Path, index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(_cli(raw, index, *args), cwd=REPO, capture_output=True, text=True, timeout=90,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return proc


def _serving(index: Path) -> tuple[str, int]:
    """(live generation, documents) as a freshly started server would see them; searches must work."""
    live = LiveIndex(index)
    try:
        total = search(live, Query(q="", per_page=1)).total
        assert search(live, Query(q="headline")).total == total  # every capture has the word
        return generations.current_generation(index), total
    finally:
        live.close()


def _leftovers(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir() if p.name.endswith(generations.TMP_SUFFIX))


def _assert_clean(index: Path) -> None:
    assert _leftovers(index) == []
    gens = [p.name for p in index.glob(generations.PREFIX + "*")]
    assert len(gens) <= 1 + generations.KEEP_OLD, gens


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    """N_CAPTURES captures, indexed (in-process: quicker than the CLI's start-up)."""
    raw, index = tmp_path / "raw", tmp_path / "index"
    make_corpus(raw, N_CAPTURES)
    build_index(raw, index, rebuild=True)
    return raw, index


@pytest.fixture
def small_corpus(tmp_path: Path) -> tuple[Path, Path]:
    raw, index = tmp_path / "raw", tmp_path / "index"
    make_corpus(raw, SMALL_CAPTURES)
    build_index(raw, index, rebuild=True)
    return raw, index


def test_sigkill_at_random_points_leaves_the_old_index_serving(corpus: tuple[Path, Path]) -> None:
    raw, index = corpus
    gen0, docs0 = _serving(index)
    assert docs0 == N_CAPTURES
    # A server process that was already serving keeps serving across the kills.
    server_side = LiveIndex(index)
    assert search(server_side, Query(q="headline")).total == N_CAPTURES
    (raw / "added.txt").write_text("Added capture headline\n\nOne more capture.\n", encoding="utf-8")

    rng = random.Random(20240611)
    timings = []
    for attempt in range(RANDOM_KILLS):
        delay = rng.uniform(0.2, 1.3)  # interpreter start-up is ~0.35 s, then the build runs ~1 s
        proc = subprocess.Popen(_cli(raw, index, "--rebuild"), cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished_first = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        timings.append((round(delay, 2), "finished" if finished_first else "killed", _leftovers(index)))
        gen, docs = _serving(index)
        # Either the old complete index, or (the build finished before the kill) the new complete one.
        assert (gen, docs) == (gen0, docs0) or docs == N_CAPTURES + 1, (attempt, delay, gen, docs)
        assert search(server_side, Query(q="headline")).total in (N_CAPTURES, N_CAPTURES + 1)
    print(f"\nkills (delay s, outcome, leftovers): {timings}")
    assert any(outcome == "killed" for _d, outcome, _l in timings)

    proc = _run(raw, index)  # the next build succeeds (incremental) and cleans up
    assert proc.stdout.startswith("Indexed ")
    _assert_clean(index)
    assert _serving(index)[1] == N_CAPTURES + 1
    assert search(server_side, Query(q="headline")).total == N_CAPTURES + 1  # followed without restart
    server_side.close()


# Deterministic kill points: a tiny driver patches one step of the build to SIGKILL its own process there.
KILL_POINTS = {
    "halfway through extraction": """
        import searchsvc.indexer as m
        orig = m._read_one
        n = [0]
        def hook(*a, **k):
            n[0] += 1
            if n[0] == 60:
                die()
            return orig(*a, **k)
        m._read_one = hook
    """,
    "before publish": """
        import searchsvc.indexer as m
        m.generations.publish = lambda *a, **k: die()
    """,
    "after renaming the generation, before CURRENT": """
        import searchsvc.generations as g
        g.os.replace = lambda *a, **k: die()
    """,
    "after writing CURRENT.tmp, before the switch": """
        import searchsvc.generations as g
        real_replace = g.os.replace
        g.os.replace = lambda src, dst: die() if str(dst).endswith("CURRENT") else real_replace(src, dst)
    """,
    "after the switch, before clean-up": """
        import searchsvc.indexer as m
        real = m.generations.clean_up
        calls = [0]
        def hook(index_dir):
            calls[0] += 1
            if calls[0] == 2:
                die()
            return real(index_dir)
        m.generations.clean_up = hook
    """,
}


def test_sigkill_at_each_step_of_a_build(small_corpus: tuple[Path, Path]) -> None:
    raw, index = small_corpus
    for n, (point, patch) in enumerate(KILL_POINTS.items()):
        gen0, docs0 = _serving(index)
        (raw / f"added-{n}.txt").write_text("Added capture headline\n\nOne more capture.\n", encoding="utf-8")
        driver = "import os, signal, sys\ndef die(): os.kill(os.getpid(), signal.SIGKILL)\n"
        driver += textwrap.dedent(patch)
        driver += "\nfrom searchsvc.cli import cli\nsys.argv = ['searchsvc'] + sys.argv[1:]\ncli()\n"
        proc = subprocess.run([sys.executable, "-c", driver, *_cli(raw, index, "--rebuild")[3:]], cwd=REPO,
                              capture_output=True, text=True, timeout=90, check=False)
        assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr[-2000:])
        gen, docs = _serving(index)
        if point == "after the switch, before clean-up":
            assert gen != gen0 and docs == docs0 + 1, point
        else:
            assert (gen, docs) == (gen0, docs0), point
        # The next build (in-process here; the CLI path is the same call) succeeds and cleans up.
        build_index(raw, index)
        _assert_clean(index)
        assert not (index / (generations.POINTER + generations.TMP_SUFFIX)).exists(), point
        assert _serving(index)[1] == docs0 + 1, point


# Where the build process is killed while its worker processes are busy (full build: they wait
# for group names; incremental: they extract while the parent loads the old generation).
WORKER_KILL_POINTS = {
    "full build": ("--rebuild", "import searchsvc.full_build as m\nm._group = lambda *a, **k: die()"),
    "incremental build": ("", "import searchsvc.indexer as m\nm.vocabulary.Vocabulary.read = lambda *a, **k: die()"),
}


@pytest.mark.parametrize("point", list(WORKER_KILL_POINTS))
def test_a_killed_build_leaves_no_worker_processes_behind(corpus: tuple[Path, Path], point: str) -> None:
    raw, index = corpus
    flag, patch = WORKER_KILL_POINTS[point]
    for capture in sorted(raw.rglob("*.txt"))[:250]:  # enough changed for the incremental build's workers
        capture.write_text(capture.read_text(encoding="utf-8") + "\nA revised closing line.\n", encoding="utf-8")
    driver = "import os, signal, sys\ndef die(): os.kill(os.getpid(), signal.SIGKILL)\n" + patch
    driver += "\nfrom searchsvc.cli import cli\nsys.argv = ['searchsvc'] + sys.argv[1:]\ncli()\n"
    args = _cli(raw, index, *([flag] if flag else []))[3:]
    log = raw.parent / "build.log"
    with log.open("w") as out:  # a file, not a pipe: a worker left behind would hold a pipe open
        proc = subprocess.run([sys.executable, "-c", driver, *args], cwd=REPO, stdout=out, stderr=out,
                              timeout=90, check=False)
    assert proc.returncode == -signal.SIGKILL, log.read_text()[-2000:]
    deadline = time.monotonic() + 10
    while (left := _processes_mentioning(str(raw))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], f"{point}: worker processes still running after the build was killed: {left}"
    _run(raw, index)  # and the next build succeeds
    assert _serving(index)[1] == N_CAPTURES


def _processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line holds `text` (workers are forks of the build: the same one)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes() and (cmdline.parent / "stat").read_text().split()[2] != "Z":
                found.append(int(cmdline.parent.name))
        except OSError:
            continue  # the process ended while we looked
    return found


def test_two_builds_at_once_one_is_refused(corpus: tuple[Path, Path]) -> None:
    raw, index = corpus
    gen0, docs0 = _serving(index)
    # The first build waits, lock held and its generation started, until the second has been
    # turned away: without the wait, a quick first build could end before the second began.
    release = raw.parent / "release"
    driver = textwrap.dedent(f"""
        import os, sys, time
        import searchsvc.indexer as m
        real = m._full_build
        def held(*args, **kwargs):
            while not os.path.exists({str(release)!r}):
                time.sleep(0.02)
            return real(*args, **kwargs)
        m._full_build = held
        from searchsvc.cli import cli
        sys.argv = ['searchsvc'] + sys.argv[1:]
        cli()
    """)
    first = subprocess.Popen([sys.executable, "-c", driver, *_cli(raw, index, "--rebuild")[3:]], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not _leftovers(index) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # until the first build holds the lock and has started its generation
        assert first.poll() is None, first.communicate()[1][-2000:]
        second = subprocess.run(_cli(raw, index, "--rebuild"), cwd=REPO, capture_output=True, text=True,
                                timeout=60, check=False)
        release.touch()
        out, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert "already building" in second.stderr and "try again" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1, second.stderr  # one line, no traceback
    gen, docs = _serving(index)
    assert gen != gen0 and docs == docs0
    _assert_clean(index)
