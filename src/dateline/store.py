"""Storage behind one interface; the default is an embedded DuckDB file.

Tables: ``articles``, ``mentions`` (entity/place/date mentions with offsets), ``events``,
``event_actors`` (one row per actor/recipient, for filtering), ``rejects`` (inputs that could
not be ingested, with the reason: nothing a user gave is silently lost), ``meta``
(``schema_version``); since schema 2 ``merged_events`` (one row per real-world event),
``event_links`` (stored event -> merged event), ``article_minhash`` and
``articles.duplicate_of`` (near-duplicate wire copies), written by :mod:`dateline.merge`.
Each article is written in one transaction with its mentions and events.
Migrations are numbered; opening an older database applies the missing ones in order.
"""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from .errors import StoreError
from .model import Document

SCHEMA_VERSION = 4

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS articles (
            id VARCHAR PRIMARY KEY, origin VARCHAR, url VARCHAR, title VARCHAR, subtitle VARCHAR,
            published VARCHAR, section VARCHAR, source VARCHAR, language VARCHAR, body VARCHAR,
            captions JSON, related JSON, warnings JSON, ingested_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS mentions (
            article_id VARCHAR, kind VARCHAR, field VARCHAR, text VARCHAR, "start" INTEGER,
            "end" INTEGER, label VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR,
            wikidata VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, resolution VARCHAR,
            value VARCHAR, value_end VARCHAR, granularity VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS events (
            id VARCHAR PRIMARY KEY, article_id VARCHAR, event VARCHAR, mode VARCHAR,
            modality VARCHAR, context JSON, cameo VARCHAR, actor JSON, recipient JSON,
            date VARCHAR, date_end VARCHAR, date_text VARCHAR, location JSON, place VARCHAR,
            lat DOUBLE, lon DOUBLE, place_country VARCHAR, evidence_field VARCHAR,
            evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER, mentions JSON,
            confidence DOUBLE)""",
        """CREATE TABLE IF NOT EXISTS event_actors (
            event_id VARCHAR, role VARCHAR, text VARCHAR, name VARCHAR, country VARCHAR,
            sector VARCHAR, wikidata VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS rejects (
            origin VARCHAR, reason VARCHAR, detail VARCHAR, "at" TIMESTAMP)""",
    ],
    # 2: cross-article merging (dateline.merge): near-duplicate flag and MinHash signatures,
    # merged events (one per real-world event) and the links from each stored event to one.
    2: [
        """ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR""",
        """CREATE TABLE IF NOT EXISTS article_minhash (
            article_id VARCHAR PRIMARY KEY, signature BLOB, similarity DOUBLE)""",
        """CREATE TABLE IF NOT EXISTS merged_events (
            id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, modality VARCHAR, actors JSON,
            recipients JSON, date VARCHAR, date_end VARCHAR, place VARCHAR, lat DOUBLE,
            lon DOUBLE, country VARCHAR, num_mentions INTEGER, num_sources INTEGER,
            num_articles INTEGER, first_seen VARCHAR, confidence DOUBLE, disagreements JSON)""",
        """CREATE TABLE IF NOT EXISTS event_links (
            merged_event_id VARCHAR, event_id VARCHAR PRIMARY KEY, score DOUBLE)""",
    ],
    # 3: stored story clusters (dateline.merge.story_db): one row per story, and each article's
    # story with its best similarity to another member (NULL for a story's only article).
    3: [
        """CREATE TABLE IF NOT EXISTS stories (
            id VARCHAR PRIMARY KEY, headline VARCHAR, headline_article VARCHAR,
            first_seen VARCHAR, last_seen VARCHAR, num_articles INTEGER, num_outlets INTEGER,
            outlets JSON, method VARCHAR, updated_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS story_articles (
            story_id VARCHAR, article_id VARCHAR PRIMARY KEY, similarity DOUBLE)""",
    ],
    # 4: what decided each event (the coder, its rule or trigger, its models' scores)
    4: [
        """ALTER TABLE events ADD COLUMN IF NOT EXISTS decided JSON""",
    ],
}

ARTICLE_COLUMNS = ["id", "origin", "url", "title", "subtitle", "published", "section", "source",
                   "language", "body", "captions", "related", "warnings", "ingested_at"]
MERGED_COLUMNS = ["id", "type", "mode", "modality", "actors", "recipients", "date", "date_end",
                  "place", "lat", "lon", "country", "num_mentions", "num_sources",
                  "num_articles", "first_seen", "confidence", "disagreements"]
MERGED_JSON = ("actors", "recipients", "disagreements")

MENTION_COLUMNS = ["article_id", "kind", "field", "text", "start", "end", "label", "name", "country",
                   "sector", "wikidata", "geonameid", "lat", "lon", "resolution", "value",
                   "value_end", "granularity"]
ACTOR_COLUMNS = ["event_id", "role", "text", "name", "country", "sector", "wikidata"]
EVENT_COLUMNS = ["id", "article_id", "event", "mode", "modality", "cameo", "date", "date_end",
                 "date_text", "place", "place_country", "lat", "lon", "confidence", "actor",
                 "recipient", "evidence", "evidence_field", "evidence_start", "evidence_end",
                 "context", "location", "mentions", "decided"]
#: the events table's columns in the order of its rows as written by ``_document_rows``
EVENT_ROW_COLUMNS = ["id", "article_id", "event", "mode", "modality", "context", "cameo", "actor",
                     "recipient", "date", "date_end", "date_text", "location", "place", "lat",
                     "lon", "place_country", "evidence_field", "evidence", "evidence_start",
                     "evidence_end", "mentions", "confidence", "decided"]


class Store(Protocol):
    """What ingest needs from storage (reads go through :mod:`dateline.query`)."""

    def has_article(self, article_id: str) -> bool: ...
    def add_document(self, doc: Document) -> bool: ...
    def add_reject(self, origin: str, reason: str, detail: str = "") -> None: ...
    def close(self) -> None: ...


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class DuckDBStore:
    """The embedded default. One writing process at a time (see :mod:`dateline.storelock`).

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
        from .storelock import FileLock, hold_writer, intent_path

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
                if announce and not read_only:  # readers elsewhere step aside (storelock)
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
        from .storelock import ReaderSignal

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
        from .storelock import FileLock, intent_path, readers_waiting

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
        (``DB.readers.lock``, see :mod:`dateline.storelock`) and nothing more is
        ``more_pending`` or the session has lasted ``max_session`` seconds; the next session
        then waits until the waiting readers have got in (at least ``grace`` s, at most
        ``max_session`` s). While nobody waits the session
        stays open: an ingest alone pays no reopening. A no-op outside session mode."""
        from .storelock import readers_waiting

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
            _insert_many(con, "articles", ARTICLE_COLUMNS, articles, self._coltypes)
            _insert_many(con, "mentions", MENTION_COLUMNS, mentions, self._coltypes)
            _insert_many(con, "events", EVENT_ROW_COLUMNS, events, self._coltypes, ignore=True)
            _insert_many(con, "event_actors", ACTOR_COLUMNS, actors, self._coltypes)
            if self._known is not None:
                self._known.update(ids)
                self.on_rollback(lambda: self._known.difference_update(ids))
        return new

    def add_reject(self, origin: str, reason: str, detail: str = "") -> None:
        self.con.execute("INSERT INTO rejects VALUES (?, ?, ?, ?)", [origin, reason, detail, _now()])

    # -- reads (events and articles: dateline.query) ------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "rejects")}

    def merge_counts(self) -> dict[str, int]:
        """Events (reports), merged events and near-duplicate articles."""
        q = self.con.execute
        return {"events": q("SELECT count(*) FROM events").fetchone()[0],
                "merged_events": q("SELECT count(*) FROM merged_events").fetchone()[0],
                "linked": q("SELECT count(*) FROM event_links").fetchone()[0],
                "duplicates": q("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
                                ).fetchone()[0]}

    def rejects(self) -> list[dict[str, Any]]:
        cur = self.con.execute('SELECT origin, reason, detail, "at" FROM rejects ORDER BY "at"')
        return [dict(zip(("origin", "reason", "detail", "at"), r)) for r in cur.fetchall()]

    # -- merging (schema 2; see dateline.merge) ------------------------------------------
    def merge_inputs(self, article_ids: list[str] | None = None,
                     linked_only: bool = False) -> list[dict[str, Any]]:
        """Stored events with what cross-article merging needs, in arrival order.

        ``article_ids`` limits them to those articles; ``linked_only`` to events already
        linked to a merged event (with ``merged_event_id`` and ``score``)."""
        sql = ("SELECT e.id, e.article_id, e.event, e.actor, e.recipient, e.mode, e.modality, "
               "e.date, e.date_end, e.date_text, e.place, e.lat, e.lon, e.place_country, "
               "json_extract_string(e.location, '$.resolution'), e.confidence, a.source, a.url, "
               "a.published, a.duplicate_of, e.evidence, l.merged_event_id, l.score "
               "FROM events e JOIN articles a ON a.id = e.article_id "
               "LEFT JOIN event_links l ON l.event_id = e.id")
        where, params = [], []
        if article_ids is not None:
            where.append("list_contains(?, e.article_id)")
            params.append(list(article_ids))
        if linked_only:
            where.append("l.merged_event_id IS NOT NULL")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (" ORDER BY a.published NULLS LAST, a.ingested_at, e.article_id, "
                "e.evidence_field, e.evidence_start, e.id")
        keys = ["id", "article_id", "event", "actor", "recipient", "mode", "modality", "date",
                "date_end", "date_text", "place", "lat", "lon", "country", "resolution",
                "confidence", "source", "url", "published", "duplicate_of", "evidence",
                "merged_event_id", "score"]
        out = []
        for row in self.con.execute(sql, params).fetchall():
            d = dict(zip(keys, row))
            for k in ("actor", "recipient"):
                d[k] = json.loads(d[k]) if isinstance(d[k], str) else (d[k] or [])
            out.append(d)
        return out

    def article_bodies(self, batch: int = 1000) -> Iterable[tuple[str, str]]:
        """(id, body) of every article in arrival order, streamed in batches."""
        cur = self.con.cursor()
        cur.execute("SELECT id, body FROM articles ORDER BY published NULLS LAST, ingested_at, id")
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            yield from rows
        cur.close()

    def article_body(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT body FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def minhash_signatures(self) -> list[tuple[str, bytes, str | None]]:
        """(article id, MinHash signature bytes, duplicate_of) for every signed article."""
        return [(r[0], bytes(r[1]), r[2]) for r in self.con.execute(
            "SELECT m.article_id, m.signature, a.duplicate_of FROM article_minhash m "
            "JOIN articles a ON a.id = m.article_id ORDER BY a.ingested_at, m.article_id"
        ).fetchall()]

    def clear_minhash(self) -> None:
        """Forget every signature and near-duplicate flag (before recomputing them)."""
        with self.transaction() as con:
            con.execute("DELETE FROM article_minhash")
            con.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")

    def set_minhash(self, rows: list[tuple[str, bytes, str | None, float | None]]) -> None:
        """Store (article id, signature, duplicate_of, similarity) rows in one transaction.

        The article's ``duplicate_of`` is written only when set (it is NULL otherwise)."""
        if not rows:
            return
        with self.transaction() as con:
            con.execute("DELETE FROM article_minhash WHERE list_contains(?, article_id)",
                        [[r[0] for r in rows]])
            _insert_many(con, "article_minhash", ["article_id", "signature", "similarity"],
                         [[aid, sig, sim] for aid, sig, _, sim in rows], self._coltypes)
            for aid, _, dup, _ in rows:
                if dup is not None:
                    con.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [dup, aid])

    def save_merged(self, merged: list[dict[str, Any]],
                    links: list[tuple[str, str, float]], replace_all: bool = False) -> None:
        """Write merged events and links in one transaction (upsert by id; or replace all)."""
        with self.transaction() as con:
            if replace_all:
                con.execute("DELETE FROM merged_events")
                con.execute("DELETE FROM event_links")
            elif merged:
                con.execute("DELETE FROM merged_events WHERE list_contains(?, id)",
                            [[m["id"] for m in merged]])
            if links and not replace_all:
                con.execute("DELETE FROM event_links WHERE list_contains(?, event_id)",
                            [[link[1] for link in links]])
            _insert_many(con, "merged_events", MERGED_COLUMNS,
                         [[_j(m.get(c)) if c in MERGED_JSON else m.get(c) for c in MERGED_COLUMNS]
                          for m in merged], self._coltypes)
            _insert_many(con, "event_links", ["merged_event_id", "event_id", "score"],
                         [list(link) for link in links], self._coltypes)

    def merged_events(self, type: str | None = None, mode: str | None = None,
                      actor: str | None = None, limit: int | None = None
                      ) -> list[dict[str, Any]]:
        """Merged events, oldest first, each with the ids of its linked events."""
        where, params = [], []
        if type:
            where.append("type = ?")
            params.append(type.upper())
        if mode:
            where.append("mode = ?")
            params.append(mode)
        if actor:
            where.append("(lower(CAST(actors AS VARCHAR)) LIKE ? "
                         "OR lower(CAST(recipients AS VARCHAR)) LIKE ?)")
            params += [f"%{actor.lower()}%"] * 2
        sql = f"SELECT {', '.join(_q(c) for c in MERGED_COLUMNS)} FROM merged_events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date NULLS LAST, first_seen, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        out = []
        for row in self.con.execute(sql, params).fetchall():
            d = dict(zip(MERGED_COLUMNS, row))
            for k in MERGED_JSON:
                if isinstance(d.get(k), str):
                    d[k] = json.loads(d[k])
            out.append(d)
        if out:
            links: dict[str, list[str]] = {}
            for mid, eid in self.con.execute(
                    "SELECT merged_event_id, event_id FROM event_links WHERE "
                    "list_contains(?, merged_event_id) ORDER BY event_id",
                    [[d["id"] for d in out]]).fetchall():
                links.setdefault(mid, []).append(eid)
            for d in out:
                d["event_ids"] = links.get(d["id"], [])
        return out

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


def _q(col: str) -> str:
    return f'"{col}"'


def _document_rows(doc: Document, articles: list, mentions: list, events: list,
                   actors: list) -> None:
    """Append one document's rows for ``articles``, ``mentions``, ``events`` and
    ``event_actors`` (the columns of ``ARTICLE_COLUMNS`` ... ``ACTOR_COLUMNS``)."""
    art = doc.article
    assert art is not None
    articles.append([art.id, art.origin, art.url, art.title, art.subtitle, art.published,
                     art.section, art.source, art.language, art.body,
                     _j([asdict(c) for c in art.captions]), _j([asdict(r) for r in art.related]),
                     _j(doc.warnings), _now()])
    for e in doc.entities:
        mentions.append([art.id, "entity", e.field, e.text, e.start, e.end, e.label, e.name,
                         e.country, e.sector, e.wikidata, None, None, None, None, None, None, None])
    for p in doc.places:
        mentions.append([art.id, "place", p.field, p.text, p.start, p.end, None, p.name,
                         p.country, None, None, p.geonameid, p.lat, p.lon, p.resolution,
                         None, None, None])
    for d in doc.dates:
        mentions.append([art.id, "date", d.field, d.text, d.start, d.end, None, None, None,
                         None, None, None, None, None, None, d.value, d.value_end, d.granularity])
    seen: set[str] = set()
    for ev in doc.events:
        if not ev.id:
            ev.assign_id(art.id)
        if ev.id in seen:  # first one wins, as one INSERT OR IGNORE per event did
            continue
        seen.add(ev.id)
        loc = ev.location
        events.append(
            [ev.id, art.id, ev.event, ev.mode, ev.modality, _j(ev.context), ev.cameo,
             _j([asdict(a) for a in ev.actor]), _j([asdict(a) for a in ev.recipient]),
             ev.date, ev.date_end, ev.date_text, _j(asdict(loc) if loc else None),
             (loc.name or loc.text) if loc else None, loc.lat if loc else None,
             loc.lon if loc else None, loc.country if loc else None,
             ev.evidence.field, ev.evidence.sentence, ev.evidence.start, ev.evidence.end,
             _j([asdict(m) for m in ev.mentions]), ev.confidence, _j(ev.decided)])
        for role, group in (("actor", ev.actor), ("recipient", ev.recipient)):
            for a in group:
                actors.append([ev.id, role, a.text, a.name, a.country, a.sector, a.wikidata])


def column_types(con: Any, table: str, cache: dict[str, dict[str, str]] | None = None
                 ) -> dict[str, str]:
    """``{column: DuckDB type}`` of ``table`` (remembered in ``cache`` when given)."""
    if cache is not None and table in cache:
        return cache[table]
    types = {name: typ for name, typ in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
        "AND schema_name = 'main'", [table]).fetchall()}
    if cache is not None:
        cache[table] = types
    return types


#: Up to this many rows an INSERT binds each value (cheapest for a row or two); above it,
#: one list per column is bound and unnested (DuckDB then costs about 12 us a row instead of
#: 200 us: binding separate parameters is what costs).
_VALUES_ROWS = 4


def _insert_many(con: Any, table: str, cols: list[str], rows: list[list[Any]],
                 types: dict[str, dict[str, str]] | None = None, ignore: bool = False) -> None:
    """Insert ``rows`` (lists in ``cols`` order) into ``table`` in one statement.

    Few rows: ``VALUES (?, ...), ...``. More: one parameter per column, a list cast to the
    column's type and unnested (``types`` caches the table's column types)."""
    if not rows:
        return
    head = (f"INSERT {'OR IGNORE ' if ignore else ''}INTO {table} "
            f"({', '.join(_q(c) for c in cols)}) ")
    if len(rows) <= _VALUES_ROWS:
        one = "(" + ", ".join("?" for _ in cols) + ")"
        con.execute(head + "VALUES " + ", ".join(one for _ in rows), [v for r in rows for v in r])
        return
    kinds = column_types(con, table, types)
    con.execute(head + "SELECT " + ", ".join(f"unnest(?::{kinds[c]}[])" for c in cols),
                [list(col) for col in zip(*rows)])


def open_store(path: str | Path, read_only: bool = False, wait: float = 5.0,
               sessions: bool = False, announce: bool = False,
               warm: Iterable[Callable[[DuckDBStore], None]] = ()) -> DuckDBStore:
    """Open (and migrate) the database at ``path``, waiting up to ``wait`` s for a lock.

    ``sessions`` (writable only) keeps DuckDB's file closed between write sessions, so that
    readers can use it while the caller computes (see :class:`DuckDBStore`)."""
    return DuckDBStore(path, read_only=read_only, wait=wait, sessions=sessions,
                       announce=announce, warm=warm)
