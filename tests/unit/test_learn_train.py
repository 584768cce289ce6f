"""Unit tests of the threshold search of ``make train`` (no model, no page: the fold scores are
replaced by a function of the thresholds)."""

from __future__ import annotations

import pytest

from dateline.evaluate.event_match import EventScore
from dateline.learn import train as T
from dateline.learn.coder import Thresholds


def _fake_scores(t: Thresholds) -> dict[str, EventScore]:
    # F1 grows as the type threshold falls (more events found), party precision fixed at 0.9
    tp = int(round((1.01 - t.type) * 100))
    return {"main": EventScore(tp=tp, fp=50, fn=100 - tp, party_n=10, party_ok=9)}


@pytest.fixture
def fake_folds(monkeypatch):
    monkeypatch.setattr(T, "score_folds", lambda folds, lex, countries, t: _fake_scores(t))


def test_tune_takes_the_best_f1(fake_folds):
    assert T.tune([], None, None, rounds=1).type == min(T.GRID["type"])


def test_tune_never_takes_thresholds_the_guard_refuses(fake_folds):
    # the seed guard: below type 0.6 the seed would fall under its floor
    best = T.tune([], None, None, rounds=2, guard=lambda t: t.type >= 0.6)
    assert best.type == 0.6


def test_tune_keeps_party_precision_at_the_floor(monkeypatch):
    def scores(folds, lex, countries, t):
        s = _fake_scores(t)["main"]
        s.party_n, s.party_ok = 10, (7 if t.type < 0.5 else 9)  # 0.7 under the 0.8 floor
        return {"main": s}
    monkeypatch.setattr(T, "score_folds", scores)
    assert T.tune([], None, None, rounds=1).type == 0.5


def test_seed_guard_accepts_all_without_seed_pages():
    assert T.seed_guard(None, [], None, None)(Thresholds()) is True
