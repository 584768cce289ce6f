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
from ..store.actor_resolve import IDENTITY_SQL

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
    """Actors, one row per canonical actor id (:mod:`dateline.store.actor_resolve`): id,
    name, country, Wikidata id, the sectors it held with their events (most first; ``sector``
    is the most frequent one), event counts and first/last event dates. ``q``: any of its
    names or texts contains this, or its id is this; ``country``: its country."""
    where, params = [], []
    if q:
        where.append("(g.id = ? OR g.id IN (SELECT actor_id FROM event_actors WHERE "
                     "lower(coalesce(name, text)) LIKE ? ESCAPE '\\' OR lower(text) LIKE ? "
                     "ESCAPE '\\'))")
        params += [q.strip()] + [f"%{_like(q.lower())}%"] * 2
    if country:
        where.append("g.country = ?")
        params.append(country.upper())
    w = (" WHERE " + " AND ".join(where)) if where else ""
    sorts = {"events": "events", "name": "name", "first": "first_date", "last": "last_date",
             "country": "country"}
    key = sort.lstrip("-")
    if key not in sorts:
        raise ValueError(f"unknown sort key {key!r}; use one of {', '.join(sorted(sorts))}")
    direction = "DESC" if sort.startswith("-") else "ASC"
    base = ("WITH r AS (SELECT a.*, e.date, coalesce(e.date_end, e.date) AS last "
            "FROM event_actors a JOIN events e ON e.id = a.event_id), "
            "s AS (SELECT actor_id, sector, count(DISTINCT event_id) AS n FROM r GROUP BY ALL), "
            f"g AS (SELECT actor_id AS id, {IDENTITY_SQL}, "
            "count(DISTINCT event_id) AS events, "
            "count(DISTINCT event_id) FILTER (WHERE role = 'actor') AS as_actor, "
            "count(DISTINCT event_id) FILTER (WHERE role = 'recipient') AS as_recipient, "
            "min(date) AS first_date, max(last) AS last_date FROM r GROUP BY actor_id) "
            "SELECT g.*, (SELECT list({'sector': s.sector, 'events': s.n} ORDER BY s.n DESC, "
            "s.sector NULLS LAST) FROM s WHERE s.actor_id = g.id) AS sectors "
            f"FROM g{w}")
    total = cur.execute(f"SELECT count(*) FROM ({base})", params).fetchone()[0]
    rows = _rows(cur.execute(f"{base} ORDER BY {sorts[key]} {direction} NULLS LAST, name, "
                             "country NULLS LAST, id LIMIT ? OFFSET ?",
                             params + [limit, offset]))
    for r in rows:
        r["sector"] = next((s["sector"] for s in r["sectors"] if s["sector"]), None)
    return rows, int(total)


def find_actor(cur: Any, name: str) -> tuple[str | None, list[str]]:
    """(the actor id ``name`` names, the other actors of that name): an actor id as is, else
    the actor with most rows among those with that name or text (any case)."""
    s = name.strip()
    if cur.execute("SELECT 1 FROM event_actors WHERE actor_id = ? LIMIT 1", [s]).fetchone():
        return s, []
    ids = [r[0] for r in cur.execute(
        "SELECT actor_id, count(*) AS n FROM event_actors WHERE lower(coalesce(name, text)) "
        "= ? OR lower(text) = ? GROUP BY actor_id ORDER BY n DESC, actor_id",
        [s.lower()] * 2).fetchall()]
    return (ids[0], ids[1:]) if ids else (None, [])


def actor_events(cur: Any, name: str) -> dict[str, Any] | None:
    """Every event of one actor (its id, or a name or text: :func:`find_actor`) in date
    order, a monthly count by type, and the visits (CONSULT/visit as actor) in order with date
    and place. ``actor`` has its id, name, country, Wikidata id, sectors and the ids of
    other actors of the name asked for (``others``)."""
    ident, others = find_actor(cur, name)
    if ident is None:
        return None
    ids = [r[0] for r in cur.execute(
        "SELECT DISTINCT event_id FROM event_actors WHERE actor_id = ?", [ident]).fetchall()]
    evs = [decode_event(r) for r in _rows(cur.execute(
        f"SELECT {event_columns()} FROM events WHERE list_contains(?, id) "
        "ORDER BY date NULLS LAST, article_id, evidence_start", [ids]))]
    roles = {(r[0]) for r in cur.execute(
        "SELECT event_id FROM event_actors WHERE role = 'actor' AND actor_id = ?",
        [ident]).fetchall()}
    info = _rows(cur.execute(f"SELECT {IDENTITY_SQL} FROM event_actors WHERE actor_id = ?",
                             [ident]))[0]
    sectors = [{"sector": sec, "events": int(n)} for sec, n in cur.execute(
        "SELECT sector, count(DISTINCT event_id) AS n FROM event_actors WHERE actor_id = ? "
        "GROUP BY ALL ORDER BY n DESC, sector NULLS LAST", [ident]).fetchall()]
    info = {"id": ident, **info, "sector": next((s["sector"] for s in sectors if s["sector"]),
                                                None), "sectors": sectors, "others": others}
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
