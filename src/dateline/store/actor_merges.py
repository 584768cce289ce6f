"""Actor merges a user makes (``dateline actors merge A B``): B is the same party as A.

A merge is stored in ``actor_merges`` (one row per merged name B, with A's canonical name,
country and Wikidata id) and applied at once to every stored actor row and event of B, and
to the events of later ingests (:meth:`ActorMerges.apply_actor_merges`, called by
``add_documents``). What a merge changed is kept in ``actor_merge_undo`` (the row's values
before), so that ``dateline actors unmerge B`` puts them back.

An actor is matched by its name as the actors list shows it (``coalesce(name, text)``, any
case). A merge takes A's identity -- name, country, Wikidata id: the values most of A's stored
rows have -- and keeps each event's sector (the role held on that event's date, SPEC section
5), filling it with A's where the event has none. Merges do not chain: merging into a name
that is merged into another, merging a name twice, or merging a name others are merged into
is refused with the command that undoes the earlier merge.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import StoreError
from .rows import _now

#: the columns of one actor (event_actors, and the keys of the events' actor JSON)
_FIELDS = ("name", "country", "sector", "wikidata")


def _key(name: str | None, text: str | None = None) -> str:
    return (name or text or "").strip().lower()


class ActorMerges:
    """Mixin of :class:`~dateline.store.database.DuckDBStore`: the actor-merge table."""

    con: Any

    def transaction(self) -> Any: ...  # provided by DuckDBStore

    # -- reads ----------------------------------------------------------------------------
    def actor_merges(self) -> list[dict[str, Any]]:
        """Every merge: alias (the merged name), name / country / wikidata of the canonical
        actor, sector (A's, for events without one), rows (actor rows it changed), at."""
        if getattr(self, "version", 0) < 5:
            return []
        rows = self.con.execute(
            "SELECT m.alias, m.shown, m.name, m.country, m.sector, m.wikidata, "
            "CAST(m.created_at AS VARCHAR), (SELECT count(*) FROM actor_merge_undo u "
            "WHERE u.alias = m.alias) FROM actor_merges m ORDER BY m.name, m.alias").fetchall()
        return [{"alias": r[1] or r[0], "name": r[2], "country": r[3], "sector": r[4],
                 "wikidata": r[5], "at": r[6], "rows": int(r[7])} for r in rows]

    def _merge_map(self) -> dict[str, dict[str, Any]]:
        if getattr(self, "version", 0) < 5:
            return {}
        return {r[0]: dict(zip(_FIELDS, r[1:])) for r in self.con.execute(
            "SELECT alias, name, country, sector, wikidata FROM actor_merges").fetchall()}

    def _canonical(self, name: str) -> dict[str, Any] | None:
        """The identity most stored rows named ``name`` have (None when none is stored)."""
        row = self.con.execute(
            "SELECT coalesce(name, text), country, wikidata, count(*) AS n, "
            "mode(sector) FROM event_actors WHERE lower(coalesce(name, text)) = ? "
            "GROUP BY ALL ORDER BY n DESC, country NULLS LAST LIMIT 1",
            [_key(name)]).fetchone()
        if row is None:
            return None
        return {"name": row[0], "country": row[1], "wikidata": row[2], "sector": row[4]}

    # -- writes ---------------------------------------------------------------------------
    def merge_actors(self, into: str, alias: str) -> dict[str, Any]:
        """Merge actor ``alias`` (B) into ``into`` (A); returns the merge with ``rows``, the
        stored actor rows it changed. :class:`StoreError` (reason ``invalid``) when A is not
        stored, A and B are one name, or A is itself merged into another actor."""
        a, b = _key(into), _key(alias)
        if not a or not b:
            raise StoreError("actor names must not be empty")
        if a == b:
            raise StoreError(f"cannot merge {alias!r} into itself")
        merges = self._merge_map()
        if a in merges:
            raise StoreError(f"{into!r} is merged into {merges[a]['name']!r}; merge into "
                             f"that name, or run `dateline actors unmerge {into!r}` first")
        canon = self._canonical(into)
        if canon is None:
            raise StoreError(f"no stored actor named {into!r} (see `dateline actors list`)")
        if b in merges:
            raise StoreError(f"{alias!r} is already merged into {merges[b]['name']!r}; run "
                             f"`dateline actors unmerge {alias!r}` first")
        followers = sorted(k for k, m in merges.items() if _key(m["name"]) == b)
        if followers:
            raise StoreError(f"{len(followers)} names are merged into {alias!r} "
                             f"({', '.join(followers[:3])}); unmerge them first")
        with self.transaction() as con:
            con.execute("INSERT INTO actor_merges VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [b, alias.strip(), canon["name"], canon["country"], canon["sector"],
                         canon["wikidata"], _now()])
            changed = self._apply_stored(con, b, canon)
        return {"alias": alias.strip(), **canon, "rows": changed}

    def _apply_stored(self, con: Any, key: str, canon: dict[str, Any]) -> int:
        """Point the stored rows named ``key`` at ``canon``, keeping their old values."""
        con.execute(
            "INSERT INTO actor_merge_undo SELECT ?, event_id, role, text, name, country, "
            "sector, wikidata FROM event_actors WHERE lower(coalesce(name, text)) = ?",
            [key, key])
        n = con.execute("SELECT count(*) FROM event_actors WHERE lower(coalesce(name, text)) "
                        "= ?", [key]).fetchone()[0]
        con.execute("UPDATE event_actors SET name = ?, country = ?, wikidata = ?, "
                    "sector = coalesce(sector, ?) WHERE lower(coalesce(name, text)) = ?",
                    [canon["name"], canon["country"], canon["wikidata"], canon["sector"], key])
        self._rewrite_events(con, key, lambda a: _merged(a, canon) if _key(
            a.get("name"), a.get("text")) == key else a)
        return int(n)

    def unmerge_actor(self, alias: str) -> dict[str, Any]:
        """Undo the merge of ``alias``: its stored rows and events get back the values they
        had before (also those merged at ingest); :class:`StoreError` when it is not merged."""
        b = _key(alias)
        merges = self._merge_map()
        if b not in merges:
            raise StoreError(f"{alias!r} is not merged (see `dateline actors merges`)")
        undo = self.con.execute(
            "SELECT event_id, role, text, name, country, sector, wikidata FROM "
            "actor_merge_undo WHERE alias = ?", [b]).fetchall()
        before = {(r[0], r[1], r[2]): dict(zip(_FIELDS, r[3:])) for r in undo}
        with self.transaction() as con:
            con.execute(
                "UPDATE event_actors SET name = u.name, country = u.country, sector = u.sector, "
                "wikidata = u.wikidata FROM actor_merge_undo u WHERE u.alias = ? AND "
                "event_actors.event_id = u.event_id AND event_actors.role = u.role AND "
                "event_actors.text IS NOT DISTINCT FROM u.text", [b])
            for ev_id in {k[0] for k in before}:
                self._rewrite_event(con, ev_id, lambda a, role, ev=ev_id: {
                    **a, **before[(ev, role, a.get("text"))]}
                    if (ev, role, a.get("text")) in before else a)
            con.execute("DELETE FROM actor_merge_undo WHERE alias = ?", [b])
            con.execute("DELETE FROM actor_merges WHERE alias = ?", [b])
        return {"alias": alias.strip(), "name": merges[b]["name"], "rows": len(undo)}

    def _rewrite_events(self, con: Any, key: str, fn: Any) -> None:
        ids = [r[0] for r in con.execute(
            "SELECT DISTINCT event_id FROM actor_merge_undo WHERE alias = ?", [key]).fetchall()]
        for ev_id in ids:
            self._rewrite_event(con, ev_id, lambda a, _role: fn(a))

    @staticmethod
    def _rewrite_event(con: Any, ev_id: str, fn: Any) -> None:
        """Apply ``fn(actor dict, role)`` to each party in one event's actor/recipient JSON."""
        row = con.execute("SELECT actor, recipient FROM events WHERE id = ?", [ev_id]).fetchone()
        if row is None:
            return
        new = [json.dumps([fn(a, role) for a in json.loads(v or "[]")], ensure_ascii=False)
               for v, role in zip(row, ("actor", "recipient"))]
        con.execute("UPDATE events SET actor = ?, recipient = ? WHERE id = ?", new + [ev_id])

    def apply_actor_merges(self, events: list[list[Any]], actors: list[list[Any]],
                           actor_col: int, recipient_col: int) -> list[list[Any]]:
        """At ingest: the stored merges applied to new rows (``events`` rows with actor JSON
        at ``actor_col`` / ``recipient_col``; ``event_actors`` rows ``[event_id, role, text,
        name, country, sector, wikidata]``), in place. Returns the undo rows to store."""
        merges = self._merge_map()
        if not merges:
            return []
        undo: list[list[Any]] = []
        for row in actors:
            key = _key(row[3], row[2])
            if key in merges:
                undo.append([key, *row])
                m = merges[key]
                row[3], row[4], row[6] = m["name"], m["country"], m["wikidata"]
                row[5] = row[5] or m["sector"]
        for row in events:
            for col in (actor_col, recipient_col):
                parties = json.loads(row[col] or "[]")
                hit = [_merged(a, merges[_key(a.get("name"), a.get("text"))])
                       if _key(a.get("name"), a.get("text")) in merges else a for a in parties]
                if hit != parties:
                    row[col] = json.dumps(hit, ensure_ascii=False)
        return undo


def _merged(actor: dict[str, Any], canon: dict[str, Any]) -> dict[str, Any]:
    return {**actor, "name": canon["name"], "country": canon["country"],
            "wikidata": canon["wikidata"], "sector": actor.get("sector") or canon["sector"]}
