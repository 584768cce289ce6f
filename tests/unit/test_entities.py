"""entities stage on hand-built spaCy Docs (spacy.blank + ents; no model is loaded).

Checks span merging (matcher over NER), trimming, titles in context, short references,
date-awareness at the publication date and GPE/NORP resolution.
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from dateline.model import Article, Document  # noqa: E402
from dateline.stages.entities import build_matchers, resolve_document  # noqa: E402

from .helpers import blank_doc  # noqa: E402

_POS = {"the": "DET", "a": "DET", "said": "VERB", "met": "VERB", "visited": "VERB",
        "published": "VERB", "is": "AUX"}



@pytest.fixture(scope="module")
def matchers(nlp, table):
    return build_matchers(nlp, table)


def make(nlp, text: str, ents: list[tuple[str, str]]):
    """A blank-pipeline Doc with the given (surface, label) entities and a few POS tags the
    context rules look at."""
    return blank_doc(nlp, text, ents, _POS)


def run(nlp, table, matchers, body, ents, published="2025-09-02", title=None, title_ents=()):
    art = Article(id="t", origin="t", body=body, title=title, published=published)
    doc = Document(article=art)
    doc.parsed["body"] = make(nlp, body, list(ents))
    if title:
        doc.parsed["title"] = make(nlp, title, list(title_ents))
    mentions = resolve_document(doc, table, matchers, published)
    for m in mentions:  # offsets always index the field's text
        assert art.text(m.field)[m.start:m.end] == m.text
    return mentions


def by_text(mentions, text):
    hits = [m for m in mentions if m.text == text]
    assert hits, f"{text!r} not in {[m.text for m in mentions]}"
    return hits[0]


def test_matcher_overrides_ner(nlp, table, matchers):
    body = "Rodong Sinmun published photos of Foreign Minister Choe Son Hui boarding the train."
    ms = run(nlp, table, matchers, body, [("Rodong Sinmun", "PERSON"), ("Choe Son", "PERSON")])
    rs = by_text(ms, "Rodong Sinmun")
    assert (rs.label, rs.country, rs.sector) == ("ORG", "PRK", "MED")
    choe = by_text(ms, "Choe Son Hui")  # NER cut the name short; the table's variant wins
    assert (choe.label, choe.country, choe.sector) == ("PERSON", "PRK", "GOV")
    assert choe.wikidata == "Q30436217"


def test_titles_in_context_for_unknown_people(nlp, table, matchers):
    body = ("Chinese President Zhao Minglu met opposition leader Jane Roe and Russian General "
            "Ivan Petrovsky. Ali Rezaei, the Iranian foreign minister, said talks went well.")
    ms = run(nlp, table, matchers, body, [("Zhao Minglu", "PERSON"), ("Jane Roe", "PERSON"),
                                          ("Ivan Petrovsky", "PERSON"), ("Ali Rezaei", "PERSON")])
    z = by_text(ms, "Zhao Minglu")
    assert (z.country, z.sector) == ("CHN", "GOV")
    assert by_text(ms, "Jane Roe").sector == "OPP"
    ivan = by_text(ms, "Ivan Petrovsky")
    assert (ivan.country, ivan.sector) == ("RUS", "MIL")
    ali = by_text(ms, "Ali Rezaei")
    assert (ali.country, ali.sector) == ("IRN", "GOV")


def test_possessive_country_before_name(nlp, table, matchers):
    ms = run(nlp, table, matchers, "Ghana's Kofi Mensahson arrived in Accra.",
             [("Ghana's", "GPE"), ("Kofi Mensahson", "PERSON"), ("Accra", "GPE")])
    assert by_text(ms, "Kofi Mensahson").country == "GHA"
    ghana = by_text(ms, "Ghana")  # possessive trimmed off the GPE
    assert (ghana.country, ghana.sector) == ("GHA", "GOV")
    accra = by_text(ms, "Accra")  # a capital after "in": a place, its country and no sector
    assert (accra.country, accra.sector, accra.name) == ("GHA", None, "Accra")


def test_capital_as_actor_is_the_government(nlp, table, matchers):
    # SPEC section 5: "Beijing said" is China, GOV; "talks in Beijing" is a place
    ms = run(nlp, table, matchers, "Beijing said it would retaliate. Talks in Nairobi ended.",
             [("Beijing", "GPE"), ("Nairobi", "GPE")])
    beijing = by_text(ms, "Beijing")
    assert (beijing.country, beijing.sector, beijing.name) == ("CHN", "GOV", "China")
    nairobi = by_text(ms, "Nairobi")
    assert (nairobi.country, nairobi.sector) == ("KEN", None)


def test_short_references_use_fuller_name_in_document(nlp, table, matchers):
    ms = run(nlp, table, matchers,
             "North Korean leader Kim Jong-un arrived. Kim met officials and Trump was absent.",
             [("North Korean", "NORP"), ("Kim Jong-un", "PERSON"), ("Kim", "PERSON"), ("Trump", "ORG")],
             title="Kim travels to China", title_ents=[("Kim", "PERSON"), ("China", "GPE")])
    kims = [m for m in ms if m.text == "Kim"]
    assert len(kims) == 2 and {m.field for m in kims} == {"title", "body"}
    assert all(m.name == "Kim Jong-un" and m.country == "PRK" for m in kims)
    trump = by_text(ms, "Trump")  # an ORG misfire that names an office holder
    assert (trump.label, trump.country, trump.wikidata) == ("PERSON", "USA", "Q22686")
    norp = by_text(ms, "North Korean")
    assert norp.label == "NORP" and norp.country == "PRK"


def test_publication_date_decides_office(nlp, table, matchers):
    body = "Joe Biden spoke in Washington."
    ents = [("Joe Biden", "PERSON"), ("Washington", "GPE")]
    in_office = by_text(run(nlp, table, matchers, body, ents, published="2023-05-01"), "Joe Biden")
    former = by_text(run(nlp, table, matchers, body, ents, published="2025-09-02"), "Joe Biden")
    assert in_office.sector == "GOV" and former.sector is None
    assert in_office.country == former.country == "USA"


def test_orgs_igos_metonyms_and_phrases(nlp, table, matchers):
    body = ("Kremlin officials and the Shanghai Cooperation Organization met the Pentagon, "
            "the North Korean Foreign Ministry and UNICEF.")
    ms = run(nlp, table, matchers, body, [("Kremlin", "ORG"), ("the Shanghai Cooperation Organization", "ORG"),
                                          ("North Korean Foreign Ministry", "ORG")])
    k = by_text(ms, "Kremlin")
    assert (k.country, k.sector) == ("RUS", "GOV")
    sco = by_text(ms, "Shanghai Cooperation Organization")  # "the" trimmed
    assert sco.sector == "IGO" and sco.country is None
    pent = by_text(ms, "Pentagon")  # found by the matcher alone
    assert (pent.country, pent.sector) == ("USA", "MIL")
    fm = by_text(ms, "North Korean Foreign Ministry")
    assert (fm.country, fm.sector) == ("PRK", "GOV")
    assert by_text(ms, "UNICEF").sector == "IGO"


def test_employer_in_context_and_former_office(nlp, table, matchers):
    body = ("UN Secretary-General Maria Exampleton called for calm. Sudanese army spokesman "
            "Colonel Omar Testani, a spokesman for the Sudanese army, spoke.")
    ms = run(nlp, table, matchers, body, [("UN", "ORG"), ("Maria Exampleton", "PERSON"),
                                          ("Omar Testani", "PERSON")])
    un_chief = by_text(ms, "Maria Exampleton")
    assert (un_chief.country, un_chief.sector) == (None, "IGO")
    col = by_text(ms, "Omar Testani")
    assert (col.country, col.sector) == ("SDN", "MIL")


def test_headline_surname_tagged_gpe_becomes_the_person(nlp, table, matchers):
    body = "Brazilian President Luiz Inacio Lula da Silva arrived in Abuja on Monday."
    ms = run(nlp, table, matchers, body,
             [("Luiz Inacio Lula da Silva", "PERSON"), ("Abuja", "GPE")],
             title="Brazil's Lula visits Nigeria",
             title_ents=[("Brazil", "GPE"), ("Lula", "GPE"), ("Nigeria", "GPE")])
    by_text = {(m.field, m.text): m for m in ms}
    lula = by_text[("title", "Lula")]
    assert lula.label == "PERSON" and lula.country == "BRA" and lula.sector == "GOV"
    assert by_text[("title", "Nigeria")].label == "GPE"  # a country stays a place


# ---- issue 15: titles, appositives, former office holders, article countries -------------


def test_titles_and_appositives_give_country_and_sector(nlp, table, matchers):
    body = ("U.S. Sen. Ann Exampler spoke. Wale Testun, Nigeria's finance minister, replied. "
            "Kenyan President Kip Samplero met French Foreign Minister Luc Demoin. "
            "A spokesperson for Sen. Ben Proxyson declined.")
    ms = run(nlp, table, matchers, body,
             [("U.S.", "GPE"), ("Ann Exampler", "PERSON"), ("Wale Testun", "PERSON"),
              ("Nigeria's", "GPE"), ("Kenyan", "NORP"), ("Kip Samplero", "PERSON"),
              ("French", "NORP"), ("Luc Demoin", "PERSON"), ("Ben Proxyson", "PERSON")])
    assert (by_text(ms, "Ann Exampler").country, by_text(ms, "Ann Exampler").sector) == ("USA", "LEG")
    assert (by_text(ms, "Wale Testun").country, by_text(ms, "Wale Testun").sector) == ("NGA", "GOV")
    assert (by_text(ms, "Kip Samplero").country, by_text(ms, "Kip Samplero").sector) == ("KEN", "GOV")
    assert (by_text(ms, "Luc Demoin").country, by_text(ms, "Luc Demoin").sector) == ("FRA", "GOV")
    # the spokesperson is someone else: the title before "for" is not the senator's
    assert by_text(ms, "Ben Proxyson").sector == "LEG"


def test_former_office_holders_are_not_in_office(nlp, table, matchers):
    body = ("Former South Carolina Governor Nina Hallex criticised former President Dora "
            "Trumpel. Gen. Ola Retiro, a former army chief, and ex-minister Pim Oldman agreed.")
    ms = run(nlp, table, matchers, body,
             [("Nina Hallex", "PERSON"), ("Dora Trumpel", "PERSON"), ("Ola Retiro", "PERSON"),
              ("Pim Oldman", "PERSON")])
    assert by_text(ms, "Nina Hallex").sector == "OPP"  # a politician out of office
    assert by_text(ms, "Dora Trumpel").sector == "OPP"
    assert by_text(ms, "Ola Retiro").sector == "MIL"  # the title before the name is current
    assert by_text(ms, "Pim Oldman").sector == "OPP"


def test_former_office_holder_from_the_table_keeps_nationality(nlp, table, matchers):
    # Joe Biden's term in the bundled table ended 2025-01-20
    ms = run(nlp, table, matchers, "Former President Joe Biden spoke.", [("Joe Biden", "PERSON")],
             published="2025-09-02")
    biden = by_text(ms, "Joe Biden")
    assert (biden.country, biden.sector) == ("USA", "OPP")


def test_person_tagged_org_after_a_title(nlp, table, matchers):
    ms = run(nlp, table, matchers, "Former Governor Nina Hallex and the Army Corps spoke.",
             [("Nina Hallex", "ORG"), ("Army Corps", "ORG")])
    haley = by_text(ms, "Nina Hallex")
    assert (haley.label, haley.sector) == ("PERSON", "OPP")
    assert by_text(ms, "Army Corps").label == "ORG"


def test_surname_read_against_the_article_countries(nlp, table, matchers):
    # "Williams" is a governor-general of Antigua in the bundled table; in a story naming
    # only the United States it is nobody the table knows
    body = "Williams spoke in Washington with U.S. officials."
    ms = run(nlp, table, matchers, body, [("Williams", "PERSON"), ("Washington", "GPE"),
                                          ("U.S.", "GPE")], published="2019-11-20")
    w = by_text(ms, "Williams")
    assert w.country is None and w.wikidata is None
    alone = run(nlp, table, matchers, "Williams spoke.", [("Williams", "PERSON")],
                published="2019-11-20")
    assert by_text(alone, "Williams").country == "ATG"  # no country named: the table decides


def test_organisation_takes_the_country_named_before_it(nlp, table, matchers):
    ms = run(nlp, table, matchers, "Iran's Foreign Ministry and the Senate replied.",
             [("Iran's", "GPE"), ("Foreign Ministry", "ORG"), ("Senate", "ORG")])
    fm = by_text(ms, "Foreign Ministry")
    assert (fm.country, fm.sector) == ("IRN", "GOV")
    senate = by_text(ms, "Senate")  # a domestic body: its country is the article's (later)
    assert (senate.country, senate.sector) == (None, "LEG")


def test_organisation_name_head_says_its_sector(nlp, table, matchers):
    body = ("Sierra Robotics Corporation, the Bureau of Prisons, the Fort Exampleton Police "
            "Department, the Justice Department and the Writers Guild replied.")
    ms = run(nlp, table, matchers, body,
             [("Sierra Robotics Corporation", "ORG"), ("Bureau of Prisons", "ORG"),
              ("Fort Exampleton Police Department", "ORG"), ("Justice Department", "ORG"),
              ("Writers Guild", "ORG")])
    assert by_text(ms, "Sierra Robotics Corporation").sector == "BUS"
    assert by_text(ms, "Bureau of Prisons").sector == "GOV"
    assert by_text(ms, "Fort Exampleton Police Department").sector == "COP"
    assert by_text(ms, "Justice Department").sector == "GOV"  # not a judge
    assert by_text(ms, "Writers Guild").sector == "LAB"


def test_candidates_and_senate_titles(nlp, table, matchers):
    body = "Republican candidate Vic Ramsample and Senate Majority Leader Mo Connelson spoke."
    ms = run(nlp, table, matchers, body, [("Republican", "NORP"), ("Vic Ramsample", "PERSON"),
                                          ("Mo Connelson", "PERSON")])
    assert by_text(ms, "Vic Ramsample").sector == "OPP"  # not in office
    assert by_text(ms, "Mo Connelson").sector == "LEG"  # "Leader" stands for the Senate


def test_honorifics_and_seats_of_government_in_titles(nlp, table, matchers):
    body = ("Malaysian Foreign Minister Datuk Seri Amin Testor agreed. The Kremlin spokesperson, "
            "Oleg Pressov, said no. White House nominee Ann Nomina and Pentagon spokesman Ty "
            "Briefer spoke.")
    ms = run(nlp, table, matchers, body,
             [("Malaysian", "NORP"), ("Datuk Seri", "PERSON"), ("Amin Testor", "PERSON"),
              ("Kremlin", "ORG"), ("Oleg Pressov", "PERSON"), ("Ann Nomina", "PERSON"),
              ("Pentagon", "ORG"), ("Ty Briefer", "PERSON")])
    assert "Datuk Seri" not in [m.text for m in ms]  # an honorific is no person
    amin = by_text(ms, "Amin Testor")
    assert (amin.country, amin.sector) == ("MYS", "GOV")
    peskov = by_text(ms, "Oleg Pressov")
    assert (peskov.country, peskov.sector) == ("RUS", "GOV")
    nominee = by_text(ms, "Ann Nomina")  # the seat of government gives the country only
    assert (nominee.country, nominee.sector) == ("USA", "OPP")
    briefer = by_text(ms, "Ty Briefer")  # a spokesman speaks for the body
    assert (briefer.country, briefer.sector) == ("USA", "MIL")


def test_more_titles_give_the_sector(nlp, table, matchers):
    # titles of prosecutors, officers, local councillors and legislators (data/roles.json)
    body = ("U.S. Attorney Jan Doerr said it. Senior coroner Amos Roeder said it. "
            "City Councilor Ely Poeman said it. Detective Dan Lipowski said it.")
    ms = run(nlp, table, matchers, body, [("Jan Doerr", "PERSON"), ("Amos Roeder", "PERSON"),
                                          ("Ely Poeman", "PERSON"), ("Dan Lipowski", "PERSON")])
    assert (by_text(ms, "Jan Doerr").country, by_text(ms, "Jan Doerr").sector) == ("USA", "JUD")
    assert by_text(ms, "Amos Roeder").sector == "JUD"
    assert by_text(ms, "Ely Poeman").sector == "GOV"
    assert by_text(ms, "Dan Lipowski").sector == "COP"


def test_no_title_across_a_clause_word(nlp, table, matchers):
    # "a Chinese company when X was governor": the words before "when" are no title of X
    body = "The state gave a Chinese company land when Amos Roeder was governor."
    art = Article(id="t", origin="t", body=body, published="2025-09-02")
    doc = Document(article=art)
    doc.parsed["body"] = blank_doc(nlp, body, [("Amos Roeder", "PERSON")],
                                   {**_POS, "gave": "VERB", "when": "SCONJ"})
    roeder = by_text(resolve_document(doc, table, matchers, "2025-09-02"), "Amos Roeder")
    assert (roeder.country, roeder.sector) == (None, None)


def test_dotted_titles_split_by_the_tokenizer(nlp, table, matchers):
    # the tokenizer splits "Lt. Col." and "Reps." at the dots; the title is read as written
    body = "Lt. Col. Amos Roeder said it. Democratic Reps. Dan Lipowski said it."
    ms = run(nlp, table, matchers, body, [("Amos Roeder", "PERSON"), ("Dan Lipowski", "PERSON")])
    assert by_text(ms, "Amos Roeder").sector == "MIL"
    assert by_text(ms, "Dan Lipowski").sector == "LEG"


def test_person_span_ends_at_its_last_capitalised_word(nlp, table, matchers):
    # NER ran a name over the verb after it ("Kate made Meghan cry", "cry" tagged NOUN): the
    # name is "Meghan", and the other mentions of "Meghan" are not joined to "Meghan cry"
    body = "Kate made Meghan cry during the talks. Meghan said it was hard."
    ms = run(nlp, table, matchers, body,
             [("Kate", "PERSON"), ("Meghan cry", "PERSON"), ("Meghan", "PERSON")])
    meghans = [m for m in ms if m.label == "PERSON" and m.text.startswith("Meghan")]
    assert [m.text for m in meghans] == ["Meghan", "Meghan"]
    assert {m.name for m in meghans} == {"Meghan"}


def test_title_name_run_tagged_org_is_the_person(nlp, table, matchers):
    # "former special envoy to Ukraine Kurt Wolker" with "Ukraine Kurt Wolker" tagged ORG:
    # the name is a PERSON, the surname alone elsewhere is that person, and the country the
    # envoy is sent to is not his
    body = "The former special envoy to Ukraine Kurt Wolker testified. Wolker said he met aides."
    ms = run(nlp, table, matchers, body, [("Ukraine Kurt Wolker", "ORG"), ("Wolker", "ORG")])
    kurt = by_text(ms, "Kurt Wolker")
    assert kurt.label == "PERSON" and kurt.country != "UKR"
    short = by_text(ms, "Wolker")
    assert (short.label, short.name) == ("PERSON", "Kurt Wolker")
    assert not [m for m in ms if m.label == "ORG"]
    # an organisation after a title's preposition stays one ("adviser to Korea Electric Power")
    ms = run(nlp, table, matchers, "He was an adviser to Korea Electric Power Corporation.",
             [("Korea Electric Power Corporation", "ORG")])
    assert by_text(ms, "Korea Electric Power Corporation").label == "ORG"


def test_one_word_person_the_article_tags_as_a_place_is_no_namesake(nlp, table, matchers):
    # "Eugene" tagged PERSON in "a Eugene police press release" and GPE in "in Eugene": not
    # a namesake in the tables (Taiwan's Eugene Chien); the same word in an article without
    # the place is read in the tables as before
    body = "Police in Eugene said so, according to a Eugene police press release."
    ms = run(nlp, table, matchers, body, [("Eugene", "GPE"), ("Eugene", "PERSON")])
    person = [m for m in ms if m.label == "PERSON"][0]
    assert (person.name, person.country, person.wikidata) == ("Eugene", None, None)
    ms = run(nlp, table, matchers, "According to Eugene, talks went well.",
             [("Eugene", "PERSON")], published="2003-01-01")
    assert by_text(ms, "Eugene").name == "Eugene Chien"
