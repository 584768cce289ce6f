"""Periods and anaphora for the date finder: quarters, halves, seasons, holidays and
expressions that take their value from an earlier date ("the next day", "a year earlier",
"the quarter"), plus the small date helpers shared with :mod:`dateline.dates.timex`.

Why a separate module: :mod:`dateline.dates.timex` holds the grammar of calendar dates and
the tense rules; these granularities came later (issue 4) and need a second pass over the
hits (anaphora), which is easier to read on its own.

Value contract (SPEC section 3): ``DateMention.value``/``value_end`` stay in the forms
"YYYY-MM-DD" / "YYYY-MM" / "YYYY"; a quarter, half or season is the month range it covers
("1997-07".."1997-09", granularity "quarter"), and :func:`timeml_value` gives the TimeML
form ("1997-Q3", "1990-H1", "1998-FA") for the TempEval evaluation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional

_I = re.IGNORECASE
_YEAR = r"(?:1[0-9]\d\d|20\d\d|2100)"


@dataclass(frozen=True)
class _Hit:
    """One expression found by a rule: span, value (None when unresolved), granularity."""

    start: int
    end: int
    value: Optional[str]
    granularity: Optional[str]
    value_end: Optional[str] = None
    priority: int = 0
    #: an anaphoric expression resolved after all hits are known ("the next day", "a year
    #: earlier", "the quarter"): see :func:`_resolve_refs`.
    ref: Optional[str] = None


# ---------------------------------------------------------------------------------------------
# small date helpers


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _week(d: date) -> tuple[str, str]:
    monday = d - timedelta(days=d.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def _safe_date(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None



_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])|\n+")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end] (looking back at most 1,500 characters)."""
    s = max(0, start - 1500)
    for m in _SENT_END.finditer(text, s, start):
        s = m.end()
    m = _SENT_END.search(text, end)
    return s, (m.start() + 1 if m else len(text))
# ---------------------------------------------------------------------------------------------
# quarters, halves, seasons, holidays (granularities "quarter", "half", "season", "day"):
# ``value``/``value_end`` are the first and last month ("1997-07".."1997-09" for 1997-Q3), so
# the SPEC date contract holds; :func:`timeml_value` gives the TimeML form ("1997-Q3").

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "last": 2, "final": 4}
#: Season -> first month; winter runs December..February and belongs to the year it ends in.
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def _span_hit(start: int, end: int, y: int, first_month: int, months: int, gran: str,
              ref: Optional[str] = None) -> _Hit:
    """A hit covering ``months`` months from (y, first_month)."""
    ye, me = _add_months(y, first_month, months - 1)
    return _Hit(start, end, _iso_month(y, first_month), gran, _iso_month(ye, me), ref=ref)


def _period_year(anchor: date, first_month: int, months: int, mode: str, lag_days: int = 0) -> int:
    """The year of a yearly period (a quarter, a season) starting at ``first_month``, seen from
    the anchor. ``mode``: "last" = latest one ended before the anchor, "next" = first one that
    starts after it, "this" = the one of the anchor's year, "future" = first one not ended
    yet, otherwise ("past"/None) the latest one already begun."""
    def bounds(y: int) -> tuple[date, date]:
        ye, me = _add_months(y, first_month, months)
        return date(y, first_month, 1), date(ye, me, 1) - timedelta(days=1)
    ys = [anchor.year - 2 + i for i in range(5)]
    if mode == "this":
        return anchor.year
    if mode == "last":
        return max(y for y in ys if bounds(y)[1] < anchor)
    if mode == "next":
        return min(y for y in ys if bounds(y)[0] > anchor)
    if mode == "future":
        return min(y for y in ys if bounds(y)[1] >= anchor - timedelta(days=lag_days))
    return max(y for y in ys if bounds(y)[0] <= anchor)


_REL_YEAR = {"this": 0, "last": -1, "next": 1}


def _h_quarter(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"the third quarter (of 1997)", "third-quarter", "the 1988 second quarter", "this year's
    fourth quarter", "the first half of 1990", "first two quarters of 1990" (= first half)."""
    unit = m["unit"].lower()
    ordw = m["ord"].lower()
    k = 2 if unit.startswith("half") or unit.startswith("two") else 1  # quarters or halves
    if unit.startswith("two"):
        k, ordw = 2, "first"
    n = ORDINALS[ordw]
    if k == 1 and ordw == "last":
        return None  # "the last quarter" is relative (handled by _h_quarter_rel)
    if k == 2 and n > 2:
        return None
    mods = (m["mods"] or "").lower()
    ymod = re.search(r"\d{4}", mods)
    year: Optional[int] = None
    if m["y"]:
        year = int(m["y"])
    elif ymod:
        year = int(ymod.group(0))
    elif m["rel"] or m["rel3"]:
        year = anchor.year + _REL_YEAR[(m["rel"] or m["rel3"]).split()[0].lower()] if anchor else None
    elif k == 2 and "fiscal" not in mods:
        return None  # "the second half" alone is mostly a match half
    months = 3 * k
    first = (n - 1) * months + 1
    if year is None and anchor is not None:
        t = tense(m.start(), m.end())
        # a future clause may be about results still to come for a quarter just ended
        # ("will report third-quarter results" in October): two months of reporting lag
        year = _period_year(anchor, first, months, "future" if t == "future" else "past", 61)
        if "year-ago" in mods or "year-earlier" in mods:
            year -= 1
    gran = "quarter" if k == 1 else "half"
    if year is None:
        return _Hit(m.start(), m.end(), None, gran)
    return _span_hit(m.start(), m.end(), year, first, months, gran)


def _h_quarter_rel(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"the latest quarter", "this quarter", "the year-ago quarter", "the 1988 period",
    "the quarter" (anaphoric: the quarter last mentioned)."""
    mods = " ".join((m["mods"] or "").lower().split())
    det = (m["det"] or "").lower()
    unit = m["unit"].lower()
    tail = (m["tail"] or "").strip().lower()
    back = bool(tail) or "year-ago" in mods or "year-earlier" in mods or det.startswith("last year")
    ymod = re.search(r"\d{4}", mods)
    if len(re.findall(r"\d{4}", mods)) > 1:
        return None  # "the 2019-2021 period" is a year range
    if back:
        return _Hit(m.start(), m.end(), None, "quarter", ref="q-1y")
    if ymod:
        return _Hit(m.start(), m.end(), None, "quarter", ref="q@" + ymod.group(0))
    if unit == "period":
        if re.search(r"\b(?:latest|comparable|corresponding|same)\b", mods):
            return _Hit(m.start(), m.end(), None, "quarter", ref="q")
        return None
    offset = None
    if re.search(r"\b(?:latest|last|previous|past|most recent)\b", mods):
        offset = -1
    elif re.search(r"\b(?:current|this)\b", mods) or det == "this":
        offset = 0
    elif re.search(r"\b(?:next|coming)\b", mods):
        offset = 1
    if offset is None:
        if det in ("the", "that", "its", "their") or "same" in mods:
            return _Hit(m.start(), m.end(), None, "quarter", ref="q")
        return None
    if anchor is None:
        return _Hit(m.start(), m.end(), None, "quarter")
    y, mo = _add_months(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 3 * offset)
    return _span_hit(m.start(), m.end(), y, mo, 3, "quarter")


def _h_season(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"last fall", "this summer", "the winter of 1994", "spring 2025", "the summer"."""
    s = m["s"].lower()
    mod = " ".join((m["mod"] or "").lower().split())
    first = SEASONS[s]
    after = text[m.end():m.end() + 20]
    if m["y"]:
        y = int(m["y"]) - (1 if first == 12 else 0)
        return _span_hit(m.start(), m.end(), y, first, 3, "season")
    if not mod or re.match(r"\s+(?:of\s+(?!\d)|Olympics|Games|[A-Z])", after) or (m["s"][0].isupper() and re.search(
            r"[A-Z]\w*\s+$", text[max(0, m.start() - 15):m.start()])):
        return None  # "a fall in prices", "the Arab Spring", "the summer of love"
    if s in ("fall", "spring") and mod in ("the", "early", "late"):
        return None  # "the fall" of a city, "the spring" of water
    if anchor is None:
        return _Hit(m.start(), m.end(), None, "season")
    last_word = mod.split()[-1]
    if mod in ("last", "past", "this past"):
        mode = "last" if mod == "last" else "past"
    elif last_word in ("next", "coming"):
        mode = "next"
    elif last_word == "this":
        mode = "future" if tense(m.start(), m.end()) != "past" else "past"
    else:
        mode = "future" if tense(m.start(), m.end()) == "future" else "past"
    y = _period_year(anchor, first, 3, mode)
    return _span_hit(m.start(), m.end(), y, first, 3, "season")


def _nth_weekday(y: int, month: int, wd: int, n: int) -> date:
    """The n-th weekday ``wd`` of a month (n = -1: the last one)."""
    if n > 0:
        d = date(y, month, 1)
        return d + timedelta(days=(wd - d.weekday()) % 7 + 7 * (n - 1))
    ny, nm = _add_months(y, month, 1)
    d = date(ny, nm, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() - wd) % 7)


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * mm + 114) // 31
    return date(y, month, (h + l_ - 7 * mm + 114) % 31 + 1)


#: Holidays whose date follows from the year alone (US rules for Thanksgiving and Memorial Day).
HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14), "easter": _easter, "easter sunday": _easter,
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
}  # not "Labor Day" or "Election Day": their dates differ by country


def _h_holiday(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"Thanksgiving Day", "last Christmas", "Easter 2024": the holiday's day."""
    name = " ".join(m["h"].lower().replace("\u2019", "'").split())
    rule = HOLIDAYS.get(name)
    if rule is None:
        return None
    mod = (m["mod"] or "").lower().strip()
    if m["y"]:
        return _Hit(m.start(), m.end(), rule(int(m["y"])).isoformat(), "day")
    if anchor is None:
        return _Hit(m.start(), m.end(), None, "day")
    cands = [rule(anchor.year + k) for k in (-1, 0, 1)]
    t = tense(m.start(), m.end())
    if mod in ("last", "past", "this past") or (not mod and t == "past"):
        d = max(c for c in cands if c <= anchor)
    elif mod in ("next", "coming") or t == "future":
        d = min(c for c in cands if c >= anchor)
    else:
        d = min(cands, key=lambda c: abs((c - anchor).days))
    return _Hit(m.start(), m.end(), d.isoformat(), "day")


_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: 10 + i for i, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_UNIT_W = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TWO_DIGITS = (r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
               rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]{_UNIT_W})?)")
#: Years as they are read out in transcripts: "nineteen ninety-six", "two thousand (and) one".
SPELLED_YEAR = (rf"(?:(?:nineteen|eighteen|twenty)\s+(?:hundred|{_TWO_DIGITS}|oh[\s-]{_UNIT_W})|"
                rf"two\s+thousand(?:\s+(?:and\s+)?(?:{_TWO_DIGITS}|{_UNIT_W}))?)")


def spelled_year(words: str) -> Optional[int]:
    """The year a spelled-out year names ("nineteen ninety-six" -> 1996), else None."""
    ws = [w for w in re.split(r"[\s-]+", words.lower()) if w and w not in ("and", "oh")]
    if ws[:2] == ["two", "thousand"]:
        century, rest = 2000, ws[2:]
    elif ws and ws[0] in _TEENS or ws and ws[0] == "twenty":
        century, rest = (_TEENS.get(ws[0]) or 20) * 100, ws[1:]
        if rest == ["hundred"]:
            return century
    else:
        return None
    n = 0
    for w in rest:
        n += _TEENS.get(w) or _TENS.get(w) or _UNITS.get(w, 0)
    return century + n if n < 100 else None


def _h_spelled_year(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    """"nineteen ninety-six", "the year two thousand", "January nineteen ninety-seven"."""
    y = spelled_year(m["sy"])
    if y is None:
        return None
    if re.match(r"[\s-]+[a-z]+s\b", text[m.end():]):
        return None  # "nineteen eighty-four copies", "two thousand troops": a count
    if m["sy"].lower().startswith("two") and not (m["mon"] or m["s"] or m.group(0).lower().startswith("the")) \
            and not re.search(r"(?i)\b(?:in|since|by|until|before|after|of)\s+$", text[max(0, m.start() - 8):m.start()]):
        return None  # a bare "two thousand" is mostly a number
    if m["mon"]:
        mon = MONTH_NAMES.index(m["mon"].lower()) + 1
        return _Hit(m.start(), m.end(), _iso_month(y, mon), "month")
    if m["s"]:
        first = SEASONS[m["s"].lower()]
        return _span_hit(m.start(), m.end(), y - (1 if first == 12 else 0), first, 3, "season")
    return _Hit(m.start(), m.end(), f"{y:04d}", "year")


#: Anaphoric expressions: resolved against the date last mentioned before them.
_REF_WORDS = {
    "same_day": r"(?:(?:earlier|later)\s+)?(?:on\s+)?(?:that|the)\s+same\s+day|(?:earlier|later)\s+that\s+day|that\s+day",
    "day+1": r"the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)|the\s+day\s+after(?!\s+(?:tomorrow|\w))|"
             r"a\s+day\s+later",
    "day-1": r"the\s+(?:previous|preceding)\s+day|the\s+day\s+before(?!\s+(?:yesterday|\w))|a\s+day\s+earlier",
    "same_year": r"(?:(?:earlier|later)\s+(?:in\s+)?)?that\s+(?:same\s+)?year|the\s+same\s+year",
    "year+1": r"the\s+(?:next|following)\s+year|a\s+year\s+later",
    "year-1": r"the\s+(?:previous|preceding)\s+year|the\s+year\s+before|a\s+year\s+earlier|year[\s-]earlier|year-ago",
    "month+1": r"the\s+following\s+month|a\s+month\s+later",
    "same_month": r"(?:(?:earlier|later)\s+)?that\s+(?:same\s+)?month",
}
_REF_RE = re.compile(r"\b(?=(?i:th|a\s|ea|la|on|ye))(?:" + "|".join(f"(?P<{k.replace('+', 'p').replace('-', 'm')}>{v})"
                                         for k, v in _REF_WORDS.items()) + r")\b", _I)


MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_STEMS = tuple(m[:3] for m in MONTH_NAMES)

#: Words without which a period rule cannot match: the finder skips the rule on texts lacking them.
RULE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "_h_quarter": ("quarter", "half"), "_h_quarter_rel": ("quarter", "period"),
    "_h_season": ("spring", "summer", "autumn", "fall", "winter"),
    "_h_holiday": ("christmas", "new year", "halloween", "valentine", "easter", "good friday",
                   "thanksgiving", "memorial day"),
    "_h_ref": ("day", "year", "month", "year-ago"),
    "_h_spelled_year": ("nineteen", "eighteen", "twenty", "thousand"),
    # the day rules of timex.py: a month or weekday name is matched case sensitively and in
    # full (so its lower case is in the lowered text); every month form the month-and-day
    # rules accept (full, abbreviated, lower case) starts with the month's first three letters
    "_h_bare_month": MONTH_NAMES, "_h_month_rel_year": MONTH_NAMES,
    "_h_month_day": _MONTH_STEMS, "_h_month_year": _MONTH_STEMS,
    "_h_weekday": WEEKDAY_NAMES, "_h_weekday_date": WEEKDAY_NAMES,
    "_h_ago": ("ago",), "_h_decade": ("0s",), "_h_year_end": ("year",),
    "_h_edge": ("week", "month", "year"), "_h_relative": ("week", "month", "year"),
}


def _h_ref(m: re.Match, text: str, anchor, tense) -> Optional[_Hit]:
    kind = next(k for k in _REF_WORDS if m[k.replace("+", "p").replace("-", "m")])
    if kind == "year-1" and re.match(r"\s+(?:quarter|period|third|fourth|first|second)", text[m.end():], _I):
        return None  # "the year-ago quarter": the quarter rule takes it
    gran = "day" if kind.startswith(("same_day", "day")) else "month" if "month" in kind else "year"
    return _Hit(m.start(), m.end(), None, gran, ref=kind)


# ---------------------------------------------------------------------------------------------
# anaphora: "the next day", "a year earlier", "the quarter" take the value of an earlier date


def _shift_years(v: Optional[str], k: int) -> Optional[str]:
    if not v:
        return v
    out = f"{int(v[:4]) + k:04d}{v[4:]}"
    return out.replace("-02-29", "-02-28") if out.endswith("-02-29") else out


def _shifted(h: _Hit, src: _Hit, years: int = 0, days: int = 0, months: int = 0,
             gran: Optional[str] = None) -> _Hit:
    """``h`` with the value of ``src`` moved by years, days (day values) or months."""
    v, ve, g = src.value, src.value_end, gran or src.granularity
    if days and v:
        v = (date.fromisoformat(v[:10]) + timedelta(days=days)).isoformat()
        ve = None
    if months and v:
        y, mo = _add_months(int(v[:4]), int(v[5:7]), months)
        v, ve = _iso_month(y, mo), None
    if g == "year" and v:
        v, ve = v[:4], None
    if g == "month" and v:
        v, ve = v[:7], None
    return _Hit(h.start, h.end, _shift_years(v, years), g, _shift_years(ve, years), h.priority)


def _resolve_refs(text: str, hits: list[_Hit], anchor: Optional[date]) -> list[_Hit]:
    """Resolve the anaphoric hits (``ref`` set) against the dates before them; an expression
    with nothing to refer to is dropped. A "a year ago"/"last year" in a sentence that names a
    quarter is that quarter a year earlier (earnings reports: "the third quarter ... a year ago")."""
    out: list[_Hit] = []
    derived: set[int] = set()  # positions in ``out`` of values moved by a year: no antecedents

    def prev(h: _Hit, grans: tuple[str, ...], window: int = 1500) -> Optional[_Hit]:
        for i in range(len(out) - 1, -1, -1):
            p = out[i]
            if p.value and p.granularity in grans and h.start - p.end <= window and i not in derived:
                return p
        return None

    def quarter_in_sentence(h: _Hit) -> Optional[_Hit]:
        s, e = _sentence_bounds(text, h.start, h.end)
        qs = [q for q in hits if q.granularity == "quarter" and q.ref is None and q.value
              and s <= q.start and q.end <= e and q is not h]
        before = [q for q in qs if q.end <= h.start]
        if before or qs:
            return before[-1] if before else qs[0]
        p = prev(h, ("quarter",), 300)  # "... in the third quarter. A year earlier, ..."
        return p if p is not None and p.ref is None else None

    for h in hits:
        r = h.ref
        new: Optional[_Hit] = h
        low = text[h.start:h.end].lower()
        if r is None and h.granularity == "year" and re.fullmatch(r"(?:a|one)\s+year\s+ago", low):
            q = quarter_in_sentence(h)
            if q is not None:
                new = _shifted(h, q, years=-1)
                derived.add(len(out))
        elif r in ("q", "q-1y") or (r or "").startswith("q@"):
            src = prev(h, ("quarter",), 4000)
            if src is None and r == "q-1y":  # "the same period last year" with no quarter named
                new = _Hit(h.start, h.end, f"{anchor.year - 1:04d}" if anchor else None, "year", None, h.priority)
            elif src is None:
                new = _Hit(h.start, h.end, r[2:], "year", None, h.priority) if r.startswith("q@") else None
            elif r == "q-1y":
                new = _shifted(h, src, years=-1)
                derived.add(len(out))
            elif r == "q":
                new = _shifted(h, src)
            else:
                new = _shifted(h, src, years=int(r[2:]) - int(src.value[:4]))
        elif r in ("same_day", "day+1", "day-1"):
            src = prev(h, ("day",))
            new = _shifted(h, src, days={"same_day": 0, "day+1": 1, "day-1": -1}[r]) if src else None
        elif r in ("same_month", "month+1"):
            src = prev(h, ("day", "month"))
            new = _shifted(h, src, months=1 if r == "month+1" else 0, gran="month") if src else None
        elif r == "year-1":
            s, _e = _sentence_bounds(text, h.start, h.end)
            src = quarter_in_sentence(h) or next((p for p in reversed(out) if p.value and p.start >= s
                                                 and p.granularity != "week"), None)
            if src is not None:
                new = _shifted(h, src, years=-1)
                derived.add(len(out))
            else:
                src = prev(h, ("day", "month", "quarter", "season", "year"))
                y = int(src.value[:4]) - 1 if src else (anchor.year - 1 if anchor else None)
                new = _Hit(h.start, h.end, f"{y:04d}" if y else None, "year", None, h.priority)
        elif r in ("same_year", "year+1"):
            src = prev(h, ("day", "month", "quarter", "half", "season", "year"))
            k = 1 if r == "year+1" else 0
            y = int(src.value[:4]) + k if src else (anchor.year + 1 if anchor and k else None)
            new = _Hit(h.start, h.end, f"{y:04d}", "year", None, h.priority) if y else None  # "the next year"
        if new is not None:
            out.append(new)
    return out


def timeml_value(value: Optional[str], granularity: Optional[str]) -> Optional[str]:
    """A dateline value in TimeML form: week -> "2000-W07" (ISO week of its Monday), quarter ->
    "1997-Q3", half -> "1990-H1", season -> "1998-FA" (a winter is named by the year it ends
    in); other values are already TimeML."""
    if not value:
        return None
    if granularity == "week":
        try:
            y, w, _ = date.fromisoformat(value[:10]).isocalendar()
        except ValueError:
            return value
        return f"{y:04d}-W{w:02d}"
    if granularity in ("quarter", "half", "season") and re.match(r"^\d{4}-\d\d", value):
        y, mo = int(value[:4]), int(value[5:7])
        if granularity == "quarter":
            return f"{y:04d}-Q{(mo - 1) // 3 + 1}"
        if granularity == "half":
            return f"{y:04d}-H{(mo - 1) // 6 + 1}"
        return f"{y + (mo == 12):04d}-{_SEASON_CODE.get(mo, 'XX')}"
    return value
