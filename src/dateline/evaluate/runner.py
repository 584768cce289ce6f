"""Run the pipeline on gold files' inputs and score them (``dateline evaluate events``)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..config import PipelineConfig
from ..errors import DatelineError
from ..pipeline import Pipeline
from ..sources.files import read_paths
from .gold import FileScore, aggregate, load_gold, score_file


def gold_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_file():
        return [p]
    return sorted(p.rglob("*.gold.json"))


def evaluate_gold_dir(path: str | Path, config: PipelineConfig | None = None, *,
                      verbose: bool = False, echo: Callable[[str], None] = print,
                      pipeline: Pipeline | None = None, strict: bool = False,
                      quiet: bool = False) -> dict:
    """Score every ``*.gold.json`` under ``path``; print per-file lines and the summary line.

    ``strict`` leads with the strict variant (no agreement by country and sector alone);
    ``quiet`` prints the summary line only (for held-out sets, which are scored, never read).
    Returns the JSON report: per-file scores and the micro-averaged totals.
    """
    if quiet:
        verbose = False
    pipe = pipeline or Pipeline(config or PipelineConfig())
    scores: list[FileScore] = []
    errors: list[dict] = []
    for gpath in gold_files(path):
        try:
            gold, input_path = load_gold(gpath)
        except DatelineError as exc:
            errors.append({"gold": str(gpath), "error": str(exc)})
            if not quiet:
                echo(f"{gpath.name}: ERROR {exc}")
            continue
        pred = None
        for res in pipe.run(read_paths([str(input_path)])):
            if res.ok:
                pred = res.document.to_dict()
            else:
                errors.append({"gold": str(gpath), "error": res.reason})
            break
        score = score_file(pred, gold, name=gpath.name, strict=strict)
        scores.append(score)
        if not quiet:
            for line in score.lines(verbose=verbose):
                echo(line)
    if not scores:
        echo(f"no gold files under {path}")
        return {"files": [], "errors": errors}
    agg = aggregate(scores)
    echo(agg.summary_line())
    return {"files": [s.to_dict() for s in scores], "total": agg.to_dict(), "errors": errors}
