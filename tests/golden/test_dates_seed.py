"""Golden tests of the dates stage: the seed article (with the real spaCy parse) and the
TempEval-3 TimeBank/AQUAINT training timexes (value accuracy on DATE timexes).

Skips when ../shared or the spaCy model is absent.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dateline.model import DateMention, Document
from dateline.dates.timex import find_dates, parse_anchor, timeml_value

from .seed_layout import build_stages, cut_seed_article

SEED = "seed/000_b5755a8c383d1ad7.txt"
GOLD_DATES = {"Monday": "2025-09-01", "Wednesday": "2025-09-03", "Sunday": "2025-08-31",
              "2019": "2019", "2011": "2011"}


def _by_text(mentions: list[DateMention]) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for m in mentions:
        out.setdefault(m.text, []).append(m.value)
    return out


def test_seed_without_parse(shared_dir: Path) -> None:
    art = cut_seed_article(shared_dir)
    found = _by_text(find_dates(art.body, date(2025, 9, 2)))
    for text, value in GOLD_DATES.items():
        assert value in found.get(text, []), (text, found)
    assert find_dates(art.subtitle or "", date(2025, 9, 2)) == []  # "80th anniversary"


def test_seed_with_spacy_parse(shared_dir: Path) -> None:
    run = build_stages("nlp", "dates")
    art = cut_seed_article(shared_dir)
    doc = run(Document(article=art))
    body = [d for d in doc.dates if d.field == "body"]
    found = _by_text(body)
    for text, value in GOLD_DATES.items():
        assert found.get(text) and all(v == value for v in found[text]), (text, found)
    for d in doc.dates:
        assert art.text(d.field)[d.start:d.end] == d.text
    assert not [d for d in doc.dates if d.field in ("title", "subtitle")]  # "80th" is no date
    assert {d.text for d in body} == set(GOLD_DATES)  # nothing else in the seed is a date


def test_seed_full_pipeline(shared_dir: Path, pipeline) -> None:
    """The whole default pipeline on the raw scrape finds the gold dates (needs the cleaner)."""
    from dateline.model import RawInput

    raw = RawInput(origin=str(shared_dir / SEED), format="text",
                   data=(shared_dir / SEED).read_text(encoding="utf-8"))
    doc = pipeline(raw)
    got = {d["text"]: d["value"] for d in doc.to_dict()["dates"]}
    for text, value in GOLD_DATES.items():
        assert got.get(text) == value, (text, got)


# ----------------------------------------------------------------------------- TempEval-3


def _load_tml(path: Path) -> tuple[str, str, list[tuple[int, int, str, str]]]:
    """(plain text, DCT value, [(start, end, type, value)]) of one TimeML file."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT><TIMEX3[^>]*value="([^"]+)"', raw)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    assert dct and body
    parts: list[str] = []
    gold: list[tuple[int, int, str, str]] = []
    pos = 0
    for m in re.finditer(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>|<[^>]+>|[^<]+", body.group(1), re.S):
        if m.group(1) is not None:
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            inner = re.sub(r"<[^>]+>", "", m.group(2))
            gold.append((pos, pos + len(inner), attrs.get("type", ""), attrs.get("value", "")))
            parts.append(inner)
            pos += len(inner)
        elif not m.group(0).startswith("<"):
            parts.append(m.group(0))
            pos += len(m.group(0))
    return "".join(parts), dct.group(1), gold


def _timeml_value(d: DateMention) -> str | None:
    """The mention's value in TimeML form (week "2000-W07", quarter "1989-Q3", season "1998-FA")."""
    return timeml_value(d.value, d.granularity)


def test_tempeval3_date_value_accuracy(shared_dir: Path) -> None:
    """Value accuracy on the DATE timexes we find, over TimeBank + AQUAINT (256 documents).

    Gold values with no calendar value (durations, PRESENT_REF) are left out; "1998-XX" and
    "199X" compare as "1998" and "199". Measured: 1298 of 1347 found (96.4%), 1155 of them right (88.9%);
    before issue 4: 1100 found (81.7%), 969 right (88.1%).
    """
    root = shared_dir / "data" / "tempeval3" / "Training" / "TBAQ-cleaned"
    files = [p for sub in ("TimeBank", "AQUAINT") for p in sorted((root / sub).glob("*.tml"))]
    if not files:
        pytest.skip("TempEval-3 training data absent")
    total = found = right = 0
    for path in files:
        text, dct, gold = _load_tml(path)
        preds = find_dates(text, parse_anchor(dct))
        for start, end, typ, value in gold:
            value = re.sub(r"(-XX)+$|X+$", "", value)
            if typ != "DATE" or not re.match(r"\d{3}", value):
                continue
            total += 1
            over = [p for p in preds if p.start < end and start < p.end]
            if not over:
                continue
            found += 1
            v = _timeml_value(over[0])
            right += v == value or (v is not None and len(value) > 10 and value[:10] == v)
    assert total > 1000
    assert found / total >= 0.94, (found, total)
    assert right / found >= 0.87, (right, found)
