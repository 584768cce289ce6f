"""Sentence-level rules of the events coder (issue 3): which trigger is the sentence's
event, which is no event at all, and which is re-typed by its frame.

* **Ranking** (:func:`clause_rank`): several events in one sentence are ordered main clause
  first. The rank of a trigger is the number of embedded clauses (relative, adverbial,
  clausal complement, ...) between it and the sentence root; a complement of a reporting
  verb is *not* embedded ("X said Y attacked Z" codes the attack as the main event; the
  statement itself is CAMEO 01, no event). Ties keep sentence order.
* **No event**: what an appeal asks for (:func:`under_appeal`, CAMEO 02), what a statement
  frame states or denies, what is only considered (:func:`statement_blocked`, CAMEO 01 /
  014), history inside "the anniversary of ..." (:func:`commemorated`), an active verb with
  no subject at all (:func:`has_subject`: a misparse).
* **Re-typing** by frame: refusals ("will not lift", "failed to agree") are REJECT
  (:func:`refusal`); announced cooperation is AGREE and announced coercion THREATEN
  (:func:`intent_or_threat`, CAMEO 03 / 13); "X said Y must Z" is X's REQUEST on Y
  (:func:`demand`).
* **One happening, one event** (:func:`fold_same_happening`): a trigger inside another's
  phrase or clause with the same type is folded into it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from . import modality as mod
from .lexicon import ATTEND, DYADIC, MEET, PHONE, SPEECH_COMPLEMENTS
from .lexicon_table import DELIBERATION_VERBS, DENIAL_VERBS, STATEMENT_OBJECTS
from .parties import actor_key

if TYPE_CHECKING:  # pragma: no cover
    from .candidate import Candidate


#: Dependencies that open an embedded clause (its events rank after the main clause's).
_EMBED_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "pcomp", "csubj", "csubjpass"})
#: Verbs whose complement is reported speech: "X said Y attacked Z" codes the attack as if
#: it were the main clause (the statement itself is CAMEO 01, no event).
REPORT_HEADS = frozenset({"say", "tell", "report", "announce", "state", "add", "confirm",
                          "claim", "note", "write", "declare", "insist", "allege", "believe",
                          "think", "reveal", "disclose", "acknowledge", "admit", "explain",
                          "assert", "maintain", "argue", "stress", "emphasize", "emphasise",
                          "indicate", "show", "learn", "hear", "know", "suggest"})
#: Appeal verbs (CAMEO 02, no PLOVER event): their complements are what is appealed for.
APPEAL_HEADS = frozenset({"urge", "appeal", "ask", "encourage", "plead", "implore", "beg",
                          "exhort", "invite", "advise", "press", "lobby", "seek", "hope",
                          "wish"})


#: Nouns whose "of" object is remembered history, not a reported event.
_COMMEMORATIVE = frozenset({"anniversary", "commemoration", "memorial", "remembrance",
                            "memory", "legacy", "centenary", "centennial", "jubilee"})


def commemorated(tok: Any) -> bool:
    """True for a trigger inside "the anniversary of ...", "in memory of ..."."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("pobj", "prep", "poss", "compound", "conj"):
            return False
        cur = cur.head
        if cur.lemma_.lower() in _COMMEMORATIVE:
            return True
    return False


_STATEMENT_ARGS = frozenset({"dobj", "ccomp", "prep", "xcomp", "advcl", "acl", "attr"})
_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE"})


def statement_blocked(sent: Any) -> set[int]:
    """Token indices that a statement frame makes no event (CAMEO 01 has no PLOVER event):
    the frame verb and what it states ("expressed concern over the attack", "denied charges
    that it had helped the rebels", "claimed responsibility for the bombing")."""
    out: set[int] = set()
    for tok in sent:
        lem = tok.lemma_.lower()
        if tok.pos_ != "VERB":
            continue
        objs = STATEMENT_OBJECTS.get(lem)
        framed = lem in DENIAL_VERBS or lem in DELIBERATION_VERBS or (objs is not None and any(
            c.dep_ == "dobj" and c.lemma_.lower() in objs for c in tok.children))
        if lem == "agree" and tok.head.lemma_.lower() != "fail" and not any(
                c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("on", "to", "upon"))
                or c.dep_ == "dobj" for c in tok.children) and any(
                c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
            out.add(tok.i)  # "agreed with X (that ...)": an expression of accord (CAMEO 019)
            continue
        if not framed:
            continue
        out.add(tok.i)
        for c in tok.children:
            if c.dep_ in _STATEMENT_ARGS:
                out.update(t.i for t in c.subtree)
    for tok in sent:  # "declined to comment on the allegations" (CAMEO 012)
        if tok.lemma_.lower() in ("decline", "refuse") and any(
                c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_COMPLEMENTS
                for c in tok.children):
            out.add(tok.i)
            for c in tok.children:
                if c.dep_ == "xcomp":
                    out.update(t.i for t in c.subtree)
    return out


#: Auxiliaries that, negated, announce a refusal ("will not", "won't", "cannot").
_REFUSAL_AUX = frozenset({"will", "wo", "shall", "can", "ca", "would"})
#: REJECT mode by the type of what is refused.
_REFUSED_MODE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "CONCEDE": "yield",
                 "RETREAT": "yield", "AGREE": "change", "SUPPORT": "change"}


def refusal(c: "Candidate", tok: Any) -> None:
    """Refusals are rejections (CAMEO 12), not negated events: "X failed to reach agreement
    with Y" (a cooperative event under "fail"), and "X will not / cannot lift the ban,
    release the prisoners, accept refugees, end the strike" (a negated future)."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and \
            verb.dep_ in ("dobj", "pobj", "prep", "compound", "attr"):
        verb = verb.head
    if c.event in _COOPERATIVE and verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "fail":
        c.event, c.mode, c.cameo, c.modality = "REJECT", _REFUSED_MODE.get(c.event), "120", "asserted"
        return
    if tok is not verb and c.kind != DYADIC:
        return
    kids = list(verb.children)
    if any(k.dep_ == "neg" for k in kids) and \
            any(k.dep_ == "aux" and k.lower_ in _REFUSAL_AUX for k in kids):
        c.mode = _REFUSED_MODE.get(c.event)
        c.event, c.cameo, c.modality = "REJECT", "120", "asserted"
        if c.kind in (MEET, PHONE, ATTEND) and len(c.actors) > 1 and not c.recipients:
            # the refuser (the subject, listed first) rejects the others
            c.actors, c.recipients = c.actors[:1], c.actors[1:]


_MATERIAL_COOPERATION = frozenset({"AID", "COOPERATE", "CONCEDE", "RETREAT", "SUPPORT"})
_MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"})
#: THREATEN mode by the type of what is threatened.
_THREAT_MODE = {"ASSAULT": "violence", "MOBILIZE": "violence", "COERCE": "restrict",
                "SANCTION": "relations"}
#: Adjectives of readiness: "is willing/ready/prepared to X" announces X.
_READY_ADJ = frozenset({"willing", "ready", "prepared", "determined", "eager"})


def verb_of(tok: Any) -> Any:
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and \
            verb.dep_ in ("dobj", "pobj", "prep", "compound", "attr"):
        verb = verb.head
    return verb


def intent_or_threat(c: "Candidate", tok: Any) -> None:
    """Announced actions are verbal events (CAMEO 03 / 13): "X will provide aid", "X is
    willing to withdraw" -> AGREE (intent to cooperate); "X will impose a curfew", "X is
    prepared to impose martial law", "X will withdraw unless Y ..." -> THREATEN. Meetings and
    visits keep their own type (a planned visit is a future CONSULT)."""
    verb = verb_of(tok)
    ready = verb.dep_ == "xcomp" and (verb.head.lemma_.lower() in _READY_ADJ or any(
        k.lemma_.lower() in _READY_ADJ for k in verb.head.children if k.dep_ == "acomp"))
    unless = any(k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if")
                                           for m in k.children) for k in verb.children)
    cue = mod.cue_modality(tok)  # words only: a date after publication is no announcement
    announced = cue in ("future", "hypothetical") or ready
    if not announced or cue == "negated" or c.modality == "negated":
        return
    if c.event in _MATERIAL_CONFLICT or (unless and c.event in ("RETREAT",)):
        c.mode = _THREAT_MODE.get(c.event)
        c.event, c.cameo, c.modality = "THREATEN", "130", "asserted"
    elif c.event in _MATERIAL_COOPERATION:
        c.event, c.mode, c.cameo, c.modality = "AGREE", None, "030", "asserted"


#: Modal verbs of obligation: "Y must withdraw", said by X, is X's demand on Y.
_OBLIGATION = frozenset({"must"})


def demand(c: "Candidate", tok: Any, subject: Callable[[Any], list]) -> None:
    """"X said Y must do Z" is a demand (REQUEST) by X on Y, not Z itself (``subject``: the
    parties a verb's subject names, as the rule coder finds them)."""
    verb = verb_of(tok)
    if not any(k.dep_ == "aux" and k.lower_ in _OBLIGATION for k in verb.children) or \
            any(k.dep_ == "neg" for k in verb.children):
        return
    speaker: list = []
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORT_HEADS | {"remind", "conclude"}:
        speaker = subject(verb.head)
    target = c.actors
    c.mode = {"CONCEDE": "yield", "RETREAT": "yield", "AID": "assist", "COOPERATE": "assist",
              "CONSULT": "meet"}.get(c.event, "change")
    c.event, c.cameo, c.modality = "REQUEST", "100", "asserted"
    c.actors, c.recipients = (speaker, target) if speaker else (c.actors, c.recipients)


def has_subject(verb: Any) -> bool:
    """The verb (or the verb its xcomp/conj chain hangs from) has a subject or is passive."""
    cur = verb
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass", "agent", "csubj") for c in cur.children):
            return True
        if any(g.dep_ in ("nsubj", "nsubjpass") for c in cur.children
               if c.dep_ in ("aux", "auxpass") for g in c.children):
            return True
        if cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
            cur = cur.head
            continue
        return False
    return False


def under_appeal(tok: Any) -> bool:
    """True when the trigger is what an appeal asks for ("urged X to withdraw", "called on
    X to release", "appealed for aid"), i.e. inside the complement of an appeal verb."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if head is cur:
            return False
        lem = head.lemma_.lower()
        if head.pos_ in ("VERB", "NOUN") and (
                lem in APPEAL_HEADS or
                (lem == "call" and any(c.dep_ in ("prep", "prt") and c.lower_ in ("on", "for", "upon")
                                       for c in head.children))):
            # a verb coordinated with the appeal verb is an event of its own
            return cur.dep_ in ("xcomp", "ccomp", "prep", "pobj", "dobj", "advcl", "acl")
        if cur.dep_ in ("relcl", "advcl") or head.pos_ == "AUX":
            return False
        cur = head
    return False


#: Nouns of what was said, asked or promised: a clause they govern is its content.
_SPEECH_CONTENT_NOUNS = frozenset({"demand", "call", "request", "proposal", "plan", "offer",
                                   "accusation", "allegation", "claim", "threat", "warning",
                                   "promise", "pledge", "appeal", "suggestion", "rumour",
                                   "rumor", "report", "fear", "hope"})


def speech_content(tok: Any) -> bool:
    """True when the trigger is the content of a speech noun ("rejected U.S. demands that
    China halt oil purchases", "the threat that Moscow would strike"): only said, not done."""
    return tok.dep_ in ("acl", "ccomp") and tok.head.pos_ == "NOUN" and \
        tok.head.lemma_.lower() in _SPEECH_CONTENT_NOUNS and \
        any(c.dep_ == "mark" and c.lower_ in ("that", "to") or c.dep_ == "aux" and c.lower_ == "to"
            for c in tok.children)


#: Newsroom formulas about asking a party for a statement: the reporter's request, not a
#: political event ("did not respond to a request for comment", "declined requests for comment").
_PRESS_REQUEST_NOUNS = frozenset({"request", "requests", "call", "calls", "inquiry", "query",
                                  "question", "email", "message"})
_PRESS_OBJECTS = frozenset({"comment", "comments", "reaction", "response", "statement"})


def press_request(tok: Any) -> bool:
    """True for a trigger that is a reporter's request for comment: a request/call noun
    whose ``for`` object is "comment" (or "reaction", "statement")."""
    if tok.lemma_.lower() not in _PRESS_REQUEST_NOUNS and tok.lower_ not in _PRESS_REQUEST_NOUNS:
        return False
    return any(p.dep_ == "prep" and p.lower_ == "for"
               and any(o.dep_ == "pobj" and o.lower_ in _PRESS_OBJECTS for o in p.children)
               for p in tok.children)


def clause_rank(tok: Any) -> int:
    """Ranking rule for several events in one sentence: the number of embedded clauses
    (relative, adverbial, clausal complement, ...) between the trigger and the sentence root.
    A complement of a reporting verb counts as main ("X said Y attacked Z" -> the attack),
    so does a trigger's own xcomp chain ("agreed to cooperate": agree is nearer the root)."""
    rank, cur = 0, tok
    for _ in range(20):
        head = cur.head
        if head is cur:
            break
        if cur.dep_ in _EMBED_DEPS and not (cur.dep_ == "ccomp" and
                                            head.lemma_.lower() in REPORT_HEADS):
            rank += 1
        cur = head
    return rank


def fold_same_happening(cands: list[Candidate], doc: Any) -> list[Candidate]:
    """One happening, one event: a trigger embedded in the phrase or clause of another
    trigger of the same type in the sentence ("attacked the city, killing dozens", "completed
    their withdrawal", "an investigation into the allegation" inside "launched ...") reports
    the same happening; it is folded into the outer one (its recipients fill a gap)."""
    out: list[Candidate] = []
    for c in cands:
        tok = doc[c.trigger_i]
        host = next((o for o in out if o.event == c.event and tok in doc[o.trigger_i].subtree
                     and (not c.actors or {actor_key(a) for a in c.actors}
                          <= {actor_key(a) for a in o.actors})), None)
        if host is None:
            out.append(c)
        elif not host.recipients and c.recipients:
            host.recipients = [r for r in c.recipients
                               if all(actor_key(r) != actor_key(a) for a in host.actors)]
    return out


#: Verbal events whose xcomp complement is their content, not a second happening
#: ("agreed to continue exchanges", "refused to meet", "threatened to strike", "vowed to crush",
#: "summoned the ambassador to deliver a protest").
CONTENT_GOVERNORS = frozenset({"AGREE", "REJECT", "THREATEN", "REQUEST", "ACCUSE"})


def _infinitive(tok: Any) -> bool:
    """A subjectless to-infinitive ("to dismiss the board", "to curb smuggling")."""
    kids = list(tok.children)
    return tok.pos_ in ("VERB", "AUX") and \
        any(k.dep_ == "aux" and k.lower_ == "to" for k in kids) and \
        not any(k.dep_ in ("nsubj", "nsubjpass", "mark") for k in kids)


def _participle(tok: Any) -> bool:
    """A subjectless -ing clause hanging off a verb (", easing a trade war")."""
    kids = list(tok.children)
    return tok.tag_ == "VBG" and tok.dep_ == "advcl" and \
        not any(k.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for k in kids)


def _content_link(tok: Any) -> bool:
    """Whether ``tok`` continues the content of the verb above it: an xcomp, a
    to-infinitive the parser attached as an adverbial clause ("did agree on Friday to
    dismiss"), or a participle clause of such content ("agreed to extend a pause, easing
    ..."). A participle of the governor itself is a second statement ("rejected the call,
    accusing Brussels of blackmail")."""
    if tok.dep_ == "xcomp" or (tok.dep_ == "advcl" and _infinitive(tok)):
        return True
    return _participle(tok) and tok.head is not tok and \
        (tok.head.dep_ == "xcomp" or (tok.head.dep_ == "advcl" and _infinitive(tok.head)))


def drop_complements(cands: list["Candidate"], doc: Any) -> list["Candidate"]:
    """Drop a trigger that is the complement (an xcomp, an infinitival adverbial clause, a
    participle clause, or a chain of them) of another coded verbal event of the sentence:
    "the government did agree to dismiss the board" is the agreement, not also a dismissal;
    "vowed to crush the militia" is a vow, not an assault that happened; "agreed to extend a
    pause, easing tensions" is one agreement; so is an event noun that is the object of such
    a complement ("summoned the ambassador to deliver a protest"). The governor ranks first, so the sentence's first
    event is unchanged."""
    governors = {c.trigger_i: c for c in cands if c.event in CONTENT_GOVERNORS}
    out = []
    for c in cands:
        tok = doc[c.trigger_i]
        cur, governed = tok, False
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and _content_link(tok.head):
            cur = tok.head  # the object of the content verb ("to deliver a protest")
        while _content_link(cur) and cur.head is not cur:
            cur = cur.head
            g = governors.get(cur.i)
            if g is not None and g is not c:
                governed = True
                break
        if governed:
            g = governors[cur.i]
            vow_of_force(g, doc[g.trigger_i], c.event)
            if not g.recipients and c.recipients:  # "refused to meet X": X is the recipient
                g.recipients = [r for r in c.recipients
                                if all(actor_key(r) != actor_key(a) for a in g.actors)]
            continue
        out.append(c)
    return out


def drop_purposes(cands: list["Candidate"], doc: Any) -> list["Candidate"]:
    """Drop a trigger in a purpose clause of another event of the sentence: a subjectless
    to-infinitive adverbial clause of the verb that carries another coded event ("will begin
    joint patrols to curb cattle rustling", "deployed troops to quell the protests"). The
    purpose is what the act is for, not a second happening; a purpose clause of a verb that
    codes nothing ("Police arrived to arrest him") stays the event."""
    carriers = {verb_of(doc[c.trigger_i]).i: c for c in cands}
    out = []
    for c in cands:
        tok = doc[c.trigger_i]
        host = carriers.get(tok.head.i) if tok.dep_ == "advcl" and _infinitive(tok) else None
        if host is not None and host is not c:
            continue
        out.append(c)
    return out


#: Nouns of an agreement whose terms an "under ..." phrase introduces.
TERMS_NOUNS = frozenset({"deal", "agreement", "accord", "pact", "plan", "arrangement", "terms",
                         "framework", "scheme", "treaty", "ceasefire", "truce", "deal's",
                         "memorandum", "protocol", "programme", "program"})


def under_terms(tok: Any) -> bool:
    """Whether a trigger states a term of an agreement ("Under the deal, Ethiopia will sell
    power to Kenya"): its verb, or a verb it is coordinated with or complements, has an
    "under <deal/agreement/plan>" phrase. The terms are what was agreed (the agreement is the
    event), not a further happening."""
    verb = verb_of(tok)
    for _ in range(6):
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "under" and any(
                    g.dep_ == "pobj" and g.lemma_.lower() in TERMS_NOUNS for g in c.children):
                return True
        if verb.dep_ not in ("conj", "xcomp") or verb.head is verb:
            break
        verb = verb.head
    return False


#: "in <noun> of/with/to/at ...": the motive of the act the phrase modifies, not an event.
MOTIVE_NOUNS = frozenset({"solidarity", "protest", "response", "retaliation", "support",
                          "reprisal", "revenge", "defiance", "honour", "honor", "memory",
                          "tribute"})


def drop_motives(cands: list["Candidate"], doc: Any) -> list["Candidate"]:
    """Drop a nominal trigger that gives the motive of another coded event of the sentence
    ("would stage a strike in solidarity with the students", "went on hunger strike in
    protest at ...", "struck back in retaliation for ..."): the noun heads an "in" phrase of
    the verb or noun that carries the other event."""
    carriers: dict[int, "Candidate"] = {}
    for c in cands:
        t = doc[c.trigger_i]
        carriers[t.i] = c
        carriers.setdefault(verb_of(t).i, c)
    out = []
    for c in cands:
        tok = doc[c.trigger_i]
        if tok.lemma_.lower() in MOTIVE_NOUNS and tok.dep_ == "pobj" and \
                tok.head.lower_ == "in" and tok.head.head is not tok.head:
            host = carriers.get(tok.head.head.i)
            if host is not None and host is not c:
                continue
        out.append(c)
    return out


#: Promise verbs (CAMEO 03 "express intent") that threaten when what is promised is force.
VOW_HEADS = frozenset({"vow", "pledge", "promise", "swear"})
#: Coded content types that make a vow a threat ("vowed to crush the militia").
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN", "MOBILIZE"})
#: Objects of a vow that are retaliation ("Beijing vows countermeasures").
RETALIATION_NOUNS = frozenset({"countermeasure", "retaliation", "revenge", "reprisal",
                               "response", "punishment", "counterattack"})


def vow_of_force(c: "Candidate", tok: Any, content: str | None = None) -> None:
    """A vow of force is a threat (THREATEN), not an intent to cooperate (AGREE): "vowed to
    crush the militia" (content coded ASSAULT), "vows countermeasures" (retaliation object).
    The own gold set and the PLOVER manual code these as threats."""
    if c.event != "AGREE" or tok.lemma_.lower() not in VOW_HEADS:
        return
    retaliates = any(x.dep_ in ("dobj", "obj") and x.lemma_.lower() in RETALIATION_NOUNS
                     for x in tok.children)
    if (content is not None and content in FORCE_TYPES) or retaliates:
        c.event, c.mode, c.cameo = "THREATEN", None, "130"


#: Verbs that expel when their complement is "leave" ("ordered the diplomats to leave").
_EXPEL_HEADS = frozenset({"order", "tell", "give", "instruct", "force", "ask"})


def expulsion(c: "Candidate", tok: Any) -> None:
    """"X ordered Y to leave (the country)" is an expulsion (SANCTION expel, CAMEO 166), not
    a request: the order is the sanction."""
    if tok.lemma_.lower() not in _EXPEL_HEADS or tok.pos_ != "VERB":
        return
    if any(x.dep_ == "xcomp" and x.lemma_.lower() == "leave" for x in tok.children):
        c.event, c.mode, c.cameo = "SANCTION", "expel", "166"


def peacekeeping(c: "Candidate", tok: Any) -> None:
    """Troops sent as peacekeepers are aid (CAMEO 074), not a mobilisation."""
    if c.event != "MOBILIZE":
        return
    verb = verb_of(tok)
    if any(t.lemma_.lower().startswith(("peacekeep", "peace-keep")) for t in verb.subtree):
        c.event, c.mode, c.cameo = "AID", None, "074"
