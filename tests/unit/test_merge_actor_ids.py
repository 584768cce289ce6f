"""Cross-article merging by canonical actor id (merge.engine.actor_keys, the store's merged
events, /api/merged-events, gdelt.csv): reports and documents built by hand; no spaCy model."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from dateline.merge import merge_article, rebuild
from dateline.merge.engine import Cluster, MentionRec, MergeIndex, actor_keys
from dateline.merge.service import MergeState
from dateline.model import Actor
from dateline.store import open_store
from dateline.web.app import create_app

from .test_actor_ids import doc

HALEY = {"text": "Haley", "name": "Haley", "country": None, "sector": None,
         "id": "nikki-haley@USA"}
NIKKI = {"text": "Nikki Haley", "name": "Nikki Haley", "country": None, "sector": None,
         "id": "nikki-haley@USA"}


def rep(eid: str, actors: list[dict], **kw) -> MentionRec:
    kw.setdefault("date", "2023-08-23")
    kw.setdefault("date_text", "Wednesday")
    kw.setdefault("published", "2023-08-24")
    return MentionRec(event_id=eid, article_id="a" + eid, type="ACCUSE", actors=actors, **kw)


# -- keys ---------------------------------------------------------------------------------
def test_the_actor_id_is_the_strong_key_and_names_are_the_fallback():
    assert actor_keys(NIKKI) == (frozenset({"id:nikki-haley@USA"}), frozenset())
    no_id = {k: v for k, v in NIKKI.items() if k != "id"}
    assert actor_keys(no_id)[0] == {"n:nikkihaley"}  # no id: names, as before
    with_wd = {"text": "Trump", "name": "Donald Trump", "country": "USA", "sector": None,
               "wikidata": "Q22686", "id": "Q22686"}
    assert actor_keys(with_wd) == (frozenset({"id:Q22686", "wd:Q22686"}),
                                   frozenset({"c:USA:GOV"}))
    # an id joined to a Wikidata actor (rule 2 of store.actor_resolve) is that Wikidata id
    joined = {"text": "Trump", "name": "Trump", "country": None, "id": "Q22686"}
    assert "wd:Q22686" in actor_keys(joined)[0]
    # a pronoun has an own id in the store but identifies nobody
    assert actor_keys({"text": "he", "name": None, "id": "he"}) == (frozenset(), frozenset())


def test_two_names_of_one_actor_id_merge():
    """"Haley" and "Nikki Haley" share no name and no country: only the id joins them."""
    idx = MergeIndex()
    assert idx.add(rep("1", [NIKKI])) == idx.add(rep("2", [HALEY]))
    # without the ids they stay apart, as they did before
    old = MergeIndex()
    strip = [{k: v for k, v in a.items() if k != "id"} for a in (NIKKI, HALEY)]
    assert old.add(rep("1", [strip[0]])) != old.add(rep("2", [strip[1]]))


def test_one_name_of_two_actor_ids_does_not_merge():
    """Two parties the store keeps apart (another country, a user's unmerge) are two, even
    under one name; without ids the name alone merged them."""
    a = {"text": "Ahmed Ali", "name": "Ahmed Ali", "id": "ahmed-ali@EGY"}
    b = {"text": "Ahmed Ali", "name": "Ahmed Ali", "id": "ahmed-ali@PAK"}
    idx = MergeIndex()
    assert idx.add(rep("1", [a])) != idx.add(rep("2", [b]))
    old = MergeIndex()
    strip = [{k: v for k, v in p.items() if k != "id"} for p in (a, b)]
    assert old.add(rep("1", [strip[0]])) == old.add(rep("2", [strip[1]]))


def test_a_report_without_ids_still_meets_one_with_ids_by_wikidata():
    kim = {"text": "Kim", "name": "Kim Jong-un", "country": "PRK", "wikidata": "Q56226",
           "id": "Q56226"}
    bare = {"text": "Kim Jong Un", "name": "Kim Jong Un", "country": "PRK",
            "wikidata": "Q56226"}
    idx = MergeIndex()
    assert idx.add(rep("1", [kim])) == idx.add(rep("2", [bare]))


def test_resolved_parties_carry_their_actor_id():
    c = Cluster("m1", "ACCUSE")
    for i, a in enumerate([NIKKI, HALEY, HALEY]):
        c.add(rep(str(i), [a]))
    c.add(rep("9", [{"text": "Trump", "name": "Trump", "country": "USA"}]))  # no id
    actors = c.resolve()["actors"]
    assert [(a["name"], a["id"], a["reports"]) for a in actors] == [
        ("Haley", "nikki-haley@USA", 3), ("Trump", None, 1)]


# -- in the store, the API and the GDELT export -------------------------------------------
def _haley_docs():
    return {"full": doc("Nikki Haley attacked the plan on Wednesday.",
                        Actor("Nikki Haley", "Nikki Haley", "USA", None),
                        persons=("Nikki Haley",)),
            "short": doc("Haley attacked the plan, again.", Actor("Haley", "Haley", None, None),
                         persons=("Haley",))}


def _haley_db(path, order=("full", "short")):
    store = open_store(path)
    docs = _haley_docs()
    for k in order:
        store.add_document(docs[k])
        merge_article(store, docs[k].article.id)
    return store


def test_merged_events_api_carries_actor_ids_and_joins_name_variants(tmp_path):
    path = tmp_path / "h.duckdb"
    _haley_db(path).close()
    c = TestClient(create_app(path))
    items = c.get("/api/merged-events").json()["items"]
    assert len(items) == 1 and items[0]["num_mentions"] == 2  # "Haley" + "Nikki Haley"
    assert [(a["id"], a["reports"]) for a in items[0]["actors"]] == [("nikki-haley@USA", 2)]
    # the party filter takes the id (exactly) as well as a name
    assert c.get("/api/merged-events?party=nikki-haley@USA").json()["total"] == 1
    assert c.get("/api/merged-events?party=haley").json()["total"] == 1
    assert c.get("/api/merged-events?party=nikki-haley@US").json()["total"] == 0
    rows = list(csv.DictReader(io.StringIO(c.get("/api/export/gdelt.csv").text)))
    assert len(rows) == 1 and rows[0]["NumMentions"] == "2"
    assert rows[0]["dateline_actor1_id"] == "nikki-haley@USA"
    assert rows[0]["dateline_actor2_id"] == ""


def test_a_short_form_stored_first_is_found_by_the_full_name_in_one_ingest(tmp_path):
    """The short form stored first had its own id ("haley") when it was merged; storing the
    full name re-points it to nikki-haley@USA. The ingest's merger (one state for the run)
    brings the placed report up to its new id, so the full name's report joins its merged
    event, as a rebuild does."""
    store = open_store(tmp_path / "s.duckdb")
    state = MergeState()  # kept from one article to the next, as by an ingest
    docs = _haley_docs()
    for k in ("short", "full"):
        store.add_document(docs[k])
        merge_article(store, docs[k].article.id, state=state)
    (m,) = store.merged_events()
    assert len(m["event_ids"]) == 2 and [a["id"] for a in m["actors"]] == ["nikki-haley@USA"]
    before = {frozenset(e["event_ids"]) for e in store.merged_events()}
    assert rebuild(store)["merged_events"] == 1
    assert {frozenset(e["event_ids"]) for e in store.merged_events()} == before
    store.close()


def test_refresh_brings_a_placed_report_to_its_new_id():
    idx = MergeIndex()
    old = dict(HALEY, id="haley")
    cid = idx.add(rep("1", [old]))
    assert idx.refresh(rep("1", [old])) is None  # nothing changed
    assert idx.refresh(rep("9", [HALEY])) is None  # not placed
    assert idx.refresh(rep("1", [HALEY])) == cid
    assert idx.clusters[cid].actor_strong == {"id:nikki-haley@USA": 1}
    assert [a["id"] for a in idx.clusters[cid].members[0].actors] == ["nikki-haley@USA"]
    assert idx.add(rep("2", [NIKKI])) == cid


def test_a_user_merge_of_two_actors_merges_their_events_on_the_next_merge_run(tmp_path):
    store = open_store(tmp_path / "u.duckdb")
    for body, name in (("Nikki Haley attacked the plan on Wednesday.", "Nikki Haley"),
                       ("Nimarata Randhawa attacked the plan.", "Nimarata Randhawa")):
        d = doc(body, Actor(name, name, None, None), persons=(name,))
        store.add_document(d)
        merge_article(store, d.article.id)
    assert len(store.merged_events()) == 2
    store.merge_actors("Nikki Haley", "Nimarata Randhawa")
    assert len(store.merged_events()) == 2  # stored merged events are not re-merged by it
    assert rebuild(store)["merged_events"] == 1
    (m,) = store.merged_events()
    assert [(a["name"], a["id"], a["reports"]) for a in m["actors"]] == [
        ("Nikki Haley", "nikki-haley", 2)]
    store.unmerge_actor("Nimarata Randhawa")
    assert rebuild(store)["merged_events"] == 2
    store.close()


def test_events_merged_prints_actor_ids(tmp_path):
    """`dateline events --merged`: the id after each name in the table, ``actor_id`` and
    ``recipient_id`` columns in CSV, ``id`` of each party in JSON."""
    import json

    from typer.testing import CliRunner

    from dateline.cli import app

    db = tmp_path / "c.duckdb"
    _haley_db(db).close()
    runner = CliRunner()
    res = runner.invoke(app, ["events", "--merged", "--db", str(db), "--format", "csv"])
    assert res.exit_code == 0, res.output
    (row,) = list(csv.DictReader(io.StringIO(res.output)))
    assert row["actor_id"] == "nikki-haley@USA" and row["recipient_id"] == ""
    res = runner.invoke(app, ["events", "--merged", "--db", str(db)])
    cells = "".join(ch for ch in res.output if ch not in " \n│┃")  # rich folds long cells
    assert res.exit_code == 0 and "[nikki-haley@USA]" in cells, res.output
    res = runner.invoke(app, ["events", "--merged", "--db", str(db), "--format", "json",
                              "--party", "nikki-haley@USA"])
    assert [a["id"] for a in json.loads(res.output)[0]["actors"]] == ["nikki-haley@USA"]


def test_actors_merge_says_when_merged_events_follow(tmp_path):
    """`dateline actors merge` re-points the stored reports; the stored merged events follow
    on `dateline merge`, which the command says."""
    from typer.testing import CliRunner

    from dateline.cli import app

    db = tmp_path / "n.duckdb"
    store = open_store(db)
    for body, name in (("Nikki Haley attacked the plan on Wednesday.", "Nikki Haley"),
                       ("Nimarata Randhawa attacked the plan.", "Nimarata Randhawa")):
        d = doc(body, Actor(name, name, None, None), persons=(name,))
        store.add_document(d)
        merge_article(store, d.article.id)
    store.close()
    run = CliRunner()
    res = run.invoke(app, ["actors", "merge", "Nikki Haley", "Nimarata Randhawa", "--db", str(db)])
    assert res.exit_code == 0 and "run `dateline merge`" in res.output, res.output
    res = run.invoke(app, ["merge", "--db", str(db)])
    assert res.exit_code == 0, res.output
    store = open_store(db, read_only=True)
    assert [m["num_mentions"] for m in store.merged_events()] == [2]
    store.close()
