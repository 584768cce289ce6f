"""Storing a group of articles at once (one transaction, one INSERT per table) gives the
database that storing them one by one gives; a failed group leaves nothing behind."""

from __future__ import annotations

from collections import Counter

import pytest

from dateline.engine.storing import store_result, store_results
from dateline.merge.service import MergeState
from dateline.pipeline import Result
from dateline.store import _insert_many, open_store

from .helpers import corpus

TABLES = {"articles": "* EXCLUDE (ingested_at)", "mentions": "*", "events": "*",
          "event_actors": "*", "merged_events": "*", "event_links": "*",
          "article_minhash": "*", "stories": "* EXCLUDE (updated_at)", "story_articles": "*"}


def dump(store) -> dict[str, list[str]]:
    return {t: sorted(map(repr, store.con.execute(f"SELECT {cols} FROM {t}").fetchall()))
            for t, cols in TABLES.items()}


def results() -> list[Result]:
    docs = corpus()
    docs.append(corpus()[2])  # the same article again: a duplicate inside the group
    return [Result(d.article.origin, document=d) for d in docs]


def test_a_group_stores_what_one_by_one_stores(tmp_path):
    one = open_store(tmp_path / "one.duckdb")
    s1: Counter = Counter()
    state = MergeState()  # one per ingest, as the engines make it
    for res in results():
        store_result(one, res, s1, [], merge=state)
    group = open_store(tmp_path / "group.duckdb")
    s2: Counter = Counter()
    store_results(group, results(), s2, [], merge=MergeState())
    assert s1 == s2 and s2["stored"] == 5 and s2["duplicate"] == 1
    a, b = dump(one), dump(group)
    assert a["stories"] and a["merged_events"] and a["article_minhash"]  # something to compare
    for table in TABLES:
        assert a[table] == b[table], table
    one.close()
    group.close()


def test_a_failing_group_leaves_nothing_and_the_store_usable(tmp_path, monkeypatch):
    from dateline.merge.service import Merger

    store = open_store(tmp_path / "f.duckdb", sessions=True)  # ids known in memory too
    docs = corpus()
    state = MergeState()

    def broken(self, ids, bodies=None):
        raise RuntimeError("merge failed")

    with monkeypatch.context() as m:
        m.setattr(Merger, "merge_articles", broken)  # fails after the articles are written
        with pytest.raises(RuntimeError, match="merge failed"):
            store_results(store, [Result(d.article.origin, document=d) for d in docs[:3]],
                          Counter(), [], merge=state)
    assert store.counts()["articles"] == 0  # rolled back with the merge
    assert not store.has_article(docs[0].article.id)  # and forgotten in memory
    stats: Counter = Counter()
    store_results(store, [Result(d.article.origin, document=d) for d in docs], stats, [],
                  merge=state)
    assert stats["stored"] == 5 and store.counts()["articles"] == 5
    assert store.merge_counts()["linked"] == 5
    store.close()


def test_nested_transactions_join_the_outer_one(tmp_path):
    store = open_store(tmp_path / "t.duckdb")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_reject("a", "r")
            with store.transaction():  # joins: no COMMIT of its own
                store.add_reject("b", "r")
            raise RuntimeError("boom")
    assert store.counts()["rejects"] == 0
    with store.transaction():
        with store.transaction():
            store.add_reject("c", "r")
    assert store.counts()["rejects"] == 1
    store.close()


@pytest.mark.parametrize("n", [1, 4, 5, 300])
def test_insert_many_keeps_values_and_nulls(tmp_path, n):
    store = open_store(tmp_path / "i.duckdb")
    rows = [[f"a{i}", f"t{i}" if i % 2 else None, i / 3 if i % 3 else None, i]
            for i in range(n)]  # a few rows bind values, more bind a list per column
    _insert_many(store.con, "mentions", ["article_id", "text", "lat", "start"], rows, {})
    got = store.con.execute("SELECT article_id, text, lat, start FROM mentions").fetchall()
    assert sorted(got) == sorted(tuple(r) for r in rows)
    store.close()
