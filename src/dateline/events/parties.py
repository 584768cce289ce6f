"""Who and where: resolving noun phrases of a parse to actors and places.

The events coder works on spaCy tokens; the entities, places and dates stages work on
character offsets. :class:`FieldView` joins the two for one field (title, subtitle, body):
it finds the mentions under a noun phrase, turns them into :class:`~dateline.model.Actor`
objects (a country-as-actor gets the country's name and sector GOV), and resolves simple
references ("he", "the leader" -> the latest person; "the country" -> the latest country).

Unnamed actors: role and group nouns with a sector ("the minister", "police", "rebels",
"Iraqi troops" -> IRQ MIL), quantity heads ("thousands of students"), proper names the entity
stages missed, and bare pronouns nothing resolves (see :meth:`FieldView.generic_party`).

When the entities/places stages left nothing (they run separately and may be swapped out),
spaCy's own entity spans plus the country table stand in, so the coder still works.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from ..model import Actor, DateMention, EntityMention, Location, PlaceMention
from ..refdata.actors import NOUN_SECTORS
from ..refdata.countries import fold
from .coref import COUNTRY_PLURALS, FIELD_RANK, PLURAL_ROLES, ROLE_NOUNS, PeopleIndex

#: Dependency labels that leave a noun phrase's core (their subtrees are other phrases).
_OUTSIDE_NP = frozenset({"prep", "relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct",
                         "xcomp", "mark", "nsubj", "dobj"})
#: Head nouns -> sector of the group they name ("Chinese officials" -> GOV): the noun half of
#: the package's one role table (:data:`dateline.refdata.roles.ROLE_TABLE`).
SECTOR_NOUNS = NOUN_SECTORS
#: spaCy entity types a proper noun cannot be an actor under.
_NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY",
                             "PERCENT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE", "PRODUCT"})
#: Quantity heads whose "of" object names the actor ("thousands of protesters").
_QUANTITY_NOUNS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens",
                             "ten", "tens", "million", "millions", "number", "group",
                             "batch", "band", "crowd", "some", "many", "most", "majority",
                             "all", "several", "scores", "score", "member", "members",
                             "half", "third", "part", "one", "two", "three", "unit",
                             "contingent", "detachment"})
#: Pronouns that stand for an actor even when nothing earlier resolves them (isolated
#: sentences: "They attacked the convoy"); such actors are marked coref (lower confidence).
_BARE_PRONOUNS = frozenset({"they", "he", "she", "we", "them", "him", "her", "us", "it"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_PERSON_NOUNS = frozenset({"leader", "president", "premier", "minister", "chancellor",
                           "king", "prince", "dictator"})
#: Nouns of what someone said or asked: their possessor or compound is its author.
_SPEECH_NOUNS = frozenset({"call", "demand", "request", "appeal", "proposal", "offer", "plea",
                           "ultimatum", "accusation", "allegation", "claim", "criticism"})
#: Subject pronouns of reported speech that can stand for the (non-person) speaker.
_SPEAKER_PRONOUNS = frozenset({"it", "they", "we"})
#: Reporting verbs whose clausal complement is the speaker's own statement.
_SPEECH_VERBS = frozenset({"say", "announce", "state", "add", "confirm", "declare", "insist",
                           "warn", "vow", "pledge", "promise", "tell", "report"})
_COUNTRY_NOUNS = frozenset({"country", "nation", "state", "regime", "government"})
_ACTOR_LABELS = ("PERSON", "ORG", "NORP", "GPE")
#: Group nouns that are actors even unnamed ("Protesters rallied ..."), with their sector.
_GROUP_NOUNS = frozenset({"protester", "demonstrator", "rebel", "militant", "troops", "troop",
                          "soldier", "police", "worker", "civilian", "resident", "army"})


@dataclass
class FieldView:
    """One field's parse with the mentions the other stages found in it."""

    name: str
    text: str
    parsed: Any  # spaCy Doc
    entities: list[EntityMention]
    places: list[PlaceMention]
    dates: list[DateMention]
    countries: Any  # CountryTable
    earlier_people: list[Actor] = field(default_factory=list)  # persons from earlier fields
    #: the article's people and countries in reading order (all fields); when given, person
    #: references resolve by role and country (:mod:`.coref`), else to the latest person
    people_index: PeopleIndex | None = None

    def __post_init__(self) -> None:
        if self.people_index is not None and not self.people_index.people and \
                not self.people_index.countries_seen and not self.people_index.orgs:
            self.people_index = None  # no mentions indexed: the field's own stand-ins decide
        if not self.entities and self.parsed is not None:
            self.entities = list(_spacy_entities(self.parsed, self.name, self.countries))
        # the table's own index of capitals (built once with it); a stand-in table without
        # one gets it built here, the same way
        self._capitals = getattr(self.countries, "by_capital", None)
        if self._capitals is None:
            self._capitals = {}
            for c in getattr(self.countries, "by_iso3", {}).values():
                if c.capital:
                    self._capitals.setdefault(_fold(c.capital), c)

    # --- raw lookups ------------------------------------------------------------------
    def ents_in(self, start: int, end: int) -> list[EntityMention]:
        return [e for e in self.entities if e.start < end and start < e.end]

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        return [p for p in self.places if p.start < end and start < p.end]

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if d.start < end and start < d.end]

    def label_at(self, tok: Any) -> str:
        """The entity label over a token: the entities stage's, "GPE" for a place mention,
        else spaCy's own NER tag."""
        s, e = tok.idx, tok.idx + len(tok.text)
        for m in self.ents_in(s, e):
            return m.label
        if self.places_in(s, e):
            return "GPE"
        return tok.ent_type_

    def country_of(self, text: str):
        """A country for a place or country name, demonym or capital city."""
        if self.countries is None:
            return None
        c = self.countries.lookup(text)
        if c is None:
            c = self._capitals.get(_fold(_strip_poss(text.strip())))
        return c

    # --- actors -------------------------------------------------------------------------
    def country_actor(self, text: str, iso3: str, sector: str | None = "GOV") -> Actor:
        c = self.countries.get(iso3) if self.countries is not None else None
        return Actor(text=text, name=c.name if c else text, country=iso3, sector=sector)

    def mention_actor(self, m: EntityMention, head_lemma: str | None = None) -> Actor | None:
        """An entity mention as an actor (places and nationalities become country actors)."""
        if m.label in ("PERSON", "ORG"):
            cap = self._capitals.get(_fold(_strip_poss(m.text))) if not m.stated_country() else None
            if cap is not None:  # "Chisinau accuses ...": a capital speaks for its government
                return self.country_actor(_strip_poss(m.text), cap.iso3)
            return m.actor()
        if m.label in ("GPE", "NORP", "LOC"):
            # a country the article lent a place or group ("Chicago", "Muslims") does not
            # make it a state; a word of a party's members lent it ("Democrats" in a US story)
            # names that country's party members
            if m.inferred == "party" and m.country:  # "Tory MPs": the party's, LEG
                return Actor(m.text, m.name or m.text, m.country,
                             SECTOR_NOUNS.get(head_lemma or "", m.sector), m.wikidata)
            iso3 = m.stated_country()
            if iso3 is None:
                c = self.country_of(m.text)
                iso3 = c.iso3 if c else None
            if iso3 is None:
                return None
            sector = SECTOR_NOUNS.get(head_lemma or "", m.sector or "GOV")
            return self.country_actor(_strip_poss(m.text), iso3, sector)
        return None

    def np_span(self, head: Any) -> tuple[int, int, list[Any]]:
        """Character span and tokens of a noun phrase's core (no clauses, preps, conjuncts)."""
        toks = [head]
        stack = [c for c in head.children if c.dep_ not in _OUTSIDE_NP]
        while stack:
            t = stack.pop()
            toks.append(t)
            stack.extend(c for c in t.children if c.dep_ not in _OUTSIDE_NP)
        toks.sort(key=lambda t: t.i)
        return toks[0].idx, toks[-1].idx + len(toks[-1].text), toks

    def parties(self, head: Any) -> list[Actor]:
        """Actors named by a noun phrase and its conjuncts ("X and Y")."""
        out: list[Actor] = []
        group = _group_size(head)
        plural = self.plural_reference(head, group)
        if plural is not None:  # "the three leaders", "both presidents", "the two countries"
            return plural
        together = self.plural_pronoun(head)
        if together:  # "Rubio and Wang Yi spoke ... and they discussed ..."
            return together
        if group and head.lemma_.lower() in _PERSON_NOUNS:
            return self.latest_people(head.idx, group)
        for h in [head, *head.conjuncts]:
            found = [self.party(h)]
            # "US President X and Y's president, Z": a coordination the parser folded
            # into a possessor; its people are parties too
            for c in h.children:
                if c.dep_ == "poss" and any(t.dep_ == "cc" for t in c.subtree):
                    sub = list(c.subtree)
                    found += [e.actor() for e in self.ents_in(sub[0].idx, sub[-1].idx + len(sub[-1].text))
                              if e.label == "PERSON"]
            for a in found:
                if a is not None and all(_key(a) != _key(b) for b in out):
                    out.append(a)
        return out

    def party(self, head: Any) -> Actor | None:
        """The single actor a noun phrase names, or None."""
        start, end, toks = self.np_span(head)
        ents = [e for e in self.ents_in(start, end) if e.label in _ACTOR_LABELS]
        lemma = head.lemma_.lower()
        # a possessor only names the actor when nothing else does ("North Korea's Kim")
        poss_ranges = [(t.idx, t.idx + len(t.text)) for t in toks if t.dep_ == "poss" and t is not head]
        own = [e for e in ents if not any(s <= e.start < p_end for s, p_end in
                                          _poss_spans(head, poss_ranges))]
        if lemma in ROLE_NOUNS and head.lower_ not in PLURAL_ROLES and _definite(head) and \
                self.people_index is not None and \
                not any(e.label in ("PERSON", "ORG") for e in own):
            # "the minister", "the Kenyan leader": a person named before, by role and country
            found = self.role_person(head, own)
            if found is not None:
                return found
        for label in ("PERSON", "ORG", "GPE", "NORP"):
            cands = [e for e in own if e.label == label]
            if cands:
                head_ent = [e for e in cands if e.start <= head.idx < e.end]
                chosen = (head_ent or cands)[-1]
                found = self.mention_actor(chosen, lemma)
                if found is not None and label == "ORG" and not chosen.stated_country():
                    found = self._with_owner_country(found, chosen, ents)
                if found is not None:
                    return found
        if lemma in _SPEAKER_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass"):
            found = self.speaker_antecedent(head)
            if found is not None:
                return found
        if lemma in _PERSON_PRONOUNS or (lemma in _PERSON_NOUNS and _definite(head)
                                         and self.people_index is None):
            found = self.latest_person(head.idx)
            if found is not None:
                return found
        elif lemma in _COUNTRY_NOUNS and _definite(head):
            found = self.latest_country(head.idx)
            if found is not None:
                return found
        if self.people_index is not None and head.pos_ == "NOUN" and \
                any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "the militia", "the rebels", "the bloc": the organisation named before
            found = self.people_index.organisation(self._pos(head.idx), head.lower_)
            if found is not None:
                return found
        if lemma in _GROUP_NOUNS and head.pos_ == "NOUN":  # "protesters", "troops": unnamed group
            text = doc_text(head.doc)[start:end]
            return Actor(text=text, name=_core_name(head), country=None, sector=SECTOR_NOUNS[lemma])
        return self.generic_party(head, start, end)

    def generic_party(self, head: Any, start: int, end: int) -> Actor | None:
        """An unnamed actor: a role noun ("the minister", "police", "rebels"), with the
        country of a possessor or modifier when one is named ("Poland's parliament",
        "Iraqi troops"), or a bare pronoun nothing resolves ("they" in an isolated sentence).
        """
        lemma = head.lemma_.lower()
        text = doc_text(head.doc)[start:end]
        if head.pos_ == "PRON" or lemma in _BARE_PRONOUNS:
            if lemma in _BARE_PRONOUNS or head.lower_ in _BARE_PRONOUNS:
                return Actor(text=text, name=head.lower_, country=None, sector=None)
            return None
        if head.pos_ == "PROPN" and lemma not in SECTOR_NOUNS:
            if self.dates_in(start, end) or head.ent_type_ in _NON_ACTOR_ENTS:
                return None  # "on Thursday", "in February": times, not actors
            # a proper name the entity stages missed ("Theresa May will ...")
            names = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            first = names[0].idx if names else head.idx
            name = doc_text(head.doc)[first:head.idx + len(head.text)]
            cap = self._capitals.get(_fold(name))
            if cap is not None:  # a capital as actor stands for its government
                return self.country_actor(name, cap.iso3)
            return Actor(text=name, name=name, country=None, sector=None)
        if lemma in _QUANTITY_NOUNS or head.pos_ == "NUM":
            # "Thousands of students", "a group of rebels": the group is the actor
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return self.party(g)
            return None
        if lemma in _SPEECH_NOUNS and head.pos_ == "NOUN":
            # "rejected opposition calls", "the students' demands": whose call it is
            for c in head.children:
                if c.dep_ in ("compound", "poss") and c.i < head.i:
                    found = self.party(c)
                    if found is not None:
                        return found
            return None
        if head.pos_ not in ("NOUN", "PROPN") or lemma not in SECTOR_NOUNS:
            return None
        sector = SECTOR_NOUNS[lemma]
        for e in self.ents_in(start, end):  # a named country anywhere in the phrase
            if e.label in ("GPE", "NORP"):
                a = self.mention_actor(e, lemma)
                if a is not None:
                    return Actor(text=text, name=a.name, country=a.country, sector=sector)
        return Actor(text=text, name=_core_name(head), country=None, sector=sector)

    def _with_owner_country(self, found: Actor, chosen: EntityMention,
                            ents: list[EntityMention]) -> Actor:
        """An organisation without a country takes the country of a possessor or modifier
        in its phrase ("Iran's Foreign Ministry", "the Chinese Commerce Ministry") so that it
        agrees with a country-level actor; a ministry is a government body (sector GOV). An
        international organisation keeps none ("EU sanctions Iranian officials", parsed as one
        phrase, made the EU Iranian)."""
        if found.sector == "IGO":
            return found
        for e in ents:
            if e is chosen or e.label not in ("GPE", "NORP"):
                continue
            a = self.mention_actor(e)
            if a is not None and a.country:
                return replace(found, country=a.country, sector=found.sector or "GOV")
        return found

    def speaker_antecedent(self, pron: Any) -> Actor | None:
        """The speaker a subject pronoun of reported speech stands for: in "China's Commerce
        Ministry said it opposes ...", "Police said they had detained ...", "Moldova said it
        would recall ..." the pronoun is the reporting verb's subject. "it" never stands for
        a person, and "they"/"we" not for one named person ("Zelenskyy said they want ...":
        they are others)."""
        verb = pron.head
        while verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
            verb = verb.head
        if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _SPEECH_VERBS:
            return None
        report = verb.head
        while report.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in report.children):
            report = report.head  # "X expressed solidarity and said it backed ..."
        subj = next((c for c in report.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON" or subj.lemma_.lower() in _BARE_PRONOUNS:
            return None
        found = self.party(subj)
        if found is None:
            return None
        start, end, _ = self.np_span(subj)
        is_person = any(e.label == "PERSON" for e in self.ents_in(start, end)) or \
            subj.lemma_.lower() in _PERSON_NOUNS or subj.ent_type_ == "PERSON"
        if is_person:
            return None
        return found

    def _pos(self, offset: int) -> tuple[int, int]:
        return (FIELD_RANK.get(self.name, 3), offset)

    def _paragraph(self, offset: int) -> tuple[int, int]:
        return (FIELD_RANK.get(self.name, 3), self.text.count("\n", 0, offset))

    def role_person(self, head: Any, own: list[EntityMention]) -> Actor | None:
        """The person a definite role noun refers to ("the minister", "the foreign
        minister", "the Kenyan leader", "Russia's president"), from the article's people
        index: the nearest earlier person whose role and country fit (:mod:`.coref`)."""
        if self.people_index is None:
            return None
        mods = [c.lower_ for c in head.children if c.dep_ in ("amod", "compound")]
        country = None
        for e in own:
            if e.label in ("GPE", "NORP"):
                a = self.mention_actor(e)
                country = a.country if a is not None else None
        return self.people_index.role(self._pos(head.idx), head.lemma_.lower(), mods, country)

    def plural_reference(self, head: Any, group: int) -> list[Actor] | None:
        """The parties a definite plural reference stands for: "the two/three leaders",
        "both presidents", "the leaders" (people), "the two countries", "both sides"
        (countries); None when the phrase is no such reference or nothing resolves it."""
        if self.people_index is None:
            return None
        if not group and not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None  # "their leaders", "leaders": not a reference to named people
        word = head.lower_
        pos, para = self._pos(head.idx), self._paragraph(head.idx)
        if word in PLURAL_ROLES:
            if self.ents_in(*self.np_span(head)[:2]):
                return None  # "Iraqi ministers": named by their country, not a reference
            found = self.people_index.group(pos, PLURAL_ROLES[word], group or None, para)
            return found or None
        if word in COUNTRY_PLURALS and group:
            found = self.people_index.country_group(pos, group, para)
            return found or None
        return None

    def plural_pronoun(self, head: Any) -> list[Actor]:
        """"they"/"them" (not a speaker's own "they") or "the two" as the parties of the
        latest coordination in the paragraph ("X and Y ... they"), when nobody was named
        since; "the two" with no such coordination is the two latest people."""
        if self.people_index is None:
            return []
        word = head.lower_
        if word not in ("they", "them") and not (head.pos_ == "NUM" and word in _NUMBERS):
            return []  # (most nouns: the paragraph count below scans the text up to here)
        pos, para = self._pos(head.idx), self._paragraph(head.idx)
        if word in ("they", "them"):
            if head.dep_ in ("nsubj", "nsubjpass") and self.speaker_antecedent(head) is not None:
                return []
            clause = head.head
            if word == "them" and head.dep_ == "dobj" and clause.tag_ == "VBG" and \
                    clause.dep_ == "advcl" and not any(
                        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                # "ordered three diplomats to leave, accusing them of ...": the object of
                # the verb the participle clause hangs from
                objs = [c for c in clause.head.children if c.dep_ == "dobj"]
                if objs and objs[0].pos_ in ("NOUN", "PROPN"):
                    found = self.parties(objs[0])
                    if found:
                        return found
            return self.people_index.coordinated(pos, para)
        if head.pos_ == "NUM" and word in _NUMBERS and \
                any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) and \
                not any(c.dep_ == "prep" for c in head.children):  # not "the two of them"
            found = self.people_index.coordinated(pos, para)
            if len(found) == _NUMBERS[word]:
                return found
            return self.people_index.group(pos, "", _NUMBERS[word]) or []
        return []

    def latest_person(self, before: int) -> Actor | None:
        if self.people_index is not None:
            return self.people_index.person(self._pos(before))
        people = [e for e in self.entities if e.label == "PERSON" and e.end <= before]
        if people:
            return people[-1].actor()
        return self.earlier_people[-1] if self.earlier_people else None

    def latest_people(self, before: int, n: int) -> list[Actor]:
        """The ``n`` most recently named distinct people (for "the two leaders")."""
        seen: list[Actor] = []
        for e in reversed([e for e in self.entities if e.label == "PERSON" and e.end <= before]):
            a = e.actor()
            if all(_key(a) != _key(b) for b in seen):
                seen.append(a)
            if len(seen) == n:
                return list(reversed(seen))
        return []

    def latest_country(self, before: int) -> Actor | None:
        for e in reversed([e for e in self.entities if e.end <= before]):
            if e.label in ("GPE", "NORP"):
                a = self.mention_actor(e)
                if a is not None:
                    return a
            elif e.stated_country() and e.label == "ORG":
                return self.country_actor(e.country, e.country)
        return None

    # --- places -------------------------------------------------------------------------
    def location(self, tok: Any) -> Location | None:
        """The place a token (or its phrase) names, as an event location."""
        start, end, _ = self.np_span(tok)
        for p in self.places_in(start, end):
            return Location(p.text, p.name or p.text, p.geonameid, p.lat, p.lon, p.country,
                            p.resolution)
        for e in self.ents_in(start, end):
            if e.label in ("GPE", "LOC"):
                c = self.country_of(e.text)
                if c is not None and self.countries.lookup(e.text) is not None:
                    return Location(_strip_poss(e.text), c.name, c.geonameid, c.lat, c.lon, c.iso3,
                                    "country")
                if c is not None:
                    return Location(_strip_poss(e.text), _strip_poss(e.text), None, None, None,
                                    c.iso3, "city")
        return None

    def place_country(self, tok: Any) -> str | None:
        loc = self.location(tok)
        return loc.country if loc is not None else None


def doc_text(doc: Any) -> str:
    """``doc.text``, computed once per Doc (spaCy rebuilds it from every token on each call)."""
    text = doc.user_data.get("dateline:text")
    if text is None:
        text = doc.user_data["dateline:text"] = doc.text
    return text


def _poss_spans(head: Any, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Full spans of possessor subtrees of ``head`` ("North Korea's" in "North Korea's Kim")."""
    out = []
    for c in head.children:
        if c.dep_ == "poss":
            sub = list(c.subtree)
            out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return out or ranges


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def _group_size(tok: Any) -> int:
    """N for "the N leaders" / "both leaders" (0 when the phrase names no counted group)."""
    if tok.tag_ not in ("NNS", "NNPS") and not tok.text.lower().endswith("s"):
        return 0
    for c in tok.children:
        if c.dep_ in ("nummod", "det", "predet", "amod") and c.lower_ in _NUMBERS:
            return _NUMBERS[c.lower_]
        if c.lower_ == "both":
            return 2
    return 0


def _definite(tok: Any) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
               for c in tok.children)


def _strip_poss(text: str) -> str:
    for suf in ("\u2019s", "'s"):
        if text.endswith(suf):
            return text[: -len(suf)]
    return text


def _fold(text: str) -> str:
    """Lower case without accents ("Chișinău" -> "chisinau") for capital look-ups."""
    return fold(text)


#: Modifiers that count or quantify a group rather than name it ("several hundred", "23").
_COUNT_WORDS = frozenset({"several", "many", "some", "few", "most", "all", "other", "more",
                          "hundred", "hundreds", "thousand", "thousands", "dozens", "least"})


def _core_name(head: Any) -> str:
    """The name of an unnamed group as written: the head noun with its compound and
    adjective modifiers, without determiners, numbers, possessors or quantity words ("at
    least six protesters" -> "protesters", "Several hundred supporters" -> "supporters",
    "ruling party supporters", "riot police")."""
    start = head.i
    for t in reversed(list(head.lefts)):
        if t.dep_ not in ("compound", "amod") or t.i != start - 1:
            break
        # a modifier with its own modifiers: "New York man", "far right groups"
        sub = [w for w in head.doc[t.left_edge.i:t.i + 1]]
        if any(w.pos_ in ("NUM", "DET") or w.like_num or w.lower_ in _COUNT_WORDS
               or w.dep_ == "poss" for w in sub):
            break
        start = t.left_edge.i
    return " ".join(w.text for w in head.doc[start:head.i + 1]).lower()


def _key(a: Actor) -> str:
    return actor_key(a)


def actor_key(a: Actor) -> str:
    """Identity of an actor for merging: its canonical name (country actors carry the
    country's name, so "Beijing" and "China" as actors are one party)."""
    return (a.name or a.text or "").strip().lower()


def _spacy_entities(parsed: Any, field_name: str, countries: Any) -> Iterable[EntityMention]:
    """Stand-in entity mentions from spaCy's NER (used when the entities stage left none)."""
    for ent in getattr(parsed, "ents", ()):
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
            continue
        iso3 = None
        if countries is not None and ent.label_ in ("GPE", "NORP", "LOC"):
            c = countries.lookup(ent.text)
            iso3 = c.iso3 if c else None
        yield EntityMention(ent.text, ent.label_, ent.start_char, ent.end_char, name=ent.text,
                            country=iso3, field=field_name)
