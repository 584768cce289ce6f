"""Unit tests of the date grammar (dateline.dates.timex) and the dates stage; no model loaded."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dateline.model import Article, DateMention, Document
from dateline.dates.timex import find_dates, parse_anchor, resolve_weekday, surface_tense

TUE = date(2025, 9, 2)  # the seed's publication date, a Tuesday


def _one(text: str, anchor: date | None, expr: str) -> DateMention:
    """The mention whose text is ``expr`` (fails when there is none)."""
    found = find_dates(text, anchor)
    for m in found:
        assert text[m.start:m.end] == m.text  # offsets index the text
    hits = [m for m in found if m.text == expr]
    assert hits, f"{expr!r} not found in {[m.text for m in found]}"
    return hits[0]


# (sentence, anchor, expression, value, granularity)
CASES = [
    # weekdays, resolved with the clause's tense
    ("Rodong Sinmun published photos as the train departed Pyongyang on Monday.", TUE, "Monday", "2025-09-01", "day"),
    ("Kim is scheduled to attend Wednesday's parade alongside Xi.", TUE, "Wednesday", "2025-09-03", "day"),
    ("Kim is scheduled to attend Wednesday\u2019s parade alongside Xi.", TUE, "Wednesday", "2025-09-03", "day"),
    ("Putin arrived in China on Sunday for the summit.", TUE, "Sunday", "2025-08-31", "day"),
    ("The minister spoke to reporters on Tuesday.", TUE, "Tuesday", "2025-09-02", "day"),
    ("He will travel to Paris on Friday.", TUE, "Friday", "2025-09-05", "day"),
    ("Talks were held last Friday in Doha.", TUE, "last Friday", "2025-08-29", "day"),
    ("Leaders will meet next Tuesday.", TUE, "next Tuesday", "2025-09-09", "day"),
    ("Protests erupted Monday night in the capital.", TUE, "Monday night", "2025-09-01", "day"),
    ("The vote is expected on Thursday.", TUE, "Thursday", "2025-09-04", "day"),
    ("The group could leave as soon as Tuesday, officials said.", date(2025, 9, 3), "Tuesday", "2025-09-09", "day"),
    ("He said on Monday that talks had failed.", date(2025, 1, 1), "Monday", "2024-12-30", "day"),
    ("Police arrested him on Saturday.", date(2025, 8, 31), "Saturday", "2025-08-30", "day"),
    ("The president will speak on Monday.", date(2025, 8, 31), "Monday", "2025-09-01", "day"),
    ("The summit opened on Monday in Tianjin.", date(2025, 9, 6), "Monday", "2025-09-01", "day"),
    ("Officials said on Monday, Sept. 1, that the talks would go on.", TUE, "Monday, Sept. 1", "2025-09-01", "day"),
    # deictic days, across month and year ends
    ("Today the parliament votes.", TUE, "Today", "2025-09-02", "day"),
    ("A rally is planned for tonight.", TUE, "tonight", "2025-09-02", "day"),
    ("The strike began yesterday.", date(2024, 3, 1), "yesterday", "2024-02-29", "day"),
    ("Markets open tomorrow.", date(2025, 12, 31), "tomorrow", "2026-01-01", "day"),
    ("Shelling continued last night.", date(2025, 3, 1), "last night", "2025-02-28", "day"),
    # relative periods
    ("Officials met last week.", TUE, "last week", "2025-08-25", "week"),
    ("Officials met last week.", date(2025, 1, 1), "last week", "2024-12-23", "week"),
    ("Elections are due next month.", TUE, "next month", "2025-10", "month"),
    ("Elections are due next month.", date(2025, 12, 10), "next month", "2026-01", "month"),
    ("Prices rose last month.", date(2025, 1, 15), "last month", "2024-12", "month"),
    ("The deal was signed last year.", TUE, "last year", "2024", "year"),
    ("The deal was signed last year.", date(2026, 1, 2), "last year", "2025", "year"),
    ("Fighting resumed two days ago.", TUE, "two days ago", "2025-08-31", "day"),
    ("The ceasefire collapsed three weeks ago.", TUE, "three weeks ago", "2025-08-11", "week"),
    ("The envoy visited earlier this month.", TUE, "earlier this month", "2025-09", "month"),
    ("Growth slowed this year.", TUE, "this year", "2025", "year"),
    ("The border was sealed a decade ago.", TUE, "a decade ago", "2015", "year"),
    ("The base closed in July last year.", TUE, "July last year", "2024-07", "month"),
    # absolute dates
    ("The parade was held on September 2, 2025 in Beijing.", TUE, "September 2, 2025", "2025-09-02", "day"),
    ("The parade was held on 2 September 2025 in Beijing.", TUE, "2 September 2025", "2025-09-02", "day"),
    ("The parade on Sept. 2 drew crowds.", TUE, "Sept. 2", "2025-09-02", "day"),
    ("The parade on Sep 2 drew crowds.", TUE, "Sep 2", "2025-09-02", "day"),
    ("Voting ended on Dec. 30.", date(2026, 1, 5), "Dec. 30", "2025-12-30", "day"),
    ("Voting starts on Jan. 3.", date(2025, 12, 28), "Jan. 3", "2026-01-03", "day"),
    ("Filed 2025-09-02 in Geneva.", TUE, "2025-09-02", "2025-09-02", "day"),
    ("Filed 09/02/2025 in Geneva.", TUE, "09/02/2025", "2025-09-02", "day"),
    ("Filed 31/12/2024 in Geneva.", TUE, "31/12/2024", "2024-12-31", "day"),
    ("The accord of the 4th of July 2019 was breached.", TUE, "4th of July 2019", "2019-07-04", "day"),
    # months
    ("Troops withdrew in September.", TUE, "September", "2025-09", "month"),
    ("The talks collapsed last September.", TUE, "last September", "2024-09", "month"),
    ("Talks resume in January.", date(2025, 11, 20), "January", "2026-01", "month"),
    ("The attack took place in November.", date(2026, 1, 10), "November", "2025-11", "month"),
    ("The mission ended in September 2025.", TUE, "September 2025", "2025-09", "month"),
    ("Elections were held in May.", TUE, "May", "2025-05", "month"),
    # years and decades
    ("It is Kim's first trip to China since 2019.", TUE, "2019", "2019", "year"),
    ("He has been in power since taking office in 2011.", TUE, "2011", "2011", "year"),
    ("Negotiations stalled after Kim's 2019 summit with Trump.", TUE, "2019", "2019", "year"),
    ("2019's summit in Hanoi ended early.", TUE, "2019", "2019", "year"),
    ("Growth recovered by mid-2019.", TUE, "2019", "2019", "year"),
    ("The war ended in 1865.", TUE, "1865", "1865", "year"),
    ("The region prospered in the 1990s.", TUE, "1990s", "199", "decade"),
    ("The region prospered in the early '90s.", TUE, "'90s", "199", "decade"),
    ("The 2019-2021 period was hard.", TUE, "2019-2021", "2019", "year"),
    # capitalised modifiers, weekday + explicit date, lower-case months next to a day number
    ("Last Friday, troops withdrew from the town.", TUE, "Last Friday", "2025-08-29", "day"),
    ("The talks open on Thursday 14th December 2017.", date(2017, 11, 7), "Thursday 14th December 2017",
     "2017-12-14", "day"),
    ("The talks open on Thursday 14th December.", date(2017, 11, 7), "Thursday 14th December", "2017-12-14", "day"),
    ("The hearing is on 20 october.", date(2017, 10, 19), "20 october", "2017-10-20", "day"),
    ("The ferry leaves 12 Nov 1115 from the pier.", date(2017, 8, 25), "12 Nov", "2017-11-12", "day"),
]


@pytest.mark.parametrize("text,anchor,expr,value,gran", CASES)
def test_expression_value(text: str, anchor: date, expr: str, value: str, gran: str) -> None:
    m = _one(text, anchor, expr)
    assert (m.value, m.granularity) == (value, gran)
    assert m.field == "body"


@pytest.mark.parametrize("text", [
    "The parade marks the 80th anniversary of Japan's surrender.",
    "Some 5,000 troops and 2019 people took part.",
    "The fund paid $2019 to each family.",
    "About 2000 soldiers crossed the border.",
    "The blast was heard at 2100 GMT.",
    "The council passed Resolution 2019 unanimously.",
    "Officials may resign if the vote fails.",
    "Shoppers crowded stores on Black Friday.",
    "In recent days tensions have risen.",
    "Turnout rose to 2019.5 thousand.",
    "The 1865 soldiers were buried there.",
    "The Sunday Times reported the deal.",
    "After Friday prayers, crowds gathered.",
    "Thousands joined the Women's March in the capital.",
    "The singer June Carter performed.",
    "Il black Friday incombe su di noi.",
    "USA Today reported the deal.",
    "Today's world is fragile.",
])
def test_not_dates(text: str) -> None:
    assert find_dates(text, TUE) == []


def test_seed_sentences_in_order() -> None:
    text = ("The visit marks Kim's first trip to China since 2019 and his fifth overall since "
            "taking power in 2011.")
    found = find_dates(text, TUE)
    assert [(m.text, m.value) for m in found] == [("2019", "2019"), ("2011", "2011")]


def test_week_range_has_sunday_end() -> None:
    m = _one("Officials met last week.", TUE, "last week")
    assert m.value_end == "2025-08-31"


def test_weekend_is_a_day_range() -> None:
    m = _one("Rebels attacked the town over the weekend.", TUE, "the weekend")
    assert (m.value, m.value_end, m.granularity) == ("2025-08-30", "2025-08-31", "day")


def test_year_range_value_end() -> None:
    m = _one("The 2019-2021 period was hard.", TUE, "2019-2021")
    assert m.value_end == "2021"


def test_two_weekdays_get_their_own_tense() -> None:
    found = find_dates("Officials said on Monday that Kim will visit on Friday.", TUE)
    assert [(m.text, m.value) for m in found] == [("Monday", "2025-09-01"), ("Friday", "2025-09-05")]


def test_no_anchor_relative_is_none_absolute_resolves() -> None:
    text = "He arrived on Monday, a year after the September 2, 2024 accord and the 2019 summit."
    found = {m.text: m.value for m in find_dates(text, None)}
    assert found["Monday"] is None
    assert found["September 2, 2024"] == "2024-09-02"
    assert found["2019"] == "2019"
    assert find_dates("It happened last week.", None)[0].value is None


def test_field_is_passed_through() -> None:
    m = find_dates("Kim travels to China on Monday", TUE, field="title")[0]
    assert m.field == "title" and m.value == "2025-09-01"


def test_resolve_weekday_rules() -> None:
    wed = date(2025, 9, 3)
    assert resolve_weekday(wed, 2, "", None) == wed  # the anchor day itself
    assert resolve_weekday(wed, 2, "last", None) == date(2025, 8, 27)
    assert resolve_weekday(wed, 2, "next", None) == date(2025, 9, 10)
    assert resolve_weekday(wed, 4, "", "future") == date(2025, 9, 5)
    assert resolve_weekday(wed, 4, "", "past") == date(2025, 8, 29)
    assert resolve_weekday(wed, 4, "", None) == date(2025, 8, 29)  # news default: the past one
    assert resolve_weekday(None, 4, "", None) is None


def test_surface_tense_cues() -> None:
    text = "Kim is scheduled to attend Wednesday's parade. Putin arrived on Sunday."
    i = text.index("Wednesday")
    assert surface_tense(text, i, i + 9) == "future"
    j = text.index("Sunday")
    assert surface_tense(text, j, j + 6) == "past"
    assert surface_tense("The summit on Friday", 14, 20) is None


def test_parse_anchor() -> None:
    assert parse_anchor("2025-09-02T10:00:00Z") == date(2025, 9, 2)
    assert parse_anchor("2025-09-02") == date(2025, 9, 2)
    assert parse_anchor("yesterday") is None
    assert parse_anchor(None) is None


# --------------------------------------------------------------------------- the stage


def _stage(**opts):
    from dateline.config import PipelineConfig
    from dateline.pipeline import Resources
    from dateline.registry import registry

    cfg = PipelineConfig(options={"dates": opts}) if opts else PipelineConfig()
    spec = registry.get("dates", "rules")
    assert spec.provides == ("dates",)
    return spec.factory(cfg.stage_options("dates"), Resources(cfg))


def test_stage_reads_every_field_with_article_anchor() -> None:
    art = Article(id="x", origin="t", title="Kim travels to China on Monday",
                  subtitle="Parade on Wednesday marks the 80th anniversary",
                  body="Putin arrived on Sunday.\nThe last visit was in 2019.",
                  published="2025-09-02T08:00:00")
    doc = _stage()(Document(article=art))
    got = {(d.field, d.text, d.value) for d in doc.dates}
    assert ("title", "Monday", "2025-09-01") in got
    assert any(f == "subtitle" and t == "Wednesday" for f, t, _ in got)
    assert ("body", "Sunday", "2025-08-31") in got
    assert ("body", "2019", "2019") in got
    assert not any("80" in d.text for d in doc.dates)
    for d in doc.dates:
        assert art.text(d.field)[d.start:d.end] == d.text
    body_only = doc.to_dict()["dates"]
    assert {d["text"] for d in body_only} == {"Sunday", "2019"}


def test_stage_uses_config_published_as_fallback_anchor() -> None:
    art = Article(id="x", origin="t", body="The rally was held yesterday.")
    run = _stage(published="2025-01-01")
    doc = run(Document(article=art))
    assert [(d.text, d.value) for d in doc.dates] == [("yesterday", "2024-12-31")]
    doc2 = _stage()(Document(article=Article(id="y", origin="t", body="The rally was held yesterday.")))
    assert doc2.dates[0].value is None


def test_spacy_tense_from_a_hand_built_parse() -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    from dateline.stages.dates import spacy_tense

    vocab = spacy.blank("en").vocab
    past = Doc(vocab, words=["Putin", "arrived", "on", "Sunday", "."],
               spaces=[True, True, True, False, False], heads=[1, 1, 1, 2, 1],
               deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
               tags=["NNP", "VBD", "IN", "NNP", "."], pos=["PROPN", "VERB", "ADP", "PROPN", "PUNCT"])
    assert spacy_tense(past)(16, 22) == "past"
    fut = Doc(vocab, words=["Kim", "will", "visit", "on", "Sunday"],
              spaces=[True, True, True, True, False], heads=[2, 2, 2, 2, 3],
              deps=["nsubj", "aux", "ROOT", "prep", "pobj"],
              tags=["NNP", "MD", "VB", "IN", "NNP"], pos=["PROPN", "AUX", "VERB", "ADP", "PROPN"])
    assert spacy_tense(fut)(17, 23) == "future"
    # the stage prefers the parse to the surface cues: here a (deliberately odd) parse reads
    # "visit" as a past verb, so Sunday resolves backwards although "will" is in the text
    odd = Doc(vocab, words=["Kim", "will", "visit", "on", "Sunday"],
              spaces=[True, True, True, True, False], heads=[2, 2, 2, 2, 3],
              deps=["nsubj", "dep", "ROOT", "prep", "pobj"],
              tags=["NNP", "MD", "VBD", "IN", "NNP"], pos=["PROPN", "AUX", "VERB", "ADP", "PROPN"])
    art = Article(id="z", origin="t", body=odd.text, published="2025-09-02")
    assert _stage()(Document(article=art, parsed={"body": odd})).dates[0].value == "2025-08-31"
    assert _stage()(Document(article=art)).dates[0].value == "2025-09-07"
    assert _stage(use_parse=False)(Document(article=art, parsed={"body": odd})).dates[0].value == "2025-09-07"


# -- issue 4: quarters, halves, seasons, holidays, anaphora, weekday direction ---------------

NOV89 = date(1989, 11, 2)  # a Thursday in the fourth quarter

# (text, anchor, expression, value, value_end, granularity, TimeML value)
PERIOD_CASES = [
    ("Profit rose in the third quarter.", NOV89, "the third quarter", "1989-07", "1989-09", "quarter", "1989-Q3"),
    ("Third-quarter net income fell 5%.", NOV89, "Third-quarter", "1989-07", "1989-09", "quarter", "1989-Q3"),
    ("Sales jumped in the fourth quarter of 1997.", NOV89, "the fourth quarter of 1997", "1997-10", "1997-12",
     "quarter", "1997-Q4"),
    ("Revenue in the 1988 second quarter was flat.", NOV89, "the 1988 second quarter", "1988-04", "1988-06",
     "quarter", "1988-Q2"),
    ("The company will report first-quarter losses.", NOV89, "first-quarter", "1990-01", "1990-03", "quarter",
     "1990-Q1"),
    ("Analysts watch this year's fourth quarter.", NOV89, "this year's fourth quarter", "1989-10", "1989-12",
     "quarter", "1989-Q4"),
    ("Results for the latest quarter disappointed.", NOV89, "the latest quarter", "1989-07", "1989-09",
     "quarter", "1989-Q3"),
    ("Output rose in the first half of 1990.", NOV89, "the first half of 1990", "1990-01", "1990-06", "half",
     "1990-H1"),
    ("Sales fell in the last half of 1989.", NOV89, "the last half of 1989", "1989-07", "1989-12", "half",
     "1989-H2"),
    ("Talks collapsed last fall.", date(1998, 3, 1), "last fall", "1997-09", "1997-11", "season", "1997-FA"),
    ("Talks resume this summer.", date(1998, 3, 1), "this summer", "1998-06", "1998-08", "season", "1998-SU"),
    ("Snow fell in the winter of 1994.", NOV89, "the winter of 1994", "1993-12", "1994-02", "season",
     "1994-WI"),
    ("The families met on Thanksgiving Day.", date(1999, 12, 1), "Thanksgiving Day", "1999-11-25", None, "day",
     "1999-11-25"),
    ("They will gather on Christmas Eve.", date(2025, 12, 1), "Christmas Eve", "2025-12-24", None, "day",
     "2025-12-24"),
    ("The attack came on Easter Sunday 2019.", NOV89, "Easter Sunday 2019", "2019-04-21", None, "day",
     "2019-04-21"),
]


@pytest.mark.parametrize("text,anchor,expr,value,value_end,gran,timeml", PERIOD_CASES)
def test_period_value(text, anchor, expr, value, value_end, gran, timeml) -> None:
    from dateline.dates.timex import timeml_value

    m = _one(text, anchor, expr)
    assert (m.value, m.value_end, m.granularity) == (value, value_end, gran)
    assert timeml_value(m.value, m.granularity) == timeml


def test_period_values_keep_the_spec_date_forms() -> None:
    """Quarters/halves/seasons stay "YYYY-MM" values (SPEC section 3), never "1997-Q3"."""
    for text, anchor, *_ in PERIOD_CASES:
        for m in find_dates(text, anchor):
            for v in (m.value, m.value_end):
                assert v is None or re.fullmatch(r"\d{4}(?:-\d\d){0,2}", v), (text, v)


# (text, anchor, expression, value, granularity): values taken from an earlier date
ANAPHORA_CASES = [
    ("He arrived on Oct. 3. The next day he left.", NOV89, "The next day", "1989-10-04", "day"),
    ("He arrived on Oct. 3 and left that same day.", NOV89, "that same day", "1989-10-03", "day"),
    ("The vote was on Oct. 3; the day before, rallies were held.", NOV89, "the day before", "1989-10-02", "day"),
    ("The war began in 1991. Later that year it ended.", NOV89, "Later that year", "1991", "year"),
    ("The plant opened in 1990 and closed the following year.", NOV89, "the following year", "1991", "year"),
    ("Profit rose in the third quarter from $5 million a year earlier.", NOV89, "a year earlier", "1988-07",
     "quarter"),
    ("Profit rose in the third quarter from $5 million a year ago.", NOV89, "a year ago", "1988-07", "quarter"),
    ("Third-quarter profit rose from the year-ago quarter.", NOV89, "the year-ago quarter", "1988-07",
     "quarter"),
    ("Third-quarter profit rose. The quarter was strong.", NOV89, "The quarter", "1989-07", "quarter"),
    ("Third-quarter profit rose. The 1988 period was weak.", NOV89, "The 1988 period", "1988-07", "quarter"),
    ("Exports grew in 1997, up from a year earlier.", NOV89, "a year earlier", "1996", "year"),
    ("The company was founded a year ago.", NOV89, "a year ago", "1988", "year"),
]


@pytest.mark.parametrize("text,anchor,expr,value,gran", ANAPHORA_CASES)
def test_anaphoric_value(text, anchor, expr, value, gran) -> None:
    m = _one(text, anchor, expr)
    assert (m.value, m.granularity) == (value, gran)


@pytest.mark.parametrize("text", [
    "The next day was calm.",  # nothing to refer to
    "Fans cheered in the second half.",  # a match half, not a half year
    "Prices saw a fall in demand.",
    "The fall of the city shocked the world.",
    "A quarter of the voters stayed home.",
    "The day before the election was quiet.",
])
def test_no_period_or_anaphora_without_grounds(text: str) -> None:
    assert find_dates(text, NOV89) == []


def test_weekday_until_with_past_perfect_is_past() -> None:
    """"Until Thursday, they had not called ...": the limit has passed (TimeBank gold 05-06)."""
    m = _one("Until Thursday, they had not called Kopp a suspect.", date(1999, 5, 7), "Thursday")
    assert m.value == "1999-05-06"
    m = _one("The vote was postponed until Tuesday.", date(1998, 9, 30), "Tuesday")
    assert m.value == "1998-10-06"  # no past perfect: a prospective limit


def test_weekday_after_finite_planned_is_past() -> None:
    """"the government planned to pay" reports a past plan; "is planned" stays future."""
    m = _one("On Friday, the Kenyan government planned to pay the first claims.", date(1998, 9, 30), "Friday")
    assert m.value == "1998-09-25"
    m = _one("A rally is planned on Friday.", date(1998, 9, 30), "Friday")
    assert m.value == "1998-10-02"


@pytest.mark.parametrize("text,expr,value,gran", [
    ("In nineteen ninety-six the party won.", "nineteen ninety-six", "1996", "year"),
    ("By the year two thousand the plan ended.", "the year two thousand", "2000", "year"),
    ("It began in January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01", "month"),
    ("It was the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1993-12", "season"),
    ("It closed in two thousand and one.", "two thousand and one", "2001", "year"),
    ("Talks should end by year-end.", "year-end", "1989", "year"),
    ("Sales rose 5% from the same period last year.", "the same period last year", "1988", "year"),
])
def test_spelled_years_year_end_and_period_fallback(text, expr, value, gran) -> None:
    m = _one(text, NOV89, expr)
    assert (m.value, m.granularity) == (value, gran)


@pytest.mark.parametrize("text", [
    "Two thousand troops crossed the border.",
    "They printed nineteen eighty-four copies.",
    "The Election Day count was slow.",  # its day differs by country: not resolved
])
def test_no_spelled_year_for_counts(text: str) -> None:
    assert all(m.granularity != "year" and m.granularity != "day" for m in find_dates(text, NOV89))


def test_future_quarter_allows_reporting_lag() -> None:
    """"will report third-quarter results" in October is the quarter just ended; a future
    first quarter seen in November is next year's."""
    m = _one("The company will report third-quarter results.", date(1989, 10, 20), "third-quarter")
    assert m.value == "1989-07"
    m = _one("The company will report first-quarter results.", NOV89, "first-quarter")
    assert m.value == "1990-01"


def test_had_planned_to_keeps_the_plan_ahead() -> None:
    """"had planned to impose Dec. 15" (a plan not yet carried out) stays a future date."""
    m = _one("Firms fear a tariff that the government had planned to impose Dec. 15 on toys.", date(2019, 6, 15),
             "Dec. 15")
    assert m.value == "2019-12-15"


def test_next_year_without_antecedent_is_the_anchor_s_next_year() -> None:
    m = _one("Inflation should ease over the next year.", NOV89, "the next year")
    assert (m.value, m.granularity) == ("1990", "year")
