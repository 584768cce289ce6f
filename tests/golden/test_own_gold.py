"""The real pipeline on the project's own gold set (tests/gold: 13 invented articles coded by a
separate annotator). Pins today's quality as floors (tests/floors.py); floors only rise."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.runner import evaluate_gold_dir

from ..floors import OWN_GOLD_LEARNED, OWN_GOLD_RULES

GOLD = Path(__file__).resolve().parents[1] / "gold"

#: The scored totals with floors (the rest of tests/floors.py's entries are below).
TOTALS = ("events_f1", "date_acc", "modality_acc")
#: Files 01-07 were read while developing; 08-13 are development data too (tests/floors.py).
SPLITS = {"files_01_07": ("01", "02", "03", "04", "05", "06", "07"),
          "files_08_13": ("08", "09", "10", "11", "12", "13")}


@pytest.fixture(scope="module")
def report(rules_pipeline):
    lines: list[str] = []
    return evaluate_gold_dir(GOLD, pipeline=rules_pipeline, echo=lines.append)


@pytest.fixture(scope="module")
def learned_report(pipeline):
    lines: list[str] = []  # the default pipeline: the learned coder
    return evaluate_gold_dir(GOLD, pipeline=pipeline, echo=lines.append)


def test_all_gold_files_scored(report):
    assert len(report["files"]) == len(list(GOLD.glob("*.gold.json"))) >= 13
    assert not report["errors"]


def test_event_floors(report):
    total = report["total"]
    for key in TOTALS:
        assert total[key] is not None and total[key] >= OWN_GOLD_RULES[key], (key, total[key])


def _split_f1(report: dict, prefixes: tuple[str, ...]) -> float:
    tp = fp = fn = 0
    for f in report["files"]:
        if f["name"][:2] in prefixes:
            tp, fp, fn = tp + f["events"]["tp"], fp + f["events"]["fp"], fn + f["events"]["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_split_floors(report, split):
    prefixes = SPLITS[split]
    assert sum(f["name"][:2] in prefixes for f in report["files"]) == len(prefixes)
    f1 = _split_f1(report, prefixes)
    assert f1 >= OWN_GOLD_RULES[split], (split, f1)


def test_article_check_floor(report):
    assert report["total"]["checks_ok"] >= OWN_GOLD_RULES["checks_ok"]


def test_learned_coder_floors(learned_report):
    total = learned_report["total"]
    for key in TOTALS:
        assert total[key] is not None and total[key] >= OWN_GOLD_LEARNED[key], (key, total[key])
    for split, prefixes in SPLITS.items():
        f1 = _split_f1(learned_report, prefixes)
        assert f1 >= OWN_GOLD_LEARNED[split], (split, f1)
    assert total["checks_ok"] >= OWN_GOLD_LEARNED["checks_ok"]
