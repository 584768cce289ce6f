"""The name an unnamed group is stored under (events/parties.py ``_core_name``): parses built
by hand, no model."""

from __future__ import annotations

import pytest

from dateline.events.parties import _core_name

from .test_events_coder import parse

pytest.importorskip("spacy")


def test_a_modifier_keeps_its_own_modifiers():
    # "A New York man": "New" hangs on "York", which hangs on "man"
    doc = parse("A/a/DET/det/3 New/New/PROPN/compound/2 York/York/PROPN/compound/3 "
                "man/man/NOUN/ROOT/3")
    assert _core_name(doc[3]) == "new york man"


def test_determiners_numbers_and_quantity_words_are_left_out():
    doc = parse("At/at/ADP/advmod/2 least/least/ADJ/advmod/2 six/six/NUM/nummod/3 "
                "protesters/protester/NOUN/ROOT/3")
    assert _core_name(doc[3]) == "protesters"
    doc = parse("the/the/DET/det/2 riot/riot/NOUN/compound/2 police/police/NOUN/ROOT/2")
    assert _core_name(doc[2]) == "riot police"
    # a modifier whose own subtree holds a number stops the name there
    doc = parse("two/two/NUM/nummod/1 hundred/hundred/NUM/compound/2 "
                "supporters/supporter/NOUN/ROOT/2")
    assert _core_name(doc[2]) == "supporters"
