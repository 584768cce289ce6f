"""Unit tests for a dateline's place and its one sense per article (stages/place_senses.py).
Hand-built gazetteer and mentions, no spaCy model."""

from __future__ import annotations

from dateline.refdata.countries import load_countries
from dateline.refdata.gazetteer import Gazetteer, Place
from dateline.stages.place_senses import bare_dateline, dateline_senses

DC = Place("Washington", 38.9, -77.04, "USA", "city", 1, 690_000, "DC")
MO = Place("Washington", 38.56, -91.01, "USA", "city", 2, 14_000, "MO")
SMALL = Place("Smallville", 40.0, -90.0, "USA", "city", 3, 8_000, "KS")


def _gaz():
    return Gazetteer(load_countries(), [(DC, []), (MO, []), (SMALL, [])])


def test_bare_dateline():
    assert bare_dateline("WASHINGTON \u2014 The Senate", 0, 10)
    assert bare_dateline("Intro.\nWASHINGTON (AP) - The Senate", 7, 17)
    assert bare_dateline("WASHINGTON\ufffdThe", 0, 10)
    # a state after a comma, a name not in capitals, inside a line: not a bare dateline
    assert not bare_dateline("WASHINGTON, Mo. \u2014 The", 0, 10)
    assert not bare_dateline("Washington \u2014 The", 0, 10)
    assert not bare_dateline("in WASHINGTON \u2014 The", 3, 13)


def test_dateline_is_the_big_city_and_its_name_keeps_that_sense():
    text = "WASHINGTON \u2014 Officers testified in Washington, Missouri said."
    mentions = [("WASHINGTON", 0, 10, "body", 0), ("Washington", 36, 46, "body", 0),
                ("Missouri", 48, 56, "body", 0)]
    state = Place("Missouri", 38.3, -92.4, "USA", "region", None, 6_000_000, "MO", 1)
    out = dateline_senses(_gaz(), mentions, [MO, MO, state], {"body": text})
    assert out == [DC, DC, state]


def test_no_change_without_a_bare_dateline_or_a_big_city():
    text = "Officers testified in Washington on Monday."
    mentions = [("Washington", 22, 32, "body", 0)]
    assert dateline_senses(_gaz(), mentions, [MO], {"body": text}) == [MO]
    # a town under 100,000 people at the dateline keeps the resolver's reading
    text = "SMALLVILLE \u2014 Officers said."
    assert dateline_senses(_gaz(), [("SMALLVILLE", 0, 10, "body", 0)], [SMALL],
                           {"body": text}) == [SMALL]
    # a title is no dateline
    text = "WASHINGTON \u2014 a story"
    assert dateline_senses(_gaz(), [("WASHINGTON", 0, 10, "title", 0)], [MO],
                           {"title": text}) == [MO]


def test_a_compass_phrase_keeps_its_own_reading():
    text = "WASHINGTON \u2014 Fires in eastern Washington spread."
    state = Place("Washington", 47.3, -120.6, "USA", "region", None, 7_000_000, "WA", 1)
    mentions = [("WASHINGTON", 0, 10, "body", 0), ("Washington", 30, 40, "body", 0)]
    out = dateline_senses(_gaz(), mentions, [MO, state], {"body": text}, ["GPE", "COMPASS"])
    assert out == [DC, state]
