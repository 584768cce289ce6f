"""FieldView (events/parties.py): place and nationality mentions as parties, on hand-built
mentions (no parse needed for these look-ups)."""

from __future__ import annotations

from dateline.events.parties import FieldView
from dateline.model import EntityMention


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


def test_a_capital_with_a_lent_country_still_speaks_for_its_government(countries):
    cap = EntityMention("Chisinau", "ORG", 0, 8, "Chisinau", "MDA", None, inferred="article")
    a = _view(countries, [cap]).mention_actor(cap)
    assert (a.name, a.country, a.sector) == ("Moldova", "MDA", "GOV")
