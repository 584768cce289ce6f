"""Floors for the events coder on the shared sentence sets (issue 3).

Runs the full default pipeline on every sentence of PLOVER GSR (322 sentences, 16 types) and
of the ConfliBERT train split (1,349 sentences, five quad classes; our development set) and
pins the measured scores, rounded down a little (tests/floors.py). Floors only rise: when the
coder improves, raise them to the new numbers (see docs/events.md for the current table).

These sets are for measuring only: no sentence of them is copied into a lexicon or a test.
"""

from __future__ import annotations

import pytest

from dateline.evaluate import sentences as S

from ..floors import CAMEO_MULTICODER, CONFLIBERT_TRAIN, PLOVER_GSR

#: the floors of each set (tests/floors.py) that are sentence-set metrics
GSR_FLOORS = PLOVER_GSR
CONFLIBERT_FLOORS = {k: v for k, v in CONFLIBERT_TRAIN.items() if k != "class0_f1"}
MULTICODER_FLOORS = CAMEO_MULTICODER

def _metrics(score: S.SentenceScore) -> dict[str, float | None]:
    return {"type_macro_f1": score.types.macro_f1, "type_acc": score.types.accuracy,
            "penta_macro_f1": score.penta.macro_f1, "penta_acc": score.penta.accuracy}


@pytest.fixture(scope="module")
def coder(rules_pipeline):
    """The rules coder: these sets are lone sentences, which is what its lexicon codes; the
    learned coder (the default) decides per page first, and a lone sentence is no news page
    (its five-class figures are reported beside, in the README)."""
    return S.pipeline_coder(rules_pipeline, published="2000-01-01")


def test_plover_gsr_floors(shared_dir, coder):
    path = S.default_paths(shared_dir)["plover_gsr"]
    if not path.exists():
        pytest.skip(f"{path} is absent")
    score = S.evaluate_plover_gsr(path, coder)
    assert score.errors == 0
    assert score.penta.n >= 300
    got = _metrics(score)
    for name, floor in GSR_FLOORS.items():
        assert got[name] is not None and got[name] >= floor, (name, got[name], floor)
    # no class may collapse: every type the set has keeps some F1
    weak = {t: f for t, f in score.types.per_class_f1().items() if f < 0.3}
    assert not weak, weak


def test_conflibert_train_floors(shared_dir, coder):
    path = S.default_paths(shared_dir)["conflibert_train"]
    if not path.exists():
        pytest.skip(f"{path} is absent")
    score = S.evaluate_conflibert(path, coder)
    assert score.errors == 0
    got = _metrics(score)
    for name, floor in CONFLIBERT_FLOORS.items():
        assert got[name] is not None and got[name] >= floor, (name, got[name], floor)
    # precision on "no event" matters: class 0 keeps a floor of its own
    assert score.penta.per_class_f1()["0"] >= CONFLIBERT_TRAIN["class0_f1"]


def test_cameo_multicoder_floors(shared_dir, coder):
    path = S.default_paths(shared_dir)["cameo_multicoder"]
    if not path.exists():
        pytest.skip(f"{path} is absent")
    score = S.evaluate_multicoder(path, coder)
    got = score.metrics()
    assert score.errors == 0
    assert got["n"] == 85 and got["n_event"] == 53
    for name, floor in MULTICODER_FLOORS.items():
        assert got[name] is not None and got[name] >= floor, (name, got[name], floor)
    # the coders' own agreement is a property of the data: it must read as measured
    assert 0.80 <= got["coder_vs_others"] <= 0.85
    assert 0.76 <= got["coder_pairwise"] <= 0.81
