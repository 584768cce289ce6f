"""Unit tests for short references (events/coref.py and its use by the coder): "he", "the
minister", "the Kenyan leader", "the two presidents", "both countries", "X and Y ... they",
and headline surnames NER left untagged.

Texts, parses and mentions are built by hand (no model loads).
"""

from __future__ import annotations

import pytest

from dateline.events.coref import PeopleIndex
from dateline.events.lexicon import load_lexicon
from dateline.model import EntityMention
from .helpers import _code, document, ent, parse


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _mention(text: str, words: str, label: str, name: str | None = None,
             country: str | None = None, sector: str | None = None, field: str = "body",
             nth: int = 0) -> EntityMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return EntityMention(words, label, start, start + len(words), name or words, country, sector,
                         field=field)


def _index(body: str, mentions: list[tuple], countries=None, title: str = "") -> PeopleIndex:
    ents = [_mention(title if m[-1] == "title" else body, *m[:-1], field=m[-1])
            if m and m[-1] in ("title", "body") else _mention(body, *m) for m in mentions]
    return PeopleIndex.build({"title": title, "body": body}, ents, countries)


def _pos(body: str, words: str) -> tuple[int, int]:
    return (2, body.index(words))


# --- the index: roles and countries around a name ------------------------------------------

BODY = ("Kenyan President William Ruto met Foreign Minister Mihai Popsoi in Nairobi. "
        "Kaja Kallas, the EU's foreign policy chief, joined them. "
        "The minister said the president would return. The Kenyan leader left.")


def _body_index(countries=None) -> PeopleIndex:
    return _index(BODY, [("William Ruto", "PERSON"), ("Mihai Popsoi", "PERSON", None, "MDA"),
                         ("Kaja Kallas", "PERSON")], countries)


def test_role_words_come_from_title_and_apposition(countries):
    idx = _body_index(countries)
    roles = {p.actor.name: p.roles for p in idx.people}
    assert {"president"} <= roles["William Ruto"]
    # the window stops at the previous person: Ruto is no minister
    assert "minister" not in roles["William Ruto"]
    assert {"foreign", "minister"} <= roles["Mihai Popsoi"]
    assert {"foreign", "policy", "chief"} <= roles["Kaja Kallas"]
    # a nationality in the title gives the country when the mention has none
    assert next(p for p in idx.people if p.actor.name == "William Ruto").country == "KEN"


def test_the_minister_is_the_minister_not_the_nearest_person(countries):
    idx = _body_index(countries)
    got = idx.role(_pos(BODY, "The minister"), "minister")
    assert got is not None and got.name == "Mihai Popsoi"
    got = idx.role(_pos(BODY, "the president"), "president")
    assert got is not None and got.name == "William Ruto"


def test_nationality_picks_the_leader_of_that_country(countries):
    idx = _body_index(countries)
    got = idx.role(_pos(BODY, "The Kenyan leader"), "leader", ["kenyan"], "KEN")
    assert got is not None and got.name == "William Ruto"
    assert idx.role(_pos(BODY, "The Kenyan leader"), "leader", [], "FRA") is None


def test_narrow_role_without_a_fitting_person_stays_unresolved(countries):
    idx = _body_index(countries)
    assert idx.role(_pos(BODY, "The Kenyan leader"), "spokesman") is None
    # "the defence minister" is not the foreign minister
    assert idx.role(_pos(BODY, "The minister"), "minister", ["defence"]) is None


def test_general_noun_falls_back_to_a_person_of_unknown_role():
    body = "Ruto arrived on Monday. The president spoke."
    idx = _index(body, [("Ruto", "PERSON", "William Ruto")])
    got = idx.role(_pos(body, "The president"), "president")
    assert got is not None and got.name == "William Ruto"
    assert idx.role(_pos(body, "The president"), "ambassador") is None


def test_pronoun_is_the_nearest_earlier_person():
    idx = _body_index()
    assert idx.person(_pos(BODY, "The minister")).name == "Kaja Kallas"
    assert idx.person((2, 0)) is None


def test_counted_group_takes_distinct_people_role_first():
    body = "Ruto met Abiy. Ruto also saw Chief Justice Koome. The two leaders signed a pact."
    idx = _index(body, [("Ruto", "PERSON", "William Ruto"), ("Abiy", "PERSON", "Abiy Ahmed"),
                        ("Ruto", "PERSON", "William Ruto", None, None, "body", 1),
                        ("Koome", "PERSON", "Martha Koome")])
    got = idx.group(_pos(body, "The two leaders"), "leader", 2)
    # Koome's known role ("chief" counts as a leader) comes first, then the nearest unknown
    assert [a.name for a in got] == ["William Ruto", "Martha Koome"]
    assert idx.group(_pos(body, "The two leaders"), "leader", 3) != []
    assert idx.group(_pos(body, "The two leaders"), "leader", 4) == []


def test_uncounted_plural_needs_two_people_in_the_paragraph():
    body = "Putin arrived.\nXi and Modi met. The leaders agreed."
    idx = _index(body, [("Putin", "PERSON"), ("Xi", "PERSON"), ("Modi", "PERSON")])
    got = idx.group(_pos(body, "The leaders"), "leader", None, (2, 1))
    assert [a.name for a in got] == ["Xi", "Modi"]
    body2 = "Putin arrived.\nModi spoke. The leaders agreed."
    idx2 = _index(body2, [("Putin", "PERSON"), ("Modi", "PERSON")])
    assert idx2.group(_pos(body2, "The leaders"), "leader", None, (2, 1)) == []


def test_country_plural_skips_places_and_counts_government_people(countries):
    body = ("President Donald Trump and Chinese leader Xi Jinping will meet at a summit in "
            "South Korea. The two countries agreed in August to extend a pause.")
    idx = _index(body, [("Donald Trump", "PERSON", None, "USA", "GOV"),
                        ("Chinese", "NORP", None, "CHN"),
                        ("Xi Jinping", "PERSON", None, "CHN", "GOV"),
                        ("South Korea", "GPE", None, "KOR")], countries)
    got = idx.country_group(_pos(body, "The two countries"), 2, (2, 0))
    assert sorted(a.country for a in got) == ["CHN", "USA"]
    assert all(a.sector == "GOV" for a in got)
    assert idx.country_group(_pos(body, "The two countries"), 3, (2, 0)) == []


def test_country_plural_looks_back_two_paragraphs_only(countries):
    body = "Russia and Ukraine swapped prisoners.\nA.\nB.\nC.\nThe two sides agreed."
    idx = _index(body, [("Russia", "GPE", None, "RUS"), ("Ukraine", "GPE", None, "UKR")],
                 countries)
    assert idx.country_group(_pos(body, "The two sides"), 2, (2, 4)) == []
    assert len(idx.country_group(_pos(body, "The two sides"), 2, (2, 2))) == 2


def test_they_after_a_coordination():
    body = ("Secretary of State Marco Rubio and Chinese Foreign Minister Wang Yi spoke, and "
            "they discussed a meeting. Peskov said they left.")
    idx = _index(body, [("Marco Rubio", "PERSON"), ("Chinese", "NORP", None, "CHN"),
                        ("Wang Yi", "PERSON", None, "CHN"), ("Peskov", "PERSON")])
    got = idx.coordinated(_pos(body, "they discussed"), (2, 0))
    assert [a.name for a in got] == ["Marco Rubio", "Wang Yi"]
    # a person named since the coordination blocks it
    assert idx.coordinated(_pos(body, "they left"), (2, 0)) == []
    # another paragraph: no
    assert idx.coordinated(_pos(body, "they discussed"), (2, 1)) == []


def test_a_verb_between_names_is_no_coordination():
    body = "Ruto thanked Abiy and asked Kenya to help. They agreed."
    idx = _index(body, [("Ruto", "PERSON"), ("Abiy", "PERSON"), ("Kenya", "GPE", None, "KEN")])
    assert idx.pairs == []


# --- through the coder (hand-built parses) ---------------------------------------------------


def test_the_minister_resolves_by_role_in_the_coder(lexicon, countries):
    # "Foreign Minister Popsoi met Sandu. The minister visited Russia."
    d = parse("Foreign/Foreign/PROPN/compound/1 Minister/Minister/PROPN/compound/2 "
              "Popsoi/Popsoi/PROPN/nsubj/3 met/meet/VERB/ROOT/3 Sandu/Sandu/PROPN/dobj/3 "
              "././PUNCT/punct/3 The/the/DET/det/7 minister/minister/NOUN/nsubj/8 "
              "visited/visit/VERB/ROOT/8 Russia/Russia/PROPN/dobj/8 ././PUNCT/punct/8")
    doc = document({"body": d})
    doc.entities = [ent(d, 2, 3, "PERSON", "Mihai Popsoi", "MDA", "GOV"),
                    ent(d, 4, 5, "PERSON", "Maia Sandu", "MDA", "GOV"),
                    ent(d, 9, 10, "GPE", "Russia", "RUS")]
    evs = _code(doc, lexicon, countries)
    visit = [e for e in evs if e.recipient and e.recipient[0].country == "RUS"]
    assert visit, [(e.event, [a.name for a in e.actor]) for e in evs]
    # the nearest person is Sandu, but the minister is Popsoi
    assert [a.name for a in visit[0].actor] == ["Mihai Popsoi"]


def test_the_two_presidents_are_both_actors(lexicon, countries):
    # "Ruto met Abiy. The two presidents visited Djibouti."
    d = parse("Ruto/Ruto/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Abiy/Abiy/PROPN/dobj/1 "
              "././PUNCT/punct/1 The/the/DET/det/6 two/two/NUM/nummod/6 "
              "presidents/president/NOUN/nsubj/7 visited/visit/VERB/ROOT/7 "
              "Djibouti/Djibouti/PROPN/dobj/7 ././PUNCT/punct/7")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "William Ruto", "KEN", "GOV"),
                    ent(d, 2, 3, "PERSON", "Abiy Ahmed", "ETH", "GOV"),
                    ent(d, 8, 9, "GPE", "Djibouti", "DJI")]
    evs = _code(doc, lexicon, countries)
    visit = [e for e in evs if e.recipient and e.recipient[0].country == "DJI"]
    assert visit and {a.name for a in visit[0].actor} == {"William Ruto", "Abiy Ahmed"}


def test_they_after_x_and_y_in_the_coder(lexicon, countries):
    # "Putin and Xi met. They visited Hanoi." (one paragraph)
    d = parse("Putin/Putin/PROPN/nsubj/3 and/and/CCONJ/cc/0 Xi/Xi/PROPN/conj/0 "
              "met/meet/VERB/ROOT/3 ././PUNCT/punct/3 They/they/PRON/nsubj/6 "
              "visited/visit/VERB/ROOT/6 Vietnam/Vietnam/PROPN/dobj/6 ././PUNCT/punct/6")
    doc = document({"body": d})
    doc.entities = [ent(d, 0, 1, "PERSON", "Vladimir Putin", "RUS", "GOV"),
                    ent(d, 2, 3, "PERSON", "Xi Jinping", "CHN", "GOV"),
                    ent(d, 7, 8, "GPE", "Vietnam", "VNM")]
    evs = _code(doc, lexicon, countries)
    visit = [e for e in evs if e.recipient and e.recipient[0].country == "VNM"]
    assert visit and {a.name for a in visit[0].actor} == {"Vladimir Putin", "Xi Jinping"}


def test_headline_surname_left_untagged_becomes_the_person(countries):
    from types import SimpleNamespace

    from dateline.stages.entities import _untagged_short_names

    t = parse("Kenya/Kenya/PROPN/poss/2 's/'s/PART/case/0 Ruto/Ruto/PROPN/nsubj/3 "
              "signs/sign/VERB/ROOT/3 pact/pact/NOUN/dobj/3")
    b = parse("William/William/PROPN/compound/1 Ruto/Ruto/PROPN/nsubj/2 "
              "arrived/arrive/VERB/ROOT/2 ././PUNCT/punct/2")
    doc = document({"title": t, "body": b})
    from dateline.model import Actor
    ruto = Actor("William Ruto", "William Ruto", "KEN", "GOV", "Q1")
    pending = [("title", None, "GPE", 0, 5, "Kenya"), ("body", None, "PERSON", 0, 12,
                                                         "William Ruto")]
    table = SimpleNamespace(countries=countries)
    got = _untagged_short_names(doc, pending, [(["william", "ruto"], ruto)], table)
    assert [(m.field, m.text, m.name, m.country) for m in got] == \
        [("title", "Ruto", "William Ruto", "KEN")]
    # a name part two people share is left alone
    other = Actor("Samuel Ruto", "Samuel Ruto", "KEN", None, "Q2")
    assert _untagged_short_names(doc, pending, [(["william", "ruto"], ruto),
                                                (["samuel", "ruto"], other)], table) == []


def test_a_country_lent_by_the_article_makes_no_country_party(countries):
    # "Chicago" and an unknown person got the article's country (stages/actor_context.py):
    # neither is a country the text named, so neither counts for "the two countries"
    body = "Jane Roe of Chicago met Chinese officials. The two countries agreed."
    jane = _mention(body, "Jane Roe", "PERSON", None, "USA")
    jane.inferred = "article"
    chicago = _mention(body, "Chicago", "GPE", None, "USA")
    chicago.inferred = "place"
    china = _mention(body, "Chinese", "NORP", None, "CHN")
    idx = PeopleIndex.build({"title": "", "body": body}, [jane, chicago, china], countries)
    assert [c.actor.country for c in idx.countries_seen] == ["CHN"]
    stated = _mention(body, "Chicago", "GPE", None, "USA")  # as if the text had said it
    idx = PeopleIndex.build({"title": "", "body": body}, [stated, china], countries)
    assert [c.actor.country for c in idx.countries_seen] == ["USA", "CHN"]
