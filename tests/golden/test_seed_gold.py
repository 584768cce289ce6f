"""The gold scorer against the shared gold files themselves (no model, no pipeline).

A prediction built from the gold (every gold event turned into a predicted event, every gold
mention into a predicted mention) must score perfectly; an empty prediction must score recall 0.
This guards the scorer and the gold files' shape. The real pipeline's golden test is separate.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from dateline.evaluate.gold import aggregate, load_gold, score_events, score_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD_FILES = sorted((SHARED / "gold").glob("*.gold.json")) if (SHARED / "gold").is_dir() else []


def _as_prediction(gold_event: dict) -> dict:
    """A predicted event record equivalent to a gold event (a [lo, hi] date -> date..date_end)."""
    e = copy.deepcopy(gold_event)
    e.pop("note", None)
    e.pop("optional", None)
    date = e.get("date")
    if isinstance(date, list):
        e["date"], e["date_end"] = date[0], date[-1]
    else:
        e["date_end"] = None
    for key in ("actor", "recipient"):
        e[key] = [{"text": a.get("name"), **a} for a in e.get(key) or []]
    e.setdefault("recipient", [])
    return e


def _perfect(gold: dict) -> dict:
    return {
        "article": None,
        "entities": [{**m, "name": m.get("text")} for m in gold.get("entities", [])],
        "places": copy.deepcopy(gold.get("places", [])),
        "dates": copy.deepcopy(gold.get("dates", [])),
        "events": [_as_prediction(e) for e in gold.get("events", [])],
        "warnings": [],
    }


@pytest.fixture(params=GOLD_FILES, ids=lambda p: p.name)
def gold_file(request, shared_dir) -> Path:
    return request.param


def test_there_is_a_gold_file(shared_dir):
    assert GOLD_FILES, "no gold files in shared/gold"


def test_gold_input_exists(gold_file):
    gold, inp = load_gold(gold_file)
    assert inp.is_file(), inp
    assert gold["events"], "gold has no events"


def test_gold_scores_itself_perfectly(gold_file, countries):
    gold, _ = load_gold(gold_file)
    fs = score_file(_perfect(gold), gold, name=gold_file.name, countries=countries)
    ev = fs.events
    required = sum(1 for e in gold["events"] if not e.get("optional"))
    optional = len(gold["events"]) - required
    assert (ev.tp, ev.fp, ev.fn, ev.optional_matched) == (required, 0, 0, optional)
    assert ev.f1 == 1.0
    for acc in (ev.date_acc, ev.location_acc, ev.modality_acc, ev.mode_acc):
        assert acc in (None, 1.0)
    assert ev.modality_acc == 1.0
    for kind, m in fs.mentions.items():
        assert m.recall in (None, 1.0), kind
        assert m.attr_acc in (None, 1.0), kind
    agg = aggregate([fs])
    assert agg.summary_line().startswith("events_f1=1.000 precision=1.000 recall=1.000")


def test_only_required_events_still_perfect_and_optional_alone_is_harmless(gold_file, countries):
    gold, _ = load_gold(gold_file)
    required = [_as_prediction(e) for e in gold["events"] if not e.get("optional")]
    assert score_events(required, gold["events"], countries).f1 == 1.0
    optional = [_as_prediction(e) for e in gold["events"] if e.get("optional")]
    s = score_events(optional, gold["events"], countries)
    assert s.fp == 0 and s.precision == 1.0


def test_duplicated_predictions_are_false_positives(gold_file, countries):
    gold, _ = load_gold(gold_file)
    preds = [_as_prediction(e) for e in gold["events"]]
    s = score_events(preds + preds, gold["events"], countries)
    assert s.fp == len(preds) and s.recall == 1.0 and s.precision < 1.0


def test_empty_prediction_scores_recall_zero(gold_file, countries):
    gold, _ = load_gold(gold_file)
    fs = score_file({}, gold, countries=countries)
    assert fs.events.recall == 0.0 and fs.events.tp == 0 and fs.events.f1 == 0.0
    assert fs.events.fn == sum(1 for e in gold["events"] if not e.get("optional"))
    for m in fs.mentions.values():
        assert m.found == 0
    assert fs.checks_ok < len(fs.checks)
