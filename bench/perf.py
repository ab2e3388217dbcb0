"""Speed at scale: searchsvc vs a default-settings Whoosh build ("naive peer") vs SQLite FTS5, same documents.

Writes the corpus as raw captures (.txt + NAME.meta.json sidecar, and a share as simple HTML pages) into a
temporary raw folder, then measures in one run:

1. full `searchsvc index` (the real CLI in a subprocess): docs/s including extraction, index size, peak RSS;
   the three engines' full builds take turns `--build-runs N` times (medians reported);
2. incremental `searchsvc index` after changing, adding and deleting 1% of the captures (N rounds);
3. in-process query latency p50/p95/p99 over a mix of distinct queries (one word, two words, phrase,
   OR of three, a long question), plain and with a date-range + source filter (facets always on);
4. HTTP req/s and latency against `gunicorn wsgi:app` (2 sync workers) at concurrency 8;
5. the same for the two references (bench/_perf_refs.py; HTTP through bench/_perf_fts5_app.py).

Queries are interleaved across engines (each query runs on all three in a rotating order), so the
ratios come from side-by-side measurements; `--runs N` repeats the query measurement N times with
fresh queries and reports medians. No query string is ever repeated within an engine.

    python bench/perf.py                       # ../shared/bench/corpus/*.jsonl (~20k docs)
    python bench/perf.py --synthetic 2000      # generated documents (searchsvc.synthetic)
    python bench/perf.py --scale 5 --skip-http # corpus replicated 5x with fresh ids
    python bench/perf.py --profile             # + cProfile of searchsvc.search and of the build
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import io
import json
import os
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import _perf_refs as refs  # noqa: E402
from whoosh.analysis import STOP_WORDS  # noqa: E402

from searchsvc import generations  # noqa: E402
from searchsvc.errors import SearchsvcError  # noqa: E402
from searchsvc.live_index import LiveIndex  # noqa: E402
from searchsvc.models import Query  # noqa: E402
from searchsvc.search import search as svc_search  # noqa: E402
from searchsvc.settings import Settings  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "corpus"
ENGINES = ("searchsvc", "naive", "fts5")
KINDS = ("one", "two", "phrase", "or3", "question")
HTML_SHARE = 0.10
CHANGE_SHARE = 0.01
STOP = frozenset(
    """the and for that with was said from has have are were its not but this had their after also they
    been more would who than year about over new into there could last other some all when can out may
    while under between which will said says one two three what how why where did does our your his her
    she him them then than these those such only very just mln pct reuter reuters dlrs cts vs""".split()
) | frozenset(STOP_WORDS)  # Whoosh's stop words are not indexed: "you" alone is refused (400), not searched
_WORD = re.compile(r"[a-z]{3,}")
_PAIR = re.compile(r"\b([a-z]{3,}) ([a-z]{3,})\b")


# ---------------------------------------------------------------- corpus and captures


def load_corpus(paths: list[Path], synthetic: int | None, seed: int, scale: int) -> list[dict[str, Any]]:
    if synthetic:
        from searchsvc.synthetic import generate

        base = generate(synthetic, seed=seed)
    else:
        base = []
        for path in paths:
            base.extend(refs.load_jsonl(path))
    records = []
    for k in range(scale):
        for rec in base:
            day = rec.get("date")
            records.append({
                "id": rec["id"] if k == 0 else f"{rec['id']}~r{k}",
                "title": (rec.get("title") or "").strip() or rec["id"],
                "date": day[:10] if day else None,
                "source": rec.get("source") or None,
                "url": rec.get("url") or None,
                "body": rec["body"],
            })
    return records


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~-]", "_", name)


def _html_page(rec: dict[str, Any]) -> str:
    paras = "".join(f"<p>{escape(p)}</p>\n" for p in rec["body"].split("\n") if p.strip())
    meta = ""
    if rec.get("source"):
        meta += f'<meta property="og:site_name" content="{escape(rec["source"])}">\n'
    if rec.get("date"):
        meta += f'<meta property="article:published_time" content="{rec["date"]}">\n'
    if rec.get("url"):
        meta += f'<meta property="og:url" content="{escape(rec["url"])}">\n'
    return (
        f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{escape(rec['title'])}</title>\n{meta}"
        f"</head><body><nav><a href=\"/\">Home</a></nav>\n<article><h1>{escape(rec['title'])}</h1>\n{paras}"
        "</article>\n<footer>Share this article</footer></body></html>\n"
    )


def write_capture(raw: Path, rel: str, rec: dict[str, Any]) -> None:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith(".html"):
        path.write_text(_html_page(rec), encoding="utf-8")
        return
    path.write_text(f"{rec['title']}\n\n{rec['body']}\n", encoding="utf-8")
    meta = {k: rec[k] for k in ("title", "date", "source", "url") if rec.get(k)}
    path.with_name(path.name[: -len(".txt")] + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")


def remove_capture(raw: Path, rel: str) -> None:
    path = raw / rel
    path.unlink()
    if rel.endswith(".txt"):
        path.with_name(path.name[: -len(".txt")] + ".meta.json").unlink()


def capture_paths(records: list[dict[str, Any]], rng: random.Random) -> list[str]:
    rels = []
    for i, rec in enumerate(records):
        ext = ".html" if rng.random() < HTML_SHARE else ".txt"
        rels.append(f"{i // 1000:04d}/{_safe(rec['id'])}{ext}")
    return rels


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def plan_changes(records: list[dict[str, Any]], rels: list[str], rng: random.Random, round_: int = 0):  # noqa: ANN201
    """1% changed, 1% added, 1% deleted: (ops on the raw folder, changes for the references, n,
    and the records and their capture paths once the changes are made)."""
    n = max(1, int(len(records) * CHANGE_SHARE))
    picked = rng.sample(range(len(records)), 2 * n)
    changed, deleted = picked[:n], picked[n:]
    raw_ops, ref_changes = [], []
    for i in changed:
        rec = dict(records[i], body=records[i]["body"] + "\nUpdate: this story was revised with new figures.")
        raw_ops.append(("write", rels[i], rec))
        ref_changes.append(dict(rec, op="upsert"))
    for j in range(n):
        src = records[rng.randrange(len(records))]
        rec = dict(src, id=f"{src['id']}~new{round_}-{j}", body=src["body"] + "\nA follow-up report added details.")
        rel = f"new/{_safe(rec['id'])}{'.html' if rng.random() < HTML_SHARE else '.txt'}"
        raw_ops.append(("write", rel, rec))
        ref_changes.append(dict(rec, op="upsert"))
    for i in deleted:
        raw_ops.append(("delete", rels[i], None))
        ref_changes.append({"op": "delete", "id": records[i]["id"]})
    after = {rels[i]: rec for i, rec in enumerate(records)}
    for op, rel, rec in raw_ops:
        if op == "write":
            after[rel] = rec
        else:
            del after[rel]
    return raw_ops, ref_changes, n, list(after.values()), list(after)


# ---------------------------------------------------------------- subprocess builds (time + peak RSS)


def run_measured(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024}


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median seconds and peak memory of several runs of one command."""
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs)}


def remove_path(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def svc_index_cmd(raw: Path, index: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "searchsvc", "--raw", str(raw), "--index", str(index), "index", "--quiet", *extra]


def ref_cmd(action: str, kind: str, jsonl: Path, path: Path) -> list[str]:
    """A reference engine's build or update (bench/_perf_refs.py) from a JSONL file."""
    return [sys.executable, str(BENCH / "_perf_refs.py"), action, kind, str(jsonl), str(path)]


def index_has_rebuild_flag() -> bool:
    out = subprocess.run([sys.executable, "-m", "searchsvc", "index", "--help"], cwd=REPO, capture_output=True,
                         text=True, timeout=60, check=False).stdout
    return "--rebuild" in out


def svc_generation_size(index: Path) -> int:
    return dir_size(index / generations.current_generation(index))


# ---------------------------------------------------------------- queries


class QueryMaker:
    """Distinct queries drawn from the corpus vocabulary (never the same string twice)."""

    def __init__(self, records: list[dict[str, Any]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.records = records
        sample = self.rng.sample(records, min(len(records), 4000))
        df: Counter[str] = Counter()
        for rec in sample:
            df.update({w for w in _WORD.findall(rec["body"].lower()) if w not in STOP})
        floor = max(2, len(sample) // 1000)
        ceiling = len(sample) // 4
        self.words = [w for w, c in df.items() if floor <= c <= ceiling]
        self.weights = [df[w] ** 0.5 for w in self.words]
        self.df = df
        self.dated = [r for r in records if r.get("date") and r.get("source")]
        self.seen: set[tuple] = set()

    def _doc_words(self, k: int) -> list[str]:
        for _ in range(50):
            rec = self.rng.choice(self.records)
            words = list(dict.fromkeys(w for w in _WORD.findall(rec["body"].lower()) if w in self.df and w not in STOP))
            if len(words) >= k:
                return self.rng.sample(words, k)
        return self.rng.choices(self.words, k=k)

    def _text(self, kind: str) -> str:
        if kind == "one":
            return self.rng.choices(self.words, weights=self.weights)[0]
        if kind == "two":
            return " ".join(self._doc_words(2))
        if kind == "phrase":
            for _ in range(50):
                rec = self.rng.choice(self.records)
                pairs = [p for p in _PAIR.findall(rec["body"].lower()) if p[0] not in STOP and p[1] not in STOP]
                if pairs:
                    return '"{} {}"'.format(*self.rng.choice(pairs))
            return '"{} {}"'.format(*self._doc_words(2))
        if kind == "or3":
            return " OR ".join(self.rng.choices(self.words, weights=self.weights, k=3))
        w = self._doc_words(4)
        templates = (
            "how did the {} {} affect {} in {}",
            "what is the latest news about {} and {} {} {}",
            "why are {} {} and {} rising in {}",
            "what happened with {} {} after the {} {}",
        )
        return self.rng.choice(templates).format(*w)

    def _filters(self) -> tuple[str | None, date | None, date | None]:
        rec = self.rng.choice(self.dated)
        day = date.fromisoformat(rec["date"][:10])
        return rec["source"], day - timedelta(days=self.rng.randint(20, 400)), day + timedelta(
            days=self.rng.randint(20, 400))

    def make(self, kind: str, filtered: bool) -> dict[str, Any]:
        for _ in range(1000):
            text = self._text(kind)
            source, dfrom, dto = self._filters() if filtered else (None, None, None)
            key = (text, source, dfrom, dto)
            if key not in self.seen:
                self.seen.add(key)
                return {"kind": kind, "filtered": filtered, "q": text, "source": source, "from": dfrom, "to": dto}
        raise RuntimeError(f"cannot make another distinct {kind} query")

    def batch(self, per_kind: int) -> list[dict[str, Any]]:
        out = [self.make(kind, filtered) for filtered in (False, True) for kind in KINDS for _ in range(per_kind)]
        self.rng.shuffle(out)
        return out


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


class SvcEngine:
    def __init__(self, index: Path) -> None:
        # As served: the same settings (and so the same postings cache) a gunicorn worker gets;
        # SEARCHSVC_POSTINGS_CACHE_MB=0 measures without it.
        self.live = LiveIndex(index, postings_cache_mb=Settings.from_env().postings_cache_mb)

    def search(self, q: str, source: str | None, date_from: date | None, date_to: date | None) -> dict[str, Any]:
        res = svc_search(self.live, Query(q=q, source=source, date_from=date_from, date_to=date_to))
        return {"total": res.total, "results": res.hits}

    def close(self) -> None:
        self.live.close()


def time_queries(engines: dict[str, Any], queries: list[dict[str, Any]], rotate: int) -> dict[str, Any]:
    """Each query on every engine (order rotated per query): latencies, hit counts, errors."""
    out = {name: {"lat": [], "hits": [], "errors": 0} for name in engines}
    names = list(engines)
    for n, qd in enumerate(queries):
        order = names[(n + rotate) % len(names):] + names[: (n + rotate) % len(names)]
        for name in order:
            started = time.perf_counter()
            try:
                res = engines[name].search(qd["q"], qd["source"], qd["from"], qd["to"])
            except (SearchsvcError, Exception):  # noqa: BLE001 - counted, the run goes on
                out[name]["errors"] += 1
                res = None
            ms = (time.perf_counter() - started) * 1000
            out[name]["lat"].append((qd["kind"], qd["filtered"], ms))
            out[name]["hits"].append((qd["kind"], qd["filtered"], res["total"] if res else 0))
    return out


def summarize_latency(runs: list[dict[str, Any]], name: str) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for filtered, label in ((False, "plain"), (True, "filtered")):
        for p in (50, 95, 99):
            summary[f"{label}_p{p}"] = statistics.median(
                pct([ms for _k, f, ms in run[name]["lat"] if f == filtered], p) for run in runs)
        for kind in KINDS:
            summary[f"{label}_{kind}_p50"] = statistics.median(
                pct([ms for k, f, ms in run[name]["lat"] if f == filtered and k == kind], 50) for run in runs)
            hits = [h for run in runs for k, f, h in run[name]["hits"] if f == filtered and k == kind]
            summary[f"{label}_{kind}_mean_hits"] = statistics.mean(hits) if hits else 0
    summary["errors"] = sum(run[name]["errors"] for run in runs)
    return summary


# ---------------------------------------------------------------- HTTP


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, app: str, env: dict[str, str], log: Path, chdir: Path | None = None) -> None:
        self.port = free_port()
        cmd = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{self.port}", "--graceful-timeout",
               "5", "--timeout", "120"]
        if chdir:
            cmd += ["--chdir", str(chdir)]
        self.log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd + [app], cwd=REPO, env=dict(os.environ, **env), stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server {app} exited early; see {log}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as resp:  # noqa: S310 - loopback
                    if resp.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server {app} did not become ready; see {log}")

    def worker_rss_mb(self) -> float | None:
        """The largest peak RSS (VmHWM) among the server's worker processes."""
        peaks = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) != self.proc.pid:  # the workers are the master's children
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, IndexError, ValueError):
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks) if peaks else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def query_url(base: str, qd: dict[str, Any]) -> str:
    params = {"q": qd["q"]}
    if qd["source"]:
        params["source"] = qd["source"]
    if qd["from"]:
        params["from"] = qd["from"].isoformat()
    if qd["to"]:
        params["to"] = qd["to"].isoformat()
    return f"{base}/api/search?{urllib.parse.urlencode(params)}"


def http_block(urls: list[str], concurrency: int) -> dict[str, Any]:
    lock = threading.Lock()
    todo = list(reversed(urls))
    lat: list[float] = []
    errors = Counter()

    def worker() -> None:
        while True:
            with lock:
                if not todo:
                    return
                url = todo.pop()
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310 - loopback server
                    resp.read()
                    status = resp.status
            except urllib.error.HTTPError as exc:
                status = exc.code
                exc.close()
            except OSError as exc:
                status = exc.__class__.__name__
            ms = (time.perf_counter() - started) * 1000
            with lock:
                lat.append(ms)
                if status != 200:
                    errors[str(status)] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"seconds": time.perf_counter() - started, "lat": lat, "errors": errors}


def measure_http(servers: dict[str, Server], maker: QueryMaker, requests: int, concurrency: int,
                 runs: int = 1) -> dict[str, Any]:
    """`requests` per server per run, in two blocks per run alternating the servers' order.

    req/s is the median over blocks (the client shares the 2 cores with the servers, so one
    block alone swings by 10-20%); latency percentiles pool every request.
    """
    blocks = 2 * max(1, runs)
    per_block = max(1, requests // 2)
    acc = {name: {"lat": [], "errors": Counter(), "n": 0, "rates": []} for name in servers}
    for srv in servers.values():  # warm-up: each worker opens its searcher (not counted)
        http_block([query_url(srv.base, maker.make(KINDS[i % 5], i % 2 == 1)) for i in range(8)], concurrency)
    for b in range(blocks):
        names = list(servers) if b % 2 == 0 else list(reversed(servers))
        for name in names:
            batch = [maker.make(KINDS[i % 5], i % 2 == 1) for i in range(per_block)]
            res = http_block([query_url(servers[name].base, qd) for qd in batch], concurrency)
            acc[name]["lat"] += res["lat"]
            acc[name]["errors"] += res["errors"]
            acc[name]["n"] += len(batch)
            acc[name]["rates"].append(len(batch) / res["seconds"])
    return {
        name: {"requests": a["n"], "req_s": statistics.median(a["rates"]), "p50": pct(a["lat"], 50),
               "p95": pct(a["lat"], 95),
               "p99": pct(a["lat"], 99), "errors": dict(a["errors"]), "worker_rss_mb": servers[name].worker_rss_mb()}
        for name, a in acc.items()
    }


# ---------------------------------------------------------------- profiling


def _profile_table(prof: cProfile.Profile, total_s: float, top: int) -> tuple[str, dict[str, float]]:
    stats = pstats.Stats(prof)
    buf = io.StringIO()
    stats.stream = buf
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue(), {}


def _cum(prof: cProfile.Profile, file_part: str, func: str) -> float:
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    return sum(v[3] for (f, _line, fn), v in stats.items() if file_part in f and fn == func)


def profile_queries(index: Path, maker: QueryMaker, per_kind: int, top: int) -> dict[str, Any]:
    import searchsvc.search as core

    engine = SvcEngine(index)
    for qd in maker.batch(1):  # warm-up
        engine.search(qd["q"], qd["source"], qd["from"], qd["to"])
    queries = maker.batch(per_kind)
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    for qd in queries:
        try:
            engine.search(qd["q"], qd["source"], qd["from"], qd["to"])
        except SearchsvcError:
            pass
    prof.disable()
    wall = time.perf_counter() - started
    engine.close()
    text, _ = _profile_table(prof, wall, top)
    total = _cum(prof, "searchsvc/search.py", "search")
    parts = {
        "searcher.search (_run: match, score, filter, groupedby)": _cum(prof, "searchsvc/search.py", "_run"),
        "  of which whoosh filter (_filter_to_comb)": _cum(prof, "whoosh/searching.py", "_filter_to_comb"),
        "  of which groupedby categorizer setup (_set_categorizers)": _cum(
            prof, "whoosh/collectors.py", "_set_categorizers"),
        "len(results) / results.groups()": _cum(prof, "whoosh/searching.py", "groups")
        + _cum(prof, "whoosh/searching.py", "__len__"),
        "highlight.snippet (re-analyses stored body)": _cum(prof, "searchsvc/highlight.py", "snippet"),
        "hit.fields() (stored fields)": _cum(prof, "whoosh/searching.py", "fields"),
        "parse_query": _cum(prof, "searchsvc/queryparse.py", "parse_query"),
        "any_words_query (relaxing)": _cum(prof, "searchsvc/queryparse.py", "any_words_query"),
        "suggest (did-you-mean)": _cum(prof, "searchsvc/suggest.py", "suggest"),
        "_highlight_terms": _cum(prof, "searchsvc/search.py", "_highlight_terms"),
    }
    _ = core
    return {"queries": len(queries), "wall_s": wall, "search_cum_s": total, "parts": parts, "text": text}


def profile_build(raw: Path, tmp: Path, sample: int, rels: list[str], rng: random.Random, top: int) -> dict[str, Any]:
    from searchsvc.indexer import build_index

    sub = tmp / "raw-profile"
    for rel in rng.sample(rels, min(sample, len(rels))):
        src = raw / rel
        if not src.exists():
            continue
        dst = sub / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        if rel.endswith(".txt"):
            side = src.with_name(src.name[:-4] + ".meta.json")
            shutil.copy2(side, dst.with_name(dst.name[:-4] + ".meta.json"))
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    report = build_index(sub, tmp / "index-profile")
    prof.disable()
    wall = time.perf_counter() - started
    text, _ = _profile_table(prof, wall, top)
    parts = {
        "read_capture (file + sidecar I/O)": _cum(prof, "searchsvc/captures.py", "read_capture"),
        "extract (all)": _cum(prof, "searchsvc/extract.py", "extract"),
        "  htmlextract.extract_html": _cum(prof, "searchsvc/htmlextract.py", "extract_html"),
        "  textclean.extract_text": _cum(prof, "searchsvc/textclean.py", "extract_text"),
        "writer.add_document (analysis, postings in RAM)": _cum(prof, "whoosh/writing.py", "add_document"),
        "writer.commit (flush/merge segments)": _cum(prof, "whoosh/writing.py", "commit"),
    }
    return {"documents": report.indexed, "wall_s": wall, "parts": parts, "text": text}


# ---------------------------------------------------------------- report


def _fmt(v: Any, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.1f}{unit}" if abs(v) >= 10 else f"{v:,.2f}{unit}"
    return f"{v:,}{unit}"


def _ratio(a: Any, b: Any) -> str:
    try:
        return f"{a / b:.2f}x"
    except (TypeError, ZeroDivisionError):
        return "n/a"


def print_table(fig: dict[str, Any]) -> None:
    rows: list[tuple[str, Any, Any, Any, str]] = []
    b = fig["build"]
    for key, label in (("docs_s", "build docs/s (higher=better)"), ("incremental_pct", "incremental time % of full"),
                       ("index_mb", "index size MB"), ("peak_rss_mb", "build peak RSS MB")):
        rows.append((label, *(b[e].get(key) for e in ENGINES), ""))
    q = fig["query"]
    for label in ("plain", "filtered"):
        for p in (50, 95, 99):
            name = f"query {label}{'+facets' if label == 'filtered' else ''} p{p} ms"
            rows.append((name, *(q[e][f"{label}_p{p}"] for e in ENGINES), ""))
    if fig.get("http"):
        h = fig["http"]
        rows.append(("HTTP req/s (higher=better)", *(h[e]["req_s"] for e in ENGINES), ""))
        rows.append(("HTTP p50 ms", *(h[e]["p50"] for e in ENGINES), ""))
        rows.append(("HTTP p95 ms", *(h[e]["p95"] for e in ENGINES), ""))
        rows.append(("HTTP errors", *(sum(h[e]["errors"].values()) for e in ENGINES), ""))
        rows.append(("HTTP worker peak RSS MB", *(h[e].get("worker_rss_mb") for e in ENGINES), ""))
    width = max(len(r[0]) for r in rows) + 2
    head = f"{'metric':<{width}}{'searchsvc':>12}{'naive whoosh':>14}{'fts5':>12}{'svc/naive':>11}{'svc/fts5':>10}"
    print(f"\n## {fig['meta']['documents']:,} documents ({fig['meta']['corpus']}), runs={fig['meta']['runs']}, "
          f"{fig['meta']['queries_per_run']} queries/engine/run, "
          f"searchsvc postings cache {fig['meta']['postings_cache_mb']} MB\n")
    print(head)
    print("-" * len(head))
    for label, s, n, f, _ in rows:
        err = label == "HTTP errors"
        print(f"{label:<{width}}{_fmt(s):>12}{_fmt(n):>14}{_fmt(f):>12}"
              f"{'' if err else _ratio(s, n):>11}{'' if err else _ratio(s, f):>10}")
    print("\nper query kind: p50 ms (mean hits) — median over runs")
    print(f"{'kind':<20}" + "".join(f"{e:>24}" for e in ENGINES))
    for label in ("plain", "filtered"):
        for kind in KINDS:
            cells = "".join(
                f"{_fmt(q[e][f'{label}_{kind}_p50']):>12} ({_fmt(q[e][f'{label}_{kind}_mean_hits']):>8})"
                for e in ENGINES)
            print(f"{label + ' ' + kind:<20}{cells}")
    print("query errors: " + ", ".join(f"{e}={q[e]['errors']}" for e in ENGINES))
    print(f"incremental change set: {fig['meta']['changes']} changed + {fig['meta']['changes']} added + "
          f"{fig['meta']['changes']} deleted; searchsvc --rebuild flag: {fig['meta']['rebuild_flag']}")
    print(f"full builds: {fig['meta']['build_runs']} each, in turn; searchsvc/naive docs/s per round: "
          + ", ".join(f"{x:.2f}x" for x in fig['meta']['build_ratio_runs']))


def print_profile(title: str, prof: dict[str, Any], total_key: str) -> None:
    total = prof.get(total_key) or prof["wall_s"]
    print(f"\n## cProfile: {title} (wall {prof['wall_s']:.1f}s)")
    for label, secs in prof["parts"].items():
        print(f"  {label:<62}{secs:8.2f}s {100 * secs / total:5.1f}%")
    print(prof["text"])


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", type=Path, default=None, help="JSONL files (default: every .jsonl in "
                    f"{DEFAULT_CORPUS})")
    ap.add_argument("--synthetic", type=int, default=None, metavar="N", help="use N generated documents instead")
    ap.add_argument("--scale", type=int, default=1, metavar="K", help="replicate the corpus K times (fresh ids)")
    ap.add_argument("--runs", type=int, default=3, help="query measurement repetitions (medians reported)")
    ap.add_argument("--build-runs", type=int, default=3, help="full builds of each engine, in turn (medians reported)")
    ap.add_argument("--queries", type=int, default=20, metavar="N", help="queries per kind per run (x5 kinds x2)")
    ap.add_argument("--requests", type=int, default=400, help="HTTP requests per server per run")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--profile", action="store_true", help="also cProfile searchsvc.search and the build")
    ap.add_argument("--profile-build-docs", type=int, default=1500)
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="save the figures as JSON")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    if args.synthetic:
        corpus_label = f"synthetic {args.synthetic}, seed {args.seed}"
    else:
        paths = args.corpus or sorted(DEFAULT_CORPUS.glob("*.jsonl"))
        if not paths:
            raise SystemExit(f"no corpus files in {DEFAULT_CORPUS}; give --corpus PATH... or --synthetic N")
        corpus_label = ", ".join(p.name for p in paths)
    records = load_corpus([] if args.synthetic else paths, args.synthetic, args.seed, args.scale)
    if args.scale > 1:
        corpus_label += f" x{args.scale}"
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="searchsvc-perf-"))
    log = lambda msg: print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    servers: dict[str, Server] = {}
    try:
        raw, index = tmp / "raw", tmp / "index"
        rels = capture_paths(records, rng)
        for rel, rec in zip(rels, records, strict=True):
            write_capture(raw, rel, rec)
        write_jsonl(tmp / "docs.jsonl", records)
        log(f"wrote {len(records)} captures to {raw}")
        # searchsvc's bytecode, compiled once as pip compiles an installed package's: run from the
        # repository where PYTHONDONTWRITEBYTECODE is set, every searchsvc process compiled its
        # ~9,000 lines anew (0.05 s of a 1 s update), while the references' libraries (Whoosh's)
        # come compiled from their installation.
        compileall.compile_dir(REPO / "searchsvc", quiet=1)
        rebuild = index_has_rebuild_flag()
        build: dict[str, dict[str, Any]] = {e: {} for e in ENGINES}

        # Full builds take turns (searchsvc, naive, FTS5) build_runs times; the medians are reported,
        # and the last of each is the index measured below.
        ref_paths = {"naive": tmp / "naive-index", "fts5": tmp / "fts5.db"}
        full_runs: dict[str, list[dict[str, Any]]] = {e: [] for e in ENGINES}
        for r in range(args.build_runs):
            for kind in ENGINES:
                if kind == "searchsvc":
                    cmd = svc_index_cmd(raw, index, ["--rebuild"] if rebuild else [])
                else:
                    remove_path(ref_paths[kind])
                    cmd = ref_cmd("build", kind, tmp / "docs.jsonl", ref_paths[kind])
                full_runs[kind].append(run_measured(cmd, tmp / f"{kind}-full.log"))
                log(f"{kind} full build {r + 1}/{args.build_runs}: {full_runs[kind][-1]['seconds']:.1f}s")
        full = median_run(full_runs["searchsvc"])
        ref_full = {kind: median_run(full_runs[kind]) for kind in ("naive", "fts5")}
        build_ratios = [n["seconds"] / s["seconds"] for s, n in zip(full_runs["searchsvc"], full_runs["naive"],
                                                                     strict=True)]
        sizes = {"searchsvc": svc_generation_size(index), "naive": dir_size(ref_paths["naive"]),
                 "fts5": dir_size(ref_paths["fts5"])}

        # As many incremental rounds, each a fresh 1% change on top of the last (medians reported).
        current, current_rels = records, rels
        inc_runs: dict[str, list[dict[str, Any]]] = {e: [] for e in ENGINES}
        for r in range(args.build_runs):
            raw_ops, ref_changes, n_changes, current, current_rels = plan_changes(current, current_rels, rng, r)
            for op, rel, rec in raw_ops:
                if op == "write":
                    write_capture(raw, rel, rec)
                else:
                    remove_capture(raw, rel)
            write_jsonl(tmp / "changes.jsonl", ref_changes)
            for kind in ENGINES:
                if kind == "searchsvc":
                    cmd = svc_index_cmd(raw, index, [])
                else:
                    cmd = ref_cmd("update", kind, tmp / "changes.jsonl", ref_paths[kind])
                inc_runs[kind].append(run_measured(cmd, tmp / f"{kind}-inc.log"))
                log(f"{kind} incremental {r + 1}/{args.build_runs}: {inc_runs[kind][-1]['seconds']:.1f}s")
        inc = median_run(inc_runs["searchsvc"])
        ref_inc = {kind: median_run(inc_runs[kind]) for kind in ("naive", "fts5")}
        for name, f, i in (("searchsvc", full, inc), ("naive", ref_full["naive"], ref_inc["naive"]),
                           ("fts5", ref_full["fts5"], ref_inc["fts5"])):
            build[name] = {"seconds": f["seconds"], "docs_s": len(records) / f["seconds"],
                           "peak_rss_mb": f["peak_rss_mb"], "incremental_s": i["seconds"],
                           "incremental_pct": 100 * i["seconds"] / f["seconds"],
                           "incremental_peak_rss_mb": i["peak_rss_mb"], "index_mb": sizes[name] / 2**20}
        maker = QueryMaker(current, args.seed)  # the records as they are after the changes

        engines = {"searchsvc": SvcEngine(index), "naive": refs.NaiveEngine(ref_paths["naive"]),
                   "fts5": refs.Fts5Engine(ref_paths["fts5"])}
        time_queries(engines, maker.batch(1), 0)  # warm-up: open searchers, load columns (not counted)
        runs = []
        for r in range(args.runs):
            runs.append(time_queries(engines, maker.batch(args.queries), r))
            log(f"query run {r + 1}/{args.runs} done")
        for e in engines.values():
            e.close()
        query = {name: summarize_latency(runs, name) for name in ENGINES}

        http = None
        if not args.skip_http:
            servers["searchsvc"] = Server("wsgi:app", {"SEARCHSVC_INDEX_DIR": str(index),
                                                       "SEARCHSVC_RAW_DIR": str(raw)}, tmp / "gunicorn-svc.log")
            for kind in ("naive", "fts5"):
                servers[kind] = Server("_perf_fts5_app:app", {"PERF_ENGINE": kind, "PERF_INDEX": str(ref_paths[kind])},
                                       tmp / f"gunicorn-{kind}.log", chdir=BENCH)
            http = measure_http({e: servers[e] for e in ENGINES}, maker, args.requests, args.concurrency, args.runs)
            for srv in servers.values():
                srv.stop()
            servers.clear()
            log("HTTP done")

        fig = {
            "meta": {"documents": len(records), "corpus": corpus_label, "runs": args.runs,
                     "queries_per_run": args.queries * len(KINDS) * 2, "changes": n_changes,
                     "rebuild_flag": rebuild, "build_runs": args.build_runs,
                     "build_ratio_runs": [round(x, 2) for x in build_ratios],
                     "postings_cache_mb": Settings.from_env().postings_cache_mb,
                     "python": sys.version.split()[0], "cpus": os.cpu_count()},
            "build": build, "query": query, "http": http,
        }
        print_table(fig)

        if args.profile:
            qp = profile_queries(index, maker, max(4, args.queries // 2), 30)
            print_profile(f"searchsvc.search over {qp['queries']} distinct queries", qp, "search_cum_s")
            bp = profile_build(raw, tmp, args.profile_build_docs, rels, rng, 30)
            print_profile(f"build_index over {bp['documents']} captures", bp, "wall_s")
            fig["profile"] = {"query": {k: v for k, v in qp.items() if k != "text"},
                              "build": {k: v for k, v in bp.items() if k != "text"}}
        if args.json:
            args.json.write_text(json.dumps(fig, indent=2, default=str), encoding="utf-8")
        log("done")
    finally:
        for srv in servers.values():
            srv.stop()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
