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
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Protocol

from .errors import StoreError
from .model import Document

SCHEMA_VERSION = 2

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
                 "context", "location", "mentions"]


class Store(Protocol):
    """What the CLI and the web app need from storage."""

    def has_article(self, article_id: str) -> bool: ...
    def add_document(self, doc: Document) -> bool: ...
    def add_reject(self, origin: str, reason: str, detail: str = "") -> None: ...
    def events(self, **filters: Any) -> list[dict[str, Any]]: ...
    def article(self, article_id: str) -> dict[str, Any] | None: ...
    def close(self) -> None: ...


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class DuckDBStore:
    """The embedded default. One writer at a time (DuckDB's own file lock)."""

    def __init__(self, path: str | Path = "dateline.duckdb", read_only: bool = False,
                 wait: float = 5.0) -> None:
        import duckdb

        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database (run `dateline ingest` first)")
        # DuckDB lets one process write, and no process write while another reads: a short
        # conflict (a web request reading) is waited out, a long one (an ingest) is reported.
        deadline = time.monotonic() + wait
        while True:
            try:
                self.con = duckdb.connect(self.path, read_only=read_only)
                break
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                if time.monotonic() >= deadline:
                    raise StoreError(f"{self.path}: cannot open the database; is another "
                                     f"dateline process writing to it? ({exc})") from exc
                time.sleep(0.1)
        if not read_only:
            self.migrate()
        self.version = self._version()
        if self.version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {self.version} is newer than this "
                             f"dateline ({SCHEMA_VERSION}); upgrade dateline")

    @classmethod
    def on_connection(cls, con: Any) -> "DuckDBStore":
        """The store's read methods over an already open connection or cursor (the web app's
        shared read-only connection); nothing is migrated and ``close`` is the caller's."""
        self = cls.__new__(cls)
        self.path = "<connection>"
        self.con = con
        self.version = self._version()
        return self

    # -- schema -------------------------------------------------------------------------
    def _version(self) -> int:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except Exception:
            return 0
        return int(row[0]) if row else 0

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
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def add_document(self, doc: Document) -> bool:
        """Store one article with its mentions and events atomically; False if already stored."""
        art = doc.article
        if art is None:
            raise StoreError(f"{doc.origin}: document has no article")
        if self.has_article(art.id):
            return False
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                f"INSERT INTO articles ({', '.join(_q(c) for c in ARTICLE_COLUMNS)}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [art.id, art.origin, art.url, art.title, art.subtitle, art.published, art.section,
                 art.source, art.language, art.body, _j([asdict(c) for c in art.captions]),
                 _j([asdict(r) for r in art.related]), _j(doc.warnings), _now()])
            rows = []
            for e in doc.entities:
                rows.append([art.id, "entity", e.field, e.text, e.start, e.end, e.label, e.name,
                             e.country, e.sector, e.wikidata, None, None, None, None, None, None, None])
            for p in doc.places:
                rows.append([art.id, "place", p.field, p.text, p.start, p.end, None, p.name,
                             p.country, None, None, p.geonameid, p.lat, p.lon, p.resolution,
                             None, None, None])
            for d in doc.dates:
                rows.append([art.id, "date", d.field, d.text, d.start, d.end, None, None, None,
                             None, None, None, None, None, None, d.value, d.value_end, d.granularity])
            if rows:
                _insert_many(con, "mentions", MENTION_COLUMNS, rows)
            actor_rows = []
            for ev in doc.events:
                if not ev.id:
                    ev.assign_id(art.id)
                loc = ev.location
                con.execute(
                    "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [ev.id, art.id, ev.event, ev.mode, ev.modality, _j(ev.context), ev.cameo,
                     _j([asdict(a) for a in ev.actor]), _j([asdict(a) for a in ev.recipient]),
                     ev.date, ev.date_end, ev.date_text, _j(asdict(loc) if loc else None),
                     (loc.name or loc.text) if loc else None, loc.lat if loc else None,
                     loc.lon if loc else None, loc.country if loc else None,
                     ev.evidence.field, ev.evidence.sentence, ev.evidence.start, ev.evidence.end,
                     _j([asdict(m) for m in ev.mentions]), ev.confidence])
                for role, actors in (("actor", ev.actor), ("recipient", ev.recipient)):
                    for a in actors:
                        actor_rows.append([ev.id, role, a.text, a.name, a.country, a.sector, a.wikidata])
            if actor_rows:
                _insert_many(con, "event_actors", ACTOR_COLUMNS, actor_rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return True

    def add_reject(self, origin: str, reason: str, detail: str = "") -> None:
        self.con.execute("INSERT INTO rejects VALUES (?, ?, ?, ?)", [origin, reason, detail, _now()])

    # -- reads --------------------------------------------------------------------------
    def events(self, actor: str | None = None, country: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               modality: str | None = None, article: str | None = None,
               min_confidence: float | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Stored events, newest first, filtered; every value is a bound parameter."""
        where, params = [], []
        if actor:
            where.append("id IN (SELECT event_id FROM event_actors WHERE lower(name) LIKE ? "
                         "OR lower(text) LIKE ?)")
            params += [f"%{actor.lower()}%"] * 2
        if country:
            where.append("(id IN (SELECT event_id FROM event_actors WHERE country = ?) "
                         "OR place_country = ?)")
            params += [country.upper()] * 2
        if type:
            where.append("event = ?")
            params.append(type.upper())
        if since:
            where.append("COALESCE(date_end, date) >= ?")
            params.append(since)
        if until:
            where.append("date <= ?")
            params.append(until)
        if modality:
            where.append("modality = ?")
            params.append(modality.lower())
        if article:
            where.append("article_id LIKE ?")
            params.append(article + "%")
        if min_confidence is not None:
            where.append("confidence >= ?")
            params.append(min_confidence)
        sql = f"SELECT {', '.join(_q(c) for c in EVENT_COLUMNS)} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date DESC NULLS LAST, article_id, evidence_field, evidence_start"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [self._event_row(r) for r in self.con.execute(sql, params).fetchall()]

    @staticmethod
    def _event_row(row: Iterable[Any]) -> dict[str, Any]:
        out = dict(zip(EVENT_COLUMNS, row))
        for k in ("actor", "recipient", "context", "location", "mentions"):
            if isinstance(out.get(k), str):
                out[k] = json.loads(out[k])
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article (id or unique id prefix) with its mentions and events."""
        rows = self.con.execute("SELECT id FROM articles WHERE id LIKE ? ORDER BY id",
                                [article_id + "%"]).fetchall()
        if len(rows) != 1:
            return None
        aid = rows[0][0]
        cur = self.con.execute("SELECT * FROM articles WHERE id = ?", [aid])
        cols = [d[0] for d in cur.description]
        art = dict(zip(cols, cur.fetchone()))
        for k in ("captions", "related", "warnings"):
            if isinstance(art.get(k), str):
                art[k] = json.loads(art[k])
        cur = self.con.execute('SELECT * FROM mentions WHERE article_id = ? ORDER BY field, "start"', [aid])
        mcols = [d[0] for d in cur.description]
        mentions = [dict(zip(mcols, r)) for r in cur.fetchall()]
        return {"article": art, "mentions": mentions, "events": self.events(article=aid)}

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
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM article_minhash")
        self.con.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL")
        self.con.execute("COMMIT")

    def set_minhash(self, rows: list[tuple[str, bytes, str | None, float | None]]) -> None:
        """Store (article id, signature, duplicate_of, similarity) rows in one transaction.

        The article's ``duplicate_of`` is written only when set (it is NULL otherwise)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM article_minhash WHERE list_contains(?, article_id)",
                        [[r[0] for r in rows]])
            _insert_many(con, "article_minhash", ["article_id", "signature", "similarity"],
                         [[aid, sig, sim] for aid, sig, _, sim in rows])
            for aid, _, dup, _ in rows:
                if dup is not None:
                    con.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [dup, aid])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def save_merged(self, merged: list[dict[str, Any]],
                    links: list[tuple[str, str, float]], replace_all: bool = False) -> None:
        """Write merged events and links in one transaction (upsert by id; or replace all)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
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
                          for m in merged])
            _insert_many(con, "event_links", ["merged_event_id", "event_id", "score"],
                         [list(link) for link in links])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

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
        self.con.close()


def _q(col: str) -> str:
    return f'"{col}"'


def _insert_many(con: Any, table: str, cols: list[str], rows: list[list[Any]],
                 chunk: int = 400) -> None:
    """Multi-row INSERTs (DuckDB's executemany costs about a millisecond a row)."""
    head = f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) VALUES "
    one = "(" + ", ".join("?" for _ in cols) + ")"
    for i in range(0, len(rows), chunk):
        part = rows[i:i + chunk]
        con.execute(head + ", ".join(one for _ in part), [v for r in part for v in r])


def open_store(path: str | Path, read_only: bool = False, wait: float = 5.0) -> DuckDBStore:
    """Open (and migrate) the database at ``path``, waiting up to ``wait`` s for a lock."""
    return DuckDBStore(path, read_only=read_only, wait=wait)
