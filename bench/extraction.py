"""Score searchsvc's article extraction on the article-extraction benchmark, beside published anchors.

Usage: python bench/extraction.py [--data PATH] [--mode html|text|both|lynx|w3m] [--per-page]

`lynx` and `w3m` dump each page with that terminal browser (`lynx -dump`, `w3m -dump`; the browser
must be installed: `apt-get install lynx w3m`) and score the dumps as text captures.

The metric is the benchmark's (see the data folder's README.md): ``\\w+`` tokens, 4-token shingles as
multisets, per-page TP/FP/FN normalised to a total of 1, precision averaged over pages with a
non-empty prediction, recall over all pages, F1 = harmonic mean of the two averages, and accuracy =
share of pages whose token sequence equals the gold one. Our predictions go through the indexer's
own code path (captures.read_capture + extract.extract) from a temporary raw folder, so the figure
measures what the index would hold. Benchmark data is only read, never copied into the repo.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "bench" / "article-extraction"

if str(REPO_ROOT) not in sys.path:
    # Run as a script from anywhere: the project package must be importable without installing.
    sys.path.insert(0, str(REPO_ROOT))

_TOKEN = re.compile(r"\w+")


# --- scorer -------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], size: int = 4) -> Counter[tuple[str, ...]]:
    """Bag of overlapping `size`-token runs; 1..size-1 tokens give one short shingle, none give none."""
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        return 1.0 if self.fp == 0 and self.fn == 0 else self.tp / (self.tp + self.fn)


def score_page(gold: str, predicted: str) -> PageScore:
    """TP/FP/FN of one page, divided by their sum so every page weighs the same."""
    gold_toks, pred_toks = tokens(gold), tokens(predicted)
    g, p = shingles(gold_toks), shingles(pred_toks)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp=tp, fp=fp, fn=fn, exact=gold_toks == pred_toks)


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def summarize(scores: Iterable[PageScore]) -> Summary:
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return Summary(precision=precision, recall=recall, f1=f1, accuracy=accuracy, pages=len(scores))


def load_bodies(path: Path) -> dict[str, str]:
    """{id: articleBody} from a benchmark JSON file, wrapped ({"output": ...}) or not."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    return {key: (value or {}).get("articleBody") or "" for key, value in data.items()}


def score_predictions(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, PageScore]:
    """Per-page scores over every gold page; a page missing from `predicted` is an empty prediction."""
    return {key: score_page(gold[key], predicted.get(key, "")) for key in gold}


# --- our extraction, through the indexer's path ---------------------------------------------------


def run_searchsvc(data_dir: Path, mode: str, ids: list[str]) -> tuple[dict[str, str], float]:
    """Bodies our extractor produces for each page, and pages per second (extraction only)."""
    from searchsvc import captures, extract
    from searchsvc.errors import CaptureSkipped

    page_text = load_bodies(data_dir / "page-text.json") if mode == "text" else {}
    if mode in DUMPERS:
        page_text = {page_id: dump_page(mode, data_dir / "html" / f"{page_id}.html.gz") for page_id in ids}
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="searchsvc-bench-") as tmp:
        raw_dir = Path(tmp)
        paths: dict[str, Path] = {}
        for page_id in ids:
            if page_text:
                path = raw_dir / f"{page_id}.txt"
                path.write_text(page_text.get(page_id, ""), encoding="utf-8")
            else:
                path = raw_dir / f"{page_id}.html.gz"
                shutil.copyfile(data_dir / "html" / f"{page_id}.html.gz", path)
            paths[page_id] = path
        start = time.perf_counter()
        for page_id, path in paths.items():
            try:
                out[page_id] = extract.extract(captures.read_capture(raw_dir, path)).body
            except CaptureSkipped:
                out[page_id] = ""
        elapsed = time.perf_counter() - start
    return out, len(ids) / elapsed if elapsed else float("inf")


# Terminal browsers' dumps of a page, as an archivist saves pages with them (page read as UTF-8).
DUMPERS = {
    "lynx": ["lynx", "-dump", "-assume_charset=utf-8", "-display_charset=utf-8", "-force_html", "-stdin"],
    "w3m": ["w3m", "-dump", "-I", "utf-8", "-O", "utf-8", "-T", "text/html"],
}


def dump_page(mode: str, gz_path: Path) -> str:
    """The text `mode`'s browser dumps of a gzipped benchmark page."""
    import gzip
    import subprocess

    if shutil.which(DUMPERS[mode][0]) is None:
        raise SystemExit(f"--mode {mode} needs {DUMPERS[mode][0]} installed (apt-get install {DUMPERS[mode][0]})")
    html = gzip.decompress(gz_path.read_bytes())
    done = subprocess.run(DUMPERS[mode], input=html, capture_output=True, timeout=60, check=False)
    return done.stdout.decode("utf-8", errors="replace")


# --- CLI ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--mode", choices=("html", "text", "both", *DUMPERS), default="both")
    parser.add_argument("--per-page", action="store_true", help="also list our worst pages by F1")
    args = parser.parse_args(argv)
    data_dir: Path = args.data
    if not (data_dir / "ground-truth.json").is_file():
        parser.error(f"{data_dir} has no ground-truth.json")

    gold = load_bodies(data_dir / "ground-truth.json")
    ids = sorted(gold)
    rows: list[tuple[str, Summary, str]] = []
    ours: dict[str, dict[str, PageScore]] = {}
    for mode in ("html", "text") if args.mode == "both" else (args.mode,):
        predicted, rate = run_searchsvc(data_dir, mode, ids)
        scores = score_predictions(gold, predicted)
        ours[mode] = scores
        rows.append((f"searchsvc {mode}", summarize(scores.values()), f"{rate:,.0f} pages/s"))
    for path in sorted((data_dir / "anchors").glob("*.json")):
        rows.append((path.stem, summarize(score_predictions(gold, load_bodies(path)).values()), ""))
    rows.append(("page-text (keep all)", summarize(score_predictions(gold, load_bodies(
        data_dir / "page-text.json")).values()), ""))

    print(f"{len(ids)} pages from {data_dir}")
    print(f"{'system':<22}{'F1':>8}{'precision':>11}{'recall':>9}{'accuracy':>10}  speed")
    for name, s, speed in rows:
        print(f"{name:<22}{s.f1:>8.3f}{s.precision:>11.3f}{s.recall:>9.3f}{s.accuracy:>10.3f}  {speed}")

    if args.per_page:
        for mode, scores in ours.items():
            print(f"\nworst pages, searchsvc {mode} (id, P, R)")
            worst = sorted(scores.items(), key=lambda kv: _page_f1(kv[1]))[:15]
            for page_id, s in worst:
                p = "-" if s.precision is None else f"{s.precision:.3f}"
                r = "-" if s.recall is None else f"{s.recall:.3f}"
                print(f"  {page_id[:16]}  P={p}  R={r}")
    return 0


def _page_f1(s: PageScore) -> float:
    p, r = s.precision or 0.0, s.recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    raise SystemExit(main())
