"""Actor merges a user makes (``dateline actors merge A B``): B is the same party as A.

A and B are actors as the actors list shows them: a canonical actor id
(:mod:`dateline.store.actor_resolve`; ``nikki-haley@USA``, ``Q22686``) or a name (any case;
an actor's name, or the name or text of any of its stored rows). A name that several actors
have is refused with their ids. B need not be stored yet: a name no stored actor has is
merged by its normalised name and catches the rows of later ingests.

A merge is stored in ``actor_merges`` (one row per B: B's id, or its normalised name, and A's
id, name, country and Wikidata id) and applied at once to every stored row of B (its actor id
is A's; its name, country and Wikidata id are A's, so the events list shows A) and to the
rows of later ingests (:meth:`ActorMerges.apply_actor_merges`, called by ``add_documents``).
Each event keeps its own sector (the role held on that event's date, SPEC section 5), filled
with A's where it has none. What a merge changed is kept in ``actor_merge_undo`` (the row's
values before), so that ``dateline actors unmerge B`` puts them back. Merges do not chain:
merging into an actor that is merged into another, merging B twice, or merging an actor
others are merged into is refused with the command that undoes the earlier merge.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import StoreError
from ..refdata.actor_ids import load_name_rules
from .actor_resolve import IDENTITY_SQL
from .rows import _now

#: the columns of one actor (event_actors, and the keys of the events' actor JSON)
_FIELDS = ("name", "country", "sector", "wikidata")


def _key(name: str | None) -> str:
    return load_name_rules().key(name or "")


class ActorMerges:
    """Mixin of :class:`~dateline.store.database.DuckDBStore`: the actor-merge table."""

    con: Any

    # provided by DuckDBStore: transaction(); by ActorIds: resolve_actor_ids(),
    # _write_event_ids()

    # -- reads ----------------------------------------------------------------------------
    def actor_merges(self) -> list[dict[str, Any]]:
        """Every merge: alias (B as the user wrote it), id (B's actor id; None for a name
        not stored), target (A's id), name / country / wikidata of A, sector (A's, for
        events without one), rows (actor rows it changed), at."""
        if getattr(self, "version", 0) < 5:
            return []
        target = "m.target_id" if self.version >= 6 else "NULL"
        alias_id = "m.alias_id" if self.version >= 6 else "NULL"
        rows = self.con.execute(
            f"SELECT m.alias, m.shown, m.name, m.country, m.sector, m.wikidata, "
            f"CAST(m.created_at AS VARCHAR), (SELECT count(*) FROM actor_merge_undo u "
            f"WHERE u.alias = m.alias), {alias_id}, {target} FROM actor_merges m "
            "ORDER BY m.name, m.alias").fetchall()
        return [{"alias": r[1] or r[0], "id": r[8], "target": r[9], "name": r[2],
                 "country": r[3], "sector": r[4], "wikidata": r[5], "at": r[6],
                 "rows": int(r[7])} for r in rows]

    def _merge_rows(self) -> dict[str, dict[str, Any]]:
        """alias -> the merge (A's identity, ``alias_id``, ``target_id``)."""
        if not self.con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = "
                                "'actor_merges' AND column_name = 'target_id'").fetchone()[0]:
            return {}  # a database before version 6 (read only, or being migrated)
        return {r[0]: {**dict(zip(_FIELDS, r[1:5])), "alias_id": r[5], "target_id": r[6]}
                for r in self.con.execute(
                    "SELECT alias, name, country, sector, wikidata, alias_id, target_id "
                    "FROM actor_merges").fetchall()}

    def _merge_targets(self) -> tuple[dict[str, str], dict[str, str]]:
        """(B's actor id -> A's id, B's normalised name -> A's id) of every merge."""
        by_id, by_name = {}, {}
        for alias, m in self._merge_rows().items():
            if m["alias_id"]:
                by_id[m["alias_id"]] = m["target_id"]
            else:
                by_name[alias] = m["target_id"]
        return by_id, by_name

    def find_actor(self, name: str) -> str | None:
        """The actor id of an id or a name (see the module docstring); None when no stored
        actor has it; :class:`StoreError` when several actors have that name."""
        s = name.strip()
        if self.con.execute("SELECT 1 FROM event_actors WHERE actor_id = ? LIMIT 1",
                            [s]).fetchone():
            return s
        ids = [r[0] for r in self.con.execute(
            "SELECT actor_id, count(*) AS n FROM event_actors WHERE lower(coalesce(name, text)) "
            "= ? OR lower(text) = ? OR name_key = ? GROUP BY actor_id ORDER BY n DESC, actor_id",
            [s.lower(), s.lower(), _key(s)]).fetchall()]
        if len(ids) > 1:
            raise StoreError(f"{len(ids)} actors are named {name!r}; give one of their ids: "
                             + ", ".join(ids[:8]))
        return ids[0] if ids else None

    def _canonical(self, ident: str) -> dict[str, Any]:
        """The identity of actor ``ident``: the name, country and Wikidata id most of its
        own rows have (rows not joined or merged into it; else any of its rows)."""
        row = self.con.execute(f"SELECT {IDENTITY_SQL}, mode(sector) FROM event_actors "
                               "WHERE actor_id = ?", [ident]).fetchone()
        return {"id": ident, "name": row[0], "country": row[1], "wikidata": row[2],
                "sector": row[3]}

    def _merged_alias(self, name: str) -> str | None:
        """The ``actor_merges`` alias that ``name`` names (B's id, its normalised name or
        the name the user wrote), or None."""
        s = name.strip()
        for alias, m in self._merge_rows().items():
            if s in (alias, m["alias_id"]) or _key(s) == alias:
                return alias
        shown = self.con.execute("SELECT alias FROM actor_merges WHERE lower(shown) = ?",
                                 [s.lower()]).fetchone() if self._merge_rows() else None
        return shown[0] if shown else None

    # -- writes ---------------------------------------------------------------------------
    def merge_actors(self, into: str, alias: str) -> dict[str, Any]:
        """Merge actor ``alias`` (B) into ``into`` (A); returns the merge with ``rows``, the
        stored actor rows it changed. :class:`StoreError` (reason ``invalid``) when A is not
        stored, A and B are one actor, or A is itself merged into another actor."""
        if not into.strip() or not alias.strip():
            raise StoreError("actor names must not be empty")
        merges = self._merge_rows()
        merged_a = self._merged_alias(into)
        if merged_a is not None:
            raise StoreError(f"{into!r} is merged into {merges[merged_a]['name']!r}; merge into "
                             f"that name, or run `dateline actors unmerge {into!r}` first")
        a = self.find_actor(into)
        if a is None:
            raise StoreError(f"no stored actor named {into!r} (see `dateline actors list`)")
        merged_b = self._merged_alias(alias)
        if merged_b is not None:
            raise StoreError(f"{alias!r} is already merged into {merges[merged_b]['name']!r}; "
                             f"run `dateline actors unmerge {alias!r}` first")
        b = self.find_actor(alias)
        if b == a:
            raise StoreError(f"cannot merge {alias!r} into itself ({a})")
        key = b or _key(alias)
        if not key:
            raise StoreError(f"{alias!r} has no word to match an actor by")
        followers = sorted(k for k, m in merges.items() if b and m["target_id"] == b)
        if followers:
            raise StoreError(f"{len(followers)} names are merged into {alias!r} "
                             f"({', '.join(followers[:3])}); unmerge them first")
        canon = self._canonical(a)
        with self.transaction() as con:
            con.execute("INSERT INTO actor_merges (alias, shown, name, country, sector, "
                        "wikidata, created_at, alias_id, target_id) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [key, alias.strip(), canon["name"], canon["country"], canon["sector"],
                         canon["wikidata"], _now(), b, a])
            where = ("actor_id = ?", b) if b else ("name_key = ?", key)
            changed = self._apply_stored(con, key, where, canon)
        return {"alias": alias.strip(), **canon, "rows": changed}

    def _apply_stored(self, con: Any, key: str, where: tuple[str, str],
                      canon: dict[str, Any]) -> int:
        """Point the stored rows matching ``where`` at ``canon``, keeping their old values."""
        cond, value = where
        con.execute(
            "INSERT INTO actor_merge_undo SELECT ?, event_id, role, text, name, country, "
            f"sector, wikidata FROM event_actors WHERE {cond}", [key, value])
        n = con.execute(f"SELECT count(*) FROM event_actors WHERE {cond}", [value]).fetchone()[0]
        con.execute("UPDATE event_actors SET name = ?, country = ?, wikidata = ?, "
                    f"sector = coalesce(sector, ?), actor_id = ? WHERE {cond}",
                    [canon["name"], canon["country"], canon["wikidata"], canon["sector"],
                     canon["id"], value])
        touched = {(r[0], r[1], r[2]) for r in con.execute(
            "SELECT event_id, role, text FROM actor_merge_undo WHERE alias = ?",
            [key]).fetchall()}
        for ev_id in {t[0] for t in touched}:
            self._rewrite_event(con, ev_id, lambda a, role, ev=ev_id: _merged(a, canon)
                                if (ev, role, a.get("text")) in touched else a)
        return int(n)

    def unmerge_actor(self, alias: str) -> dict[str, Any]:
        """Undo the merge of ``alias``: its stored rows and events get back the values they
        had before (also those merged at ingest) and the actor the store's rules give them;
        :class:`StoreError` when it is not merged."""
        b = self._merged_alias(alias)
        if b is None:
            raise StoreError(f"{alias!r} is not merged (see `dateline actors merges`)")
        merge = self._merge_rows()[b]
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
            keys = {r[0] for r in con.execute(
                "SELECT DISTINCT a.name_key FROM event_actors a JOIN actor_merge_undo u ON "
                "u.alias = ? AND a.event_id = u.event_id AND a.role = u.role AND "
                "a.text IS NOT DISTINCT FROM u.text", [b]).fetchall()}
            con.execute("DELETE FROM actor_merge_undo WHERE alias = ?", [b])
            con.execute("DELETE FROM actor_merges WHERE alias = ?", [b])
            self.resolve_actor_ids(con, keys)
            self._write_event_ids(con, set(k[0] for k in before))
        return {"alias": alias.strip(), "name": merge["name"], "rows": len(undo)}

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
        at ``actor_col`` / ``recipient_col``; ``event_actors`` rows in ``ACTOR_COLUMNS``
        order), in place, for rows whose own id or name is merged (a row that the store's
        rules join to a merged actor gets A's id when the ids are resolved). Returns the undo
        rows to store (``["alias"] + ACTOR_UNDO_COLUMNS``)."""
        merges = self._merge_rows()
        if not merges:
            return []
        by_id = {m["alias_id"]: k for k, m in merges.items() if m["alias_id"]}
        undo: list[list[Any]] = []
        touched: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        for row in actors:
            alias = by_id.get(row[9]) or (row[8] if row[8] in merges and
                                          not merges[row[8]]["alias_id"] else None)
            if alias is None:
                continue
            m = merges[alias]
            undo.append([alias, *row[:7]])
            row[3], row[4], row[6] = m["name"], m["country"], m["wikidata"]
            row[5] = row[5] or m["sector"]
            row[10] = m["target_id"]
            touched[(row[0], row[1], row[2])] = {**m, "id": m["target_id"]}
        for row in events:
            for col, role in ((actor_col, "actor"), (recipient_col, "recipient")):
                parties = json.loads(row[col] or "[]")
                hit = [_merged(a, touched[(row[0], role, a.get("text"))])
                       if (row[0], role, a.get("text")) in touched else a for a in parties]
                if hit != parties:
                    row[col] = json.dumps(hit, ensure_ascii=False)
        return undo


def _merged(actor: dict[str, Any], canon: dict[str, Any]) -> dict[str, Any]:
    return {**actor, "name": canon["name"], "country": canon["country"],
            "wikidata": canon["wikidata"], "sector": actor.get("sector") or canon["sector"],
            "id": canon.get("id") or canon.get("target_id")}
