"""Story endpoints (GET /api/stories, /api/stories/{id}, /api/articles/{id}/related) on a
DuckDB database built by hand: articles stored and merged as ingest does (stories kept current
incrementally), no model."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # starlette suggests httpx2; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from dateline.merge import merge_article  # noqa: E402
from dateline.merge.service import MergeState  # noqa: E402
from dateline.model import Article, Document  # noqa: E402
from dateline.store import open_store  # noqa: E402
from dateline.web import create_app  # noqa: E402

from .olddb import database_at_version  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# (key, title, body, published, source, url)
ARTICLES = [
    ("q1", "Earthquake strikes southern Turkey",
     "A powerful earthquake struck southern Turkey, collapsing buildings in Gaziantep.",
     "2025-03-10", "Harbor Post", None),
    ("q2", "Turkey quake toll rises",
     "Rescuers searched collapsed buildings after the earthquake in southern Turkey.",
     "2025-03-11", None, "https://www.valley.example/quake"),
    ("q3", "Rescuers dig through rubble in Gaziantep",
     "Rescue teams pulled survivors from collapsed buildings in Gaziantep after the "
     "earthquake in southern Turkey.",
     "2025-03-11", "Atlas Report", None),
    ("e1", "Ruling party wins Portugal election",
     "Portugal's ruling party won the parliamentary election, taking most seats.",
     "2025-04-20", "Harbor Post", None),
    ("e2", "Portuguese voters back ruling party",
     "Voters in Portugal gave the ruling party a parliamentary majority in the election.",
     "2025-04-21", "Meridian Daily", None),
    ("s1", "Museum opens dinosaur exhibition",
     "A museum unveiled a dinosaur skeleton exhibition for visiting schoolchildren.",
     "2025-03-10", "Crescent Wire", None),
]


def doc(title: str, body: str, published: str, source: str | None, url: str | None
        ) -> Document:
    return Document(article=Article(id=Article.make_id(body, title), origin=f"{title}.txt",
                                    body=body, title=title, published=published,
                                    source=source, url=url))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The database (stories kept by ingest's incremental hook) and key -> article id."""
    path = tmp_path_factory.mktemp("webstories") / "s.duckdb"
    store = open_store(path)
    state = MergeState()  # kept from one article to the next, as by an ingest
    ids = {}
    for key, *fields in ARTICLES:
        d = doc(*fields)
        assert store.add_document(d)
        merge_article(store, d.article.id, state=state)
        ids[key] = d.article.id
    store.close()
    return path, ids


@pytest.fixture()
def client(built):
    return TestClient(create_app(built[0]))


def assert_error(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert "Traceback" not in resp.text
    return body["error"]


def test_list_stories_default_hides_singletons_newest_first(client):
    data = client.get("/api/stories").json()
    assert data["total"] == 2 and data["limit"] == 50 and data["offset"] == 0
    assert [s["num_articles"] for s in data["items"]] == [2, 3]  # election (April) first
    quake = data["items"][1]
    assert quake["first_seen"] == "2025-03-10" and quake["last_seen"] == "2025-03-11"
    assert quake["num_outlets"] == 3
    assert quake["outlets"] == ["Atlas Report", "Harbor Post", "valley.example"]
    assert quake["method"] == "tfidf" and quake["id"].startswith("s_")
    assert quake["headline"] in {a[1] for a in ARTICLES[:3]}
    every = client.get("/api/stories", params={"min_size": 1}).json()
    assert every["total"] == 3


def test_list_stories_date_filter_sort_search_and_paging(client):
    march = client.get("/api/stories", params={"until": "2025-03"}).json()
    assert [s["num_articles"] for s in march["items"]] == [3]
    april = client.get("/api/stories", params={"since": "2025-04-01"}).json()
    assert [s["num_articles"] for s in april["items"]] == [2]
    day = client.get("/api/stories", params={"since": "2025-03-11", "until": "2025-03-11"})
    assert day.json()["total"] == 1  # the quake story spans that day
    big = client.get("/api/stories", params={"sort": "-num_articles"}).json()
    assert [s["num_articles"] for s in big["items"]] == [3, 2]
    page = client.get("/api/stories", params={"sort": "num_articles", "limit": 1,
                                              "offset": 1}).json()
    assert page["total"] == 2 and [s["num_articles"] for s in page["items"]] == [3]
    found = client.get("/api/stories", params={"q": "PORTUG"}).json()
    assert found["total"] == 1 and "Portug" in found["items"][0]["headline"]


@pytest.mark.parametrize("params", [{"sort": "nope"}, {"since": "2025-05", "until": "2025-04"}])
def test_list_stories_bad_parameters_are_400(client, params):
    assert_error(client.get("/api/stories", params=params), 400)


@pytest.mark.parametrize("params", [{"since": "March"}, {"limit": 0}, {"min_size": 0},
                                    {"limit": 5000}])
def test_list_stories_invalid_values_are_422(client, params):
    assert_error(client.get("/api/stories", params=params), 422)


def test_story_detail_lists_articles_with_outlets(client, built):
    _, ids = built
    sid = client.get("/api/stories", params={"sort": "-num_articles"}).json()["items"][0]["id"]
    story = client.get(f"/api/stories/{sid}").json()
    assert story["id"] == sid and story["num_articles"] == 3
    assert [a["id"] for a in story["articles"]][0] == ids["q1"]  # earliest first
    assert {a["id"] for a in story["articles"]} == {ids["q1"], ids["q2"], ids["q3"]}
    by_id = {a["id"]: a for a in story["articles"]}
    assert by_id[ids["q2"]]["source"] == "valley.example"  # URL host when no source
    assert all(0 < a["similarity"] <= 1 for a in story["articles"])
    assert story["headline"] == by_id[story["headline_article"]]["title"]


@pytest.mark.parametrize("sid", ["s_000000000000", "' OR 1=1 --", "%"])
def test_unknown_story_is_404(client, sid):
    assert_error(client.get(f"/api/stories/{sid}"), 404)


def test_related_articles_rank_the_story_first(client, built):
    _, ids = built
    data = client.get(f"/api/articles/{ids['q1']}/related").json()
    assert data["article_id"] == ids["q1"] and data["story_id"].startswith("s_")
    got = [it["id"] for it in data["items"]]
    assert set(got[:2]) == {ids["q2"], ids["q3"]}
    assert all(it["same_story"] for it in data["items"][:2])
    assert ids["e1"] not in got  # a month later: outside the 7-day window
    sims = [it["similarity"] for it in data["items"]]
    assert sims == sorted(sims, reverse=True) and sims[-1] >= 0.1
    wide = client.get(f"/api/articles/{ids['q1'][:10]}/related",  # unique prefix works
                      params={"window": 60, "min_similarity": 0.0, "k": 10}).json()
    assert len(wide["items"]) == 5 and wide["article_id"] == ids["q1"]
    one = client.get(f"/api/articles/{ids['q1']}/related", params={"k": 1}).json()
    assert len(one["items"]) == 1


def test_related_unknown_article_is_404_and_bad_k_422(client, built):
    assert_error(client.get("/api/articles/ffffffffffffffff/related"), 404)
    assert_error(client.get("/api/articles/%25/related"), 404)  # '%' is no wildcard
    assert_error(client.get(f"/api/articles/{built[1]['q1']}/related", params={"k": 0}), 422)


def test_version_2_database_serves_no_stories_but_related(tmp_path):
    path = tmp_path / "v2.duckdb"
    con = database_at_version(path, 2)
    for key, title, body, published, source, _ in ARTICLES[:2]:
        con.execute("INSERT INTO articles (id, title, body, published, source) VALUES "
                    "(?, ?, ?, ?, ?)", [key, title, body, published, source])
    con.close()
    client = TestClient(create_app(path))  # read-only: nothing migrated
    assert client.get("/api/stories").json() == {"total": 0, "limit": 50, "offset": 0,
                                                 "items": []}
    assert_error(client.get("/api/stories/s_000000000000"), 404)
    rel = client.get("/api/articles/q1/related").json()
    assert rel["story_id"] is None and [it["id"] for it in rel["items"]] == ["q2"]
    assert rel["items"][0]["same_story"] is False
