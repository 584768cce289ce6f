"""Sparse linear classifiers stored as JSON.

A model is a dict ``{"kind": "binary"|"multiclass", "classes": [...], "bias": [...],
"weights": {feature: [w per class]}}`` (binary models keep one weight per feature). Features
are ``{name: value}`` dicts; a feature the model never saw weighs nothing. Training uses
scikit-learn's logistic regression (``make train`` only); prediction is plain Python, so the
default pipeline needs no ML library and a model file is readable and diffable.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Mapping, Sequence

Features = Mapping[str, float]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class LinearModel:
    """A trained binary or multiclass (softmax / one-vs-rest) linear model."""

    def __init__(self, spec: dict) -> None:
        if spec.get("kind") not in ("binary", "multiclass", "multilabel"):
            raise ValueError(f"unknown model kind {spec.get('kind')!r}")
        self.kind = spec["kind"]
        self.classes: list[str] = list(spec.get("classes") or [])
        self.bias: list[float] = list(spec["bias"])
        self.weights: dict[str, list[float]] = spec["weights"]
        self.meta: dict = dict(spec.get("meta") or {})
        width = len(self.bias)
        bad = [k for k, w in self.weights.items() if len(w) != width]
        if bad:
            raise ValueError(f"weights of {bad[0]!r} have {len(self.weights[bad[0]])} values, "
                             f"expected {width}")

    def scores(self, feats: Features) -> list[float]:
        out = list(self.bias)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for i, wi in enumerate(w):
                    out[i] += wi * value
        return out

    def proba(self, feats: Features) -> dict[str, float]:
        """Class -> probability (binary: {"1": p}; multilabel: independent per class)."""
        z = self.scores(feats)
        if self.kind == "binary":
            return {"1": _sigmoid(z[0])}
        if self.kind == "multilabel":
            return {c: _sigmoid(v) for c, v in zip(self.classes, z)}
        m = max(z)
        ex = [math.exp(v - m) for v in z]
        s = sum(ex)
        return {c: e / s for c, e in zip(self.classes, ex)}

    def p(self, feats: Features) -> float:
        """The positive-class probability of a binary model."""
        return self.proba(feats)["1"]

    def p_many(self, rows: "Sequence[Features]") -> list[float]:
        return [self.p(r) for r in rows]

    def best(self, feats: Features) -> tuple[str, float]:
        pr = self.proba(feats)
        c = max(pr, key=pr.get)
        return c, pr[c]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "classes": self.classes, "bias": self.bias,
                "weights": self.weights, "meta": self.meta}

    @classmethod
    def load(cls, path: str | Path) -> "LinearModel":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True),
                              encoding="utf-8")


def fit(rows: Sequence[Features], labels: Sequence, *, kind: str = "binary", c: float = 1.0,
        seed: int = 0, class_weight: str | None = None, min_count: int = 1,
        decimals: int = 4) -> LinearModel:
    """Train a logistic regression (scikit-learn, liblinear/lbfgs) on feature dicts.

    ``kind`` binary: labels are 0/1; multiclass: labels are class names; multilabel: labels
    are sets of class names (one binary model per class). Features seen fewer than
    ``min_count`` times are dropped; weights are rounded to ``decimals`` and zeros dropped.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for r in rows:
        for k in r:
            counts[k] = counts.get(k, 0) + 1
    keep = {k for k, n in counts.items() if n >= min_count}
    rows = [{k: v for k, v in r.items() if k in keep} for r in rows]
    vec = DictVectorizer(sparse=True, sort=True)
    x = vec.fit_transform(rows).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    x.indptr = x.indptr.astype("int32")
    names = vec.get_feature_names_out()

    def one(y) -> tuple[list[float], list[list[float]]]:
        clf = LogisticRegression(C=c, max_iter=2000, random_state=seed, class_weight=class_weight,
                                 solver="liblinear")
        clf.fit(x, y)
        return [float(clf.intercept_[0])], [[float(w)] for w in clf.coef_[0]]

    if kind == "binary":
        bias, cols = one([int(bool(v)) for v in labels])
        classes: list[str] = ["1"]
    elif kind == "multilabel":
        classes = sorted({c for ls in labels for c in ls})
        bias, cols = [], [[] for _ in names]
        for cls in classes:
            b, w = one([int(cls in ls) for ls in labels])
            bias += b
            for i, wi in enumerate(w):
                cols[i] += wi
    elif kind == "multiclass":
        classes = sorted({str(v) for v in labels})
        if len(classes) == 1:
            return LinearModel({"kind": "multiclass", "classes": classes, "bias": [0.0],
                                "weights": {}})
        clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, class_weight=class_weight)
        clf.fit(x, [str(v) for v in labels])
        classes = [str(k) for k in clf.classes_]
        coef = clf.coef_
        if len(classes) == 2:  # sklearn keeps one row for two classes: softmax of [0, z]
            bias = [0.0, float(clf.intercept_[0])]
            cols = [[0.0, float(coef[0][i])] for i in range(len(names))]
        else:
            bias = [float(b) for b in clf.intercept_]
            cols = [[float(coef[k][i]) for k in range(len(classes))] for i in range(len(names))]
    else:
        raise ValueError(f"unknown kind {kind!r}")
    weights = {}
    for name, w in zip(names, cols):
        rw = [round(v, decimals) for v in w]
        if any(rw):
            weights[str(name)] = rw
    return LinearModel({"kind": kind, "classes": classes,
                        "bias": [round(b, decimals) for b in bias], "weights": weights})


def top_weights(model: LinearModel, n: int = 20, cls: int = 0) -> list[tuple[str, float]]:
    """The ``n`` heaviest positive features of one class (for reports)."""
    items: Iterable[tuple[str, float]] = ((k, w[cls]) for k, w in model.weights.items())
    return sorted(items, key=lambda kv: -kv[1])[:n]
