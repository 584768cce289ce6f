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

#: Role words and phrases -> PLOVER/CAMEO sector. Longest phrase wins; matched on lower case.
ROLE_SECTORS: dict[str, str] = {
    # government
    "president": "GOV", "vice president": "GOV", "prime minister": "GOV", "premier": "GOV",
    "leader": "GOV", "supreme leader": "GOV", "chancellor": "GOV", "minister": "GOV",
    "foreign minister": "GOV", "defence minister": "GOV", "defense minister": "GOV",
    "secretary of state": "GOV", "secretary": "GOV", "king": "GOV", "queen": "GOV",
    "emperor": "GOV", "crown prince": "GOV", "emir": "GOV", "sultan": "GOV", "monarch": "GOV",
    "government": "GOV", "administration": "GOV", "cabinet": "GOV", "ministry": "GOV",
    "foreign ministry": "GOV", "official": "GOV", "officials": "GOV", "spokesman": "GOV",
    "spokeswoman": "GOV", "spokesperson": "GOV", "ambassador": "GOV", "envoy": "GOV",
    "diplomat": "GOV", "diplomats": "GOV", "governor": "GOV", "mayor": "GOV",
    "authorities": "GOV", "regime": "GOV", "head of state": "GOV", "state": "GOV",
    "negotiator": "GOV", "negotiators": "GOV", "delegation": "GOV",
    # military
    "military": "MIL", "army": "MIL", "navy": "MIL", "air force": "MIL", "troops": "MIL",
    "soldiers": "MIL", "soldier": "MIL", "forces": "MIL", "armed forces": "MIL",
    "general": "MIL", "gen.": "MIL", "colonel": "MIL", "col.": "MIL", "admiral": "MIL",
    "commander": "MIL", "army chief": "MIL", "military chief": "MIL", "lieutenant": "MIL",
    "major general": "MIL", "brigadier": "MIL", "marines": "MIL", "defence forces": "MIL",
    "defense forces": "MIL", "chief of staff": "MIL", "sergeant": "MIL", "captain": "MIL",
    # opposition
    "opposition": "OPP", "opposition leader": "OPP", "opposition party": "OPP",
    "dissident": "OPP", "dissidents": "OPP",
    # judiciary
    "judge": "JUD", "judges": "JUD", "court": "JUD", "supreme court": "JUD", "prosecutor": "JUD",
    "prosecutors": "JUD", "justice": "JUD", "tribunal": "JUD", "chief justice": "JUD",
    # legislature
    "lawmaker": "LEG", "lawmakers": "LEG", "mp": "LEG", "mps": "LEG", "senator": "LEG",
    "senators": "LEG", "sen.": "LEG", "rep.": "LEG", "congressman": "LEG",
    "congresswoman": "LEG", "parliament": "LEG", "legislator": "LEG", "legislators": "LEG",
    "parliamentarian": "LEG", "parliamentarians": "LEG", "speaker": "LEG", "legislature": "LEG",
    # police
    "police": "COP", "policeman": "COP", "policemen": "COP", "police officers": "COP",
    "police chief": "COP",
    # rebels and militants
    "rebel": "REB", "rebels": "REB", "militant": "REB", "militants": "REB", "insurgent": "REB",
    "insurgents": "REB", "guerrilla": "REB", "guerrillas": "REB", "jihadist": "REB",
    "jihadists": "REB", "separatist": "REB", "separatists": "REB", "militia": "REB",
    "militias": "REB", "rebel leader": "REB", "militant leader": "REB", "terrorists": "REB",
    # civilians
    "activist": "CVL", "activists": "CVL", "protester": "CVL", "protesters": "CVL",
    "protestors": "CVL", "demonstrators": "CVL", "civilians": "CVL", "residents": "CVL",
    "citizens": "CVL", "students": "CVL", "villagers": "CVL", "people": "CVL",
    # media
    "media": "MED", "state media": "MED", "news agency": "MED", "newspaper": "MED",
    "journalist": "MED", "journalists": "MED", "reporter": "MED", "reporters": "MED",
    "broadcaster": "MED", "state television": "MED", "state tv": "MED", "television": "MED",
    "press": "MED", "state news agency": "MED", "editor": "MED",
    # others
    "company": "BUS", "firm": "BUS", "executive": "BUS", "executives": "BUS", "ceo": "BUS",
    "businessman": "BUS", "ngo": "NGO", "charity": "NGO", "aid group": "NGO",
    "rights group": "NGO", "human rights group": "NGO", "aid workers": "NGO",
    "university": "EDU", "professor": "EDU", "cleric": "REL", "imam": "REL", "bishop": "REL",
    "pope": "REL", "church": "REL", "intelligence": "SPY", "spy agency": "SPY",
    "hospital": "HLH", "doctors": "HLH",
}
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
