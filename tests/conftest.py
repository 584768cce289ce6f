"""Shared fixtures. Unit tests (tests/unit) load no model; golden tests (tests/golden) run the
real pipeline and skip when ../shared or the spaCy model is absent (and fail on any other
error in building the pipeline: tests/skips.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .skips import missing_skips

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "SPEC.md").exists():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def pipeline():
    """The default full pipeline, learned event coder (loads the spaCy model once per test
    session)."""
    from dateline import Pipeline, PipelineConfig

    with missing_skips("pipeline"):  # the model package absent; any other error fails
        return Pipeline(PipelineConfig())


@pytest.fixture(scope="session")
def rules_pipeline():
    """The full pipeline with the rules event coder (``--coder rules``), for the floors
    measured on it."""
    from dateline import Pipeline, PipelineConfig

    cfg = PipelineConfig()
    cfg.stages["events"] = "rules"
    with missing_skips("pipeline"):
        return Pipeline(cfg)


@pytest.fixture(scope="session")
def countries():
    from dateline.refdata.countries import load_countries

    return load_countries()
