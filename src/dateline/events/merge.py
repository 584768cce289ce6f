"""Merging sentence reports into article events, and filling dates, places, confidence.

Reports (candidates) of the same happening — same event type, overlapping actors (or, when
one report names no actor, the same recipients), compatible recipients, mode, modality and
date — become one :class:`~dateline.model.Event` whose
``mentions`` list every sentence. References ("The visit marks ...", "Kim's trip reflects
...") only add a mention to the event they point at: the one of the same type whose actor is
named in the sentence and whose destination agrees, else the most reported one.

Confidence (0..1)::

    strength of the strongest trigger (lexicon prior, 0.35 derived .. 0.75 curated)
  + 0.10 if every actor has a country (resolved)
  + 0.05 if the event has a recipient or two or more parties
  + 0.05 per extra sentence reporting it (at most 0.10)
  - 0.10 if an actor came only from a pronoun / definite description
  - 0.05 if the modality is hypothetical
  - 0.15 if the event has no actor (only a recipient: "X was attacked")
"""

from __future__ import annotations

from ..model import Event, Evidence
from .candidate import Candidate
from .parties import actor_key

_FIELD_ORDER = {"title": 0, "subtitle": 1, "body": 2}
_COMPATIBLE_MODALITY = ({"asserted", "future"},)


def _keys(actors: list) -> frozenset[str]:
    return frozenset(actor_key(a) for a in actors)


class Group:
    """Reports of one event."""

    def __init__(self, c: Candidate) -> None:
        self.items: list[Candidate] = [c]

    @property
    def head(self) -> Candidate:
        return self.items[0]

    def actor_keys(self) -> frozenset[str]:
        return frozenset().union(*(_keys(c.actors) for c in self.items if not c.reference))

    def recipient_keys(self) -> frozenset[str]:
        return frozenset().union(*(_keys(c.recipients) for c in self.items))

    def accepts(self, c: Candidate) -> bool:
        h = self.head
        if c.event != h.event:
            return False
        if c.mode and h.mode and c.mode != h.mode:
            return False
        if c.modality != h.modality and not any({c.modality, h.modality} <= s
                                                 for s in _COMPATIBLE_MODALITY):
            return False
        ak, ck0 = self.actor_keys(), _keys(c.actors)
        if ak and ck0:
            # overlapping actors ("Russia and Ukraine" / "Ukraine" later) for reports of the
            # same mode; a visit and a meeting of its guests stay apart unless the parties agree
            if not (ak & ck0) or (ak != ck0 and c.mode != h.mode):
                return False
        elif ak or ck0:  # one report names no actor ("X was arrested"): same victims needed
            if not (self.recipient_keys() & _keys(c.recipients)):
                return False
        rk, ck = self.recipient_keys(), _keys(c.recipients)
        if rk and ck and not (rk & ck):
            return False
        dates = {x.date.value for x in self.items if x.date is not None}
        if c.date is not None and dates and c.date.value not in dates:
            return False
        return True


def group_candidates(cands: list[Candidate]) -> list[Group]:
    """Group reports into events; references attach to the event they point at."""
    order = sorted(cands, key=lambda c: (_FIELD_ORDER.get(c.evidence.field, 3), c.evidence.start,
                                         c.rank, c.trigger_i))
    groups: list[Group] = []
    for c in order:
        if c.reference or not (c.actors or c.recipients):
            continue
        for g in groups:
            if g.accepts(c):
                g.items.append(c)
                break
        else:
            groups.append(Group(c))
    for c in order:
        if not c.reference:
            continue
        best, best_score = None, 0.0
        for g in groups:
            h = g.head
            if h.event != c.event or (c.mode and h.mode and c.mode != h.mode):
                continue
            score = 0.1 * len(g.items)
            gk = g.actor_keys()
            if c.actors:
                if not (_keys(c.actors) & gk):
                    continue
                score += 2
            elif gk & c.sentence_actor_keys:
                score += 2
            dest = {x.dest_country for x in g.items if x.dest_country}
            if c.dest_country:
                if dest and c.dest_country not in dest:
                    continue
                score += 1
            if c.location is not None and c.location.country and dest and \
                    c.location.country not in dest:
                continue
            if score > best_score:
                best, best_score = g, score
        if best is not None:
            best.items.append(c)
    return groups


def _evidence_rank(c: Candidate) -> tuple:
    return (not c.reference, c.evidence.field == "body", c.filled, -c.evidence.start)


def build_event(g: Group, article_id: str, published: str | None) -> Event:
    """One event from a group: the best report is the evidence, the others fill gaps."""
    best = max(g.items, key=_evidence_rank)
    by_pref = sorted(g.items, key=lambda c: (c is not best, c.evidence.field != "body",
                                             c.evidence.start))
    location = next((c.location for c in by_pref if c.location is not None and not c.reference),
                    None) or next((c.location for c in by_pref if c.location is not None), None)
    date_m = next((c.date for c in by_pref if c.date is not None and not c.reference), None)
    modality = best.modality
    recipients = best.recipients or next((c.recipients for c in by_pref if c.recipients
                                          and not c.reference), [])
    mode = best.mode or next((c.mode for c in by_pref if c.mode), None)
    cameo = best.cameo if best.mode == mode else next(
        (c.cameo for c in by_pref if c.mode == mode), best.cameo)
    mentions: list[Evidence] = []
    seen = set()
    for c in sorted(g.items, key=lambda c: (_FIELD_ORDER.get(c.evidence.field, 3), c.evidence.start)):
        k = (c.evidence.field, c.evidence.start)
        if k not in seen:
            seen.add(k)
            mentions.append(c.evidence)
    if date_m is not None:
        date, date_end, date_text = date_m.value, date_m.value_end, date_m.text
    elif modality == "asserted" and published:
        date, date_end, date_text = published[:10], None, None
    else:
        date = date_end = date_text = None
    ev = Event(event=best.event, actor=list(best.actors), evidence=best.evidence,
               recipient=list(recipients), mode=mode, modality=modality,
               context=list(best.context), cameo=cameo, date=date, date_end=date_end,
               date_text=date_text, location=location, mentions=mentions,
               confidence=confidence(g, best, modality),
               decided={"coder": "rules", "rule": best.kind, "trigger": best.trigger or None,
                        "cameo": cameo})
    ev.assign_id(article_id)
    return ev


def confidence(g: Group, best: Candidate, modality: str) -> float:
    """See the module docstring for the formula."""
    s = max(c.strength for c in g.items)
    if best.actors and all(a.country for a in best.actors):
        s += 0.10
    if best.recipients or len(best.actors) >= 2:
        s += 0.05
    n = len({(c.evidence.field, c.evidence.start) for c in g.items})
    s += min(0.10, 0.05 * (n - 1))
    own = [c for c in g.items if not c.reference]
    if own and all(c.coref for c in own):
        s -= 0.10
    if modality == "hypothetical":
        s -= 0.05
    if not best.actors:  # "X was attacked": the doer is unknown
        s -= 0.15
    return round(max(0.0, min(1.0, s)), 3)


def merge(cands: list[Candidate], article_id: str, published: str | None,
          min_confidence: float = 0.0) -> list[Event]:
    """Article events from sentence reports, dropping those below ``min_confidence``."""
    events = [build_event(g, article_id, published) for g in group_candidates(cands)]
    return [e for e in events if e.confidence >= min_confidence]
