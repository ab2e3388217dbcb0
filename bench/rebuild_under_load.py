"""Rebuild under load: clients query `gunicorn wsgi:app` (several workers) without pause while consecutive
`searchsvc index` runs add one capture each. Prints requests, errors, answers from an incomplete index and,
per switch, how long until the new capture was found. Exit status 1 if any request failed.

    python bench/rebuild_under_load.py [--rebuilds 10] [--clients 4] [--workers 3] [--captures 200] [--full]

Everything runs on 127.0.0.1 in a temporary folder; each client is bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from corpora import make_corpus  # noqa: E402
from servers import gunicorn_server, http_get, run_cli  # noqa: E402

NEW_WORD = "zorblax{}"  # one unique made-up word per added capture (analysed as one token)


@dataclass
class LoadResult:
    requests: int = 0
    errors: list[str] = field(default_factory=list)  # exceptions and non-200 answers
    server_errors: int = 0  # 5xx
    partial: list[int] = field(default_factory=list)  # totals of "everything" that match no complete index
    totals_seen: set[int] = field(default_factory=set)
    switches: list[dict] = field(default_factory=list)  # per rebuild: build seconds, visibility ms, requests
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.partial and all(s["visible_ms"] is not None for s in self.switches)



def run_load(base_dir: Path, *, rebuilds: int = 10, clients: int = 4, workers: int = 3, captures: int = 200,
             full: bool = False, max_seconds: float = 600.0, log=print) -> LoadResult:  # noqa: ANN001
    raw, index = base_dir / "raw", base_dir / "index"
    make_corpus(raw, captures)
    run_cli(raw, index, "index", "--quiet")
    complete = {captures + i for i in range(rebuilds + 1)}
    result = LoadResult()
    lock = threading.Lock()
    stop = threading.Event()

    with gunicorn_server(raw, index, base_dir, workers=workers) as base:

        def client(k: int) -> None:
            deadline = time.monotonic() + max_seconds
            n = 0
            while not stop.is_set() and time.monotonic() < deadline:
                n += 1
                everything = (n + k) % 2 == 0
                q = "" if everything else "headline"
                url = f"{base}/api/search?{urllib.parse.urlencode({'q': q, 'per_page': 1})}"
                try:
                    resp = http_get(url, timeout=10)
                except OSError as exc:
                    with lock:
                        result.requests += 1
                        result.errors.append(f"client {k} request {n}: {exc!r}")
                    continue
                with lock:
                    result.requests += 1
                    if resp.status != 200:
                        result.errors.append(f"client {k} request {n}: HTTP {resp.status} {resp.text[:200]}")
                        result.server_errors += resp.status >= 500
                        continue
                    total = resp.json()["total"]
                    result.totals_seen.add(total)
                    if total not in complete:
                        result.partial.append(total)

        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        try:
            time.sleep(0.3)
            for i in range(rebuilds):
                word = NEW_WORD.format(i)
                (raw / f"added-{i:03d}.txt").write_text(
                    f"Added capture {i} headline\n\nThis late capture mentions the {word} once.\n", encoding="utf-8")
                with lock:
                    before = result.requests
                t0 = time.perf_counter()
                run_cli(raw, index, "index", "--quiet", *(["--rebuild"] if full else []))
                build_s = time.perf_counter() - t0
                # Visibility: poll (bounded) until the new word is found, from any worker.
                t1 = time.perf_counter()
                visible_ms = None
                polls = 0
                while time.perf_counter() - t1 < 10:
                    polls += 1
                    resp = http_get(f"{base}/api/search?q={word}", timeout=10)
                    if resp.status == 200 and resp.json()["total"] == 1:
                        visible_ms = (time.perf_counter() - t1) * 1000
                        break
                    time.sleep(0.01)
                with lock:
                    during = result.requests - before
                result.switches.append({"rebuild": i + 1, "build_s": round(build_s, 2), "visible_ms":
                                        None if visible_ms is None else round(visible_ms, 1), "polls": polls,
                                        "client_requests_during_build": during})
                log(f"rebuild {i + 1}/{rebuilds}: build {build_s:.2f}s, new capture visible after "
                    f"{'never' if visible_ms is None else f'{visible_ms:.0f} ms'} ({polls} poll(s)), "
                    f"{during} client requests meanwhile")
            time.sleep(0.3)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=15)
        result.seconds = time.perf_counter() - started
        health = http_get(f"{base}/healthz").json()
        if health.get("documents") != captures + rebuilds:
            result.errors.append(f"healthz after the rebuilds: {health}")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rebuilds", type=int, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--captures", type=int, default=200)
    ap.add_argument("--full", action="store_true", help="`searchsvc index --rebuild` (from scratch) each time")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="upper bound on the clients' run")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rebuild-under-load-") as tmp:
        r = run_load(Path(tmp), rebuilds=args.rebuilds, clients=args.clients, workers=args.workers,
                     captures=args.captures, full=args.full, max_seconds=args.max_seconds)
    vis = [s["visible_ms"] for s in r.switches if s["visible_ms"] is not None]
    print(f"\n{args.rebuilds} rebuilds ({'full' if args.full else 'incremental'}), {args.clients} clients, "
          f"{args.workers} gunicorn workers, {args.captures}+ captures, {r.seconds:.1f}s")
    print(f"requests: {r.requests} ({r.requests / max(r.seconds, 1e-9):.0f}/s)")
    print(f"errors: {len(r.errors)} (5xx: {r.server_errors})")
    print(f"answers from an incomplete index: {len(r.partial)}")
    print(f"document counts seen: {sorted(r.totals_seen)[:3]}…{sorted(r.totals_seen)[-3:]} "
          f"({len(r.totals_seen)} distinct)")
    if vis:
        print(f"new capture visible after each switch: max {max(vis):.0f} ms, mean {sum(vis) / len(vis):.0f} ms; "
              f"{sum(1 for s in r.switches if s['polls'] == 1)}/{len(r.switches)} on the first request")
    for line in r.errors[:10]:
        print("  error:", line)
    print("OK" if r.ok else "FAILED")
    return 0 if r.ok else 1


if __name__ == "__main__":
    sys.exit(main())
