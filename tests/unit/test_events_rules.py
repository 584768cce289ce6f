"""Unit tests for the coder's sentence-level rules (issue 3): ranking, reported speech,
passives, common-noun actors, nominal events, appeals, statement frames, refusals,
announced actions, demands and the noun "strike".

Parses are built by hand ('word/lemma/POS/dep/head'); no spaCy model loads.
"""

from __future__ import annotations

import pytest

from dateline.events.lexicon import load_lexicon
from dateline.events.document import code_document

from .helpers import document, ent, parse, when

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _code(text_spec: str, lexicon, countries, ents=()):
    d = parse(text_spec)
    doc = document({"body": d})
    doc.entities = [ent(d, *e) for e in ents]
    return code_document(doc, lexicon, countries, "2025-09-02")


def test_reported_speech_codes_the_reported_event(lexicon, countries):
    # "Kurds said troops attacked villages ."
    evs = _code("Kurds/Kurds/PROPN/nsubj/1 said/say/VERB/ROOT/1 troops/troops/NOUN/nsubj/3 "
                "attacked/attack/VERB/ccomp/1 villages/village/NOUN/dobj/3 ././PUNCT/punct/1",
                lexicon, countries, [(0, 1, "NORP", "Kurds")])
    assert [e.event for e in evs] == ["ASSAULT"]
    assert evs[0].actor[0].sector == "MIL"  # "troops": an unnamed actor with a sector


def test_main_clause_event_ranks_before_embedded_one(lexicon, countries):
    # "France condemned the attack that killed soldiers ." -> ACCUSE first, ASSAULT after
    evs = _code("France/France/PROPN/nsubj/1 condemned/condemn/VERB/ROOT/1 the/the/DET/det/3 "
                "attack/attack/NOUN/dobj/1 that/that/PRON/nsubj/5 killed/kill/VERB/relcl/3 "
                "soldiers/soldier/NOUN/dobj/5 ././PUNCT/punct/1",
                lexicon, countries, [(0, 1, "GPE", "France", "FRA")])
    assert evs[0].event == "ACCUSE"
    assert "ASSAULT" in [e.event for e in evs[1:]]


def test_embedded_trigger_before_main_verb_still_ranks_second(lexicon, countries):
    # "After rebels attacked the town , police arrested them ." -> COERCE (main) first
    evs = _code("After/after/SCONJ/mark/2 rebels/rebel/NOUN/nsubj/2 attacked/attack/VERB/advcl/7 "
                "the/the/DET/det/4 town/town/NOUN/dobj/2 ,/,/PUNCT/punct/7 police/police/NOUN/nsubj/7 "
                "arrested/arrest/VERB/ROOT/7 them/they/PRON/dobj/7 ././PUNCT/punct/7",
                lexicon, countries)
    assert [e.event for e in evs][:2] == ["COERCE", "ASSAULT"]


def test_passive_without_agent_keeps_the_recipient(lexicon, countries):
    # "Ingabire was arrested ."
    evs = _code("Ingabire/Ingabire/PROPN/nsubjpass/2 was/be/AUX/auxpass/2 "
                "arrested/arrest/VERB/ROOT/2 ././PUNCT/punct/2",
                lexicon, countries, [(0, 1, "PERSON", "Victoire Ingabire", "RWA")])
    [ev] = evs
    assert ev.event == "COERCE" and ev.actor == []
    assert [r.name for r in ev.recipient] == ["Victoire Ingabire"]


def test_active_verb_without_subject_is_not_coded(lexicon, countries):
    # a misparse: "... shared opposition to the United States" with no subject
    evs = _code("shared/share/VERB/ROOT/0 opposition/opposition/NOUN/dobj/0 ././PUNCT/punct/0",
                lexicon, countries)
    assert evs == []


def test_light_verb_nominal_sanctions(lexicon, countries):
    # "Britain imposed sanctions on Belarus ."
    [ev] = _code("Britain/Britain/PROPN/nsubj/1 imposed/impose/VERB/ROOT/1 "
                 "sanctions/sanction/NOUN/dobj/1 on/on/ADP/prep/2 Belarus/Belarus/PROPN/pobj/3 "
                 "././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "GPE", "United Kingdom", "GBR"), (4, 5, "GPE", "Belarus", "BLR")])
    assert ev.event == "SANCTION"
    assert [a.country for a in ev.actor] == ["GBR"]
    assert [r.country for r in ev.recipient] == ["BLR"]


def test_nominal_actor_from_governing_verb(lexicon, countries):
    # "Troops remained on alert ." -> MOBILIZE by the troops
    [ev] = _code("Troops/troops/NOUN/nsubj/1 remained/remain/VERB/ROOT/1 on/on/ADP/prep/1 "
                 "alert/alert/NOUN/pobj/2 ././PUNCT/punct/1", lexicon, countries)
    assert ev.event == "MOBILIZE" and ev.actor[0].sector == "MIL"


def test_quantity_subject_names_the_group(lexicon, countries):
    # "Thousands of students demonstrated ."
    [ev] = _code("Thousands/thousand/NOUN/nsubj/3 of/of/ADP/prep/0 students/student/NOUN/pobj/1 "
                 "demonstrated/demonstrate/VERB/ROOT/3 ././PUNCT/punct/3", lexicon, countries)
    assert ev.event == "PROTEST" and ev.actor[0].sector == "EDU"


def test_appeal_complement_is_no_event(lexicon, countries):
    # "The UN urged Israel to withdraw .": the withdrawal is only asked for (no RETREAT); the
    # appeal to a named party is the UN's REQUEST of Israel (the own gold set's convention)
    evs = _code("The/the/DET/det/1 UN/UN/PROPN/nsubj/2 urged/urge/VERB/ROOT/2 "
                "Israel/Israel/PROPN/dobj/2 to/to/PART/aux/5 withdraw/withdraw/VERB/xcomp/2 "
                "././PUNCT/punct/2", lexicon, countries,
                [(1, 2, "ORG", "United Nations"), (3, 4, "GPE", "Israel", "ISR")])
    assert [e.event for e in evs] == ["REQUEST"]
    assert evs[0].actor[0].name == "United Nations" and evs[0].recipient[0].country == "ISR"


def test_statement_frames_block_what_they_state(lexicon, countries):
    # "China denied charges that it attacked Taiwan ."
    denied = _code("China/China/PROPN/nsubj/1 denied/deny/VERB/ROOT/1 charges/charge/NOUN/dobj/1 "
                   "that/that/SCONJ/mark/5 it/it/PRON/nsubj/5 attacked/attack/VERB/acl/2 "
                   "Taiwan/Taiwan/PROPN/dobj/5 ././PUNCT/punct/1", lexicon, countries,
                   [(0, 1, "GPE", "China", "CHN"), (6, 7, "GPE", "Taiwan", "TWN")])
    assert denied == []
    # "Putin expressed concern over the attack ."
    concern = _code("Putin/Putin/PROPN/nsubj/1 expressed/express/VERB/ROOT/1 "
                    "concern/concern/NOUN/dobj/1 over/over/ADP/prep/2 the/the/DET/det/5 "
                    "attack/attack/NOUN/pobj/3 ././PUNCT/punct/1", lexicon, countries,
                    [(0, 1, "PERSON", "Vladimir Putin", "RUS")])
    assert concern == []


def test_will_not_is_a_refusal(lexicon, countries):
    # "Obama will not lift the embargo ."
    [ev] = _code("Obama/Obama/PROPN/nsubj/3 will/will/AUX/aux/3 not/not/PART/neg/3 "
                 "lift/lift/VERB/ROOT/3 the/the/DET/det/5 embargo/embargo/NOUN/dobj/3 "
                 "././PUNCT/punct/3", lexicon, countries, [(0, 1, "PERSON", "Barack Obama", "USA")])
    assert (ev.event, ev.modality) == ("REJECT", "asserted")


def test_failed_agreement_is_a_rejection(lexicon, countries):
    # "Russia failed to agree with Ukraine ."
    [ev] = _code("Russia/Russia/PROPN/nsubj/1 failed/fail/VERB/ROOT/1 to/to/PART/aux/3 "
                 "agree/agree/VERB/xcomp/1 with/with/ADP/prep/3 Ukraine/Ukraine/PROPN/pobj/4 "
                 "././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "GPE", "Russia", "RUS"), (5, 6, "GPE", "Ukraine", "UKR")])
    assert ev.event == "REJECT"


def test_announced_aid_is_intent_and_announced_coercion_a_threat(lexicon, countries):
    # "Japan will provide aid to Haiti ." -> AGREE (intent to provide aid)
    [aid] = _code("Japan/Japan/PROPN/nsubj/2 will/will/AUX/aux/2 provide/provide/VERB/ROOT/2 "
                  "aid/aid/NOUN/dobj/2 to/to/ADP/prep/2 Haiti/Haiti/PROPN/pobj/4 ././PUNCT/punct/2",
                  lexicon, countries, [(0, 1, "GPE", "Japan", "JPN"), (5, 6, "GPE", "Haiti", "HTI")])
    assert aid.event == "AGREE"
    # "The government will impose a curfew ." -> THREATEN (restrict)
    evs = _code("The/the/DET/det/1 government/government/NOUN/nsubj/3 will/will/AUX/aux/3 "
                "impose/impose/VERB/ROOT/3 a/a/DET/det/5 curfew/curfew/NOUN/dobj/3 ././PUNCT/punct/3",
                lexicon, countries)
    assert evs[0].event == "THREATEN"


def test_said_must_is_a_demand_by_the_speaker(lexicon, countries):
    # "Russia said Sudan must return the helicopter ."
    [ev] = _code("Russia/Russia/PROPN/nsubj/1 said/say/VERB/ROOT/1 Sudan/Sudan/PROPN/nsubj/4 "
                 "must/must/AUX/aux/4 return/return/VERB/ccomp/1 the/the/DET/det/6 "
                 "helicopter/helicopter/NOUN/dobj/4 ././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "GPE", "Russia", "RUS"), (2, 3, "GPE", "Sudan", "SDN")])
    assert ev.event == "REQUEST"
    assert [a.country for a in ev.actor] == ["RUS"]
    assert [r.country for r in ev.recipient] == ["SDN"]


@pytest.mark.parametrize("modifier,event", [("air", "ASSAULT"), ("hunger", "PROTEST"),
                                            ("general", "PROTEST")])
def test_strike_noun_reads_its_modifier(lexicon, countries, modifier, event):
    # "Workers launched a <modifier> strike ."
    [ev] = _code(f"Workers/worker/NOUN/nsubj/1 launched/launch/VERB/ROOT/1 a/a/DET/det/4 "
                 f"{modifier}/{modifier}/NOUN/compound/4 strike/strike/NOUN/dobj/1 ././PUNCT/punct/1",
                 lexicon, countries)
    assert ev.event == event


def test_commemorated_events_are_history_not_events(lexicon, countries):
    # "the anniversary of Japan's surrender" inside a parade sentence
    evs = _code("Crowds/crowd/NOUN/nsubj/1 marked/mark/VERB/ROOT/1 the/the/DET/det/3 "
                "anniversary/anniversary/NOUN/dobj/1 of/of/ADP/prep/3 Japan/Japan/PROPN/poss/7 "
                "'s/'s/PART/case/5 surrender/surrender/NOUN/pobj/4 ././PUNCT/punct/1",
                lexicon, countries, [(5, 6, "GPE", "Japan", "JPN")])
    assert evs == []


def test_agreeing_with_an_opinion_is_a_statement(lexicon, countries):
    # "Officials said they agree with the NCAA ." (CAMEO 019 express accord: no event)
    evs = _code("Officials/official/NOUN/nsubj/1 said/say/VERB/ROOT/1 they/they/PRON/nsubj/3 "
                "agree/agree/VERB/ccomp/1 with/with/ADP/prep/3 the/the/DET/det/6 "
                "NCAA/NCAA/PROPN/pobj/4 ././PUNCT/punct/1", lexicon, countries,
                [(6, 7, "ORG", "NCAA")])
    assert evs == []


def test_deliberation_is_no_event(lexicon, countries):
    # "Japan is considering sending aid ." (CAMEO 014: considering is not doing)
    evs = _code("Japan/Japan/PROPN/nsubj/2 is/be/AUX/aux/2 considering/consider/VERB/ROOT/2 "
                "sending/send/VERB/xcomp/2 aid/aid/NOUN/dobj/3 ././PUNCT/punct/2",
                lexicon, countries, [(0, 1, "GPE", "Japan", "JPN")])
    assert evs == []


def test_reduced_clause_with_object_takes_its_noun_as_doer(lexicon, countries):
    # misparsed headline: "The air force carrying out strikes in Mosul"
    [ev] = _code("The/the/DET/det/2 air/air/NOUN/compound/2 force/force/NOUN/ROOT/2 "
                 "carrying/carry/VERB/acl/2 out/out/ADP/prt/3 air/air/NOUN/compound/6 "
                 "strikes/strike/NOUN/dobj/3 ././PUNCT/punct/2", lexicon, countries)
    assert ev.event == "ASSAULT" and ev.actor and ev.actor[0].sector == "MIL"


def test_result_clause_folds_into_the_attack(lexicon, countries):
    # "Warplanes attacked the city , killing civilians ." -> one ASSAULT, not two
    evs = _code("Warplanes/warplane/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 the/the/DET/det/3 "
                "city/city/NOUN/dobj/1 ,/,/PUNCT/punct/1 killing/kill/VERB/advcl/1 "
                "civilians/civilian/NOUN/dobj/5 ././PUNCT/punct/1", lexicon, countries)
    assert [e.event for e in evs] == ["ASSAULT"]
    assert evs[0].recipient and evs[0].recipient[0].sector == "CVL"


def test_willing_to_withdraw_is_intent(lexicon, countries):
    # "Egypt is willing to withdraw its troops ." -> AGREE (CAMEO 03 intent)
    [ev] = _code("Egypt/Egypt/PROPN/nsubj/1 is/be/AUX/ROOT/1 willing/willing/ADJ/acomp/1 "
                 "to/to/PART/aux/4 withdraw/withdraw/VERB/xcomp/2 its/its/PRON/poss/6 "
                 "troops/troops/NOUN/dobj/4 ././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "GPE", "Egypt", "EGY")])
    assert ev.event == "AGREE" and [a.country for a in ev.actor] == ["EGY"]


def test_a_weekday_is_never_an_actor(lexicon, countries):
    # "Rebels attacked on Thursday ." with no date mention: "Thursday" stays no party
    d = parse("Rebels/rebel/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 on/on/ADP/prep/1 "
              "Thursday/Thursday/PROPN/pobj/2 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.dates = [when(d, 3, 4, "2025-09-04")]
    evs = code_document(doc, lexicon, countries, "2025-09-02")
    assert all(r.text != "Thursday" for e in evs for r in e.recipient)


def test_must_without_trigger_is_still_a_demand(lexicon, countries):
    # "The EU said the oppression must end ." -> REQUEST by the EU
    [ev] = _code("The/the/DET/det/1 EU/EU/PROPN/nsubj/2 said/say/VERB/ROOT/2 the/the/DET/det/4 "
                 "oppression/oppression/NOUN/nsubj/6 must/must/AUX/aux/6 end/end/VERB/ccomp/2 "
                 "././PUNCT/punct/2", lexicon, countries, [(1, 2, "ORG", "European Union")])
    assert (ev.event, ev.mode) == ("REQUEST", "change")
    assert [a.name for a in ev.actor] == ["European Union"]


def test_subject_hanging_from_the_auxiliary_is_found(lexicon, countries):
    # parser slip: "France have opposed resolutions" with the subject under "have"
    [ev] = _code("France/France/PROPN/nsubj/1 have/have/AUX/aux/2 opposed/oppose/VERB/ROOT/2 "
                 "resolutions/resolution/NOUN/dobj/2 ././PUNCT/punct/2", lexicon, countries,
                 [(0, 1, "GPE", "France", "FRA")])
    assert ev.event == "REJECT" and [a.country for a in ev.actor] == ["FRA"]


def test_event_noun_as_a_modifier_names_a_kind(lexicon, countries):
    # "Allies launched war games ." -> COOPERATE (war games), not ASSAULT ("war")
    evs = _code("Allies/ally/NOUN/nsubj/1 launched/launch/VERB/ROOT/1 war/war/NOUN/compound/3 "
                "games/game/NOUN/dobj/1 ././PUNCT/punct/1", lexicon, countries)
    assert [e.event for e in evs] == ["COOPERATE"]


def test_peacekeepers_are_aid_not_mobilisation(lexicon, countries):
    # "Britain deployed troops to the peacekeeping mission ."
    [ev] = _code("Britain/Britain/PROPN/nsubj/1 deployed/deploy/VERB/ROOT/1 troops/troops/NOUN/dobj/1 "
                 "to/to/ADP/prep/1 the/the/DET/det/6 peacekeeping/peacekeeping/NOUN/compound/6 "
                 "mission/mission/NOUN/pobj/3 ././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "GPE", "United Kingdom", "GBR")])
    assert (ev.event, ev.cameo) == ("AID", "074")


def test_handover_recipient_comes_from_to(lexicon, countries):
    # "Customs returned the paintings to Peru ." -> RETREAT with recipient Peru
    [ev] = _code("Customs/Customs/PROPN/nsubj/1 returned/return/VERB/ROOT/1 the/the/DET/det/3 "
                 "paintings/painting/NOUN/dobj/1 to/to/ADP/prep/1 Peru/Peru/PROPN/pobj/4 "
                 "././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "ORG", "Customs"), (5, 6, "GPE", "Peru", "PER")])
    assert ev.event == "RETREAT" and [r.country for r in ev.recipient] == ["PER"]
    # "Kim returned to Pyongyang ." is a journey, no event
    assert _code("Kim/Kim/PROPN/nsubj/1 returned/return/VERB/ROOT/1 to/to/ADP/prep/1 "
                 "Pyongyang/Pyongyang/PROPN/pobj/2 ././PUNCT/punct/1", lexicon, countries,
                 [(0, 1, "PERSON", "Kim Jong-un", "PRK")]) == []
