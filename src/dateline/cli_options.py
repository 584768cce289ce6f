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

import typer

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
    return typer.Option(DEFAULT_DB, "--db", help="DuckDB database file.")


def model_option(help: str = "Installed spaCy model package to use.") -> typer.models.OptionInfo:
    return typer.Option(DEFAULT_MODEL, "--model", help=help)


def processes_option() -> typer.models.OptionInfo:
    return typer.Option(DEFAULT_PROCESSES, "--n-process",
                        help="Worker processes running the whole pipeline (default: one per "
                             "core; 1 runs in this process).")


CODER_HELP = ("Event coder: learned (the default: models trained on annotated real news) or "
              "rules (lexicon and dependency rules, tuned on invented articles).")
