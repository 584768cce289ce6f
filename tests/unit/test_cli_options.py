"""The options every command shares are written once (cli_options), and so are exit codes."""

from __future__ import annotations

import json
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


# -- --stage, --coder, --n-process, help texts (no spaCy model is loaded) --------------------
import os  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402
import typer  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from dateline import cli  # noqa: E402
from dateline.cli_options import DEFAULT_PROCESSES, parse_stages  # noqa: E402
from dateline.config import STAGE_ORDER  # noqa: E402
from dateline.pipeline import Pipeline  # noqa: E402

runner = CliRunner()


class _Built(Exception):
    """Raised by the stand-in pipeline builder once it has seen the configuration."""


@pytest.fixture
def seen_config(monkeypatch):
    """The PipelineConfig a command builds its pipeline from (the command stops there)."""
    seen: list = []

    def fake(cfg):
        seen.append(cfg)
        raise typer.Exit(0)

    monkeypatch.setattr(cli, "_pipeline", fake)
    return seen


def test_parse_stages_maps_kinds_to_registered_names():
    assert parse_stages(["events=rules", "clean=text"]) == {"events": "rules", "clean": "text"}
    assert parse_stages([], "rules") == {"events": "rules"}  # --coder is events=NAME
    assert parse_stages(["events=learned"], "rules") == {"events": "rules"}  # --coder last


@pytest.mark.parametrize("value, message", [
    ("events=bogus", "choose from learned, rules"),
    ("bogus=rules", f"kinds: {', '.join(STAGE_ORDER)}"),
    ("events", "must be KIND=NAME"),
    ("=rules", "must be KIND=NAME"),
])
def test_parse_stages_refuses_unknown_kinds_and_names(value, message):
    with pytest.raises(typer.BadParameter, match=re.escape(message)):
        parse_stages([value])


@pytest.mark.parametrize("command", [["extract", "x.txt"], ["ingest", "x.txt"]])
def test_stage_reaches_the_pipeline_config(seen_config, command):
    res = runner.invoke(cli.app, command + ["--stage", "events=rules", "--stage", "clean=text"])
    assert res.exit_code == 0, res.output
    assert seen_config[0].stages["events"] == "rules"
    assert seen_config[0].stages["clean"] == "text"
    assert seen_config[0].stages["nlp"] == "spacy"  # the others keep their defaults


@pytest.mark.parametrize("command", [["extract", "x.txt"], ["ingest", "x.txt"],
                                     ["serve", "--db", "absent.duckdb"]])
@pytest.mark.parametrize("args, message", [
    (["--stage", "events=bogus"], "choose from learned, rules"),
    (["--stage", "places=nowhere"], "choose from gazetteer"),
    (["--stage", "timex=rules"], "kinds: clean, nlp"),
    (["--coder", "bogus"], "--coder: no implementation 'bogus'"),
])
def test_unknown_stage_or_coder_is_refused_with_exit_2(seen_config, command, args, message):
    res = runner.invoke(cli.app, command + args, terminal_width=200)
    assert res.exit_code == 2, res.output
    assert message in " ".join(res.output.replace("│", " ").split()), res.output
    assert not seen_config  # refused before any pipeline is built


def test_ingest_runs_one_worker_process_per_core_by_default(seen_config):
    assert DEFAULT_PROCESSES == max(1, os.cpu_count() or 1)
    res = runner.invoke(cli.app, ["ingest", "x.txt"])
    assert res.exit_code == 0, res.output
    got = seen_config[0].options.get("nlp", {}).get("n_process")
    assert got == (DEFAULT_PROCESSES if DEFAULT_PROCESSES > 1 else None)
    res = runner.invoke(cli.app, ["ingest", "x.txt", "--n-process", "1"])
    assert "n_process" not in seen_config[1].options.get("nlp", {})


def _cleaning_only(cfg):
    """The command's pipeline without the stages that need a spaCy model."""
    return Pipeline(cfg.without("nlp", "entities", "dates", "places", "events"))


def test_extract_in_worker_processes_prints_what_one_process_prints_in_order(tmp_path,
                                                                             monkeypatch):
    monkeypatch.setattr(cli, "_pipeline", _cleaning_only)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(11):
        body = " ".join(f"The minister of country {i} met officials on day {k} to discuss "
                        f"the border and the trade agreement." for k in range(6))
        (folder / f"a{i:02d}.txt").write_text(f"Title {i}\n\n{body}\n", encoding="utf-8")
    (folder / "a05b.txt").write_text("", encoding="utf-8")  # a reject among them
    one = runner.invoke(cli.app, ["extract", str(folder), "--n-process", "1"])
    many = runner.invoke(cli.app, ["extract", str(folder), "--n-process", "2"])
    assert one.exit_code == many.exit_code == 0, many.output
    assert many.stdout == one.stdout
    bodies = [json.loads(line)["article"]["body"] for line in one.stdout.splitlines()]
    assert len(bodies) == 11
    assert all(f"country {i} met" in b for i, b in enumerate(bodies))  # the input order
    assert "skipped" in many.stderr and "a05b.txt" in many.stderr


def _commands(group, ctx, prefix=()):
    from typer.core import TyperGroup

    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if isinstance(sub, TyperGroup):
            yield from _commands(sub, ctx, prefix + (name,))
        else:
            yield prefix + (name,)


def test_no_help_text_shows_type_tags_or_points_outside_the_package():
    import typer._click as click

    root = typer.main.get_command(cli.app)
    paths = [()] + [("evaluate",)] + list(_commands(root, click.Context(root)))
    assert ("evaluate", "events") in paths and ("ingest",) in paths
    for path in paths:
        out = runner.invoke(cli.app, [*path, "--help"], terminal_width=200).output
        assert "Usage" in out, path
        assert not re.findall(r"<(?:bool|str|int|float|path|list\[[^>]*\])>", out), (path, out)
        assert "SPEC" not in out, path


@pytest.mark.parametrize("command, formats", [
    ("extract", "<jsonl|json>"), ("events", "<table|csv|json|jsonl|parquet>"),
    ("stats", "<table|csv|json|jsonl>"), ("show", "<table|json>")])
def test_format_lists_only_what_the_command_accepts(command, formats):
    out = runner.invoke(cli.app, [command, "--help"], terminal_width=200).output
    # the option's choices column, possibly wrapped over several lines of the help panel
    lines = out.splitlines()
    i = next(k for k, x in enumerate(lines) if "--format" in x)
    col = lines[i].index("<")
    end = lines[i].index("  ", col)
    choices = lines[i][col:end]
    while ">" not in choices and i + 1 < len(lines):
        i += 1
        choices += lines[i][col:end].strip()
    assert choices == formats, lines[i]
