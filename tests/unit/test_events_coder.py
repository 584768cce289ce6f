"""Unit tests for the events coder: triggers, parties, modality, dates, places, merging.

Parses are built by hand (spacy.blank + Doc with heads/deps), mentions too; no model loads.
"""

from __future__ import annotations

import pytest

from dateline.events.lexicon import load_lexicon

from .helpers import _code, document, ent, parse, place, when

pytest.importorskip("spacy")


# --- hand-built parses and mentions -------------------------------------------------


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _kim_china(doc, field="body", i=0):
    return [ent(doc, i, i + 1, "PERSON", "Kim Jong-un", "PRK", "GOV", field)]


def test_visit_verb_gives_destination_recipient_and_location(lexicon, countries):
    d = parse("Kim/Kim/PROPN/nsubj/1 travels/travel/VERB/ROOT/1 to/to/ADP/prep/1 "
              "China/China/PROPN/pobj/2 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = _kim_china(d) + [ent(d, 3, 4, "GPE", "China", "CHN")]
    doc.places = [place(d, 3, 4, "CHN", "country")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.cameo, ev.modality) == ("CONSULT", "visit", "042", "asserted")
    assert [a.name for a in ev.actor] == ["Kim Jong-un"]
    assert [(r.name, r.country, r.sector) for r in ev.recipient] == [("China", "CHN", "GOV")]
    assert ev.location.country == "CHN"
    # no date in the text, no day named in the article: the window before publication (inferred)
    assert (ev.date, ev.date_end, ev.date_text) == ("2025-09-01", "2025-09-02", None)
    assert ev.evidence.sentence == "Kim travels to China." and ev.evidence.start == 0
    assert ev.id


def test_visit_without_destination_is_not_coded(lexicon, countries):
    d = parse("Kim/Kim/PROPN/nsubj/1 travels/travel/VERB/ROOT/1 often/often/ADV/advmod/1 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = _kim_china(d)
    assert _code(doc, lexicon, countries) == []


def test_summit_in_third_country_is_historical_third_party(lexicon, countries):
    d = parse("Kim/Kim/PROPN/poss/3 's/'s/PART/case/0 2019/2019/NUM/nummod/3 "
              "summit/summit/NOUN/nsubj/6 with/with/ADP/prep/3 Trump/Trump/PROPN/pobj/4 "
              "collapsed/collapse/VERB/ROOT/6 in/in/ADP/prep/6 Hanoi/Hanoi/PROPN/pobj/7 "
              "././PUNCT/punct/6")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Kim Jong-un", "PRK", "GOV"),
                    ent(d, 5, 6, "PERSON", "Donald Trump", "USA", "GOV"),
                    ent(d, 8, 9, "GPE", "Hanoi", "VNM")]
    doc.places = [place(d, 8, 9, "VNM", lat=21.02, lon=105.84)]
    doc.dates = [when(d, 2, 3, "2019", "year")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.modality, ev.cameo) == ("CONSULT", "third-party", "historical", "044")
    assert {a.name for a in ev.actor} == {"Kim Jong-un", "Donald Trump"} and ev.recipient == []
    assert ev.date == "2019" and ev.date_text == "2019"
    assert ev.location.name == "Hanoi"


def test_scheduled_attendance_alongside_two_leaders_is_future_multilateral(lexicon, countries):
    d = parse("Kim/Kim/PROPN/nsubjpass/2 is/be/AUX/auxpass/2 scheduled/schedule/VERB/ROOT/2 "
              "to/to/PART/aux/4 attend/attend/VERB/xcomp/2 Wednesday/Wednesday/PROPN/poss/7 "
              "'s/'s/PART/case/5 parade/parade/NOUN/dobj/4 alongside/alongside/ADP/prep/4 "
              "Xi/Xi/PROPN/pobj/8 and/and/CCONJ/cc/9 Putin/Putin/PROPN/conj/9 ././PUNCT/punct/2")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Kim Jong-un", "PRK", "GOV"),
                    ent(d, 9, 10, "PERSON", "Xi Jinping", "CHN", "GOV"),
                    ent(d, 11, 12, "PERSON", "Vladimir Putin", "RUS", "GOV")]
    doc.dates = [when(d, 5, 6, "2025-09-03")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.modality) == ("CONSULT", "multilateral", "future")
    assert {a.name for a in ev.actor} == {"Kim Jong-un", "Xi Jinping", "Vladimir Putin"}
    assert ev.date == "2025-09-03" and ev.date_text == "Wednesday"


def test_possible_meeting_reported_by_speaker_is_hypothetical(lexicon, countries):
    d = parse("Kremlin/Kremlin/PROPN/compound/1 officials/official/NOUN/nsubj/2 "
              "said/say/VERB/ROOT/2 a/a/DET/det/5 possible/possible/ADJ/amod/5 "
              "meeting/meeting/NOUN/nsubj/8 with/with/ADP/prep/5 Kim/Kim/PROPN/pobj/6 "
              "was/be/AUX/ccomp/2 under/under/ADP/prep/8 consideration/consideration/NOUN/pobj/9 "
              "././PUNCT/punct/2")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "ORG", "Kremlin", "RUS", "GOV"),
                    ent(d, 7, 8, "PERSON", "Kim Jong-un", "PRK", "GOV")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.modality) == ("CONSULT", "hypothetical")
    assert {a.name for a in ev.actor} == {"Kremlin", "Kim Jong-un"}
    assert ev.date is None  # not asserted: no publication-date fallback


def test_negated_meeting(lexicon, countries):
    d = parse("Iran/Iran/PROPN/nsubj/3 did/do/AUX/aux/3 not/not/PART/neg/3 "
              "meet/meet/VERB/ROOT/3 Biden/Biden/PROPN/dobj/3 ././PUNCT/punct/3")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", None, "IRN"),
                    ent(d, 4, 5, "PERSON", "Joe Biden", "USA", "GOV")]
    [ev] = _code(doc, lexicon, countries)
    assert ev.event == "CONSULT" and ev.modality == "negated"
    assert {a.name for a in ev.actor} == {"Iran", "Joe Biden"}
    assert [a.sector for a in ev.actor if a.name == "Iran"] == ["GOV"]


def test_refused_meeting_is_reject(lexicon, countries):
    """"X will not meet Y" announces a refusal: REJECT (mode meet) by X against Y."""
    d = parse("Iran/Iran/PROPN/nsubj/3 will/will/AUX/aux/3 not/not/PART/neg/3 "
              "meet/meet/VERB/ROOT/3 Biden/Biden/PROPN/dobj/3 ././PUNCT/punct/3")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", None, "IRN"),
                    ent(d, 4, 5, "PERSON", "Joe Biden", "USA", "GOV")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.modality) == ("REJECT", "meet", "asserted")
    assert [a.name for a in ev.actor] == ["Iran"]
    assert [a.name for a in ev.recipient] == ["Joe Biden"]


def test_intent_to_talk_is_agree_and_consumes_talks(lexicon, countries):
    d = parse("Trump/Trump/PROPN/nsubj/2 has/have/AUX/aux/2 expressed/express/VERB/ROOT/2 "
              "interest/interest/NOUN/dobj/2 in/in/ADP/prep/3 talks/talk/NOUN/pobj/4 "
              "with/with/ADP/prep/5 Pyongyang/Pyongyang/PROPN/pobj/6 ././PUNCT/punct/2")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Donald Trump", "USA", "GOV"),
                    ent(d, 7, 8, "GPE", "Pyongyang", "PRK")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.cameo, ev.modality) == ("AGREE", "036", "asserted")
    assert [(r.name, r.country, r.sector) for r in ev.recipient] == [("North Korea", "PRK", "GOV")]


def test_dyadic_verb_and_min_confidence(lexicon, countries):
    d = parse("China/China/PROPN/nsubj/1 condemned/condemn/VERB/ROOT/1 Japan/Japan/PROPN/dobj/1 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", None, "CHN"), ent(d, 2, 3, "GPE", None, "JPN")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.cameo) == ("ACCUSE", "disapprove", "111")
    assert [a.country for a in ev.actor] == ["CHN"] and [r.country for r in ev.recipient] == ["JPN"]
    assert 0.5 < ev.confidence <= 1.0
    assert _code(doc, lexicon, countries, min_confidence=0.99) == []


def test_passive_dyadic_takes_agent_as_actor(lexicon, countries):
    d = parse("Kyiv/Kyiv/PROPN/nsubjpass/2 was/be/AUX/auxpass/2 attacked/attack/VERB/ROOT/2 "
              "by/by/ADP/agent/2 Russia/Russia/PROPN/pobj/3 ././PUNCT/punct/2")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", None, "UKR"), ent(d, 4, 5, "GPE", None, "RUS")]
    [ev] = _code(doc, lexicon, countries)
    assert ev.event == "ASSAULT"
    assert [a.country for a in ev.actor] == ["RUS"] and [r.country for r in ev.recipient] == ["UKR"]


def test_title_and_body_reports_merge_and_reference_attaches(lexicon, countries):
    t = parse("Kim/Kim/PROPN/nsubj/1 travels/travel/VERB/ROOT/1 to/to/ADP/prep/1 "
              "China/China/PROPN/pobj/2")
    b = parse("Kim/Kim/PROPN/nsubj/2 has/have/AUX/aux/2 crossed/cross/VERB/ROOT/2 "
              "into/into/ADP/prep/2 China/China/PROPN/pobj/3 ././PUNCT/punct/2 "
              "The/the/DET/det/7 visit/visit/NOUN/nsubj/8 marks/mark/VERB/ROOT/8 "
              "a/a/DET/det/11 first/first/ADJ/amod/11 step/step/NOUN/dobj/8 ././PUNCT/punct/8")
    doc = document({"title": t, "body": b})
    doc.entities = (_kim_china(t, "title") + [ent(t, 3, 4, "GPE", "China", "CHN", field="title")]
                    + _kim_china(b) + [ent(b, 4, 5, "GPE", "China", "CHN")])
    [ev] = _code(doc, lexicon, countries)
    assert [m.field for m in ev.mentions] == ["title", "body", "body"]
    assert ev.evidence.field == "body" and ev.evidence.sentence == "Kim has crossed into China."
    assert ev.mentions[2].sentence == "The visit marks a first step."
    assert ev.mentions[2].start == b.text.index("The visit")


def test_different_visitors_stay_separate(lexicon, countries):
    b = parse("Kim/Kim/PROPN/nsubj/1 arrived/arrive/VERB/ROOT/1 in/in/ADP/prep/1 "
              "China/China/PROPN/pobj/2 ././PUNCT/punct/1 Putin/Putin/PROPN/nsubj/6 "
              "arrived/arrive/VERB/ROOT/6 in/in/ADP/prep/6 China/China/PROPN/pobj/7 "
              "on/on/ADP/prep/6 Sunday/Sunday/PROPN/pobj/9 ././PUNCT/punct/6")
    doc = document({"body": b})
    doc.entities = [ent(b, 0, 1, "PERSON", "Kim Jong-un", "PRK", "GOV"),
                    ent(b, 3, 4, "GPE", "China", "CHN"),
                    ent(b, 5, 6, "PERSON", "Vladimir Putin", "RUS", "GOV"),
                    ent(b, 8, 9, "GPE", "China", "CHN")]
    doc.dates = [when(b, 10, 11, "2025-08-31")]
    evs = _code(doc, lexicon, countries)
    assert sorted(e.actor[0].name for e in evs) == ["Kim Jong-un", "Vladimir Putin"]
    putin = next(e for e in evs if e.actor[0].name == "Vladimir Putin")
    assert putin.date == "2025-08-31" and putin.modality == "asserted"


def test_pronoun_subject_resolves_to_latest_person(lexicon, countries):
    b = parse("Kim/Kim/PROPN/nsubj/1 spoke/speak/VERB/ROOT/1 ././PUNCT/punct/1 "
              "He/he/PRON/nsubj/4 visited/visit/VERB/ROOT/4 Russia/Russia/PROPN/dobj/4 "
              "././PUNCT/punct/4")
    doc = document({"body": b})
    doc.entities = [ent(b, 0, 1, "PERSON", "Kim Jong-un", "PRK", "GOV"),
                    ent(b, 5, 6, "GPE", "Russia", "RUS")]
    [ev] = _code(doc, lexicon, countries)
    assert ev.actor[0].name == "Kim Jong-un" and ev.recipient[0].country == "RUS"


def test_unparsed_field_gives_no_events(lexicon, countries):
    import spacy
    from spacy.tokens import Doc

    d = Doc(spacy.blank("en").vocab, words=["Kim", "visited", "China"])
    doc = document({"body": d})
    assert _code(doc, lexicon, countries) == []


def test_phone_call_between_leaders(lexicon, countries):
    d = parse("Biden/Biden/PROPN/nsubj/1 called/call/VERB/ROOT/1 Xi/Xi/PROPN/dobj/1 "
              "on/on/ADP/prep/1 Tuesday/Tuesday/PROPN/pobj/3 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Joe Biden", "USA", "GOV"),
                    ent(d, 2, 3, "PERSON", "Xi Jinping", "CHN", "GOV")]
    doc.dates = [when(d, 4, 5, "2025-09-02")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.cameo) == ("CONSULT", "phone", "041")
    assert {a.name for a in ev.actor} == {"Joe Biden", "Xi Jinping"} and ev.date == "2025-09-02"


def test_call_for_is_an_appeal_not_a_phone_call(lexicon, countries):
    d = parse("Biden/Biden/PROPN/nsubj/1 called/call/VERB/ROOT/1 for/for/ADP/prep/1 "
              "talks/talk/NOUN/pobj/2 ././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Joe Biden", "USA", "GOV")]
    assert _code(doc, lexicon, countries) == []


def test_host_makes_guest_the_visitor(lexicon, countries):
    d = parse("China/China/PROPN/nsubj/1 hosted/host/VERB/ROOT/1 Putin/Putin/PROPN/dobj/1 "
              "././PUNCT/punct/1")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "GPE", None, "CHN"),
                    ent(d, 2, 3, "PERSON", "Vladimir Putin", "RUS", "GOV")]
    [ev] = _code(doc, lexicon, countries)
    assert (ev.event, ev.mode, ev.cameo) == ("CONSULT", "visit", "043")
    assert ev.actor[0].name == "Vladimir Putin" and ev.recipient[0].country == "CHN"


def test_the_two_leaders_are_the_last_two_people_named(lexicon, countries):
    d = parse("Xi/Xi/PROPN/nsubj/1 welcomed/welcome/VERB/ROOT/1 Putin/Putin/PROPN/dobj/1 "
              "././PUNCT/punct/1 The/the/DET/det/6 two/two/NUM/nummod/6 leaders/leader/NOUN/nsubj/7 "
              "met/meet/VERB/ROOT/7 in/in/ADP/prep/7 Tianjin/Tianjin/PROPN/pobj/8 ././PUNCT/punct/7")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Xi Jinping", "CHN", "GOV"),
                    ent(d, 2, 3, "PERSON", "Vladimir Putin", "RUS", "GOV"),
                    ent(d, 9, 10, "GPE", "Tianjin", "CHN")]
    doc.places = [place(d, 9, 10, "CHN")]
    evs = _code(doc, lexicon, countries)
    meet = [e for e in evs if e.event == "CONSULT" and e.mode is None]
    assert len(meet) == 1 and {a.name for a in meet[0].actor} == {"Xi Jinping", "Vladimir Putin"}
    assert meet[0].location.name == "Tianjin"  # in China, Xi's country: not third-party
