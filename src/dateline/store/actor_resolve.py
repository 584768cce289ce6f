"""One canonical actor per real party across the database (issue 15).

Each ``event_actors`` row keeps what its article said: ``name_key`` (the normalised name,
:mod:`dateline.refdata.actor_ids`), ``own_id`` (the id of that name, country and Wikidata id)
and ``label`` (the entity label of the mention: PERSON, ORG, GPE, GROUP, ...; NULL when no
entity mention has that name). ``actor_id`` is the actor the row belongs to, decided by the
store from all the stored rows (:func:`join_ids`), then by the user's merges
(:mod:`dateline.store.actor_merges`):

1. an id with a Wikidata id is its own actor;
2. a name with a country and no Wikidata id joins the one Wikidata id stored with the same
   name and the same country (or none); with two such ids it stays apart;
3. a one-word name of a person (or of unknown kind) joins the full-name person actor with
   that surname when exactly one full-name person actor of the database has it and its
   country is the short form's (or either is unknown): "Haley" -> Nikki Haley; "Trump" with
   Donald Trump and Melania Trump stored stays "trump"; a person is a name the article's
   entities tag PERSON;
4. a capitalised name without a country or Wikidata id joins the one actor of the same name
   (and kind: person or not) that has one ("Vivek Ramaswamy" without a country ->
   ``vivek-ramaswamy@USA``); with several (two countries) it stays apart; unnamed bodies
   and groups ("police") are never joined;
5. a merge (``dateline actors merge A B``) of the resulting id, or of the name, points it
   at A.

The rule is applied again to the names an ingest brings, so the result does not depend on
the order in which articles were stored: re-ingesting the same articles gives the same ids.
A later article can make a surname ambiguous (a second "X Haley"): the earlier short forms
then go back to their own id -- the rule is "joined while unambiguous" -- and the ingest says
on stderr how many earlier parties it re-pointed. A user merge is never undone by it.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any, Iterable

from ..refdata.actor_ids import (NameRules, actor_id, id_country, is_person, is_wikidata,
                                 load_name_rules)

log = logging.getLogger("dateline.store")

#: an actor's name, country and Wikidata id, as SQL aggregates over its ``event_actors`` rows:
#: what most of its own rows say (rows of its own id: not a surname joined to it, not a
#: merged name), else what most of its rows say
IDENTITY_SQL = ", ".join(
    f"coalesce(mode({col}) FILTER (WHERE own_id = actor_id), mode({col})) AS {alias}"
    for col, alias in (("coalesce(name, text)", "name"), ("country", "country"),
                       ("wikidata", "wikidata")))

#: one stored party as :func:`join_ids` reads it
#: (own_id, name_key, label, country, wikidata, name)
Row = tuple[str, str, "str | None", "str | None", "str | None", "str | None"]


def party_ids(name: str | None, text: str | None, country: str | None,
              wikidata: str | None, label: str | None,
              rules: NameRules | None = None) -> tuple[str, str]:
    """(name_key, own_id) of one party as its article coded it."""
    rules = rules or load_name_rules()
    key = rules.key(name or text or "", is_person(label))
    return key, actor_id(key, country, wikidata) or (text or name or "").strip().lower()


def join_ids(rows: Iterable[Row], rules: NameRules | None = None) -> dict[str, str]:
    """own_id -> the id of the actor it is (rules 1-4 of the module docstring); every own
    id of ``rows`` is a key. Pure: the rows are all that is read."""
    rules = rules or load_name_rules()
    keys: dict[str, set[str]] = defaultdict(set)      # own id -> name keys
    countries: dict[str, set[str]] = defaultdict(set)  # own id -> countries of its rows
    labels: dict[str, set[str | None]] = defaultdict(set)
    named: dict[str, bool] = {}
    by_key: dict[str, set[str]] = defaultdict(set)
    for own, key, label, country, wikidata, name in rows:
        keys[own].add(key)
        if country:
            countries[own].add(country)
        labels[own].add(label)
        named[own] = named.get(own, False) or bool(name and name[:1].isupper())
        by_key[key].add(own)
    final = {own: own for own in keys}
    # 2: a name with a country joins the one Wikidata id of that name and country
    for own in keys:
        c = id_country(own)
        if is_wikidata(own) or c is None:
            continue
        cands = {q for k in keys[own] for q in by_key[k] if is_wikidata(q)
                 and (not countries[q] or c in countries[q])}
        if len(cands) == 1:
            final[own] = cands.pop()
    # 4: a capitalised name without country or Wikidata id joins the one actor of its name
    # and kind (a person or not): full names first (so that their surnames have one actor),
    # one-word names after the surnames
    kind = {own: ("PERSON" if "PERSON" in ls else "other" if any(ls) else None)
            for own, ls in labels.items()}

    def same_name(own: str) -> None:
        if (is_wikidata(own) or id_country(own) or final[own] != own or not named[own]
                or "GROUP" in labels[own]):
            return
        cands = {final[o] for k in keys[own] for o in by_key[k] if o != own
                 and (kind[o] is None or kind[own] is None or kind[o] == kind[own])}
        if len(cands) == 1:
            final[own] = cands.pop()

    for own in keys:
        if any(" " in k for k in keys[own]):
            same_name(own)
    # 3: a surname joins the one full-name person actor that has it
    persons: dict[str, set[str]] = defaultdict(set)  # surname -> actor ids
    actor_countries: dict[str, set[str]] = defaultdict(set)
    for own in keys:
        actor_countries[final[own]] |= countries[own]
        if "PERSON" not in labels[own]:
            continue
        for k in keys[own]:
            s = rules.surname(k)
            if s:
                persons[s].add(final[own])
    for own in keys:
        if is_wikidata(own) or final[own] != own or not all(map(is_person, labels[own])):
            continue
        (key, *more) = keys[own]
        if more or " " in key or len(persons.get(key, ())) != 1:
            continue
        target = next(iter(persons[key]))
        c = id_country(own)
        if c is None or not actor_countries[target] or c in actor_countries[target]:
            final[own] = target
    for own in keys:
        if not any(" " in k for k in keys[own]):
            same_name(own)
    for own in keys:  # a name joined to a short form that itself joined a full name
        seen = {own}
        while final[final[own]] != final[own] and final[own] not in seen:
            seen.add(final[own])
            final[own] = final[final[own]]
    return final


def surnames_of(keys: Iterable[str], rules: NameRules) -> set[str]:
    """The surnames whose joins a row of these name keys can change."""
    out = set()
    for k in keys:
        s = k if k and " " not in k else rules.surname(k)
        if s:
            out.add(s)
    return out


class ActorIds:
    """Mixin of :class:`~dateline.store.database.DuckDBStore`: computing ``actor_id``."""

    con: Any  # and, from ActorMerges, _merge_targets()

    def resolve_actor_ids(self, con: Any, keys: Iterable[str] | None = None,
                          fresh: Iterable[str] = ()) -> int:
        """Recompute ``actor_id`` of the stored rows a change of these name keys can affect
        (None: every row) and the ``"id"`` of their events' parties. ``fresh``: the events
        just stored; returns how many rows of other events changed (also logged)."""
        rules = load_name_rules()
        cols = "own_id, name_key, label, country, wikidata, coalesce(name, text)"
        if keys is None:
            rows = con.execute(f"SELECT {cols} FROM event_actors").fetchall()
        else:
            keys = sorted(set(keys))
            if not keys:
                return 0
            sur = sorted(surnames_of(keys, rules))
            rows = con.execute(
                f"SELECT {cols} FROM event_actors WHERE list_contains(?, name_key) OR "
                "len(list_intersect(string_split(name_key, ' '), ?)) > 0",
                [keys, sur]).fetchall()
        final = join_ids(rows, rules)
        by_id, by_name = self._merge_targets()
        want = {}
        for own, key, *_ in rows:
            ident = final[own]
            want[(own, key)] = by_id.get(ident) or by_name.get(key) or ident
        if not want:
            return 0
        changed = con.execute(
            "SELECT a.event_id, a.role, a.text, w.aid FROM event_actors a JOIN "
            "(SELECT unnest(?) AS own, unnest(?) AS k, unnest(?) AS aid) w "
            "ON a.own_id = w.own AND a.name_key = w.k WHERE a.actor_id IS DISTINCT FROM w.aid",
            [[k[0] for k in want], [k[1] for k in want], list(want.values())]).fetchall()
        if not changed:
            return 0
        con.execute(
            "UPDATE event_actors SET actor_id = w.aid FROM "
            "(SELECT unnest(?) AS own, unnest(?) AS k, unnest(?) AS aid) w "
            "WHERE event_actors.own_id = w.own AND event_actors.name_key = w.k",
            [[k[0] for k in want], [k[1] for k in want], list(want.values())])
        self._write_event_ids(con, {r[0] for r in changed})
        fresh = set(fresh)
        old = sum(1 for r in changed if r[0] not in fresh)
        if old and keys is not None:
            log.warning("actor ids: %d parties of earlier events now belong to another actor "
                        "(a surname joined or no longer unique; docs/actors.md)", old)
        return old

    @staticmethod
    def _write_event_ids(con: Any, event_ids: set[str]) -> None:
        """Copy ``event_actors.actor_id`` into the ``"id"`` of these events' parties."""
        if not event_ids:
            return
        ids: dict[tuple[str, ...], str] = {}  # by text and name, and by text alone
        for ev, role, text, name, aid in con.execute(
                "SELECT event_id, role, text, name, actor_id FROM event_actors WHERE "
                "list_contains(?, event_id)", [sorted(event_ids)]).fetchall():
            ids[(ev, role, text, name)] = aid
            ids.setdefault((ev, role, text), aid)
        for ev_id, actor, recipient in con.execute(
                "SELECT id, actor, recipient FROM events WHERE list_contains(?, id)",
                [sorted(event_ids)]).fetchall():
            new = []
            for value, role in ((actor, "actor"), (recipient, "recipient")):
                parties = json.loads(value or "[]")
                for a in parties:
                    a["id"] = ids.get((ev_id, role, a.get("text"), a.get("name")),
                                      ids.get((ev_id, role, a.get("text")), a.get("id")))
                new.append(json.dumps(parties, ensure_ascii=False))
            con.execute("UPDATE events SET actor = ?, recipient = ? WHERE id = ?",
                        new + [ev_id])

    def fill_actor_ids(self, con: Any) -> None:
        """Migration 6: label, name key and ids of every stored row (the label from the
        article's entity mention of the same name), then the actors of all of them."""
        rules = load_name_rules()
        labels: dict[tuple[str, str], str] = {}
        for art, name, text, label in con.execute(
                "SELECT article_id, name, text, label FROM mentions WHERE kind = 'entity' "
                "AND label IS NOT NULL ORDER BY label = 'PERSON'").fetchall():
            for k in (name, text):
                if k:
                    labels[(art, k.lower())] = label
        rows = con.execute(
            "SELECT a.rowid, e.article_id, a.text, a.name, a.country, a.wikidata, "
            "u.name, u.country, u.wikidata, u.event_id IS NOT NULL FROM event_actors a "
            "JOIN events e ON e.id = a.event_id LEFT JOIN (SELECT DISTINCT ON (event_id, role, "
            "text) * FROM actor_merge_undo) u ON u.event_id = a.event_id AND u.role = a.role "
            "AND u.text IS NOT DISTINCT FROM a.text").fetchall()
        upd = []
        for rid, art, text, name, country, wd, u_name, u_country, u_wd, merged in rows:
            if merged:  # the values before the user's merge are what the article said
                name, country, wd = u_name, u_country, u_wd
            label = (labels.get((art, (name or "").lower()))
                     or labels.get((art, (text or "").lower())))
            key, own = party_ids(name, text, country, wd, label, rules)
            upd.append((rid, label, key, own))
        if upd:
            con.execute(
                "UPDATE event_actors SET label = w.label, name_key = w.k, own_id = w.own, "
                "actor_id = w.own FROM (SELECT unnest(?) AS rid, unnest(?) AS label, "
                "unnest(?) AS k, unnest(?) AS own) w WHERE event_actors.rowid = w.rid",
                [[u[0] for u in upd], [u[1] for u in upd], [u[2] for u in upd],
                 [u[3] for u in upd]])
        for alias, name, country, wd in con.execute(
                "SELECT alias, name, country, wikidata FROM actor_merges").fetchall():
            target = party_ids(name, None, country, wd, "PERSON", rules)[1]
            con.execute("UPDATE actor_merges SET target_id = ? WHERE alias = ?",
                        [target, alias])
        self.resolve_actor_ids(con, None)
        self._write_event_ids(con, {r[0] for r in con.execute(
            "SELECT DISTINCT event_id FROM event_actors").fetchall()})
