"""Export formats of the API beyond the flat exports of :mod:`dateline.export` (CSV, JSONL,
Parquet): PLOVER JSON, and GDELT-style CSVs at merged-event level, split as GDELT splits
them: ``gdelt.csv`` has one row per merged event (real-world happening, GDELT's Events table)
with NumMentions/NumArticles/NumSources counted over the reports merged into it, and
``gdelt-mentions.csv`` one row per report (GDELT's Mentions table) pointing at its event.

Each function takes the event rows the query layer returns (JSON columns decoded) or the
groups :func:`dateline.export.merged_groups` makes of them, and gives the file content.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .queries import QUAD_CLASS

GDELT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat",
    "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    "dateline_id", "dateline_event", "dateline_mode", "dateline_modality",
    "dateline_confidence", "dateline_article_id", "dateline_reports",
    "dateline_actor1_id", "dateline_actor2_id",
]
MENTION_COLUMNS = [
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "dateline_event_id", "dateline_article_id", "dateline_merged_event_id",
    "dateline_evidence_field", "dateline_evidence",
]

_GEO_TYPE = {"country": 1, "region": 4, "city": 4, "continent": 1}


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(["" if v is None else v for v in r] for r in rows)
    return buf.getvalue()


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


def plover_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps([plover_record(r) for r in rows], ensure_ascii=False, indent=1)


def _gdelt_id(event_id: str) -> int | str:
    try:  # the hex digits of a dateline id (a merged id starts with "m")
        return int(event_id.lstrip("m")[:15], 16)  # fits a signed 64-bit integer like GDELT's
    except ValueError:
        return event_id


def _day(date: str | None) -> str:
    return date.replace("-", "") if date and len(date) == 10 else ""


def gdelt_csv(groups: list[dict[str, Any]]) -> str:
    """GDELT 2.0 Events-style rows, one per merged event. Country codes are ISO3 (GDELT uses
    CAMEO/FIPS codes), the date is only as precise as dateline's (Day is empty when the day is
    unknown), and a reciprocal event (no recipient) puts its second actor in Actor2. A report
    not merged (yet) is an event of its own."""
    out = []
    for g in groups:
        first = g["reports"][0]
        m = g["merged"]
        if m is not None:
            actors, recips = m["actors"] or [], m["recipients"] or []
            ev = {"event": m["type"], "mode": m["mode"], "modality": m["modality"],
                  "date": m["date"], "place": m["place"], "country": m["country"],
                  "lat": m["lat"], "lon": m["lon"], "confidence": m["confidence"]}
            loc = next((r.get("location") or {} for r in g["reports"]
                        if r["place"] == m["place"]), {})
        else:
            actors, recips = first["actor"] or [], first["recipient"] or []
            ev = {"event": first["event"], "mode": first["mode"], "modality": first["modality"],
                  "date": first["date"], "place": first["place"],
                  "country": first["place_country"], "lat": first["lat"], "lon": first["lon"],
                  "confidence": first["confidence"]}
            loc = first.get("location") or {}
        a1 = actors[0] if actors else {}
        a2 = recips[0] if recips else (actors[1] if len(actors) > 1 else {})
        date = ev["date"] or ""
        cameo = g["cameo"] or ""
        seen = (g["first_seen"] or "")[:10]
        out.append([
            _gdelt_id(g["id"]), _day(date),
            date[:7].replace("-", "") if len(date) >= 7 else "", date[:4],
            "", a1.get("name") or a1.get("text"), a1.get("country"), a1.get("sector"),
            "", a2.get("name") or a2.get("text"), a2.get("country"), a2.get("sector"),
            1, cameo, cameo[:3], cameo[:2], QUAD_CLASS.get(ev["event"], ""),
            g["num_mentions"], g["num_sources"], g["num_articles"],
            _GEO_TYPE.get(loc.get("resolution") or "", "") if ev["place"] else "",
            ev["place"], ev["country"], ev["lat"], ev["lon"], loc.get("geonameid"),
            seen.replace("-", "") if len(seen) == 10 else "", g["source_url"] or "",
            g["id"], ev["event"], ev["mode"], ev["modality"], ev["confidence"],
            first["article_id"], "; ".join(r["id"] for r in g["reports"]),
            a1.get("id"), a2.get("id"),
        ])
    return _csv(GDELT_COLUMNS, out)


def gdelt_mentions_csv(groups: list[dict[str, Any]]) -> str:
    """GDELT 2.0 Mentions-style rows: one per report (an article's telling of an event),
    pointing at its merged event's GlobalEventID. Actor offsets, sentence numbers, document
    length and tone are not known to dateline (empty); Confidence is 0-100 as in GDELT."""
    out = []
    for g in groups:
        m = g["merged"]
        event_day = _day(m["date"] if m is not None else g["reports"][0]["date"])
        for r in g["reports"]:
            art = g["articles"].get(r["article_id"], {})
            pub = (art.get("published") or "")[:10]
            conf = r["confidence"]
            out.append([
                _gdelt_id(g["id"]), event_day, _day(pub) if len(pub) == 10 else "", 1,
                art.get("source"), art.get("url"), "", "", "", r["evidence_start"], 1,
                "" if conf is None else round(100 * conf), "", "",
                r["id"], r["article_id"], g["id"] if m is not None else "",
                r["evidence_field"], r["evidence"],
            ])
    return _csv(MENTION_COLUMNS, out)
