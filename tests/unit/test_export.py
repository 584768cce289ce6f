"""Exports an R, pandas or DuckDB user loads without cleaning (dateline.export): every format
(CLI and API) loaded back by DuckDB with its types checked, the column dictionary of
docs/api.md against the files, and the GDELT-style exports at merged-event level (two
articles reporting one event give counts of 2). Hand-built databases, no model."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from dateline import export as X  # noqa: E402
from dateline.cli import app as cli_app  # noqa: E402
from dateline.merge import merge_article  # noqa: E402
from dateline.model import Actor, Article, Document, Event, Evidence, Location  # noqa: E402
from dateline.store import open_store  # noqa: E402
from dateline.web import create_app  # noqa: E402
from dateline.web import exports as WX  # noqa: E402

from . import querydb  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"
runner = CliRunner()

#: DuckDB's name of each FLAT_COLUMNS type as a loaded file reports it
TYPES = {"VARCHAR": "VARCHAR", "DATE": "DATE", "BOOLEAN": "BOOLEAN", "DOUBLE": "DOUBLE",
         "INTEGER": ("INTEGER", "BIGINT")}


def test_dates_of_every_precision_become_typed_periods():
    cases = {"2019-05-03": ("2019-05-03", "2019-05-03", "day"),
             "2019-05": ("2019-05-01", "2019-05-31", "month"),
             "2024-02": ("2024-02-01", "2024-02-29", "month"),  # a leap year
             "2023-02": ("2023-02-01", "2023-02-28", "month"),
             "2019": ("2019-01-01", "2019-12-31", "year"),
             "199": ("1990-01-01", "1999-12-31", "decade")}
    for value, (first, last, precision) in cases.items():
        assert (X.first_day(value), X.last_day(value), X.date_precision(value)) == \
            (first, last, precision), value
    assert X.first_day(None) is X.last_day(None) is X.date_precision(None) is None
    assert X.publication_day("2025-09-02T10:00:00Z") == "2025-09-02"
    assert X.publication_day("yesterday") is None


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "q.duckdb"
    labels, _ = querydb.build(path)
    return {"path": path, "labels": labels, "client": TestClient(create_app(path)),
            "dir": path.parent}


def _load(path: Path, fmt: str) -> tuple[dict[str, str], list[tuple]]:
    """A file as DuckDB reads it on its own: column types and rows."""
    reader = {"csv": "read_csv", "jsonl": "read_json", "parquet": "read_parquet"}[fmt]
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM {reader}('{path}')")
    types = dict(zip(rel.columns, (str(t) for t in rel.types)))
    return types, rel.fetchall()


def _check_types(types: dict[str, str], rows: list[tuple], fmt: str) -> None:
    """Every column has its dictionary type; in CSV and JSON lines (typed by sniffing) a
    column missing in every row may read as anything, and text as anything."""
    assert list(types) == list(X.FLAT_COLUMNS), fmt
    for i, (col, (want, _)) in enumerate(X.FLAT_COLUMNS.items()):
        if fmt != "parquet" and (want == "VARCHAR" or all(r[i] is None for r in rows)):
            continue
        ok = TYPES[want]
        assert types[col] in (ok if isinstance(ok, tuple) else (ok,)), (fmt, col, types[col])


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_api_exports_load_with_typed_dates(world, fmt):
    resp = world["client"].get(f"/api/export/events.{fmt}")
    assert resp.status_code == 200
    path = world["dir"] / f"api.{fmt}"
    path.write_bytes(resp.content)
    types, rows = _load(path, fmt)
    _check_types(types, rows, fmt)
    assert len(rows) == len(querydb.EVENTS)
    by_id = {r[0]: dict(zip(types, r)) for r in rows}
    e06 = by_id[world["labels"]["e06"]]  # dated to a year: the year as a period
    assert str(e06["date"]) == "2019-01-01" and str(e06["date_end"]) == "2019-12-31"
    assert e06["date_precision"] == "year" and e06["date_value"] == "2019"
    e05 = by_id[world["labels"]["e05"]]  # a range
    assert str(e05["date"]) == "2019-12-05" and str(e05["date_end"]) == "2019-12-20"
    e10 = by_id[world["labels"]["e10"]]  # a decade
    assert str(e10["date"]) == "2010-01-01" and e10["date_precision"] == "decade"
    assert str(e06["published"]) == "2024-01-02" and e06["date_implausible"] is False
    e09 = by_id[world["labels"]["e09"]]  # undated: missing, not "" or 0
    assert e09["date"] is None and e09["date_precision"] is None and e09["lat"] is None
    e16 = by_id[world["labels"]["e16"]]  # two actors: names and countries in the same order
    assert e16["actor"] == "Israel; Hamas" and e16["actor_country"] == "ISR; PSE"
    assert e16["lat"] == pytest.approx(25.29) and e16["confidence"] == pytest.approx(0.8)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_cli_exports_are_the_api_exports(world, fmt):
    out = world["dir"] / f"cli.{fmt}"
    res = runner.invoke(cli_app, ["events", "--db", str(world["path"]), "--format", fmt,
                                  "--output", str(out), "--type", "ASSAULT"])
    assert res.exit_code == 0, res.output
    api = world["dir"] / f"api-assault.{fmt}"
    api.write_bytes(world["client"].get(f"/api/export/events.{fmt}",
                                        params={"type": "ASSAULT"}).content)
    assert _load(out, fmt) == _load(api, fmt)
    if fmt != "parquet":
        assert out.read_bytes() == api.read_bytes()
    types, rows = _load(out, fmt)
    _check_types(types, rows, fmt)
    assert len(rows) == 3


def test_parquet_needs_an_output_file_and_an_empty_export_is_typed(world):
    res = runner.invoke(cli_app, ["events", "--db", str(world["path"]), "--format", "parquet"])
    assert res.exit_code == 2 and "--output" in res.stderr
    path = world["dir"] / "none.parquet"
    path.write_bytes(world["client"].get("/api/export/events.parquet",
                                         params={"q": "no such words"}).content)
    types, rows = _load(path, "parquet")
    assert rows == [] and types["date"] == "DATE" and types["date_implausible"] == "BOOLEAN"


def _documented(heading: str) -> list[str]:
    """The column names of the first table after ``heading`` in docs/api.md."""
    text = API_MD.read_text(encoding="utf-8")
    part = text[text.index(heading):]
    table = re.search(r"\n(\|.*\|\n)+", part).group(0)
    names: list[str] = []
    for line in table.strip().splitlines()[2:]:
        names += re.findall(r"`([A-Za-z0-9_]+)`", line.split("|")[1])
    return names


def test_the_column_dictionary_lists_every_column_of_every_format():
    assert _documented("### Columns of the flat exports") == list(X.FLAT_COLUMNS)
    assert _documented("### Columns of `gdelt.csv`") == WX.GDELT_COLUMNS
    assert _documented("### Columns of `gdelt-mentions.csv`") == WX.MENTION_COLUMNS


# -- merged-event level ------------------------------------------------------------------------
KIM = Actor("Kim", "Kim Jong-un", "PRK", "GOV")
XI = Actor("Xi", "Xi Jinping", "CHN", "GOV")
BEIJING = Location("Beijing", "Beijing", 1816670, 39.9, 116.4, "CHN", "city")


def _report(body: str, title: str, source: str, url: str) -> Document:
    art = Article(id=Article.make_id(body, title), origin=f"{title}.txt", body=body, title=title,
                  published="2025-09-03", source=source, url=url)
    ev = Event("CONSULT", [KIM], Evidence("body", body, 0, len(body)), recipient=[XI],
               mode="visit", date="2025-09-02", location=BEIJING, cameo="042", confidence=0.7)
    return Document(article=art, events=[ev])


def test_two_articles_reporting_one_event_give_counts_of_two(tmp_path):
    path = tmp_path / "m.duckdb"
    store = open_store(path)
    docs = [_report("Kim Jong-un travelled to Beijing for talks with Xi Jinping on Tuesday.",
                    "Kim in Beijing", "Paper A", "https://a.example/kim"),
            _report("North Korea's Kim Jong-un met Xi Jinping in Beijing on Tuesday.",
                    "Xi meets Kim", "Paper B", "https://b.example/xi")]
    other = Document(article=Article(id=Article.make_id("Xi accused Japan.", "t"), origin="o",
                                     body="Xi accused Japan.", title="t", published="2025-09-04"),
                     events=[Event("ACCUSE", [XI], Evidence("body", "Xi accused Japan.", 0, 17),
                                   recipient=[Actor("Japan", "Japan", "JPN", "GOV")],
                                   date="2025-09-04", cameo="112", confidence=0.5)])
    for doc in docs:
        store.add_document(doc)
        merge_article(store, doc.article.id)
    store.add_document(other)  # stored but not merged: an event of its own
    store.close()
    client = TestClient(create_app(path))
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/gdelt.csv").text)))
    assert len(rows) == 2
    visit = [r for r in rows if r["EventCode"] == "042"][0]
    assert (visit["NumMentions"], visit["NumArticles"], visit["NumSources"]) == ("2", "2", "2")
    assert visit["Day"] == "20250902" and visit["Actor1Name"] == "Kim Jong-un"
    assert visit["Actor2CountryCode"] == "CHN" and visit["ActionGeo_FeatureID"] == "1816670"
    assert visit["dateline_id"].startswith("m") and visit["DATEADDED"] == "20250903"
    assert visit["SOURCEURL"] in ("https://a.example/kim", "https://b.example/xi")
    assert len(visit["dateline_reports"].split("; ")) == 2
    alone = [r for r in rows if r["EventCode"] == "112"][0]
    assert (alone["NumMentions"], alone["NumArticles"], alone["NumSources"]) == ("1", "1", "1")
    mentions = list(csv.DictReader(io.StringIO(
        client.get("/api/export/gdelt-mentions.csv").text)))
    assert len(mentions) == 3
    of_visit = [m for m in mentions if m["GlobalEventID"] == visit["GlobalEventID"]]
    assert {m["MentionIdentifier"] for m in of_visit} == {"https://a.example/kim",
                                                         "https://b.example/xi"}
    assert {m["MentionSourceName"] for m in of_visit} == {"Paper A", "Paper B"}
    assert all(m["Confidence"] == "70" and m["EventTimeDate"] == "20250902" for m in of_visit)
    # a filter keeps the merged events with a matching report; their counts stay whole
    only_b = list(csv.DictReader(io.StringIO(client.get(
        "/api/export/gdelt.csv", params={"q": "north korea"}).text)))
    assert len(only_b) == 1 and only_b[0]["NumArticles"] == "2"
    flat = json.loads(client.get("/api/export/events.jsonl",
                                 params={"type": "CONSULT"}).text.splitlines()[0])
    assert flat["merged_event_id"] == visit["dateline_id"]
