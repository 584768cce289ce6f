"""Pure temporal-expression finder and normaliser for news English (no model needed).

:func:`find_dates` scans one text with a regex grammar and turns every date expression it
recognises into a :class:`~dateline.model.DateMention` whose ``value`` is normalised against
an *anchor* (the article's publication date):

- absolute dates: "September 2, 2025", "2 September 2025", "Sept. 2", "2025-09-02",
  "09/02/2025" (US month/day order unless the first number cannot be a month);
- months: "in September", "last September", "September 2025";
- years and decades: "2019", "in 2011", "2019's summit", "the 1990s" (value "199");
- deictic days: "today", "yesterday", "tomorrow", "tonight", "last night";
- weekdays: "on Monday", "Wednesday's parade", "last Friday", "next Tuesday", "Monday night",
  resolved with the tense of the sentence (past -> the latest such day, future -> the coming
  one; the anchor day itself when the weekday equals it);
- relative periods: "last week" (a Monday..Sunday range, granularity "week"), "next month",
  "last year", "two days ago", "three weeks ago", "earlier this month", "this year".

- quarters, halves, seasons, holidays and spelled-out years ("the third quarter", "the first
  half of 1990", "last fall", "Thanksgiving Day", "nineteen ninety-six"), and expressions
  resolved against an earlier date ("the next day", "a year earlier", "the quarter"): see
  :mod:`dateline.dates.periods`. Their values stay in SPEC date forms (a quarter is
  "1997-07".."1997-09", granularity "quarter"); :func:`timeml_value` gives "1997-Q3".

Vague expressions ("in recent days", "recently", "now": TimeML PRESENT_REF/PAST_REF) are
deliberately skipped: they have no calendar value (docs/quality.md, "Dates"). Without
an anchor, absolute expressions still resolve and relative ones get ``value=None``.

Why regexes and not dateparser's ``search_dates``: the latter is too noisy on news text
(it reads "may", "march", "80th" and bare numbers as dates), and the tense-dependent weekday
rule needs the sentence context anyway.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable, Optional

from ..model import DateMention
from .periods import (  # noqa: F401  (re-exported: helpers and period rules)
    RULE_KEYWORDS, SPELLED_YEAR, _REF_RE, _add_months, _h_spelled_year, _h_holiday, _h_quarter, _h_quarter_rel, _h_ref, _h_season,
    _Hit, _iso_month, _resolve_refs, _safe_date, _sentence_bounds, _week, timeml_value,
    MONTH_NAMES, WEEKDAY_NAMES,
)
from .tense import surface_tense  # noqa: F401  (re-exported)

#: A callback that says whether the clause around ``text[start:end]`` is "past" or "future"
#: (or None when it cannot tell). The dates stage builds one from spaCy's parse.
TenseFn = Callable[[int, int], Optional[str]]

MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}
MONTH_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {d: i for i, d in enumerate(WEEKDAY_NAMES)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None,
    "few": None, "a few": None,
}

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d|2100)"
_NUM = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PART = r"(?:morning|afternoon|evening|night)"

#: Words after a 4-digit number that show it counts something ("2019 people"), not a year.
COUNTED_NOUNS = frozenset("""
people persons men women children kids troops soldiers police officers residents civilians
refugees migrants workers members votes voters dollars euros pounds yen rupees yuan km
kilometres kilometers miles metres meters feet tons tonnes barrels acres hectares units
cases deaths casualties households families homes houses jobs rounds rockets missiles
prisoners detainees protesters demonstrators fighters militants students times hours minutes
seconds days weeks months years calories points pages words signatures vehicles cars trucks
flights passengers tourists pilgrims delegates participants employees staff patients
doctors nurses teachers cattle sheep animals trees buildings shells bombs drones
""".split())

#: Capitalised words before a number that make it an identifier ("Resolution 2019").
ID_WORDS = frozenset("""
no no. number resolution flight route article section chapter room highway boeing airbus
page paragraph vol vol. volume bus
""".split())

#: Words right before a number that show it is a quantity ("about 2000 soldiers").
QUANTIFIERS = frozenset("""
about some nearly over than least around approximately almost up only just roughly
estimated additional another extra
""".split())

PREP_FOR_OLD_YEARS = frozenset("in since until till by from of before after during around circa c.".split())




def _month_num(word: str) -> Optional[int]:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBR.get(w)


def _day_num(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _nearest_year(anchor: Optional[date], m: int, d: Optional[int] = None,
                  tense: Optional[str] = None) -> Optional[int]:
    """The year for month ``m`` (day ``d``) with no year written, relative to the anchor.

    A past clause takes the latest such date not after the anchor and a future clause the
    first one not before it, as long as that lies within about seven months (tense cues are
    noisy; "by Jan. 14" written on Jan. 6 is the coming one whatever the sentence's verbs
    are); otherwise the nearest of last year, this year and next year.
    """
    if anchor is None:
        return None
    ref = anchor if d is not None else anchor.replace(day=1)
    cands: list[tuple[date, int]] = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        cand = _safe_date(y, m, d if d is not None else 1)
        if cand is not None:
            cands.append((cand, y))
    if not cands:
        return anchor.year
    if tense in ("past", "future"):
        if tense == "past":
            side = [c for c in cands if c[0] <= ref]
            pick = max(side) if side else None
        else:
            side = [c for c in cands if c[0] >= ref]
            pick = min(side) if side else None
        if pick is not None and abs((pick[0] - ref).days) <= 215:
            return pick[1]
    return min(cands, key=lambda c: (abs((c[0] - ref).days), c[1] != anchor.year))[1]


def _number(word: str) -> Optional[int]:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


# ---------------------------------------------------------------------------------------------
# resolvers


def resolve_weekday(anchor: Optional[date], wd: int, modifier: str, tense: Optional[str]) -> Optional[date]:
    """The date of weekday ``wd`` (0 = Monday) relative to the anchor.

    ``last``/``past`` -> the latest one before the anchor; ``next``/``coming`` -> the first one
    after it; otherwise the anchor itself when it is that weekday, the coming one for a future
    clause and the latest past one (within six days) for a past or unmarked clause, which is
    what news reports mostly mean.
    """
    if anchor is None:
        return None
    back = (anchor.weekday() - wd) % 7
    fwd = (wd - anchor.weekday()) % 7
    mod = modifier.lower()
    if mod in ("last", "past", "previous"):
        return anchor - timedelta(days=back or 7)
    if mod in ("next", "coming"):
        return anchor + timedelta(days=fwd or 7)
    if back == 0:
        return anchor
    if tense == "future" or mod == "this" and tense != "past":
        return anchor + timedelta(days=fwd)
    return anchor - timedelta(days=back)


def _bare_month_year(anchor: Optional[date], m: int, modifier: str, tense: Optional[str]) -> Optional[int]:
    if anchor is None:
        return None
    mod = modifier.lower()
    if mod in ("last", "past", "previous"):
        return anchor.year if m < anchor.month else anchor.year - 1
    if mod in ("next", "coming"):
        return anchor.year if m > anchor.month else anchor.year + 1
    if mod == "this":
        return anchor.year
    return _nearest_year(anchor, m, None, tense)


def _relative_period(anchor: date, unit: str, offset: int) -> tuple[str, str, Optional[str]]:
    """(value, granularity, value_end) of the week/month/year ``offset`` units from the anchor."""
    unit = unit.lower()
    if unit == "week":
        v, ve = _week(anchor + timedelta(weeks=offset))
        return v, "week", ve
    if unit == "month":
        y, m = _add_months(anchor.year, anchor.month, offset)
        return _iso_month(y, m), "month", None
    if unit == "day":
        return (anchor + timedelta(days=offset)).isoformat(), "day", None
    return f"{anchor.year + offset:04d}", "year", None


# ---------------------------------------------------------------------------------------------
# the grammar: each rule is (compiled regex, handler, priority); handlers return _Hit or None

Handler = Callable[[re.Match, str, Optional[date], Callable[[int, int], Optional[str]]], Optional[_Hit]]


def _h_iso(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Hit(m.start(), m.end(), d.isoformat(), "day") if d else None


def _h_numeric(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if y < 100:
        y += 2000 if y < 70 else 1900
    if m["sep"] == ".":  # 02.09.2025 is European day.month.year
        a, b = b, a
    if a > 12 and b <= 12:  # 31/12/2025: the first cannot be a month
        a, b = b, a
    d = _safe_date(y, a, b)
    return _Hit(m.start(), m.end(), d.isoformat(), "day") if d else None


def _h_month_day(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    mon = _month_num(m["mon"])
    day = _day_num(m["day"])
    if mon is None:
        return None
    ys = m["y"] or m["y2"]
    y = int(ys) if ys else _nearest_year(anchor, mon, day, tense(m.start(), m.end()))
    if y is None:
        return _Hit(m.start(), m.end(), None, "day")
    d = _safe_date(y, mon, day)
    return _Hit(m.start(), m.end(), d.isoformat(), "day") if d else None


def _h_month_year(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    mon = _month_num(m["mon"])
    if mon is None:
        return None
    return _Hit(m.start(), m.end(), _iso_month(int(m["y"]), mon), "month")


def _h_month_rel_year(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"July last year", "March next year", "in May this year"."""
    mon = _month_num(m["mon"])
    if mon is None:
        return None
    if anchor is None:
        return _Hit(m.start(), m.end(), None, "month")
    y = anchor.year + {"last": -1, "this": 0, "next": 1}[m["mod"].lower()]
    return _Hit(m.start(), m.end(), _iso_month(y, mon), "month")


def _h_weekday_date(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"Monday, Oct. 26" / "Thursday 14th December 2017": the explicit date decides."""
    for regex in (_MD_RE, _DM_RE):
        inner = regex.match(text, m.start("rest"))
        if inner is not None:
            hit = _h_month_day(inner, text, anchor, tense)
            return _Hit(m.start(), hit.end, hit.value, "day") if hit else None
    return None


def _h_bare_month(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    mon = _month_num(m["mon"])
    mod = (m["mod"] or "").strip()
    pre = (m["pre"] or "").strip().lower()
    if mon is None:
        return None
    if mon == 5 and not (mod or pre):  # "May" is mostly the modal verb
        return None
    if not (mod or pre):
        if _at_sentence_start(text, m.start("mon")):
            return None  # "March on Washington ..." at a sentence start is too ambiguous
        if re.match(r"\s+[A-Z][a-z]", text[m.end():]) or re.search(r"[A-Z][\w.]*(?:['\u2019]s)?\s+$",
                                                                  text[max(0, m.start() - 20):m.start()]):
            return None  # "June Carter", "Women's March", "the Long March": names, not months
    start = m.start("mod") if mod else m.start("mon")
    y = _bare_month_year(anchor, mon, mod.split()[-1] if mod else "", tense(start, m.end()))
    return _Hit(start, m.end(), _iso_month(y, mon) if y else None, "month")


def _at_sentence_start(text: str, i: int) -> bool:
    before = text[:i].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?\n:"


#: A past perfect ("had not called", "had been") puts a limit ("until Thursday") in the past.
_PAST_PERFECT = re.compile(r"\b(?:had|hadn't)\s+(?:not\s+|never\s+|\w+ly\s+)?(?:been|[a-z]+ed|[a-z]+en)\b")

_NAMED_AFTER_WEEKDAY = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Tribune|Star|Independent|Observer|"
    r"Sport|School|Service|Club|Special|Show|Edition|Magazine|Review|[Pp]rayers?|[Ss]ermon)\b")


def _h_weekday(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    wd = WEEKDAYS[m["wd"].lower()]
    mod = (m["mod"] or "").strip()
    if not mod and re.search(r"(?i)\b(?:Black|Good|Cyber|Bloody|Super|Easter|Palm|Ash|Holy|Maundy|Giving)\s+$",
                             text[max(0, m.start() - 12):m.start()]):
        return None  # named days ("Black Friday", "Bloody Sunday") are not weekday references
    if not m["part"] and re.match(_NAMED_AFTER_WEEKDAY, text[m.end():]):
        return None  # "the Sunday Times", "Friday prayers" name things, not days
    start = m.start("mod") if mod else m.start("wd")
    end = m.end("part") if m["part"] else m.end("wd")
    t = tense(start, end)
    if t is None and m["poss"] and re.match(r"\W*(?:upcoming|planned|scheduled)\b", text[m.end():]):
        t = "future"
    if not mod and re.search(r"(?i)\b(?:as\s+(?:soon|early)\s+as|until|till|deadline\s+(?:of|on)?)\s*$",
                             text[max(0, start - 25):start]):
        s_start, s_end = _sentence_bounds(text, start, end)
        if _PAST_PERFECT.search(text, s_start, s_end):
            t = "past"  # "Until Thursday, they had not called him a suspect": a limit now passed
        else:
            t = "future"  # "as soon as Tuesday", "postponed until Tuesday": a prospective limit
    d = resolve_weekday(anchor, wd, mod, t)
    return _Hit(start, end, d.isoformat() if d else None, "day")


def _h_deictic(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    w = " ".join(m.group(0).lower().split())
    offsets = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
               "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1,
               "the day before yesterday": -2, "the day after tomorrow": 2}
    k = offsets.get(w)
    if k is None:
        return None
    if w == "today" and (
            re.match(r"['\u2019]s\s+(?:world|society|economy|youth|generation|standards)", text[m.end():])
            or re.search(r"USA\s+$", text[max(0, m.start() - 5):m.start()])
            or re.match(r"\s+(?:programme|program|show)\b", text[m.end():])):
        return None  # "today's world", "USA Today", "the Today programme" are not dates
    v = (anchor + timedelta(days=k)).isoformat() if anchor else None
    return _Hit(m.start(), m.end(), v, "day")


def _h_relative(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    mod = " ".join(m["mod"].lower().split())
    unit = m["unit"].lower()
    if unit == "weekend":
        return _weekend(m, text, anchor, mod, tense)
    if mod in ("the", "over the", "past"):
        return None  # "the year", "the past year": vague or a duration
    offset = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[mod]
    if anchor is None:
        return _Hit(m.start(), m.end(), None, unit)
    v, g, ve = _relative_period(anchor, unit, offset)
    return _Hit(m.start(), m.end(), v, g, ve)


def _weekend(m: re.Match, text: str, anchor, mod: str, tense) -> Optional[_Hit]:
    """A weekend as a Saturday..Sunday day range."""
    start = m.start() + (m["mod"].lower().rfind("the") if mod == "over the" else 0)  # "the weekend"
    if anchor is None:
        return _Hit(start, m.end(), None, "day")
    wd = anchor.weekday()
    sat_this = anchor + timedelta(days=5 - wd)  # Saturday of the anchor's week
    on_weekend = wd >= 5
    if mod in ("last", "past", "previous"):
        sat = sat_this - timedelta(days=7)
    elif mod in ("the", "over the"):
        if tense(m.start(), m.end()) == "future":
            sat = sat_this
        else:
            sat = sat_this if on_weekend else sat_this - timedelta(days=7)
    elif mod == "next":
        sat = sat_this + timedelta(days=7) if on_weekend else sat_this
    else:  # this, coming
        sat = sat_this
    return _Hit(start, m.end(), sat.isoformat(), "day", (sat + timedelta(days=1)).isoformat())


def _h_edge(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"earlier this month", "later this year", "late last year", "early next month"."""
    unit = m["unit"].lower()
    offset = {"last": -1, "this": 0, "next": 1}[m["mod"].lower()]
    if anchor is None:
        return _Hit(m.start(), m.end(), None, unit)
    v, g, ve = _relative_period(anchor, unit, offset)
    return _Hit(m.start(), m.end(), v, g, ve)


def _h_year_end(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"year-end", "year's end", "the end of the year": the anchor's year (as "the end of this
    year" is), since TimeML gives these the year more often than the last day or month."""
    return _Hit(m.start(), m.end(), f"{anchor.year:04d}" if anchor else None, "year")


def _h_ago(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    n = _number(m["n"])
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if anchor is None:
        return _Hit(m.start(), m.end(), None, "year" if unit == "decade" else unit)
    if unit == "day":
        return _Hit(m.start(), m.end(), (anchor - timedelta(days=n)).isoformat(), "day")
    if unit == "week":
        v, ve = _week(anchor - timedelta(weeks=n))
        return _Hit(m.start(), m.end(), v, "week", ve)
    if unit == "month":
        y, mo = _add_months(anchor.year, anchor.month, -n)
        return _Hit(m.start(), m.end(), _iso_month(y, mo), "month")
    if unit == "decade":
        return _Hit(m.start(), m.end(), f"{anchor.year - 10 * n:04d}", "year")
    return _Hit(m.start(), m.end(), f"{anchor.year - n:04d}", "year")


def _h_decade(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    if m["full"]:
        v = m["full"][:3]
    else:
        two = int(m["two"])
        century = 19 if two >= 30 or anchor is None or two * 1 > anchor.year % 100 + 5 else 20
        v = f"{century}{m['two'][0]}"
    return _Hit(m.start("dec"), m.end("dec"), v, "decade")


def _h_year_range(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not (y1 < y2 <= y1 + 50) or not _plausible_year(y1) or not _is_year_context(text, m.start(), m.end(), y1):
        return None
    return _Hit(m.start(), m.end(), f"{y1:04d}", "year", f"{y2:04d}")


def _plausible_year(y: int) -> bool:
    return 1000 <= y <= 2100


def _is_year_context(text: str, start: int, end: int, y: int) -> bool:
    """Whether the 4-digit number at text[start:end] reads as a year, not a count or an id."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 40]
    if re.search(r"[$£€¥#]\s*$|\d[,.]?$|[A-Za-z]-?$", before) and not re.search(r"(?i)mid-$", before):
        return False  # "$2019", "1,2019", "F-2019", "A2019"
    if re.match(r"(?:[,.]\d|\d|\s*%|\s*(?:per\s*cent|percent)\b|-[a-z])", after):
        return False  # "2019,000", "2019.5", "2019%", "2000-strong"
    if re.match(r"\s*(?:GMT|UTC|EST|EDT|CET|hrs|hours|h\b|local\s+time)", after):
        return False  # a clock time: "at 2100 GMT"
    prev_words = re.findall(r"[A-Za-z.']+", before)
    prev = prev_words[-1].lower() if prev_words else ""
    if prev in ID_WORDS and not before.endswith(("'s ", "’s ")):
        return False
    nxt = re.match(r"\s+([a-z][a-z-]*)", after)
    if nxt:
        word = nxt.group(1)
        if word in COUNTED_NOUNS:
            return False
        if prev in QUANTIFIERS and word.endswith("s") and not word.endswith("'s"):
            return False
    if prev in QUANTIFIERS and not nxt and prev in ("than", "least", "nearly", "over"):
        return False  # "more than 2000." is a count
    if y < 1900:
        return prev in PREP_FOR_OLD_YEARS or bool(re.match(r"(?:'s|s)\b", after))
    return True


def _h_year(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    y = int(m["y"])
    if not _plausible_year(y) or not _is_year_context(text, m.start("y"), m.end("y"), y):
        return None
    return _Hit(m.start("y"), m.end("y"), f"{y:04d}", "year")


_I = re.IGNORECASE



#: Month names before or after a day number; lower case is accepted there except "may"/"march".
_MONTH_DAY = (rf"(?:{_MONTH_ANY}|january|february|april|june|july|august|september|october|november|"
              rf"december)")
#: A year after a day and month: after a comma any plausible year, else only 1900-2099
#: ("12 Nov 1115" is a clock time, not the year 1115).
_YEAR_TAIL = rf"(?:,\s*(?P<y>{_YEAR})\b|\s+(?P<y2>(?:19|20)\d\d)\b)?"
_MD_RE = re.compile(rf"\b(?P<mon>{_MONTH_DAY})\s+(?P<day>{_DAYNUM})\b(?!\s*(?:%|per|-|,\d|\.\d|\d|:\d))"
                    rf"{_YEAR_TAIL}")
_DM_RE = re.compile(rf"\b(?P<day>{_DAYNUM})\s+(?:of\s+)?(?P<mon>{_MONTH_DAY})(?![a-z]){_YEAR_TAIL}")
RULES: list[tuple[re.Pattern, Handler, int]] = [
    (re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"), _h_iso, 9),
    (re.compile(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/]|\.\d)"),
     _h_numeric, 9),
    (re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<sep>\.)(?P<b>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.]\d|\d)"),
     _h_numeric, 9),
    # September 2, 2025 / Sept. 2 / Sep 2nd
    (_MD_RE, _h_month_day, 8),  # September 2, 2025 / Sept. 2 / Sep 2nd
    # 2 September 2025 / 2nd of September
    (_DM_RE, _h_month_day, 8),  # 2 September 2025 / 2nd of September
    (re.compile(rf"\b(?P<mon>{_MONTH_ANY})(?:,|\s+of)?\s+(?P<y>(?:1[89]|20)\d\d)\b"), _h_month_year, 7),
    (re.compile(rf"\b(?P<mon>{_MONTH_FULL})\s+(?P<mod>last|this|next)\s+year\b"), _h_month_rel_year, 7),
    (re.compile(rf"\b{_WEEKDAY},?\s+(?:the\s+)?(?P<rest>\d|{_MONTH_DAY})"), _h_weekday_date, 8),
    (re.compile(rf"(?:(?P<pre>\b(?i:in|since|until|till|by|from|during|through|before|after|of|early|late|mid|"
                rf"end\s+of|beginning\s+of|start\s+of))[\s-]+)?"
                rf"(?P<mod>\b(?i:last|next|this|past|coming)\s+)?\b(?P<mon>{_MONTH_FULL})\b(?!\s+\d)"),
     _h_bare_month, 5),
    (re.compile(rf"(?:(?P<mod>\b(?i:last|next|this|past|coming)\s+))?\b(?P<wd>{_WEEKDAY})(?P<poss>['\u2019]s)?"
                rf"(?:\s+(?P<part>{_PART}))?\b"), _h_weekday, 6),
    (re.compile(r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|tonight|yesterday|tomorrow|"
                r"this\s+(?:morning|afternoon|evening)|last\s+night)\b", _I), _h_deictic, 6),
    (re.compile(r"\b(?:(?:earlier|later|early|late)\s+(?:in\s+)?|(?:the\s+)?(?:start|beginning|end|middle)\s+of\s+)"
                r"(?P<mod>this|last|next)\s+(?P<unit>week|month|year)\b", _I), _h_edge, 7),
    (re.compile(r"\b(?P<mod>last|past|previous|this|current|next|coming|over\s+the|the)\s+(?P<unit>week|month|year|weekend)\b(?!\s*['\u2019]?s\s+(?:worth))", _I),
     _h_relative, 6),
    (re.compile(rf"\b(?P<n>{_NUM}|a\s+few|several)\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b", _I),
     _h_ago, 7),
    (re.compile(r"(?:\b(?:the\s+)?(?:early|mid|late)[\s-]+)?(?P<dec>\b(?P<full>(?:1[0-9]|20)\d0)s\b|['\u2019](?P<two>\d0)s\b)"),
     _h_decade, 6),
    (re.compile(rf"(?<![\w$£€#-])(?P<y1>{_YEAR})\s*[-\u2013/]\s*(?P<y2>\d{{4}}|\d\d)\b(?![-/]\d)"), _h_year_range, 4),
    (re.compile(rf"(?<![\w$£€#/])(?:mid-)?(?P<y>{_YEAR})(?![\w/])"), _h_year, 3),
    (re.compile(rf"\b(?:(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s+year['\u2019]s\s+|(?:[Tt]he|[Ii]ts|[Tt]heir|[Aa]n?)\s+)?"
                rf"(?P<mods>(?:(?i:comparable|corresponding|year-ago|year-earlier|fiscal|flat|same|{_YEAR})[\s-]+){{0,3}})"
                rf"(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|last))[\s-]+(?P<unit>quarter|half|two\s+quarters)\b"
                rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{_YEAR})\b|\s+(?:of\s+)?(?P<rel3>(?:this|last|next)\s+year)\b)?"),
     _h_quarter, 8),
    (re.compile(rf"\b(?:(?P<det>[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Ll]ast\s+year['\u2019]s)\s+)?"
                rf"(?P<mods>(?:(?i:latest|current|last|previous|past|most\s+recent|next|coming|comparable|"
                rf"corresponding|year-ago|year-earlier|same|fiscal|{_YEAR})[\s-]+){{0,3}})(?P<unit>quarter|period)\b"
                rf"(?P<tail>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year)\b)?(?![\s-]+(?:point|mile|final|century))"),
     _h_quarter_rel, 6),
    (re.compile(rf"\b(?:(?P<mod>(?i:this\s+past|last|this|next|coming|past|the|(?:the\s+)?(?:early|late|mid)))[\s-]+)?"
                rf"(?P<s>(?i:spring|summer|autumn|fall|winter))\b(?:\s+(?:of\s+)?(?P<y>{_YEAR})\b)?"), _h_season, 6),
    (re.compile(rf"\b(?:(?P<mod>(?i:last|this\s+past|this|next|coming))\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|"
                rf"New\s+Year['\u2019]s\s+(?:Day|Eve)|Halloween|Valentine['\u2019]s\s+Day|Easter(?:\s+Sunday)?|"
                rf"Good\s+Friday|Thanksgiving(?:\s+Day)?|Memorial\s+Day)\b"
                rf"(?:,?\s+(?P<y>{_YEAR})\b)?"), _h_holiday, 7),
    (_REF_RE, _h_ref, 7),
    (re.compile(r"\b(?:the\s+end\s+of\s+the\s+year|year[\s-]end|year['\u2019]s\s+end)\b(?![\s-]+\d)", _I),
     _h_year_end, 6),
    (re.compile(rf"\b(?:(?P<mon>{_MONTH_FULL})\s+|(?:the\s+)?(?P<s>(?i:spring|summer|autumn|fall|winter))\s+of\s+|"
                rf"the\s+year\s+)?(?P<sy>(?i:{SPELLED_YEAR}))\b(?![\s-]+(?:years?|people|dollars|times|percent)\b)"),
     _h_spelled_year, 6),
]


def find_dates(text: str, anchor: Optional[date], field: str = "body",
               tense: Optional[TenseFn] = None) -> list[DateMention]:
    """Every date expression in ``text``, normalised against ``anchor``, in text order.

    ``tense(start, end)`` may say "past"/"future" for the clause around a mention (built from
    a parse); when it returns None (or is not given) a surface heuristic looks for the nearest
    tense cue in the sentence ("will", "is scheduled to", "arrived", "said", ...).
    """
    if not text:
        return []

    def tense_at(start: int, end: int) -> Optional[str]:
        t = tense(start, end) if tense is not None else None
        return t or surface_tense(text, start, end)

    hits: list[_Hit] = []
    low = text.lower()
    for regex, handler, prio in RULES:
        words = RULE_KEYWORDS.get(handler.__name__)
        if words is not None and not any(w in low for w in words):
            continue
        for m in regex.finditer(text):
            try:
                hit = handler(m, text, anchor, tense_at)
            except (OverflowError, ValueError):  # an anchor near date.min/max: no such date
                continue
            if hit is not None and hit.end > hit.start:
                hits.append(_Hit(hit.start, hit.end, hit.value, hit.granularity, hit.value_end, prio, hit.ref))
    # longest, then highest-priority hit wins where hits overlap
    hits.sort(key=lambda h: (-(h.end - h.start), -h.priority, h.start))
    taken: list[_Hit] = []
    for h in hits:
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    taken.sort(key=lambda h: h.start)
    taken = _resolve_refs(text, taken, anchor)
    return [DateMention(text[h.start:h.end], h.start, h.end, h.value, h.granularity, field, h.value_end)
            for h in taken if _well_formed(h.value) and _well_formed(h.value_end)]


_WELL_FORMED = re.compile(r"^\d{3,4}(?:-\d{2}(?:-\d{2})?)?$")


def _well_formed(value: Optional[str]) -> bool:
    """False for values an anchor near ``date.min``/``date.max`` produces ("10000", "-001")."""
    return value is None or bool(_WELL_FORMED.match(value))




def parse_anchor(value: Optional[str]) -> Optional[date]:
    """The anchor date from an ISO date or datetime string (first 10 characters), else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
