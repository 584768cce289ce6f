"""The keyword pre-check of the date finder (periods.RULE_KEYWORDS, read by timex.find_dates):
a rule is skipped on a text whose lower case holds none of its words, so each word list must be
in every text the rule's regular expression can match. No model loaded."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.dates import timex

ANCHOR = date(2025, 9, 2)

# Texts that every gated rule matches at least once, in its several forms (case, abbreviations,
# lower-case month names, possessives, two-digit decades).
SAMPLES = [
    "The talks resumed on March 3, 2024 and again on 12 Sept. 2023, officials said.",
    "He arrived on the 4th of july and left in Dec. 2019; the deal was signed on june 5.",
    "Elections are due in November, since January the army has held the city.",
    "The vote came in March last year and the summit in early October this year.",
    "On Monday, the 3rd the council met; Tuesday's meeting and Friday evening were quiet.",
    "Last Sunday he spoke; next Wednesday she travels. Two weeks ago the strike began.",
    "A few DAYS AGO the ministers met, and several years ago the border was closed.",
    "In the 1990s and the late '80s the region grew; by the mid-2010s it had doubled.",
    "Talks will end by the end of the year; the year-end review and the year's end audit.",
    "Earlier this week the army withdrew; late last month and the start of next year too.",
    "Over the past week, this month and the coming weekend, the ministry said, prices rose.",
    "Saturday, January 4 was cold; Thursday 12 Feb. the convoy left.",
]

GATED = [(i, regex, handler) for i, (regex, handler, _p) in enumerate(timex.RULES)
         if handler.__name__ in timex.RULE_KEYWORDS]


@pytest.mark.parametrize("i,regex,handler", GATED, ids=[f"rule{i}-{h.__name__}" for i, _r, h in GATED])
def test_every_match_holds_a_keyword(i, regex, handler):
    words = timex.RULE_KEYWORDS[handler.__name__]
    for text in SAMPLES:
        for m in regex.finditer(text):
            low = m.group(0).lower()
            assert any(w in low for w in words), (handler.__name__, m.group(0))


def test_every_new_day_rule_is_exercised():
    # each rule the day-rule keywords gate matches some sample, so the test above tests it
    day_rules = {"_h_bare_month", "_h_month_rel_year", "_h_month_day", "_h_month_year",
                 "_h_weekday", "_h_weekday_date", "_h_ago", "_h_decade", "_h_year_end",
                 "_h_edge", "_h_relative"}
    matched = {h.__name__ for _i, r, h in GATED if any(r.search(t) for t in SAMPLES)}
    assert day_rules <= matched


def test_same_dates_without_the_pre_check(monkeypatch):
    gated = [timex.find_dates(t, ANCHOR) for t in SAMPLES]
    assert sum(len(g) for g in gated) >= 20
    # texts none of whose words are there: the pre-check skips rules, the dates stay the same
    plain = ["Prices rose 3% on 2024-05-06.", "The meeting is today, not tomorrow.",
             "He served 1998-2003 and returned in 2010."]
    gated_plain = [timex.find_dates(t, ANCHOR) for t in plain]
    monkeypatch.setattr(timex, "RULE_KEYWORDS", {})
    assert [timex.find_dates(t, ANCHOR) for t in SAMPLES] == gated
    assert [timex.find_dates(t, ANCHOR) for t in plain] == gated_plain

