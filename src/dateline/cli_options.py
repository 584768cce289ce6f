"""What every ``dateline`` command shares: the common options, written once, and the exit
codes.

Exit codes (the same for every command):

====  ==========================================================================================
0     done
1     nothing to show or store: no article could be ingested, no gold file, no such id, no
      visits, no stories
2     the command cannot run as asked: a bad option or value (refused with a one-line reason),
      a missing file or folder, a locked or missing database, a missing dependency
====  ==========================================================================================
"""

from __future__ import annotations

import os
from enum import IntEnum
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from .config import PipelineConfig


class ExitCode(IntEnum):
    OK = 0
    NOTHING = 1
    USAGE = 2


DEFAULT_DB = "dateline.duckdb"
DEFAULT_MODEL = PipelineConfig().spacy_model
#: worker processes by default: one per core
DEFAULT_PROCESSES = max(1, os.cpu_count() or 1)


def db_option() -> typer.models.OptionInfo:
    return typer.Option(DEFAULT_DB, "--db", metavar="PATH", help="DuckDB database file.")


def model_option(help: str = "Installed spaCy model package to use.") -> typer.models.OptionInfo:
    return typer.Option(DEFAULT_MODEL, "--model", metavar="PACKAGE", help=help)


def processes_option() -> typer.models.OptionInfo:
    return typer.Option(DEFAULT_PROCESSES, "--n-process", metavar="N", min=1,
                        show_default="one per core",
                        help="Worker processes running the whole pipeline (1 runs it in this "
                             "process).")


def stage_option() -> typer.models.OptionInfo:
    return typer.Option([], "--stage", metavar="KIND=NAME",
                        help="Run the implementation NAME for the stage KIND (repeatable; "
                             "`dateline stages` lists them), e.g. --stage events=rules.")


def parse_stages(values: list[str], coder: Optional[str] = None) -> dict[str, str]:
    """``--stage KIND=NAME`` values (and ``--coder NAME``, short for ``--stage events=NAME``)
    as a ``{kind: name}`` mapping for :attr:`PipelineConfig.stages`. An unknown kind or name
    is refused (``typer.BadParameter``: exit 2) with the allowed values."""
    from .config import STAGE_ORDER
    from .registry import registry

    chosen: dict[str, str] = {}
    pairs = [(v, "--stage") for v in values] + ([(f"events={coder}", "--coder")] if coder else [])
    for value, flag in pairs:
        kind, sep, name = value.partition("=")
        kind, name = kind.strip(), name.strip()
        if flag == "--stage" and (not sep or not kind or not name):
            raise typer.BadParameter(f"--stage must be KIND=NAME, got {value!r}")
        if kind not in STAGE_ORDER:
            raise typer.BadParameter(f"{flag}: no stage kind {kind!r} (kinds: "
                                     f"{', '.join(STAGE_ORDER)})")
        names = registry.names(kind)
        if name not in names:
            what = "--coder" if flag == "--coder" else f"--stage {kind}"
            raise typer.BadParameter(f"{what}: no implementation {name!r} (choose from "
                                     f"{', '.join(names)})")
        chosen[kind] = name
    return chosen


def pipeline_config(model: str, published: Optional[str] = None, min_confidence: float = 0.0,
                    coder: Optional[str] = None, stage: Optional[list[str]] = None
                    ) -> PipelineConfig:
    """The pipeline configuration of a command's options; ``--stage KIND=NAME`` (and
    ``--coder NAME``, short for ``--stage events=NAME``) picks registered implementations."""
    stages = parse_stages(list(stage or []), coder)
    if published is not None:
        from datetime import date

        try:
            date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(f"--published must be YYYY-MM-DD, got {published!r}")
    cfg = PipelineConfig(spacy_model=model, published=published, min_confidence=min_confidence)
    cfg.stages.update(stages)
    return cfg


def build_pipeline(cfg: PipelineConfig) -> Any:
    """The Pipeline of ``cfg``; a configuration error ends the command (exit 2)."""
    from .errors import DatelineError
    from .pipeline import Pipeline

    try:
        return Pipeline(cfg)
    except DatelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(ExitCode.USAGE)


def _no_type(ctx: Any) -> None:
    return None


def _plain(params: list[Any]) -> list[Any]:
    """Drop the type tag of each parameter's help line (choices and option metavars stay)."""
    from typer.core import TyperArgument

    for param in params:
        desc = getattr(param, "type_descriptor", None)
        keep = not isinstance(param, TyperArgument) and (param.metavar is not None or (
            desc is not None and desc.is_choice and not getattr(param, "is_flag", False)))
        if not keep:
            param.display_type_rich = _no_type
    return params


class PlainHelpGroup(TyperGroup):
    """A command group whose ``--help`` and its commands' show no type tags (``<bool>``,
    ``<str>``, ``<list[str]>``): an option shows its choices or its metavar (``PATH``,
    ``N``), and otherwise its help text says what it takes."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None and not isinstance(cmd, TyperGroup):
            _plain(cmd.get_params(ctx))
        return cmd


CODER_HELP = ("Event coder: learned (the default: models trained on annotated real news) or "
              "rules (lexicon and dependency rules, tuned on invented articles).")
