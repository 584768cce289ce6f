"""When a test may skip: only when something it needs is truly absent (the spaCy model
package, an optional package, a data file), never because the code under test failed.

``with missing_skips("what"):`` around building a pipeline or loading a model turns exactly
those errors into a skip; any other exception (a crash in ``Pipeline()``) fails the test.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest

from dateline.errors import ModelNotFound

#: a spaCy model package that is not installed (``load_spacy`` raises it for spaCy's OSError),
#: an optional package that is not installed, a data file that is not there
MISSING = (ModelNotFound, ModuleNotFoundError, FileNotFoundError)


@contextmanager
def missing_skips(what: str) -> Iterator[None]:
    """Skip the calling test when the body fails for want of a model, package or file."""
    try:
        yield
    except MISSING as exc:
        pytest.skip(f"{what} unavailable: {exc}")
