"""One sense per article for a news dateline's place (part of the places stage).

A dateline with no state or country after it ("WASHINGTON --", "NEW YORK (AP) --") names a city
that news style lets stand alone: a big city, whatever states the story goes on to name. The
resolver, weighing the states an article names, can read such a name as a small town of one of
them ("Washington", Missouri, in a story that names Missouri); :func:`dateline_senses` gives the
dateline the most populous city of that name instead (of :data:`DATELINE_POPULATION` people or
more), and the other mentions of the same name in the article the same place (one sense per
article: "WASHINGTON -- ... testified in Washington").
"""

from __future__ import annotations

import re
from typing import Sequence

from ..refdata.gazetteer import Gazetteer, Place, fold

#: Least population of the city a bare dateline is read as.
DATELINE_POPULATION = 100_000
#: A dateline's name: capitals (and spaces, dots, apostrophes) at the start of a line, then a
#: dash, a bracket or a colon (a comma would bring the state: "COLUMBUS, Ohio").
_BARE = re.compile(r"\s*[\u2014\u2013\-(:\ufffd]")


def bare_dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a dateline in capitals with no state or country after
    it: at the start of the text or of a line, followed by a dash, a bracket or a colon."""
    name = text[start:end]
    if not name.isupper() or not any(c.isalpha() for c in name):
        return False
    if start > 0 and text[start - 1] != "\n":
        return False
    return bool(_BARE.match(text, end))


def dateline_senses(gaz: Gazetteer, mentions: Sequence[tuple[str, int, int, str, int]],
                    resolved: list[Place | None], texts: dict[str, str],
                    kinds: Sequence[str] = ()) -> list[Place | None]:
    """``resolved`` with each bare dateline (:func:`bare_dateline`, in the body) read as the
    most populous city of its name (of DATELINE_POPULATION people or more), and the other
    mentions of that name given the same place, but a compass phrase's ("eastern
    Washington" is the state's part). ``mentions`` are (text, start, end, field, sentence);
    ``texts`` each field's text; ``kinds`` the candidates' kinds (SPOT, COMPASS, ...)."""
    senses: dict[str, Place] = {}
    for (name, s, e, field, _si) in mentions:
        if field != "body" or not bare_dateline(texts.get(field, ""), s, e):
            continue
        cities = [p for p, exact in gaz.candidates(name) if exact and p.resolution == "city"
                  and p.population >= DATELINE_POPULATION]
        if cities:
            senses[fold(name)] = max(cities, key=lambda p: p.population)
    if not senses:
        return resolved
    kinds = list(kinds) or [""] * len(mentions)
    return [p if k == "COMPASS" else senses.get(fold(m[0]), p)
            for m, p, k in zip(mentions, resolved, kinds)]
