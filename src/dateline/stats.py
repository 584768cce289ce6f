"""Counts of events by any of their dimensions, over any filter of the query layer: what
``dateline stats --by country,type`` and ``GET /api/stats?by=country,type`` answer (facets in
the manner of datasette's).

Each dimension gives every event one or more keys; an event counts once in each combination
of its keys (an event with two actors counts for both, so the counts of a multi-valued
dimension can add up to more than the events matched). Missing values are ``None`` (no actor
country, no recipient, ...). Time buckets are calendar buckets of the event's (start) date:

* ``year``: ``"2019"``; ``"unknown year"`` for a date less precise than a year (a decade, "199");
  ``"undated"`` for an event without a date;
* ``month``: ``"2019-05"``; ``"unknown month"`` for a date less precise than a month (``"2019"``
  counts there, not in any month of 2019); ``"undated"``.

Rows are sorted by the dimensions in the order asked: months and years chronologically (the
unknown and undated buckets last), quad classes in PLOVER's order (1-4), every other dimension
by its count, largest first (for a later dimension: its count among the rows that share the
earlier dimensions' values, so ``--by country,type`` lists each country's types by their
counts), then by value.
"""

from __future__ import annotations

from typing import Any

from .errors import FilterError
from .plover import QUAD, QUAD_NAMES
from .query import EventFilter, rows as _rows
from .store.actor_resolve import IDENTITY_SQL

#: dimension -> (what it counts, help)
DIMENSIONS: dict[str, str] = {
    "type": "PLOVER event type",
    "quad": "quad class (verbal/material cooperation/conflict)",
    "mode": "mode of the event type",
    "modality": "modality",
    "country": "each ISO3 code of an actor, a recipient or the place",
    "place_country": "ISO3 code of the event's place",
    "actor": "each actor's name (its canonical actor's: 'Haley' joined to Nikki Haley counts "
             "as Nikki Haley)",
    "recipient": "each recipient's name (its canonical actor's)",
    "actor_country": "each actor's ISO3 code",
    "recipient_country": "each recipient's ISO3 code",
    "actor_sector": "each actor's sector",
    "recipient_sector": "each recipient's sector",
    "year": "year of the event's date",
    "month": "month of the event's date",
}
UNKNOWN_YEAR, UNKNOWN_MONTH, UNDATED = "unknown year", "unknown month", "undated"
_TIME = {"year", "month"}
_QUAD_RANK = {name: q for q, name in QUAD_NAMES.items()}

_COLUMN = {"type": "event", "mode": "mode", "modality": "modality",
           "place_country": "place_country"}
_PARTY = {"actor": ("actor", "coalesce(name, text)"),
          "recipient": ("recipient", "coalesce(name, text)"),
          "actor_country": ("actor", "country"), "recipient_country": ("recipient", "country"),
          "actor_sector": ("actor", "sector"), "recipient_sector": ("recipient", "sector")}
_YEAR = (f"CASE WHEN date IS NULL THEN '{UNDATED}' WHEN regexp_full_match(substr(date, 1, 4), "
         f"'[0-9]{{4}}') THEN substr(date, 1, 4) ELSE '{UNKNOWN_YEAR}' END")
_MONTH = (f"CASE WHEN date IS NULL THEN '{UNDATED}' WHEN regexp_full_match(substr(date, 1, 7), "
          f"'[0-9]{{4}}-(0[1-9]|1[0-2])') THEN substr(date, 1, 7) ELSE '{UNKNOWN_MONTH}' END")


def parse_by(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """"country,type" -> ("country", "type"); FilterError for an unknown or repeated name."""
    parts = value.split(",") if isinstance(value, str) else list(value or ())
    names = tuple(p.strip().lower() for p in parts if p.strip())
    if not names:
        raise FilterError("by", "name at least one dimension", tuple(DIMENSIONS))
    for name in names:
        if name not in DIMENSIONS:
            raise FilterError("by", f"unknown dimension {name!r}; one of "
                                    f"{', '.join(DIMENSIONS)}", tuple(DIMENSIONS))
    if len(set(names)) != len(names):
        raise FilterError("by", "a dimension is named twice", tuple(DIMENSIONS))
    return names


def _dimension(name: str) -> tuple[str, list[Any]]:
    """SQL of the relation (id, k) of one dimension over the filtered events ``f``: at least
    one row per event (k NULL when it has no value)."""
    if name in _COLUMN:
        return f"SELECT id, {_COLUMN[name]} AS k FROM f", []
    if name == "year":
        return f"SELECT id, {_YEAR} AS k FROM f", []
    if name == "month":
        return f"SELECT id, {_MONTH} AS k FROM f", []
    if name == "quad":
        cases = " ".join("WHEN ? THEN ?" for _ in QUAD)
        params: list[Any] = []
        for t, q in QUAD.items():
            params += [t, QUAD_NAMES[q]]
        return f"SELECT id, CASE event {cases} END AS k FROM f", params
    if name == "country":
        inner = ("SELECT DISTINCT event_id, k FROM (SELECT event_id, country AS k FROM "
                 "event_actors WHERE country IS NOT NULL AND event_id IN (SELECT id FROM f) "
                 "UNION ALL SELECT id, place_country FROM f WHERE place_country IS NOT NULL)")
        return f"SELECT f.id, x.k FROM f LEFT JOIN ({inner}) x ON x.event_id = f.id", []
    role, expr = _PARTY[name]
    if name in ("actor", "recipient"):  # the canonical actor's name (docs/actors.md)
        inner = ("SELECT DISTINCT a.event_id, coalesce(c.name, a.name, a.text) AS k FROM "
                 f"event_actors a LEFT JOIN (SELECT actor_id, {IDENTITY_SQL} FROM event_actors "
                 "GROUP BY actor_id) c ON c.actor_id = a.actor_id WHERE a.role = ? AND "
                 "coalesce(a.name, a.text) IS NOT NULL AND a.event_id IN (SELECT id FROM f)")
        return f"SELECT f.id, x.k FROM f LEFT JOIN ({inner}) x ON x.event_id = f.id", [role]
    inner = (f"SELECT DISTINCT event_id, {expr} AS k FROM event_actors WHERE role = ? AND "
             f"{expr} IS NOT NULL AND event_id IN (SELECT id FROM f)")
    return f"SELECT f.id, x.k FROM f LEFT JOIN ({inner}) x ON x.event_id = f.id", [role]


def _sort_key(by: tuple[str, ...], found: list[tuple[Any, ...]]) -> Any:
    """The order of the rows (see the module doc): dimension by dimension, months and years
    in date order, quad classes in PLOVER's order, other values by their count within the
    rows that share the earlier dimensions' values (largest first), then by value."""
    totals: list[dict[tuple[Any, ...], int]] = [{} for _ in by]
    for r in found:
        for i in range(len(by)):
            totals[i][r[:i + 1]] = totals[i].get(r[:i + 1], 0) + int(r[-1])

    def part(i: int, r: tuple[Any, ...]) -> Any:
        k = r[i]
        if by[i] in _TIME:
            return ((2, "") if k == UNDATED else (1, k) if k in (UNKNOWN_MONTH, UNKNOWN_YEAR)
                    else (0, k))
        if by[i] == "quad":
            return (_QUAD_RANK.get(k, 9), "")
        return (k is None, -totals[i][r[:i + 1]], "" if k is None else str(k))

    return lambda r: tuple(part(i, r) for i in range(len(by)))


def count_by(cur: Any, flt: EventFilter, by: tuple[str, ...], limit: int | None = None
             ) -> dict[str, Any]:
    """Counts of the events matching ``flt`` by the dimensions ``by``:
    ``{"by", "total" (events matched), "groups" (combinations found), "rows": [{dim: key, ...,
    "count": n}]}``, at most ``limit`` rows (None: all)."""
    by = parse_by(by)
    where, params = flt.where()
    ctes = [f"f AS (SELECT id, event, mode, modality, date, place_country FROM events{where})"]
    for i, name in enumerate(by):
        sql, extra = _dimension(name)
        ctes.append(f"d{i} AS ({sql})")
        params = params + extra
    keys = ", ".join(f"d{i}.k AS k{i}" for i in range(len(by)))
    joins = " ".join(f"JOIN d{i} ON d{i}.id = f.id" for i in range(len(by)))
    found = cur.execute(f"WITH {', '.join(ctes)} SELECT {keys}, count(DISTINCT f.id) AS n "
                        f"FROM f {joins} GROUP BY ALL", params).fetchall()
    total = cur.execute(f"SELECT count(*) FROM events{where}", flt.where()[1]).fetchone()[0]
    found.sort(key=_sort_key(by, found))
    out = [{**{name: r[i] for i, name in enumerate(by)}, "count": int(r[-1])} for r in found]
    return {"by": list(by), "total": int(total), "groups": len(out),
            "rows": out if limit is None else out[:limit]}


def overview(cur: Any, flt: EventFilter) -> dict[str, Any]:
    """The Stats page: what the database holds, and the events matching ``flt`` by type,
    modality, month and country, their top actors and their first and last dates."""
    one = lambda sql, p=(): cur.execute(sql, list(p)).fetchone()  # noqa: E731
    counts = {t: one(f"SELECT count(*) FROM {t}")[0]
              for t in ("articles", "mentions", "events", "rejects")}
    where, params = flt.where()

    def by(name: str, limit: int | None = None) -> dict[str, int]:
        got = count_by(cur, flt, (name,))["rows"]
        pairs = [(r[name], r["count"]) for r in got if r[name] is not None or name != "country"]
        return {("unknown" if k is None else k): n for k, n in pairs[:limit]}

    first, last = one(f"SELECT min(date), max(coalesce(date_end, date)) FROM events{where}",
                      params)
    pub_first, pub_last = one("SELECT min(published), max(published) FROM articles")
    return {
        "counts": {**counts, "matching": one(f"SELECT count(*) FROM events{where}", params)[0]},
        "events_by_type": by("type"),
        "events_by_modality": by("modality"),
        "events_by_month": by("month"),
        "events_by_country": by("country", 20),
        "top_actors": _rows(cur.execute(
            "SELECT coalesce(name, text) AS name, country, count(DISTINCT event_id) AS events "
            f"FROM event_actors WHERE event_id IN (SELECT id FROM events{where}) "
            "GROUP BY ALL ORDER BY events DESC, name LIMIT 10", params)),
        "event_dates": {"first": first, "last": last},
        "published": {"first": pub_first, "last": pub_last},
        "rejects_by_reason": {k: n for k, n in cur.execute(
            "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY 2 DESC, 1").fetchall()},
    }


def to_csv(data: dict[str, Any]) -> str:
    """The rows of :func:`count_by` as CSV: one column per dimension, then ``count``."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*data["by"], "count"])
    for r in data["rows"]:
        w.writerow(["" if r[d] is None else r[d] for d in data["by"]] + [r["count"]])
    return buf.getvalue()
