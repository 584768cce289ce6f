"""Unit tests of the gold scorer (SPEC section 4), on tiny hand-made cases worked out by hand.

No spaCy model is loaded; the bundled country table is (it is plain JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from dateline.errors import InputError
from dateline.evaluate.gold import (
    actors_agree,
    aggregate,
    check_article,
    date_interval,
    date_ok,
    haversine_km,
    load_gold,
    location_ok,
    mention_key,
    score_events,
    score_file,
    score_mentions,
    textnorm,
)

BEIJING = {"name": "Beijing", "lat": 39.9075, "lon": 116.39723, "country": "CHN"}
TIANJIN = {"name": "Tianjin", "lat": 39.14222, "lon": 117.17667, "country": "CHN"}  # ~110 km


def A(name: str, country: str | None = None, sector: str | None = None, **kw) -> dict:
    """An actor dict."""
    return {"text": kw.pop("text", name), "name": name, "country": country, "sector": sector, **kw}


def ev(event: str, actor: list[dict], recipient: list[dict] | None = None, **kw) -> dict:
    """An event dict (prediction or gold)."""
    d = {"event": event, "actor": actor, "recipient": recipient or [], "mode": None,
         "modality": "asserted", "date": None, "date_end": None, "location": None}
    d.update(kw)
    return d


KIM = A("Kim Jong-un", "PRK", "GOV")
XI = A("Xi Jinping", "CHN", "GOV")
PUTIN = A("Vladimir Putin", "RUS", "GOV")
CHINA = A("China", "CHN", "GOV")


# ----------------------------------------------------------------------------- text


def test_textnorm_folds_case_space_quotes_and_trailing_punctuation():
    assert textnorm("Kim  joins\nPutin \u201cand\u201d Xi.") == textnorm('kim joins putin "and" xi')
    assert textnorm("Japan\u2019s surrender!") == "japan's surrender"
    assert textnorm(None) == ""
    assert textnorm("a.b") == "a.b"  # inner punctuation stays
    assert textnorm("Kim") != textnorm("Kimm")


@pytest.mark.parametrize("a,b", [
    ("on Monday", "Monday"),
    ("Wednesday's", "Wednesday"),
    ("Wednesday\u2019s", "wednesday"),
    ("the Kremlin", "Kremlin"),
    ("in the Taiwan Strait", "Taiwan Strait"),
    ("since 2019", "2019"),
])
def test_mention_key_equates(a, b):
    assert mention_key(a) == mention_key(b)


def test_mention_key_keeps_what_it_must():
    assert mention_key("On") == "on"  # a lone word is never dropped
    assert mention_key("the Hague") != mention_key("Monday")
    assert mention_key("states'") == "states"
    assert mention_key("Kiss") == "kiss"  # an s without apostrophe is no possessive


# ----------------------------------------------------------------------------- dates, places


def test_date_interval_granularities():
    assert date_interval("2019") == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert date_interval("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_interval("2025-09-01") == (dt.date(2025, 9, 1), dt.date(2025, 9, 1))
    assert date_interval("2025-09-01T10:00:00Z") == (dt.date(2025, 9, 1), dt.date(2025, 9, 1))
    assert date_interval("2025-W36") == (dt.date(2025, 9, 1), dt.date(2025, 9, 7))
    assert date_interval("2010s") == (dt.date(2010, 1, 1), dt.date(2019, 12, 31))
    assert date_interval("yesterday") is None
    assert date_interval("2025-13") is None
    assert date_interval(None) is None


def test_date_ok_single_day_gold():
    assert date_ok("2025-09-03", "2025-09-03", None)
    assert not date_ok("2025-09-03", "2025-09-04", None)
    assert not date_ok("2025-09-03", "2025-09", None)  # overlaps but wider
    assert not date_ok("2025-09-03", None, None)


def test_date_ok_gold_range():
    gold = ["2025-09-01", "2025-09-02"]
    assert date_ok(gold, "2025-09-02", None)
    assert date_ok(gold, "2025-09-01", "2025-09-02")
    # 08-31..09-01 overlaps and is 2 days wide like gold: right by the rule
    assert date_ok(gold, "2025-08-31", "2025-09-01")
    assert not date_ok(gold, "2025-08-31", "2025-09-02")  # 3 days: wider
    assert not date_ok(gold, "2025-08-30", None)
    assert not date_ok(gold, "2025-09-02", "2025-09-01")  # end before start: unusable


def test_date_ok_year_gold():
    assert date_ok("2019", "2019", None)
    assert date_ok("2019", "2019-06-05", None)
    assert date_ok("2019", "2019-12", "2020-01")  # overlaps, 62 days <= 365
    assert not date_ok("2019", "2018", None)
    assert not date_ok("2019", "2010s", None)  # a decade is wider than a year
    assert not date_ok("2019", "2019", "2020")


def test_haversine():
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.2)
    assert haversine_km(39.9075, 116.39723, 39.9075, 116.39723) == 0
    assert 100 < haversine_km(BEIJING["lat"], BEIJING["lon"], TIANJIN["lat"], TIANJIN["lon"]) < 120


def test_location_ok():
    near = {"lat": 40.1, "lon": 116.5, "country": "CHN"}  # ~23 km from Beijing
    assert location_ok(BEIJING, near)
    assert not location_ok(BEIJING, TIANJIN)  # same country but > 50 km
    assert not location_ok(BEIJING, {**near, "country": "PRK"})  # near but wrong country
    assert not location_ok(BEIJING, {"country": "CHN"})  # gold has coords, prediction none
    assert not location_ok(BEIJING, None)
    assert location_ok({"country": "CHN"}, TIANJIN)
    assert not location_ok({"country": "CHN"}, {"country": "PRK"})
    assert location_ok({"name": "the Middle East"}, {"text": "Middle East"})


# ----------------------------------------------------------------------------- article checks

GOLD_ART = {
    "title": "North Korea's Kim travels to China",
    "subtitle": "Kim joins Putin",
    "published": "2025-09-02",
    "section": "World",
    "source": "TRT World & Agencies",
    "body_first": "North Korean leader Kim has crossed",
    "body_last": "collapsed in Hanoi.",
    "body_paragraphs": 3,
    "body_must_not_contain": ["min read", "SOURCE:"],
    "related_must_contain": ["SCO Summit 2025: All eyes on Tianjin", "Qatar launches legal action"],
}
GOOD_PRED = {
    "title": "North Korea\u2019s Kim  travels to China.",
    "subtitle": "Kim joins Putin",
    "published": "2025-09-02T08:00:00+03:00",
    "section": "WORLD",
    "source": "TRT World",
    "body": "North Korean leader Kim has crossed into China.\n\nSources said so.\nTalks collapsed in Hanoi.",
    "related": [{"title": "TRT World - SCO Summit 2025: All eyes on Tianjin as heavyweights meet",
                 "url": None}, {"title": "Qatar launches legal action against X", "url": None}],
}


def _checks(pred: dict) -> dict[str, bool]:
    return {c.name: c.ok for c in check_article(pred, GOLD_ART)}


def test_article_checks_all_pass():
    res = _checks(GOOD_PRED)
    assert len(res) == 12
    assert all(res.values()), res


@pytest.mark.parametrize("change,failing", [
    ({"title": "Kim travels to China"}, "title"),
    ({"subtitle": None}, "subtitle"),
    ({"published": "2025-09-01"}, "published"),
    ({"published": None}, "published"),
    ({"section": "Asia"}, "section"),
    ({"source": "Reuters"}, "source"),
    ({"source": None}, "source"),
    ({"source": ""}, "source"),
    ({"body": "2 min read\nNorth Korean leader Kim has crossed.\nx\ncollapsed in Hanoi."}, "body_first"),
    ({"body": "North Korean leader Kim has crossed.\n\nTalks collapsed in Hanoi.\nSOURCE: TRT"},
     "body_last"),
    ({"related": [{"title": "Qatar launches legal action", "url": None}]}, "related_must_contain[0]"),
    ({"related": []}, "related_must_contain[1]"),
])
def test_each_article_check_can_fail(change, failing):
    res = _checks({**GOOD_PRED, **change})
    assert res[failing] is False
    others = {k: v for k, v in res.items() if k != failing and not k.startswith("body_must")}
    if failing not in ("body_first", "body_last", "related_must_contain[1]"):
        assert all(others.values()), others


def test_source_containing_gold_passes():
    assert _checks({**GOOD_PRED, "source": "TRT World & Agencies / AP"})["source"]


def test_body_paragraphs_counts_non_empty_lines():
    res = check_article({**GOOD_PRED, "body": GOOD_PRED["body"] + "\n  \nMore."}, GOLD_ART)
    para = next(c for c in res if c.name == "body_paragraphs")
    assert (para.ok, para.got) == (False, 4)


def test_body_must_not_contain_keeps_needle_punctuation():
    res = _checks({**GOOD_PRED, "body": GOOD_PRED["body"] + "\n2 MIN  read"})
    assert res["body_must_not_contain[0]"] is False
    assert res["body_must_not_contain[1]"] is True  # "Sources said" is not "SOURCE:"
    res = _checks({**GOOD_PRED, "body": "SOURCE:TRT\n" + GOOD_PRED["body"]})
    assert res["body_must_not_contain[1]"] is False


def test_missing_article_fails_every_check():
    res = check_article(None, GOLD_ART)
    assert not any(c.ok for c in res if not c.name.startswith("body_must"))
    assert all(c.ok for c in res if c.name.startswith("body_must"))


# ----------------------------------------------------------------------------- mentions


def test_entities_recall_country_and_sector():
    gold = [
        {"text": "Kim Jong-un", "country": "PRK", "sector": "GOV"},
        {"text": "Kim Jong-un", "country": "PRK", "sector": "GOV"},  # duplicate: counted once
        {"text": "Kremlin", "country": "RUS", "sector": "GOV"},
        {"text": "Shanghai Cooperation Organization", "sector": "IGO"},
        {"text": "Rodong", "country": "PRK", "optional": True},
    ]
    pred = [
        {"text": "Kim", "name": "Kim Jong-un", "country": "PRK", "sector": "GOV"},
        {"text": "the Kremlin", "name": None, "country": "RUS", "sector": None},
        {"text": "Rodong", "country": "CHN"},
    ]
    s = score_mentions("entities", pred, gold)
    assert (s.total, s.found) == (3, 2)
    assert s.recall == pytest.approx(2 / 3)
    assert (s.attr_total, s.attr_ok) == (2, 2)  # SCO has no gold country and was not found
    assert (s.sector_total, s.sector_ok) == (2, 1)  # Kremlin sector missing
    assert (s.optional_total, s.optional_found) == (1, 1)
    assert [d["text"] for d in s.details if not d["found"]] == ["Shanghai Cooperation Organization"]


def test_entity_country_right_when_some_duplicate_right():
    gold = [{"text": "China", "country": "CHN"}]
    pred = [{"text": "China", "country": None}, {"text": "China", "country": "CHN"}]
    assert score_mentions("entities", pred, gold).attr_ok == 1
    assert score_mentions("entities", pred[:1], gold).attr_ok == 0


def test_places_distance_and_country():
    gold = [
        {"text": "Beijing", "lat": 39.9075, "lon": 116.39723, "country": "CHN"},
        {"text": "Dandong", "lat": 40.12917, "lon": 124.39472, "country": "CHN"},
        {"text": "China", "country": "CHN"},
        {"text": "Hanoi", "lat": 21.0245, "lon": 105.84117},
        {"text": "Taiwan Strait", "optional": True},
    ]
    pred = [
        {"text": "Peking", "name": "Beijing", "lat": 40.0, "lon": 116.4, "country": "CHN"},
        {"text": "Dandong", "name": "Dandong", "lat": 39.9075, "lon": 116.39723, "country": "CHN"},
        {"text": "China", "name": "China", "lat": None, "lon": None, "country": "CHN"},
        {"text": "in the Taiwan Strait"},
    ]
    s = score_mentions("places", pred, gold)
    assert (s.total, s.found) == (4, 3)  # Hanoi missing
    assert (s.attr_total, s.attr_ok) == (3, 2)  # Dandong placed in Beijing: > 161 km
    assert s.optional_found == 1


def test_dates_value_at_gold_granularity():
    gold = [
        {"text": "Monday", "value": "2025-09-01", "granularity": "day"},
        {"text": "Wednesday", "value": "2025-09-03", "granularity": "day"},
        {"text": "2019", "value": "2019", "granularity": "year"},
        {"text": "Sunday", "value": "2025-08-31", "granularity": "day"},
        {"text": "2011", "value": "2011", "granularity": "year"},
    ]
    pred = [
        {"text": "on Monday", "value": "2025-09-01", "granularity": "day"},
        {"text": "Wednesday's", "value": "2025-09-10", "granularity": "day"},
        {"text": "since 2019", "value": "2019", "granularity": "year"},
        {"text": "Sunday", "value": "2025-08", "granularity": "month"},  # less precise: wrong
    ]
    s = score_mentions("dates", pred, gold)
    assert (s.total, s.found) == (5, 4)
    assert (s.attr_total, s.attr_ok) == (4, 2)


def test_mentions_empty_and_unknown_kind():
    s = score_mentions("dates", [], [{"text": "Monday", "value": "2025-09-01"}])
    assert (s.total, s.found, s.recall, s.attr_acc) == (1, 0, 0.0, None)
    assert score_mentions("dates", None, []).recall is None
    with pytest.raises(ValueError):
        score_mentions("people", [], [])


# ----------------------------------------------------------------------------- events


def test_actor_agreement_rules(countries):
    assert actors_agree({"name": "Kim Jong-un"}, {"text": "kim  jong-un.", "name": None}, countries)
    assert actors_agree({"name": "Kim Jong Un", "wikidata": "Q56226"},
                        {"text": "Kim", "name": "Kim", "wikidata": "Q56226"}, countries)
    assert not actors_agree({"name": "Kim Jong Un"}, {"text": "Kim", "name": "Kim"}, countries)
    gov = {"text": "Beijing", "name": "Chinese government", "country": "CHN", "sector": "GOV"}
    assert actors_agree({"name": "China", "country": "CHN"}, gov, countries)
    assert actors_agree({"name": "China"}, {**gov, "sector": None}, countries)
    assert not actors_agree({"name": "China"}, {**gov, "sector": "MIL"}, countries)
    assert not actors_agree({"name": "China"}, {**gov, "country": "TWN"}, countries)
    # the country rule needs the GOLD actor to be a country
    assert not actors_agree({"name": "Xi Jinping", "country": "CHN"}, gov, countries)


def test_actor_agreement_by_country_and_sector_code(countries):
    kenyan_police = {"name": "Kenyan police", "country": "KEN", "sector": "COP"}
    nairobi_police = {"text": "Nairobi police", "name": "Nairobi police", "country": "KEN", "sector": "COP"}
    assert actors_agree(kenyan_police, nairobi_police, countries)
    assert not actors_agree(kenyan_police, nairobi_police, countries, strict=True)
    assert not actors_agree(kenyan_police, {**nairobi_police, "sector": "MIL"}, countries)
    assert not actors_agree(kenyan_police, {**nairobi_police, "country": "UGA"}, countries)
    # both sides must give both: a predicted party with no sector does not agree by code
    assert not actors_agree(kenyan_police, {**nairobi_police, "sector": None}, countries)
    assert not actors_agree({"name": "police", "country": "KEN"}, nairobi_police, countries)


def test_gold_country_agrees_with_its_sector(countries):
    troops = {"text": "Ethiopian troops", "name": "Ethiopian troops", "country": "ETH", "sector": "MIL"}
    assert actors_agree({"name": "Ethiopia", "country": "ETH", "sector": "MIL"}, troops, countries)
    assert actors_agree({"name": "Ethiopia", "country": "ETH", "sector": "MIL"}, troops, countries,
                        strict=True)  # the country rule stays in the strict variant
    assert not actors_agree({"name": "Ethiopia", "country": "ETH", "sector": "GOV"},
                            {**troops, "sector": "COP"}, countries, strict=True)


def test_actor_agreement_by_whole_words_of_a_proper_name(countries):
    assert actors_agree({"name": "Cyril Ramaphosa"}, {"name": "Ramaphosa"}, countries)
    assert actors_agree({"name": "Ramaphosa"}, {"name": "Cyril Ramaphosa"}, countries)
    assert actors_agree({"name": "Ahmed al-Sharaa"}, {"name": "al-Sharaa"}, countries)  # particle first
    assert actors_agree({"name": "Bank of England"}, {"name": "the Bank of England governor"}, countries)
    # not a proper name / not whole words / too short
    assert not actors_agree({"name": "Kenyan government"}, {"name": "government"}, countries)
    assert not actors_agree({"name": "Cyril Ramaphosa"}, {"name": "Rama"}, countries)
    assert not actors_agree({"name": "Cyril Ramaphosa"}, {"name": "Ramaphosas"}, countries)
    assert not actors_agree({"name": "Kim Jong Un"}, {"name": "Kim"}, countries)  # three letters
    # a gold country never agrees this way
    assert not actors_agree({"name": "China"}, {"name": "China Daily", "country": "CHN", "sector": "MED"},
                            countries)


def test_diacritics_ignored(countries):
    assert textnorm("Pedro Sánchez") == textnorm("Pedro Sanchez")
    assert actors_agree({"name": "Pedro Sánchez"}, {"name": "Pedro Sanchez"}, countries)
    assert actors_agree({"name": "Sánchez"}, {"name": "Pedro Sanchez"}, countries)


def test_party_precision_counts_parties_of_matched_predictions(countries):
    gold = [ev("ACCUSE", [KIM], [A("United States", "USA", "GOV")])]
    pred = [ev("ACCUSE", [KIM, XI], [A("United States", "USA", "GOV"), PUTIN])]
    s = score_events(pred, gold, countries)
    assert s.tp == 1 and (s.party_n, s.party_ok) == (4, 2) and s.party_precision == 0.5
    assert score_events([], gold, countries).party_precision is None


def test_type_only_and_optional_counted_as_required_variants(countries):
    from dateline.evaluate.gold import score_variants

    gold = [ev("ACCUSE", [KIM], [CHINA]), ev("PROTEST", [A("Serbian students", "SRB", "EDU")],
                                             [A("Serbia", "SRB", "GOV")], optional=True)]
    pred = [ev("ACCUSE", [PUTIN], [XI]), ev("PROTEST", [A("Serbian students", "SRB", "EDU")],
                                             [A("Serbia", "SRB", "GOV")])]
    v = score_variants(pred, gold, countries)
    assert (v["main"].tp, v["main"].fp, v["main"].fn, v["main"].optional_matched) == (0, 1, 1, 1)
    assert (v["type"].tp, v["type"].fp, v["type"].fn) == (1, 0, 0)  # ACCUSE by type alone
    assert (v["all"].tp, v["all"].fp, v["all"].fn) == (1, 1, 1)  # the protest now required


def test_as_prediction_turns_a_gold_range_into_an_interval():
    from dateline.evaluate.gold import as_prediction

    p = as_prediction(ev("AGREE", [KIM, XI], date=["2025-09-01", "2025-09-02"], optional=True))
    assert (p["date"], p["date_end"]) == ("2025-09-01", "2025-09-02") and "optional" not in p


def test_exact_match_scores_one():
    gold = [ev("CONSULT", [KIM], [CHINA], mode="visit", date=["2025-09-01", "2025-09-02"],
               location={"country": "CHN"})]
    pred = [ev("CONSULT", [KIM], [CHINA], mode="visit", date="2025-09-01",
               location={"name": "Dandong", "country": "CHN", "lat": 40.1, "lon": 124.4})]
    s = score_events(pred, gold)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert (s.date_acc, s.location_acc, s.modality_acc, s.mode_acc) == (1.0, 1.0, 1.0, 1.0)
    assert s.pairs[0]["score"] == 2.25


def test_type_mismatch_is_fp_and_fn():
    s = score_events([ev("SUPPORT", [KIM], [CHINA])], [ev("CONSULT", [KIM], [CHINA])])
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert s.date_acc is None


def test_country_actor_rule_in_event():
    gold = [ev("CONSULT", [KIM], [CHINA])]
    beijing_gov = A("Chinese government", "CHN", "GOV", text="Beijing")
    assert score_events([ev("CONSULT", [KIM], [beijing_gov])], gold).tp == 1
    assert score_events([ev("CONSULT", [KIM], [{**beijing_gov, "sector": None}])], gold).tp == 1
    assert score_events([ev("CONSULT", [KIM], [{**beijing_gov, "sector": "MIL"}])], gold).tp == 0


def test_recipient_rules_when_gold_has_recipient():
    gold = [ev("CONSULT", [KIM], [CHINA])]
    assert score_events([ev("CONSULT", [KIM])], gold).tp == 0  # no party for the recipient
    # parties agree in their roles: the gold recipient listed as a predicted actor is no match
    assert score_events([ev("CONSULT", [KIM, CHINA])], gold).tp == 0
    # gold actor must agree with a predicted ACTOR, not a predicted recipient
    assert score_events([ev("CONSULT", [CHINA], [KIM])], gold).tp == 0
    assert score_events([ev("CONSULT", [KIM], [PUTIN])], gold).tp == 0


def test_gold_without_recipient_counts_predicted_recipients_as_parties():
    gold = [ev("CONSULT", [PUTIN, KIM])]
    assert score_events([ev("CONSULT", [PUTIN], [KIM])], gold).tp == 1
    assert score_events([ev("CONSULT", [XI], [KIM])], gold).tp == 1
    assert score_events([ev("CONSULT", [XI], [CHINA])], gold).tp == 0


def test_duplicate_report_is_false_positive():
    gold = [ev("CONSULT", [KIM], [CHINA])]
    pred = [ev("CONSULT", [KIM], [CHINA]), ev("CONSULT", [KIM], [CHINA])]
    s = score_events(pred, gold)
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    assert s.precision == 0.5 and s.recall == 1.0
    assert s.f1 == pytest.approx(2 / 3)
    assert [x["pred_index"] for x in s.spurious] == [1]


def test_optional_gold_neither_right_nor_wrong():
    gold = [ev("MOBILIZE", [A("China", "CHN", "MIL")], optional=True)]
    s = score_events([ev("MOBILIZE", [A("China", "CHN", "MIL")])], gold)
    assert (s.tp, s.fp, s.fn, s.optional_matched) == (0, 0, 0, 1)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    s = score_events([], gold)  # missing an optional event is no FN
    assert (s.tp, s.fp, s.fn) == (0, 0, 0)
    s = score_events([ev("MOBILIZE", [CHINA])] * 2, gold)  # a second report is an FP
    assert (s.tp, s.fp, s.optional_matched) == (0, 1, 1)


def test_greedy_best_first_uses_dates():
    gold = [ev("CONSULT", [KIM], date="2025-09-01"), ev("CONSULT", [KIM], date="2025-09-03")]
    pred = [ev("CONSULT", [KIM], date="2025-09-03"), ev("CONSULT", [KIM], date="2025-09-01")]
    s = score_events(pred, gold)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.date_acc == 1.0  # index order would have paired them wrongly (0.0)
    assert {(p["gold_index"], p["pred_index"]) for p in s.pairs} == {(0, 1), (1, 0)}


def test_greedy_location_and_modality_bonus():
    gold = [ev("CONSULT", [KIM], location=BEIJING, modality="future"),
            ev("CONSULT", [KIM], location={"country": "VNM"}, modality="historical")]
    pred = [ev("CONSULT", [KIM], location={"country": "VNM"}, modality="future"),
            ev("CONSULT", [KIM], location=BEIJING, modality="historical")]
    s = score_events(pred, gold)
    # location (0.5) outweighs modality (0.25): gold0-pred1, gold1-pred0
    assert {(p["gold_index"], p["pred_index"]) for p in s.pairs} == {(0, 1), (1, 0)}
    assert (s.location_acc, s.modality_acc) == (1.0, 0.0)


def test_greedy_prediction_goes_to_better_optional_gold():
    gold = [ev("CONSULT", [KIM, XI], date="2025-09-03", modality="future"),
            ev("CONSULT", [KIM, XI], modality="hypothetical", optional=True)]
    pred = [ev("CONSULT", [KIM, XI], modality="hypothetical")]
    s = score_events(pred, gold)  # 1.25 with the optional gold beats 1.0 with the required one
    assert (s.tp, s.fp, s.fn, s.optional_matched) == (0, 0, 1, 1)
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)


def test_tie_prefers_required_gold():
    g = ev("CONSULT", [KIM], [CHINA])
    s = score_events([ev("CONSULT", [KIM], [CHINA])], [{**g, "optional": True}, g])
    assert (s.tp, s.fn, s.optional_matched) == (1, 0, 0)


def test_attribute_accuracy_skips_gold_nulls():
    gold = [ev("CONSULT", [PUTIN, KIM], mode=None, modality="hypothetical"),
            ev("CONSULT", [KIM, A("Donald Trump", "USA")], mode="third-party",
               modality="historical", date="2019", location=BEIJING)]
    pred = [ev("CONSULT", [PUTIN, KIM], mode="visit", modality="future", date="2025-09-03"),
            ev("CONSULT", [A("Donald Trump", "USA"), KIM], mode="third-party", modality="historical",
               date="2019-02", location={"country": "VNM", "lat": 21.0, "lon": 105.8})]
    s = score_events(pred, gold)
    assert s.tp == 2
    assert (s.date_ok, s.date_n) == (1, 1)
    assert (s.location_ok, s.location_n) == (0, 1)
    assert (s.modality_ok, s.modality_n) == (1, 2)
    assert (s.mode_ok, s.mode_n) == (1, 1)
    assert s.modality_acc == 0.5 and s.mode_acc == 1.0


def test_gold_date_range_rejects_wider_prediction():
    gold = [ev("AGREE", [A("Donald Trump", "USA")], date=["2025-06-04", "2025-09-02"])]
    assert score_events([ev("AGREE", [A("Donald Trump")], date="2025-09-02")], gold).date_acc == 1.0
    assert score_events([ev("AGREE", [A("Donald Trump")], date="2025")], gold).date_acc == 0.0
    assert score_events([ev("AGREE", [A("Donald Trump")], date="2025-07")], gold).date_acc == 1.0


def test_empty_cases_precision_recall_conventions():
    s = score_events([], [])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    s = score_events([], [ev("CONSULT", [KIM])])
    assert (s.precision, s.recall, s.f1, s.fn) == (1.0, 0.0, 0.0, 1)
    s = score_events([ev("CONSULT", [KIM])], [])
    assert (s.precision, s.recall, s.f1, s.fp) == (0.0, 1.0, 0.0, 1)
    assert score_events(None, None).f1 == 1.0


def test_event_type_case_insensitive_and_no_actor_no_match():
    assert score_events([ev("consult", [KIM])], [ev("CONSULT", [KIM])]).tp == 1
    assert score_events([ev("CONSULT", [])], [ev("CONSULT", [KIM])]).tp == 0


# ----------------------------------------------------------------------------- files


def test_score_file_and_aggregate():
    gold_a = {"input": "a.txt", "article": {"title": "T"},
              "entities": [{"text": "Kim Jong-un", "country": "PRK"}],
              "events": [ev("CONSULT", [KIM], date="2025-09-01")]}
    pred_a = {"article": {"title": "T."}, "entities": [{"text": "Kim Jong-un", "country": "PRK"}],
              "places": [], "dates": [],
              "events": [ev("CONSULT", [KIM], date="2025-09-01"), ev("ASSAULT", [XI])]}
    gold_b = {"input": "b.txt", "article": {"title": "U"},
              "events": [ev("CONSULT", [KIM], date="2025-09-02"), ev("AGREE", [XI]), ev("AID", [XI])]}
    pred_b = {"article": {"title": "V"}, "events": [ev("CONSULT", [KIM], date="2025-09-01")]}
    fa, fb = score_file(pred_a, gold_a), score_file(pred_b, gold_b, name="b")
    assert (fa.events.tp, fa.events.fp, fa.events.fn) == (1, 1, 0)
    assert (fb.events.tp, fb.events.fp, fb.events.fn) == (1, 0, 2)
    assert fa.checks_ok == 1 and fb.checks_ok == 0
    assert set(fa.mentions) == {"entities"} and fa.mentions["entities"].recall == 1.0
    agg = aggregate([fa, fb])
    assert agg.events.precision == pytest.approx(2 / 3)
    assert agg.events.recall == pytest.approx(0.5)
    assert agg.events.f1 == pytest.approx(4 / 7)
    assert agg.events.date_acc == 0.5
    assert (agg.checks_ok, agg.checks_total) == (1, 2)
    line = agg.summary_line()
    assert line == ("events_f1=0.571 precision=0.667 recall=0.500 strict_f1=0.571 "
                    "strict_precision=0.667 strict_recall=0.500 party_precision=1.000 type_f1=0.571 "
                    "f1_optional_required=0.571 date_acc=0.500 location_acc=nan modality_acc=1.000 "
                    "mode_acc=nan")
    assert re.fullmatch(r"events_f1=\S+ precision=\S+ recall=\S+ strict_f1=\S+ strict_precision=\S+ "
                        r"strict_recall=\S+ party_precision=\S+ type_f1=\S+ f1_optional_required=\S+ "
                        r"date_acc=\S+ location_acc=\S+ modality_acc=\S+ mode_acc=\S+", line)
    json.dumps(fa.to_dict()), json.dumps(agg.to_dict())
    text = "\n".join(fb.lines(verbose=True))
    assert "FAIL title" in text and "MISS gold#1" in text and "MATCH" in text


def test_score_file_with_no_prediction():
    gold = {"input": "a.txt", "article": {"title": "T"}, "events": [ev("CONSULT", [KIM])]}
    fs = score_file(None, gold)
    assert fs.events.recall == 0.0 and fs.checks_ok == 0


def test_load_gold_resolves_input_relative_to_gold(tmp_path):
    (tmp_path / "gold").mkdir()
    p = tmp_path / "gold" / "x.gold.json"
    p.write_text(json.dumps({"input": "../seed/x.txt", "events": []}), encoding="utf-8")
    obj, inp = load_gold(p)
    assert obj["events"] == []
    assert inp == tmp_path / "seed" / "x.txt"


def test_load_gold_errors(tmp_path):
    bad = tmp_path / "bad.gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_gold(bad)
    assert e.value.reason == "bad-json"
    noinput = tmp_path / "n.gold.json"
    noinput.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError):
        load_gold(noinput)
    with pytest.raises(InputError) as e:
        load_gold(tmp_path / "missing.gold.json")
    assert e.value.reason == "unreadable"


# ----------------------------------------------------------------------------- sentence sets

from dateline.evaluate.sentences import (  # noqa: E402
    SentenceItem,
    canonical_type,
    evaluate_conflibert,
    evaluate_plover_gsr,
    penta_of,
    read_conflibert,
    read_plover_gsr,
    score_sentences,
)


def test_canonical_type_and_penta():
    assert canonical_type("DEMAND") == "REQUEST"
    assert canonical_type("disapprove") == "ACCUSE"
    assert canonical_type("INVESTIGATE") == "ACCUSE"
    assert canonical_type("FIGHT") == "ASSAULT"
    assert canonical_type("CONSULT") == "CONSULT"
    assert canonical_type("YIELD") is None and canonical_type(None) is None
    assert [penta_of(t) for t in ("AGREE", "AID", "THREATEN", "FIGHT", None, "XYZ")] == [1, 2, 3, 4, 0, 0]


def _jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _fake_coder(table: dict[str, list[str]]):
    def code(text: str) -> list[dict]:
        if text == "boom":
            raise RuntimeError("coder bug")
        return [{"event": t} for t in table.get(text, [])]
    return code


def test_read_plover_gsr_maps_and_skips(tmp_path):
    p = _jsonl(tmp_path / "gsr.jsonl", [
        {"id": "1", "text": "a", "plover": "AGREE"},
        {"id": "2", "text": "b", "plover": "DEMAND"},
        {"id": "3", "text": "c", "plover": "YIELD"},
        {"id": "4", "text": "d", "plover": "fight"},
        {"id": "5", "text": "e", "plover": None},
    ])
    items, skipped = read_plover_gsr(p)
    assert [(i.id, i.label, i.penta) for i in items] == [("1", "AGREE", 1), ("2", "REQUEST", 3),
                                                        ("4", "ASSAULT", 4)]
    assert skipped == {"YIELD": 1, "None": 1}


def test_plover_scoring_with_fake_coder(tmp_path):
    p = _jsonl(tmp_path / "gsr.jsonl", [
        {"id": "1", "text": "s1", "plover": "AGREE"},
        {"id": "2", "text": "s2", "plover": "AGREE"},
        {"id": "3", "text": "s3", "plover": "DEMAND"},
        {"id": "4", "text": "s4", "plover": "ASSAULT"},
        {"id": "5", "text": "s5", "plover": "TRADE"},
    ])
    code = _fake_coder({"s1": ["AGREE"], "s2": ["CONSULT", "AGREE"], "s3": ["REQUEST", "ASSAULT"]})
    s = evaluate_plover_gsr(p, code)
    # types: AGREE P=1 R=.5 F1=2/3; REQUEST 1; ASSAULT 0 -> macro 5/9
    assert (s.types.n, s.types.correct) == (4, 2)
    assert s.types.accuracy == 0.5
    assert s.types.macro_f1 == pytest.approx(5 / 9)
    assert s.types.confusion["AGREE"] == {"AGREE": 1, "CONSULT": 1}
    assert s.types.confusion["ASSAULT"] == {"NONE": 1}
    # penta: gold 1,1,3,4 vs pred 1,1,3,0 -> acc 3/4, macro (1 + 1 + 0) / 3
    assert s.penta.accuracy == 0.75
    assert s.penta.macro_f1 == pytest.approx(2 / 3)
    assert s.skipped == {"TRADE": 1}
    assert [m["id"] for m in s.mistakes] == ["2", "4"]
    assert s.summary_line().startswith("type_acc=0.500 type_macro_f1=0.556 penta_acc=0.750")


def test_conflibert_scoring_with_fake_coder(tmp_path):
    p = _jsonl(tmp_path / "cb.jsonl", [
        {"id": "a", "text": "said", "penta_class": 0},
        {"id": "b", "text": "met", "penta_class": 1},
        {"id": "c", "text": "bombed", "penta_class": 4},
        {"id": "d", "text": "boom", "penta_class": 4},
        {"id": "e", "text": "x", "penta_class": None},
    ])
    items, skipped = read_conflibert(p)
    assert len(items) == 4 and skipped == {"no penta_class": 1}
    s = evaluate_conflibert(p, _fake_coder({"said": [], "met": ["CONSULT"], "bombed": ["FIGHT"]}))
    # gold 0,1,4,4 vs pred 0,1,4,0 (the coder error predicts nothing)
    assert s.errors == 1
    assert s.types.n == 0 and s.types.accuracy is None
    assert s.penta.accuracy == 0.75
    # class 0: P=1/2 R=1 F1=2/3; class 1: 1; class 4: P=1 R=1/2 F1=2/3 -> macro 7/9
    assert s.penta.macro_f1 == pytest.approx(7 / 9)
    assert evaluate_conflibert(p, _fake_coder({}), limit=2).penta.n == 2


def test_score_sentences_unknown_predicted_type_is_wrong():
    items = [SentenceItem("1", "t", "AGREE", 1)]
    s = score_sentences(items, lambda text: [{"event": "praise"}, {"event": "AGREE"}])
    assert s.types.accuracy == 0.0 and s.types.confusion["AGREE"] == {"PRAISE": 1}
    assert s.penta.accuracy == 0.0


# ----------------------------------------------------------------------------- agreement


def test_agreement_is_the_mean_of_both_directions(countries, tmp_path):
    from dateline.evaluate.agreement import agreement, agreement_dirs

    a = {"input": "x", "events": [ev("ACCUSE", [KIM], [CHINA]), ev("CONSULT", [XI, PUTIN]),
                                  ev("AID", [CHINA], [KIM], optional=True)]}
    b = {"input": "x", "events": [ev("ACCUSE", [KIM], [CHINA], date=["2025-09-01", "2025-09-02"]),
                                  ev("AID", [CHINA], [KIM])]}
    r = agreement([(a, b)], countries)
    # b scored against a: ACCUSE tp, AID matches a's optional event, CONSULT missed -> P=1 R=.5
    assert r["main_b_vs_a"] == pytest.approx(2 / 3)
    # a scored against b: ACCUSE tp, AID tp, CONSULT fp -> P=2/3 R=1
    assert r["main_a_vs_b"] == pytest.approx(0.8)
    assert r["main"] == pytest.approx((2 / 3 + 0.8) / 2)
    (tmp_path / "A").mkdir()
    (tmp_path / "B").mkdir()
    (tmp_path / "A" / "p.gold.json").write_text(json.dumps(a))
    (tmp_path / "B" / "p.gold.json").write_text(json.dumps(b))
    (tmp_path / "B" / "q.gold.json").write_text(json.dumps(b))
    lines: list[str] = []
    rep = agreement_dirs(tmp_path / "A", tmp_path / "B", echo=lines.append)
    assert rep["pages"] == 1 and rep["only_b"] == ["q.gold.json"]
    assert lines[-1].startswith("agreement_f1=0.733 ")
