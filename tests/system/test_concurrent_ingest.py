"""Concurrency with real processes: `dateline serve` keeps answering while a `dateline ingest`
process writes to the same database file, and a second writer is refused with a clear message.

The ingest runs in a subprocess (its own DuckDB instance, as in real use); the server is
uvicorn in a thread of the test process, hammered by client threads for as long as the ingest
runs. Response caching is off, so every request reads the database.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from .synthetic import need_model, write_articles

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapes"
N_SYNTHETIC = 24
PATHS = ["/api/events?limit=20", "/api/stats", "/api/articles?limit=10", "/api/actors",
         "/api/timeline", "/api/events?type=CONSULT"]


def _need_model() -> None:
    need_model()
    pytest.importorskip("uvicorn")


def _corpus(folder: Path) -> int:
    """The fixture scrapes plus synthetic news texts; returns how many articles it holds."""
    folder.mkdir()
    n = 0
    for src in sorted(FIXTURES.iterdir()):
        if src.suffix in (".txt", ".html") and src.name != "README.md":
            shutil.copy(src, folder / src.name)
            n += 1
    n += write_articles(folder, N_SYNTHETIC, prefix="syn")
    return n


def _serve(db: Path):
    import socket

    import uvicorn

    from dateline.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, cache_responses=False),
                                           host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            return port, server, thread
        time.sleep(0.025)
    raise RuntimeError("uvicorn did not start")


def _ingest_cmd(folder: Path, db: Path, batch_size: int = 4) -> list[str]:
    # --n-process 1: the one-process writer, which commits groups of up to 8 articles (the
    # default, a worker process per core, commits a chunk of 16 at once)
    return [sys.executable, "-m", "dateline.cli", "ingest", str(folder), "--db", str(db), "-q",
            "--published", "2024-05-06", "--batch-size", str(batch_size), "--n-process", "1"]


@pytest.mark.golden
def test_reads_keep_working_while_an_ingest_writes(tmp_path):
    _need_model()
    from dateline.store import open_store

    folder = tmp_path / "in"
    n_articles = _corpus(folder)
    db = tmp_path / "live.duckdb"
    open_store(db).close()  # an empty database: the server answers 200 from the start
    port, server, thread = _serve(db)

    statuses: Counter = Counter()
    bad: list[str] = []
    seen_counts: set[int] = set()
    stop = threading.Event()

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = k
        while not stop.is_set():
            path = "/api/stats" if k == 0 else PATHS[i % len(PATHS)]  # k 0 watches the count
            i += 1
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
            except (OSError, http.client.HTTPException) as exc:
                statuses["exception"] += 1
                bad.append(f"{path}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            statuses[resp.status] += 1
            if resp.status != 200:
                bad.append(f"{path}: {resp.status} {body[:200]!r}")
            elif path == "/api/stats":
                seen_counts.add(json.loads(body)["counts"]["articles"])
        conn.close()

    clients = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(3)]
    for c in clients:
        c.start()
    try:
        proc = subprocess.run(_ingest_cmd(folder, db), capture_output=True, text=True,
                              timeout=600)
        time.sleep(0.3)  # a few reads after the ingest has finished
    finally:
        stop.set()
        for c in clients:
            c.join(timeout=60)
        server.should_exit = True
        thread.join(timeout=30)

    print(f"statuses {dict(statuses)}; article counts seen {sorted(seen_counts)}")
    assert proc.returncode == 0, proc.stderr
    assert f"read {n_articles}," in proc.stdout and f"stored {n_articles}," in proc.stdout, \
        proc.stdout
    served = sum(v for k, v in statuses.items() if k == 200)
    assert bad == [], (dict(statuses), bad[:5])
    assert served >= 50, dict(statuses)
    # the server saw the database grow while the ingest ran, not only before and after (one
    # count in between at least: how many depends on the machine's load, the ingest commits
    # about five groups)
    assert len(seen_counts - {0, n_articles}) >= 1, sorted(seen_counts)
    store = open_store(db, read_only=True)
    try:
        assert store.counts()["articles"] == n_articles
    finally:
        store.close()


@pytest.mark.golden
def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    """While one dateline process holds the database for writing (here the test process, in
    session mode like an ingest: the DuckDB file itself is free between sessions), `dateline
    ingest` into the same file exits 2 naming the holder, and writes nothing."""
    _need_model()
    from dateline.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Leaders meet in Rome\n\nThe leaders of Italy and France met "
                                  "in Rome on Tuesday.\n", encoding="utf-8")
    db = tmp_path / "busy.duckdb"
    holder = open_store(db, sessions=True)
    try:
        proc = subprocess.run(_ingest_cmd(folder, db), capture_output=True, text=True,
                              timeout=300)
    finally:
        holder.close()
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "another dateline process is writing to this database" in proc.stderr
    assert "pid " in proc.stderr and "wait for it to finish" in proc.stderr
    store = open_store(db, read_only=True)
    try:
        assert store.counts()["articles"] == 0  # nothing written by the refused ingest
    finally:
        store.close()
    rerun = subprocess.run(_ingest_cmd(folder, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0 and "stored 1," in rerun.stdout, rerun.stderr
