"""Ranking quality on judged test collections: MAP and nDCG@10 through searchsvc's own search path.

Writes a collection's documents as text captures (with a sidecar giving the title), builds the
index with the same code `searchsvc index` runs, sends every query as typed through the same
`search()` the API calls, and scores the ranked ids against the judgments.

    python bench/relevance.py [--data ../shared/bench/relevance] [--collection cranfield cisi]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchsvc.errors import QueryError  # noqa: E402
from searchsvc.indexer import build_index  # noqa: E402
from searchsvc.live_index import LiveIndex  # noqa: E402
from searchsvc.models import Query  # noqa: E402
from searchsvc.search import search  # noqa: E402

DEPTH = 100  # the API's largest page


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        qid, did, rel = line.split("\t")
        qrels[qid][did] = int(rel)
    return qrels


def write_captures(docs: list[dict], raw: Path) -> None:
    for doc in docs:
        (raw / f"{doc['id']}.txt").write_text(f"{doc.get('title', '')}\n\n{doc.get('text', '')}\n", encoding="utf-8")
        (raw / f"{doc['id']}.meta.json").write_text(json.dumps({"title": doc.get("title") or f"doc {doc['id']}"}))


def average_precision(ranked: list[str], rels: dict[str, int]) -> float:
    relevant = {d for d, r in rels.items() if r > 0}
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, d in enumerate(ranked, 1):
        if d in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def ndcg(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    dcg = sum(rels.get(d, 0) / math.log2(i + 1) for i, d in enumerate(ranked[:k], 1) if rels.get(d, 0) > 0)
    ideal = sorted((r for r in rels.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 1) for i, r in enumerate(ideal, 1))
    return dcg / idcg if idcg else 0.0


def evaluate(collection: Path) -> dict[str, float]:
    docs = load_jsonl(collection / "docs.jsonl")
    queries = load_jsonl(collection / "queries.jsonl")
    qrels = load_qrels(collection / "qrels.tsv")
    with tempfile.TemporaryDirectory() as tmp:
        raw, index = Path(tmp) / "raw", Path(tmp) / "index"
        raw.mkdir()
        write_captures(docs, raw)
        started = time.perf_counter()
        report = build_index(raw, index)
        build_s = time.perf_counter() - started
        live = LiveIndex(index)
        aps, ndcgs, errors, relaxed = [], [], 0, 0
        started = time.perf_counter()
        for q in queries:
            rels = qrels.get(q["id"])
            if not rels or not any(r > 0 for r in rels.values()):
                continue
            try:
                results = search(live, Query(q=q["text"], per_page=DEPTH))
                ranked = [hit.id.removesuffix(".txt") for hit in results.hits]
                relaxed += results.relaxed
            except QueryError:
                errors += 1
                ranked = []
            aps.append(average_precision(ranked, rels))
            ndcgs.append(ndcg(ranked, rels))
        query_s = time.perf_counter() - started
        live.close()
    return {
        "queries": len(aps),
        "MAP@100": sum(aps) / len(aps),
        "nDCG@10": sum(ndcgs) / len(ndcgs),
        "query errors": errors,
        "relaxed": relaxed,
        "indexed": report.indexed,
        "skipped": len(report.skipped),
        "build s": build_s,
        "ms/query": 1000 * query_s / max(1, len(aps)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench" / "relevance")
    ap.add_argument("--collection", nargs="+", default=["cranfield", "cisi"])
    args = ap.parse_args()
    rows = {name: evaluate(args.data / name) for name in args.collection}
    keys = list(next(iter(rows.values())))
    print(f"{'collection':<11}" + "".join(f"{k:>14}" for k in keys))
    for name, row in rows.items():
        cells = "".join(f"{v:>14.4f}" if isinstance(v, float) else f"{v:>14}" for v in row.values())
        print(f"{name:<11}{cells}")
    print("reference (README of the data, plain BM25 k1=1.2 b=0.75 Porter2): "
          "cranfield nDCG@10 0.3748, cisi 0.3995")


if __name__ == "__main__":
    main()
