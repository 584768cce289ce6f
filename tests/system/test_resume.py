"""Resumable ingest: ``dateline ingest`` killed with SIGKILL part-way, then rerun with the same
arguments, ends with exactly the database an uninterrupted run makes (no article lost, none
stored twice, rejects recorded once)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .synthetic import need_model, write_articles

N = 30


def _write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "aa_empty.txt").write_text("", encoding="utf-8")  # a reject, read first
    write_articles(folder, N)


def _cmd(folder: Path, db: Path) -> list[str]:
    # --n-process 1: the one-process writer, which commits groups of up to 8 articles (the
    # default, a worker process per core, commits a chunk of 16 at once)
    return [sys.executable, "-m", "dateline.cli", "ingest", str(folder), "--db", str(db), "-q",
            "--published", "2024-05-06", "--batch-size", "2", "--n-process", "1"]


def _snapshot(db: Path) -> dict:
    from dateline.store import open_store

    store = open_store(db)
    try:
        con = store.con
        return {
            "articles": sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()),
            "events": sorted(r[0] for r in con.execute("SELECT id FROM events").fetchall()),
            "n_events": con.execute("SELECT count(*) FROM events").fetchone()[0],
            "mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0],
            "actors": con.execute("SELECT count(*) FROM event_actors").fetchone()[0],
            "rejects": [(r["origin"], r["reason"]) for r in store.rejects()],
        }
    finally:
        store.close()


@pytest.mark.golden
def test_kill_9_then_rerun_stores_everything_once(tmp_path):
    need_model()
    folder = tmp_path / "in"
    _write_inputs(folder)
    db = tmp_path / "resumed.duckdb"
    wal = Path(str(db) + ".wal")

    proc = subprocess.Popen(_cmd(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # The write-ahead log grows with each committed article: kill once a few are in.
    deadline = time.monotonic() + 240
    base = None
    while time.monotonic() < deadline and proc.poll() is None:
        size = wal.stat().st_size if wal.exists() else 0
        if size and base is None:
            base = size  # the schema, written at open
        if base is not None and size > base + 15_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.kill()  # SIGKILL: no cleanup, no checkpoint
    proc.wait()

    partial = _snapshot(db)
    assert 0 < len(partial["articles"]) < N, len(partial["articles"])
    assert partial["rejects"] == [(str(folder / "aa_empty.txt"), "empty")]

    rerun = subprocess.run(_cmd(folder, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"stored {N - len(partial['articles'])}," in rerun.stdout
    assert f"duplicates {len(partial['articles'])}," in rerun.stdout
    resumed = _snapshot(db)

    fresh_db = tmp_path / "fresh.duckdb"
    fresh = subprocess.run(_cmd(folder, fresh_db), capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    expected = _snapshot(fresh_db)

    assert len(resumed["articles"]) == N == len(set(resumed["articles"]))
    assert resumed["n_events"] == len(set(resumed["events"]))  # no event twice
    assert resumed == expected  # same articles, events, mentions, actors; the reject once
