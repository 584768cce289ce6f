"""The options every command shares are written once (cli_options), and so are exit codes."""

from __future__ import annotations

from pathlib import Path

from dateline.cli_options import DEFAULT_MODEL, ExitCode
from dateline.config import PipelineConfig

SRC = Path(__file__).resolve().parents[2] / "src" / "dateline"


def test_exit_codes_are_the_documented_ones():
    assert (ExitCode.OK, ExitCode.NOTHING, ExitCode.USAGE) == (0, 1, 2)


def test_the_default_model_is_the_pipelines():
    assert DEFAULT_MODEL == PipelineConfig().spacy_model


def test_no_command_spells_a_default_or_an_exit_code_itself():
    """A second copy of the model name or of a bare exit number is how defaults drift."""
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name in ("config.py", "cli_options.py"):
            continue
        assert "typer.Exit(1)" not in text and "typer.Exit(2)" not in text, path
        assert f'"{DEFAULT_MODEL}"' not in text, path
