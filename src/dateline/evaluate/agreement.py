"""Agreement of two annotations of the same pages (SPEC section 4).

The agreement is the mean of the F1 of each annotation scored against the other, micro-averaged
over the pages both annotated. The annotation playing the prediction has its ``[lo, hi]`` dates
read as intervals and its optional marks dropped (every event it lists is a claim); the one
playing gold keeps its optional marks. The same is done for the strict and type-only variants.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..refdata.countries import CountryTable
from .event_match import VARIANTS, EventScore, as_prediction, default_countries, score_variants
from .gold import load_gold


def _events(gold: dict) -> list[dict]:
    return [e for e in gold.get("events") or [] if isinstance(e, dict)]


def one_way(gold_a: dict, gold_b: dict, countries: CountryTable) -> dict[str, EventScore]:
    """Annotation ``b`` scored against annotation ``a`` (``a`` plays gold)."""
    return score_variants([as_prediction(e) for e in _events(gold_b)], _events(gold_a), countries)


def agreement(pairs: list[tuple[dict, dict]], countries: CountryTable | None = None) -> dict:
    """Totals for a list of (annotation A, annotation B) of the same pages."""
    table = countries if countries is not None else default_countries()
    a_gold = {k: EventScore() for k in VARIANTS}
    b_gold = {k: EventScore() for k in VARIANTS}
    for a, b in pairs:
        for k, v in one_way(a, b, table).items():
            a_gold[k].add_counts(v)
        for k, v in one_way(b, a, table).items():
            b_gold[k].add_counts(v)
    out: dict = {"pages": len(pairs),
                 "events_a": sum(len(_events(a)) for a, _ in pairs),
                 "events_b": sum(len(_events(b)) for _, b in pairs)}
    for k in VARIANTS:
        out[k] = (a_gold[k].f1 + b_gold[k].f1) / 2
        out[f"{k}_b_vs_a"] = a_gold[k].f1
        out[f"{k}_a_vs_b"] = b_gold[k].f1
    return out


def summary_line(report: dict) -> str:
    return (f"agreement_f1={report['main']:.3f} strict={report['strict']:.3f} "
            f"type_only={report['type']:.3f} optional_required={report['all']:.3f} "
            f"pages={report['pages']} events_a={report['events_a']} events_b={report['events_b']}")


def agreement_dirs(dir_a: str | Path, dir_b: str | Path, *, verbose: bool = False,
                   echo: Callable[[str], None] = print) -> dict:
    """Pair the ``*.gold.json`` files of two folders by name and report their agreement."""
    table = default_countries()
    a_files = {p.name: p for p in Path(dir_a).rglob("*.gold.json")}
    b_files = {p.name: p for p in Path(dir_b).rglob("*.gold.json")}
    names = sorted(set(a_files) & set(b_files))
    pairs = []
    for name in names:
        a, _ = load_gold(a_files[name])
        b, _ = load_gold(b_files[name])
        pairs.append((a, b))
        if verbose:
            ab, ba = one_way(a, b, table)["main"], one_way(b, a, table)["main"]
            echo(f"{name}: events {len(_events(a))}/{len(_events(b))}  "
                 f"F1 b-vs-a={ab.f1:.3f} a-vs-b={ba.f1:.3f}")
    report = agreement(pairs, table)
    report["only_a"] = sorted(set(a_files) - set(b_files))
    report["only_b"] = sorted(set(b_files) - set(a_files))
    echo(summary_line(report))
    return report
