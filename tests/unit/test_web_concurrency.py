"""The web app's database access while another process writes (no model).

A writer announces each write session on ``DB.intent.lock`` (dateline.store.locks); the app's
``Database`` then lets go of the file and makes reads wait (bounded) instead of answering 503.
Here the writer is either this test holding the intent lock by hand, or a real subprocess
writing documents in session mode, as ``dateline ingest`` does.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dateline.store import open_store  # noqa: E402
from dateline.store.locks import FileLock, intent_path  # noqa: E402
from dateline.web import create_app  # noqa: E402

from .helpers import make_doc  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "s3cret-token"


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "c.duckdb"
    store = open_store(path)
    store.add_document(make_doc())
    store.close()
    return path


def _articles(client: TestClient) -> int:
    resp = client.get("/api/stats")
    assert resp.status_code == 200, resp.text
    return resp.json()["counts"]["articles"]


def test_a_read_waits_for_an_announced_write_session_instead_of_503(db):
    client = TestClient(create_app(db, cache_responses=False))
    intent = FileLock(intent_path(str(db)))
    assert intent.acquire(0)
    threading.Timer(0.4, intent.release).start()
    t0 = time.monotonic()
    assert _articles(client) == 1
    assert time.monotonic() - t0 >= 0.35  # it waited for the session to end


def test_the_server_lets_go_of_the_file_when_a_writer_announces_itself(db):
    app = create_app(db, cache_responses=False)
    client = TestClient(app)
    assert _articles(client) == 1
    database = app.state.db
    assert database._store is not None  # kept open (keepalive) for the next request
    intent = FileLock(intent_path(str(db)))
    assert intent.acquire(0)
    got: list[int] = []
    reader = threading.Thread(target=lambda: got.append(_articles(client)))
    reader.start()
    deadline = time.monotonic() + 5
    while database._store is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert database._store is None  # closed although its keepalive has not run out
    con = duckdb.connect(str(db))  # so a writer can open the file now
    con.execute("UPDATE articles SET title = 'changed'")
    con.execute("INSERT INTO rejects VALUES ('x', 'empty', '', now())")
    con.close()
    assert got == []  # the waiting read has not run on the old state
    intent.release()
    reader.join(timeout=10)
    assert got == [1]
    assert client.get("/api/stats").json()["counts"]["rejects"] == 1  # sees the write


def test_a_write_session_that_lasts_too_long_gives_503(db):
    app = create_app(db, cache_responses=False)
    app.state.db.write_wait = 0.3
    client = TestClient(app)
    intent = FileLock(intent_path(str(db)))
    assert intent.acquire(0)
    try:
        t0 = time.monotonic()
        resp = client.get("/api/stats")
        assert resp.status_code == 503 and resp.json()["error"]["code"] == "database-busy"
        assert 0.3 <= time.monotonic() - t0 < 3
    finally:
        intent.release()
    assert client.get("/api/stats").status_code == 200


def test_web_ingest_is_refused_while_another_process_writes(db):
    """POST /api/ingest while a session-mode writer (an ingest) holds the writer lock: 503
    naming the holder's pid, not a crash and not a second writer."""
    class FakePipeline:
        def run(self, raws):
            return iter(())

    holder = open_store(db, sessions=True)
    try:
        client = TestClient(create_app(db, token=TOKEN, pipeline_factory=FakePipeline))
        resp = client.post("/api/ingest", json=[{"text": "Japan sent aid to Peru."}],
                           headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 503, resp.text
        err = resp.json()["error"]
        assert err["code"] == "database-busy" and "another dateline process" in err["message"]
        assert "pid " in err["message"] and str(db) not in err["message"]
    finally:
        holder.close()


WRITER = """
import sys, time
from tests.unit.helpers import make_doc
from dateline.store import open_store
store = open_store(sys.argv[1], sessions=True)
print("ready", flush=True)
for batch in range(10):
    for j in range(4):
        i = batch * 4 + j
        store.add_document(make_doc(body=f"Kim met Putin in Moscow, report {i}.", title=f"S{i}"))
        store.yield_to_readers(more_pending=True)
    for _ in range(3):  # parsing the next batch; the writer's idle checks
        store.yield_to_readers()
        time.sleep(0.05)
store.close()
"""


def test_reads_never_fail_while_another_process_writes_in_sessions(db):
    """A real writer process (session mode, 10 batches) and three reading threads: every
    response is 200, and the readers see the database grow batch by batch."""
    app = create_app(db, cache_responses=False)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    statuses: Counter = Counter()
    seen: set[int] = set()
    stop = threading.Event()

    def hammer(k: int) -> None:
        client = TestClient(app)
        paths = ["/api/stats", "/api/events?limit=5", "/api/articles?limit=5"]
        i = k
        while not stop.is_set():
            resp = client.get(paths[i % 3])
            i += 1
            statuses[resp.status_code] += 1
            if resp.status_code == 200 and "counts" in resp.json():
                seen.add(resp.json()["counts"]["articles"])

    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    try:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert set(statuses) == {200}, statuses
    assert sum(statuses.values()) >= 30, statuses
    assert len(seen - {1, 41}) >= 2, sorted(seen)  # reads happened between batches
    store = open_store(db, read_only=True)
    assert store.counts()["articles"] == 41
    store.close()
