"""How many people the bundled actor tables hold, by country and by role (issue 15).

Run: python scripts/actor_stats.py [--top N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from dateline.refdata.actors import load_actor_table, people_counts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=10, help="countries to list (default 10)")
    args = ap.parse_args(argv)
    table = load_actor_table()
    counts = people_counts(table.people)
    print(f"people: {len(table.people)} ({', '.join(f'{k} {v}' for k, v in counts['source'].most_common())})")
    print(f"by country (nationality), top {args.top}:")
    for iso, n in counts["country"].most_common(args.top):
        print(f"  {iso}  {n}")
    print("by sector of their roles:")
    for sec, n in counts["sector"].most_common():
        print(f"  {sec}  {n}")
    print("by kind of role:")
    for kind, n in counts["kind"].most_common():
        print(f"  {kind}  {n}")
    for source in ("wikidata", "phoenix"):
        sub = people_counts(p for p in table.people if bool(p.qid) == (source == "wikidata"))
        top = ", ".join(f"{k} {v}" for k, v in sub["country"].most_common(args.top))
        print(f"{source}: top {args.top} countries: {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
