"""Near-duplicate articles (wire copies republished by many outlets) with MinHash/LSH.

An article's body is shingled into word 5-grams; a 128-permutation MinHash estimates the
Jaccard similarity of shingle sets and an LSH index (datasketch, threshold 0.7) finds earlier
articles that likely exceed it. The best candidate whose estimated similarity reaches the
threshold is the article's ``duplicate_of``. Signatures are stored (``article_minhash``) so a
later process rebuilds the index without re-reading bodies.
"""

from __future__ import annotations

import re

import numpy as np

NUM_PERM = 128
SCHEME = "affine32"  # datasketch >= 2.0 hashing scheme; signatures are uint32
SIG_DTYPE = np.uint32
THRESHOLD = 0.7
SHINGLE = 5


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash hash values of a text (NUM_PERM values)."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch(sorted(shingles(text)))
    return mh.hashvalues.astype(SIG_DTYPE)


def from_bytes(data: bytes) -> np.ndarray:
    """A stored signature back as an array."""
    return np.frombuffer(data, dtype=SIG_DTYPE).copy()


class DuplicateIndex:
    """LSH over article signatures; ``check`` finds the earlier article a text copies."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[str, np.ndarray] = {}
        self.roots: dict[str, str] = {}  # article id -> the original it copies (or itself)

    def _mh(self, sig: np.ndarray):
        from datasketch import MinHash

        return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=sig, scheme=SCHEME)

    def add(self, article_id: str, sig: np.ndarray, duplicate_of: str | None = None) -> None:
        if article_id in self.sigs:
            return
        self.sigs[article_id] = sig
        self.roots[article_id] = duplicate_of or article_id
        self.lsh.insert(article_id, self._mh(sig))

    def check(self, sig: np.ndarray) -> tuple[str | None, float]:
        """(original article id, estimated Jaccard) of the best earlier copy, or (None, 0)."""
        best, best_sim = None, 0.0
        for cand in self.lsh.query(self._mh(sig)):
            sim = float(np.mean(self.sigs[cand] == sig))
            if sim >= self.threshold and (sim > best_sim or (sim == best_sim and cand < best)):
                best, best_sim = cand, sim
        if best is None:
            return None, 0.0
        return self.roots.get(best, best), best_sim
