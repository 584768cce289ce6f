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
import unicodedata
from dataclasses import dataclass
from importlib import resources as ilr
from typing import Iterable

from ..model import Actor
from .countries import CountryTable, load_countries

RESOURCE_KEY = "actors:table"

#: Countries whose names put the family name first ("Kim Jong-un" -> "Kim", "Xi Jinping" -> "Xi").
FAMILY_NAME_FIRST = {"CHN", "PRK", "KOR", "TWN", "HKG", "MAC", "VNM", "KHM", "MNG"}

#: The one role -> PLOVER/CAMEO sector table of the package. Each word or phrase has a sector
#: and a use: "title" -- read around a person's name by the entities stage ("Foreign Minister
#: X", "X, the army chief"; longest phrase wins, lower case); "noun" -- the head lemma of an
#: unnamed actor's noun phrase in the events stage ("police", "the minister", "rebels",
#: "thousands of students"; None: an actor without a sector); "both". Nouns that are common
#: words elsewhere ("man", "people", "state") are "noun" only, so that no title is read from
#: them. Sectors follow the Phoenix agents dictionary where the two uses disagreed before
#: (doctors and nurses HLH, students EDU).
ROLE_TABLE: dict[str, tuple[str | None, str]] = {
    # GOV
    "president": ("GOV", "both"), "vice president": ("GOV", "title"),
    "prime minister": ("GOV", "title"), "premier": ("GOV", "both"), "leader": ("GOV", "both"),
    "supreme leader": ("GOV", "title"), "chancellor": ("GOV", "both"),
    "minister": ("GOV", "both"), "foreign minister": ("GOV", "title"),
    "defence minister": ("GOV", "title"), "defense minister": ("GOV", "title"),
    "secretary of state": ("GOV", "title"), "secretary": ("GOV", "both"), "king": ("GOV", "both"),
    "queen": ("GOV", "title"), "emperor": ("GOV", "title"), "crown prince": ("GOV", "title"),
    "emir": ("GOV", "title"), "sultan": ("GOV", "title"), "monarch": ("GOV", "both"),
    "government": ("GOV", "both"), "administration": ("GOV", "both"), "cabinet": ("GOV", "both"),
    "ministry": ("GOV", "both"), "foreign ministry": ("GOV", "both"), "official": ("GOV", "both"),
    "officials": ("GOV", "title"), "spokesman": ("GOV", "both"), "spokeswoman": ("GOV", "both"),
    "spokesperson": ("GOV", "both"), "ambassador": ("GOV", "both"), "envoy": ("GOV", "both"),
    "diplomat": ("GOV", "both"), "diplomats": ("GOV", "title"), "governor": ("GOV", "both"),
    "mayor": ("GOV", "both"), "authorities": ("GOV", "title"), "regime": ("GOV", "both"),
    "head of state": ("GOV", "title"), "state": ("GOV", "both"), "negotiator": ("GOV", "both"),
    "negotiators": ("GOV", "title"), "delegation": ("GOV", "both"), "authority": ("GOV", "noun"),
    "department": ("GOV", "noun"), "embassy": ("GOV", "noun"), "prime": ("GOV", "noun"),
    "council": ("GOV", "noun"), "commission": ("GOV", "noun"), "emissary": ("GOV", "noun"),
    "representative": ("GOV", "noun"), "counterpart": ("GOV", "noun"), "ally": ("GOV", "noun"),
    "nation": ("GOV", "noun"), "country": ("GOV", "noun"), "leadership": ("GOV", "noun"),
    "delegate": ("GOV", "noun"), "agency": ("GOV", "noun"),
    # MIL
    "military": ("MIL", "both"), "army": ("MIL", "both"), "navy": ("MIL", "both"),
    "air force": ("MIL", "title"), "troops": ("MIL", "both"), "soldiers": ("MIL", "both"),
    "soldier": ("MIL", "both"), "forces": ("MIL", "both"), "armed forces": ("MIL", "title"),
    "general": ("MIL", "both"), "gen.": ("MIL", "title"), "colonel": ("MIL", "title"),
    "col.": ("MIL", "title"), "admiral": ("MIL", "title"), "commander": ("MIL", "both"),
    "army chief": ("MIL", "title"), "military chief": ("MIL", "title"),
    "lieutenant": ("MIL", "title"), "major general": ("MIL", "title"),
    "brigadier": ("MIL", "title"), "marines": ("MIL", "title"),
    "defence forces": ("MIL", "title"), "defense forces": ("MIL", "title"),
    "chief of staff": ("MIL", "title"), "sergeant": ("MIL", "title"), "captain": ("MIL", "title"),
    "troop": ("MIL", "noun"), "force": ("MIL", "noun"), "jet": ("MIL", "noun"),
    "warplane": ("MIL", "noun"), "aircraft": ("MIL", "noun"), "marine": ("MIL", "noun"),
    "coalition": ("MIL", "noun"),
    # OPP
    "opposition": ("OPP", "both"), "opposition leader": ("OPP", "title"),
    "opposition party": ("OPP", "title"), "dissident": ("OPP", "both"),
    "dissidents": ("OPP", "title"), "opponent": ("OPP", "noun"),
    # JUD
    "judge": ("JUD", "both"), "judges": ("JUD", "title"), "court": ("JUD", "both"),
    "supreme court": ("JUD", "title"), "prosecutor": ("JUD", "both"),
    "prosecutors": ("JUD", "title"), "justice": ("JUD", "title"), "tribunal": ("JUD", "both"),
    "chief justice": ("JUD", "title"), "judiciary": ("JUD", "noun"), "jury": ("JUD", "noun"),
    # LEG
    "lawmaker": ("LEG", "both"), "lawmakers": ("LEG", "title"), "mp": ("LEG", "both"),
    "mps": ("LEG", "title"), "senator": ("LEG", "both"), "senators": ("LEG", "title"),
    "sen.": ("LEG", "title"), "rep.": ("LEG", "title"), "congressman": ("LEG", "title"),
    "congresswoman": ("LEG", "title"), "parliament": ("LEG", "both"),
    "legislator": ("LEG", "both"), "legislators": ("LEG", "title"),
    "parliamentarian": ("LEG", "title"), "parliamentarians": ("LEG", "title"),
    "speaker": ("LEG", "title"), "legislature": ("LEG", "both"), "congress": ("LEG", "noun"),
    "senate": ("LEG", "noun"), "assembly": ("LEG", "noun"),
    # COP
    "police": ("COP", "both"), "policeman": ("COP", "both"), "policemen": ("COP", "title"),
    "police officers": ("COP", "title"), "police chief": ("COP", "title"),
    "officer": ("COP", "noun"), "cop": ("COP", "noun"), "guard": ("COP", "noun"),
    "security": ("COP", "noun"), "agent": ("COP", "noun"), "investigator": ("COP", "noun"),
    # REB
    "rebel": ("REB", "both"), "rebels": ("REB", "title"), "militant": ("REB", "both"),
    "militants": ("REB", "title"), "insurgent": ("REB", "both"), "insurgents": ("REB", "title"),
    "guerrilla": ("REB", "both"), "guerrillas": ("REB", "title"), "jihadist": ("REB", "both"),
    "jihadists": ("REB", "title"), "separatist": ("REB", "both"), "separatists": ("REB", "title"),
    "militia": ("REB", "both"), "militias": ("REB", "title"), "rebel leader": ("REB", "title"),
    "militant leader": ("REB", "title"), "terrorists": ("REB", "title"),
    "fighter": ("REB", "noun"), "gunman": ("REB", "noun"), "terrorist": ("REB", "noun"),
    "extremist": ("REB", "noun"), "attacker": ("REB", "noun"), "bomber": ("REB", "noun"),
    "assailant": ("REB", "noun"), "fundamentalist": ("REB", "noun"), "islamist": ("REB", "noun"),
    "hacker": ("REB", "noun"),
    # CVL
    "activist": ("CVL", "both"), "activists": ("CVL", "title"), "protester": ("CVL", "both"),
    "protesters": ("CVL", "title"), "protestors": ("CVL", "title"),
    "demonstrators": ("CVL", "title"), "civilians": ("CVL", "title"),
    "residents": ("CVL", "title"), "citizens": ("CVL", "title"), "villagers": ("CVL", "title"),
    "people": ("CVL", "both"), "demonstrator": ("CVL", "noun"), "resident": ("CVL", "noun"),
    "civilian": ("CVL", "noun"), "villager": ("CVL", "noun"), "crowd": ("CVL", "noun"),
    "mob": ("CVL", "noun"), "citizen": ("CVL", "noun"), "victim": ("CVL", "noun"),
    "man": ("CVL", "noun"), "woman": ("CVL", "noun"), "youth": ("CVL", "noun"),
    "prisoner": ("CVL", "noun"), "detainee": ("CVL", "noun"), "hostage": ("CVL", "noun"),
    "captive": ("CVL", "noun"), "suspect": ("CVL", "noun"), "supporter": ("CVL", "noun"),
    "population": ("CVL", "noun"), "community": ("CVL", "noun"), "settler": ("CVL", "noun"),
    "inhabitant": ("CVL", "noun"),
    # LAB
    "worker": ("LAB", "noun"), "union": ("LAB", "noun"), "employee": ("LAB", "noun"),
    "staff": ("LAB", "noun"), "labourer": ("LAB", "noun"), "laborer": ("LAB", "noun"),
    "miner": ("LAB", "noun"), "driver": ("LAB", "noun"),
    # AGR
    "farmer": ("AGR", "noun"),
    # EDU
    "students": ("EDU", "title"), "university": ("EDU", "title"), "professor": ("EDU", "title"),
    "student": ("EDU", "noun"), "teacher": ("EDU", "noun"),
    # REF
    "refugee": ("REF", "noun"), "migrant": ("REF", "noun"),
    # MED
    "media": ("MED", "both"), "state media": ("MED", "title"), "news agency": ("MED", "title"),
    "newspaper": ("MED", "both"), "journalist": ("MED", "both"), "journalists": ("MED", "title"),
    "reporter": ("MED", "both"), "reporters": ("MED", "title"), "broadcaster": ("MED", "both"),
    "state television": ("MED", "title"), "state tv": ("MED", "title"),
    "television": ("MED", "title"), "press": ("MED", "title"),
    "state news agency": ("MED", "title"), "editor": ("MED", "both"), "medium": ("MED", "noun"),
    # HLH
    "hospital": ("HLH", "both"), "doctors": ("HLH", "both"), "doctor": ("HLH", "noun"),
    "nurse": ("HLH", "noun"),
    # BUS
    "company": ("BUS", "both"), "firm": ("BUS", "both"), "executive": ("BUS", "title"),
    "executives": ("BUS", "title"), "ceo": ("BUS", "title"), "businessman": ("BUS", "title"),
    "bank": ("BUS", "noun"), "investor": ("BUS", "noun"),
    # NGO
    "ngo": ("NGO", "title"), "charity": ("NGO", "both"), "aid group": ("NGO", "title"),
    "rights group": ("NGO", "title"), "human rights group": ("NGO", "title"),
    "aid workers": ("NGO", "title"), "watchdog": ("NGO", "noun"),
    # IGO
    "inspector": ("IGO", "noun"), "peacekeeper": ("IGO", "noun"), "observer": ("IGO", "noun"),
    "mission": ("IGO", "noun"),
    # PTY
    "party": ("PTY", "noun"),
    # CRM
    "cartel": ("CRM", "noun"), "gang": ("CRM", "noun"), "smuggler": ("CRM", "noun"),
    # REL
    "cleric": ("REL", "title"), "imam": ("REL", "title"), "bishop": ("REL", "title"),
    "pope": ("REL", "title"), "church": ("REL", "title"),
    # SPY
    "intelligence": ("SPY", "title"), "spy agency": ("SPY", "title"),
    # None
    "group": (None, "noun"), "organization": (None, "noun"), "organisation": (None, "noun"),
}

#: Title words and phrases -> sector (entities stage).
ROLE_SECTORS: dict[str, str] = {k: s for k, (s, use) in ROLE_TABLE.items()
                                if use in ("title", "both") and s is not None}
#: Head-noun lemmas -> sector (events stage: unnamed actors).
NOUN_SECTORS: dict[str, str | None] = {k: s for k, (s, use) in ROLE_TABLE.items()
                                       if use in ("noun", "both")}

_MAX_ROLE_WORDS = max(len(k.split()) for k in ROLE_SECTORS)

_THE = re.compile(r"^(the|a|an)\s+", re.I)
_POSS = re.compile(r"['\u2019]s?$")
_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Remove diacritics ("Erdoğan" -> "Erdogan")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def clean_span(text: str) -> str:
    """Strip a leading article, a possessive 's and surrounding punctuation."""
    t = text.replace("\u2019", "'").strip().strip(",;:")
    t = _THE.sub("", t)
    t = _POSS.sub("", t)
    return t.strip(" .,")


def name_key(text: str) -> str:
    """A lookup key for person and organisation names: folded, lower case, hyphens and
    punctuation as spaces ("Choe Son-hui" == "Choe Son Hui", "Kim Jong-un" == "Kim Jong Un"),
    common romanisation variants folded ("Zelenskyy" == "Zelensky")."""
    t = fold(clean_span(text)).lower().replace("'", "")
    t = _NON_WORD.sub(" ", t)
    return " ".join(_translit(w) for w in t.split())


def _translit(word: str) -> str:
    """Fold common variants of romanised Slavic names on both sides of a lookup
    ("Zelenskyy"/"Zelensky", "Sergey"/"Sergei", "Dmitriy"/"Dmitri")."""
    if len(word) > 3:
        if word.endswith("yy"):
            return word[:-1]
        if word.endswith("ey"):
            return word[:-1] + "i"
        if word.endswith("iy"):
            return word[:-1]
    return word


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

    def home_country(self) -> str | None:
        for r in sorted(self.roles, key=lambda r: (r.country is None, -(len(r.start or "")))):
            if r.country:
                return r.country
        return None

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

    def __init__(self, people: Iterable[Person], orgs: Iterable[Org], countries: CountryTable) -> None:
        self.countries = countries
        self.people: list[Person] = list(people)
        self.orgs: list[Org] = list(orgs)
        self._person_by_key: dict[str, list[Person]] = {}
        self._person_by_part: dict[str, list[Person]] = {}
        for p in self.people:
            for n in (p.name, *p.aliases):
                self._add(self._person_by_key, name_key(n), p)
            for part in p.short_keys():
                self._add(self._person_by_part, part, p)
        self._org_by_key: dict[str, Org] = {}
        self._org_by_abbr: dict[str, Org] = {}
        for o in self.orgs:
            for n in self.org_surface_forms(o):
                if _is_abbr(clean_span(n)):
                    self._org_by_abbr.setdefault(clean_span(n), o)
                else:
                    self._org_by_key.setdefault(name_key(n), o)
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
        role = self.role_at(p, when)
        qid = p.qid or None
        if role is not None:
            return Actor(text, p.name, role.country, role.sector, qid)
        return Actor(text, p.name, p.home_country(), None, qid)

    def _pick(self, cands: list[Person], when: str | None) -> Person | None:
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        held = [p for p in cands if p.role_at(when) is not None]
        return held[0] if len(held) == 1 else None

    def find_person(self, name: str, when: str | None = None) -> Person | None:
        """A person by full name or variant; among namesakes, the one in office at ``when``."""
        return self._pick(self._person_by_key.get(name_key(name), []), when)

    def find_short(self, part: str, when: str | None = None) -> Person | None:
        """A one-word reference ("Putin", "Xi") when exactly one office holder at ``when``
        has that surname (or family name)."""
        cands = self._person_by_part.get(name_key(part), [])
        held = [p for p in cands if p.role_at(when) is not None]
        heads = [p for p in held if (p.role_at(when) or Role(None, "", "", "", None, None)).kind == "head"]
        if len(heads) == 1 and all(p.qid for p in held):
            return heads[0]
        if len(held) == 1:
            return held[0]
        # a former office holder nobody else shares the name with ("Biden" in 2025)
        return cands[0] if len(cands) == 1 and not held else None

    def resolve_person(self, name: str, when: str | None = None) -> Actor | None:
        """Resolve a person's name (full, variant, or an unambiguous surname) at ``when``."""
        text = name
        core = strip_titles(name, self.countries)
        p = self.find_person(core, when)
        if p is None and len(name_key(core).split()) == 1:
            p = self.find_short(core, when)
        return self.person_actor(p, text, when) if p is not None else None

    # ---- organisations ----------------------------------------------------------------

    def find_org(self, name: str) -> Org | None:
        c = clean_span(name)
        return self._org_by_abbr.get(c) or self._org_by_key.get(name_key(c))

    def resolve_org(self, name: str) -> Actor | None:
        """News agencies/state media (MED), IGOs (IGO), seats of government (GOV/MIL/LEG)."""
        o = self.find_org(name)
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
        country, sector, rest = analyse_phrase(text, self.countries)
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


def _tokens(text: str) -> list[str]:
    t = text.replace("\u2019", "'")
    t = re.sub(r"'s\b", " 's", t)
    return re.findall(r"'s|[\w.\-]+|[^\w\s]", t)


def analyse_phrase(text: str, countries: CountryTable) -> tuple[str | None, str | None, str | None]:
    """Split a phrase into (country, sector, remaining capitalised name).

    "North Korean leader Kim Jong-un" -> ("PRK", "GOV", "Kim Jong-un");
    "Russia's foreign minister" -> ("RUS", "GOV", None); "Chinese" -> ("CHN", None, None).
    """
    toks = [t for t in _tokens(text) if t not in ("'s", ",", "the", "The", "a", "an")]
    country: str | None = None
    sector: str | None = None
    used = [False] * len(toks)
    i = 0
    while i < len(toks):
        hit = False
        for n in range(min(4, len(toks) - i), 0, -1):
            span = " ".join(toks[i:i + n])
            c = countries.lookup(span)
            if c is not None:
                country = country or c.iso3
                hit = True
            if hit:
                for j in range(i, i + n):
                    used[j] = True
                i += n
                break
        if not hit:
            i += 1
    i = 0
    best_len = 0
    while i < len(toks):
        for n in range(min(_MAX_ROLE_WORDS, len(toks) - i), 0, -1):
            phrase = " ".join(toks[i:i + n]).lower()
            if phrase in ROLE_SECTORS:
                if n > best_len or sector is None:
                    sector, best_len = ROLE_SECTORS[phrase], n
                for j in range(i, i + n):
                    used[j] = True
                break
        i += 1
    # the name is the trailing run of unused capitalised tokens
    tail: list[str] = []
    for t, u in reversed(list(zip(toks, used))):
        if u or not (t[:1].isupper() or "-" in t):
            if tail:
                break
            continue
        tail.insert(0, t)
    return country, sector, (" ".join(tail) if tail else None)


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


def load_actor_table(countries: CountryTable | None = None) -> ActorTable:
    """Read the bundled people and organisation tables (a few ms; cache the result)."""
    base = ilr.files("dateline") / "data"
    people = []
    for p in json.loads((base / "actors_people.json").read_text(encoding="utf-8")):
        roles = tuple(Role(r.get("country"), r.get("sector") or "GOV", r.get("title") or "",
                           r.get("kind") or "head", r.get("start"), r.get("end")) for r in p["roles"])
        people.append(Person(p["qid"], p["name"], tuple(p.get("aliases", [])), roles))
    phx = base / "actors_phoenix.json"
    if phx.is_file():
        for name, aliases, rows in json.loads(phx.read_text(encoding="utf-8")):
            roles = tuple(Role(c, sec, "", "phoenix", start, end) for c, sec, start, end in rows)
            people.append(Person("", name, tuple(aliases), roles))
    orgs = []
    text = (base / "actors_orgs.tsv").read_text(encoding="utf-8")
    for r in csv.DictReader(text.splitlines(), delimiter="\t"):
        aliases = tuple(a for a in (r.get("aliases") or "").split("|") if a)
        orgs.append(Org(r["name"], aliases, r.get("country") or None, r["sector"], r.get("kind") or ""))
    return ActorTable(people, orgs, countries or load_countries())
