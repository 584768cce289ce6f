"""Text, date and place comparisons shared by the gold scorers (SPEC section 4).

Every text comparison ignores case, runs of whitespace, straight vs curly quotes, diacritics
("Sánchez" = "Sanchez") and trailing punctuation. Pure functions; no model, no file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from typing import Any

PLACE_KM = 161.0  # mention scoring: a place is right within 100 miles of gold
EVENT_LOCATION_KM = 50.0  # event attribute: location right within 50 km of gold


_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
_WS = re.compile(r"\s+")
_TRAILING_PUNCT = ".,;:!?\u2026\u2013\u2014-"
_LEADING_WORDS = frozenset(
    "the a an on in at by of for from to into onto since during until till after before near "
    "with within over under around across about through throughout".split()
)
_POSSESSIVE = re.compile(r"(?<=\w)'s$")
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)'$")


def strip_diacritics(s: str) -> str:
    """"Sánchez" -> "Sanchez": combining marks dropped after NFKD decomposition."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def loose_norm(s: str | None) -> str:
    """Case, whitespace runs, quote style and diacritics folded; punctuation kept."""
    if s is None:
        return ""
    return _WS.sub(" ", strip_diacritics(str(s).translate(_QUOTES))).strip().casefold()


def textnorm(s: str | None) -> str:
    """The comparison form of SPEC section 4: ignore case, runs of whitespace, straight vs
    curly quotes, diacritics and trailing punctuation. ``None`` becomes ``""``."""
    return loose_norm(s).rstrip(_TRAILING_PUNCT + " ")


def mention_key(s: str | None) -> str:
    """:func:`textnorm` plus: drop leading prepositions/articles and a possessive 's.

    "on Monday" ~ "Monday", "Wednesday's" ~ "Wednesday", "the Kremlin" ~ "Kremlin". A single
    word is never dropped entirely ("On" stays "on").
    """
    words = textnorm(s).split(" ")
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words = words[1:]
    key = " ".join(words)
    stripped = _PLURAL_POSSESSIVE.sub("", _POSSESSIVE.sub("", key))
    return (stripped or key).rstrip(_TRAILING_PUNCT + " ")


# ----------------------------------------------------------------------------- geo / dates


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.I)
_DECADE = re.compile(r"^(\d{3})(?:0s|x)$", re.I)


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The day interval a date value covers, at its own granularity.

    "2019" -> 2019-01-01..2019-12-31, "2025-09" -> the month, "2025-09-01" (or a datetime) -> the
    day, "2025-W35" -> the ISO week, "2010s"/"201X" -> the decade. ``None`` when unparseable.
    """
    if not value:
        return None
    v = str(value).strip()
    try:
        if m := _DAY.match(v):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(v):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.match(v):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _WEEK.match(v):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := _DECADE.match(v):
            y = int(m[1]) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    except ValueError:
        return None
    return None


def gold_date_interval(gold_date: Any) -> tuple[dt.date, dt.date] | None:
    """Gold ``date``: a string (expanded at its granularity) or a ``[lo, hi]`` list."""
    if isinstance(gold_date, (list, tuple)):
        if not gold_date:
            return None
        lo, hi = date_interval(gold_date[0]), date_interval(gold_date[-1])
        if lo is None or hi is None:
            return None
        return lo[0], hi[1]
    return date_interval(gold_date)


def pred_date_interval(date: str | None, date_end: str | None) -> tuple[dt.date, dt.date] | None:
    """Predicted ``date``..``date_end``, each expanded at its own granularity."""
    lo = date_interval(date)
    if lo is None:
        return None
    hi = date_interval(date_end) if date_end else lo
    if hi is None or hi[1] < lo[0]:
        return None
    return lo[0], hi[1]


def date_ok(gold_date: Any, pred_date: str | None, pred_date_end: str | None) -> bool:
    """Predicted interval overlaps the gold interval and is no wider than it."""
    g = gold_date_interval(gold_date)
    p = pred_date_interval(pred_date, pred_date_end)
    if g is None or p is None:
        return False
    overlaps = p[0] <= g[1] and g[0] <= p[1]
    return overlaps and (p[1] - p[0]) <= (g[1] - g[0])


def location_ok(gold_loc: dict, pred_loc: dict | None, km: float = EVENT_LOCATION_KM) -> bool:
    """Same country (when gold gives one) and within ``km`` of gold (when gold gives coords).

    A gold location with neither country nor coordinates falls back to equal names.
    """
    if not pred_loc:
        return False
    has_country = bool(gold_loc.get("country"))
    has_coords = gold_loc.get("lat") is not None and gold_loc.get("lon") is not None
    if has_country and gold_loc["country"] != pred_loc.get("country"):
        return False
    if has_coords:
        if pred_loc.get("lat") is None or pred_loc.get("lon") is None:
            return False
        d = haversine_km(gold_loc["lat"], gold_loc["lon"], pred_loc["lat"], pred_loc["lon"])
        return d <= km
    if has_country:
        return True
    gname = mention_key(gold_loc.get("name") or gold_loc.get("text"))
    return bool(gname) and gname in {mention_key(pred_loc.get("name")), mention_key(pred_loc.get("text"))}

