"""The DuckDB store: one writing process (see :mod:`dateline.store.locks`), write sessions,
migrations, and the writes of ingest."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import StoreError
from ..model import Document
from .actor_merges import ActorMerges
from .actor_resolve import ActorIds
from .merge_tables import MergeTables
from .rows import _document_rows, _insert_many, _now
from .schema import (ACTOR_COLUMNS, ACTOR_UNDO_COLUMNS, ARTICLE_COLUMNS, EVENT_ROW_COLUMNS,
                     MENTION_COLUMNS, MIGRATIONS, PY_MIGRATIONS, SCHEMA_VERSION)
from .story_tables import StoryTables


class DuckDBStore(MergeTables, StoryTables, ActorMerges, ActorIds):
    """The embedded default. One writing process at a time (see :mod:`dateline.store.locks`).

    A writable store holds ``DB.writer.lock`` from open to :meth:`close`, so a second writer
    is refused with a clear message. By default it also keeps DuckDB's file open (and locked)
    all that time. With ``sessions=True`` (``dateline ingest``) it opens the file only for
    *write sessions*: ``con`` opens one on first use, announcing it on ``DB.intent.lock``, and
    :meth:`yield_to_readers` ends it (checkpoint, close) between batches, so that
    ``dateline serve`` can read the database while the ingest parses the next batch. A session
    is kept while no reader waits for the file; once one does (``DB.readers.lock``), it ends
    when nothing more is queued, or at the next article once it has lasted ``max_session``
    seconds; the next one starts once those readers have got in (``grace`` to
    ``max_session`` seconds later), so readers and writer take turns.
    ``announce=True`` (without sessions) holds the intent lock from open to close. ``warm``
    functions run at open in session mode, on a read-only snapshot (:meth:`read_snapshot`),
    to load what the writes will need (the merge index) without holding readers up. A
    writer loop checks for waiting readers every ``linger`` seconds while it has nothing to
    write.
    ``session_wait`` bounds how long a session waits for readers to let go of the file.
    """

    def __init__(self, path: str | Path = "dateline.duckdb", read_only: bool = False,
                 wait: float = 5.0, sessions: bool = False, max_session: float = 0.5,
                 linger: float = 0.1, session_wait: float = 30.0, grace: float = 0.05,
                 announce: bool = False,
                 warm: Iterable[Callable[["DuckDBStore"], None]] = ()) -> None:
        from .locks import FileLock, hold_writer, intent_path

        self.path = str(path)
        self.read_only = read_only
        self.sessions = sessions and not read_only
        self.max_session = max_session
        self.linger = linger
        self.session_wait = session_wait
        self.grace = grace
        self._con: Any = None
        self._intent: Any = None
        self._writer: Any = None
        self._known: set[str] | None = None
        self._session_started = 0.0
        self._resume_after = 0.0
        self._session_lock = threading.RLock()
        self._txn_depth = 0
        self._on_rollback: list[Callable[[], None]] = []
        self._coltypes: dict[str, dict[str, str]] = {}
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database (run `dateline ingest` first)",
                             reason="missing")
        if not read_only:
            self._writer = hold_writer(self.path, wait)
        try:
            if self.sessions:
                self._begin()  # creates or migrates the schema: a write, announced
                self._end()
                with self.read_snapshot():  # the loading holds no reader up
                    rows = self._con.execute("SELECT id FROM articles").fetchall()
                    self._known = {r[0] for r in rows}
                    for fn in warm:
                        fn(self)
            else:
                if announce and not read_only:  # readers elsewhere step aside (store.locks)
                    self._intent = FileLock(intent_path(self.path))
                    if not self._intent.acquire(self.session_wait):
                        raise StoreError(f"{self.path}: another process holds the write intent",
                                         reason="locked")
                self._con = self._connect(read_only, wait)
                self._check_schema()
        except BaseException:
            self.close()
            raise

    def _connect(self, read_only: bool, wait: float) -> Any:
        """Open DuckDB's file, retrying for ``wait`` s while another process has it."""
        import duckdb

        # DuckDB lets one process write, and no process write while another reads: a short
        # conflict (a web request reading) is waited out, a long one (an ingest) is reported.
        from .locks import ReaderSignal

        deadline = time.monotonic() + wait
        signal = ReaderSignal(self.path) if read_only else None
        try:
            while True:
                try:
                    return duckdb.connect(self.path, read_only=read_only)
                except (duckdb.IOException, duckdb.ConnectionException) as exc:
                    if time.monotonic() >= deadline:
                        raise StoreError(f"{self.path}: cannot open the database; is another "
                                         f"dateline process writing to it? ({exc})",
                                         reason="locked") from exc
                    if signal is not None and not signal.waiting_now:
                        signal.raise_hand()  # a writer in session mode lets readers in
                    time.sleep(0.02)
        finally:
            if signal is not None and signal.waiting_now:
                signal.lower_hand()

    def _check_schema(self) -> None:
        if not self.read_only:
            self.migrate()
        self.version = self._version()
        if self.version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {self.version} is newer than this "
                             f"dateline ({SCHEMA_VERSION}); upgrade dateline", reason="schema")

    @classmethod
    def on_connection(cls, con: Any) -> "DuckDBStore":
        """The store's read methods over an already open connection or cursor (the web app's
        shared read-only connection); nothing is migrated and ``close`` is the caller's."""
        self = cls.__new__(cls)
        self.path = "<connection>"
        self.read_only = True
        self.sessions = False
        self._con = con
        self._writer = self._intent = self._known = None
        self._txn_depth = 0
        self._on_rollback = []
        self._coltypes = {}
        self.version = self._version()
        return self

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One DuckDB transaction around the body (yields the connection). Nested uses join
        the outermost one, so a caller can make several writes one transaction (the ingest
        stores a group of articles and their merging at once: DuckDB's cost is per statement
        and per commit, not per row)."""
        con = self.con
        if self._txn_depth:
            self._txn_depth += 1
            try:
                yield con
            finally:
                self._txn_depth -= 1
            return
        con.execute("BEGIN TRANSACTION")
        self._txn_depth = 1
        self._on_rollback = []
        try:
            yield con
            self._txn_depth = 0
            con.execute("COMMIT")
        except BaseException:  # the body or the COMMIT failed (a full disk): nothing written
            self._txn_depth = 0
            undo, self._on_rollback = self._on_rollback, []
            try:
                con.execute("ROLLBACK")
            except Exception:
                pass  # a failed COMMIT has already ended the transaction
            finally:
                for fn in reversed(undo):
                    fn()
            raise
        self._on_rollback = []

    def on_rollback(self, fn: Callable[[], None]) -> None:
        """Inside :meth:`transaction`: call ``fn`` if the transaction is rolled back (to forget
        in-memory state that described its writes)."""
        if self._txn_depth:
            self._on_rollback.append(fn)

    # -- connection lifecycle (write sessions) --------------------------------------------
    @property
    def con(self) -> Any:
        """The DuckDB connection; in session mode, opening a write session if none is open."""
        if self._con is None:
            if not getattr(self, "sessions", False):
                raise StoreError(f"{self.path}: the store is closed", reason="closed")
            self._begin()
        return self._con

    @con.setter
    def con(self, value: Any) -> None:
        self._con = value

    @property
    def in_session(self) -> bool:
        """True while this store has DuckDB's file open."""
        return self._con is not None

    def _begin(self) -> None:
        """Start a write session: announce it, then open the file (readers step aside)."""
        from .locks import FileLock, intent_path, readers_waiting

        with self._session_lock:
            if self._con is not None:
                return
            pause = self._resume_after - time.monotonic()
            if pause > 0:  # the session before was ended for readers: let them in first,
                time.sleep(pause)  # at least grace s, and until none waits (max_session s)
                until = time.monotonic() + self.max_session
                while readers_waiting(self.path) and time.monotonic() < until:
                    time.sleep(0.005)
                self._resume_after = 0.0
            intent = FileLock(intent_path(self.path))
            if not intent.acquire(self.session_wait):
                raise StoreError(f"{self.path}: another process holds the write intent",
                                 reason="locked")
            try:
                self._con = self._connect(False, self.session_wait)
                if not hasattr(self, "version"):
                    self._check_schema()
            except BaseException:
                if self._con is not None:
                    self._con.close()
                    self._con = None
                intent.release()
                raise
            self._intent = intent
            self._session_started = time.monotonic()

    def _end(self) -> None:
        """End the write session: checkpoint (readers then open a file with no WAL to
        replay), close, withdraw the intent."""
        with self._session_lock:
            con, self._con = self._con, None
            intent, self._intent = self._intent, None
            try:
                if con is not None:
                    try:
                        con.execute("CHECKPOINT")
                    finally:
                        con.close()
            finally:
                if intent is not None:
                    intent.release()

    @contextmanager
    def read_snapshot(self) -> Iterator["DuckDBStore"]:
        """Session mode, outside a session: ``con`` is a read-only connection for the body.
        Readers in other processes share the file meanwhile (nothing is announced); nothing
        can be written through it."""
        with self._session_lock:
            if self._con is not None:
                raise StoreError(f"{self.path}: a write session is open", reason="locked")
            self._con = self._connect(True, self.session_wait)
            try:
                yield self
            finally:
                con, self._con = self._con, None
                con.close()

    def end_session(self) -> None:
        """End the write session now, if one is open (checkpoint, close, withdraw)."""
        if getattr(self, "sessions", False) and self._con is not None:
            self._end()

    def yield_to_readers(self, more_pending: bool = False) -> None:
        """Call between two writes (never inside a transaction), and now and then while idle.
        In session mode, ends the write session when a reader waits for the file
        (``DB.readers.lock``, see :mod:`dateline.store.locks`) and nothing more is
        ``more_pending`` or the session has lasted ``max_session`` seconds; the next session
        then waits until the waiting readers have got in (at least ``grace`` s, at most
        ``max_session`` s). While nobody waits the session
        stays open: an ingest alone pays no reopening. A no-op outside session mode."""
        from .locks import readers_waiting

        if not getattr(self, "sessions", False) or self._con is None:
            return
        if more_pending and time.monotonic() - self._session_started < self.max_session:
            return
        if not readers_waiting(self.path):
            return
        # the next session waits for the waiting readers to get in (see _begin)
        self._resume_after = time.monotonic() + self.grace
        self._end()

    # -- schema -------------------------------------------------------------------------
    def _version(self) -> int:
        """The schema version; 0 for a new database (no ``meta`` table yet). Any other
        failure to read it is an error, not version 0 (which would re-run the migrations)."""
        import duckdb

        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()
        if not has_meta or not has_meta[0]:
            return 0
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return int(row[0]) if row else 0
        except (duckdb.Error, ValueError, TypeError) as exc:
            raise StoreError(f"{self.path}: cannot read the schema version ({exc})",
                             reason="schema") from exc

    def migrate(self) -> None:
        current = self._version()
        for version in sorted(v for v in MIGRATIONS if v > current):
            self.con.execute("BEGIN TRANSACTION")
            try:
                for sql in MIGRATIONS[version]:
                    self.con.execute(sql)
                if version in PY_MIGRATIONS:
                    getattr(self, PY_MIGRATIONS[version])(self.con)
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                                 [str(version)])
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise

    # -- writes -------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        """Is this article stored? In session mode an in-memory set of ids answers (loaded at
        open, kept current by :meth:`add_document`; exact, since no other process may write
        while this store holds the writer lock), so the check opens no session and is safe
        from the thread that parses while another one writes."""
        if self._known is not None:
            return article_id in self._known
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    @contextmanager
    def article_lookup(self) -> Iterator[Callable[[str], bool]]:
        """:meth:`has_article` for a thread other than the one that writes: in session mode
        the in-memory ids (no session needed), otherwise a cursor of its own (the writing
        thread owns ``con``)."""
        if self.sessions:
            yield self.has_article
            return
        cur = self.con.cursor()
        try:
            yield lambda article_id: cur.execute("SELECT 1 FROM articles WHERE id = ?",
                                                 [article_id]).fetchone() is not None
        finally:
            cur.close()

    def add_document(self, doc: Document) -> bool:
        """Store one article with its mentions and events atomically; False if already stored."""
        return self.add_documents([doc])[0]

    def add_documents(self, docs: list[Document]) -> list[bool]:
        """Store articles with their mentions and events in one transaction (all or none);
        per document, False when its article was already stored (or came earlier in
        ``docs``). One INSERT per table for the whole group."""
        new: list[bool] = []
        ids: set[str] = set()
        articles, mentions, events, actors = [], [], [], []
        for doc in docs:
            art = doc.article
            if art is None:
                raise StoreError(f"{doc.origin}: document has no article")
            fresh = art.id not in ids and not self.has_article(art.id)
            new.append(fresh)
            if not fresh:
                continue
            ids.add(art.id)
            _document_rows(doc, articles, mentions, events, actors)
        if not articles:
            return new
        with self.transaction() as con:
            # the user's actor merges (store.actor_merges), remembered for an unmerge
            undo = self.apply_actor_merges(events, actors, EVENT_ROW_COLUMNS.index("actor"),
                                           EVENT_ROW_COLUMNS.index("recipient"))
            _insert_many(con, "articles", ARTICLE_COLUMNS, articles, self._coltypes)
            _insert_many(con, "mentions", MENTION_COLUMNS, mentions, self._coltypes)
            _insert_many(con, "events", EVENT_ROW_COLUMNS, events, self._coltypes, ignore=True)
            _insert_many(con, "event_actors", ACTOR_COLUMNS, actors, self._coltypes)
            _insert_many(con, "actor_merge_undo", ["alias"] + ACTOR_UNDO_COLUMNS, undo,
                         self._coltypes)
            # the canonical actors of the new parties and of the stored ones they may join
            self.resolve_actor_ids(con, {r[8] for r in actors}, {r[0] for r in events})
            if self._known is not None:
                self._known.update(ids)
                self.on_rollback(lambda: self._known.difference_update(ids))
        return new

    def add_reject(self, origin: str, reason: str, detail: str = "") -> None:
        self.con.execute("INSERT INTO rejects VALUES (?, ?, ?, ?)", [origin, reason, detail, _now()])

    def close(self) -> None:
        """Close the connection (ending any write session) and give up the writer lock."""
        try:
            if getattr(self, "sessions", False):
                self._end()
            elif self._con is not None:
                self._con.close()
                self._con = None
        finally:
            for attr in ("_intent", "_writer"):
                lock = getattr(self, attr, None)
                setattr(self, attr, None)
                if lock is not None:
                    lock.release()


def open_store(path: str | Path, read_only: bool = False, wait: float = 5.0,
               sessions: bool = False, announce: bool = False,
               warm: Iterable[Callable[[DuckDBStore], None]] = ()) -> DuckDBStore:
    """Open (and migrate) the database at ``path``, waiting up to ``wait`` s for a lock.

    ``sessions`` (writable only) keeps DuckDB's file closed between write sessions, so that
    readers can use it while the caller computes (see :class:`DuckDBStore`)."""
    return DuckDBStore(path, read_only=read_only, wait=wait, sessions=sessions,
                       announce=announce, warm=warm)


def upgrade(path: str | Path, wait: float = 5.0) -> tuple[int, int] | None:
    """Migrate the database at ``path`` to this dateline's schema when it is older (its
    stored data included: actor ids since version 6); (old, new) version when it did, None
    when it was current or absent. :class:`StoreError` when another process writes it."""
    import duckdb

    if not Path(path).exists():
        return None
    con = duckdb.connect(str(path), read_only=True)
    try:
        has_meta = con.execute("SELECT count(*) FROM information_schema.tables WHERE "
                               "table_name = 'meta'").fetchone()[0]
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() \
            if has_meta else None
    finally:
        con.close()
    old = int(row[0]) if row else 0
    if old >= SCHEMA_VERSION:
        return None
    open_store(path, wait=wait).close()
    return old, SCHEMA_VERSION
