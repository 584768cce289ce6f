"""The article's countries for the entities the tables and the sentence left without one.

Runs at the end of the places stage, the first point where the article's places are known
(the entities stage runs before it; the places stage reads the entities' spans). In order:

1. a place name tagged as an entity ("South Dakota", "Chicago") takes the country of the place
   the places stage resolved at its span;
2. a body or group mention that holds a place ("Delhi officials", "Fort Worth police") takes
   that place's country, and so does a person whose title names a place right before the
   name ("California Gov. Gavin Newsom", "Kharkiv regional governor X"), and an organisation
   "based in", "located in" or "headquartered in" a place, or a facility "in" one ("the
   Kimbell Art Museum in Fort Worth");
3. mentions of one actor share its country: "Noem" takes the country a title gave "Gov.
   Kristi Noem" elsewhere in the article (same canonical name or Wikidata id, one country);
4. every person, organisation, nationality-group or body mention still without a country, other
   than an international organisation, takes the article's country when the article has one
   (:func:`dominant_country`): "police", "the ministry", "the court", "parliament" and the
   people and organisations of a story about one country belong to that country. A body of a
   state sector is then named by its country ("police" in a Kenyan story: Kenya, COP). A
   nationality-group mention that is a word for a party's members ("Democrats", "Tories":
   ``party_members`` of the actor word table) is marked ``inferred`` "party": the events
   stage reads it as that country's party members (it reads no other lent country of a
   nationality word as a state).
   When the article's country is undecided, a party still without a country (not a person)
   takes the one country its own sentence names, if only one ("In Manzhouli, health
   authorities are testing": China); then the bodies and office holders of a state sector
   (GOV, LEG, JUD, COP, MIL, SPY) and the people still without a country take the country of
   the news site's country-code domain (:func:`site_country`: "Transport Secretary X", "the
   Government" and "Chris Grayling" on www.standard.co.uk are British); other parties are
   left without one.

Each filled mention records how (:attr:`~dateline.model.EntityMention.inferred`), so that the
events stage reads a place or nationality mention as a state only where the text names one, as
before.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..events.article import article_place, main_country, word_before
from ..model import Document, EntityMention, PlaceMention
from ..refdata.roles import ROLE_SECTORS
from .metonymy import acts_as_state

#: Least share of the article's country-bearing mentions (entities and places) the most
#: named country must have to be the article's country when no dateline or lead place decides
#: (chosen on tests/realgold dev and train: below it the top country is often not the one of
#: the parties the text leaves without one).
DOMINANT_SHARE = 0.5
#: Entity labels that take the article's country.
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GROUP"})
#: Entity labels of place names.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Sectors of international actors: no national country.
_INTERNATIONAL = frozenset({"IGO"})
#: Most words a title may have between the place it names and the person's name.
_TITLE_WORDS = 5


def dominant_country(doc: Document) -> str | None:
    """The country the article is about: the country of its dateline or lead place when the
    body names that country's places most often (:func:`~dateline.events.article.main_country`),
    else the country its entities and places name most often, when that one holds at least
    :data:`DOMINANT_SHARE` of them; None otherwise."""
    body = doc.article.text("body") if doc.article is not None else ""
    found = main_country(article_place(doc.places, body or ""), doc.places)
    if found is not None:
        return found
    counts = Counter(m.country for m in [*doc.entities, *doc.places] if m.country)
    if not counts:
        return None
    top = counts.most_common(2)
    if len(top) > 1 and top[0][1] == top[1][1]:
        return None
    return top[0][0] if top[0][1] / sum(counts.values()) >= DOMINANT_SHARE else None


def _place_at(m: EntityMention, places: list[PlaceMention], inside: bool) -> PlaceMention | None:
    """The place mention at ``m``'s span (overlapping it; with ``inside``, within it)."""
    for p in places:
        if p.field != m.field or not p.country:
            continue
        if inside and m.start <= p.start and p.end <= m.end:
            return p
        if not inside and p.start < m.end and m.start < p.end:
            return p
    return None


_LOCATED = re.compile(r"^,?\s*(?:based|located|headquartered)\s+in\s+(?:the\s+)?$")
_IN = re.compile(r"^,?\s*in\s+(?:the\s+)?$")


def _place_after(m: EntityMention, places: list[PlaceMention], text: str,
                 facility_heads: frozenset[str]) -> PlaceMention | None:
    """The place an organisation is said to be in right after its name: "based in",
    "located in", "headquartered in" ("the Indonesian Hospital, located in Beit Lahia"); a
    plain "in" only after a facility ("the Kimbell Art Museum in Fort Worth"; ``facility_heads``
    of the actor word table), since "access to Wikipedia in Turkey" does not place Wikipedia."""
    words = (m.name or m.text).lower().replace("’", "'").split()
    cut = words.index("of") if "of" in words[1:] else len(words)
    facility = bool(words) and words[cut - 1].strip(".,'") in facility_heads
    for p in places:
        if p.field != m.field or not p.country or not 0 < p.start - m.end <= 30:
            continue
        gap = text[m.end:p.start]
        if _LOCATED.match(gap) or (facility and _IN.match(gap)):
            return p
    return None


def _key(m: EntityMention) -> str:
    return m.wikidata or (m.name or m.text).strip().lower()


def _title_place(m: EntityMention, places: list[PlaceMention], text: str,
                 modifiers: frozenset[str]) -> PlaceMention | None:
    """The place a person's title names right before the name: only title words (the role
    table's, or ``modifiers`` such as "state", "regional", "deputy") between the two, at
    least one of them a role."""
    best = None
    for p in places:
        if p.field != m.field or not p.country or not 0 <= m.start - p.end <= 80:
            continue
        gap = text[p.end:m.start].replace("\u2019", "'").split()
        if gap and gap[0] == "'s":
            gap = gap[1:]
        words = [w.lower() for w in gap]
        if not 0 < len(words) <= _TITLE_WORDS or \
                not all(w in ROLE_SECTORS or w in modifiers for w in words) or \
                not any(w in ROLE_SECTORS for w in words):
            continue
        best = p
    return best


def localise_entities(doc: Document, countries: Any, state_sectors: frozenset[str],
                      title_modifiers: frozenset[str] = frozenset(),
                      facility_heads: frozenset[str] = frozenset(),
                      site_tlds: dict[str, str | None] | None = None,
                      place_prepositions: frozenset[str] = frozenset(),
                      state_prepositions: frozenset[str] = frozenset(),
                      party_members: frozenset[str] = frozenset()) -> None:
    """Give the entities of ``doc`` without a country the one their places, their other
    mentions or the article give them (see the module docstring). ``countries``: the country
    table; ``state_sectors``: the sectors of a state's bodies, which are named by their
    country; ``title_modifiers``: words a title may hold besides roles
    (:class:`~dateline.refdata.actor_words.ActorWords`); ``place_prepositions``: words
    before a region's name that make it a place, not its government acting ("in Wisconsin",
    not "Wisconsin sued"); ``state_prepositions``: prepositions whose object is the government
    acting ("ties with Ohio"; with a dependency parse a region is its government only as a
    subject or such an object, not as a possessor: :mod:`.metonymy`); ``party_members``:
    words for a party's members ("Democrats"), whose article country is marked "party"."""
    ents = doc.entities
    if not ents:
        return
    for m in ents:
        if m.country is None and m.label in _PLACE_LABELS:
            p = _place_at(m, doc.places, inside=False)
            if p is not None:
                m.country, m.inferred = p.country, "place"
                if m.label == "GPE" and m.sector is None and doc.article is not None and \
                        word_before(doc.article.text(m.field) or "", m.start) \
                        not in place_prepositions and \
                        acts_as_state(_span(doc, m), state_prepositions, False) is not False:
                    m.sector = "GOV"  # "Wisconsin sued": the state's government
        elif m.country is None and m.label == "GROUP":
            p = _place_at(m, doc.places, inside=True)
            if p is not None:
                _set_country(m, p.country, "place", countries, state_sectors)
        elif m.country is None and m.label == "PERSON" and doc.article is not None:
            p = _title_place(m, doc.places, doc.article.text(m.field) or "", title_modifiers)
            if p is not None:
                m.country, m.inferred = p.country, "place"
        elif m.country is None and m.label in ("ORG", "FAC") and doc.article is not None:
            p = _place_after(m, doc.places, doc.article.text(m.field) or "", facility_heads)
            if p is not None:
                m.country, m.inferred = p.country, "place"
    known: dict[str, set[str]] = {}
    for m in ents:
        if m.country and m.inferred in (None, "place") and m.label in _ACTOR_LABELS:
            known.setdefault(_key(m), set()).add(m.country)
    for m in ents:
        if m.country is None and m.label in _ACTOR_LABELS and len(known.get(_key(m), ())) == 1:
            m.country, m.inferred = next(iter(known[_key(m)])), "actor"
    home = dominant_country(doc)
    if home is None:
        _sentence_countries(doc, countries, state_sectors)
        site = site_country(doc.article.url if doc.article is not None else None, countries,
                            site_tlds or {})
        if site is not None:  # "Transport Secretary X", "the Government", "Chris Grayling"
            named = _named_people(ents)
            for m in ents:
                if m.country is None and m.label in _ACTOR_LABELS and \
                        (m.sector in state_sectors or
                         (m.label == "PERSON" and m.text.split()[-1].lower() in named)):
                    _set_country(m, site, "site", countries, state_sectors)
        return
    for m in ents:
        if m.country is None and m.label in _ACTOR_LABELS and m.sector not in _INTERNATIONAL:
            party = m.label == "NORP" and (m.name or m.text).strip().lower() in party_members
            _set_country(m, home, "party" if party else "article", countries, state_sectors)


def _named_people(ents: list[EntityMention]) -> frozenset[str]:
    """The last words (lower-cased) of the people the article names in two or more words: a
    one-word PERSON mention is a person only when it ends one of them ("Grayling" after
    "Chris Grayling"); otherwise it is often a word NER mistook for a name ("Twitter",
    "Roswell", "Climatary": 8 of the 24 people the site's domain filled outside the gold on
    the 195 non-test pages, development data)."""
    return frozenset(m.text.split()[-1].lower() for m in ents
                     if m.label == "PERSON" and len(m.text.split()) >= 2)


def _span(doc: Document, m: EntityMention) -> Any:
    """The spaCy span of mention ``m`` in its field's parse (None without one)."""
    parsed = doc.parsed.get(m.field)
    if parsed is None:
        return None
    return parsed.char_span(m.start, m.end, alignment_mode="expand")


def _sentence_starts(text: str, parsed: Any) -> list[int]:
    """Where the sentences of ``text`` start: spaCy's sentences when the field was parsed,
    else (a document built without a parse) after each ".", "!" or "?" and a space."""
    if parsed is not None:
        try:
            return [sent.start_char for sent in parsed.sents]
        except ValueError:  # no sentence boundaries
            pass
    return [0] + [m.end() for m in _SENT_END.finditer(text)]


_SENT_END = re.compile(r"[.!?][\"”']?\s+")


def _sentence_countries(doc: Document, countries: Any, state: frozenset[str]) -> None:
    """In an article about several countries (no article country), a party without a country
    takes the one country its own sentence names: the places there and the stated (or
    place-given) countries of its other mentions ("In Manzhouli, health authorities are
    testing all residents": China). An organisation whose mentions so take different
    countries keeps none."""
    if doc.article is None:
        return
    for field in {m.field for m in doc.entities}:
        text = doc.article.text(field)
        if not text:
            continue
        starts = _sentence_starts(text, doc.parsed.get(field)) + [len(text) + 1]
        for a, b in zip(starts, starts[1:]):
            named = {m.country for m in [*doc.entities, *doc.places]
                     if m.field == field and a <= m.start < b and m.country
                     and getattr(m, "inferred", None) in (None, "place")}
            if len(named) != 1:
                continue
            iso3 = next(iter(named))
            for m in doc.entities:
                # not a person: "Haley said China ..." says nothing of her nationality,
                # and one person under two countries is two actors (issue 15); not a
                # nationality word the country table lacks ("European", "Asean"): it names
                # a region or a bloc, not one of its member states
                if m.field == field and a <= m.start < b and m.country is None \
                        and m.label in _ACTOR_LABELS and m.label not in ("PERSON", "NORP") \
                        and m.sector not in _INTERNATIONAL:
                    _set_country(m, iso3, "sentence", countries, state)
    # an organisation is one party with one country: when its sentences gave its mentions
    # different countries ("Meta" of Norway, Austria and Ireland in a story about European
    # regulators), none of them is its own
    given: dict[str, set[str]] = {}
    for m in doc.entities:
        if m.inferred == "sentence" and m.label == "ORG" and m.country:
            given.setdefault(_key(m), set()).add(m.country)
    for m in doc.entities:
        if m.inferred == "sentence" and m.label == "ORG" and len(given.get(_key(m), ())) > 1:
            m.country, m.inferred = None, None


def site_country(url: str | None, countries: Any, site_tlds: dict[str, str | None]) -> str | None:
    """The country of a news site's country-code domain ("www.standard.co.uk" -> GBR,
    "jis.gov.jm" -> JAM); None for generic domains (".com", ".org") and for country codes
    used as generic ones (``site_tlds`` maps them to None: ".io", ".tv"; and ".uk" to GBR)."""
    if not url or countries is None:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower()).split("/")[0].split(":")[0]
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or not tld.isalpha():
        return None
    if tld in site_tlds:
        return site_tlds[tld]
    c = countries.by_iso2(tld)
    return c.iso3 if c is not None else None


def _set_country(m: EntityMention, iso3: str, how: str, countries: Any,
                 state: frozenset[str]) -> None:
    m.country, m.inferred = iso3, how
    if m.label == "GROUP" and m.sector in state and countries is not None:
        c = countries.get(iso3)
        if c is not None:
            m.name = c.name
