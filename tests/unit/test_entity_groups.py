"""GROUP mentions of unnamed bodies and groups on hand-built spaCy Docs (no model loaded)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from dateline.model import EntityMention  # noqa: E402
from dateline.stages.entity_groups import group_mentions, head_sector  # noqa: E402

#: plural nouns of the test sentences and their lemmas
_LEMMAS = {"troops": "troops", "protesters": "protester", "farmers": "farmer",
           "authorities": "authority", "officials": "official", "teachers": "teacher",
           "officers": "officer", "bonds": "bond"}
_ADJ = {"riot": "NOUN", "health": "NOUN", "local": "ADJ", "federal": "ADJ", "former": "ADJ",
        "several": "ADJ", "traffic": "NOUN"}



def doc_and_mentions(nlp, text, ents):
    """A Doc with POS, tags and lemmas set by hand, and the entity mentions ``ents`` =
    (surface, label, country)."""
    doc = nlp.make_doc(text)
    for t in doc:
        low = t.lower_
        if low in ("the", "a", "and", "with", "said", "clashed", "met", "rejected", "'s", "."):
            t.pos_ = {"the": "DET", "a": "DET", "and": "CCONJ", "with": "ADP", "'s": "PART",
                      ".": "PUNCT"}.get(low, "VERB")
        elif low in _ADJ:
            t.pos_ = _ADJ[low]
        else:
            t.pos_ = "PROPN" if t.text[:1].isupper() else "NOUN"
        if low in _LEMMAS:
            t.lemma_, t.tag_ = _LEMMAS[low], "NNS"
        else:
            t.lemma_ = low
    mentions, pos = [], 0
    for surface, label, country in ents:
        s = text.index(surface, pos)
        mentions.append(EntityMention(surface, label, s, s + len(surface), surface, country))
        pos = s + len(surface)
    return doc, mentions


def groups(nlp, table, text, ents=()):
    doc, ms = doc_and_mentions(nlp, text, list(ents))
    out = group_mentions(doc, "body", ms, table)
    for g in out:
        assert text[g.start:g.end] == g.text
    return {g.text: g for g in out}


def test_demonym_and_body(nlp, table):
    gs = groups(nlp, table, "Ethiopian troops and Kenyan riot police clashed with protesters.",
                [("Ethiopian", "NORP", "ETH"), ("Kenyan", "NORP", "KEN")])
    troops = gs["Ethiopian troops"]
    assert (troops.label, troops.name, troops.country, troops.sector) == \
        ("GROUP", "Ethiopia", "ETH", "MIL")  # a state's body is the state (SPEC section 5)
    police = gs["Kenyan riot police"]
    assert (police.name, police.country, police.sector) == ("Kenya", "KEN", "COP")
    crowd = gs["protesters"]  # a group without its country: named as written
    assert (crowd.name, crowd.country, crowd.sector) == ("protesters", None, "CVL")


def test_possessive_country_and_regional_demonym(nlp, table):
    gs = groups(nlp, table, "Israel's military and Chinese health authorities met local officials.",
                [("Israel", "GPE", "ISR"), ("Chinese", "NORP", "CHN")])
    mil = gs["Israel's military"]
    assert (mil.country, mil.sector, mil.name) == ("ISR", "MIL", "Israel")
    assert (gs["Chinese health authorities"].country, gs["Chinese health authorities"].sector) == \
        ("CHN", "GOV")
    assert gs["local officials"].country is None and gs["local officials"].sector == "GOV"


def test_domestic_bodies_without_a_country(nlp, table):
    gs = groups(nlp, table, "The ministry and the court and parliament rejected it.")
    assert {t: (g.country, g.sector) for t, g in gs.items()} == {
        "ministry": (None, "GOV"), "court": (None, "JUD"), "parliament": (None, "LEG")}


def test_what_is_not_a_group(nlp, table):
    # a singular group word, a quantifier, a word inside a name, a compound modifier
    gs = groups(nlp, table, "A farmer met several teachers and the Kenya Police Service.",
                [("Kenya Police Service", "ORG", "KEN")])
    assert set(gs) == {"teachers"}
    doc, _ = doc_and_mentions(nlp, "police officers", [])
    doc[0].dep_, doc[0].head = "compound", doc[1]
    assert head_sector(doc[0], table) is None  # "police" modifies "officers"
    assert head_sector(doc[1], table) == "COP"  # "officers" heads the phrase


def test_former_members_start_after_former(nlp, table):
    gs = groups(nlp, table, "The former officials met.")
    assert set(gs) == {"officials"}


def test_a_demonym_ner_tagged_otherwise_still_gives_the_country(nlp, table):
    # "Moldovan police": NER tagged "Moldovan" a person, which has no country; the demonym
    # itself names the body's state (session 12: such bodies took the article's country, RUS)
    gs = groups(nlp, table, "Moldovan police clashed with Kenyan protesters.",
                [("Moldovan", "PERSON", None)])
    police = gs["Moldovan police"]
    assert (police.name, police.country, police.sector) == ("Moldova", "MDA", "COP")
    crowd = gs["Kenyan protesters"]  # no mention at all over the demonym
    assert (crowd.name, crowd.country, crowd.sector) == ("Kenyan protesters", "KEN", "CVL")
