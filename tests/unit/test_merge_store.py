"""Merging against DuckDB: migration 2, incremental merge = rebuild, wire copies, itinerary, CLI."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from dateline.cli_merge import register
from dateline.merge import merge_article, rebuild
from dateline.merge.service import MergeState
from dateline.merge.itinerary import trips
from dateline.query import EventFilter, article, events
from dateline.store import SCHEMA_VERSION, open_store

from .helpers import BEIJING, XI, corpus, visit

from .olddb import database_at_version

def _old_database_with_one_event(path, version: int):
    con = database_at_version(path, version)
    con.execute("INSERT INTO articles (id, origin, body, title) VALUES ('a1', 'x.txt', 'b', 't')")
    con.execute("INSERT INTO events (id, article_id, event, actor, recipient, date) VALUES "
                "('e1', 'a1', 'CONSULT', '[]', '[]', '2025-09-01')")
    con.close()
    return open_store(path)


def test_migration_2_upgrades_a_version_1_database(tmp_path):
    store = _old_database_with_one_event(tmp_path / "old.duckdb", 1)
    assert store.version == SCHEMA_VERSION == 6
    assert store.counts()["articles"] == 1 and store.counts()["events"] == 1
    assert article(store.con, "a1")["article"]["duplicate_of"] is None
    stats = rebuild(store)
    assert stats == {"mentions": 1, "merged_events": 1, "duplicates": 0}
    # new articles still insert (explicit column list survives the added column)
    assert store.add_document(corpus()[0])
    store.close()


def test_migration_3_upgrades_a_version_2_database_keeping_its_data(tmp_path):
    path = tmp_path / "v2.duckdb"
    con = database_at_version(path, 2)
    con.execute("INSERT INTO articles (id, origin, body, title, published, duplicate_of) "
                "VALUES ('a1', 'x.txt', 'b', 't', '2025-09-01', NULL), "
                "('a2', 'y.txt', 'b2', 't2', '2025-09-01', 'a1')")
    con.execute("INSERT INTO merged_events (id, type, num_mentions) VALUES ('m1', 'CONSULT', 1)")
    con.execute("INSERT INTO event_links VALUES ('m1', 'e1', 0.9)")
    con.close()
    store = open_store(path)
    assert store.version == SCHEMA_VERSION == 6
    assert store.counts()["articles"] == 2
    assert article(store.con, "a2")["article"]["duplicate_of"] == "a1"
    assert store.merge_counts()["merged_events"] == 1 and store.merge_counts()["linked"] == 1
    assert store.con.execute("SELECT count(*) FROM stories").fetchone()[0] == 0
    assert store.con.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 0
    store.close()
    # reopening applies nothing twice
    store = open_store(path)
    assert store.version == SCHEMA_VERSION and store.counts()["articles"] == 2
    store.close()


def test_migration_4_adds_what_decided_each_event(tmp_path):
    store = _old_database_with_one_event(tmp_path / "v3.duckdb", 3)
    assert store.version == SCHEMA_VERSION
    old = events(store.con, EventFilter(), limit=None)[0]
    assert len(old) == 1 and old[0]["decided"] is None  # an old event: nothing recorded
    doc = corpus()[0]
    doc.events[0].decided = {"coder": "rules", "rule": "dyadic", "trigger": "meet"}
    assert store.add_document(doc)
    stored = [e for e in events(store.con, EventFilter(), limit=None)[0] if e["id"] == doc.events[0].id]
    assert stored and stored[0]["decided"] == {"coder": "rules", "rule": "dyadic", "trigger": "meet"}
    store.close()


def test_incremental_merge_equals_rebuild_and_flags_wire_copy(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    state = MergeState()  # kept from one article to the next, as by an ingest
    for doc in corpus():
        assert store.add_document(doc)
        merge_article(store, doc.article.id, state=state)
    counts = store.merge_counts()
    assert counts == {"events": 5, "merged_events": 3, "linked": 5, "duplicates": 1}
    beijing = [e for e in store.merged_events(type="consult") if e["date"] == "2025-09-02"][0]
    assert beijing["num_sources"] == 3  # Wire, paperb.example (URL host), Paper C
    assert beijing["num_articles"] == 2  # the copy counts once
    assert beijing["date_end"] == "2025-09-03"
    assert len(beijing["event_ids"]) == 3
    before = {frozenset(e["event_ids"]) for e in store.merged_events()}
    rebuild(store)
    assert {frozenset(e["event_ids"]) for e in store.merged_events()} == before
    assert store.merge_counts()["duplicates"] == 1
    store.close()
    # a new process continues incrementally from what is stored
    store = open_store(tmp_path / "d.duckdb")
    late = visit("Kim Jong-un left Beijing on Thursday after his visit.", "Kim leaves",
                 "2025-09-04", "2025-09-04", XI, BEIJING, "Paper D")
    store.add_document(late)
    touched = merge_article(store, late.article.id)
    assert touched == [beijing["id"]]
    assert store.merge_counts()["merged_events"] == 3
    store.close()


def test_itinerary_facts_come_from_the_database(tmp_path, countries):
    store = open_store(tmp_path / "d.duckdb")
    for doc in corpus():
        store.add_document(doc)
    rebuild(store)
    got = trips(store, "kim jong un", countries)
    assert [(t["destination"], t["date"]) for t in got] == [
        ("RUS", "2019-04-22"), ("CHN", "2019-06-18"), ("CHN", "2025-09-02")]
    assert got[2]["facts"] == ("first visit to China since 2019 in this database; "
                               "3rd trip abroad overall")
    assert trips(store, "Q56226") == trips(store, "Kim Jong-un")
    assert trips(store, "Xi Jinping") == []
    store.close()


def test_cli_merge_and_itinerary(tmp_path):
    db = str(tmp_path / "d.duckdb")
    store = open_store(db)
    for doc in corpus():
        store.add_document(doc)
    store.close()
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(app, ["merge", "--db", db])
    assert res.exit_code == 0, res.output
    assert "5 reports -> 3 merged events" in res.output
    res = runner.invoke(app, ["itinerary", "Kim Jong-un", "--db", db])
    assert res.exit_code == 0, res.output
    assert res.output.count("\n") == 3 and "since 2019" in res.output
    res = runner.invoke(app, ["itinerary", "Nobody", "--db", db])
    assert res.exit_code == 1


def test_events_merged_lists_merged_events_with_their_counts(tmp_path):
    """`dateline events --merged`: one row per happening, with how many reports, articles and
    sources tell it; filters it cannot answer are refused."""
    import json

    from dateline.cli_query import register as register_query

    db = str(tmp_path / "d.duckdb")
    store = open_store(db)
    state = MergeState()
    for doc in corpus():
        store.add_document(doc)
        merge_article(store, doc.article.id, state=state)
    store.close()
    app = typer.Typer()
    register(app)
    register_query(app)
    runner = CliRunner()
    res = runner.invoke(app, ["events", "--merged", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert len(rows) == 3 and [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    beijing = [r for r in rows if r["date"] == "2025-09-02"][0]
    assert len(beijing["event_ids"]) == 3 and beijing["num_sources"] == 3
    assert beijing["num_articles"] == 2  # the wire copy counts once as evidence
    res = runner.invoke(app, ["events", "--merged", "--db", db, "--party", "putin",
                              "--format", "csv"])
    assert res.exit_code == 0 and res.output.count("\n") == 2  # header + the Moscow visit
    res = runner.invoke(app, ["events", "--merged", "--db", db, "--party", "%"])
    assert res.exit_code == 0 and "0 merged events" in res.output  # % is a character, not "any"
    res = runner.invoke(app, ["events", "--merged", "--db", db, "--since", "2025"])
    assert res.exit_code == 2 and "--since: not available with --merged" in res.output
