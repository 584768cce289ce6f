"""The ``dateline`` command line: ingest, extract, evaluate; events, show and stats live in
:mod:`dateline.cli_query`, the others beside their subsystems."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, List, Optional

import typer

from .cli_options import (CODER_HELP, ExitCode, PlainHelpGroup, build_pipeline as _pipeline,
                          db_option, model_option, pipeline_config as _config,
                          processes_option, stage_option)
from .config import PipelineConfig
from .errors import DatelineError, StoreError

app = typer.Typer(help="dateline: news in, a trustworthy database of political events out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  cls=PlainHelpGroup)


def _register_plugins() -> None:
    """Commands that live beside their subsystems: ``evaluate`` (every subcommand in
    :mod:`dateline.evaluate.cli_evaluate`), the queries, ``serve``, merging."""
    from .evaluate.cli_evaluate import evaluate_app

    from .cli_actors import register as register_actors
    from .cli_merge import register as register_merge
    from .cli_query import register as register_query
    from .web.cli_serve import register as register_serve

    app.add_typer(evaluate_app, name="evaluate")
    register_query(app)
    register_serve(app)
    register_merge(app)
    register_actors(app)

DB_OPT = db_option()
MODEL_OPT = model_option()
CODER_OPT = typer.Option(None, "--coder", metavar="NAME", help=CODER_HELP)
STAGE_OPT = stage_option()
PUB_OPT = typer.Option(None, "--published", metavar="DATE",
                       help="Anchor date YYYY-MM-DD for input that carries no publication date.")


class ExtractFormat(str, Enum):
    """What ``dateline extract`` prints: one JSON object per line, or each indented."""

    jsonl = "jsonl"
    json = "json"


class Engine(str, Enum):
    """Where ``dateline ingest`` runs the pipeline."""

    local = "local"
    dask = "dask"


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _inputs(paths: List[str], cfg: PipelineConfig):
    from .sources.files import read_paths

    return read_paths(paths, max_bytes=cfg.max_bytes)


def _count_files(paths: List[str]) -> int:
    n = 0
    for p in paths:
        path = Path(p)
        if path.is_dir():
            n += sum(1 for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            n += 1
    return n


@app.command()
def ingest(
    paths: List[str] = typer.Argument(
        None, help="Files or folders (read recursively): text, HTML, JSONL, WARC (.warc, .warc.gz)."),
    feed: List[str] = typer.Option([], "--feed", help="RSS/Atom feed URL or file (repeatable); "
                                   "each entry's page is fetched."),
    url: List[str] = typer.Option([], "--url", help="Page URL to fetch (repeatable)."),
    urls: List[str] = typer.Option([], "--urls", help="File of URLs, one per line (repeatable)."),
    cache: Optional[str] = typer.Option(None, "--cache", help="Folder caching fetched pages."),
    rate_limit: float = typer.Option(1.0, "--rate-limit",
                                     help="Minimum seconds between requests to one host."),
    db: str = DB_OPT,
    model: str = MODEL_OPT,
    published: Optional[str] = PUB_OPT,
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="Drop events below this."),
    coder: Optional[str] = CODER_OPT,
    stage: List[str] = STAGE_OPT,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, summary only."),
    engine: Engine = typer.Option(Engine.local, "--engine",
                                  help="local (this machine) or dask (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786); without it a "
        "LocalCluster of --workers processes is started."),
    workers: int = typer.Option(2, "--workers", help="LocalCluster workers (--engine dask)."),
    batch_size: int = typer.Option(32, "--batch-size", help="Texts per spaCy batch."),
    n_process: int = processes_option(),
) -> None:
    """Read articles (text, HTML, JSONL, WARC, feeds, URLs) and store them with events in DuckDB.

    Resumable: killed at any point and rerun with the same arguments, it stores what is missing
    (articles already stored are recognised after cleaning and not parsed again)."""
    from .store import open_store

    paths = paths or []
    if not (paths or feed or url or urls):
        _err("error: give files or folders, --feed, --url or --urls")
        raise typer.Exit(ExitCode.USAGE)
    cfg = _config(model, published, min_confidence, coder, stage)
    if n_process > 1:  # --engine local: the whole pipeline in worker processes (engine.procs)
        cfg.options.setdefault("nlp", {})["n_process"] = n_process
    pipe = _pipeline(cfg) if engine == Engine.local else None
    from .merge.service import MergeState

    merge = MergeState()  # what merging keeps in memory during this ingest
    try:
        # reads (dateline serve) go on between batches; the merge index loads before writing
        local = engine == Engine.local
        store = open_store(db, sessions=local, warm=[merge.warm] if local else [])
    except StoreError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE)
    inputs = _inputs(paths, cfg)
    if feed or url or urls:
        import itertools

        from .sources.network import SourceOptions, ingest_sources

        opts = SourceOptions(max_bytes=cfg.max_bytes, cache_dir=cache, rate_limit=rate_limit)
        inputs = itertools.chain(inputs, ingest_sources(feed, url, urls, [], opts))
    show_bar = not quiet and _count_files(paths) > 3 and sys.stderr.isatty()
    total = _article_total(paths, bool(feed or url or urls)) if show_bar else None
    try:
        with _ingest_progress(show_bar, total) as advance:
            if engine == Engine.dask:
                from .engine.dask import ingest_dask

                stats, reasons = ingest_dask(inputs, cfg, store, scheduler=scheduler,
                                             workers=workers, batch_size=batch_size,
                                             echo_err=_err, progress=advance, merge=merge)
            else:
                from .engine.local import ingest_local

                stats, reasons = ingest_local(pipe, inputs, store, batch_size=batch_size,
                                              echo_err=_err, progress=advance, merge=merge)
    except DatelineError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE)
    finally:
        store.close()
    for origin, reason in reasons:
        _err(f"skipped {origin}: {reason}")
    typer.echo(f"read {stats['read']}, stored {stats['stored']}, duplicates {stats['duplicate']}, "
               f"skipped {stats['skipped']}, events {stats['events']} -> {db}")
    if stats["stored"] + stats["duplicate"] == 0:
        raise typer.Exit(ExitCode.NOTHING)


@app.command()
def watch(
    feeds_file: str = typer.Argument(..., help="File of feed URLs (or feed files), one per line."),
    every: str = typer.Option("15m", "--every", help="Time between polls: 30s, 15m, 2h, 1d."),
    once: bool = typer.Option(False, "--once", help="Poll once and exit."),
    db: str = DB_OPT,
    cache: Optional[str] = typer.Option(None, "--cache", help="Fetch cache folder "
                                        "(default: DB.cache beside the database)."),
    rate_limit: float = typer.Option(1.0, "--rate-limit",
                                     help="Minimum seconds between requests to one host."),
    model: str = MODEL_OPT,
) -> None:
    """Poll RSS/Atom feeds every --every and ingest only new articles (survives restarts)."""
    from .sources.network import SourceOptions
    from .watch import parse_interval, watch as run_watch

    try:
        seconds = parse_interval(every)
    except DatelineError as exc:
        raise typer.BadParameter(str(exc))
    cfg = _config(model, None)
    pipe = _pipeline(cfg)
    opts = SourceOptions(max_bytes=cfg.max_bytes, cache_dir=cache or f"{db}.cache",
                         rate_limit=rate_limit)
    try:
        run_watch(feeds_file, db, pipe, opts, seconds, cycles=1 if once else None, echo=typer.echo)
    except DatelineError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE)
    except KeyboardInterrupt:
        _err("stopped")


#: Inputs that hold several articles each: with one of them the total is unknown.
_MULTI_ARTICLE = (".jsonl", ".jsonl.gz", ".ndjson", ".warc", ".warc.gz", ".arc", ".arc.gz")


def _article_total(paths: List[str], networked: bool) -> int | None:
    """How many articles the inputs hold when that is known before reading them (one per
    file); None for feeds, URLs, JSON lines or WARC archives."""
    if networked:
        return None
    files = []
    for p in paths:
        path = Path(p)
        files += ([f for f in path.rglob("*") if f.is_file() and not f.name.startswith(".")]
                  if path.is_dir() else [path])
    if any(f.name.lower().endswith(_MULTI_ARTICLE) for f in files):
        return None
    return len(files)


@contextmanager
def _ingest_progress(show: bool, total: int | None = None, console: Any = None):
    """A transient progress bar on stderr (or nothing) with the articles done (of the total,
    when known), the rate and the time left; yields the function that advances it."""
    if not show:
        yield None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    columns = [TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn(
        "articles · {task.fields[rate]}/s"), TimeElapsedColumn()]
    if total:
        columns += [TextColumn("· ETA"), TimeRemainingColumn()]
    with Progress(*columns, transient=True, console=console) as bar:
        task = bar.add_task("ingesting", total=total, rate="…")

        def advance() -> None:
            bar.advance(task)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.1f}" if speed else "…")

        yield advance


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Files or folders (read recursively)."),
    format: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f",
                                         help="jsonl (one object per line) or json (indented)."),
    model: str = MODEL_OPT,
    published: Optional[str] = PUB_OPT,
    min_confidence: float = typer.Option(0.0, "--min-confidence",
                                         help="Drop events less confident than this (0-1)."),
    coder: Optional[str] = CODER_OPT,
    stage: List[str] = STAGE_OPT,
    n_process: int = processes_option(),
) -> None:
    """Print one JSON object per article, in input order (its text, entities, dates, places
    and events, as described in the README under "Output of dateline extract"); touches no
    database."""
    cfg = _config(model, published, min_confidence, coder, stage)
    pipe = _pipeline(cfg)
    n_ok = 0

    def show(results: List) -> None:
        nonlocal n_ok
        for res in results:
            if not res.ok:
                _err(f"skipped {res.origin}: {res.reason}")
                continue
            n_ok += 1
            obj = res.document.to_dict()
            indent = 2 if format == ExtractFormat.json else None
            typer.echo(json.dumps(obj, ensure_ascii=False, indent=indent))

    inputs = _inputs(paths, cfg)
    if n_process > 1:  # the ingest's worker processes (engine.procs), results in input order
        from .engine.procs import run_processes

        try:
            run_processes(pipe, inputs, show, processes=n_process)
        except DatelineError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(ExitCode.USAGE)
    else:
        for res in pipe.run(inputs):
            show([res])
    if n_ok == 0:
        raise typer.Exit(ExitCode.NOTHING)


@app.command()
def stages() -> None:
    """List the registered implementations of each pipeline stage."""
    from .config import STAGE_ORDER
    from .registry import registry

    for kind in STAGE_ORDER:
        names = registry.names(kind)
        typer.echo(f"{kind}: {', '.join(names)}")


_register_plugins()


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
