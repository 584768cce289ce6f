"""Event matching and scoring of SPEC section 4.

A predicted event can match a gold event when the types are equal and the parties agree *in
their roles*: when gold has a recipient, some gold actor agrees with some predicted actor and
some gold recipient with some predicted recipient; when gold has none (a reciprocal act), some
gold actor agrees with some predicted actor or recipient. :func:`actors_agree` holds the four
agreement rules; the **strict** variant drops the second (country-and-sector code alone).

Pairs are taken greedily, best first (1 for the match, +0.5 right date, +0.5 right location,
+0.25 right modality; ties: required gold before optional, lower gold index, lower prediction
index). Beside P/R/F1: **party precision** (of the parties of matched predictions, the share
agreeing with some party of their gold event), **type-only F1** (the same greedy matching by
type alone), and F1 with optional gold events counted as required.

Pure functions over dicts; the country table is the only data it reads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, field
from typing import Callable

from ..refdata.countries import CountryTable, load_countries
from .gold_norm import date_ok, location_ok, strip_diacritics, textnorm

Match = Callable[[dict, dict], bool]

# lower-case words a proper name may contain ("Bank of England", "Ahmed al-Sharaa")
_NAME_PARTICLES = frozenset("of the for and de la le du da di del dos das von van der den al el bin "
                            "ibn bint y e".split())
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=1)
def default_countries() -> CountryTable:
    return load_countries()


def _names(actor: dict) -> list[str]:
    return [str(actor[k]) for k in ("name", "text") if actor.get(k)]


def is_proper_name(raw: str) -> bool:
    """Capitalised and of more than three letters: every word but name particles ("of", "al",
    "the") starts with a capital letter or a digit, and one does ("al-Sharaa", "Bank of
    England"); "government" and "the army" are not."""
    words = [w for w in _WORD.findall(strip_diacritics(raw)) if w.lower() not in _NAME_PARTICLES]
    if not words or sum(c.isalpha() for c in raw) <= 3:
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in words)


def _word_run(short: str, long: str) -> bool:
    """``short``'s words are a contiguous run of whole words of ``long`` (after textnorm)."""
    s = textnorm(short).split(" ")
    lw = textnorm(long).split(" ")
    if not s or len(s) >= len(lw):
        return False
    return any(lw[i:i + len(s)] == s for i in range(len(lw) - len(s) + 1))


def _gold_country(gold: dict, countries: CountryTable):
    for raw in _names(gold):
        c = countries.lookup_name(raw)
        if c is not None:
            return c
    return None


def actors_agree(gold: dict, pred: dict, countries: CountryTable | None = None, *,
                 strict: bool = False) -> bool:
    """SPEC section 4 agreement of a gold and a predicted party.

    1. equal ``name`` or ``text`` (any against any, by :func:`textnorm`), or equal ``wikidata``;
    2. (not in the strict variant) both give a country and a sector, and both are equal;
    3. the gold party is a country (its name is a country's name) and the prediction has that
       country with sector GOV, no sector, or the gold party's sector;
    4. one name is a run of whole words of the other and the shorter is a proper name of more
       than three letters ("Ramaphosa" ~ "Cyril Ramaphosa"); never for a gold country.
    """
    table = countries if countries is not None else default_countries()
    gnames, pnames = _names(gold), _names(pred)
    if {textnorm(n) for n in gnames} & {textnorm(n) for n in pnames} - {""}:
        return True
    if gold.get("wikidata") and gold.get("wikidata") == pred.get("wikidata"):
        return True
    if (not strict and gold.get("country") and gold.get("sector")
            and gold.get("country") == pred.get("country") and gold.get("sector") == pred.get("sector")):
        return True
    country = _gold_country(gold, table)
    if country is not None:
        return pred.get("country") == country.iso3 and pred.get("sector") in (None, "", "GOV", gold.get("sector"))
    for g in gnames:
        for p in pnames:
            short, long = (g, p) if len(textnorm(g)) < len(textnorm(p)) else (p, g)
            if is_proper_name(short) and _word_run(short, long):
                return True
    return False


def _parties(ev: dict, key: str) -> list[dict]:
    return [a for a in (ev.get(key) or []) if isinstance(a, dict)]


def events_match(gold: dict, pred: dict, countries: CountryTable | None = None, *,
                 strict: bool = False) -> bool:
    """Types equal and parties agreeing in their roles (SPEC section 4)."""
    if str(gold.get("event") or "").upper() != str(pred.get("event") or "").upper():
        return False
    table = countries if countries is not None else default_countries()

    def agree(g: dict, p: dict) -> bool:
        return actors_agree(g, p, table, strict=strict)

    g_act, g_rec = _parties(gold, "actor"), _parties(gold, "recipient")
    p_act, p_rec = _parties(pred, "actor"), _parties(pred, "recipient")
    if g_rec:
        return (any(agree(g, p) for g in g_act for p in p_act)
                and any(agree(g, p) for g in g_rec for p in p_rec))
    return any(agree(g, p) for g in g_act for p in p_act + p_rec)


def types_match(gold: dict, pred: dict) -> bool:
    """The type-only matching: event types equal."""
    return str(gold.get("event") or "").upper() == str(pred.get("event") or "").upper()


def attribute_flags(gold: dict, pred: dict) -> dict[str, bool | None]:
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


def party_names(ev: dict, key: str) -> list[str]:
    return [a.get("name") or a.get("text") or "?" for a in _parties(ev, key)]


_COUNTS = ("tp", "fp", "fn", "optional_matched", "date_n", "date_ok", "location_n", "location_ok",
           "modality_n", "modality_ok", "mode_n", "mode_ok", "party_n", "party_ok")


@dataclass
class EventScore:
    """Event matching result for one file (or, summed, for many).

    ``pairs`` holds one dict per greedy pair (gold index/note, optional flag, pred index/id,
    score, and ``date_ok``/``location_ok``/``modality_ok``/``mode_ok`` each True/False/None);
    ``missed`` the required gold events left unpaired; ``spurious`` the unpaired predictions.
    ``party_n``/``party_ok`` count the parties of predictions matched to required gold events
    and those agreeing with some party of their gold event.
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
    party_n: int = 0
    party_ok: int = 0
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

    def _acc(self, attr: str) -> float | None:
        n = getattr(self, f"{attr}_n")
        return getattr(self, f"{attr}_ok") / n if n else None

    @property
    def date_acc(self) -> float | None:
        return self._acc("date")

    @property
    def location_acc(self) -> float | None:
        return self._acc("location")

    @property
    def modality_acc(self) -> float | None:
        return self._acc("modality")

    @property
    def mode_acc(self) -> float | None:
        return self._acc("mode")

    @property
    def party_precision(self) -> float | None:
        return self._acc("party")

    def add_counts(self, other: "EventScore") -> None:
        """Micro-average support: add another score's counts (not its detail)."""
        for k in _COUNTS:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(precision=self.precision, recall=self.recall, f1=self.f1, date_acc=self.date_acc,
                 location_acc=self.location_acc, modality_acc=self.modality_acc,
                 mode_acc=self.mode_acc, party_precision=self.party_precision)
        return d


def greedy_pairs(golds: list[dict], preds: list[dict], match: Match) -> list[tuple[int, int, dict]]:
    """The greedy best-first pairing of SPEC section 4: (gold index, pred index, flags)."""
    cands: list[tuple[float, int, int, int, dict]] = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if match(g, p):
                flags = attribute_flags(g, p)
                cands.append((-_pair_score(flags), int(bool(g.get("optional"))), gi, pi, flags))
    cands.sort(key=lambda c: c[:4])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _neg, _opt, gi, pi, flags in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, flags))
    return out


def score_events(pred: list[dict] | None, gold: list[dict] | None,
                 countries: CountryTable | None = None, *, strict: bool = False,
                 match: Match | None = None) -> EventScore:
    """Match predicted to gold events greedily and score them (SPEC section 4).

    Required pairs are TPs; a prediction paired with an optional gold is neither TP nor FP;
    every unpaired prediction is an FP (so a second report of one gold event is an FP);
    unpaired required gold events are FNs. Attributes and party precision are scored over the
    required pairs. ``match`` replaces the type-and-parties test (type-only F1 passes
    :func:`types_match`).
    """
    table = countries if countries is not None else default_countries()
    preds = [p for p in (pred or []) if isinstance(p, dict)]
    golds = [g for g in (gold or []) if isinstance(g, dict)]
    if match is None:
        def match(g: dict, p: dict) -> bool:
            return events_match(g, p, table, strict=strict)
    out = EventScore()
    used_g, used_p = set(), set()
    for gi, pi, flags in greedy_pairs(golds, preds, match):
        used_g.add(gi)
        used_p.add(pi)
        g, p = golds[gi], preds[pi]
        opt = bool(g.get("optional"))
        out.pairs.append({"gold_index": gi, "gold_note": g.get("note"), "optional": opt,
                          "event": g.get("event"), "pred_index": pi, "pred_id": p.get("id"),
                          "pred_actors": party_names(p, "actor"),
                          "pred_recipients": party_names(p, "recipient"),
                          "score": _pair_score(flags), **flags})
        if opt:
            out.optional_matched += 1
            continue
        out.tp += 1
        for attr in ("date", "location", "modality", "mode"):
            ok = flags[f"{attr}_ok"]
            if ok is not None:
                setattr(out, f"{attr}_n", getattr(out, f"{attr}_n") + 1)
                setattr(out, f"{attr}_ok", getattr(out, f"{attr}_ok") + int(ok))
        gparties = _parties(g, "actor") + _parties(g, "recipient")
        for party in _parties(p, "actor") + _parties(p, "recipient"):
            out.party_n += 1
            out.party_ok += int(any(actors_agree(gp, party, table, strict=strict) for gp in gparties))
    out.pairs.sort(key=lambda d: d["gold_index"])
    for gi, g in enumerate(golds):
        if gi not in used_g and not g.get("optional"):
            out.fn += 1
            out.missed.append({"gold_index": gi, "gold_note": g.get("note"), "event": g.get("event"),
                               "actors": party_names(g, "actor"),
                               "recipients": party_names(g, "recipient")})
    for pi, p in enumerate(preds):
        if pi not in used_p:
            out.fp += 1
            ev = p.get("evidence")
            out.spurious.append({"pred_index": pi, "pred_id": p.get("id"), "event": p.get("event"),
                                 "actors": party_names(p, "actor"),
                                 "recipients": party_names(p, "recipient"),
                                 "modality": p.get("modality"), "date": p.get("date"),
                                 "evidence": ev.get("sentence") if isinstance(ev, dict) else ev})
    return out


VARIANTS = ("main", "strict", "type", "all")


def score_variants(pred: list[dict] | None, gold: list[dict] | None,
                   countries: CountryTable | None = None) -> dict[str, EventScore]:
    """Every figure section 4 reports for one file: ``main``, ``strict``, ``type`` (type-only
    matching) and ``all`` (optional gold events counted as required)."""
    table = countries if countries is not None else default_countries()
    required = [{**g, "optional": False} for g in (gold or []) if isinstance(g, dict)]
    return {
        "main": score_events(pred, gold, table),
        "strict": score_events(pred, gold, table, strict=True),
        "type": score_events(pred, gold, table, match=types_match),
        "all": score_events(pred, required, table),
    }


def as_prediction(gold_event: dict) -> dict:
    """A gold event in the shape of a prediction (a ``[lo, hi]`` date becomes date..date_end),
    so that two annotations can be scored against each other."""
    ev = dict(gold_event)
    d = ev.get("date")
    if isinstance(d, (list, tuple)):
        ev["date"], ev["date_end"] = (d[0], d[-1]) if d else (None, None)
    ev.pop("optional", None)
    return ev
