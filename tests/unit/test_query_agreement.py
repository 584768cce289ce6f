"""One question, one answer: ``dateline events --format json``, ``GET /api/events`` (from the
in-memory index and from DuckDB) and the index itself return the same events, in the same
order, on a table of filter combinations, and those are the events the table expects
(worked out by hand from tests/unit/querydb.py). Then every refused parameter, once through
the CLI (exit 2, one line on stderr) and once through the API (400, the error shape, the
allowed values)."""

from __future__ import annotations

import json
import warnings

import duckdb
import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from dateline.cli import app as cli_app  # noqa: E402
from dateline.query import EventFilter, check_page  # noqa: E402
from dateline.web import create_app  # noqa: E402
from dateline.web.eventindex import EventIndex  # noqa: E402

from . import querydb  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ALL = sorted(querydb.EVENTS)
DATED = [e for e in ALL if e not in ("e09", "e19")]

#: (API parameters, expected labels). A set: any order (the three readers must still agree
#: on the order); a list: exactly this order. "ARTICLE_A" stands for article A's id prefix.
TABLE: list[tuple[dict, object]] = [
    ({}, set(ALL)),
    # partial dates are intervals; undated events never match a date filter
    ({"until": "2019"}, {"e05", "e06", "e08", "e10", "e18"}),
    ({"since": "2023-11"}, {"e02", "e04", "e12", "e15", "e16", "e17"}),
    ({"since": "2023-11-10"}, {"e04", "e12", "e15", "e16", "e17"}),
    ({"until": "2023-11"}, set(DATED) - {"e17"}),
    ({"since": "2019-06", "until": "2019"}, {"e05", "e06", "e10", "e18"}),
    ({"until": "2018"}, {"e08", "e10"}),
    ({"since": "2020"}, {"e01", "e02", "e03", "e04", "e07", "e11", "e12", "e13", "e14", "e15",
                         "e16", "e17"}),
    ({"since": "2023-10-07", "until": "2023-10-07"}, {"e03", "e04", "e13"}),
    ({"since": "2010", "until": "2010"}, {"e10"}),  # a decade covers 2010
    ({"since": "2023-11-23", "until": "2023-11-23"}, {"e04", "e12", "e16"}),
    ({"since": "2024"}, {"e17"}),
    ({"until": "2019-12-04"}, {"e06", "e08", "e10"}),
    ({"since": "2019-01-02", "until": "2019-01-02"}, {"e06", "e08", "e10"}),
    ({"since": "2022", "until": "2022-12"}, {"e11"}),
    # types, old names, modes, modalities
    ({"type": "ASSAULT"}, {"e02", "e03", "e13"}),
    ({"type": "fight"}, {"e02", "e03", "e13"}),
    ({"type": "CONSULT"}, {"e01", "e09"}),
    ({"type": "CONSULT", "mode": "visit"}, {"e01"}),
    ({"mode": "phone"}, {"e09"}),
    ({"modality": "historical"}, {"e06", "e19"}),
    ({"modality": "NEGATED"}, {"e11"}),
    # dyads: actor side, recipient side, either side
    ({"actor": "putin"}, {"e09"}),
    ({"recipient": "putin"}, {"e01", "e11"}),
    ({"party": "putin"}, {"e01", "e09", "e11"}),
    ({"actor": "KIM"}, {"e01", "e10"}),
    ({"recipient": "hamas"}, {"e02", "e04"}),
    ({"actor": "hamas"}, {"e03", "e13", "e16"}),
    ({"party": "hamas"}, {"e02", "e03", "e04", "e13", "e16"}),
    # a canonical actor id (docs/actors.md) matches exactly, on its side
    ({"actor": "vladimir-putin@RUS"}, {"e09"}),
    ({"party": "hamas@PSE"}, {"e02", "e03", "e04", "e13", "e16"}),
    ({"party": "hamas@PS"}, set()),
    ({"country": "isr"}, {"e02", "e03", "e04", "e13", "e16", "e17"}),
    ({"actor_country": "ISR"}, {"e02", "e04", "e16"}),
    ({"recipient_country": "ISR"}, {"e03", "e13", "e17"}),
    ({"country": "FRA"}, {"e05", "e12", "e15", "e18"}),
    ({"country": "QAT"}, {"e16"}),  # the place only
    ({"actor_country": "USA", "recipient_country": "CHN"}, {"e07"}),
    ({"actor_sector": "MIL"}, {"e02", "e14"}),
    ({"recipient_sector": "cvl"}, {"e06", "e13", "e18"}),
    ({"sector": "IGO"}, {"e06"}),
    ({"sector": "REB"}, {"e02", "e03", "e04", "e13", "e16"}),
    ({"actor_sector": "GOV", "recipient_sector": "GOV"},
     {"e01", "e07", "e08", "e10", "e11", "e17", "e19"}),
    # confidence, places, text, article
    ({"min_confidence": "0.7"}, {"e01", "e02", "e03", "e11", "e12", "e13", "e16", "e18"}),
    ({"bbox": "30,29,36,34"}, {"e02", "e03", "e13"}),
    ({"bbox": "170,-90,-170,90"}, {"e14"}),  # across the antimeridian
    ({"q": "100%"}, {"e17"}),
    ({"q": "PARIS"}, {"e05", "e12", "e15", "e18"}),
    ({"article": "ARTICLE_A"}, {"e01", "e09", "e10", "e14", "e11"}),
    # combinations
    ({"type": "PROTEST", "country": "FRA", "since": "2019-12"}, {"e05"}),
    ({"party": "trump", "since": "2020", "until": "2020"}, {"e07"}),
    ({"actor": "xi"}, {"e09", "e19"}),
    ({"actor": "xi", "since": "2000"}, set()),  # both undated
    ({"recipient": "macron", "modality": "asserted"}, {"e05", "e15"}),
    ({"country": "PSE", "until": "2023-10"}, {"e03", "e04", "e06", "e13"}),
    # orders and pages
    ({"since": "2020", "sort": "date", "limit": "4", "offset": "2"},
     ["e11", "e04", "e01", "e03"]),
    ({"type": "ASSAULT", "sort": "-confidence"}, ["e13", "e02", "e03"]),
    ({"party": "macron", "sort": "-date"}, ["e15", "e12", "e05"]),
    ({"sort": "country", "limit": "3"}, ["e19", "e05", "e12"]),  # ties: article order
]
PAGE = ("sort", "limit", "offset")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("agree") / "agree.duckdb"
    labels, arts = querydb.build(path)
    indexed = create_app(path, cache_responses=False)
    assert indexed.state.event_index.build_now() is not None
    con = duckdb.connect(str(path), read_only=True)
    index = EventIndex.build(con.cursor(), ("test",))
    con.close()
    return {"path": str(path), "label": {v: k for k, v in labels.items()}, "arts": arts,
            "indexed": TestClient(indexed),
            "sql": TestClient(create_app(path, cache_responses=False, event_index=False)),
            "index": index}


def _params(world, params: dict) -> dict:
    return {k: (world["arts"]["A"][:8] if v == "ARTICLE_A" else v) for k, v in params.items()}


def via_cli(world, params: dict) -> list[str]:
    args = ["events", "--db", world["path"], "--format", "json"]
    for k, v in params.items():
        args += [f"--{k.replace('_', '-')}={v}"]
    res = CliRunner().invoke(cli_app, args)
    assert res.exit_code == 0, res.output
    return [world["label"][r["id"]] for r in json.loads(res.stdout)]


def via_api(world, client: str, params: dict) -> tuple[list[str], dict]:
    query = {"limit": "1000", **params}
    resp = world[client].get("/api/events", params=query)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert len(body["items"]) == min(body["total"] - int(query.get("offset", 0)),
                                     int(query["limit"])) or body["items"] == []
    return [world["label"][e["id"]] for e in body["items"]], dict(resp.headers)


def via_index(world, params: dict) -> list[str]:
    flt = EventFilter(**{k: v for k, v in params.items() if k not in PAGE})
    sort, limit, offset = check_page(params.get("sort"), int(params.get("limit", 1000)),
                                     int(params.get("offset", 0)))
    page = json.loads(world["index"].page_json(flt, sort, limit, offset))
    return [world["label"][e["id"]] for e in page["items"]]


@pytest.mark.parametrize("params,expected", TABLE,
                         ids=["&".join(f"{k}={v}" for k, v in p.items()) or "all"
                              for p, _ in TABLE])
def test_cli_api_and_index_give_the_same_events(world, params, expected):
    params = _params(world, params)
    cli = via_cli(world, params)
    indexed, headers = via_api(world, "indexed", params)
    sql, _ = via_api(world, "sql", params)
    direct = via_index(world, params)
    assert headers.get("x-event-index") == "hit"  # the index answered the API
    assert cli == indexed == sql == direct, (cli, indexed, sql, direct)
    if isinstance(expected, list):
        assert cli == expected
    else:
        assert set(cli) == expected and len(cli) == len(expected)


def test_the_table_is_big_and_selective():
    assert len(TABLE) >= 40
    partial = [p for p, _ in TABLE if any(len(p.get(k, "xxxx-xx-xx")) < 10
                                          for k in ("since", "until"))]
    assert len(partial) >= 10
    answers = {frozenset(e) for _, e in TABLE}
    assert len(answers) >= 35  # the rows select different events


def test_an_old_type_name_is_read_with_a_note(world):
    res = CliRunner().invoke(cli_app, ["events", "--db", world["path"], "--type", "FIGHT",
                                       "--format", "json"])
    assert res.exit_code == 0
    assert res.stderr.strip() == ("note: type FIGHT is PLOVER's old name for ASSAULT; "
                                  "showing ASSAULT events")
    assert len(json.loads(res.stdout)) == 3
    for client in ("indexed", "sql"):
        resp = world[client].get("/api/events", params={"type": "FIGHT"})
        assert resp.status_code == 200 and resp.json()["total"] == 3
        assert "old name for ASSAULT" in resp.headers["x-dateline-note"]
    plain = world["indexed"].get("/api/events", params={"type": "ASSAULT"})
    assert "x-dateline-note" not in plain.headers


# -- refused parameters ---------------------------------------------------------------------
#: (parameters, the parameter named in the refusal, a piece of the reason, an allowed value)
BAD = [
    ({"type": "BOMBING"}, "type", "not a PLOVER event type", "ASSAULT"),
    ({"mode": "sideways"}, "mode", "not a mode", "visit"),
    ({"type": "ASSAULT", "mode": "visit"}, "mode", "not a mode of ASSAULT", "aerial"),
    ({"modality": "maybe"}, "modality", "not a modality", "asserted"),
    ({"sector": "XYZ"}, "sector", "not a sector", "GOV"),
    ({"actor_sector": "army"}, "actor_sector", "not a sector", "MIL"),
    ({"recipient_sector": "PTY"}, "recipient_sector", "not a sector", "OPP"),
    ({"country": "Israel"}, "country", "did you mean ISR?", "ISR"),
    ({"actor_country": "XXX"}, "actor_country", "unknown ISO3", "USA"),
    ({"recipient_country": "UK"}, "recipient_country", "unknown ISO3", "GBR"),
    ({"since": "2023-13-45"}, "since", "not a date on the calendar", "YYYY-MM-DD"),
    ({"until": "2023-02-30"}, "until", "not a date on the calendar", "YYYY-MM"),
    ({"since": "yesterday"}, "since", "not a date", "YYYY"),
    ({"since": "2020", "until": "2019"}, "since", "is after until", None),
    ({"since": "2023-11-05", "until": "2023-11-04"}, "since", "is after until", None),
    ({"limit": "-5"}, "limit", "at least 1", None),
    ({"offset": "-1"}, "offset", "0 or more", None),
    ({"min_confidence": "5"}, "min_confidence", "between 0 and 1", None),
    ({"min_confidence": "-0.1"}, "min_confidence", "between 0 and 1", None),
    ({"bbox": "1,2,3"}, "bbox", "four numbers", None),
    ({"sort": "evidence"}, "sort", "unknown sort key", "confidence"),
]


@pytest.mark.parametrize("params,param,reason,allowed", BAD,
                         ids=["&".join(f"{k}={v}" for k, v in p.items()) for p, *_ in BAD])
def test_cli_refuses_with_one_line_and_status_2(world, params, param, reason, allowed):
    args = ["events", "--db", world["path"]]
    for k, v in params.items():
        args += [f"--{k.replace('_', '-')}={v}"]
    res = CliRunner().invoke(cli_app, args)
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: --{param.replace('_', '-')}: ")
    assert reason in lines[0] and "Traceback" not in res.output
    assert res.stdout == ""


@pytest.mark.parametrize("params,param,reason,allowed", BAD,
                         ids=["&".join(f"{k}={v}" for k, v in p.items()) for p, *_ in BAD])
def test_api_refuses_with_400_and_the_allowed_values(world, params, param, reason, allowed):
    for client in ("indexed", "sql"):
        resp = world[client].get("/api/events", params=params)
        assert resp.status_code == 400, resp.text
        body = resp.json()
        assert set(body) == {"error"}
        err = body["error"]
        assert err["status"] == 400 and err["code"] == "bad-parameter"
        assert err["parameter"] == param and err["message"].startswith(f"{param}: ")
        assert reason in err["message"] and "\n" not in err["message"]
        if allowed is not None:
            assert allowed in err["allowed"]


@pytest.mark.parametrize("query", ["recipient_name=Hamas", "countries=ISR", "type=AID&foo=1"])
def test_api_refuses_unknown_parameters(world, query):
    for client in ("indexed", "sql"):
        for path in ("/api/events", "/api/stats", "/api/timeline", "/api/export/events.csv"):
            resp = world[client].get(f"{path}?{query}")
            assert resp.status_code == 400, (path, resp.text)
            err = resp.json()["error"]
            assert "unknown parameter" in err["message"] and "party" in err["allowed"]


def test_api_refuses_a_parameter_given_twice(world):
    resp = world["indexed"].get("/api/events?type=AID&type=ASSAULT")
    assert resp.status_code == 400 and "more than once" in resp.json()["error"]["message"]


def test_cli_refuses_unknown_options(world):
    res = CliRunner().invoke(cli_app, ["events", "--db", world["path"], "--recipient-name",
                                       "Hamas"])
    assert res.exit_code == 2 and "No such option" in res.output
