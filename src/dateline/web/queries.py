"""Read queries the HTTP API needs beyond the event queries of :mod:`dateline.query`
(articles list, actors, places, the stats overview).

Everything here takes a DuckDB connection or cursor (``store.con.cursor()``) so that each
request works on its own cursor, and every user value is a bound parameter: filters never
build SQL text from input. Column names in ``ORDER BY`` come from a whitelist.
"""

from __future__ import annotations

from typing import Any

from ..plover import QUAD
from ..query import decode_event, event_columns, like_escape as _like
from ..query import rows as _rows

#: PLOVER event type -> GDELT QuadClass (SPEC section 2; dateline.plover holds the table).
QUAD_CLASS = QUAD


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
        f"SELECT {event_columns()} FROM events WHERE list_contains(?, id) "
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
