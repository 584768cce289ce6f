"""``dateline evaluate extraction`` and ``dateline evaluate metadata``.

:func:`register` adds both commands to the ``dateline evaluate`` Typer group (``cli.py`` calls
it). Each prints per-item detail with ``-v``, ends with one line of ``name=value`` pairs, and
writes the full JSON report with ``--out``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ..cli_options import ExitCode


def _write(out: Optional[str], report: dict) -> None:
    if out:
        Path(out).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str),
                             encoding="utf-8")


def _check_dir(path: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        typer.echo(f"not a folder: {path}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    return p


def register(evaluate_app: typer.Typer) -> None:
    """Add the ``extraction`` and ``metadata`` commands to ``evaluate_app``."""

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
        from ..config import PipelineConfig
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
        _write(out, report.to_dict())

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
        _write(out, report.to_dict())
