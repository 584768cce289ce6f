"""Training the learned coder from real-news gold files (``make train``).

    python -m dateline.learn.train [--train tests/realgold/train] [--dev tests/realgold/dev]
                                   [--out src/dateline/models/coder] [--seed 0] [--tune cv|dev]

Reads each gold file's page (paths relative to the gold file, under ../shared), parses it with
the pipeline up to places, and turns the gold events into training rows: each sentence a gold
event names gets that event's type; each party named in such a sentence is an actor or a
recipient when it agrees with one of the gold event's (SPEC section 4); the gold event's
modality and mode label the sentence. Thresholds are chosen by coordinate ascent on events F1
(fixed grid, two passes: one pass left a better actor threshold unvisited once a later
threshold moved) over a 5-fold cross-validation of the train and dev splits together (every page
scored by models trained without it: 195 pages instead of dev's 38, so the choice is far less
noisy), and the shipped models then learn from train and dev. ``--tune dev`` keeps the older
recipe: models from train, thresholds on dev. The test split is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, astuple
from pathlib import Path
from typing import Any, Callable, Iterable

from ..config import PipelineConfig
from ..evaluate.event_match import (EventScore, actors_agree, default_countries, events_match,
                                     score_variants)
from ..evaluate.gold import load_gold
from ..events.lexicon import load_lexicon
from ..pipeline import Pipeline
from ..sources.files import read_paths
from .align import locate
from .coder import MODES, LearnedCoder, Models, Thresholds
from .features import (ArticleView, candidate_parties, mode_features, modality_features,
                       page_features, party_features, recipient_features, sentence_features)
from .linear import LinearModel, fit
from .trees import fit_ranker

#: The actor model: a LambdaRank tree ensemble over each report's candidates (True) or a
#: logistic regression over candidates one by one (False).
RANK_ACTORS = True

GRID = {"page": (0.2, 0.3, 0.4, 0.5, 0.6), "event": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
        "type": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
        "actor": (0.3, 0.4, 0.5, 0.6, 0.7), "recipient": (0.3, 0.4, 0.5, 0.6, 0.7),
        "recipient2": (0.2, 0.3, 0.4, 0.5, 0.6, 1.01)}

#: Where the threshold search starts: the thresholds shipped before session 10 (2026-12-07),
#: which the guards accept; a fixed start keeps ``make train`` reproducible.
START = Thresholds(page=0.5, type=0.8, actor=0.6, recipient=0.3, event=0.5, recipient2=0.4)

#: Thresholds are chosen for events F1 among those whose party precision (SPEC section 4: the
#: share of a matched event's parties that are right) stays at or above this: a coder that
#: lists more parties finds more events but names more wrong ones (the issue's target: 0.80).
PARTY_PRECISION_FLOOR = 0.80


class Page:
    """A gold file with its parsed article."""

    def __init__(self, name: str, gold: dict, view: ArticleView) -> None:
        self.name = name
        self.gold = gold
        self.view = view
        self.sentence_events: dict[int, list[dict]] = {}  # sentence index -> gold events
        ends: dict[str, list[int]] = {}
        for s in view.sentences:
            ends.setdefault(s.field, []).append(s.end)
        art = view.doc.article
        fields = {f: art.text(f) or "" for f in ("title", "subtitle", "body")} if art else {}
        self.located = self.missed = 0
        for ev in gold.get("events") or []:
            for key in ev.get("sentences") or []:
                span = locate(key, fields, ends)
                if span is None:
                    self.missed += 1
                    continue
                self.located += 1
                for s in view.sentences:
                    if s.field == span.field and s.start < span.end and span.start < s.end:
                        lst = self.sentence_events.setdefault(s.index, [])
                        if ev not in lst:
                            lst.append(ev)


def load_pages(folder: str | Path, config: PipelineConfig, lexicon: Any, countries: Any,
               pipeline: Pipeline | None = None) -> list[Page]:
    pipe = pipeline or Pipeline(config.without("events"), keep_parsed=True)
    pages = []
    for gpath in sorted(Path(folder).rglob("*.gold.json")):
        gold, input_path = load_gold(gpath)
        for res in pipe.run(read_paths([str(input_path)])):
            if res.ok:
                pages.append(Page(gpath.name, gold, ArticleView(res.document, lexicon, countries)))
            break
    return pages


def _agrees(party: Any, gold_parties: Iterable[dict], countries: Any) -> bool:
    d = asdict(party)
    return any(actors_agree(g, d, countries) for g in gold_parties)


def datasets(pages: list[Page], countries: Any) -> dict[str, tuple[list, list]]:
    """Rows and labels for every model."""
    data: dict[str, tuple[list, list]] = {k: ([], []) for k in
                                          ("page", "types", "actor", "recipient", "modality", "mode")}

    def add(kind: str, row: dict, label: Any) -> None:
        data[kind][0].append(row)
        data[kind][1].append(label)

    for pg in pages:
        v = pg.view
        add("page", page_features(v), int(bool(pg.gold.get("events"))))
        for s in v.sentences:
            evs = pg.sentence_events.get(s.index, [])
            add("types", sentence_features(s), {e["event"] for e in evs})
            for e in evs:
                etype = e["event"]
                parties = candidate_parties(s, v)
                data.setdefault("groups", ([], []))[0].append(len(parties))
                for party in parties:
                    f = party_features(s, party, etype, v)
                    add("actor", f, int(_agrees(party.actor, e.get("actor") or [], countries)))
                    add("recipient", f, int(_agrees(party.actor, e.get("recipient") or [], countries)))
                add("modality", modality_features(s, etype, v), e.get("modality") or "asserted")
                if etype in MODES:
                    add("mode", mode_features(s, etype), e.get("mode") or "none")
    return data


def train_base(pages: list[Page], countries: Any, seed: int = 0,
               ranker: bool = RANK_ACTORS) -> tuple[dict[str, Any], dict]:
    """The page, type, party, modality and mode models, and their row counts."""
    data = datasets(pages, countries)
    groups = data.pop("groups", ([], []))[0]
    actor = fit_ranker(*data["actor"], groups, seed=seed) if ranker else \
        fit(*data["actor"], kind="binary", c=1.0, seed=seed, class_weight="balanced")
    rows, labels = data["recipient"]
    rows = [recipient_features(r, actor.p(r), _etype(r)) for r in rows]
    return {
        "page": fit(*data["page"], kind="binary", c=0.5, seed=seed, min_count=2),
        "types": fit(*data["types"], kind="multilabel", c=0.5, seed=seed, min_count=2,
                     class_weight="balanced"),
        "actor": actor,
        "recipient": fit(rows, labels, kind="binary", c=1.0, seed=seed, class_weight="balanced"),
        "modality": fit(*data["modality"], kind="multiclass", c=1.0, seed=seed),
        "mode": fit(*data["mode"], kind="multiclass", c=1.0, seed=seed, min_count=2),
    }, {k: len(v[0]) for k, v in data.items()}


_KEEP_ALL = LinearModel({"kind": "binary", "classes": ["1"], "bias": [0.0], "weights": {}})


def event_rows(base: dict[str, Any], pages: list[Page], lexicon: Any,
               countries: Any) -> tuple[list, list]:
    """The rule coder's events on ``pages`` with features from models that never saw them,
    labelled by whether they match
    a gold event (SPEC section 4, main variant; optional gold events count; a repeat of a
    matched proposal counts too: the coder drops repeats after scoring)."""
    coder = LearnedCoder(Models(**base, event=_KEEP_ALL), lexicon, countries,
                         Thresholds(page=0.0))
    rows, labels = [], []
    for pg in pages:
        golds = [g for g in pg.gold.get("events") or [] if isinstance(g, dict)]
        if not pg.view.sentences:
            continue
        probs = coder.type_probs(pg.view)
        for ev, feats in coder.rule_proposals(pg.view, coder.page_p(pg.view), probs):
            pred = asdict(ev)
            rows.append(feats)
            labels.append(int(any(events_match(g, pred, countries) for g in golds)))
    return rows, labels


def train_models(pages: list[Page], lexicon: Any, countries: Any, seed: int = 0,
                 folds: int = 4) -> Models:
    """Base models on all of ``pages``; the event model on proposals made, fold by fold, by
    base models trained on the other folds (so its inputs look like those of unseen pages)."""
    rows: list = []
    labels: list = []
    for k in range(folds):
        held = pages[k::folds]
        rest = [p for i, p in enumerate(pages) if i % folds != k]
        base, _ = train_base(rest, countries, seed)
        r, y = event_rows(base, held, lexicon, countries)
        rows += r
        labels += y
    base, counts = train_base(pages, countries, seed)
    event = fit(rows, labels, kind="binary", c=0.5, seed=seed)
    counts["event"] = len(rows)
    meta = {"seed": seed, "rows": counts, "pages": len(pages), "folds": folds,
            "event_positives": sum(labels)}
    return Models(**base, event=event, meta=meta)


def _etype(party_row: dict) -> str:
    """The event type a party row was built for (its "TYPE|..." conjunction features)."""
    return next(k.split("|", 1)[0] for k in party_row if "|" in k and k.split("|", 1)[0].isupper())


def score_pages(coder: LearnedCoder, pages: list[Page]) -> dict[str, EventScore]:
    totals = {k: EventScore() for k in ("main", "strict", "type", "all")}
    countries = coder.countries
    for pg in pages:
        pred = [asdict(e) for e in coder.code_view(pg.view)]
        for k, v in score_variants(pred, pg.gold.get("events"), countries).items():
            totals[k].add_counts(v)
    return totals


#: (models, the pages they never saw): one fold of a cross-validation, or (models, dev)
Fold = tuple[Models, list[Page]]


def score_folds(folds: list[Fold], lexicon: Any, countries: Any,
                t: Thresholds) -> dict[str, EventScore]:
    """Each fold's models scored on its own unseen pages, counts summed over the folds."""
    totals = {k: EventScore() for k in ("main", "strict", "type", "all")}
    for models, pages in folds:
        for k, v in score_pages(LearnedCoder(models, lexicon, countries, t), pages).items():
            totals[k].add_counts(v)
    return totals


def tune(folds: list[Fold], lexicon: Any, countries: Any, rounds: int = 8,
         party_floor: float = PARTY_PRECISION_FLOOR,
         guard: Callable[[Thresholds], bool] | None = None) -> Thresholds:
    """Steepest-ascent coordinate search over :data:`GRID` on events F1 (main variant) of
    ``folds``, among thresholds whose party precision is at least ``party_floor`` and that
    ``guard`` (when given) accepts: the seed kept at :data:`SEED_FLOOR` and tests/gold at
    :data:`OWN_GOLD_FLOOR` (:func:`floor_guard`, :func:`all_guards`).

    The search starts at :data:`START`. Each of at most ``rounds`` moves scores every threshold
    one grid step away in one coordinate and takes the best: the accepted one of highest F1
    (asking the guard in order of F1), or, while no accepted one has been found, the refused
    one of highest F1. Taking the first better neighbour instead (the search before session
    11) made the result depend on :data:`GRID`'s order: from a start under the party-precision
    floor it took the first coordinate that reached the floor (event 0.2: cross-validated F1
    0.254, precision 0.283) where another move reached it with a higher F1 (recipient2 0.5,
    then event 0.6). From the class defaults, which put tests/gold under its floor, a plain
    "refused, never taken" rule would freeze the search there (F1 0.187 in session 10).
    """
    seen: dict[tuple, float] = {}
    accepted: dict[tuple, bool] = {}

    def ok(t: Thresholds) -> bool:
        key = astuple(t)
        if key not in accepted:
            accepted[key] = guard is None or guard(t)
        return accepted[key]

    def f1(t: Thresholds) -> float:
        key = astuple(t)
        if key not in seen:
            seen[key] = _objective(score_folds(folds, lexicon, countries, t)["main"], party_floor)
        return seen[key]

    best = Thresholds(**START.__dict__)
    best_f1, best_ok = f1(best), ok(best)
    for _ in range(rounds):
        moves = [Thresholds(**{**best.__dict__, name: v})
                 for name, values in GRID.items() for v in values if v != getattr(best, name)]
        ranked = sorted(moves, key=f1, reverse=True)  # stable: ties keep GRID's order
        step = None
        for t in ranked:
            if best_ok and f1(t) <= best_f1 + 1e-9:
                break  # no accepted neighbour is better
            if ok(t):
                step = t
                break
        if step is None and not best_ok and ranked and f1(ranked[0]) > best_f1 + 1e-9:
            step = ranked[0]  # nothing accepted nearby: the best refused one, to move on
        if step is None:
            break
        best, best_f1, best_ok = step, f1(step), ok(step)
    return best


#: The archetypal input (../shared/seed, ../shared/gold) must stay at or above this events F1
#: (issue 14 asks 0.9; tests/floors.py pins the shipped coder at 0.95, one wrong event on the
#: seed scores 0.923); thresholds that drop it are never chosen.
SEED_FLOOR = 0.95
#: tests/gold (13 invented articles, never training pages) must stay at or above its pinned
#: events F1 floor (tests/floors.py, OWN_GOLD_LEARNED["events_f1"]): on 2026-12-07 the search
#: chose event 0.6 / recipient2 0.5 over 0.5 / 0.4 for a slightly higher cross-validated F1,
#: which took tests/gold from 0.356 to 0.328. A floor of the product constrains the search, as
#: the seed's does. (Guarding its files 01-07 and 08-13 floors as well was tried: it cost
#: cross-validated F1 0.259 -> 0.246 on real news for an invented set's half.)
OWN_GOLD_FLOOR = 0.34


def floor_guard(models: Models, pages: list[Page], lexicon: Any, countries: Any,
                floor: float) -> Callable[[Thresholds], bool]:
    """Accepts thresholds under which ``models`` (the shipped ones, trained on every page)
    score ``pages`` at ``floor`` events F1 or more (no pages: accepts all)."""
    def ok(t: Thresholds) -> bool:
        if not pages:
            return True
        coder = LearnedCoder(models, lexicon, countries, t)
        return score_pages(coder, pages)["main"].f1 >= floor
    return ok


def seed_guard(models: Models, seed_pages: list[Page], lexicon: Any, countries: Any,
               floor: float = SEED_FLOOR) -> Callable[[Thresholds], bool]:
    """:func:`floor_guard` for the seed pages at :data:`SEED_FLOOR`."""
    return floor_guard(models, seed_pages, lexicon, countries, floor)


def all_guards(*guards: Callable[[Thresholds], bool]) -> Callable[[Thresholds], bool]:
    """Accepts thresholds that every guard accepts (asked in order, stopping at a refusal)."""
    return lambda t: all(g(t) for g in guards)


def _objective(score: EventScore, party_floor: float) -> float:
    """Events F1, or -1 when the party precision falls below the floor."""
    pp = score.party_precision
    return score.f1 if pp is None or pp >= party_floor else -1.0


def cross_folds(pages: list[Page], lexicon: Any, countries: Any, seed: int = 0,
                k: int = 5) -> list[Fold]:
    """``k`` folds of ``pages`` (every k-th page held out): models trained on the others."""
    out = []
    for i in range(k):
        held = pages[i::k]
        rest = [p for j, p in enumerate(pages) if j % k != i]
        out.append((train_models(rest, lexicon, countries, seed), held))
    return out


def summary(totals: dict[str, EventScore]) -> str:
    m, s, t = totals["main"], totals["strict"], totals["type"]
    pp = m.party_precision
    return (f"events_f1={m.f1:.3f} precision={m.precision:.3f} recall={m.recall:.3f} "
            f"strict_f1={s.f1:.3f} party_precision={'nan' if pp is None else f'{pp:.3f}'} "
            f"type_f1={t.f1:.3f} tp={m.tp} fp={m.fp} fn={m.fn}")


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parents[3]
    ap = argparse.ArgumentParser(description="Train the learned event coder.")
    ap.add_argument("--train", default=str(here / "tests" / "realgold" / "train"))
    ap.add_argument("--dev", default=str(here / "tests" / "realgold" / "dev"))
    ap.add_argument("--out", default=str(here / "src" / "dateline" / "models" / "coder"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", default=PipelineConfig().spacy_model)
    ap.add_argument("--tune", choices=("cv", "dev"), default="cv",
                    help="cv: thresholds by cross-validation of train+dev, models from both "
                         "(default); dev: models from train, thresholds on dev")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed-gold", default=str(here.parent / "shared" / "gold"),
                    help="gold files of the seed, kept at SEED_FLOOR events F1 by the chosen "
                         "thresholds (default ../shared/gold)")
    ap.add_argument("--own-gold", default=str(here / "tests" / "gold"),
                    help="the invented gold set, kept at OWN_GOLD_FLOOR events F1 by the "
                         "chosen thresholds (default tests/gold)")
    args = ap.parse_args(argv)
    t0 = time.time()
    lexicon, countries = load_lexicon(), default_countries()
    pipe = Pipeline(PipelineConfig(spacy_model=args.model).without("events"), keep_parsed=True)
    train = load_pages(args.train, PipelineConfig(), lexicon, countries, pipe)
    dev = load_pages(args.dev, PipelineConfig(), lexicon, countries, pipe) if Path(args.dev).is_dir() else []
    located = sum(p.located for p in train + dev)
    missed = sum(p.missed for p in train + dev)
    print(f"pages: train {len(train)}, dev {len(dev)}; gold sentences located {located}, "
          f"not found {missed} ({time.time() - t0:.0f} s)")
    if args.tune == "cv":
        # thresholds from a cross-validation of train and dev together (every page scored
        # by models that never saw it), then the models learn from both; thresholds that
        # would drop the seed under SEED_FLOOR or tests/gold under OWN_GOLD_FLOOR with those
        # models are not chosen
        pages = train + dev
        models = train_models(pages, lexicon, countries, args.seed)
        seed, own = ([] if not Path(d).is_dir() else
                     load_pages(d, PipelineConfig(), lexicon, countries, pipe)
                     for d in (args.seed_gold, args.own_gold))
        folds = cross_folds(pages, lexicon, countries, args.seed, args.folds)
        guard = all_guards(seed_guard(models, seed, lexicon, countries),
                           floor_guard(models, own, lexicon, countries, OWN_GOLD_FLOOR))
        thresholds = tune(folds, lexicon, countries, guard=guard)
        cv = summary(score_folds(folds, lexicon, countries, thresholds))
        print(f"cross-validated on train+dev: {cv} ({time.time() - t0:.0f} s)")
        models.thresholds = thresholds
        models.meta["tuned_on"] = f"{args.folds}-fold cross-validation of train+dev"
        models.meta["cv"] = cv
    else:
        models = train_models(train, lexicon, countries, args.seed)
        if dev:
            models.thresholds = tune([(models, dev)], lexicon, countries)
            models.meta["tuned_on"] = "the dev split"
            models.meta["dev"] = summary(score_pages(LearnedCoder(models, lexicon, countries), dev))
            print(f"dev: {models.meta['dev']}")
    print(f"rows: {json.dumps(models.meta['rows'])}; thresholds: {models.thresholds.__dict__} "
          f"({time.time() - t0:.0f} s)")
    models.meta["train_pages"] = len(train) + (len(dev) if args.tune == "cv" else 0)
    models.save(args.out)
    print(f"models written to {args.out} ({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
