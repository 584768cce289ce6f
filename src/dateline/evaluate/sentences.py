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
1..4 = the quad classes of SPEC section 2 (:data:`dateline.plover.QUAD`): 1 = AGREE, CONSULT,
SUPPORT, CONCEDE; 2 = COOPERATE, AID, RETREAT; 3 = ACCUSE, REQUEST, REJECT, THREATEN, SANCTION;
4 = PROTEST, MOBILIZE, COERCE, ASSAULT. (Until 2026-12-07 CONCEDE was counted as class 2 here
while the query layer and exports had it as 1; SPEC section 2 decides.)

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

from ..plover import OLD_NAMES, QUAD, TYPES, canonical_type  # noqa: F401 - re-exported

PLOVER_TYPES: tuple[str, ...] = TYPES
#: Type -> five-class label (0 is no event): the quad classes of SPEC section 2.
PENTA: dict[str, int] = QUAD
NONE = "NONE"

Coder = Callable[[str], list[dict]]


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
            "conflibert_train": base / "cameo-sentences" / "conflibert_train.jsonl",
            "cameo_multicoder": base / "cameo-sentences" / "cameo_conflibert_annotations.jsonl"}


def group_confusion(score: LabelScore) -> dict[str, list[tuple[str, int]]]:
    """The most frequent wrong predictions per gold class (for reports)."""
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for g, row in score.confusion.items():
        out[g] = [(p, n) for p, n in row.most_common() if p != g][:3]
    return dict(out)


# --- the multi-coder CAMEO-root set ------------------------------------------------------

#: CAMEO root (2 digits) -> the PLOVER types it maps to (CAMEO2PLOVER-2021 at root level; old
#: INVESTIGATE is ACCUSE per SPEC section 2). Roots 01 (statement) and 02 (appeal) are no
#: PLOVER event; root 08 splits into CONCEDE (080-083) and RETREAT (084-087), so either counts.
CAMEO_ROOT_PLOVER: dict[str, tuple[str, ...]] = {
    "01": (NONE,), "02": (NONE,), "03": ("AGREE",), "04": ("CONSULT",), "05": ("SUPPORT",),
    "06": ("COOPERATE",), "07": ("AID",), "08": ("CONCEDE", "RETREAT"), "09": ("ACCUSE",),
    "10": ("REQUEST",), "11": ("ACCUSE",), "12": ("REJECT",), "13": ("THREATEN",),
    "14": ("PROTEST",), "15": ("MOBILIZE",), "16": ("SANCTION",), "17": ("COERCE",),
    "18": ("ASSAULT",), "19": ("ASSAULT",), "20": ("ASSAULT",),
}


def root_key(root: str | None) -> str | None:
    """The PLOVER label a CAMEO root stands for, as one comparable key ("NONE", "ACCUSE",
    "CONCEDE/RETREAT"); None for an unknown root. Roots 09 and 11 share the key ACCUSE, so
    two coders who chose them agree at PLOVER level."""
    types = CAMEO_ROOT_PLOVER.get(str(root or "").zfill(2)) if root else None
    return "/".join(types) if types else None


def key_matches(key: str, pred: str) -> bool:
    """Whether a predicted PLOVER type (or ``NONE``) is one of the types of a root key."""
    return pred in key.split("/")


@dataclass
class MultiCoderItem:
    """One sentence of the multi-coder set: ``gold`` is the key of the majority root (None when
    no coder coded an action), ``raters`` each coder's key for their first-ranked action."""

    id: str
    text: str
    gold: str | None
    raters: dict[str, str]


def _rater_root(code: str) -> str | None:
    """The 2-digit CAMEO root of a coder's label such as ``"3-11 Disapprove"``."""
    head = code.strip().split(" ", 1)[0]
    if "-" not in head:
        return None
    root = head.split("-", 1)[1]
    return root.zfill(2) if root.isdigit() else None


def read_multicoder(path: str | os.PathLike) -> tuple[list[MultiCoderItem], Counter]:
    """Items of ``cameo_conflibert_annotations.jsonl`` (field ``cameo``: the majority root of
    the coders' first action; ``rater_codes``: each coder's ranked actions) and a Counter of
    skip reasons. Sentences no coder coded are kept with ``gold=None`` and never scored."""
    items: list[MultiCoderItem] = []
    skipped: Counter = Counter()
    for i, row in enumerate(_read_jsonl(path)):
        if not row.get("text"):
            skipped["no text"] += 1
            continue
        gold = root_key(row.get("cameo"))
        if row.get("cameo") and gold is None:
            skipped[f"unknown root {row.get('cameo')}"] += 1
            continue
        raters: dict[str, str] = {}
        for name, codes in sorted((row.get("rater_codes") or {}).items()):
            key = root_key(_rater_root(codes[0])) if codes else None
            if key is not None:
                raters[name] = key
        items.append(MultiCoderItem(str(row.get("id", i)), row["text"].strip(), gold, raters))
    return items, skipped


def is_multicoder_file(path: str | os.PathLike) -> bool:
    """True for a multi-coder file (its first row has ``rater_codes``)."""
    for row in _read_jsonl(path):
        return "rater_codes" in row
    return False


def _plurality(keys: list[str]) -> str | None:
    """The most frequent key, or None on a tie for first place."""
    top = Counter(keys).most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


@dataclass
class MultiCoderScore:
    """dateline against the coders' majority, beside the coders' agreement with each other.

    * ``types``: dateline's first event vs the majority root (a predicted type that is one of
      the root's types counts as that type; root 08 accepts CONCEDE and RETREAT);
    * ``penta``: the same in five classes; ``any_correct``: some dateline event has the type;
    * ``pairs``: sentences with two or more coders; ``pairs_agree``: the sum over them of the
      share of coder pairs that chose the same PLOVER label; ``dl_pairs_agree``: the sum of
      the share of coders whose label dateline's first event has (mean pairwise agreement
      with dateline as one more coder);
    * ``loo``/``loo_coder``/``loo_dateline``: each coder held out against the plurality of the
      other coders (no tie): how often the coder, and how often dateline, agrees with it.
    """

    types: LabelScore = field(default_factory=LabelScore)
    penta: LabelScore = field(default_factory=LabelScore)
    any_correct: int = 0
    event_n: int = 0
    event_correct: int = 0
    pairs: int = 0
    pairs_agree: float = 0.0
    dl_pairs_agree: float = 0.0
    loo: int = 0
    loo_coder: int = 0
    loo_dateline: int = 0
    uncoded: int = 0
    errors: int = 0
    skipped: Counter = field(default_factory=Counter)
    mistakes: list[dict] = field(default_factory=list)

    @staticmethod
    def _r(a: float, b: int) -> float | None:
        return a / b if b else None

    def metrics(self) -> dict[str, float | int | None]:
        return {"type_acc": self.types.accuracy, "type_macro_f1": self.types.macro_f1,
                "event_type_acc": self._r(self.event_correct, self.event_n),
                "any_type_acc": self._r(self.any_correct, self.types.n),
                "penta_acc": self.penta.accuracy, "penta_macro_f1": self.penta.macro_f1,
                "coder_pairwise": self._r(self.pairs_agree, self.pairs),
                "dateline_pairwise": self._r(self.dl_pairs_agree, self.pairs),
                "coder_vs_others": self._r(self.loo_coder, self.loo),
                "dateline_vs_others": self._r(self.loo_dateline, self.loo),
                "n": self.types.n, "n_event": self.event_n, "n_multi": self.pairs, "loo": self.loo}

    def summary_line(self) -> str:
        parts = []
        for k, v in self.metrics().items():
            parts.append(f"{k}={v}" if isinstance(v, int) else
                         f"{k}={'nan' if v is None else f'{v:.3f}'}")
        return " ".join(parts + [f"errors={self.errors}"])

    def to_dict(self) -> dict:
        return {"metrics": self.metrics(), "types": self.types.to_dict(),
                "penta": self.penta.to_dict(), "uncoded": self.uncoded, "errors": self.errors,
                "skipped": dict(self.skipped), "mistakes": self.mistakes}


def _penta_of_key(key: str) -> int:
    return penta_of(key.split("/")[0]) if key != NONE else 0


def all_types(events: list[dict] | None) -> list[str]:
    """Every event type the coder gave, in its order (old names mapped)."""
    return [canonical_type(e.get("event")) or str(e.get("event")).upper()
            for e in events or [] if isinstance(e, dict) and e.get("event")]


def score_multicoder(items: Iterable[MultiCoderItem], code: Coder, skipped: Counter | None = None,
                     keep_mistakes: int = 50) -> MultiCoderScore:
    """Score ``code`` on the majority-coded sentences and measure the coders' agreement on the
    same sentences, so that dateline's accuracy reads against human consistency."""
    out = MultiCoderScore(skipped=Counter(skipped or {}))
    for it in items:
        if it.gold is None:
            out.uncoded += 1
            continue
        try:
            types = all_types(code(it.text))
        except Exception:  # a broken coder must not stop the evaluation
            out.errors += 1
            types = []
        pred = types[0] if types else NONE
        ok = key_matches(it.gold, pred)
        gold_label = pred if ok else it.gold.split("/")[0]
        out.types.add(gold_label, pred)
        out.penta.add(str(_penta_of_key(it.gold)), str(PENTA.get(pred, 0)))
        out.any_correct += int(ok or any(key_matches(it.gold, t) for t in types))
        if it.gold != NONE:
            out.event_n += 1
            out.event_correct += int(ok)
        if not ok and len(out.mistakes) < keep_mistakes:
            out.mistakes.append({"id": it.id, "text": it.text, "gold": it.gold, "pred": pred,
                                 "raters": it.raters})
        keys = list(it.raters.values())
        if len(keys) >= 2:  # per sentence, then averaged: both rates weigh sentences alike
            pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]]
            out.pairs += 1
            out.pairs_agree += sum(a == b for a, b in pairs) / len(pairs)
            out.dl_pairs_agree += sum(key_matches(k, pred) for k in keys) / len(keys)
        for i, k in enumerate(keys):
            others = _plurality(keys[:i] + keys[i + 1:])
            if others is None:
                continue
            out.loo += 1
            out.loo_coder += int(k == others)
            out.loo_dateline += int(key_matches(others, pred))
    return out


def evaluate_multicoder(path: str | os.PathLike, code: Coder, limit: int | None = None
                        ) -> MultiCoderScore:
    """Read the multi-coder CAMEO-root file and score ``code`` on it."""
    items, skipped = read_multicoder(path)
    return score_multicoder(items[:limit] if limit else items, code, skipped)


def run_multicoder_cli(path: str | os.PathLike, pipeline: Callable, *, limit: int | None = None,
                       verbose: bool = False, out: str | None = None,
                       echo: Callable[[str], None] = print) -> MultiCoderScore:
    """``dateline evaluate sentences cameo_conflibert_annotations.jsonl``: per-type F1 and
    mistakes with ``verbose``, then one ``name=value`` line; the JSON report to ``out``."""
    score = evaluate_multicoder(path, pipeline_coder(pipeline, published="2000-01-01"), limit)
    if verbose:
        for label, ls in (("type", score.types), ("penta", score.penta)):
            for cls, f1 in sorted(ls.per_class_f1().items()):
                echo(f"{label} {cls}: f1={f1:.3f} n={sum(ls.confusion[cls].values())}")
        for m in score.mistakes:
            echo(f"MISS {m['id']} gold={m['gold']} pred={m['pred']} coders="
                 f"{','.join(m['raters'].values())}: {m['text'][:100]}")
    echo(score.summary_line())
    if out:
        Path(out).write_text(json.dumps(score.to_dict(), indent=2, default=str), encoding="utf-8")
    return score
