"""`dateline ingest` / `extract` end to end with the real model: bad inputs, duplicates, summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import open_store

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _model_available(pipeline):
    """Skip this module when the default pipeline (spaCy model) is unavailable."""


def _bad_corpus(tmp: Path) -> Path:
    d = tmp / "corpus"
    d.mkdir()
    (d / "a_good.txt").write_text(
        "date 2025-03-04 POLITICS\nMinisters meet in Paris\n\nThe foreign ministers of France and "
        "Germany met in Paris on Monday to discuss trade.\n\nThey agreed to meet again next month.\n",
        encoding="utf-8")
    (d / "b_empty.txt").write_text("", encoding="utf-8")
    (d / "c_binary.txt").write_bytes(bytes(range(256)) * 40)
    big = d / "d_big.html"
    with open(big, "wb") as fh:  # 50 MB HTML
        fh.write(b"<html><body>" + b"<p>word word word</p>" * (50 * 1024 * 1024 // 21) + b"</body></html>")
    (d / "e_badutf8.txt").write_bytes(b"Leaders meet in Rome\n\nLeaders met in Rome \xff\xfe\xfa on "
                                      b"Tuesday to discuss migration.\n\nThey will meet again.\n")
    (d / "f_lines.jsonl").write_text(
        json.dumps({"text": "Protesters marched in Nairobi on Friday against the new tax law. "
                            "Police fired tear gas at the crowd.",
                    "title": "Protest in Nairobi", "published": "2025-06-27"}) + "\n{not json\n",
        encoding="utf-8")
    (d / "g_notext.html").write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
                                     encoding="utf-8")
    return d


def test_bad_inputs_get_reasons_and_good_ones_stored(tmp_path):
    corpus = _bad_corpus(tmp_path)
    db = tmp_path / "t.duckdb"
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "read 8, stored 3," in out and "skipped 5" in out, out
    for name, reason in [("b_empty.txt", "empty"), ("c_binary.txt", "binary"),
                         ("d_big.html", "too-large"), ("f_lines.jsonl#L2", "bad-json"),
                         ("g_notext.html", "no-text")]:
        line = next((l for l in out.splitlines() if name in l and l.startswith("skipped")), None)
        assert line and reason in line, (name, out)
    store = open_store(db, read_only=True)
    counts = store.counts()
    rejects = {Path(r["origin"]).name: r["reason"] for r in store.rejects()}
    warned = store.con.execute("SELECT warnings FROM articles WHERE origin LIKE '%e_badutf8.txt'").fetchone()
    store.close()
    assert counts["articles"] == 3
    assert rejects == {"b_empty.txt": "empty", "c_binary.txt": "binary", "d_big.html": "too-large",
                       "f_lines.jsonl#L2": "bad-json", "g_notext.html": "no-text"}
    # invalid UTF-8 is decoded with a fallback and stored with a warning, never silently
    assert warned is not None and "decod" in warned[0].lower()


def test_duplicate_reported_and_stored_once(tmp_path):
    db = tmp_path / "t.duckdb"
    src = ROOT / "examples"
    first = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ingest", str(src), "--db", str(db)])
    assert second.exit_code == 0
    assert "stored 0" in second.output and "duplicate" in second.output
    store = open_store(db, read_only=True)
    n_articles = store.counts()["articles"]
    n_events = store.counts()["events"]
    store.close()
    assert f"stored {n_articles}," in first.output
    assert n_events > 0


def test_nothing_ingested_exits_nonzero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    res = runner.invoke(app, ["ingest", str(empty), "--db", str(tmp_path / "t.duckdb")])
    assert res.exit_code == 1
    assert "empty" in res.output


def test_extract_jsonl_contract(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Talks in Oslo\n\nNorway's prime minister met the Swedish prime minister in Oslo "
                 "on Monday.\n", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(f), "--format", "jsonl", "--published", "2025-05-14"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.output.strip().splitlines()[-1])
    assert set(obj) >= {"article", "entities", "places", "dates", "events", "warnings"}
    assert obj["article"]["origin"] == str(f)
    assert obj["article"]["published"].startswith("2025-05-14")
    monday = [d for d in obj["dates"] if d["text"].endswith("Monday")]
    assert monday and monday[0]["value"] == "2025-05-12"
    for key in ("entities", "places", "dates"):
        for m in obj[key]:
            assert obj["article"]["body"][m["start"]:m["end"]] == m["text"]
