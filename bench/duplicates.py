"""Near-duplicate grouping: precision/recall of copy pairs, and the time grouping adds per 10,000 documents.

From real news items it makes, for each of --originals documents, copies the way statements travel:
one with another site's header and footer, one shortened (the last third of its paragraphs
dropped, as a signatory list is cut), and one with light rewording; and, where it states figures,
another day's report of the same template (every figure changed), which is a family of its own.
Every other document is a distinct text (same agency, often the same subject). Pairs in the same
true family should share a group; pairs across families should not.

    python bench/duplicates.py [--corpus ../shared/bench/corpus/kcna-en-2024.jsonl] [--originals 300]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from searchsvc.duplicates import group, signature  # noqa: E402

HEADERS = [
    "Solidarity News Network | Home | About | Contact",
    "Posted by admin in International",
    "Workers' Weekly — International — Statements",
]
FOOTERS = [
    "Share this: Twitter Facebook Email",
    "Leave a comment. Posted in Uncategorized.",
    "© 2024 Friends of Korea. All rights reserved. Powered by WordPress.",
]


FIGURE = re.compile(r"\d+(?:[.,/]\d+)*")


def refigured(body: str, rng: random.Random) -> str | None:
    """The text with every figure (not a day or year) changed, as a wire's next report of a template."""
    def change(m: re.Match) -> str:
        figure = m.group()
        if figure.isdigit() and (int(figure) <= 31 or 1800 <= int(figure) <= 2100):
            return figure
        return re.sub(r"\d", lambda d: str((int(d.group()) + rng.randrange(1, 10)) % 10), figure)

    out = FIGURE.sub(change, body)
    return out if out != body else None


def variants(body: str, rng: random.Random) -> dict[str, str]:
    paras = [p for p in body.split("\n") if p.strip()]
    keep = max(1, (2 * len(paras)) // 3)
    words = body.split()
    for _ in range(max(1, len(words) // 40)):  # ~2.5% of words changed
        i = rng.randrange(len(words))
        words[i] = rng.choice(["the", "said", "and", "further", "also"])
    return {
        "chrome": f"{rng.choice(HEADERS)}\n\n{body}\n\n{rng.choice(FOOTERS)}",
        "short": "\n".join(paras[:keep]),
        "reworded": " ".join(words),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "bench" / "corpus" / "kcna-en-2024.jsonl")
    ap.add_argument("--originals", type=int, default=300)
    args = ap.parse_args()
    rng = random.Random(7)
    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if len(re.findall(r"\w+", r["body"])) >= 60]
    rng.shuffle(records)
    family: dict[str, str] = {}
    texts: dict[str, str] = {}
    for n, rec in enumerate(records):
        texts[rec["id"]] = rec["body"]
        family[rec["id"]] = rec["id"]
        if n < args.originals:
            for kind, text in variants(rec["body"], rng).items():
                texts[f"{rec['id']}~{kind}"] = text
                family[f"{rec['id']}~{kind}"] = rec["id"]
            report = refigured(rec["body"], rng)
            if report is not None:
                texts[f"{rec['id']}~report"] = report
                family[f"{rec['id']}~report"] = f"{rec['id']}~report"

    started = time.perf_counter()
    sigs = {doc_id: signature(text) for doc_id, text in texts.items()}
    signed = time.perf_counter()
    groups = group((doc_id, None, sig) for doc_id, sig in sigs.items())
    grouped = time.perf_counter()

    by_group: dict[str, list[str]] = defaultdict(list)
    for doc_id, gid in groups.items():
        by_group[gid].append(doc_id)
    predicted = {frozenset(p) for members in by_group.values() for p in itertools.combinations(members, 2)}
    by_family: dict[str, list[str]] = defaultdict(list)
    for doc_id, fam in family.items():
        by_family[fam].append(doc_id)
    truth = {frozenset(p) for members in by_family.values() for p in itertools.combinations(members, 2)}
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    per_kind = {}
    for kind in ("chrome", "short", "reworded"):
        pairs = {p for p in truth if any(d.endswith("~" + kind) for d in p) and any("~" not in d for d in p)}
        per_kind[kind] = len(pairs & predicted) / len(pairs) if pairs else 0.0
    reports = [d for d in texts if d.endswith("~report")]
    apart = sum(groups[d] != groups[d.removesuffix("~report")] for d in reports)
    n = len(texts)
    per_10k = (grouped - started) * 10_000 / n
    print(f"documents {n} ({args.originals} originals with 3 copies each, {len(reports)} of them with another "
          f"day's report, {n - 4 * args.originals - len(reports)} distinct others)")
    print(f"pair precision {precision:.3f}  recall {recall:.3f}  (true pairs {len(truth)}, predicted {len(predicted)})")
    print("recall of original↔copy pairs by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in per_kind.items()))
    print(f"another day's report kept apart from its template's original: {apart} of {len(reports)}")
    print(
        f"time: signatures {signed - started:.2f}s, grouping {grouped - signed:.2f}s → {per_10k:.1f}s per 10,000 docs"
    )


if __name__ == "__main__":
    main()
