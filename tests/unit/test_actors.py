"""ActorTable: date-aware office holders, name variants, organisations, metonyms, phrases.

Uses hand-built tables (plus the bundled country table) so the rules, not the data, are tested;
a few tests check the bundled tables load and hold what the build script promises.
"""

from __future__ import annotations

import pytest

from dateline.refdata.actors import (ActorTable, Org, Person, Role, analyse_phrase, load_actor_table,
                                     name_key, people_counts, strip_titles)


def _people() -> list[Person]:
    return [
        Person("Q1", "Ada Example", (), (Role("USA", "GOV", "President", "head", "2021", "2025-01-20"),)),
        Person("Q2", "Bob Sample", (), (Role("USA", "GOV", "President", "head", "2025-01-20", None),)),
        Person("Q3", "Park Min-ho", ("Park Minho",), (Role("KOR", "GOV", "President", "head", "2025-06-04", None),)),
        Person("Q4", "Park Ji-won", (), (Role("KOR", "GOV", "President", "head", "2022", "2025-06-04"),)),
        Person("Q5", "Zoë Ćosić", (), (Role("HRV", "GOV", "Foreign Minister", "foreign_minister", "2022-06-11", None),)),
    ]


def _orgs() -> list[Org]:
    return [
        Org("Example News Agency", ("ENA",), "PRK", "MED", "media:state"),
        Org("Union of Examples", ("UOE", "the Union"), None, "IGO", "igo:regional"),
        Org("Kremlin", ("the Kremlin",), "RUS", "GOV", "metonym"),
        Org("Congress", ("US Congress",), "USA", "LEG", "metonym:ambiguous"),
    ]


@pytest.fixture(scope="module")
def table(countries) -> ActorTable:
    return ActorTable(_people(), _orgs(), countries)


def test_name_key_variants():
    assert name_key("Choe Son-hui") == name_key("Choe Son Hui") == "choe son hui"
    assert name_key("Kim Jong-un's") == name_key("Kim Jong Un") == "kim jong un"
    assert name_key("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert name_key("Volodymyr Zelenskyy") == name_key("Volodymyr Zelensky")
    assert name_key("Sergey Lavrov") == name_key("Sergei Lavrov")


def test_role_covers_dates():
    r = Role("USA", "GOV", "President", "head", "2021", "2025-01-20")
    assert r.covers("2021-01-01") and r.covers("2024-12-31")
    assert not r.covers("2025-03-01") and not r.covers("2020-12-31")
    assert not r.covers(None)  # ended terms do not cover "now"
    assert Role("USA", "GOV", "P", "head", "2025-01-20", None).covers(None)


def test_person_in_and_out_of_office(table):
    during = table.resolve_person("Ada Example", "2023-05-01")
    after = table.resolve_person("Ada Example", "2025-09-02")
    assert (during.country, during.sector, during.wikidata) == ("USA", "GOV", "Q1")
    assert after.country == "USA" and after.sector is None  # a former president is not GOV


def test_short_reference_picks_holder_at_date(table):
    # two presidents named Park: the one in office at the date wins
    assert table.resolve_person("Park", "2023-01-01").wikidata == "Q4"
    assert table.resolve_person("Park", "2025-09-02").wikidata == "Q3"
    assert table.resolve_person("Sample", "2025-09-02").name == "Bob Sample"
    assert table.resolve_person("Sample", "2020-01-01").sector is None  # before the term


def test_short_reference_to_a_foreign_former_office_holder(table):
    # "Example" alone: Ada Example, out of office in 2025. Without article countries she is
    # the only bearer; in an article about other countries a one-word "Example" is a namesake
    # (the company "Meta" is not Albania's former president Ilir Meta)
    assert table.resolve_person("Example", "2025-09-02").wikidata == "Q1"
    assert table.resolve_person("Example", "2025-09-02", prefer={"USA"}).wikidata == "Q1"
    assert table.resolve_person("Example", "2025-09-02", prefer={"NOR", "GBR"}) is None
    # in office, the one bearer is read from the whole table as before
    assert table.resolve_person("Example", "2023-05-01", prefer={"NOR"}).wikidata == "Q1"


def test_name_variants_and_diacritics(table):
    assert table.resolve_person("Park Min Ho", "2025-09-02").wikidata == "Q3"
    assert table.resolve_person("Park Minho", "2025-09-02").wikidata == "Q3"
    assert table.resolve_person("Zoe Cosic", "2025-09-02").country == "HRV"
    assert table.resolve_person("President Bob Sample", "2025-09-02").wikidata == "Q2"
    assert table.resolve_person("Carl Nobody", "2025-09-02") is None


def test_orgs_abbreviations_and_metonyms(table):
    assert table.resolve_org("ENA").sector == "MED"
    assert table.resolve_org("ena") is None  # abbreviations are case-sensitive
    assert table.resolve_org("the Example News Agency").country == "PRK"
    igo = table.resolve_org("UOE")
    assert igo.sector == "IGO" and igo.country is None
    assert table.resolve_org("the Union") is None  # generic alias needs context
    assert table.resolve_org("the Kremlin").country == "RUS"
    assert table.resolve_org("Congress") is None  # ambiguous without a country
    assert table.resolve_org("US Congress").sector == "LEG"


def test_resolve_text_countries_capitals_and_phrases(table):
    when = "2025-09-02"
    china = table.resolve_text("China", when)
    assert (china.country, china.sector) == ("CHN", "GOV")
    assert table.resolve_text("Pyongyang", when).country == "PRK"
    assert table.resolve_text("Pyongyang", when).sector == "GOV"
    media = table.resolve_text("North Korean state media", when)
    assert (media.country, media.sector) == ("PRK", "MED")
    fm = table.resolve_text("Russia's foreign minister", when)
    assert (fm.country, fm.sector) == ("RUS", "GOV")
    assert table.resolve_text("Iranian protesters", when).sector == "CVL"
    assert table.resolve_text("the Israeli military", when).sector == "MIL"
    assert table.resolve_text("opposition leader", when).sector == "OPP"
    dem = table.resolve_text("Chinese", when)
    assert dem.country == "CHN" and dem.sector is None
    assert table.resolve_text("US President Bob Sample", when).wikidata == "Q2"
    assert table.resolve_text("nothing here", when) is None


def test_analyse_phrase_and_strip_titles(countries):
    assert analyse_phrase("North Korean leader Kim Jong-un", countries) == ("PRK", "GOV", "Kim Jong-un")
    assert analyse_phrase("Colonel", countries)[1] == "MIL"
    assert analyse_phrase("Brazilian judges", countries)[:2] == ("BRA", "JUD")
    assert analyse_phrase("Kenyan lawmakers", countries)[:2] == ("KEN", "LEG")
    assert analyse_phrase("Mexican police", countries)[:2] == ("MEX", "COP")
    assert analyse_phrase("Syrian rebels", countries)[:2] == ("SYR", "REB")
    assert strip_titles("Chinese President Xi Jinping", countries) == "Xi Jinping"
    assert strip_titles("Mr. Smith", countries) == "Smith"


def test_bundled_tables_are_date_aware():
    t = load_actor_table()
    assert len(t.people) > 500 and len(t.orgs) > 100
    # heads of state/government from the bundled tables, keyed on Wikidata QIDs
    biden_2023 = t.resolve_person("Joe Biden", "2023-06-01")
    biden_2025 = t.resolve_person("Joe Biden", "2025-09-02")
    assert biden_2023.sector == "GOV" and biden_2025.sector is None
    assert t.resolve_person("Trump", "2025-09-02").wikidata == "Q22686"
    assert t.resolve_person("Kim Jong Un", "2025-09-02").country == "PRK"
    kcna = t.resolve_org("KCNA")
    assert (kcna.country, kcna.sector) == ("PRK", "MED")
    assert t.resolve_org("Shanghai Cooperation Organization").sector == "IGO"
    assert t.resolve_text("the White House", "2025-09-02").country == "USA"
    assert t.resolve_text("the Pentagon", "2025-09-02").sector == "MIL"


def test_bundled_phoenix_people_are_capped_at_dictionary_vintage():
    t = load_actor_table()
    in_office = t.resolve_person("Barack Obama", "2012-01-01")
    assert (in_office.country, in_office.sector) == ("USA", "GOV")
    # the dictionaries end ~2016: an open-ended role there is not trusted in 2025
    assert t.resolve_person("Barack Obama", "2025-09-02").sector is None
    assert t.resolve_org("Hezbollah").sector == "REB"


def test_bundled_phoenix_state_bodies_by_one_distinctive_word():
    # state bodies the Phoenix dictionaries know by one word keep their country in any story
    # ("the FBI" in a British one); generic words ("Senate") and surnames ("Assad") are no bodies
    t = load_actor_table()
    fbi = t.resolve_org("FBI")
    assert (fbi.country, fbi.sector) == ("USA", "COP")
    assert (t.resolve_org("Mossad").country, t.resolve_org("Mossad").sector) == ("ISR", "SPY")
    assert t.resolve_org("NASA").sector == "GOV"
    assert all(o.kind != "phoenix:state" for o in t.orgs
               if o.name.lower() in ("senate", "assad", "supreme court", "congress"))
    assert not any(o.curated for o in t.orgs if o.kind == "phoenix:state")  # never matched


def test_bundled_multi_office_holder_gets_main_country():
    t = load_actor_table()
    macron = t.resolve_person("Emmanuel Macron", "2025-09-02")  # also co-prince of Andorra
    assert (macron.country, macron.sector) == ("FRA", "GOV")
    hamas = t.resolve_org("Hamas")
    assert (hamas.country, hamas.sector) == ("PSE", "REB")


# ---- nationality, namesakes, surnames and acronyms by the article's countries ---------------


def _more_people() -> list[Person]:
    return [
        # a head of state with a second role later: nationality is the latest role's country
        Person("Q10", "Cara Tester", (), (Role("KEN", "GOV", "Minister", "foreign_minister", "2010", "2013"),
                                          Role("KEN", "GOV", "President", "head", "2013", "2022"))),
        # namesakes out of office at the date, of two countries
        Person("Q11", "Dan Double", (), (Role("GHA", "GOV", "President", "head", "2001", "2005"),)),
        Person("Q12", "Dan Double", (), (Role("JAM", "GOV", "President", "head", "2003", "2007"),)),
        # a common surname: three bearers, none of the article's country
        Person("Q13", "Eve Common", (), (Role("ATG", "GOV", "Governor-General", "head", "2014", None),)),
        Person("", "Fay Common", (), (Role("BRB", "GOV", "", "phoenix", "2003", "2006"),)),
        Person("", "Gus Common", (), (Role("TTO", "GOV", "", "phoenix", "2003", "2004"),)),
        Person("", "Hal Common", (), (Role("USA", "GOV", "", "phoenix", "2009", "2016"),)),
        # a rare surname of a head of state in office
        Person("Q14", "Ivo Rareson", (), (Role("USA", "GOV", "President", "head", "2025-01-20", None),)),
    ]


@pytest.fixture(scope="module")
def table2(countries) -> ActorTable:
    orgs = [Org("Example Press Agency", ("EPA",), "POL", "MED", "media:state"),
            Org("Liberation Army", ("LA",), "COL", "REB", "phoenix:nonstate"),
            Org("Liberation Army", ("LA",), "BOL", "REB", "phoenix:nonstate")]
    return ActorTable(_more_people(), orgs, countries)


def test_nationality_outlives_every_role(table2):
    after = table2.resolve_person("Cara Tester", "2024-05-01")
    assert (after.country, after.sector) == ("KEN", None)  # role ended, nationality did not
    before = table2.resolve_person("Cara Tester", "2005-05-01")
    assert (before.country, before.sector) == ("KEN", None)  # before the first role, too
    assert table2.resolve_person("Cara Tester", "2015-05-01").sector == "GOV"


def test_namesakes_out_of_office_are_told_apart_by_the_article_countries(table2):
    assert table2.resolve_person("Dan Double", "2024-01-01") is None  # two countries, no clue
    gha = table2.resolve_person("Dan Double", "2024-01-01", prefer={"GHA", "USA"})
    assert (gha.country, gha.sector, gha.wikidata) == ("GHA", None, "Q11")
    assert table2.resolve_person("Dan Double", "2004-06-01") is None  # both in office
    assert table2.resolve_person("Dan Double", "2004-06-01", prefer={"JAM"}).wikidata == "Q12"
    in_office = table2.resolve_person("Dan Double", "2002-01-01")  # only the Ghanaian held office
    assert in_office.wikidata == "Q11" and in_office.sector == "GOV"


def test_common_surname_needs_the_article_country(table2):
    # no country named: the whole table (the one office holder at the date)
    assert table2.resolve_person("Common", "2024-01-01").name == "Eve Common"
    # a US story: the US bearer, not Antigua's governor-general
    us = table2.resolve_person("Common", "2024-01-01", prefer={"USA"})
    assert (us.name, us.country, us.sector) == ("Hal Common", "USA", None)
    # a story about Kenya: no bearer of that country, a common surname stays unresolved
    assert table2.resolve_person("Common", "2024-01-01", prefer={"KEN"}) is None
    # a rare surname of a head in office is read from the table in a story about others
    assert table2.resolve_person("Rareson", "2025-09-02", prefer={"PRK", "CHN"}).wikidata == "Q14"


def test_acronyms_of_several_readings_by_the_article_countries(table2):
    assert table2.resolve_org("LA").country == "COL"  # no article country: the table's first
    assert table2.resolve_org("LA", prefer={"BOL"}).country == "BOL"
    assert table2.resolve_org("the Liberation Army", prefer={"BOL", "PER"}).country == "BOL"
    assert table2.resolve_org("EPA", prefer={"SGP"}).country == "POL"  # one reading: the table


def test_bulk_roles_with_no_sector_code_have_unknown_sector(countries):
    t = load_actor_table(countries)
    bad = [r for p in t.people for r in p.roles if r.sector and r.sector not in t.words.sectors]
    assert not bad, bad[:3]


def test_analyse_phrase_heads_proxies_and_regions(countries):
    regional = {"scottish": "GBR"}
    assert analyse_phrase("Justice Secretary", countries)[1] == "GOV"  # the head is last
    assert analyse_phrase("Ministry of Justice", countries)[1] == "GOV"  # ... before "of"
    assert analyse_phrase("Sudanese army spokesman", countries)[:2] == ("SDN", "MIL")
    assert analyse_phrase("government spokesman", countries)[1] == "GOV"
    assert analyse_phrase("spokesman", countries)[1] == "GOV"  # a proxy alone keeps its own
    assert analyse_phrase("New Jersey Gov.", countries)[:2] == (None, "GOV")  # not Jersey
    assert analyse_phrase("Scottish Parliament", countries, regional)[:2] == ("GBR", "LEG")
    assert analyse_phrase("Scottish Parliament", countries)[0] is None
    assert analyse_phrase("U.S. Sen.", countries)[:2] == ("USA", "LEG")


def test_people_counts_by_country_sector_kind_and_source():
    counts = people_counts(_more_people())
    assert counts["country"]["USA"] == 2 and counts["country"]["KEN"] == 1
    assert counts["sector"]["GOV"] == 8  # every test person held a GOV role
    assert counts["kind"]["head"] == 5 and counts["kind"]["phoenix"] == 3
    assert counts["source"] == {"wikidata": 5, "phoenix": 3}
    only_home = people_counts([Person("", "Kim Home", (), (Role("PRK", None, "", "phoenix", "0001", "0001"),))])
    assert only_home["sector"] == {"none": 1} and only_home["country"] == {"PRK": 1}
