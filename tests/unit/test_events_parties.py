"""events/parties.py: the name an unnamed group is stored under (``_core_name``, on parses
built by hand), and place and nationality mentions as parties (``FieldView``, on hand-built
mentions). No model loads."""

from __future__ import annotations

import pytest

from dateline.events.parties import FieldView, _core_name
from dateline.model import EntityMention

from .helpers import parse

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


def _view(countries, ents):
    return FieldView("body", "", None, ents, [], [], countries)


def test_a_place_is_a_state_only_where_the_text_names_one(countries):
    chicago = EntityMention("Chicago", "GPE", 0, 7, "Chicago", "USA", None, inferred="place")
    dems = EntityMention("Democrats", "NORP", 8, 17, "Democrats", "USA", None, inferred="article")
    kenya = EntityMention("Kenyan", "NORP", 18, 24, "Kenyan", "KEN", None)
    v = _view(countries, [chicago, dems, kenya])
    assert v.mention_actor(chicago) is None  # a city the article placed in the US
    assert v.mention_actor(dems) is None
    k = v.mention_actor(kenya, "police")
    assert (k.name, k.country, k.sector) == ("Kenya", "KEN", "COP")


def test_party_members_lent_the_articles_country_are_its_party_members(countries):
    # "Democrats" in a US story (actor_context marks the article's country "party"): the
    # party's members, of the US; not the United States as a state
    dems = EntityMention("Democrats", "NORP", 0, 9, "Democrats", "USA", None, inferred="party")
    a = _view(countries, [dems]).mention_actor(dems)
    assert (a.name, a.country, a.sector) == ("Democrats", "USA", None)
    tory = EntityMention("Tory", "NORP", 0, 4, "Tory", "GBR", None, inferred="party")
    a = _view(countries, [tory]).mention_actor(tory, "mp")  # "Tory MPs"
    assert (a.name, a.country, a.sector) == ("Tory", "GBR", "LEG")


def test_a_capital_with_a_lent_country_still_speaks_for_its_government(countries):
    cap = EntityMention("Chisinau", "ORG", 0, 8, "Chisinau", "MDA", None, inferred="article")
    a = _view(countries, [cap]).mention_actor(cap)
    assert (a.name, a.country, a.sector) == ("Moldova", "MDA", "GOV")


def test_a_field_view_reads_the_tables_capitals(countries):
    """The capitals index is the country table's own (folded once when the table is built),
    the same one each field view built for itself before; a stand-in table without it gets
    one built the same way."""
    from types import SimpleNamespace

    from dateline.events.parties import _fold

    view = _view(countries, [])
    assert view._capitals is countries.by_capital
    own: dict = {}
    for c in countries.by_iso3.values():
        if c.capital:
            own.setdefault(_fold(c.capital), c)
    assert view._capitals == own
    stand_in = SimpleNamespace(by_iso3=countries.by_iso3)
    assert FieldView("body", "", None, [], [], [], stand_in)._capitals == own
