"""Unit tests for the third precision round: figurative event nouns, purpose clauses,
content complements the parser attached as adverbial clauses, terms of a deal, motive phrases,
organisations named by description, reactions to a state organ, capitals in organisation names.

Parses and mentions are built by hand (no model loads). Each rule has a control sentence that
codes the event the rule removes, so that the test fails when the rule is gone.
"""

from __future__ import annotations

import pytest

from dateline.events.article import reaction_recipients
from dateline.events.lexicon import load_lexicon
from dateline.model import Actor, Event, Evidence
from .helpers import _code, document, ent, parse

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _types(doc, lexicon, countries) -> list[str]:
    return sorted(e.event for e in _code(doc, lexicon, countries))


def _russia_ukraine(d, r: int, u: int):
    return [ent(d, r, r + 1, "GPE", "Russia", "RUS", "GOV"),
            ent(d, u, u + 1, "GPE", "Ukraine", "UKR", "GOV")]


# --- figurative event nouns --------------------------------------------------------------


def test_trade_war_is_no_assault(lexicon, countries):
    war = parse("Russia/Russia/PROPN/nsubj/1 launched/launch/VERB/ROOT/1 a/a/DET/det/3 "
                "war/war/NOUN/dobj/1 on/on/ADP/prep/3 Ukraine/Ukraine/PROPN/pobj/4 "
                "././PUNCT/punct/1")
    doc = document({"body": war})
    doc.entities = _russia_ukraine(war, 0, 5)
    assert "ASSAULT" in _types(doc, lexicon, countries)  # control
    trade = parse("Russia/Russia/PROPN/nsubj/1 launched/launch/VERB/ROOT/1 a/a/DET/det/4 "
                  "trade/trade/NOUN/compound/4 war/war/NOUN/dobj/1 on/on/ADP/prep/4 "
                  "Ukraine/Ukraine/PROPN/pobj/5 ././PUNCT/punct/1")
    doc = document({"body": trade})
    doc.entities = _russia_ukraine(trade, 0, 6)
    assert "ASSAULT" not in _types(doc, lexicon, countries)


# --- purpose clauses ---------------------------------------------------------------------

_SENT_TO_ATTACK = ("Russia/Russia/PROPN/nsubj/1 sent/send/VERB/ROOT/1 troops/troop/NOUN/dobj/1 "
                   "to/to/PART/aux/4 attack/attack/VERB/advcl/1 Ukraine/Ukraine/PROPN/dobj/4 "
                   "././PUNCT/punct/1")


def test_purpose_of_another_event_is_no_second_event(lexicon, countries):
    d = parse(_SENT_TO_ATTACK)
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 5)
    assert _types(doc, lexicon, countries) == ["MOBILIZE"]
    # control: the same clause with a subject of its own is a second happening
    d = parse("Russia/Russia/PROPN/nsubj/1 sent/send/VERB/ROOT/1 troops/troop/NOUN/dobj/1 "
              "and/and/CCONJ/cc/1 attacked/attack/VERB/conj/1 Ukraine/Ukraine/PROPN/dobj/4 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 5)
    assert "ASSAULT" in _types(doc, lexicon, countries)


def test_purpose_of_a_verb_that_codes_nothing_stays(lexicon, countries):
    d = parse("Russia/Russia/PROPN/nsubj/1 came/come/VERB/ROOT/1 to/to/PART/aux/3 "
              "attack/attack/VERB/advcl/1 Ukraine/Ukraine/PROPN/dobj/3 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 4)
    assert "ASSAULT" in _types(doc, lexicon, countries)


# --- content complements -----------------------------------------------------------------


def test_infinitive_attached_as_adverbial_clause_is_the_agreements_content(lexicon, countries):
    # "Russia did agree on Friday to attack Ukraine": the parser made "attack" an advcl
    d = parse("Russia/Russia/PROPN/nsubj/2 did/do/AUX/aux/2 agree/agree/VERB/ROOT/2 "
              "on/on/ADP/prep/2 Friday/Friday/PROPN/pobj/3 to/to/PART/aux/6 "
              "attack/attack/VERB/advcl/2 Ukraine/Ukraine/PROPN/dobj/6 ././PUNCT/punct/2")
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 7)
    assert _types(doc, lexicon, countries) == ["AGREE"]


def test_participle_of_the_content_folds_but_of_the_governor_stays(lexicon, countries):
    # "Russia agreed to send troops, attacking Ukraine": the participle hangs off the content
    d = parse("Russia/Russia/PROPN/nsubj/1 agreed/agree/VERB/ROOT/1 to/to/PART/aux/3 "
              "send/send/VERB/xcomp/1 troops/troop/NOUN/dobj/3 ,/,/PUNCT/punct/3 "
              "attacking/attack/VERB/advcl/3 Ukraine/Ukraine/PROPN/dobj/6 ././PUNCT/punct/1")
    d[6].tag_ = "VBG"
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 7)
    assert "ASSAULT" not in _types(doc, lexicon, countries)
    # "Russia rejected the call, accusing Ukraine": a second statement of the governor
    d = parse("Russia/Russia/PROPN/nsubj/1 rejected/reject/VERB/ROOT/1 the/the/DET/det/3 "
              "call/call/NOUN/dobj/1 ,/,/PUNCT/punct/1 accusing/accuse/VERB/advcl/1 "
              "Ukraine/Ukraine/PROPN/dobj/5 ././PUNCT/punct/1")
    d[5].tag_ = "VBG"
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 6)
    assert "ACCUSE" in _types(doc, lexicon, countries)


# --- terms of a deal -----------------------------------------------------------------------


def test_terms_of_a_deal_are_no_event(lexicon, countries):
    spec = ("Russia/Russia/PROPN/nsubj/2 will/will/AUX/aux/2 send/send/VERB/ROOT/2 "
            "aid/aid/NOUN/dobj/2 to/to/ADP/prep/2 Ukraine/Ukraine/PROPN/pobj/4 "
            "././PUNCT/punct/2")
    d = parse(spec)
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 0, 5)
    assert _types(doc, lexicon, countries)  # control: an announced aid delivery is coded
    d = parse("Under/under/ADP/prep/6 the/the/DET/det/2 deal/deal/NOUN/pobj/0 ,/,/PUNCT/punct/6 "
              "Russia/Russia/PROPN/nsubj/6 will/will/AUX/aux/6 send/send/VERB/ROOT/6 "
              "aid/aid/NOUN/dobj/6 to/to/ADP/prep/6 Ukraine/Ukraine/PROPN/pobj/8 "
              "././PUNCT/punct/6")
    doc = document({"body": d})
    doc.entities = _russia_ukraine(d, 4, 9)
    assert _types(doc, lexicon, countries) == []


# --- motive phrases ------------------------------------------------------------------------


def test_solidarity_as_the_motive_of_a_strike_is_no_second_event(lexicon, countries):
    d = parse("Workers/worker/NOUN/nsubj/1 showed/show/VERB/ROOT/1 "
              "solidarity/solidarity/NOUN/dobj/1 with/with/ADP/prep/2 "
              "students/student/NOUN/pobj/3 ././PUNCT/punct/1")
    control = _types(document({"body": d}), lexicon, countries)
    assert control and "PROTEST" not in control  # solidarity on its own is coded
    d = parse("Workers/worker/NOUN/nsubj/1 went/go/VERB/ROOT/1 on/on/ADP/prep/1 "
              "strike/strike/NOUN/pobj/2 in/in/ADP/prep/1 solidarity/solidarity/NOUN/pobj/4 "
              "with/with/ADP/prep/5 students/student/NOUN/pobj/6 ././PUNCT/punct/1")
    assert _types(document({"body": d}), lexicon, countries) == ["PROTEST"]


# --- organisations named by description -----------------------------------------------------


def test_the_militia_is_the_armed_group_named_before(lexicon, countries):
    # "The RSF attacked Kassala. The army vowed to crush the militia."
    d = parse("The/the/DET/det/1 RSF/RSF/PROPN/nsubj/2 attacked/attack/VERB/ROOT/2 "
              "Kassala/Kassala/PROPN/dobj/2 ././PUNCT/punct/2 The/the/DET/det/6 "
              "army/army/NOUN/nsubj/7 vowed/vow/VERB/ROOT/7 to/to/PART/aux/9 "
              "crush/crush/VERB/xcomp/7 the/the/DET/det/11 militia/militia/NOUN/dobj/9 "
              "././PUNCT/punct/7")
    doc = document({"body": d})
    doc.entities = [ent(d, 1, 2, "ORG", "Rapid Support Forces", "SDN", "REB")]
    threat = [e for e in _code(doc, lexicon, countries) if e.event == "THREATEN"]
    assert threat and [r.name for r in threat[0].recipient] == ["Rapid Support Forces"]


def test_organisation_descriptions_need_a_fitting_sector():
    from dateline.events.coref import PeopleIndex
    from dateline.model import EntityMention

    body = "The EU met the RSF. The bloc condemned the militia and the party."
    ents = [EntityMention("EU", "ORG", 4, 6, "European Union", None, "IGO"),
            EntityMention("RSF", "ORG", 15, 18, "Rapid Support Forces", "SDN", "REB")]
    idx = PeopleIndex.build({"body": body}, ents)
    end = (2, len(body))
    assert idx.organisation(end, "bloc").name == "European Union"
    assert idx.organisation(end, "militia").name == "Rapid Support Forces"
    assert idx.organisation(end, "party") is None  # no party named
    assert idx.organisation((2, 0), "militia") is None  # nothing named before
    assert idx.organisation(end, "weather") is None


# --- reactions to a state organ -------------------------------------------------------------


def _event(kind, sentence, actors, recipients=(), start=0):
    return Event(event=kind, actor=list(actors), recipient=list(recipients),
                 evidence=Evidence("body", sentence, start, start + len(sentence)))


def test_reaction_to_a_court_ruling_is_also_a_reaction_to_its_state():
    court = Actor("Tbilisi City Court", "Tbilisi City Court", "GEO", "JUD")
    kallas = Actor("Kaja Kallas", "Kaja Kallas", None, "IGO")
    sentence = _event("SANCTION", "The court sentenced Kipiani.", [court])
    accuse = _event("ACCUSE", "Kallas condemned the sentence as politically motivated.",
                    [kallas], start=100)
    reaction_recipients([sentence, accuse], {"GEO": "Georgia"})
    assert [r.name for r in accuse.recipient] == ["Tbilisi City Court", "Georgia"]
    assert accuse.recipient[1].country == "GEO" and accuse.recipient[1].sector == "GOV"
    # without the country's name in the article: only the court
    accuse2 = _event("ACCUSE", "Kallas condemned the sentence.", [kallas], start=200)
    reaction_recipients([sentence, accuse2])
    assert [r.name for r in accuse2.recipient] == ["Tbilisi City Court"]


def test_reaction_to_a_company_adds_no_country():
    firm = Actor("Gazprom", "Gazprom", "RUS", "BUS")
    eu = Actor("European Union", "European Union", None, "IGO")
    act = _event("SANCTION", "Gazprom imposed sanctions on traders.", [firm])
    accuse = _event("ACCUSE", "The EU condemned the sanctions.", [eu], start=100)
    reaction_recipients([act, accuse], {"RUS": "Russia"})
    assert [r.name for r in accuse.recipient] == ["Gazprom"]


# --- capitals in organisation names -----------------------------------------------------------


def test_capital_opening_an_organisation_name_gives_its_country():
    from dateline.stages.entities import _capital_country

    capitals = {"Tbilisi": "GEO", "Kyiv": "UKR", "Mexico City": "MEX"}
    assert _capital_country("Tbilisi City Court", capitals) == "GEO"
    assert _capital_country("the Mexico City Council", capitals) == "MEX"
    assert _capital_country("Tbilisi", capitals) is None  # the city itself is no organisation
    assert _capital_country("Supreme Court", capitals) is None


# --- misparses: small clauses, participle objects, summons ---------------------------------


def test_verb_coordinated_with_a_small_clause_takes_the_governing_subject(lexicon, countries):
    # "Moldova declared the staff persona non grata and summoned Ozerov": the parser read
    # "[the staff] persona" as a clause and hung "summoned" from it
    d = parse("Moldova/Moldova/PROPN/nsubj/1 declared/declare/VERB/ROOT/1 the/the/DET/det/3 "
              "staff/staff/NOUN/nsubj/4 persona/persona/NOUN/ccomp/1 and/and/CCONJ/cc/4 "
              "summoned/summon/VERB/conj/4 Ozerov/Ozerov/PROPN/dobj/6 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Moldova", "MDA", "GOV"),
                    ent(d, 7, 8, "PERSON", "Oleg Ozerov", "RUS", "GOV")]
    summons = [e for e in _code(doc, lexicon, countries)
               if any(r.name == "Oleg Ozerov" for r in e.recipient)]
    assert summons and [a.name for a in summons[0].actor] == ["Moldova"]


def test_them_in_a_participle_clause_is_the_main_verbs_object(lexicon, countries):
    # "Moldova expelled three Russian diplomats, accusing them of spying."
    d = parse("Moldova/Moldova/PROPN/nsubj/1 expelled/expel/VERB/ROOT/1 "
              "three/three/NUM/nummod/4 Russian/russian/ADJ/amod/4 "
              "diplomats/diplomat/NOUN/dobj/1 ,/,/PUNCT/punct/1 "
              "accusing/accuse/VERB/advcl/1 them/they/PRON/dobj/6 of/of/ADP/prep/6 "
              "spying/spy/VERB/pcomp/8 ././PUNCT/punct/1")
    d[6].tag_ = "VBG"
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Moldova", "MDA", "GOV"),
                    ent(d, 3, 4, "NORP", "Russian", "RUS")]
    accuse = [e for e in _code(doc, lexicon, countries) if e.event == "ACCUSE"]
    assert accuse and [r.country for r in accuse[0].recipient] == ["RUS"]
    assert all(r.name != "them" for r in accuse[0].recipient)


def test_what_a_summoned_envoy_delivers_is_the_summons(lexicon, countries):
    # "Moldova summoned Ozerov to deliver a protest": one ACCUSE, no AID or PROTEST
    d = parse("Moldova/Moldova/PROPN/nsubj/1 summoned/summon/VERB/ROOT/1 "
              "Ozerov/Ozerov/PROPN/dobj/1 to/to/PART/aux/4 deliver/deliver/VERB/xcomp/1 "
              "a/a/DET/det/6 protest/protest/NOUN/dobj/4 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Moldova", "MDA", "GOV"),
                    ent(d, 2, 3, "PERSON", "Oleg Ozerov", "RUS", "GOV")]
    assert _types(doc, lexicon, countries) == ["ACCUSE"]
