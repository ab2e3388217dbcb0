"""Near-duplicate grouping: the same statement republished with other chrome or a shorter list.

Each body becomes a MinHash of its word 5-shingles; locality-sensitive hashing (bands of the
signature) proposes pairs, and a pair is joined when one text is mostly contained in the other
(overlap coefficient, estimated from the MinHash Jaccard and the shingle counts). Containment
rather than Jaccard is what catches a copy with a different preamble, footer or a shortened
signatory list.

MinHash and banding are a few numpy lines here rather than datasketch: that library pulls in
scipy (0.4 s of start-up for every `searchsvc index`) and inserts into its LSH one document at
a time in Python, which dominated incremental builds.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
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
_KEPT_BITS = np.uint64((1 << 16) - 1)
_rng = np.random.RandomState(1)  # fixed: saved signatures stay comparable across builds
# Multiply-shift hashing, (a·x + b) mod 2^64 >> 32 with odd a: a universal family with no modulo.
_A = _rng.randint(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.randint(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_SHINGLE_MIX = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@dataclass(frozen=True)
class Signature:
    hashes: np.ndarray  # NUM_PERM minimums (uint64 holding their low 16 bits)
    shingles: int


def signature(text: str) -> Signature:
    """MinHash of the text's word 5-shingles (words as `\\w+` finds them in the lowercased text).

    Each word is hashed once (crc32: stable across processes, unlike hash()); a shingle's hash
    mixes its five word hashes in numpy, so no string is built per shingle. At a few hundred
    words per body, the fixed cost of each Python and numpy call is most of the time, so the
    steps below are chosen for fewer calls rather than fewer operations.
    """
    # translate + split instead of findall: the same words (every non-word character becomes a
    # space, and no word character is a space), at C speed rather than the regex engine's.
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
    mixed >>= _32  # a 32-bit hash per shingle
    # Repeated shingles do not change a minimum, so the permutations run over all of them (no
    # sort); only the count wants the distinct ones, and a set of a few hundred ints is cheaper
    # than np.unique.
    shingles = len(set(mixed.tolist()))
    permuted = mixed[:, None] * _A
    permuted += _B
    # Shifting is monotonic: the minimum of the shifted values is the shifted minimum, so only
    # NUM_PERM values are shifted instead of n × NUM_PERM.
    minimums = permuted.min(axis=0)
    minimums >>= _32
    minimums &= _KEPT_BITS
    return Signature(minimums, shingles)


# Word → zlib.crc32 of its UTF-8: a dict lookup is several times cheaper than encode + crc32.
_WORD_CRC = tokens.Memo(lambda word: zlib.crc32(word.encode()), 200_000)
_NON_WORD_TO_SPACE = tokens.CharsToSpace()
_32 = np.uint64(32)


def save_signatures(path: Path, signatures: dict[str, Signature]) -> None:
    """Keep a generation's signatures so an incremental build can regroup without re-reading bodies."""
    ids = list(signatures)
    hashes = np.stack([signatures[i].hashes for i in ids]) if ids else np.zeros((0, NUM_PERM), np.uint64)
    counts = np.array([signatures[i].shingles for i in ids], dtype=np.uint32)
    # Ids as one NUL-separated UTF-8 blob (no path holds a NUL): numpy's str arrays would pad
    # every id to the longest, at 4 bytes a character.
    blob = np.frombuffer("\0".join(ids).encode("utf-8", "surrogateescape"), dtype=np.uint8)
    with open(path, "wb") as fh:
        np.savez(fh, ids=blob, hashes=hashes.astype(np.uint16), counts=counts)


def load_signatures(path: Path) -> dict[str, Signature]:
    with np.load(path, allow_pickle=False) as data:
        blob = data["ids"].tobytes().decode("utf-8", "surrogateescape")
        ids = blob.split("\0") if blob else []
        hashes = data["hashes"].astype(np.uint64)  # one conversion; each signature is a row of it
        counts = data["counts"].tolist()
        if len(ids) != len(counts) or hashes.shape[0] != len(ids):
            raise ValueError(f"{path} is inconsistent")
        return {doc_id: Signature(hashes[i], counts[i]) for i, doc_id in enumerate(ids)}


def containment(a: Signature, b: Signature) -> float:
    """Estimated |A∩B| / min(|A|, |B|) of two shingle sets."""
    j = float(np.mean(a.hashes == b.hashes))
    small = min(a.shingles, b.shingles)
    if not small:
        return 0.0
    return min(1.0, j * (a.shingles + b.shingles) / ((1 + j) * small))


def candidate_pairs(hashes: np.ndarray, wanted: np.ndarray | None = None) -> set[tuple[int, int]]:
    """Row pairs sharing at least one band; with `wanted` (bool per row), only pairs touching one."""
    pairs: set[tuple[int, int]] = set()
    if len(hashes) < 2:
        return pairs
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            rows = hashes[:, band * ROWS : (band + 1) * ROWS]
            keys = (rows * _MIX[:ROWS]).sum(axis=1)
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            ends = np.r_[starts[1:], len(order)]
            shared = ends - starts > 1
            starts, ends = starts[shared], ends[shared]
            if wanted is not None and starts.size:
                # Only buckets holding a wanted row matter: found with a running count, not a loop.
                seen = np.r_[0, np.cumsum(wanted[order])]
                touched = seen[ends] - seen[starts] > 0
                starts, ends = starts[touched], ends[touched]
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
                bucket = order[start:end]
                anchors = bucket if len(bucket) <= MAX_BUCKET else bucket[:5]
                for i in anchors:
                    for j in bucket:
                        if i < j and (wanted is None or wanted[i] or wanted[j]):
                            pairs.add((int(i), int(j)))
    return pairs


def group(
    items: Iterable[tuple[str, date | None, Signature]],
    *,
    known: dict[str, str] | None = None,
    recheck: set[str] | None = None,
) -> dict[str, str]:
    """Map each id to its group id: the id of the group's earliest-dated member (undated last).

    For an update, `known` gives the previous grouping and `recheck` the documents whose links
    may have changed (new or changed ones, and the members of groups that lost or changed one);
    every other document keeps its known group instead of being compared again.
    """
    items = list(items)
    parent = {doc_id: doc_id for doc_id, _, _ in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    if recheck is not None:
        for doc_id, _, _ in items:
            previous = (known or {}).get(doc_id)
            if doc_id not in recheck and previous in parent:
                parent[find(doc_id)] = find(previous)
    big = [(doc_id, sig) for doc_id, _, sig in items if sig.shingles >= MIN_SHINGLES]
    if big:
        hashes = np.stack([sig.hashes for _, sig in big])
        wanted = None if recheck is None else np.array([doc_id in recheck for doc_id, _ in big])
        for i, j in candidate_pairs(hashes, wanted):
            if containment(big[i][1], big[j][1]) >= MIN_CONTAINMENT:
                parent[find(big[i][0])] = find(big[j][0])

    members: dict[str, list[tuple[str, date | None]]] = {}
    for doc_id, day, _ in items:
        members.setdefault(find(doc_id), []).append((doc_id, day))
    out: dict[str, str] = {}
    for group_members in members.values():
        first = min(group_members, key=lambda m: (m[1] is None, m[1] or date.min, m[0]))[0]
        for doc_id, _ in group_members:
            out[doc_id] = first
    return out
