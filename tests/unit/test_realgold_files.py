"""The real-news gold set's files: the frozen test split, hashed sentences, the split rule.

Reads only the repository's own files (no page, no model).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[1] / "realgold"


def _files(split: str) -> list[Path]:
    return sorted((GOLD / split).glob("*.gold.json"))


def test_test_split_is_frozen():
    recorded = {}
    for line in (GOLD / "test.sha1").read_text().splitlines():
        digest, name = line.split()
        recorded[name] = digest
    now = {p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in _files("test")}
    assert now == recorded, "a frozen test file changed, appeared or disappeared"


@pytest.mark.parametrize("split", ["test", "dev", "train", "agreement"])
def test_no_sentence_is_committed_whole(split):
    for p in sorted((GOLD / split).rglob("*.gold.json")):
        for ev in json.loads(p.read_text())["events"]:
            for s in ev.get("sentences") or []:
                assert set(s) == {"first_words", "sha1"}, p.name
                assert re.fullmatch(r"[0-9a-f]{40}", s["sha1"]) and len(s["first_words"].split()) <= 8


def test_files_sit_in_their_split():
    import sys

    sys.path.insert(0, str(GOLD.parents[1] / "scripts"))
    try:
        import realgold
    finally:
        sys.path.pop(0)
    for split in ("test", "dev", "train"):
        for p in _files(split):
            line = json.loads(p.read_text())["input"].split("shared/", 1)[1]
            assert realgold.split_of(line) == split, p.name
            assert realgold.name_of(line) + ".gold.json" == p.name


def test_agreement_pages_have_two_independent_annotations():
    a = {p.name for p in (GOLD / "agreement" / "a").rglob("*.gold.json")}
    b = {p.name for p in (GOLD / "agreement" / "b").rglob("*.gold.json")}
    assert a == b and len(a) == 20
    assert not a & {p.name for p in _files("test")}  # only dev and train pages
