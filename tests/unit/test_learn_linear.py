"""Sparse linear models stored as JSON (dateline.learn.linear): prediction by hand-worked
weights, and training round trips on toy data (scikit-learn is a pinned dependency)."""

from __future__ import annotations

import math

import pytest

from dateline.learn.linear import LinearModel, fit, top_weights


def test_binary_prediction_by_hand():
    m = LinearModel({"kind": "binary", "classes": ["1"], "bias": [-1.0],
                     "weights": {"a": [2.0], "b": [-0.5]}})
    assert m.p({"a": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert m.p({"b": 2.0, "unseen": 5.0}) == pytest.approx(1 / (1 + math.exp(2.0)))


def test_multiclass_softmax_and_multilabel_by_hand():
    m = LinearModel({"kind": "multiclass", "classes": ["x", "y"], "bias": [0.0, 0.0],
                     "weights": {"f": [1.0, -1.0]}})
    pr = m.proba({"f": 1.0})
    assert pr["x"] == pytest.approx(math.exp(1) / (math.exp(1) + math.exp(-1)))
    assert m.best({"f": 1.0})[0] == "x" and m.best({"f": -1.0})[0] == "y"
    ml = LinearModel({"kind": "multilabel", "classes": ["A", "B"], "bias": [0.0, 0.0],
                      "weights": {"f": [10.0, -10.0]}})
    pr = ml.proba({"f": 1.0})
    assert pr["A"] > 0.99 and pr["B"] < 0.01  # independent, not summing to one


def test_bad_specs_are_refused():
    with pytest.raises(ValueError):
        LinearModel({"kind": "tree", "bias": [0.0], "weights": {}})
    with pytest.raises(ValueError, match="expected 2"):
        LinearModel({"kind": "multiclass", "classes": ["x", "y"], "bias": [0.0, 0.0],
                     "weights": {"f": [1.0]}})


def test_save_load_round_trip(tmp_path):
    m = LinearModel({"kind": "binary", "classes": ["1"], "bias": [0.25], "weights": {"a": [1.5]},
                     "meta": {"rows": 3}})
    m.save(tmp_path / "m.json")
    back = LinearModel.load(tmp_path / "m.json")
    assert back.to_dict() == m.to_dict()


def test_fit_learns_toy_problems_deterministically():
    rows = [{"good": 1.0}] * 20 + [{"bad": 1.0}] * 20
    labels = [1] * 20 + [0] * 20
    m = fit(rows, labels, kind="binary", c=10.0, seed=0)
    assert m.p({"good": 1.0}) > 0.9 and m.p({"bad": 1.0}) < 0.1
    assert fit(rows, labels, kind="binary", c=10.0, seed=0).to_dict() == m.to_dict()
    assert top_weights(m, 1)[0][0] == "good"
    mc = fit([{"a": 1.0}] * 10 + [{"b": 1.0}] * 10 + [{"c": 1.0}] * 10,
             ["A"] * 10 + ["B"] * 10 + ["C"] * 10, kind="multiclass", c=10.0)
    assert [mc.best({k: 1.0})[0] for k in "abc"] == ["A", "B", "C"]
    ml = fit([{"a": 1.0}] * 10 + [{"b": 1.0}] * 10 + [{"a": 1.0, "b": 1.0}] * 10,
             [{"A"}] * 10 + [{"B"}] * 10 + [{"A", "B"}] * 10, kind="multilabel", c=10.0)
    pr = ml.proba({"a": 1.0, "b": 1.0})
    assert pr["A"] > 0.5 and pr["B"] > 0.5


def test_fit_two_classes_keeps_both_in_softmax():
    m = fit([{"a": 1.0}] * 10 + [{"b": 1.0}] * 10, ["X"] * 10 + ["Y"] * 10, kind="multiclass", c=10.0)
    assert m.classes == ["X", "Y"] and m.best({"a": 1.0})[0] == "X" and m.best({"b": 1.0})[0] == "Y"
