"""The in-memory event index and the fast path of GET /api/events answer exactly what the
DuckDB query path answers (hand-built DuckDB databases, no model)."""

from __future__ import annotations

import itertools
import json
import time
import warnings
from urllib.parse import urlencode

import duckdb
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from dateline.store import open_store  # noqa: E402
from dateline.web import create_app  # noqa: E402
from dateline import query as Q  # noqa: E402
from dateline.web.eventindex import EventIndex, EventIndexHolder  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

N_EVENTS = 600


def build_db(path, n: int = N_EVENTS) -> None:
    """Events with every awkward value the filters and sorts meet: NULL and partial dates,
    date ranges, NULL places and confidences, shared sort values (ties), several actors per
    event, NULL actor names, upper case, non-ASCII text and double spaces in the evidence."""
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute(f"""
        CREATE TEMP TABLE g AS SELECT i,
          printf('%08x', hash(i, 'id') % 4294967296) AS id,
          printf('art%03d', i % 37) AS article_id,
          ['CONSULT', 'ACCUSE', 'AID', 'PROTEST', NULL][1 + i % 5] AS event,
          ['visit', NULL, 'demo'][1 + i % 3] AS mode,
          ['asserted', 'historical', 'future', NULL][1 + i % 4] AS modality,
          CASE i % 6 WHEN 0 THEN (CASE WHEN i % 12 = 0 THEN NULL ELSE '202' END)
               WHEN 1 THEN CAST(2023 + i % 3 AS VARCHAR)
               WHEN 2 THEN printf('%d-%02d', 2024, 1 + i % 12)
               ELSE CAST(DATE '2024-01-01' + CAST(i * 7 % 700 AS INTEGER) AS VARCHAR) END
            AS date,
          CASE WHEN i % 11 = 0 THEN CAST(DATE '2025-03-01' + CAST(i % 40 AS INTEGER) AS VARCHAR)
               END AS date_end,
          CASE WHEN i % 7 = 0 THEN NULL ELSE ['Moscow', 'Paris', 'Zürich', 'lagos'][1 + i % 4]
               END AS place,
          CASE WHEN i % 7 = 0 THEN NULL ELSE ['RUS', 'FRA', 'CHE', 'NGA'][1 + i % 4] END AS pc,
          CASE WHEN i % 9 = 0 THEN NULL ELSE CAST(i * 37 % 170 AS DOUBLE) - 85 END AS lat,
          CASE WHEN i % 9 = 0 THEN NULL ELSE CAST(i * 53 % 360 AS DOUBLE) - 180 END AS lon,
          CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(i % 10 AS DOUBLE) / 10 END AS confidence,
          ['042', NULL, '112'][1 + i % 3] AS cameo,
          ['body', 'title'][1 + i % 2] AS field,
          i % 5 AS estart,
          ['Kim Jong-un', 'Vladimir Putin', 'Emmanuel Macron', 'Bola Tinubu', NULL][1 + i % 5]
            AS a_name,
          ['PRK', 'RUS', 'FRA', 'NGA', NULL][1 + i % 5] AS a_country,
          ['GOV', 'MIL', 'CVL', 'REB', NULL][1 + i % 5] AS a_sector,
          ['GOV', 'IGO'][1 + i % 2] AS r_sector,
          ['Kim', 'Putin', 'MACRON', 'Tinubu', 'the crowd'][1 + i % 5] AS a_text,
          ['Xi Jinping', 'Olaf Scholz', 'António Guterres'][1 + i % 3] AS r_name,
          ['CHN', 'DEU', NULL][1 + i % 3] AS r_country,
          CASE WHEN i % 17 = 0 THEN NULL
               ELSE ['Kim met Putin in Moscow.', 'Talks  held in Zürich, said Guterres.',
                     'PROTESTERS chanted in Lagos on Monday.', 'China accused Japan again.',
                     'Aid arrived: 100% of it.'][1 + i % 5] || ' #' || CAST(i % 23 AS VARCHAR)
               END AS evidence
        FROM range({n}) t(i)""")
    con.execute("""
        INSERT INTO events (id, article_id, event, mode, modality, context, cameo, actor,
            recipient, date, date_end, date_text, location, place, lat, lon, place_country,
            evidence_field, evidence, evidence_start, evidence_end, mentions, confidence)
        SELECT id, article_id, event, mode, modality, '[]', cameo,
               json_array(json_object('text', a_text, 'name', a_name, 'country', a_country)),
               json_array(json_object('text', r_name, 'name', r_name, 'country', r_country)),
               date, date_end, NULL, NULL, place, lat, lon, pc, field, evidence, estart,
               estart + 10, '[]', confidence
        FROM g""")
    con.execute("""
        INSERT INTO event_actors (event_id, role, text, name, country, sector, wikidata)
        SELECT id, 'actor', a_text, a_name, a_country, a_sector, NULL FROM g
        UNION ALL SELECT id, 'recipient', r_name, r_name, r_country, r_sector, NULL FROM g
        UNION ALL SELECT id, 'actor', 'Second Actor', NULL, 'UKR', 'GOV', NULL FROM g
            WHERE i % 10 = 3""")
    # the articles' publication dates (none, a day, a time, a bad value): events dated after
    # them are implausible and sort after the plausible ones by date
    con.execute("""
        INSERT INTO articles (id, body, published)
        SELECT printf('art%03d', i), 'x', [NULL, '2024-06-01', '2024-09-30T23:00:00Z',
                                           'soon', '2025-01-01'][1 + i % 5]
        FROM range(37) t(i)""")
    con.close()


@pytest.fixture(scope="module")
def events_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("idx") / "events.duckdb"
    build_db(path)
    return path


@pytest.fixture(scope="module")
def index_and_cursor(events_db):
    con = duckdb.connect(str(events_db), read_only=True)
    cur = con.cursor()
    yield EventIndex.build(cur, ("test",)), cur
    con.close()


FILTERS = [
    {}, {"type": "consult"}, {"type": "AGREE"}, {"modality": "HISTORICAL"},
    {"recipient": "guterres"}, {"recipient": "putin"}, {"party": "putin"}, {"party": "o"},
    {"actor": "o", "recipient": "x"}, {"actor_country": "RUS"}, {"recipient_country": "chn"},
    {"actor_country": "CHN"}, {"sector": "igo"}, {"actor_sector": "MIL"},
    {"recipient_sector": "GOV", "actor_sector": "GOV"}, {"mode": "visit"}, {"mode": "demo"},
    {"type": "CONSULT", "mode": "visit"}, {"since": "2020"}, {"until": "2019"},
    {"until": "2020-06"}, {"since": "2025-03-15", "until": "2025-03-20"},
    {"actor": "putin"}, {"actor": "IN"}, {"actor": "the crowd"}, {"actor": "ü"},
    {"actor": "%"}, {"actor": "second"}, {"country": "rus"}, {"country": "UKR"},
    {"country": "CHN"}, {"since": "2025"}, {"since": "2024-06"}, {"since": "2024-06-15"},
    {"until": "2024"}, {"until": "2024-03"}, {"until": "2024-03-10"},
    {"since": "2024-02", "until": "2024-05-31"}, {"article": "art01"}, {"article": "art0"},
    {"article": "x"}, {"min_confidence": 0.5}, {"min_confidence": 0.0},
    {"bbox": (-10.0, -40.0, 60.0, 40.0)}, {"bbox": (170.0, -90.0, -170.0, 90.0)},
    {"q": "talks"}, {"q": "TALKS  HELD"}, {"q": "talks held"}, {"q": "in moscow. #1"},
    {"q": "100%"}, {"q": "n m"}, {"q": " in "}, {"q": "zürich, said"}, {"q": "#2"},
    {"q": "a"}, {"q": "  "}, {"q": "kim met putin"}, {"q": "t putin in moscow. #"},
    {"q": "said guterres. #2"}, {"q": "arrived: 100% of"}, {"q": "#3 kim"}, {"q": "in m"},
    {"q": "on monday. #1"}, {"q": "putin in paris"}, {"q": "d in zürich, said"},
    {"type": "PROTEST", "country": "NGA", "since": "2024-01-01", "q": "lagos"},
    {"actor": "kim", "modality": "asserted", "min_confidence": 0.3, "article": "art02"},
]
SORTS = [None, "date", "-date", "event", "-mode", "modality", "-confidence", "confidence",
         "place", "-country", "article", "cameo", "-cameo", "id", "-id"]


def _sql_page(cur, flt, sort, limit, offset):
    rows, total = Q.events(cur, flt, sort=sort, limit=limit, offset=offset)
    return json.loads(json.dumps({"total": total, "limit": limit, "offset": offset,
                                  "items": rows}))


@pytest.mark.parametrize("params", FILTERS, ids=[urlencode(f) or "all" for f in FILTERS])
def test_index_answers_like_sql_for_every_sort(index_and_cursor, params):
    index, cur = index_and_cursor
    flt = Q.EventFilter(**params)
    for sort, (limit, offset) in itertools.product(SORTS, [(25, 0), (40, 17), (5, 590)]):
        expected = _sql_page(cur, flt, sort, limit, offset)
        got = json.loads(index.page_json(flt, sort, limit, offset))
        assert got == expected, (params, sort, limit, offset)
    assert json.loads(index.page_json(flt, None, 10, 0))["total"] == \
        _sql_page(cur, flt, None, 10, 0)["total"]


def test_implausible_dates_are_flagged_and_sorted_after_plausible_ones(index_and_cursor):
    index, cur = index_and_cursor
    items = json.loads(index.page_json(Q.EventFilter(), None, N_EVENTS, 0))["items"]
    flags = [e["date_implausible"] for e in items]
    dated = [e for e in items if e["date"]]
    assert 0 < sum(flags) < len(dated)  # both kinds occur
    first = flags.index(True)  # newest first: every plausible dated event, then the others
    assert all(flags[first:len(dated)]) and not any(flags[:first])
    assert all(e["date"] is None for e in items[len(dated):])
    for e in items:
        published = cur.execute("SELECT published FROM articles WHERE id = ?",
                                [e["article_id"]]).fetchone()
        assert e["date_implausible"] == Q.date_implausible(
            e["modality"], e["date"], published[0] if published else None), e


def test_index_filters_are_not_trivial(index_and_cursor):
    """The equality above is only worth something if the filters select different rows."""
    index, _ = index_and_cursor
    totals = {urlencode(p): json.loads(index.page_json(Q.EventFilter(**p), None, 1, 0))["total"]
              for p in FILTERS}
    assert totals[""] == N_EVENTS
    assert len(set(totals.values())) > 20
    assert 0 < totals["q=TALKS++HELD"] <= totals["q=talks"] < N_EVENTS  # two spaces
    assert totals["q=talks+held"] == 0 and totals["type=AGREE"] == 0
    assert 0 < totals["q=in+moscow.+%231"] < totals["q=%232"] < N_EVENTS


def _app(db, **kw):
    app = create_app(db, **kw)
    if app.state.event_index is not None:
        assert app.state.event_index.build_now() is not None
    return app


QUERIES = [
    "", "type=CONSULT&sort=-confidence&limit=7", "actor=kim&offset=3", "country=fra",
    "since=2024-03&until=2024-12-31&sort=date", "bbox=-10,-40,60,40&limit=1000",
    "q=talks%20%20held", "q=%3Cscript%3E", "min_confidence=0.7&sort=place",
    "min_confidence=1", "min_confidence=0.50", "article=art01&sort=id", "limit=007&offset=010",
    "sort=%2Bdate", "sort=--date", "type=", "unknown=1", "modality=future&limit=3&offset=2",
    # FastAPI's to judge: the fast path passes these on
    "limit=0", "limit=1001", "limit=abc", "offset=-1", "min_confidence=2", "min_confidence=.5",
    "min_confidence=1e-1", "since=yesterday", "since=", "since=2025&until=2024",
    "bbox=1,2,3", "bbox=0,95,10,99", "sort=evidence", "sort=", "type=A&type=B",
    "actor=" + "x" * 201, "q=" + "y" * 500,
    "recipient=putin&party=o", "sector=IGO&mode=visit", "type=FIGHT", "type=BOMBING",
    "country=Russia", "since=2023-13-45", "until=2023", "recipient_name=x", "limit=-5",
]


@pytest.mark.parametrize("query", QUERIES)
def test_fast_path_and_fastapi_give_the_same_answer(events_db, query):
    fast = TestClient(_app(events_db, cache_responses=False))
    plain = TestClient(_app(events_db, cache_responses=False, event_index=False))
    a, b = fast.get(f"/api/events?{query}"), plain.get(f"/api/events?{query}")
    assert a.status_code == b.status_code
    assert a.json() == b.json()
    assert a.headers["content-security-policy"] == b.headers["content-security-policy"]
    assert a.headers.get("x-dateline-note") == b.headers.get("x-dateline-note")
    assert "x-event-index" not in b.headers
    if a.status_code == 200:  # the index answered (in the fast path or the endpoint)
        assert a.headers["x-event-index"] == "hit"
        assert a.headers["content-type"] == "application/json"
    else:
        assert "x-event-index" not in a.headers


def test_cached_answers_of_the_fast_path(events_db):
    client = TestClient(_app(events_db))
    first = client.get("/api/events?type=AID")
    again = client.get("/api/events?type=AID")
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert first.headers["x-event-index"] == "hit"
    assert again.json() == first.json() and again.headers["x-content-type-options"] == "nosniff"
    assert "x-cache" not in client.get("/api/events?limit=0").headers


def test_index_follows_database_changes(tmp_path):
    path = tmp_path / "live.duckdb"
    build_db(path, 50)
    app = create_app(path, cache_responses=False)
    holder: EventIndexHolder = app.state.event_index
    holder.settle = 0.2
    client = TestClient(app)
    first = holder.build_now()
    assert first is not None and first.n == 50
    assert client.get("/api/events?limit=1").headers["x-event-index"] == "hit"
    assert holder.wait_idle()
    app.state.db.close()
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM events WHERE article_id = 'art001'")
    con.close()
    stale = client.get("/api/events?limit=1")
    assert "x-event-index" not in stale.headers  # the SQL path answers at once
    expected = 50 - sum(1 for i in range(50) if i % 37 == 1)
    assert stale.json()["total"] == expected
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # rebuilt in the background once the file settles
        resp = client.get("/api/events?limit=1")
        if resp.headers.get("x-event-index") == "hit":
            break
        time.sleep(0.05)
    assert resp.headers.get("x-event-index") == "hit" and resp.json()["total"] == expected
    assert holder.wait_idle()


def test_too_many_events_are_not_indexed(events_db):
    app = create_app(events_db, cache_responses=False)
    app.state.event_index.max_events = 10
    assert app.state.event_index.build_now() is None
    resp = TestClient(app).get("/api/events?type=AID")
    assert resp.status_code == 200 and "x-event-index" not in resp.headers
    assert resp.json()["total"] == sum(1 for i in range(N_EVENTS) if i % 5 == 2)


def test_missing_database_still_503_with_index(tmp_path):
    client = TestClient(create_app(tmp_path / "none.duckdb"))
    resp = client.get("/api/events")
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "no-database"


def test_openapi_documents_the_event_page(events_db):
    spec = TestClient(create_app(events_db)).get("/openapi.json").json()
    ok = spec["paths"]["/api/events"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/EventPage")
    page = spec["components"]["schemas"]["EventPage"]
    assert set(page["properties"]) == {"total", "limit", "offset", "items"}
    item = spec["components"]["schemas"]["EventItem"]["properties"]
    assert {"id", "event", "actor", "recipient", "evidence", "mentions"} <= set(item)


def test_fast_path_parses_plain_queries_and_passes_on_the_rest():
    from dateline.web.fastpath import _Fallback, parse

    flt, sort, limit, offset = parse(b"type=AID&actor=Kim%20Jong&bbox=1,2,3,4&min_confidence=0.5"
                                     b"&since=2024&until=2025-01-31&sort=-date&limit=7&offset=9",
                                     1000)
    assert (flt.type, flt.actor, flt.bbox, flt.min_confidence) == ("AID", "Kim Jong",
                                                                   (1.0, 2.0, 3.0, 4.0), 0.5)
    assert (flt.since, flt.until, sort, limit, offset) == ("2024", "2025-01-31", "-date", 7, 9)
    assert parse(b"", 1000)[1:] == (None, 50, 0)
    for bad in [b"limit=0", b"limit=2000", b"offset=-1", b"limit=1.5", b"min_confidence=1.5",
                b"min_confidence=nan", b"since=2025-1", b"since=2025&until=2024",
                b"bbox=1,2", b"sort=evidence", b"type=A&type=B", b"q=" + b"x" * 501]:
        with pytest.raises(_Fallback):
            parse(bad, 1000)


def test_serve_with_workers_uses_the_env_factory(monkeypatch, events_db):
    import typer
    import uvicorn
    from typer.testing import CliRunner

    from dateline.web import cli_serve

    calls: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    for key in (cli_serve.ENV_DB, cli_serve.ENV_CORS, cli_serve.ENV_MODEL, cli_serve.ENV_STAGES,
                "DATELINE_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    cli = typer.Typer()
    cli_serve.register(cli)

    @cli.command()
    def other() -> None:
        pass

    res = CliRunner().invoke(cli, ["serve", "--db", str(events_db), "--workers", "3",
                                   "--cors", "http://a.example"])
    assert res.exit_code == 0, res.output
    assert calls["app"] == "dateline.web.cli_serve:app_from_env" and calls["factory"] is True
    assert calls["workers"] == 3
    app = cli_serve.app_from_env()  # what each worker builds
    assert app.state.db.path == str(events_db) and app.state.token is None
    assert TestClient(app).get("/api/events?limit=1").json()["total"] == N_EVENTS
    assert CliRunner().invoke(cli, ["serve", "--workers", "0"]).exit_code != 0


def test_build_is_dropped_when_the_database_changes_meanwhile(events_db):
    db = create_app(events_db).state.db
    calls = {"n": 0}

    def stamp() -> tuple:
        calls["n"] += 1
        return (calls["n"] > 1,)  # a new state after the first look

    holder = EventIndexHolder(stamp, db.reader)
    assert holder.build_now() is None and holder._index is None


def test_builds_are_spaced_out(events_db):
    db = create_app(events_db).state.db
    state = {"stamp": 1}
    holder = EventIndexHolder(lambda: (state["stamp"],), db.reader, settle=0.0)
    assert holder.build_now() is not None
    state["stamp"] = 2
    holder._next_build = time.monotonic() + 100  # as after a long build
    assert holder.get() is None and holder.get() is None and not holder._building
    holder._next_build = 0.0
    assert holder.get() is None  # starts the build
    assert holder.wait_idle()
    index = holder.get()
    assert index is not None and index.stamp == (2,) and index.n == N_EVENTS
