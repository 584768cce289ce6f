"""Sentence-level scoring of an event coder on the shared sentence sets.

Two readers, one scorer:

* :func:`read_plover_gsr` reads ``data/plover/plover_gsr.jsonl`` (PLOVER gold-standard records;
  field ``plover`` is the event type). Old PLOVER names are mapped per SPEC section 2
  (DEMAND->REQUEST, DISAPPROVE->ACCUSE, INVESTIGATE->ACCUSE, FIGHT->ASSAULT); a name outside the
  16 types of the current manual is skipped and counted.
* :func:`read_conflibert` reads ``data/cameo-sentences/conflibert_*.jsonl`` (field
  ``penta_class`` 0..4; rows without one are skipped and counted).
* :func:`score_sentences` runs a coder ``code(sentence_text) -> list[event dicts]`` on every item
  and returns type accuracy, type macro-F1 and confusion (items with a PLOVER type) and
  five-class accuracy / macro-F1 / confusion (every item). A sentence with several events takes
  the first event in the coder's order; one with none predicts ``NONE`` / class 0.

Penta classes: 0 = no event (CAMEO 01 statement / 02 appeal have no PLOVER event);
1 = AGREE, CONSULT, SUPPORT; 2 = COOPERATE, AID, CONCEDE, RETREAT; 3 = ACCUSE, REQUEST, REJECT,
THREATEN, SANCTION; 4 = PROTEST, MOBILIZE, COERCE, ASSAULT.

Macro-F1 is the mean of per-class F1 over the classes that occur in the gold labels (a class
the coder predicts but gold never has lowers other classes' precision only).
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
)
OLD_NAMES: dict[str, str] = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
}
PENTA: dict[str, int] = {
    **{t: 1 for t in ("AGREE", "CONSULT", "SUPPORT")},
    **{t: 2 for t in ("COOPERATE", "AID", "CONCEDE", "RETREAT")},
    **{t: 3 for t in ("ACCUSE", "REQUEST", "REJECT", "THREATEN", "SANCTION")},
    **{t: 4 for t in ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT")},
}
NONE = "NONE"

Coder = Callable[[str], list[dict]]


def canonical_type(name: str | None) -> str | None:
    """Upper-case PLOVER type with old names mapped; None when outside the 16 types."""
    if not name:
        return None
    t = str(name).strip().upper()
    t = OLD_NAMES.get(t, t)
    return t if t in PENTA else None


def penta_of(event_type: str | None) -> int:
    """Penta class of a PLOVER type (0 for none or an unknown name)."""
    return PENTA.get(canonical_type(event_type) or "", 0)


@dataclass
class SentenceItem:
    """One gold sentence: ``label`` is a PLOVER type (or None), ``penta`` a class 0..4."""

    id: str
    text: str
    label: str | None
    penta: int | None


def _read_jsonl(path: str | os.PathLike) -> Iterable[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def read_plover_gsr(path: str | os.PathLike) -> tuple[list[SentenceItem], Counter]:
    """Items of ``plover_gsr.jsonl`` and a Counter of skipped type names (outside the 16)."""
    items: list[SentenceItem] = []
    skipped: Counter = Counter()
    for i, row in enumerate(_read_jsonl(path)):
        raw = row.get("plover")
        t = canonical_type(raw)
        if t is None or not row.get("text"):
            skipped[str(raw)] += 1
            continue
        items.append(SentenceItem(str(row.get("id", i)), row["text"].strip(), t, PENTA[t]))
    return items, skipped


def read_conflibert(path: str | os.PathLike) -> tuple[list[SentenceItem], Counter]:
    """Items of ``conflibert_*.jsonl`` (penta only) and a Counter of skip reasons."""
    items: list[SentenceItem] = []
    skipped: Counter = Counter()
    for i, row in enumerate(_read_jsonl(path)):
        pc = row.get("penta_class")
        if pc is None or not row.get("text"):
            skipped["no penta_class" if pc is None else "no text"] += 1
            continue
        if int(pc) not in range(5):
            skipped[f"penta_class {pc}"] += 1
            continue
        items.append(SentenceItem(str(row.get("id", i)), row["text"].strip(), None, int(pc)))
    return items, skipped


@dataclass
class LabelScore:
    """Accuracy, macro-F1 and confusion (gold -> Counter of predicted) over one label set."""

    n: int = 0
    correct: int = 0
    confusion: dict[str, Counter] = field(default_factory=dict)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    def per_class_f1(self) -> dict[str, float]:
        """F1 of each class that occurs in gold."""
        pred_totals: Counter = Counter()
        for row in self.confusion.values():
            pred_totals.update(row)
        out: dict[str, float] = {}
        for g, row in self.confusion.items():
            tp = row.get(g, 0)
            gold_n, pred_n = sum(row.values()), pred_totals.get(g, 0)
            p = tp / pred_n if pred_n else 0.0
            r = tp / gold_n if gold_n else 0.0
            out[g] = 2 * p * r / (p + r) if p + r else 0.0
        return out

    @property
    def macro_f1(self) -> float | None:
        f = self.per_class_f1()
        return sum(f.values()) / len(f) if f else None

    def add(self, gold: str, pred: str) -> None:
        self.n += 1
        self.correct += int(gold == pred)
        self.confusion.setdefault(gold, Counter())[pred] += 1

    def to_dict(self) -> dict:
        return {"n": self.n, "correct": self.correct, "accuracy": self.accuracy,
                "macro_f1": self.macro_f1, "per_class_f1": self.per_class_f1(),
                "confusion": {g: dict(c) for g, c in sorted(self.confusion.items())}}


@dataclass
class SentenceScore:
    """Result of :func:`score_sentences`."""

    types: LabelScore
    penta: LabelScore
    errors: int = 0
    skipped: Counter = field(default_factory=Counter)
    mistakes: list[dict] = field(default_factory=list)

    def summary_line(self) -> str:
        def f(v: float | None) -> str:
            return "nan" if v is None else f"{v:.3f}"
        return (f"type_acc={f(self.types.accuracy)} type_macro_f1={f(self.types.macro_f1)} "
                f"penta_acc={f(self.penta.accuracy)} penta_macro_f1={f(self.penta.macro_f1)} "
                f"n={self.penta.n} skipped={sum(self.skipped.values())} errors={self.errors}")

    def to_dict(self) -> dict:
        return {"types": self.types.to_dict(), "penta": self.penta.to_dict(), "errors": self.errors,
                "skipped": dict(self.skipped), "mistakes": self.mistakes}


def first_type(events: list[dict] | None) -> str:
    """The coder's first event type (old names mapped; an unknown name is kept upper-cased),
    or ``NONE`` when it coded nothing."""
    for e in events or []:
        raw = e.get("event") if isinstance(e, dict) else None
        if raw:
            return canonical_type(raw) or str(raw).strip().upper()
    return NONE


def score_sentences(items: Iterable[SentenceItem], code: Coder, skipped: Counter | None = None,
                    keep_mistakes: int = 50) -> SentenceScore:
    """Run ``code`` on each item and score the first predicted event type.

    A coder exception counts in ``errors`` and the sentence predicts ``NONE``. Up to
    ``keep_mistakes`` wrong items are kept (id, text, gold, predicted) for inspection.
    """
    out = SentenceScore(LabelScore(), LabelScore(), skipped=Counter(skipped or {}))
    for it in items:
        try:
            pred = first_type(code(it.text))
        except Exception:  # a broken coder must not stop the evaluation
            out.errors += 1
            pred = NONE
        ppenta = PENTA.get(pred, 0)
        if it.label is not None:
            out.types.add(it.label, pred)
        if it.penta is not None:
            out.penta.add(str(it.penta), str(ppenta))
        wrong = (it.label is not None and pred != it.label) or \
                (it.label is None and it.penta is not None and ppenta != it.penta)
        if wrong and len(out.mistakes) < keep_mistakes:
            out.mistakes.append({"id": it.id, "text": it.text, "gold": it.label or it.penta,
                                 "pred": pred})
    return out


def evaluate_plover_gsr(path: str | os.PathLike, code: Coder) -> SentenceScore:
    """Read ``plover_gsr.jsonl`` and score ``code`` on it (types and five classes)."""
    items, skipped = read_plover_gsr(path)
    return score_sentences(items, code, skipped)


def evaluate_conflibert(path: str | os.PathLike, code: Coder, limit: int | None = None) -> SentenceScore:
    """Read a ``conflibert_*.jsonl`` file and score ``code`` on it (five classes only)."""
    items, skipped = read_conflibert(path)
    return score_sentences(items[:limit] if limit else items, code, skipped)


def pipeline_coder(pipeline: Callable, published: str | None = None) -> Coder:
    """A coder that runs a dateline ``Pipeline`` on one sentence (as a one-paragraph record)
    and returns its events as SPEC dicts, in the pipeline's order. Pipeline errors propagate
    (``score_sentences`` counts them)."""
    from ..model import RawInput

    def code(text: str) -> list[dict]:
        raw = RawInput(origin="sentence", format="record", data=text,
                       meta={"published": published} if published else {})
        return pipeline(raw).to_dict()["events"]

    return code


def default_paths(shared: str | os.PathLike) -> dict[str, Path]:
    """Where the sentence sets live under the shared data folder."""
    base = Path(shared) / "data"
    return {"plover_gsr": base / "plover" / "plover_gsr.jsonl",
            "conflibert_train": base / "cameo-sentences" / "conflibert_train.jsonl"}


def group_confusion(score: LabelScore) -> dict[str, list[tuple[str, int]]]:
    """The most frequent wrong predictions per gold class (for reports)."""
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for g, row in score.confusion.items():
        out[g] = [(p, n) for p, n in row.most_common() if p != g][:3]
    return dict(out)
