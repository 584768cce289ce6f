"""Turning documents into table rows, and inserting many rows in one statement."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from ..model import Document
from .actor_resolve import party_ids


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


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
    labels = _entity_labels(doc)
    seen: set[str] = set()
    for ev in doc.events:
        if not ev.id:
            ev.assign_id(art.id)
        if ev.id in seen:  # first one wins, as one INSERT OR IGNORE per event did
            continue
        seen.add(ev.id)
        loc = ev.location
        parties = {}
        for role, group in (("actor", ev.actor), ("recipient", ev.recipient)):
            for a in group:
                label = labels.get((a.name or "").lower()) or labels.get((a.text or "").lower())
                key, own = party_ids(a.name, a.text, a.country, a.wikidata, label)
                actors.append([ev.id, role, a.text, a.name, a.country, a.sector, a.wikidata,
                               label, key, own, own])
                parties.setdefault(role, []).append({**asdict(a), "id": own})
        events.append(
            [ev.id, art.id, ev.event, ev.mode, ev.modality, _j(ev.context), ev.cameo,
             _j(parties.get("actor", [])), _j(parties.get("recipient", [])),
             ev.date, ev.date_end, ev.date_text, _j(asdict(loc) if loc else None),
             (loc.name or loc.text) if loc else None, loc.lat if loc else None,
             loc.lon if loc else None, loc.country if loc else None,
             ev.evidence.field, ev.evidence.sentence, ev.evidence.start, ev.evidence.end,
             _j([asdict(m) for m in ev.mentions]), ev.confidence, _j(ev.decided)])


def _entity_labels(doc: Document) -> dict[str, str]:
    """lower-case name or text -> the entity label of the document's mentions of it (PERSON
    first: a name tagged as a person anywhere in the article is a person)."""
    out: dict[str, str] = {}
    for e in sorted(doc.entities, key=lambda e: e.label != "PERSON"):
        for k in (e.name, e.text):
            if k:
                out.setdefault(k.lower(), e.label)
    return out


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
