"""Trigger lexicon: verb and noun triggers -> (PLOVER event, mode, CAMEO code, pattern kind).

Three layers (looked up in this order by the coder: phrases, curated, derived):

* verb phrases and the wider per-type table of :mod:`dateline.events.lexicon_table`
  (``PHRASES`` first: "lay down arms", "open fire on", "impose sanctions"; its verbs and
  nouns extend the curated table below, which wins on a clash);

* a curated table (below) of the most common news verbs and nouns, each with a *kind* that
  says how the coder reads its arguments (a visit's destination, a meeting's partners, a
  dyadic verb's object, ...);
* the derived tables built by ``scripts/build_lexicon.py`` from PETRARCH's CAMEO verb
  dictionary (MIT) and CAMEO2PLOVER (CC BY-SA 4.0): ``plover_verbs.json`` maps a verb (and
  verb+preposition / verb+object noun) to a CAMEO code, ``plover_cameo.json`` maps a CAMEO
  code to PLOVER event/mode/context. Derived triggers are weaker and only code dyadic events
  (a resolved actor *and* a resolved recipient from different countries).

CAMEO roots 01 (statement) and 02 (appeal) have no PLOVER event and are never triggers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

from .lexicon_table import EVENT_OVERRIDES, NOUN_CODES, PHRASES, VERB_CODES

#: How a trigger's arguments are read (see coder.py).
VISIT, MEET, ATTEND, INTENT, DYADIC, HOST, PHONE = "visit", "meet", "attend", "intent", "dyadic", "host", "phone"


@dataclass(frozen=True)
class TriggerSpec:
    """One lexicon entry: what a trigger word codes and how to read its arguments."""

    cameo: str
    kind: str = DYADIC
    strength: float = 0.6  # prior that the trigger really reports this event
    preps: tuple[str, ...] = ()  # for visits: destination prepositions; else recipient preps
    require_prep: bool = False  # visits: only code when a destination preposition is present
    objects: tuple[str, ...] = ()  # object head lemmas required (empty: any)
    event: str | None = None  # overrides CAMEO2PLOVER where the current manual differs
    mode: str | None = None


_DEST = ("to", "into", "for", "in", "at")
_RCPT = ("with", "to", "against", "on", "at", "from", "for")

#: Curated verb triggers (lemma -> spec). The CAMEO code fixes event/mode via CAMEO2PLOVER.
VERBS: dict[str, TriggerSpec] = {
    # visits (CONSULT visit, CAMEO 042)
    "travel": TriggerSpec("042", VISIT, 0.7, ("to", "into"), True),
    "cross": TriggerSpec("042", VISIT, 0.65, ("into", "to"), True),
    "arrive": TriggerSpec("042", VISIT, 0.7, ("in", "at", "into"), True),
    "visit": TriggerSpec("042", VISIT, 0.75),
    "fly": TriggerSpec("042", VISIT, 0.55, ("to", "into"), True),
    "head": TriggerSpec("042", VISIT, 0.5, ("to", "for"), True),
    "depart": TriggerSpec("042", VISIT, 0.5, ("for",), True),
    "leave": TriggerSpec("042", VISIT, 0.45, ("for",), True),
    "go": TriggerSpec("042", VISIT, 0.4, ("to",), True),
    "land": TriggerSpec("042", VISIT, 0.45, ("in", "at"), True),
    "tour": TriggerSpec("042", VISIT, 0.6),
    "host": TriggerSpec("043", HOST, 0.6),
    "welcome": TriggerSpec("043", HOST, 0.45),
    # meetings
    "meet": TriggerSpec("040", MEET, 0.75, ("with",)),
    "talk": TriggerSpec("040", MEET, 0.5, ("with",), True),
    "confer": TriggerSpec("040", MEET, 0.6, ("with",)),
    "consult": TriggerSpec("040", MEET, 0.55, ("with",)),
    "negotiate": TriggerSpec("046", MEET, 0.6, ("with",)),
    "mediate": TriggerSpec("045", MEET, 0.55, ("between",)),
    "phone": TriggerSpec("041", PHONE, 0.7),
    "call": TriggerSpec("041", PHONE, 0.45),
    "telephone": TriggerSpec("041", PHONE, 0.7),
    "speak": TriggerSpec("040", MEET, 0.45, ("with", "to"), True),
    "attend": TriggerSpec("040", ATTEND, 0.6, ("alongside", "with")),
    "join": TriggerSpec("040", ATTEND, 0.5, ("alongside", "with", "in")),
    # AGREE
    "agree": TriggerSpec("030", DYADIC, 0.6, ("with", "to")),
    "pledge": TriggerSpec("030", DYADIC, 0.55, ("to",)),
    "promise": TriggerSpec("030", DYADIC, 0.5, ("to",)),
    "vow": TriggerSpec("030", DYADIC, 0.5, ("to",)),
    "offer": TriggerSpec("030", DYADIC, 0.45, ("to",)),
    # SUPPORT
    "praise": TriggerSpec("051", DYADIC, 0.65),
    "endorse": TriggerSpec("051", DYADIC, 0.65),
    "support": TriggerSpec("051", DYADIC, 0.55),
    "back": TriggerSpec("051", DYADIC, 0.45),
    "congratulate": TriggerSpec("051", DYADIC, 0.65),
    "thank": TriggerSpec("051", DYADIC, 0.55),
    "apologize": TriggerSpec("055", DYADIC, 0.65, ("to",)),
    "apologise": TriggerSpec("055", DYADIC, 0.65, ("to",)),
    "recognize": TriggerSpec("054", DYADIC, 0.45),
    "sign": TriggerSpec("057", DYADIC, 0.5, ("with",), objects=("agreement", "deal", "accord", "treaty", "pact", "memorandum")),
    # COOPERATE / AID
    "cooperate": TriggerSpec("060", DYADIC, 0.6, ("with",)),
    "aid": TriggerSpec("070", DYADIC, 0.55),
    "donate": TriggerSpec("070", DYADIC, 0.55, ("to",)),
    "send": TriggerSpec("070", DYADIC, 0.5, ("to",), objects=("aid", "assistance", "relief", "supplies", "food", "medicine")),
    "provide": TriggerSpec("070", DYADIC, 0.5, ("to",), objects=("aid", "assistance", "relief", "funding", "loan")),
    # CONCEDE / RETREAT
    "concede": TriggerSpec("080", DYADIC, 0.55, ("to",)),
    "yield": TriggerSpec("080", DYADIC, 0.45, ("to",)),
    "release": TriggerSpec("0841", DYADIC, 0.55),
    "free": TriggerSpec("0841", DYADIC, 0.45),
    "withdraw": TriggerSpec("0872", DYADIC, 0.5, ("from",)),
    "lift": TriggerSpec("085", DYADIC, 0.5, ("on", "against"), objects=("sanction", "sanctions", "embargo", "ban", "blockade")),
    # REQUEST
    # (appeals -- "urge", "ask", "call on" -- are CAMEO root 02, which has no PLOVER event)
    "demand": TriggerSpec("100", DYADIC, 0.55, ("from", "of")),
    # ACCUSE
    "accuse": TriggerSpec("112", DYADIC, 0.7),
    "blame": TriggerSpec("112", DYADIC, 0.6),
    "criticize": TriggerSpec("111", DYADIC, 0.7),
    "criticise": TriggerSpec("111", DYADIC, 0.7),
    "condemn": TriggerSpec("111", DYADIC, 0.7),
    "denounce": TriggerSpec("111", DYADIC, 0.7),
    "slam": TriggerSpec("111", DYADIC, 0.55),
    "investigate": TriggerSpec("090", DYADIC, 0.55),
    "probe": TriggerSpec("090", DYADIC, 0.45),
    "sue": TriggerSpec("115", DYADIC, 0.6),
    # REJECT
    "reject": TriggerSpec("120", DYADIC, 0.6),
    "refuse": TriggerSpec("120", DYADIC, 0.5),
    "veto": TriggerSpec("129", DYADIC, 0.65),
    "defy": TriggerSpec("128", DYADIC, 0.5),
    # THREATEN
    "threaten": TriggerSpec("130", DYADIC, 0.65),
    "warn": TriggerSpec("130", DYADIC, 0.45),
    # SANCTION
    "expel": TriggerSpec("166", DYADIC, 0.6),
    "sever": TriggerSpec("161", DYADIC, 0.55, ("with",)),
    "suspend": TriggerSpec("160", DYADIC, 0.45),
    "convict": TriggerSpec("116", DYADIC, 0.55, event="SANCTION", mode="convict"),
    "sentence": TriggerSpec("116", DYADIC, 0.55, event="SANCTION", mode="convict"),
    "resign": TriggerSpec("0831", DYADIC, 0.5, ("from",), event="RETREAT", mode="resign"),
    # COERCE
    "sanction": TriggerSpec("163", DYADIC, 0.65),
    "arrest": TriggerSpec("173", DYADIC, 0.65),
    "detain": TriggerSpec("173", DYADIC, 0.6),
    "seize": TriggerSpec("171", DYADIC, 0.55),
    "confiscate": TriggerSpec("1711", DYADIC, 0.55),
    "deport": TriggerSpec("174", DYADIC, 0.6),
    "ban": TriggerSpec("172", DYADIC, 0.45),
    "blockade": TriggerSpec("191", DYADIC, 0.6),
    "occupy": TriggerSpec("192", DYADIC, 0.55),
    "restrict": TriggerSpec("172", DYADIC, 0.4),
    # PROTEST
    "protest": TriggerSpec("140", DYADIC, 0.55, ("against",)),
    "demonstrate": TriggerSpec("141", DYADIC, 0.5, ("against",)),
    "rally": TriggerSpec("141", DYADIC, 0.45, ("against",)),
    "riot": TriggerSpec("145", DYADIC, 0.6, ("against",)),
    "boycott": TriggerSpec("143", DYADIC, 0.55),
    # MOBILIZE
    "deploy": TriggerSpec("154", DYADIC, 0.55, ("to",)),
    "mobilize": TriggerSpec("154", DYADIC, 0.6),
    "mobilise": TriggerSpec("154", DYADIC, 0.6),
    # ASSAULT
    "attack": TriggerSpec("190", DYADIC, 0.65),
    "invade": TriggerSpec("190", DYADIC, 0.65),
    "bomb": TriggerSpec("195", DYADIC, 0.65),
    "shell": TriggerSpec("194", DYADIC, 0.6),
    "kill": TriggerSpec("1823", DYADIC, 0.55),
    "abduct": TriggerSpec("181", DYADIC, 0.65),
    "kidnap": TriggerSpec("181", DYADIC, 0.65),
    "assassinate": TriggerSpec("186", DYADIC, 0.7),
    "torture": TriggerSpec("1822", DYADIC, 0.65),
    "shoot": TriggerSpec("193", DYADIC, 0.5),
    "beat": TriggerSpec("182", DYADIC, 0.35),
}

#: Curated noun triggers (lemma -> spec). Actors come from a possessor, a light verb's
#: subject ("held talks", "imposed sanctions") or, for reciprocal nouns, "with" partners.
NOUNS: dict[str, TriggerSpec] = {
    "visit": TriggerSpec("042", VISIT, 0.65, ("to",)),
    "trip": TriggerSpec("042", VISIT, 0.6, ("to",)),
    "journey": TriggerSpec("042", VISIT, 0.5, ("to",)),
    "tour": TriggerSpec("042", VISIT, 0.45, ("of", "to")),
    "arrival": TriggerSpec("042", VISIT, 0.5, ("in", "at")),
    "meeting": TriggerSpec("040", MEET, 0.6, ("with", "between")),
    "talk": TriggerSpec("046", MEET, 0.5, ("with", "between")),
    "summit": TriggerSpec("040", MEET, 0.6, ("with", "between")),
    "negotiation": TriggerSpec("046", MEET, 0.5, ("with", "between")),
    "consultation": TriggerSpec("040", MEET, 0.45, ("with",)),
    "call": TriggerSpec("041", PHONE, 0.4, ("with",)),
    "sanction": TriggerSpec("163", DYADIC, 0.55, ("on", "against")),
    "embargo": TriggerSpec("163", DYADIC, 0.55, ("on", "against")),
    "attack": TriggerSpec("190", DYADIC, 0.5, ("on", "against")),
    "airstrike": TriggerSpec("195", DYADIC, 0.6, ("on", "against")),
    "invasion": TriggerSpec("190", DYADIC, 0.55, ("of",)),
    "protest": TriggerSpec("140", DYADIC, 0.45, ("against",)),
    "demonstration": TriggerSpec("141", DYADIC, 0.45, ("against",)),
    "ceasefire": TriggerSpec("0871", DYADIC, 0.5, ("with",)),
    "truce": TriggerSpec("0871", DYADIC, 0.5, ("with",)),
    "solidarity": TriggerSpec("051", DYADIC, 0.45, ("with",)),
}

_COOP_PREPS = ("to", "with", "for")
_CONFLICT_PREPS = ("against", "on", "with", "at", "from")


def _extend(table: dict[str, TriggerSpec], codes: dict[str, str], strength: float) -> None:
    """Add the wider table's lemmas (the core entries above win)."""
    for code, words in codes.items():
        for w in words.split():
            if w in table:
                continue
            event, mode = EVENT_OVERRIDES.get(w, (None, None))
            # recipients: "gave aid to X", "returned the paintings to X" (cooperation);
            # "fired at X", "sanctions on X" (conflict)
            preps = _COOP_PREPS if code < "09" else _CONFLICT_PREPS
            table[w] = TriggerSpec(code, DYADIC, strength, preps, event=event, mode=mode)


_extend(VERBS, VERB_CODES, 0.5)
_extend(NOUNS, NOUN_CODES, 0.45)
for _w, (_ev, _mode) in EVENT_OVERRIDES.items():  # the manual's type for core entries too
    for _t in (VERBS, NOUNS):
        if _w in _t and _t[_w].event is None:
            s0 = _t[_w]
            _t[_w] = TriggerSpec(s0.cameo, s0.kind, s0.strength, s0.preps, s0.require_prep,
                                 s0.objects, _ev, _mode or s0.mode)
# "send"/"provide" code by their object (PHRASES); alone they are no event
VERBS.pop("send", None)
# "lift" is an easing whatever its object (CONCEDE); sanctions/blockades: RETREAT (PHRASES)
VERBS["lift"] = TriggerSpec("081", DYADIC, 0.5)
VERBS["provide"] = TriggerSpec("070", DYADIC, 0.45, ("to", "with", "for"))

#: Complements that make "refuse to X" a non-event ("refused to comment").
SPEECH_COMPLEMENTS = frozenset("comment say confirm disclose elaborate speculate discuss "
                               "answer respond identify name reveal".split())

#: Light verbs whose subject is the actor of their object noun ("X held talks with Y").
LIGHT_VERBS = frozenset("hold have conduct launch impose stage carry make pay begin start "
                        "resume open announce host attend sign express undertake mount wage "
                        "reach declare file lodge deliver grant extend unleash intensify "
                        "continue".split())

#: Nouns that, as object of an expressive verb, turn "talks/meeting" into intent (AGREE 036).
INTENT_NOUNS = frozenset("interest willingness readiness desire intent intention hope "
                         "openness commitment".split())
INTENT_VERBS = frozenset("express voice signal show indicate reiterate declare".split())
#: Nouns naming a negotiation (the object of an intent).
TALK_NOUNS = frozenset("talk negotiation dialogue meeting summit diplomacy".split())
#: Words that make a gathering multilateral.
MULTI_WORDS = frozenset("multilateral trilateral summit".split())
MULTI_ADJ = frozenset("multilateral trilateral quadrilateral regional international".split())


#: Verbs whose PETRARCH default code is wrong for plain news use: speech verbs ("added")
#: and very general verbs whose event depends entirely on the object.
NEVER_DERIVED = frozenset("say add tell state note report announce give take have make get "
                          "hold face become issue put set keep find see come send "
                          "provide consider explore mull weigh contemplate ponder "
                          "reconsider".split())


class Lexicon:
    """The curated tables plus the derived PETRARCH/CAMEO2PLOVER tables."""

    def __init__(self, cameo: dict[str, dict], derived: dict[str, str]) -> None:
        self.cameo = cameo
        self.derived = derived
        self._trigger_lemmas: dict[frozenset[str], frozenset[str]] = {}

    def trigger_lemmas(self, extra: Iterable[str] = ()) -> frozenset[str]:
        """Every lemma that :meth:`verb`, :meth:`phrase`, :meth:`noun` or
        :meth:`derived_verb` can answer for (plus ``extra``): a token whose lemma is not here
        cannot trigger, so the coder skips it before doing any work (most tokens)."""
        extra = frozenset(extra)
        cached = self._trigger_lemmas.get(extra)
        if cached is None:
            keys = list(VERBS) + list(NOUNS) + list(PHRASES) + list(self.derived)
            cached = frozenset(re.split(r"[~>|]", k, maxsplit=1)[0] for k in keys) | extra
            self._trigger_lemmas[extra] = cached
        return cached

    def plover(self, code: str) -> tuple[str, str | None, list[str]] | None:
        """(event, mode, context) for a CAMEO code, walking up to the 3-digit root."""
        for c in (code, code[:3]):
            row = self.cameo.get(c)
            if row:
                return row["event"], row.get("mode"), list(row.get("context") or [])
        return None

    def verb(self, lemma: str) -> TriggerSpec | None:
        return VERBS.get(lemma)

    def phrase(self, lemma: str, objects: list[str], preps: list[str],
               particles: list[str]) -> TriggerSpec | None | bool:
        """A verb phrase trigger ("lay down arms", "open fire on", "send troops"): the spec,
        ``False`` when the phrase is known to be no event, None when no phrase matches."""
        keys = ([(f"{lemma}~{p}", None) for p in particles]
                + [(f"{lemma}>{o}", o) for o in objects] + [(f"{lemma}|{p}", None) for p in preps])
        for k, obj in keys:
            code = PHRASES.get(k)
            if code is None:
                continue
            if code == "-":
                return False
            ev, mode = EVENT_OVERRIDES.get(lemma, (None, None))
            # an object phrase: the object is part of the trigger, its "on/to/against"
            # objects are the recipients ("imposed sanctions on X")
            return TriggerSpec(code, DYADIC, 0.6, objects=(obj,) if obj else (), event=ev,
                               mode=mode)
        return None

    def noun(self, lemma: str) -> TriggerSpec | None:
        return NOUNS.get(lemma)

    def derived_verb(self, lemma: str, preps: list[str], objects: list[str]) -> TriggerSpec | None:
        """A weak trigger from the PETRARCH tables (verb+object, verb|prep, then the verb)."""
        if lemma in NEVER_DERIVED:
            return None
        keys = [f"{lemma}>{o}" for o in objects] + [f"{lemma}|{p}" for p in preps] + [lemma]
        for k in keys:
            code = self.derived.get(k)
            if not code:
                continue
            if code[:2] in ("01", "02"):
                return None  # a statement / appeal pattern blocks the verb's default code
            if self.plover(code):
                return TriggerSpec(code, DYADIC, 0.35)
        return None


def load_lexicon() -> Lexicon:
    """Read the bundled tables (build them with scripts/build_lexicon.py)."""
    base = resources.files("dateline") / "data"
    cameo = json.loads((base / "plover_cameo.json").read_text(encoding="utf-8"))
    try:
        derived = json.loads((base / "plover_verbs.json").read_text(encoding="utf-8"))
    except FileNotFoundError:  # the derived table is optional
        derived = {}
    return Lexicon(cameo, derived)
