"""Itineraries: an actor's visits (merged CONSULT/visit events) in order, with derived facts.

A trip is a merged event of type CONSULT, mode ``visit``, that happened (asserted or historical)
and lists the actor among its actors (the visitor), matched by canonical actor id
(``nikki-haley@USA``, docs/actors.md), wikidata id or a spelling-tolerant name. Its destination is the place's country, else the host's country. The
facts ("first visit to CHN since 2019 in this database; 5th trip overall") are counted over the
database's own merged events, never taken from an article's claim, so a reader can check them.
"""

from __future__ import annotations

from typing import Any

from ..store import Store
from .engine import is_generic, norm_name

HAPPENED = {"asserted", "historical"}


def _is(actor: dict[str, Any], key: str) -> bool:
    if key.startswith("q") and key[1:].isdigit():
        return (actor.get("wikidata") or "").lower() == key
    return key in (norm_name(actor.get("name")), norm_name(actor.get("text")))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def trips(store: Store, name: str, countries: Any = None) -> list[dict[str, Any]]:
    """The actor's visits, oldest first, each with ``destination`` and ``facts``.

    ``countries`` (a CountryTable, optional) turns ISO3 codes into names in the facts."""
    key = norm_name(name)
    out: list[dict[str, Any]] = []
    for ev in store.merged_events(type="CONSULT"):
        if ev["mode"] != "visit" or ev["modality"] not in HAPPENED or not ev["date"]:
            continue
        me = [a for a in ev["actors"] if a.get("id") == name.strip() or _is(a, key)]
        if not me:
            continue
        home = me[0].get("country")
        dest = ev["country"] or next((r.get("country") for r in ev["recipients"]
                                      if r.get("country") and r.get("country") != home), None)
        if dest is not None and dest == home:
            continue  # a domestic trip is no visit abroad
        hosts = [r.get("name") or r.get("text") for r in ev["recipients"] if not is_generic(r)]
        out.append({"id": ev["id"], "date": ev["date"], "date_end": ev["date_end"],
                    "destination": dest, "place": ev["place"], "hosts": hosts,
                    "num_articles": ev["num_articles"], "num_sources": ev["num_sources"],
                    "disagreements": ev["disagreements"]})
    out.sort(key=lambda t: (t["date"], t["id"]))
    seen: dict[str | None, list[str]] = {}
    for i, t in enumerate(out, 1):
        dest = t["destination"]
        label = dest or "an unknown destination"
        if countries is not None and dest:
            c = countries.get(dest)
            label = c.name if c else dest
        before = seen.setdefault(dest, [])
        if before:
            since = before[-1][:4]
            first = (f"first visit to {label} since {since} in this database"
                     if since < t["date"][:4] else f"{_ordinal(len(before) + 1)} visit to {label}"
                     f" in this database (previous: {before[-1]})")
        else:
            first = f"first visit to {label} in this database"
        t["facts"] = f"{first}; {_ordinal(i)} trip abroad overall"
        t["visit_number"] = len(before) + 1
        t["trip_number"] = i
        before.append(t["date"])
    return out
