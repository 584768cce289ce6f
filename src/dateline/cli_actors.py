"""``dateline actors list | merge A B | merges | unmerge B``: the stored actors, and the merges
a user makes when two stored actors are one real party (see
:mod:`dateline.store.actor_merges`)."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer

from .cli_options import ExitCode, PlainHelpGroup, db_option
from .errors import StoreError

actors_app = typer.Typer(help="Stored actors; merge two names of one party, list or undo merges.",
                         no_args_is_help=True, cls=PlainHelpGroup)


def _open(db: str, read_only: bool = False):  # noqa: ANN202 - a DuckDBStore
    from .store import open_store

    try:
        return open_store(db, read_only=read_only)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(ExitCode.USAGE)


@actors_app.command("list")
def list_cmd(
    q: Optional[str] = typer.Option(None, "--q", help="Name contains (any case)."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many actors."),
    db: str = db_option(),
) -> None:
    """Stored actors, one row per canonical actor, most events first (tab-separated):
    events, name, country, the sectors it held with their events ("GOV 3, - 1": 1 event
    without a sector), Wikidata id, actor id (what `merge` and the actor page accept)."""
    from .web.queries import actors

    rows, _total = _read(db, lambda store: actors(store.con, q=q, limit=limit))
    _some(rows, "no actors")
    for r in rows:
        sectors = ", ".join(f"{s['sector'] or '-'} {s['events']}" for s in r["sectors"])
        typer.echo(f"{r['events']}\t{r['name']}\t{r['country'] or '-'}\t{sectors}\t"
                   f"{r['wikidata'] or '-'}\t{r['id']}")


@actors_app.command("merge")
def merge_cmd(
    into: str = typer.Argument(..., help="A: the actor to keep: its id or name, as the actors "
                                         "list shows them."),
    alias: str = typer.Argument(..., help="B: the actor (id or name) that is the same party as "
                                          "A; a name not stored yet catches later ingests."),
    db: str = db_option(),
) -> None:
    """Merge actor B into A: B's stored events now and those of later ingests carry A's
    id, name, country and Wikidata id (each event keeps its own sector)."""
    store = _open(db)
    try:
        m = store.merge_actors(into, alias)
        merged = store.merge_counts()["merged_events"]
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    finally:
        store.close()
    typer.echo(f"{m['alias']} -> {m['name']} ({m['country'] or '-'}"
               f"{', ' + m['wikidata'] if m['wikidata'] else ''}): {m['rows']} actor rows")
    _remerge_note(merged)


def _remerge_note(merged_events: int) -> None:
    """Say on stderr that stored merged events keep their grouping until `dateline merge`."""
    if merged_events:
        typer.echo(f"note: the {merged_events} stored merged events keep their grouping; "
                   "run `dateline merge` to re-merge them by the new actor ids (new reports "
                   "are merged by them already)", err=True)


@actors_app.command("merges")
def merges_cmd(
    db: str = db_option(),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per merge."),
) -> None:
    """List the actor merges (merged name -> actor, rows changed, when)."""
    rows = _read(db, lambda store: store.actor_merges())
    _some(rows, "no actor merges")
    for m in rows:
        if as_json:
            typer.echo(json.dumps(m, ensure_ascii=False))
        else:
            typer.echo(f"{m['alias']} -> {m['name']} ({m['country'] or '-'}) "
                       f"{m['rows']} rows, {m['at']}")


@actors_app.command("unmerge")
def unmerge_cmd(
    alias: str = typer.Argument(..., help="B: a name merged with `dateline actors merge`."),
    db: str = db_option(),
) -> None:
    """Undo the merge of B: its events get back the actor they had before."""
    store = _open(db)
    try:
        m = store.unmerge_actor(alias)
        merged = store.merge_counts()["merged_events"]
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    finally:
        store.close()
    typer.echo(f"{m['alias']} no longer merged into {m['name']}: {m['rows']} actor rows restored")
    _remerge_note(merged)


def _read(db: str, what: Any) -> Any:
    """``what(store)`` on the database opened for reading (upgraded first when its schema is
    older: the list reads the actor ids of schema version 6), closed after."""
    from .store import upgrade

    try:
        upgrade(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    store = _open(db, read_only=True)
    try:
        return what(store)
    finally:
        store.close()


def _some(rows: list, nothing: str) -> None:
    """Exit 1 with ``nothing`` on stderr when there are no rows to show."""
    if not rows:
        typer.echo(nothing, err=True)
        raise typer.Exit(ExitCode.NOTHING)


def register(app: typer.Typer) -> None:
    """Add the ``actors`` group to the ``dateline`` Typer app."""
    app.add_typer(actors_app, name="actors")
