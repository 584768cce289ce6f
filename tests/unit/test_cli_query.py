"""``dateline events`` and ``dateline show`` beyond the agreement table: the dyad options,
the API's search, sort, offset and box, the table's title, and ``show`` by event id
(tests/unit/querydb.py's database; no model)."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from dateline.cli import app

from . import querydb

runner = CliRunner()


@pytest.fixture()
def world(tmp_path):
    path = tmp_path / "cli.duckdb"
    labels, arts = querydb.build(path)
    return str(path), labels, arts


def _ask(db, labels, *args) -> list[str]:
    """The labels of the events ``dateline events ARGS --format json`` lists, in order."""
    res = runner.invoke(app, ["events", "--db", db, "-f", "json", *args])
    assert res.exit_code == 0, res.output
    back = {v: k for k, v in labels.items()}
    return [back[r["id"]] for r in json.loads(res.stdout)]


def test_actor_recipient_and_party_are_different_questions(world):
    db, labels, _ = world
    ask = lambda *a: _ask(db, labels, *a)  # noqa: E731
    assert ask("--actor", "Putin") == ["e09"]
    assert sorted(ask("--recipient", "Putin")) == ["e01", "e11"]
    assert sorted(ask("--party", "Putin")) == ["e01", "e09", "e11"]
    assert sorted(ask("--actor-country", "usa", "--recipient-sector", "GOV")) == \
        ["e07", "e08", "e17"]


def test_search_sort_offset_and_box(world):
    db, labels, _ = world
    ask = lambda *a: _ask(db, labels, *a)  # noqa: E731
    assert sorted(ask("--q", "paris")) == ["e05", "e12", "e15", "e18"]
    assert ask("--type", "ASSAULT", "--sort", "confidence") == ["e03", "e02", "e13"]
    assert ask("--type", "ASSAULT", "--sort", "confidence", "--offset", "1", "--limit", "1") \
        == ["e02"]
    assert ask("--bbox", "-10,40,10,55") == ask("--country", "FRA")  # a negative value too


def test_table_title_says_how_many_are_shown(world):
    db, _, _ = world
    res = runner.invoke(app, ["events", "--db", db, "--limit", "2"])
    assert res.exit_code == 0 and "2 of 19 events" in res.stdout
    res = runner.invoke(app, ["events", "--db", db, "--type", "CONSULT"])
    assert "2 events" in res.stdout and " of " not in res.stdout.splitlines()[0]


def test_show_an_event_by_id(world):
    db, labels, arts = world
    res = runner.invoke(app, ["show", labels["e13"], "--db", db])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert out.startswith(f"# event {labels['e13']}: ASSAULT/firearms [asserted]")
    assert "actor: Hamas (PSE REB)" in out and "recipient: Israeli civilians (ISR CVL)" in out
    assert "date: 2023-10-07" in out and "place: Be'eri (ISR)" in out
    assert f"article {arts['B']}: Article B" in out
    assert "\u00abHamas gunmen shot residents of Be'eri.\u00bb" in out
    res = runner.invoke(app, ["show", labels["e16"][:10], "--db", db, "--format", "json"])
    data = json.loads(res.stdout)
    assert data["kind"] == "event" and data["event"]["date_end"] == "2023-11-28"


def test_show_an_article_still_works(world):
    db, _, arts = world
    res = runner.invoke(app, ["show", arts["C"][:8], "--db", db])
    assert res.exit_code == 0 and "# Article C" in res.stdout and "Events (4):" in res.stdout


def test_show_refuses_an_id_of_an_article_and_an_event(world):
    db, labels, arts = world
    con = duckdb.connect(db)
    con.execute("UPDATE events SET id = ? WHERE id = ?", [arts["A"][:6] + "0000",
                                                          labels["e01"]])
    con.close()
    res = runner.invoke(app, ["show", arts["A"][:6], "--db", db])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert res.stderr.startswith("error: ID: ") and "names both article" in res.stderr
    assert len(res.stderr.splitlines()) == 1
    res = runner.invoke(app, ["show", "nothing-like-this", "--db", db])
    assert res.exit_code == 1 and "no article or event" in res.stderr

