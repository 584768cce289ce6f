"""Read queries the HTTP API needs beyond :class:`~dateline.store.DuckDBStore`'s own.

Everything here takes a DuckDB connection or cursor (``store.con.cursor()``) so that each
request works on its own cursor, and every user value is a bound parameter: filters never
build SQL text from input. Column names in ``ORDER BY`` come from a whitelist.

The event filters mirror ``dateline events`` (actor, country, type, modality, since, until,
article, min_confidence) and add ``bbox`` (minlon,minlat,maxlon,maxlat on the event place) and
``q`` (case-insensitive text in the evidence sentence).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from ..plover import QUAD
from ..store import EVENT_COLUMNS

#: PLOVER event type -> GDELT QuadClass (SPEC section 2; dateline.plover holds the table).
QUAD_CLASS = QUAD

#: Sort keys the API accepts ("-" prefix = descending) -> SQL expression.
EVENT_SORTS = {
    "date": "date", "event": "event", "mode": "mode", "modality": "modality",
    "confidence": "confidence", "place": "place", "country": "place_country",
    "article": "article_id", "cameo": "cameo", "id": "id",
}


@dataclass
class EventFilter:
    """The event filters of the API and the CLI; ``None`` means "no filter"."""

    actor: str | None = None
    country: str | None = None
    type: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    min_confidence: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (with leading " WHERE ", or "") and its parameters."""
        where: list[str] = []
        params: list[Any] = []
        if self.actor:
            where.append("id IN (SELECT event_id FROM event_actors WHERE lower(name) LIKE ? "
                         "ESCAPE '\\' OR lower(text) LIKE ? ESCAPE '\\')")
            params += [f"%{_like(self.actor.lower())}%"] * 2
        if self.country:
            where.append("(id IN (SELECT event_id FROM event_actors WHERE country = ?) "
                         "OR place_country = ?)")
            params += [self.country.upper()] * 2
        if self.type:
            where.append("event = ?")
            params.append(self.type.upper())
        if self.modality:
            where.append("modality = ?")
            params.append(self.modality.lower())
        if self.since:
            # compare at the event date's own precision: "2025" overlaps since=2025-09-02
            where.append("COALESCE(date_end, date) >= substr(?, 1, length(COALESCE(date_end, "
                         "date)))")
            params.append(self.since)
        if self.until:
            # "2025-09" as an upper bound includes every day of September
            where.append("date <= ?")
            params.append(self.until + "\uffff" if len(self.until) < 10 else self.until)
        if self.article:
            where.append("article_id LIKE ? ESCAPE '\\'")
            params.append(_like(self.article) + "%")
        if self.min_confidence is not None:
            where.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.bbox is not None:
            minlon, minlat, maxlon, maxlat = self.bbox
            where.append("lat BETWEEN ? AND ?")
            params += [minlat, maxlat]
            if minlon <= maxlon:
                where.append("lon BETWEEN ? AND ?")
                params += [minlon, maxlon]
            else:  # a box across the antimeridian
                where.append("(lon >= ? OR lon <= ?)")
                params += [minlon, maxlon]
        if self.q:
            where.append("lower(evidence) LIKE ? ESCAPE '\\'")
            params.append(f"%{_like(self.q.lower())}%")
        return (" WHERE " + " AND ".join(where)) if where else "", params


def _like(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _cols(names: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in names)


def _rows(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def decode_event(row: dict[str, Any]) -> dict[str, Any]:
    """Parse the JSON columns of an events row."""
    for k in ("actor", "recipient", "context", "location", "mentions", "decided"):
        if isinstance(row.get(k), str):
            row[k] = json.loads(row[k])
    return row


def order_by(sort: str | None) -> str:
    """ORDER BY for a whitelisted sort key ("date", "-confidence", ...); ValueError otherwise."""
    key = (sort or "-date").strip()
    desc = key.startswith("-")
    key = key.lstrip("-+")
    if key not in EVENT_SORTS:
        raise ValueError(f"unknown sort key {key!r}; use one of {', '.join(sorted(EVENT_SORTS))}"
                         " (prefix - for descending)")
    col = EVENT_SORTS[key]
    direction = "DESC" if desc else "ASC"
    return (f" ORDER BY {col} {direction} NULLS LAST, article_id, evidence_field, "
            "evidence_start, id")


def events(cur: Any, flt: EventFilter, *, sort: str | None = None, limit: int | None = 50,
           offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of events matching ``flt`` and the total number that match."""
    where, params = flt.where()
    total = cur.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
    sql = f"SELECT {_cols(EVENT_COLUMNS)} FROM events{where}{order_by(sort)}"
    page_params = list(params)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        page_params += [int(limit), int(offset)]
    rows = [decode_event(r) for r in _rows(cur.execute(sql, page_params))]
    return rows, int(total)


def event(cur: Any, event_id: str) -> dict[str, Any] | None:
    """One event with its article's title/url and the article's mentions inside its evidence."""
    found = _rows(cur.execute(f"SELECT {_cols(EVENT_COLUMNS)} FROM events WHERE id = ?",
                              [event_id]))
    if not found:
        return None
    ev = decode_event(found[0])
    art = _rows(cur.execute("SELECT id, title, url, published, source, origin FROM articles "
                            "WHERE id = ?", [ev["article_id"]]))
    ev["article"] = art[0] if art else None
    spans = [(ev["evidence_field"], ev["evidence_start"], ev["evidence_end"])]
    spans += [(m.get("field"), m.get("start"), m.get("end")) for m in ev.get("mentions") or []]
    ms = _rows(cur.execute('SELECT * FROM mentions WHERE article_id = ? ORDER BY field, "start"',
                           [ev["article_id"]]))
    ev["entity_mentions"] = [
        _drop_article(m) for m in ms
        if any(f == m["field"] and s is not None and e is not None and s <= m["start"]
               and m["end"] <= e for f, s, e in spans)]
    return ev


def _drop_article(m: dict[str, Any]) -> dict[str, Any]:
    m = dict(m)
    m.pop("article_id", None)
    return m


def articles(cur: Any, *, q: str | None = None, limit: int = 50, offset: int = 0
             ) -> tuple[list[dict[str, Any]], int]:
    """One page of articles (newest first), ``q`` = text in the title or body."""
    where, params = "", []
    if q:
        where = (" WHERE lower(coalesce(title, '')) LIKE ? ESCAPE '\\' "
                 "OR lower(body) LIKE ? ESCAPE '\\'")
        params = [f"%{_like(q.lower())}%"] * 2
    total = cur.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0]
    rows = _rows(cur.execute(
        "SELECT id, title, subtitle, url, published, source, section, origin, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
        "length(body) AS chars, CAST(ingested_at AS VARCHAR) AS ingested_at "
        f"FROM articles a{where} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        params + [limit, offset]))
    return rows, int(total)


def article(cur: Any, article_id: str) -> dict[str, Any] | None:
    """One article by exact id (or unique prefix) with its mentions and events."""
    ids = cur.execute("SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
                      [_like(article_id) + "%"]).fetchall()
    if len(ids) != 1:
        exact = [r for r in ids if r[0] == article_id]
        if not exact:
            return None
        ids = exact
    aid = ids[0][0]
    art = _rows(cur.execute("SELECT * EXCLUDE (ingested_at), CAST(ingested_at AS VARCHAR) AS "
                            "ingested_at FROM articles WHERE id = ?", [aid]))[0]
    for k in ("captions", "related", "warnings"):
        if isinstance(art.get(k), str):
            art[k] = json.loads(art[k])
    mentions = [_drop_article(m) for m in _rows(cur.execute(
        'SELECT * FROM mentions WHERE article_id = ? ORDER BY field, "start"', [aid]))]
    evs = [decode_event(r) for r in _rows(cur.execute(
        f"SELECT {_cols(EVENT_COLUMNS)} FROM events WHERE article_id = ? "
        "ORDER BY evidence_field DESC, evidence_start, id", [aid]))]
    return {"article": art, "mentions": mentions, "events": evs}


def actors(cur: Any, *, q: str | None = None, country: str | None = None,
           sort: str = "-events", limit: int = 50, offset: int = 0
           ) -> tuple[list[dict[str, Any]], int]:
    """Actors (by name, country, sector) with event counts and first/last event dates."""
    where, params = [], []
    if q:
        where.append("(lower(coalesce(a.name, a.text)) LIKE ? ESCAPE '\\' "
                     "OR lower(a.text) LIKE ? ESCAPE '\\')")
        params += [f"%{_like(q.lower())}%"] * 2
    if country:
        where.append("a.country = ?")
        params.append(country.upper())
    w = (" WHERE " + " AND ".join(where)) if where else ""
    sorts = {"events": "events", "name": "name", "first": "first_date", "last": "last_date",
             "country": "country"}
    key = sort.lstrip("-")
    if key not in sorts:
        raise ValueError(f"unknown sort key {key!r}; use one of {', '.join(sorted(sorts))}")
    direction = "DESC" if sort.startswith("-") else "ASC"
    base = ("SELECT coalesce(a.name, a.text) AS name, a.country, a.sector, "
            "any_value(a.wikidata) AS wikidata, count(DISTINCT a.event_id) AS events, "
            "count(DISTINCT a.event_id) FILTER (WHERE a.role = 'actor') AS as_actor, "
            "count(DISTINCT a.event_id) FILTER (WHERE a.role = 'recipient') AS as_recipient, "
            "min(e.date) AS first_date, max(coalesce(e.date_end, e.date)) AS last_date "
            f"FROM event_actors a JOIN events e ON e.id = a.event_id{w} "
            "GROUP BY coalesce(a.name, a.text), a.country, a.sector")
    total = cur.execute(f"SELECT count(*) FROM ({base})", params).fetchone()[0]
    rows = _rows(cur.execute(f"{base} ORDER BY {sorts[key]} {direction} NULLS LAST, name, "
                             "country NULLS LAST, sector NULLS LAST LIMIT ? OFFSET ?",
                             params + [limit, offset]))
    return rows, int(total)


def actor_events(cur: Any, name: str) -> dict[str, Any] | None:
    """Every event of one actor (exact name or text, any case) in date order, a monthly count
    by type, and the visits (CONSULT/visit as actor) in order with date and place."""
    ids = [r[0] for r in cur.execute(
        "SELECT DISTINCT event_id FROM event_actors WHERE lower(coalesce(name, text)) = ? "
        "OR lower(text) = ?", [name.lower()] * 2).fetchall()]
    if not ids:
        return None
    evs = [decode_event(r) for r in _rows(cur.execute(
        f"SELECT {_cols(EVENT_COLUMNS)} FROM events WHERE list_contains(?, id) "
        "ORDER BY date NULLS LAST, article_id, evidence_start", [ids]))]
    roles = {(r[0]) for r in cur.execute(
        "SELECT event_id FROM event_actors WHERE role = 'actor' AND "
        "(lower(coalesce(name, text)) = ? OR lower(text) = ?)", [name.lower()] * 2).fetchall()}
    info = _rows(cur.execute(
        "SELECT coalesce(name, text) AS name, country, sector, any_value(wikidata) AS wikidata, "
        "count(*) AS n FROM event_actors WHERE lower(coalesce(name, text)) = ? OR lower(text) = ? "
        "GROUP BY ALL ORDER BY n DESC LIMIT 1", [name.lower()] * 2))[0]
    info.pop("n", None)
    timeline: dict[str, dict[str, int]] = {}
    for e in evs:
        period = (e["date"] or "")[:7] or "unknown"
        bucket = timeline.setdefault(period, {})
        bucket[e["event"]] = bucket.get(e["event"], 0) + 1
    visits = [{"event_id": e["id"], "date": e["date"], "date_end": e["date_end"],
               "place": e["place"], "country": e["place_country"], "lat": e["lat"],
               "lon": e["lon"], "hosts": [a.get("name") or a.get("text") for a in e["recipient"]],
               "modality": e["modality"], "evidence": e["evidence"]}
              for e in evs if e["id"] in roles and e["event"] == "CONSULT" and e["mode"] == "visit"]
    return {"actor": info, "total": len(evs), "events": evs,
            "timeline": [{"period": p, "count": sum(c.values()), "by_type": c}
                         for p, c in sorted(timeline.items())],
            "visits": visits}


def places(cur: Any, *, q: str | None = None, country: str | None = None, limit: int = 100,
           offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Geocoded places: mention and article counts, event counts, coordinates."""
    where, params = ["m.kind = 'place'"], []
    if q:
        where.append("(lower(coalesce(m.name, m.text)) LIKE ? ESCAPE '\\')")
        params.append(f"%{_like(q.lower())}%")
    if country:
        where.append("m.country = ?")
        params.append(country.upper())
    base = ("WITH ev AS (SELECT lower(place) AS k, place_country AS c, count(*) AS n "
            "FROM events WHERE place IS NOT NULL GROUP BY ALL), "
            "pl AS (SELECT coalesce(m.name, m.text) AS name, m.country, m.geonameid, "
            "any_value(m.lat) AS lat, any_value(m.lon) AS lon, any_value(m.resolution) AS "
            "resolution, count(*) AS mentions, count(DISTINCT m.article_id) AS articles "
            f"FROM mentions m WHERE {' AND '.join(where)} GROUP BY coalesce(m.name, m.text), "
            "m.country, m.geonameid) "
            "SELECT pl.*, coalesce(ev.n, 0) AS events FROM pl LEFT JOIN ev "
            "ON ev.k = lower(pl.name) AND ev.c IS NOT DISTINCT FROM pl.country")
    total = cur.execute(f"SELECT count(*) FROM ({base})", params).fetchone()[0]
    rows = _rows(cur.execute(f"{base} ORDER BY events DESC, mentions DESC, name "
                             "LIMIT ? OFFSET ?", params + [limit, offset]))
    return rows, int(total)


def stats(cur: Any) -> dict[str, Any]:
    """Counts of everything, events by type/modality/month, top actors and countries."""
    one = lambda sql: cur.execute(sql).fetchone()  # noqa: E731
    counts = {t: one(f"SELECT count(*) FROM {t}")[0]
              for t in ("articles", "mentions", "events", "rejects")}
    by = lambda col: {k if k is not None else "unknown": n for k, n in cur.execute(  # noqa: E731
        f"SELECT {col} AS k, count(*) FROM events GROUP BY k ORDER BY count(*) DESC, k")
        .fetchall()}
    first, last = one("SELECT min(date), max(coalesce(date_end, date)) FROM events")
    pub_first, pub_last = one("SELECT min(published), max(published) FROM articles")
    return {
        "counts": counts,
        "events_by_type": by("event"),
        "events_by_modality": by("modality"),
        "events_by_month": {k: n for k, n in cur.execute(
            "SELECT substr(date, 1, 7) AS k, count(*) FROM events WHERE date IS NOT NULL "
            "GROUP BY k ORDER BY k").fetchall()},
        "events_by_country": {k: n for k, n in cur.execute(
            "SELECT country, count(DISTINCT event_id) AS n FROM event_actors "
            "WHERE country IS NOT NULL GROUP BY country ORDER BY n DESC, country LIMIT 20"
        ).fetchall()},
        "top_actors": _rows(cur.execute(
            "SELECT coalesce(name, text) AS name, country, count(DISTINCT event_id) AS events "
            "FROM event_actors GROUP BY ALL ORDER BY events DESC, name LIMIT 10")),
        "event_dates": {"first": first, "last": last},
        "published": {"first": pub_first, "last": pub_last},
        "rejects_by_reason": {k: n for k, n in cur.execute(
            "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY 2 DESC").fetchall()},
    }
