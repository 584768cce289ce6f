"""The bundled country table: names, aliases, demonyms -> ISO 3166-1 alpha-3.

Built by ``scripts/build_countries.py`` from mledoze/countries (ODbL) and GeoNames
countryInfo (CC-BY 4.0). Load once with :func:`load_countries` and pass the
:class:`CountryTable` to whatever needs it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

_ARTICLE = re.compile(r"^(the)\s+", re.I)
_POSS = re.compile(r"'s?$")
_SPACES = re.compile(r"[\s\-]+")


def norm(text: str) -> str:
    """Normalise a name for lookup: case, curly quotes, a leading 'the', possessive 's."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").strip()
    t = _ARTICLE.sub("", t)
    t = _POSS.sub("", t)
    t = _SPACES.sub(" ", t).strip(" .,")
    return t.lower()


def fold(text: str) -> str:
    """Lower case without accents ("Chișinău" -> "chisinau") for capital look-ups."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    capital: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int | None
    region: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


class CountryTable:
    def __init__(self, rows: Iterable[dict]) -> None:
        self.by_iso3: dict[str, Country] = {}
        self._by_name: dict[str, str] = {}
        self._by_demonym: dict[str, str] = {}
        self.by_iso2_map: dict[str, str] = {}
        names: dict[str, list[Country]] = {}
        demonyms: dict[str, list[Country]] = {}
        for r in rows:
            c = Country(r["iso3"], r["iso2"], r["name"], r.get("capital"), r.get("lat"), r.get("lon"),
                        r.get("geonameid"), r.get("population"), r.get("region"),
                        tuple(r.get("aliases", [])), tuple(r.get("demonyms", [])))
            self.by_iso3[c.iso3] = c
            self.by_iso2_map[c.iso2] = c.iso3
            for a in (c.name, *c.aliases):
                k = norm(a)
                # two-letter codes ("US", "UK") only in their exact upper-case form, below
                if len(k) > 2:
                    names.setdefault(k, []).append(c)
            for d in c.demonyms:
                demonyms.setdefault(norm(d), []).append(c)
                # plural demonyms: "Russians"; "Chinese" stays
                if not d.endswith(("s", "ese")):
                    demonyms.setdefault(norm(d) + "s", []).append(c)
        # A word several entries share ("French": France and the French Southern Territories,
        # "American": the USA and American Samoa) means the most populous; a country's own
        # common name always wins over another entry's alias.
        for k, cands in names.items():
            own = [c for c in cands if norm(c.name) == k]
            self._by_name[k] = max(own or cands, key=lambda c: c.population or 0).iso3
        for k, cands in demonyms.items():
            self._by_demonym[k] = max(cands, key=lambda c: c.population or 0).iso3
        self._codes = {"US": "USA", "UK": "GBR", "UAE": "ARE", "EU": None}
        #: capital city (:func:`fold`-ed) -> its country, the first country listing it
        self.by_capital: dict[str, Country] = {}
        for c in self.by_iso3.values():
            if c.capital:
                self.by_capital.setdefault(fold(c.capital), c)

    def get(self, iso3: str | None) -> Country | None:
        return self.by_iso3.get(iso3 or "")

    def by_iso2(self, iso2: str) -> Country | None:
        return self.get(self.by_iso2_map.get(iso2.upper()))

    def lookup_name(self, text: str) -> Country | None:
        """A country by its name or an alias ("China", "the U.S.", "DPRK", "Turkey")."""
        stripped = text.strip().rstrip(".")
        if stripped in self._codes or stripped.replace(".", "") in self._codes:
            return self.get(self._codes.get(stripped) or self._codes.get(stripped.replace(".", "")))
        return self.get(self._by_name.get(norm(text)))

    def lookup_demonym(self, text: str) -> Country | None:
        """A country by its demonym ("North Korean", "Chinese", "Russians")."""
        return self.get(self._by_demonym.get(norm(text)))

    def lookup(self, text: str) -> Country | None:
        return self.lookup_name(text) or self.lookup_demonym(text)

    def names(self) -> list[tuple[str, str]]:
        """(surface name, iso3) pairs, for building matchers."""
        out = [(c.name, c.iso3) for c in self.by_iso3.values()]
        out += [(a, c.iso3) for c in self.by_iso3.values() for a in c.aliases]
        return out

    def demonyms(self) -> list[tuple[str, str]]:
        return [(d, c.iso3) for c in self.by_iso3.values() for d in c.demonyms]


def load_countries() -> CountryTable:
    path = resources.files("dateline") / "data" / "countries.json"
    return CountryTable(json.loads(path.read_text(encoding="utf-8")))
