"""Advisory locks beside a DuckDB file: which process writes, and when it wants the file.

DuckDB lets one process open a database file for writing and, while it does, no other process
open it at all, not even read-only. Two sidecar files let dateline processes share the file
around that rule:

* ``DB.writer.lock`` is held (``flock`` exclusive) by the one dateline process allowed to write
  to ``DB``, for as long as it may write (a whole ``dateline ingest``). A second writer waits up
  to its ``wait`` and is then refused with a message naming the holder (pid, command, since
  when), so two ingests into one database are serialised or refused, never interleaved.
* ``DB.readers.lock`` is held (shared) by each reader that waits for the file. The writer
  keeps its session open while nobody waits (an ingest alone pays no reopening), and ends it
  soon after somebody does (:func:`readers_waiting`, probed between writes and every
  ``linger`` seconds while idle).
* ``DB.intent.lock`` is held by that writer only while it wants or has the DuckDB file open
  for writing (one *write session*, e.g. one batch of articles). Readers (``dateline serve``)
  probe it before each request (:class:`IntentProbe`, a non-blocking shared ``flock``: a few
  microseconds): while it is held they open no new connection and close their shared one as
  soon as in-flight requests end, so the writer gets the file within one request's time, and
  they wait (bounded) for the session to end instead of answering 503.

``flock`` locks belong to an open file description, so they vanish with the process that held
them (``kill -9`` included): a crashed writer never leaves a stale lock behind, and the files
themselves are never deleted (deleting a lock file while another process has it open would let
two processes "hold" two different files). Without ``fcntl`` (Windows) every lock here is a
no-op and DuckDB's own file lock is the only guard.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

from ..errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Seconds between two tries of a lock that is busy.
POLL = 0.005


def writer_lock_path(db_path: str) -> str:
    """The sidecar file whose exclusive lock marks the one writing process."""
    return db_path + ".writer.lock"


def intent_path(db_path: str) -> str:
    """The sidecar file whose exclusive lock marks a write session, wanted or running."""
    return db_path + ".intent.lock"


def readers_path(db_path: str) -> str:
    """The sidecar file whose shared locks mark readers waiting for the file."""
    return db_path + ".readers.lock"


class FileLock:
    """An exclusive ``flock`` on a sidecar file, taken with a bounded wait."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float) -> bool:
        """Take the lock, trying for up to ``wait`` seconds; False if another holds it."""
        if self._fd is not None:
            return True
        if fcntl is None:  # pragma: no cover - Windows
            self._fd = -1
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the lock file ({exc})",
                             reason="io") from exc
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(POLL)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None or fd < 0 or fcntl is None:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def write_note(self, text: str) -> None:
        """Say who holds the lock (read by whoever is refused it)."""
        if self._fd is None or self._fd < 0:
            return
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, text.encode("utf-8", "replace"), 0)

    def read_note(self) -> str:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as fh:
                return fh.read(500).strip()
        except OSError:
            return ""


def _who() -> str:
    # the program and its subcommand only: the note is shown to web clients, paths are not
    cmd = " ".join([os.path.basename(a) for a in sys.argv[:1]] + sys.argv[1:2])
    since = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"pid {os.getpid()}, {cmd or 'python'}, since {since}"


def hold_writer(db_path: str, wait: float) -> FileLock:
    """Become the one process writing to ``db_path``, waiting up to ``wait`` s.

    Raises :class:`StoreError` naming the holder when another dateline process writes."""
    lock = FileLock(writer_lock_path(db_path))
    if not lock.acquire(wait):
        holder = lock.read_note() or "unknown pid"
        raise StoreError(f"{db_path}: another dateline process is writing to this database "
                         f"({holder}); wait for it to finish, or use another database",
                         reason="locked", holder=holder)
    lock.write_note(_who())
    return lock


@contextmanager
def announce(db_path: str, wait: float = 30.0) -> Iterator[FileLock]:
    """Hold the write-intent lock of ``db_path`` for the body (one write session)."""
    lock = FileLock(intent_path(db_path))
    if not lock.acquire(wait):
        raise StoreError(f"{db_path}: another process holds the write intent; is another "
                         "dateline process writing to this database?", reason="locked",
                         holder=lock.read_note())
    try:
        yield lock
    finally:
        lock.release()


class IntentProbe:
    """The readers' side: is a writer announcing a write session on ``db_path``?

    Keeps one read-only descriptor on the intent file (reopened if the file is replaced) and
    tests it with a non-blocking shared ``flock``, released at once: readers never hold it, so
    they can neither block nor starve a writer."""

    def __init__(self, db_path: str) -> None:
        self.path = intent_path(db_path)
        self._fd: int | None = None
        self._ino: int | None = None

    def active(self) -> bool:
        if fcntl is None:  # pragma: no cover - Windows
            return False
        try:
            ino = os.stat(self.path).st_ino
        except OSError:
            self.close()
            return False  # no writer has ever announced itself here
        if self._fd is None or ino != self._ino:
            self.close()
            try:
                self._fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                return False
            self._ino = ino
        try:
            fcntl.flock(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        return False

    def close(self) -> None:
        fd, self._fd, self._ino = self._fd, None, None
        if fd is not None:
            os.close(fd)


class ReaderSignal:
    """A reader's "I am waiting for the file" on ``DB.readers.lock`` (shared, so any number
    of readers can say it at once). Created on demand; a no-op where the file cannot be made."""

    def __init__(self, db_path: str) -> None:
        self.path = readers_path(db_path)
        self._fd: int | None = None
        self._count = 0

    @property
    def waiting_now(self) -> bool:
        return self._count > 0

    def raise_hand(self) -> None:
        """Say it (counted: one process may have several waiting threads)."""
        self._count += 1
        if self._count > 1 or fcntl is None:
            return
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_SH)
        except OSError:
            if self._fd is not None:
                os.close(self._fd)
            self._fd = None

    def lower_hand(self) -> None:
        self._count = max(0, self._count - 1)
        if self._count == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @contextmanager
    def waiting(self) -> Iterator[None]:
        self.raise_hand()
        try:
            yield
        finally:
            self.lower_hand()


def readers_waiting(db_path: str) -> bool:
    """Is any reader waiting for the file (a shared lock on ``DB.readers.lock``)?"""
    if fcntl is None:  # pragma: no cover - Windows: assume so, sessions stay short
        return True
    try:
        fd = os.open(readers_path(db_path), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
