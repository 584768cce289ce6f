"""Quality floors of the dates, geocoding and NER components on the shared corpora.

Each floor (tests/floors.py) is a measured number rounded down slightly (see docs/quality.md,
"Dates / Geocoding / NER"); a drop below it is a regression. Skips when ../shared or the spaCy model
is absent. Every test runs in well under 20 s on a 2-core machine (fixed subsets where the
full corpus would take longer).
"""

from __future__ import annotations

import pytest

from dateline.evaluate import geo_eval as G
from dateline.evaluate import ner_eval as N
from dateline.evaluate import timex_eval as T

from ..floors import GEO, GEO_END_TO_END_LGL25, GEO_HALF_SLACK, RE3D, TEMPEVAL3_TRAIN
from ..skips import missing_skips


@pytest.fixture(scope="module")
def data(shared_dir):
    return shared_dir / "data"


@pytest.fixture(scope="module")
def gaz():
    from dateline.config import PipelineConfig
    from dateline.pipeline import Resources
    from dateline.stages.places import gazetteer

    return gazetteer(Resources(PipelineConfig()))


def _stages(kinds):
    from dateline.evaluate.cli_evaluate import stage_chain

    with missing_skips("spaCy model"):
        return stage_chain(kinds)[0]


# -- dates ------------------------------------------------------------------------------------


def _dateline_timeml(doc: T.TimeMLDoc) -> list[T.Timex]:
    """dateline's finder with values in TimeML form via ``timex.timeml_value`` (quarters as
    "1989-Q3", seasons as "1998-FA"), whatever the evaluation module's own conversion does."""
    from dateline.dates.timex import find_dates, timeml_value

    return [T.Timex(m.start, m.end, m.text, "DATE", timeml_value(m.value, m.granularity))
            for m in find_dates(doc.text, doc.dct, "body")]


def test_timex_tempeval3_training_floors(data):
    docs = T.read_dir(data / "tempeval3" / "Training")
    assert len(docs) >= 250
    d = T.score_system(docs, _dateline_timeml).to_dict()
    assert d["gold"] == 1534
    for key, floor in TEMPEVAL3_TRAIN.items():
        assert d[key] >= floor, (key, d[key])
    assert d["seconds"] < 10  # 256 documents must run in well under 60 s


def test_timex_beats_dateparser_on_subset(data):
    docs = T.read_dir(data / "tempeval3" / "Training", limit=60)
    ours = T.score_system(docs, _dateline_timeml).to_dict()
    theirs = T.score_system(docs, T.make_dateparser_system()).to_dict()
    assert ours["value_f1"] > theirs["value_f1"] + 0.2
    assert ours["relaxed_p"] > theirs["relaxed_p"]


# -- geocoding --------------------------------------------------------------------------------

@pytest.mark.parametrize("corpus", sorted(GEO))
def test_geo_resolution_floors(data, gaz, corpus):
    floor, auc_ceiling = GEO[corpus]
    rep = G.evaluate_geo(data / "geoparsing" / corpus, gaz)
    d, b = rep["dateline"], rep["most_populous"]
    assert d["acc161"] >= floor
    assert d["auc"] <= auc_ceiling
    assert d["acc161"] > b["acc161"] and d["auc"] < b["auc"]  # context beats population
    assert rep["dateline_suggested"]["acc161"] >= d["acc161"]
    # the held-out half (never looked at while developing) stays close to the whole
    assert min(rep["dateline_halves"]) >= floor - GEO_HALF_SLACK


def test_geo_end_to_end_subset(data, gaz):
    process = _stages(("nlp", "entities", "places"))
    rep = G.evaluate_geo(data / "geoparsing" / "Corpora" / "lgl.xml", gaz, limit=25,
                         process=process)
    e = rep["end_to_end"]
    assert e["gold"] == 323
    for key, floor in GEO_END_TO_END_LGL25.items():
        assert e[key] >= floor, (key, e[key])


# -- NER --------------------------------------------------------------------------------------


def test_ner_re3d_beats_spacy(data):
    docs = N.read_re3d(data / "re3d")
    assert len(docs) >= 90
    docs = [d for d in docs if d.source in ("BBC_Online", "CENTCOM", "UK_Government",
                                            "US_State_Department")]
    rep = N.evaluate_ner(docs, _stages(("nlp", "entities")))
    ours, theirs = rep["dateline"], rep["spacy"]
    for t in ("Person", "Organisation", "Location", "micro"):
        assert ours[t]["f1"] > theirs[t]["f1"], t
    assert ours["micro"]["f1"] >= RE3D["micro_f1"]
    assert rep["dateline_named"]["micro"]["f1"] >= RE3D["named_micro_f1"]
