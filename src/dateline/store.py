"""Storage behind one interface; the default is an embedded DuckDB file.

Tables: ``articles``, ``mentions`` (entity/place/date mentions with offsets), ``events``,
``event_actors`` (one row per actor/recipient, for filtering), ``rejects`` (inputs that could
not be ingested, with the reason: nothing a user gave is silently lost), ``meta``
(``schema_version``). Each article is written in one transaction with its mentions and events.
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

SCHEMA_VERSION = 1

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
}

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
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?, ?, ?, ?, ?)", rows)
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
                con.executemany("INSERT INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?)", actor_rows)
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

    def rejects(self) -> list[dict[str, Any]]:
        cur = self.con.execute('SELECT origin, reason, detail, "at" FROM rejects ORDER BY "at"')
        return [dict(zip(("origin", "reason", "detail", "at"), r)) for r in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


def _q(col: str) -> str:
    return f'"{col}"'


def open_store(path: str | Path, read_only: bool = False, wait: float = 5.0) -> DuckDBStore:
    """Open (and migrate) the database at ``path``, waiting up to ``wait`` s for a lock."""
    return DuckDBStore(path, read_only=read_only, wait=wait)
