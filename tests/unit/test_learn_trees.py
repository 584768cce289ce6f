"""Tree models stored as JSON (dateline.learn.trees): prediction by hand-built trees, and the
conversion of a LightGBM dump."""

from __future__ import annotations

import math

import pytest

from dateline.learn.trees import TreeModel, _convert

SPEC = {"kind": "trees", "features": ["subject", "implied"],
        "trees": [{"f": 0, "t": 0.5, "l": {"v": -1.0}, "r": {"v": 1.0}},
                  {"f": 1, "t": 0.5, "l": {"v": 0.25}, "r": {"v": -2.0}}]}


def test_score_and_probability_by_hand():
    m = TreeModel(SPEC)
    assert m.score({"subject": 1.0}) == pytest.approx(1.25)
    assert m.score({}) == pytest.approx(-0.75)  # absent features are 0: left at both splits
    assert m.score({"subject": 1.0, "implied": 1.0, "unseen": 3.0}) == pytest.approx(-1.0)
    assert m.p({"subject": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.25)))


def test_round_trip_and_refusals(tmp_path):
    m = TreeModel(SPEC)
    m.save(tmp_path / "t.json")
    from dateline.learn.coder import load_model

    back = load_model(tmp_path / "t.json")
    assert isinstance(back, TreeModel) and back.to_dict() == m.to_dict()
    with pytest.raises(ValueError):
        TreeModel({"kind": "binary"})


def test_lightgbm_dump_conversion():
    dump = {"split_feature": 1, "threshold": 0.5, "decision_type": "<=",
            "left_child": {"leaf_value": 0.123456789}, "right_child": {"leaf_value": -0.5}}
    assert _convert(dump, 4) == {"f": 1, "t": 0.5, "l": {"v": 0.1235}, "r": {"v": -0.5}}
    with pytest.raises(ValueError):
        _convert({**dump, "decision_type": "=="}, 4)


def test_scores_of_many_rows_are_the_scores_of_each():
    """The numpy walk gives the very floats of the one-row walk (leaves added in order)."""
    import random

    rnd = random.Random(3)

    def tree(depth):
        if depth == 0 or rnd.random() < 0.2:
            return {"v": round(rnd.uniform(-1, 1), 5)}
        return {"f": rnd.randrange(6), "t": round(rnd.uniform(-0.5, 1.5), 3),
                "l": tree(depth - 1), "r": tree(depth - 1)}

    m = TreeModel({"kind": "trees", "features": [f"x{i}" for i in range(6)] + ["unused"],
                   "trees": [tree(5) for _ in range(40)]})
    rows = [{f"x{i}": rnd.choice([0.0, 1.0, rnd.uniform(-1, 2)]) for i in range(6)
             if rnd.random() < 0.7} for _ in range(50)]
    rows.append({"not-a-feature": 3.0})  # unknown features count as absent (0)
    assert m.scores(rows) == [m.score(r) for r in rows]
    assert m.p_many(rows[:1]) == [m.p(rows[0])]  # one row: the plain walk


def test_scores_stop_when_every_walk_is_at_a_leaf():
    """The walk stops at the first step that moves no row of no tree (a leaf points at
    itself); a tree that is one leaf, and rows that leave a deep tree at its first split, give
    the one-row walk's floats."""
    deep = {"f": 0, "t": 0.5, "l": {"v": 0.5},
            "r": {"f": 1, "t": 0.5, "l": {"v": -0.25},
                  "r": {"f": 0, "t": 2.5, "l": {"v": 1.5}, "r": {"v": -3.0}}}}
    m = TreeModel({"kind": "trees", "features": ["a", "b"], "trees": [{"v": 0.125}, deep]})
    rows = [{}, {"a": 0.1}, {"a": 1.0}, {"a": 1.0, "b": 1.0}, {"a": 3.0, "b": 1.0}]
    assert m.scores(rows) == [m.score(r) for r in rows] == [0.625, 0.625, -0.125, 1.625, -2.875]
    assert m.scores(rows[:2]) == [0.625, 0.625]  # every walk at a leaf after one step
