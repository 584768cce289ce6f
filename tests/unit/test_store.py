"""DuckDB store: round trip, duplicates, filters, rejects, schema version (no model)."""

from __future__ import annotations

import duckdb
import pytest

from dateline.errors import StoreError
from dateline.model import (Actor, Article, DateMention, Document, EntityMention, Event, Evidence,
                            Location, PlaceMention)
from dateline.store import SCHEMA_VERSION, open_store


def make_doc(body: str = "Kim met Putin in Moscow on Monday.", title: str = "Summit") -> Document:
    art = Article(id=Article.make_id(body, title), origin="t.txt", body=body, title=title,
                  published="2025-09-02")
    kim = Actor("Kim", "Kim Jong-un", "PRK", "GOV", "Q56226")
    putin = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
    ev = Event("CONSULT", [kim, putin], Evidence("body", body, 0, len(body)), mode="third-party",
               date="2025-09-01", date_text="Monday", cameo="040",
               location=Location("Moscow", "Moscow", 524901, 55.75, 37.61, "RUS", "city"),
               confidence=0.8)
    ev2 = Event("ACCUSE", [putin], Evidence("body", body, 0, len(body)), recipient=[kim],
                modality="hypothetical", date="2024", confidence=0.3)
    return Document(
        article=art,
        entities=[EntityMention("Kim", "PERSON", 0, 3, "Kim Jong-un", "PRK", "GOV")],
        places=[PlaceMention("Moscow", 17, 23, "Moscow", 524901, 55.75, 37.61, "RUS", "city")],
        dates=[DateMention("Monday", 27, 33, "2025-09-01", "day")],
        events=[ev, ev2])


def test_round_trip_and_duplicate(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    doc = make_doc()
    assert store.add_document(doc) is True
    assert store.add_document(make_doc()) is False  # same content hash -> stored once
    assert store.counts() == {"articles": 1, "mentions": 3, "events": 2, "rejects": 0}
    got = store.article(doc.article.id[:6])
    assert got["article"]["title"] == "Summit"
    assert {m["kind"] for m in got["mentions"]} == {"entity", "place", "date"}
    assert got["events"][0]["actor"][0]["name"] == "Kim Jong-un"
    store.close()


def test_filters(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(make_doc())
    assert [e["event"] for e in store.events(type="consult")] == ["CONSULT"]
    assert len(store.events(actor="putin")) == 2
    assert len(store.events(actor="nobody")) == 0
    assert len(store.events(country="prk")) == 2
    assert [e["event"] for e in store.events(since="2025-01-01")] == ["CONSULT"]
    assert [e["event"] for e in store.events(until="2024-12-31")] == ["ACCUSE"]
    assert [e["event"] for e in store.events(modality="hypothetical")] == ["ACCUSE"]
    assert [e["event"] for e in store.events(min_confidence=0.5)] == ["CONSULT"]
    assert len(store.events(limit=1)) == 1
    # injection strings are bound parameters, not SQL
    assert store.events(actor="' OR 1=1 --") == []
    assert store.events(type="CONSULT'; DROP TABLE events; --") == []
    assert store.counts()["events"] == 2
    store.close()


def test_rejects_kept(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_reject("bad.bin", "binary", "NUL bytes")
    assert store.rejects()[0]["reason"] == "binary"
    store.close()


def test_schema_version_and_newer_refused(tmp_path):
    path = tmp_path / "d.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    assert con.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
    con.execute("UPDATE meta SET value = '999'")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_missing_db_read_only(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "none.duckdb", read_only=True)


def test_conflicting_open_is_a_clear_store_error(tmp_path):
    path = tmp_path / "d.duckdb"
    writer = open_store(path)
    try:
        with pytest.raises(StoreError, match="another dateline process"):
            open_store(path, read_only=True, wait=0.3)
    finally:
        writer.close()
    open_store(path, read_only=True, wait=0.3).close()  # free again once the writer is gone
