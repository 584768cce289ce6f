"""Golden test: the clean stage over the hand-written evaluation set in tests/gold/ (13 invented
scrapes in 13 sites' styles) passes the SPEC section 4 article checks of every gold file, in the
scrape's own layout and with its blank lines removed or doubled.

The floors (tests/floors.py) pin the number of checks passed (all of them when this was
written); a change to the cleaner that loses one fails here with the list of failed checks. Loads no spaCy model.
tests/gold/ is an evaluation set: it is read, never edited, and the rules in
dateline.stages.clean_rules are general (no string of these files is in them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.config import PipelineConfig
from dateline.evaluate.gold import check_article
from dateline.model import Document, RawInput
from dateline.registry import registry

from ..floors import OWN_GOLD_CLEAN_CHECKS as FLOOR

GOLD = Path(__file__).resolve().parents[1] / "gold"


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.gold.json"))


def _clean():
    cfg = PipelineConfig()
    return registry.get("clean", "auto").factory(cfg.stage_options("clean"), None)


def _relayout(text: str, layout: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return {"orig": text, "noblank": "\n".join(lines), "allblank": "\n\n".join(lines)}[layout]


@pytest.mark.parametrize("layout", sorted(FLOOR))
def test_gold_article_checks_floor(layout: str) -> None:
    files = _gold_files()
    if not files:
        pytest.skip("tests/gold has no gold files")
    stage = _clean()
    passed = total = 0
    failed: list[str] = []
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / gold["input"]).read_text(encoding="utf-8")
        doc = stage(Document(raw=RawInput(str(path), "text", _relayout(text, layout))))
        checks = check_article(doc.to_dict()["article"], gold["article"])
        total += len(checks)
        passed += sum(c.ok for c in checks)
        failed += [f"{path.stem}: {c.name} expected {c.expected!r} got {c.got!r}"
                   for c in checks if not c.ok]
    assert total >= 200, "the gold set lost article checks"
    assert passed >= FLOOR[layout], "\n".join(failed)


def test_gold_titles_are_not_site_chrome() -> None:
    """No gold scrape yields a title that is a navigation line or tagline of its page."""
    from dateline.stages.clean_rules import breadcrumb_parts, is_chrome

    stage = _clean()
    for path in _gold_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (path.parent / gold["input"]).read_text(encoding="utf-8")
        title = stage(Document(raw=RawInput(str(path), "text", text))).article.title or ""
        assert title and not is_chrome(title) and breadcrumb_parts(title) is None, path.name
        assert len(title.split()) >= 5, (path.name, title)
