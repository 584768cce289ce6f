"""Canonical actor ids (refdata.actor_ids, store.actor_resolve): the name key, one actor per
party across the database (sector per event, a surname joined while unique), merges on ids,
migration 6. Documents and events are built by hand; no spaCy model."""

from __future__ import annotations

import json
import logging

import pytest

from dateline.errors import StoreError
from dateline.model import Actor, Article, Document, EntityMention, Event, Evidence
from dateline.refdata.actor_ids import NameRules, actor_id, load_name_rules
from dateline.store import MIGRATIONS, open_store
from dateline.store.actor_resolve import join_ids
from dateline.web import queries as Q

from .olddb import database_at_version

RULES = NameRules(honorifics=frozenset({"mr", "dr", "sheikh"}),
                  titles=frozenset({"president", "sen", "former", "general"}),
                  suffixes=frozenset({"jr"}))


@pytest.mark.parametrize("name,person,key", [
    ("Donald J. Trump", True, "donald trump"),         # middle initial
    ("DONALD TRUMP", True, "donald trump"),            # case
    ("José  Martí", True, "jose marti"),               # diacritics, spaces
    ("President Biden", True, "biden"),                # leading title
    ("Former President Biden", True, "biden"),
    ("Sen. Elizabeth Warren", True, "elizabeth warren"),
    ("Mr. Trump's", True, "trump"),                    # honorific, possessive
    ("George H. W. Bush", True, "george bush"),
    ("the U.S. Army", False, "us army"),               # dotted initials are one word
    ("General Motors", False, "general motors"),       # an organisation keeps its first word
    ("President", True, "president"),                  # a title alone stays
])
def test_name_key(name, person, key):
    assert RULES.key(name, person) == key


def test_ids_and_surnames():
    assert actor_id("donald trump", "USA", "Q22686") == "Q22686"
    assert actor_id("nikki haley", "USA", None) == "nikki-haley@USA"
    assert actor_id("police", None, None) == "police"
    assert RULES.surname("donald trump jr") == "trump" and RULES.surname("haley") is None
    # the package's tables: "Sen." is a title, "Mr" an honorific, "Jr" a suffix
    rules = load_name_rules()
    assert rules.key("Sen. Mr. Chuck E. Schumer Jr.") == "chuck schumer jr"
    assert rules.surname("chuck schumer jr") == "schumer"


# -- one actor per party across the database ----------------------------------------------
def doc(body: str, *parties: Actor, recipient: Actor | None = None,
        persons: tuple[str, ...] = ()) -> Document:
    """One article with one event; ``persons``: names tagged PERSON in the article."""
    art = Article(id=Article.make_id(body, "t"), origin=f"{body[:12]}.txt", body=body,
                  title="t", published="2023-08-24")
    ev = Event("ACCUSE", list(parties), Evidence("body", body, 0, len(body)),
               recipient=[recipient] if recipient else [], date="2023-08-23")
    ents = [EntityMention(p, "PERSON", 0, len(p), name=p) for p in persons]
    return Document(article=art, events=[ev], entities=ents)


def _ids(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for text, aid in store.con.execute("SELECT text, actor_id FROM event_actors").fetchall():
        out.setdefault(text, set()).add(aid)
    return out


def _json_ids(store) -> list[str]:
    rows = store.con.execute("SELECT actor, recipient FROM events").fetchall()
    return sorted(a["id"] for r in rows for v in r for a in json.loads(v))


def test_the_sector_does_not_split_an_actor(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(doc("Biden spoke 1.", Actor("Joe Biden", "Joe Biden", "USA", "GOV")))
    store.add_document(doc("Biden spoke 2.", Actor("Biden", "Joe Biden", "USA", "OPP")))
    store.add_document(doc("Biden spoke 3.", Actor("Biden", "Joe Biden", "USA", None)))
    rows, total = Q.actors(store.con)
    assert total == 1
    assert (rows[0]["id"], rows[0]["name"], rows[0]["events"]) == ("joe-biden@USA", "Joe Biden", 3)
    assert rows[0]["sectors"] == [{"sector": "GOV", "events": 1}, {"sector": "OPP", "events": 1},
                                  {"sector": None, "events": 1}]
    # each event keeps its own sector
    assert sorted(str(r[0]) for r in store.con.execute(
        "SELECT sector FROM event_actors").fetchall()) == ["GOV", "None", "OPP"]
    assert _json_ids(store) == ["joe-biden@USA"] * 3
    store.close()


def test_a_surname_joins_the_one_full_name_whatever_the_order(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    # the short form comes first: joined once the full name is stored
    store.add_document(doc("Haley spoke.", Actor("Haley", "Haley", None, "GOV"),
                           persons=("Haley",)))
    assert _ids(store) == {"Haley": {"haley"}}
    store.add_document(doc("Nikki Haley attacked Trump.", Actor("Nikki Haley", "Nikki Haley",
                                                                "USA", "OPP"),
                           recipient=Actor("Trump", "Donald Trump", "USA", None, "Q22686"),
                           persons=("Nikki Haley", "Donald Trump")))
    store.add_document(doc("Haley, again.", Actor("Haley", "Haley", "USA", None),
                           persons=("Haley",)))
    assert _ids(store) == {"Haley": {"nikki-haley@USA"}, "Nikki Haley": {"nikki-haley@USA"},
                           "Trump": {"Q22686"}}
    assert "nikki-haley@USA" in _json_ids(store) and "haley" not in _json_ids(store)
    rows, _n = Q.actors(store.con, q="haley")
    assert [(r["id"], r["name"], r["country"], r["events"]) for r in rows] == [
        ("nikki-haley@USA", "Nikki Haley", "USA", 3)]
    # the actor page accepts the id and any of its names
    for name in ("nikki-haley@USA", "Haley", "nikki haley"):
        assert Q.actor_events(store.con, name)["total"] == 3
    store.close()


def test_a_surname_of_another_country_or_kind_is_not_joined(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(doc("Nikki Haley spoke.", Actor("Nikki Haley", "Nikki Haley", "USA"),
                           persons=("Nikki Haley",)))
    store.add_document(doc("Haley in China.", Actor("Haley", "Haley", "CHN"),
                           persons=("Haley",)))
    store.add_document(doc("Haley the firm.", Actor("Haley", "Haley", None, "BUS")))
    store.con.execute("UPDATE event_actors SET label = 'ORG' WHERE sector = 'BUS'")
    store.resolve_actor_ids(store.con, None)
    assert sorted(a for ids in _ids(store).values() for a in ids) == [
        "haley", "haley@CHN", "nikki-haley@USA"]
    store.close()


def test_an_ambiguous_surname_stays_apart_and_a_later_one_unjoins(tmp_path, caplog):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(doc("Nikki Haley spoke.", Actor("Nikki Haley", "Nikki Haley", "USA"),
                           persons=("Nikki Haley",)))
    store.add_document(doc("Haley spoke.", Actor("Haley", "Haley", "USA"), persons=("Haley",)))
    assert _ids(store)["Haley"] == {"nikki-haley@USA"}
    # a second full-name person with that surname: the short form is no longer joined, and
    # the ingest says so (the rule: joined while unique)
    with caplog.at_level(logging.WARNING, logger="dateline.store"):
        store.add_document(doc("Bill Haley sang.", Actor("Bill Haley", "Bill Haley", "USA"),
                               persons=("Bill Haley",)))
    assert _ids(store)["Haley"] == {"haley@USA"}
    assert "1 parties of earlier events now belong to another actor" in caplog.text
    assert Q.actors(store.con)[1] == 3
    assert "haley@USA" in _json_ids(store)
    store.close()


def test_a_full_name_without_country_joins_the_one_with_it():
    rows = [("vivek-ramaswamy@USA", "vivek ramaswamy", "PERSON", "USA", None, "Vivek Ramaswamy"),
            ("vivek-ramaswamy", "vivek ramaswamy", "PERSON", None, None, "Vivek Ramaswamy"),
            ("donald-trump@USA", "donald trump", "PERSON", "USA", None, "Donald Trump"),
            ("Q22686", "donald trump", "PERSON", "USA", "Q22686", "Donald Trump"),
            ("congress@USA", "congress", "ORG", "USA", None, "Congress"),
            ("congress@IND", "congress", "ORG", "IND", None, "Congress"),
            ("congress", "congress", "ORG", None, None, "Congress"),
            ("police", "police", "GROUP", None, None, "police"),
            ("police@KEN", "police", "GROUP", "KEN", None, "police")]
    final = join_ids(rows, RULES)
    assert final["vivek-ramaswamy"] == "vivek-ramaswamy@USA"
    assert final["donald-trump@USA"] == "Q22686"           # the one Wikidata id of the name
    assert final["congress"] == "congress"                 # two countries: apart
    assert final["police"] == "police"                     # unnamed bodies are never joined


# -- merges on ids --------------------------------------------------------------------------
def test_merges_act_on_ids(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_document(doc("Congress here.", Actor("Congress", "Congress", "USA", "LEG")))
    store.add_document(doc("Congress there.", Actor("Congress", "Congress", "IND", "OPP")))
    store.add_document(doc("The INC said.", Actor("INC", "INC", "IND", None)))
    with pytest.raises(StoreError, match="2 actors are named 'Congress'.*congress@IND"):
        store.merge_actors("Congress", "INC")
    m = store.merge_actors("congress@IND", "inc@IND")
    assert (m["id"], m["name"], m["country"], m["rows"]) == ("congress@IND", "Congress", "IND", 1)
    assert _ids(store) == {"Congress": {"congress@USA", "congress@IND"}, "INC": {"congress@IND"}}
    assert store.actor_merges()[0]["id"] == "inc@IND"
    assert store.actor_merges()[0]["target"] == "congress@IND"
    # a later ingest of the merged id is merged too; the US Congress is untouched
    store.add_document(doc("The INC again.", Actor("INC", "INC", "IND", None)))
    assert _ids(store)["INC"] == {"congress@IND"}
    assert [(r["id"], r["events"]) for r in Q.actors(store.con)[0]] == [
        ("congress@IND", 3), ("congress@USA", 1)]
    assert store.unmerge_actor("inc@IND")["rows"] == 2
    assert _ids(store)["INC"] == {"inc@IND"}
    assert store.con.execute("SELECT DISTINCT name FROM event_actors WHERE text = 'INC'"
                             ).fetchall() == [("INC",)]
    store.close()


# -- migration 6 ----------------------------------------------------------------------------
def test_migration_6_fills_ids_joins_surnames_and_keeps_merges(tmp_path):
    path = tmp_path / "v5.duckdb"
    con = database_at_version(path, 5)
    con.execute("INSERT INTO articles (id, origin, body, title) VALUES ('a1', 'x', 'b', 't'), "
                "('a2', 'y', 'b2', 't2')")
    con.execute("INSERT INTO mentions (article_id, kind, text, label, name) VALUES "
                "('a1', 'entity', 'Nikki Haley', 'PERSON', 'Nikki Haley'), "
                "('a2', 'entity', 'Haley', 'PERSON', 'Haley')")
    party = {"text": "Haley", "name": "Haley", "country": None, "sector": "GOV",
             "wikidata": None}
    full = {**party, "text": "Nikki Haley", "name": "Nikki Haley", "country": "USA",
            "sector": "OPP"}
    court = {**party, "text": "India's Supreme Court", "name": "India's Supreme Court",
             "country": "IND", "sector": "JUD"}
    con.execute("INSERT INTO events (id, article_id, event, actor, recipient) VALUES "
                "('e1', 'a1', 'ACCUSE', ?, '[]'), ('e2', 'a2', 'ACCUSE', ?, '[]'), "
                "('e3', 'a2', 'ACCUSE', '[]', ?), ('e4', 'a1', 'ACCUSE', ?, '[]')",
                [json.dumps([full]), json.dumps([party]),
                 json.dumps([{**party, "text": "Kim", "name": "Nikki Haley",
                              "country": "USA"}]),
                 json.dumps([court, {**court, "name": "supreme court"}])])
    con.execute("INSERT INTO event_actors VALUES ('e1', 'actor', 'Nikki Haley', 'Nikki Haley', "
                "'USA', 'OPP', NULL), ('e2', 'actor', 'Haley', 'Haley', NULL, 'GOV', NULL), "
                "('e3', 'recipient', 'Kim', 'Nikki Haley', 'USA', 'GOV', NULL), "
                "('e4', 'actor', 'India''s Supreme Court', 'India''s Supreme Court', 'IND', "
                "'JUD', NULL), ('e4', 'actor', 'India''s Supreme Court', 'supreme court', "
                "'IND', 'JUD', NULL)")
    # a v5 merge: "Kim" (by name) into Nikki Haley, with its undo row
    con.execute("INSERT INTO actor_merges VALUES ('kim', 'Kim', 'Nikki Haley', 'USA', 'OPP', "
                "NULL, now())")
    con.execute("INSERT INTO actor_merge_undo VALUES ('kim', 'e3', 'recipient', 'Kim', 'Kim', "
                "NULL, 'GOV', NULL)")
    con.close()
    store = open_store(path)
    assert store.version == max(MIGRATIONS) == 6
    rows = store.con.execute("SELECT event_id, label, name_key, own_id, actor_id FROM "
                             "event_actors WHERE event_id < 'e4' ORDER BY event_id").fetchall()
    assert rows == [("e1", "PERSON", "nikki haley", "nikki-haley@USA", "nikki-haley@USA"),
                    ("e2", "PERSON", "haley", "haley", "nikki-haley@USA"),
                    ("e3", None, "kim", "kim", "nikki-haley@USA")]  # own id: before the merge
    # two parties of one event with one text and two names keep their own ids
    assert _json_ids(store) == ["india-supreme-court@IND"] + ["nikki-haley@USA"] * 3 + [
        "supreme-court@IND"]
    assert store.actor_merges()[0]["target"] == "nikki-haley@USA"
    assert Q.actors(store.con)[1] == 3
    # the merge still acts (by name) and still undoes
    assert store.unmerge_actor("Kim")["rows"] == 1
    assert _ids(store)["Kim"] == {"kim"}
    store.close()
    store = open_store(path)  # reopening migrates nothing twice
    assert store.version == 6 and _ids(store)["Kim"] == {"kim"}
    store.close()


# -- the same id everywhere: network, exports, actor page, CLI ------------------------------
def test_network_exports_and_cli_use_the_actor_id(tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app
    from dateline.export import flat_rows
    from dateline.query import EventFilter, events
    from dateline.stats import count_by
    from dateline.web.aggregates import network

    db = tmp_path / "d.duckdb"
    store = open_store(db)
    xi = Actor("Xi", "Xi Jinping", "CHN", "GOV", "Q15031")
    store.add_document(doc("Nikki Haley met Xi.", Actor("Nikki Haley", "Nikki Haley", "USA",
                                                        "OPP"),
                           recipient=xi, persons=("Nikki Haley",)))
    store.add_document(doc("Haley met Xi.", Actor("Haley", "Haley", "USA", None),
                           recipient=xi, persons=("Haley",)))
    # two names of one party are one node and one edge
    net = network(store.con, EventFilter())
    assert [(n["id"], n["name"], n["events"]) for n in net["nodes"]] == [
        ("nikki-haley@USA", "Nikki Haley", 2), ("Q15031", "Xi Jinping", 2)]
    assert [(e["source_id"], e["target_id"], e["source"], e["events"]) for e in net["edges"]] \
        == [("nikki-haley@USA", "Q15031", "Nikki Haley", 2)]
    # the flat exports carry the ids beside the names as the article gave them
    flat = flat_rows(store.con, events(store.con, EventFilter(), limit=None)[0])
    assert sorted((r["actor"], r["actor_id"], r["recipient_id"]) for r in flat) == [
        ("Haley", "nikki-haley@USA", "Q15031"), ("Nikki Haley", "nikki-haley@USA", "Q15031")]
    # stats by actor count the canonical actor
    assert count_by(store.con, EventFilter(), ("actor",))["rows"] == [
        {"actor": "Nikki Haley", "count": 2}]
    store.close()
    out = CliRunner().invoke(app, ["actors", "list", "--db", str(db)])
    assert out.exit_code == 0 and out.output.splitlines() == [
        "2\tNikki Haley\tUSA\tOPP 1, - 1\t-\tnikki-haley@USA",
        "2\tXi Jinping\tCHN\tGOV 2\tQ15031\tQ15031"]


def test_reading_commands_upgrade_an_older_database_first(tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app
    from dateline.store import upgrade

    path = tmp_path / "v5.duckdb"
    con = database_at_version(path, 5)
    con.execute("INSERT INTO articles (id, origin, body, title) VALUES ('a1', 'x', 'b', 't')")
    con.execute("INSERT INTO events (id, article_id, event, actor, recipient) VALUES "
                "('e1', 'a1', 'ACCUSE', '[]', '[]')")
    con.execute("INSERT INTO event_actors VALUES ('e1', 'actor', 'Kim', 'Kim Jong-un', 'PRK', "
                "'GOV', 'Q56226')")
    con.close()
    assert upgrade(tmp_path / "none.duckdb") is None
    out = CliRunner().invoke(app, ["actors", "list", "--db", str(path)])
    assert out.exit_code == 0 and out.output == "1\tKim Jong-un\tPRK\tGOV 1\tQ56226\tQ56226\n"
    assert upgrade(path) is None  # current now
