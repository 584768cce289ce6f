"""Export formats of the API: CSV, JSONL, Parquet, PLOVER JSON and a GDELT-style CAMEO CSV.

Each function takes the event rows the queries module returns (JSON columns decoded) and
gives the file content; Parquet is written by DuckDB's ``COPY`` to a temporary file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from typing import Any

from ..store import EVENT_COLUMNS
from ..query import EventFilter, order_by
from .queries import QUAD_CLASS

CSV_COLUMNS = ["id", "date", "date_end", "event", "mode", "modality", "cameo", "actor",
               "actor_country", "recipient", "recipient_country", "place", "country", "lat",
               "lon", "confidence", "article_id", "evidence_field", "evidence_start",
               "evidence_end", "evidence"]

GDELT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat",
    "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    "dateline_id", "dateline_event", "dateline_mode", "dateline_modality",
    "dateline_confidence", "dateline_article_id",
]

_GEO_TYPE = {"country": 1, "region": 4, "city": 4, "continent": 1}


def _names(actors: list[dict[str, Any]] | None) -> str:
    return "; ".join(a.get("name") or a.get("text") or "" for a in actors or [])


def _countries(actors: list[dict[str, Any]] | None) -> str:
    return "; ".join(a.get("country") or "" for a in actors or [])


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(["" if v is None else v for v in r] for r in rows)
    return buf.getvalue()


def events_csv(rows: list[dict[str, Any]]) -> str:
    """One flat row per event; several actors are joined with "; "."""
    out = []
    for r in rows:
        out.append([r["id"], r["date"], r["date_end"], r["event"], r["mode"], r["modality"],
                    r["cameo"], _names(r["actor"]), _countries(r["actor"]),
                    _names(r["recipient"]), _countries(r["recipient"]), r["place"],
                    r["place_country"], r["lat"], r["lon"], r["confidence"], r["article_id"],
                    r["evidence_field"], r["evidence_start"], r["evidence_end"], r["evidence"]])
    return _csv(CSV_COLUMNS, out)


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """The SPEC section 2 event record of one stored event (plus ``article_id``)."""
    return {
        "id": r["id"], "event": r["event"], "mode": r["mode"], "modality": r["modality"],
        "context": r.get("context") or [], "cameo": r["cameo"], "actor": r["actor"] or [],
        "recipient": r["recipient"] or [], "date": r["date"], "date_end": r["date_end"],
        "date_text": r["date_text"], "location": r.get("location"),
        "evidence": {"field": r["evidence_field"], "sentence": r["evidence"],
                     "start": r["evidence_start"], "end": r["evidence_end"]},
        "mentions": r.get("mentions") or [], "confidence": r["confidence"],
        "article_id": r["article_id"],
    }


def events_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(plover_record(r), ensure_ascii=False) + "\n" for r in rows)


def plover_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps([plover_record(r) for r in rows], ensure_ascii=False, indent=1)


def _gdelt_id(event_id: str) -> int | str:
    try:
        return int(event_id[:15], 16)  # fits a signed 64-bit integer like GDELT's ids
    except ValueError:
        return event_id


def gdelt_csv(rows: list[dict[str, Any]], urls: dict[str, str | None]) -> str:
    """GDELT 2.0 Events-style rows. Country codes are ISO3 (GDELT uses CAMEO/FIPS codes), the
    date is only as precise as dateline's (Day is empty when the day is unknown), and a
    reciprocal event (no recipient) puts its second actor in Actor2."""
    out = []
    for r in rows:
        actors, recips = r["actor"] or [], r["recipient"] or []
        a1 = actors[0] if actors else {}
        a2 = recips[0] if recips else (actors[1] if len(actors) > 1 else {})
        date = r["date"] or ""
        cameo = r["cameo"] or ""
        loc = r.get("location") or {}
        out.append([
            _gdelt_id(r["id"]),
            date.replace("-", "") if len(date) == 10 else "",
            date[:7].replace("-", "") if len(date) >= 7 else "", date[:4],
            "", a1.get("name") or a1.get("text"), a1.get("country"), a1.get("sector"),
            "", a2.get("name") or a2.get("text"), a2.get("country"), a2.get("sector"),
            1, cameo, cameo[:3], cameo[:2], QUAD_CLASS.get(r["event"], ""),
            1 + len(r.get("mentions") or []), 1, 1,
            _GEO_TYPE.get(loc.get("resolution") or "", "") if r["place"] else "",
            r["place"], r["place_country"], r["lat"], r["lon"], loc.get("geonameid"),
            "", urls.get(r["article_id"]) or "",
            r["id"], r["event"], r["mode"], r["modality"], r["confidence"], r["article_id"],
        ])
    return _csv(GDELT_COLUMNS, out)


def events_parquet(cur: Any, flt: EventFilter, sort: str | None) -> bytes:
    """The filtered events table as Parquet bytes (DuckDB COPY to a temporary file)."""
    where, params = flt.where()
    cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
    fd, path = tempfile.mkstemp(suffix=".parquet", prefix="dateline-export-")
    os.close(fd)
    try:
        escaped = path.replace("'", "''")
        cur.execute(f"COPY (SELECT {cols} FROM events{where}{order_by(sort)}) "
                    f"TO '{escaped}' (FORMAT parquet)", params)
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)
