"""Trigger lexicon: verb and noun triggers -> (PLOVER event, mode, CAMEO code, pattern kind).

Three layers (looked up in this order by the coder: phrases, curated, derived):

* verb phrases ("lay down arms", "open fire on", "impose sanctions": ``lemma>object``,
  ``lemma|prep``, ``lemma~particle`` -> CAMEO code, "-" for a phrase known to be no event);
* curated verbs and nouns of all 16 types, each with a *kind* that says how the coder reads
  its arguments (a visit's destination, a meeting's partners, a dyadic verb's object, ...);

both in ``dateline/data/lexicon.json``, checked when loaded (:func:`load_lexicon` refuses an
unknown kind, a code with no PLOVER event, a type or mode SPEC section 2 does not have);
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

from ..errors import ConfigError
from ..plover import MODES, TYPES

#: How a trigger's arguments are read (see coder.py).
VISIT, MEET, ATTEND, INTENT, DYADIC, HOST, PHONE = "visit", "meet", "attend", "intent", "dyadic", "host", "phone"
KINDS = frozenset({VISIT, MEET, ATTEND, INTENT, DYADIC, HOST, PHONE})


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

    def __init__(self, cameo: dict[str, dict], derived: dict[str, str],
                 verbs: dict[str, TriggerSpec] | None = None,
                 nouns: dict[str, TriggerSpec] | None = None,
                 phrases: dict[str, str] | None = None,
                 phrase_events: dict[str, tuple[str, str | None]] | None = None) -> None:
        self.cameo = cameo
        self.derived = derived
        self.verbs = dict(verbs or {})
        self.nouns = dict(nouns or {})
        self.phrases = dict(phrases or {})
        self.phrase_events = dict(phrase_events or {})
        self._trigger_lemmas: dict[frozenset[str], frozenset[str]] = {}

    def trigger_lemmas(self, extra: Iterable[str] = ()) -> frozenset[str]:
        """Every lemma that :meth:`verb`, :meth:`phrase`, :meth:`noun` or
        :meth:`derived_verb` can answer for (plus ``extra``): a token whose lemma is not here
        cannot trigger, so the coder skips it before doing any work (most tokens)."""
        extra = frozenset(extra)
        cached = self._trigger_lemmas.get(extra)
        if cached is None:
            keys = list(self.verbs) + list(self.nouns) + list(self.phrases) + list(self.derived)
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

    def cameo_for(self, event: str, mode: str | None = None) -> str | None:
        """The most general CAMEO code (shortest, then lowest) of a PLOVER type and mode: the
        code of an event a model coded without a trigger's own code. A mode no code has falls
        back to the type's codes without a mode, then to any of the type's codes."""
        rows = [(c, r.get("mode")) for c, r in self.cameo.items() if r.get("event") == event]
        for ok in (lambda m: m == mode, lambda m: m is None, lambda m: True):
            codes = sorted((len(c), c) for c, m in rows if ok(m))
            if codes:
                return codes[0][1]
        return None

    def verb(self, lemma: str) -> TriggerSpec | None:
        return self.verbs.get(lemma)

    def phrase(self, lemma: str, objects: list[str], preps: list[str],
               particles: list[str]) -> TriggerSpec | None | bool:
        """A verb phrase trigger ("lay down arms", "open fire on", "send troops"): the spec,
        ``False`` when the phrase is known to be no event, None when no phrase matches."""
        keys = ([(f"{lemma}~{p}", None) for p in particles]
                + [(f"{lemma}>{o}", o) for o in objects] + [(f"{lemma}|{p}", None) for p in preps])
        for k, obj in keys:
            code = self.phrases.get(k)
            if code is None:
                continue
            if code == "-":
                return False
            ev, mode = self.phrase_events.get(lemma, (None, None))
            # an object phrase: the object is part of the trigger, its "on/to/against"
            # objects are the recipients ("imposed sanctions on X")
            return TriggerSpec(code, DYADIC, 0.6, objects=(obj,) if obj else (), event=ev,
                               mode=mode)
        return None

    def noun(self, lemma: str) -> TriggerSpec | None:
        return self.nouns.get(lemma)

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


def _spec(entry: dict) -> TriggerSpec:
    return TriggerSpec(str(entry["cameo"]), entry.get("kind", DYADIC),
                       float(entry.get("strength", 0.6)), tuple(entry.get("preps") or ()),
                       bool(entry.get("require_prep", False)), tuple(entry.get("objects") or ()),
                       entry.get("event"), entry.get("mode"))


def validate(lex: Lexicon) -> list[str]:
    """Problems of a lexicon: unknown kinds, codes with no PLOVER event, types and modes that
    SPEC section 2 does not have, strengths outside 0..1."""
    problems = []
    for table, entries in (("verbs", lex.verbs), ("nouns", lex.nouns)):
        for lemma, spec in entries.items():
            where = f"{table}[{lemma!r}]"
            if spec.kind not in KINDS:
                problems.append(f"{where}: unknown kind {spec.kind!r}")
            if not 0.0 <= spec.strength <= 1.0:
                problems.append(f"{where}: strength {spec.strength} outside 0..1")
            row = lex.plover(spec.cameo)
            event = spec.event or (row[0] if row else None)
            if event is None:
                problems.append(f"{where}: CAMEO code {spec.cameo!r} has no PLOVER event")
            elif event not in TYPES:
                problems.append(f"{where}: {event!r} is not a PLOVER type")
            elif spec.mode and spec.mode not in MODES[event]:
                problems.append(f"{where}: mode {spec.mode!r} is not a mode of {event}")
    for key, code in lex.phrases.items():
        if code != "-" and lex.plover(code) is None:
            problems.append(f"phrases[{key!r}]: CAMEO code {code!r} has no PLOVER event")
    for lemma, (event, mode) in lex.phrase_events.items():
        if event not in TYPES or (mode and mode not in MODES[event]):
            problems.append(f"phrase_events[{lemma!r}]: {event}/{mode} is not in SPEC section 2")
    return problems


def load_lexicon() -> Lexicon:
    """Read the bundled tables and check them (:func:`validate`); a bad table is a
    :class:`~dateline.errors.ConfigError`, not a wrong event later."""
    base = resources.files("dateline") / "data"
    cameo = json.loads((base / "plover_cameo.json").read_text(encoding="utf-8"))
    try:
        derived = json.loads((base / "plover_verbs.json").read_text(encoding="utf-8"))
    except FileNotFoundError:  # the derived table is optional
        derived = {}
    words = json.loads((base / "lexicon.json").read_text(encoding="utf-8"))
    lex = Lexicon(cameo, derived,
                  verbs={k: _spec(v) for k, v in words["verbs"].items()},
                  nouns={k: _spec(v) for k, v in words["nouns"].items()},
                  phrases=words["phrases"],
                  phrase_events={k: (v[0], v[1]) for k, v in words.get("phrase_events", {}).items()})
    problems = validate(lex)
    if problems:
        raise ConfigError("lexicon.json: " + "; ".join(problems[:10])
                          + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""))
    return lex
