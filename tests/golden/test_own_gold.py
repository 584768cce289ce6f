"""The real pipeline on the project's own gold set (tests/gold: 13 invented articles coded by a
separate annotator). Pins today's quality as floors; floors only rise."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.runner import evaluate_gold_dir

GOLD = Path(__file__).resolve().parents[1] / "gold"

# Measured 2026-11-29; see README "Quality". Raise these when the coder improves.
FLOORS = {"events_f1": 0.38, "date_acc": 0.80, "modality_acc": 0.84}
CHECKS_FLOOR = 224


@pytest.fixture(scope="module")
def report(pipeline):
    lines: list[str] = []
    return evaluate_gold_dir(GOLD, pipeline=pipeline, echo=lines.append)


def test_all_gold_files_scored(report):
    assert len(report["files"]) == len(list(GOLD.glob("*.gold.json"))) >= 13
    assert not report["errors"]


def test_event_floors(report):
    total = report["total"]
    for key, floor in FLOORS.items():
        assert total[key] is not None and total[key] >= floor, (key, total[key])


def test_article_check_floor(report):
    assert report["total"]["checks_ok"] >= CHECKS_FLOOR
