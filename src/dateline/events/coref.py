"""Short references to people, countries and organisations: "he", "the minister", "the Kenyan
leader", "the two presidents", "both countries", "the militia" -> the entities they stand for.

Rule-based, gender-agnostic and article-wide. :class:`PeopleIndex` lists every PERSON mention
of an article in reading order (title, subtitle, body) with the role words written around it
("Foreign Minister Mihai Popsoi", "Kaja Kallas, the EU's foreign policy chief",
"Kenyan President William Ruto") and its country. Role words are pooled per person, so a later
bare "Ruto" keeps the title the first mention gave.

* A singular definite role noun ("the minister", "the foreign minister", "the Kenyan leader")
  is the nearest preceding person whose roles fit: the noun itself must be among the person's
  role words ("leader" fits any head of state or government, party or armed group), and so
  must its distinguishing modifiers ("foreign", "prime", "defence", "army", ...); a
  nationality or country modifier must be the person's country. When no preceding person has
  known roles that fit, a person with no known role is taken for the general nouns that
  already resolved that way ("the leader", "the president"), never for narrower ones ("the
  spokesman", "the ambassador").
* A person pronoun ("he", "she", "him", "her") is the nearest preceding person.
* A counted plural ("the two leaders", "the three presidents", "both ministers") is that many
  distinct preceding people, role-fitting ones first, nearest first; "the leaders" without a
  number is every person who may fit named earlier in the same paragraph (two or more).
* "they"/"them" (or "the two") right after "X and Y" in the same paragraph, with nobody named
  since, is X and Y.
* A definite description of a named organisation ("the militia", "the rebels", "the bloc",
  "the party") is the nearest earlier organisation of that sector.
* A counted country plural ("the two countries", "both nations", "the two governments",
  "the two sides") is that many distinct countries named as parties (not after "in", "at",
  "to", ...; a government person counts for their country) before it, in the same paragraph
  or the two before.

Positions are (field rank, character offset), so a body reference can reach the headline's
people. Nothing here reads a parse: callers pass the reference's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import Actor, EntityMention

FIELD_RANK = {"title": 0, "subtitle": 1, "body": 2}

#: Singular role nouns a definite description can refer to a named person by.
ROLE_NOUNS = frozenset({
    "president", "minister", "premier", "chancellor", "king", "queen", "prince", "emir",
    "sultan", "monarch", "dictator", "leader", "secretary", "spokesman", "spokeswoman",
    "spokesperson", "envoy", "ambassador", "chief", "commander", "general", "governor",
    "mayor", "senator", "pope", "ruler", "strongman", "premier", "head", "counterpart",
})
#: Role nouns that fell back to the nearest person before roles were read: they still do
#: when no person's role is known.
GENERAL_NOUNS = frozenset({"leader", "president", "premier", "minister", "chancellor", "king",
                           "prince", "dictator", "counterpart"})
#: Role words that a "leader" (or "counterpart", "head") can be.
LEADER_ROLES = frozenset({"leader", "president", "premier", "prime", "chancellor", "king",
                          "queen", "emir", "sultan", "monarch", "dictator", "chief", "head",
                          "ruler", "commander", "strongman", "minister", "chairman", "general"})
#: Modifiers that narrow a role ("the foreign minister" is not the finance minister).
ROLE_MODIFIERS = frozenset({
    "foreign", "prime", "defence", "defense", "interior", "finance", "economy", "trade",
    "justice", "health", "energy", "vice", "deputy", "army", "military", "opposition",
    "police", "policy", "rebel", "militia", "party", "supreme", "crown", "commerce",
    "security", "intelligence", "transport", "agriculture", "education", "labour", "labor",
})
#: Every word kept from a person's context as a role word.
ROLE_WORDS = ROLE_NOUNS | ROLE_MODIFIERS | LEADER_ROLES | frozenset({"chairman", "chairwoman"})
#: Plural role nouns -> singular ("presidents" -> "president").
PLURAL_ROLES = {n + "s": n for n in ROLE_NOUNS} | {"spokesmen": "spokesman",
                                                  "spokeswomen": "spokeswoman",
                                                  "chiefs": "chief", "heads": "head"}
#: Plural nouns of countries for "the two countries", "both sides".
COUNTRY_PLURALS = frozenset({"countries", "nations", "governments", "sides", "states",
                             "neighbours", "neighbors", "capitals", "parties"})
#: Descriptions of a named organisation -> the sectors it may have ("the militia" is the
#: RSF named before, "the bloc" the EU).
ORG_NOUNS: dict[str, frozenset[str]] = {
    **{n: frozenset({"REB"}) for n in ("militia", "paramilitary", "paramilitaries", "rebels",
                                       "insurgents", "insurgency", "militants", "guerrillas",
                                       "jihadists", "rebel group", "armed group")},
    **{n: frozenset({"IGO"}) for n in ("bloc", "alliance", "organisation", "organization",
                                       "body", "union", "grouping")},
    "party": frozenset({"PTY"}),
}
ORG_SECTORS = frozenset().union(*ORG_NOUNS.values())
#: How many paragraphs before a plural country reference its countries may be named in.
PARAGRAPHS_BACK = 2
#: Words before a place name that make it a location, not a party ("talks in South Korea").
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "to", "into", "from", "across",
                      "around", "through", "via", "toward", "towards"})
#: How many words before a person mention (same sentence) can carry its title.
WINDOW_BEFORE = 6
#: How many words of an appositive after it ("X, the EU's foreign policy chief,").
WINDOW_AFTER = 8

#: Text between two coordinated parties: "and", "," or "&", then at most five title words
#: ("and Chinese Foreign Minister", "'s Ruto and Ethiopia's").
_JOIN = re.compile(r"(?:['\u2019]s)?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
                   r"(?:(?:[A-Z][\w'\u2019.-]*|the|of)\s+){0,5}")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


@dataclass
class PersonRef:
    """One PERSON mention: its actor, position and the role words around it."""

    actor: Actor
    pos: tuple[int, int]  # (field rank, start offset)
    paragraph: tuple[int, int]  # (field rank, paragraph number)
    roles: frozenset[str] = frozenset()
    country: str | None = None


@dataclass
class CountryRef:
    """One mention of a country as a party (GPE/NORP, or a country actor)."""

    actor: Actor
    pos: tuple[int, int]
    paragraph: tuple[int, int]


def _key(a: Actor) -> str:
    return (a.name or a.text or "").strip().lower()


def _context_words(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Lower-cased words before a mention (back to the sentence start) and of an appositive
    right after it (", the EU's foreign policy chief,")."""
    left = text[max(0, start - 80):start]
    cut = max(left.rfind(". "), left.rfind("\n"), left.rfind("; "), left.rfind(": "))
    left = left[cut + 1:] if cut >= 0 else left
    before = [w.lower() for w in _WORD.findall(left)][-WINDOW_BEFORE:]
    after: list[str] = []
    rest = text[end:end + 90]
    if rest.startswith(","):
        app = re.split(r"[,.;:()\n]", rest[1:], maxsplit=1)[0]
        after = [w.lower() for w in _WORD.findall(app)][:WINDOW_AFTER]
    return before, after


def _locative(text: str, start: int) -> bool:
    """Whether the word before offset ``start`` puts a place there ("summit in South Korea")."""
    before = _WORD.findall(text[max(0, start - 20):start])
    return bool(before) and before[-1].lower() in LOCATIVE


def _strip_s(w: str) -> str:
    for suf in ("\u2019s", "'s"):
        if w.endswith(suf):
            return w[: -len(suf)]
    return w


@dataclass
class PeopleIndex:
    """Every person and country mention of one article, in reading order, for resolving
    references (see the module docstring)."""

    people: list[PersonRef] = field(default_factory=list)
    countries_seen: list[CountryRef] = field(default_factory=list)
    #: coordinated parties ("Marco Rubio and Chinese Foreign Minister Wang Yi"): (start
    #: position, end position, paragraph, actors)
    pairs: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int], list[Actor]]] = \
        field(default_factory=list)
    #: named organisations with a sector, in reading order: (position, actor)
    orgs: list[tuple[tuple[int, int], Actor]] = field(default_factory=list)

    @classmethod
    def build(cls, texts: dict[str, str], entities: Iterable[EntityMention],
              countries: Any = None) -> "PeopleIndex":
        """Index the PERSON and country mentions of ``entities`` (any field) over ``texts``
        (field -> text). ``countries`` (a CountryTable) resolves nationality words in a
        person's title ("Kenyan President ...") when the mention has no country."""
        idx = cls()
        ents = sorted(entities, key=lambda e: (FIELD_RANK.get(e.field, 3), e.start))
        persons = [e for e in ents if e.label == "PERSON"]
        for e in ents:
            text = texts.get(e.field) or ""
            rank = FIELD_RANK.get(e.field, 3)
            para = (rank, text.count("\n", 0, e.start))
            if e.label == "PERSON":
                before, after = _context_words(text, e.start, e.end)
                # another person's name inside the window cuts it ("Putin met Foreign
                # Minister Lavrov": "Putin" is not the minister)
                prev = [p for p in persons if p.field == e.field and p.end <= e.start
                        and e.start - p.end < 80]
                if prev:
                    gap = [w.lower() for w in _WORD.findall(text[prev[-1].end:e.start])]
                    before = before[-len(gap):] if gap else []
                roles = frozenset(w for w in before + after if w in ROLE_WORDS)
                country = e.stated_country()  # not the article's country lent to it
                if country is None and countries is not None:
                    for w in reversed(before + after):
                        c = countries.lookup(_strip_s(w)) if w[:1].isalpha() else None
                        if c is not None:
                            country = c.iso3
                            break
                idx.people.append(PersonRef(e.actor(), (rank, e.start), para, roles, country))
            elif e.label == "ORG" and e.sector in ORG_SECTORS:
                idx.orgs.append(((rank, e.start), e.actor()))
            if e.label in ("GPE", "NORP") and e.stated_country() and not _locative(text, e.start):
                name = e.name or e.text
                if countries is not None:
                    c = countries.get(e.country)
                    name = c.name if c is not None else name
                idx.countries_seen.append(CountryRef(
                    Actor(text=_strip_s(e.text), name=name, country=e.country, sector="GOV"),
                    (rank, e.start), para))
        # pool role words and countries per person: a bare "Ruto" keeps "President"; a
        # government person then counts for their country ("President Trump and Chinese
        # leader Xi ... The two countries agreed")
        pooled: dict[str, set[str]] = {}
        nation: dict[str, str] = {}
        for p in idx.people:
            pooled.setdefault(_key(p.actor), set()).update(p.roles)
            if p.country:
                nation.setdefault(_key(p.actor), p.country)
        for p in idx.people:
            p.roles = frozenset(pooled[_key(p.actor)])
            p.country = p.country or nation.get(_key(p.actor))
            if p.country and (p.actor.sector in (None, "GOV") or p.roles & LEADER_ROLES):
                name = p.country
                if countries is not None:
                    c = countries.get(p.country)
                    name = c.name if c is not None else name
                idx.countries_seen.append(CountryRef(
                    Actor(text=name, name=name, country=p.country, sector="GOV"), p.pos,
                    p.paragraph))
        idx.countries_seen.sort(key=lambda c: c.pos)
        idx._coordinations(ents, texts, countries)
        return idx

    def _coordinations(self, ents: list[EntityMention], texts: dict[str, str],
                       countries: Any) -> None:
        """Record runs of parties joined by "and" or commas ("X and Y", "X, Y and Z")."""
        people = {p.pos: p.actor for p in self.people}
        nations = {c.pos: c.actor for c in self.countries_seen}
        run: list[tuple[EntityMention, Actor]] = []

        def close() -> None:
            if len(run) >= 2:
                m0, m1 = run[0][0], run[-1][0]
                rank = FIELD_RANK.get(m0.field, 3)
                para = (rank, (texts.get(m0.field) or "").count("\n", 0, m0.start))
                acts: list[Actor] = []
                for _, a in run:
                    if all(_key(a) != _key(b) for b in acts):
                        acts.append(a)
                if len(acts) >= 2:
                    self.pairs.append(((rank, m0.start), (rank, m1.end), para, acts))
            run.clear()

        for e in ents:
            pos = (FIELD_RANK.get(e.field, 3), e.start)
            a = people.get(pos) or (nations.get(pos) if e.label == "GPE" else None)
            if a is None:  # demonyms ("Chinese Foreign Minister X") modify, not coordinate
                continue
            if run and run[-1][0].field == e.field and \
                    _JOIN.fullmatch(texts.get(e.field, "")[run[-1][0].end:e.start]):
                run.append((e, a))
                continue
            close()
            run.append((e, a))
        close()

    def organisation(self, pos: tuple[int, int], noun: str) -> Actor | None:
        """The named organisation a definite description stands for ("the militia", "the
        rebels", "the bloc", "the party"): the nearest one named before ``pos`` whose sector
        the noun names (``ORG_NOUNS``); None when the noun is no such description."""
        sectors = ORG_NOUNS.get(noun)
        if not sectors:
            return None
        for p, a in reversed(self.orgs):
            if p < pos and a.sector in sectors:
                return a
        return None

    def coordinated(self, pos: tuple[int, int], paragraph: tuple[int, int]) -> list[Actor]:
        """The parties of the latest coordination before ``pos`` in ``paragraph`` when no
        person is named between it and ``pos`` ("Rubio and Wang Yi spoke ..., and they
        discussed ..."): what a plural "they" most likely stands for. Empty otherwise."""
        for start, end, para, acts in reversed(self.pairs):
            if end > pos:
                continue
            if para != paragraph:
                return []
            if any(end <= p.pos < pos for p in self.people):
                return []
            return list(acts)
        return []

    # --- look-ups ------------------------------------------------------------------------
    def _before(self, pos: tuple[int, int]) -> list[PersonRef]:
        return [p for p in self.people if p.pos < pos]

    def person(self, pos: tuple[int, int]) -> Actor | None:
        """The nearest person named before ``pos`` ("he", "she")."""
        prev = self._before(pos)
        return prev[-1].actor if prev else None

    @staticmethod
    def fits(p: PersonRef, noun: str, modifiers: Iterable[str], country: str | None) -> bool | None:
        """Whether a person fits "the <modifiers> <noun>": True, False, or None when the
        person's role is unknown (no role words) and nothing else rules it out."""
        if country is not None and p.country is not None and p.country != country:
            return False
        if not noun:  # any person ("the two")
            return True
        mods = {m for m in modifiers if m in ROLE_MODIFIERS}
        if not p.roles:
            return None if not mods else False
        if noun in ("leader", "head", "counterpart"):
            ok = bool(p.roles & LEADER_ROLES)
        else:
            ok = noun in p.roles
        return ok and mods <= p.roles

    def role(self, pos: tuple[int, int], noun: str, modifiers: Iterable[str] = (),
             country: str | None = None) -> Actor | None:
        """The person "the <modifiers> <noun>" before ``pos`` refers to, or None."""
        mods = list(modifiers)
        prev = self._before(pos)
        if country is not None:  # "the Kenyan leader": only a person known to be Kenyan
            prev = [p for p in prev if p.country == country]
        for p in reversed(prev):
            if self.fits(p, noun, mods, country):
                return p.actor
        if noun in GENERAL_NOUNS:
            for p in reversed(prev):
                if self.fits(p, noun, mods, country) is None:
                    return p.actor
        return None

    def group(self, pos: tuple[int, int], noun: str, n: int | None,
              paragraph: tuple[int, int] | None = None) -> list[Actor]:
        """The people "the <n> <noun>s" before ``pos`` refers to: ``n`` distinct people
        (fitting ones first, nearest first), or with ``n`` None every person that may fit named
        before it in ``paragraph`` when there are two or more. Empty when too few."""
        prev = self._before(pos)
        if n is None:
            prev = [p for p in prev if p.paragraph == paragraph]
        chosen: list[PersonRef] = []
        for want in (True, None):
            for p in reversed(prev):
                if n is not None and len(chosen) >= n:
                    break
                if self.fits(p, noun, (), None) is want and \
                        all(_key(p.actor) != _key(c.actor) for c in chosen):
                    chosen.append(p)
        if (n is not None and len(chosen) < n) or (n is None and len(chosen) < 2):
            return []
        return [c.actor for c in sorted(chosen, key=lambda c: c.pos)]

    def country_group(self, pos: tuple[int, int], n: int,
                      paragraph: tuple[int, int]) -> list[Actor]:
        """``n`` distinct countries named before ``pos`` in ``paragraph`` or the one before
        ("the two countries", "both sides") or up to ``PARAGRAPHS_BACK`` paragraphs before
        it, in text order; empty when fewer were named. A government person counts as their
        country ("Trump and Xi ... The two countries")."""
        near = {(paragraph[0], paragraph[1] - k) for k in range(PARAGRAPHS_BACK + 1)}
        chosen: list[CountryRef] = []
        for c in reversed([c for c in self.countries_seen if c.pos < pos and c.paragraph in near]):
            if all(c.actor.country != x.actor.country for x in chosen):
                chosen.append(c)
            if len(chosen) == n:
                return [x.actor for x in sorted(chosen, key=lambda x: x.pos)]
        return []
