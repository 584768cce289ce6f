"""``dateline evaluate``: the Typer group and every one of its commands.

``events``, ``agreement`` and ``sentences`` score the event coder; ``extraction`` and
``metadata`` the cleaner; ``timex``, ``geo`` and ``ner`` the dates, places and entities
stages. Each command prints per-item detail with ``-v``, ends with one line of
``name=value`` pairs and writes the full JSON report with ``--out``; the scoring itself lives
in the module of each (:mod:`.runner`, :mod:`.agreement`, :mod:`.sentences`,
:mod:`.extraction`, :mod:`.metadata`, :mod:`.timex_eval`, :mod:`.geo_eval`,
:mod:`.ner_eval`). The component commands build their stages straight from the registry
(:func:`stage_chain`): the corpora are already plain text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from ..cli_options import (CODER_HELP, DEFAULT_MODEL, ExitCode, PlainHelpGroup, build_pipeline,
                           model_option, pipeline_config)
from ..config import PipelineConfig
from ..model import Document

evaluate_app = typer.Typer(help="Score dateline against gold data.", no_args_is_help=True,
                           cls=PlainHelpGroup)
MODEL_OPT = model_option()
CODER_OPT = typer.Option(None, "--coder", metavar="NAME", help=CODER_HELP)


def _write(out: Optional[str], report: dict, **dump: Any) -> None:
    """Write the JSON report to ``out`` (when given)."""
    if out:
        Path(out).write_text(json.dumps(report, **({"indent": 2} | dump), default=str),
                             encoding="utf-8")


def _check_dir(path: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        typer.echo(f"not a folder: {path}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    return p


def stage_chain(kinds: tuple[str, ...], model: str = DEFAULT_MODEL,
                options: Optional[dict[str, dict]] = None
                ) -> tuple[Callable[[Document], Document], Any]:
    """(process, resources): the configured stages of ``kinds`` run in order on a Document."""
    from ..pipeline import Resources
    from ..registry import registry

    cfg = PipelineConfig(spacy_model=model)
    for kind, opts in (options or {}).items():
        cfg.options.setdefault(kind, {}).update(opts)
    res = Resources(cfg)
    fns = [registry.get(k, cfg.stages[k]).factory(cfg.stage_options(k), res) for k in kinds]

    def process(doc: Document) -> Document:
        for fn in fns:
            doc = fn(doc)
        return doc

    return process, res


# -- the event coder -------------------------------------------------------------------------
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
    from .runner import evaluate_gold_dir

    report = evaluate_gold_dir(gold_dir, pipeline_config(model, None, 0.0, coder),
                               verbose=verbose, echo=typer.echo, strict=strict, quiet=quiet)
    _write(out, report)
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
    from .agreement import agreement_dirs

    report = agreement_dirs(dir_a, dir_b, verbose=verbose, echo=typer.echo)
    _write(out, report)
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
    from . import sentences as S

    name = Path(file).name
    if S.is_multicoder_file(file):  # the multi-coder CAMEO-root set: vs the coders' agreement
        S.run_multicoder_cli(file, build_pipeline(pipeline_config(model, None, 0.0, coder)),
                             limit=limit, verbose=verbose, out=out, echo=typer.echo)
        return
    if "plover" in name:
        items, skipped = S.read_plover_gsr(file)
    else:
        items, skipped = S.read_conflibert(file)
    if limit:
        items = items[:limit]
    sentence_coder = S.pipeline_coder(build_pipeline(pipeline_config(model, None, 0.0, coder)),
                                      published="2000-01-01")
    score = S.score_sentences(items, sentence_coder, skipped)
    if verbose:
        for label, ls in (("type", score.types), ("penta", score.penta)):
            for cls, f1 in sorted(ls.per_class_f1().items()):
                typer.echo(f"{label} {cls}: f1={f1:.3f} n={sum(ls.confusion[cls].values())}")
        for m in score.mistakes:
            typer.echo(f"MISS {m['id']} gold={m['gold']} pred={m['pred']}: {m['text'][:120]}")
    typer.echo(score.summary_line())
    _write(out, score.to_dict())


# -- the cleaner ----------------------------------------------------------------------------
@evaluate_app.command("extraction")
def evaluate_extraction_cmd(
    folder: str = typer.Argument(..., help="article-extraction-benchmark folder "
                                           "(ground-truth.json, html/, output/)."),
    systems: str = typer.Option("dateline,trafilatura,readability", "--systems",
                                help="Live extractors to run, comma-separated."),
    limit: Optional[int] = typer.Option(None, "--limit",
                                        help="Only the first N pages (sorted ids)."),
    stored: bool = typer.Option(True, "--stored/--no-stored",
                                help="Also score the stored output/*.json predictions."),
    favor_precision: bool = typer.Option(False, "--favor-precision",
                                         help="dateline with html_favor_precision=True."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-page detail."),
    out: Optional[str] = typer.Option(None, "--out", help="Write the JSON report here."),
) -> None:
    """Article-body extraction vs the benchmark's ground truth (shingle P/R/F1)."""
    from .extraction import default_extractors, dateline_extractor, evaluate_extraction

    base = _check_dir(folder)
    if not (base / "ground-truth.json").exists():
        typer.echo(f"no ground-truth.json in {folder}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    names = [s.strip() for s in systems.split(",") if s.strip()]
    unknown = set(names) - {"dateline", "trafilatura", "readability"}
    if unknown:
        raise typer.BadParameter(f"unknown systems: {', '.join(sorted(unknown))}")
    extractors = default_extractors([n for n in names if n != "dateline"])
    if "dateline" in names:
        cfg = PipelineConfig(options={"clean": {"html_favor_precision": favor_precision}})
        extractors = {"dateline": dateline_extractor(cfg), **extractors}
    skipped = [n for n in names if n not in extractors]
    if skipped:
        typer.echo(f"not installed, skipped: {', '.join(skipped)}", err=True)
    report = evaluate_extraction(base, extractors, limit=limit, stored=stored,
                                 verbose=verbose, echo=typer.echo)
    _write(out, report.to_dict(), ensure_ascii=False, indent=1)


@evaluate_app.command("metadata")
def evaluate_metadata_cmd(
    folders: List[str] = typer.Argument(..., help="trafilatura-eval and/or htmldate-eval "
                                                  "folders."),
    limit: Optional[int] = typer.Option(None, "--limit",
                                        help="Only the first N items of each folder."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-page detail."),
    out: Optional[str] = typer.Option(None, "--out", help="Write the JSON report here."),
) -> None:
    """Title (exact, normalised) and publication date (same day) vs gold metadata."""
    from .metadata import evaluate_metadata

    dirs = [_check_dir(f) for f in folders]
    report = evaluate_metadata(dirs, limit=limit, verbose=verbose, echo=typer.echo)
    if not report.items:
        typer.echo("no gold items found", err=True)
        raise typer.Exit(ExitCode.NOTHING)
    _write(out, report.to_dict(), ensure_ascii=False, indent=1)


# -- the dates, places and entities stages ----------------------------------------------------
@evaluate_app.command("timex")
def evaluate_timex_cmd(
    directory: str = typer.Argument(..., help="Folder of TimeML .tml files (recursive)."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N files."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline",
                                  help="Also score dateparser's search_dates."),
    parse: bool = typer.Option(False, "--parse",
                               help="Read clause tense from a spaCy parse (as the stage)."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Every miss, false alarm and wrong value."),
    out: Optional[str] = typer.Option(None, "--out", help="Write a JSON report here."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy model for --parse."),
) -> None:
    """TempEval-3 extent and value scores of the dates finder (DATE timexes)."""
    from . import timex_eval as T

    nlp = None
    if parse:
        import spacy

        nlp = spacy.load(model)
    report = T.evaluate_timex(directory, limit, baseline, keep_errors=verbose, nlp=nlp)
    if not report["docs"]:
        typer.echo(f"no .tml files under {directory}", err=True)
        raise typer.Exit(ExitCode.NOTHING)
    if verbose:
        for e in report.get("dateline_errors", []):
            typer.echo(f"{e['kind']:8} {e['doc']}: gold={e.get('gold', '')!r} "
                       f"({e.get('gold_value', '')}) pred={e.get('pred', '')!r} "
                       f"({e.get('pred_value', '')})")
        for name in ("dateline", "dateline_surface", "dateparser"):
            if name in report:
                typer.echo(f"{name}: {report[name]}")
    _write(out, report)
    typer.echo(T.summary_line(report))


@evaluate_app.command("geo")
def evaluate_geo_cmd(
    file: str = typer.Argument(..., help="lgl.xml, GWN.xml or GeoVirus.xml."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N articles."),
    end_to_end: bool = typer.Option(True, "--e2e/--no-e2e",
                                    help="Also run nlp + entities + places on the text."),
    min_city_population: int = typer.Option(1000, help="Gazetteer size (1000 = the stage default, 5000, 15000)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Every toponym off by > 161 km."),
    out: Optional[str] = typer.Option(None, "--out", help="Write a JSON report here."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy model for --e2e."),
    literal_only: bool = typer.Option(
        False, "--literal-only",
        help="Score literal toponyms only (GeoWebNews Literal, Mixed, Literal_Modifier, "
             "Embedded_Literal; LGL/GeoVirus without nationality words)."),
) -> None:
    """Geocoding accuracy given gold toponyms, and end to end, vs a most-populous baseline."""
    from ..stages.places import gazetteer
    from . import geo_eval as G

    opts = {"places": {"min_city_population": min_city_population}}
    if end_to_end:
        process, res = stage_chain(("nlp", "entities", "places"), model, opts)
    else:
        from ..pipeline import Resources

        process, res = None, Resources(PipelineConfig(spacy_model=model))
    gaz = gazetteer(res, min_city_population)
    report = G.evaluate_geo(file, gaz, limit, process, verbose, literal_only)
    if not report["toponyms"]:
        typer.echo(f"no toponyms with coordinates in {file}", err=True)
        raise typer.Exit(ExitCode.NOTHING)
    if verbose:
        for e in report.get("errors", []):
            typer.echo(f"{e['error_km']:>9.1f} km  {e['toponym']!r} -> {e['pred']} "
                       f"{e['pred_country'] or ''}  [{e['class']}] ({e['article']})")
        for cls, n in report["error_classes"].items():
            typer.echo(f"class {n:5d}  {cls}")
    _write(out, report)
    typer.echo(G.summary_line(report))


@evaluate_app.command("ner")
def evaluate_ner_cmd(
    directory: str = typer.Argument(..., help="The re3d folder (or one source folder)."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N documents."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Per-type scores and every miss."),
    out: Optional[str] = typer.Option(None, "--out", help="Write a JSON report here."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy model."),
) -> None:
    """Entity span P/R/F1 per type: the entities stage vs spaCy alone."""
    from . import ner_eval as N

    docs = N.read_re3d(directory, limit)
    if not docs:
        typer.echo(f"no re3d documents under {directory}", err=True)
        raise typer.Exit(ExitCode.NOTHING)
    process, _ = stage_chain(("nlp", "entities"), model)
    report = N.evaluate_ner(docs, process, keep_errors=verbose)
    if verbose:
        for e in report.get("dateline_errors", []):
            typer.echo(f"{e['kind']:8} {e['type']:12} {e['text']!r} ({e['doc']})")
        for name in ("dateline", "spacy", "dateline_named", "spacy_named"):
            for t, v in report[name].items():
                if isinstance(v, dict):
                    typer.echo(f"{name:15} {t:12} p={v['p']} r={v['r']} f1={v['f1']} "
                               f"overlap_f1={v['overlap_f1']} gold={v['gold']} pred={v['pred']}")
    _write(out, report)
    typer.echo(N.summary_line(report))
