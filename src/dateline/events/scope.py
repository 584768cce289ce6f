"""Where and when a trigger's event happened, read from its own phrase and clause: the date
mention and the place it governs (used by the rule coder, ``events/coder.py``)."""

from __future__ import annotations

from typing import Any

from ..model import Actor, DateMention, Location
from .parties import FieldView, actor_key

#: Prepositions whose object is a time span the event did *not* happen in ("since 2019").
_NON_EVENT_DATE_PREPS = frozenset({"since", "until", "till"})
#: Prepositions that introduce an event's place.
_LOC_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "into", "around",
                        "throughout", "on"})
#: Dependents that never hold the event's place (subjects, clauses of their own).
_NO_LOC_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "ccomp", "advcl", "relcl", "conj",
                          "csubj", "parataxis"})


def trigger_date(v: FieldView, tok: Any) -> DateMention | None:
    """The date mention governing the trigger (its phrase, its clause), else the sentence's."""
    sent = tok.sent
    banned = []
    for t in sent:
        if t.lower_ in _NON_EVENT_DATE_PREPS:
            sub = list(t.subtree) if t.dep_ == "prep" else list(t.head.subtree)
            if t.dep_ == "mark":  # "since X collapsed in 2019": the clause is an event
                continue
            banned.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))

    for t in sent:  # other clauses hanging off a noun ("X, which fought in 2006, ...")
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp") and tok not in t.subtree and \
                t not in tok.subtree:
            sub = list(t.subtree)
            banned.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))

    def ok(d: DateMention) -> bool:
        return not any(s <= d.start < e for s, e in banned)

    scopes = [tok]
    if tok.pos_ == "NOUN" and tok.head is not tok:
        scopes.append(tok.head)
    for scope in scopes:
        sub = list(scope.subtree)
        ds = [d for d in v.dates_in(sub[0].idx, sub[-1].idx + len(sub[-1].text)) if ok(d)]
        if ds:
            ds.sort(key=lambda d: abs(d.start - tok.idx))
            return ds[0]
    ds = [d for d in v.dates_in(sent.start_char, sent.end_char) if ok(d)]
    return ds[0] if len(ds) == 1 else None


def trigger_location(v: FieldView, tok: Any, exclude: set[int]) -> Location | None:
    """A place governed by the trigger ("in Hanoi", "Beijing's parade"), not a party.

    Walks the trigger's phrase (and, for a noun, the verb it belongs to) without entering
    subjects or party phrases; a place counts when it is the object of a locative
    preposition or the possessor/compound of a noun there.
    """
    scopes = [tok]
    if tok.pos_ == "NOUN" and tok.head is not tok:
        scopes.append(tok.head)
    for scope in scopes:
        stack = [scope]
        while stack:
            t = stack.pop(0)
            for c in t.children:
                if c.i in exclude or c.dep_ in _NO_LOC_DEPS or c.i == tok.i:
                    continue
                stack.append(c)
                if v.label_at(c) not in ("GPE", "LOC", "FAC"):
                    continue
                if (c.dep_ == "pobj" and t.lower_ in _LOC_PREPS) or c.dep_ in ("poss", "compound"):
                    loc = v.location(c)
                    if loc is not None:
                        return loc
    return None


def sentence_location(v: FieldView, tok: Any, parties: list[Actor]) -> Location | None:
    """Fallback: a place the sentence puts something "in"/"at"/"near" that is no party."""
    names = {actor_key(a) for a in parties}
    for t in tok.sent:
        if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "outside") and \
                v.label_at(t) in ("GPE", "LOC", "FAC"):
            loc = v.location(t)
            if loc is not None and (loc.name or "").lower() not in names and \
                    (loc.text or "").lower() not in names:
                return loc
    return None


def paragraph_span(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The sentence ``text[start:end]`` as evidence: cut to the paragraph that holds index
    ``at`` (spaCy sometimes runs a sentence across a line break) and trimmed of whitespace and
    unbalanced quotes (a closing quote spaCy left to the next sentence is taken back)."""
    nl = text.rfind("\n", start, at)
    if nl >= 0:
        start = nl + 1
    nl = text.find("\n", at, end)
    if nl >= 0:
        end = nl
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    quotes = "\"\u201c\u201d"
    if start < end and text[start] in quotes and _count(text, start, end, quotes) % 2:
        start += 1
        while start < end and text[start].isspace():
            start += 1
    if end < len(text) and text[end] in quotes and _count(text, start, end, quotes) % 2:
        end += 1
    return start, end


def _count(text: str, start: int, end: int, chars: str) -> int:
    return sum(text.count(c, start, end) for c in chars)
