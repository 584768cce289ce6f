"""The wider curated trigger table: news verbs and nouns for all 16 PLOVER types.

:mod:`dateline.events.lexicon` holds the hand-tuned core (visits, meetings and the verbs
whose argument reading is special). This module adds breadth: for every PLOVER type the
common news verbs and event nouns, grouped by CAMEO code (CAMEO 2.0 codebook;
CAMEO2PLOVER fixes the PLOVER event and mode), plus verb+object and verb+preposition
*phrases* whose meaning differs from the verb alone ("lay down arms", "open fire on",
"send troops"). Words here are general English; nothing is taken from an evaluation set.

Entries are ``CODE: "lemma lemma ..."``; an entry may carry an event override where the
current PLOVER manual differs from CAMEO2PLOVER (``EVENT_OVERRIDES``). The core table in
``lexicon.py`` wins when a lemma is in both.
"""

from __future__ import annotations

#: Verb lemmas by CAMEO code (dyadic reading: subject -> object / prepositional object).
VERB_CODES: dict[str, str] = {
    # AGREE
    "030": "commit guarantee consent settle ratify reconcile",
    # CONSULT
    "040": "discuss convene gather huddle",
    "045": "broker",
    # SUPPORT
    "051": "hail applaud commend laud welcome defend salute celebrate acclaim compliment "
           "champion uphold reaffirm sympathize sympathise console",
    "056": "forgive pardon",
    # COOPERATE
    "060": "collaborate coordinate partner ally team",
    "061": "trade invest",
    "063": "extradite",
    "064": "share",
    # AID
    "070": "assist help donate supply contribute rescue provide deliver distribute earmark",
    "071": "fund finance lend bankroll subsidize subsidise allocate",
    "072": "arm equip train",
    "073": "evacuate feed",
    "075": "shelter",
    # CONCEDE
    "080": "relent capitulate acquiesce accede compensate comply",
    "081": "ease relax loosen",
    # RETREAT
    "0841": "unfreeze",
    "0862": "reopen",
    "0842": "return repatriate",
    "0872": "retreat",
    "0873": "demobilize demobilise disband disarm decommission",
    "0874": "surrender",
    # REQUEST
    "100": "request demand require order summon",
    # ACCUSE
    "090": "examine scrutinize scrutinise",
    "111": "blast rebuke censure deplore decry lambaste chide scold reprimand fault "
           "complain castigate assail berate disparage ridicule mock",
    "112": "allege charge indict implicate",
    "115": "prosecute",
    # REJECT
    "120": "oppose refute dismiss rebuff spurn snub ignore decline resist repudiate renounce "
           "disavow disregard",
    "128": "violate breach flout",
    # THREATEN
    "130": "menace intimidate",
    # SANCTION
    "160": "halt cancel freeze punish penalize penalise postpone scrap",
    "161": "downgrade",
    "166": "oust",
    # PROTEST
    "141": "march picket",
    "144": "block obstruct barricade",
    "145": "vandalize vandalise deface loot",
    # MOBILIZE
    "150": "alert",
    "154": "dispatch station reinforce amass",
    # COERCE
    "170": "raid coerce pressure pressurize force hack",
    "171": "capture commandeer expropriate nationalize nationalise annex",
    "172": "outlaw prohibit forbid bar censor",
    "173": "apprehend jail imprison incarcerate intern",
    "174": "evict expatriate",
    "175": "suppress disperse quell",
    # ASSAULT
    "180": "assault injure wound maim stab lynch hijack",
    "1712": "demolish destroy raze torch burn bulldoze",
    "1821": "rape",
    "1823": "murder massacre slaughter execute behead slay",
    "190": "fight clash battle ambush storm target strike",
    "1832": "explode detonate",
    "194": "bombard",
}

#: Event overrides (CAMEO code stays for the record; the PLOVER type follows the manual).
EVENT_OVERRIDES: dict[str, tuple[str, str | None]] = {
    # lemma: (event, mode)
    "surrender": ("RETREAT", "disarm"),
    "sentence": ("SANCTION", "convict"),
    "hack": ("COERCE", "cyber"),
    "sanction": ("SANCTION", None),
    "embargo": ("SANCTION", None),
    "cancel": ("SANCTION", None),
    "sign": ("AGREE", None),  # signing an agreement is agreeing (CAMEO 057 -> AGREE)
    "summon": ("ACCUSE", None),  # summoning a diplomat is a diplomatic protest
}

#: Noun lemmas by CAMEO code. Actors: possessor, light verb subject, "by" agent; recipients:
#: "on", "against", "to", "with", "of" objects (see coder._nominal).
NOUN_CODES: dict[str, str] = {
    "030": "agreement deal accord pact pledge promise",
    "040": "discussion dialogue conference",
    "045": "mediation",
    "051": "support praise endorsement condolence",
    "054": "recognition",
    "055": "apology",
    "060": "cooperation partnership collaboration alliance",
    "062": "exercise drill maneuver manoeuvre",
    "063": "extradition",
    "070": "aid assistance help donation",
    "071": "loan funding grant",
    "073": "relief",
    "075": "asylum refuge",
    "080": "concession",
    "0841": "release amnesty",
    "0831": "resignation",
    "0872": "withdrawal pullout pullback",
    "0873": "disarmament demobilization demobilisation",
    "0874": "surrender",
    "090": "investigation probe inquiry enquiry",
    "100": "demand request",
    "111": "criticism condemnation complaint rebuke",
    "112": "accusation allegation",
    "115": "lawsuit",
    "120": "rejection refusal",
    "129": "veto",
    "130": "threat warning ultimatum",
    "160": "suspension",
    "166": "expulsion",
    "141": "rally march",
    "143": "boycott walkout",
    "145": "riot unrest",
    "150": "alert",
    "154": "deployment mobilization mobilisation buildup reinforcement",
    "170": "crackdown raid",
    "171": "seizure",
    "172": "ban",
    "1723": "curfew",
    "173": "arrest detention",
    "174": "deportation",
    "191": "blockade siege",
    "192": "occupation",
    "180": "assault violence",
    "181": "kidnapping abduction",
    "186": "assassination",
    "1822": "torture",
    "1823": "killing massacre murder execution",
    "190": "offensive fighting clash battle hostility ambush incursion war warfare",
    "193": "shooting gunfire",
    "194": "shelling bombardment",
    "1832": "bombing explosion blast",
}

#: Verb + object head / verb + preposition phrases (``"verb>noun"``, ``"verb|prep"``,
#: ``"verb~particle"``) -> CAMEO code; "-" means the phrase is no event (blocks the verb).
PHRASES: dict[str, str] = {
    "lay>arm": "0873", "lay>weapon": "0873", "hand>weapon": "0873", "give>fight": "0874",
    "open>fire": "190", "fire|at": "190", "fire|on": "190", "fire>missile": "190",
    "fire>rocket": "190", "fire>shell": "194", "fire>shot": "193", "fire>gas": "175",
    "send>troop": "154", "send>force": "154", "send>soldier": "154", "send>warship": "154",
    "deploy>troop": "154", "send>aid": "070", "send>arm": "072", "send>weapon": "072",
    "send>assistance": "070", "send>supply": "070", "send>food": "073",
    "send>medicine": "073", "send>resource": "070", "send>money": "071",
    "provide>aid": "070", "provide>assistance": "070", "provide>arm": "072",
    "provide>weapon": "072", "provide>ammunition": "072", "provide>intelligence": "064",
    "provide>support": "070", "provide>food": "073", "provide>fund": "071",
    "provide>funding": "071", "provide>loan": "071", "provide>shelter": "075",
    "give>aid": "070", "give>money": "071", "give>asylum": "075", "grant>asylum": "075",
    "grant>access": "086", "allow>access": "086", "grant>amnesty": "0841",
    "grant>pardon": "0841", "grant>loan": "071", "grant>aid": "070",
    "open>border": "0862", "open>crossing": "0862", "reopen>border": "0862",
    "lift>curfew": "081", "lift>ban": "081", "lift>restriction": "081", "lift>emergency": "081",
    "lift>law": "081", "lift>blockade": "085", "lift>siege": "085", "lift>sanction": "085",
    "lift>embargo": "085", "ease>restriction": "081", "ease>sanction": "085",
    "call~off": "080", "pull~out": "0872", "pull~back": "0872", "step~down": "0831",
    "back~down": "080", "hand~over": "0842", "set>fire": "1712", "blow~up": "1832",
    "crack~down": "175", "round~up": "173", "shoot~down": "190", "turn~down": "120",
    "cut>tie": "161", "cut>relation": "161", "sever>tie": "161", "break>tie": "161",
    "recall>ambassador": "161", "close>embassy": "161", "cut>aid": "162", "halt>aid": "162",
    "suspend>aid": "162", "cut>funding": "162", "cut>fund": "162", "reduce>supply": "162", "reduce>aid": "162", "freeze>aid": "162", 
    "impose>curfew": "1723", "impose>ban": "172",
    "impose>restriction": "172", "declare>emergency": "1724",
    "declare>ceasefire": "0871", "declare>truce": "0871", "declare>war": "138",
    "sign>agreement": "057", "sign>deal": "057", "sign>treaty": "057", "sign>accord": "057",
    "reach>agreement": "030", "reach>deal": "030", "strike>deal": "030",
    "accept>demand": "080", "accept>offer": "030", "accept>proposal": "030",
    "accept>invitation": "036", "accept>plan": "030", "accept>refugee": "075",
    "pay>compensation": "080", "hold>talk": "040", "hold>meeting": "040",
    "hold>hostage": "181", "use>shield": "170", "take>hostage": "181", "take>control": "192",
    "go|on": "-", "issue>statement": "-", "issue>ultimatum": "130",
    "file>lawsuit": "115", "file>complaint": "111", "file>suit": "115",
    "launch>investigation": "090", "open>investigation": "090", "launch>probe": "090",
    "launch>attack": "190", "launch>offensive": "190",
    "carry~out": "-",
    "deny>entry": "1242", "deny>access": "1242", "deny>visa": "1242",
    "withdraw>peacekeeper": "1661", "withdraw>observer": "1662", "withdraw>monitor": "1662",
    "withdraw>inspector": "1662", "withdraw>ambassador": "161", "withdraw>envoy": "161",
    "withdraw>recognition": "161", "withdraw>support": "160", "withdraw>aid": "162",
    "set>deadline": "130", "give>deadline": "130", "issue>warning": "130",
    "impose>sanction": "160", "impose>embargo": "160", "impose>tariff": "160",
    "freeze>asset": "160", "lift>state": "081", "lift>curb": "081", "end>restriction": "081",
    "declare>state": "1724", "ease>curfew": "081", "ease>hour": "081",
    "send>team": "070", "send>expert": "070", "send>equipment": "070", "send>drug": "073",
    "give>access": "086", "give>permission": "080", "give>authorization": "080",
    "give>approval": "080", "give>equipment": "070", "give>fund": "071",
    "provide>information": "064", "provide>evidence": "064", "share>information": "064",
    "accept>refugee": "075", "accept>people": "075", "accept>migrant": "075",
    "roll~back": "081", "cut>tariff": "081", "reduce>tariff": "081", "lower>tariff": "081",
    "strengthen>force": "154", "strengthen>troop": "154", "boost>force": "154",
    "boost>troop": "154", "increase>presence": "154", "step~up": "-",
    "stage>exercise": "062", "hold>exercise": "062", "conduct>exercise": "062",
}

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
