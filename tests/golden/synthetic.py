"""Small synthetic news articles for the ingest tests that kill, resume or race an ingest:
each names two countries and one event verb, so every article yields stored events."""

from __future__ import annotations

from pathlib import Path

COUNTRIES = ["France", "Germany", "China", "Japan", "India", "Brazil", "Kenya", "Egypt",
             "Canada", "Mexico", "Peru", "Chile"]
VERBS = ["met with officials from", "signed an agreement with", "criticized", "sent aid to",
         "held talks with"]


def write_articles(folder: Path, n: int, prefix: str = "art") -> int:
    """Write ``n`` text articles ``{prefix}_NN.txt`` into ``folder``; returns ``n``."""
    for i in range(n):
        a, b = COUNTRIES[i % 12], COUNTRIES[(i * 5 + 3) % 12]
        body = "\n".join([
            f"The president of {a} {VERBS[i % 5]} {b} on Monday, officials said, in report {i}.",
            f"The foreign minister of {b} said the two governments would keep discussing trade "
            "and security in the coming weeks.",
            f"Analysts said the meeting in {a} was the first of its kind since {1990 + i}."])
        (folder / f"{prefix}_{i:02d}.txt").write_text(f"{a} and {b}: talks number {i}\n\n{body}\n",
                                                      encoding="utf-8")
    return n
