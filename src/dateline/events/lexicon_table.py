"""The rule coder's frame tables: statement and deliberation frames, denial verbs, verbs that
need an object, generic event-noun heads, compound and figurative event nouns.

The trigger words themselves (verbs, nouns, phrases and their CAMEO codes) are data:
``dateline/data/lexicon.json``, loaded and validated by :func:`dateline.events.lexicon.load_lexicon`.
Words here are general English; nothing is taken from an evaluation set.
"""

from __future__ import annotations

#: Statement frames (CAMEO 01, no PLOVER event): verb + object head. The verb is no event
#: and triggers inside its object are what is stated, not events ("expressed concern over
#: the attack", "denied charges that it had helped the rebels", "rejected accusations").
STATEMENT_OBJECTS: dict[str, frozenset[str]] = {
    "express": frozenset("condolence concern optimism pessimism hope regret sympathy wish "
                         "sorrow grief disappointment satisfaction confidence doubt "
                         "reservation fear worry skepticism scepticism alarm".split()),
    "deny": frozenset("charge accusation allegation claim report responsibility "
                      "involvement rumor rumour wrongdoing".split()),
    "reject": frozenset("charge accusation allegation claim report criticism "
                        "rumor rumour".split()),
    "dismiss": frozenset("charge accusation allegation claim report criticism rumor "
                         "rumour".split()),
    "claim": frozenset("responsibility credit victory".split()),
    "send": frozenset("message letter note condolence".split()),
}
for _v in ("voice", "convey", "offer", "extend", "share", "reiterate"):
    STATEMENT_OBJECTS[_v] = STATEMENT_OBJECTS["express"]
STATEMENT_OBJECTS["refute"] = STATEMENT_OBJECTS["deny"]
STATEMENT_OBJECTS["issue"] = frozenset("statement communique communiqué declaration report "
                                       "note release appeal call plea".split())
STATEMENT_OBJECTS["launch"] = frozenset("appeal plea".split())
STATEMENT_OBJECTS["release"] = STATEMENT_OBJECTS["issue"]
STATEMENT_OBJECTS["make"] = frozenset("statement remark comment appeal plea".split())
#: Deliberation (CAMEO 014 "consider policy option", no PLOVER event): what is considered
#: is not (yet) an event ("is considering sending aid", "is exploring the possibility of").
DELIBERATION_VERBS = frozenset("consider explore mull weigh contemplate ponder "
                               "reconsider".split())
#: Verbs whose whole complement is a statement of denial ("denied that it had ...").
DENIAL_VERBS = frozenset("deny".split())

#: Verbs that code an event only with an object (or a passive subject): "returned the
#: paintings to Peru" is a handover, "returned to Peru" a journey.
NEEDS_OBJECT = frozenset("return repatriate provide deliver distribute supply earmark hand "
                         "lift ease relax loosen".split())

#: Generic heads an event noun may modify and still report its event ("mediation effort",
#: "rescue operation", "aid package"); under any other head it only names a kind.
EVENT_HEADS = frozenset("effort operation campaign mission package programme program drive "
                        "bid process initiative plan deal agreement talk".split())

#: Nouns that are triggers only with a modifier: (modifier, head lemma) -> CAMEO code.
COMPOUND_NOUNS: dict[tuple[str, str], str] = {
    ("war", "game"): "062", ("joint", "exercise"): "062", ("joint", "patrol"): "062",
    ("peace", "deal"): "030", ("peace", "talk"): "046", ("hunger", "strike"): "142",
    ("car", "bomb"): "1832", ("suicide", "bombing"): "183", ("suicide", "attack"): "183",
    ("air", "raid"): "195", ("drone", "attack"): "195", ("cyber", "warfare"): "170",
    ("cyber", "attack"): "170", ("human", "shield"): "170",
}

#: Event nouns used figuratively: head lemma -> modifiers that make it no event ("trade
#: war", "legal battle", "charm offensive"); "war of words" is listed as the modifier "words".
FIGURATIVE: dict[str, frozenset[str]] = {
    "war": frozenset("trade price tariff currency culture chip tech bidding words".split()),
    "battle": frozenset("legal court political custody bidding words".split()),
    "fight": frozenset("legal court political words".split()),
    "offensive": frozenset("charm diplomatic".split()),
}

#: Noun modifiers that make "strike" an armed attack rather than a labour action.
ARMED_STRIKE_MODS = frozenset("air missile drone rocket military aerial artillery precision "
                              "retaliatory preemptive pre-emptive naval nuclear "
                              "targeted".split())
