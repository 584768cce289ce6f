"""A capital or region as its government acting, or as a place (stages/metonymy.py), on
hand-built dependency parses (no spaCy model)."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from dateline.model import Article, Document, EntityMention, PlaceMention  # noqa: E402
from dateline.refdata.actor_words import load_actor_words  # noqa: E402
from dateline.stages.actor_context import localise_entities  # noqa: E402
from dateline.stages.metonymy import acts_as_state  # noqa: E402

from .helpers import parse  # noqa: E402

WORDS = load_actor_words()
PREPS = WORDS.state_prepositions


def test_the_state_prepositions_are_data():
    assert {"with", "against", "on"} <= PREPS and "to" not in PREPS and "in" not in PREPS


def test_a_subject_or_possessor_is_the_government():
    doc = parse("Beijing/Beijing/PROPN/nsubj/1 said/say/VERB/ROOT/1 ././PUNCT/punct/1")
    assert acts_as_state(doc[0:1], PREPS) is True
    doc = parse("Manila/Manila/PROPN/poss/2 's/'s/PART/case/0 position/position/NOUN/ROOT/2")
    assert acts_as_state(doc[0:1], PREPS) is True


def test_the_object_of_a_state_preposition_and_conjuncts():
    # "ties with Beijing and Moscow"
    doc = parse("ties/tie/NOUN/ROOT/0 with/with/ADP/prep/0 Beijing/Beijing/PROPN/pobj/1 "
                "and/and/CCONJ/cc/2 Moscow/Moscow/PROPN/conj/2")
    assert acts_as_state(doc[2:3], PREPS) is True
    assert acts_as_state(doc[4:5], PREPS) is True


def test_a_place_is_no_government():
    # "flying back to Nairobi"
    doc = parse("flying/fly/VERB/ROOT/0 back/back/ADV/advmod/0 to/to/ADP/prep/0 "
                "Nairobi/Nairobi/PROPN/pobj/2")
    assert acts_as_state(doc[3:4], PREPS) is False
    # "the London side": a name that modifies a noun
    doc = parse("the/the/DET/det/2 London/London/PROPN/compound/2 side/side/NOUN/ROOT/2")
    assert acts_as_state(doc[1:2], PREPS) is False
    # a dateline in capitals, even where the parse makes it a subject
    doc = parse("LONDON/LONDON/PROPN/nsubj/1 reported/report/VERB/ROOT/1")
    assert acts_as_state(doc[0:1], PREPS) is False


def test_a_name_after_of_acts_as_the_noun_before_it():
    # "the state of Washington swore in a justice"
    doc = parse("the/the/DET/det/1 state/state/NOUN/nsubj/4 of/of/ADP/prep/1 "
                "Washington/Washington/PROPN/pobj/2 swore/swear/VERB/ROOT/4")
    assert acts_as_state(doc[3:4], PREPS) is True
    # "cities like Beijing": not "of", a place
    doc = parse("cities/city/NOUN/ROOT/0 like/like/ADP/prep/0 Beijing/Beijing/PROPN/pobj/1")
    assert acts_as_state(doc[2:3], PREPS) is False


def test_without_a_dependency_parse_the_caller_decides():
    import spacy

    doc = spacy.blank("en")("Beijing said so")
    assert acts_as_state(doc[0:1], PREPS) is None
    assert acts_as_state(None, PREPS) is None


def test_a_region_that_names_a_place_gets_no_sector(countries):
    # "Miami, Florida, hosted the debate. Florida sued." -- the first Florida is a place (an
    # apposition of Miami), the second the state's government
    parsed = parse("Miami/Miami/PROPN/nsubj/4 ,/,/PUNCT/punct/0 Florida/Florida/PROPN/appos/0 "
                   ",/,/PUNCT/punct/0 hosted/host/VERB/ROOT/4 ././PUNCT/punct/4 "
                   "Florida/Florida/PROPN/nsubj/7 sued/sue/VERB/ROOT/7 ././PUNCT/punct/7")
    body = parsed.text
    first, second = body.index("Florida"), body.rindex("Florida")
    ents = [EntityMention("Florida", "GPE", first, first + 7, "Florida", None, None),
            EntityMention("Florida", "GPE", second, second + 7, "Florida", None, None)]
    places = [PlaceMention("Florida", s, s + 7, "Florida", 1, 0.0, 0.0, "USA", "region", "body")
              for s in (first, second)]
    doc = Document(article=Article(id="t", origin="t", body=body))
    doc.entities, doc.places = ents, places
    doc.parsed["body"] = parsed
    localise_entities(doc, countries, WORDS.state_sectors,
                      place_prepositions=WORDS.place_prepositions, state_prepositions=PREPS)
    assert (ents[0].country, ents[0].sector) == ("USA", None)
    assert (ents[1].country, ents[1].sector) == ("USA", "GOV")


def test_a_region_as_possessor_is_a_place_when_the_caller_says_so():
    # "Chicago's craft brewing industry": a region's possessive is mostly a place's attribute
    # (session 12 audit); a capital's ("Manila's position") mostly the state's
    doc = parse("Chicago/Chicago/PROPN/poss/2 's/'s/PART/case/0 industry/industry/NOUN/ROOT/2")
    assert acts_as_state(doc[0:1], PREPS) is True
    assert acts_as_state(doc[0:1], PREPS, possessor=False) is False
    doc = parse("Ohio/Ohio/PROPN/nsubj/1 sued/sue/VERB/ROOT/1")
    assert acts_as_state(doc[0:1], PREPS, possessor=False) is True
