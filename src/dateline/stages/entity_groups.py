"""Unnamed bodies and groups as entity mentions: "Kenyan police", "Israel's military", "the
ministry", "protesters".

NER tags "Ethiopian" in "Ethiopian troops" as a nationality and leaves "police", "the court" or
"farmers" untagged, although SPEC section 5 codes them as actors: a state's body named by its
country is the country with the body's sector ("Ethiopian troops": Ethiopia, MIL), a group is
named as the text calls it, with its country ("Kenyan farmers": KEN, AGR). This module adds a
``GROUP`` mention for each noun phrase headed by

- a domestic body word (``bodies`` in ``data/actor_words.json``: "police", "government",
  "ministry", "court", "parliament", "troops", ...), singular or plural, or
- a group word (``groups``: "protesters", "farmers", "teachers", ...), plural only,

spanning the head's modifiers ("riot police", "Chinese health authorities", "Israel's
military"). Its sector is the head's in the role table; its country is that of a country,
demonym or capital among the modifiers ("Kenyan", "UK", "Israel's"), or of a person or
organisation of known country there ("Trump administration"). A body of a state sector with a
country is named by the country ("Kenyan police" -> "Kenya"). A mention the text gives no
country gets the article's country later, once places are known
(:func:`dateline.stages.actor_context.localise_entities`).

The events coder does not read ``GROUP`` mentions: it resolves role nouns itself
(:mod:`dateline.events.parties`).
"""

from __future__ import annotations

from typing import Any, Iterable

from ..model import EntityMention
from ..refdata.actors import NOUN_SECTORS, ROLE_SECTORS, ActorTable, clean_span

#: Labels of mentions whose country a modifier passes on to the body it modifies.
_COUNTRY_LABELS = ("GPE", "NORP", "LOC")
#: Labels of mentions a body word inside is part of ("Kenya Police Service", "Supreme Court").
_NAME_LABELS = ("PERSON", "ORG", "FAC")
#: Parts of speech a modifier of the head may have ("riot", "federal", "Delhi", "Israel").
_MODIFIER_POS = ("ADJ", "NOUN", "PROPN", "PART")
#: Most modifier tokens taken before the head (beyond a country mention's own tokens).
_MAX_MODIFIERS = 3


def _plural(tok: Any) -> bool:
    return tok.tag_ in ("NNS", "NNPS") or (bool(tok.lemma_) and tok.lemma_.lower() != tok.lower_)


def head_sector(tok: Any, table: ActorTable) -> str | None:
    """The sector of a body or group head noun, or None when ``tok`` heads no such phrase."""
    if tok.pos_ not in ("NOUN", "PROPN") or not tok.is_alpha:
        return None
    words = table.words
    word = tok.lower_
    lemma = (tok.lemma_ or word).lower()
    if lemma in words.bodies or word in words.bodies:
        pass
    elif (lemma in words.groups or word in words.groups) and _plural(tok):
        pass
    else:
        return None
    if tok.dep_ == "compound" and tok.head.i > tok.i:
        return None  # a modifier of a longer noun ("police officers", "government bonds")
    return NOUN_SECTORS.get(lemma) or ROLE_SECTORS.get(word) or NOUN_SECTORS.get(word)


def _covering(mentions: Iterable[EntityMention], start: int, end: int,
              labels: tuple[str, ...]) -> EntityMention | None:
    for m in mentions:
        if m.label in labels and m.start < end and start < m.end:
            return m
    return None


def _left_edge(tok: Any, mentions: list[EntityMention], table: ActorTable) -> int:
    """Index of the first token of the phrase ``tok`` heads: country mentions, possessive
    markers and modifiers directly before it, within the sentence."""
    doc = tok.doc
    try:
        floor = tok.sent.start
    except ValueError:  # no sentence boundaries (a hand-built Doc)
        floor = 0
    i, taken = tok.i, 0
    while i - 1 >= floor:
        p = doc[i - 1]
        country = _covering(mentions, p.idx, p.idx + len(p.text), _COUNTRY_LABELS)
        if country is not None:
            while i - 1 >= floor and doc[i - 1].idx >= country.start:
                i -= 1
            continue
        if p.lower_ in ("'s", "\u2019s", "'") and i - 2 >= floor and \
                _covering(mentions, doc[i - 2].idx, doc[i - 2].idx + 1, _COUNTRY_LABELS):
            i -= 1  # "Israel's military"
            continue
        if taken >= _MAX_MODIFIERS or p.pos_ not in _MODIFIER_POS or not p.is_alpha or \
                p.lower_ in table.words.quantifiers or p.lower_ in table.words.former:
            break
        if p.dep_ and p.head.i != tok.i and not (p.i < p.head.i < tok.i):
            break  # not a modifier inside this phrase
        i -= 1
        taken += 1
    return i


def group_mentions(parsed: Any, field: str, mentions: list[EntityMention],
                   table: ActorTable) -> list[EntityMention]:
    """``GROUP`` mentions for the body and group noun phrases of one parsed field (see the
    module docstring); ``mentions`` are the field's resolved entity mentions."""
    out: list[EntityMention] = []
    field_text: str | None = None  # Doc.text joins every token on each access: read once
    for tok in parsed:
        sector = head_sector(tok, table)
        if sector is None:
            continue
        t_end = tok.idx + len(tok.text)
        if _covering(mentions, tok.idx, t_end, _NAME_LABELS + _COUNTRY_LABELS) is not None:
            continue  # part of a name ("Kenya Police Service") or of a place
        first = _left_edge(tok, mentions, table)
        start = parsed[first].idx
        if field_text is None:
            field_text = parsed.text
        text = field_text[start:t_end]
        country = None
        for m in mentions:
            if start <= m.start and m.end <= t_end and m.country and \
                    m.label in _COUNTRY_LABELS + ("PERSON", "ORG"):
                country = m.country
                break
        if country is None:  # a demonym NER tagged otherwise ("Moldovan police": PERSON)
            country = next((c.iso3 for t in parsed[first:tok.i]
                            if (c := table.countries.lookup_demonym(t.text)) is not None), None)
        name = clean_span(text)
        if country is not None and sector in table.words.state_sectors:
            c = table.countries.get(country)
            name = c.name if c is not None else name
        out.append(EntityMention(text, "GROUP", start, t_end, name, country, sector, None, field))
    return out
