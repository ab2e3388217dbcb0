"""Expensive queries on a large vocabulary: how long can one request hold a worker?

Builds a corpus with a big vocabulary (random made-up words) in a temporary folder, then times, through the
Flask test client, the patterns that cost most: broad prefixes (ab*), many prefixes in one query, leading
wildcards, very long queries, long unknown words (spelling suggestions), deep nesting, and a sample of the
generated hostile queries of tests/hostile_inputs.py. Exit status 1 if a request took over --bound seconds or
answered 500.

    python bench/hostile_queries.py [--docs 800] [--words-per-doc 300] [--bound 2.0] [--fuzz 2000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from hostile_inputs import generate  # noqa: E402

from searchsvc.indexer import build_index  # noqa: E402
from searchsvc.settings import Settings  # noqa: E402
from searchsvc.web import create_app  # noqa: E402

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def make_corpus(raw: Path, docs: int, words_per_doc: int, seed: int = 3) -> int:
    rng = random.Random(seed)
    vocab: set[str] = set()
    raw.mkdir(parents=True)
    for i in range(docs):
        words = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 10))) for _ in range(words_per_doc)]
        vocab.update(words)
        lines = [" ".join(words[j : j + 30]).capitalize() + "." for j in range(0, len(words), 30)]
        (raw / f"d{i:05d}.txt").write_text(f"Document {i} headline\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return len(vocab)


def patterns(rng: random.Random) -> dict[str, str]:
    two = [a + b for a in LETTERS for b in LETTERS]
    unknown = ["".join(rng.choice(LETTERS) for _ in range(12)) for _ in range(400)]
    return {
        "one broad prefix ab*": "ab*",
        "two-letter prefixes OR-ed (2000 chars)": " OR ".join(f"{p}*" for p in two)[:1990].rsplit(" OR ", 1)[0],
        "two-letter prefixes AND-ed (2000 chars)": " ".join(f"{p}*" for p in two)[:1990].rsplit(" ", 1)[0],
        "leading wildcard *ab": "*ab",
        "a* (one letter)": "a*",
        "400 unknown words (suggestions)": " ".join(unknown)[:1999].rsplit(" ", 1)[0],
        "one 1999-letter word": "x" * 1999,
        "200 unknown 9-letter words OR-ed": " OR ".join(unknown[:200])[:1999].rsplit(" OR ", 1)[0],
        "deep parentheses": "(" * 500 + "headline" + ")" * 500,
        "300 phrases": " ".join(f'"{a} {b}"' for a, b in zip(unknown, unknown[1:], strict=False))[:1999]
        .rsplit('"', 2)[0] + '"',
        "2000 chars of operators": ("NOT " * 500)[:2000],
        "every document, last page": "",
        "a 1999-character web address": ("http://www.example.org/" + "/".join(unknown))[:1999],
        "a web address of brackets and stars": "https://example.org/" + "(*[" * 300,
        "a 1999-character file path": ("/".join(unknown) + ".txt")[-1999:],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=800)
    ap.add_argument("--words-per-doc", type=int, default=300)
    ap.add_argument("--bound", type=float, default=2.0, help="slowest acceptable request, seconds")
    ap.add_argument("--fuzz", type=int, default=2000, help="generated hostile queries to time as well")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hostile-queries-") as tmp:
        raw, index = Path(tmp) / "raw", Path(tmp) / "index"
        t0 = time.perf_counter()
        vocab = make_corpus(raw, args.docs, args.words_per_doc)
        build_index(raw, index, rebuild=True)
        print(f"corpus: {args.docs} documents, {vocab} distinct words, built in {time.perf_counter() - t0:.1f}s")
        client = create_app(Settings(raw_dir=raw, index_dir=index)).test_client()
        client.get("/api/search?q=warmup")
        worst = 0.0
        failures = 0
        for name, q in patterns(random.Random(5)).items():
            params = {"q": q, "page": "1000" if not q else "1", "per_page": "100"}
            for path in ("/api/search", "/"):
                t = time.perf_counter()
                resp = client.get(path, query_string=params)
                dt = time.perf_counter() - t
                worst = max(worst, dt)
                failures += resp.status_code >= 500 or dt > args.bound
                detail = resp.get_json()["error"]["message"][:70] if resp.status_code == 400 and path != "/" else ""
                print(f"{dt * 1000:8.0f} ms  {resp.status_code}  {path:12} {name} {detail}")
        timings = []
        for qs in generate(args.fuzz, seed=11):
            t = time.perf_counter()
            resp = client.get(f"/api/search?{qs}")
            dt = time.perf_counter() - t
            timings.append((dt, qs))
            failures += resp.status_code >= 500 or dt > args.bound
        timings.sort(reverse=True)
        worst = max(worst, timings[0][0])
        print(f"fuzz: {len(timings)} generated queries, slowest {timings[0][0] * 1000:.0f} ms "
              f"({urllib.parse.unquote(timings[0][1])[:60]!r}), median {timings[len(timings) // 2][0] * 1000:.1f} ms")
    print(f"slowest request overall: {worst * 1000:.0f} ms (bound {args.bound * 1000:.0f} ms)")
    print("OK" if not failures else f"FAILED: {failures} request(s) over the bound or 5xx")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
