"""B-cubed precision, recall and F1 of a clustering against gold clusters.

For each item, precision is the share of its predicted cluster that shares its gold cluster,
recall the share of its gold cluster found in its predicted cluster; both are averaged over
items (Bagga & Baldwin 1998). Items are any hashable ids present in both mappings.
"""

from __future__ import annotations

from collections import Counter
from typing import Hashable, Mapping


def bcubed(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
           ) -> dict[str, float]:
    """{"precision", "recall", "f1", "items"} over the items both mappings label."""
    items = [i for i in gold if i in pred]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    pair = Counter((pred[i], gold[i]) for i in items)
    psize = Counter(pred[i] for i in items)
    gsize = Counter(gold[i] for i in items)
    p = sum(pair[(pred[i], gold[i])] / psize[pred[i]] for i in items) / len(items)
    r = sum(pair[(pred[i], gold[i])] / gsize[gold[i]] for i in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "items": len(items)}
