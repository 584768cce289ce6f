"""Sentence-level event coding: lexicon triggers + dependency patterns -> candidates.

For every sentence of a field, each verb or noun found in the lexicon is a trigger; its
*kind* says how to read the parse around it:

* ``visit``  — subject travels to a destination ("travel to X", "arrive in X", "cross into
  X", "visit X", "X's trip to Y"): recipient = the destination's country (GOV), location =
  the destination place.
* ``meet``   — a meeting between parties ("X met Y", "talks with Y", "X's summit with Y"):
  every party is an actor, no recipient; mode third-party when held in a country none of
  the parties belongs to, multilateral with three or more parties.
* ``attend`` — attending/joining something alongside others ("attend the parade alongside
  X and Y", "X joins Y and Z"): multilateral with three or more parties.
* ``intent`` — "express interest in (restarting) talks with X": AGREE (CAMEO 036).
* ``dyadic`` — any other verb or noun: subject (or possessor / light verb subject) as actor,
  object or prepositional object as recipient.

:mod:`dateline.events.rules` decides which trigger is the event, which is none (appeals,
statements, deliberation) and which its frame re-types (refusals, announcements, demands);
candidates are ordered main clause first (``Candidate.rank``, docs/events.md).

Each trigger yields a :class:`Candidate` (one sentence's report of one event); nominal triggers
without participants ("The visit marks ...") are references that :mod:`dateline.events.merge`
attaches to an event.
"""

from __future__ import annotations

from typing import Any

from ..model import Actor, Evidence, Location
from . import modality as mod
from .lexicon_table import (ARMED_STRIKE_MODS, COMPOUND_NOUNS, EVENT_HEADS, FIGURATIVE,
                            NEEDS_OBJECT)
from .rules import (APPEAL_HEADS, REPORT_HEADS, clause_rank, commemorated, demand,
                    drop_complements, drop_motives, drop_purposes, expulsion,
                    fold_same_happening, has_subject, intent_or_threat, peacekeeping,
                    press_request, refusal, speech_content, statement_blocked, under_appeal,
                    under_terms, vow_of_force)
from .lexicon import (ATTEND, DYADIC, HOST, INTENT_NOUNS, INTENT_VERBS, LIGHT_VERBS, MEET,
                      MULTI_ADJ, PHONE, SPEECH_COMPLEMENTS, TALK_NOUNS, VISIT, Lexicon, TriggerSpec)
from .candidate import Candidate
from .parties import FieldView, actor_key
from .scope import paragraph_span, sentence_location, trigger_date, trigger_location

#: Appeal verbs that code a REQUEST when they name whom they appeal to.
APPEAL_REQUESTS = frozenset({"urge", "call", "appeal", "press", "implore", "exhort"})
#: Nouns whose "for" object is their recipient ("support for X", "solidarity for X").
FOR_NOUNS = frozenset({"support", "backing", "solidarity", "sympathy", "praise", "aid",
                       "assistance", "help"})
#: Verbs that react to an event named by their object ("Iran condemned the sanctions",
#: "China opposes the sanctions", "Kobakhidze defended the ruling"): the reactor is not the
#: actor of that event.
REACTION_HEADS = frozenset({"condemn", "denounce", "criticise", "criticize", "oppose",
                            "welcome", "reject", "dismiss", "defend", "praise", "slam",
                            "decry", "deplore", "call", "describe", "protest", "hail",
                            "applaud", "back", "support", "endorse", "challenge", "appeal"})
#: Reporting verbs: their subject is the speaker a bare "a meeting with X" is attributed to.
_REPORT_VERBS = frozenset({"say", "tell", "report", "announce", "state", "add", "confirm",
                           "claim", "note", "write"})


#: The parts of speech a trigger can have; lemmas coded beyond the lexicon ("strike", compounds).
_TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN"})
_EXTRA_TRIGGERS = frozenset({"strike"} | {head for _, head in COMPOUND_NOUNS})


class SentenceCoder:
    """Codes the sentences of one field."""

    def __init__(self, lexicon: Lexicon, view: FieldView, published: str | None,
                 use_derived: bool = True) -> None:
        self.lex = lexicon
        self.v = view
        self.published = published
        self.use_derived = use_derived
        self._phrase_objects: set[int] = set()  # object nouns a verb phrase already coded

    # --- driver -------------------------------------------------------------------------
    def code(self) -> list[Candidate]:
        out: list[Candidate] = []
        doc = self.v.parsed
        if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
            return out  # no parse (e.g. a model without a parser): nothing to read
        triggers = self.lex.trigger_lemmas(_EXTRA_TRIGGERS)
        for sent in doc.sents:
            consumed: set[int] = set()
            sent_keys = {actor_key(a) for e in self.v.ents_in(sent.start_char, sent.end_char)
                         if (a := self.v.mention_actor(e)) is not None}
            found: list[Candidate] = []
            # intent patterns first: they consume the talks noun they govern
            for tok in sent:
                if tok.lemma_.lower() in INTENT_VERBS and tok.pos_ == "VERB":
                    c = self._intent(tok, self._evidence(sent, tok), consumed)
                    if c is not None:
                        found.append(c)
            consumed |= statement_blocked(sent)
            for tok in sent:
                if tok.i in consumed or tok.pos_ not in _TRIGGER_POS or \
                        tok.lemma_.lower() not in triggers:
                    continue  # cannot trigger (see _trigger): skip before building evidence
                c = self._trigger(tok, self._evidence(sent, tok))
                if c is not None:
                    found.append(c)
            found += self._bare_demands(sent, found)
            found += self._appeals(sent, found)
            kept = []
            found = [c for c in found if c.trigger_i not in self._phrase_objects]
            for c in found:
                c.sentence_actor_keys = sent_keys
                tok = doc[c.trigger_i]
                if under_appeal(tok) or speech_content(tok) or press_request(tok) or \
                        under_terms(tok):
                    continue  # "X urged Y to stop attacks", "Under the deal, X will ..."
                c.rank = clause_rank(tok)
                refusal(c, tok)
                intent_or_threat(c, tok)
                peacekeeping(c, tok)
                demand(c, tok, self.subject)
                expulsion(c, tok)
                vow_of_force(c, tok)
                kept.append(c)
            kept.sort(key=lambda c: (c.rank, c.trigger_i))
            kept = drop_complements(fold_same_happening(kept, doc), doc)
            out.extend(drop_motives(drop_purposes(kept, doc), doc))
        return out

    def _appeals(self, sent: Any, found: list[Candidate]) -> list[Candidate]:
        """An appeal to a named party is a REQUEST of that party ("called on Serbia to
        respect ...", "urged Tbilisi to release ...", "appealed to X for help"): the appealer
        is the actor, the addressee the recipient. An appeal to no one ("called for calm")
        stays no event, and so does what is appealed for (:func:`rules.under_appeal`)."""
        taken = {c.trigger_i for c in found}
        out = []
        for tok in sent:
            lem = tok.lemma_.lower()
            if tok.pos_ != "VERB" or tok.i in taken or lem not in APPEAL_REQUESTS:
                continue
            if lem == "call":
                heads = self.prep_objects(tok, ("on", "upon"))
            elif lem == "appeal":
                heads = self.prep_objects(tok, ("to",))
            else:
                heads = [c for c in tok.children if c.dep_ == "dobj"]
            if not heads or not any(c.dep_ in ("xcomp", "ccomp") for c in tok.children) and lem != "appeal":
                continue
            actors = self.subject(tok)
            recips = [a for h in heads for a in self.v.parties(h)]
            if not actors or not recips:
                continue
            c = self._make(TriggerSpec("100", DYADIC, 0.5, event="REQUEST"), tok,
                           self._evidence(sent, tok), actors, recips)
            if c is not None:
                out.append(c)
        return out

    def _bare_demands(self, sent: Any, found: list[Candidate]) -> list[Candidate]:
        """"X said (that) Y must V" with no trigger under V: still X's demand on Y (REQUEST
        change); with a trigger under V, :func:`rules.demand` re-types that one."""
        out = []
        for tok in sent:
            if tok.dep_ != "ccomp" or tok.pos_ not in ("VERB", "AUX") or \
                    tok.head.lemma_.lower() not in REPORT_HEADS | {"remind", "conclude"}:
                continue
            if not any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children) or \
                    any(c.dep_ == "neg" for c in tok.children):
                continue
            if any(self.v.parsed[c.trigger_i] in tok.subtree for c in found):
                continue
            speaker = self.subject(tok.head)
            if not speaker:
                continue
            target = [a for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                      for a in self.v.parties(c)]
            c = self._make(TriggerSpec("100", DYADIC, 0.45), tok, self._evidence(sent, tok),
                           speaker, target, mode="change")
            if c is not None:
                c.modality = "asserted"
                out.append(c)
        return out

    def _evidence(self, sent: Any, tok: Any) -> Evidence:
        """The trigger's sentence as evidence, cut at paragraph breaks (spaCy sometimes runs a
        sentence across them) and trimmed of whitespace and unbalanced quotes."""
        text = self.v.text
        start, end = paragraph_span(text, sent.start_char, sent.end_char, tok.idx)
        return Evidence(self.v.name, text[start:end], start, end)

    def _trigger(self, tok: Any, ev: Evidence) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.dep_ == "amod" or commemorated(tok):
            return None  # "their shared opposition", "the anniversary of X's surrender"
        if tok.pos_ == "VERB":
            objs = [c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            preps = [c.lower_ for c in tok.children if c.dep_ == "prep"]
            prts = [c.lower_ for c in tok.children if c.dep_ == "prt"]
            phrase = self.lex.phrase(lemma, objs, preps, prts)
            if phrase is False:
                return None
            if phrase is not None:
                # the phrase codes its object noun too ("imposed sanctions", "launched an
                # offensive"): that noun must not report the same happening again
                self._phrase_objects.update(c.i for c in tok.children
                                            if c.dep_ in ("dobj", "nsubjpass"))
                return self._dyadic_verb(tok, phrase, ev)
            spec = self.lex.verb(lemma)
            if spec is not None:
                return self._verbal(tok, spec, ev)
            if self.use_derived:
                preps = [c.lower_ for c in tok.children if c.dep_ == "prep"]
                objs = [c.lemma_.lower() for c in tok.children if c.dep_ == "dobj"]
                spec = self.lex.derived_verb(lemma, preps, objs)
                if spec is not None:
                    c = self._dyadic_verb(tok, spec, ev)
                    if c is not None and c.actors and (c.recipients or objs):
                        return c
            return None
        if tok.pos_ in ("NOUN", "PROPN"):
            spec = self.lex.noun(lemma)
            if lemma == "strike" and tok.pos_ == "NOUN":
                spec = self._strike(tok)
            for c in tok.children:
                code = COMPOUND_NOUNS.get((c.lower_, lemma)) if c.dep_ in ("compound", "amod") else None
                if code is not None:
                    spec = TriggerSpec(code, DYADIC, 0.5, spec.preps if spec else ())
            if spec is not None and _figurative(tok):
                return None  # "a trade war", "a legal battle", "a war of words"
            if spec is not None and tok.dep_ == "compound" and \
                    tok.head.lemma_.lower() not in EVENT_HEADS:
                return None  # a modifier names a kind: "war games", "attack helicopters"
            if spec is not None and tok.pos_ == "NOUN":
                return self._nominal(tok, spec, ev)
        return None

    def _strike(self, tok: Any) -> TriggerSpec:
        """"strike" the noun: an armed attack ("air strike", "missile strikes"), a hunger
        strike, or a labour strike (PROTEST)."""
        mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
        if mods & ARMED_STRIKE_MODS:
            return TriggerSpec("195", DYADIC, 0.55, ("on", "against"))
        if "hunger" in mods:
            return TriggerSpec("142", DYADIC, 0.55, ("against",))
        return TriggerSpec("143", DYADIC, 0.45, ("against",), event="PROTEST", mode="strike")

    # --- helpers ------------------------------------------------------------------------
    def _make(self, spec: TriggerSpec, tok: Any, ev: Evidence, actors: list[Actor],
              recipients: list[Actor], mode: str | None = None) -> Candidate | None:
        pl = self.lex.plover(spec.cameo)
        if pl is None:
            return None
        event, base_mode, context = pl
        if spec.event and spec.event != event:
            base_mode = None  # the CAMEO code's mode belongs to another type
        event = spec.event or event
        c = Candidate(event, mode or spec.mode or base_mode, spec.cameo, context, actors,
                      recipients, ev, tok.i, spec.kind, spec.strength, trigger=tok.lemma_.lower())
        c.date = trigger_date(self.v, tok)
        val = c.date.value if c.date else None
        c.modality = mod.decide(tok, val, c.date.value_end if c.date else None, self.published)
        return c

    def subject(self, verb: Any) -> list[Actor]:
        """Actors of a verb: its subject (passive: the by-agent), climbing xcomp/conj chains."""
        cur = verb
        for _ in range(4):
            for c in cur.children:
                if c.dep_ == "agent":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs:
                        return self.v.parties(objs[0])
            subs = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subs:  # parser slip: the subject hangs from the auxiliary ("have opposed")
                subs = [g for c in cur.children if c.dep_ in ("aux", "auxpass")
                        for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
            if len(subs) > 1:
                # a misparse with several subjects ("PORT SUDAN, May 8 (Reuters) - Drones
                # launched by the RSF struck ..."): the one nearest before the verb is its own
                before = [t for t in subs if t.i < cur.i]
                subs = [max(before, key=lambda t: t.i)] if before else subs
            if subs:
                if subs[0].dep_ == "nsubjpass" and cur is verb and verb.tag_ == "VBN" and \
                        not any(c.dep_ == "xcomp" for c in verb.children):
                    return []  # "X was attacked": X is the recipient, actor unknown
                found = self.v.parties(subs[0])
                if not found and cur is not verb and cur.lemma_.lower() == "be" and \
                        cur.dep_ == "ccomp" and cur.head.lemma_.lower() in REPORT_HEADS:
                    # "X said Beijing's trade was lawful and rejected Y's demands": the
                    # parser joined "rejected" to the reported clause; the speaker rejected
                    return self.subject(cur.head)
                return found
            if cur.dep_ in ("acl", "relcl") and cur.head is not cur and any(
                    c.dep_ == "dobj" for c in cur.children):
                # a reduced clause with an object: its noun is the doer ("the force carrying
                # out strikes", also the parser's misreading of a headline's main verb)
                return self.v.parties(cur.head)
            if cur.dep_ == "conj" and cur.head.pos_ in ("NOUN", "PROPN", "ADJ") and \
                    cur.head.dep_ in ("ccomp", "xcomp", "oprd") and cur.head.head is not cur.head:
                # a small clause read as a clause ("declared [the staff] persona non grata and
                # summoned X"): the coordinated verb shares the governing verb's subject
                cur = cur.head.head
                continue
            if cur.dep_ in ("xcomp", "conj", "advcl", "acl", "acomp") and cur.head is not cur:
                cur = cur.head
                continue
            break
        return []

    def prep_objects(self, tok: Any, preps: tuple[str, ...]) -> list[Any]:
        out = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                out.extend(g for g in c.children if g.dep_ == "pobj")
        return out

    def _party_tokens(self, heads: list[Any]) -> set[int]:
        out: set[int] = set()
        for h in heads:
            for x in [h, *h.conjuncts]:
                out.update(t.i for t in x.subtree)
        return out

    # --- kinds --------------------------------------------------------------------------
    def _verbal(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        if spec.kind == VISIT:
            return self._visit_verb(tok, spec, ev)
        if spec.kind in (MEET, PHONE):
            return self._meet_verb(tok, spec, ev)
        if spec.kind == ATTEND:
            return self._attend(tok, spec, ev)
        if spec.kind == HOST:
            return self._host(tok, spec, ev)
        return self._dyadic_verb(tok, spec, ev)

    def _destination(self, dest: Any, c_actor: list[Actor]) -> tuple[list[Actor], Location | None, str | None]:
        loc = self.v.location(dest)
        iso3 = loc.country if loc else None
        if iso3 is None:
            c = self.v.country_of(dest.text)
            iso3 = c.iso3 if c else None
        if iso3 is None:
            return [], None, None
        c = self.v.countries.get(iso3) if self.v.countries is not None else None
        text = loc.text if loc and loc.text else dest.text
        if loc is None:
            loc = Location(text, c.name if c else text, None, None, None, iso3, "country")
        return [Actor(text=text, name=c.name if c else text, country=iso3, sector="GOV")], loc, iso3

    def _visit_verb(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        actors = self.subject(tok)
        dests = self.prep_objects(tok, spec.preps or ("to",))
        if tok.lemma_.lower() in ("visit", "tour"):
            dests = [c for c in tok.children if c.dep_ == "dobj"] + dests
        if not actors or not dests:
            return None
        recips, loc, iso3 = self._destination(dests[0], actors)
        if not recips or iso3 in {a.country for a in actors}:
            return None  # not a place, or a domestic trip
        c = self._make(spec, tok, ev, actors, recips)
        if c is not None:
            c.location, c.dest_country = loc, iso3
        return c

    def _reciprocal(self, spec: TriggerSpec, tok: Any, ev: Evidence, parties: list[Actor],
                    exclude: set[int], multi_hint: bool = False) -> Candidate | None:
        uniq: list[Actor] = []
        for a in parties:
            if all(actor_key(a) != actor_key(b) for b in uniq):
                uniq.append(a)
        if len(uniq) < 2:
            return None
        c = self._make(spec, tok, ev, uniq, [])
        if c is None:
            return None
        c.location = trigger_location(self.v, tok, exclude)
        if spec.kind == PHONE or any(t.lower_ in ("phone", "telephone") for t in tok.subtree):
            c.mode, c.cameo = "phone", "041"
        elif len(uniq) >= 3 or multi_hint:
            c.mode = "multilateral"
        elif c.location is not None and c.location.country and \
                all(a.country for a in uniq) and c.location.country not in {a.country for a in uniq}:
            c.mode, c.cameo = "third-party", "044"
        return c

    def _meet_verb(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        if spec.require_prep and not self.prep_objects(tok, spec.preps):
            return None
        if spec.kind == PHONE and any(
                c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for")
                or (c.dep_ == "prt" and c.lower_ in ("off", "up", "out")) for c in tok.children):
            return None  # "called X a liar", "called on X to ...", "called for talks", "called off"
        if spec.kind == PHONE and any(
                c.dep_ == "prep" and c.lower_ in ("on", "upon") and any(
                    g.dep_ == "pobj" and not self.v.dates_in(g.idx, g.idx + len(g.text))
                    and g.ent_type_ not in ("DATE", "TIME") for g in c.children)
                for c in tok.children):
            return None  # "call on the US to lift ..." is an appeal ("called on Friday" is not)
        subj = self.subject(tok)
        heads = [c for c in tok.children if c.dep_ == "dobj"] + self.prep_objects(tok, spec.preps)
        partners = [a for h in heads for a in self.v.parties(h)]
        return self._reciprocal(spec, tok, ev, subj + partners, self._party_tokens(heads))

    def _attend(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        subj = self.subject(tok)
        if not subj:
            return None
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        heads = [o for o in objs if self.v.party(o) is not None]
        heads += self.prep_objects(tok, ("alongside", "with"))
        for o in objs:
            heads += self.prep_objects(o, ("alongside", "with"))
        partners = [a for h in heads for a in self.v.parties(h)]
        if not partners:
            return None
        multi = any(t.lower_ in MULTI_ADJ for o in objs for t in o.subtree)
        return self._reciprocal(spec, tok, ev, subj + partners, self._party_tokens(heads), multi)

    def _host(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        hosts = self.subject(tok)
        guests = [a for c in tok.children if c.dep_ == "dobj" for a in self.v.parties(c)]
        if hosts and not guests and tok.lemma_.lower() == "welcome" and \
                any(c.dep_ == "dobj" for c in tok.children):
            # "X welcomed the decision": approval, not hosting
            return self._dyadic_verb(tok, TriggerSpec("051", DYADIC, 0.45), ev)
        if not hosts or not guests:
            return None
        c = self._make(spec, tok, ev, guests, hosts, mode="visit")
        if c is not None:
            c.location = trigger_location(self.v, tok, set())
        return c

    def _dyadic_verb(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_COMPLEMENTS for c in tok.children):
            return None  # "declined/refused to comment"
        if tok.lemma_.lower() in NEEDS_OBJECT and not any(
                c.dep_ in ("dobj", "nsubjpass", "dative") for c in tok.children):
            return None  # "returned to Peru" is a journey, "returned the paintings" a handover
        actors = self.subject(tok)
        objs = [c for c in tok.children if c.dep_ in ("dobj", "dative")
                or (spec.objects and c.dep_ == "nsubjpass")]  # "sanctions were imposed on X"
        if spec.objects and not any(o.lemma_.lower() in spec.objects for o in objs):
            return None
        heads = [] if spec.objects else list(objs)
        if not heads and not spec.objects:
            passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if passive and tok.tag_ == "VBN":
                heads = passive
        heads += self.prep_objects(tok, spec.preps or ("against", "on", "with"))
        if spec.objects:
            for o in objs:
                heads += self.prep_objects(o, ("to", "for", "on", "against"))
        recips = [a for h in heads for a in self.v.parties(h)]
        recips = [r for r in recips if all(actor_key(r) != actor_key(a) for a in actors)]
        if not actors and not recips:
            return None  # "X was attacked" keeps X as recipient; no party at all: no event
        if not actors and not has_subject(tok):
            return None  # an active verb without any subject is a misparse or an infinitive
        c = self._make(spec, tok, ev, actors, recips)
        if c is not None:
            c.location = (trigger_location(self.v, tok, self._party_tokens(heads))
                          or sentence_location(self.v, tok, actors + recips))
        return c

    def _intent(self, verb: Any, ev: Evidence, consumed: set[int]) -> Candidate | None:
        """'X expressed interest in (restarting) talks with Y' -> AGREE 036."""
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            if obj.lemma_.lower() not in INTENT_NOUNS:
                continue
            talks = [t for t in obj.subtree if t.lemma_.lower() in TALK_NOUNS]
            if not talks:
                continue
            actors = self.subject(verb)
            if not actors:
                return None
            heads = self.prep_objects(talks[0], ("with", "between"))
            recips = [a for h in heads for a in self.v.parties(h)]
            recips = [r for r in recips if all(actor_key(r) != actor_key(a) for a in actors)]
            consumed.update(t.i for t in talks)
            return self._make(TriggerSpec("036", DYADIC, 0.6), verb, ev, actors, recips)
        return None

    def _nominal(self, tok: Any, spec: TriggerSpec, ev: Evidence) -> Candidate | None:
        poss = [c for c in tok.children if c.dep_ == "poss"]
        own = [a for p in poss for a in self.v.parties(p)]
        coref = bool(poss) and not any(self.v.ents_in(*self.v.np_span(p)[:2]) for p in poss)
        light = tok.head if tok.dep_ == "dobj" and tok.head.lemma_.lower() in LIGHT_VERBS else None
        if not own and light is not None:
            own = self.subject(light)
        if not own:
            own = self._governor_subject(tok)
        if not own:  # "the Beijing trip": a compound names the place, not the actor
            own = [a for c in tok.children if c.dep_ == "compound" and self.v.label_at(c) == "PERSON"
                   for a in self.v.parties(c)]
        if spec.kind == VISIT:
            dests = self.prep_objects(tok, spec.preps or ("to",))
            if not dests:
                dests = [c for c in tok.children if c.dep_ == "compound" and self.v.label_at(c) in ("GPE", "LOC")]
            recips, loc, iso3 = self._destination(dests[0], own) if dests else ([], None, None)
            if iso3 is not None and iso3 in {a.country for a in own}:
                return None
            c = self._make(spec, tok, ev, own, recips)
            if c is None:
                return None
            c.location, c.dest_country = loc, iso3
            c.reference = not own or not recips
            c.coref = coref
            return c
        if spec.kind in (MEET, PHONE):
            heads = self.prep_objects(tok, spec.preps or ("with",))
            partners = [a for h in heads for a in self.v.parties(h)]
            if spec.kind == PHONE and not any(c.lower_ in ("phone", "telephone") for c in tok.children):
                return None
            if partners and not own:
                own = self._speaker(tok)
            multi = any(c.lower_ in MULTI_ADJ for c in tok.children if c.dep_ == "amod")
            c = self._reciprocal(spec, tok, ev, own + partners, self._party_tokens(heads + poss),
                                 multi)
            if c is not None:
                c.coref = coref
            return c
        # dyadic nouns: sanctions on X, solidarity with X, attack on X
        preps = spec.preps or ("on", "against", "with")
        if tok.lemma_.lower() in FOR_NOUNS:  # "support for Ethiopia's push"
            preps = tuple(preps) + ("for",)
        heads = self.prep_objects(tok, preps)
        if light is not None:
            heads += self.prep_objects(light, preps)
        if not own:  # "an attack by X on Y"
            own = [a for h in self.prep_objects(tok, ("by",)) for a in self.v.parties(h)]
        recips = [a for h in heads for a in (self.v.parties(h) or self._owner(h))]
        recips = [r for r in recips if all(actor_key(r) != actor_key(a) for a in own)]
        if not own and not recips:
            return None
        c = self._make(spec, tok, ev, own, recips)
        if c is not None:
            c.location = trigger_location(self.v, tok, self._party_tokens(heads + poss))
            c.coref = coref
        return c

    def _owner(self, head: Any) -> list[Actor]:
        """The possessor of a noun that names no party itself ("support for Ethiopia's
        push" -> Ethiopia)."""
        return [a for c in head.children if c.dep_ == "poss" for a in self.v.parties(c)]

    def _governor_subject(self, tok: Any) -> list[Actor]:
        """Actor of a nominal trigger from the verb it is an argument of ("remained on alert",
        "went on hunger strike", "launched an offensive"), not through a reporting verb or a
        subject position ("the attack killed ..." has no actor of its own)."""
        cur = tok
        for _ in range(4):
            if cur.dep_ not in ("dobj", "pobj", "prep", "attr", "oprd", "conj", "appos",
                                "compound"):
                return []
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                if cur.lemma_.lower() in REPORT_HEADS or cur.lemma_.lower() in APPEAL_HEADS:
                    return []
                if cur.lemma_.lower() in REACTION_HEADS and tok.dep_ == "dobj":
                    return []  # "condemned the sanctions": someone else's event
                return self.subject(cur)
        return []

    def _speaker(self, tok: Any) -> list[Actor]:
        """The subject of the reporting verb a nominal trigger's clause depends on."""
        for a in tok.ancestors:
            if a.pos_ == "VERB" and a.lemma_.lower() in _REPORT_VERBS:
                return self.subject(a)
        return []


def _figurative(tok: Any) -> bool:
    """Whether an event noun is used figuratively: a modifier listed in ``FIGURATIVE``
    ("trade war", "legal battle") or an "of" object that is ("war of words")."""
    mods = FIGURATIVE.get(tok.lemma_.lower())
    if not mods:
        return False
    words = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    words |= {g.lower_ for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"}
    return bool(words & mods)
