"""Shared helpers of the per-stage golden tests on the seed.

Each stage's golden test cuts the seed's title, subtitle and body out of the scrape by its
layout (not with the clean stage), so that a stage's test fails only for that stage, and
builds just the stages it needs with one shared Resources.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from dateline.config import PipelineConfig
from dateline.model import Article, Document
from dateline.pipeline import Resources
from dateline.registry import registry

from ..skips import missing_skips

SEED = "seed/000_b5755a8c383d1ad7.txt"


def cut_seed_article(shared: Path) -> Article:
    """Title, subtitle and body of the seed, cut from the scrape by its layout (no cleaner)."""
    lines = (shared / SEED).read_text(encoding="utf-8").splitlines()
    title, subtitle = lines[2].strip(), lines[3].strip()
    start = next(i for i, ln in enumerate(lines) if re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", ln.strip()))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("SOURCE:"))
    paras = [ln.strip() for ln in lines[start + 1:end]
             if ln.strip() and ln.strip() != "Recommended" and not ln.startswith("Related")]
    body = "\n".join(paras)
    return Article(Article.make_id(body, title), SEED, body, title=title, subtitle=subtitle,
                   published="2025-09-02")


def build_stages(*kinds: str, config: PipelineConfig | None = None
                 ) -> Callable[[Document], Document]:
    """The default implementations of ``kinds``, run in that order (skips without the model)."""
    cfg = config or PipelineConfig()
    res = Resources(cfg)
    fns = []
    for kind in kinds:
        with missing_skips(f"stage {kind}"):  # the spaCy model absent; other errors fail
            fns.append(registry.get(kind, cfg.stages[kind]).factory(cfg.stage_options(kind), res))

    def run(doc: Document) -> Document:
        for fn in fns:
            doc = fn(doc)
        return doc

    return run
