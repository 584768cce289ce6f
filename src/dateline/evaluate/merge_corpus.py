"""Scoring merging against a corpus with gold event clusters (tests/merge_corpus).

Gold is per article (keyed by URL): the real-world events it reports, each with its PLOVER
type, the parties named, and the date and place as *that article* states them. Because
extraction varies, an extracted event is labelled with the article's gold event of the same
type (several of one type in an article are told apart by a shared party); an extracted event
of a type the article's gold lacks is noise, counted but left out of B-cubed. The merge of the
labelled events is then scored with B-cubed against the gold event ids.

``oracle_mentions`` builds the reports straight from the gold (no model): the merge engine's
own accuracy when extraction is perfect but articles disagree on dates, places and spellings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .bcubed import bcubed
from ..merge.engine import MentionRec, MergeIndex, norm_name
from ..merge.service import outlet
from ..store import Store


def load_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_articles(path: str | Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _parties_agree(ev: dict[str, Any], gold_parties: list[str]) -> bool:
    keys = {norm_name(p) for p in gold_parties} | {p for p in gold_parties if p.isupper()}
    for a in list(ev.get("actor") or []) + list(ev.get("recipient") or []):
        if norm_name(a.get("name")) in keys or norm_name(a.get("text")) in keys:
            return True
        if a.get("country") in keys:
            return True
    return False


def label(rows: list[dict[str, Any]], gold: dict[str, list[dict[str, Any]]]
          ) -> dict[str, str]:
    """Event id -> gold event id, for the stored events (``store.merge_inputs`` rows)."""
    out: dict[str, str] = {}
    for r in rows:
        reports = [g for g in gold.get(r["url"] or "", []) if g["type"] == r["event"]]
        if len(reports) > 1:
            reports = [g for g in reports if _parties_agree(r, g["parties"])] or reports[:1]
        if reports:
            out[r["id"]] = reports[0]["event"]
    return out


def evaluate(store: Store, gold: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """B-cubed of the stored merge against gold, plus the mention -> event reduction."""
    rows = store.merge_inputs()
    truth = label(rows, gold)
    pred = {r["id"]: r["merged_event_id"] for r in rows if r["merged_event_id"]}
    scores = bcubed(pred, truth)
    labelled_clusters = {pred[e] for e in truth if e in pred}
    return {**scores, "events": len(rows), "labelled": len(truth),
            "merged_events": len(set(pred.values())),
            "labelled_merged_events": len(labelled_clusters),
            "gold_events": len(set(truth.values())),
            "reduction": round(1 - len(set(pred.values())) / len(rows), 4) if rows else 0.0}


def oracle_mentions(articles: list[dict[str, Any]], gold: dict[str, list[dict[str, Any]]],
                    duplicates: set[str] | None = None) -> list[tuple[MentionRec, str]]:
    """(report, gold event id) for every gold report, as a perfect extractor would give them."""
    out = []
    for art in sorted(articles, key=lambda a: (a["published"], a["url"])):
        for i, g in enumerate(gold.get(art["url"], [])):
            named = [p for p in g["parties"] if not p.isupper()]
            actors = [{"text": p, "name": p} for p in named[:1]]
            recipients = [{"text": p, "name": p} for p in named[1:]]
            out.append((MentionRec(
                event_id=f"{art['url']}#{i}", article_id=art["url"], type=g["type"],
                actors=actors, recipients=recipients, date=g["date"], date_text=g["date"],
                place=g.get("place"), source=outlet(art.get("source"), art["url"]),
                published=art["published"], duplicate=art["url"] in (duplicates or set())),
                g["event"]))
    return out


def oracle_score(articles: list[dict[str, Any]], gold: dict[str, list[dict[str, Any]]]
                 ) -> dict[str, Any]:
    """B-cubed of merging the gold reports themselves."""
    idx = MergeIndex()
    pred, truth = {}, {}
    for m, g in oracle_mentions(articles, gold):
        pred[m.event_id] = idx.add(m)
        truth[m.event_id] = g
    return {**bcubed(pred, truth), "mentions": len(pred), "merged_events": len(idx.clusters)}
