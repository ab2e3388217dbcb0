"""Near-duplicate grouping on fixtures built from a seed: other chrome, a shortened list, a different text."""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from searchsvc import duplicates
from searchsvc.duplicates import group, signature
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import search

SEEDS = Path(__file__).resolve().parent.parent / "raw"


@pytest.fixture(scope="module")
def statement() -> str:
    """Seed 001's statement and its 62 signatories, as text."""
    text = (SEEDS / "001_d09a13167ed8fed5.txt").read_text(encoding="utf-8")
    return text[text.index("Statement of Solidarity") : text.index("No comments:")].strip()


def variants(statement: str) -> dict[str, str]:
    lines = statement.splitlines()
    parties = [ln for ln in lines if ln.strip()[:3].strip(". ").isdigit()]
    prose = [ln for ln in lines if ln not in parties]
    return {
        "original.txt": "Solidarity with the Korean people\n\n" + statement,
        # Another site: its own header, preamble and footer around the same statement.
        "other-chrome.txt": "Workers' Weekly | News | International\n\nIMCWP statement on Korea\n\n"
        "We publish below the statement adopted in Athens.\n\n"
        + statement
        + "\n\nShare this:\nTwitter\nFacebook\n\nPosted in International. Bookmark the permalink.",
        # A copy that lists only the first ten signatories.
        "short-list.txt": "Statement of the 20th IMCWP\n\n" + "\n".join(prose + parties[:10]),
        # Same subject, different text: must stay apart.
        "different.txt": (SEEDS / "000_be8c737e0d532a35.txt").read_text(encoding="utf-8"),
    }


def indexed_variants(tmp_path: Path, statement: str, sidecars: dict[str, dict]) -> LiveIndex:
    """The variants as captures, with these sidecars (by capture name without .txt), indexed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in variants(statement).items():
        (raw / name).write_text(text, encoding="utf-8")
    for name, meta in sidecars.items():
        (raw / f"{name}.meta.json").write_text(json.dumps(meta))
    build_index(raw, tmp_path / "ix")
    return LiveIndex(tmp_path / "ix")


def reference_signature(text: str) -> tuple[list[int], int]:
    """The MinHash signature by its definition, in plain integers: word 5-shingles of the lowercased
    text's `\\w+` words, each word's crc32 mixed FNV-style to 64 bits and its high 32 kept, then
    min((a·x + b) mod 2^32) per permutation, its low 16 bits kept."""
    mask = 2**64 - 1
    words = [zlib.crc32(w.encode()) for w in re.findall(r"\w+", text.lower())]
    words += [0] * (duplicates.SHINGLE_WORDS - len(words))
    shingles = []
    for i in range(len(words) - duplicates.SHINGLE_WORDS + 1):
        h = 0
        for w in words[i : i + duplicates.SHINGLE_WORDS]:
            h = ((h ^ w) * 0x100000001B3) & mask
        shingles.append(h >> 32)
    minimums = [
        min((int(a) * x + int(b)) & 0xFFFFFFFF for x in shingles) & 0xFFFF
        for a, b in zip(duplicates._A, duplicates._B, strict=True)
    ]
    return minimums, len(set(shingles))


@pytest.mark.parametrize(
    "text",
    [
        "Statement of the Central Committee, 25 November 2017: solidarity_with the Korean people, again and again.",
        "one two three",  # fewer words than a shingle
        "",
        "Tabs\tand\nlines, U.S. spelling, 3.14 and a-b-c... repeated repeated repeated repeated repeated repeated",
        "İstanbul'da Ünlü ŞİRKET: ﬁnal straße Ωmega — 朝鲜 人民 团结 and «quotes» ½ ²",  # lowercasing changes length
    ],
)
def test_signature_is_the_minhash_of_its_definition(text: str) -> None:
    # Saved signatures are compared with new ones on every update: the fast path must not drift.
    got = signature(text)
    assert (got.hashes.tolist(), got.shingles) == reference_signature(text)


def test_copies_group_together_and_different_text_stays_apart(statement: str) -> None:
    docs = variants(statement)
    days = {
        "original.txt": date(2018, 12, 11),
        "other-chrome.txt": date(2018, 12, 1),
        "short-list.txt": None,
        "different.txt": date(2017, 11, 5),
    }
    groups = group((name, days[name], signature(text)) for name, text in docs.items())
    assert groups["original.txt"] == groups["other-chrome.txt"] == groups["short-list.txt"]
    # The group is named after its earliest-dated copy.
    assert groups["original.txt"] == "other-chrome.txt"
    assert groups["different.txt"] == "different.txt"


@pytest.mark.parametrize("sort_below", [256, 0], ids=["sorted-groups", "flagged-groups"])
def test_results_collapse_to_the_earliest_copy_with_the_others_listed(
    tmp_path: Path, statement: str, sort_below: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from searchsvc import columns

    # Broad matches count their groups another way; this small corpus takes both.
    monkeypatch.setattr(columns, "_SORT_BELOW", sort_below)
    live = indexed_variants(tmp_path, statement, {
        "original": {"date": "2018-12-11", "source": "Blog A"},
        "other-chrome": {"date": "2018-11-20", "source": "Workers Weekly"},
    })
    res = search(live, Query(q="reunification Athens"))
    assert res.total == 1
    (hit,) = res.hits
    assert hit.id == "other-chrome.txt" and hit.date == date(2018, 11, 20)
    # The short list is dated by its signature line (25 November), the blog copy by its sidecar.
    assert [(c.id, c.date) for c in hit.copies] == [
        ("short-list.txt", date(2018, 11, 25)),
        ("original.txt", date(2018, 12, 11)),
    ]
    assert hit.copies[1].source == "Blog A"
    flat = search(live, Query(q="reunification Athens", collapse=False))
    assert flat.total == 3 and {h.group for h in flat.hits} == {"other-chrome.txt"}


def test_facet_counts_are_the_results_each_filter_shows(tmp_path: Path, statement: str) -> None:
    # Three copies of one statement, from two sources and two years, and a second statement: the
    # page shows 2 results, and a facet must not promise more results than choosing it gives.
    live = indexed_variants(tmp_path, statement, {
        "original": {"date": "2019-01-11", "source": "Blog A"},
        "other-chrome": {"date": "2018-11-20", "source": "Workers Weekly"},
        "short-list": {"date": "2018-11-25", "source": "Workers Weekly"},
    })
    res = search(live, Query(q="solidarity"))
    assert res.total == 2
    assert res.facets["source"]["Workers Weekly"] == res.facets["source"]["Blog A"] == 1
    for source, n in res.facets["source"].items():
        assert search(live, Query(q="solidarity", source=source)).total == n
    for year, n in res.facets["year"].items():
        chosen = Query(q="solidarity", date_from=date(int(year), 1, 1), date_to=date(int(year), 12, 31))
        assert search(live, chosen).total == n
    # Every capture listed: every capture counted.
    flat = search(live, Query(q="solidarity", collapse=False))
    assert flat.total == 4 and (flat.facets["source"]["Workers Weekly"], flat.facets["source"]["Blog A"]) == (2, 1)


def test_pages_show_copies_and_related(tmp_path: Path, statement: str) -> None:
    from searchsvc.settings import Settings
    from searchsvc.web import create_app

    indexed_variants(tmp_path, statement, {})
    client = create_app(Settings(raw_dir=tmp_path / "raw", index_dir=tmp_path / "ix")).test_client()
    html = client.get("/?q=reunification+Athens").get_data(as_text=True)
    assert html.count('class="hit"') == 1
    assert "<summary>2 other copies of this text</summary>" in html
    doc = client.get("/doc/original.txt").get_data(as_text=True)
    assert "Other copies of this text (2)" in doc
    assert 'href="/doc/short-list.txt"' in doc
    # The KCNA item shares the subject but not the text: related, not a copy.
    assert "Related documents" in doc and 'href="/doc/different.txt"' in doc
    api = client.get("/api/search?q=reunification+Athens").get_json()
    assert api["total"] == 1 and len(api["results"][0]["copies"]) == 2


def test_saved_signatures_round_trip_with_awkward_ids(tmp_path) -> None:  # noqa: ANN001
    from searchsvc.duplicates import SignatureTable

    text = " ".join(f"word{i}" for i in range(60))
    sigs = {
        "a/b c.txt": signature(text),
        "line\nbreak.txt": signature(text + " more"),
        "résumé.html": signature("x"),
        "bad\udcff.txt": signature("y"),  # a file name that is not valid UTF-8
    }
    SignatureTable.of(sigs.items()).save(tmp_path / "s.npz")
    loaded = SignatureTable.load(tmp_path / "s.npz")
    assert loaded.ids == list(sigs)
    for row, sig in enumerate(sigs.values()):
        assert (loaded[row].hashes == sig.hashes).all() and loaded[row].shingles == sig.shingles


def test_incremental_regroup_gives_the_same_groups_as_grouping_from_scratch() -> None:
    import random

    import numpy as np

    from searchsvc.duplicates import SignatureTable, group_rows

    rng = random.Random(5)
    words = [f"w{i}" for i in range(400)]
    originals = [" ".join(rng.choices(words, k=120)) for _ in range(12)]

    def copy_of(k: int) -> str:
        return f"Reposted by site {rng.randrange(1000)}\n" + originals[k]

    texts = {f"doc{i}": copy_of(i % 12) if i >= 12 else originals[i] for i in range(40)}
    days = {doc_id: rng.choice([0, *range(736000, 736040)]) for doc_id in texts}

    def grouping(texts: dict[str, str], known: dict[str, str] | None = None, recheck: set[str] | None = None):
        ids = sorted(texts)
        table = SignatureTable.of((i, signature(texts[i])) for i in ids)
        day_rows = np.array([days[i] for i in ids])
        if recheck is None:
            return group_rows(table, day_rows)
        return group_rows(table, day_rows, known=[known.get(i, i) for i in ids],
                          recheck=np.array([i in recheck for i in ids]))

    before = grouping(texts)
    assert len(set(before.values())) == 12  # every original with its copies
    for round_ in range(6):
        after = dict(texts)
        changed = rng.sample(sorted(texts), 4)
        for doc_id in changed[:2]:  # rewritten: now a copy of another original, or new text
            after[doc_id] = copy_of(rng.randrange(12)) if round_ % 2 else " ".join(rng.choices(words, k=120))
        removed = changed[2:3]
        for doc_id in removed:
            del after[doc_id]
        added = f"new{round_}"
        after[added] = copy_of(rng.randrange(12))
        days[added] = rng.choice([0, 735990])  # undated, or earlier than every other copy
        affected = {before[i] for i in [*changed[:3]]}
        recheck = {*changed[:2], added} | {i for i in after if before.get(i) in affected}
        assert grouping(after, before, recheck) == grouping(after)
        texts, before = after, grouping(after)


def test_an_update_finds_exactly_the_candidate_pairs_of_its_rows() -> None:
    # An update looks only at the buckets of the rows it rechecks; it must propose exactly the
    # pairs that banding the whole table proposes for them, big buckets (cut to their first
    # members) included, or an incremental build would group differently from a rebuild.
    import numpy as np

    from searchsvc.duplicates import MAX_BUCKET, candidate_pairs

    rng = np.random.default_rng(7)
    unique = rng.integers(0, 1 << 16, size=(300, 128), dtype=np.uint16)
    family = np.repeat(unique[:1], 12, axis=0)
    family[:, :60] = rng.integers(0, 1 << 16, size=(12, 60), dtype=np.uint16)  # shares the last 17 bands
    crowd = np.repeat(unique[1:2], MAX_BUCKET + 40, axis=0)  # one bucket past the size limit
    rows = np.concatenate([unique, family, crowd])
    order = rng.permutation(len(rows))
    hashes, where = rows[order], np.argsort(order)  # where[k]: the row that rows[k] went to
    every = candidate_pairs(hashes)
    for share in (0.0, 0.05, 0.5):
        wanted = rng.random(len(hashes)) < share
        wanted[where[[305, 312 + MAX_BUCKET]]] = True  # one of the family, one of the crowd
        expected = every[wanted[every[:, 0]] | wanted[every[:, 1]]]
        assert len(expected) and np.array_equal(candidate_pairs(hashes, wanted), expected)


def test_exact_copies_are_banded_once_with_the_groups_of_banding_every_row() -> None:
    # A full build bands each signature once for all its copies (_joined_rows); its groups must be
    # those of banding every row (an update's way, candidate_pairs), whatever the copies' shingle
    # counts (which decide a near copy's containment) and however crowded a bucket is.
    import numpy as np

    from searchsvc.duplicates import BANDS, MAX_BUCKET, ROWS, SignatureTable, group_rows

    rng = np.random.default_rng(11)
    base = rng.integers(0, 1 << 16, size=(40, 128), dtype=np.uint16)
    rows: list[np.ndarray] = []
    counts: list[int] = []

    def add(signature: np.ndarray, shingles: list[int]) -> None:
        rows.extend([signature] * len(shingles))
        counts.extend(shingles)

    def near(signature: np.ndarray) -> np.ndarray:
        # Sharing 77 of 128 minimums (the first 25 bands): contained enough only when one text has
        # 13% more shingles than the other, so which copies are paired decides it.
        out = signature.copy()
        out[77:] = rng.integers(0, 1 << 16, size=51, dtype=np.uint16)
        return out

    for k in range(15):  # copies of one text, some of them short of MIN_SHINGLES
        add(base[k], rng.integers(20, 400, size=rng.integers(1, 6)).tolist())
    for k in range(15, 30):
        add(base[k], [100, 100 + int(rng.integers(0, 30))])
        add(near(base[k]), [100, 100 + int(rng.integers(0, 30))])
    mixed = len(rows)
    # In row order from here (a crowded bucket is compared through its first five rows):
    # 250 copies of a text, the first five with 100 shingles and the rest 130, then its near copy
    # with 100: contained in a later copy, but compared with the first five only, and not joined.
    crowd = base[30]
    add(crowd, [100] * 5 + [130] * (MAX_BUCKET + 45))
    add(near(crowd), [100])
    # 201 copies of another text after five other texts in each of its bands: every bucket it is in
    # is crowded and begins with other texts, so its copies are never compared with each other.
    hidden = base[31]
    for band in range(BANDS):
        for _ in range(5):
            other = rng.integers(0, 1 << 16, size=128, dtype=np.uint16)
            other[band * ROWS : (band + 1) * ROWS] = hidden[band * ROWS : (band + 1) * ROWS]
            add(other, [80])
    add(hidden, [80] * (MAX_BUCKET + 1))
    order = np.r_[rng.permutation(mixed), np.arange(mixed, len(rows))]
    hashes = np.stack(rows)[order]
    shingles = np.array(counts, dtype=np.uint32)[order]
    ids = [f"doc{i:05d}" for i in range(len(rows))]
    table = SignatureTable(ids, hashes, shingles)
    days = rng.integers(0, 3, size=len(ids)) * 737000
    full = group_rows(table, days)
    assert full == group_rows(table, days, known=ids, recheck=np.ones(len(ids), dtype=bool))
    sizes = sorted(Counter(full.values()).values())
    assert sizes[-1] == MAX_BUCKET + 50  # the crowd's copies, without the near copy compared to the first five
    assert 15 <= sum(1 for size in sizes if size >= 3) < 30  # some near copies joined, not all


def test_rows_are_candidates_exactly_when_they_share_a_bands_minimums() -> None:
    import numpy as np

    from searchsvc.duplicates import BANDS, ROWS, candidate_pairs

    rng = np.random.default_rng(3)
    hashes = rng.integers(0, 4, size=(120, 128), dtype=np.uint16)  # few values: many shared bands
    hashes[:, 1::2] = rng.integers(0, 1 << 16, size=(120, 64), dtype=np.uint16)
    hashes[7, :6] = hashes[90, :6]  # the first two bands
    hashes[20, 30:33] = hashes[60, 30:33]  # one band alone, not the next one's first minimum
    hashes[20, 33] = hashes[60, 33] ^ 1
    hashes[11, 108:111] = hashes[40, 108:111]  # the last band, not the two minimums after it
    hashes[11, 111:113] = hashes[40, 111:113] ^ 1
    expected = [
        (i, j) for i in range(120) for j in range(i + 1, 120)
        if any((hashes[i, b * ROWS : (b + 1) * ROWS] == hashes[j, b * ROWS : (b + 1) * ROWS]).all()
               for b in range(BANDS))
    ]
    assert {(7, 90), (20, 60), (11, 40)} <= set(expected)
    assert candidate_pairs(hashes).tolist() == [list(pair) for pair in expected]


FED_REPORT = (
    "The Federal Reserve entered the U.S. Government securities market to arrange {amount} billion dlrs "
    "of customer repurchase agreements, a Fed spokesman said. Dealers said Federal funds were trading "
    "at {rate} pct when the Fed began its temporary and indirect supply of reserves to the banking system. "
    "Reuter"
)


def test_reports_of_one_template_with_other_figures_stay_apart() -> None:
    # A wire sends the same text every day with other figures; each day's report is news of its own.
    # A copy may drop figures (a shortened repost) or carry its own date line, and stays a copy.
    docs = {
        "mar02.txt": FED_REPORT.format(amount="1.5", rate="6-3/16"),
        "mar31.txt": FED_REPORT.format(amount="1.5", rate="6-3/8"),
        "mar17.txt": FED_REPORT.format(amount="2.5", rate="6-1/16"),
        "repost.txt": "Posted on 4 March 1987 at 10:15\n\n" + FED_REPORT.format(amount="1.5", rate="6-3/16"),
        "shortened.txt": FED_REPORT.format(amount="1.5", rate="6-3/16").replace(" 1.5 billion dlrs of", ""),
    }
    groups = group((name, None, signature(text)) for name, text in docs.items())
    assert len({groups["mar02.txt"], groups["mar31.txt"], groups["mar17.txt"]}) == 3
    assert groups["repost.txt"] == groups["shortened.txt"] == groups["mar02.txt"]


def test_figures_are_what_a_report_states_not_its_dates_or_times() -> None:
    from searchsvc.duplicates import figure_bits

    def same(a: str, b: str) -> bool:
        return bool((figure_bits(a) == figure_bits(b)).all())

    assert same("rose 1.5 pct to 6-3/16", "rose 1.5 pct, to 6-3/16.")
    assert not same("rose 1.5 pct", "rose 2.5 pct") and not same("at 6-3/16", "at 6-3/8")
    assert not same("1,168,638 shares", "1,168,636 shares")
    # Days, years and times are what a republication's date line changes.
    assert same("Pyongyang, March 5, 2024 (KCNA) at 9:40", "on 6 March 2023, 10:15")
    assert same("Posted 12/03/2019 and 2024/03/05, updated 5.3.24", "")
    assert not same("at 6-3/16 and 1.5", "")
    assert not figure_bits("Statement of 25 November 2017").any()


def test_incremental_regroup_keeps_template_reports_apart_as_a_rebuild_does() -> None:
    import numpy as np

    from searchsvc.duplicates import SignatureTable, group_rows

    texts = {f"r{k:02d}": FED_REPORT.format(amount=f"{k}.5", rate="6-1/8") for k in range(1, 8)}
    texts |= {f"c{k:02d}": "Reposted\n" + FED_REPORT.format(amount=f"{k}.5", rate="6-1/8") for k in range(1, 8)}
    ids = sorted(texts)
    table = SignatureTable.of((i, signature(texts[i])) for i in ids)
    days = np.zeros(len(ids), dtype=np.int64)
    full = group_rows(table, days)
    assert len(set(full.values())) == 7 and all(full[f"c{k:02d}"] == full[f"r{k:02d}"] for k in range(1, 8))
    assert full == group_rows(table, days, known=ids, recheck=np.ones(len(ids), dtype=bool))
