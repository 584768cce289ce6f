"""A ``kill -9`` between storing an article and merging it (separate transactions) must not
leave the article unmerged for good: the rerun meets it as a duplicate and finishes the merge
(:func:`dateline.merge.service.finish_merge` from ``engine.storing.store_result``), so the
database ends as an uninterrupted run's. Found by tests/golden/test_kill_repeated.py."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest

from dateline.engine.storing import store_result
from dateline.merge.service import Merger, MergeState, finish_merge
from dateline.model import Article, Document
from dateline.pipeline import Result
from dateline.store import open_store

from .helpers import corpus


def _merge_state(path: Path) -> dict:
    store = open_store(path, read_only=True)
    try:
        con = store.con
        q = lambda sql: sorted(tuple(r) for r in con.execute(sql).fetchall())  # noqa: E731
        return {
            "links": q("SELECT event_id, merged_event_id, score FROM event_links"),
            "merged": q("SELECT id, num_mentions, num_articles, num_sources FROM merged_events"),
            "minhash": q("SELECT article_id, similarity FROM article_minhash"),
            "dups": q("SELECT id, duplicate_of FROM articles"),
            "stories": q("SELECT article_id FROM story_articles"),
        }
    finally:
        store.close()


def _skipped(doc: Document) -> Result:
    """What the pipeline gives for an article already stored: the cleaned article only."""
    art: Article = doc.article  # type: ignore[assignment]
    return Result(art.origin, document=Document(article=art), skipped=True)


def _ingest(store, docs: list[Document], stored: int = 0) -> Counter:
    stats: Counter = Counter()
    state = MergeState()  # one per ingest (one process)
    for i, doc in enumerate(docs):
        res = _skipped(doc) if i < stored else Result(doc.article.origin, document=doc)
        store_result(store, res, stats, [], merge=state)
    return stats


@pytest.mark.parametrize("killed_after", ["add_document", "minhash"])
def test_rerun_finishes_the_merge_of_an_article_killed_before_it(tmp_path, killed_after):
    docs = corpus()
    fresh = tmp_path / "fresh.duckdb"
    store = open_store(fresh)
    _ingest(store, copy.deepcopy(docs))
    store.close()

    killed = tmp_path / "killed.duckdb"
    store = open_store(killed)
    first = copy.deepcopy(docs)
    _ingest(store, first[:3])
    assert store.add_document(first[3])  # ... and the process dies before merging it
    if killed_after == "minhash":  # or between the signature and the merged events
        Merger(store).dedup(first[3].article.id)
    store.close()
    part = _merge_state(killed)
    assert len(part["links"]) < len(_merge_state(fresh)["links"])

    store = open_store(killed)  # the rerun: a new process, same inputs
    stats = _ingest(store, copy.deepcopy(docs), stored=4)
    store.close()
    assert stats["duplicate"] == 4 and stats["stored"] == 1
    assert _merge_state(killed) == _merge_state(fresh)


def test_finish_merge_is_a_no_op_for_a_merged_article(tmp_path):
    store = open_store(tmp_path / "db.duckdb")
    docs = corpus()
    _ingest(store, docs)
    before = _merge_state_open(store)
    assert not any(finish_merge(store, d.article.id) for d in docs)
    assert _merge_state_open(store) == before
    store.close()


def _merge_state_open(store) -> list:
    return sorted(store.con.execute(
        "SELECT event_id, merged_event_id, score FROM event_links").fetchall())
