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

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..refdata.countries import CountryTable
from .event_match import (  # noqa: F401 - re-exported: the scorer's public names
    VARIANTS,
    EventScore,
    actors_agree,
    as_prediction,
    events_match,
    score_events,
    score_variants,
)
from .gold_norm import (  # noqa: F401 - re-exported
    _DAY,
    _MONTH,
    _YEAR,
    PLACE_KM,
    date_interval,
    date_ok,
    haversine_km,
    location_ok,
    loose_norm,
    mention_key,
    textnorm,
)

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


# ----------------------------------------------------------------------------- files


MENTION_KINDS = ("entities", "places", "dates")


@dataclass
class FileScore:
    """Everything scored for one gold file.

    ``events`` is the variant the report leads with (the main one, or the strict one when
    asked); ``variants`` holds all of :data:`VARIANTS` (main, strict, type-only, optional
    counted as required).
    """

    name: str
    checks: list[Check]
    mentions: dict[str, MentionScore]
    events: EventScore
    variants: dict[str, EventScore] = field(default_factory=dict)

    @property
    def checks_ok(self) -> int:
        return sum(c.ok for c in self.checks)

    def to_dict(self) -> dict:
        return {"name": self.name, "checks": [asdict(c) for c in self.checks],
                "checks_ok": self.checks_ok, "checks_total": len(self.checks),
                "mentions": {k: m.to_dict() for k, m in self.mentions.items()},
                "events": self.events.to_dict(),
                "variants": {k: {"tp": v.tp, "fp": v.fp, "fn": v.fn, "f1": v.f1}
                             for k, v in self.variants.items()}}

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
               countries: CountryTable | None = None, *, strict: bool = False) -> FileScore:
    """Score one predicted output object against one gold object (article, mentions, events).

    ``strict`` makes the strict variant the one the file's lines report."""
    pred = pred_obj or {}
    checks = check_article(pred.get("article"), gold_obj.get("article") or {})
    mentions = {k: score_mentions(k, pred.get(k), gold_obj.get(k))
                for k in MENTION_KINDS if k in gold_obj}
    variants = score_variants(pred.get("events"), gold_obj.get("events"), countries)
    return FileScore(name or str(gold_obj.get("input", "")), checks, mentions,
                     variants["strict" if strict else "main"], variants)


@dataclass
class Aggregate:
    """Micro-averaged totals over files: counts summed over files, then divided."""

    files: int
    events: EventScore
    checks_ok: int
    checks_total: int
    mentions: dict[str, MentionScore]
    variants: dict[str, EventScore] = field(default_factory=dict)

    def _figures(self) -> list[tuple[str, float | None]]:
        e = self.events
        vals: list[tuple[str, float | None]] = [
            ("events_f1", e.f1), ("precision", e.precision), ("recall", e.recall)]
        if self.variants:
            s, t, a = self.variants["strict"], self.variants["type"], self.variants["all"]
            vals += [("strict_f1", s.f1), ("strict_precision", s.precision),
                     ("strict_recall", s.recall), ("party_precision", e.party_precision),
                     ("type_f1", t.f1), ("f1_optional_required", a.f1)]
        vals += [("date_acc", e.date_acc), ("location_acc", e.location_acc),
                 ("modality_acc", e.modality_acc), ("mode_acc", e.mode_acc)]
        return vals

    def summary_line(self) -> str:
        """``events_f1=… precision=… recall=… strict_f1=… strict_precision=… strict_recall=…
        party_precision=… type_f1=… f1_optional_required=… date_acc=… location_acc=…
        modality_acc=… mode_acc=…`` with 3 decimals (a figure with no support prints ``nan``)."""
        return " ".join(f"{k}={_fmt(v)}" for k, v in self._figures())

    def to_dict(self) -> dict:
        e = self.events
        out: dict[str, Any] = {"files": self.files, "tp": e.tp, "fp": e.fp, "fn": e.fn,
                               "optional_matched": e.optional_matched}
        out.update(dict(self._figures()))
        out.update({"checks_ok": self.checks_ok, "checks_total": self.checks_total,
                    "mentions": {k: {"recall": m.recall, "found": m.found, "total": m.total,
                                     "attr_acc": m.attr_acc, "sector_acc": m.sector_acc}
                                 for k, m in self.mentions.items()}})
        return out


def _fmt(v: float | None) -> str:
    return "nan" if v is None else f"{v:.3f}"


def aggregate(scores: list[FileScore]) -> Aggregate:
    """Micro-average events P/R/F1, attribute accuracies and mention counts across files."""
    ev = EventScore()
    variants = {k: EventScore() for k in VARIANTS}
    mentions = {k: MentionScore(k) for k in MENTION_KINDS}
    ok = total = 0
    for s in scores:
        ev.add_counts(s.events)
        for k, v in s.variants.items():
            variants[k].add_counts(v)
        ok += s.checks_ok
        total += len(s.checks)
        for k, m in s.mentions.items():
            agg = mentions.setdefault(k, MentionScore(k))
            for f in ("total", "found", "optional_total", "optional_found", "attr_total", "attr_ok",
                      "sector_total", "sector_ok"):
                setattr(agg, f, getattr(agg, f) + getattr(m, f))
    has_variants = all(s.variants for s in scores) and bool(scores)
    return Aggregate(len(scores), ev, ok, total, mentions, variants if has_variants else {})


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
