"""Unit tests for the gazetteer spotter of the places stage (stages/place_spotter.py): place
names the NER did not tag. Hand-built gazetteer and parses, no spaCy model."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from dateline.model import Article, Document, EntityMention
from dateline.refdata.countries import load_countries
from dateline.refdata.gazetteer import Gazetteer, Place
from dateline.stages.place_spotter import free_of, load_spot_words, spot
from dateline.stages.places import places_for


def region(name, lat, lon, iso3, pop, level=1, admin1=None):
    return Place(name, lat, lon, iso3, "region", None, pop, admin1, level)


@pytest.fixture(scope="module")
def gaz():
    places = [
        (region("Idlib", 35.83, 36.62, "SYR", 435_557, 1, "12"), []),
        (region("Harris County", 29.82, -95.40, "USA", 3_214_178, 2, "TX"), ["Harris"]),
        (region("Anhui Sheng", 31.8, 117.2, "CHN", 9_000_000, 1, "01"), ["Anhui"]),
        (Place("Reading", 51.45, -0.97, "GBR", "city", 1, 318_000), []),
        (Place("Austin", 30.27, -97.74, "USA", "city", 2, 960_000, "TX"), []),
        (Place("Seoul", 37.57, 126.98, "KOR", "city", 3, 10_000_000), ["Soul"]),
        (Place("Elbow Lake", 45.99, -95.98, "USA", "city", 4, 1_200, "MN"), []),
        (Place("Tinytown", 1.0, 1.0, "GBR", "city", 5, 2_000), []),
        (Place("Laconia", 43.53, -71.47, "USA", "city", 6, 16_000, "NH"), []),
        (Place("Sligo", 54.27, -8.47, "IRL", "city", 7, 20_000), []),
    ]
    return Gazetteer(load_countries(), places)


@pytest.fixture(scope="module")
def words():
    return load_spot_words()


def _doc(nlp, text, ents=()):
    """A blank-pipeline parse of ``text`` (split on spaces) with ``ents`` as (word, label)."""
    toks = text.split(" ")
    labels = []
    for t in toks:
        lab = dict(ents).get(t)
        labels.append(f"B-{lab}" if lab else "O")
    return Doc(nlp.vocab, words=toks, spaces=[True] * (len(toks) - 1) + [False], ents=labels)


def _found(doc, gaz, words, blocked=(), headline=False):
    return [(doc.text[s:e], k) for s, e, k in spot(doc, gaz, words, blocked, headline)]


def test_region_word_found(nlp, gaz, words):
    doc = _doc(nlp, "Fighting spread to Idlib and Anhui on Sunday .")
    assert _found(doc, gaz, words) == [("Idlib", "SPOT"), ("Anhui", "SPOT")]
    # through the stage: resolved to the province, in its country
    art = Article(id="a", origin="t", body=doc.text)
    places = places_for(Document(article=art, parsed={"body": doc}), gaz, spot_words=words)
    assert [(p.text, p.country, p.resolution) for p in places] == [
        ("Idlib", "SYR", "region"), ("Anhui", "CHN", "region")]
    # and not without the spotter
    assert places_for(Document(article=art, parsed={"body": doc}), gaz) == []


def test_compass_region_of_a_place(nlp, gaz, words):
    doc = _doc(nlp, "Troops moved into northern Syria and south Idlib .", [("Syria", "GPE")])
    art = Article(id="b", origin="t", body=doc.text)
    places = places_for(Document(article=art, parsed={"body": doc}), gaz, spot_words=words)
    got = [(p.text, p.name, p.country, p.resolution, p.geonameid) for p in places]
    assert got == [("northern Syria", "Syria", "SYR", "region", None),
                   ("south Idlib", "Idlib", "SYR", "region", None)]
    for p in places:
        assert art.body[p.start:p.end] == p.text
    # a compass word that is part of one name is that name, not a region of another
    doc = _doc(nlp, "They fled to North Korea .")
    assert _found(doc, gaz, words) == [("North Korea", "SPOT")]
    # a lower-case compass word takes a town; a capitalised one ("West Wing") a state only
    assert _found(_doc(nlp, "farms in west Tinytown flooded"), gaz, words) == [
        ("west Tinytown", "COMPASS")]
    assert _found(_doc(nlp, "staff in the West Tinytown office"), gaz, words) == []
    assert _found(_doc(nlp, "rain in Eastern Anhui fell"), gaz, words) == [
        ("Eastern Anhui", "COMPASS")]


def test_ordinary_words_not_taken(nlp, gaz, words):
    # a stoplisted word that is also a city of 318,000
    assert _found(_doc(nlp, "he was Reading the news"), gaz, words) == []
    assert _found(_doc(nlp, "the team in Reading won"), gaz, words) == []
    # sentence-initial single word; in a headline
    assert _found(_doc(nlp, "Idlib was shelled ."), gaz, words) == []
    assert _found(_doc(nlp, "Shelling in Idlib"), gaz, words, headline=True) == []
    # next to another capitalised word (a name the NER missed), before a reporting verb
    assert _found(_doc(nlp, "coach Austin Rivers scored"), gaz, words) == []
    assert _found(_doc(nlp, "then Austin said no"), gaz, words) == []
    # a county's name without "County" is a surname; a town's alternate name an English word
    assert _found(_doc(nlp, "and Harris voted"), gaz, words) == []
    assert _found(_doc(nlp, "with all my Soul today"), gaz, words) == []
    # a small town needs several words; a code in capitals is not taken
    assert _found(_doc(nlp, "near Tinytown today"), gaz, words) == []
    assert _found(_doc(nlp, "man from Elbow Lake , said"), gaz, words) == [("Elbow Lake", "SPOT")]
    # after a capitalised "The" inside a sentence: a title or an organisation's name
    assert _found(_doc(nlp, "she worked at The Idlib today"), gaz, words) == []
    # a town only after a locative word
    assert _found(_doc(nlp, "but Elbow Lake won"), gaz, words) == []
    # inside another entity (the caller's blocked spans)
    doc = _doc(nlp, "met Idlib Smith today", [("Idlib", "PERSON")])
    assert _found(doc, gaz, words, blocked=[(4, 15)]) == []


def test_part_of_a_longer_name_not_taken(nlp, gaz, words):
    assert _found(_doc(nlp, "at Elbow Lake High School ."), gaz, words) == []
    doc = _doc(nlp, "Idlib fighters said")
    assert _found(doc, gaz, words) == []  # sentence-initial
    # (before a word of a town's own body a sentence start is no bar: "Carthage Police Chief")
    assert _found(_doc(nlp, "Idlib police said"), gaz, words) == [("Idlib", "SPOT")]
    doc = _doc(nlp, "the Idlib police said")
    assert _found(doc, gaz, words) == [("Idlib", "SPOT")]
    # "Austin" is in the stoplist (a given name), "Reading" a common word
    assert _found(_doc(nlp, "the Austin police said"), gaz, words) == []


def test_spotted_place_in_a_person_entity_is_not_a_place(nlp, gaz, words):
    doc = _doc(nlp, "we met Austin yesterday", [("Austin", "PERSON")])
    art = Article(id="c", origin="t", body=doc.text)
    d = Document(article=art, parsed={"body": doc},
                 entities=[EntityMention("Austin", "PERSON", 7, 13)])
    assert places_for(d, gaz, spot_words=words) == []


def test_single_word_town_after_a_locative_word_from_20000(nlp, gaz, words):
    # one word after "in", "around", "from": a town of 20,000 or more (LOCATIVE_POPULATION)
    assert _found(_doc(nlp, "interviews on radio in Sligo saying"), gaz, words) == [
        ("Sligo", "SPOT")]
    # smaller towns need a second word or a cue; no locative word: 100,000 as before
    assert _found(_doc(nlp, "flyers posted around Laconia today"), gaz, words) == []
    assert _found(_doc(nlp, "but Sligo won"), gaz, words) == []
    # the other guards stay: capitalised word after it, reporting verb
    assert _found(_doc(nlp, "a band in Sligo Rovers today"), gaz, words) == []
    assert _found(_doc(nlp, "a man in Sligo said"), gaz, words) == []


def test_untagged_town_before_its_own_body_or_residents(nlp, gaz, words):
    # a town of any size before a town body's word (any case), even at a sentence start
    assert _found(_doc(nlp, "he left . Tinytown Police Chief Bob Smith said"), gaz, words) == [
        ("Tinytown", "SPOT")]
    assert _found(_doc(nlp, "the Tinytown council met"), gaz, words) == [("Tinytown", "SPOT")]
    # before a lower-case resident word, not at a sentence start
    assert _found(_doc(nlp, "many Tinytown residents left"), gaz, words) == [("Tinytown", "SPOT")]
    assert _found(_doc(nlp, "he left . Tinytown residents met"), gaz, words) == []
    # a stoplisted word; after another name word; not a place under its own name
    assert _found(_doc(nlp, "the Reading police said"), gaz, words) == []
    assert _found(_doc(nlp, "coach Bob Tinytown council"), gaz, words) == []
    assert _found(_doc(nlp, "all my Soul residents"), gaz, words) == []

def test_free_of_answers_as_the_linear_scan():
    """free_of's binary search gives the linear scan's answer for overlapping, nested,
    touching, empty and unsorted ranges, and for no ranges at all."""
    import itertools
    import random

    rng = random.Random(7)
    cases = [[], [(5, 9)], [(10, 20), (0, 3), (12, 14), (20, 25), (7, 7), (30, 28)]]
    cases += [[(a, a + rng.randint(0, 12)) for a in rng.sample(range(60), 8)] for _ in range(30)]
    for blocked in cases:
        free = free_of(blocked)
        for s, e in itertools.product(range(-2, 75), range(-1, 76)):
            assert free(s, e) == (not any(s < b1 and b0 < e for b0, b1 in blocked)), \
                (blocked, s, e)
    assert free_of([(10, 20)])(20, 25) and not free_of([(10, 20)])(19, 25)
    assert free_of([(10, 20)])(0, 10) and not free_of([(10, 20), (0, 2)])(1, 10)


def test_division_of_several_words_before_another_name_word(nlp, gaz, words):
    # "Harris County Family Court judge": a division of several words under its own name is
    # taken before a capitalised word, as the places stage reads it inside an entity
    doc = _doc(nlp, "the one a Harris County Family Court judge issued")
    assert _found(doc, gaz, words) == [("Harris County", "SPOT")]
    # not a town or a one-word name before another name word
    doc = _doc(nlp, "the one a Harris Family Court judge issued")
    assert _found(doc, gaz, words) == []
