"""Scoring of ``dateline extract`` output against gold files (SPEC section 4).

A gold file ``X.gold.json`` has the shape of one output object plus ``"input"`` (the article
path, relative to the gold file). Its ``article`` part holds checks (``body_first``,
``body_paragraphs``, ...) rather than the full text.

This module is a pure library: it takes the predicted output object (a dict, as printed by
``dateline extract --format jsonl``) and the gold object and returns dataclasses with counts,
ratios and per-item detail. It loads no model and reads no file except in :func:`load_gold`.

Conventions that SPEC leaves open, fixed here:

* precision is 1.0 when there are no predictions (nothing wrong was said), recall is 1.0 when
  there is no required gold event (nothing was missed); F1 is 0.0 when P + R = 0. So an empty
  prediction against a non-empty gold scores P=1, R=0, F1=0, and empty against empty scores 1/1/1.
* attribute accuracies are ``None`` when no matched pair has a gold value for them.
* a mention attribute is right when *some* predicted mention that matches the gold text has it
  right (gold lists distinct texts, a text may be predicted several times).
* ``body_must_not_contain`` keeps the needle's trailing punctuation ("SOURCE:" must not flag a
  body that says "sources"); every other comparison goes through :func:`textnorm`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import math
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..refdata.countries import CountryTable, load_countries

PLACE_KM = 161.0  # mention scoring: a place is right within 100 miles of gold
EVENT_LOCATION_KM = 50.0  # event attribute: location right within 50 km of gold

# ----------------------------------------------------------------------------- text


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


def loose_norm(s: str | None) -> str:
    """Case, whitespace runs and quote style folded; punctuation kept."""
    if s is None:
        return ""
    return _WS.sub(" ", str(s).translate(_QUOTES)).strip().casefold()


def textnorm(s: str | None) -> str:
    """The comparison form of SPEC section 4: ignore case, runs of whitespace, straight vs
    curly quotes and trailing punctuation. ``None`` becomes ``""``."""
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


# ----------------------------------------------------------------------------- article checks


@dataclass
class Check:
    """One article check: ``name`` (e.g. ``title``, ``body_must_not_contain[2]``), pass/fail."""

    name: str
    ok: bool
    expected: Any
    got: Any


def _body_lines(body: str) -> list[str]:
    return [ln for ln in (body or "").splitlines() if ln.strip()]


def _short(s: str | None, n: int = 120) -> str | None:
    if s is None:
        return None
    return s if len(s) <= n else s[: n - 1] + "\u2026"


def check_article(pred_article: dict | None, gold_article: dict) -> list[Check]:
    """The SPEC section 4 article checks, one :class:`Check` per gold key / list item.

    Only keys present in the gold article are checked (``language`` and ``captions`` are not
    article checks in SPEC and are ignored).
    """
    pred = pred_article or {}
    out: list[Check] = []
    body = pred.get("body") or ""
    nbody = textnorm(body)
    for key in ("title", "subtitle", "section"):
        if key in gold_article:
            g, p = gold_article[key], pred.get(key)
            out.append(Check(key, textnorm(g) == textnorm(p), g, p))
    if "published" in gold_article:
        g, p = gold_article["published"], pred.get("published")
        gs, ps = (str(g)[:10] if g else ""), (str(p)[:10] if p else "")
        out.append(Check("published", gs == ps, g, p))
    if "source" in gold_article:
        g, p = textnorm(gold_article["source"]), textnorm(pred.get("source"))
        ok = (g == p) or bool(g and p and (g in p or p in g))
        out.append(Check("source", ok, gold_article["source"], pred.get("source")))
    if "body_first" in gold_article:
        g = gold_article["body_first"]
        ok = nbody.startswith(textnorm(g)) if body else False
        out.append(Check("body_first", ok, g, _short(body)))
    if "body_last" in gold_article:
        g = gold_article["body_last"]
        ok = nbody.endswith(textnorm(g)) if body else False
        out.append(Check("body_last", ok, g, _short(body[-120:] if body else None)))
    if "body_paragraphs" in gold_article:
        n = len(_body_lines(body))
        out.append(Check("body_paragraphs", n == gold_article["body_paragraphs"],
                         gold_article["body_paragraphs"], n))
    lbody = loose_norm(body)
    for i, s in enumerate(gold_article.get("body_must_not_contain") or []):
        needle = loose_norm(s)
        found = bool(needle) and needle in lbody
        out.append(Check(f"body_must_not_contain[{i}]", not found, s, "present" if found else "absent"))
    titles = [textnorm(r.get("title")) for r in (pred.get("related") or []) if isinstance(r, dict)]
    for i, s in enumerate(gold_article.get("related_must_contain") or []):
        needle = textnorm(s)
        hit = next((r for r in titles if needle and needle in r), None)
        out.append(Check(f"related_must_contain[{i}]", hit is not None, s, hit))
    return out


# ----------------------------------------------------------------------------- mentions


@dataclass
class MentionScore:
    """Recall over distinct gold texts, plus attribute accuracy on the found ones.

    ``attr`` is the kind's attribute (entities: country, places: location, dates: value);
    entities also report ``sector`` separately. Optional gold items are reported in
    ``details`` and ``optional_found`` but are not in ``total``.
    """

    kind: str
    total: int = 0
    found: int = 0
    optional_total: int = 0
    optional_found: int = 0
    attr_total: int = 0
    attr_ok: int = 0
    sector_total: int = 0
    sector_ok: int = 0
    details: list[dict] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.found / self.total if self.total else None

    @property
    def attr_acc(self) -> float | None:
        return self.attr_ok / self.attr_total if self.attr_total else None

    @property
    def sector_acc(self) -> float | None:
        return self.sector_ok / self.sector_total if self.sector_total else None

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(recall=self.recall, attr_acc=self.attr_acc, sector_acc=self.sector_acc)
        return d


def _keys(item: dict, *names: str) -> set[str]:
    return {k for k in (mention_key(item.get(n)) for n in names) if k}


def _date_value_ok(gold: dict, pred: dict) -> bool:
    g, p = gold.get("value"), pred.get("value")
    if not g or not p:
        return False
    g, p = str(g), str(p)
    if _DAY.match(g) or _MONTH.match(g) or _YEAR.match(g):
        return len(p) >= len(g) and p[: len(g)] == g
    return textnorm(g) == textnorm(p)


def _mention_attr(kind: str, gold: dict, pred: dict) -> bool | None:
    """The kind's attribute check, or None when gold gives nothing to check."""
    if kind == "entities":
        if not gold.get("country"):
            return None
        return gold["country"] == pred.get("country")
    if kind == "places":
        if gold.get("lat") is not None and gold.get("lon") is not None:
            if pred.get("lat") is None or pred.get("lon") is None:
                return False
            return haversine_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"]) <= PLACE_KM
        if gold.get("country"):
            return gold["country"] == pred.get("country")
        return None
    if kind == "dates":
        if not gold.get("value"):
            return None
        return _date_value_ok(gold, pred)
    raise ValueError(f"unknown mention kind {kind!r}")


def _any_ok(flags: Iterable[bool | None]) -> bool | None:
    vals = [f for f in flags if f is not None]
    return any(vals) if vals else None


def score_mentions(kind: str, pred: list[dict] | None, gold: list[dict] | None) -> MentionScore:
    """Score ``entities``, ``places`` or ``dates`` by SPEC section 4.

    A gold mention is found when some prediction's text or name equals the gold text (or gold
    name) by :func:`mention_key`. Gold items sharing a key are counted once (the first wins).
    """
    if kind not in ("entities", "places", "dates"):
        raise ValueError(f"unknown mention kind {kind!r}")
    score = MentionScore(kind)
    preds = [(p, _keys(p, "text", "name")) for p in (pred or []) if isinstance(p, dict)]
    seen: set[str] = set()
    for g in gold or []:
        gkeys = _keys(g, "text", "name")
        main = mention_key(g.get("text") or g.get("name"))
        if not main or main in seen:
            continue
        seen.add(main)
        optional = bool(g.get("optional"))
        hits = [p for p, pk in preds if pk & gkeys]
        found = bool(hits)
        attr = _any_ok(_mention_attr(kind, g, p) for p in hits) if found else None
        sector = None
        if kind == "entities" and found and g.get("sector"):
            sector = any(p.get("sector") == g["sector"] for p in hits)
        detail = {"text": g.get("text") or g.get("name"), "optional": optional, "found": found,
                  "got": [p.get("text") for p in hits][:3], "attr_ok": attr}
        if kind == "entities":
            detail["sector_ok"] = sector
        score.details.append(detail)
        if optional:
            score.optional_total += 1
            score.optional_found += int(found)
            continue
        score.total += 1
        score.found += int(found)
        if found and attr is not None:
            score.attr_total += 1
            score.attr_ok += int(attr)
        if sector is not None:
            score.sector_total += 1
            score.sector_ok += int(sector)
    return score


# ----------------------------------------------------------------------------- events


@functools.lru_cache(maxsize=1)
def _default_countries() -> CountryTable:
    return load_countries()


def actors_agree(gold: dict, pred: dict, countries: CountryTable) -> bool:
    """SPEC section 4 actor agreement.

    Equal ``name`` or ``text`` (any of gold's against any of the prediction's, by
    :func:`textnorm`), or equal ``wikidata``, or the gold actor is a country (its name is a
    country name in ``countries``) and the prediction has that country with sector GOV or none.
    """
    gnames = {textnorm(gold.get(k)) for k in ("name", "text")} - {""}
    pnames = {textnorm(pred.get(k)) for k in ("name", "text")} - {""}
    if gnames & pnames:
        return True
    if gold.get("wikidata") and gold.get("wikidata") == pred.get("wikidata"):
        return True
    for k in ("name", "text"):
        if gold.get(k):
            c = countries.lookup_name(str(gold[k]))
            if c is not None:
                return pred.get("country") == c.iso3 and (pred.get("sector") in (None, "", "GOV"))
    return False


def _actors(ev: dict, key: str) -> list[dict]:
    return [a for a in (ev.get(key) or []) if isinstance(a, dict)]


def events_match(gold: dict, pred: dict, countries: CountryTable) -> bool:
    """Types equal, actor rule and recipient rule of SPEC section 4."""
    if str(gold.get("event") or "").upper() != str(pred.get("event") or "").upper():
        return False
    g_act, g_rec = _actors(gold, "actor"), _actors(gold, "recipient")
    p_act, p_rec = _actors(pred, "actor"), _actors(pred, "recipient")
    parties = p_act if g_rec else p_act + p_rec
    if not any(actors_agree(g, p, countries) for g in g_act for p in parties):
        return False
    if g_rec:
        return any(actors_agree(g, p, countries) for g in g_rec for p in p_rec + p_act)
    return True


def _attribute_flags(gold: dict, pred: dict) -> dict[str, bool | None]:
    """Per-attribute correctness of a pair; None where gold gives no value."""
    gdate = gold.get("date")
    gloc = gold.get("location")
    return {
        "date_ok": None if gdate in (None, [], "") else date_ok(gdate, pred.get("date"), pred.get("date_end")),
        "location_ok": None if not gloc else location_ok(gloc, pred.get("location")),
        "modality_ok": None if not gold.get("modality") else gold["modality"] == pred.get("modality"),
        "mode_ok": None if not gold.get("mode") else gold["mode"] == pred.get("mode"),
    }


def _pair_score(flags: dict[str, bool | None]) -> float:
    return 1.0 + 0.5 * bool(flags["date_ok"]) + 0.5 * bool(flags["location_ok"]) \
        + 0.25 * bool(flags["modality_ok"])


def _party_names(ev: dict, key: str) -> list[str]:
    return [a.get("name") or a.get("text") or "?" for a in _actors(ev, key)]


@dataclass
class EventScore:
    """Event matching result for one file (or, summed, for many).

    ``pairs`` holds one dict per greedy pair (gold index/note, optional flag, pred index/id,
    score, and ``date_ok``/``location_ok``/``modality_ok``/``mode_ok`` each True/False/None);
    ``missed`` the required gold events left unpaired; ``spurious`` the unpaired predictions.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    optional_matched: int = 0
    date_n: int = 0
    date_ok: int = 0
    location_n: int = 0
    location_ok: int = 0
    modality_n: int = 0
    modality_ok: int = 0
    mode_n: int = 0
    mode_ok: int = 0
    pairs: list[dict] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted (outside optional matches)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when gold has no required event."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_acc(self) -> float | None:
        return self.date_ok / self.date_n if self.date_n else None

    @property
    def location_acc(self) -> float | None:
        return self.location_ok / self.location_n if self.location_n else None

    @property
    def modality_acc(self) -> float | None:
        return self.modality_ok / self.modality_n if self.modality_n else None

    @property
    def mode_acc(self) -> float | None:
        return self.mode_ok / self.mode_n if self.mode_n else None

    def add_counts(self, other: "EventScore") -> None:
        """Micro-average support: add another score's counts (not its detail)."""
        for k in ("tp", "fp", "fn", "optional_matched", "date_n", "date_ok", "location_n",
                  "location_ok", "modality_n", "modality_ok", "mode_n", "mode_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(precision=self.precision, recall=self.recall, f1=self.f1, date_acc=self.date_acc,
                 location_acc=self.location_acc, modality_acc=self.modality_acc,
                 mode_acc=self.mode_acc)
        return d


def score_events(pred: list[dict] | None, gold: list[dict] | None,
                 countries: CountryTable | None = None) -> EventScore:
    """Match predicted to gold events greedily, best first, and score them (SPEC section 4).

    Candidate (gold, pred) pairs are those passing :func:`events_match`; each scores 1 + 0.5
    right date + 0.5 right location + 0.25 right modality. Pairs are taken in order of score
    (ties: required gold before optional, then gold order, then prediction order); each gold
    and each prediction is used once. Required pairs are TPs; a prediction paired with an
    optional gold is neither TP nor FP; every unpaired prediction is an FP (so a second report
    of one gold event is an FP); unpaired required gold events are FNs. Attributes are scored
    over the required pairs.
    """
    table = countries if countries is not None else _default_countries()
    preds = [p for p in (pred or []) if isinstance(p, dict)]
    golds = [g for g in (gold or []) if isinstance(g, dict)]
    cands: list[tuple[float, int, int, int, dict]] = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if events_match(g, p, table):
                flags = _attribute_flags(g, p)
                cands.append((-_pair_score(flags), int(bool(g.get("optional"))), gi, pi, flags))
    cands.sort(key=lambda c: c[:4])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = EventScore()
    for neg, opt, gi, pi, flags in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = golds[gi], preds[pi]
        out.pairs.append({"gold_index": gi, "gold_note": g.get("note"), "optional": bool(opt),
                          "event": g.get("event"), "pred_index": pi, "pred_id": p.get("id"),
                          "pred_actors": _party_names(p, "actor"),
                          "pred_recipients": _party_names(p, "recipient"),
                          "score": -neg, **flags})
        if opt:
            out.optional_matched += 1
            continue
        out.tp += 1
        for attr in ("date", "location", "modality", "mode"):
            ok = flags[f"{attr}_ok"]
            if ok is not None:
                setattr(out, f"{attr}_n", getattr(out, f"{attr}_n") + 1)
                setattr(out, f"{attr}_ok", getattr(out, f"{attr}_ok") + int(ok))
    out.pairs.sort(key=lambda d: d["gold_index"])
    for gi, g in enumerate(golds):
        if gi not in used_g and not g.get("optional"):
            out.fn += 1
            out.missed.append({"gold_index": gi, "gold_note": g.get("note"), "event": g.get("event"),
                               "actors": _party_names(g, "actor"),
                               "recipients": _party_names(g, "recipient")})
    for pi, p in enumerate(preds):
        if pi not in used_p:
            out.fp += 1
            ev = p.get("evidence")
            out.spurious.append({"pred_index": pi, "pred_id": p.get("id"), "event": p.get("event"),
                                 "actors": _party_names(p, "actor"),
                                 "recipients": _party_names(p, "recipient"),
                                 "modality": p.get("modality"), "date": p.get("date"),
                                 "evidence": ev.get("sentence") if isinstance(ev, dict) else ev})
    return out


# ----------------------------------------------------------------------------- files


MENTION_KINDS = ("entities", "places", "dates")


@dataclass
class FileScore:
    """Everything scored for one gold file."""

    name: str
    checks: list[Check]
    mentions: dict[str, MentionScore]
    events: EventScore

    @property
    def checks_ok(self) -> int:
        return sum(c.ok for c in self.checks)

    def to_dict(self) -> dict:
        return {"name": self.name, "checks": [asdict(c) for c in self.checks],
                "checks_ok": self.checks_ok, "checks_total": len(self.checks),
                "mentions": {k: m.to_dict() for k, m in self.mentions.items()},
                "events": self.events.to_dict()}

    def lines(self, verbose: bool = False) -> list[str]:
        """Human-readable report lines (failed checks, mention recall, events; pairs with -v)."""
        e = self.events
        out = [f"{self.name}: checks {self.checks_ok}/{len(self.checks)}  "
               f"events P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f} "
               f"(tp={e.tp} fp={e.fp} fn={e.fn} optional={e.optional_matched})"]
        for c in self.checks:
            if not c.ok:
                out.append(f"  FAIL {c.name}: expected {c.expected!r} got {c.got!r}")
        for k, m in self.mentions.items():
            missing = [d["text"] for d in m.details if not d["found"] and not d["optional"]]
            out.append(f"  {k}: recall {m.found}/{m.total} attr {m.attr_ok}/{m.attr_total}"
                       + (f" sector {m.sector_ok}/{m.sector_total}" if k == "entities" else "")
                       + (f"  missing: {', '.join(missing)}" if missing else ""))
        if verbose:
            for p in e.pairs:
                flags = " ".join(f"{a}={_flag(p[a + '_ok'])}" for a in ("date", "location", "modality", "mode"))
                out.append(f"  MATCH{' (optional)' if p['optional'] else ''} gold#{p['gold_index']} "
                           f"[{p['gold_note']}] <- pred#{p['pred_index']} {p['event']} "
                           f"{'+'.join(p['pred_actors'])}->{'+'.join(p['pred_recipients'])} {flags}")
            for m in e.missed:
                out.append(f"  MISS gold#{m['gold_index']} {m['event']} [{m['gold_note']}]")
            for s in e.spurious:
                out.append(f"  FP pred#{s['pred_index']} {s['event']} {'+'.join(s['actors'])}->"
                           f"{'+'.join(s['recipients'])} {s['modality']} {s['date']}: {_short(s['evidence'], 100)}")
        return out


def _flag(v: bool | None) -> str:
    return "-" if v is None else ("ok" if v else "WRONG")


def score_file(pred_obj: dict | None, gold_obj: dict, name: str = "",
               countries: CountryTable | None = None) -> FileScore:
    """Score one predicted output object against one gold object (article, mentions, events)."""
    pred = pred_obj or {}
    checks = check_article(pred.get("article"), gold_obj.get("article") or {})
    mentions = {k: score_mentions(k, pred.get(k), gold_obj.get(k))
                for k in MENTION_KINDS if k in gold_obj}
    events = score_events(pred.get("events"), gold_obj.get("events"), countries)
    return FileScore(name or str(gold_obj.get("input", "")), checks, mentions, events)


@dataclass
class Aggregate:
    """Micro-averaged totals over files."""

    files: int
    events: EventScore
    checks_ok: int
    checks_total: int
    mentions: dict[str, MentionScore]

    def summary_line(self) -> str:
        """``events_f1=… precision=… recall=… date_acc=… location_acc=… modality_acc=… mode_acc=…``
        with 3 decimals (an accuracy with no pairs prints ``nan``)."""
        e = self.events
        vals = [("events_f1", e.f1), ("precision", e.precision), ("recall", e.recall),
                ("date_acc", e.date_acc), ("location_acc", e.location_acc),
                ("modality_acc", e.modality_acc), ("mode_acc", e.mode_acc)]
        return " ".join(f"{k}={_fmt(v)}" for k, v in vals)

    def to_dict(self) -> dict:
        e = self.events
        return {"files": self.files, "events_f1": e.f1, "precision": e.precision, "recall": e.recall,
                "tp": e.tp, "fp": e.fp, "fn": e.fn, "optional_matched": e.optional_matched,
                "date_acc": e.date_acc, "location_acc": e.location_acc,
                "modality_acc": e.modality_acc, "mode_acc": e.mode_acc,
                "checks_ok": self.checks_ok, "checks_total": self.checks_total,
                "mentions": {k: {"recall": m.recall, "found": m.found, "total": m.total,
                                 "attr_acc": m.attr_acc, "sector_acc": m.sector_acc}
                             for k, m in self.mentions.items()}}


def _fmt(v: float | None) -> str:
    return "nan" if v is None else f"{v:.3f}"


def aggregate(scores: list[FileScore]) -> Aggregate:
    """Micro-average events P/R/F1 and attribute accuracies (and mention counts) across files."""
    ev = EventScore()
    mentions = {k: MentionScore(k) for k in MENTION_KINDS}
    ok = total = 0
    for s in scores:
        ev.add_counts(s.events)
        ok += s.checks_ok
        total += len(s.checks)
        for k, m in s.mentions.items():
            agg = mentions.setdefault(k, MentionScore(k))
            for f in ("total", "found", "optional_total", "optional_found", "attr_total", "attr_ok",
                      "sector_total", "sector_ok"):
                setattr(agg, f, getattr(agg, f) + getattr(m, f))
    return Aggregate(len(scores), ev, ok, total, mentions)


def load_gold(path: str | os.PathLike) -> tuple[dict, Path]:
    """Read a gold file; return it and its article's path (``input`` is relative to the gold
    file's folder). Raises :class:`InputError` when unreadable, not JSON or without ``input``."""
    p = Path(path)
    try:
        obj = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(p), "unreadable", str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(p), "bad-json", str(exc)) from exc
    if not isinstance(obj, dict) or not obj.get("input"):
        raise InputError(str(p), "bad-json", "gold file has no 'input'")
    return obj, Path(os.path.normpath(p.parent / obj["input"]))
