"""Actor merges (store.actor_merges, `dateline actors merge | merges | unmerge`): stored,
applied to stored events at once and to later ingests, undone. No spaCy model."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import StoreError
from dateline.model import Actor, Article, Document, Event, Evidence
from dateline.store import open_store
from dateline.web import queries as Q


def doc(body: str, *parties: Actor, recipient: Actor | None = None) -> Document:
    art = Article(id=Article.make_id(body, "t"), origin="t.txt", body=body, title="t",
                  published="2023-08-24")
    ev = Event("ACCUSE", list(parties), Evidence("body", body, 0, len(body)),
               recipient=[recipient] if recipient else [], date="2023-08-23")
    return Document(article=art, events=[ev])


HALEY = Actor("Nikki Haley", "Nikki Haley", "USA", "OPP")
SURNAME = Actor("Haley", "Haley", None, "GOV")
TRUMP = Actor("Trump", "Donald Trump", "USA", None, "Q22686")


def _names(store) -> list[tuple]:
    return sorted(store.con.execute(
        "SELECT coalesce(name, text), country, sector FROM event_actors").fetchall(),
        key=lambda r: tuple(str(x) for x in r))


def _event_parties(store) -> list[str]:
    rows = store.con.execute("SELECT actor, recipient FROM events ORDER BY id").fetchall()
    import json
    return sorted(a["name"] or a["text"] for r in rows for v in r for a in json.loads(v))


def test_merge_applies_to_stored_and_new_events_and_unmerge_restores(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(doc("Haley attacked Trump.", HALEY, recipient=TRUMP))
    store.add_document(doc("Haley spoke.", SURNAME))
    before = _names(store)
    m = store.merge_actors("Nikki Haley", "haley")  # B in any case
    assert (m["name"], m["country"], m["rows"]) == ("Nikki Haley", "USA", 1)
    # the event keeps its own sector; name and country are A's
    assert ("Nikki Haley", "USA", "GOV") in _names(store)
    assert ("Haley", None, "GOV") not in _names(store)
    assert _event_parties(store) == ["Donald Trump", "Nikki Haley", "Nikki Haley"]
    # the actor page of A shows B's event; B's page (found by the text) is A's now
    assert Q.actor_events(store.con, "Nikki Haley")["total"] == 2
    assert Q.actor_events(store.con, "Haley")["actor"]["name"] == "Nikki Haley"
    rows, _n = Q.actors(store.con)
    haley = [r for r in rows if r["name"] != "Donald Trump"]
    assert [(r["id"], r["name"], r["events"]) for r in haley] == [
        ("nikki-haley@USA", "Nikki Haley", 2)]  # one actor; its sectors per event
    assert haley[0]["sectors"] == [{"sector": "GOV", "events": 1},
                                   {"sector": "OPP", "events": 1}]
    # a later ingest: B's events carry A at once
    store.add_document(doc("Haley left.", Actor("Haley", None, None, None)))
    assert ("Nikki Haley", "USA", "OPP") in _names(store)  # no sector: A's
    assert store.actor_merges()[0]["rows"] == 2
    # undo: every row is back as it was, including the one merged at ingest
    out = store.unmerge_actor("Haley")
    assert out["rows"] == 2
    assert _names(store) == sorted(before + [("Haley", None, None)],
                                   key=lambda r: tuple(str(x) for x in r))
    assert _event_parties(store) == ["Donald Trump", "Haley", "Haley", "Nikki Haley"]
    assert store.actor_merges() == []
    store.close()


def test_merge_refusals(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(doc("Haley attacked Trump.", HALEY, recipient=TRUMP))
    with pytest.raises(StoreError, match="no stored actor"):
        store.merge_actors("Nobody", "Haley")
    with pytest.raises(StoreError, match="into itself"):
        store.merge_actors("Nikki Haley", "nikki haley")
    store.merge_actors("Donald Trump", "Trump Jr")  # B need not be stored yet
    with pytest.raises(StoreError, match="already merged"):
        store.merge_actors("Nikki Haley", "Trump Jr")
    with pytest.raises(StoreError, match="merged into"):
        store.merge_actors("Trump Jr", "Haley")
    with pytest.raises(StoreError, match="unmerge them first"):
        store.merge_actors("Nikki Haley", "Donald Trump")
    with pytest.raises(StoreError, match="not merged"):
        store.unmerge_actor("Haley")
    store.close()


def test_cli_merge_list_unmerge(tmp_path):
    db = str(tmp_path / "d.duckdb")
    store = open_store(db)
    store.add_document(doc("Haley attacked Trump.", HALEY, recipient=TRUMP))
    store.add_document(doc("Haley spoke.", SURNAME))
    store.close()
    run = CliRunner()
    r = run.invoke(app, ["actors", "merges", "--db", db])
    assert r.exit_code == 1
    r = run.invoke(app, ["actors", "merge", "Nikki Haley", "Haley", "--db", db])
    assert r.exit_code == 0 and "Haley -> Nikki Haley (USA): 1 actor rows" in r.output
    r = run.invoke(app, ["actors", "merges", "--db", db])
    assert r.exit_code == 0 and r.output.startswith("Haley -> Nikki Haley (USA) 1 rows")
    r = run.invoke(app, ["actors", "merge", "Nobody", "Haley", "--db", db])
    assert r.exit_code == 2 and "no stored actor named 'Nobody'" in r.output
    r = run.invoke(app, ["actors", "list", "--q", "haley", "--db", db])
    assert r.exit_code == 0 and r.output.splitlines() == [
        "2\tNikki Haley\tUSA\tGOV 1, OPP 1\t-\tnikki-haley@USA"]
    r = run.invoke(app, ["actors", "unmerge", "Haley", "--db", db])
    assert r.exit_code == 0 and "1 actor rows restored" in r.output
    r = run.invoke(app, ["actors", "unmerge", "Haley", "--db", db])
    assert r.exit_code == 2 and "not merged" in r.output
