"""The ``dateline`` command line: ingest, extract, evaluate; events, show and stats live in
:mod:`dateline.cli_query`, the others beside their subsystems."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_options import CODER_HELP, db_option, ExitCode, model_option
from .config import PipelineConfig
from .errors import DatelineError, StoreError

app = typer.Typer(help="dateline: news in, a trustworthy database of political events out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
evaluate_app = typer.Typer(help="Score dateline against gold data.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


def _register_plugins() -> None:
    """Commands that live beside their subsystems (evaluation of each stage)."""
    from .evaluate.cli_eval import register as register_quality
    from .evaluate.cli_nlp_eval import register as register_nlp_quality

    from .cli_actors import register as register_actors
    from .cli_merge import register as register_merge
    from .cli_query import register as register_query
    from .web.cli_serve import register as register_serve

    register_quality(evaluate_app)
    register_nlp_quality(evaluate_app)
    register_query(app)
    register_serve(app)
    register_merge(app)
    register_actors(app)

DB_OPT = db_option()
MODEL_OPT = model_option()
CODER_OPT = typer.Option(None, "--coder", help=CODER_HELP)
PUB_OPT = typer.Option(None, "--published",
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


def _config(model: str, published: Optional[str], min_confidence: float = 0.0,
            coder: Optional[str] = None) -> PipelineConfig:
    if coder not in (None, "learned", "rules"):
        raise typer.BadParameter(f"--coder must be learned or rules, got {coder!r}")
    if published is not None:
        from datetime import date

        try:
            date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(f"--published must be YYYY-MM-DD, got {published!r}")
    cfg = PipelineConfig(spacy_model=model, published=published, min_confidence=min_confidence)
    if coder:
        cfg.stages["events"] = coder
    return cfg


def _pipeline(cfg: PipelineConfig):
    from .pipeline import Pipeline

    try:
        return Pipeline(cfg)
    except DatelineError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE)


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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, summary only."),
    engine: Engine = typer.Option(Engine.local, "--engine",
                                  help="local (this machine) or dask (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786); without it a "
        "LocalCluster of --workers processes is started."),
    workers: int = typer.Option(2, "--workers", help="LocalCluster workers (--engine dask)."),
    batch_size: int = typer.Option(32, "--batch-size", help="Texts per spaCy batch."),
    n_process: int = typer.Option(1, "--n-process",
                                  help="Worker processes running the whole pipeline (--engine local)."),
) -> None:
    """Read articles (text, HTML, JSONL, WARC, feeds, URLs) and store them with events in DuckDB.

    Resumable: killed at any point and rerun with the same arguments, it stores what is missing
    (articles already stored are recognised after cleaning and not parsed again)."""
    from .store import open_store

    paths = paths or []
    if not (paths or feed or url or urls):
        _err("error: give files or folders, --feed, --url or --urls")
        raise typer.Exit(ExitCode.USAGE)
    cfg = _config(model, published, min_confidence, coder)
    if n_process > 1:
        cfg.options.setdefault("nlp", {})["n_process"] = n_process
    pipe = _pipeline(cfg) if engine == Engine.local else None
    try:
        # reads (dateline serve) go on between batches; the merge index loads before writing
        local = engine == Engine.local
        store = open_store(db, sessions=local, warm=[_warm_merger] if local else [])
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
    try:
        with _ingest_progress(show_bar) as advance:
            if engine == Engine.dask:
                from .engine.dask import ingest_dask

                stats, reasons = ingest_dask(inputs, cfg, store, scheduler=scheduler,
                                             workers=workers, batch_size=batch_size,
                                             echo_err=_err, progress=advance)
            else:
                from .engine.local import ingest_local

                stats, reasons = ingest_local(pipe, inputs, store, batch_size=batch_size,
                                              echo_err=_err, progress=advance)
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


def _warm_merger(store) -> None:
    """Build the store's merge index now (on a read-only snapshot) rather than in the first
    write session, where it would hold the web server's reads up."""
    from .merge.service import Merger

    store._dateline_merger = Merger(store)


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


@contextmanager
def _ingest_progress(show: bool):
    """A transient progress bar on stderr (or nothing); yields the function that advances it."""
    if not show:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("ingesting", total=None)
        yield lambda: bar.advance(task)


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
) -> None:
    """Print one JSON object per article (its text, entities, dates, places and events, as
    described in the README under "Output of dateline extract"); touches no database."""
    cfg = _config(model, published, min_confidence, coder)
    pipe = _pipeline(cfg)
    n_ok = n = 0
    for res in pipe.run(_inputs(paths, cfg)):
        n += 1
        if not res.ok:
            _err(f"skipped {res.origin}: {res.reason}")
            continue
        n_ok += 1
        obj = res.document.to_dict()
        if format == ExtractFormat.json:
            typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))
        else:
            typer.echo(json.dumps(obj, ensure_ascii=False))
    if n_ok == 0:
        raise typer.Exit(ExitCode.NOTHING)


@evaluate_app.command("events")
def evaluate_events(
    gold_dir: str = typer.Argument(..., help="Folder of *.gold.json files (or one file)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-event detail."),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Print the summary line only (for held-out gold sets)."),
    strict: bool = typer.Option(False, "--strict", help="Lead with the strict variant: parties "
                                "never agree by country and sector alone."),
    out: Optional[str] = typer.Option(None, "--out", help="Write a JSON report here."),
    model: str = MODEL_OPT,
    coder: Optional[str] = CODER_OPT,
) -> None:
    """Run the pipeline on each gold file's input and score it against the gold events."""
    from .evaluate.runner import evaluate_gold_dir

    report = evaluate_gold_dir(gold_dir, _config(model, None, 0.0, coder), verbose=verbose,
                               echo=typer.echo, strict=strict, quiet=quiet)
    if out:
        Path(out).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    if not report.get("files"):
        raise typer.Exit(ExitCode.NOTHING)


@evaluate_app.command("agreement")
def evaluate_agreement(
    dir_a: str = typer.Argument(..., help="Folder of *.gold.json files: the first annotation."),
    dir_b: str = typer.Argument(..., help="Folder of the second annotation of the same pages."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-page F1 both ways."),
    out: Optional[str] = typer.Option(None, "--out", help="Write a JSON report here."),
) -> None:
    """Agreement of two annotations: the mean of the F1 of each scored against the other."""
    from .evaluate.agreement import agreement_dirs

    report = agreement_dirs(dir_a, dir_b, verbose=verbose, echo=typer.echo)
    if out:
        Path(out).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    if not report["pages"]:
        typer.echo("no page annotated in both folders", err=True)
        raise typer.Exit(ExitCode.NOTHING)


@evaluate_app.command("sentences")
def evaluate_sentences(
    file: str = typer.Argument(..., help="plover_gsr.jsonl, a conflibert_*.jsonl file or "
                                         "cameo_conflibert_annotations.jsonl."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N sentences."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-class F1 and mistakes."),
    out: Optional[str] = typer.Option(None, "--out", help="Write a JSON report here."),
    model: str = MODEL_OPT,
    coder: Optional[str] = CODER_OPT,
) -> None:
    """Score event typing on a sentence set: PLOVER types and the five quad classes."""
    from .evaluate import sentences as S

    name = Path(file).name
    if S.is_multicoder_file(file):  # the multi-coder CAMEO-root set: vs the coders' agreement
        S.run_multicoder_cli(file, _pipeline(_config(model, None, 0.0, coder)), limit=limit,
                             verbose=verbose, out=out, echo=typer.echo)
        return
    if "plover" in name:
        items, skipped = S.read_plover_gsr(file)
    else:
        items, skipped = S.read_conflibert(file)
    if limit:
        items = items[:limit]
    sentence_coder = S.pipeline_coder(_pipeline(_config(model, None, 0.0, coder)),
                                      published="2000-01-01")
    score = S.score_sentences(items, sentence_coder, skipped)
    if verbose:
        for label, ls in (("type", score.types), ("penta", score.penta)):
            for cls, f1 in sorted(ls.per_class_f1().items()):
                typer.echo(f"{label} {cls}: f1={f1:.3f} n={sum(ls.confusion[cls].values())}")
        for m in score.mistakes:
            typer.echo(f"MISS {m['id']} gold={m['gold']} pred={m['pred']}: {m['text'][:120]}")
    typer.echo(score.summary_line())
    if out:
        Path(out).write_text(json.dumps(score.to_dict(), indent=2, default=str), encoding="utf-8")


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
