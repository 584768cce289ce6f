"""The rules the golden tests follow: a skip only for what is truly absent (tests/skips.py), and
floors stated once, in tests/floors.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.errors import ModelNotFound

from ..skips import missing_skips

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.mark.parametrize("exc", [ModelNotFound("spaCy model 'x' is not installed"),
                                 ModuleNotFoundError("No module named 'x'"),
                                 FileNotFoundError("data/x.xml")])
def test_a_missing_model_package_or_file_skips(exc):
    with pytest.raises(pytest.skip.Exception):
        with missing_skips("thing"):
            raise exc


@pytest.mark.parametrize("exc", [RuntimeError("Pipeline() crashed"), ValueError("bad"),
                                 ImportError("cannot import name 'f' from 'dateline.x'"),
                                 OSError("disk")])
def test_any_other_error_fails(exc):
    with pytest.raises(type(exc)):
        with missing_skips("thing"):
            raise exc


def test_no_golden_test_turns_any_exception_into_a_skip():
    for path in sorted(GOLDEN.glob("*.py")) + [GOLDEN.parent / "conftest.py"]:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"except Exception[^\n]*\n(?:[^\n]*\n){0,2}", text):
            assert "pytest.skip" not in m.group(0), (path.name, m.group(0))


def test_golden_floors_are_read_from_tests_floors():
    """A floor is a comparison with a constant: the golden tests compare with tests/floors.py
    entries, not with numbers of their own (structural counts and ranges excepted)."""
    floors_pattern = re.compile(r">=\s*0\.\d+")
    for name in ("test_own_gold.py", "test_realgold.py", "test_merge_corpus.py",
                 "test_quality_extraction.py", "test_quality_nlp.py",
                 "test_events_sentences.py", "test_pipeline_seed.py",
                 "test_clean_gold_articles.py"):
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert "floors import" in text, name
        assert not floors_pattern.findall(text), (name, floors_pattern.findall(text))
