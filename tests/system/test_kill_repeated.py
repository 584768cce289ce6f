"""Repeated ``kill -9``: ``dateline ingest`` of ~50 fixture articles is killed with SIGKILL at
seeded random points (during the model load, mid-batch while parsing, right after a database
write), again and again, resuming each time.

After every kill the database must open read-only and be whole: schema version intact, no
article twice, and every stored article complete -- the same mentions, events and event actors
as in a clean single run (an article is written with its rows in one transaction). After the
last kill the ingest is rerun to completion, and the database must then equal the clean run's:
same articles, events, mentions, actors, rejects (once each), near-duplicate flags and merged
events (cross-article merging runs after each article is stored, so a kill between the two must
be caught up by the rerun).

The test prints, per kill, its phase and how many articles the killed run had left stored.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .synthetic import need_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MERGE_CORPUS = Path(__file__).resolve().parents[1] / "merge_corpus" / "articles.jsonl"
SEED = 20240506
#: Planned kills, in order: the phase each aims at (at least four, across the phases).
PLAN = ("model-load", "db-write", "mid-batch", "db-write")
RUN_TIMEOUT = 300.0


def _write_inputs(folder: Path) -> None:
    """~50 articles: the text scrapes, two HTML pages, the merge corpus (JSONL, with near
    duplicates so that merging has work to do) and one empty file (a reject)."""
    folder.mkdir()
    (folder / "aa_empty.txt").write_text("", encoding="utf-8")
    for p in sorted((FIXTURES / "scrapes").glob("*.txt")):
        shutil.copy(p, folder / p.name)
    shutil.copy(FIXTURES / "scrapes" / "page_grain_corridor.html", folder / "page_grain.html")
    shutil.copy(FIXTURES / "hostile" / "payload.html", folder / "payload.html")
    shutil.copy(MERGE_CORPUS, folder / "zz_merge.jsonl")


def _cmd(folder: Path, db: Path) -> list[str]:
    # --n-process 1: the one-process writer, which commits groups of up to 8 articles (the
    # default, a worker process per core, commits a chunk of 16 at once)
    return [sys.executable, "-m", "dateline.cli", "ingest", str(folder), "--db", str(db), "-q",
            "--published", "2024-05-06", "--batch-size", "4", "--n-process", "1"]


def _state(db: Path) -> tuple[int, ...]:
    """Sizes and mtimes of the database and its WAL: changes whenever the ingest writes (the
    WAL comes and goes as the store checkpoints between write sessions)."""
    out: list[int] = []
    for path in (db, Path(str(db) + ".wal")):
        try:
            st = path.stat()
            out += [st.st_size, st.st_mtime_ns]
        except OSError:
            out += [-1, -1]
    return tuple(out)


def _kill_at(proc: subprocess.Popen, db: Path, phase: str, rng: random.Random) -> str:
    """Wait for ``phase`` and SIGKILL ``proc``; the phase the kill really hit ("model-load"
    when the run had not written yet) or "finished" when the run ended first."""
    deadline = time.monotonic() + RUN_TIMEOUT
    start = _state(db)
    if phase == "model-load":
        # The CLI loads the pipeline (seconds) before it opens the database.
        time.sleep(rng.uniform(0.2, 1.5))
    else:
        # Wait for a random number of database file changes (a commit of a group of 1-8
        # articles with their rows, signatures, merged events and stories, or a checkpoint:
        # few per article since groups are stored at once, so that four kills land before
        # the run can finish; seed 20240506 kills at 0, 1, 1 and 5 stored articles).
        writes, last = rng.randint(3, 12), start
        while proc.poll() is None and writes > 0 and time.monotonic() < deadline:
            now = _state(db)
            if now != last:
                writes, last = writes - 1, now
            time.sleep(0.002)
        if phase == "mid-batch":  # let it go on parsing for a while
            time.sleep(rng.uniform(0.05, 0.6))
    if proc.poll() is not None:
        return "finished"
    if _state(db) == start:
        hit = "model-load"  # nothing written yet
    else:
        hit = "after-writes" if phase == "model-load" else phase
    proc.kill()  # SIGKILL: no cleanup, no checkpoint
    proc.wait()
    return hit


def _rows(con: Any, sql: str) -> list[tuple]:
    return sorted(tuple(r) for r in con.execute(sql).fetchall())


def _snapshot(db: Path) -> dict[str, Any]:
    """Everything a resumed ingest must get right, read through a read-only connection."""
    from dateline.store import SCHEMA_VERSION, open_store

    store = open_store(db, read_only=True)
    try:
        con = store.con
        if store.version < SCHEMA_VERSION:  # killed during the migrations (one transaction
            # each): a database that the next open upgrades, and that holds no article yet
            n = con.execute("SELECT count(*) FROM articles").fetchone()[0] if store.version else 0
            return {"version": store.version, "articles": [None] * n, "per_article": {},
                    "events": [], "orphans": 0, "rejects": []}
        return {
            "version": store.version,
            "articles": _rows(con, "SELECT id, origin, title, published, duplicate_of "
                                   "FROM articles"),
            "per_article": {r[0]: r[1:] for r in con.execute(
                "SELECT a.id, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id), "
                "(SELECT count(*) FROM events e WHERE e.article_id = a.id), "
                "(SELECT count(*) FROM event_actors x JOIN events e ON e.id = x.event_id "
                " WHERE e.article_id = a.id) FROM articles a").fetchall()},
            "events": _rows(con, "SELECT id, article_id, event, actor, recipient, date FROM events"),
            "n_mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0],
            "n_actors": con.execute("SELECT count(*) FROM event_actors").fetchone()[0],
            "orphans": con.execute(
                "SELECT (SELECT count(*) FROM mentions WHERE article_id NOT IN "
                "(SELECT id FROM articles)) + (SELECT count(*) FROM events WHERE article_id "
                "NOT IN (SELECT id FROM articles)) + (SELECT count(*) FROM event_actors WHERE "
                "event_id NOT IN (SELECT id FROM events))").fetchone()[0],
            "rejects": _rows(con, "SELECT origin, reason FROM rejects"),
            "minhash": _rows(con, "SELECT article_id, similarity FROM article_minhash"),
            "links": _rows(con, "SELECT event_id, merged_event_id FROM event_links"),
            "merged": _rows(con, "SELECT id, type, num_mentions, num_articles, num_sources, "
                                 "date, place FROM merged_events"),
            "stories": _rows(con, "SELECT article_id, story_id FROM story_articles")
            if store.version >= 3 else [],
        }
    finally:
        store.close()


def _check_whole(part: dict[str, Any], fresh: dict[str, Any]) -> None:
    """A killed run's database: intact schema, no duplicate, no partial article."""
    assert part["version"] == fresh["version"] or not part["articles"], part["version"]
    ids = [a[0] for a in part["articles"]]
    assert len(ids) == len(set(ids)), "an article stored twice"
    assert set(ids) <= {a[0] for a in fresh["articles"]}
    for aid, counts in part["per_article"].items():
        assert counts == fresh["per_article"][aid], f"article {aid} is partial: {counts}"
    assert part["orphans"] == 0, "mention, event or actor rows without their article"
    assert set(part["events"]) <= set(fresh["events"])
    assert len(part["rejects"]) == len(set(part["rejects"])), "a reject recorded twice"


@pytest.mark.golden
def test_repeated_kill_9_leaves_whole_database_and_rerun_completes(tmp_path):
    need_model()
    folder = tmp_path / "in"
    _write_inputs(folder)

    # The clean single run, beside the killed ones (it is only compared with at the end).
    fresh_db = tmp_path / "fresh.duckdb"
    fresh_err = tmp_path / "fresh.err"
    with fresh_err.open("wb") as fh:
        fresh_proc = subprocess.Popen(_cmd(folder, fresh_db), stdout=subprocess.DEVNULL,
                                      stderr=fh)
    try:
        _kill_rerun_and_compare(folder, tmp_path, fresh_proc, fresh_db, fresh_err)
    finally:
        if fresh_proc.poll() is None:
            fresh_proc.kill()
            fresh_proc.wait()


def _kill_rerun_and_compare(folder: Path, tmp_path: Path, fresh_proc: subprocess.Popen,
                            fresh_db: Path, fresh_err: Path) -> None:
    """The kills (each checked against the clean run once it is done), then the rerun."""
    from dateline.store import SCHEMA_VERSION

    rng = random.Random(SEED)
    db = tmp_path / "killed.duckdb"
    hits: list[tuple[str, dict[str, Any] | None]] = []
    for phase in PLAN:
        err = tmp_path / f"kill_{len(hits)}.err"
        with err.open("wb") as fh:
            proc = subprocess.Popen(_cmd(folder, db), stdout=subprocess.DEVNULL, stderr=fh)
            hit = _kill_at(proc, db, phase, rng)
        if hit == "finished":  # ran to the end before the planned point
            assert proc.returncode == 0, err.read_text(errors="replace")[-2000:]
        # the database opens read-only after each kill (none yet after an early one)
        hits.append((hit, _snapshot(db) if db.exists() else None))
        if hit == "finished":
            break

    assert fresh_proc.wait(timeout=RUN_TIMEOUT) == 0, fresh_err.read_text(errors="replace")
    fresh = _snapshot(fresh_db)
    assert fresh["version"] == SCHEMA_VERSION
    n = len(fresh["articles"])
    assert 40 <= n <= 60, n
    assert fresh["merged"] and fresh["links"], "the corpus should give merged events"
    for _, part in hits:
        if part is not None:
            _check_whole(part, fresh)
    stored = [(h, len(part["articles"]) if part else 0) for h, part in hits]
    print("kills (phase, articles stored):", stored)
    kills = [h for h in stored if h[0] != "finished"]
    assert len(kills) >= 4, stored
    assert any(h == "model-load" for h, _ in kills), stored
    assert any(0 < k < n for h, k in kills if h != "model-load"), stored

    rerun = subprocess.run(_cmd(folder, db), capture_output=True, text=True,
                           timeout=RUN_TIMEOUT)
    assert rerun.returncode == 0, rerun.stderr
    resumed = _snapshot(db)
    for key in fresh:
        assert resumed[key] == fresh[key], key
