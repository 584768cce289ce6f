"""entities stage: people, organisations, places and nationalities, resolved to actors.

For each parsed field (title, subtitle, body) the stage takes spaCy's NER spans (PERSON, ORG,
GPE, LOC, NORP, FAC) and a PhraseMatcher over the same parsed Doc built from the bundled actor
tables (office holders' names and variants, news agencies, IGOs, seats of government). Matcher
spans override the NER spans they overlap (NER often tags a newspaper's name as PERSON or cuts
a three-part Korean name to its first two parts). Spans are trimmed of a leading article, titles and a possessive.

Resolution, in order (see :mod:`dateline.refdata.actors` and ``docs/actors.md``):

0. the article's countries: those named (country names, demonyms, capitals) and those of the
   people named in full; they choose between namesakes, surnames and readings of an
   abbreviation;
1. people: the date-aware office-holder table (date = ``article.published``; out of office,
   the nationality and no sector); then, for a one word reference ("Kim", "Putin"), a fuller
   name of the same document sharing that name part; then a bearer of that surname in the
   tables (those of the article's countries first); then titles in context ("North Korean
   leader X", "Russia's foreign minister X", "X, the Iranian foreign minister", "U.S. Sen. X",
   "former President X" -> OPP) for country and sector; an ORG span right after a person's
   title is that person;
2. organisations: the organisation table; else the name's head word ("... Corporation" BUS,
   "Bureau of ..." GOV) or a demonym/country + role phrase ("North Korean Foreign Ministry" ->
   PRK GOV), a country named right before it ("Iran's Foreign Ministry"), a named domestic body
   ("the Senate" LEG);
3. GPE: country names -> country (GOV); capitals -> their country; NORP demonyms (and regional
   ones: "Scottish") -> country;
4. ``GROUP`` mentions of unnamed bodies and groups (:mod:`.entity_groups`).

Countries still missing are filled once places are known, at the end of the places stage
(:mod:`.actor_context`).

The matcher is built once per spaCy vocabulary (cached in Resources); the model is never loaded
twice -- patterns are made with ``nlp.make_doc`` (tokenizer only).
"""

from __future__ import annotations

from typing import Any, Callable

from ..events.article import word_before
from ..model import FIELDS, Actor, Document, EntityMention
from ..refdata.actors import (RESOURCE_KEY, ROLE_SECTORS, ActorTable, analyse_phrase, clean_span,
                              fold, load_actor_table, name_key)
from ..refdata.roles import PROXY_ROLES
from ..registry import registry
from .entity_apposition import apposition_country, party_state
from .entity_groups import group_mentions
from .entity_spans import title_name_run, trim_span
from .metonymy import acts_as_state
from .nlp import spacy_model

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_CONTEXT_WINDOW = 8
#: Words that end the title read before a name: what comes before them is about someone else
#: ("a spokesperson for Sen. X": X is the senator; "envoy to Ukraine X": X serves Ukraine,
#: is not of it).
_LEFT_STOPS = frozenset({"and", "with", "by", "said", "told", ";", "for", "from", "against",
                         "about", "to"})
#: Wh-words (Penn tags) that open a clause: the words before them are no title of a name
#: after them ("when", "where", "which", "who").
_WH_TAGS = frozenset({"WRB", "WDT", "WP", "WP$"})


def actor_table(resources: Any) -> ActorTable:
    """The shared actor table (built once per Resources)."""
    return resources.get(RESOURCE_KEY, load_actor_table)


def _variants(name: str) -> set[str]:
    """Spelling variants of a person's name for the matcher."""
    out = {name, fold(name)}
    for n in list(out):
        out.add(n.replace("-", " "))
        parts = n.split()
        out.add(" ".join(p.replace("-", " ").title() if "-" in p else p for p in parts))
        out.add(" ".join(p.replace("-", "").capitalize() if "-" in p else p for p in parts))
    return out


def build_matchers(nlp: Any, table: ActorTable) -> tuple[Any, Any]:
    """(case-insensitive matcher, case-sensitive matcher) over actor names.

    Person names of two or more words and organisation names that are not abbreviations match
    on lower case; abbreviations ("AP", "KCNA", "SCO") and one-word organisation names match
    on the exact spelling.
    """
    from spacy.matcher import PhraseMatcher

    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    person_pats: dict[str, Any] = {}
    for p in table.people:
        if not p.qid:  # bulk dictionary entries: resolved when NER finds them, never matched
            continue
        for n in (p.name, *p.aliases):
            for v in _variants(n):
                if len(v.split()) >= 2:
                    person_pats.setdefault(v.lower(), v)
    lower.add("PERSON", [nlp.make_doc(v) for v in person_pats.values()])
    org_lower: dict[str, str] = {}
    org_exact: set[str] = set()
    for o in table.orgs:
        if not o.curated:
            continue
        for f in table.org_surface_forms(o):
            f = clean_span(f)
            if not f:
                continue
            core = f.replace(".", "").replace("-", "").replace("/", "")
            if len(f.split()) >= 2 and not core.isupper():
                org_lower.setdefault(f.lower(), f)
            else:
                org_exact.add(f)
                if f.upper() != f:
                    org_exact.add(f[:1].upper() + f[1:])
    lower.add("ORG", [nlp.make_doc(v) for v in org_lower.values()])
    exact.add("ORG", [nlp.make_doc(v) for v in sorted(org_exact)])
    return lower, exact


def _char_bounds(span: Any) -> tuple[int, int, str]:
    text = span.text
    s, e = span.start_char, span.end_char
    for poss in ("'s", "\u2019s"):
        if text.endswith(poss) and len(text) > len(poss):
            e -= len(poss)
            text = text[: -len(poss)]
    return s, e, text


def _spans(parsed: Any, matchers: tuple[Any, Any], table: ActorTable) -> list[Any]:
    """NER spans plus matcher spans; matcher spans win where they overlap."""
    from spacy.tokens import Span

    matched = []
    for m in matchers:
        for label_id, s, e in m(parsed):
            matched.append(Span(parsed, s, e, label=label_id))
    # longest first among matches, no overlaps
    matched.sort(key=lambda sp: (-(sp.end - sp.start), sp.start))
    taken: set[int] = set()
    chosen = []
    for sp in matched:
        if any(i in taken for i in range(sp.start, sp.end)):
            continue
        chosen.append(sp)
        taken.update(range(sp.start, sp.end))
    for ent in parsed.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        ent = title_name_run(ent, table) or trim_span(ent, table)
        if len(ent) == 0 or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if all(t.lower_ in table.words.honorifics for t in ent):
            continue  # "Datuk Seri" tagged PERSON before the name it honours
        chosen.append(ent)
        taken.update(range(ent.start, ent.end))
    chosen.sort(key=lambda sp: sp.start)
    return chosen


def _phrase(text: str, table: ActorTable) -> tuple[str | None, str | None, str | None]:
    """(country, sector, name) of a phrase (:func:`~dateline.refdata.roles.analyse_phrase`),
    with the regional demonyms of the actor word table."""
    return analyse_phrase(text, table.countries, table.words.regional_demonyms)


def _joined(toks: list[Any]) -> str:
    """The tokens' text, a full stop joined to the word before it: the tokenizer splits "Lt.
    Col." into "Lt", ".", "Col", "." and the role table holds "lt. col."."""
    return " ".join(t.text for t in toks).replace(" .", ".")


def _former(toks: list[Any], table: ActorTable) -> bool:
    """Whether a title says the office was held before ("former President", "ex-minister")."""
    return any(t.lower_.rstrip("-") in table.words.former for t in toks)


def _context(span: Any, table: ActorTable) -> tuple[str | None, str | None]:
    """Country and sector from titles around a person ("Chinese President X", "X, the Iranian
    foreign minister", "U.S. Sen. X", "X, Nigeria's finance minister"). Country only counts
    with a role word, or as a possessive directly before the name ("North Korea's Kim
    Jong-un"). A title held before ("former President X", "X, a former minister") gives the
    country and not the title's sector: SPEC section 5 codes the role held on the event's
    date, a politician out of office as OPP (``former_sectors`` of the actor word table)."""
    doc = span.doc
    try:
        sent_start = span.sent.start
    except ValueError:  # no sentence boundaries (a hand-built Doc)
        sent_start = 0
    lo = max(sent_start, span.start - _CONTEXT_WINDOW)
    left = []
    for i in range(span.start - 1, lo - 1, -1):
        t = doc[i]
        if t.lower_ in table.words.honorifics:
            continue  # "Foreign Minister Datuk Seri X" (NER tags "Datuk Seri" a PERSON)
        if t.lower_ in _LEFT_STOPS or t.ent_type_ == "PERSON" \
                or t.pos_ in ("VERB", "SCONJ") or t.tag_ in _WH_TAGS:
            break  # "a Chinese company when Haley was governor": no title of hers
        left.insert(0, t)
    country, sector = None, None
    for i in range(len(left)):
        for j in range(len(left), i, -1):
            o = table.find_org(doc[left[i].i:left[j - 1].i + 1].text)
            if o is not None and o.curated:  # an IGO, a news agency, "the Kremlin"
                rest = [t for t in left[j:] if t.lower_ not in ("'s", "\u2019s")]
                _, s, _ = _phrase(_joined(rest), table)
                if s is None:
                    continue
                # "UN Secretary-General X", "Xinhua reporter X": the org is the employer; a
                # seat of government gives the country, and its sector only to a proxy
                # ("Pentagon spokesman" MIL, "White House nominee" OPP)
                if o.kind.startswith("metonym") and not all(
                        t.lower_ in PROXY_ROLES for t in rest if t.lower_ in ROLE_SECTORS):
                    return o.country, s
                return o.country, o.sector
    former = False
    if left:
        c, s, _ = _phrase(_joined(left), table)
        if s is not None:
            country, sector = c, s
            former = _former(left, table)
        elif c is not None and left[-1].lower_ in ("'s", "\u2019s"):
            country = c
    if (sector is None or country is None) and not former and span.end < len(doc) and \
            doc[span.end].text == ",":
        right = []
        for i in range(span.end + 1, min(len(doc), span.end + 1 + _CONTEXT_WINDOW)):
            t = doc[i]
            if t.text in (",", ".", ";", ")") or t.pos_ in ("VERB", "AUX"):
                break
            right.append(t)
        if right and right[0].pos_ in ("DET", "ADJ", "PROPN", "NOUN"):
            c, s, _ = _phrase(_joined(right), table)
            if s is not None:
                former = sector is None and _former(right, table)
                country, sector = country or c, sector or s
    if former and sector is not None:
        sector = table.words.former_sectors.get(sector)
    return country, sector


def _mention(text: str, label: str, s: int, e: int, actor: Actor | None, field: str) -> EntityMention:
    if actor is None:
        return EntityMention(text, label, s, e, clean_span(text), None, None, None, field)
    return EntityMention(text, label, s, e, actor.name or clean_span(text), actor.country,
                         actor.sector, actor.wikidata, field)


def resolve_document(doc: Document, table: ActorTable, matchers: tuple[Any, Any],
                     when: str | None) -> list[EntityMention]:
    """All entity mentions of the parsed fields, resolved (two passes, so that short names
    in the title can use full names given later in the body)."""
    pending: list[tuple[str, Any, str, int, int, str]] = []
    full_people: list[tuple[list[str], Actor]] = []
    for field in FIELDS:
        parsed = doc.parsed.get(field)
        if parsed is None:
            continue
        for sp in _spans(parsed, matchers, table):
            s, e, text = _char_bounds(sp)
            if text.strip():
                pending.append((field, sp, sp.label_, s, e, text))
    # the article's countries (named, as demonyms or capitals, then of the people named in
    # full): they decide between namesakes, short names and acronyms of several readings
    prefer: set[str] = set()
    for _, sp, label, _, _, text in pending:
        if label in ("GPE", "NORP", "LOC"):
            c = table.countries.lookup(clean_span(text)) or \
                table.countries.get(table.capital_country(clean_span(text)))
            if c is not None:
                prefer.add(c.iso3)
    for _, sp, label, _, _, text in pending:
        if label == "PERSON" and len(name_key(text).split()) >= 2:
            a = _resolve_person_span(sp, text, name_key(text), table, [], when, prefer)
            full_people.append((name_key(a.name or text).split() + name_key(text).split(), a))
    prefer.update(a.country for _, a in full_people if a.country)

    capitals = {fold(c.capital): c.iso3 for c in table.countries.by_iso3.values() if c.capital}
    # one-word names the article tags as places: the same word tagged PERSON is no namesake
    # in the tables ("a Eugene police press release" beside "in Eugene" is not Taiwan's
    # Eugene Chien)
    places = {name_key(t) for _, _, lab, _, _, t in pending
              if lab in ("GPE", "LOC") and len(name_key(t).split()) == 1}
    out: list[EntityMention] = []
    field_texts: dict[str, str] = {}  # each parse's Doc.text, read once
    for field, sp, label, s, e, text in pending:
        actor: Actor | None = None
        key = name_key(text)
        # a one-word ORG/NORP/GPE that is the name of a person named in full elsewhere in the
        # article ("Brazil's Lula visits Nigeria": spaCy tags headline surnames as GPE)
        if label == "PERSON" or (label in ("ORG", "NORP", "GPE") and len(key.split()) == 1
                                 and table.find_org(text) is None
                                 and table.countries.lookup(clean_span(text)) is None
                                 and _doc_person(key, full_people) is not None) \
                or _titled_name(sp, label, text, table):
            if label != "PERSON":
                label = "PERSON"
            actor = _resolve_person_span(sp, text, key, table, full_people, when, prefer,
                                         namesakes=key not in places)
        elif label in ("ORG", "FAC"):
            actor = table.resolve_org(text, prefer)
            if actor is not None:
                label = "ORG"
            else:
                actor = table.resolve_person(text, when, prefer) if label == "ORG" else None
                if actor is not None:
                    label = "PERSON"
            if actor is None:
                c, sec, _ = _phrase(text, table)
                if _org_head(text) in table.words.facility_heads:
                    c = None  # "Indonesian Hospital" in Gaza: a name, not an owner
                if c is None and sec is not None:  # "Tbilisi City Court": the capital's state
                    c = _capital_country(text, capitals)
                # "the Senate", "Parliament": a domestic body (its country: the article's)
                body = table.words.named_bodies.get(clean_span(text).lower())
                sec = _org_sector(text, table) or sec or body
                if c is not None or (sec is not None and (len(key.split()) >= 2 or body)):
                    actor = Actor(text, clean_span(text), c, sec, None)
            if actor is None and label == "FAC":
                continue
        elif label in ("GPE", "LOC"):
            actor = table.country_actor(text)
            if actor is not None and table.countries.lookup_name(clean_span(text)) is None \
                    and doc.article is not None \
                    and (word_before(doc.article.text(field) or "", sp.start_char)
                         in table.words.place_prepositions
                         or acts_as_state(sp, table.words.state_prepositions) is False):
                # a capital as a place ("talks in Beijing"); elsewhere it is the state:
                # "Beijing said" is China, GOV (SPEC section 5), as the table's metonym says
                actor = Actor(text, clean_span(text), actor.country, None, None)
        elif label == "NORP":
            c = table.countries.lookup_demonym(text) or table.countries.lookup(text)
            iso = c.iso3 if c is not None else \
                table.words.regional_demonyms.get(clean_span(text).lower())  # "Scottish"
            if iso is not None:
                actor = Actor(text, clean_span(text), iso, None, None)
        if label in ("PERSON", "ORG") and (actor is None or actor.country is None):
            if label == "PERSON" and field not in field_texts:
                field_texts[field] = sp.doc.text  # spaCy joins every token on each read
            actor = _stated_country(sp, text, label, actor, table, field_texts.get(field))
        out.append(_mention(text, label, s, e, actor, field))
    out.extend(_untagged_short_names(doc, pending, full_people, table))
    _owner_countries(doc, out)
    for field in FIELDS:
        parsed = doc.parsed.get(field)
        if parsed is not None:
            out.extend(group_mentions(parsed, field, [m for m in out if m.field == field], table))
    # a group mention after the country or name mention it starts with
    out.sort(key=lambda m: (FIELDS.index(m.field) if m.field in FIELDS else len(FIELDS), m.start,
                            m.label == "GROUP"))
    return out


def _untagged_short_names(doc: Document, pending: list[tuple[str, Any, str, int, int, str]],
                          full_people: list[tuple[list[str], Actor]],
                          table: ActorTable) -> list[EntityMention]:
    """One-word proper nouns NER left untagged that are the first or last name of exactly one
    person named in full in the article ("Kenya's Ruto and Ethiopia's Abiy sign pact" beside
    "President William Ruto" and "Prime Minister Abiy Ahmed" in the body): PERSON mentions of
    that person, so that events and references in headlines find them."""
    owners: dict[str, set[str]] = {}
    actors: dict[str, Actor] = {}
    for parts, a in full_people:
        ident = a.wikidata or a.name or ""
        for w in {parts[0], parts[-1]} if parts else set():
            owners.setdefault(w, set()).add(ident)
            actors.setdefault(ident, a)
    if not owners:
        return []
    out: list[EntityMention] = []
    for field in FIELDS:
        parsed = doc.parsed.get(field)
        if parsed is None:
            continue
        taken = [(s, e) for f, _, _, s, e, _ in pending if f == field]
        for tok in parsed:
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not tok.is_alpha or \
                    tok.ent_type_:
                continue  # an entity of another kind ("May" as a month) is NER's reading
            if (tok.i > 0 and parsed[tok.i - 1].pos_ == "PROPN") or \
                    (tok.i + 1 < len(parsed) and parsed[tok.i + 1].pos_ == "PROPN"):
                continue  # part of a longer name: NER's business
            s, e = tok.idx, tok.idx + len(tok.text)
            if any(a < e and s < b for a, b in taken):
                continue
            who = owners.get(name_key(tok.text), set())
            if len(who) != 1 or table.countries.lookup(tok.text) is not None:
                continue
            a = actors[next(iter(who))]
            out.append(EntityMention(tok.text, "PERSON", s, e, a.name, a.country, a.sector,
                                     a.wikidata, field))
    return out


def _stated_country(sp: Any, text: str, label: str, actor: Actor | None,
                    table: ActorTable, doc_text: str | None = None) -> Actor | None:
    """A person or organisation the tables and titles left without a country: the country of
    a US party-and-state tag after a person ("Sen. Josh Hawley (R-Mo.)") or of a description
    beside the name ("Huawei, the Chinese tech company"; :mod:`.entity_apposition`).
    ``doc_text``: ``sp.doc.text`` when the caller has read it already."""
    country, sector = None, None
    if label == "PERSON":
        if doc_text is None:
            doc_text = sp.doc.text
        country, sector = party_state(doc_text[sp.end_char:sp.end_char + 40], table)
    country = country or apposition_country(sp, table)
    if country is None:
        return actor
    if actor is None:
        return Actor(text, clean_span(text), country, sector, None)
    return Actor(actor.text, actor.name, country, actor.sector or sector, actor.wikidata)


def _org_head(text: str) -> str | None:
    """The head word of an organisation's name: the last word before "of", else the last."""
    words = [w.strip(".,'\u2019").lower() for w in clean_span(text).split()]
    words = [w for w in words if w]
    if not words:
        return None
    cut = words.index("of") if "of" in words[1:] else len(words)
    return words[cut - 1]


def _org_sector(text: str, table: ActorTable) -> str | None:
    """The sector an organisation's name says by its head word (``org_heads``: "Sierra
    Nevada Corporation" BUS, "Bureau of Prisons" GOV, "Writers Guild" LAB): the last word
    before "of", else the last word. A government office of the police, armed forces or
    intelligence has their sector ("Fort Worth Police Department" COP)."""
    words = [w.strip(".,'\u2019").lower() for w in clean_span(text).split()]
    words = [w for w in words if w]
    if not words:
        return None
    cut = words.index("of") if "of" in words[1:] else len(words)
    head, mods = words[cut - 1], words[:cut - 1]
    sector = table.words.org_heads.get(head)
    if sector == "GOV":
        for m in mods:
            if ROLE_SECTORS.get(m) in ("COP", "MIL", "SPY"):
                return ROLE_SECTORS[m]
    return sector


def _titled_name(sp: Any, label: str, text: str, table: ActorTable) -> bool:
    """Whether an ORG span is a person's name after a person's title ("Former South Carolina
    Governor Nikki Haley", "Sen. Kamala Harris" tagged ORG): two or three capitalised words
    the tables do not know, with no role word of their own, right after a title word that
    is no body ("Governor", not "Army")."""
    if label != "ORG" or sp.start == 0:
        return False
    words = text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    prev = sp.doc[sp.start - 1].lower_
    if prev not in ROLE_SECTORS or prev in table.words.bodies or prev in table.words.named_bodies:
        return False
    return table.find_org(text) is None and _phrase(text, table)[1] is None \
        and table.countries.lookup(text) is None


def _owner_countries(doc: Document, mentions: list[EntityMention]) -> None:
    """An organisation without a country takes that of a country or nationality mention right
    before it, possibly with a possessive between ("Iran's Foreign Ministry", "Iranian
    Foreign Ministry" when NER tags the two apart)."""
    if doc.article is None:
        return
    by_end = {(m.field, m.end): m for m in mentions if m.label in ("GPE", "NORP") and m.country}
    for m in mentions:
        if m.label != "ORG" or m.country is not None:
            continue
        text = doc.article.text(m.field) or ""
        gap = text[:m.start].rstrip()
        for poss in ("'s", "\u2019s"):
            if gap.endswith(poss):
                gap = gap[: -len(poss)]
        owner = by_end.get((m.field, len(gap)))
        if owner is not None and text[len(gap):m.start].strip() in ("", "'s", "\u2019s"):
            m.country = owner.country


def _capital_country(text: str, capitals: dict[str, str]) -> str | None:
    """The country whose capital opens an organisation's name ("Tbilisi City Court",
    "Kyiv District Court"), or None."""
    words = clean_span(text).split()
    for n in (3, 2, 1):
        if len(words) > n:
            iso3 = capitals.get(fold(" ".join(words[:n])))
            if iso3 is not None:
                return iso3
    return None


def _doc_person(key: str, full_people: list[tuple[list[str], Actor]]) -> Actor | None:
    """The fuller person of this document a one-word name refers to (most mentioned)."""
    counts: dict[str, tuple[int, Actor]] = {}
    for parts, a in full_people:
        if key in parts:
            k = a.wikidata or a.name or ""
            n, _ = counts.get(k, (0, a))
            counts[k] = (n + 1, a)
    if not counts:
        return None
    return max(counts.values(), key=lambda na: na[0])[1]


def _resolve_person_span(sp: Any, text: str, key: str, table: ActorTable,
                         full_people: list[tuple[list[str], Actor]], when: str | None,
                         prefer: set[str] | frozenset[str] = frozenset(),
                         namesakes: bool = True) -> Actor:
    """A person's actor: the tables, a fuller name of the article, the title around it.
    ``namesakes`` False: a one-word name the article does not name in full is not looked up
    in the tables (a word the article tags as a place elsewhere)."""
    actor = table.resolve_person(text, when, prefer) if len(key.split()) >= 2 else None
    if actor is None and len(key.split()) == 1:
        a = _doc_person(key, full_people)
        if a is not None:
            actor = Actor(text, a.name, a.country, a.sector, a.wikidata)
        elif namesakes:
            actor = table.resolve_person(text, when, prefer)
    if actor is None:
        actor = Actor(text, clean_span(text), None, None, None)
    if actor.country is None or actor.sector is None:
        c, sec = _context(sp, table)
        if actor.sector is None and sec is not None:
            # the title in the text says what the person is now ("UN chief X", "Russian
            # General X"); the table only knew an earlier office
            country = None if sec == "IGO" else (c or actor.country)
            actor = Actor(actor.text, actor.name, country, sec, actor.wikidata)
        else:
            actor = Actor(actor.text, actor.name, actor.country or c, actor.sector, actor.wikidata)
    return actor


def _publication_date(doc: Document, config: dict) -> str | None:
    pub = (doc.article.published if doc.article is not None else None) or config.get("published")
    return pub[:10] if pub else None


@registry.stage("entities", "spacy", needs=("parsed",), provides=("entities",))
def make_spacy_entities(config: dict, resources: Any) -> Callable[[Document], Document]:
    """People, organisations, places and nationalities from spaCy NER plus the actor tables,
    resolved to canonical actors (name, country, sector, Wikidata id) at the publication date."""
    nlp = spacy_model(resources, config["spacy_model"])
    table = actor_table(resources)
    matchers = resources.get(f"actors:matchers:{config['spacy_model']}",
                             lambda: build_matchers(nlp, table))

    def run(doc: Document) -> Document:
        doc.entities = resolve_document(doc, table, matchers, _publication_date(doc, config))
        return doc

    return run
