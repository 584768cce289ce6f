"""The bundled country table: names, aliases, demonyms (no model)."""


def test_names_and_aliases(countries):
    assert countries.lookup_name("China").iso3 == "CHN"
    assert countries.lookup_name("the U.S.").iso3 == "USA"
    assert countries.lookup_name("DPRK").iso3 == "PRK"
    assert countries.lookup_name("Turkey").iso3 == "TUR"
    assert countries.lookup_name("Japan's").iso3 == "JPN"
    assert countries.lookup_name("Korea") is None  # ambiguous, not guessed


def test_shared_demonyms_mean_the_most_populous(countries):
    # "French" is also the French Southern Territories' demonym, "American" American Samoa's
    assert countries.lookup_demonym("French").iso3 == "FRA"
    assert countries.lookup_demonym("American").iso3 == "USA"
    assert countries.lookup_demonym("Dutch").iso3 == "NLD"
    assert countries.lookup_demonym("Russians").iso3 == "RUS"
    assert countries.lookup_demonym("North Korean").iso3 == "PRK"


def test_capitals_are_folded_once_with_the_table(countries):
    from dateline.refdata.countries import fold

    assert fold(" Chișinău ") == "chisinau"
    assert countries.by_capital["chisinau"].iso3 == "MDA"
    assert countries.by_capital[fold("Kabul")].iso3 == "AFG"
    assert "moldova" not in countries.by_capital  # capitals only
