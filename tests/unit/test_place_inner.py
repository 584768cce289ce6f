"""Unit tests for the places named inside other entities and the names an article tags as
places elsewhere (stages/place_inner.py), and for the spotter's dateline and echo rules
(stages/place_spotter.py). Hand-built gazetteer and parses, no spaCy model."""

from __future__ import annotations

import pytest

from dateline.model import Article, Document, EntityMention
from dateline.refdata.countries import load_countries
from dateline.refdata.gazetteer import Gazetteer, Place
from dateline.stages.place_inner import cue_places, echo_names, inner_places
from dateline.stages.place_spotter import load_spot_words, spot
from dateline.stages.places import places_for

from .helpers import bio_doc as _doc


def region(name, lat, lon, iso3, pop, level=1, admin1=None):
    return Place(name, lat, lon, iso3, "region", None, pop, admin1, level)


@pytest.fixture(scope="module")
def gaz():
    places = [
        (region("Texas", 31.25, -99.25, "USA", 25_000_000, 1, "TX"), []),
        (region("West Virginia", 38.5, -80.5, "USA", 1_800_000, 1, "WV"), []),
        (region("Anderson County", 34.5, -82.6, "USA", 187_000, 2, "SC"), []),
        (Place("Cincinnati", 39.16, -84.46, "USA", "city", 1, 300_000, "OH"), []),
        (Place("Charleston", 38.35, -81.63, "USA", "city", 2, 50_000, "WV"), []),
        (Place("Nadia", 23.4, 88.5, "IND", "city", 3, 150_000), []),
        (Place("Gainesville", 29.65, -82.32, "USA", "city", 4, 130_000, "FL"), []),
        (Place("Columbus", 39.96, -83.0, "USA", "city", 5, 900_000, "OH"), []),
        (Place("Torrington", 41.8, -73.12, "USA", "city", 6, 35_000, "CT"), []),
        (region("Barrow County", 33.99, -83.71, "USA", 69_000, 2, "GA"), []),
        (region("Jackson County", 34.13, -83.56, "USA", 60_000, 2, "GA"), []),
        (Place("Jackson", 32.3, -90.18, "USA", "city", 7, 170_000, "MS"), []),
        (region("Kanawha County", 38.34, -81.53, "USA", 180_000, 2, "WV"), ["Kanawha"]),
        (Place("Jones", 35.0, -97.0, "USA", "city", 8, 3_000, "OK"), []),
        (region("Connecticut", 41.6, -72.7, "USA", 3_600_000, 1, "CT"), []),
        (region("Ohio", 40.4, -82.5, "USA", 11_700_000, 1, "OH"), []),
    ]
    return Gazetteer(load_countries(), places)


@pytest.fixture(scope="module")
def words():
    return load_spot_words()


def _inner(doc, gaz, words, echo=frozenset()):
    others = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return [(doc.text[s:e], k) for s, e, k in inner_places(doc, gaz, words, others, echo)]


def _places(doc, gaz, words, entities=()):
    art = Article(id="a", origin="t", body=doc.text)
    d = Document(article=art, parsed={"body": doc}, entities=list(entities))
    return [(p.text, p.name, p.country) for p in places_for(d, gaz, spot_words=words)]


def test_place_opening_an_organisation(nlp, gaz, words):
    doc = _doc(nlp, "officers of Texas Department of Criminal Justice came", [(2, 7, "ORG")])
    assert _inner(doc, gaz, words) == [("Texas", "INNER")]
    doc = _doc(nlp, "a U.S. Army unit", [(1, 3, "ORG")])
    assert _inner(doc, gaz, words) == [("U.S.", "INNER")]
    doc = _doc(nlp, "the Anderson County Crimestoppers said", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words) == [("Anderson County", "INNER")]
    # through the stage, resolved in its country
    assert _places(doc, gaz, words) == [("Anderson County", "Anderson County", "USA")]


def test_place_after_a_locative_word(nlp, gaz, words):
    doc = _doc(nlp, "students at University of Cincinnati said", [(2, 5, "ORG")])
    assert _inner(doc, gaz, words) == [("Cincinnati", "INNER")]
    doc = _doc(nlp, "the Family Policy Council of West Virginia said", [(1, 7, "ORG")])
    assert _inner(doc, gaz, words) == [("West Virginia", "INNER")]


def test_town_opening_a_name_needs_a_public_body(nlp, gaz, words):
    doc = _doc(nlp, "said Charleston Police Department spokesman", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words, frozenset({"Charleston"})) == [("Charleston", "INNER")]
    # a given name that is also a district of 150,000; a firm named after a town
    doc = _doc(nlp, "said Nadia Moayyad today", [(1, 3, "ORG")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "the Cincinnati Latin School opened", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words, frozenset({"Cincinnati"})) == []
    # a one-word state too ("Van", "Mon" are provinces)
    doc = _doc(nlp, "beat Texas Stars 2-0", [(1, 3, "ORG")])
    assert _inner(doc, gaz, words) == []


def test_town_of_any_size_before_its_own_body(nlp, gaz, words):
    # Torrington (35,000) opening the name, before a town body's word (town_body_words)
    doc = _doc(nlp, "said the Torrington Fire Department today", [(2, 5, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "INNER")]
    assert _places(doc, gaz, words) == [("Torrington", "Torrington", "USA")]
    doc = _doc(nlp, "the Torrington City Council voted", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "INNER")]
    # a public-body word that is not a town's own (a university, a hospital named after a
    # person or a town) needs the size or the article's own tag, as before
    doc = _doc(nlp, "the Torrington University Hospital opened", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "the Torrington Historical Society met", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words) == []
    # a stoplisted name (a surname) before a town body's word is the town too
    g = Gazetteer(load_countries(), [(Place("Henderson", 36.04, -114.98, "USA", "city", 21,
                                            300_000, "NV"), [])])
    doc = _doc(nlp, "said the Henderson Police Department today", [(2, 5, "ORG")])
    assert _inner(doc, g, words) == [("Henderson", "INNER")]
    doc = _doc(nlp, "said the Henderson Foundation today", [(2, 4, "ORG")])
    assert _inner(doc, g, words) == []
    # not opening the name; an unknown name
    doc = _doc(nlp, "the Greater Torrington Fire Department", [(1, 5, "ORG")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "the Jonesville Police Department", [(1, 4, "ORG")])
    assert _inner(doc, gaz, words) == []


def test_town_before_a_crown_or_magistrates_court(nlp, gaz, words):
    # a UK Crown or magistrates' court is named after the town it sits in, a stoplisted
    # name too ("Bristol" is a surname and a brand)
    g = Gazetteer(load_countries(), [(Place("Bristol", 51.46, -2.6, "GBR", "city", 22,
                                            479_000, "ENG"), [])])
    doc = _doc(nlp, "a jury at Bristol Crown Court convicted him", [(3, 6, "ORG")])
    assert _inner(doc, g, words) == [("Bristol", "INNER")]
    assert _places(doc, g, words) == [("Bristol", "Bristol", "GBR")]
    doc = _doc(nlp, "he appeared at Torrington Magistrates Court today", [(3, 6, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "INNER")]
    # not a court named after the town: "Crown" opens it
    doc = _doc(nlp, "a Crown Bristol Court hearing", [(1, 4, "ORG")])
    assert _inner(doc, g, words) == []


def test_division_before_its_own_heads_title(nlp, words):
    # a first-level division opening a name before its head's title (division_titles), a
    # stoplisted name too ("Victoria" is a given name)
    g = Gazetteer(load_countries(), [
        (region("Victoria", -36.47, 144.79, "AUS", 6_500_000, 1, "07"), []),
        (Place("Victoria", 48.43, -123.35, "CAN", "city", 23, 290_000, "02"), [])])
    doc = _doc(nlp, "deployed by Victoria Premier Daniel Andrews last year", [(2, 6, "ORG")])
    assert _inner(doc, g, words) == [("Victoria", "INNER")]
    assert _places(doc, g, words) == [("Victoria", "Victoria", "AUS")]
    # a town of that name is no division: its title word does not make it a place
    t = Gazetteer(load_countries(), [(Place("Victoria", 48.43, -123.35, "CAN", "city", 23,
                                            290_000, "02"), [])])
    assert _inner(doc, t, words) == []
    # nor another word after the division's name
    doc = _doc(nlp, "shares of Victoria Secret Holdings fell", [(2, 5, "ORG")])
    assert _inner(doc, g, words) == []


def test_country_or_division_of_several_words_tagged_person(nlp, gaz, words):
    # no one's name is a country or a division of several words: "Sri Lanka" tagged PERSON
    doc = _doc(nlp, "officials in Sri Lanka said", [(2, 4, "PERSON")])
    assert _inner(doc, gaz, words) == [("Sri Lanka", "CUE")]
    doc = _doc(nlp, "among West Virginia and Ohio", [(1, 3, "PERSON"), (4, 5, "GPE")])
    assert _inner(doc, gaz, words) == [("West Virginia", "CUE")]
    # a one-word state or a town is a person's name as often ("Jackson")
    doc = _doc(nlp, "said Jackson today", [(1, 2, "PERSON")])
    assert _inner(doc, gaz, words) == []


def test_state_opening_the_name_of_its_own_body(nlp, gaz, words):
    # a one-word first-level division opening an organisation's name with a state body's word
    # later in it (state_body_words), not right after it as body_words needs
    doc = _doc(nlp, "agents of the Ohio Bureau of Investigation said", [(3, 7, "ORG")])
    assert _inner(doc, gaz, words) == [("Ohio", "INNER")]
    assert _places(doc, gaz, words) == [("Ohio", "Ohio", "USA")]
    doc = _doc(nlp, "officers of the Texas Alcoholic Beverage Commission said", [(3, 7, "ORG")])
    assert _inner(doc, gaz, words) == [("Texas", "INNER")]
    # a town is no state; nor a state before no body's word ("Texas Stars" above)
    doc = _doc(nlp, "officers of the Columbus Alcoholic Beverage Commission said", [(3, 7, "ORG")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "fans of the Ohio Valley Stars said", [(3, 6, "ORG")])
    assert _inner(doc, gaz, words) == []
    # a stoplisted name too (Georgia is a given name)
    assert "georgia" in words.stop
    g = Gazetteer(load_countries(),
                  [(region("Georgia", 32.7, -83.4, "USA", 10_000_000, 1, "GA"), [])])
    doc = _doc(nlp, "agents of the Georgia Bureau of Investigation said", [(3, 7, "ORG")])
    assert _inner(doc, g, words) == [("Georgia", "INNER")]


def test_never_the_whole_name_nor_inside_a_road(nlp, gaz, words):
    doc = _doc(nlp, "in talks with Texas today", [(3, 4, "ORG")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "held at 1200 Cincinnati Ave. on Monday", [(2, 5, "ORG")])
    assert _inner(doc, gaz, words) == []


def test_town_ending_an_address_run_into_one_entity(nlp, gaz, words):
    # a road word, a comma and a town: the NER ran the address into one entity
    doc = _doc(nlp, "Kadir , of 12 Hampden Road , Torrington , was jailed", [(3, 8, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "INNER")]
    # a road's name alone, or an unknown name after the comma: nothing
    doc = _doc(nlp, "of 12 Hampden Road , Jonesville , was", [(1, 6, "ORG")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "lives on Cincinnati Road now", [(2, 4, "ORG")])
    assert _inner(doc, gaz, words) == []


def test_court_of_law_and_highway_patrol_are_not_roads(nlp, gaz, words):
    # "Court" after a court's word, "Highway" before another name word: not a road's name
    doc = _doc(nlp, "filed in Anderson County Superior Court today", [(2, 6, "ORG")])
    assert _inner(doc, gaz, words) == [("Anderson County", "INNER")]
    doc = _doc(nlp, "Lt. Murphy of the Texas Highway Patrol said", [(4, 7, "ORG")])
    assert _inner(doc, gaz, words) == [("Texas", "INNER")]
    # a road's name still is one: the road word ends the name or precedes a lower-case word
    doc = _doc(nlp, "lives on Cincinnati Court now", [(2, 4, "ORG")])
    assert _inner(doc, gaz, words, frozenset({"Cincinnati"})) == []
    doc = _doc(nlp, "on Texas Highway north of town", [(1, 3, "ORG")])
    assert _inner(doc, gaz, words) == []


def test_echo_of_a_place_the_article_tags(nlp, gaz, words):
    doc = _doc(nlp, "Gainesville police met . Later Gainesville voted .",
               [(0, 1, "GPE"), (5, 6, "PERSON")])
    ents = [EntityMention("Gainesville", "GPE", 0, 11), EntityMention("Gainesville", "PERSON",
                                                                     30, 41)]
    d = Document(article=Article(id="a", origin="t", body=doc.text), parsed={"body": doc},
                 entities=ents)
    assert echo_names(d) == frozenset({"Gainesville"})
    assert _inner(doc, gaz, words, echo_names(d)) == [("Gainesville", "ECHO")]
    assert [p[0] for p in _places(doc, gaz, words, ents)] == ["Gainesville", "Gainesville"]


def test_echo_needs_the_place_reading_to_be_the_usual_one(nlp, gaz, words):
    # one GPE "Nadia" against two PERSON "Nadia": not a place by echo
    doc = _doc(nlp, "Nadia came . Then Nadia left and Nadia said",
               [(0, 1, "GPE"), (4, 5, "PERSON"), (7, 8, "PERSON")])
    d = Document(article=Article(id="a", origin="t", body=doc.text), parsed={"body": doc})
    assert echo_names(d) == frozenset()


def test_spotter_takes_a_tagged_name_untagged_elsewhere(nlp, gaz, words):
    # a town of 35,000 is taken without a locative word when the article tags it elsewhere
    doc = _doc(nlp, "the Torrington team met")
    assert spot(doc, gaz, words) == []
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words, echo=frozenset(
        {"Torrington"}))] == [("Torrington", "SPOT")]


def test_dateline(nlp, gaz, words):
    doc = _doc(nlp, "COLUMBUS , Ohio ( AP ) — Officials said")
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words)] == [
        ("COLUMBUS", "DATELINE"), ("Ohio", "SPOT")]
    # a town of any size; after a headline's full stop
    doc = _doc(nlp, "Budget cut . TORRINGTON — The council voted")
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words)] == [
        ("TORRINGTON", "DATELINE")]
    assert _places(doc, gaz, words)[0][1:] == ("Torrington", "USA")
    # before a colon: a city of 100,000+ ("NEW DELHI: ..."), not a small town's name, which
    # is as likely a speaker's in a transcript ("JEWELL: ...")
    doc = _doc(nlp, "COLUMBUS : Officials said")
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words)] == [
        ("COLUMBUS", "DATELINE")]
    assert spot(_doc(nlp, "TORRINGTON : I think so"), gaz, words) == []
    # capitals not followed by a dateline's comma, bracket or dash; not at a sentence start
    assert spot(_doc(nlp, "COLUMBUS DAY parade held"), gaz, words) == []
    assert spot(_doc(nlp, "he said COLUMBUS , then"), gaz, words) == []
    # at the start of the text, before a capitalised word (the dash lost with the markup):
    # a big place only, as before a colon
    doc = _doc(nlp, "COLUMBUS The Latest on the rally")
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words)] == [
        ("COLUMBUS", "DATELINE")]
    assert spot(_doc(nlp, "TORRINGTON The council voted"), gaz, words) == []


def test_town_before_a_resident_word(nlp, gaz, words):
    doc = _doc(nlp, "A Torrington man was held", [(1, 2, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "CUE")]
    assert _places(doc, gaz, words) == [("Torrington", "Torrington", "USA")]
    # a surname before "family" is a family; a capitalised word after is a name
    assert _inner(_doc(nlp, "The Jones family said", [(1, 2, "PERSON")]), gaz, words) == []
    assert _inner(_doc(nlp, "the Torrington Man award", [(1, 2, "ORG")]), gaz, words) == []


def _cues(doc, gaz, words):
    return [(doc.text[s:e], k) for s, e, k in cue_places(doc, gaz, words)]


def test_legislators_district_after_the_party_letter(nlp, gaz, words):
    doc = _doc(nlp, "Carrie Webster , D - Kanawha , and others")
    assert _cues(doc, gaz, words) == [("Kanawha", "CUE")]
    assert _places(doc, gaz, words)[0][1:] == ("Kanawha County", "USA")
    # not a party letter, or not followed by a comma or a bracket
    assert _cues(_doc(nlp, "the X - Kanawha , and"), gaz, words) == []
    assert _cues(_doc(nlp, "Webster , D - Kanawha Valley Bank"), gaz, words) == []
    # the district ending the sentence, or before a lower-case word
    doc = _doc(nlp, "and Clif Moore , D - Kanawha . Earlier this month")
    assert _cues(doc, gaz, words) == [("Kanawha", "CUE")]
    doc = _doc(nlp, "Sen. Rich Olive , D - Kanawha and Rep. Vicki Lensing")
    assert _cues(doc, gaz, words) == [("Kanawha", "CUE")]


def _joined(nlp, words_, spaces):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words_, spaces=spaces)


def test_place_before_based(nlp, gaz, words):
    # "Torrington-based", tagged or not; "West Virginia-based" (the longest run); the dash
    # must join the words ("Torrington - based" is no compound)
    doc = _joined(nlp, ["the", "Torrington", "-", "based", "firm"],
                  [True, False, False, True, False])
    assert _cues(doc, gaz, words) == [("Torrington", "CUE")]
    doc = _joined(nlp, ["a", "West", "Virginia", "-", "based", "firm"],
                  [True, True, False, False, True, False])
    assert _cues(doc, gaz, words) == [("West Virginia", "CUE")]
    assert _cues(_doc(nlp, "the Torrington - based firm"), gaz, words) == []
    # not a place under its own name
    doc = _joined(nlp, ["a", "Smith", "-", "based", "firm"], [True, False, False, True, False])
    assert _cues(doc, gaz, words) == []


def test_names_listed_before_a_plural_division_word(nlp, gaz, words):
    doc = _doc(nlp, "places like Jackson and Barrow counties grew")
    assert _cues(doc, gaz, words) == [("Barrow", "DIV:County"), ("Jackson", "DIV:County")]
    # resolved as the counties, not the city of Jackson, Mississippi
    got = _places(doc, gaz, words)
    assert [(t, n) for t, n, _c in got] == [("Jackson", "Jackson County"),
                                           ("Barrow", "Barrow County")]
    # a name the gazetteer has no such division for ends the list
    assert _cues(_doc(nlp, "Torrington and Barrow counties"), gaz, words) == [
        ("Barrow", "DIV:County")]
    assert _cues(_doc(nlp, "Jackson and Barrow Counties"), gaz, words) == []


def test_town_before_its_state(nlp, gaz, words):
    # untagged: the state after the comma stands for the locative word a town needs
    doc = _doc(nlp, "the Torrington , Connecticut council met")
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words)] == [
        ("Torrington", "SPOT"), ("Connecticut", "SPOT")]
    # a state that holds no town of that name is no evidence
    doc = _doc(nlp, "the Torrington , Ohio council met")
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words)] == [("Ohio", "SPOT")]
    # tagged ORG: the same cue
    doc = _doc(nlp, "officials said Torrington , Connecticut , would", [(2, 3, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "CUE")]


def test_dateline_tagged_as_an_organisation(nlp, gaz, words):
    doc = _doc(nlp, "TORRINGTON ( AP ) — The council voted", [(0, 1, "ORG")])
    assert [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words, blocked=[(0, 10)])] == [
        ("TORRINGTON", "DATELINE")]


def test_town_tagged_as_an_organisation_after_in(nlp, gaz, words):
    # "in", "near", "outside", "from" before a town of 20,000+ (CUE_POPULATION) tagged ORG or
    # PERSON make it the town
    doc = _doc(nlp, "a forum in Torrington drew", [(3, 4, "ORG")])
    assert _inner(doc, gaz, words) == [("Torrington", "CUE")]
    assert _places(doc, gaz, words) == [("Torrington", "Torrington", "USA")]
    assert _inner(_doc(nlp, "he came from Torrington", [(3, 4, "PERSON")]), gaz, words) == [
        ("Torrington", "CUE")]
    # a longer name after it; "to" alone is no such cue (tried: LGL precision under 0.95)
    assert _inner(_doc(nlp, "a forum in Torrington Hall drew", [(3, 4, "ORG")]), gaz,
                  words) == []
    assert _inner(_doc(nlp, "went to Torrington today", [(2, 3, "ORG")]), gaz, words) == [
        ("Torrington", "NEAR")]


def test_small_town_after_a_locative_word_only_near_the_articles_places(nlp, words):
    # a town under 20,000 after "in", "to", "of", ... (near_locatives) is a NEAR candidate,
    # kept only within 100 km of another place the article names
    g = Gazetteer(load_countries(), [
        (Place("Clarinda", 40.74, -95.04, "USA", "city", 31, 5_000, "IA"), []),
        (Place("Shenandoah", 40.77, -95.37, "USA", "city", 32, 5_000, "IA"), []),
        (Place("Nome", 64.5, -165.4, "USA", "city", 33, 3_800, "AK"), [])])
    doc = _doc(nlp, "a forum in Clarinda drew people", [(3, 4, "ORG")])
    assert _inner(doc, g, words) == [("Clarinda", "NEAR")]
    assert _places(doc, g, words) == []
    doc = _doc(nlp, "a forum in Clarinda drew people from Shenandoah .",
               [(3, 4, "ORG"), (7, 8, "GPE")])
    assert _places(doc, g, words) == [("Clarinda", "Clarinda", "USA"),
                                      ("Shenandoah", "Shenandoah", "USA")]
    # far from the article's other places: dropped; a country is no evidence
    doc = _doc(nlp, "a forum in Clarinda drew people from Nome .", [(3, 4, "ORG"), (7, 8, "GPE")])
    assert [p[0] for p in _places(doc, g, words)] == ["Nome"]
    doc = _doc(nlp, "a forum in Clarinda drew people from Canada .",
               [(3, 4, "ORG"), (7, 8, "GPE")])
    assert [p[0] for p in _places(doc, g, words)] == ["Canada"]
    # not after such a word; not a place under its own name
    assert _inner(_doc(nlp, "said Clarinda today", [(1, 2, "PERSON")]), g, words) == []


def test_lone_name_tagged_person_only_near_the_articles_places(nlp, words):
    # a one-word PERSON that is a town under its own name, after a list's join or a locative
    # word, no word of a person's fuller name in the article: LONE, kept only near the
    # article's other places, and giving no context to the others
    g = Gazetteer(load_countries(), [
        (Place("Gainesville", 33.62, -97.13, "USA", "city", 41, 16_000, "TX"), []),
        (Place("Lindsay", 33.64, -97.22, "USA", "city", 42, 1_000, "TX"), []),
        (Place("Nome", 64.5, -165.4, "USA", "city", 33, 3_800, "AK"), [])])
    # (tagged PERSON twice, so that a list's rule does not take it)
    doc = _doc(nlp, "feedback from the Gainesville and Lindsay communities . Lindsay grew",
               [(3, 4, "GPE"), (5, 6, "PERSON"), (8, 9, "PERSON")])
    assert _inner(doc, g, words) == [("Lindsay", "LONE")]
    assert _places(doc, g, words) == [("Gainesville", "Gainesville", "USA"),
                                      ("Lindsay", "Lindsay", "USA")]
    doc = _doc(nlp, "feedback from Nome and Lindsay communities . Lindsay grew",
               [(2, 3, "GPE"), (4, 5, "PERSON"), (7, 8, "PERSON")])
    assert [p[0] for p in _places(doc, g, words)] == ["Nome"]
    # a word of a person's fuller name; before a reporting verb; after "the"
    doc = _doc(nlp, "Kayla Lindsay spoke in Gainesville and Lindsay today",
               [(0, 2, "PERSON"), (4, 5, "GPE"), (6, 7, "PERSON")])
    assert _inner(doc, g, words) == []
    doc = _doc(nlp, "Gainesville , Lindsay said", [(0, 1, "GPE"), (2, 3, "PERSON")])
    assert _inner(doc, g, words) == []
    doc = _doc(nlp, "Gainesville and the Lindsay", [(0, 1, "GPE"), (3, 4, "PERSON")])
    assert _inner(doc, g, words) == []


def test_town_before_a_site_word_only_near_the_articles_places(nlp, words):
    # a town tagged ORG or PERSON before a lower-case site word (site_words, after a
    # site_modifiers word or not) is a NEAR candidate, kept only near the article's places
    g = Gazetteer(load_countries(), [
        (Place("Brentwood", 37.93, -121.7, "USA", "city", 41, 59_000, "CA"), []),
        (Place("Brentwood", 40.78, -73.25, "USA", "city", 42, 60_000, "NY"), []),
        (Place("Livermore", 37.68, -121.77, "USA", "city", 43, 90_000, "CA"), []),
        (Place("Spring Hill", 35.75, -86.93, "USA", "city", 44, 36_000, "TN"), [])])
    doc = _doc(nlp, "fentanyl left around his Brentwood home .", [(4, 5, "ORG")])
    assert _inner(doc, g, words) == [("Brentwood", "NEAR")]
    assert _places(doc, g, words) == []
    doc = _doc(nlp, "fentanyl left around his Brentwood home near Livermore .",
               [(4, 5, "ORG"), (7, 8, "GPE")])
    assert _places(doc, g, words) == [("Brentwood", "Brentwood", "USA"),
                                      ("Livermore", "Livermore", "USA")]
    doc = _doc(nlp, "workers at GM 's Spring Hill assembly plant", [(4, 6, "ORG")])
    assert _inner(doc, g, words) == [("Spring Hill", "NEAR")]
    # another word after the name; not a place under its own name
    assert _inner(_doc(nlp, "his Brentwood lawyer said", [(1, 2, "ORG")]), g, words) == []
    assert _inner(_doc(nlp, "the Smith home burned", [(1, 2, "ORG")]), g, words) == []


def test_lower_case_candidates_and_alternate_names_inside_names(nlp, gaz, words):
    # spaCy's lower-case GPE is not a place; the compass phrase "northern X" still is
    g = Gazetteer(load_countries(), [(Place("Swan", 44.0, -93.0, "USA", "city", 11, 2_000,
                                            "MN"), [])])
    doc = _doc(nlp, "black swan cygnets hatched", [(1, 2, "GPE")])
    d = Document(article=Article(id="a", origin="t", body=doc.text), parsed={"body": doc})
    assert places_for(d, g) == []
    # the same word capitalised is taken
    doc = _doc(nlp, "black Swan cygnets hatched", [(1, 2, "GPE")])
    d = Document(article=Article(id="a", origin="t", body=doc.text), parsed={"body": doc})
    assert [p.name for p in places_for(d, g)] == ["Swan"]


def test_division_opening_a_person_entity(nlp, gaz, words):
    # the NER ran a county into the name after it: only a country or a division of several
    # words, and only where it opens the entity
    doc = _doc(nlp, "said Anderson County Sheriff John Skipper today", [(1, 6, "PERSON")])
    assert _inner(doc, gaz, words) == [("Anderson County", "INNER")]
    doc = _doc(nlp, "said Texas Smith today", [(1, 3, "PERSON")])
    assert _inner(doc, gaz, words) == []
    doc = _doc(nlp, "said John of West Virginia today", [(1, 5, "PERSON")])
    assert _inner(doc, gaz, words) == []
    # a town of any size before a word of a town's own body: "Avondale Mayor Ed Rieker"
    doc = _doc(nlp, "said Torrington Fire Chief Jim Koser today", [(1, 6, "PERSON")])
    assert _inner(doc, gaz, words) == [("Torrington", "INNER")]
    doc = _doc(nlp, "said Torrington City Sheriff Bob Lee today", [(1, 6, "PERSON")])
    assert _inner(doc, gaz, words) == [("Torrington", "INNER")]
    # "Town", "City" end place names too ("Grants Town"): only before another body word
    doc = _doc(nlp, "said Torrington Town Crier Bob Lee today", [(1, 6, "PERSON")])
    assert _inner(doc, gaz, words) == []


def test_a_text_read_once_by_the_caller_gives_the_same_places(nlp, gaz, words):
    """places_for reads each parse's Doc.text once and passes it (spaCy re-joins every token
    on each access): echo_names, inner_places and spot read what they are given."""
    doc = _doc(nlp, "Gainesville police met . Later Gainesville voted in the Torrington hall",
               [(0, 1, "GPE"), (5, 6, "PERSON")])
    d = Document(article=Article(id="a", origin="t", body=doc.text), parsed={"body": doc})
    text = doc.text
    assert echo_names(d, texts={"body": text}) == echo_names(d) == frozenset({"Gainesville"})
    others = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    echo = frozenset({"Gainesville", "Torrington"})
    given = inner_places(doc, gaz, words, others, echo, text)
    assert given == inner_places(doc, gaz, words, others, echo) != []
    assert spot(doc, gaz, words, echo=echo, text=text) == spot(doc, gaz, words, echo=echo) != []
    # the given text is the one read: offsets index into it
    shifted = echo_names(d, texts={"body": "X" + text})
    assert shifted != echo_names(d)
