"""Golden: every gold entity of the seed article found with the right country and sector.

Runs the real spaCy model through the nlp and entities stages on the seed's title, subtitle and
body (the body cut out of the scraped page here, so that this test does not depend on the clean
stage), and once more through the full default pipeline when it runs.
"""

from __future__ import annotations

import json
import re

import pytest

from .seed_layout import build_stages, cut_seed_article

SEED = "000_b5755a8c383d1ad7"


def _norm(text: str) -> str:
    t = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"^(the|a|an|on|in|at|of|for|to|by|from)\s+", "", t.strip())
    t = re.sub(r"'s$", "", t)
    return " ".join(t.split()).rstrip(".,;:!?")


def entity_recall(gold: list[dict], entities: list) -> tuple[int, list[str]]:
    """Gold entities found (same text or name) with the right country and sector."""
    found, missed = 0, []
    for g in gold:
        hits = [e for e in entities if _norm(g["text"]) in (_norm(e["text"]), _norm(e.get("name") or ""))]
        ok = any(e.get("country") == g.get("country") and (not g.get("sector") or e.get("sector") == g["sector"])
                 for e in hits)
        found += ok
        if not ok:
            missed.append(f"{g['text']}: {[(e.get('country'), e.get('sector')) for e in hits]}")
    return found, missed


@pytest.fixture(scope="module")
def gold(shared_dir):
    return json.loads((shared_dir / "gold" / f"{SEED}.gold.json").read_text(encoding="utf-8"))


def test_seed_entities_nlp_and_entities_stages(shared_dir, gold):
    from dateline.model import Document

    art = cut_seed_article(shared_dir)
    doc = build_stages("nlp", "entities")(Document(article=art))
    for e in doc.entities:
        assert art.text(e.field)[e.start:e.end] == e.text
    body = [dict(text=e.text, name=e.name, country=e.country, sector=e.sector)
            for e in doc.entities if e.field == "body"]
    found, missed = entity_recall(gold["entities"], body)
    assert found == len(gold["entities"]), missed
    # short references resolve to the full person, also in the subtitle
    sub = {e.text: e for e in doc.entities if e.field == "subtitle"}
    assert sub["Putin"].name == "Vladimir Putin" and sub["Xi"].country == "CHN"
    assert sub["Kim"].wikidata == "Q56226"


def test_seed_entities_full_pipeline(shared_dir, gold, pipeline):
    from dateline.model import RawInput

    path = shared_dir / "seed" / f"{SEED}.txt"
    result = next(pipeline.run([RawInput(str(path), "text", path.read_text(encoding="utf-8"))]))
    assert result.ok, result.reason
    out = result.document.to_dict()
    found, missed = entity_recall(gold["entities"], out["entities"])
    assert found == len(gold["entities"]), missed
