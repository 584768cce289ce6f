"""Canonical actors: office holders (date-aware), organisations, metonyms, countries.

The :class:`ActorTable` answers "who is this span?" with an :class:`~dateline.model.Actor`
(name, ISO3 country, PLOVER sector, Wikidata id). It is built from the bundled tables
``data/actors_people.json`` and ``data/actors_orgs.tsv`` (see ``scripts/build_actors.py`` for
sources and licences) plus the country table. Load it once with :func:`load_actor_table` and
cache it in ``Resources`` (key :data:`RESOURCE_KEY`); nothing here is a module global.

Entry points:

- :meth:`ActorTable.resolve_person` -- a person's name (full, variant or short) at a date;
- :meth:`ActorTable.resolve_org` -- news agencies, IGOs, seats of government ("the Kremlin");
- :meth:`ActorTable.resolve_text` -- any span: the above, country names ("China" -> CHN GOV),
  capitals used as metonyms ("Pyongyang" -> PRK GOV), demonym + role phrases ("North Korean
  state media" -> PRK MED, "Chinese President Xi Jinping" -> Xi Jinping).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources as ilr
from typing import Iterable

from ..model import Actor
from .actor_words import ActorWords, load_actor_words
from .countries import CountryTable, load_countries
from .names import clean_span, fold, name_key
from .roles import NOUN_SECTORS, ROLE_SECTORS, ROLE_TABLE, analyse_phrase, strip_titles

__all__ = ["RESOURCE_KEY", "FAMILY_NAME_FIRST", "ActorTable", "Org", "Person", "Role",
           "load_actor_table", "people_counts", "clean_span", "fold", "name_key", "NOUN_SECTORS", "ROLE_SECTORS",
           "ROLE_TABLE", "analyse_phrase", "strip_titles"]

RESOURCE_KEY = "actors:table"
#: A surname more people of the tables bear than this is read only against the article's
#: countries (see :meth:`ActorTable.find_short`).
COMMON_SURNAME = 2

#: Countries whose names put the family name first ("Kim Jong-un" -> "Kim", "Xi Jinping" -> "Xi").
FAMILY_NAME_FIRST = {"CHN", "PRK", "KOR", "TWN", "HKG", "MAC", "VNM", "KHM", "MNG"}


def _pad(date: str, upper: bool) -> str:
    """Pad an ISO prefix to a full date: the first (or last) day it can mean."""
    if len(date) >= 10:
        return date[:10]
    if len(date) == 7:
        return date + ("-31" if upper else "-01")
    return date[:4] + ("-12-31" if upper else "-01-01")


@dataclass(frozen=True)
class Role:
    country: str | None
    sector: str | None
    title: str
    kind: str  # "head" | "foreign_minister"
    start: str | None
    end: str | None

    def covers(self, when: str | None) -> bool:
        """Whether the term covers ``when`` (an ISO date); ``None`` means "now" (open terms)."""
        if when is None:
            return self.end is None
        w = _pad(when, upper=False)
        if self.start and w < _pad(self.start, upper=False):
            return False
        if self.end and w > _pad(self.end, upper=len(self.end) < 10):
            return False
        return True


@dataclass(frozen=True)
class Person:
    qid: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    def role_at(self, when: str | None) -> Role | None:
        """The role held at ``when`` (heads of state/government before ministers)."""
        held = [r for r in self.roles if r.sector and r.covers(when)]
        held.sort(key=lambda r: (r.kind != "head", r.country is None))
        return held[0] if held else None

    def nationality(self) -> str | None:
        """The person's country, which outlives every role: the country of the latest role
        (by start) that has one."""
        dated = [r for r in self.roles if r.country]
        if not dated:
            return None
        return max(dated, key=lambda r: _pad(r.start or "0001", upper=False)).country

    def countries(self) -> set[str]:
        """Every country the person held a role in."""
        return {r.country for r in self.roles if r.country}

    def short_keys(self) -> set[str]:
        """Name parts a short reference may use: the surname, and the family name for
        East Asian names."""
        out: set[str] = set()
        for n in (self.name, *self.aliases):
            parts = name_key(n).split()
            if len(parts) < 2:
                continue
            out.add(parts[-1])
            if any(r.country in FAMILY_NAME_FIRST for r in self.roles):
                out.add(parts[0])
        return {p for p in out if len(p) >= 2}


@dataclass(frozen=True)
class Org:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str
    kind: str

    @property
    def ambiguous(self) -> bool:
        return self.kind.endswith(":ambiguous")

    @property
    def curated(self) -> bool:
        """From the project's own tables (not bulk-converted dictionaries): safe to match
        in running text."""
        return not self.kind.startswith("phoenix")


def _is_abbr(alias: str) -> bool:
    """All-caps or very short aliases ("AP", "KCNA", "RIA", "dpa") match case-sensitively."""
    core = alias.replace(".", "").replace("-", "").replace("/", "")
    return len(core) <= 4 or core.isupper()


class ActorTable:
    """People, organisations and countries, with date-aware name resolution."""

    def __init__(self, people: Iterable[Person], orgs: Iterable[Org], countries: CountryTable,
                 words: ActorWords | None = None) -> None:
        self.countries = countries
        self.words = words or load_actor_words()
        self.people: list[Person] = list(people)
        self.orgs: list[Org] = list(orgs)
        self._person_by_key: dict[str, list[Person]] = {}
        self._person_by_part: dict[str, list[Person]] = {}
        for p in self.people:
            for n in (p.name, *p.aliases):
                self._add(self._person_by_key, name_key(n), p)
            for part in p.short_keys():
                self._add(self._person_by_part, part, p)
        # every reading of a name or abbreviation, in table order (the first is the default)
        self._org_by_key: dict[str, list[Org]] = {}
        self._org_by_abbr: dict[str, list[Org]] = {}
        for o in self.orgs:
            for n in self.org_surface_forms(o):
                if _is_abbr(clean_span(n)):
                    readings = self._org_by_abbr.setdefault(clean_span(n), [])
                else:
                    readings = self._org_by_key.setdefault(name_key(n), [])
                if o not in readings:
                    readings.append(o)
        self._capitals: dict[str, str] = {}
        by_pop = sorted(countries.by_iso3.values(), key=lambda c: -(c.population or 0))
        for c in by_pop:
            if c.capital:
                for cap in {c.capital, re.sub(r"\s+D\.?C\.?$", "", c.capital)}:
                    self._capitals.setdefault(name_key(cap), c.iso3)

    @staticmethod
    def _add(index: dict[str, list[Person]], key: str, p: Person) -> None:
        if key and p not in index.setdefault(key, []):
            index[key].append(p)

    @staticmethod
    def org_surface_forms(o: Org) -> list[str]:
        """Names an organisation may be written as. Generic aliases ("the Alliance", "the
        Commission") and ambiguous seats ("Congress") are left out: they need context."""
        forms = [] if o.ambiguous else [o.name]
        for a in o.aliases:
            if a.lower().startswith("the ") and len(a.split()) == 2 and not _is_abbr(a[4:]):
                continue
            forms.append(a)
        return forms

    # ---- people -----------------------------------------------------------------------

    def role_at(self, p: Person, when: str | None) -> Role | None:
        """The role ``p`` holds at ``when``: heads of state/government before ministers, and
        the more populous country first (a French president is also co-prince of Andorra)."""
        held = [r for r in p.roles if r.sector and r.covers(when)]
        if not held:
            return None

        def pop(r: Role) -> int:
            c = self.countries.get(r.country)
            return (c.population or 0) if c else 0
        held.sort(key=lambda r: (r.kind != "head", r.country is None, -pop(r)))
        return held[0]

    def person_actor(self, p: Person, text: str, when: str | None) -> Actor:
        """``p`` as an actor at ``when``: the country and sector of the role held then; out of
        office (before, between or after the known roles), the person's nationality and no
        sector -- a nationality never expires, a role does."""
        role = self.role_at(p, when)
        qid = p.qid or None
        if role is not None:
            return Actor(text, p.name, role.country, role.sector, qid)
        return Actor(text, p.name, p.nationality(), None, qid)

    def _pick(self, cands: list[Person], when: str | None,
              prefer: Iterable[str] = ()) -> Person | None:
        """Among namesakes: the one in office at ``when``; else the one of the article's
        countries (``prefer``); else, when all share one nationality, the first."""
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        held = [p for p in cands if p.role_at(when) is not None]
        if len(held) == 1:
            return held[0]
        prefer = set(prefer)
        local = [p for p in (held or cands) if p.countries() & prefer]
        if len(local) == 1:
            return local[0]
        if len({p.nationality() for p in cands}) == 1:
            return cands[0]
        return None

    def find_person(self, name: str, when: str | None = None,
                    prefer: Iterable[str] = ()) -> Person | None:
        """A person by full name or variant; among namesakes, the one in office at ``when``,
        else the one of the article's countries ``prefer``."""
        return self._pick(self._person_by_key.get(name_key(name), []), when, prefer)

    def find_short(self, part: str, when: str | None = None,
                   prefer: Iterable[str] = ()) -> Person | None:
        """A one-word reference ("Putin", "Xi"): among the bearers of that surname (or
        family name), the one head of state or government in office at ``when``, else the
        one office holder, else the only bearer. Bearers who held a role in one of the
        article's countries (``prefer``) go first; when none did, a surname that more than
        :data:`COMMON_SURNAME` people of the tables share is left unresolved ("Williams" in a
        US story is not a governor-general of Antigua), a rarer one ("Trump" in a story about
        North Korea) is read from the whole table, but only for someone in office at ``when``:
        an article with countries of its own does not name a foreign former office holder by
        one word ("Meta" in a story about the company is not Albania's former president Ilir
        Meta, "Eugene" in an Oregon story not Taiwan's Eugene Chien)."""
        cands = self._person_by_part.get(name_key(part), [])
        prefer = set(prefer)
        local = [p for p in cands if p.countries() & prefer]
        if local or (prefer and len(cands) > COMMON_SURNAME):
            return self._short(local, when)
        return self._short(cands, when, former=not prefer)

    def _short(self, cands: list[Person], when: str | None, former: bool = True) -> Person | None:
        held = [p for p in cands if p.role_at(when) is not None]
        heads = [p for p in held if (p.role_at(when) or Role(None, "", "", "", None, None)).kind == "head"]
        if len(heads) == 1 and all(p.qid for p in held):
            return heads[0]
        if len(held) == 1:
            return held[0]
        # a former office holder nobody else shares the name with ("Biden" in 2025); with
        # ``former`` False (a foreign one, see :meth:`find_short`) nobody
        return cands[0] if former and len(cands) == 1 and not held else None

    def resolve_person(self, name: str, when: str | None = None,
                       prefer: Iterable[str] = ()) -> Actor | None:
        """Resolve a person's name (full, variant, or an unambiguous surname) at ``when``;
        ``prefer``: the article's countries, which decide between namesakes."""
        text = name
        core = strip_titles(name, self.countries)
        p = self.find_person(core, when, prefer)
        if p is None and len(name_key(core).split()) == 1:
            p = self.find_short(core, when, prefer)
        return self.person_actor(p, text, when) if p is not None else None

    # ---- organisations ----------------------------------------------------------------

    def find_org(self, name: str, prefer: Iterable[str] = ()) -> Org | None:
        """An organisation by name or abbreviation; of several readings ("National
        Liberation Army" in Colombia and in Bolivia), the one of the article's countries
        ``prefer``, else the table's first."""
        c = clean_span(name)
        readings = self._org_by_abbr.get(c) or self._org_by_key.get(name_key(c)) or []
        if not readings:
            return None
        prefer = set(prefer)
        return next((o for o in readings if o.country in prefer), readings[0])

    def resolve_org(self, name: str, prefer: Iterable[str] = ()) -> Actor | None:
        """News agencies/state media (MED), IGOs (IGO), seats of government (GOV/MIL/LEG)."""
        o = self.find_org(name, prefer)
        if o is None:
            return None
        return Actor(name, o.name, o.country, o.sector, None)

    # ---- countries --------------------------------------------------------------------

    def country_actor(self, text: str) -> Actor | None:
        """A country name ("China") or a capital used as a metonym ("Pyongyang") -> GOV."""
        c = self.countries.lookup_name(clean_span(text))
        if c is None:
            iso = self._capitals.get(name_key(text))
            c = self.countries.get(iso) if iso else None
        if c is None:
            return None
        return Actor(text, c.name, c.iso3, "GOV", None)

    def capital_country(self, text: str) -> str | None:
        return self._capitals.get(name_key(text))

    # ---- any span ---------------------------------------------------------------------

    def resolve_text(self, text: str, when: str | None = None) -> Actor | None:
        """Resolve any span to an actor: organisation, person, country or capital, or a
        phrase of demonym/country + role ("North Korean state media" -> PRK MED)."""
        if not text or not text.strip():
            return None
        a = self.resolve_org(text) or self.resolve_person(text, when) or self.country_actor(text)
        if a is not None:
            return a
        country, sector, rest = analyse_phrase(text, self.countries,
                                               self.words.regional_demonyms)
        if rest:
            p = self.find_person(rest, when)
            if p is None and len(rest.split()) == 1:
                p = self.find_short(rest, when)
            if p is not None:
                return self.person_actor(p, text, when)
            o = self.find_org(rest)
            if o is not None:
                return Actor(text, o.name, o.country, o.sector, None)
        if country is None and sector is None:
            return None
        name = clean_span(text)
        if rest is None and sector is None:
            # a bare demonym ("Chinese"): the country, no sector
            c = self.countries.get(country)
            return Actor(text, c.name if c else name, country, None, None)
        return Actor(text, name, country, sector, None)


def people_counts(people: Iterable[Person]) -> dict[str, Counter[str]]:
    """How many people a table holds: by nationality (``country``), by the sector of any of
    their roles (``sector``; a person with roles of two sectors counts in both, "none" for
    a person known only by country), by kind of role (``kind``: head, foreign_minister,
    phoenix) and by source (``source``: "wikidata" with a QID, "phoenix" without)."""
    out: dict[str, Counter[str]] = {k: Counter() for k in ("country", "sector", "kind", "source")}
    for p in people:
        out["country"][p.nationality() or "none"] += 1
        sectors = {r.sector for r in p.roles if r.sector} or {"none"}
        out["sector"].update(sectors)
        out["kind"].update({r.kind for r in p.roles})
        out["source"]["wikidata" if p.qid else "phoenix"] += 1
    return out


def load_actor_table(countries: CountryTable | None = None) -> ActorTable:
    """Read the bundled people and organisation tables (a few ms; cache the result)."""
    base = ilr.files("dateline") / "data"
    words = load_actor_words()
    people = []
    for p in json.loads((base / "actors_people.json").read_text(encoding="utf-8")):
        roles = tuple(Role(r.get("country"), r.get("sector") or "GOV", r.get("title") or "",
                           r.get("kind") or "head", r.get("start"), r.get("end")) for r in p["roles"])
        people.append(Person(p["qid"], p["name"], tuple(p.get("aliases", [])), roles))
    phx = base / "actors_phoenix.json"
    if phx.is_file():
        for name, aliases, rows in json.loads(phx.read_text(encoding="utf-8")):
            # a code that is no sector (a territory's, "GBR" + "FLK") is a role of unknown sector
            roles = tuple(Role(c, sec if sec in words.sectors else None, "", "phoenix", start, end)
                          for c, sec, start, end in rows)
            people.append(Person("", name, tuple(aliases), roles))
    orgs = []
    text = (base / "actors_orgs.tsv").read_text(encoding="utf-8")
    for r in csv.DictReader(text.splitlines(), delimiter="\t"):
        aliases = tuple(a for a in (r.get("aliases") or "").split("|") if a)
        orgs.append(Org(r["name"], aliases, r.get("country") or None, r["sector"], r.get("kind") or ""))
    return ActorTable(people, orgs, countries or load_countries(), words)
