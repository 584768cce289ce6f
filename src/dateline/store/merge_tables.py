"""The tables cross-article merging reads and writes (merged events, minhash signatures,
article bodies), and the store's counts: a part of :class:`~dateline.store.DuckDBStore`."""

from __future__ import annotations

import json
from typing import Any, Iterable

from .rows import _insert_many, _j, _q
from .schema import MERGED_COLUMNS, MERGED_JSON


class MergeTables:
    """Methods of the DuckDB store over its merge tables (``self.con`` is the connection)."""

    con: Any
    _coltypes: dict[str, dict[str, str]]

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

    def has_reject(self, origin: str, reason: str) -> bool:
        """Is a reject of ``origin`` for ``reason`` recorded?"""
        return self.con.execute("SELECT 1 FROM rejects WHERE origin = ? AND reason = ? LIMIT 1",
                                [origin, reason]).fetchone() is not None

    def article_ids(self) -> list[str]:
        """The ids of every stored article (in no particular order)."""
        return [r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()]

    def rejects(self) -> list[dict[str, Any]]:
        cur = self.con.execute('SELECT origin, reason, detail, "at" FROM rejects ORDER BY "at"')
        return [dict(zip(("origin", "reason", "detail", "at"), r)) for r in cur.fetchall()]

    # -- merging (schema 2; see dateline.merge) ------------------------------------------
    def merge_inputs(self, article_ids: list[str] | None = None,
                     linked_only: bool = False,
                     joined_to: list[str] | None = None) -> list[dict[str, Any]]:
        """Stored events with what cross-article merging needs, in arrival order.

        ``article_ids`` limits them to those articles; ``linked_only`` to events already
        linked to a merged event (with ``merged_event_id`` and ``score``); ``joined_to`` to
        events with a party joined to one of these canonical actor ids (its ``actor_id`` is
        one of them and not the id of its own name: a surname, a user's merge)."""
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
        if joined_to is not None:
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE "
                         "list_contains(?, actor_id) AND actor_id <> own_id)")
            params.append(sorted(set(joined_to)))
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

    def merge_status(self, article_id: str) -> tuple[int, int, int]:
        """How far a stored article was merged: (its events not linked to a merged event,
        1 if it has a MinHash signature else 0, 1 if it is in a story else 0); the story
        count is 1 before schema 3, which has no stories."""
        placed = ("(SELECT count(*) FROM story_articles WHERE article_id = ?)"
                  if getattr(self, "version", 0) >= 3 else "1")
        unlinked, signed, has_story = self.con.execute(
            "SELECT (SELECT count(*) FROM events e LEFT JOIN event_links l "
            "ON l.event_id = e.id WHERE e.article_id = ? AND l.event_id IS NULL), "
            f"(SELECT count(*) FROM article_minhash WHERE article_id = ?), {placed}",
            [article_id] * (3 if placed != "1" else 2)).fetchone()
        return unlinked, signed, has_story

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
        if actor:  # either side: a name or text contains it (literally: LIKE wildcards
            # escaped), or a party's canonical actor id is it
            text = actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds = []
            for col in ("actors", "recipients"):
                for key in ("name", "text"):
                    conds.append(f"lower(CAST(json_extract_string({col}, '$[*].{key}') "
                                 "AS VARCHAR)) LIKE ? ESCAPE '\\'")
                    params.append(f"%{text}%")
                conds.append(f"list_contains(json_extract_string({col}, '$[*].id'), ?)")
                params.append(actor)
            where.append("(" + " OR ".join(conds) + ")")
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
