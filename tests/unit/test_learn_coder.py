"""The learned coder's choice of an event's parties from the summed scores of its reports
(no model is loaded: the reports carry the party models' probabilities)."""

from types import SimpleNamespace

from dateline.learn.coder import LearnedCoder, Report, Thresholds
from dateline.model import Actor

KIM, TRUMP, MOON, UN = (Actor(text=n, name=n) for n in ("Kim Jong Un", "Donald Trump",
                                                           "Moon Jae-in", "United Nations"))


def _coder(**t: float) -> LearnedCoder:
    th = Thresholds(**{"actor": 0.3, "recipient": 0.4, **t})
    return LearnedCoder(SimpleNamespace(thresholds=th), lexicon=None, countries=None)


def _report(*scores: tuple[Actor, float, float]) -> Report:
    return Report(event="CONSULT", sentence=None, actors=[], recipients=[], modality="asserted",
                  mode=None, p_type=0.9, p_actor=0.0, p_recipient=None, scores=list(scores))


def _names(parties):
    actors, recipients, _, _ = parties
    return [a.name for a in actors], [a.name for a in recipients]


def test_the_recipient_is_chosen_before_the_co_actors():
    # Trump is likely enough as an actor to be a co-actor, but likelier as the one met
    r = _report((KIM, 0.9, 0.1), (TRUMP, 0.6, 0.8), (MOON, 0.55, 0.2))
    assert _names(_coder()._parties([r])) == (["Kim Jong Un", "Moon Jae-in"], ["Donald Trump"])


def test_no_recipient_below_the_threshold_and_a_likely_actor_stays_co_actor():
    r = _report((KIM, 0.9, 0.1), (TRUMP, 0.6, 0.3))
    assert _names(_coder()._parties([r])) == (["Kim Jong Un", "Donald Trump"], [])


def test_a_second_recipient_only_above_recipient2_and_likelier_acted_upon_than_acting():
    r = _report((KIM, 0.9, 0.1), (TRUMP, 0.2, 0.8), (MOON, 0.2, 0.5), (UN, 0.6, 0.55))
    assert _names(_coder()._parties([r])) == (["Kim Jong Un", "United Nations"], ["Donald Trump"])
    # the UN is more likely the recipient than Moon is, but likelier still an actor: skipped
    assert _names(_coder(recipient2=0.45)._parties([r])) == (
        ["Kim Jong Un", "United Nations"], ["Donald Trump", "Moon Jae-in"])
    assert _names(_coder(recipient2=0.6)._parties([r]))[1] == ["Donald Trump"]


def test_scores_are_summed_over_the_reports_of_one_event():
    a = _report((KIM, 0.9, 0.1), (TRUMP, 0.2, 0.3))
    b = _report((KIM, 0.8, 0.1), (TRUMP, 0.1, 0.9))  # mean recipient probability 0.6
    actors, recipients, p_actor, p_recipient = _coder()._parties([a, b])
    assert [x.name for x in recipients] == ["Donald Trump"]
    assert round(p_actor, 3) == 0.85 and round(p_recipient, 3) == 0.6


def test_thresholds_from_old_model_files_never_add_a_second_recipient():
    assert Thresholds.from_dict({"recipient": 0.4}).recipient2 > 1.0


def test_evidence_keeps_one_paragraph_of_a_sentence_parsed_over_a_line_break():
    from dateline.learn.coder import _evidence
    from dateline.learn.features import Sentence

    body = 'He left.\n"\nThe agency said the trip reflects solidarity.\nNext paragraph.'
    start = body.index('"')
    end = body.index("Next") - 1
    ev = _evidence(Sentence(field="body", index=1, span=None, start=start, end=end,
                            text=body[start:end]))
    assert ev.sentence == "The agency said the trip reflects solidarity."
    assert body[ev.start:ev.end] == ev.sentence
    plain = _evidence(Sentence(field="body", index=0, span=None, start=0, end=8,
                               text=body[0:8]))
    assert (plain.sentence, plain.start, plain.end) == ("He left.", 0, 8)


def test_a_model_event_without_a_trigger_code_gets_its_types_most_general_cameo_code():
    from dateline.events.lexicon import Lexicon

    lex = Lexicon.__new__(Lexicon)
    lex.cameo = {"040": {"event": "CONSULT", "mode": None}, "042": {"event": "CONSULT", "mode": "visit"},
                 "0421": {"event": "CONSULT", "mode": "visit"}, "043": {"event": "CONSULT", "mode": "host"},
                 "190": {"event": "ASSAULT", "mode": None}}
    assert lex.cameo_for("CONSULT", "visit") == "042"
    assert lex.cameo_for("CONSULT") == "040"
    assert lex.cameo_for("CONSULT", "phone") == "040"  # no code has that mode
    assert lex.cameo_for("ASSAULT", "aerial") == "190"
    assert lex.cameo_for("AID") is None


def test_a_placeless_act_takes_the_article_place_else_its_country_but_a_statement_none():
    from dateline.model import PlaceMention

    gbr = SimpleNamespace(iso3="GBR", name="United Kingdom", geonameid=2635167, lat=54.8,
                          lon=-4.6)
    coder = LearnedCoder(SimpleNamespace(thresholds=Thresholds()), lexicon=None,
                         countries={"GBR": gbr})
    s = SimpleNamespace(field="body", start=0, end=10)
    leeds = PlaceMention(text="Leeds", start=0, end=5, name="Leeds", geonameid=2644688,
                         lat=53.8, lon=-1.5, country="GBR", resolution="city")
    headline_leeds = PlaceMention(text="Leeds", start=30, end=35, field="title", name="Leeds",
                                  geonameid=2644688, lat=53.8, lon=-1.5, country="GBR",
                                  resolution="city")
    view = SimpleNamespace(views={}, place=headline_leeds, main_country="GBR")
    assert coder._place(s, "PROTEST", "historical", view).name == "Leeds"
    assert coder._place(s, "ACCUSE", "asserted", view) is None  # a statement: no place
    # a dateline ("LEEDS --") is where the reporter heard the statement
    dateline = SimpleNamespace(views={}, place=leeds, main_country="GBR")
    assert coder._place(s, "ACCUSE", "asserted", dateline).name == "Leeds"
    assert coder._place(s, "ACCUSE", "historical", dateline) is None  # not made there
    assert coder._place(s, "ASSAULT", "negated", view) is None  # nothing happened anywhere
    # a meeting or a sentencing is an act, though a verbal one: it happened somewhere
    assert coder._place(s, "CONSULT", "asserted", view).name == "Leeds"
    assert coder._place(s, "SANCTION", "future", view).name == "Leeds"
    unplaced = SimpleNamespace(views={}, place=None, main_country="GBR",
                               doc=SimpleNamespace(places=[]))
    loc = coder._place(s, "COERCE", "asserted", unplaced)
    assert (loc.name, loc.country, loc.resolution) == ("United Kingdom", "GBR", "country")
    nowhere = SimpleNamespace(views={}, place=None, main_country=None,
                              doc=SimpleNamespace(places=[]))
    assert coder._place(s, "COERCE", "asserted", nowhere) is None


def test_a_statement_is_placed_only_where_its_sentence_puts_it():
    from dateline.model import PlaceMention

    text = "Haley said China threatens Taiwan, speaking in Miami."
    coder = LearnedCoder(SimpleNamespace(thresholds=Thresholds()), lexicon=None, countries={})

    def mention(name, country, resolution):
        i = text.index(name)
        return PlaceMention(text=name, start=i, end=i + len(name), name=name, geonameid=1,
                            lat=1.0, lon=1.0, country=country, resolution=resolution)

    china, taiwan, miami = (mention("China", "CHN", "country"),
                            mention("Taiwan", "TWN", "country"), mention("Miami", "USA", "city"))
    field = SimpleNamespace(text=text, places_in=lambda a, b: [china, taiwan, miami])
    s = SimpleNamespace(field="body", start=0, end=len(text))
    view = SimpleNamespace(views={"body": field}, place=None, main_country=None,
                           doc=SimpleNamespace(places=[]))
    assert coder._place(s, "ACCUSE", "asserted", view).name == "Miami"  # "in Miami"
    field.places_in = lambda a, b: [china, taiwan]
    assert coder._place(s, "ACCUSE", "asserted", view) is None  # only what it is about
    assert coder._place(s, "ASSAULT", "asserted", view).name == "China"  # an act: its place
    assert coder._place(s, "CONSULT", "asserted", view).name == "China"  # "UK hosted a summit"


def _city(name, country, start, field="body", resolution="city"):
    from dateline.model import PlaceMention

    return PlaceMention(text=name, start=start, end=start + len(name), field=field, name=name,
                        geonameid=1, lat=1.0, lon=1.0, country=country, resolution=resolution)


def test_the_city_an_article_names_most_often_in_its_country():
    from dateline.events.article import country_city

    places = [_city("Franklin", "USA", 5), _city("Columbus", "USA", 40),
              _city("Columbus", "USA", 90), _city("Paris", "FRA", 120),
              _city("Paris", "FRA", 130), _city("Paris", "FRA", 140),
              _city("Ohio", "USA", 150, resolution="region"),
              _city("Ohio", "USA", 160, resolution="region")]
    assert country_city(places, "USA").start == 40  # a city, not the region; not France's
    assert country_city(places[:2], "USA").name == "Franklin"  # a tie: the first named
    assert country_city(places, "FRA").name == "Paris"
    assert country_city(places, "DEU") is None
    assert country_city(places, None) is None


def test_an_unplaced_act_in_a_story_without_a_lead_place_takes_its_countrys_main_city():
    usa = SimpleNamespace(iso3="USA", name="United States", geonameid=6252001, lat=39.8,
                          lon=-98.5)
    coder = LearnedCoder(SimpleNamespace(thresholds=Thresholds()), lexicon=None,
                         countries={"USA": usa})
    s = SimpleNamespace(field="body", start=0, end=10)
    doc = SimpleNamespace(places=[_city("Eugene", "USA", 150), _city("Springfield", "USA", 300),
                                  _city("Eugene", "USA", 400)])
    view = SimpleNamespace(views={}, place=None, main_country="USA", doc=doc)
    assert coder._place(s, "COERCE", "asserted", view).name == "Eugene"  # not the country
    assert coder._place(s, "ACCUSE", "asserted", view) is None  # a statement: still none
    # no city in the country it is about: the country
    view.doc = SimpleNamespace(places=[_city("Lyon", "FRA", 10)])
    assert coder._place(s, "COERCE", "asserted", view).name == "United States"


def test_an_act_placed_only_in_the_story_places_country_takes_the_story_place():
    text = "Georgia has been gripped by nightly protests since November."
    coder = LearnedCoder(SimpleNamespace(thresholds=Thresholds()), lexicon=None, countries={})
    georgia = _city("Georgia", "GEO", 0, resolution="country")
    field = SimpleNamespace(text=text, parsed=None, places_in=lambda a, b: [georgia])
    s = SimpleNamespace(field="body", start=0, end=len(text))
    tbilisi = _city("Tbilisi", "GEO", 0)
    view = SimpleNamespace(views={"body": field}, place=tbilisi, main_country="GEO",
                           doc=SimpleNamespace(places=[tbilisi, georgia]))
    assert coder._place(s, "PROTEST", "asserted", view).name == "Tbilisi"  # the finer place
    # a story place in another country leaves the sentence's country
    view.place = _city("Brussels", "BEL", 0)
    assert coder._place(s, "PROTEST", "asserted", view).name == "Georgia"
    # a region or city the sentence names stays
    kutaisi = _city("Kutaisi", "GEO", 10)
    field.places_in = lambda a, b: [georgia, kutaisi]
    view.place = tbilisi
    assert coder._place(s, "PROTEST", "asserted", view).name == "Kutaisi"


def test_a_background_act_no_sentence_dates_takes_the_nearest_date_before_it():
    from dateline.events.article import date_background_acts
    from dateline.model import DateMention, Event, Evidence

    body = ("Kadir was arrested on Friday 14th June 2019 in Margate.\n"
            "He was jailed for 11 years.\nThe court heard he dealt in 2028 terms.\n"
            "Officers seized cash from his home.")
    at = body.index("Officers")

    def ev(modality, date=None, start=at):
        return Event(event="COERCE", actor=[], modality=modality, date=date,
                     evidence=Evidence(field="body", sentence="...", start=start, end=start + 5))

    june = DateMention("Friday 14th June 2019", body.index("Friday"), body.index(" in Margate"),
                       "2019-06-14", "day")
    later = DateMention("2028", body.index("2028"), body.index("2028") + 4, "2028", "year")
    dates = [june, later]
    out = date_background_acts([ev("historical"), ev("asserted"), ev("historical", "2018")],
                               dates, "2023-11-09", {"body": body})
    # "2028" is nearer but after publication; the current act and a dated one keep theirs
    assert [(e.date, e.date_text) for e in out] == [("2019-06-14", None), (None, None),
                                                    ("2018", None)]
    # a date five paragraphs back is too far to be the act's
    far = "A.\n" * 5 + "Officers seized cash."
    d = DateMention("2019", 0, 1, "2019", "year")
    assert date_background_acts([ev("historical", start=far.index("Officers"))], [d],
                                "2023-11-09", {"body": far})[0].date is None
    # a date after the sentence is not the one the story told it with
    assert date_background_acts([ev("historical", start=0)], dates, "2023-11-09",
                                {"body": body})[0].date is None


def test_an_acts_place_is_one_its_sentence_puts_it_in_before_one_it_only_names():
    text = "Beijing is concerned by his departure from a meeting in Hanoi with Kim in Asia."
    coder = LearnedCoder(SimpleNamespace(thresholds=Thresholds()), lexicon=None, countries={})
    beijing, hanoi = _city("Beijing", "CHN", text.index("Beijing")), \
        _city("Hanoi", "VNM", text.index("Hanoi"))
    asia = _city("Asia", None, text.index("Asia"), resolution="continent")
    field = SimpleNamespace(text=text, places_in=lambda a, b: [beijing, hanoi, asia])
    s = SimpleNamespace(field="body", start=0, end=len(text))
    view = SimpleNamespace(views={"body": field}, place=None, main_country=None,
                           doc=SimpleNamespace(places=[]))
    assert coder._place(s, "CONSULT", "historical", view).name == "Hanoi"
    # with no locative place, the first city named
    field.places_in = lambda a, b: [beijing]
    assert coder._place(s, "CONSULT", "historical", view).name == "Beijing"
