"""The real pipeline on the project's own gold set (tests/gold: 13 invented articles coded by a
separate annotator). Pins today's quality as floors; floors only rise."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.runner import evaluate_gold_dir

GOLD = Path(__file__).resolve().parents[1] / "gold"

# Measured with the rules coder; see README "Quality". Raise these when the coder improves.
# Events F1 0.410 -> 0.447 after coreference and the third precision round (docs/events.md).
# Rebased 2026-12-07 when tests/gold was re-annotated by SPEC section 5 (implied recipients,
# parties in their roles): events F1 0.461 -> 0.312, date 0.815 -> 0.854, modality 0.853 -> 0.857.
FLOORS = {"events_f1": 0.30, "date_acc": 0.80, "modality_acc": 0.84}
#: The learned coder (the default since 2026-12-07; tests/gold is not among its training pages)
#: measured 2026-12-07: events F1 0.335, date 0.762, modality 0.818; files 01-07 0.403, 08-13 0.258.
LEARNED_FLOORS = {"events_f1": 0.32, "date_acc": 0.74, "modality_acc": 0.80}
LEARNED_SPLITS = {"files_01_07": 0.38, "files_08_13": 0.24}
CHECKS_FLOOR = 224
#: Files 01-07 were read while developing; 08-13 were meant to be held out but were read while
#: tuning the text cleaner and deciding which event rules to keep (README, "What was held out"):
#: they are development data too. Measured 2026-11-29: 0.497 -> 0.571 and 0.329 -> 0.335;
#: rebased 2026-12-07 after the re-annotation: 0.600 -> 0.468 and 0.335 -> 0.163.
SPLITS = {"files_01_07": (("01", "02", "03", "04", "05", "06", "07"), 0.45),
          "files_08_13": (("08", "09", "10", "11", "12", "13"), 0.15)}


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
    for key, floor in FLOORS.items():
        assert total[key] is not None and total[key] >= floor, (key, total[key])


def _split_f1(report: dict, prefixes: tuple[str, ...]) -> float:
    tp = fp = fn = 0
    for f in report["files"]:
        if f["name"][:2] in prefixes:
            tp, fp, fn = tp + f["events"]["tp"], fp + f["events"]["fp"], fn + f["events"]["fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_split_floors(report, split):
    prefixes, floor = SPLITS[split]
    assert sum(f["name"][:2] in prefixes for f in report["files"]) == len(prefixes)
    assert _split_f1(report, prefixes) >= floor, (split, _split_f1(report, prefixes))


def test_article_check_floor(report):
    assert report["total"]["checks_ok"] >= CHECKS_FLOOR


def test_learned_coder_floors(learned_report):
    total = learned_report["total"]
    for key, floor in LEARNED_FLOORS.items():
        assert total[key] is not None and total[key] >= floor, (key, total[key])
    for split, floor in LEARNED_SPLITS.items():
        f1 = _split_f1(learned_report, SPLITS[split][0])
        assert f1 >= floor, (split, f1)
    assert total["checks_ok"] >= CHECKS_FLOOR
