"""How many people the bundled actor tables hold, by country and by role (issue 15); with
``--db``, how many actor rows each real party of a database has.

Run: python scripts/actor_stats.py [--top N] [--db dateline.duckdb [--parties 50] [-v]]

Parties (``--db``): the rows of the actors list (one per canonical actor id since schema
version 6, as ``dateline actors list`` and the UI show them; before, one per name, country and
sector) grouped into real parties by a rule that does not use the ids, then checked by reading
(``-v`` prints each party's rows): rows with the same Wikidata id or the same name (any case)
are one party when their countries agree (or one has none); a one-word name without a sector
(its most frequent one) joins the one multi-word name of the database it ends ("Haley" ->
"Nikki Haley"); unnamed bodies and groups (lower-case names: "police", "officials") are one
party per country. Also: the share of actors (list rows) with a country, and of stored party
rows (``event_actors``) with one. A database older than schema version 6 is read as a copy
migrated in a temporary directory (the file itself is not changed).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from dateline.refdata.actors import load_actor_table, people_counts  # noqa: E402


def parties(rows: list[dict]) -> list[list[dict]]:
    """Actor-list rows grouped into real parties (see the module docstring), most events
    first."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def key(r: dict) -> tuple:
        if r["name"][:1].islower():
            return ("group", r["name"].lower(), r["country"])
        return ("name", r["name"].lower())

    first: dict[tuple, int] = {}
    for i, r in enumerate(rows):
        for k in [key(r)] + ([("q", r["wikidata"])] if r["wikidata"] else []):
            j = first.setdefault(k, i)
            a, b = rows[i]["country"], rows[j]["country"]
            if j != i and (a == b or a is None or b is None):
                parent[find(i)] = find(j)
    ends: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(rows):
        words = r["name"].split()
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            ends[words[-1].lower()].add(find(i))
    for i, r in enumerate(rows):
        words = r["name"].split()
        if len(words) == 1 and r["sector"] is None and len(ends.get(words[0].lower(), ())) == 1:
            parent[find(i)] = find(next(iter(ends[words[0].lower()])))
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[find(i)].append(r)
    return sorted(groups.values(), key=lambda g: -sum(r["events"] for r in g))


def _current(path: str, tmp: str) -> str:
    """``path``, or a migrated copy of it in ``tmp`` when its schema is older."""
    import shutil

    import duckdb

    from dateline.store import SCHEMA_VERSION, open_store

    con = duckdb.connect(path, read_only=True)
    version = int(con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                              ).fetchone()[0])
    con.close()
    if version >= SCHEMA_VERSION:
        return path
    copy = str(Path(tmp) / "copy.duckdb")
    shutil.copyfile(path, copy)
    open_store(copy).close()
    return copy


def db_report(path: str, top: int, verbose: bool) -> None:
    import tempfile

    import duckdb

    from dateline.web.queries import actors

    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(_current(path, tmp), read_only=True)
        rows, _total = actors(con, limit=1_000_000)
        stored, placed = con.execute("SELECT count(*), count(country) FROM event_actors"
                                     ).fetchone()
        homed = {r["id"] for r in rows if r["country"]}
        via_actor = sum(1 for (aid,) in con.execute("SELECT actor_id FROM event_actors"
                                                    ).fetchall() if aid in homed)
        con.close()
    with_country = sum(1 for r in rows if r["country"])
    print(f"actors (rows of the actors list): {len(rows)}; with a country: {with_country} "
          f"({with_country / max(1, len(rows)):.3f}); party rows stored: {stored}, with a "
          f"country: {placed} ({placed / max(1, stored):.3f}), whose actor has one: {via_actor} "
          f"({via_actor / max(1, stored):.3f})")
    best = parties(rows)[:top]
    sizes = Counter(len(g) for g in best)
    print(f"the {len(best)} parties with most events: rows per party "
          + ", ".join(f"{n} row{'s' if n > 1 else ''}: {c}" for n, c in sorted(sizes.items()))
          + f"; mean {sum(len(g) for g in best) / max(1, len(best)):.2f}")
    if verbose:
        for g in best:
            print(f"  {sum(r['events'] for r in g):4d} events, {len(g)} rows: " + " | ".join(
                f"{r['name']}/{r['country'] or '-'}/{r['sector'] or '-'}/{r['events']}"
                for r in g))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=10, help="countries to list (default 10)")
    ap.add_argument("--db", help="a dateline database: actor rows per real party")
    ap.add_argument("--parties", type=int, default=50, help="parties to count (default 50)")
    ap.add_argument("-v", "--verbose", action="store_true", help="each party's rows")
    args = ap.parse_args(argv)
    if args.db:
        db_report(args.db, args.parties, args.verbose)
        return 0
    table = load_actor_table()
    counts = people_counts(table.people)
    print(f"people: {len(table.people)} ({', '.join(f'{k} {v}' for k, v in counts['source'].most_common())})")
    print(f"by country (nationality), top {args.top}:")
    for iso, n in counts["country"].most_common(args.top):
        print(f"  {iso}  {n}")
    print("by sector of their roles:")
    for sec, n in counts["sector"].most_common():
        print(f"  {sec}  {n}")
    print("by kind of role:")
    for kind, n in counts["kind"].most_common():
        print(f"  {kind}  {n}")
    for source in ("wikidata", "phoenix"):
        sub = people_counts(p for p in table.people if bool(p.qid) == (source == "wikidata"))
        top = ", ".join(f"{k} {v}" for k, v in sub["country"].most_common(args.top))
        print(f"{source}: top {args.top} countries: {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
