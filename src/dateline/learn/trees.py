"""Gradient-boosted trees stored as JSON, predicted in plain Python.

Trained with LightGBM (``make train`` only); a model file holds the feature names and each
tree as nested ``{"f": feature index, "t": threshold, "l": left, "r": right}`` nodes with
``{"v": leaf value}`` leaves. A sample goes left when its value (0 for a feature it lacks) is
at most the threshold. The score is the sum of the leaves; :meth:`TreeModel.p` squashes it
with the logistic function (a ranker's score then reads as a probability-like number whose
thresholds are chosen on the dev split, like the linear models').
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Iterator, Mapping, NamedTuple, Sequence

Features = Mapping[str, float]


class TreeModel:
    kind = "trees"

    def __init__(self, spec: dict) -> None:
        if spec.get("kind") != "trees":
            raise ValueError(f"not a tree model: kind {spec.get('kind')!r}")
        self.features: list[str] = list(spec["features"])
        self.trees: list[dict] = list(spec["trees"])
        self.meta: dict = dict(spec.get("meta") or {})
        self._index = {f: i for i, f in enumerate(self.features)}
        self._compiled = [_compile(t) for t in self.trees]
        self._arrays: _Arrays | None = None

    def score(self, feats: Features) -> float:
        index = self._index
        x = {index[k]: v for k, v in feats.items() if k in index}
        get = x.get
        total = 0.0
        for node in self._compiled:
            while type(node) is tuple:  # (feature, threshold, left, right); a leaf is a float
                node = node[2] if get(node[0], 0.0) <= node[1] else node[3]
            total += node
        return total

    def p(self, feats: Features) -> float:
        return _squash(self.score(feats))

    def scores(self, rows: Sequence[Features]) -> list[float]:
        """:meth:`score` of many rows at once: every tree walked for all rows together with
        numpy (the same comparisons, and the leaves added in the same order, so the same
        floats as one row at a time)."""
        if len(rows) < 2:
            return [self.score(r) for r in rows]
        import numpy as np

        a = self._arrays or self._build_arrays()
        x = np.zeros((len(rows), len(a.columns) + 1))  # the last column: features no tree uses
        col = a.columns
        for i, feats in enumerate(rows):
            for k, v in feats.items():
                j = col.get(k)
                if j is not None:
                    x[i, j] = v
        idx = np.broadcast_to(a.roots, (len(rows), len(a.roots)))
        flat = x.ravel()
        row = (np.arange(len(rows)) * x.shape[1])[:, None]  # where each row starts in ``flat``
        for _ in range(a.depth):
            # a leaf's two children are itself, and an inner node's come after it: a step that
            # moves no row of no tree has every walk at its leaf
            value = flat.take(row + a.feature.take(idx))
            nxt = np.where(value <= a.threshold.take(idx), a.left.take(idx), a.right.take(idx))
            if np.array_equal(nxt, idx):
                break
            idx = nxt
        # tree by tree, as score() adds them (cumsum adds in order; a sum would pair them)
        return [float(v) for v in np.cumsum(a.value[idx], axis=1)[:, -1]]

    def p_many(self, rows: Sequence[Features]) -> list[float]:
        return [_squash(z) for z in self.scores(rows)]

    def _build_arrays(self) -> "_Arrays":
        used = sorted({n["f"] for t in self.trees for n in _nodes(t) if "f" in n})
        columns = {self.features[f]: i for i, f in enumerate(used)}
        remap = {f: i for i, f in enumerate(used)}
        feature, threshold, left, right, value, leaf, roots = [], [], [], [], [], [], []
        depth = 0

        def add(node: dict, d: int) -> int:
            nonlocal depth
            depth = max(depth, d)
            i = len(feature)
            feature.append(0)
            threshold.append(0.0)
            left.append(i)
            right.append(i)
            value.append(0.0)
            leaf.append("v" in node)
            if "v" in node:
                value[i] = float(node["v"])
            else:
                feature[i] = remap[node["f"]]
                threshold[i] = float(node["t"])
                left[i] = add(node["l"], d + 1)
                right[i] = add(node["r"], d + 1)
            return i

        for t in self.trees:
            roots.append(add(t, 0))
        import numpy as np

        self._arrays = _Arrays(columns, np.array(feature), np.array(threshold), np.array(left),
                               np.array(right), np.array(value), np.array(leaf, dtype=bool),
                               np.array(roots), depth + 1)
        return self._arrays

    def to_dict(self) -> dict:
        return {"kind": "trees", "features": self.features, "trees": self.trees,
                "meta": self.meta}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":")), encoding="utf-8")


class _Arrays(NamedTuple):
    """Every tree's nodes in flat arrays (a leaf points at itself)."""

    columns: dict[str, int]
    feature: Any
    threshold: Any
    left: Any
    right: Any
    value: Any
    leaf: Any
    roots: Any
    depth: int


def _squash(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def _nodes(node: dict) -> Iterator[dict]:
    yield node
    if "v" not in node:
        yield from _nodes(node["l"])
        yield from _nodes(node["r"])


def _compile(node: dict) -> tuple | float:
    """A tree as nested tuples (feature, threshold, left, right) with float leaves: the form
    :meth:`TreeModel.score` walks (about twice as fast as the dicts)."""
    if "v" in node:
        return float(node["v"])
    return (node["f"], node["t"], _compile(node["l"]), _compile(node["r"]))


def _convert(node: dict, decimals: int) -> dict:
    if "leaf_value" in node:
        return {"v": round(float(node["leaf_value"]), decimals)}
    if node.get("decision_type", "<=") != "<=":
        raise ValueError(f"unsupported split {node.get('decision_type')!r}")
    return {"f": int(node["split_feature"]), "t": round(float(node["threshold"]), 6),
            "l": _convert(node["left_child"], decimals), "r": _convert(node["right_child"], decimals)}


def fit_ranker(rows: Sequence[Features], labels: Sequence[int], groups: Sequence[int], *,
               seed: int = 0, rounds: int = 300, leaves: int = 15, min_leaf: int = 10,
               rate: float = 0.05, decimals: int = 5) -> TreeModel:
    """A LambdaRank model over candidates grouped by the query they answer (``groups``: how
    many consecutive rows each query has). Deterministic for a seed (one thread order)."""
    import lightgbm as lgb
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(sparse=True, sort=True)
    x = vec.fit_transform(list(rows)).astype(np.float32)
    params = {"objective": "lambdarank", "verbose": -1, "seed": seed, "deterministic": True,
              "num_threads": 1, "num_leaves": leaves, "min_data_in_leaf": min_leaf,
              "learning_rate": rate, "feature_fraction": 0.5, "force_row_wise": True}
    booster = lgb.train(params, lgb.Dataset(x, np.asarray(labels), group=list(groups)), rounds)
    dump = booster.dump_model()
    trees = [_convert(t["tree_structure"], decimals) for t in dump["tree_info"]]
    return TreeModel({"kind": "trees", "features": [str(f) for f in vec.get_feature_names_out()],
                      "trees": trees})
