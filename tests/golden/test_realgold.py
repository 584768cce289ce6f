"""The learned event coder on the real-news gold set (tests/realgold) and the seed.

Since 2026-12-07 the shipped models learn from the train **and** dev splits (thresholds by
cross-validation of both), so the dev floors below pin a fit to training pages -- a check that
nothing broke, not a quality claim (the quality figures are the cross-validation printed by
``make train`` and the held-out test split, which is never scored here). The seed floor is a
page the models never saw. The shipped models must be exactly what ``make train`` rebuilds from
the repository and ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.evaluate.runner import evaluate_gold_dir

from ..floors import REALGOLD_DEV, SEED_LEARNED
from ..skips import missing_skips

REPO = Path(__file__).resolve().parents[2]
DEV = REPO / "tests" / "realgold" / "dev"
MODELS = REPO / "src" / "dateline" / "models" / "coder"


def _pipeline(coder: str):
    from dateline import Pipeline, PipelineConfig

    cfg = PipelineConfig()
    cfg.stages["events"] = coder
    with missing_skips("pipeline"):  # the spaCy model package absent; other errors fail
        return Pipeline(cfg)


@pytest.fixture(scope="module")
def learned():
    return _pipeline("learned")


@pytest.fixture(scope="module")
def dev_reports(learned, shared_dir):
    quiet: list[str] = []
    return evaluate_gold_dir(DEV, pipeline=learned, echo=quiet.append)


def test_learned_coder_dev_floors(dev_reports):
    learned = dev_reports
    assert len(learned["files"]) == 38 and not learned["errors"]
    for key, floor in REALGOLD_DEV.items():
        assert learned["total"][key] >= floor, (key, learned["total"][key])


def test_learned_coder_on_the_seed(learned, shared_dir):
    quiet: list[str] = []
    report = evaluate_gold_dir(shared_dir / "gold", pipeline=learned, echo=quiet.append)
    assert report["total"]["events_f1"] >= SEED_LEARNED["events_f1"], report["total"]


def test_learned_events_say_what_decided_them(learned, shared_dir):
    from dateline.sources.files import read_paths

    res = next(learned.run(read_paths([str(shared_dir / "seed")])))
    assert res.ok and res.document.events
    for ev in res.document.events:
        d = ev.decided
        assert d["coder"] == "learned" and d["proposed_by"] in ("rules", "models")
        assert 0.0 <= ev.confidence <= 1.0
        assert all((a.name or "").lower() not in ("he", "she", "they", "we", "it") for a in ev.actor)


def test_make_train_rebuilds_the_shipped_models(tmp_path, shared_dir):
    """`make train` is deterministic: the same data and seed give byte-identical models."""
    pytest.importorskip("sklearn")
    from dateline.learn.train import main

    assert main(["--out", str(tmp_path)]) == 0
    for f in sorted(MODELS.glob("*.json")):
        shipped = json.loads(f.read_text())
        rebuilt = json.loads((tmp_path / f.name).read_text())
        assert rebuilt == shipped, f"{f.name} differs from a rebuild: run `make train`"
