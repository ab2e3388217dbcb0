"""Near-duplicate grouping: the same statement republished with other chrome or a shorter list.

Each body becomes a MinHash of its word 5-shingles; locality-sensitive hashing proposes pairs,
and a pair is joined when one text is mostly contained in the other (overlap coefficient,
estimated from the MinHash Jaccard and the shingle counts). Containment rather than Jaccard is
what catches a copy with a different preamble, footer or a shortened signatory list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hashing scheme; saved signatures are only valid with the same one
SHINGLE_WORDS = 5
LSH_THRESHOLD = 0.3  # candidate pairs; the containment test below decides
MIN_CONTAINMENT = 0.8
MIN_SHINGLES = 25  # shorter texts are too small to call copies of each other

_WORD = re.compile(r"\w+")
# datasketch derives the same permutations from its fixed seed for every MinHash; computing them
# once instead of per document saved a tenth of a millisecond each (seconds per 20k documents).
_TEMPLATE = MinHash(num_perm=NUM_PERM, scheme=SCHEME)


@dataclass(frozen=True)
class Signature:
    minhash: MinHash
    shingles: int


def signature(text: str) -> Signature:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_TEMPLATE.permutations)
    m.update_batch(list(shingles))
    return Signature(m, len(shingles))


def save_signatures(path: Path, signatures: dict[str, Signature]) -> None:
    """Keep a generation's signatures so an incremental build can regroup without re-reading bodies."""
    ids = list(signatures)
    hashes = np.stack([signatures[i].minhash.hashvalues for i in ids]) if ids else np.zeros((0, NUM_PERM), np.uint64)
    counts = np.array([signatures[i].shingles for i in ids], dtype=np.int64)
    with open(path, "wb") as fh:
        np.savez(fh, ids=np.array(ids, dtype=str), hashes=hashes, counts=counts)


def load_signatures(path: Path) -> dict[str, Signature]:
    with np.load(path, allow_pickle=False) as data:
        return {
            str(doc_id): Signature(
                MinHash(num_perm=NUM_PERM, hashvalues=hashes, scheme=SCHEME, permutations=_TEMPLATE.permutations),
                int(count),
            )
            for doc_id, hashes, count in zip(data["ids"], data["hashes"], data["counts"], strict=True)
        }


def containment(a: Signature, b: Signature) -> float:
    """Estimated |A∩B| / min(|A|, |B|) of two shingle sets."""
    j = a.minhash.jaccard(b.minhash)
    small = min(a.shingles, b.shingles)
    if not small:
        return 0.0
    return min(1.0, j * (a.shingles + b.shingles) / ((1 + j) * small))


def group(
    items: Iterable[tuple[str, date | None, Signature]],
    *,
    known: dict[str, str] | None = None,
    recheck: set[str] | None = None,
) -> dict[str, str]:
    """Map each id to its group id: the id of the group's earliest-dated member (undated last).

    For an update, `known` gives the previous grouping and `recheck` the documents whose links
    may have changed (new or changed ones, and the members of groups that lost or changed one);
    every other document keeps its known group instead of being looked up again.
    """
    items = list(items)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    parent = {doc_id: doc_id for doc_id, _, _ in items}
    sigs = {doc_id: sig for doc_id, _, sig in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, _, sig in items:
        if sig.shingles >= MIN_SHINGLES:
            lsh.insert(doc_id, sig.minhash)
    for doc_id, _, sig in items:
        if recheck is not None and doc_id not in recheck:
            previous = (known or {}).get(doc_id)
            if previous in parent:
                parent[find(doc_id)] = find(previous)
            continue
        if sig.shingles < MIN_SHINGLES:
            continue
        for other in lsh.query(sig.minhash):
            if other != doc_id and containment(sig, sigs[other]) >= MIN_CONTAINMENT:
                parent[find(doc_id)] = find(other)

    members: dict[str, list[tuple[str, date | None]]] = {}
    for doc_id, day, _ in items:
        members.setdefault(find(doc_id), []).append((doc_id, day))
    out: dict[str, str] = {}
    for group_members in members.values():
        first = min(group_members, key=lambda m: (m[1] is None, m[1] or date.min, m[0]))[0]
        for doc_id, _ in group_members:
            out[doc_id] = first
    return out
