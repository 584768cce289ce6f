"""The one role -> PLOVER/CAMEO sector table of the package, and phrase analysis with it.

The table is ``data/roles.json`` (written for this project, CC0; see ``data/SOURCES.md``). Each
word or phrase has a sector and a use: "title" -- read around a person's name by the entities
stage ("Foreign Minister X", "X, the army chief"; longest phrase wins, lower case); "noun" --
the head lemma of an unnamed actor's noun phrase in the events stage ("police", "the minister",
"rebels", "thousands of students"; sector null: an actor without a sector); "both". Nouns that
are common words elsewhere ("man", "people", "state") are "noun" only, so that no title is read
from them. Sectors follow the Phoenix agents dictionary where the two uses disagreed before
(doctors and nurses HLH, students EDU).

The table is read once, at import, into the constants below (it is package data, like code).
"""

from __future__ import annotations

import json
import re
from importlib import resources as ilr
from typing import Mapping

from .countries import CountryTable
from .names import clean_span


def _load_roles() -> tuple[dict[str, tuple[str | None, str]], frozenset[str]]:
    raw = json.loads((ilr.files("dateline") / "data" / "roles.json").read_text(encoding="utf-8"))
    table = {word: (None if sector == "none" else sector, use)
             for sector, words in raw["roles"].items() for word, use in words.items()}
    return table, frozenset(raw["proxies"])


#: word or phrase -> (sector or None, use): see the module docstring.
#: PROXY_ROLES: role words that stand for the body named before them ("army spokesman": MIL).
ROLE_TABLE, PROXY_ROLES = _load_roles()

#: Title words and phrases -> sector (entities stage).
ROLE_SECTORS: dict[str, str] = {k: s for k, (s, use) in ROLE_TABLE.items()
                                if use in ("title", "both") and s is not None}
#: Head-noun lemmas -> sector (events stage: unnamed actors).
NOUN_SECTORS: dict[str, str | None] = {k: s for k, (s, use) in ROLE_TABLE.items()
                                       if use in ("noun", "both")}

MAX_ROLE_WORDS = max(len(k.split()) for k in ROLE_SECTORS)


def _tokens(text: str) -> list[str]:
    t = text.replace("\u2019", "'")
    t = re.sub(r"'s\b", " 's", t)
    return re.findall(r"'s|[\w.\-]+|[^\w\s]", t)


def analyse_phrase(text: str, countries: CountryTable,
                   regional: Mapping[str, str] | None = None
                   ) -> tuple[str | None, str | None, str | None]:
    """Split a phrase into (country, sector, remaining capitalised name).

    "North Korean leader Kim Jong-un" -> ("PRK", "GOV", "Kim Jong-un");
    "Russia's foreign minister" -> ("RUS", "GOV", None); "Chinese" -> ("CHN", None, None).

    The country is the first country name or demonym (or a region's demonym in
    ``regional``: "Scottish" -> GBR); a country name after "New" is part of another name
    ("New Jersey", "New Mexico"). The sector is that of the longest role phrase; of equally
    long ones, the head: the last one before an "of" ("Justice Secretary" is GOV, "Ministry
    of Justice" GOV), a proxy ("spokesman", "officials") only when no other role word is
    there ("army spokesman" is MIL).
    """
    toks = [t for t in _tokens(text) if t not in ("'s", ",", "the", "The", "a", "an")]
    country: str | None = None
    used = [False] * len(toks)
    i = 0
    while i < len(toks):
        hit = False
        for n in range(min(4, len(toks) - i), 0, -1):
            span = " ".join(toks[i:i + n])
            c = countries.lookup(span)
            iso = c.iso3 if c is not None else (regional or {}).get(span.lower())
            if iso is not None and i > 0 and toks[i - 1] == "New" and not used[i - 1]:
                iso = None  # "New Jersey" is no Jersey
            if iso is not None:
                country = country or iso
                hit = True
                for j in range(i, i + n):
                    used[j] = True
                i += n
                break
        if not hit:
            i += 1
    matches: list[tuple[int, int, str]] = []  # (start, length, sector)
    for i in range(len(toks)):
        for n in range(min(MAX_ROLE_WORDS, len(toks) - i), 0, -1):
            phrase = " ".join(toks[i:i + n]).lower()
            if phrase in ROLE_SECTORS:
                matches.append((i, n, ROLE_SECTORS[phrase]))
                for j in range(i, i + n):
                    used[j] = True
                break
    sector = _head_sector(toks, matches)
    # the name is the trailing run of unused capitalised tokens
    tail: list[str] = []
    for t, u in reversed(list(zip(toks, used))):
        if u or not (t[:1].isupper() or "-" in t):
            if tail:
                break
            continue
        tail.insert(0, t)
    return country, sector, (" ".join(tail) if tail else None)


def _head_sector(toks: list[str], matches: list[tuple[int, int, str]]) -> str | None:
    """The sector of the head role phrase among ``matches`` (see :func:`analyse_phrase`)."""
    if not matches:
        return None
    longest = max(n for _, n, _ in matches)
    best = [(i, n, s) for i, n, s in matches if n == longest]
    covered = {j for i, n, _ in matches for j in range(i, i + n)}
    of = next((j for j, t in enumerate(toks) if t.lower() == "of" and j not in covered), None)
    if of is not None and any(i < of for i, _, _ in best):
        best = [m for m in best if m[0] < of]
    own = [m for m in best if toks[m[0]].lower() not in PROXY_ROLES or m[1] > 1]
    return (own or best)[-1][2]


def strip_titles(text: str, countries: CountryTable) -> str:
    """Drop leading titles and demonyms from a person span ("President Xi Jinping" -> "Xi
    Jinping"); returns the text unchanged when nothing is left."""
    toks = clean_span(text).split()
    i = 0
    while i < len(toks) - 1:
        w = toks[i].lower().rstrip(",")
        two = " ".join(toks[i:i + 2]).lower()
        if two in ROLE_SECTORS and i + 2 < len(toks):
            i += 2
        elif w in ROLE_SECTORS or w in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.") \
                or countries.lookup(toks[i].rstrip(",").replace("'s", "")) is not None:
            i += 1
        else:
            break
    return " ".join(toks[i:]) if i < len(toks) else text
