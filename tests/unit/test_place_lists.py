"""Unit tests for the places listed beside other places (stages/place_lists.py). Hand-built
gazetteer and parses, no spaCy model."""

from __future__ import annotations

import pytest

from dateline.model import Article, Document
from dateline.refdata.countries import load_countries
from dateline.refdata.gazetteer import Gazetteer, Place
from dateline.stages.place_lists import list_mates
from dateline.stages.place_spotter import load_spot_words
from dateline.stages.places import places_for

from .helpers import bio_doc as _doc


def town(name, lat, lon, iso3, pop, gid, admin1=None):
    return Place(name, lat, lon, iso3, "city", gid, pop, admin1)


@pytest.fixture(scope="module")
def gaz():
    places = [
        (town("Hilversum", 52.22, 5.18, "NLD", 85_000, 1), []),
        (town("Almelo", 52.36, 6.66, "NLD", 72_000, 2), []),
        (town("Zilina", 49.22, 18.74, "SVK", 85_000, 3), []),
        (town("Nitra", 48.31, 18.09, "SVK", 83_000, 4), []),
        (town("Presov", 49.0, 21.24, "SVK", 91_000, 5), []),
        (town("Kosice", 48.72, 21.26, "SVK", 240_000, 6), []),
        (town("Gloucester", 51.86, -2.24, "GBR", 125_000, 7), []),
        (town("Cheltenham", 51.9, -2.08, "GBR", 116_000, 8), []),
        (town("Tim", 51.63, 37.11, "RUS", 3_000, 9), []),
        (town("Kristina", 60.0, 30.0, "RUS", 2_000, 10), []),
        (town("Hampden", 44.74, -68.84, "USA", 7_000, 11, "ME"), []),
        (town("Center", 31.8, -94.18, "USA", 5_000, 12, "TX"), []),
        (town("Smith", 55.17, -114.02, "CAN", 1_500, 13), []),
        (town("Side", 36.77, 31.39, "TUR", 11_000, 14), []),
        (town("Paris", 48.85, 2.35, "FRA", 2_100_000, 15), []),
        (town("Mannheim", 49.49, 8.47, "DEU", 300_000, 16), ["Manheim"]),
    ]
    return Gazetteer(load_countries(), places)


@pytest.fixture(scope="module")
def words():
    return load_spot_words()


def _mates(doc, gaz, words, found_labels=("GPE",)):
    found = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in found_labels]
    others = [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in found_labels]
    return [(doc.text[s:e], k) for s, e, k in list_mates(doc, gaz, words, found, others)]


def _places(doc, gaz, words):
    art = Article(id="a", origin="t", body=doc.text)
    d = Document(article=art, parsed={"body": doc})
    return [(p.text, p.name, p.country) for p in places_for(d, gaz, spot_words=words)]


def test_name_listed_after_a_place(nlp, gaz, words):
    # "Almelo" tagged ORG beside a GPE: taken, and through the stage resolved
    doc = _doc(nlp, "stops in Hilversum and Almelo , the paper said",
               [(2, 3, "GPE"), (4, 5, "ORG")])
    assert _mates(doc, gaz, words) == [("Almelo", "LIST")]
    assert _places(doc, gaz, words) == [("Hilversum", "Hilversum", "NLD"),
                                        ("Almelo", "Almelo", "NLD")]
    # without the spotter's words, nothing is added
    art = Article(id="a", origin="t", body=doc.text)
    assert [p.text for p in places_for(Document(article=art, parsed={"body": doc}), gaz)] == [
        "Hilversum"]


def test_a_chain_of_names_and_a_name_before_the_place(nlp, gaz, words):
    doc = _doc(nlp, "its stores in Zilina , Nitra , Presov and Kosice were sold", [(3, 4, "GPE")])
    assert _mates(doc, gaz, words) == [("Nitra", "LIST"), ("Presov", "LIST"),
                                       ("Kosice", "LIST")]
    doc = _doc(nlp, "travelling to Gloucester and Cheltenham , potentially", [(4, 5, "GPE")])
    assert _mates(doc, gaz, words) == [("Gloucester", "LIST")]


def test_list_guards(nlp, gaz, words):
    # no place beside it: a list of people stays people
    assert _mates(_doc(nlp, "with Tim and Kristina today"), gaz, words) == []
    # the article names it as a person elsewhere
    doc = _doc(nlp, "Kristina and Tim met . Later Tim said", [(0, 1, "GPE"), (6, 7, "PERSON")])
    assert _mates(doc, gaz, words) == []
    # part of a longer name; a list of streets; a name the gazetteer has only as an alias
    doc = _doc(nlp, "classes in Paris and Smith College began", [(2, 3, "GPE")])
    assert _mates(doc, gaz, words) == []
    doc = _doc(nlp, "the shop at Hampden and Center streets opened", [(5, 6, "GPE")])
    assert _mates(doc, gaz, words) == []
    doc = _doc(nlp, "shows in Paris and Manheim were", [(2, 3, "GPE")])
    assert _mates(doc, gaz, words) == []
    # a name before the place needs a locative word, a join or a punctuation mark before it
    doc = _doc(nlp, "In October , Side by Side , Paris 's first", [(7, 8, "GPE")])
    assert _mates(doc, gaz, words) == []
    # not at the start of a sentence; a surname of a person named in full
    doc = _doc(nlp, "they left . Almelo and Hilversum are", [(5, 6, "GPE")])
    assert _mates(doc, gaz, words) == []
    doc = _doc(nlp, "said Robert Gloucester . In Paris and Gloucester", [(1, 3, "PERSON"),
                                                                       (5, 6, "GPE")])
    assert _mates(doc, gaz, words) == []
