"""Benchmark: merge N synthetic event reports (default 100,000) and score the merge.

Synthetic world: ``N / 5`` real events over three years, each of one PLOVER type between one or
two of 3,000 named actors (from 60 countries) and a country, reported 1-9 times by random
outlets. Reports vary as real ones do: a day off, an inferred publication date, a month
instead of a day, a spelling variant of a name (hyphens, case), a missing place. The script
times placing every report (``MergeIndex.add``) and resolving every merged event, then
prints B-cubed against the true events.

    python bench/merge_bench.py [--mentions 100000] [--seed 7]

Target (issue 7): 100k mentions in under a minute on the 2-core dev machine.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from dateline.evaluate.bcubed import bcubed
from dateline.merge.engine import MentionRec, MergeIndex

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"]


def world(n_mentions: int, seed: int) -> list[tuple[MentionRec, int]]:
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(60)]
    people = [(f"Leader Number{i} Person-{i % 97}", countries[i % 60]) for i in range(3000)]
    start = date(2023, 1, 1).toordinal()
    out: list[tuple[MentionRec, int]] = []
    ev = 0
    while len(out) < n_mentions:
        ev += 1
        typ = rng.choice(TYPES)
        who = rng.sample(people, rng.choice((1, 2)))
        target = rng.choice(countries)
        day = date.fromordinal(start + rng.randrange(3 * 365))
        lat, lon = rng.uniform(-50, 60), rng.uniform(-120, 140)
        for r in range(rng.randint(1, 9)):
            if len(out) >= n_mentions:
                break
            actors = []
            for name, c in who:
                if rng.random() < 0.2:
                    name = name.replace("-", " ").lower()
                actors.append({"text": name, "name": name, "country": c, "sector": "GOV"})
            d, text = day, "on Monday"
            roll = rng.random()
            if roll < 0.15:
                d = day + timedelta(days=rng.choice((-1, 1)))
            value = d.isoformat()
            pub = (day + timedelta(days=rng.randint(0, 2))).isoformat()
            if 0.15 <= roll < 0.25:
                value, text = pub, None  # inferred from the publication date
            elif 0.25 <= roll < 0.3:
                value, text = d.isoformat()[:7], "this month"
            placed = rng.random() < 0.7
            out.append((MentionRec(
                event_id=f"e{ev}r{r}", article_id=f"a{ev}r{r}", type=typ, actors=actors,
                recipients=[{"text": target, "name": target, "country": target, "sector": "GOV"}],
                date=value, date_text=text, published=pub, source=f"outlet{rng.randrange(40)}",
                country=target if placed else None, lat=lat if placed else None,
                lon=lon if placed else None, place="somewhere" if placed else None,
                confidence=rng.uniform(0.3, 0.9)), ev))
    rng.shuffle(out)
    out.sort(key=lambda p: p[0].published or "")  # arrival order: by publication date
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    data = world(args.mentions, args.seed)
    idx = MergeIndex()
    t0 = time.perf_counter()
    pred = {m.event_id: idx.add(m) for m, _ in data}
    t1 = time.perf_counter()
    resolved = [c.resolve() for c in idx.clusters.values()]
    t2 = time.perf_counter()
    truth = {m.event_id: g for m, g in data}
    scores = bcubed(pred, truth)
    print(f"mentions {len(data)}, true events {len(set(truth.values()))}, "
          f"merged events {len(resolved)}")
    print(f"merge {t1 - t0:.1f} s, resolve {t2 - t1:.1f} s, total {t2 - t0:.1f} s "
          f"({len(data) / (t2 - t0):.0f} mentions/s)")
    print(f"B-cubed precision {scores['precision']:.3f} recall {scores['recall']:.3f} "
          f"F1 {scores['f1']:.3f}")


if __name__ == "__main__":
    main()
