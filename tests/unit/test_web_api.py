"""HTTP API and UI serving (FastAPI TestClient, hand-built DuckDB in tmp_path, no model).

Escaping note for the browser test of a later session: the API returns article text as data
(JSON strings, ``<script>`` included, see ``test_script_text_is_returned_as_data``); the UI in
``static/app.js`` must render it with textContent/createElement only. A browser test should
ingest an article whose body, title, entity names and related-link URLs hold
``<script>``/``<img onerror>``/``javascript:`` payloads, open ``/#/article/ID`` and the events
table, and assert that no script ran, the payload shows as text and no ``javascript:`` href
exists.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings

import duckdb
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette suggests httpx2; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from dateline.model import (Actor, Article, Caption, DateMention, Document,  # noqa: E402
                            EntityMention, Event, Evidence, Link, Location, PlaceMention)
from dateline.pipeline import Result  # noqa: E402
from dateline.store import open_store  # noqa: E402
from dateline.web import create_app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "s3cret-token"
SCRIPT = "<script>alert('x')</script>"

INJECTIONS = ["' OR 1=1 --", "x'; DROP TABLE events; --", "%", "_", "\\", "\" OR \"\"=\"",
              "1) UNION SELECT * FROM articles --"]


def summit_doc() -> Document:
    body = "Kim met Putin in Moscow on Monday.\nChina accused Japan of provocation in 2024."
    title = "Summit in Moscow"
    art = Article(id=Article.make_id(body, title), origin="a.txt", body=body, title=title,
                  url="https://news.example/summit", published="2025-09-02", source="Agency",
                  captions=[Caption("Kim arrives", "AP")],
                  related=[Link("Other story", "https://news.example/other"),
                           Link("Bad link", "javascript:alert(1)")])
    kim = Actor("Kim", "Kim Jong-un", "PRK", "GOV", "Q56226")
    putin = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
    s1 = body.split("\n")[0]
    s2_start = len(s1) + 1
    ev1 = Event("CONSULT", [kim], Evidence("body", s1, 0, len(s1)), recipient=[putin],
                mode="visit", date="2025-09-01", date_text="Monday", cameo="042",
                location=Location("Moscow", "Moscow", 524901, 55.75, 37.62, "RUS", "city"),
                mentions=[Evidence("title", title, 0, len(title))], confidence=0.8)
    ev2 = Event("ACCUSE", [Actor("China", "China", "CHN", "GOV")],
                Evidence("body", body[s2_start:], s2_start, len(body)),
                recipient=[Actor("Japan", "Japan", "JPN", "GOV")], modality="historical",
                date="2024", cameo="112", confidence=0.4)
    return Document(
        article=art,
        entities=[EntityMention("Kim", "PERSON", 0, 3, "Kim Jong-un", "PRK", "GOV", "Q56226"),
                  EntityMention("Putin", "PERSON", 8, 13, "Vladimir Putin", "RUS", "GOV")],
        places=[PlaceMention("Moscow", 17, 23, "Moscow", 524901, 55.75, 37.62, "RUS", "city"),
                PlaceMention("Moscow", 10, 16, "Moscow", 524901, 55.75, 37.62, "RUS", "city",
                             field="title")],
        dates=[DateMention("Monday", 27, 33, "2025-09-01", "day")],
        events=[ev1, ev2])


def script_doc() -> Document:
    body = f"Protesters chanted {SCRIPT} in Paris."
    art = Article(id=Article.make_id(body, SCRIPT), origin="s.txt", body=body, title=SCRIPT,
                  published="2025-10-05")
    crowd = Actor(SCRIPT, SCRIPT, "FRA", "CVL")
    ev = Event("PROTEST", [crowd], Evidence("body", body, 0, len(body)), mode="demo",
               date="2025-10-04",
               location=Location("Paris", "Paris", 2988507, 48.85, 2.35, "FRA", "city"),
               confidence=0.6)
    return Document(article=art, entities=[EntityMention(SCRIPT, "ORG", 19, 19 + len(SCRIPT))],
                    events=[ev])


@pytest.fixture(scope="module")
def db_template(tmp_path_factory):
    """The test database, built once; each test gets its own copy (tests may write)."""
    path = tmp_path_factory.mktemp("webdb") / "web.duckdb"
    store = open_store(path)
    assert store.add_document(summit_doc())
    assert store.add_document(script_doc())
    store.add_reject("bad.bin", "binary", "NUL bytes")
    store.close()
    return path


@pytest.fixture()
def db(tmp_path, db_template):
    import shutil

    path = tmp_path / "web.duckdb"
    shutil.copyfile(db_template, path)
    return path


@pytest.fixture()
def client(db):
    return TestClient(create_app(db))


def _counts(path) -> dict[str, int]:
    store = open_store(path, read_only=True)
    try:
        return store.counts()
    finally:
        store.close()


def assert_error(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] and body["error"]["message"]
    assert "Traceback" not in resp.text
    return body["error"]


# -- events ---------------------------------------------------------------------------------
def test_events_list_default_order_and_shape(client):
    data = client.get("/api/events").json()
    assert data["total"] == 3 and data["limit"] == 50 and data["offset"] == 0
    assert [e["event"] for e in data["items"]] == ["PROTEST", "CONSULT", "ACCUSE"]  # newest first
    ev = data["items"][1]
    assert ev["actor"][0]["name"] == "Kim Jong-un" and ev["recipient"][0]["country"] == "RUS"
    assert ev["location"]["geonameid"] == 524901


@pytest.mark.parametrize("params,expected", [
    ({"type": "consult"}, ["CONSULT"]),
    ({"actor": "putin"}, []),  # Putin is the recipient: the actor side only
    ({"recipient": "putin"}, ["CONSULT"]),
    ({"party": "putin"}, ["CONSULT"]),
    ({"party": "JAPAN"}, ["ACCUSE"]),
    ({"actor": "kim"}, ["CONSULT"]),
    ({"recipient": "kim"}, []),
    ({"country": "fra"}, ["PROTEST"]),
    ({"country": "RUS"}, ["CONSULT"]),
    ({"modality": "historical"}, ["ACCUSE"]),
    ({"since": "2025-09-02"}, ["PROTEST"]),
    ({"since": "2025"}, ["PROTEST", "CONSULT"]),
    ({"since": "2024-06-01"}, ["PROTEST", "CONSULT", "ACCUSE"]),  # "2024" overlaps
    ({"since": "2025-01"}, ["PROTEST", "CONSULT"]),
    ({"until": "2025-09"}, ["CONSULT", "ACCUSE"]),
    ({"until": "2024-12-31"}, ["ACCUSE"]),
    ({"min_confidence": "0.5"}, ["PROTEST", "CONSULT"]),
    ({"bbox": "30,50,40,60"}, ["CONSULT"]),
    ({"bbox": "-10,40,10,55"}, ["PROTEST"]),
    ({"q": "PROVOCATION"}, ["ACCUSE"]),
    ({"q": "script"}, ["PROTEST"]),
    ({"type": "CONSULT", "country": "PRK", "since": "2025-01-01"}, ["CONSULT"]),
    ({"type": "AID"}, []),
])
def test_event_filters(client, params, expected):
    data = client.get("/api/events", params=params).json()
    assert [e["event"] for e in data["items"]] == expected
    assert data["total"] == len(expected)


def test_event_filter_by_article_prefix(client):
    aid = summit_doc().article.id
    data = client.get("/api/events", params={"article": aid[:6]}).json()
    assert {e["event"] for e in data["items"]} == {"CONSULT", "ACCUSE"}


def test_events_pagination_and_sort(client):
    page1 = client.get("/api/events", params={"limit": 2, "offset": 0, "sort": "confidence"}).json()
    page2 = client.get("/api/events", params={"limit": 2, "offset": 2, "sort": "confidence"}).json()
    assert page1["total"] == page2["total"] == 3
    assert [e["confidence"] for e in page1["items"] + page2["items"]] == [0.4, 0.6, 0.8]
    desc = client.get("/api/events", params={"sort": "-confidence"}).json()
    assert [e["confidence"] for e in desc["items"]] == [0.8, 0.6, 0.4]
    beyond = client.get("/api/events", params={"offset": 10}).json()
    assert beyond["items"] == [] and beyond["total"] == 3


def test_event_detail(client):
    ev_id = client.get("/api/events", params={"type": "CONSULT"}).json()["items"][0]["id"]
    ev = client.get(f"/api/events/{ev_id}").json()
    assert ev["evidence"].startswith("Kim met Putin")
    assert ev["article"]["title"] == "Summit in Moscow"
    assert ev["article"]["url"] == "https://news.example/summit"
    assert ev["mentions"][0]["field"] == "title"
    texts = {(m["kind"], m["text"], m["field"]) for m in ev["entity_mentions"]}
    assert ("entity", "Putin", "body") in texts and ("place", "Moscow", "title") in texts
    assert_error(client.get("/api/events/doesnotexist"), 404)


# -- articles, actors, places, stats --------------------------------------------------------
def test_articles_list_search_and_detail(client):
    data = client.get("/api/articles").json()
    assert data["total"] == 2
    assert data["items"][0]["published"] == "2025-10-05"  # newest first
    assert client.get("/api/articles", params={"q": "moscow"}).json()["total"] == 1
    assert client.get("/api/articles", params={"limit": 1, "offset": 1}).json()["items"][0][
        "title"] == "Summit in Moscow"
    aid = summit_doc().article.id
    art = client.get(f"/api/articles/{aid[:8]}").json()
    assert art["article"]["id"] == aid
    assert art["article"]["related"][0]["title"] == "Other story"
    assert art["article"]["captions"][0]["credit"] == "AP"
    assert {m["kind"] for m in art["mentions"]} == {"entity", "place", "date"}
    assert [e["event"] for e in art["events"]] == ["CONSULT", "ACCUSE"]
    assert_error(client.get("/api/articles/ffffffffffff"), 404)


def test_actors_and_actor_events(client):
    data = client.get("/api/actors").json()
    by_name = {a["name"]: a for a in data["items"]}
    assert data["total"] == 5
    kim = by_name["Kim Jong-un"]
    assert (kim["country"], kim["sector"], kim["events"], kim["as_actor"]) == ("PRK", "GOV", 1, 1)
    assert kim["first_date"] == kim["last_date"] == "2025-09-01"
    assert [a["name"] for a in client.get("/api/actors", params={"q": "vlad"}).json()["items"]] \
        == ["Vladimir Putin"]
    assert client.get("/api/actors", params={"country": "jpn"}).json()["total"] == 1
    assert client.get("/api/actors", params={"limit": 2}).json()["items"].__len__() == 2
    assert_error(client.get("/api/actors", params={"sort": "bogus"}), 400)

    kim_ev = client.get("/api/actors/kim jong-un/events").json()
    assert kim_ev["actor"]["name"] == "Kim Jong-un" and kim_ev["total"] == 1
    assert kim_ev["visits"] == [{**kim_ev["visits"][0], "date": "2025-09-01", "place": "Moscow",
                                 "hosts": ["Vladimir Putin"]}]
    assert kim_ev["timeline"] == [{"period": "2025-09", "count": 1, "by_type": {"CONSULT": 1}}]
    putin = client.get("/api/actors/Vladimir Putin/events").json()
    assert putin["visits"] == []  # a host, not a visitor
    assert_error(client.get("/api/actors/Nobody/events"), 404)


def test_places(client):
    data = client.get("/api/places").json()
    moscow = next(p for p in data["items"] if p["name"] == "Moscow")
    assert (moscow["mentions"], moscow["articles"], moscow["events"]) == (2, 1, 1)
    assert moscow["lat"] == pytest.approx(55.75) and moscow["geonameid"] == 524901
    assert client.get("/api/places", params={"country": "FRA"}).json()["total"] == 0


def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["counts"] == {"articles": 2, "mentions": 6, "events": 3, "rejects": 1,
                           "matching": 3}
    assert s["events_by_type"] == {"ACCUSE": 1, "CONSULT": 1, "PROTEST": 1}
    # calendar months in order; the event dated "2024" has no month
    assert list(s["events_by_month"].items()) == [("2025-09", 1), ("2025-10", 1),
                                                  ("unknown month", 1)]
    assert s["rejects_by_reason"] == {"binary": 1}
    assert s["event_dates"] == {"first": "2024", "last": "2025-10-04"}
    ru = client.get("/api/stats", params={"country": "RUS"}).json()  # the filter applies
    assert ru["counts"]["matching"] == 1 and ru["events_by_type"] == {"CONSULT": 1}
    assert ru["counts"]["events"] == 3


# -- exports --------------------------------------------------------------------------------
def test_export_csv(client):
    resp = client.get("/api/export/events.csv", params={"country": "RUS"})
    assert resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 1 and rows[0]["event"] == "CONSULT"
    assert rows[0]["recipient"] == "Vladimir Putin" and rows[0]["lat"] == "55.75"


def test_export_jsonl_and_plover(client):
    lines = client.get("/api/export/events.jsonl").text.strip().split("\n")
    recs = [json.loads(x) for x in lines]
    assert len(recs) == 3
    from dateline.export import FLAT_COLUMNS

    assert all(list(r) == list(FLAT_COLUMNS) for r in recs)  # the flat, typed rows
    consult = [r for r in recs if r["event"] == "CONSULT"][0]
    assert consult["date"] == consult["date_end"] == "2025-09-01"
    assert consult["published"] == "2025-09-02" and consult["url"] == "https://news.example/summit"
    plover = client.get("/api/export/plover.json", params={"type": "CONSULT"}).json()
    spec_keys = {"id", "event", "mode", "modality", "context", "cameo", "actor", "recipient",
                 "date", "date_end", "date_text", "location", "evidence", "mentions",
                 "confidence"}
    assert all(spec_keys <= set(r) for r in plover)
    assert len(plover) == 1
    assert plover[0]["evidence"] == {"field": "body", "sentence": "Kim met Putin in Moscow on "
                                     "Monday.", "start": 0, "end": 34}
    assert plover[0]["location"]["name"] == "Moscow"


def test_export_parquet(client, tmp_path):
    resp = client.get("/api/export/events.parquet", params={"min_confidence": 0.5})
    assert resp.content[:4] == b"PAR1"
    out = tmp_path / "e.parquet"
    out.write_bytes(resp.content)
    rows = duckdb.sql(f"SELECT event, confidence FROM '{out}' ORDER BY confidence").fetchall()
    assert rows == [("PROTEST", 0.6), ("CONSULT", 0.8)]


def test_export_gdelt(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/gdelt.csv").text)))
    by_code = {r["EventCode"]: r for r in rows}
    consult = by_code["042"]
    assert consult["Day"] == "20250901" and consult["EventRootCode"] == "04"
    assert consult["QuadClass"] == "1" and consult["Actor1CountryCode"] == "PRK"
    assert consult["Actor2Name"] == "Vladimir Putin" and consult["ActionGeo_FullName"] == "Moscow"
    assert consult["SOURCEURL"] == "https://news.example/summit"
    assert consult["ActionGeo_Lat"] == "55.75" and consult["dateline_modality"] == "asserted"
    accuse = by_code["112"]
    assert accuse["Day"] == "" and accuse["Year"] == "2024" and accuse["QuadClass"] == "3"
    assert int(consult["GlobalEventID"]) > 0


def test_unknown_export_is_404(client):
    assert_error(client.get("/api/export/events.xlsx"), 404)


# -- charts: timeline, network, clusters ----------------------------------------------------
def test_timeline_buckets_by_granularity(client):
    auto = client.get("/api/timeline").json()
    assert auto["granularity"] == "day"  # 2025-09-01 .. 2025-10-04: 33 days
    days = client.get("/api/timeline", params={"granularity": "day"}).json()
    assert days["total"] == 3 and days["undated"] == 0 and days["coarse"] == 1  # "2024" only
    assert days["buckets"][0] == {"period": "2025-09-01", "start": "2025-09-01",
                                  "end": "2025-09-01", "count": 1, "by_type": {"CONSULT": 1}}
    assert days["buckets"][-1]["period"] == "2025-10-04"
    assert len(days["buckets"]) == 34  # empty days between are listed: gaps on the time axis
    assert sum(b["count"] for b in days["buckets"]) == 2
    weeks = client.get("/api/timeline", params={"granularity": "week"}).json()
    assert weeks["buckets"][0]["start"] == "2025-09-01" and weeks["buckets"][0]["end"] == \
        "2025-09-07"  # ISO weeks start on Monday
    assert weeks["buckets"][-1]["by_type"] == {"PROTEST": 1}
    months = client.get("/api/timeline", params={"granularity": "month"}).json()
    assert [(b["period"], b["end"], b["count"]) for b in months["buckets"]] == [
        ("2025-09", "2025-09-30", 1), ("2025-10", "2025-10-31", 1)]


def test_timeline_respects_filters(client):
    data = client.get("/api/timeline", params={"granularity": "day", "actor": "kim"}).json()
    assert data["total"] == 1 and [b["period"] for b in data["buckets"]] == ["2025-09-01"]
    empty = client.get("/api/timeline", params={"type": "AID"}).json()
    assert empty["total"] == 0 and empty["buckets"] == []


def test_auto_granularity_choice():
    from dateline.web.aggregates import choose_granularity

    assert choose_granularity("2025-09-01", "2025-10-01") == "day"
    assert choose_granularity("2025-01-01", "2025-12-31") == "week"
    assert choose_granularity("2020-01-01", "2025-12-31") == "month"
    assert choose_granularity(None, None) == "month"


def test_network_edges_and_quad_classes(client):
    data = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in data["edges"]}
    assert set(edges) == {("Kim Jong-un", "Vladimir Putin"), ("China", "Japan")}
    assert edges[("Kim Jong-un", "Vladimir Putin")]["quad"] == 1
    assert edges[("Kim Jong-un", "Vladimir Putin")]["quad_name"] == "verbal cooperation"
    assert edges[("China", "Japan")]["quad"] == 3 and edges[("China", "Japan")]["events"] == 1
    assert {n["name"]: n["country"] for n in data["nodes"]}["Vladimir Putin"] == "RUS"
    assert data["total_edges"] == 2
    one = client.get("/api/network", params={"limit": 1}).json()
    assert len(one["edges"]) == 1 and one["total_edges"] == 2 and len(one["nodes"]) == 2
    assert client.get("/api/network", params={"type": "PROTEST"}).json()["edges"] == []
    assert data["total_actors"] == 4 and data["hidden_generic"] == 0
    top = client.get("/api/network", params={"actors": 2}).json()  # the 2 busiest actors
    assert len(top["nodes"]) == 2 and top["total_actors"] == 4 and len(top["edges"]) == 1
    assert_error(client.get("/api/network", params={"actors": 0}), 422)


@pytest.mark.parametrize("name,generic", [
    ("we", True), ("They", True), ("officials", True), ("geo coordinates", True),
    ("supporters", True), ("Kim Jong-un", False), ("NASA", False), ("FireWire", False),
    ("French protesters", False)])
def test_generic_party_names(name, generic):
    from dateline.web.aggregates import generic_name

    assert generic_name(name) is generic


def test_network_hides_pronouns_and_generic_parties(tmp_path):
    from dateline.web.aggregates import network
    from dateline.query import EventFilter

    body = "We accused Kim. Kim met Putin. Officials praised Putin."
    art = Article(id=Article.make_id(body, "t"), origin="n.txt", body=body, title="t")
    kim = Actor("Kim", "Kim Jong-un", "PRK", "GOV")
    putin = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
    evs = [Event("ACCUSE", [Actor("We", "we")], Evidence("body", "We accused Kim.", 0, 15),
                 recipient=[kim]),
           Event("CONSULT", [kim], Evidence("body", "Kim met Putin.", 16, 30), recipient=[putin]),
           Event("SUPPORT", [Actor("Officials", "officials")],
                 Evidence("body", "Officials praised Putin.", 31, 55), recipient=[putin])]
    store = open_store(tmp_path / "n.duckdb")
    store.add_document(Document(article=art, events=evs))
    try:
        plain = network(store.con, EventFilter())
        assert [(e["source"], e["target"]) for e in plain["edges"]] == \
            [("Kim Jong-un", "Vladimir Putin")]
        assert plain["hidden_generic"] == 2
        everyone = network(store.con, EventFilter(), generic=True)
        assert len(everyone["edges"]) == 3 and everyone["hidden_generic"] == 0
    finally:
        store.close()


def test_clusters_grid_per_zoom(client):
    world = client.get("/api/clusters").json()
    assert world["events"] == 3 and world["placed"] == 2 and world["cell_degrees"] == 16
    by_type = {c["type"]: c for c in world["clusters"]}
    assert set(by_type) == {"CONSULT", "PROTEST"}
    moscow = by_type["CONSULT"]
    assert (moscow["lat"], moscow["lon"], moscow["count"]) == (55.75, 37.62, 1)
    assert moscow["event_id"] and moscow["bbox"] == "32,48,48,64"
    # the cluster's bbox lists exactly its events
    inside = client.get("/api/events", params={"bbox": moscow["bbox"]}).json()
    assert [e["id"] for e in inside["items"]] == [moscow["event_id"]]
    zoomed = client.get("/api/clusters", params={"zoom": 4, "country": "FRA"}).json()
    assert zoomed["cell_degrees"] == 1 and [c["type"] for c in zoomed["clusters"]] == ["PROTEST"]


def test_clusters_merge_nearby_events(tmp_path):
    path = tmp_path / "two.duckdb"
    store = open_store(path)
    doc = summit_doc()
    doc.events[1].location = Location("Tver", "Tver", 480060, 56.86, 35.9, "RUS", "city")
    assert store.add_document(doc)
    store.close()
    client = TestClient(create_app(path))
    far = client.get("/api/clusters").json()["clusters"]
    assert len(far) == 1 and far[0]["count"] == 2 and far[0]["event_id"] is None
    assert far[0]["by_type"] == {"CONSULT": 1, "ACCUSE": 1}
    near = client.get("/api/clusters", params={"zoom": 5}).json()["clusters"]
    assert sorted(c["count"] for c in near) == [1, 1]


def test_read_answers_are_cached_until_the_database_changes(db):
    app = create_app(db)
    client = TestClient(app)
    first = client.get("/api/events", params={"type": "consult"})
    again = client.get("/api/events", params={"type": "consult"})
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert first.json() == again.json()
    assert again.headers["content-security-policy"]  # cached answers keep the headers
    # another writer (here: this process after the reader closes) changes the database
    assert app.state.event_index.wait_idle()  # the background index build has let go
    app.state.db.close()
    store = open_store(db)
    store.add_document(Document(article=Article(id="f" * 16, origin="n.txt", body="x",
                                                title="New"), events=[]))
    store.close()
    fresh = client.get("/api/events", params={"type": "consult"})
    assert fresh.headers["x-cache"] == "miss"
    assert client.get("/api/articles").json()["total"] == 3
    errors = [client.get("/api/events", params={"limit": 0}) for _ in range(2)]
    assert all("x-cache" not in r.headers for r in errors)  # errors are never cached
    assert "x-cache" not in client.get("/api/export/events.csv").headers
    uncached = TestClient(create_app(db, cache_responses=False))
    assert "x-cache" not in uncached.get("/api/events").headers


@pytest.mark.parametrize("path", ["/api/events", "/api/stats", "/api/timeline"])
def test_cached_answers_keep_the_note_on_an_old_type_name(db, path):
    client = TestClient(create_app(db))
    first = client.get(path, params={"type": "fight"})
    again = client.get(path, params={"type": "fight"})
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    for resp in (first, again):
        assert resp.headers["x-dateline-note"] == ("type FIGHT is PLOVER's old name for "
                                                   "ASSAULT; showing ASSAULT events")
    assert "x-dateline-note" not in client.get(path, params={"type": "ASSAULT"}).headers


def test_shared_reader_closes_when_idle(db):
    app = create_app(db)
    app.state.db.keepalive = 0.1
    client = TestClient(app)
    assert client.get("/api/stats").status_code == 200
    assert app.state.db._store is not None
    import time

    for _ in range(100):
        if app.state.db._store is None:
            break
        time.sleep(0.02)
    assert app.state.db._store is None  # released: a `dateline ingest` could now write
    store = open_store(db)  # a writer can open the file
    store.close()


# -- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("url,status", [
    ("/api/events?limit=0", 400),  # values the query layer refuses: 400
    ("/api/events?limit=100000", 400),
    ("/api/events?limit=abc", 422),  # not a number at all: FastAPI's 422
    ("/api/events?offset=-1", 400),
    ("/api/events?min_confidence=2", 400),
    ("/api/events?min_confidence=high", 422),
    ("/api/events?since=yesterday", 400),
    ("/api/events?until=2025-13-45x", 400),
    ("/api/events?since=2025-09-02&until=2025-01-01", 400),
    ("/api/events?bbox=1,2,3", 400),
    ("/api/events?bbox=a,b,c,d", 400),
    ("/api/events?bbox=0,95,10,99", 400),
    ("/api/events?bbox=nan,0,1,1", 400),
    ("/api/events?sort=evidence;drop", 400),
    ("/api/export/events.csv?bbox=oops", 400),
    ("/api/export/events.parquet?since=never", 400),
    ("/api/articles?limit=-5", 422),
    ("/api/places?limit=0", 422),
    ("/api/nowhere", 404),
    ("/nowhere", 404),
    ("/api/timeline?granularity=year", 422),
    ("/api/timeline?since=2025-10&until=2025-01", 400),
    ("/api/timeline?bbox=1,2", 400),
    ("/api/network?limit=0", 422),
    ("/api/network?limit=501", 422),
    ("/api/network?min_confidence=-1", 400),
    ("/api/clusters?zoom=9", 422),
    ("/api/clusters?zoom=-1", 422),
    ("/api/clusters?zoom=one", 422),
    ("/api/clusters?bbox=0,0,0", 400),
])
def test_bad_parameters_give_json_errors(client, url, status):
    assert_error(client.get(url), status)


def test_wrong_method_is_405(client):
    err = assert_error(client.post("/api/events"), 405)
    assert err["code"] == "method-not-allowed"
    assert_error(client.delete("/api/stats"), 405)


def test_unexpected_error_is_500_without_trace(db, monkeypatch):
    from dateline import stats

    def boom(cur, flt):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(stats, "overview", boom)
    client = TestClient(create_app(db), raise_server_exceptions=False)
    err = assert_error(client.get("/api/stats"), 500)
    assert "secret" not in err["message"]


def test_missing_database_is_503(tmp_path):
    client = TestClient(create_app(tmp_path / "absent.duckdb"))
    err = assert_error(client.get("/api/events"), 503)
    assert err["code"] == "no-database"


def test_database_locked_by_writer_is_503(db):
    """A writable connection elsewhere (here: another config in this process, which DuckDB
    refuses like another process's lock) gives 503 database-busy, not a crash."""
    writer = duckdb.connect(str(db))
    try:
        err = assert_error(TestClient(create_app(db)).get("/api/events"), 503)
        assert err["code"] == "database-busy"
    finally:
        writer.close()


def test_database_locked_by_other_process_is_503(db):
    """A running `dateline ingest` in another process holds DuckDB's file lock."""
    import subprocess
    import sys

    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            "sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        client = TestClient(create_app(db))
        err = assert_error(client.get("/api/events"), 503)
        assert err["code"] == "database-busy" and "another process" in err["message"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert client.get("/api/events").status_code == 200  # the lock is gone, reads work again


@pytest.mark.parametrize("param", ["actor", "recipient", "party", "article", "q"])
def test_sql_injection_in_filters_returns_nothing(client, db, param):
    before = _counts(db)
    for payload in INJECTIONS:
        resp = client.get("/api/events", params={param: payload})
        assert resp.status_code == 200, resp.text
        assert resp.json()["items"] == [] and resp.json()["total"] == 0
        assert client.get("/api/export/events.csv", params={param: payload}).text.count("\n") == 1
    assert _counts(db) == before


@pytest.mark.parametrize("param", ["country", "actor_country", "sector", "type", "mode",
                                   "modality"])
def test_sql_injection_in_coded_filters_is_refused(client, db, param):
    before = _counts(db)
    for payload in INJECTIONS:
        err = assert_error(client.get("/api/events", params={param: payload}), 400)
        assert err["parameter"] == param
        assert_error(client.get("/api/export/events.csv", params={param: payload}), 400)
    assert _counts(db) == before


@pytest.mark.parametrize("url", ["/api/articles?q={}", "/api/actors?q={}", "/api/places?q={}",
                                 "/api/actors?country={}", "/api/events/{}",
                                 "/api/articles/{}", "/api/actors/{}/events"])
def test_sql_injection_elsewhere(client, db, url):
    before = _counts(db)
    for payload in INJECTIONS:
        resp = client.get(url.format(payload.replace("%", "%25").replace("#", "%23")))
        if resp.status_code == 200:
            assert resp.json()["total"] == 0 and resp.json()["items"] == []
        else:
            assert_error(resp, 400 if "country=" in url else 404)
    assert _counts(db) == before


def test_typed_filters_reject_injection(client):
    for param in ("min_confidence", "limit", "offset"):  # not numbers: FastAPI's 422
        assert_error(client.get("/api/events", params={param: "' OR 1=1 --"}), 422)
    for param in ("since", "until", "bbox"):  # refused by the query layer
        assert_error(client.get("/api/events", params={param: "' OR 1=1 --"}), 400)


# -- writes ---------------------------------------------------------------------------------
class FakePipeline:
    """Stands in for the model pipeline: turns each record into a one-event document."""

    def __init__(self) -> None:
        self.seen: list = []

    def run(self, raws):
        for raw in raws:
            self.seen.append(raw)
            if "FAIL" in raw.data:
                from dateline.errors import StageError

                yield Result(raw.origin, error=StageError("events:rules", raw.origin, "boom"))
                continue
            art = Article(id=Article.make_id(raw.data, raw.meta.get("title")), origin=raw.origin,
                          body=raw.data, title=raw.meta.get("title"), url=raw.meta.get("url"),
                          published=raw.meta.get("published"))
            ev = Event("AID", [Actor("Japan", "Japan", "JPN", "GOV")],
                       Evidence("body", raw.data, 0, len(raw.data)), date="2025-11-01")
            yield Result(raw.origin, document=Document(article=art, events=[ev]))


ARTICLE = {"text": "Japan sent aid to Nepal.", "title": "Aid", "url": "https://n.example/aid",
           "published": "2025-11-02"}


def test_ingest_refused_without_token_configured(db):
    client = TestClient(create_app(db))
    err = assert_error(client.post("/api/ingest", json={"articles": [ARTICLE]},
                                   headers={"Authorization": f"Bearer {TOKEN}"}), 403)
    assert err["code"] == "writes-disabled"
    assert _counts(db)["articles"] == 2


def test_ingest_needs_the_right_token(db):
    fake = FakePipeline()
    client = TestClient(create_app(db, token=TOKEN, pipeline_factory=lambda: fake))
    resp = client.post("/api/ingest", json={"articles": [ARTICLE]})
    assert_error(resp, 401)
    assert resp.headers["www-authenticate"] == "Bearer"
    assert_error(client.post("/api/ingest", json={"articles": [ARTICLE]},
                             headers={"Authorization": "Bearer wrong"}), 403)
    assert_error(client.post("/api/ingest", json={"articles": [ARTICLE]},
                             headers={"Authorization": TOKEN}), 401)
    big = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}",
                                              "Content-Type": "application/json"},
                      content=b'{"articles": [{"text": "' + b"x" * 25_000_001 + b'"}]}')
    assert_error(big, 413)
    assert fake.seen == [] and _counts(db)["articles"] == 2


def test_ingest_with_token_runs_pipeline_and_stores(db):
    fake = FakePipeline()
    client = TestClient(create_app(db, token=TOKEN, pipeline_factory=lambda: fake))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    resp = client.post("/api/ingest", headers=auth,
                       json={"articles": [ARTICLE, {"text": "FAIL here"}]})
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert (out["stored"], out["duplicate"], out["rejected"]) == (1, 0, 1)
    assert fake.seen[0].meta == {"title": "Aid", "url": "https://n.example/aid",
                                 "published": "2025-11-02"}
    assert fake.seen[0].format == "record" and fake.seen[1].origin == "api:1"
    html = client.post("/api/ingest", headers=auth,
                       json=[{"text": "<html><p>Japan sent aid.</p></html>", "format": "html"}])
    assert html.json()["stored"] == 1 and fake.seen[-1].format == "html"
    assert [e["event"] for e in client.get("/api/events", params={"type": "AID"}).json()[
        "items"]] == ["AID", "AID"]
    assert _counts(db)["rejects"] == 2
    store = open_store(db, read_only=True)
    try:  # ingested articles are merged and placed in stories, as by `dateline ingest`
        stored_ids = [r["article_id"] for r in out["results"] if r["status"] == "stored"]
        linked = store.con.execute(
            "SELECT count(*) FROM event_links l JOIN events e ON e.id = l.event_id "
            "WHERE e.article_id = ?", [stored_ids[0]]).fetchone()[0]
        in_story = store.con.execute("SELECT count(*) FROM story_articles WHERE article_id = ?",
                                     [stored_ids[0]]).fetchone()[0]
    finally:
        store.close()
    assert linked >= 1 and in_story == 1
    again = client.post("/api/ingest", headers=auth, json=[ARTICLE]).json()  # a bare list works
    assert again["duplicate"] == 1


def test_ingest_without_model_is_503(db):
    from dateline.errors import ModelNotFound

    def no_model():
        raise ModelNotFound("spaCy model 'xx' is not installed")

    client = TestClient(create_app(db, token=TOKEN, pipeline_factory=no_model))
    err = assert_error(client.post("/api/ingest", json=[ARTICLE],
                                   headers={"Authorization": f"Bearer {TOKEN}"}), 503)
    assert err["code"] == "pipeline-unavailable" and "not installed" in err["message"]


@pytest.mark.parametrize("body", [{}, {"articles": []}, {"articles": [{"title": "no text"}]},
                                  {"articles": [{"text": ""}]}, [], "not json",
                                  [{"text": "x", "format": "pdf"}],
                                  {"articles": [{"text": "x"}] * 101}])
def test_ingest_bad_body_is_422(db, body):
    client = TestClient(create_app(db, token=TOKEN, pipeline_factory=FakePipeline))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if isinstance(body, str):
        resp = client.post("/api/ingest", headers={**auth, "Content-Type": "application/json"},
                           content=body)
    else:
        resp = client.post("/api/ingest", headers=auth, json=body)
    assert_error(resp, 422)


# -- UI and escaping ------------------------------------------------------------------------
def test_ui_index_and_assets(client):
    index = client.get("/")
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    assert "/static/app.js" in index.text and "/static/app.css" in index.text
    assert "script-src 'self'" in index.headers["content-security-policy"]
    assert "http://" not in index.text and "https://" not in index.text  # no CDN
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert ".innerHTML" not in js.text  # the UI never parses data as HTML
    merged_js = client.get("/static/merged.js")  # the Events view's merged-event rows
    assert merged_js.status_code == 200 and ".innerHTML" not in merged_js.text
    pick_js = client.get("/static/actorpick.js")  # the filters' actor picker
    assert pick_js.status_code == 200 and ".innerHTML" not in pick_js.text
    assert "/static/actorpick.js" in index.text
    assert client.get("/static/app.css").status_code == 200
    world = client.get("/static/countries-110m.json").json()
    assert world["type"] == "Topology" and "countries" in world["objects"]


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/actors",
                 "/api/places", "/api/stats", "/api/export/{name}", "/api/ingest"):
        assert path in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_cors_closed_by_default(client, db):
    resp = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in resp.headers
    open_client = TestClient(create_app(db, cors_origins=["https://ok.example"]))
    resp = open_client.get("/api/events", headers={"Origin": "https://ok.example"})
    assert resp.headers["access-control-allow-origin"] == "https://ok.example"


def test_script_text_is_returned_as_data(client):
    """Escaping is the client's job (textContent); the API returns the text unchanged as a JSON
    string with a JSON content type, so a browser never sniffs it as HTML."""
    resp = client.get("/api/events", params={"type": "PROTEST"})
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-content-type-options"] == "nosniff"
    ev = resp.json()["items"][0]
    assert SCRIPT in ev["evidence"] and ev["actor"][0]["name"] == SCRIPT
    aid = ev["article_id"]
    art = client.get(f"/api/articles/{aid}").json()
    assert art["article"]["title"] == SCRIPT


def test_serve_command_registers(monkeypatch, db):
    import typer
    from typer.testing import CliRunner

    from dateline.web import cli_serve

    calls = {}

    def fake_run(app, host, port, log_level):
        calls.update(app=app, host=host, port=port)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    cli = typer.Typer()
    cli_serve.register(cli)

    @cli.command()
    def other() -> None:  # a second command keeps Typer from collapsing to one
        pass

    res = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", "8123"],
                             env={"DATELINE_TOKEN": TOKEN})
    assert res.exit_code == 0, res.output
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8123
    assert calls["app"].state.token == TOKEN
    # the ingest pipeline is built from --model/--coder on the first ingest, not at start
    assert callable(calls["app"].state.pipeline_factory)
    bad = CliRunner().invoke(cli, ["serve", "--db", str(db), "--coder", "bogus"])
    assert bad.exit_code == 2
    assert "choose from learned, rules" in " ".join(bad.output.replace("│", " ").split())


# -- the UI's own rendering, in node with a tiny DOM stub (skipped without node) ------------
DOM_STUB_JS = r"""
const fs = require("fs"), vm = require("vm");
class N {
  constructor(tag, type) { this.tagName = tag; this.nodeType = type || 1; this.childNodes = [];
    this.attrs = {}; this.className = ""; this.style = {}; this.parentNode = null; this._t = ""; }
  get firstChild() { return this.childNodes[0] || null; }
  append(...cs) { for (const c of cs) { const n = typeof c === "string" ? new T(c) : c;
    if (n.nodeType === 11) { for (const k of [...n.childNodes]) this.append(k); continue; }
    n.parentNode = this; this.childNodes.push(n); } }
  removeChild(c) { this.childNodes = this.childNodes.filter(x => x !== c); return c; }
  setAttribute(k, v) { if (k === "class") this.className = v; else this.attrs[k] = String(v); }
  get dataset() { const d = {}; for (const [k, v] of Object.entries(this.attrs))
    if (k.startsWith("data-")) d[k.slice(5)] = v; return d; }
  get classList() { const s = this, g = () => s.className.split(/\s+/).filter(Boolean);
    return {add: c => { if (!g().includes(c)) s.className = [...g(), c].join(" "); },
      remove: c => { s.className = g().filter(x => x !== c).join(" "); },
      toggle: (c, on) => on ? s.classList.add(c) : s.classList.remove(c),
      contains: c => g().includes(c)}; }
  get textContent() { return this.nodeType === 3 ? this._t : this.childNodes.map(c => c.textContent).join(""); }
  set textContent(v) { this.childNodes = []; this.append(new T(String(v))); }
  set innerHTML(v) { throw new Error("innerHTML used"); }
  addEventListener() {}
  scrollIntoView() {}
  matches(sel) { const m = sel.match(/^([a-z]*)((?:\.[\w-]+)*)/i);
    if (this.nodeType !== 1 || (m[1] && this.tagName !== m[1])) return false;
    return m[2].split(".").filter(Boolean).every(c => this.classList.contains(c)); }
  *walk() { for (const c of this.childNodes) { yield c; yield* c.walk(); } }
  querySelectorAll(sel) { return [...this.walk()].filter(n => sel.split(",").some(s =>
    n.matches(s.trim().split(/\s+/).pop()))); }
}
class T extends N { constructor(t) { super("#text", 3); this._t = t; } *walk() {} }
const view = new N("main"), root = new N("html"); root.append(view);
const document = {createElement: t => new N(t), createElementNS: (ns, t) => new N(t),
  createTextNode: t => new T(t), createDocumentFragment: () => new N("#frag", 11),
  getElementById: () => view, querySelectorAll: s => root.querySelectorAll(s)};
const [base, appJs, ...hashes] = process.argv.slice(2);
const win = {location: {hash: "", origin: base}, addEventListener() {}};
const ctx = {document, window: win, Node: N, URL, URLSearchParams, console, FormData: class {},
  fetch: (u, o) => fetch(base + u, o)};
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(appJs, "utf8") + "\n;this.__render = render;", ctx);
(async () => {
  const out = {};
  for (const h of hashes) {
    win.location.hash = h; await ctx.__render();
    const all = [...view.walk()];
    out[h] = {text: view.textContent,
      tags: all.filter(n => n.nodeType === 1).map(n => n.tagName),
      hrefs: all.filter(n => n.attrs && n.attrs.href).map(n => n.attrs.href),
      marks: all.filter(n => n.tagName === "mark").map(n => n.childNodes[0].textContent),
      ev: all.filter(n => n.tagName === "span" && n.classList.contains("ev")).map(n =>
        ({ids: n.attrs["data-ev"], active: n.classList.contains("active"), text: n.textContent})),
      error: all.filter(n => n.classList && n.classList.contains("error")).map(n => n.textContent)};
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


@pytest.fixture()
def live_server(db):
    """The app on a free local port in a thread (for the node UI test)."""
    from tests.webserver import serve

    url, server, thread = serve(db)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


def test_ui_renders_untrusted_text_as_text(live_server, tmp_path):
    import shutil
    import subprocess
    from pathlib import Path
    from urllib.parse import quote

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    import dateline.web

    static = Path(dateline.web.__file__).parent / "static"
    app_js = tmp_path / "ui.js"  # the scripts index.html loads, in its order
    scripts = re.findall(r'<script src="/static/([\w.-]+)"',
                         (static / "index.html").read_text(encoding="utf-8"))
    assert scripts[-1] == "app.js" and "merged.js" in scripts, scripts
    app_js.write_text("\n".join((static / name).read_text(encoding="utf-8")
                                for name in scripts), encoding="utf-8")
    stub = tmp_path / "stub.js"
    stub.write_text(DOM_STUB_JS, encoding="utf-8")
    script_aid = script_doc().article.id
    summit = summit_doc()
    consult_id = next(e for e in summit.events if e.event == "CONSULT").assign_id(
        summit.article.id)
    hashes = [f"#/article/{script_aid}", f"#/article/{summit.article.id}?event={consult_id}",
              "#/events?type=PROTEST", "#/map", "#/actors", "#/stats", "#/article/nope",
              "#/network", f"#/actor/{quote(SCRIPT)}", "#/actor/Kim%20Jong-un",
              "#/events?rows=merged&actor=Kim"]
    proc = subprocess.run([node, str(stub), live_server, str(app_js), *hashes],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    views = json.loads(proc.stdout)
    for h, v in views.items():
        assert "script" not in v["tags"] and "img" not in v["tags"], h
        assert all(x.startswith(("#/", "/api/", "https://")) for x in v["hrefs"]), h
    art = views[hashes[0]]
    assert SCRIPT in art["text"] and art["marks"] == [SCRIPT]  # the payload is plain text
    summit_view = views[hashes[1]]
    assert "Kim" in summit_view["marks"] and "Moscow" in summit_view["marks"]
    assert "javascript:alert(1)" not in summit_view["hrefs"]
    assert "https://news.example/other" in summit_view["hrefs"]  # related links, apart
    active = "".join(s["text"] for s in summit_view["ev"] if s["active"])
    assert active == "Summit in MoscowKim met Putin in Moscow on Monday."  # title + body sentence
    assert SCRIPT in views["#/events?type=PROTEST"]["text"]
    assert "3 of 3 events have a place" not in views["#/map"]["text"]
    assert "2 of 3 events have a place" in views["#/map"]["text"]
    assert views["#/article/nope"]["error"]
    network = views["#/network"]["text"]
    assert "Kim Jong-un" in network and "4 actors (the 30 with the most events of 4), 2 of 2" \
        in network
    kim = views["#/actor/Kim%20Jong-un"]["text"]
    assert "Travels (1 visits, in date order)" in kim and "2025-09-01 Moscow (RUS)" in kim
    assert SCRIPT in views[f"#/actor/{quote(SCRIPT)}"]["text"]
    merged = views["#/events?rows=merged&actor=Kim"]["text"]  # the toggle (merged.js)
    assert "Not applied to merged events: actor=Kim" in merged and "Merged events" in merged
    assert not any(v["error"] for h, v in views.items() if h != "#/article/nope"), views


def _merged_summit_client(path) -> TestClient:
    """The app over a database holding the summit article, merged as ingest merges it."""
    from dateline.merge import merge_article

    store = open_store(path)
    doc = summit_doc()
    store.add_document(doc)
    merge_article(store, doc.article.id)
    store.close()
    return TestClient(create_app(path))


def test_actor_itinerary_from_merged_events(tmp_path):
    c = _merged_summit_client(tmp_path / "it.duckdb")
    data = c.get("/api/actors/Kim Jong-un/itinerary").json()
    assert data["total"] == 1
    trip = data["trips"][0]
    assert trip["destination"] == "RUS" and trip["date"] == "2025-09-01"
    assert trip["facts"].startswith("first visit to Russia in this database")
    assert c.get("/api/actors/Q56226/itinerary").json()["total"] == 1  # by wikidata id
    assert c.get("/api/actors/Nobody/itinerary").json()["total"] == 0
    assert_error(c.get("/api/actors/" + "x" * 301 + "/itinerary"), 400)


def test_merged_events_endpoint(tmp_path):
    """/api/merged-events: the happenings with their counts; filters checked like /api/events."""
    c = _merged_summit_client(tmp_path / "m.duckdb")
    data = c.get("/api/merged-events").json()
    assert data["total"] >= 1
    item = data["items"][0]
    assert {"num_mentions", "num_articles", "num_sources", "event_ids"} <= set(item)
    assert c.get("/api/merged-events?type=CONSULT&party=kim").json()["total"] >= 1
    assert c.get("/api/merged-events?party=nobody").json()["total"] == 0
    old = c.get("/api/merged-events?type=FIGHT")  # an old PLOVER name: accepted with a note
    assert old.status_code == 200 and "FIGHT" in old.headers.get("x-dateline-note", "")
    err = assert_error(c.get("/api/merged-events?type=BOMBING"), 400)
    assert "allowed" in err
    assert_error(c.get("/api/merged-events?since=2025"), 400)  # not a parameter here


def test_docs_are_served_from_the_app_not_a_cdn(tmp_path):
    c = TestClient(create_app(tmp_path / "none.duckdb"))
    html = c.get("/docs").text
    assert "/docs/static/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    js = c.get("/docs/static/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    assert c.get("/docs/static/swagger-ui.css").status_code == 200


@pytest.mark.parametrize("path", ["/api/actors", "/api/articles", "/api/places",
                                  "/api/events", "/api/stories"])
def test_a_huge_offset_is_refused_not_a_server_error(client, path):
    resp = client.get(path, params={"offset": 2 ** 63})
    assert resp.status_code in (400, 422) and "error" in resp.json()
