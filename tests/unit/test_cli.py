"""CLI over a hand-built database (no model): events filters and formats, show, errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import open_store

from .helpers import make_doc

runner = CliRunner()


def _db(tmp_path):
    path = tmp_path / "d.duckdb"
    store = open_store(path)
    doc = make_doc()
    store.add_document(doc)
    store.close()
    return str(path), doc.article.id


def test_events_json_and_filters(tmp_path):
    db, _ = _db(tmp_path)
    res = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert {r["event"] for r in rows} == {"CONSULT", "ACCUSE"}
    res = runner.invoke(app, ["events", "--db", db, "--type", "CONSULT", "--format", "csv"])
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("id,article_id,merged_event_id,event,mode,modality,date,date_end,"
                               "date_precision,") and \
        len(lines) == 2 and "CONSULT" in lines[1]
    import csv as csv_mod

    row = next(csv_mod.DictReader(lines))
    # every party's country and sector, the date with its precision (an R or pandas user needs
    # no cleaning)
    assert row["date_precision"] in ("day", "month", "year", "decade", "")
    assert {"actor_country", "actor_sector", "recipient_country", "lat", "lon"} <= set(row)
    res = runner.invoke(app, ["events", "--db", db, "--modality", "negated", "--format", "jsonl"])
    assert res.exit_code == 0 and res.output.strip() == ""


def test_events_table(tmp_path):
    db, _ = _db(tmp_path)
    res = runner.invoke(app, ["events", "--db", db])
    assert res.exit_code == 0
    assert "2 events" in res.output and "CONSULT" in res.output


def test_show(tmp_path):
    db, aid = _db(tmp_path)
    res = runner.invoke(app, ["show", aid[:8], "--db", db])
    assert res.exit_code == 0, res.output
    assert "# Summit" in res.output
    assert "Kim Jong-un" in res.output and "2025-09-01" in res.output
    assert "\u00abKim met Putin in Moscow on Monday.\u00bb" in res.output
    res = runner.invoke(app, ["show", "nope", "--db", db])
    assert res.exit_code == 1


def test_missing_db_is_clear(tmp_path):
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2
    assert "no such database" in res.output


def test_bad_published_rejected(tmp_path):
    res = runner.invoke(app, ["extract", str(tmp_path), "--published", "02/09/2025"])
    assert res.exit_code != 0
    assert "YYYY-MM-DD" in res.output


def test_ingest_progress_shows_count_rate_and_eta(tmp_path):
    """The ingest bar says how many articles of how many, how fast, and how long is left (it
    used to pulse without numbers); without a known total it still counts."""
    import io

    from rich.console import Console

    from dateline.cli import _article_total, _ingest_progress

    for name in ("a.txt", "b.html", "c.txt"):
        (tmp_path / name).write_text("x")
    assert _article_total([str(tmp_path)], networked=False) == 3
    assert _article_total([str(tmp_path)], networked=True) is None
    (tmp_path / "d.jsonl").write_text("{}")
    assert _article_total([str(tmp_path)], networked=False) is None  # several per file
    for total, expected in ((10, ("3/10", "articles", "/s", "ETA")), (None, ("3/?", "/s"))):
        out = io.StringIO()
        console = Console(file=out, force_terminal=True, width=120)
        with _ingest_progress(True, total, console=console) as advance:
            for _ in range(3):
                advance()
        shown = out.getvalue()  # the last frame, drawn before the bar is cleared
        assert all(e in shown for e in expected), shown
        assert (total is None) == ("ETA" not in shown)
