"""Near-duplicate grouping: the same statement republished with other chrome or a shorter list.

Each body becomes a MinHash of its word 5-shingles; locality-sensitive hashing (bands of the
signature) proposes pairs, and a pair is joined when one text is mostly contained in the other
(overlap coefficient, estimated from the MinHash Jaccard and the shingle counts). Containment
rather than Jaccard is what catches a copy with a different preamble, footer or a shortened
signatory list.

A copy also repeats the original's figures. Wire services send the same template every day with
other numbers ("The Federal Reserve ... arranged 1.5 billion dlrs of customer repurchase agreements
... trading at 6-3/16 pct"), and those reports differ by two or three words, well within the
containment rule: 13 reports of 13 days were one result. So two texts are joined only when the
figures of one are all among the other's (a shortened copy reports fewer). Groups are still joined
through their members, so a copy that keeps none of the figures can join two reports.

MinHash and banding are a few numpy lines here rather than datasketch: that library pulls in
scipy (0.4 s of start-up for every `searchsvc index`) and inserts into its LSH one document at
a time in Python, which dominated incremental builds.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from . import tokens

NUM_PERM = 128
SHINGLE_WORDS = 5
BANDS, ROWS = 37, 3  # LSH bands × rows: pairs with Jaccard ≥ ~0.3 become candidates
MIN_CONTAINMENT = 0.8
MIN_SHINGLES = 25  # shorter texts are too small to call copies of each other
MAX_BUCKET = 200  # a bucket bigger than this is compared through its first members only

# b-bit MinHash: only the low 16 bits of each minimum are kept (and saved). Two different minima
# then agree by chance once in 65,536 permutations, which moves a Jaccard estimate by 0.00002,
# and a generation's signatures take half the disk.
_rng = np.random.RandomState(1)  # fixed: saved signatures stay comparable across builds
# Each permutation orders the shingles' 32-bit hashes by (a·x + b) mod 2^32 with odd a, a bijection of
# 32-bit numbers. In 32-bit arithmetic rather than multiply-shift's (a·x + b) mod 2^64 >> 32: the n × 128
# products are half the bytes, and a signature took 51 µs a body instead of 65 (6,000 bodies of the
# 20k collection). bench/duplicates.py finds the same pairs either way (precision 0.924 and 0.926,
# recall 0.998 and 0.999 on KCNA items; 0.778 and 0.777, 1.000 on Reuters).
_A = _rng.randint(0, 2**31, size=NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _rng.randint(0, 2**32 - 1, size=NUM_PERM, dtype=np.uint64).astype(np.uint32)
_SHINGLE_MIX = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime


@dataclass(frozen=True)
class Signature:
    hashes: np.ndarray  # NUM_PERM minimums' low 16 bits (uint16)
    shingles: int
    figures: np.ndarray = field(default_factory=lambda: np.zeros(FIGURE_WORDS, np.uint64))  # figure_bits


# A text's figures as a 128-bit Bloom filter (one bit per figure): a figure missing from the other
# text goes unseen only when its bit is set by another, about once in 13 for a text with ten figures,
# and then the two are joined as before.
FIGURE_WORDS = 2
# A figure is a run of digits with the separators inside numbers ("1.5", "6-3/16" gives "3/16",
# "1,168,638"); ":" is kept so a time is one run and left out with the rest of what a republication
# changes without changing the report: days of the month and years, in its date line and footer.
_FIGURE_CHARS = bytes(c if chr(c) in "0123456789.,/:" else ord(" ") for c in range(256))
_NOT_FIGURES = frozenset(
    [b""] + [str(n).encode() for n in [*range(32), *range(1800, 2101)]] + [b"%02d" % n for n in range(10)]
)
# A date written in numbers ("12/03/2019", "5.3.24", "2024/03/05"), as a blog's "Posted 12/03/2019" line
# above a statement it copies has it.
_NUMERIC_DATE = re.compile(rb"\d{1,2}([./])\d{1,2}\1(?:\d\d|\d{4})|\d{4}([./])\d{1,2}\2\d{1,2}")


def figure_bits(text: str) -> np.ndarray:
    """The text's figures (not days, years, dates or times) as FIGURE_WORDS uint64 words of a Bloom filter."""
    # translate + split rather than a regex: four times faster, and the same runs (a run's
    # separators at its ends are sentence punctuation, stripped).
    data = text.encode("utf-8", "replace").translate(_FIGURE_CHARS)
    runs = {run.strip(b".,/:") for run in set(data.split())} - _NOT_FIGURES
    if b":" in data:
        runs = {run for run in runs if b":" not in run}
    runs = {run for run in runs if not (5 < len(run) < 11 and _NUMERIC_DATE.fullmatch(run))}
    bits = 0
    for run in runs:
        bits |= _BITS[zlib.crc32(run) & 127]
    return np.array([bits & _LOW_64, bits >> 64], dtype=np.uint64)


_BITS = [1 << k for k in range(64 * FIGURE_WORDS)]
_LOW_64 = (1 << 64) - 1


def signature(text: str) -> Signature:
    """MinHash of the text's word 5-shingles (words as `\\w+` finds them in the lowercased text).

    Each word is hashed once (crc32: stable across processes, unlike hash()); a shingle's hash
    mixes its five word hashes in numpy, so no string is built per shingle. At a few hundred
    words per body, the fixed cost of each Python and numpy call is most of the time, so the
    steps below are chosen for fewer calls rather than fewer operations.
    """
    # translate + split instead of findall: the same words (every non-word character becomes a
    # space, and no word character is a space), at C speed rather than the regex engine's. ASCII
    # text (most of it) is split as bytes, which makes its words about three times faster than str:
    # the same words, and crc32 of their bytes is crc32 of their UTF-8.
    if text.isascii():
        words = text.lower().encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).split()
    else:
        words = text.lower().translate(_NON_WORD_TO_SPACE).split()
    word_hashes = np.fromiter(map(_WORD_CRC.__getitem__, words), dtype=np.uint64, count=len(words))
    if word_hashes.size < SHINGLE_WORDS:
        word_hashes = np.concatenate([word_hashes, np.zeros(SHINGLE_WORDS - word_hashes.size, np.uint64)])
    n = word_hashes.size - SHINGLE_WORDS + 1
    # Array operations on uint64 wrap around silently (only numpy scalars warn), and in place:
    # no temporary per step. The first step's (0 ^ h) is h.
    mixed = word_hashes[:n] * _SHINGLE_MIX
    for k in range(1, SHINGLE_WORDS):
        mixed ^= word_hashes[k : k + n]
        mixed *= _SHINGLE_MIX
    mixed >>= _32
    shingle_hashes = mixed.astype(np.uint32)  # a 32-bit hash per shingle
    # Repeated shingles do not change a minimum, so the permutations run over all of them; only
    # the count wants the distinct ones, counted on a sorted copy (cheaper than a set or np.unique).
    ordered = np.sort(shingle_hashes)
    shingles = 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1]))
    permuted = shingle_hashes[:, None] * _A  # uint32 wraps around: mod 2^32
    permuted += _B
    minimums = permuted.min(axis=0).astype(np.uint16)  # an unsigned cast keeps the low 16 bits
    return Signature(minimums, shingles, figure_bits(text))


# Word (str, or bytes of an ASCII text) → zlib.crc32 of its UTF-8: a dict lookup is several times
# cheaper than encode + crc32.
_WORD_CRC = tokens.Memo(lambda word: zlib.crc32(word if isinstance(word, bytes) else word.encode()), 200_000)
_NON_WORD_TO_SPACE = tokens.CharsToSpace()
_ASCII_NON_WORD_TO_SPACE = bytes(c if tokens.is_word_char(chr(c)) else ord(" ") for c in range(128)) + bytes(128)
_32 = np.uint64(32)


class SignatureTable:
    """A collection's signatures, one row per document: what grouping reads and a generation keeps.

    Rows rather than a Signature per document: an incremental build loads, filters and saves the
    whole collection's, and 20k small objects made that about a tenth of an incremental build.
    """

    def __init__(self, ids: list[str], hashes: np.ndarray, shingles: np.ndarray,
                 figures: np.ndarray | None = None) -> None:
        if figures is None:  # no figures known: every pair is judged by containment alone
            figures = np.zeros((len(ids), FIGURE_WORDS), np.uint64)
        if hashes.shape != (len(ids), NUM_PERM) or shingles.shape != (len(ids),) or \
                figures.shape != (len(ids), FIGURE_WORDS):
            raise ValueError("signature table rows do not line up")
        self.ids = ids
        self.hashes = hashes.astype(np.uint16, copy=False)  # the kept low 16 bits of each minimum
        self.shingles = shingles.astype(np.uint32, copy=False)
        self.figures = figures.astype(np.uint64, copy=False)

    @classmethod
    def of(cls, items: Iterable[tuple[str, Signature]]) -> SignatureTable:
        items = list(items)
        if not items:
            return cls([], np.zeros((0, NUM_PERM), np.uint16), np.zeros(0, np.uint32))
        return cls(
            [doc_id for doc_id, _ in items],
            np.stack([sig.hashes for _, sig in items]),
            np.array([sig.shingles for _, sig in items], dtype=np.uint32),
            np.stack([sig.figures for _, sig in items]),
        )

    def __getitem__(self, row: int) -> Signature:
        return Signature(self.hashes[row], int(self.shingles[row]), self.figures[row])

    def rows(self, rows: Iterable[int]) -> SignatureTable:
        rows = np.fromiter(rows, dtype=np.int64)
        return SignatureTable([self.ids[r] for r in rows.tolist()], self.hashes[rows], self.shingles[rows],
                              self.figures[rows])

    def __add__(self, other: SignatureTable) -> SignatureTable:
        return SignatureTable(self.ids + other.ids, np.concatenate([self.hashes, other.hashes]),
                              np.concatenate([self.shingles, other.shingles]),
                              np.concatenate([self.figures, other.figures]))

    def save(self, path: Path) -> None:
        """Keep a generation's signatures so an incremental build can regroup without re-reading bodies."""
        # Ids as one NUL-separated UTF-8 blob (no path holds a NUL): numpy's str arrays would pad
        # every id to the longest, at 4 bytes a character.
        blob = np.frombuffer("\0".join(self.ids).encode("utf-8", "surrogateescape"), dtype=np.uint8)
        with open(path, "wb") as fh:
            np.savez(fh, ids=blob, hashes=self.hashes, counts=self.shingles, figures=self.figures)

    @classmethod
    def load(cls, path: Path) -> SignatureTable:
        # The file opened here: np.load leaves the file it opened to the garbage collector when it
        # is no archive (a damaged one).
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as data:
            blob = data["ids"].tobytes().decode("utf-8", "surrogateescape")
            try:
                return cls(blob.split("\0") if blob else [], data["hashes"], data["counts"], data["figures"])
            except ValueError as exc:
                raise ValueError(f"{path} is inconsistent") from exc


def _containments(a: np.ndarray, b: np.ndarray, a_shingles: np.ndarray, b_shingles: np.ndarray) -> np.ndarray:
    """Estimated |A∩B| / min(|A|, |B|) of the shingle sets of row k of a and row k of b, for every k."""
    j = np.mean(a == b, axis=1)
    a_shingles, b_shingles = a_shingles.astype(np.float64), b_shingles.astype(np.float64)
    small = np.minimum(a_shingles, b_shingles)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.minimum(1.0, j * (a_shingles + b_shingles) / ((1 + j) * small))
    return np.where(small > 0, out, 0.0)


def candidate_pairs(hashes: np.ndarray, wanted: np.ndarray | None = None) -> np.ndarray:
    """Row pairs (i < j, one per row of the result, sorted) sharing at least one band; with `wanted`
    (bool per row), only pairs touching a wanted row.

    Pairs are made in numpy per band and de-duplicated as they come: a cluster of copies shares
    most of its bands, so the same pairs come back from nearly every band.
    """
    n = len(hashes)
    found: list[np.ndarray] = []  # sorted, distinct pair codes (i * n + j) of some bands each
    pending = 0
    if n >= 2 and (wanted is None or wanted.any()):
        wanted_rows = None if wanted is None else np.flatnonzero(wanted)
        for keys in _band_keys(hashes):
            if wanted_rows is None:
                order = np.argsort(keys, kind="stable")
            else:
                # An update wants few rows: only the buckets of their keys are sorted (sorting
                # every key was most of the time). Rows come in row order, so a bucket lists its
                # rows as the full sort would, and every bucket holds a wanted row.
                order = _rows_sharing_keys(keys, wanted_rows)
            starts, ends = _runs(keys[order])
            shared = ends - starts > 1
            starts, ends = starts[shared], ends[shared]
            codes = _band_pairs(order, starts, ends, n, wanted)
            found.append(codes)
            pending += len(codes)
            if pending > _PAIRS_AT_ONCE and len(found) > 1:
                found = [_distinct(np.concatenate(found))]
                pending = len(found[0])
    if not found:
        return np.zeros((0, 2), np.int64)
    codes = _distinct(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


def _band_keys(hashes: np.ndarray) -> np.ndarray:
    """Every row's key in each band, one array of keys per band: the band's ROWS 16-bit minimums
    as one 48-bit number, read as the 8 bytes from the band's first on and masked. Rows with the
    same key are exactly those with the same minimums. (Three 64-bit columns multiplied and summed
    per band took 12 ms of a 1% update's 30 ms of banding at 20k, most of it copying the columns.)"""
    rows = np.ascontiguousarray(hashes, dtype=np.uint16)
    window = np.ndarray((len(rows), BANDS), dtype="<u8", buffer=rows, strides=(rows.strides[0], 2 * ROWS))
    return (window & _BAND_BITS).T.copy()


# A band's minimums, of the 8 bytes read: the 2 past them are the next band's (the last band's
# are the signature's 112th and 113th minimums).
_BAND_BITS = np.uint64((1 << (16 * ROWS)) - 1)


def _rows_sharing_keys(keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Every row whose key is one of `rows`' keys, ordered by key (stable)."""
    theirs = keys[rows]
    # A bitmap of their keys' low bits rules out nearly every other row at the cost of one gather;
    # the few left are checked exactly. (A binary search of every key took ten times as long.)
    bitmap = np.zeros(_BITMAP_SIZE, dtype=bool)
    bitmap[theirs & _BITMAP_MASK] = True
    maybe = np.flatnonzero(bitmap[keys & _BITMAP_MASK])
    sharing = maybe[np.isin(keys[maybe], theirs)]
    return sharing[np.argsort(keys[sharing], kind="stable")]


_BITMAP_SIZE = 1 << 20
_BITMAP_MASK = np.uint64(_BITMAP_SIZE - 1)
_PAIRS_AT_ONCE = 4_000_000  # pair codes gathered before they are de-duplicated (8 bytes each)


def _band_pairs(order: np.ndarray, starts: np.ndarray, ends: np.ndarray, n: int,
                wanted: np.ndarray | None) -> np.ndarray:
    """Sorted distinct codes (lo * n + hi) of the pairs within one band's shared buckets."""
    sizes = ends - starts
    small = sizes <= MAX_BUCKET
    # Every pair within a small bucket: each position with each later one, built without a loop.
    s_starts, s_ends = starts[small], ends[small]
    counts_per_bucket = sizes[small]
    positions = np.repeat(s_starts, counts_per_bucket) + _ranges(counts_per_bucket)
    later = np.repeat(s_ends, counts_per_bucket) - positions - 1  # partners after each position
    firsts = np.repeat(positions, later)
    seconds = firsts + 1 + _ranges(later)
    a, b = [order[firsts]], [order[seconds]]
    # A bigger bucket is compared through its first five members only.
    for start, end in zip(starts[~small].tolist(), ends[~small].tolist(), strict=True):
        bucket = order[start:end]
        for i in bucket[:5].tolist():
            others = bucket[bucket > i]
            a.append(np.full(len(others), i))
            b.append(others)
    first, second = np.concatenate(a), np.concatenate(b)
    lo, hi = np.minimum(first, second), np.maximum(first, second)
    if wanted is not None:
        keep = wanted[lo] | wanted[hi]
        lo, hi = lo[keep], hi[keep]
    return _distinct(lo * n + hi)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """np.unique by sorting: numpy's hash-based unique took 0.2 s per band at 100k documents."""
    codes = np.sort(codes)
    return codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes


def _ranges(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each c in counts, concatenated."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, np.int64)
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def group(
    items: Iterable[tuple[str, date | None, Signature]],
    *,
    known: dict[str, str] | None = None,
    recheck: set[str] | None = None,
) -> dict[str, str]:
    """Map each id to its group id: the id of the group's earliest-dated member (undated last).

    For an update, `known` gives the previous grouping and `recheck` the documents whose links
    may have changed (see group_rows).
    """
    items = list(items)
    table = SignatureTable.of((doc_id, sig) for doc_id, _, sig in items)
    days = np.array([day.toordinal() if day else 0 for _, day, _ in items], dtype=np.int64)
    if recheck is None:
        return group_rows(table, days)
    known = known or {}
    return group_rows(table, days, known=[known.get(i, i) for i in table.ids],
                      recheck=np.array([i in recheck for i in table.ids], dtype=bool))


def group_rows(
    table: SignatureTable,
    days: np.ndarray,
    *,
    known: list[str] | None = None,
    recheck: np.ndarray | None = None,
) -> dict[str, str]:
    """Map each id of the table to its group id: the id of the group's earliest-dated member.

    `days` are date ordinals per row, 0 when undated (undated sorts last).

    For an update, `known` gives each row's previous group and `recheck` (bool per row) the rows
    whose links may have changed: new or changed documents, and every member of a group that lost
    or changed one. The other rows form whole groups as they were; each such group is joined as
    one node, represented by its known first member, so the work is in proportion to the change.
    """
    ids = table.ids
    n = len(ids)
    row_of = dict(zip(ids, range(n), strict=True))
    if recheck is None:
        node_of_row = ids
        out = dict(zip(ids, ids, strict=True))
    else:
        if known is None:
            raise ValueError("recheck needs known groups")
        recheck = recheck.copy()
        # A row whose known group is not a row kept as it was cannot be joined through it.
        for r in np.flatnonzero(~recheck).tolist():
            g = row_of.get(known[r])
            if g is None or recheck[g] or known[g] != known[r]:
                recheck[r] = True
        node_of_row = [ids[r] if recheck[r] else known[r] for r in range(n)]
        out = dict(zip(ids, node_of_row, strict=True))

    big = np.flatnonzero(table.shingles >= MIN_SHINGLES)
    hashes, shingles, figures = table.hashes[big], table.shingles[big], table.figures[big]
    parent: dict[str, str] = {}
    if recheck is None:
        first, second, copies, originals = _joined_rows(hashes, shingles, figures)
        # A copy's class is joined to its first row, which no other pair has joined yet: the root.
        copy_ids = [ids[r] for r in big[copies].tolist()]
        parent.update(zip(copy_ids, [ids[r] for r in big[originals].tolist()], strict=True))
    else:
        pairs = candidate_pairs(hashes, recheck[big])
        first, second = _joined(hashes, figures, pairs[:, 0], pairs[:, 1], shingles[pairs[:, 0]],
                                shingles[pairs[:, 1]])
    first, second = big[first], big[second]

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        a, b = find(node_of_row[i]), find(node_of_row[j])
        if a != b:
            parent[a] = b
    # Nodes are ids of rows (a kept group's node is its first member), so each component's first
    # is its node with the least (undated last, day, id).
    first_of: dict[str, tuple[bool, int, str]] = {}
    for node in {*parent, *parent.values()}:
        day = int(days[row_of[node]])
        key = (day == 0, day, node)
        root = find(node)
        if root not in first_of or key < first_of[root]:
            first_of[root] = key
    for doc_id, node in zip(ids, node_of_row, strict=True):
        if node in parent or node in first_of:
            out[doc_id] = first_of[find(node)][2]
    return out


def _joined(hashes: np.ndarray, figures: np.ndarray, first: np.ndarray, second: np.ndarray, a: np.ndarray,
            b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The row pairs (first[k], second[k]) that are one text mostly contained in the other, with
    a[k] and b[k] shingles, and the figures of one among the other's."""
    # In slices: every pair's two signature rows at once would be 512 bytes a pair.
    keep = np.zeros(len(first), dtype=bool)
    for at in range(0, len(first), 65536):
        f, g = first[at : at + 65536], second[at : at + 65536]
        contained = _containments(hashes[f], hashes[g], a[at : at + 65536], b[at : at + 65536])
        fa, fb = figures[f], figures[g]
        among = ~(fa & ~fb).any(axis=1) | ~(fb & ~fa).any(axis=1)
        keep[at : at + 65536] = (contained >= MIN_CONTAINMENT) & among
    return first[keep], second[keep]


def _joined_rows(hashes: np.ndarray, shingles: np.ndarray, figures: np.ndarray,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, copies, originals): row pairs whose joining gives the groups that banding
    every row gives (candidate_pairs, then _joined), with the copies of one signature banded once;
    `copies` are rows joined to the first row with their signature, `originals`.

    A statement captured five times is five rows in every band's bucket, and each pair of them came
    back from all 37 bands: 1.5 million distinct pairs for a collection of 100k captures, five of
    each text, which took 2.3 s between extraction and writing with both cores idle. Here rows with
    the same signature and figures are one class, banded by its first row, and a bucket still counts
    its rows. In a bucket of at most MAX_BUCKET rows every pair of rows is a candidate: each class's
    rows are joined to its first (the same signature: contained in each other), and two classes are
    joined when their likeliest pair of rows is. Every pair of their rows has the same Jaccard
    estimate and the same figures, and the containment estimate grows with the ratio of the two
    shingle counts: the likeliest pair is one's fewest with the other's most, or the reverse. A
    bigger bucket is compared through its first five rows, row by row, by the rule candidate_pairs
    uses (_band_pairs).
    """
    n = len(hashes)
    if n < 2:
        return _EMPTY_ROWS, _EMPTY_ROWS, _EMPTY_ROWS, _EMPTY_ROWS
    firsts = _exact_copies(hashes, figures)
    is_first = firsts == np.arange(n)
    reps = np.flatnonzero(is_first)
    of_class = np.searchsorted(reps, firsts)
    m = len(reps)
    sizes = np.bincount(of_class, minlength=m)
    fewest = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
    most = np.zeros(m, dtype=np.int64)
    np.minimum.at(fewest, of_class, shingles)
    np.maximum.at(most, of_class, shingles)
    members = np.argsort(of_class, kind="stable")  # each class's rows, in row order
    bounds = np.r_[0, np.cumsum(sizes)]
    whole = np.zeros(m, dtype=bool)  # classes in a bucket of at most MAX_BUCKET rows somewhere
    codes: list[np.ndarray] = []
    row_pairs: list[np.ndarray] = []
    for keys in _band_keys(hashes[reps]):
        # Any order within a bucket: its pairs are sorted, and a crowded one's rows are sorted anew.
        # (numpy's stable sort of 64-bit keys took five times as long.)
        order = np.argsort(keys)
        starts, ends = _runs(keys[order])
        rows = np.add.reduceat(sizes[order], starts)
        small = (rows > 1) & (rows <= MAX_BUCKET)
        whole[order[np.repeat(small, ends - starts)]] = True
        several = small & (ends - starts > 1)
        codes.append(_band_pairs(order, starts[several], ends[several], m, None))
        crowded = rows > MAX_BUCKET
        for start, end in zip(starts[crowded].tolist(), ends[crowded].tolist(), strict=True):
            classes = order[start:end].tolist()
            bucket = np.sort(np.concatenate([members[bounds[c] : bounds[c + 1]] for c in classes]))
            row_pairs.append(_band_pairs(bucket, _AT_ZERO, np.array([len(bucket)]), n, None))
    a, b = [], []
    pairs = _distinct(np.concatenate(codes))
    if len(pairs):
        ci, cj = pairs // m, pairs % m
        ra, rb = reps[ci], reps[cj]
        for x, y in ((fewest, most), (most, fewest)):  # either way round may be the likelier
            found = _joined(hashes, figures, ra, rb, x[ci], y[cj])
            a.append(found[0])
            b.append(found[1])
    copies = np.flatnonzero(whole[of_class] & ~is_first)
    if row_pairs:
        pairs = _distinct(np.concatenate(row_pairs))
        first, second = pairs // n, pairs % n
        found = _joined(hashes, figures, first, second, shingles[first], shingles[second])
        a.append(found[0])
        b.append(found[1])
    return np.concatenate([_EMPTY_ROWS, *a]), np.concatenate([_EMPTY_ROWS, *b]), copies, firsts[copies]


def _exact_copies(hashes: np.ndarray, figures: np.ndarray) -> np.ndarray:
    """For each row, the first row with the same signature and figures (itself if no earlier row has them)."""
    n = len(hashes)
    words = np.ascontiguousarray(hashes).view(np.uint64)  # 128 uint16 a row: 32 uint64
    with np.errstate(over="ignore"):
        keys = (words * _ROW_MIX[: words.shape[1]]).sum(axis=1, dtype=np.uint64)
        keys += (figures * _ROW_MIX[-FIGURE_WORDS:]).sum(axis=1, dtype=np.uint64)
    order = np.argsort(keys, kind="stable")
    starts, ends = _runs(keys[order])
    run_first = order[np.repeat(starts, ends - starts)]  # the run's least row: stable sort
    # Rows whose keys collide without being the same signature stay apart.
    same = (hashes[order] == hashes[run_first]).all(axis=1) & (figures[order] == figures[run_first]).all(axis=1)
    out = np.empty(n, dtype=np.int64)
    out[order] = np.where(same, run_first, order)
    return out


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of the runs of equal keys in sorted keys."""
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return starts, np.r_[starts[1:], len(sorted_keys)]


_AT_ZERO = np.zeros(1, dtype=np.int64)
_ROW_MIX = (np.arange(1, 65, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) | np.uint64(1)
_EMPTY_ROWS = np.zeros(0, dtype=np.int64)
