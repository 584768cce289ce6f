"""Unit tests of the threshold search of ``make train`` (no model, no page: the fold scores are
replaced by a function of the thresholds)."""

from __future__ import annotations

from types import SimpleNamespace

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


def test_tune_takes_the_best_move_not_the_first_in_grid_order(monkeypatch):
    # from a start under the party-precision floor, lowering the event threshold (earlier in
    # GRID) reaches the floor with F1 0.25, raising recipient2 with F1 0.30: the best is taken
    def scores(folds, lex, countries, t):
        if t.event == 0.2:
            s = EventScore(tp=25, fp=75, fn=75, party_n=10, party_ok=9)
        elif t.recipient2 == 0.5:
            s = EventScore(tp=30, fp=70, fn=70, party_n=10, party_ok=9)
        else:
            s = EventScore(tp=40, fp=60, fn=60, party_n=10, party_ok=7)  # under the floor
        return {"main": s}
    monkeypatch.setattr(T, "score_folds", scores)
    best = T.tune([], None, None, rounds=1)
    assert (best.event, best.recipient2) == (T.START.event, 0.5)


def test_tune_asks_the_guard_once_per_thresholds(fake_folds):
    asked = []
    T.tune([], None, None, rounds=3, guard=lambda t: asked.append(t) or t.type >= 0.6)
    assert len(asked) == len({tuple(sorted(t.__dict__.items())) for t in asked})


def test_seed_guard_accepts_all_without_seed_pages():
    assert T.seed_guard(None, [], None, None)(Thresholds()) is True


def test_floor_guard_refuses_thresholds_that_drop_a_gold_set_under_its_floor(monkeypatch):
    from dateline.evaluate.event_match import EventScore

    def scores(coder, pages):  # F1 0.5 at event 0.5, 0.25 at event 0.6
        s = EventScore(tp=2, fp=2, fn=2) if coder.t.event < 0.55 else EventScore(tp=1, fp=3, fn=3)
        return {"main": s}
    monkeypatch.setattr(T, "score_pages", scores)
    monkeypatch.setattr(T, "LearnedCoder", lambda models, lex, countries, t: SimpleNamespace(t=t))
    guard = T.floor_guard(None, ["a page"], None, None, floor=0.34)
    assert guard(Thresholds(event=0.5)) is True
    assert guard(Thresholds(event=0.6)) is False


def test_all_guards_accepts_only_what_every_guard_accepts():
    both = T.all_guards(lambda t: t.type >= 0.6, lambda t: t.event <= 0.5)
    assert both(Thresholds(type=0.7, event=0.5)) is True
    assert both(Thresholds(type=0.5, event=0.5)) is False
    assert both(Thresholds(type=0.7, event=0.6)) is False


def test_the_own_gold_guard_keeps_the_pinned_floor():
    from ..floors import OWN_GOLD_LEARNED

    assert T.OWN_GOLD_FLOOR == OWN_GOLD_LEARNED["events_f1"]
