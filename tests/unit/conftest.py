"""Fixtures of the unit tests that build parses by hand: a blank English pipeline (no model)
and the bundled actor table."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.blank("en")


@pytest.fixture(scope="module")
def table(countries):
    from dateline.refdata.actors import load_actor_table

    return load_actor_table(countries)
