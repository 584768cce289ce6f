"""Property-based tests (hypothesis) for the text cleaner, the date finder and the geocoders.

Issue 8: for *any* input these functions must not raise, and what they return must be
well-formed. Examples are kept few (``max_examples``) so the file runs in a few seconds; no
spaCy model is loaded.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dateline.errors import InputError  # noqa: E402
from dateline.model import RawInput  # noqa: E402
from dateline.refdata.countries import load_countries  # noqa: E402
from dateline.stages.clean import clean_record, clean_text, normalise_published  # noqa: E402
from dateline.stages.clean_text import parse_text_scrape  # noqa: E402
from dateline.dates.timex import find_dates  # noqa: E402

FAST = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

#: Words that make the cleaner's rules fire (chrome, dates, bylines, captions, lists, tails).
NEWSY = ["Published", "Updated", "2025-09-02", "By", "Reuters", "AFP", "Photo:", "Read more",
         "Related", "Share", "Advertisement", "Copyright", "\u00a9", "said", "on", "Tuesday",
         "the", "minister", "talks", "September", "1", "2025", "SEOUL,", "(Yonhap)", "--", "|",
         ">", ".", "Home", "World", "News", "\u200b", "\u00a0", "\t", "\u202e", "Subscribe",
         "newsletter", "Follow", "us", "Comments", "Tags:", "#Iran", "a", "of", "in", "and"]
_line = st.lists(st.one_of(st.sampled_from(NEWSY), st.text(max_size=12)), max_size=25).map(" ".join)
PAGES = st.one_of(st.lists(_line, max_size=40).map("\n".join), st.text(max_size=2000))


def _norm(s: str) -> str:
    """Whitespace normalisation as the cleaner does it (zero-width spaces and BOMs dropped)."""
    s = s.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(s.split())


@FAST
@given(PAGES)
def test_text_scrape_never_raises_and_invents_no_line(page):
    parts = parse_text_scrape(page)
    source = _norm(page)
    for para in parts.paragraphs:
        assert isinstance(para, str)
        # a paragraph is an input line, or input lines joined (hard-wrapped text): each
        # normalised paragraph is a substring of the normalised input
        assert _norm(para) in source, para
    if parts.title:
        assert _norm(parts.title) in source


@FAST
@given(PAGES, st.one_of(st.none(), st.text(max_size=20), st.sampled_from(
    ["0000-00-00", "9999-12-31", "2025-02-30", "2025-09-01T10:00:00Z", "yesterday"])))
def test_clean_text_and_record_body_lines_come_from_input(page, published):
    raw = RawInput(origin="p", format="text", data=page, meta={"published": published})
    source = _norm(page)
    for fn in (clean_text, clean_record):
        try:
            art = fn(raw if fn is clean_text else RawInput("p", "record", page,
                                                           {"published": published}), {})
        except InputError as exc:
            assert exc.reason == "no-text"
            continue
        assert art.body.strip()
        for line in art.body.split("\n"):
            assert _norm(line) in source, line
        if art.published is not None:
            date.fromisoformat(art.published[:10])  # a real calendar date, never 0000-00-00


@FAST
@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=40),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                       st.integers(), max_size=2)))
def test_normalise_published_never_raises_and_is_a_date(value):
    out = normalise_published(value)
    if out is not None:
        date.fromisoformat(out[:10])


_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DATEY = ["January", "Feb.", "March", "Sept", "last", "next", "this", "week", "month", "year",
         "Monday", "Sunday", "yesterday", "today", "tomorrow", "ago", "days", "two", "1990s",
         "2019", "2025", "1", "31", "29", "th", "of", "between", "and", "early", "late",
         "spring", "quarter", "first", "half", "weekend", "on", "in", "will", "said", ",", "-",
         "/", "2025-02-29", "2024-02-29", "12/31/1999", "0000-00-00", "9999-12-31",
         "twenty", "nineteen", "3000", "2500 years ago", "decades ago", "99 years", "ninety", "the", "end", "of", "decade", "\u200b", "\n"]
TEXTS = st.one_of(st.text(max_size=300),
                  st.lists(st.one_of(st.sampled_from(DATEY), st.text(max_size=6)),
                           max_size=40).map(" ".join))
ANCHORS = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))


@settings(max_examples=300, deadline=None, database=None)
@given(TEXTS, ANCHORS)
def test_find_dates_offsets_and_values(text, anchor):
    mentions = find_dates(text, anchor)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end  # in text order, no overlaps
        last_end = m.end
        for v in (m.value, m.value_end):
            if v is not None and m.granularity == "decade":
                assert re.fullmatch(r"\d{3}", v), v  # TIMEX style: "199" for the 1990s
            elif v is not None:
                assert _VALUE.match(v), v
                # a well-formed value is also a real year, month or day
                y, *rest = (int(x) for x in v.split("-"))
                if len(rest) == 2:
                    date(y, rest[0], rest[1])
                elif rest:
                    assert 1 <= rest[0] <= 12


@pytest.fixture(scope="module")
def countries():
    return load_countries()


@FAST
@given(st.text(max_size=40))
def test_country_lookup_never_raises(countries, text):
    for fn in (countries.lookup, countries.lookup_name, countries.lookup_demonym):
        c = fn(text)
        assert c is None or countries.get(c.iso3) is c
    countries.by_iso2(text)
    countries.get(text)


@pytest.fixture(scope="module")
def gazetteer(countries):
    from dateline.refdata.gazetteer import Gazetteer

    return Gazetteer.build(countries, min_city_population=15000, admin_path="")


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30), st.lists(st.sampled_from(["USA", "FRA", "CHN", "PRK", "XXX", ""]),
                                      max_size=3))
def test_gazetteer_never_raises(gazetteer, text, context):
    loc = gazetteer.lookup(text, context)
    if loc is not None:
        assert loc.lat is None or -90 <= loc.lat <= 90
        assert loc.lon is None or -180 <= loc.lon <= 180
    gazetteer.resolve(text, context)
    gazetteer.is_ambiguous(text)


@settings(max_examples=200, deadline=None, database=None)
@given(TEXTS, st.dates())
def test_find_dates_any_anchor_never_raises(text, anchor):
    """Even an absurd anchor (``published: 9999-12-31`` passes the cleaner as a valid date)
    neither raises (it did: OverflowError for "tomorrow") nor yields "10000" or "-001"."""
    for m in find_dates(text, anchor):
        assert text[m.start:m.end] == m.text
        for v in (m.value, m.value_end):
            assert v is None or re.fullmatch(r"\d{3,4}(?:-\d{2}(?:-\d{2})?)?", v), v


@pytest.mark.parametrize("anchor", [date(9999, 12, 31), date(1, 1, 1)])
@pytest.mark.parametrize("text", ["tomorrow", "next week", "next Monday", "this weekend",
                                  "next year", "two years ago", "five decades ago"])
def test_find_dates_extreme_anchor_regressions(text, anchor):
    for m in find_dates(text, anchor):
        assert re.fullmatch(r"\d{3,4}(?:-\d{2}(?:-\d{2})?)?", m.value or "0000"), m
