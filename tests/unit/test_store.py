"""DuckDB store: round trip, duplicates, rejects, schema version (no model; the filters:
test_query.py)."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from dateline.errors import StoreError
from dateline.model import Document
from dateline.query import article
from dateline.store import SCHEMA_VERSION, open_store

from .helpers import make_doc


def test_round_trip_and_duplicate(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    doc = make_doc()
    assert store.add_document(doc) is True
    assert store.add_document(make_doc()) is False  # same content hash -> stored once
    assert store.counts() == {"articles": 1, "mentions": 3, "events": 2, "rejects": 0}
    got = article(store.con, doc.article.id[:6])
    assert got["article"]["title"] == "Summit"
    assert {m["kind"] for m in got["mentions"]} == {"entity", "place", "date"}
    assert got["events"][0]["actor"][0]["name"] == "Kim Jong-un"
    store.close()


def test_rejects_kept(tmp_path):
    store = open_store(tmp_path / "d.duckdb")
    store.add_reject("bad.bin", "binary", "NUL bytes")
    assert store.rejects()[0]["reason"] == "binary"
    store.close()


def test_schema_version_and_newer_refused(tmp_path):
    path = tmp_path / "d.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    assert con.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
    con.execute("UPDATE meta SET value = '999'")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_missing_db_read_only(tmp_path):
    with pytest.raises(StoreError, match="no such database") as err:
        open_store(tmp_path / "none.duckdb", read_only=True)
    assert err.value.reason == "missing" and err.value.holder is None


def test_conflicting_open_is_a_clear_store_error(tmp_path):
    path = tmp_path / "d.duckdb"
    writer = open_store(path)
    try:
        with pytest.raises(StoreError, match="another dateline process"):
            open_store(path, read_only=True, wait=0.3)
    finally:
        writer.close()
    open_store(path, read_only=True, wait=0.3).close()  # free again once the writer is gone


# -- one writing process; write sessions (dateline.store.locks) ------------------------------
def _doc(i: int) -> Document:
    return make_doc(body=f"Kim met Putin in Moscow on Monday, report {i}.", title=f"Summit {i}")


def test_second_writer_is_refused_naming_the_holder(tmp_path):
    path = tmp_path / "d.duckdb"
    first = open_store(path, sessions=True)  # holds the writer lock, not DuckDB's file
    try:
        t0 = time.monotonic()
        with pytest.raises(StoreError, match=r"another dateline process is writing to this "
                                             r"database \(pid \d+.*since .*\); wait for it") as err:
            open_store(path, wait=0.3)
        # the holder as a field, so that the web app need not parse the message
        assert err.value.reason == "locked" and err.value.holder.startswith("pid ")
        assert time.monotonic() - t0 >= 0.3  # it waited before refusing
        with pytest.raises(StoreError, match="another dateline process"):
            open_store(path, sessions=True, wait=0)
    finally:
        first.close()
    open_store(path).close()  # free once the first writer is gone


def test_session_mode_frees_the_file_between_sessions(tmp_path):
    from dateline.store.locks import IntentProbe, ReaderSignal

    path = tmp_path / "d.duckdb"
    probe = IntentProbe(str(path))
    store = open_store(path, sessions=True)
    try:
        assert not store.in_session and not probe.active()
        assert store.add_document(_doc(1)) is True
        assert store.in_session and probe.active()  # the session is announced to readers
        store.yield_to_readers()
        assert store.in_session  # nobody waits for the file: kept (no reopening cost)
        with ReaderSignal(str(path)).waiting():  # a reader waits: the session ends
            store.yield_to_readers()
        assert not store.in_session and not probe.active()
        assert not Path(str(path) + ".wal").exists()  # checkpointed: nothing to replay
        reader = open_store(path, read_only=True, wait=0)  # the file is free for readers
        assert reader.counts()["articles"] == 1
        reader.close()
        assert store.has_article(_doc(1).article.id) and not store.in_session  # in memory
        assert store.add_document(_doc(1)) is False
        assert store.add_document(_doc(2)) is True  # a new session opens on demand
        assert store.counts()["articles"] == 2
        store.end_session()
        assert not store.in_session
    finally:
        store.close()
        probe.close()
    assert not probe.active()
    reopened = open_store(path, sessions=True)
    assert reopened.has_article(_doc(2).article.id)  # ids loaded at open
    reopened.close()


def test_a_session_held_too_long_is_ended_between_writes_when_readers_wait(tmp_path):
    from dateline.store.locks import ReaderSignal

    path = tmp_path / "d.duckdb"
    store = open_store(path, sessions=True)
    signal = ReaderSignal(str(path))
    try:
        store.max_session, store.grace = 60.0, 0.2
        store.add_document(_doc(1))
        signal.raise_hand()
        store.yield_to_readers(more_pending=True)
        assert store.in_session  # young session, more to write: kept
        store.max_session = 0.0
        signal.lower_hand()
        store.yield_to_readers(more_pending=True)
        assert store.in_session  # old, but nobody waits: kept
        signal.raise_hand()
        store.yield_to_readers(more_pending=True)
        assert not store.in_session  # old and a reader waits: ended although more is pending
        signal.lower_hand()
        t0 = time.monotonic()
        store.add_document(_doc(2))
        assert time.monotonic() - t0 >= 0.15  # the next one waited the grace period
    finally:
        store.close()


def test_a_read_only_open_waiting_for_a_session_makes_it_end(tmp_path):
    """A CLI reader (read-only open_store) waiting for the file raises its hand, and the
    writer's next idle check lets it in."""
    path = tmp_path / "d.duckdb"
    code = ("import sys, time; from dateline.store import open_store; "
            "s = open_store(sys.argv[1], read_only=True, wait=20); "
            "print(s.counts()['articles'], flush=True); s.close()")
    store = open_store(path, sessions=True)
    try:
        store.add_document(_doc(1))
        assert store.in_session
        import subprocess
        import sys

        proc = subprocess.Popen([sys.executable, "-c", code, str(path)],
                                stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while store.in_session and time.monotonic() < deadline:
            store.yield_to_readers()  # the writer's idle check
            time.sleep(0.02)
        assert not store.in_session
        assert proc.communicate(timeout=30)[0].strip() == "1"
    finally:
        store.close()


def test_session_mode_checks_the_schema_version(tmp_path):
    path = tmp_path / "d.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999'")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path, sessions=True)
    with pytest.raises(StoreError, match="newer"):  # not "another dateline process":
        open_store(path, wait=0)  # the refused open left no writer lock behind


def test_writer_lock_of_a_killed_process_is_gone(tmp_path):
    """flock locks die with their process: kill -9 leaves no stale writer lock."""
    import signal
    import subprocess
    import sys

    path = tmp_path / "d.duckdb"
    code = ("import sys; from dateline.store import open_store; "
            "s = open_store(sys.argv[1], sessions=True); print('ready', flush=True); "
            "sys.stdin.read()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=f"pid {proc.pid}"):
            open_store(path, wait=0)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    store = open_store(path, wait=0)
    assert store.counts()["articles"] == 0
    store.close()


def test_an_unreadable_schema_version_is_an_error_not_version_zero(tmp_path):
    """Version 0 would re-run every migration on a database that has data."""
    path = tmp_path / "d.duckdb"
    open_store(path).close()
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = 'garbage' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="cannot read the schema version") as err:
        open_store(path)
    assert err.value.reason == "schema"
