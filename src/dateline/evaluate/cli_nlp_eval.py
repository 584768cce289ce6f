"""``dateline evaluate timex | geo | ner``: the component evaluations as CLI commands.

:func:`register` adds the three commands to the ``evaluate`` Typer group (cli.py calls it).
Each command prints per-item detail with ``-v``, ends with one line of ``name=value`` pairs
and writes the full JSON report with ``--out``. The stages are built straight from the
registry (the configured implementation of each kind), so no clean stage and no full pipeline
is needed: the corpora are already plain text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from ..cli_options import DEFAULT_MODEL, ExitCode
from ..config import PipelineConfig
from ..model import Document



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


def _write(out: Optional[str], report: dict) -> None:
    if out:
        Path(out).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


def register(evaluate_app: typer.Typer) -> None:
    """Add the ``timex``, ``geo`` and ``ner`` commands to the ``evaluate`` group."""

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
