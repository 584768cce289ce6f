"""Modality of a coded event: asserted, historical, future, hypothetical or negated.

Read from the trigger's own clause (its auxiliaries, the verbs it is the complement of, the
modifiers of a nominal trigger) and from the event's date relative to the publication date.
Priority: negated > hypothetical > future > historical > asserted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPO_AUX = frozenset({"could", "may", "might", "would", "should", "can"})
#: Verbs whose complement is planned ("is scheduled to attend", "plans to visit").
FUTURE_HEADS = frozenset({"schedule", "set", "expect", "due", "plan", "intend", "prepare",
                          "aim", "slate", "poise", "hope", "seek", "want", "go"})
#: Verbs/nouns whose complement is only possible ("considering a visit", "proposed talks").
HYPO_HEADS = frozenset({"consider", "propose", "suggest", "mull", "discuss", "explore",
                        "weigh", "float", "offer", "seek"})
HYPO_MODS = frozenset({"possible", "potential", "proposed", "hypothetical", "likely",
                       "prospective", "mooted"})
FUTURE_MODS = frozenset({"upcoming", "planned", "scheduled", "forthcoming", "next", "future",
                         "expected", "impending"})
HYPO_NOUNS = frozenset({"consideration", "discussion", "review", "study"})
NEG_HEADS = frozenset({"deny", "refuse", "fail", "decline", "cancel"})
#: Days before publication after which an event is background rather than the story.
HISTORICAL_DAYS = 31


def clause_chain(tok: Any) -> list[Any]:
    """The trigger and the verbs it hangs from within its clause (xcomp heads, a nominal's verb)."""
    chain = [tok]
    cur = tok
    for _ in range(6):
        if cur.dep_ in ("xcomp", "nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr", "pcomp",
                        "compound", "auxpass") and cur.head is not cur:
            cur = cur.head
            chain.append(cur)
            if cur.pos_ in ("VERB", "AUX") and cur.dep_ != "xcomp":
                break
        else:
            break
    return chain


def _aux(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _past_perfect(tok: Any) -> bool:
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    return any(a.lower_ == "had" for a in aux) and tok.tag_ == "VBN"


def cue_modality(trigger: Any) -> str | None:
    """Modality from words alone (None: no cue, decide by date)."""
    chain = clause_chain(trigger)
    for t in chain:
        if any(c.dep_ == "neg" for c in t.children):
            return "negated"
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return "negated"
    for t in chain[1:]:
        if t.lemma_.lower() in NEG_HEADS and t.pos_ == "VERB" and trigger.dep_ == "xcomp":
            return "negated"
    for t in chain:
        if _aux(t) & HYPO_AUX:
            return "hypothetical"
        if any(c.dep_ == "amod" and c.lower_ in HYPO_MODS for c in t.children):
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
            return "hypothetical"
        if t is not trigger and t.lemma_.lower() in HYPO_HEADS:
            return "hypothetical"
        for c in t.children:  # "... was under consideration"
            if c.dep_ == "prep" and any(g.lemma_.lower() in HYPO_NOUNS for g in c.children):
                return "hypothetical"
    for t in chain:
        if _aux(t) & FUTURE_AUX:
            return "future"
        if t is not trigger and t.lemma_.lower() in FUTURE_HEADS and \
                any(c.dep_ == "xcomp" for c in t.children):
            return "future"
        if t is not trigger and t.lemma_ == "be" and trigger.dep_ == "xcomp":  # "is to visit"
            return "future"
        if any(c.dep_ == "amod" and c.lower_ in FUTURE_MODS for c in t.children):
            return "future"
    for t in chain:
        if t.pos_ in ("VERB", "AUX") and _past_perfect(t):
            return "historical"
    return None


def parse_iso(value: str | None) -> date | None:
    """The first day of an ISO date value ("2019", "2025-09", "2025-09-01")."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        d = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def date_modality(value: str | None, value_end: str | None, published: str | None) -> str | None:
    """historical / future from the event date against the publication date."""
    pub = parse_iso(published)
    start = parse_iso(value)
    if pub is None or start is None:
        return None
    end = parse_iso(value_end) or start
    if value and len(value) == 4:  # a bare year: background unless it is this year
        if int(value) < pub.year:
            return "historical"
        return "future" if int(value) > pub.year else None
    if (pub - end).days > HISTORICAL_DAYS:
        return "historical"
    if (start - pub).days > 0:
        return "future"
    return None


def decide(trigger: Any, value: str | None, value_end: str | None,
           published: str | None) -> str:
    """The event's modality."""
    cue = cue_modality(trigger)
    if cue in ("negated", "hypothetical", "future"):
        return cue
    by_date = date_modality(value, value_end, published)
    if by_date is not None:
        return by_date
    if cue == "historical" and parse_iso(value) is not None and parse_iso(published) is not None:
        # "Police said they had detained 23 people ... on Saturday": a past perfect in
        # reported speech whose own date is days before publication is the story itself
        return "asserted"
    return cue or "asserted"
