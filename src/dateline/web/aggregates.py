"""Aggregate queries behind the UI's charts: timeline buckets, the actor network and map clusters.

Each function takes a DuckDB cursor and a :class:`~dateline.query.EventFilter`, so the
charts show exactly the events the table shows. The work is done in SQL (GROUP BY) so that a
database of 100k events answers in milliseconds and the browser receives a few hundred rows,
never the events themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..query import EventFilter
from ..store.actor_resolve import IDENTITY_SQL
from .queries import QUAD_CLASS

GRANULARITIES = ("day", "week", "month")

#: Quad class number -> the name the UI shows.
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}

#: Grid cell size in degrees at zoom 0; each zoom level halves it.
CELL_AT_ZOOM0 = 16.0
MAX_ZOOM = 8

#: Above this many periods the timeline lists only non-empty ones (no gap filling).
MAX_BUCKETS = 1500


def _filtered_ids(flt: EventFilter) -> tuple[str, list[Any]]:
    """A sub-select of the ids of the events matching ``flt`` and its parameters."""
    where, params = flt.where()
    return f"SELECT id FROM events{where}", params


def _period_bounds(granularity: str, key: str) -> tuple[str, str]:
    """First and last day (ISO) of the bucket ``key`` ("2025-09-01", week Monday, "2025-09")."""
    if granularity == "day":
        return key, key
    if granularity == "week":
        start = dt.date.fromisoformat(key)
        return key, (start + dt.timedelta(days=6)).isoformat()
    year, month = int(key[:4]), int(key[5:7])
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return f"{key}-01", (nxt - dt.timedelta(days=1)).isoformat()


def _all_periods(granularity: str, keys: list[str], cap: int = MAX_BUCKETS) -> list[str]:
    """Every period from the first to the last key, so that empty periods show as gaps on the
    time axis (just ``keys`` when that would exceed ``cap`` buckets)."""
    if len(keys) < 2:
        return keys
    out: list[str] = []
    if granularity == "month":
        y, m = int(keys[0][:4]), int(keys[0][5:7])
        while len(out) <= cap:
            k = f"{y:04d}-{m:02d}"
            out.append(k)
            if k >= keys[-1]:
                return out
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return keys
    step = dt.timedelta(days=7 if granularity == "week" else 1)
    day, last = dt.date.fromisoformat(keys[0]), dt.date.fromisoformat(keys[-1])
    while day <= last and len(out) <= cap:
        out.append(day.isoformat())
        day += step
    return out if len(out) <= cap else keys


def choose_granularity(first: str | None, last: str | None) -> str:
    """day for spans up to 3 months, week up to 2 years, month beyond."""
    try:
        a = dt.date.fromisoformat((first or "")[:10])
        b = dt.date.fromisoformat((last or "")[:10])
    except ValueError:
        return "month"
    span = (b - a).days
    return "day" if span <= 92 else "week" if span <= 730 else "month"


def timeline(cur: Any, flt: EventFilter, granularity: str = "auto") -> dict[str, Any]:
    """Event counts per day/week/month, split by PLOVER type.

    An event counts in the bucket of its (start) date when that date is precise enough for the
    granularity (a month-precise date counts in month buckets only); the others are counted in
    ``coarse`` (dated less precisely) and ``undated``.
    """
    where, params = flt.where()
    base = f"FROM events{where}"
    joiner = " AND " if where else " WHERE "
    if granularity == "auto":
        first, last = cur.execute(f"SELECT min(date), max(date) {base}{joiner}"
                                  "length(date) >= 10", params).fetchone()
        granularity = choose_granularity(first, last)
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be auto, {', '.join(GRANULARITIES)}")
    need = 7 if granularity == "month" else 10
    if granularity == "month":
        key = "substr(date, 1, 7)"
    elif granularity == "day":
        key = "substr(date, 1, 10)"
    else:
        key = ("CAST(CAST(date_trunc('week', TRY_CAST(substr(date, 1, 10) AS DATE)) AS DATE) "
               "AS VARCHAR)")
    cond = f"length(date) >= {need}" + ("" if granularity != "week" else
                                         " AND TRY_CAST(substr(date, 1, 10) AS DATE) IS NOT NULL")
    rows = cur.execute(f"SELECT {key} AS k, event, count(*) {base}{joiner}{cond} "
                       "GROUP BY ALL ORDER BY k, event", params).fetchall()
    total, undated = cur.execute(f"SELECT count(*), count(*) FILTER (WHERE date IS NULL) {base}",
                                 params).fetchone()
    buckets: dict[str, dict[str, int]] = {}
    for k, ev, n in rows:
        if k is None:
            continue
        buckets.setdefault(k, {})[ev] = int(n)
    out = []
    for k in _all_periods(granularity, sorted(buckets)):
        start, end = _period_bounds(granularity, k)
        by_type = buckets.get(k, {})
        out.append({"period": k, "start": start, "end": end, "count": sum(by_type.values()),
                    "by_type": by_type})
    placed = sum(b["count"] for b in out)
    return {"granularity": granularity, "total": int(total), "undated": int(undated),
            "coarse": int(total) - int(undated) - placed, "buckets": out}


def generic_name(name: str) -> bool:
    """A party name that identifies no one: a pronoun ("we", "they"), a bare noun
    ("officials") or a lower-case phrase ("geo coordinates", "supporters"); a named party has
    a capital letter."""
    from ..events.article import BARE_NOUNS, PARTY_PRONOUNS

    low = name.strip().lower()
    return low in PARTY_PRONOUNS or low in BARE_NOUNS or name == low


def network(cur: Any, flt: EventFilter, limit: int = 80, actors: int | None = 30,
            generic: bool = False) -> dict[str, Any]:
    """Who acts on whom: directed edges actor -> recipient weighted by number of events,
    between canonical actors (``actor_id``; an edge's ``source``/``target`` are their names,
    ``source_id``/``target_id`` their ids; a node has ``id``, ``name`` and ``country``).

    Each edge carries its events per PLOVER quad class and its dominant class (ties go to the
    conflict side, the one an analyst should not miss). Pronoun and generic parties
    (:func:`generic_name`) are left out unless ``generic``; of the others, the ``actors`` with
    the most events (None: all) are kept, and of the edges between them the ``limit``
    heaviest; nodes are the actors on those edges, with their events on them.
    """
    ids_sql, params = _filtered_ids(flt)
    side = ("SELECT DISTINCT event_id, actor_id AS k FROM event_actors WHERE role = '{}' "
            "AND event_id IN (SELECT id FROM f)")
    rows = cur.execute(
        "WITH f AS (" + ids_sql + "), "
        f"a AS ({side.format('actor')}), r AS ({side.format('recipient')}) "
        "SELECT a.k, r.k, e.event, count(DISTINCT e.id) "
        "FROM a JOIN r ON a.event_id = r.event_id JOIN events e ON e.id = a.event_id "
        "WHERE a.k <> r.k GROUP BY a.k, r.k, e.event", params).fetchall()
    ident = {r[0]: (r[1], r[2]) for r in cur.execute(
        f"SELECT actor_id, {IDENTITY_SQL} FROM event_actors WHERE list_contains(?, actor_id) "
        "GROUP BY actor_id", [sorted({k for r in rows for k in r[:2]})]).fetchall()}
    name = {k: v[0] for k, v in ident.items()}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for src, dst, ev, n in rows:
        e = edges.setdefault((src, dst), {"source": name[src], "target": name[dst],
                                          "source_id": src, "target_id": dst, "events": 0,
                                          "by_quad": {}, "by_type": {}})
        e["events"] += int(n)
        q = QUAD_CLASS.get(ev)
        if q:
            e["by_quad"][str(q)] = e["by_quad"].get(str(q), 0) + int(n)
        e["by_type"][ev] = e["by_type"].get(ev, 0) + int(n)
    hidden = set()
    if not generic:
        hidden = {k for k in ident if generic_name(name[k])}
        edges = {k: e for k, e in edges.items() if not (set(k) & hidden)}
    total: dict[str, int] = {}
    for (src, dst), e in edges.items():
        total[src] = total.get(src, 0) + e["events"]
        total[dst] = total.get(dst, 0) + e["events"]
    top = {k for k, _ in sorted(total.items(), key=lambda x: (-x[1], name[x[0]], x[0]))[:actors]}
    ranked = sorted((e for k, e in edges.items() if set(k) <= top),
                    key=lambda e: (-e["events"], e["source"], e["target"], e["source_id"],
                                   e["target_id"]))
    kept = ranked[:limit]
    for e in kept:
        quads = e["by_quad"]
        e["quad"] = (max(sorted(quads, reverse=True), key=lambda q: quads[q]) if quads else None)
        e["quad"] = int(e["quad"]) if e["quad"] else None
        e["quad_name"] = QUAD_NAMES.get(e["quad"]) if e["quad"] else None
    weight: dict[str, int] = {}
    for e in kept:
        weight[e["source_id"]] = weight.get(e["source_id"], 0) + e["events"]
        weight[e["target_id"]] = weight.get(e["target_id"], 0) + e["events"]
    nodes = [{"id": k, "name": name[k], "country": ident[k][1], "events": w}
             for k, w in sorted(weight.items(), key=lambda x: (-x[1], name[x[0]], x[0]))]
    return {"nodes": nodes, "edges": kept, "total_edges": len(edges), "total_actors": len(total),
            "hidden_generic": len(hidden)}


def clusters(cur: Any, flt: EventFilter, zoom: int = 0) -> dict[str, Any]:
    """Events with coordinates grouped on a grid whose cells halve with each zoom level.

    Each cluster has its mean position, its count, counts by type, its dominant type, the cell's
    bounding box (``minlon,minlat,maxlon,maxlat``, usable as the ``bbox`` filter to list its
    events) and, for a cluster of one event, that event's id.
    """
    cell = CELL_AT_ZOOM0 / (2 ** zoom)
    where, params = flt.where()
    cond = ("lat IS NOT NULL AND lon IS NOT NULL" if not where
            else where[len(" WHERE "):] + " AND lat IS NOT NULL AND lon IS NOT NULL")
    rows = cur.execute(
        "SELECT CAST(floor(lon / ?) AS BIGINT) AS gx, CAST(floor(lat / ?) AS BIGINT) AS gy, "
        "event, count(*), sum(lon), sum(lat), min(id) "
        f"FROM events WHERE {cond} GROUP BY ALL ORDER BY gx, gy, event",
        [cell, cell] + params).fetchall()
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for gx, gy, ev, n, slon, slat, first_id in rows:
        c = cells.setdefault((gx, gy), {"count": 0, "slon": 0.0, "slat": 0.0, "by_type": {},
                                        "ids": []})
        c["count"] += int(n)
        c["slon"] += float(slon)
        c["slat"] += float(slat)
        c["by_type"][ev] = int(n)
        c["ids"].append(first_id)
    out = []
    for (gx, gy), c in sorted(cells.items(), key=lambda kv: -kv[1]["count"]):
        n = c["count"]
        by_type = c["by_type"]
        top = max(sorted(by_type), key=lambda t: by_type[t])
        minlon, minlat = gx * cell, gy * cell
        out.append({
            "lon": round(c["slon"] / n, 5), "lat": round(c["slat"] / n, 5), "count": n,
            "by_type": by_type, "type": top,
            "bbox": ",".join(f"{v:g}" for v in (max(-180.0, minlon), max(-90.0, minlat),
                                                 min(180.0, minlon + cell),
                                                 min(90.0, minlat + cell))),
            "event_id": c["ids"][0] if n == 1 else None})
    matched = cur.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
    return {"zoom": zoom, "cell_degrees": cell, "events": int(matched),
            "placed": sum(c["count"] for c in out), "clusters": out}
