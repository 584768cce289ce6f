"""``dateline evaluate timex``: TempEval-3 scoring of the dates finder on TimeML files.

Input: a folder of TimeML ``.tml`` files (TimeBank / AQUAINT as in the TempEval-3 training
release). The text scored is the content of ``<TEXT>`` with the tags removed and entities
unescaped; the gold timexes are the ``TIMEX3`` tags inside it (empty ones skipped); the anchor
is the value of the timex with ``functionInDocument="CREATION_TIME"`` (the DCT).

Metrics (TempEval-3, Uzzaman et al. 2013):

* strict extent P/R/F1: a system span matches a gold span with the same offsets;
* relaxed extent P/R/F1: spans overlap (one-to-one, greedy in text order);
* value accuracy: share of relaxed matches whose normalised value equals the gold ``value``;
* value F1 = relaxed F1 x value accuracy (the TempEval-3 "value" score for one-to-one matches).

Scope: dateline only produces calendar dates (day, week, month, year, decade), so the headline
numbers are computed on ``type="DATE"`` gold timexes; a system mention that overlaps a gold
timex of another type (TIME, DURATION, SET) is ignored there -- neither a hit nor a false
alarm. Extent numbers over all types are reported too (``all_*``).

Normalisation of system values to TimeML: day "YYYY-MM-DD", month "YYYY-MM", year "YYYY",
decade "YYY", week -> ISO week "YYYY-Www" of the week's Monday. dateparser's baseline
(``search_dates`` with ``RELATIVE_BASE`` = DCT) is put through the same rules, its
granularity read from the words of the matched text (:func:`text_period`).
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from ..dates.timex import find_dates, parse_anchor


@dataclass(frozen=True)
class Timex:
    """One time expression: character span in the document text, TimeML type and value."""

    start: int
    end: int
    text: str
    type: str = "DATE"
    value: Optional[str] = None


@dataclass
class TimeMLDoc:
    """A TimeML document: plain text, its gold timexes and the creation time."""

    name: str
    text: str
    dct: Optional[date]
    timexes: list[Timex]


_TAG = re.compile(r"<[^>]+>|[^<]+")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_tml(path: str | Path) -> TimeMLDoc:
    """Parse one ``.tml`` file: text of ``<TEXT>`` without tags, gold TIMEX3 spans in it."""
    raw = Path(path).read_text(encoding="utf-8", errors="replace")
    dct: Optional[date] = None
    m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if m:
        attrs = dict(_ATTR.findall(m.group(0)))
        dct = parse_anchor((attrs.get("value") or "")[:10])
    body_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    inner = body_m.group(1) if body_m else ""
    parts: list[str] = []
    pos = 0
    open_tx: Optional[tuple[int, dict]] = None
    timexes: list[Timex] = []
    for tok in _TAG.findall(inner):
        if tok.startswith("<"):
            if tok.startswith("<TIMEX3"):
                open_tx = (pos, dict(_ATTR.findall(tok)))
            elif tok.startswith("</TIMEX3") and open_tx is not None:
                start, attrs = open_tx
                open_tx = None
                if pos > start:
                    text = "".join(parts)[start:pos]
                    timexes.append(Timex(start, pos, text, attrs.get("type", "DATE"),
                                         attrs.get("value")))
            continue
        piece = html.unescape(tok)
        parts.append(piece)
        pos += len(piece)
    return TimeMLDoc(Path(path).stem, "".join(parts), dct, timexes)


def read_dir(directory: str | Path, limit: Optional[int] = None) -> list[TimeMLDoc]:
    """All ``*.tml`` files under a folder (recursively, sorted by path)."""
    paths = sorted(Path(directory).rglob("*.tml"))
    if limit:
        paths = paths[:limit]
    return [read_tml(p) for p in paths]


# -- normalisation ----------------------------------------------------------------------------

def timeml_value(value: Optional[str], granularity: Optional[str]) -> Optional[str]:
    """A dateline date value in TimeML form (weeks, quarters, halves, seasons): the stage's own
    conversion, :func:`dateline.dates.timex.timeml_value`."""
    from ..dates.timex import timeml_value as stage_timeml_value

    return stage_timeml_value(value, granularity)


_WEEK = re.compile(r"^(\d{4})-W(\d)$")
_UNSPEC = re.compile(r"(?:-XX)+$")
_PART_OF_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)T(?:MO|AF|EV|NI|DT)$")


def normalise_value(value: Optional[str]) -> str:
    """A TimeML value reduced to what a calendar-date finder can say: upper case, trailing
    unspecified parts dropped ("1968-XX" -> "1968"), weeks zero-padded ("2000-W7" ->
    "2000-W07"), a part of day dropped ("2000-01-05TEV" -> "2000-01-05"). Applied to gold and
    system values alike (``value_acc_exact`` compares the raw strings)."""
    v = (value or "").strip().upper()
    m = _PART_OF_DAY.match(v)
    if m:
        v = m.group(1)
    v = _UNSPEC.sub("", v)
    m = _WEEK.match(v)
    if m:
        v = f"{m.group(1)}-W0{m.group(2)}"
    return v


def dateparser_value(dt: datetime, period: Optional[str]) -> str:
    """A dateparser result at the granularity it reports (day for time-of-day)."""
    if period == "year":
        return f"{dt.year:04d}"
    if period == "month":
        return f"{dt.year:04d}-{dt.month:02d}"
    if period == "week":
        y, w, _ = dt.date().isocalendar()
        return f"{y:04d}-W{w:02d}"
    return dt.date().isoformat()


System = Callable[[TimeMLDoc], list[Timex]]


def dateline_system(doc: TimeMLDoc) -> list[Timex]:
    """dateline's rule finder (surface tense cues; no parse) anchored on the DCT."""
    return [Timex(m.start, m.end, m.text, "DATE", timeml_value(m.value, m.granularity))
            for m in find_dates(doc.text, doc.dct, "body")]


def make_parsed_dateline_system(nlp: Any) -> System:
    """dateline as the dates stage runs it: the clause tense read from a spaCy parse."""
    from ..stages.dates import spacy_tense

    def run(doc: TimeMLDoc) -> list[Timex]:
        tense = spacy_tense(nlp(doc.text))
        return [Timex(m.start, m.end, m.text, "DATE", timeml_value(m.value, m.granularity))
                for m in find_dates(doc.text, doc.dct, "body", tense)]

    return run


_DAYISH = re.compile(r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
                     r"yesterday|tomorrow|tonight|days?\b|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})")
_MONTH_WORD = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?")
_DAY_NUM = re.compile(r"(?<![\d,])\b(?:[12]?\d|3[01])(?:st|nd|rd|th)?\b(?![\d,])")


def text_period(text: str) -> str:
    """Granularity a date phrase states, by its words: a weekday, a deictic day, "N days"
    or a month with a day number -> day; "week" -> week; a month (name or word) -> month;
    a year or "year" -> year; else day. (dateparser reports the granularity it parsed,
    not what the text says: "in 1995" comes back as a full date.)"""
    if _DAYISH.search(text):
        return "day"
    if _MONTH_WORD.search(text) and _DAY_NUM.search(_MONTH_WORD.sub(" ", text)):
        return "day"
    low = text.lower()
    if "week" in low:
        return "week"
    if _MONTH_WORD.search(text) or "month" in low:
        return "month"
    if re.search(r"\b\d{4}\b", text) or "year" in low:
        return "year"
    return "day"


def make_dateparser_system() -> System:
    """dateparser's ``search_dates`` anchored on the DCT, spans found left to right; the
    granularity of each hit is read from its words (:func:`text_period`)."""
    from dateparser.search import search_dates

    def run(doc: TimeMLDoc) -> list[Timex]:
        base = datetime.combine(doc.dct or date(2000, 1, 1), datetime.min.time())
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period",
                    "RETURN_AS_TIMEZONE_AWARE": False}
        out: list[Timex] = []
        # paragraph by paragraph: faster, and offsets are easy to recover
        offset = 0
        for para in doc.text.split("\n"):
            if para.strip():
                try:
                    found = search_dates(para, languages=["en"], settings=settings) or []
                except Exception:  # dateparser raises on some odd inputs; count as nothing
                    found = []
                cursor = 0
                for text, dt in found:
                    i = para.find(text, cursor)
                    if i < 0:
                        continue
                    cursor = i + len(text)
                    out.append(Timex(offset + i, offset + i + len(text), text, "DATE",
                                     dateparser_value(dt, text_period(text))))
            offset += len(para) + 1
        return out

    return run


# -- scoring ----------------------------------------------------------------------------------

def _overlap(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def match(gold: list[Timex], pred: list[Timex], strict: bool) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs (gold, pred): equal spans (strict) or overlapping spans (relaxed),
    greedily in text order (for relaxed, the largest overlap first per gold timex)."""
    used: set[int] = set()
    pairs: list[tuple[Timex, Timex]] = []
    for g in sorted(gold, key=lambda t: t.start):
        best, best_ov = None, 0
        for j, p in enumerate(pred):
            if j in used:
                continue
            if strict:
                if p.start == g.start and p.end == g.end:
                    best = j
                    break
            elif _overlap(g, p):
                ov = min(g.end, p.end) - max(g.start, p.start)
                if ov > best_ov:
                    best, best_ov = j, ov
        if best is not None:
            used.add(best)
            pairs.append((g, pred[best]))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class TimexScore:
    """Counts accumulated over documents; properties give the TempEval-3 measures."""

    n_gold: int = 0
    n_pred: int = 0
    strict_tp: int = 0
    relaxed_tp: int = 0
    value_ok: int = 0
    value_exact: int = 0
    all_gold: int = 0
    all_pred: int = 0
    all_strict_tp: int = 0
    all_relaxed_tp: int = 0
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    def add(self, doc: TimeMLDoc, pred: list[Timex], keep_errors: bool = False) -> None:
        """Score one document's system timexes against its gold."""
        gold_all = doc.timexes
        self.all_gold += len(gold_all)
        self.all_pred += len(pred)
        self.all_strict_tp += len(match(gold_all, pred, True))
        self.all_relaxed_tp += len(match(gold_all, pred, False))
        gold = [g for g in gold_all if g.type == "DATE"]
        other = [g for g in gold_all if g.type != "DATE"]
        # a prediction overlapping only a non-DATE gold timex is out of scope
        scoped = [p for p in pred
                  if any(_overlap(p, g) for g in gold) or not any(_overlap(p, o) for o in other)]
        self.n_gold += len(gold)
        self.n_pred += len(scoped)
        self.strict_tp += len(match(gold, scoped, True))
        pairs = match(gold, scoped, False)
        self.relaxed_tp += len(pairs)
        for g, p in pairs:
            ok = normalise_value(p.value) == normalise_value(g.value)
            self.value_ok += ok
            self.value_exact += (p.value or "") == (g.value or "")
            if keep_errors and not ok:
                self.errors.append({"doc": doc.name, "kind": "value", "gold": g.text,
                                    "gold_value": g.value, "pred": p.text, "pred_value": p.value})
        if keep_errors:
            hit_g = {(g.start, g.end) for g, _ in pairs}
            hit_p = {(p.start, p.end) for _, p in pairs}
            for g in gold:
                if (g.start, g.end) not in hit_g:
                    self.errors.append({"doc": doc.name, "kind": "missed", "gold": g.text,
                                        "gold_value": g.value})
            for p in scoped:
                if (p.start, p.end) not in hit_p:
                    self.errors.append({"doc": doc.name, "kind": "spurious", "pred": p.text,
                                        "pred_value": p.value})

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.relaxed_tp if self.relaxed_tp else 0.0

    def to_dict(self) -> dict:
        """All measures as a flat dict (rounded to 4 places)."""
        sp, sr, sf = prf(self.strict_tp, self.n_pred, self.n_gold)
        rp, rr, rf = prf(self.relaxed_tp, self.n_pred, self.n_gold)
        asp, asr, asf = prf(self.all_strict_tp, self.all_pred, self.all_gold)
        arp, arr, arf = prf(self.all_relaxed_tp, self.all_pred, self.all_gold)
        out = {
            "gold": self.n_gold, "pred": self.n_pred,
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "value_acc": self.value_accuracy, "value_f1": rf * self.value_accuracy,
            "value_acc_exact": self.value_exact / self.relaxed_tp if self.relaxed_tp else 0.0,
            "all_gold": self.all_gold, "all_pred": self.all_pred,
            "all_strict_f1": asf, "all_relaxed_f1": arf,
            "all_strict_p": asp, "all_strict_r": asr, "all_relaxed_p": arp, "all_relaxed_r": arr,
            "seconds": self.seconds,
        }
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def score_system(docs: Iterable[TimeMLDoc], system: System, keep_errors: bool = False) -> TimexScore:
    """Run a system over documents and accumulate its :class:`TimexScore` (with timing)."""
    score = TimexScore()
    t0 = time.perf_counter()
    for doc in docs:
        score.add(doc, system(doc), keep_errors)
    score.seconds = time.perf_counter() - t0
    return score


def evaluate_timex(directory: str | Path, limit: Optional[int] = None, baseline: bool = True,
                   keep_errors: bool = False, nlp: Any = None) -> dict:
    """Score dateline (and dateparser unless ``baseline`` is False) on a TimeML folder.

    With a spaCy pipeline ``nlp`` dateline reads the clause tense from its parse, as the dates
    stage does; "dateline_surface" (surface tense cues only) is scored as well."""
    docs = read_dir(directory, limit)
    report: dict = {"docs": len(docs), "scope": "DATE timexes (all_* = every TIMEX3 type)",
                    "tense": "spacy parse" if nlp is not None else "surface cues"}
    systems: dict[str, System] = {"dateline": dateline_system}
    if nlp is not None:
        systems = {"dateline": make_parsed_dateline_system(nlp), "dateline_surface": dateline_system}
    if baseline:
        systems["dateparser"] = make_dateparser_system()
    for name, system in systems.items():
        sc = score_system(docs, system, keep_errors)
        report[name] = sc.to_dict()
        if keep_errors:
            report[name + "_errors"] = sc.errors
    return report


def summary_line(report: dict) -> str:
    """The final ``name=value`` line of the command."""
    d = report["dateline"]
    parts = [f"docs={report['docs']}"]
    for k in ("strict_f1", "relaxed_f1", "value_acc", "value_f1", "all_relaxed_f1", "seconds"):
        parts.append(f"{k}={d[k]}")
    if "dateparser" in report:
        b = report["dateparser"]
        for k in ("relaxed_f1", "value_acc", "value_f1", "seconds"):
            parts.append(f"dateparser_{k}={b[k]}")
    return " ".join(parts)
