"""Flat, typed event exports that R, pandas or DuckDB load without cleaning, and the readers of
the GDELT-style exports at merged-event level.

``dateline events --format csv|jsonl|parquet`` and ``GET /api/export/events.{csv,jsonl,
parquet}`` write the same rows, one per stored event (report), with the columns of
:data:`FLAT_COLUMNS` (docs/api.md has the dictionary):

* dates are typed: ``date`` is the first day of the event's period as ISO ``YYYY-MM-DD``
  (``2019-05`` -> ``2019-05-01``, the decade ``199`` -> ``1990-01-01``), ``date_end`` the last
  day it covers (``2019-05`` -> ``2019-05-31``; a range's end), ``date_precision`` says which
  of day, month, year or decade the article gave, ``date_value`` keeps the value as stored;
  ``published`` is the article's publication day. In Parquet they are DATE columns;
* numbers are numbers, ``date_implausible`` a boolean, a missing value is empty (CSV) or null;
* several actors (recipients) are joined with ``"; "`` in one column, their countries,
  sectors and canonical actor ids (docs/actors.md) in the same order in theirs.

Parquet is written by DuckDB from the JSON lines with every column's type given, so the
three formats hold the same values.

:func:`merged_groups` reads what the GDELT-style ``gdelt.csv`` (one row per merged event, GDELT's
Events table) and ``gdelt-mentions.csv`` (one row per report, GDELT's Mentions table) need.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import tempfile
from collections import Counter
from typing import Any, Iterable

from .query import interval_end, interval_start

#: column -> (DuckDB type, what it holds), in the order of the files.
FLAT_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("VARCHAR", "the event (report) id; `dateline show ID`, `/api/events/{id}`"),
    "article_id": ("VARCHAR", "the article it was read from"),
    "merged_event_id": ("VARCHAR", "the merged event (real-world happening) it was merged "
                                   "into; empty before `dateline merge`"),
    "event": ("VARCHAR", "PLOVER event type"),
    "mode": ("VARCHAR", "PLOVER mode"),
    "modality": ("VARCHAR", "asserted, negated, hypothetical, future, historical, ..."),
    "date": ("DATE", "first day of the period the event is dated to (empty: undated)"),
    "date_end": ("DATE", "last day it covers: the end of a range, else of the date's period"),
    "date_precision": ("VARCHAR", "day, month, year or decade: how precise the date is"),
    "date_value": ("VARCHAR", "the date as stored: YYYY-MM-DD, YYYY-MM, YYYY or a decade YYY"),
    "date_implausible": ("BOOLEAN", "told as having happened but dated more than a day after "
                                    "the article's publication (a misread date)"),
    "actor": ("VARCHAR", "the actors' names, `; `-separated"),
    "actor_country": ("VARCHAR", "their ISO3 countries, in the same order"),
    "actor_sector": ("VARCHAR", "their sectors (GOV, MIL, ...), in the same order"),
    "actor_id": ("VARCHAR", "their canonical actor ids (Wikidata id, else name@ISO3; "
                            "docs/actors.md), in the same order"),
    "recipient": ("VARCHAR", "the recipients' names, `; `-separated"),
    "recipient_country": ("VARCHAR", "their ISO3 countries, in the same order"),
    "recipient_sector": ("VARCHAR", "their sectors, in the same order"),
    "recipient_id": ("VARCHAR", "their canonical actor ids, in the same order"),
    "place": ("VARCHAR", "where it happened"),
    "place_country": ("VARCHAR", "ISO3 country of the place"),
    "lat": ("DOUBLE", "latitude of the place (degrees)"),
    "lon": ("DOUBLE", "longitude of the place (degrees)"),
    "confidence": ("DOUBLE", "0 to 1"),
    "cameo": ("VARCHAR", "CAMEO code (rules coder; empty from the learned coder)"),
    "published": ("DATE", "the article's publication day"),
    "source": ("VARCHAR", "the article's outlet"),
    "url": ("VARCHAR", "the article's URL"),
    "title": ("VARCHAR", "the article's title"),
    "evidence_field": ("VARCHAR", "title, subtitle or body: where the sentence is"),
    "evidence_start": ("INTEGER", "character offset of the sentence in that field"),
    "evidence_end": ("INTEGER", "character offset of its end"),
    "evidence": ("VARCHAR", "the sentence the event was read from"),
}

_PRECISION = {10: "day", 7: "month", 4: "year", 3: "decade"}


def date_precision(value: str | None) -> str | None:
    """"day", "month", "year" or "decade" for a date of SPEC form; None when undated."""
    return _PRECISION.get(len(value)) if value else None


def first_day(value: str | None) -> str | None:
    """The ISO first day of a date of any precision ("2019-05" -> "2019-05-01")."""
    if not value or len(value) not in _PRECISION:
        return None
    return interval_start(value)


def last_day(value: str | None) -> str | None:
    """The ISO last day a date covers, a real calendar day ("2019-02" -> "2019-02-28")."""
    if not value or len(value) not in _PRECISION:
        return None
    end = interval_end(value)
    year, month = int(end[:4]), int(end[5:7])
    day = min(int(end[8:10]), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def publication_day(value: str | None) -> str | None:
    """The day of an ISO publication date or datetime; None for anything else."""
    import datetime as dt

    try:
        return dt.date.fromisoformat((value or "")[:10]).isoformat()
    except ValueError:
        return None


def _side(items: list[dict[str, Any]] | None, key: str) -> str | None:
    if not items:
        return None
    if key == "name":
        return "; ".join(a.get("name") or a.get("text") or "?" for a in items)
    values = [a.get(key) or "" for a in items]
    return "; ".join(values) if any(values) else None


def article_info(cur: Any, event_ids: list[str], article_ids: list[str]
                 ) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The articles' (published, source, url, title) by id and each event's merged event."""
    arts: dict[str, dict[str, Any]] = {}
    links: dict[str, str] = {}
    if article_ids:
        for aid, published, source, url, title in cur.execute(
                "SELECT id, published, source, url, title FROM articles "
                "WHERE list_contains(?, id)", [sorted(set(article_ids))]).fetchall():
            arts[aid] = {"published": published, "source": source, "url": url, "title": title}
    if event_ids:
        links = dict(cur.execute("SELECT event_id, merged_event_id FROM event_links "
                                 "WHERE list_contains(?, event_id)", [event_ids]).fetchall())
    return arts, links


def flat_rows(cur: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Query-layer event rows (:func:`dateline.query.events`) as flat export rows."""
    arts, links = article_info(cur, [r["id"] for r in rows], [r["article_id"] for r in rows])
    out = []
    for r in rows:
        art = arts.get(r["article_id"], {})
        date = r["date"]
        out.append({
            "id": r["id"], "article_id": r["article_id"], "merged_event_id": links.get(r["id"]),
            "event": r["event"], "mode": r["mode"], "modality": r["modality"],
            "date": first_day(date), "date_end": last_day(r["date_end"] or date),
            "date_precision": date_precision(date), "date_value": date,
            "date_implausible": bool(r.get("date_implausible")),
            "actor": _side(r["actor"], "name"), "actor_country": _side(r["actor"], "country"),
            "actor_sector": _side(r["actor"], "sector"), "actor_id": _side(r["actor"], "id"),
            "recipient": _side(r["recipient"], "name"),
            "recipient_country": _side(r["recipient"], "country"),
            "recipient_sector": _side(r["recipient"], "sector"),
            "recipient_id": _side(r["recipient"], "id"),
            "place": r["place"], "place_country": r["place_country"], "lat": r["lat"],
            "lon": r["lon"], "confidence": r["confidence"], "cameo": r["cameo"],
            "published": publication_day(art.get("published")), "source": art.get("source"),
            "url": art.get("url"), "title": art.get("title"),
            "evidence_field": r["evidence_field"], "evidence_start": r["evidence_start"],
            "evidence_end": r["evidence_end"], "evidence": r["evidence"]})
    return out


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def to_csv(flat: Iterable[dict[str, Any]]) -> str:
    """The flat rows as CSV with a header (empty = missing; booleans true/false)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(FLAT_COLUMNS))
    w.writerows([_csv_value(r[c]) for c in FLAT_COLUMNS] for r in flat)
    return buf.getvalue()


def to_jsonl(flat: Iterable[dict[str, Any]]) -> str:
    """The flat rows as JSON lines (null = missing)."""
    return "".join(json.dumps({c: r[c] for c in FLAT_COLUMNS}, ensure_ascii=False) + "\n"
                   for r in flat)


def to_parquet(flat: list[dict[str, Any]]) -> bytes:
    """The flat rows as Parquet, every column typed as :data:`FLAT_COLUMNS` says (dates as
    DATE), written by an in-memory DuckDB from the JSON lines."""
    import duckdb

    types = "{" + ", ".join(f"'{c}': '{t}'" for c, (t, _) in FLAT_COLUMNS.items()) + "}"
    cols = ", ".join(f'"{c}"' for c in FLAT_COLUMNS)
    tmp = tempfile.mkdtemp(prefix="dateline-export-")
    src, dst = os.path.join(tmp, "rows.jsonl"), os.path.join(tmp, "rows.parquet")
    con = duckdb.connect()
    try:
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(to_jsonl(flat))
        if flat:
            select = (f"SELECT {cols} FROM read_json(?, format = 'newline_delimited', "
                      f"columns = {types})")
        else:  # read_json refuses an empty file: the typed header only
            select = "SELECT " + ", ".join(f'CAST(NULL AS {t}) AS "{c}"'
                                           for c, (t, _) in FLAT_COLUMNS.items()) + " LIMIT 0"
        con.execute(f"COPY ({select}) TO '{dst.replace(chr(39), chr(39) * 2)}' "
                    "(FORMAT parquet)", [src] if flat else [])
        with open(dst, "rb") as fh:
            return fh.read()
    finally:
        con.close()
        for p in (src, dst):
            if os.path.exists(p):
                os.unlink(p)
        os.rmdir(tmp)


# -- merged-event level (GDELT's Events/Mentions split) ----------------------------------------
def _sentences(field: str | None, start: int | None, mentions: Any) -> int:
    """How many sentences of its article tell one report: its evidence and its mentions
    (the pipeline lists the evidence among the mentions too; counted once)."""
    if isinstance(mentions, str):
        mentions = json.loads(mentions)
    return len({(field, start)} | {(m.get("field"), m.get("start")) for m in mentions or []})


def merged_groups(cur: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The merged events the reports ``rows`` belong to, in the order of their first report
    in ``rows``: each a dict with ``id``, ``merged`` (the merged_events row, JSON decoded; None
    for a report not merged yet, which stands alone), ``reports`` (the matching reports),
    ``num_mentions`` (the sentences telling it, over every report merged into it, as GDELT
    counts repeated references in one document), ``num_articles``, ``num_sources`` (distinct
    outlets, else articles), ``cameo`` (the most frequent), ``source_url`` and
    ``first_seen`` (of the earliest published report), ``articles`` (id -> published, source,
    url, title of the reports' articles)."""
    arts, links = article_info(cur, [r["id"] for r in rows], [r["article_id"] for r in rows])
    groups: dict[str, dict[str, Any]] = {}
    for r in rows:
        gid = links.get(r["id"]) or r["id"]
        g = groups.setdefault(gid, {"id": gid, "merged": None, "reports": [],
                                    "linked": r["id"] in links})
        g["reports"].append(r)
    mids = [g["id"] for g in groups.values() if g["linked"]]
    if mids:
        from .store.schema import MERGED_COLUMNS, MERGED_JSON

        for row in cur.execute(f"SELECT {', '.join(MERGED_COLUMNS)} FROM merged_events "
                               "WHERE list_contains(?, id)", [mids]).fetchall():
            m = dict(zip(MERGED_COLUMNS, row))
            for k in MERGED_JSON:
                if isinstance(m.get(k), str):
                    m[k] = json.loads(m[k])
            groups[m["id"]]["merged"] = m
        members: dict[str, list[tuple]] = {}
        for mid, *rest in cur.execute(
                "SELECT l.merged_event_id, e.article_id, e.evidence_field, e.evidence_start, "
                "e.mentions, e.cameo, a.source, a.url, a.published FROM event_links l "
                "JOIN events e ON e.id = l.event_id LEFT JOIN articles a ON a.id = e.article_id "
                "WHERE list_contains(?, l.merged_event_id) ORDER BY e.id", [mids]).fetchall():
            members.setdefault(mid, []).append(tuple(rest))
        for mid, reports in members.items():
            cameos = Counter(r[4] for r in reports if r[4])
            first = min(reports, key=lambda r: (r[7] is None, r[7] or ""))
            groups[mid].update(
                num_mentions=sum(_sentences(r[1], r[2], r[3]) for r in reports),
                num_articles=len({r[0] for r in reports}),
                num_sources=len({r[5] or r[0] for r in reports}),
                cameo=cameos.most_common(1)[0][0] if cameos else None,
                source_url=first[6], first_seen=first[7])
    for g in groups.values():
        if "num_mentions" not in g:  # a report not merged (yet): an event of its own
            r = g["reports"][0]
            art = arts.get(r["article_id"], {})
            g.update(num_mentions=_sentences(r["evidence_field"], r["evidence_start"],
                                             r.get("mentions")), num_articles=1,
                     num_sources=1, cameo=r["cameo"], source_url=art.get("url"),
                     first_seen=art.get("published"))
        g["articles"] = arts
    return list(groups.values())
