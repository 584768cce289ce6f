"""The real pipeline on the seed article, scored by SPEC section 4 against its gold file.

Fails when any article check, entity, place or date regresses, or when events fall below the
pinned floors (tests/floors.py).
"""

from __future__ import annotations

import pytest

from dateline.evaluate.gold import load_gold, score_file
from dateline.sources.files import read_paths

from ..floors import SEED

SEED_GOLD = "gold/000_b5755a8c383d1ad7.gold.json"


@pytest.fixture(scope="module")
def seed_score(shared_dir, pipeline):
    gold, input_path = load_gold(shared_dir / SEED_GOLD)
    [res] = list(pipeline.run(read_paths([str(input_path)])))
    assert res.ok, res.reason
    return score_file(res.document.to_dict(), gold), res.document


def test_article_checks(seed_score):
    score, _ = seed_score
    failed = [c for c in score.checks if not c.ok]
    assert not failed, failed
    assert len(score.checks) >= 19


def test_entities_all_found_with_country(seed_score):
    m = seed_score[0].mentions["entities"]
    assert m.found == m.total == 10
    assert m.attr_ok == m.attr_total


def test_places_all_found_within_161km(seed_score):
    m = seed_score[0].mentions["places"]
    assert m.found == m.total == 5
    assert m.attr_ok == m.attr_total


def test_dates_all_right(seed_score):
    m = seed_score[0].mentions["dates"]
    assert m.found == m.total == 5
    assert m.attr_ok == 5


def test_events_floor(seed_score):
    e = seed_score[0].events
    assert e.f1 >= SEED["events_f1"], e.to_dict()
    for key in ("date_acc", "location_acc", "modality_acc"):
        acc = getattr(e, key)
        assert acc is not None and acc >= SEED[key], e.to_dict()


def test_every_event_traceable(seed_score):
    doc = seed_score[1]
    texts = {"title": doc.article.title, "subtitle": doc.article.subtitle, "body": doc.article.body}
    assert doc.events
    for ev in doc.events:
        for m in [ev.evidence, *ev.mentions]:
            assert texts[m.field][m.start:m.end] == m.sentence
        assert ev.id and 0.0 <= ev.confidence <= 1.0
        assert ev.cameo
