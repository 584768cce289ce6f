"""dateline.stats: counts by any dimensions over any filter, through Python, ``dateline
stats`` and ``GET /api/stats`` (the hand-built database of tests/unit/querydb.py)."""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest
from typer.testing import CliRunner

from dateline.cli import app as cli_app
from dateline.errors import FilterError
from dateline.query import EventFilter, events
from dateline.stats import DIMENSIONS, count_by, parse_by
from dateline.store import open_store

from . import querydb


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats") / "stats.duckdb"
    querydb.build(path)
    return path


@pytest.fixture()
def con(db):
    store = open_store(db, read_only=True)
    yield store.con
    store.close()


def _pairs(data, dim):
    return [(r[dim], r["count"]) for r in data["rows"]]


def test_years_are_calendar_buckets_in_order(con):
    data = count_by(con, EventFilter(), ("year",))
    assert data["total"] == 19 and data["by"] == ["year"]
    assert _pairs(data, "year") == [("2018", 1), ("2019", 3), ("2020", 1), ("2021", 1),
                                    ("2022", 1), ("2023", 8), ("2024", 1),
                                    ("unknown year", 1), ("undated", 2)]  # "201": a decade


def test_months_leave_year_only_dates_in_unknown_month(con):
    data = count_by(con, EventFilter(), ("month",))
    assert _pairs(data, "month") == [
        ("2018-12", 1), ("2019-12", 2), ("2020-01", 1), ("2021-12", 1), ("2022-02", 1),
        ("2023-09", 1), ("2023-10", 2), ("2023-11", 4), ("2024-01", 1),
        ("unknown month", 3), ("undated", 2)]
    assert sum(n for _, n in _pairs(data, "month")) == 19


def test_a_country_bucket_counts_what_the_country_filter_finds(con):
    data = count_by(con, EventFilter(), ("country",))
    assert data["rows"][0] == {"country": "ISR", "count": 6}  # largest first
    for row in data["rows"]:
        if row["country"] is not None:
            found = events(con, EventFilter(country=row["country"]), limit=None)[1]
            assert found == row["count"], row
    assert sum(r["count"] for r in data["rows"]) > data["total"]  # several per event


def test_two_dimensions_count_each_combination(con):
    data = count_by(con, EventFilter(), ("country", "type"))
    rows = {(r["country"], r["type"]): r["count"] for r in data["rows"]}
    assert rows[("ISR", "ASSAULT")] == 3 and rows[("FRA", "PROTEST")] == 1
    # countries by their total, then each country's types by their count there
    assert [(r["type"], r["count"]) for r in data["rows"] if r["country"] == "ISR"] == \
        [("ASSAULT", 3), ("ACCUSE", 1), ("AGREE", 1), ("SUPPORT", 1)]
    assert [r["country"] for r in data["rows"][:4]] == ["ISR"] * 4
    assert data["groups"] == len(data["rows"])


def test_dyad_dimensions(con):
    actors = {r["actor"]: r["count"] for r in count_by(con, EventFilter(), ("actor",))["rows"]}
    assert actors["Hamas"] == 3 and actors["Vladimir Putin"] == 1  # e09: Putin acts
    recips = count_by(con, EventFilter(), ("recipient",))["rows"]
    assert {"recipient": None, "count": 3} in recips  # the reciprocal events
    assert {r["recipient"]: r["count"] for r in recips}["Vladimir Putin"] == 2
    dyads = count_by(con, EventFilter(actor_country="USA"), ("actor", "recipient_country"))
    assert {(r["actor"], r["recipient_country"]) for r in dyads["rows"]} == \
        {("Donald Trump", "CHN"), ("Donald Trump", "ISR"), ("United States", "RUS")}


def test_quads_in_plover_order_and_a_filter_applies(con):
    data = count_by(con, EventFilter(since="2023-11"), ("quad",))
    assert data["total"] == 6
    assert _pairs(data, "quad") == [("verbal cooperation", 2), ("material cooperation", 1),
                                    ("verbal conflict", 2), ("material conflict", 1)]


def test_limit_keeps_the_first_rows(con):
    data = count_by(con, EventFilter(), ("type",), limit=2)
    assert len(data["rows"]) == 2 and data["groups"] == 14
    assert data["rows"][0] == {"type": "ASSAULT", "count": 3}


def test_dimensions_are_checked():
    assert parse_by("Country, type") == ("country", "type")
    for bad in ("", "colour", "type,type"):
        with pytest.raises(FilterError) as err:
            parse_by(bad)
        assert err.value.param == "by" and "month" in err.value.allowed
    assert set(DIMENSIONS) >= {"type", "quad", "country", "actor", "recipient", "month",
                               "year", "modality"}


# -- the command ----------------------------------------------------------------------------
def test_stats_command_formats(db):
    runner = CliRunner()
    res = runner.invoke(cli_app, ["stats", "--db", str(db), "--by", "country,type",
                                  "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == ["country", "type", "count"]
    assert {"country": "ISR", "type": "ASSAULT", "count": "3"} in rows
    res = runner.invoke(cli_app, ["stats", "--db", str(db), "--by", "month", "--format", "json",
                                  "--party", "hamas"])
    data = json.loads(res.stdout)
    assert data["total"] == 5 and data["rows"][-1] == {"month": "unknown month", "count": 1}
    res = runner.invoke(cli_app, ["stats", "--db", str(db), "--by", "year"])
    assert res.exit_code == 0 and "19 events by year" in res.stdout and "undated" in res.stdout


@pytest.mark.parametrize("args,flag", [(["--by", "colour"], "--by"),
                                       (["--limit", "0"], "--limit"),
                                       (["--country", "Israel"], "--country"),
                                       (["--since", "2023-13"], "--since")])
def test_stats_command_refuses_bad_parameters(db, args, flag):
    res = CliRunner().invoke(cli_app, ["stats", "--db", str(db), *args])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"error: {flag}: ") and len(res.stderr.splitlines()) == 1


# -- the endpoint ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(db):
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from dateline.web import create_app

    return TestClient(create_app(db))


def test_api_stats_by_dimensions(client, con):
    data = client.get("/api/stats", params={"by": "country,type"}).json()
    assert data == count_by(con, EventFilter(), ("country", "type"))
    data = client.get("/api/stats", params={"by": "year", "type": "fight"})
    assert data.status_code == 200 and "ASSAULT" in data.headers["x-dateline-note"]
    assert [(r["year"], r["count"]) for r in data.json()["rows"]] == [("2023", 3)]
    text = client.get("/api/stats", params={"by": "modality", "format": "csv"})
    assert text.headers["content-type"].startswith("text/csv")
    assert text.text.splitlines()[:2] == ["modality,count", "asserted,14"]


def test_api_stats_overview_follows_the_filter(client):
    s = client.get("/api/stats", params={"country": "ISR"}).json()
    assert s["counts"]["matching"] == 6 and s["counts"]["events"] == 19
    assert sum(s["events_by_type"].values()) == 6


@pytest.mark.parametrize("query,param", [("by=colour", "by"), ("by=type&limit=0", "limit"),
                                         ("by=type&format=xml", "format"),
                                         ("format=csv", "format"),
                                         ("country=Israel", "country")])
def test_api_stats_refuses_bad_parameters(client, query, param):
    resp = client.get(f"/api/stats?{query}")
    assert resp.status_code == 400
    assert resp.json()["error"]["parameter"] == param
