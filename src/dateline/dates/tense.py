"""The tense of the clause around a date expression, read from the surface words ("will",
"said", "-ed" forms): what the date grammar (:mod:`dateline.dates.timex`) uses to resolve "on
Monday" when no parse is given."""

from __future__ import annotations

import re
from typing import Optional

from .periods import _sentence_bounds

_FUTURE_CUES = re.compile(
    r"\b(?:will|shall|won't|would|'ll|upcoming|ahead\s+of|"
    r"(?:is|are|be)\s+(?:scheduled|due|expected|set|slated|poised|going|planning|preparing)\b|"
    r"(?:was|were)\s+(?:scheduled|due|expected|set|slated|poised|going|planning|preparing)\s+to|"
    r"plans?\s+to|(?:is|are|be|been)\s+planned|had\s+planned\s+to|intends?\s+to|"
    r"to\s+(?:attend|visit|meet|hold|host|travel|sign|vote|discuss|address|begin|start|launch|"
    r"resume|open|join|arrive|return|announce|deliver|speak|decide|rule|testify|appear|face|"
    r"take\s+part|participate|lead|chair|unveil|present|release|inaugurate|convene|tour))\b",
    re.IGNORECASE)
_IRREGULAR_PAST = (
    "said|told|met|went|came|left|held|took|made|gave|saw|began|won|lost|sent|flew|spoke|fought|"
    "struck|got|found|brought|bought|thought|felt|kept|ran|rose|fell|wrote|broke|chose|drove|"
    "knew|grew|threw|stood|sat|paid|sold|built|meant|led|was|were|had|did|became|shot|hit|"
    "beat|swept|fled|slid|won|stole|drew|ate|overtook|withdrew|undertook|forbade|sought|taught|"
    "caught|fought|bore|tore|wore|swore|shook|woke|rode|hid|bit|lit|quit|dealt|heard|ago|earlier|"
    "last|yesterday|already")
_PAST_CUES = re.compile(rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{3,}}ed)\b")  # lower case: not "Ahmed"
#: "-ed" words that are not past-tense markers in a clause (adjectives, future frames).
_NOT_PAST = frozenset("""
scheduled expected supposed united armed based limited alleged proposed need speed
seed bed hundred red bred shed indeed feed deed embed wed creed breed tweed steed exceed
proceed succeed concerned detailed advanced related interested committed dedicated
""".split())


def surface_tense(text: str, start: int, end: int) -> Optional[str]:
    """"past" / "future" from the nearest tense cue in the sentence, None when none is found."""
    s, e = _sentence_bounds(text, start, end)
    best: tuple[float, str] | None = None
    for regex, label in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
        for m in regex.finditer(text, s, e):
            if m.start() < end and m.end() > start:
                continue  # inside the expression itself ("last Friday")
            word = m.group(0).lower()
            if label == "past" and word in _NOT_PAST:
                continue
            if word == "planned" and not re.match(r"\s+to\b", text[m.end():]):
                continue  # "the planned talks" is an adjective; "the government planned to" past
            if label == "past" and word.endswith("ed") and re.search(
                    r"(?i)\b(?:be|being|been|is|are|am|to|will)\s+(?:\w+ly\s+)?$", text[max(0, m.start() - 20):m.start()]):
                continue  # "will be named", "is expected", "has been" decides, not the participle
            dist = start - m.end() if m.end() <= start else (m.start() - end) * 1.5
            if best is None or dist < best[0]:
                best = (dist, label)
    return best[1] if best else None
