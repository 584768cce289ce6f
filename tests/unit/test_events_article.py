"""Unit tests for article-level event precision: speaker pronouns, owner countries, capitals,
group names, complements, reactions, short names, the article place, recent past perfects.

Parses and mentions are built by hand (no model loads).
"""

from __future__ import annotations

import pytest

from dateline.events import modality as mod
from dateline.events.article import (article_place, current_act_date, fold_headlines,
                                     fold_same_sentence, full_names, localise, main_country,
                                     reaction_recipients, resolve_short)
from dateline.events.lexicon import load_lexicon
from dateline.model import (Actor, DateMention, EntityMention, Event, Evidence, Location,
                            PlaceMention)
from .helpers import _code, document, ent, parse

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _one(evs, event):
    found = [e for e in evs if e.event == event]
    assert len(found) == 1, [(e.event, [a.name for a in e.actor]) for e in evs]
    return found[0]


# --- parties ---------------------------------------------------------------------------------


def test_pronoun_of_reported_speech_is_the_speaker(lexicon, countries):
    d = parse("Police/police/NOUN/nsubj/1 said/say/VERB/ROOT/1 they/they/PRON/nsubj/4 "
              "had/have/AUX/aux/4 detained/detain/VERB/ccomp/1 23/23/NUM/nummod/6 "
              "people/people/NOUN/dobj/4 ././PUNCT/punct/1")
    ev = _one(_code(document({"body": d}), lexicon, countries), "COERCE")
    assert [a.name for a in ev.actor] == ["police"]


def test_pronoun_does_not_stand_for_a_named_person(lexicon, countries):
    d = parse("Zelenskyy/Zelenskyy/PROPN/nsubj/1 said/say/VERB/ROOT/1 they/they/PRON/nsubj/3 "
              "attacked/attack/VERB/ccomp/1 Kyiv/Kyiv/PROPN/dobj/3 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Volodymyr Zelenskyy", "UKR", "GOV"),
                    ent(d, 4, 5, "GPE", "Kyiv", "UKR")]
    ev = _one(_code(doc, lexicon, countries), "ASSAULT")
    assert "Volodymyr Zelenskyy" not in {a.name for a in ev.actor}


def test_speaker_of_a_coordinated_reporting_verb(lexicon, countries):
    # "Romania expressed solidarity and said it backed Moldova": "said" has no subject of its own
    d = parse("Romania/Romania/PROPN/nsubj/1 expressed/express/VERB/ROOT/1 "
              "solidarity/solidarity/NOUN/dobj/1 and/and/CCONJ/cc/1 said/say/VERB/conj/1 "
              "it/it/PRON/nsubj/6 backed/back/VERB/ccomp/4 Moldova/Moldova/PROPN/dobj/6 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Romania", "ROU"), ent(d, 7, 8, "GPE", "Moldova", "MDA")]
    evs = _code(doc, lexicon, countries)
    backed = [e for e in evs if any(r.country == "MDA" for r in e.recipient)]
    assert backed and all(a.name != "it" for e in backed for a in e.actor)
    assert any(a.country == "ROU" for e in backed for a in e.actor)


def test_organisation_takes_its_possessor_country(lexicon, countries):
    d = parse("Iran/Iran/PROPN/poss/2 's/'s/PART/case/0 Foreign_Ministry/Ministry/PROPN/nsubj/3 "
              "condemned/condemn/VERB/ROOT/3 the/the/DET/det/5 sanctions/sanction/NOUN/dobj/3 "
              "././PUNCT/punct/3")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Iran", "IRN"), ent(d, 2, 3, "ORG", "Foreign Ministry")]
    evs = _code(doc, lexicon, countries)
    ev = _one(evs, "ACCUSE")
    assert (ev.actor[0].name, ev.actor[0].country, ev.actor[0].sector) == \
        ("Foreign Ministry", "IRN", "GOV")
    # the condemned sanctions are someone else's: no SANCTION by the ministry
    assert not any(e.event == "SANCTION" for e in evs)


def test_international_organisation_takes_no_possessor_country(lexicon, countries):
    # "Iran's EU talks" parsed like "Iran's Foreign Ministry": the EU is not Iranian (a
    # headline "EU sanctions Iranian officials" parsed as one phrase made it IRN)
    d = parse("Iran/Iran/PROPN/poss/2 's/'s/PART/case/0 EU/EU/PROPN/nsubj/3 "
              "condemned/condemn/VERB/ROOT/3 the/the/DET/det/5 sanctions/sanction/NOUN/dobj/3 "
              "././PUNCT/punct/3")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Iran", "IRN"),
                    ent(d, 2, 3, "ORG", "European Union", None, "IGO")]
    evs = _code(doc, lexicon, countries)
    eu = [a for e in evs for a in e.actor if a.name == "European Union"]
    assert eu and all(a.country is None for a in eu)


def test_capital_city_as_actor_is_its_country(lexicon, countries):
    d = parse("Chisinau/Chisinau/PROPN/nsubj/1 accuses/accuse/VERB/ROOT/1 "
              "the/the/DET/det/3 diplomats/diplomat/NOUN/dobj/1 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "ORG", "Chisinau")]  # an entity stage that missed the place
    ev = _one(_code(doc, lexicon, countries), "ACCUSE")
    assert (ev.actor[0].country, ev.actor[0].sector) == ("MDA", "GOV")


def test_group_name_is_the_noun_as_written(lexicon, countries):
    d = parse("Police/police/NOUN/nsubj/1 detained/detain/VERB/ROOT/1 at/at/ADV/advmod/3 "
              "least/least/ADV/advmod/4 six/six/NUM/nummod/5 protesters/protester/NOUN/dobj/1 "
              "././PUNCT/punct/1")
    ev = _one(_code(document({"body": d}), lexicon, countries), "COERCE")
    assert ev.recipient[0].name == "protesters"
    assert ev.recipient[0].text == "at least six protesters"


def test_author_of_a_rejected_call_is_the_recipient(lexicon, countries):
    d = parse("Vucic/Vucic/PROPN/nsubj/1 rejected/reject/VERB/ROOT/1 "
              "opposition/opposition/NOUN/compound/3 calls/call/NOUN/dobj/1 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Aleksandar Vucic", "SRB", "GOV")]
    ev = _one(_code(doc, lexicon, countries), "REJECT")
    assert [r.name for r in ev.recipient] == ["opposition"]


def test_support_for_a_possessed_noun_has_the_possessor_as_recipient(lexicon, countries):
    d = parse("Ruto/Ruto/PROPN/nsubj/1 voiced/voice/VERB/ROOT/1 support/support/NOUN/dobj/1 "
              "for/for/ADP/prep/2 Ethiopia/Ethiopia/PROPN/poss/6 's/'s/PART/case/4 "
              "push/push/NOUN/pobj/3 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "William Ruto", "KEN", "GOV"),
                    ent(d, 4, 5, "GPE", "Ethiopia", "ETH")]
    ev = _one(_code(doc, lexicon, countries), "SUPPORT")
    assert [r.country for r in ev.recipient] == ["ETH"]


# --- triggers --------------------------------------------------------------------------------


def test_complement_of_a_vow_is_no_second_event(lexicon, countries):
    d = parse("Russia/Russia/PROPN/nsubj/1 agreed/agree/VERB/ROOT/1 to/to/PART/aux/3 "
              "release/release/VERB/xcomp/1 prisoners/prisoner/NOUN/dobj/3 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Russia", "RUS")]
    evs = _code(doc, lexicon, countries)
    assert [e.event for e in evs] == ["AGREE"]


def test_signing_an_agreement_is_agree_and_sentencing_is_sanction(lexicon, countries):
    d = parse("Kenya/Kenya/PROPN/nsubj/1 signed/sign/VERB/ROOT/1 an/a/DET/det/3 "
              "agreement/agreement/NOUN/dobj/1 with/with/ADP/prep/1 Ethiopia/Ethiopia/PROPN/pobj/4 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Kenya", "KEN"), ent(d, 5, 6, "GPE", "Ethiopia", "ETH")]
    assert _one(_code(doc, lexicon, countries), "AGREE").recipient[0].country == "ETH"
    d = parse("The/the/DET/det/1 court/court/NOUN/nsubj/2 sentenced/sentence/VERB/ROOT/2 "
              "Kipiani/Kipiani/PROPN/dobj/2 ././PUNCT/punct/2")
    doc = document({"body": d})
    doc.entities = [ent(d, 3, 4, "PERSON", "Levan Kipiani")]
    ev = _one(_code(doc, lexicon, countries), "SANCTION")
    assert ev.mode == "convict"


# --- modality --------------------------------------------------------------------------------


def test_recent_past_perfect_in_reported_speech_is_asserted():
    d = parse("Police/police/NOUN/nsubj/1 said/say/VERB/ROOT/1 they/they/PRON/nsubj/4 "
              "had/have/AUX/aux/4 detained/detain/VERB/ccomp/1 people/people/NOUN/dobj/4 "
              "././PUNCT/punct/1")
    assert mod.cue_modality(d[4]) == "historical"
    assert mod.decide(d[4], "2025-03-22", None, "2025-03-23") == "asserted"
    assert mod.decide(d[4], "2025-01", None, "2025-03-23") == "historical"
    assert mod.decide(d[4], None, None, "2025-03-23") == "historical"


# --- article level ---------------------------------------------------------------------------


def _event(kind, sentence, actors, recipients=(), start=0, date=None, location=None,
           modality="asserted"):
    return Event(event=kind, actor=list(actors), recipient=list(recipients),
                 evidence=Evidence("body", sentence, start, start + len(sentence)),
                 date=date, location=location, modality=modality)


def test_short_names_resolve_to_the_one_full_name():
    ents = [EntityMention("William Ruto", "PERSON", 0, 12, "William Ruto", "KEN", "GOV"),
            EntityMention("Abiy Ahmed", "PERSON", 20, 30, "Abiy Ahmed", "ETH", "GOV"),
            EntityMention("Ruto", "PERSON", 40, 44, "Ruto")]
    names = full_names(ents)
    out = resolve_short([Actor("Ruto", "Ruto"), Actor("Abiy", "Abiy"), Actor("Kenya", "Kenya", "KEN")],
                        names)
    assert [a.name for a in out] == ["William Ruto", "Abiy Ahmed", "Kenya"]
    # a word two people share is ambiguous
    ents.append(EntityMention("Samia Ruto", "PERSON", 50, 60, "Samia Ruto"))
    assert "ruto" not in full_names(ents)


def test_reaction_to_an_earlier_event_takes_its_doer_as_recipient():
    usa = Actor("Treasury", "Treasury", "USA", "GOV")
    iran = Actor("Foreign Ministry", "Foreign Ministry", "IRN", "GOV")
    sanction = _event("SANCTION", "The Treasury imposed sanctions on refineries.", [usa])
    accuse = _event("ACCUSE", "Iran's Foreign Ministry condemned the new sanctions as terrorism.",
                    [iran], start=100)
    unrelated = _event("ACCUSE", "Iran's Foreign Ministry condemned the weather.", [iran], start=200)
    reaction_recipients([sanction, accuse, unrelated])
    assert accuse.recipient == [usa]
    assert unrelated.recipient == []


def test_article_place_and_localised_events():
    body = "PORT SUDAN, May 8 - Drones struck a depot.\nPolice detained 23 people in Kassala."
    places = [PlaceMention("PORT SUDAN", 0, 10, "Port Sudan", 1, 19.6, 37.2, "SDN", "city"),
              PlaceMention("Kassala", body.index("Kassala"), body.index("Kassala") + 7, "Kassala", 2,
                           15.4, 36.4, "SDN", "city"),
              PlaceMention("Sudan", 200, 205, "Sudan", 3, 15.0, 30.0, "SDN", "country")]
    p = article_place(places, body)
    assert p is not None and p.name == "Port Sudan"
    assert main_country(p, places) == "SDN"
    police = Actor("Police", "police", None, "COP")
    a = _event("ASSAULT", "Drones struck a depot.", [Actor("RSF", "Rapid Support Forces", "SDN", "REB")],
               start=20, date="2025-05-08")
    b = _event("COERCE", "Police detained 23 people in Kassala.", [police], start=body.index("Police"),
               date="2025-05-08")
    old = _event("COERCE", "Police detained 23 people.", [police], date="2024-01-02",
                 modality="historical")
    foreign = _event("ACCUSE", "The UAE denied it.", [Actor("UAE", "United Arab Emirates", "ARE", "GOV")],
                     date="2025-05-08")
    country_level = _event("ASSAULT", "Drones struck Sudan.", [police], date="2025-05-08",
                           location=Location("Sudan", "Sudan", 3, 15.0, 30.0, "SDN", "country"))
    localise([a, b, old, foreign, country_level], p, "SDN", "2025-05-08", places, [])
    assert a.location is not None and a.location.name == "Port Sudan"
    assert b.location is None  # its sentence puts it "in Kassala"
    assert old.location is None and foreign.location is None
    assert country_level.location.name == "Port Sudan"  # refined inside the same country
    assert b.actor[0].country == "SDN"  # unnamed role actor: the article's main country


def test_no_main_country_when_two_countries_tie():
    places = [PlaceMention("Kyiv", 0, 4, "Kyiv", 1, 50.4, 30.5, "UKR", "city"),
              PlaceMention("Moscow", 10, 16, "Moscow", 2, 55.7, 37.6, "RUS", "city")]
    assert main_country(places[0], places) is None



def test_appeal_to_a_named_party_is_a_request(lexicon, countries):
    d = parse("Kallas/Kallas/PROPN/nsubj/1 called/call/VERB/ROOT/1 on/on/ADP/prep/1 "
              "Georgia/Georgia/PROPN/pobj/2 to/to/PART/aux/5 release/release/VERB/xcomp/1 "
              "prisoners/prisoner/NOUN/dobj/5 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Kaja Kallas", None, "IGO"),
                    ent(d, 3, 4, "GPE", "Georgia", "GEO")]
    evs = _code(doc, lexicon, countries)
    req = _one(evs, "REQUEST")
    assert req.actor[0].name == "Kaja Kallas" and req.recipient[0].country == "GEO"
    assert not any(e.event == "RETREAT" for e in evs)  # what is asked for did not happen
    # an appeal to no one ("called for calm") is still no event
    d = parse("Kallas/Kallas/PROPN/nsubj/1 called/call/VERB/ROOT/1 for/for/ADP/prep/1 "
              "calm/calm/NOUN/pobj/2 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Kaja Kallas", None, "IGO")]
    assert not any(e.event == "REQUEST" for e in _code(doc, lexicon, countries))


def test_one_type_in_one_sentence_is_one_event():
    medvedev = Actor("Medvedev", "Dmitry Medvedev", "RUS", "GOV")
    moscow = Actor("Moscow", "Russia", "RUS", "GOV")
    s = "Medvedev warned that Moscow could strike Kyiv."
    a = _event("THREATEN", s, [medvedev])
    b = _event("THREATEN", s, [moscow], [Actor("Kyiv", "Ukraine", "UKR", "GOV")])
    other = _event("ASSAULT", s, [moscow])
    out = fold_same_sentence([a, b, other])
    assert out == [a, other]
    assert [x.name for x in a.actor] == ["Dmitry Medvedev", "Russia"]
    assert [x.country for x in a.recipient] == ["UKR"]
    # two sides of one sentence stay two happenings
    s2 = "Russia shelled Kharkiv and Ukraine struck Belgorod."
    r = _event("ASSAULT", s2, [moscow], start=100)
    u = _event("ASSAULT", s2, [Actor("Ukraine", "Ukraine", "UKR", "GOV")], start=100)
    assert len(fold_same_sentence([r, u])) == 2


def test_headline_event_folds_into_the_body_report():
    kenya = Actor("Kenya", "Kenya", "KEN", "GOV")
    ruto = Actor("William Ruto", "William Ruto", "KEN", "GOV")
    title = Event(event="AGREE", actor=[kenya], evidence=Evidence("title", "Kenya signs pact", 0, 16))
    body = _event("AGREE", "The two leaders signed an agreement.", [ruto])
    hist = _event("AGREE", "Kenya signed a pact in 2023.", [kenya], modality="historical")
    out = fold_headlines([title, hist, body])
    assert out == [hist, body]
    assert body.mentions[0].field == "title"
    # no shared party: the headline stays its own event
    other = Event(event="AGREE", actor=[Actor("Chad", "Chad", "TCD", "GOV")],
                  evidence=Evidence("title", "Chad signs pact", 0, 15))
    assert other in fold_headlines([other, body])


def test_nearest_of_several_subjects_is_the_doer(lexicon, countries):
    # a dateline misparse: "SUDAN (Reuters) Rebels struck a depot ." with two subjects
    d = parse("SUDAN/Sudan/PROPN/nsubj/5 (/(/PUNCT/punct/2 Reuters/Reuters/PROPN/appos/0 "
              ")/)/PUNCT/punct/2 Rebels/rebel/NOUN/nsubj/5 struck/strike/VERB/ROOT/5 "
              "a/a/DET/det/7 depot/depot/NOUN/dobj/5 ././PUNCT/punct/5")
    doc = document({"body": d})
    doc.entities = [ent(d, 2, 3, "ORG", "Reuters", "GBR", "MED")]
    ev = _one(_code(doc, lexicon, countries), "ASSAULT")
    assert [a.sector for a in ev.actor] == ["REB"]


def test_ordering_diplomats_to_leave_is_an_expulsion(lexicon, countries):
    d = parse("Moldova/Moldova/PROPN/nsubj/1 ordered/order/VERB/ROOT/1 "
              "diplomats/diplomat/NOUN/dobj/1 to/to/PART/aux/4 leave/leave/VERB/xcomp/1 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", "Moldova", "MDA")]
    evs = _code(doc, lexicon, countries)
    ev = _one(evs, "SANCTION")
    assert ev.mode == "expel" and not any(e.event == "REQUEST" for e in evs)


def test_content_of_a_demand_is_not_done_and_the_speaker_rejects(lexicon, countries):
    # "Lin said trade was lawful and rejected U.S. demands that China halt purchases ."
    d = parse("Lin/Lin/PROPN/nsubj/1 said/say/VERB/ROOT/1 trade/trade/NOUN/nsubj/3 "
              "was/be/AUX/ccomp/1 lawful/lawful/ADJ/acomp/3 and/and/CCONJ/cc/3 "
              "rejected/reject/VERB/conj/3 U.S./U.S./PROPN/compound/8 demands/demand/NOUN/dobj/6 "
              "that/that/SCONJ/mark/11 China/China/PROPN/nsubj/11 halt/halt/VERB/acl/8 "
              "purchases/purchase/NOUN/dobj/11 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Lin Jian", "CHN", "GOV"),
                    ent(d, 7, 8, "GPE", "United States", "USA"),
                    ent(d, 10, 11, "GPE", "China", "CHN")]
    evs = _code(doc, lexicon, countries)
    rej = _one(evs, "REJECT")
    assert [a.name for a in rej.actor] == ["Lin Jian"]
    assert [r.country for r in rej.recipient] == ["USA"]
    assert not any(any(a.country == "CHN" for a in e.actor) and e.event != "REJECT" for e in evs)


# --- current_act_date: a current act its sentence does not date ---------------------------

def _day(text: str, value: str, field: str = "body", start: int = 0, gran: str = "day",
         end_value: str | None = None) -> DateMention:
    return DateMention(text=text, start=start, end=start + len(text), value=value,
                       granularity=gran, field=field, value_end=end_value)


def test_current_act_date_is_the_story_day_named_in_the_week_before_publication():
    dates = [_day("Wednesday night", "2023-11-08", start=40),
             _day("Thursday", "2023-11-09", start=900)]
    assert current_act_date(dates, "2023-11-09T10:00:00") == ("2023-11-08", None)


def test_current_act_date_prefers_the_title_and_skips_other_days_and_precisions():
    dates = [_day("Monday", "2023-11-06", start=10),
             _day("in 2019", "2019", gran="year", start=0),
             _day("last week", "2023-10-30", start=5, gran="week", end_value="2023-11-05"),
             _day("May 3", "2023-05-03", start=2),  # months before publication: not the story
             _day("Tuesday", "2023-11-07", field="title", start=30)]
    assert current_act_date(dates, "2023-11-09") == ("2023-11-07", None)


def test_current_act_date_without_a_named_day_is_the_window_before_publication():
    assert current_act_date([], "2023-11-09") == ("2023-11-08", "2023-11-09")
    future = [_day("next Friday", "2023-11-17")]  # after publication: not the story's day
    assert current_act_date(future, "2023-11-09") == ("2023-11-08", "2023-11-09")


def test_current_act_date_without_a_publication_date_is_unknown():
    assert current_act_date([_day("Monday", "2023-11-06")], None) == (None, None)


def test_word_before_is_the_last_word_before_an_offset():
    from dateline.events.article import word_before

    text = "Haley said in  Miami"
    assert word_before(text, text.index("Miami")) == "in"
    assert word_before(text, 0) == "" and word_before(text, -3) == ""
    assert word_before("In Kyiv", 3) == "in"
