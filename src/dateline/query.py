"""The one event query layer: every reader of the events table asks its questions here.

``dateline events``, ``dateline stats`` and ``dateline show``, the HTTP API (``/api/events``,
``/api/stats``, the charts and exports) and the API's in-memory index
(:mod:`dateline.web.eventindex`) take their filters from :class:`EventFilter`, so that one
question has one answer:

* **Validation, once.** Building an :class:`EventFilter` parses and checks every parameter and
  raises :class:`~dateline.errors.FilterError` (the parameter, a one-line reason, the allowed
  values) for an unknown event type, mode, modality or sector, an ISO3 code missing from the
  bundled country table, an impossible date, a reversed range, a confidence outside [0, 1] or
  a malformed box. PLOVER's old type names (FIGHT, DEMAND, ...) are accepted as aliases of the
  current ones and leave a note in :attr:`EventFilter.notes`. :func:`check_page` does the same
  for sort keys, limits and offsets.
* **Matching, once.** :meth:`EventFilter.where` is the semantics, as SQL over the ``events`` and
  ``event_actors`` tables; the index evaluates the same conditions over arrays, from the same
  date bounds (:func:`interval_start`, :func:`interval_end`, :data:`EVENT_START_SQL`,
  :data:`EVENT_END_SQL`), and the unit tests check that the CLI, the API and the index return
  the same events.
* **Dates are intervals.** A date of any precision (``2019``, ``2019-05``, ``2019-05-03``, a
  decade ``199``) stands for every day it covers; an event covers ``date`` to ``date_end``
  (or ``date``). ``since``/``until`` keep the events whose interval overlaps theirs:
  ``until=2019`` includes all of 2019, ``since=2023-11`` includes events dated ``2023-11`` and
  ``2023-11-05``. Undated events are left out of date-filtered results.
* **Dyads.** ``actor`` matches the actor side only, ``recipient`` the recipient side, ``party``
  either side; ``actor_country``/``recipient_country`` and ``actor_sector``/
  ``recipient_sector`` do the same for codes, ``country`` and ``sector`` match any side
  (``country`` also the event's place).

Every user value reaches DuckDB as a bound parameter; text filters are literal (``%`` and
``_`` are escaped for LIKE).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, Iterable

from .errors import FilterError
from .plover import MODALITIES, MODES, OLD_NAMES, SECTORS, TYPES, canonical_type
from .store import EVENT_COLUMNS

#: The filter parameters, as the API names them (the CLI spells them ``--min-confidence``),
#: with the help text both show.
FILTER_HELP: dict[str, str] = {
    "actor": "An actor (the side that acts) whose name contains this (any case), or whose "
             "canonical actor id is this (nikki-haley@USA, Q22686).",
    "recipient": "A recipient (the side acted upon) whose name contains this (any case).",
    "party": "An actor or a recipient whose name contains this (any case), or whose "
             "canonical actor id is this.",
    "country": "ISO3 code of an actor, a recipient or the event's place, e.g. ISR.",
    "actor_country": "ISO3 code of an actor.",
    "recipient_country": "ISO3 code of a recipient.",
    "sector": "Sector of an actor or a recipient: " + ", ".join(SECTORS) + ".",
    "actor_sector": "Sector of an actor, e.g. MIL.",
    "recipient_sector": "Sector of a recipient, e.g. CVL.",
    "type": "PLOVER event type, e.g. CONSULT (old names such as FIGHT are accepted).",
    "mode": "Mode of the event type, e.g. visit (CONSULT) or demo (PROTEST).",
    "modality": "One of " + ", ".join(MODALITIES) + ".",
    "since": "Events on or after this date: YYYY, YYYY-MM or YYYY-MM-DD (2023-11 includes "
             "all of November 2023).",
    "until": "Events on or before this date: YYYY, YYYY-MM or YYYY-MM-DD (2019 includes all "
             "of 2019).",
    "article": "Article id or id prefix.",
    "min_confidence": "Only events at least this confident (0 to 1).",
    "bbox": "minlon,minlat,maxlon,maxlat (degrees): events whose place lies inside.",
    "q": "Text contained in the evidence sentence (any case, literal).",
}
FILTER_PARAMS: tuple[str, ...] = tuple(FILTER_HELP)

#: Sort keys ("-" prefix = descending) -> column.
EVENT_SORTS: dict[str, str] = {
    "date": "date", "event": "event", "mode": "mode", "modality": "modality",
    "confidence": "confidence", "place": "place", "country": "place_country",
    "article": "article_id", "cameo": "cameo", "id": "id",
}
SORT_HELP = ("date, event, mode, modality, confidence, place, country, article, cameo or id; "
             "prefix - for descending (default -date).")
#: The largest offset a page may start at (DuckDB's OFFSET is a signed 64-bit integer).
MAX_OFFSET = 10**12
#: The tie-break of every ordering (the API's index keeps its events in this order).
TIE_BREAK = "article_id, evidence_field, evidence_start, id"

_TEXT_LIMITS = {"actor": 200, "recipient": 200, "party": 200, "article": 200, "q": 500}
_COUNTRIES = ("country", "actor_country", "recipient_country")
_SECTORS = ("sector", "actor_sector", "recipient_sector")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_FORMATS = ("YYYY", "YYYY-MM", "YYYY-MM-DD")

# -- dates as intervals ---------------------------------------------------------------------
#: First and last day of a date of any precision, as SQL over a column (also a decade "199"
#: or a value with a time; an ISO date string compares as text in date order).
_START = "substr({c}, 1, 10) || substr('0000-01-01', length({c}) + 1)"
_END = "substr({c}, 1, 10) || substr('9999-12-31', length({c}) + 1)"
#: An event's interval: from its date's first day to its end date's (or date's) last day;
#: NULL for an undated event.
EVENT_START_SQL = f"CASE WHEN date IS NULL THEN NULL ELSE {_START.format(c='date')} END"
EVENT_END_SQL = ("CASE WHEN date IS NULL THEN NULL ELSE "
                 f"{_END.format(c='coalesce(date_end, date)')} END")


#: Modalities that say an event happened (or did not): a date after the article cannot be true.
HAPPENED = ("asserted", "historical", "negated")
#: An event told as having happened (asserted, historical or negated) whose date begins more
#: than a day after its article's publication date is implausible (a misread date: "2100",
#: "2040" in a 2023 article); SQL over a row of ``events`` (FALSE when undated or when the
#: article has no publication date). :func:`date_implausible` is the same rule in Python.
IMPLAUSIBLE_SQL = (
    f"coalesce(events.modality IN ({', '.join(repr(m) for m in HAPPENED)}) AND "
    f"({EVENT_START_SQL}) > (SELECT strftime(TRY_CAST(substr(a.published, 1, 10) AS DATE) "
    "+ 1, '%Y-%m-%d') FROM articles a WHERE a.id = events.article_id), false)")


def date_implausible(modality: str | None, date: str | None, published: str | None) -> bool:
    """Whether an event's date is implausible (see :data:`IMPLAUSIBLE_SQL`)."""
    if modality not in HAPPENED or not date or not published:
        return False
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    return interval_start(date) > (day + dt.timedelta(days=1)).isoformat()


def interval_start(value: str) -> str:
    """The first day a date of any precision covers: "2019" -> "2019-01-01" (as SQL does)."""
    return value[:10] + "0000-01-01"[len(value):]


def interval_end(value: str) -> str:
    """The last day a date covers, as a string that sorts after every day in it:
    "2019" -> "2019-12-31", "2019-02" -> "2019-02-31" (as SQL does)."""
    return value[:10] + "9999-12-31"[len(value):]


def parse_date(param: str, value: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date that exists on the calendar; FilterError otherwise."""
    m = _DATE.match(value)
    if not m:
        raise FilterError(param, f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD",
                          DATE_FORMATS)
    try:
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise FilterError(param, f"{value!r} is not a date on the calendar", DATE_FORMATS)
    return value


# -- codes ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _country_table() -> Any:
    from .refdata.countries import load_countries

    return load_countries()


def country_code(param: str, value: str) -> str:
    """An ISO3 code of the bundled country table (any case); FilterError otherwise, naming the
    code when ``value`` is a country's name ("Israel" -> did you mean ISR?)."""
    table = _country_table()
    code = value.strip().upper()
    if table.get(code) is not None:
        return code
    known = table.lookup(value)
    hint = f"; did you mean {known.iso3}?" if known is not None else ""
    raise FilterError(param, f"unknown ISO3 country code {value!r}{hint} "
                             "(ISO 3166-1 alpha-3, e.g. USA, ISR, CHN)",
                      tuple(sorted(table.by_iso3)))


def _choice(param: str, value: str, allowed: Iterable[str], what: str, upper: bool) -> str:
    """``value`` (any case) if it is one of ``allowed``; FilterError "'x' is not <what>"."""
    allowed = tuple(allowed)
    norm = value.strip().upper() if upper else value.strip().lower()
    if norm not in allowed:
        raise FilterError(param, f"{value!r} is not {what}; one of {', '.join(allowed)}",
                          allowed)
    return norm


def _parse_bbox(value: Any) -> tuple[float, float, float, float]:
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        vals = tuple(float(p) for p in parts)
    except (TypeError, ValueError):
        vals = ()
    if len(vals) != 4 or not all(math.isfinite(v) for v in vals):
        raise FilterError("bbox", "must be four numbers: minlon,minlat,maxlon,maxlat")
    minlon, minlat, maxlon, maxlat = vals
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90):
        raise FilterError("bbox", "out of range: longitudes -180..180, latitudes -90..90, "
                                  "minlat <= maxlat")
    return vals  # type: ignore[return-value]


def _confidence(value: Any) -> float:
    try:
        num = float(value)
    except (TypeError, ValueError):
        raise FilterError("min_confidence", f"{value!r} is not a number between 0 and 1")
    if not 0.0 <= num <= 1.0:  # NaN fails too
        raise FilterError("min_confidence", f"must be between 0 and 1, got {value}")
    return num


# -- the filter -----------------------------------------------------------------------------
@dataclass(frozen=True)
class EventFilter:
    """Validated event filters (see the module doc); ``None`` means "no filter". Building one
    normalises the values (codes upper case, modalities and modes lower case, old type names
    to current ones) and raises FilterError for any that cannot be answered; an empty string
    counts as no filter."""

    actor: str | None = None
    recipient: str | None = None
    party: str | None = None
    country: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    sector: str | None = None
    actor_sector: str | None = None
    recipient_sector: str | None = None
    type: str | None = None
    mode: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    article: str | None = None
    min_confidence: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    #: What was read differently from how it was written (an old type name), one line each.
    notes: tuple[str, ...] = field(default=(), init=False, compare=False)

    def __post_init__(self) -> None:
        put = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        notes: list[str] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and f.name != "q" and value.strip() == "":
                put(f.name, None)
            elif f.name == "q" and value == "":
                put(f.name, None)
        for name, longest in _TEXT_LIMITS.items():
            value = getattr(self, name)
            if value is not None and len(value) > longest:
                raise FilterError(name, f"at most {longest} characters")
        for name in _COUNTRIES:
            if getattr(self, name) is not None:
                put(name, country_code(name, getattr(self, name)))
        for name in _SECTORS:
            if getattr(self, name) is not None:
                put(name, _choice(name, getattr(self, name), SECTORS, "a sector", upper=True))
        if self.type is not None:
            given = self.type.strip().upper()
            current = canonical_type(given)
            if current is None:
                raise FilterError("type", f"{self.type!r} is not a PLOVER event type; one of "
                                          f"{', '.join(TYPES)} (old names "
                                          f"{', '.join(OLD_NAMES)} are accepted)",
                                  TYPES + tuple(OLD_NAMES))
            if given in OLD_NAMES:
                notes.append(f"type {given} is PLOVER's old name for {current}; showing "
                             f"{current} events")
            put("type", current)
        if self.mode is not None:
            if self.type is not None and not MODES[self.type]:
                raise FilterError("mode", f"{self.type} events have no modes", ())
            allowed = MODES[self.type] if self.type else tuple(sorted(
                {m for ms in MODES.values() for m in ms}))
            put("mode", _choice("mode", self.mode, allowed,
                                f"a mode of {self.type}" if self.type else "a mode", upper=False))
        if self.modality is not None:
            put("modality", _choice("modality", self.modality, MODALITIES, "a modality",
                                    upper=False))
        for name in ("since", "until"):
            if getattr(self, name) is not None:
                put(name, parse_date(name, str(getattr(self, name)).strip()))
        if self.since and self.until and self.date_from > self.date_to:  # type: ignore[operator]
            raise FilterError("since", f"{self.since} is after until ({self.until}): no date "
                                       "can be in both")
        if self.min_confidence is not None:
            put("min_confidence", _confidence(self.min_confidence))
        if self.bbox is not None:
            put("bbox", _parse_bbox(self.bbox))
        put("notes", tuple(notes))

    @property
    def date_from(self) -> str | None:
        """The first day ``since`` covers (events must end on or after it)."""
        return interval_start(self.since) if self.since else None

    @property
    def date_to(self) -> str | None:
        """The last day ``until`` covers (events must start on or before it)."""
        return interval_end(self.until) if self.until else None

    def key(self) -> tuple[Any, ...]:
        """The filter as a hashable tuple (for caches)."""
        return tuple(getattr(self, name) for name in FILTER_PARAMS)

    def is_empty(self) -> bool:
        return all(v is None for v in self.key())

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause over ``events`` (with leading " WHERE ", or "") and its
        parameters: the matching semantics of every filter."""
        where: list[str] = []
        params: list[Any] = []
        for name, roles in (("actor", ("actor",)), ("recipient", ("recipient",)),
                            ("party", ("actor", "recipient"))):
            value = getattr(self, name)
            if value:
                where.append(_parties(roles, "(lower(name) LIKE ? ESCAPE '\\' "
                                             "OR lower(text) LIKE ? ESCAPE '\\' "
                                             "OR actor_id = ?)"))
                params += list(roles) + [f"%{like_escape(value.lower())}%"] * 2 + [value]
        if self.country:
            where.append(f"({_parties(('actor', 'recipient'), 'country = ?')} "
                         "OR place_country = ?)")
            params += ["actor", "recipient", self.country, self.country]
        for name, column, roles in (
                ("actor_country", "country", ("actor",)),
                ("recipient_country", "country", ("recipient",)),
                ("sector", "sector", ("actor", "recipient")),
                ("actor_sector", "sector", ("actor",)),
                ("recipient_sector", "sector", ("recipient",))):
            value = getattr(self, name)
            if value:
                where.append(_parties(roles, f"{column} = ?"))
                params += list(roles) + [value]
        for name, column in (("type", "event"), ("mode", "mode"), ("modality", "modality")):
            if getattr(self, name):
                where.append(f"{column} = ?")
                params.append(getattr(self, name))
        if self.since:
            where.append(f"({EVENT_END_SQL}) >= ?")
            params.append(self.date_from)
        if self.until:
            where.append(f"({EVENT_START_SQL}) <= ?")
            params.append(self.date_to)
        if self.article:
            where.append("article_id LIKE ? ESCAPE '\\'")
            params.append(like_escape(self.article) + "%")
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
            params.append(f"%{like_escape(self.q.lower())}%")
        return (" WHERE " + " AND ".join(where)) if where else "", params


def _parties(roles: tuple[str, ...], cond: str) -> str:
    marks = ", ".join("?" for _ in roles)
    return f"id IN (SELECT event_id FROM event_actors WHERE role IN ({marks}) AND {cond})"


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally (with ``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- sorting and paging -----------------------------------------------------------------------
def order_by(sort: str | None) -> str:
    """ORDER BY for a sort key ("date", "-confidence", ...); FilterError for an unknown one."""
    key = (sort or "-date").strip()
    desc = key.startswith("-")
    key = key.lstrip("-+")
    if key not in EVENT_SORTS:
        raise FilterError("sort", f"unknown sort key {key!r}; use one of "
                                  f"{', '.join(sorted(EVENT_SORTS))} (prefix - for descending)",
                          tuple(sorted(EVENT_SORTS)))
    direction = "DESC" if desc else "ASC"
    if key == "date":  # dated events first, implausible dates after the plausible ones
        return (f" ORDER BY date IS NULL, {IMPLAUSIBLE_SQL}, date {direction} NULLS LAST, "
                f"{TIE_BREAK}")
    return f" ORDER BY {EVENT_SORTS[key]} {direction} NULLS LAST, {TIE_BREAK}"


def check_page(sort: str | None, limit: int | None, offset: int | None,
               max_limit: int | None = None) -> tuple[str | None, int | None, int]:
    """Sort key, limit (None: all) and offset, checked; FilterError otherwise."""
    if sort is not None:
        sort = sort.strip() or None
        order_by(sort)
    if limit is not None:
        top = f" and at most {max_limit}" if max_limit else ""
        if limit < 1 or (max_limit is not None and limit > max_limit):
            raise FilterError("limit", f"must be at least 1{top}, got {limit}")
    if offset is None:
        offset = 0
    if offset < 0:
        raise FilterError("offset", f"must be 0 or more, got {offset}")
    if offset > MAX_OFFSET:
        raise FilterError("offset", f"must be at most {MAX_OFFSET:,}, got {offset}")
    return sort, limit, offset


# -- reading events -------------------------------------------------------------------------
def column_list(names: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in names)


def event_columns() -> str:
    """The select list of an event: the stored columns and ``date_implausible``."""
    return f"{column_list(EVENT_COLUMNS)}, {IMPLAUSIBLE_SQL} AS date_implausible"


def rows(cur: Any) -> list[dict[str, Any]]:
    """A DuckDB result as dicts."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def decode_event(row: dict[str, Any]) -> dict[str, Any]:
    """Parse the JSON columns of an events row."""
    for k in ("actor", "recipient", "context", "location", "mentions", "decided"):
        if isinstance(row.get(k), str):
            row[k] = json.loads(row[k])
    return row


def events(cur: Any, flt: EventFilter, *, sort: str | None = None, limit: int | None = 50,
           offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of events matching ``flt`` (``limit`` None: all) and how many match."""
    where, params = flt.where()
    total = cur.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
    sql = f"SELECT {event_columns()} FROM events{where}{order_by(sort)}"
    page_params = list(params)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        page_params += [int(limit), int(offset)]
    elif offset:
        sql += " OFFSET ?"
        page_params.append(int(offset))
    found = [decode_event(r) for r in rows(cur.execute(sql, page_params))]
    return found, int(total)


def event(cur: Any, event_id: str) -> dict[str, Any] | None:
    """One event (exact id) with its article's title/url and the article's mentions inside
    its evidence or mention sentences."""
    found = rows(cur.execute(f"SELECT {event_columns()} FROM events WHERE id = ?", [event_id]))
    if not found:
        return None
    ev = decode_event(found[0])
    art = rows(cur.execute("SELECT id, title, url, published, source, origin FROM articles "
                           "WHERE id = ?", [ev["article_id"]]))
    ev["article"] = art[0] if art else None
    spans = [(ev["evidence_field"], ev["evidence_start"], ev["evidence_end"])]
    spans += [(m.get("field"), m.get("start"), m.get("end")) for m in ev.get("mentions") or []]
    ms = rows(cur.execute('SELECT * FROM mentions WHERE article_id = ? ORDER BY field, "start"',
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


def article_ids(cur: Any, ident: str) -> list[str]:
    """The article ``ident`` names: its exact id, else the one id it is a prefix of ([] when
    none or several)."""
    ids = [r[0] for r in cur.execute("SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' "
                                     "ORDER BY id LIMIT 2", [like_escape(ident) + "%"]).fetchall()]
    exact = [i for i in ids if i == ident]
    return exact or (ids if len(ids) == 1 else [])


def event_ids(cur: Any, ident: str) -> list[str]:
    """The event ``ident`` names: its exact id, else the one id it is a prefix of."""
    ids = [r[0] for r in cur.execute("SELECT id FROM events WHERE id LIKE ? ESCAPE '\\' "
                                     "ORDER BY id LIMIT 2", [like_escape(ident) + "%"]).fetchall()]
    exact = [i for i in ids if i == ident]
    return exact or (ids if len(ids) == 1 else [])


def article(cur: Any, article_id: str) -> dict[str, Any] | None:
    """One article (exact id or unique prefix) with its mentions and events."""
    ids = article_ids(cur, article_id)
    if not ids:
        return None
    aid = ids[0]
    art = rows(cur.execute("SELECT * EXCLUDE (ingested_at), CAST(ingested_at AS VARCHAR) AS "
                           "ingested_at FROM articles WHERE id = ?", [aid]))[0]
    for k in ("captions", "related", "warnings"):
        if isinstance(art.get(k), str):
            art[k] = json.loads(art[k])
    mentions = [_drop_article(m) for m in rows(cur.execute(
        'SELECT * FROM mentions WHERE article_id = ? ORDER BY field, "start"', [aid]))]
    evs = [decode_event(r) for r in rows(cur.execute(
        f"SELECT {event_columns()} FROM events WHERE article_id = ? "
        "ORDER BY evidence_field DESC, evidence_start, id", [aid]))]
    return {"article": art, "mentions": mentions, "events": evs}


class AmbiguousId(FilterError):
    """An id (or prefix) that names both an article and an event."""


def lookup(cur: Any, ident: str) -> tuple[str, dict[str, Any]] | None:
    """What ``dateline show ID`` shows: ("article", article) or ("event", event) for an
    article id or an event id (each exact or a unique prefix); None when neither;
    AmbiguousId when both."""
    arts, evs = article_ids(cur, ident), event_ids(cur, ident)
    if arts and evs:
        raise AmbiguousId("id", f"{ident!r} names both article {arts[0]} and event {evs[0]}; "
                                "give more characters of the one you mean")
    if arts:
        found = article(cur, arts[0])
        return ("article", found) if found is not None else None
    if evs:
        found = event(cur, evs[0])
        return ("event", found) if found is not None else None
    return None
